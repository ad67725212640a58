"""pohang's records as rows: the columns of each table, reading a whole snapshot, and writing changed rows.

Columns are in the order of the stored documents (storage/documents.py), so a row is a document and
`export` gives the same bytes as from a file holding the same records. Text that must keep its exact
bytes (target revisions, observation vintages) is `json`, not `jsonb`, which would rewrite
`14000000000000.0`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import orjson

from pohang_cli.models import Dataset, Kind, Observation
from pohang_cli.storage.documents import (
    CODECS,
    Document,
    observation_revision_from_doc,
    record_to_doc,
    stored_date,
)
from pohang_cli.storage.files import decode_json
from pohang_cli.storage.postgres.connection import SCHEMA
from pohang_cli.storage.tables import LazyTable, documents_of

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit

RECORD_TABLES = {kind: f"{SCHEMA}.{kind.value}" for kind in Kind}

# The columns of each table, in the order of its stored document (documents.py).
COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.SECTORS: ("id", "name_ko", "name_en", "order", "source", "note", "note_en"),
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
        "frequency",
        "lag_months",
        "owner",
        "basis_en",
        "note_en",
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
        "note_en",
        "adopted",
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
        "recorded",
        "note_en",
    ),
    Kind.MILESTONES: (
        "id",
        "sector",
        "title",
        "title_en",
        "status",
        "date",
        "due",
        "original_due",
        "source",
        "note",
        "note_en",
    ),
    Kind.ASSESSMENTS: ("id", "status", "basis", "sources", "date", "basis_en"),
}
_JSON_COLUMNS = {"revisions", "sources"}
# The json column of each kind that has one: a list, read from its exact text.
_LIST_COLUMN = {Kind.TARGETS: "revisions", Kind.OBSERVATIONS: "revisions", Kind.ASSESSMENTS: "sources"}
# Below this many rows of one kind, a write sends them as pipelined INSERTs; from here on, COPY.
_COPY_FROM = 500


def _column_list(kind: Kind) -> str:
    return ", ".join(f'"{c}"' for c in COLUMNS[kind])


def select(kind: Kind) -> str:
    """`SELECT` of a kind's columns in document order, without WHERE or ORDER BY."""
    # revisions::text: read as the exact text stored, parsed by orjson (floats stay floats).
    columns = ", ".join(f'"{c}"::text' if c in _JSON_COLUMNS else f'"{c}"' for c in COLUMNS[kind])
    return f"SELECT {columns} FROM {RECORD_TABLES[kind]}"


def _json_list(text: str) -> list[Any]:
    # Most records have no revisions: spare 100,000 parses of "[]".
    return [] if text == "[]" else list(decode_json(text))


def to_doc(kind: Kind, row: Sequence[Any]) -> Document:
    """The stored document of a row."""
    doc = dict(zip(COLUMNS[kind], row, strict=True))
    column = _LIST_COLUMN.get(kind)
    if column is not None:
        doc[column] = _json_list(doc[column])
    return doc


def row_values(kind: Kind, doc: Mapping[str, Any]) -> list[Any]:
    """The column values of a stored document, in column order."""
    values = [doc.get(column) for column in COLUMNS[kind]]
    column = _LIST_COLUMN.get(kind)
    if column is not None:
        index = COLUMNS[kind].index(column)
        value = values[index]
        values[index] = orjson.dumps(value).decode() if value else "[]"  # most records have none
    return values


# ---------------------------------------------------------------------------------------------------
# Reading


def _rows(conn: psycopg.Connection[Any], kind: Kind) -> list[tuple[Any, ...]]:
    # Binary results: floats and integers arrive without being printed and parsed (100,000 rows).
    with conn.cursor(binary=True) as cursor:
        cursor.execute(select(kind) + " ORDER BY id")
        return cursor.fetchall()


def documents(conn: psycopg.Connection[Any], kind: Kind) -> dict[Any, Document]:
    """Every stored document of a kind, by id, in id order."""
    rows = _rows(conn, kind)
    if kind in _LIST_COLUMN:
        return {row[0]: to_doc(kind, row) for row in rows}
    columns = COLUMNS[kind]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


def next_milestone_id(conn: psycopg.Connection[Any]) -> int:
    """The id the milestone sequence gives next."""
    row = conn.execute(f"SELECT last_value, is_called FROM {SCHEMA}.milestone_ids").fetchone()
    assert row is not None
    return int(row[0]) + 1 if row[1] else int(row[0])


def read_all(conn: psycopg.Connection[Any]) -> Dataset:
    """Every record, in the caller's transaction (a snapshot)."""
    tables = {kind: documents(conn, kind) for kind in Kind if kind is not Kind.OBSERVATIONS}
    return Dataset(
        sectors=LazyTable(tables[Kind.SECTORS], *CODECS[Kind.SECTORS]),
        indicators=LazyTable(tables[Kind.INDICATORS], *CODECS[Kind.INDICATORS]),
        targets=LazyTable(tables[Kind.TARGETS], *CODECS[Kind.TARGETS]),
        observations=ObservationRows({row[0]: row for row in _rows(conn, Kind.OBSERVATIONS)}),
        milestones=LazyTable(tables[Kind.MILESTONES], *CODECS[Kind.MILESTONES]),
        next_milestone_id=next_milestone_id(conn),
        assessments=LazyTable(tables[Kind.ASSESSMENTS], *CODECS[Kind.ASSESSMENTS]),
    )


