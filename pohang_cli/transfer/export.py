"""Exporting: the stored documents of a database, sorted by id, as json, jsonl, csv, tsv or an xlsx workbook.

The documents are exactly what `storage.record_to_doc` stores, so an export imported into an empty
database gives a database whose export is the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import orjson

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind
from pohang_cli.render.machine import csv_line
from pohang_cli.storage import RECORDS_VERSION, record_to_doc
from pohang_cli.transfer.columns import FIELDS

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
    document: dict[str, Any] = {"schema_version": RECORDS_VERSION, "next_milestone_id": next_milestone_id(data)}
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
    if isinstance(value, list):  # revisions, an assessment's sources: a JSON array in one cell
        return orjson.dumps(value).decode("utf-8") if value else ""
    return str(value)


# The fields that hold dates: a day-precision one is a date cell in a workbook, a partial one stays text.
DATE_FIELDS = frozenset({"date", "deadline", "baseline_date", "due", "original_due", "reported", "adopted", "recorded"})
_DAY = 10  # len("2024-06-30")
BOM = b"\xef\xbb\xbf"
# Formats `export` writes, by the extensions `-o` may end in.
WRITABLE = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx"}


def _workbook_cell(name: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list):  # revisions: a JSON array in one cell, as in csv
        return orjson.dumps(value).decode("utf-8") if value else None
    if name in DATE_FIELDS and len(value) == _DAY:
        return date.fromisoformat(value)
    return value


def _workbook_rows(docs: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterable[list[Any]]:
    for doc in docs:
        yield [_workbook_cell(name, doc[name]) for name in fields]


def workbook_sheets(data: Dataset, kind: Kind | None = None) -> list[Any]:
    """The sheets of the export workbook: one per kind (or the one kind), row 1 the csv columns."""
    return documents_sheets({table: export_documents(data, table) for table in (Kind if kind is None else (kind,))})


def documents_sheets(documents: Mapping[Kind, Iterable[dict[str, Any]]]) -> list[Any]:
    """The sheets of the export workbook of stored documents already at hand, a sheet per kind given."""
    from pohang_cli.render.xlsx import Column, Sheet

    sheets = []
    for table, docs in documents.items():
        fields = FIELDS[table]
        sheets.append(Sheet(table.value, [Column(name) for name in fields], _workbook_rows(docs, fields)))
    return sheets


def export_workbook(data: Dataset, kind: Kind | None = None) -> tuple[bytes, int]:
    """The database (or one kind) as an .xlsx workbook: a sheet per kind, row 1 the csv columns.

    Numbers are numeric cells, day-precision dates date cells, partial dates text at their precision
    (`2024`, `2024-06`, `2024-Q2`), revisions JSON text; each sheet has a frozen header and an autofilter.
    """
    from pohang_cli.render.xlsx import workbook_bytes

    count = sum(len(getattr(data, table.value)) for table in (Kind if kind is None else (kind,)))
    return workbook_bytes(workbook_sheets(data, kind)), count


def documents_csv(kind: Kind, docs: Iterable[dict[str, Any]]) -> bytes:
    """Stored documents of one kind as the csv `export --kind KIND --format csv` writes (no BOM)."""
    lines = [csv_line(FIELDS[kind])]
    lines.extend(csv_line([_csv_cell(doc[name]) for name in FIELDS[kind]]) for doc in docs)
    return "".join(lines).encode("utf-8")


def document_json(document: Mapping[str, Any]) -> bytes:
    """A document (a whole-database one, or a part of it) as `export --format json` writes it."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _delimited_line(cells: Iterable[str], separator: str) -> str:
    if separator == ",":
        return csv_line(cells)
    # Tab-separated as Excel writes it: cells holding a tab, a quote, CR or LF are quoted.
    return "\t".join('"' + c.replace('"', '""') + '"' if _TSV_SPECIAL & set(c) else c for c in cells) + "\n"


_TSV_SPECIAL = frozenset('\t"\r\n')


def export_bytes(data: Dataset, fmt: str, kind: Kind | None = None, *, bom: bool = False) -> tuple[bytes, int]:
    """The export of the database (or of one kind) in a format, and how many records it holds.

    Args:
        data: the database.
        fmt: json, jsonl, csv, tsv or xlsx.
        kind: one kind of record; None for all (json and xlsx only).
        bom: csv and tsv: start with a UTF-8 BOM, so Excel reads the Hangul as UTF-8, and defuse the text cells
            that would start a formula (transfer/formulas.py).

    Raises:
        InputError: jsonl, csv or tsv without a kind (they hold one kind of record).
    """
    if fmt == "xlsx":
        return export_workbook(data, kind)
    if kind is None:
        if fmt != "json":
            kinds = "|".join(k.value for k in Kind)
            raise InputError(
                _("--format {fmt} holds one kind of record: add --kind {kinds} (or use --format json or xlsx)").format(
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
    if fmt == "csv" and not bom:
        return documents_csv(kind, docs), len(docs)
    separator = "\t" if fmt == "tsv" else ","
    lines = [_delimited_line(FIELDS[kind], separator)]
    if bom:  # for a spreadsheet: no text cell may start a formula (transfer/formulas.py)
        from pohang_cli.transfer.formulas import TEXT_FIELDS, defused

        cell = {name: defused if name in TEXT_FIELDS else str for name in FIELDS[kind]}
        lines.extend(
            _delimited_line([cell[name](_csv_cell(doc[name])) for name in FIELDS[kind]], separator) for doc in docs
        )
        return BOM + "".join(lines).encode("utf-8"), len(docs)
    lines.extend(_delimited_line([_csv_cell(doc[name]) for name in FIELDS[kind]], separator) for doc in docs)
    return "".join(lines).encode("utf-8"), len(docs)
