"""Workbooks written with XlsxWriter: the one module that imports it (export, template and the report's workbook).

A workbook is described as data (sheets of typed cells, column formats, drop-down lists, fills) and written
here in one call, so the callers never touch the library. The bytes depend only on that description: the
creation time in the document properties is fixed and XlsxWriter dates every zip member 1980-01-01, so
the same database gives the same file (`export -o a.xlsx` twice compares equal).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

# Dates of the document properties: fixed, so a workbook is a function of its content alone.
_CREATED = datetime(2026, 1, 1)
# Column widths, in characters: a Hangul syllable takes two. Wider than the cap reads badly on a laptop.
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0
# Widths are measured on the first rows only: 100,000 observations would cost more than they say.
_WIDTH_SAMPLE_ROWS = 500
# XlsxWriter writes numbers with 16 significant digits; a float that needs 17 is written as text instead
# (its repr), which import reads back exactly.
_DIGITS = ".16G"

DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True, slots=True)
class Column:
    """How one column is written: its header, number format, and an optional fixed width."""

    header: str
    number_format: str | None = None  # for numeric cells, e.g. "#,##0.##" or '0.0"%"'
    integer_format: str | None = None  # for integral numbers, when number_format would end them in a bare "."
    indent: bool = False  # text set off from a number column on its left
    wrap: bool = False  # long text wraps inside the column's width
    width: float | None = None  # None: measured from the header and the first rows
    choices: str | tuple[str, ...] | None = None  # a drop-down: a range ("=reference!$A$2:$A$14") or the values


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a header row, then rows of cells (None, str, bool, int, float, date).

    `fills` colours single cells: (row index into `rows`, column index) -> "#RRGGBB" background, with white
    text when the fill is dark. Rows of text only (`notes`) are written above the header when given.
    """

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    notes: Sequence[str] = ()
    header: bool = True  # frozen header row with an autofilter
    entry_rows: int = 0  # rows below the data that keep the drop-downs (an entry sheet)
    wrap: bool = False  # long text wraps inside its column (the instructions sheet)
    printed: bool = False  # set up for print: A4 landscape, one page wide, the header row on every page
    print_columns: int | None = None  # print only the first columns (the rest are for sorting and pasting)


def display_width(text: str) -> float:
    """How many character widths `text` takes in a spreadsheet column (East Asian wide letters count two)."""
    return float(sum(2 if "\u1100" <= char <= "\ud7ff" or "\u3000" <= char <= "\u9fff" else 1 for char in text))


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file of these sheets, in order.

    Args:
        sheets: the worksheets; the first is the one a reader sees on opening.

    Returns:
        The workbook's bytes; the same sheets give the same bytes.
    """
    buffer = io.BytesIO()
    _write(xlsxwriter.Workbook(buffer, {**_WORKBOOK_OPTIONS, "in_memory": True}), sheets)
    return buffer.getvalue()


def write_workbook(sheets: Sequence[Sheet], path: Path) -> None:
    """Write the .xlsx file of these sheets to `path` in constant memory: each row is flushed once written.

    For workbooks of 100,000 rows: XlsxWriter otherwise keeps every cell (and a table of every distinct
    string) until it closes. The rows of each sheet must come in order, as `Sheet.rows` gives them; the
    strings are written inline, so the same sheets still give the same bytes.
    """
    options = {**_WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(path.parent)}
    _write(xlsxwriter.Workbook(str(path), options), sheets)


_WORKBOOK_OPTIONS = {
    # Text is written as text: never a formula (a note starting "="), a number or a link.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": DATE_FORMAT,
}


def _write(workbook: Any, sheets: Sequence[Sheet]) -> None:
    """Fill an open workbook with the sheets, in order, and close it (which writes it)."""
    workbook.set_properties({"created": _CREATED})
    formats = _Formats(workbook)
    for sheet in sheets:
        _write_sheet(workbook.add_worksheet(sheet.name), sheet, formats)
    workbook.close()


class _Formats:
    """The cell formats of one workbook, each made once (XlsxWriter keeps every format object it is given)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.note = workbook.add_format({"italic": True, "font_color": "#59636E"})

    def get(
        self,
        number_format: str | None = None,
        fill: str | None = None,
        *,
        indent: bool = False,
        wrap: bool = False,
        header: bool = False,
    ) -> Any:
        key = (number_format, fill, indent, wrap, header)
        found = self.cache.get(key)
        if found is None:
            properties: dict[str, Any] = {}
            if indent:
                properties["indent"] = 1
            if wrap:
                # Bottom-aligned like every other cell: Hangul and Latin glyphs of a row share that line.
                properties["text_wrap"] = True
            if number_format and header:
                properties["align"] = "right"  # over a column of numbers
            elif number_format:
                properties["num_format"] = number_format
            if fill:
                properties["bg_color"] = fill
                properties["font_color"] = "#FFFFFF" if _is_dark(fill) else "#1F2328"
                properties["bold"] = True
            if header:
                properties.update({"bold": True, "bg_color": "#F2F4F7", "bottom": 1, "valign": "top"})
            found = self.cache[key] = self.workbook.add_format(properties)
        return found

    def of(self, column: Column, sheet: Sheet, fill: str | None = None, number_format: str | None = None) -> Any:
        """The format of a cell of `column`: its number format (or another), indent, wrapping and fill."""
        wrap = column.wrap or sheet.wrap
        if not (column.number_format or number_format or column.indent or wrap or fill):
            return None
        return self.get(number_format or column.number_format, fill, indent=column.indent, wrap=wrap)


def _is_dark(colour: str) -> bool:
    red, green, blue = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 150


