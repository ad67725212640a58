"""Reading import files: formats, kinds, and json/jsonl/csv/tsv parsed into raw records that keep their line.

Nothing here checks a record's fields (records.py does) or looks at the database (importing.py does); a
file that cannot be read at all (text in no encoding pohang reads, not valid JSON or CSV, a record of no
recognisable kind) fails here, with the line. Workbooks are read by workbook.py into the same records.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import orjson

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.limits import LARGEST_NUMBER
from pohang_cli.models import Kind
from pohang_cli.storage import RECORDS_VERSION
from pohang_cli.transfer.columns import FIELDS, Header, guess_kind, read_header
from pohang_cli.transfer.parsed import CFB_MAGIC, ZIP_MAGIC, ParsedFile, RawRecord

FORMATS = ("json", "jsonl", "csv", "tsv", "xlsx")
# Excel's "Unicode text" (UTF-16, tab-separated) is saved as .txt.
EXTENSIONS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "tsv",
    ".xlsx": "xlsx",
}
# `log_from_start` and `log`: the history `export --with-log` adds (transfer/history.py); a plain import
# reads the records and leaves the history out.
DOCUMENT_KEYS = ("schema_version", "next_milestone_id", *(kind.value for kind in Kind), "log_from_start", "log")
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
    """The format, lower-cased; raises InputError unless it is json, jsonl, csv, tsv or xlsx."""
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
    if lowered.endswith(".xls"):
        # Excel 97-2003's binary format: recognised by its name so that the advice is what to do, not --format.
        raise InputError(
            _(
                "'{name}' is an Excel 97-2003 workbook (.xls), which pohang does not read; open it in Excel or "
                "LibreOffice and save it as an Excel workbook (.xlsx), then import that"
            ).format(name=name)
        )
    return next((fmt for ext, fmt in EXTENSIONS.items() if lowered.endswith(ext)), None)


def sniff_format(data: bytes) -> str:
    """The format of unnamed input (stdin): a `[` or a multi-line object is json, one object a line jsonl, else csv."""
    if data.startswith((ZIP_MAGIC, CFB_MAGIC)):
        return "xlsx"
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


# ---------------------------------------------------------------------------------------------------
# Parsing


class Problems:
    """Problems found in a file, each with its record and field; raised together, in file order, as one InputError."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.items: list[tuple[RawRecord, str, str]] = []
        self._json_lines: dict[str | None, list[int]] = {}

    def add(self, raw: RawRecord, field_name: str, reason: str) -> None:
        self.items.append((raw, field_name, reason))

    def describe(self, raw: RawRecord, field_name: str, reason: str) -> str:
        """`reason`, said of a record of this file: its line (or sheet, row and column) and field."""
        return self._problem(self.parsed.name, raw, field_name, reason)

    def _problem(self, name: str, raw: RawRecord, field_name: str, reason: str) -> str:
        """One problem: the file, where in it (line, or sheet, row and column), the field and the reason."""
        if raw.sheet is not None:
            letter = self.parsed.columns.get(raw.sheet, {}).get(field_name)
            if letter is not None:
                return _("{name} sheet '{sheet}' row {row}, column {column} ({field}): {reason}").format(
                    name=name, sheet=raw.sheet, row=raw.line, column=letter, field=field_name, reason=reason
                )
            return _("{name} sheet '{sheet}' row {row}, field '{field}': {reason}").format(
                name=name, sheet=raw.sheet, row=raw.line, field=field_name, reason=reason
            )
        return _("{name} {place}, field '{field}': {reason}").format(
            name=name, place=self._line(raw), field=field_name, reason=reason
        )

    def _line(self, raw: RawRecord) -> str:
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

        sheets: dict[str | None, int] = {sheet: n for n, sheet in enumerate(self.parsed.columns)}  # workbook order

        def file_order(item: tuple[RawRecord, str, str]) -> tuple[int, int, int, int, int]:
            raw, field_name, _ = item
            fields = FIELDS[raw.kind]
            column = fields.index(field_name) if field_name in fields else len(fields)
            return (sheets.get(raw.sheet, 0), raw.line or 0, kinds.index(raw.kind), raw.index, column)

        ordered = sorted(self.items, key=file_order)
        name = self.parsed.name
        messages = [self._problem(name, raw, field_name, reason) for raw, field_name, reason in ordered[:MAX_REPORTED]]
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


# The encodings a csv or tsv may come in, in the order they are tried (after the BOMs):
# UTF-8 first, since valid UTF-8 is almost never meant as CP949; CP949 (a superset of EUC-KR) is what
# Korean Excel writes for "CSV (comma delimited)"; UTF-16 is Excel's "Unicode text" and always has a BOM.
ENCODINGS_TRIED = ("UTF-8 BOM", "UTF-16LE", "UTF-16BE", "UTF-8", "CP949/EUC-KR")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a csv or tsv file and the name of the encoding it was found in.

    Raises:
        InputError: the bytes are text in none of ENCODINGS_TRIED; the message gives the line where
            decoding failed.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data[3:], "utf-8", name, data[:3]), "UTF-8 BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode_as(data[2:], codec, name, data[:2]), f"UTF-16{codec[-2:].upper()}"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return _decode_as(data, "cp949", name, b""), "CP949/EUC-KR"


def _decode_as(data: bytes, codec: str, name: str, bom: bytes) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, errors="replace")
        line = before.count("\n") + 1
        where = {"name": name, "line": line, "byte": error.start + len(bom)}
        if codec == "cp949":  # the last encoding tried, after UTF-8
            message = _(
                "{name} line {line}: not text in UTF-8 or CP949/EUC-KR (byte {byte}); "
                'save it from Excel as "CSV UTF-8 (comma delimited)" and import it again'
            )
        else:
            where["encoding"] = "UTF-16" if codec.startswith("utf-16") else "UTF-8"
            message = _(
                "{name} line {line}: not text in {encoding} (byte {byte}); "
                'save it from Excel as "CSV UTF-8 (comma delimited)" and import it again'
            )
        raise InputError(message.format(**where)) from None


