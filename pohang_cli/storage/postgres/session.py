"""One write transaction of a PostgreSQL database: rows read on demand, changed rows written, one log entry."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from pohang_cli.models import Change, Dataset, Kind, Observation
from pohang_cli.storage.documents import CODECS, Document, record_to_doc
from pohang_cli.storage.postgres import log, tables
from pohang_cli.storage.postgres.connection import SCHEMA

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit


class Logger(Protocol):
    """What a session needs of its database: names for messages, and the log entry of a write."""

    @property
    def name(self) -> str: ...

    @property
    def log_name(self) -> str: ...

    def append_log(
        self, conn: psycopg.Connection[Any], changes: Sequence[audit.ChangeDoc], undoes: int | None
    ) -> audit.LogEntry | None: ...


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
        row = self._conn.execute(tables.select(self._kind) + " WHERE id = %s", (key,)).fetchone()
        doc = None if row is None else tables.to_doc(self._kind, row)
        self._docs[key] = doc
        return doc

    def document(self, key: Any) -> Document | None:
        return self._document(key)

    def __getitem__(self, key: Any) -> Any:
        record = self.get(key)
        if record is None:
            raise KeyError(key)
        return record

    def get(self, key: Any, default: Any = None) -> Any:
        # Not Mapping's: that one goes through __getitem__ and a KeyError, and an import asks 500,000 times.
        record = self._records.get(key)
        if record is not None:
            return record
        doc = self._document(key)
        if doc is None:
            return default
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
            cursor.execute(tables.select(self._kind) + " ORDER BY id")
            rows = cursor.fetchall()
        known = self._docs
        for row in rows:
            if row[0] not in known:
                known[row[0]] = tables.to_doc(self._kind, row)
        self._complete = True

    def where_indicator(self, indicator: str) -> list[Any]:
        """The records whose `indicator` is this one (observations, targets): one query, then what is staged."""
        if not self._complete:
            rows = self._conn.execute(tables.select(self._kind) + " WHERE indicator = %s ORDER BY id", (indicator,))
            for row in rows.fetchall():
                if row[0] not in self._docs:
                    self._docs[row[0]] = tables.to_doc(self._kind, row)
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

    def __init__(self, database: Logger, conn: psycopg.Connection[Any]) -> None:
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
            assessments=self.tables[Kind.ASSESSMENTS],
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
            self.dataset.next_milestone_id = tables.next_milestone_id(self.conn)

    def new_milestone_id(self) -> int:
        # nextval is never rolled back: an id given to a write that then fails is not given again. An id a
        # record holds (put there by something other than pohang) is passed over, never overwritten.
        while True:
            row = self.conn.execute(
                f"SELECT n, EXISTS (SELECT 1 FROM {SCHEMA}.milestones WHERE id = n) "
                f"FROM nextval('{SCHEMA}.milestone_ids') AS n"
            ).fetchone()
            assert row is not None
            if not row[1]:
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

    def _write(self, docs: Sequence[audit.ChangeDoc], undoes: int | None) -> audit.LogEntry | None:
        tables.apply_documents(self.conn, docs)
        if self._reserved is not None:
            tables.set_next_milestone_id(self.conn, self._reserved)
        return self.database.append_log(self.conn, docs, undoes)

    # -- undo

    def history(self) -> Iterator[audit.LogEntry | None]:
        return iter(list(log.entries(self.conn)))

    def document(self, kind: Kind, key: str | int) -> Document | None:
        return self.tables[kind].document(key)

    def write_documents(self, changes: Sequence[audit.ChangeDoc], *, undoes: int) -> audit.LogEntry:
        for change in changes:
            self.tables[change.kind].put_document(change.id, change.after)
        entry = self._write(changes, undoes)
        if entry is None:  # pragma: no cover - an undo always changes at least one record
            from pohang_cli.errors import DatabaseError
            from pohang_cli.i18n import _

            raise DatabaseError(_("the undo changed nothing"))
        return entry
