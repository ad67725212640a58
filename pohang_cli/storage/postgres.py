"""A database a department shares: pohang's records in PostgreSQL, schema `pohang`, one transaction per command.

The layout is relational: one table per kind of record whose primary key is the record's public id,
foreign keys from indicators to sectors, from targets and observations to indicators, from milestones
to sectors, CHECK constraints for the closed vocabularies and the forms of stored dates. Columns are in
the order of the stored documents (documents.py), so a row is a document and `export` gives the same
bytes as from a file holding the same records. Text that must keep its exact bytes (target revisions,
the documents of the audit log) is `json`, not `jsonb`, which would rewrite `14000000000000.0`.

Writers take one advisory lock per database (waiting at most POHANG_LOCK_TIMEOUT, then "busy"), so the
history of the log is a line, as with the file; they read only the rows they validate against and write
only the rows they change. Serialisation failures (a conflicting session outside pohang) are retried by
the service (`writing.retried`).

psycopg lives here and only here: file users never import it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

from pohang_cli.errors import (
    DatabaseBusyError,
    DatabaseError,
    DatabaseMissingError,
    InputError,
    PermissionDeniedError,
    SchemaVersionError,
    TransactionConflictError,
)
from pohang_cli.i18n import _
from pohang_cli.models import (
    Change,
    Dataset,
    Direction,
    IndicatorKind,
    Kind,
    LogHead,
    MilestoneStatus,
    Model,
    Observation,
)
from pohang_cli.storage.documents import (
    CODECS,
    RECORDS_VERSION,
    Document,
    _date,
    _observation_revision_from_doc,
    record_to_doc,
)
from pohang_cli.storage.files import decode_json
from pohang_cli.storage.tables import LazyTable
from pohang_cli.storage.uri import redact, redact_words

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit

SCHEMA = "pohang"
READER_ROLE = "pohang_reader"
EDITOR_ROLE = "pohang_editor"
INSTALL_HINT = "pip install 'pohang-cli[postgres]'"
# Any pohang writer on the same database waits for this one lock (pg_advisory_xact_lock's key).
_WRITER_LOCK = 0x706F68616E67  # "pohang"

# ---------------------------------------------------------------------------------------------------
# The schema

_DATE = r"'^[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}(-[0-9]{2})?))?$'"


def _one_of(column: str, values: Any) -> str:
    listed = ", ".join(f"'{v.value}'" for v in values)
    return f"CHECK ({column} IN ({listed}))"


# Version 1, as one list of statements run in one transaction. Later versions append their own lists.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        f"CREATE SCHEMA {SCHEMA}",
        f"""CREATE TABLE {SCHEMA}.schema_version (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            version integer NOT NULL CHECK (version > 0))""",
        f"""CREATE TABLE {SCHEMA}.sectors (
            id text COLLATE "C" PRIMARY KEY,
            name_ko text NOT NULL,
            name_en text NOT NULL,
            "order" integer NOT NULL DEFAULT 0,
            source text,
            note text)""",
        f"""CREATE TABLE {SCHEMA}.indicators (
            id text COLLATE "C" PRIMARY KEY,
            sector text COLLATE "C" NOT NULL REFERENCES {SCHEMA}.sectors DEFERRABLE INITIALLY DEFERRED,
            name_ko text NOT NULL,
            name_en text NOT NULL,
            unit text NOT NULL,
            baseline double precision,
            baseline_date text CHECK (baseline_date ~ {_DATE}),
            direction text NOT NULL {_one_of("direction", Direction)},
            kind text NOT NULL {_one_of("kind", IndicatorKind)},
            model text NOT NULL {_one_of("model", Model)},
            basis text,
            source text,
            note text)""",
        f"""CREATE TABLE {SCHEMA}.targets (
            id text COLLATE "C" PRIMARY KEY,
            indicator text COLLATE "C" NOT NULL REFERENCES {SCHEMA}.indicators DEFERRABLE INITIALLY DEFERRED,
            value double precision NOT NULL,
            deadline text NOT NULL CHECK (deadline ~ {_DATE}),
            source text,
            note text,
            revisions json NOT NULL DEFAULT '[]',
            supersedes text COLLATE "C" REFERENCES {SCHEMA}.targets DEFERRABLE INITIALLY DEFERRED,
            superseded_by text COLLATE "C" REFERENCES {SCHEMA}.targets DEFERRABLE INITIALLY DEFERRED)""",
        f"""CREATE TABLE {SCHEMA}.observations (
            id text COLLATE "C" PRIMARY KEY,
            indicator text COLLATE "C" NOT NULL REFERENCES {SCHEMA}.indicators DEFERRABLE INITIALLY DEFERRED,
            date text NOT NULL CHECK (date ~ {_DATE}),
            value double precision NOT NULL,
            source text,
            note text,
            provisional boolean NOT NULL DEFAULT false)""",
        f"CREATE INDEX observations_indicator ON {SCHEMA}.observations (indicator)",
        f"CREATE SEQUENCE {SCHEMA}.milestone_ids AS integer",
        f"""CREATE TABLE {SCHEMA}.milestones (
            id integer PRIMARY KEY CHECK (id > 0),
            sector text COLLATE "C" NOT NULL REFERENCES {SCHEMA}.sectors DEFERRABLE INITIALLY DEFERRED,
            title text NOT NULL,
            title_en text,
            status text NOT NULL {_one_of("status", MilestoneStatus)},
            date text CHECK (date ~ {_DATE}),
            due text CHECK (due ~ {_DATE}),
            original_due text CHECK (original_due ~ {_DATE}),
            source text,
            note text)""",
        # The audit log: editors may append (INSERT) but never change it.
        f"""CREATE TABLE {SCHEMA}.log (
            seq integer PRIMARY KEY CHECK (seq > 0),
            id text NOT NULL UNIQUE,
            parent text,
            time text,
            db_user text NOT NULL DEFAULT session_user,
            host text,
            command text NOT NULL,
            summary text NOT NULL,
            undoes integer,
            records integer NOT NULL,
            changes json NOT NULL)""",
    ],
    # Observation vintages: the date a value was reported, and the earlier values later reports replaced.
    2: [
        f"ALTER TABLE {SCHEMA}.observations ADD COLUMN reported text CHECK (reported ~ {_DATE})",
        f"ALTER TABLE {SCHEMA}.observations ADD COLUMN revisions json NOT NULL DEFAULT '[]'",
    ],
}

_RECORD_TABLES = {kind: f"{SCHEMA}.{kind.value}" for kind in Kind}

# The columns of each table, in the order of its stored document (documents.py).
COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.SECTORS: ("id", "name_ko", "name_en", "order", "source", "note"),
    Kind.INDICATORS: (
        "id",
        "sector",
        "name_ko",
        "name_en",
        "unit",
        "baseline",
        "baseline_date",
        "direction",
        "kind",
        "model",
        "basis",
        "source",
        "note",
    ),
    Kind.TARGETS: (
        "id",
        "indicator",
        "value",
        "deadline",
        "source",
        "note",
        "revisions",
        "supersedes",
        "superseded_by",
    ),
    Kind.OBSERVATIONS: (
        "id",
        "indicator",
        "date",
        "value",
        "source",
        "note",
        "provisional",
        "reported",
        "revisions",
    ),
    Kind.MILESTONES: ("id", "sector", "title", "title_en", "status", "date", "due", "original_due", "source", "note"),
}
_JSON_COLUMNS = {"revisions"}


def _column_list(kind: Kind) -> str:
    return ", ".join(f'"{c}"' for c in COLUMNS[kind])


def _select(kind: Kind) -> str:
    # revisions::text: read as the exact text stored, parsed by orjson (floats stay floats).
    columns = ", ".join(f'"{c}"::text' if c in _JSON_COLUMNS else f'"{c}"' for c in COLUMNS[kind])
    return f"SELECT {columns} FROM {_RECORD_TABLES[kind]}"


_HAS_REVISIONS = {Kind.TARGETS, Kind.OBSERVATIONS}


def _json_list(text: str) -> list[Any]:
    # Most records have no revisions: spare 100,000 parses of "[]".
    return [] if text == "[]" else list(decode_json(text))


def _to_doc(kind: Kind, row: Sequence[Any]) -> Document:
    doc = dict(zip(COLUMNS[kind], row, strict=True))
    if kind in _HAS_REVISIONS:
        doc["revisions"] = _json_list(doc["revisions"])
    return doc


def _row_values(kind: Kind, doc: Mapping[str, Any]) -> list[Any]:
    values = [doc.get(column) for column in COLUMNS[kind]]
    if kind in _HAS_REVISIONS:
        index = COLUMNS[kind].index("revisions")
        values[index] = orjson.dumps(values[index] or []).decode()
    return values


# ---------------------------------------------------------------------------------------------------
# Connecting


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(
            _("a PostgreSQL database needs the postgres extra, which is not installed; run: {command}").format(
                command=INSTALL_HINT
            )
        ) from None
    return psycopg


class PostgresDatabase:
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
        self.uri = uri
        self.lock_timeout = lock_timeout
        self.command = redact_words(command)
        self.clock = clock
        self.author = author
        self._connection: psycopg.Connection[Any] | None = None
        self.last_entry: audit.LogEntry | None = None

    # -- names

    @property
    def name(self) -> str:
        """The URI without its password."""
        return redact(self.uri)

    @property
    def report_name(self) -> str:
        return self.name

    @property
    def log_name(self) -> str:
        return f"table {SCHEMA}.log of {self.name}"

    def _where(self) -> tuple[str, str, str]:
        psycopg = _psycopg()
        try:
            info = psycopg.conninfo.conninfo_to_dict(self.uri)
        except psycopg.ProgrammingError:
            info = {}
        host = str(info.get("host") or os.environ.get("PGHOST") or "localhost")
        port = str(info.get("port") or os.environ.get("PGPORT") or "5432")
        user = str(info.get("user") or os.environ.get("PGUSER") or _os_user())
        dbname = str(info.get("dbname") or os.environ.get("PGDATABASE") or user)
        return host, port, dbname

    # -- connection and errors

    def connect(self) -> psycopg.Connection[Any]:
        """The connection of this command (one per process), opened on first use."""
        if self._connection is not None:
            return self._connection
        psycopg = _psycopg()
        host, port, dbname = self._where()
        options: dict[str, Any] = {"autocommit": False}
        if "connect_timeout" not in self.uri and not os.environ.get("PGCONNECT_TIMEOUT"):
            options["connect_timeout"] = 10
        if "application_name" not in self.uri and not os.environ.get("PGAPPNAME"):
            options["application_name"] = "pohang"
        try:
            self._connection = psycopg.connect(self.uri, **options)
        except psycopg.ProgrammingError as exc:
            raise InputError(
                _("invalid PostgreSQL URI {database}: {reason}").format(database=self.name, reason=_reason(exc))
            ) from None
        except psycopg.OperationalError as exc:
            raise DatabaseError(
                _("cannot connect to PostgreSQL database '{database}' on host {host}, port {port}: {reason}").format(
                    database=dbname, host=host, port=port, reason=_reason(exc)
                )
            ) from None
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextlib.contextmanager
    def _errors(self, *, writing: bool) -> Iterator[None]:
        """Turn what PostgreSQL refuses into pohang's errors (one sentence, exit 4)."""
        psycopg = _psycopg()
        errors = psycopg.errors
        try:
            yield
        except errors.InsufficientPrivilege:
            raise self._refused(writing) from None
        except errors.UndefinedTable:
            raise self._missing() from None
        except errors.InvalidSchemaName:
            raise self._missing() from None
        except errors.LockNotAvailable:
            raise DatabaseBusyError(
                _(
                    "database busy: another pohang process has been writing to {database} for more than "
                    "{seconds} s; nothing was written — try again, or raise POHANG_LOCK_TIMEOUT"
                ).format(database=self.name, seconds=f"{self.lock_timeout:g}")
            ) from None
        except (errors.SerializationFailure, errors.DeadlockDetected):
            raise TransactionConflictError(
                _(
                    "another session changed the same records of {database} at the same time; nothing was written"
                ).format(database=self.name)
            ) from None
        except (errors.IntegrityError, errors.CheckViolation) as exc:
            raise InputError(
                _("PostgreSQL refused the change: {reason}; nothing was written").format(reason=_reason(exc))
            ) from None
        except psycopg.OperationalError as exc:
            host, port, dbname = self._where()
            raise DatabaseError(
                _(
                    "lost the connection to PostgreSQL database '{database}' on host {host}, port {port}: "
                    "{reason}; nothing was written"
                ).format(database=dbname, host=host, port=port, reason=_reason(exc))
            ) from None

    def _user(self) -> str:
        row = self.connect().execute("SELECT session_user").fetchone()
        return str(row[0]) if row else "this user"

    def _refused(self, writing: bool) -> PermissionDeniedError:
        with contextlib.suppress(Exception):
            self.connect().rollback()
        user = self._user()
        if writing and self._may_read():
            return PermissionDeniedError(
                _("permission denied: {user} may read this database but not change it").format(user=user)
            )
        return PermissionDeniedError(
            _(
                "permission denied: {user} may not read this database; its administrator can run "
                "`GRANT {role} TO {user};`"
            ).format(user=user, role=READER_ROLE)
        )

    def _may_read(self) -> bool:
        conn = self.connect()
        try:
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND has_table_privilege(%s, 'SELECT')",
                (f"{SCHEMA}.observations", f"{SCHEMA}.observations"),
            ).fetchone()
        except _psycopg().Error:
            row = None
        conn.rollback()
        return bool(row and row[0])

    def _missing(self) -> DatabaseMissingError:
        return DatabaseMissingError(
            _(
                "{database} holds no pohang database (no schema '{schema}') — create one with "
                "`pohang init --db {database}`"
            ).format(database=self.name, schema=SCHEMA)
        )

    # -- reading

    def _version(self, conn: psycopg.Connection[Any]) -> int | None:
        row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)).fetchone()
        if not row or not row[0]:
            return None
        found = conn.execute(f"SELECT version FROM {SCHEMA}.schema_version").fetchone()
        return int(found[0]) if found else None

    def _check_version(self, conn: psycopg.Connection[Any], *, upgrade: bool = False) -> None:
        version = self._version(conn)
        if version is None:
            raise self._missing()
        if version < RECORDS_VERSION:
            if not upgrade:
                raise SchemaVersionError(
                    _(
                        "{database} has schema version {version}, older than this pohang's ({supported}); "
                        "the next write by its owner upgrades it, e.g. `pohang init --force --db {database}` "
                        "after `pohang export`"
                    ).format(database=self.name, version=version, supported=RECORDS_VERSION)
                )
            # Inside the write's transaction: the upgrade and the write are one, or neither happens.
            self._migrate(conn, version)
            return
        if version > RECORDS_VERSION:
            raise SchemaVersionError(
                _(
                    "{database} has schema version {version}, newer than this pohang understands "
                    "({supported}); upgrade pohang — the database was left untouched"
                ).format(database=self.name, version=version, supported=RECORDS_VERSION)
            )

    def _upgrade_if_older(self, conn: psycopg.Connection[Any]) -> None:
        """Bring an older schema up to this pohang's, in a transaction of its own, where this user may.

        A file is migrated in memory on every read; a database is upgraded once, by the first command of a
        user who may alter its tables (its owner). Others get SchemaVersionError from `_check_version`.
        """
        version = self._version(conn)
        if version is None or version >= RECORDS_VERSION:
            conn.rollback()
            return
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))
            if self._version(conn) == version:
                self._migrate(conn, version)
            conn.commit()
        except _psycopg().errors.InsufficientPrivilege:
            conn.rollback()

    def exists(self) -> bool:
        with self._errors(writing=False):
            conn = self.connect()
            try:
                return self._version(conn) is not None
            finally:
                conn.rollback()

    def read(self) -> Dataset:
        """Every record, read in one snapshot (REPEATABLE READ)."""
        with self._errors(writing=False):
            conn = self.connect()
            try:
                self._upgrade_if_older(conn)
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self._check_version(conn)
                return self._read_all(conn)
            finally:
                conn.rollback()

    def _rows(self, conn: psycopg.Connection[Any], kind: Kind) -> list[tuple[Any, ...]]:
        # Binary results: floats and integers arrive without being printed and parsed (100,000 rows).
        with conn.cursor(binary=True) as cursor:
            cursor.execute(_select(kind) + " ORDER BY id")
            return cursor.fetchall()

    def _documents(self, conn: psycopg.Connection[Any], kind: Kind) -> dict[Any, Document]:
        order = " ORDER BY id"
        with conn.cursor(binary=True) as cursor:
            cursor.execute(_select(kind) + order)
            rows = cursor.fetchall()
        if kind in _HAS_REVISIONS:
            return {row[0]: _to_doc(kind, row) for row in rows}
        columns = COLUMNS[kind]
        return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}

    def _next_milestone_id(self, conn: psycopg.Connection[Any]) -> int:
        row = conn.execute(f"SELECT last_value, is_called FROM {SCHEMA}.milestone_ids").fetchone()
        assert row is not None
        return int(row[0]) + 1 if row[1] else int(row[0])

    def _read_all(self, conn: psycopg.Connection[Any]) -> Dataset:
        tables = {kind: self._documents(conn, kind) for kind in Kind if kind is not Kind.OBSERVATIONS}
        return Dataset(
            sectors=LazyTable(tables[Kind.SECTORS], *CODECS[Kind.SECTORS]),
            indicators=LazyTable(tables[Kind.INDICATORS], *CODECS[Kind.INDICATORS]),
            targets=LazyTable(tables[Kind.TARGETS], *CODECS[Kind.TARGETS]),
            observations=ObservationRows({row[0]: row for row in self._rows(conn, Kind.OBSERVATIONS)}),
            milestones=LazyTable(tables[Kind.MILESTONES], *CODECS[Kind.MILESTONES]),
            next_milestone_id=self._next_milestone_id(conn),
        )

    def read_tables(self) -> tuple[dict[str, dict[str, Document]], int, LogHead]:
        """The records as the file's raw tables (what `pohang doctor` examines), the version and the log head."""
        with self._errors(writing=False):
            conn = self.connect()
            try:
                self._upgrade_if_older(conn)
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self._check_version(conn)
                meta = {"schema_version": RECORDS_VERSION, "next_milestone_id": self._next_milestone_id(conn)}
                tables: dict[str, dict[str, Document]] = {"_meta": {"1": meta}}
                for kind in Kind:
                    docs = self._documents(conn, kind)
                    tables[kind.value] = {str(n): doc for n, doc in enumerate(docs.values(), start=1)}
                head = conn.execute(f"SELECT seq, id FROM {SCHEMA}.log ORDER BY seq DESC LIMIT 1").fetchone()
                return tables, RECORDS_VERSION, LogHead(int(head[0]), str(head[1])) if head else LogHead()
            finally:
                conn.rollback()

    def missing_log_entry(self) -> tuple[int, str] | None:
        """The log is a table written in the same transaction as the records: it cannot lack an entry."""
        return None

    # -- the audit log

    def history(self) -> Iterator[audit.LogEntry | None]:
        """Applied entries, newest first."""
        with self._errors(writing=False):
            conn = self.connect()
            try:
                self._check_version(conn)
                entries = list(_log_entries(conn))
            finally:
                conn.rollback()
        return iter(entries)

    # -- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresSession]:
        """One write transaction: the writers' lock, then rows read on demand and written by `write`."""
        with self._errors(writing=True):
            conn = self.connect()
            try:
                self._begin_write(conn)
                session = PostgresSession(self, conn)
                yield session
                conn.commit()
            finally:
                conn.rollback()

    def undo_transaction(self) -> contextlib.AbstractContextManager[PostgresSession]:
        return self.transaction()

    def check_may_write(self) -> None:
        """Refuse a reader before anything is shown or asked (`pohang undo`)."""
        with self._errors(writing=True):
            conn = self.connect()
            try:
                if self._version(conn) is None:
                    raise self._missing()
                self._check_privilege(conn)
            finally:
                conn.rollback()

    def _check_privilege(self, conn: psycopg.Connection[Any]) -> None:
        # Appending to the log is what every write does; a reader may not.
        row = conn.execute("SELECT has_table_privilege(%s, 'INSERT')", (f"{SCHEMA}.log",)).fetchone()
        if not row or not row[0]:
            raise _psycopg().errors.InsufficientPrivilege("no INSERT on the log")

    def _begin_write(self, conn: psycopg.Connection[Any]) -> None:
        self._check_version(conn, upgrade=True)
        self._check_privilege(conn)
        timeout_ms = max(1, round(self.lock_timeout * 1000))
        conn.execute(f"SET LOCAL lock_timeout = {timeout_ms}")
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))

    def _append_log(
        self, conn: psycopg.Connection[Any], changes: Sequence[audit.ChangeDoc], undoes: int | None
    ) -> audit.LogEntry:
        from pohang_cli import audit

        row = conn.execute(f"SELECT seq, id FROM {SCHEMA}.log ORDER BY seq DESC LIMIT 1").fetchone()
        head = LogHead(int(row[0]), str(row[1])) if row else LogHead()
        # The user is the database's own name for whoever connected (session_user), not the OS user.
        user_row = conn.execute("SELECT session_user").fetchone()
        _os_name, host = self.author()
        entry = audit.new_entry(
            head,
            changes,
            command=self.command,
            time=self.clock(),
            undoes=undoes,
            user=str(user_row[0]) if user_row else None,
            host=host,
        )
        conn.execute(
            f"INSERT INTO {SCHEMA}.log (seq, id, parent, time, host, command, summary, undoes, records, changes) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                entry.seq,
                entry.id,
                entry.parent,
                entry.time,
                entry.host,
                entry.command,
                entry.summary,
                entry.undoes,
                entry.records,
                orjson.dumps(entry.changes).decode(),
            ),
        )
        self.last_entry = entry
        return entry

    def apply_documents(self, conn: psycopg.Connection[Any], changes: Sequence[audit.ChangeDoc]) -> None:
        """Upsert the documents of changed records and delete removed ones: a few rows, or COPY for many."""
        for kind in Kind:
            puts = [c.after for c in changes if c.kind is kind and c.after is not None]
            removed = [c.id for c in changes if c.kind is kind and c.after is None]
            if removed:
                conn.execute(f"DELETE FROM {_RECORD_TABLES[kind]} WHERE id = ANY(%s)", (removed,))
            if puts:
                self._upsert(conn, kind, puts)

    def _upsert(self, conn: psycopg.Connection[Any], kind: Kind, docs: Sequence[Document]) -> None:
        columns = _column_list(kind)
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in COLUMNS[kind] if c != "id")
        table = _RECORD_TABLES[kind]
        if len(docs) < _COPY_FROM:
            placeholders = ", ".join("%s" for _ in COLUMNS[kind])
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT (id) DO UPDATE SET {updates}"
            with conn.cursor() as cursor:
                cursor.executemany(sql, [_row_values(kind, doc) for doc in docs])
            return
        # Many rows: COPY into a temporary table, then one upsert (an import of 100,000 in about a second).
        staging = f"pohang_staging_{kind.value}"
        conn.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
        with conn.cursor() as cursor, cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for doc in docs:
                copy.write_row(_row_values(kind, doc))
        conn.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        conn.execute(f"DROP TABLE {staging}")

    # -- creating

    def create(self, dataset: Dataset, *, overwrite: bool = False) -> None:
        """Create pohang's schema (tables, roles, grants) holding `dataset`, or with `overwrite` replace the records.

        Never creates the database itself. Replacing keeps the audit log and logs the replacement as one
        change, so `pohang undo` brings the old records back.
        """
        with self._errors(writing=True):
            conn = self.connect()
            try:
                version = self._version(conn)
                if version is not None and not overwrite:
                    raise InputError(
                        _(
                            "{database} already holds a pohang database; add --force to replace its records "
                            "(the replacement is logged: `pohang undo` brings them back)"
                        ).format(database=self.name)
                    )
                if version is None:
                    try:
                        self._migrate(conn, 0)
                    except _psycopg().errors.InsufficientPrivilege:
                        conn.rollback()
                        user, (_host, _port, dbname) = self._user(), self._where()
                        raise PermissionDeniedError(
                            _(
                                "permission denied: {user} may not create pohang's schema in database "
                                "'{database}'; its owner can run `GRANT CREATE ON DATABASE \"{database}\" TO {user};`"
                            ).format(user=user, database=dbname)
                        ) from None
                    old: Dataset | None = None
                else:
                    self._begin_write(conn)  # an older schema is upgraded first, in this transaction
                    old = self._read_all(conn)
                changes = _document_diff(old, dataset)
                self._replace_all(conn, dataset)
                if changes:
                    self._append_log(conn, changes, None)
                conn.commit()
            finally:
                conn.rollback()

    def _migrate(self, conn: psycopg.Connection[Any], version: int) -> None:
        # In the caller's transaction: a failure leaves the database as it was.
        for number in range(version + 1, RECORDS_VERSION + 1):
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
        conn.execute(
            f"INSERT INTO {SCHEMA}.schema_version (version) VALUES (%s) "
            "ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version",
            (RECORDS_VERSION,),
        )
        self._grant(conn)

    def _grant(self, conn: psycopg.Connection[Any]) -> None:
        """Create the two group roles where they are missing and this user may, and grant them pohang's schema."""
        may = conn.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        existing = {
            str(r[0])
            for r in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", ([READER_ROLE, EDITOR_ROLE],)
            ).fetchall()
        }
        for role in (READER_ROLE, EDITOR_ROLE):
            if role not in existing and may and may[0]:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
                existing.add(role)
        tables = ", ".join(_RECORD_TABLES.values())
        if READER_ROLE in existing:
            conn.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {READER_ROLE}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {READER_ROLE}")
            conn.execute(f"GRANT SELECT ON SEQUENCE {SCHEMA}.milestone_ids TO {READER_ROLE}")
        if EDITOR_ROLE in existing:
            conn.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {EDITOR_ROLE}")
            conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {EDITOR_ROLE}")
            conn.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {EDITOR_ROLE}")
            conn.execute(f"GRANT INSERT ON {SCHEMA}.log TO {EDITOR_ROLE}")
            conn.execute(f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {SCHEMA}.milestone_ids TO {EDITOR_ROLE}")

    def _replace_all(self, conn: psycopg.Connection[Any], dataset: Dataset) -> None:
        for kind in reversed(Kind):
            conn.execute(f"DELETE FROM {_RECORD_TABLES[kind]}")
        for kind in Kind:
            docs = _documents_of(dataset, kind)
            if docs:
                self._upsert(conn, kind, [docs[key] for key in sorted(docs)])
        self._set_next_milestone_id(conn, max(dataset.next_milestone_id, max(dataset.milestones, default=0) + 1))

    def _set_next_milestone_id(self, conn: psycopg.Connection[Any], next_id: int) -> None:
        if next_id <= 1:
            conn.execute(f"SELECT setval('{SCHEMA}.milestone_ids', 1, false)")
        else:
            conn.execute(f"SELECT setval('{SCHEMA}.milestone_ids', %s, true)", (next_id - 1,))


# Below this many rows of one kind, a write sends them as pipelined INSERTs; from here on, COPY.
_COPY_FROM = 500


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "postgres"


def _reason(exc: BaseException) -> str:
    """The part of a libpq or server message that says what went wrong, on one line."""
    text = str(exc).strip()
    for marker in ("FATAL:", "ERROR:", "failed:"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = " ".join(text.split())
    return text.rstrip(".") or type(exc).__name__


def _log_entries(conn: psycopg.Connection[Any]) -> Iterator[audit.LogEntry]:
    from pohang_cli import audit

    rows = conn.execute(
        f"SELECT seq, id, parent, time, command, summary, undoes, records, db_user, host FROM {SCHEMA}.log "
        "ORDER BY seq DESC"
    ).fetchall()
    for seq, entry_id, parent, moment, command, summary, undoes, records, user, host in rows:
        yield audit.LogEntry(
            seq=int(seq),
            id=str(entry_id),
            parent=parent,
            time=moment,
            command=str(command),
            summary=str(summary),
            undoes=undoes,
            records=int(records),
            user=user,
            host=host,
            _load_changes=_changes_loader(conn, int(seq)),
        )


def _changes_loader(conn: psycopg.Connection[Any], seq: int) -> Callable[[], Any]:
    def load() -> Any:
        row = conn.execute(f"SELECT changes::text FROM {SCHEMA}.log WHERE seq = %s", (seq,)).fetchone()
        return decode_json(row[0]) if row else []

    return load


def _observation_from_row(row: Sequence[Any]) -> Observation:
    # Positional, straight from the row: no document in between (status converts all 100,000).
    reported, revisions = row[7], row[8]
    return Observation(
        row[0],
        row[1],
        _date(row[2]),
        row[3],
        row[4],
        row[5],
        row[6],
        None if reported is None else _date(reported),
        () if revisions == "[]" else tuple(_observation_revision_from_doc(r) for r in decode_json(revisions)),
    )


def _observation_to_row(observation: Observation) -> tuple[Any, ...]:
    return tuple(_row_values(Kind.OBSERVATIONS, record_to_doc(Kind.OBSERVATIONS, observation)))


class ObservationRows(LazyTable[str, Observation]):
    """The observations of a read, kept as the rows PostgreSQL sent until a record or document is asked for."""

    def __init__(self, rows: dict[str, Any]) -> None:
        super().__init__(rows, _observation_from_row, _observation_to_row)  # type: ignore[arg-type]

    def documents(self) -> dict[str, Document]:
        rows: dict[str, Any] = self._docs
        return {key: _to_doc(Kind.OBSERVATIONS, row) for key, row in rows.items()}

    def stored_document(self, key: str, record: Observation) -> Document | None:
        return record_to_doc(Kind.OBSERVATIONS, record) if self._records.get(key) is record else None

    def put_document(self, key: str, doc: Document) -> None:
        super().put_document(key, tuple(_row_values(Kind.OBSERVATIONS, doc)))  # type: ignore[arg-type]


def _documents_of(dataset: Dataset, kind: Kind) -> dict[Any, Document]:
    table: Any = getattr(dataset, kind.value)
    if isinstance(table, LazyTable):
        return table.whole_documents()  # a file's are packed
    return {key: record_to_doc(kind, record) for key, record in table.items()}


def _document_diff(old: Dataset | None, new: Dataset) -> list[audit.ChangeDoc]:
    from pohang_cli.audit import ChangeDoc

    changes = []
    for kind in Kind:
        before_docs = {} if old is None else _documents_of(old, kind)
        after_docs = _documents_of(new, kind)
        for key in sorted(before_docs.keys() | after_docs.keys()):
            before, after = before_docs.get(key), after_docs.get(key)
            if before != after:
                changes.append(ChangeDoc(kind, key, before, after))
    return changes


# ---------------------------------------------------------------------------------------------------
# One write transaction


class RowTable(MutableMapping[Any, Any]):
    """One kind's records inside a write transaction, read row by row on demand.

    `key in`, `[key]` and `get` read one row (once); iterating reads the whole kind in one query. Records
    put or removed are kept here until the session writes them.
    """

    def __init__(self, conn: psycopg.Connection[Any], kind: Kind) -> None:
        self._conn = conn
        self._kind = kind
        self._from_doc, self._to_doc = CODECS[kind]
        self._records: dict[Any, Any] = {}
        self._docs: dict[Any, Document | None] = {}  # None: looked up and not there (or removed)
        self._complete = False

    def _document(self, key: Any) -> Document | None:
        if key in self._docs:
            return self._docs[key]
        if self._complete:
            return None
        if self._kind is Kind.MILESTONES and not isinstance(key, int):
            return None
        row = self._conn.execute(_select(self._kind) + " WHERE id = %s", (key,)).fetchone()
        doc = None if row is None else _to_doc(self._kind, row)
        self._docs[key] = doc
        return doc

    def document(self, key: Any) -> Document | None:
        return self._document(key)

    def __getitem__(self, key: Any) -> Any:
        record = self._records.get(key)
        if record is not None:
            return record
        doc = self._document(key)
        if doc is None:
            raise KeyError(key)
        record = self._records[key] = self._from_doc(doc)
        return record

    def __contains__(self, key: object) -> bool:
        return self._document(key) is not None

    def __setitem__(self, key: Any, record: Any) -> None:
        self._records[key] = record
        self._docs[key] = self._to_doc(record)

    def put_document(self, key: Any, doc: Document | None) -> None:
        self._records.pop(key, None)
        self._docs[key] = doc

    def __delitem__(self, key: Any) -> None:
        if self._document(key) is None:
            raise KeyError(key)
        self._records.pop(key, None)
        self._docs[key] = None

    def load(self) -> None:
        if self._complete:
            return
        with self._conn.cursor() as cursor:
            cursor.execute(_select(self._kind) + " ORDER BY id")
            rows = cursor.fetchall()
        known = self._docs
        for row in rows:
            if row[0] not in known:
                known[row[0]] = _to_doc(self._kind, row)
        self._complete = True

    def where_indicator(self, indicator: str) -> list[Any]:
        """The records whose `indicator` is this one (observations, targets): one query, then what is staged."""
        if not self._complete:
            rows = self._conn.execute(_select(self._kind) + " WHERE indicator = %s ORDER BY id", (indicator,))
            for row in rows.fetchall():
                if row[0] not in self._docs:
                    self._docs[row[0]] = _to_doc(self._kind, row)
        return [
            self[key]
            for key, doc in sorted(self._docs.items())
            if doc is not None and doc.get("indicator") == indicator
        ]

    def _present(self) -> list[Any]:
        self.load()
        return [key for key, doc in self._docs.items() if doc is not None]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._present())

    def __len__(self) -> int:
        return len(self._present())


class PostgresSession:
    """A write transaction of a PostgreSQL database: the service's `Session` and audit's `UndoSession`."""

    def __init__(self, database: PostgresDatabase, conn: psycopg.Connection[Any]) -> None:
        self.database = database
        self.conn = conn
        self.tables = {kind: RowTable(conn, kind) for kind in Kind}
        self.dataset = Dataset(
            sectors=self.tables[Kind.SECTORS],
            indicators=self.tables[Kind.INDICATORS],
            targets=self.tables[Kind.TARGETS],
            observations=self.tables[Kind.OBSERVATIONS],
            milestones=self.tables[Kind.MILESTONES],
            next_milestone_id=1,
        )
        self._reserved: int | None = None

    @property
    def name(self) -> str:
        return self.database.name

    @property
    def log_name(self) -> str:
        return self.database.log_name

    def load(self, *kinds: Kind) -> None:
        for kind in kinds:
            self.tables[kind].load()
        if Kind.MILESTONES in kinds:
            self.dataset.next_milestone_id = self.database._next_milestone_id(self.conn)

    def new_milestone_id(self) -> int:
        # nextval is never rolled back: an id given to a write that then fails is not given again.
        row = self.conn.execute(f"SELECT nextval('{SCHEMA}.milestone_ids')").fetchone()
        assert row is not None
        return int(row[0])

    def reserve_milestone_ids(self, next_id: int) -> None:
        self._reserved = max(self._reserved or 1, next_id)

    def observations_of(self, indicator: str) -> list[Observation]:
        """One indexed query for the indicator's rows; records staged in this transaction take their place."""
        return self.tables[Kind.OBSERVATIONS].where_indicator(indicator)

    def write(self, changes: Sequence[Change]) -> None:
        from pohang_cli.audit import ChangeDoc

        docs = []
        for change in changes:
            table = self.tables[change.kind]
            after = None if change.after is None else table.document(change.id)
            if after is None and change.after is not None:
                after = record_to_doc(change.kind, change.after)
            before = None if change.before is None else record_to_doc(change.kind, change.before)
            docs.append(ChangeDoc(change.kind, change.id, before, after))
        self._write(docs, None)

    def _write(self, docs: Sequence[audit.ChangeDoc], undoes: int | None) -> audit.LogEntry:
        self.database.apply_documents(self.conn, docs)
        if self._reserved is not None:
            self.conn.execute(
                f"SELECT setval('{SCHEMA}.milestone_ids', GREATEST(%s, "
                f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {SCHEMA}.milestone_ids)),"
                " true) WHERE %s > 1",
                (self._reserved - 1, self._reserved),
            )
        return self.database._append_log(self.conn, docs, undoes)

    # -- undo

    def history(self) -> Iterator[audit.LogEntry | None]:
        return iter(list(_log_entries(self.conn)))

    def document(self, kind: Kind, key: str | int) -> Document | None:
        return self.tables[kind].document(key)

    def write_documents(self, changes: Sequence[audit.ChangeDoc], *, undoes: int) -> audit.LogEntry:
        for change in changes:
            self.tables[change.kind].put_document(change.id, change.after)
        return self._write(changes, undoes)