def parse(data: bytes, name: str, fmt: str, kind: Kind | None = None, *, ignore_extra: bool = False) -> ParsedFile:
    """Read the records of an input file without checking them.

    Args:
        data: the file's bytes: json and jsonl in UTF-8 (a BOM allowed); csv and tsv in any encoding of
            ENCODINGS_TRIED; xlsx a workbook.
        name: how messages name the file (`-` is shown as `stdin`).
        fmt: json, jsonl, csv, tsv or xlsx.
        kind: the kind of every record; without it each record's kind is recognised from its fields.
        ignore_extra: csv, tsv and xlsx: leave out columns that are no field of the kind, instead of refusing.

    Raises:
        InputError: the file cannot be decoded, is not valid json/jsonl/csv/xlsx, or a record's kind
            cannot be told.
    """
    if fmt == "xlsx":
        from pohang_cli.transfer.workbook import read_workbook

        return read_workbook(data, name, kind, ignore_extra=ignore_extra)
    if fmt in ("csv", "tsv"):
        text, encoding = decode_text(data, name)
        # A CSV with a UTF-8 BOM was made for (or by) a spreadsheet: its text cells may carry a defusing `'`.
        spreadsheet = encoding == "UTF-8 BOM"
        parsed = _parse_csv(text, name, kind, _delimiter(text, fmt), ignore_extra, spreadsheet=spreadsheet)
        parsed.encoding = encoding
        return parsed
    text = _decode(data, name)
    if fmt == "jsonl":
        return _parse_jsonl(text, name, kind)
    return _parse_json(text, name, kind)


def _delimiter(text: str, fmt: str) -> str:
    """Tab for tsv, comma for csv, unless the header line has only the other (a .txt saved as CSV, say)."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if fmt == "tsv":
        return "," if "," in first and "\t" not in first else "\t"
    return "\t" if "\t" in first and "," not in first else ","


def _kind_of(doc: dict[str, Any], kind: Kind | None, name: str, where: str, number: int) -> Kind:
    """The record's kind: `kind`, else the one its fields tell; `where` names the record by its `number`."""
    if kind is not None:
        return kind
    guessed = guess_kind(doc)
    if guessed is None:
        # `where` is formatted only here: a file of 100,000 records would format it for each.
        raise InputError(
            _("{name} {where}: cannot tell which kind of record this is; add --kind").format(
                name=name, where=where.format(number=number)
            )
        )
    return guessed


def _parse_jsonl(text: str, name: str, kind: Kind | None) -> ParsedFile:
    parsed = ParsedFile(name, "jsonl", [])
    counts: dict[Kind, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.isspace():  # not `strip()`: it would copy every line
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
        record_kind = _kind_of(doc, kind, name, _("line {number}"), number)
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
            record_kind = _kind_of(doc, kind, name, _("record {number}"), index + 1)
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
    if version > RECORDS_VERSION:
        raise InputError(
            _(
                "{name} has schema version {version}, newer than this pohang understands "
                "({SCHEMA_VERSION}); upgrade pohang"
            ).format(name=name, version=version, SCHEMA_VERSION=RECORDS_VERSION)
        )
    next_id = document.get("next_milestone_id")
    if next_id is not None and (isinstance(next_id, bool) or not isinstance(next_id, int) or next_id < 1):
        raise InputError(
            _("{name}: next_milestone_id must be a positive integer, not {next_id!r}").format(
                name=name, next_id=next_id
            )
        )
    if next_id is not None and next_id > LARGEST_NUMBER:
        raise InputError(
            _("{name}: next_milestone_id runs from 1 to {largest}, not {next_id}").format(
                name=name, largest=LARGEST_NUMBER, next_id=next_id
            )
        )


def _line_of(name: str, line: int) -> Callable[[int | None], str]:
    def where(_column: int | None) -> str:
        return _("{name} line {line}").format(name=name, line=line)

    return where


def _parse_csv(
    text: str, name: str, kind: Kind | None, delimiter: str, ignore_extra: bool, *, spreadsheet: bool = False
) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    fmt = "tsv" if delimiter == "\t" else "csv"
    parsed = ParsedFile(name, fmt, [])
    try:
        header: Header | None = None
        header_line = 0
        previous_line = 0
        for cells in reader:
            start, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, as spreadsheets leave them
            if header is None:
                header_line = start
                header = read_header(cells, kind, ignore_extra=ignore_extra, where=_line_of(name, start))
                continue
            if len(cells) != len(header.keys):
                raise InputError(
                    _(
                        "{name} line {start}: {cells_count} cells, but the header (line {header_line}) has "
                        "{header_count} columns"
                    ).format(
                        name=name,
                        start=start,
                        cells_count=len(cells),
                        header_line=header_line,
                        header_count=len(header.keys),
                    )
                )
            doc = {key: cell for key, cell in zip(header.keys, cells, strict=True) if key is not None}
            if spreadsheet:
                from pohang_cli.transfer.formulas import TEXT_FIELDS, restored

                doc = {key: restored(cell) if key in TEXT_FIELDS else cell for key, cell in doc.items()}
            parsed.records.append(RawRecord(header.kind, doc, start, 0, cells=True))
    except csv.Error as error:
        raise InputError(
            _("{name} line {line_num}: not valid CSV ({error})").format(
                name=name, line_num=reader.line_num, error=error
            )
        ) from None
    return parsed
