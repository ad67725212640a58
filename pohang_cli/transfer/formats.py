"""Reading import files: formats, kinds, and json/jsonl/csv parsed into raw records that keep their line.

Nothing here checks a record's fields (records.py does) or looks at the database (importing.py does); a
file that cannot be read at all (not UTF-8, not valid JSON or CSV, a record of no recognisable kind) fails
here, with the line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Kind
from pohang_cli.storage import SCHEMA_VERSION

FORMATS = ("json", "jsonl", "csv")
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

# The columns of each kind: the keys of its stored document, in the order `record_to_doc` writes them.
FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.SECTORS: ("id", "name_ko", "name_en", "order", "source", "note"),
    Kind.INDICATORS: (
        "id", "sector", "name_ko", "name_en", "unit", "baseline", "baseline_date", "direction", "kind", "model",
        "basis", "source", "note",
    ),
    Kind.TARGETS: (
        "id", "indicator", "value", "deadline", "source", "note", "revisions", "supersedes", "superseded_by",
    ),
    Kind.OBSERVATIONS: ("id", "indicator", "date", "value", "source", "note", "provisional", "reported", "revisions"),
    Kind.MILESTONES: (
        "id", "sector", "title", "title_en", "status", "date", "due", "original_due", "source", "note",
    ),
}  # fmt: skip
# What a record cannot do without; ids of observations, targets and milestones can be left out (derived or new).
REQUIRED: dict[Kind, frozenset[str]] = {
    Kind.SECTORS: frozenset({"id", "name_ko", "name_en"}),
    Kind.INDICATORS: frozenset({"id", "sector", "name_ko", "name_en", "unit"}),
    Kind.TARGETS: frozenset({"indicator", "value", "deadline"}),
    Kind.OBSERVATIONS: frozenset({"indicator", "date", "value"}),
    Kind.MILESTONES: frozenset({"sector", "title"}),
}
REVISION_FIELDS = ("value", "deadline", "date", "reason", "source", "note")
OBSERVATION_REVISION_FIELDS = ("value", "reported", "source", "note", "provisional")
DOCUMENT_KEYS = ("schema_version", "next_milestone_id", *(kind.value for kind in Kind))
# Most problems a failed import lists; the count of the others follows.
MAX_REPORTED = 20
# Integers beyond this cannot be stored (the database is written with 64-bit JSON integers).
MAX_INTEGER = 2**63 - 1


# ---------------------------------------------------------------------------------------------------
# Format and kind


def parse_kind(text: str) -> Kind:
    """The kind named on the command line (`observations`, or the singular `observation`)."""
    wanted = text.strip().casefold()
    for kind in Kind:
        if wanted in (kind.value, kind.value.removesuffix("s")):
            return kind
    raise InputError(
        _("unknown kind '{text}'; use one of {kinds}").format(text=text, kinds=", ".join(k.value for k in Kind))
    )


def check_format(fmt: str) -> str:
    """The format, lower-cased; raises InputError unless it is json, jsonl or csv."""
    wanted = fmt.strip().casefold()
    if wanted not in FORMATS:
        raise InputError(
            _("unknown format '{fmt}' for import/export; use one of {formats}").format(
                fmt=fmt, formats=", ".join(FORMATS)
            )
        )
    return wanted


def format_from_name(name: str) -> str | None:
    """The format a file name's extension implies, if any (`actuals.csv` -> csv)."""
    lowered = name.casefold()
    return next((fmt for ext, fmt in EXTENSIONS.items() if lowered.endswith(ext)), None)


def sniff_format(data: bytes) -> str:
    """The format of unnamed input (stdin): a `[` or a multi-line object is json, one object a line jsonl, else csv."""
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0]
        try:
            orjson.loads(first_line)
        except orjson.JSONDecodeError:
            return "json"
        return "jsonl"
    return "csv"


def guess_kind(keys: Iterable[str]) -> Kind | None:
    """The kind of record whose fields (or csv columns) these are, by the fields only that kind has."""
    present = set(keys)
    if "deadline" in present:
        return Kind.TARGETS
    if "indicator" in present:
        return Kind.OBSERVATIONS
    if "unit" in present:
        return Kind.INDICATORS
    if "title" in present:
        return Kind.MILESTONES
    if present & {"name_ko", "name_en"}:
        return Kind.SECTORS
    return None


# ---------------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read from the file, before it is checked."""

    kind: Kind
    doc: dict[str, Any]
    line: int | None  # where it starts; None inside a json document until a problem needs it
    index: int  # its position among the file's records of its kind (or of the whole array)
    cells: bool  # csv: every value is text, so numbers, booleans and revisions are read from text


@dataclass(slots=True)
class ParsedFile:
    """The records of one input file, in file order."""

    name: str
    fmt: str
    records: list[RawRecord]
    next_milestone_id: int | None = None
    json_text: str | None = None  # a json document, kept to find the line of a record when it is wrong
    whole_database: bool = False


