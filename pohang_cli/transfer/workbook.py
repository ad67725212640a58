"""Reading .xlsx workbooks into raw records: the one module that imports python-calamine.

calamine reads the cell values (0.6 s for 100,000 rows, openpyxl 7.1 s: pyproject.toml), but it shows a
formula by its cached result and an error cell (`#REF!`) as an empty cell. So before any value is read,
the sheets' XML is searched for formulas and error cells, and each sheet's merged ranges are looked at:
a workbook holding any of them is refused naming the cell, since its values are not what a person sees
or typed. An encrypted workbook is an OLE compound file rather than a zip, and is recognised by that.

Every sheet named after a kind is read (or the one sheet `--kind` names); other sheets (a reference
list, instructions) are left alone. Rows are numbered as Excel shows them, columns by their letters.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree

import python_calamine

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Kind
from pohang_cli.transfer.columns import read_header
from pohang_cli.transfer.parsed import CFB_MAGIC, ZIP_MAGIC, ParsedFile, RawRecord

# How a cell of each field is read: numbers stay numbers, dates become ISO text, everything else is text.
NUMERIC_FIELDS = frozenset({"value", "baseline", "order"})
BOOLEAN_FIELDS = frozenset({"provisional"})
# Floats with an integral value below this are exactly an int: `2024` in a date column is the year 2024.
_EXACT_INTEGERS = 2**53
# "EncryptionInfo" as the OLE directory stores stream names (UTF-16LE): an encrypted OOXML package.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A formula element (<f>, or <x:f> from writers that prefix the namespace) and an error cell (t="e").
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_CELL_START = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="([A-Z]+[0-9]+)"')


def column_letter(index: int) -> str:
    """The letters Excel names a column by: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """`B5` for the zero-based row 4, column 1."""
    return f"{column_letter(column)}{row + 1}"


def read_workbook(data: bytes, name: str, kind: Kind | None, *, ignore_extra: bool = False) -> ParsedFile:
    """The records of every sheet named after a kind (or of the sheet of `kind`), each with its sheet and row.

    Args:
        data: the workbook's bytes.
        name: how messages name the file.
        kind: read only this kind's sheet (or the workbook's only sheet, whatever its name).
        ignore_extra: leave out columns that are no field of the kind, instead of refusing them.

    Raises:
        InputError: not an .xlsx (an encrypted workbook, an .xls, anything else), no sheet to read, a formula,
            an error cell or a merged cell in a sheet that is read, or a header that does not fit the kind.
    """
    _refuse_other_containers(data, name)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise InputError(
            _("{name} is password-protected; save a copy without the password and import that").format(name=name)
        ) from None
    except (python_calamine.CalamineError, ValueError) as error:
        raise InputError(
            _("{name} is not a readable .xlsx workbook ({error}); save it again from Excel").format(
                name=name, error=error
            )
        ) from None
    chosen = _sheets_to_read(workbook.sheet_names, name, kind)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _sheet_parts(archive)
        for sheet_name, _kind in chosen:
            part = parts.get(sheet_name)
            if part is not None:
                _refuse_formulas_and_errors(archive.read(part), name, sheet_name)
    parsed = ParsedFile(name, "xlsx", [])
    for sheet_name, sheet_kind in chosen:
        sheet = workbook.get_sheet_by_name(sheet_name)
        merged = sheet.merged_cell_ranges or []
        if merged:
            (first_row, first_col), (last_row, last_col) = min(merged)
            where = f"{cell_name(first_row, first_col)}:{cell_name(last_row, last_col)}"
            raise InputError(
                _(
                    "{name} sheet '{sheet}' cells {cells} are merged; unmerge them "
                    "(one heading or value per cell) and import again"
                ).format(name=name, sheet=sheet_name, cells=where)
            )
        _read_sheet(sheet.to_python(skip_empty_area=False), parsed, sheet_name, sheet_kind, ignore_extra)
    return parsed


def _refuse_other_containers(data: bytes, name: str) -> None:
    if data.startswith(CFB_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise InputError(
                _(
                    "{name} is password-protected (an encrypted workbook); open it in Excel, remove the password "
                    "(File > Info > Protect Workbook) and save a copy, then import that"
                ).format(name=name)
            )
        raise InputError(
            _("{name} is an Excel 97-2003 workbook (.xls); save it as .xlsx and import that").format(name=name)
        )
    if not data.startswith(ZIP_MAGIC):
        raise InputError(
            _("{name} is not an .xlsx workbook; give a workbook, or --format csv for text").format(name=name)
        )


def _sheets_to_read(names: list[str], file_name: str, kind: Kind | None) -> list[tuple[str, Kind]]:
    by_kind = {sheet.strip().casefold(): sheet for sheet in names}
    if kind is not None:
        if kind.value in by_kind:
            return [(by_kind[kind.value], kind)]
        if len(names) == 1:
            return [(names[0], kind)]
        listed = ", ".join(f"'{n}'" for n in names)
        raise InputError(
            _("{name} has no sheet named '{kind}' (its sheets: {sheets}); rename the sheet").format(
                name=file_name, kind=kind.value, sheets=listed
            )
        )
    chosen = [(by_kind[k.value], k) for k in Kind if k.value in by_kind]
    if not chosen:
        listed = ", ".join(f"'{n}'" for n in names)
        kinds = ", ".join(k.value for k in Kind)
        raise InputError(
            _(
                "{name} has no sheet named after a kind of record (its sheets: {sheets}); "
                "name a sheet {kinds}, or add --kind to read its only sheet"
            ).format(name=file_name, sheets=listed, kinds=kinds)
        )
    return chosen


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its XML part in the package, from the workbook part and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_PACKAGE_REL_NS}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = part
    return parts