def _observation_from_row(row: Sequence[Any]) -> Observation:
    # Positional, straight from the row: no document in between (status converts all 100,000).
    reported, revisions, recorded = row[7], row[8], row[9]
    return Observation(
        row[0],
        row[1],
        stored_date(row[2]),
        row[3],
        row[4],
        row[5],
        row[6],
        None if reported is None else stored_date(reported),
        () if revisions == "[]" else tuple(observation_revision_from_doc(r) for r in decode_json(revisions)),
        None if recorded is None else stored_date(recorded),
        row[10],
    )


def _observation_to_row(observation: Observation) -> tuple[Any, ...]:
    return tuple(row_values(Kind.OBSERVATIONS, record_to_doc(Kind.OBSERVATIONS, observation)))


class ObservationRows(LazyTable[str, Observation]):
    """The observations of a read, kept as the rows PostgreSQL sent until a record or document is asked for."""

    def __init__(self, rows: dict[str, Any]) -> None:
        super().__init__(rows, _observation_from_row, _observation_to_row)  # type: ignore[arg-type]

    def documents(self) -> dict[str, Document]:
        rows: dict[str, Any] = self._docs
        return {key: to_doc(Kind.OBSERVATIONS, row) for key, row in rows.items()}

    def stored_document(self, key: str, record: Observation) -> Document | None:
        return record_to_doc(Kind.OBSERVATIONS, record) if self._records.get(key) is record else None

    def put_document(self, key: str, doc: Document) -> None:
        super().put_document(key, tuple(row_values(Kind.OBSERVATIONS, doc)))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# Writing


def apply_documents(conn: psycopg.Connection[Any], changes: Sequence[audit.ChangeDoc]) -> None:
    """Write the documents of changed records and delete removed ones: a few rows, or COPY for many."""
    for kind in Kind:
        of_kind = [c for c in changes if c.kind is kind]
        removed = [c.id for c in of_kind if c.after is None]
        if removed:
            conn.execute(f"DELETE FROM {RECORD_TABLES[kind]} WHERE id = ANY(%s)", (removed,))
        added = [c.after for c in of_kind if c.before is None and c.after is not None]
        replaced = [c.after for c in of_kind if c.before is not None and c.after is not None]
        if len(added) >= _COPY_FROM:
            # Records the transaction read as absent go straight into the table: an import of 100,000 spends
            # half the server's time it took through a staging table and an upsert, and needs no TEMP. If one
            # appeared meanwhile (another client, outside pohang's lock), the key refuses it and nothing is written.
            _copy(conn, kind, RECORD_TABLES[kind], added)
        else:
            replaced = added + replaced
        if replaced:
            upsert(conn, kind, replaced)


def _copy(conn: psycopg.Connection[Any], kind: Kind, table: str, docs: Sequence[Document]) -> None:
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({_column_list(kind)}) FROM STDIN") as copy:
        for doc in docs:
            copy.write_row(row_values(kind, doc))


def upsert(conn: psycopg.Connection[Any], kind: Kind, docs: Sequence[Document]) -> None:
    """Insert or replace the rows of these documents."""
    columns = _column_list(kind)
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in COLUMNS[kind] if c != "id")
    table = RECORD_TABLES[kind]
    if len(docs) < _COPY_FROM or not _may_use_temporary_tables(conn):
        # Without TEMP (a DBA may revoke it from PUBLIC) a large write is pipelined INSERTs too: slower, not refused.
        placeholders = ", ".join("%s" for _ in COLUMNS[kind])
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT (id) DO UPDATE SET {updates}"
        with conn.cursor() as cursor:
            cursor.executemany(sql, [row_values(kind, doc) for doc in docs])
        return
    # Many rows replaced: COPY into a temporary table, then one upsert.
    staging = f"pohang_staging_{kind.value}"
    conn.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
    _copy(conn, kind, staging, docs)
    conn.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT (id) DO UPDATE SET {updates}"
    )
    conn.execute(f"DROP TABLE {staging}")


def _may_use_temporary_tables(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT has_database_privilege(current_database(), 'TEMPORARY')").fetchone()
    return bool(row and row[0])


def replace_all(conn: psycopg.Connection[Any], dataset: Dataset) -> None:
    """Make the tables hold exactly this dataset (`init --force`)."""
    for kind in reversed(Kind):
        conn.execute(f"DELETE FROM {RECORD_TABLES[kind]}")
    for kind in Kind:
        docs = documents_of(dataset, kind)
        rows = [docs[key] for key in sorted(docs)]
        if len(rows) >= _COPY_FROM:
            _copy(conn, kind, RECORD_TABLES[kind], rows)  # the tables are empty now: nothing to replace
        elif rows:
            upsert(conn, kind, rows)
    set_next_milestone_id(conn, max(dataset.next_milestone_id, max(dataset.milestones, default=0) + 1))


def set_next_milestone_id(conn: psycopg.Connection[Any], next_id: int) -> None:
    """Make the milestone sequence give at least `next_id` next: it only ever moves forward.

    An id once given stays its record's, whatever replaces the records (`init --force`, an import) or brings
    older ones back (`undo`): a sequence set back would give a live or a logged id to a new milestone.
    """
    conn.execute(
        f"SELECT setval('{SCHEMA}.milestone_ids', GREATEST(%s, "
        f"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {SCHEMA}.milestone_ids)), false)",
        (max(1, next_id),),
    )
