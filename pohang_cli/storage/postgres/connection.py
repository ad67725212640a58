"""Connecting to PostgreSQL: the driver, the connection of a command, and the server's refusals as pohang's errors.

psycopg is imported here (and by the modules of this package), never at the top of a module a file user
loads: `pohang status` on a file does not pay for it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pohang_cli.errors import (
    DatabaseBusyError,
    DatabaseError,
    DatabaseMissingError,
    InputError,
    OutcomeUnknownError,
    PermissionDeniedError,
    TransactionConflictError,
)
from pohang_cli.i18n import _
from pohang_cli.storage.postgres import conninfo

if TYPE_CHECKING:
    import psycopg

SCHEMA = "pohang"
READER_ROLE = "pohang_reader"
EDITOR_ROLE = "pohang_editor"
INSTALL_HINT = "pip install 'pohang-cli[postgres]'"
# Any pohang writer on the same database waits for this one lock (pg_advisory_xact_lock's key).
WRITER_LOCK = 0x706F68616E67  # "pohang"


def driver() -> Any:
    """The psycopg module, or the sentence saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(
            _("a PostgreSQL database needs the postgres extra, which is not installed; run: {command}").format(
                command=INSTALL_HINT
            )
        ) from None
    return psycopg


def os_user() -> str:
    """The operating-system user, libpq's default database user."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "postgres"


def reason(exc: BaseException) -> str:
    """The part of a libpq or server message that says what went wrong, on one line, without any secret."""
    text = conninfo.hide(str(exc).strip())
    for marker in ("FATAL:", "ERROR:", "failed:"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = " ".join(text.split())
    return text.rstrip(".") or type(exc).__name__


class Connector:
    """The connection of one command to one database (opened on first use), and its errors as pohang's.

    Args:
        uri: `postgresql://[user[:password]@][host][:port]/dbname[?param=...]` or a libpq keyword string
            (`host=… dbname=…`); libpq's environment (PGHOST, PGUSER, PGPASSWORD, PGSERVICE, ~/.pgpass)
            fills in what it leaves out.
        lock_timeout: how long a writer waits for another (seconds), then "busy".

    Raises:
        DatabaseError: psycopg is not installed (exit 4, with the pip command).
        InputError: libpq cannot read `uri` (exit 2).
    """

    def __init__(self, uri: str, *, lock_timeout: float) -> None:
        driver()
        # Parsed once, as libpq does; the text as typed is not kept.
        self.info = conninfo.parse(uri)
        self.lock_timeout = lock_timeout
        self._connection: psycopg.Connection[Any] | None = None

    # -- names

    @property
    def name(self) -> str:
        """The database as pohang names it: rebuilt from libpq's parse, without a password."""
        return self.info.shown

    @property
    def carries_password(self) -> bool:
        """Whether the connection string itself holds a password (visible in the process list)."""
        return self.info.has_password

    @property
    def report_name(self) -> str:
        return self.name

    @property
    def log_name(self) -> str:
        return f"table {SCHEMA}.log of {self.name}"

    def where(self) -> tuple[str, str, str]:
        """The host, port and database name the URI and libpq's environment resolve to."""
        info = self.info.params
        host = str(info.get("host") or os.environ.get("PGHOST") or "localhost")
        port = str(info.get("port") or os.environ.get("PGPORT") or "5432")
        user = str(info.get("user") or os.environ.get("PGUSER") or os_user())
        dbname = str(info.get("dbname") or os.environ.get("PGDATABASE") or user)
        return host, port, dbname

    # -- the connection

    def connect(self) -> psycopg.Connection[Any]:
        """The connection of this command (one per process), opened on first use."""
        if self._connection is not None:
            return self._connection
        psycopg = driver()
        host, port, dbname = self.where()
        options: dict[str, Any] = {"autocommit": False}
        given = self.info.params
        if "connect_timeout" not in given and not os.environ.get("PGCONNECT_TIMEOUT"):
            options["connect_timeout"] = 10
        if "application_name" not in given and not os.environ.get("PGAPPNAME"):
            options["application_name"] = "pohang"
        try:
            self._connection = psycopg.connect(self.info.text, **options)
        except psycopg.ProgrammingError as exc:
            raise InputError(
                _("invalid PostgreSQL connection string {database}: {reason}").format(
                    database=self.name, reason=conninfo.parse_reason(exc)
                )
            ) from None
        except psycopg.OperationalError as exc:
            raise DatabaseError(
                _("cannot connect to PostgreSQL database '{database}' on host {host}, port {port}: {reason}").format(
                    database=dbname, host=host, port=port, reason=reason(exc)
                )
            ) from None
        return self._connection

    def commit(self, conn: psycopg.Connection[Any]) -> None:
        """COMMIT; a connection lost once it was sent leaves the outcome unknown (exit 5), never "nothing written"."""
        psycopg = driver()
        try:
            conn.commit()
        except psycopg.OperationalError as exc:
            raise OutcomeUnknownError(
                _(
                    "lost the connection to {database} after sending COMMIT ({reason}): unknown whether it was "
                    "written; check with `pohang log`"
                ).format(database=self.name, reason=reason(exc))
            ) from None

    def end(self, conn: psycopg.Connection[Any]) -> None:
        """Roll back what is still open; a lost connection has nothing left to roll back."""
        if not conn.closed and not conn.broken:
            conn.rollback()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # -- errors

    @contextlib.contextmanager
    def errors(self, *, writing: bool) -> Iterator[None]:
        """Turn what PostgreSQL refuses into pohang's errors (one sentence, exit 4)."""
        psycopg = driver()
        errors = psycopg.errors
        try:
            yield
        except errors.InsufficientPrivilege:
            raise self.refused(writing) from None
        except errors.UndefinedTable:
            raise self.missing() from None
        except errors.InvalidSchemaName:
            raise self.missing() from None
        except errors.LockNotAvailable:
            raise self.busy(writing) from None
        except (errors.SerializationFailure, errors.DeadlockDetected):
            raise TransactionConflictError(
                _(
                    "another session changed the same records of {database} at the same time; nothing was written"
                ).format(database=self.name)
            ) from None
        except (errors.IntegrityError, errors.CheckViolation, errors.DataError) as exc:
            raise InputError(
                _("PostgreSQL refused the change: {reason}; nothing was written").format(reason=reason(exc))
            ) from None
        except psycopg.OperationalError as exc:
            host, port, dbname = self.where()
            raise DatabaseError(
                _(
                    "lost the connection to PostgreSQL database '{database}' on host {host}, port {port}: "
                    "{reason}; nothing was written"
                ).format(database=dbname, host=host, port=port, reason=reason(exc))
            ) from None

    def wait_at_most(self, conn: psycopg.Connection[Any]) -> None:
        """Wait behind another session's lock no longer than POHANG_LOCK_TIMEOUT, in this transaction."""
        conn.execute(f"SET LOCAL lock_timeout = {max(1, round(self.lock_timeout * 1000))}")

    def busy(self, writing: bool) -> DatabaseBusyError:
        """Waited past the lock timeout: named after whoever holds pohang's lock or its tables, if not pohang."""
        others = self._lock_holders()
        done = _("nothing was written") if writing else _("nothing was read")
        seconds = f"{self.lock_timeout:g}"
        strangers = [(app, user) for app, user in others if app != "pohang"]
        if strangers:
            who = ", ".join(
                _("{application} (user {user})").format(application=app or _("a client without a name"), user=user)
                for app, user in strangers
            )
            return DatabaseBusyError(
                _(
                    "database busy: {who} has held a lock on {database} for more than {seconds} s; {done} — ask "
                    "them to end their transaction, or raise POHANG_LOCK_TIMEOUT"
                ).format(who=who, database=self.name, seconds=seconds, done=done)
            )
        return DatabaseBusyError(
            _(
                "database busy: another pohang process has been writing to {database} for more than "
                "{seconds} s; {done} — try again, or raise POHANG_LOCK_TIMEOUT"
            ).format(database=self.name, seconds=seconds, done=done)
        )

    def _lock_holders(self) -> list[tuple[str, str]]:
        """The application and user of each other session holding pohang's writer lock or a lock on its tables."""
        psycopg = driver()
        try:
            conn = self.connect()
            if not conn.broken:
                conn.rollback()
            rows = conn.execute(
                "SELECT DISTINCT a.application_name, a.usename FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.granted AND l.pid <> pg_backend_pid() AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()) AND ("
                "(l.locktype = 'advisory' AND l.classid = %s AND l.objid = %s AND l.objsubid = 1) OR "
                "(l.locktype = 'relation' AND l.relation IN "
                f"(SELECT oid FROM pg_class WHERE relnamespace = '{SCHEMA}'::regnamespace) "
                "AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock', "
                "'RowExclusiveLock'))) ORDER BY 1, 2",
                (WRITER_LOCK >> 32, WRITER_LOCK & 0xFFFFFFFF),
            ).fetchall()
            conn.rollback()
        except psycopg.Error:
            return []
        return [(str(app or ""), str(user or "")) for app, user in rows]

    def user(self) -> str:
        """The database's name for whoever connected (session_user)."""
        row = self.connect().execute("SELECT session_user").fetchone()
        return str(row[0]) if row else "this user"

    def refused(self, writing: bool) -> PermissionDeniedError:
        """The sentence for a refused privilege: a reader's write, or no right to read at all."""
        with contextlib.suppress(Exception):
            self.connect().rollback()
        user = self.user()
        if writing and self._may_read():
            return PermissionDeniedError(
                _("permission denied: {user} may read this database but not change it").format(user=user)
            )
        return PermissionDeniedError(
            _(
                "permission denied: {user} may not read this database; its administrator can run "
                "`pohang roles grant {user} reader`"
            ).format(user=user)
        )

    def _may_read(self) -> bool:
        conn = self.connect()
        try:
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND has_table_privilege(%s, 'SELECT')",
                (f"{SCHEMA}.observations", f"{SCHEMA}.observations"),
            ).fetchone()
        except driver().Error:
            row = None
        conn.rollback()
        return bool(row and row[0])

    def missing(self) -> DatabaseMissingError:
        """The database holds no pohang schema."""
        return DatabaseMissingError(
            _(
                "{database} holds no pohang database (no schema '{schema}') — create one with "
                "`pohang init --db {database}`"
            ).format(database=self.name, schema=SCHEMA)
        )
