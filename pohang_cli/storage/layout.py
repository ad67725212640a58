"""The records of a database and the TinyDB tables that store them: one converted into the other, lazily."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

from pohang_cli.errors import DatabaseCorruptError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind, LogHead, Observation
from pohang_cli.storage.documents import (
    CODECS,
    META_TABLE,
    SCHEMA_VERSION,
    Document,
    pack,
    record_to_doc,
    unpack_sorted,
    without_empty_later_tables,
)
from pohang_cli.storage.files import encode_tables
from pohang_cli.storage.tables import FileTable, LazyTable, ObservationFileTable


class Snapshot(NamedTuple):
    """A database read from disk: the records, plus the raw tables they came from."""

    dataset: Dataset
    tables: dict[str, dict[str, Document]]
    schema_version: int
    head: LogHead = LogHead()


_ID = itemgetter("id")


def _index(table: dict[str, Document], *, int_ids: bool = False) -> dict[Any, Document]:
    docs = table.values()
    ids = map(_ID, docs)  # in C: a generator costs a tenth more over 100,000 documents
    index = dict(zip(map(int, ids) if int_ids else ids, docs, strict=True))
    if len(index) != len(table):
        # Writing this back would silently drop all but one of the records sharing an id.
        raise ValueError("two records share an id")
    return index


def dataset_from_tables(tables: dict[str, dict[str, Document]]) -> Dataset:
    """Records of the raw TinyDB tables (packed documents), converted lazily."""
    try:
        meta = meta_of(tables)
        return Dataset(
            sectors=_table(tables, Kind.SECTORS),
            indicators=_table(tables, Kind.INDICATORS),
            targets=_table(tables, Kind.TARGETS),
            observations=_table(tables, Kind.OBSERVATIONS),
            milestones=_table(tables, Kind.MILESTONES),
            next_milestone_id=int(meta.get("next_milestone_id", 1)),
            assessments=_table(tables, Kind.ASSESSMENTS),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DatabaseCorruptError(
            _(
                "a record has no valid id or shares it with another ({exc!r}); run `pohang doctor` to list "
                "every problem"
            ).format(exc=exc)
        ) from None


def _table(tables: dict[str, dict[str, Document]], kind: Kind) -> FileTable[Any, Any]:
    tinydb_table = tables.get(kind, {})
    docs = _index(tinydb_table, int_ids=kind is Kind.MILESTONES)
    table = ObservationFileTable if kind is Kind.OBSERVATIONS else FileTable
    from_doc, to_doc = CODECS[kind]
    return table(tinydb_table, docs, from_doc, to_doc, unpack_sorted(kind), partial(pack, kind))


def written_tables(dataset: Dataset) -> dict[str, Any]:
    """The TinyDB tables a write saves: each as read, with the records changed since put in.

    A table that was not read from a file is numbered afresh, as `tables_from_dataset` does.
    """
    tables = _meta_table(dataset, SCHEMA_VERSION)
    for kind in Kind:
        table = getattr(dataset, kind.value)
        if isinstance(table, FileTable):
            tables[kind.value] = table.tinydb_table(int_ids=kind is Kind.MILESTONES)
        else:
            tables[kind.value] = _numbered(_stored_documents(dataset, kind))
    return without_empty_later_tables(tables)


def meta_of(tables: dict[str, dict[str, Document]]) -> Document:
    meta_table = tables.get(META_TABLE) or {}
    return next(iter(meta_table.values()), {})


def tables_from_dataset(dataset: Dataset, schema_version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The TinyDB tables of a dataset; doc ids are 1..n in the order of public ids (stable for diffs)."""
    tables = _meta_table(dataset, schema_version)
    for kind in Kind:
        tables[kind.value] = _numbered(_stored_documents(dataset, kind))
    return without_empty_later_tables(tables)


def _meta_table(dataset: Dataset, schema_version: int) -> dict[str, Any]:
    return {META_TABLE: {"1": {"schema_version": schema_version, "next_milestone_id": dataset.next_milestone_id}}}


def _numbered(docs: dict[Any, Document]) -> dict[str, Document]:
    return {str(n): docs[key] for n, key in enumerate(sorted(docs), start=1)}


def _stored_documents(dataset: Dataset, kind: Kind) -> dict[Any, Document]:
    """The documents of one table as the file stores them: packed."""
    mapping: Mapping[Any, Any] = getattr(dataset, kind.value)
    if isinstance(mapping, LazyTable):
        return mapping.documents()
    return {key: pack(kind, record_to_doc(kind, record)) for key, record in mapping.items()}


def encode_dataset(dataset: Dataset) -> bytes:
    """The bytes of the database file holding exactly this dataset."""
    return encode_tables(tables_from_dataset(dataset))


def observations_of(dataset: Dataset, indicator: str) -> list[Observation]:
    """The observations of one indicator."""
    # Ids are INDICATOR:DATE: the indicator's observations are found by key, converting only those.
    observations = dataset.observations
    prefix = indicator + ":"
    return [observations[key] for key in observations if key.startswith(prefix)]


def empty_dataset() -> Dataset:
    """A database with no records."""
    return Dataset()


def log_head_of_meta(meta: dict[str, Any]) -> LogHead:
    """The head named by a database file's `_meta` keys `log_seq`, `log_head`, `log_hash`, `log_from_start`."""
    seq, entry_id, hash_ = meta.get("log_seq", 0), meta.get("log_head"), meta.get("log_hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        seq = 0
    return LogHead(
        seq,
        entry_id if isinstance(entry_id, str) else None,
        hash_ if isinstance(hash_, str) else None,
        meta.get("log_from_start") is True,
    )
