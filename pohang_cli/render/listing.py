"""Listings that fit the console without cutting anything that carries meaning.

Rich's Table, left to itself on a narrow console, shrinks every column and crops what no longer fits with an
ellipsis: an id loses its end, a status word its last syllable, `(1,354억 원)` its 억. Here each column is
either kept whole (ids, numbers, dates, status words: never narrower than its longest line) or wraps (names,
titles, notes: by word, folding only a word longer than the column, so no character is lost). The widths are
worked out here and handed to the Table fixed, so Rich has nothing left to shrink. Where even the whole
columns and the narrowest wrapping ones do not fit, each row is shown as a block of `header  value` lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pohang_cli.render.grid import WORD_LIMIT

Justify = Literal["left", "right"]

# A wrapping column is never made narrower than this, nor than its longest word up to WORD_LIMIT.
WRAP_MIN_WIDTH = 10
# Between two columns: the right padding of one, the divider of SIMPLE_HEAD (a space), the left padding of
# the next.
GAP = 3


class Field(NamedTuple):
    """A column of a listing: its header, how it is justified, and whether its text may wrap."""

    header: str
    justify: Justify = "left"
    wrap: bool = False
    max_width: int | None = None
    first_line_whole: bool = False  # a wrapping column whose cells start with an id: that line never wraps
    ids_whole: bool = False  # a wrapping column whose text names records (doctor's problems): no id is ever folded


def listing(
    fields: Sequence[Field], rows: Sequence[Sequence[Text]], width: int, title: str | None = None
) -> RenderableType:
    """The rows as a table `width` cells wide at most, or as blocks of lines where no table fits.

    Args:
        fields: the columns, left to right.
        rows: one Text per field in each row.
        width: the console's width.
        title: a line above the table, left-justified.
    """
    widths = column_widths(fields, rows, width)
    if widths is None:
        return _blocks(fields, rows, width, title)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=title, title_justify="left")
    for field, column_width in zip(fields, widths, strict=True):
        table.add_column(
            field.header, justify=field.justify, no_wrap=not field.wrap, overflow="fold", width=column_width
        )
    for row in rows:
        table.add_row(*row)
    return table


def column_widths(fields: Sequence[Field], rows: Sequence[Sequence[Text]], width: int) -> list[int] | None:
    """Each column's width without padding, or None where the whole columns leave the wrapping ones no room."""
    natural = [_longest_line(field.header, rows, index) for index, field in enumerate(fields)]
    floors = []
    for index, field in enumerate(fields):
        if not field.wrap:
            floors.append(natural[index])
            continue
        if field.max_width is not None:
            natural[index] = min(natural[index], max(field.max_width, _longest_word(rows, index)))
        floor = max(WRAP_MIN_WIDTH, min(WORD_LIMIT, _longest_word(rows, index)))
        if field.ids_whole:
            floor = max(floor, _longest_id_word(rows, index))
            natural[index] = max(natural[index], floor)
        if field.first_line_whole:
            floor = max(floor, _longest_first_line(rows, index))
            natural[index] = max(natural[index], floor)
        floors.append(min(natural[index], floor))
    room = width - GAP * (len(fields) - 1)
    spare = room - sum(floors)
    if spare < 0:
        return None
    widths = list(floors)
    # What is left goes to the wrapping columns a cell at a time, the narrowest first: a short text gets all it
    # needs to stay on one line before a long one is widened.
    wanting = [index for index, field in enumerate(fields) if field.wrap and widths[index] < natural[index]]
    while spare > 0 and wanting:
        index = min(wanting, key=lambda i: (widths[i], i))
        widths[index] += 1
        spare -= 1
        if widths[index] >= natural[index]:
            wanting.remove(index)
    return widths


def _longest_line(header: str, rows: Sequence[Sequence[Text]], index: int) -> int:
    longest = cell_len(header)
    for row in rows:
        for line in row[index].plain.split("\n"):
            longest = max(longest, cell_len(line))
    return longest


def _longest_first_line(rows: Sequence[Sequence[Text]], index: int) -> int:
    return max((cell_len(row[index].plain.split("\n", 1)[0]) for row in rows), default=0)


def _longest_word(rows: Sequence[Sequence[Text]], index: int) -> int:
    return max((cell_len(word) for row in rows for word in row[index].plain.split()), default=0)


# A word that holds a record id: `battery.jobs`, `'battery.jobs@2030'에`, `battery.jobs:2025-H1`.
_ID_IN_WORD = re.compile(r"[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*")


def _longest_id_word(rows: Sequence[Sequence[Text]], index: int) -> int:
    words = (word for row in rows for word in row[index].plain.split() if _ID_IN_WORD.search(word))
    return max((cell_len(word) for word in words), default=0)


def _blocks(fields: Sequence[Field], rows: Sequence[Sequence[Text]], width: int, title: str | None) -> RenderableType:
    """Each row as lines of `header  value`, a blank line between rows: what a console too narrow for a table gets."""
    label_width = max(cell_len(field.header) for field in fields)
    value_width = max(1, width - label_width - 2)
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, width=label_width)
    grid.add_column(overflow="fold", width=value_width)
    for number, row in enumerate(rows):
        if number:
            grid.add_row("", "")
        for field, cell in zip(fields, row, strict=True):
            if cell.plain:
                grid.add_row(Text(field.header, style="bold"), cell)
    parts: list[RenderableType] = [grid]
    if title:
        parts.insert(0, Text(title))
    return Group(*parts)
