"""The machine formats: tsv, csv, json, jsonl and md, written as UTF-8 bytes whatever the locale.

One stream of rows feeds every format (as sqlite-utils does). Keys are English, numbers raw, dates ISO,
null is an empty cell in tsv/csv/md, lists are `;`-joined there. No colour, no wrapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import orjson

MACHINE_FORMATS = ("tsv", "csv", "json", "jsonl", "md")


class ByteSink(Protocol):
    """Anything bytes can be written to (stdout's buffer, a file opened in binary mode)."""

    def write(self, data: bytes, /) -> int: ...


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _tsv_cell(value: Any) -> str:
    # TSV has no quoting: escape the characters that would break a row, as PostgreSQL's text format does.
    return _cell(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _md_cell(value: Any) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")


def csv_line(cells: Iterable[str]) -> str:
    """One CSV record ending in a newline; cells holding a comma, a quote, CR or LF are quoted (RFC 4180).

    The csv module quotes only the characters of its line terminator, so with "\n" a CR inside a note
    would split the row when read back.
    """
    return ",".join(_quote(cell) for cell in cells) + "\n"


def _quote(cell: str) -> str:
    if any(char in cell for char in _CSV_SPECIAL):
        return '"' + cell.replace('"', '""') + '"'
    return cell


_CSV_SPECIAL = frozenset(',"\r\n')


def write_all(out: ByteSink, data: bytes) -> None:
    """Write every byte of `data`, however many calls the stream needs."""
    # A pipe whose reader has gone (`| head -1`) can take part of a large write and report the short count
    # without an error; writing the rest raises BrokenPipeError, which ends the command quietly.
    while data:
        data = data[out.write(data) :]


def select(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The row restricted to `fields`, in that order."""
    return {name: row.get(name) for name in fields}


def _selected(row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    # Without --fields a row already has exactly these keys in this order: comparing the keys costs a
    # seventh of copying the row (10,000 milestones as json).
    return row if tuple(row) == fields else select(row, fields)


def write_rows(
    out: ByteSink, rows: Iterable[dict[str, Any]], fields: Sequence[str], fmt: str, *, spreadsheet: bool = False
) -> int:
    """Write rows in a machine format; returns how many rows were written.

    Args:
        out: a binary stream (stdout's buffer), written as UTF-8.
        rows: rows with at least the keys in `fields`.
        fields: the columns, in order.
        fmt: one of MACHINE_FORMATS.
        spreadsheet: csv for a spreadsheet (with a BOM): no text cell may start a formula (transfer/formulas.py).
    """
    fields = tuple(fields)
    count = 0
    if fmt == "json":
        items = [_selected(row, fields) for row in rows]
        write_all(out, orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
        return len(items)
    if fmt == "jsonl":
        for row in rows:
            out.write(orjson.dumps(_selected(row, fields), option=orjson.OPT_APPEND_NEWLINE))
            count += 1
        return count
    if fmt == "csv":
        lines = [csv_line(fields)]
        texts: frozenset[str] = frozenset()
        if spreadsheet:
            from pohang_cli.transfer.formulas import TEXT_FIELDS, defused

            texts = TEXT_FIELDS.intersection(fields)
        for row in rows:
            cells = [_cell(row.get(name)) for name in fields]
            if texts:
                cells = [defused(text) if name in texts else text for name, text in zip(fields, cells, strict=True)]
            lines.append(csv_line(cells))
            count += 1
        write_all(out, "".join(lines).encode("utf-8"))
        return count
    if fmt == "tsv":
        lines = ["\t".join(fields)]
        for row in rows:
            lines.append("\t".join(_tsv_cell(row.get(name)) for name in fields))
            count += 1
        write_all(out, ("\n".join(lines) + "\n").encode("utf-8"))
        return count
    if fmt == "md":
        lines = ["| " + " | ".join(fields) + " |", "|" + "|".join("---" for _ in fields) + "|"]
        for row in rows:
            lines.append("| " + " | ".join(_md_cell(row.get(name)) for name in fields) + " |")
            count += 1
        write_all(out, ("\n".join(lines) + "\n").encode("utf-8"))
        return count
    raise ValueError(f"unknown machine format {fmt!r}")
