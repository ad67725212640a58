"""`PostgresDatabase`: reading a snapshot, the write transaction, creating and upgrading pohang's schema."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pohang_cli.errors import InputError, PermissionDeniedError, SchemaVersionError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind, LogHead
from pohang_cli.storage.documents import Document
from pohang_cli.storage.postgres import log, migrate, tables
from pohang_cli.storage.postgres.connection import SCHEMA, WRITER_LOCK, Connector, driver
from pohang_cli.storage.postgres.conninfo import hide
from pohang_cli.storage.postgres.session import PostgresSession
from pohang_cli.storage.upgrade import Upgrade

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit


class PostgresDatabase(Connector):
    """A pohang database in PostgreSQL; implements the same contract as `Database` (the file).

    Args:
        uri: `postgresql://[user[:password]@][host][:port]/dbname[?param=...]`; libpq's environment
            (PGHOST, PGUSER, PGPASSWORD, PGSERVICE, ~/.pgpass) fills in what it leaves out.
        lock_timeout: how long a writer waits for another (seconds), then "busy".
        command: the command line the audit log records (passwords already removed).
        clock: the time the audit log records.
    """

    def __init__(
        self,
        uri: str,
        *,
        lock_timeout: float = 10.0,
        command: str = "pohang",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        author: Callable[[], tuple[str | None, str | None]] = lambda: (None, None),
    ) -> None:
        super().__init__(uri, lock_timeout=lock_timeout)
        self.command = hide(command)  # already without passwords; this catches what slipped through
        self.roles_prefix: str | None = None  # `init --roles`
        self.left_for_dba: list[str] = []  # what `init` could not do for want of a privilege
        self.clock = clock
        self.author = author
        self.last_entry: audit.LogEntry | None = None

    # -- the schema's version

    def _check_version(self, conn: psycopg.Connection[Any]) -> None:
        """Refuse a database of another schema version: an older one is upgraded only by `pohang migrate`."""
        version = migrate.version(conn)
        supported = migrate.latest()
        if version is None:
            raise self.missing()
        if version < supported:
            raise self._older(conn, version)
        if version > supported:
            raise SchemaVersionError(
                _(
                    "{database} has schema version {version}, newer than this pohang understands "
                    "({supported}); upgrade pohang — the database was left untouched"
                ).format(database=self.name, version=version, supported=supported)
            )

    def _older(self, conn: psycopg.Connection[Any], version: int) -> SchemaVersionError:
        # An upgrade changes tables every user shares: its owner runs it on purpose, having seen it first.
        is_owner, owner = self._ownership(conn)
        if is_owner:
            return SchemaVersionError(
                _(
                    "{database} has schema version {version}, older than this pohang's ({supported}); upgrade it "
                    "with `pohang migrate` (`pohang migrate --dry-run` shows first what it would do)"
                ).format(database=self.name, version=version, supported=migrate.latest())
            )
        return SchemaVersionError(
            _(
                "{database} has schema version {version}, older than this pohang's ({supported}); ask the owner "
                "of its schema ({owner}) to run `pohang migrate`"
            ).format(database=self.name, version=version, supported=migrate.latest(), owner=owner)
        )

    def _ownership(self, conn: psycopg.Connection[Any]) -> tuple[bool, str]:
        """Whether this user is (a member of) the owner of pohang's schema, and the owner's name."""
        row = conn.execute(
            "SELECT pg_has_role(current_user, nspowner, 'MEMBER'), pg_get_userbyid(nspowner) "
            "FROM pg_namespace WHERE nspname = %s",
            (SCHEMA,),
        ).fetchone()
        return (True, "") if row is None else (bool(row[0]), str(row[1]))

    # -- reading

    def exists(self) -> bool:
        with self.errors(writing=False):
            conn = self.connect()
            try:
                return migrate.version(conn) is not None
            finally:
                conn.rollback()

    @contextlib.contextmanager
    def _reading(self, *, snapshot: bool = False) -> Iterator[psycopg.Connection[Any]]:
        """A read-only transaction of a database of this pohang's schema, rolled back after.

        Args:
            snapshot: every query sees the same snapshot (REPEATABLE READ), for reads of several tables.
        """
        with self.errors(writing=False):
            conn = self.connect()
            try:
                if snapshot:
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self.wait_at_most(conn)
                self._check_version(conn)
                yield conn
            finally:
                self.end(conn)

    def read(self) -> Dataset:
        """Every record, read in one snapshot (REPEATABLE READ)."""
        with self._reading(snapshot=True) as conn:
            return tables.read_all(conn)

    def read_tables(self) -> tuple[dict[str, dict[str, Document]], int, LogHead]:
        """The records as the file's raw tables (what `pohang doctor` examines), the version and the log head."""
        from pohang_cli.storage.documents import RECORDS_VERSION

        with self._reading(snapshot=True) as conn:
            meta = {"schema_version": RECORDS_VERSION, "next_milestone_id": tables.next_milestone_id(conn)}
            raw: dict[str, dict[str, Document]] = {"_meta": {"1": meta}}
            for kind in Kind:
                docs = tables.documents(conn, kind)
                raw[kind.value] = {str(n): doc for n, doc in enumerate(docs.values(), start=1)}
            return raw, RECORDS_VERSION, log.head(conn)

    def documents_of(self, kind: Kind) -> list[Document]:
        """One kind's stored documents, in one query of one snapshot (what shell completion offers)."""
        with self._reading() as conn:
            return list(tables.documents(conn, kind).values())

    def log_head(self) -> LogHead:
        """The newest entry of the log: one row read, not the records."""
        head: LogHead = self.inspect(log.head)
        return head

    def missing_log_entry(self) -> tuple[int, str] | None:
        """The newest change whose entry was deleted from the log behind the database's back, and the log's name."""
        from pohang_cli.audit import take

        view = take(self.history())
        if view.complete:
            return None
        with self.errors(writing=False):
            conn = self.connect()
            try:
                newest = log.head(conn).seq
            finally:
                conn.rollback()
        return (view.entries[-1].seq - 1 if view.entries else newest), self.log_name

    # -- the audit log

    def history(self) -> Iterator[audit.LogEntry | None]:
        """Applied entries, newest first."""
        with self._reading() as conn:
            entries = list(log.entries(conn))
        return iter(entries)

    def head_hash(self) -> str | None:
        """The hash of the newest entry of the log (`pohang log` prints it; a report and a site show it)."""
        with self._reading() as conn:
            row = conn.execute(f"SELECT hash FROM {SCHEMA}.log ORDER BY seq DESC LIMIT 1").fetchone()
            return None if row is None else str(row[0])

    def append_log(
        self, conn: psycopg.Connection[Any], changes: Sequence[audit.ChangeDoc], undoes: int | None
    ) -> audit.LogEntry | None:
        """Have the database log this transaction's changes now, as this command (it would at COMMIT).

        The changes are those the database saw, not `changes`: its triggers record what was written.
        """
        from pohang_cli import audit

        entry_id = audit.requested_entry.get() or uuid.uuid4().hex
        log.declare(conn, command=self.command, undoes=undoes, entry_id=entry_id)
        entry = log.make_entry(conn, entry_id)
        self.last_entry = entry
        return entry

    # -- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresSession]:
        """One write transaction: the writers' lock, then rows read on demand and written by `write`."""
        with self.errors(writing=True):
            conn = self.connect()
            try:
                self._begin_write(conn)
                session = PostgresSession(self, conn)
                yield session
                self.commit(conn)
            finally:
                self.end(conn)

    def undo_transaction(self) -> contextlib.AbstractContextManager[PostgresSession]:
        return self.transaction()

    def check_may_write(self) -> None:
        """Refuse a reader before anything is shown or asked (`pohang undo`)."""
        with self.errors(writing=True):
            conn = self.connect()
            try:
                if migrate.version(conn) is None:
                    raise self.missing()
                self._check_privilege(conn)
            finally:
                conn.rollback()

    def _check_privilege(self, conn: psycopg.Connection[Any]) -> None:
        # Changing records is what every write does; a reader may not (nobody but the database writes the log).
        row = conn.execute("SELECT has_table_privilege(%s, 'INSERT')", (f"{SCHEMA}.observations",)).fetchone()
        if not row or not row[0]:
            raise driver().errors.InsufficientPrivilege("no INSERT on the records")

    def _begin_write(self, conn: psycopg.Connection[Any]) -> None:
        self._check_version(conn)
        self._check_privilege(conn)
        self.wait_at_most(conn)
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))

    # -- a whole database with its history (`export --with-log`, `import --with-log`)

    def read_with_log(self) -> tuple[Dataset, list[audit.LogEntry], bool]:
        """The records, every entry of their history (oldest first, changes read) and whether it starts at the creation.

        Raises:
            DatabaseCorruptError: the log lacks entries (`pohang doctor` names them).
        """
        from pohang_cli.errors import DatabaseCorruptError
        from pohang_cli.storage.files import encode_line

        with self._reading(snapshot=True) as conn:
            data = tables.read_all(conn)
            found = list(log.entries(conn))
            if None in found:
                raise DatabaseCorruptError(
                    _(
                        "the audit log {log_name} lacks entries; export --with-log carries the whole history "
                        "(`pohang doctor` names what is missing, `pohang export` the records alone)"
                    ).format(log_name=self.log_name)
                )
            entries = [entry for entry in reversed(found) if entry is not None]
            for entry in entries:
                entry.stored_changes(encode_line)  # in this snapshot
            return data, entries, log.head(conn).from_start

    def restore(self, dataset: Dataset, entries: Sequence[audit.LogEntry], from_start: bool) -> None:
        """Create pohang's schema holding `dataset`, its log holding `entries` exactly (`import --with-log`).

        The triggers leave this transaction's writes unlogged (only the schema's owner may ask that, and the
        one who creates the schema owns it): the entries restored are the history.

        Raises:
            InputError: the database already holds a pohang schema (nothing is replaced).
        """
        from pohang_cli.storage.files import encode_line

        with self.errors(writing=True):
            conn = self.connect()
            try:
                if migrate.version(conn) is not None:
                    raise InputError(
                        _(
                            "{database} already holds a pohang database; import --with-log creates a new one with "
                            "its history — give a database without pohang's schema"
                        ).format(database=self.name)
                    )
                self.left_for_dba = migrate.migrate(conn, 0, roles=self.roles_prefix)
                conn.execute("SELECT set_config('pohang.restoring', 'on', true)")
                tables.replace_all(conn, dataset)
                log.restore(conn, entries, encode_line, from_start)
                self.commit(conn)
            finally:
                self.end(conn)

    # -- the owner's work

    def check_owner(self, conn: psycopg.Connection[Any], command: str) -> None:
        """Refuse a destructive command to anyone but the owner of pohang's schema (an editor may not)."""
        is_owner, owner = self._ownership(conn)
        if not is_owner:
            raise PermissionDeniedError(
                _(
                    "permission denied: only the owner of pohang's schema in this database ({owner}) may run "
                    "`pohang {command}`"
                ).format(owner=owner, command=command)
            )

    def as_owner(self, command: str, work: Callable[[psycopg.Connection[Any]], Any]) -> Any:
        """Run `work` in one transaction as the schema's owner (`pohang roles`), under the writers' lock."""
        with self.errors(writing=True):
            conn = self.connect()
            try:
                self._check_version(conn)
                self.check_owner(conn, command)
                self.wait_at_most(conn)
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                result = work(conn)
                self.commit(conn)
                return result
            finally:
                self.end(conn)

    def inspect(self, work: Callable[[psycopg.Connection[Any]], Any]) -> Any:
        """Run `work` in a read-only transaction (`pohang roles`, `roles sql`)."""
        with self._reading() as conn:
            return work(conn)

    # -- upgrading

    def upgrade(self, *, dry_run: bool = False) -> Upgrade:
        """Bring the schema up to this pohang's in one transaction, as its owner (`pohang migrate`).

        With `dry_run`, only say what it would run, to anyone who may read the database.

        Raises:
            DatabaseMissingError: no pohang schema here; SchemaVersionError: a newer one;
            PermissionDeniedError: not the owner (and not a dry run); DatabaseBusyError: a writer or a
            reader held the tables past the lock timeout.
        """
        with self.errors(writing=not dry_run):
            conn = self.connect()
            try:
                self.wait_at_most(conn)
                if not dry_run:
                    # Writers wait for the upgrade, and an upgrade started meanwhile is seen below.
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                version = migrate.version(conn)
                if version is None:
                    raise self.missing()
                if version > migrate.latest():
                    self._check_version(conn)
                is_owner, owner = self._ownership(conn)
                planned = migrate.plan(conn, version, user=None if is_owner else owner)
                done = Upgrade(
                    self.name,
                    version,
                    migrate.latest(),
                    owner,
                    self._script(planned),
                    moves=planned.roles.moves,
                    left_for_dba=planned.roles.left,
                )
                if dry_run or done.current:
                    return done
                self.check_owner(conn, "migrate")
                migrate.run(conn, planned)
                self.commit(conn)
                return done
            finally:
                self.end(conn)

    def _script(self, planned: migrate.Plan) -> tuple[str, ...]:
        """The upgrade as an SQL script with a heading before each part (what `migrate --dry-run` prints)."""
        if planned.version >= migrate.latest():
            return ()
        lines = [
            "-- "
            + _("pohang migrate: {database} from schema version {version} to {latest}, in one transaction").format(
                database=self.name, version=planned.version, latest=migrate.latest()
            ),
            "BEGIN;",
        ]
        for migration in planned.files:
            lines += ["", f"-- {migration.name}", migration.sql.rstrip()]
        lines += ["", "-- " + _("the schema version"), migrate.version_statement()]
        if planned.roles.run:
            lines += ["", "-- " + _("this database's roles and their privileges")]
            if planned.roles.moves:
                lines += ["-- " + _("members of the cluster-wide roles of earlier versions move to this database's:")]
                lines += [f"--   {member}: {old} → {new}" for member, old, new in planned.roles.moves]
            lines += planned.roles.run
        if planned.roles.left:
            left = _("left for the DBA (the schema's owner lacks CREATEROLE or the roles' ADMIN OPTION):")
            lines += ["", f"-- {left}"]
            lines += [f"-- {statement}" for statement in planned.roles.left]
        lines += ["COMMIT;"]
        return tuple(lines)

    # -- creating

    def create(self, dataset: Dataset, *, overwrite: bool = False) -> None:
        """Create pohang's schema (tables, roles, grants) holding `dataset`, or with `overwrite` replace the records.

        Never creates the database itself. Replacing keeps the audit log and logs the replacement as one
        change, so `pohang undo` brings the old records back.
        """
        with self.errors(writing=True):
            conn = self.connect()
            try:
                version = migrate.version(conn)
                if version is not None and not overwrite:
                    raise InputError(
                        _(
                            "{database} already holds a pohang database; add --force to replace its records "
                            "(the replacement is logged: `pohang undo` brings them back)"
                        ).format(database=self.name)
                    )
                if version is not None:
                    self._check_privilege(conn)  # a reader hears that first
                    self.check_owner(conn, "init --force")
                if version is None:
                    try:
                        self.left_for_dba = migrate.migrate(conn, 0, roles=self.roles_prefix)
                    except driver().errors.InsufficientPrivilege:
                        conn.rollback()
                        user, (_host, _port, dbname) = self.user(), self.where()
                        raise PermissionDeniedError(
                            _(
                                "permission denied: {user} may not create pohang's schema in database "
                                "'{database}'; its owner can run `GRANT CREATE ON DATABASE \"{database}\" TO {user};`"
                            ).format(user=user, database=dbname)
                        ) from None
                    old: Dataset | None = None
                else:
                    self._begin_write(conn)  # an older schema is refused: `pohang migrate` first
                    old = tables.read_all(conn)
                if old is None:
                    # The log holds this database's every change from here: the doctor names a record no entry
                    # added (`unlogged-change`).
                    conn.execute(f"UPDATE {SCHEMA}.log_head SET from_start = true")
                tables.replace_all(conn, dataset)
                self.append_log(conn, (), None)
                self.commit(conn)
            finally:
                self.end(conn)