def _write_sheet(worksheet: Any, sheet: Sheet, formats: _Formats) -> None:
    columns = sheet.columns
    top = 0
    for note in sheet.notes:
        worksheet.write_string(top, 0, note, formats.note)
        top += 1
    if sheet.notes:
        top += 1  # a blank row between the notes and the table
    header_row = top
    if sheet.header:
        for col, column in enumerate(columns):
            header_format = formats.get(column.number_format, header=True, indent=column.indent)
            worksheet.write_string(header_row, col, column.header, header_format)
        top += 1
    widths, last_row = _write_rows(worksheet, sheet, formats, top)
    for col, column in enumerate(columns):
        # The column's format also holds for cells a person types later (a text column keeps `2024-06` as text).
        column_format = formats.of(column, sheet)
        worksheet.set_column(col, col, column.width or min(max(widths[col], _MIN_WIDTH), _MAX_WIDTH), column_format)
        if column.choices:
            last_entry = max(last_row, top + sheet.entry_rows - 1)
            worksheet.data_validation(
                top,
                col,
                last_entry,
                col,
                {
                    "validate": "list",
                    "source": column.choices if isinstance(column.choices, str) else list(column.choices),
                    "error_title": column.header,
                    "error_message": "목록에서 고르십시오. Pick a value from the list.",
                },
            )
    if sheet.printed:
        worksheet.set_paper(9)  # A4
        worksheet.set_landscape()
        worksheet.fit_to_pages(1, 0)
        worksheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if sheet.header:
            worksheet.repeat_rows(header_row)
        if sheet.print_columns is not None:
            worksheet.print_area(0, 0, max(last_row, header_row), sheet.print_columns - 1)
    if sheet.header:
        worksheet.freeze_panes(header_row + 1, 0)
        worksheet.autofilter(header_row, 0, max(last_row, header_row), max(len(columns) - 1, 0))


def _write_plain_rows(worksheet: Any, sheet: Sheet, top: int) -> tuple[list[float], int]:
    """Rows of unformatted cells (an export), a row per call: 100,000 rows in two thirds of the time."""
    widths = [display_width(column.header) + 2 for column in sheet.columns]
    write_row = worksheet.write_row
    row_number = top - 1
    for index, given in enumerate(sheet.rows):
        row_number = top + index
        cells = given
        for col, value in enumerate(given):
            if value.__class__ is float and float(format(value, _DIGITS)) != value:
                cells = list(cells)
                cells[col] = repr(value)
        if index < _WIDTH_SAMPLE_ROWS:
            for col, value in enumerate(cells):
                if value is not None:
                    widths[col] = max(widths[col], display_width(_shown(value)) + 2)
        write_row(row_number, 0, cells)
    return widths, row_number


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "FALSE"
    if isinstance(value, int | float):
        return format(value, _DIGITS)
    if isinstance(value, date):
        return "2024-06-30"
    return str(value)


def _write_rows(worksheet: Any, sheet: Sheet, formats: _Formats, top: int) -> tuple[list[float], int]:
    """Write the cells of every row from row `top` down; the widths they need, and the last row written."""
    columns = sheet.columns
    if not (sheet.fills or sheet.wrap or any(c.number_format or c.indent or c.wrap for c in columns)):
        return _write_plain_rows(worksheet, sheet, top)
    widths = [display_width(column.header) + 2 for column in columns]
    column_formats = [formats.of(column, sheet) for column in columns]
    write_string, write_number = worksheet.write_string, worksheet.write_number  # the inner loop
    row_number = top - 1
    for index, cells in enumerate(sheet.rows):
        row_number = top + index
        measure = index < _WIDTH_SAMPLE_ROWS
        lines = 1
        for col, value in enumerate(cells):
            if value is None or value == "":
                continue
            fill = sheet.fills.get((index, col)) if sheet.fills else None
            column = columns[col]
            cell_format = formats.of(column, sheet, fill) if fill else column_formats[col]
            if isinstance(value, str):
                write_string(row_number, col, value, cell_format)
                shown = value
            elif isinstance(value, bool):
                worksheet.write_boolean(row_number, col, value, cell_format)
                shown = "FALSE"
            elif isinstance(value, int | float):
                # A formatted number is for reading (a report); an unformatted one must read back exactly.
                if not column.number_format and isinstance(value, float) and float(format(value, _DIGITS)) != value:
                    shown = repr(value)
                    write_string(row_number, col, shown, cell_format)
                else:
                    if column.integer_format is not None and float(value).is_integer():
                        cell_format = formats.of(column, sheet, fill, column.integer_format)
                    write_number(row_number, col, value, cell_format)
                    shown = format(value, ",.0f") if column.number_format else format(value, _DIGITS)
            elif isinstance(value, date):
                day = datetime(value.year, value.month, value.day)
                worksheet.write_datetime(row_number, col, day, formats.of(column, sheet, fill, DATE_FORMAT))
                shown = "2024-06-30"
            else:
                raise TypeError(f"cannot write {value!r} to a workbook cell")
            if column.wrap or sheet.wrap:
                lines = max(lines, _lines(shown, column.width or _MAX_WIDTH))
            elif measure:
                widths[col] = max(widths[col], display_width(shown) + 2)
        if lines > 1:  # spreadsheet programs do not grow a row for wrapped text when they open a file
            worksheet.set_row(row_number, _LINE_HEIGHT * lines)
    return widths, row_number


_LINE_HEIGHT = 15  # points, the default row height


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (words kept whole, roughly)."""
    usable = max(width - 2, 1)
    lines, current = 1, 0.0
    for word in text.split(" "):
        size = display_width(word)
        if current and current + 1 + size > usable:
            lines += 1
            current = size
        else:
            current += size + (1 if current else 0)
    return lines