def _refuse_formulas_and_errors(xml: bytes, name: str, sheet: str) -> None:
    # A plain search first: most sheets hold neither, and 100,000 rows are 10 MB of XML.
    if b"f>" in xml or b"f " in xml:
        found = _FORMULA.search(xml)
        if found is not None:
            cell = _cell_before(xml, found.start())
            raise InputError(
                _(
                    "{name} sheet '{sheet}' cell {cell} holds a formula; paste it as values "
                    "(Paste Special > Values) and import again"
                ).format(name=name, sheet=sheet, cell=cell)
            )
    found = _ERROR_TYPE.search(xml) if b't="e"' in xml else None
    if found is not None:
        cell = _cell_before(xml, found.end())
        raise InputError(
            _("{name} sheet '{sheet}' cell {cell} holds an error value such as #REF!; fix it and import again").format(
                name=name, sheet=sheet, cell=cell
            )
        )


def _cell_before(xml: bytes, position: int) -> str:
    start = xml.rfind(b"<", 0, position)
    while start > 0:
        found = _CELL_START.match(xml, start)
        if found is not None:
            return found.group(1).decode("ascii")
        start = xml.rfind(b"<", 0, start)
    return "?"


def _read_sheet(rows: list[list[Any]], parsed: ParsedFile, sheet: str, kind: Kind, ignore_extra: bool) -> None:
    header_row = next((r for r, cells in enumerate(rows) if any(_is_filled(c) for c in cells)), None)
    if header_row is None:
        parsed.columns[sheet] = {}
        return  # an empty sheet: nothing to import from it
    headings = []
    for col, value in enumerate(rows[header_row]):
        if _is_filled(value) and not isinstance(value, str):
            raise InputError(
                _("{name} sheet '{sheet}' cell {cell}: a heading must be text, not {value}").format(
                    name=parsed.name, sheet=sheet, cell=cell_name(header_row, col), value=repr(value)
                )
            )
        headings.append(value if isinstance(value, str) else "")

    def where(col: int | None) -> str:
        if col is None:
            return _("{name} sheet '{sheet}' row {row}").format(name=parsed.name, sheet=sheet, row=header_row + 1)
        return _("{name} sheet '{sheet}' cell {cell}").format(
            name=parsed.name, sheet=sheet, cell=cell_name(header_row, col)
        )

    header = read_header(headings, kind, ignore_extra=ignore_extra, where=where)
    keys = header.keys
    parsed.columns[sheet] = {key: column_letter(col) for col, key in enumerate(keys) if key is not None}
    width = len(keys)
    # The inner loop of 100,000 rows: text cells (most of them) are taken as they are, empty ones left out
    # (a missing field and an empty cell read alike), and a row with nothing in it is skipped.
    for row_index in range(header_row + 1, len(rows)):
        doc: dict[str, Any] = {}
        for col, value in enumerate(rows[row_index]):
            if value.__class__ is str:
                if not value or (value[0].isspace() and not value.strip()):
                    continue
            elif value is None:
                continue
            key = keys[col] if col < width else None
            if key is None:
                if not (col < width and ignore_extra and headings[col].strip()):
                    raise InputError(
                        _(
                            "{name} sheet '{sheet}' cell {cell} has a value in a column without a heading; "
                            "give the column a heading or clear it"
                        ).format(name=parsed.name, sheet=sheet, cell=cell_name(row_index, col))
                    )
                continue
            doc[key] = value if value.__class__ is str else _cell_value(value, key, parsed.name, sheet, row_index, col)
        if doc:  # empty rows, and rows of styling alone, are no records
            parsed.records.append(RawRecord(kind, doc, row_index + 1, len(parsed.records), cells=True, sheet=sheet))


def _is_filled(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _cell_value(value: Any, key: str, name: str, sheet: str, row: int, col: int) -> Any:
    """A cell as the record readers take it: numbers where a number is wanted, dates as ISO text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value if key in BOOLEAN_FIELDS else ("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        integral = float(value).is_integer() and abs(value) < _EXACT_INTEGERS
        if key in NUMERIC_FIELDS or key == "id":  # a milestone's id and a sector's order are integers
            return int(value) if integral else value
        return str(int(value)) if integral else repr(float(value))
    if isinstance(value, datetime):
        return value.date().isoformat()  # a date cell is a day; a time of day on it is Excel's 00:00:00
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        raise InputError(
            _(
                "{name} sheet '{sheet}' cell {cell} ({field}) holds a time of day or a duration; give a date or a value"
            ).format(name=name, sheet=sheet, cell=cell_name(row, col), field=key)
        )
    return str(value)