class Problems:
    """Problems found in a file, each with its record and field; raised together, in file order, as one InputError."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.items: list[tuple[RawRecord, str, str]] = []
        self._json_lines: dict[str | None, list[int]] = {}

    def add(self, raw: RawRecord, field_name: str, reason: str) -> None:
        self.items.append((raw, field_name, reason))

    def _place(self, raw: RawRecord) -> str:
        if raw.line is not None:
            return _("line {number}").format(number=raw.line)
        key = raw.kind.value if self.parsed.whole_database else None
        if self.parsed.json_text is not None and key not in self._json_lines:
            self._json_lines[key] = json_record_lines(self.parsed.json_text, key)
        lines = self._json_lines.get(key, [])
        if raw.index < len(lines):
            return _("line {number}").format(number=lines[raw.index])
        return _("{kind} record {number}").format(kind=raw.kind.value, number=raw.index + 1)

    def raise_if_any(self) -> None:
        """Raise InputError listing the first MAX_REPORTED problems (one a line) and how many there are."""
        if not self.items:
            return
        kinds = list(Kind)

        def file_order(item: tuple[RawRecord, str, str]) -> tuple[int, int, int, int]:
            raw, field_name, _ = item
            fields = FIELDS[raw.kind]
            column = fields.index(field_name) if field_name in fields else len(fields)
            return (raw.line or 0, kinds.index(raw.kind), raw.index, column)

        ordered = sorted(self.items, key=file_order)
        name = self.parsed.name
        messages = [
            _("{name} {place}, field '{field}': {reason}").format(
                name=name, place=self._place(raw), field=field_name, reason=reason
            )
            for raw, field_name, reason in ordered[:MAX_REPORTED]
        ]
        if len(ordered) == 1:
            raise InputError(_("{problem}; nothing was imported").format(problem=messages[0]))
        if len(ordered) > MAX_REPORTED:
            messages.append(_("... and {count} more").format(count=len(ordered) - MAX_REPORTED))
        messages.append(_("{count} problems in {name}; nothing was imported").format(count=len(ordered), name=name))
        # The CLI prefixes the first line with "pohang: "; the others get it here, so each line stands alone.
        raise InputError("\npohang: ".join(messages))


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[][{}:\n]')


def json_record_lines(text: str, key: str | None) -> list[int]:
    """The line where each object of the top-level array (or of the top-level object's `key` array) starts.

    Only called when a record of a json document is wrong, so a large valid file never pays for the scan.
    """
    lines: list[int] = []
    line, depth = 1, 0
    inside = key is None
    last_string = ""
    wanted_key = orjson.dumps(key).decode("utf-8") if key is not None else ""
    target_depth = 1 if key is None else 2
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token[0] == '"':
            last_string = token
        elif token == ":":
            if depth == 1 and key is not None:
                inside = last_string == wanted_key
        elif token in "[{":
            if token == "{" and depth == target_depth and inside:
                lines.append(line)
            depth += 1
        else:
            depth -= 1
    return lines


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")  # a BOM, as Excel writes it, is not part of the data
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            _("{name} line {line}: not UTF-8 (byte {start}); save the file as UTF-8 and import it again").format(
                name=name, line=line, start=error.start
            )
        ) from None


def parse(data: bytes, name: str, fmt: str, kind: Kind | None = None) -> ParsedFile:
    """Read the records of an input file without checking them.

    Args:
        data: the file's bytes (UTF-8, with or without a BOM).
        name: how messages name the file (`-` is shown as `stdin`).
        fmt: json, jsonl or csv.
        kind: the kind of every record; without it each record's kind is recognised from its fields.

    Raises:
        InputError: the file is not UTF-8, not valid json/jsonl/csv, or a record's kind cannot be told.
    """
    text = _decode(data, name)
    if fmt == "csv":
        return _parse_csv(text, name, kind)
    if fmt == "jsonl":
        return _parse_jsonl(text, name, kind)
    return _parse_json(text, name, kind)


def _kind_of(doc: dict[str, Any], kind: Kind | None, name: str, where: str) -> Kind:
    if kind is not None:
        return kind
    guessed = guess_kind(doc)
    if guessed is None:
        raise InputError(
            _("{name} {where}: cannot tell which kind of record this is; add --kind").format(name=name, where=where)
        )
    return guessed


def _parse_jsonl(text: str, name: str, kind: Kind | None) -> ParsedFile:
    parsed = ParsedFile(name, "jsonl", [])
    counts: dict[Kind, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise InputError(
                _("{name} line {number}: not valid JSON ({msg}, column {colno})").format(
                    name=name, number=number, msg=error.msg, colno=error.colno
                )
            ) from None
        if not isinstance(doc, dict):
            raise InputError(
                _("{name} line {number}: expected an object {{...}} per line").format(name=name, number=number)
            )
        record_kind = _kind_of(doc, kind, name, _("line {number}").format(number=number))
        index = counts.get(record_kind, 0)
        counts[record_kind] = index + 1
        parsed.records.append(RawRecord(record_kind, doc, number, index, cells=False))
    return parsed


def _parse_json(text: str, name: str, kind: Kind | None) -> ParsedFile:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InputError(
            _("{name} line {lineno}: not valid JSON ({msg}, column {colno})").format(
                name=name, lineno=error.lineno, msg=error.msg, colno=error.colno
            )
        ) from None
    parsed = ParsedFile(name, "json", [], json_text=text)
    if isinstance(document, list):
        for index, doc in enumerate(document):
            if not isinstance(doc, dict):
                raise InputError(
                    _("{name}: record {number} of the array is not an object").format(name=name, number=index + 1)
                )
            record_kind = _kind_of(doc, kind, name, _("record {number}").format(number=index + 1))
            parsed.records.append(RawRecord(record_kind, doc, None, index, cells=False))
        return parsed
    if isinstance(document, dict) and "_meta" in document:
        raise InputError(
            _(
                "{name} is a pohang database file, not an export; to load it, run `pohang export --db "
                "{name} | pohang import -`"
            ).format(name=name)
        )
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(
            _(
                "{name}: expected an array of records or a whole-database document (the output of `pohang "
                "export --format json`)"
            ).format(name=name)
        )
    _check_document_header(document, name)
    parsed.whole_database = True
    parsed.next_milestone_id = document.get("next_milestone_id")
    for table in Kind:
        if kind is not None and table is not kind:
            continue
        docs = document.get(table.value, [])
        if not isinstance(docs, list):
            raise InputError(_("{name}: '{kind}' must be an array of records").format(name=name, kind=table.value))
        for index, doc in enumerate(docs):
            if not isinstance(doc, dict):
                raise InputError(
                    _("{name}: {kind} record {number} is not an object").format(
                        name=name, kind=table.value, number=index + 1
                    )
                )
            parsed.records.append(RawRecord(table, doc, None, index, cells=False))
    return parsed


def _check_document_header(document: dict[str, Any], name: str) -> None:
    unknown = [key for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        raise InputError(
            _("{name}: unknown key '{key}' in the document; expected {keys}").format(
                name=name, key=unknown[0], keys=", ".join(DOCUMENT_KEYS)
            )
        )
    version = document["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(
            _("{name}: schema_version must be a positive integer, not {version!r}").format(name=name, version=version)
        )
    if version > SCHEMA_VERSION:
        raise InputError(
            _(
                "{name} has schema version {version}, newer than this pohang understands "
                "({SCHEMA_VERSION}); upgrade pohang"
            ).format(name=name, version=version, SCHEMA_VERSION=SCHEMA_VERSION)
        )
    next_id = document.get("next_milestone_id")
    if next_id is not None and (isinstance(next_id, bool) or not isinstance(next_id, int) or next_id < 1):
        raise InputError(
            _("{name}: next_milestone_id must be a positive integer, not {next_id!r}").format(
                name=name, next_id=next_id
            )
        )


def _parse_csv(text: str, name: str, kind: Kind | None) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed = ParsedFile(name, "csv", [])
    try:
        header: list[str] | None = None
        header_line = 0
        previous_line = 0
        for cells in reader:
            start, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, as spreadsheets leave them
            if header is None:
                header, header_line = [cell.strip().casefold() for cell in cells], start
                kind = kind or guess_kind(header)
                if kind is None:
                    raise InputError(
                        _(
                            "{name} line {start}: cannot tell which kind of record the columns describe; add --kind"
                        ).format(name=name, start=start)
                    )
                _check_header(header, kind, name, start)
                continue
            if len(cells) != len(header):
                raise InputError(
                    _(
                        "{name} line {start}: {cells_count} cells, but the header (line {header_line}) has "
                        "{header_count} columns"
                    ).format(
                        name=name,
                        start=start,
                        cells_count=len(cells),
                        header_line=header_line,
                        header_count=len(header),
                    )
                )
            assert kind is not None  # set with the header
            parsed.records.append(RawRecord(kind, dict(zip(header, cells, strict=True)), start, 0, cells=True))
    except csv.Error as error:
        raise InputError(
            _("{name} line {line_num}: not valid CSV ({error})").format(
                name=name, line_num=reader.line_num, error=error
            )
        ) from None
    return parsed


def _check_header(header: list[str], kind: Kind, name: str, line: int) -> None:
    valid = FIELDS[kind]
    unknown = [column for column in header if column not in valid]
    if unknown:
        raise InputError(
            _("{name} line {line}: unknown column '{column}' for {kind}; valid columns: {columns}").format(
                name=name, line=line, column=unknown[0], kind=kind.value, columns=",".join(valid)
            )
        )
    repeated = [column for column in set(header) if header.count(column) > 1]
    if repeated:
        raise InputError(
            _("{name} line {line}: column '{column}' appears twice").format(name=name, line=line, column=repeated[0])
        )
    missing = [column for column in valid if column in REQUIRED[kind] and column not in header]
    if missing:
        raise InputError(
            _("{name} line {line}: {kind} need a column '{column}'").format(
                name=name, line=line, kind=kind.value, column=missing[0]
            )
        )
