"""Exporting: the stored documents of a database, sorted by id, as json, jsonl or csv.

The documents are exactly what `storage.record_to_doc` stores, so an export imported into an empty
database gives a database whose export is the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind
from pohang_cli.render.machine import csv_line
from pohang_cli.storage import SCHEMA_VERSION, record_to_doc
from pohang_cli.transfer.formats import FIELDS

# ---------------------------------------------------------------------------------------------------
# Export


def _sorted_records(data: Dataset, kind: Kind) -> list[Any]:
    table: Mapping[Any, Any] = getattr(data, kind.value)
    return [table[key] for key in sorted(table)]


def export_documents(data: Dataset, kind: Kind) -> list[dict[str, Any]]:
    """The stored documents of one kind, sorted by id."""
    return [record_to_doc(kind, record) for record in _sorted_records(data, kind)]


def export_database(data: Dataset) -> dict[str, Any]:
    """The whole database as one document: schema version, next milestone id, then every kind sorted by id."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "next_milestone_id": next_milestone_id(data)}
    for kind in Kind:
        document[kind.value] = export_documents(data, kind)
    return document


def next_milestone_id(data: Dataset) -> int:
    """The id the next new milestone gets: past every id ever given, as far as the database knows."""
    return max(data.next_milestone_id, max(data.milestones, default=0) + 1)


# Integral floats below 2**53 are written as integers: every one of them is exactly a float.
_EXACT_INTEGERS = 2**53


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # 14000000000000.0 is written 14000000000000, as a spreadsheet shows it; both read back as this float.
        if value.is_integer() and abs(value) < _EXACT_INTEGERS:
            return str(int(value))
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, list):  # a target's revisions: a JSON array in one cell
        return orjson.dumps(value).decode("utf-8") if value else ""
    return str(value)


def export_bytes(data: Dataset, fmt: str, kind: Kind | None = None) -> tuple[bytes, int]:
    """The export of the database (or of one kind) in a format, and how many records it holds.

    Raises:
        InputError: jsonl or csv without a kind (they hold one kind of record).
    """
    if kind is None:
        if fmt != "json":
            kinds = "|".join(k.value for k in Kind)
            raise InputError(
                _("--format {fmt} holds one kind of record: add --kind {kinds} (or use --format json)").format(
                    fmt=fmt, kinds=kinds
                )
            )
        document = export_database(data)
        count = sum(len(document[k.value]) for k in Kind)
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE), count
    docs = export_documents(data, kind)
    if fmt == "json":
        return orjson.dumps(docs, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE), len(docs)
    if fmt == "jsonl":
        return b"".join(orjson.dumps(doc, option=orjson.OPT_APPEND_NEWLINE) for doc in docs), len(docs)
    lines = [csv_line(FIELDS[kind])]
    lines.extend(csv_line([_csv_cell(doc[name]) for name in FIELDS[kind]]) for doc in docs)
    return "".join(lines).encode("utf-8"), len(docs)
