"""The status slide's tables, drawn straight to segments in the layout of Rich's borderless table.

Rich's Table measures every cell and renders each through Padding, Text and a segment cropper: 0.8 ms a
row, a quarter of a second for the 300 targets of a large database. The slide needs less. Its cells are a
few short lines of styled text, and only the first column wraps, so the widths of the others are their
longest lines and their lines are laid out as they are; the first column is wrapped with Rich's own
`Text.wrap`, folding a word longer than the column rather than cropping it. What comes out is, character for
character and style for style, what a `box.SIMPLE_HEAD` Table with `show_edge=False, pad_edge=False` draws
(tests/test_grid.py compares the two). Where the columns do not fit the console even with the first one at
its minimum, the Table draws it: that layout crops cells, and is not worth copying; the slide gives up
columns before it comes to that.

A grid may also carry a caption per row: a line drawn above the row across the whole table (the status slide
puts an indicator's id there when the id is wider than the first column can be), and notes: lines drawn below
the row across the table, indented (a target's revision and a person's assessment, too long for a column).
Table has no such rows; the grid without captions and notes is still the Table's drawing line for line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table

Justify = Literal["left", "right"]
Piece = tuple[str, str]  # a run of text and its style
Line = tuple[Piece, ...]

_BOX = box.SIMPLE_HEAD
# Words up to this many cells are kept whole by the columns that wrap (세포막단백질연구소 is 18 cells, an id in
# a sentence often more); a longer word folds across lines, and loses no character either way.
WORD_LIMIT = 24


class Cell:
    """Lines of styled pieces. `style` is the whole cell's, so also that of the spaces that justify a line."""

    __slots__ = ("_widths", "lines", "style")

    def __init__(self, lines: Sequence[Line], style: str = "") -> None:
        if any("\n" in text or "\t" in text for line in lines for text, _ in line):
            lines = _physical_lines(lines)  # stored text may hold newlines and tabs
        self.lines = lines
        self.style = style
        self._widths: list[int] | None = None

    @classmethod
    def of(cls, first: str, second: str | None = None, style: str = "", second_style: str = "dim") -> Cell:
        """A line of text in the cell's style, and an optional second line in `second_style` (dim)."""
        if second:
            return cls((((first, ""),), ((second, second_style),)), style)
        return cls((((first, ""),),), style)

    def __repr__(self) -> str:
        return f"Cell({self.lines!r}, style={self.style!r})"

    @property
    def plain(self) -> str:
        """The text without styles, lines joined by newlines."""
        return "\n".join(self.plain_lines())

    def plain_lines(self) -> list[str]:
        return ["".join(text for text, _ in line) for line in self.lines]

    def widths(self) -> list[int]:
        """How many terminal cells each line takes (worked out once: layout and drawing both ask)."""
        if self._widths is None:
            self._widths = [cell_len(line) for line in self.plain_lines()]
        return self._widths

    def to_text(self) -> Text:
        """The same cell as a Rich Text (styles of pieces as spans over the cell's style)."""
        text = Text(style=self.style)
        for number, line in enumerate(self.lines):
            if number:
                text.append("\n")
            for piece, style in line:
                text.append(piece, style=style or None)
        return text


class Column(NamedTuple):
    """A column's header and layout; widths count cells of the terminal, not characters."""

    header: str
    justify: Justify = "left"
    wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None


class Grid:
    """A table whose first column may wrap and whose other columns never do.

    Args:
        columns: the columns, left to right; only the first may have `wrap=True`.
        rows: one cell per column in each row.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        captions: Sequence[Cell] | None = None,
        notes: Sequence[Cell | None] | None = None,
    ) -> None:
        if any(column.wrap for column in columns[1:]):
            raise ValueError("only the first column of a grid may wrap")
        if captions is not None and len(captions) != len(rows):
            raise ValueError("a grid's captions are one per row")
        if notes is not None and len(notes) != len(rows):
            raise ValueError("a grid's notes are one (or None) per row")
        self.columns = columns
        self.rows = rows
        self.captions = captions
        self.notes = notes

    def __repr__(self) -> str:
        return f"Grid({self.columns!r}, {self.rows!r})"

    def to_table(self) -> Table:
        """The same table as a Rich Table (a caption or a note becomes a row of its own, in the first column)."""
        from rich.table import Table  # only where the grid does not fit: the status of the sample never needs it

        table = Table(box=_BOX, show_edge=False, pad_edge=False, expand=False)
        for column in self.columns:
            table.add_column(
                column.header,
                justify=column.justify,
                no_wrap=not column.wrap,
                min_width=column.min_width,
                max_width=column.max_width,
                ratio=1 if column.wrap else None,
                overflow="fold",
            )
        for number, row in enumerate(self.rows):
            if self.captions is not None:
                table.add_row(self.captions[number].to_text(), *([""] * (len(self.columns) - 1)))
            table.add_row(*(cell.to_text() for cell in row))
            note = None if self.notes is None else self.notes[number]
            if note is not None:
                table.add_row(note.to_text(), *([""] * (len(self.columns) - 1)))
        return table

    def fits(self, width: int) -> bool:
        """Whether the grid fits a console `width` cells wide without cropping a cell."""
        return self._widths(self._room(width)) is not None

    def _room(self, width: int) -> int:
        # What the cells share: the width less the one-space dividers between columns.
        return width - (len(self.columns) - 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(self._room(options.max_width))
        if widths is None:
            yield self.to_table()
            return
        drawing = _Drawing(console, self.columns, widths, options.max_width)
        yield from drawing.segments(self.rows, self.captions, self.notes)

    def _widths(self, max_width: int) -> list[int] | None:
        """Each column's width with its padding, as Rich's Table works it out; None where that would crop."""
        columns = self.columns
        pads = [_padding(index, len(columns)) for index in range(len(columns))]
        natural = [_longest_line(column, self.rows, index) for index, column in enumerate(columns)]
        unwrapped = (width + pad for column, width, pad in zip(columns, natural, pads, strict=True) if not column.wrap)
        if any(width > max_width for width in unwrapped):
            return None  # a line that does not wrap is wider than the console

        def measure(index: int, limit: int) -> int:
            column, pad = columns[index], pads[index]
            width = min(natural[index] + pad, limit) if natural[index] else pad
            if column.min_width is not None:
                width = max(width, column.min_width + pad)
            if column.max_width is not None:
                width = min(width, column.max_width + pad)
            return width or 1

        widths = [measure(index, max_width) for index in range(len(columns))]
        if any(
            natural[index] + pads[index] > widths[index] for index in range(len(columns)) if not columns[index].wrap
        ):
            return None  # a column narrower than its longest line, which Table would crop
        excess = sum(widths) - max_width
        if excess <= 0:
            return widths
        # Too wide: like Rich, narrow the wrapping column by the excess, then measure it again at that width.
        if not columns[0].wrap:
            return None
        widths[0] = measure(0, widths[0] - min(excess, widths[0]))
        if widths[0] <= pads[0] or sum(widths) > max_width:
            return None  # no room left for the wrapped text, or still too wide: Table crops
        return widths


# Notes under a row start this far in, so they read as the row's and not as the next.
NOTE_INDENT = "  "

# Rich's default: a tab reaches the next multiple of 8 cells.
TAB_SIZE = 8


def _physical_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines as a terminal shows them: split at newlines, tabs expanded as Rich expands them.

    A tab becomes a space, then spaces up to the next tab stop, all in the style of the tab's piece.
    """
    split: list[list[Piece]] = []
    for line in lines:
        split.append([])
        for text, style in line:
            first, *rest = text.split("\n")
            split[-1].append((first, style))
            split.extend([(part, style)] for part in rest)
    return [_expand_tabs(line) for line in split]


def _expand_tabs(line: list[Piece]) -> Line:
    expanded: list[Piece] = []
    position = 0  # cells from the start of the line
    for text, style in line:
        runs = []
        for number, run in enumerate(text.split("\t")):
            if number:  # a tab: a space, then spaces up to the next tab stop
                position += 1
                stop = -position % TAB_SIZE
                runs.append(" " * (1 + stop))
                position += stop
            runs.append(run)
            position += cell_len(run)
        if joined := "".join(runs):
            expanded.append((joined, style))
    return tuple(expanded)


def _padding(index: int, count: int) -> int:
    # One space either side of a cell, none at the table's outer edges (pad_edge=False).
    return (index > 0) + (index < count - 1)


def _longest_line(column: Column, rows: Sequence[Sequence[Cell]], index: int) -> int:
    # A header may take two lines ("기준 대비" over "진척"): its width is that of its longer line.
    header = max(cell_len(line) for line in column.header.split("\n"))
    return max([header, *(max(row[index].widths(), default=0) for row in rows)])


class _Drawing:
    """Segments of one grid at fixed widths, for one console."""

    def __init__(self, console: Console, columns: Sequence[Column], widths: list[int], max_width: int = 0) -> None:
        self.console = console
        self.max_width = max_width
        self.columns = columns
        self.widths = widths
        self.header_style = console.get_style("table.header")
        self._styles: dict[tuple[bool, str, str], Style] = {}

    def style(self, header: bool, base: str = "", piece: str = "") -> Style:
        """The style of a piece: the header's (bold) over the cell's, then the piece's own on top."""
        key = (header, base, piece)
        style = self._styles.get(key)
        if style is None:
            get = self.console.get_style
            style = (self.header_style if header else Style.null()) + get(base)
            if piece:
                style += get(piece)
            self._styles[key] = style
        return style

    def segments(
        self,
        rows: Sequence[Sequence[Cell]],
        captions: Sequence[Cell] | None = None,
        notes: Sequence[Cell | None] | None = None,
    ) -> Iterator[Segment]:
        headers = [Cell((((column.header, ""),),)) for column in self.columns]
        yield from self._row(headers, header=True)
        rule = _BOX.get_row(self.widths, "head", edge=False)
        yield Segment(rule)
        yield Segment.line()
        for number, row in enumerate(rows):
            if captions is not None:
                yield from self._caption(captions[number])
            yield from self._row(row, header=False)
            note = None if notes is None else notes[number]
            if note is not None:
                yield from self._caption(note, indent=NOTE_INDENT)

    def _caption(self, caption: Cell, indent: str = "") -> Iterator[Segment]:
        # Across the whole table (or the console, where the table is narrower), folded where it is wider still,
        # never cropped; padded to the table's width like its other lines. A note is indented under its row.
        table_width = sum(self.widths) + len(self.widths) - 1
        room = max(table_width, self.max_width) - len(indent)
        wrapped = caption.to_text().wrap(self.console, room, overflow="fold")
        for line in wrapped:
            if indent:
                line = Text(indent) + line  # noqa: PLW2901 - the indented line replaces the wrapped one
            line.pad_right(max(0, table_width - line.cell_len))
            yield from line.render(self.console)
            yield Segment.line()

    def _row(self, cells: Sequence[Cell], *, header: bool) -> Iterator[Segment]:
        count = len(self.columns)
        pad_style = self.style(header)
        drawn = [
            self._cell(cell, column, width, index, count, header)
            for index, (cell, column, width) in enumerate(zip(cells, self.columns, self.widths, strict=True))
        ]
        height = max(len(lines) for lines in drawn)
        for index, (lines, width) in enumerate(zip(drawn, self.widths, strict=True)):
            if len(lines) < height:
                blank = [[(" " * width, pad_style)]] * (height - len(lines))
                # A header sits on the bottom line of a taller header row; cells hang from the top.
                drawn[index] = blank + lines if header else lines + blank
        divider = (" ", self.style(False))
        for line_number in range(height):
            # Runs of one style become one segment (the console's cost is per segment); the styles come from
            # one cache, so the same style is the same object.
            texts: list[str] = []
            last: Style | None = None
            for index, lines in enumerate(drawn):
                for text, style in [divider, *lines[line_number]] if index else lines[line_number]:
                    if style is not last and texts:
                        yield Segment("".join(texts), last)
                        texts = []
                    texts.append(text)
                    last = style
            if texts:
                yield Segment("".join(texts), last)
            yield Segment.line()

    def _cell(
        self, cell: Cell, column: Column, width: int, index: int, count: int, header: bool
    ) -> list[list[tuple[str, Style]]]:
        left = " " if index > 0 else ""
        right = " " if index < count - 1 else ""
        inner = width - len(left) - len(right)
        if column.wrap and max(cell.widths(), default=0) > inner:
            lines = self._wrapped(cell, column, inner, header)
        else:  # lines that fit are laid out alike whether the column wraps or not
            lines = [
                self._line(line, line_width, cell.style, column.justify, inner, header)
                for line, line_width in zip(cell.lines, cell.widths(), strict=True)
            ]
        if left or right:
            pad_style = self.style(header)
            left_pad, right_pad = (left, pad_style), (right, pad_style)
            lines = [[left_pad, *line, right_pad] if left else [*line, right_pad] for line in lines]
        return lines

    def _line(
        self, line: Line, line_width: int, base: str, justify: Justify, inner: int, header: bool
    ) -> list[tuple[str, Style]]:
        if justify == "right":
            stripped = _rstrip(line)
            if stripped != line:
                line, line_width = stripped, sum(cell_len(text) for text, _ in stripped)
        pieces = [(text, self.style(header, base, style)) for text, style in line if text]
        room = inner - line_width
        if room <= 0:
            return pieces
        pad = (" " * room, self.style(header, base))
        return [pad, *pieces] if justify == "right" else [*pieces, pad]

    def _wrapped(self, cell: Cell, column: Column, inner: int, header: bool) -> list[list[tuple[str, Style]]]:
        wrapped = cell.to_text().wrap(self.console, inner, justify=column.justify, overflow="fold")
        # Joined before rendering, as Rich's Text does: the join is what turns a line's style into a span.
        rendered = Text("\n").join(wrapped).render(self.console)
        row_style = self.style(header)
        null = Style.null()
        return [
            [(segment.text, row_style + (segment.style or null)) for segment in line]
            for line in Segment.split_lines(rendered)
        ]


def _rstrip(line: Line) -> Line:
    # A right-justified line loses its trailing spaces first, as in Rich.
    pieces = list(line)
    while pieces:
        text, style = pieces[-1]
        stripped = text.rstrip()
        if stripped:
            pieces[-1] = (stripped, style)
            break
        pieces.pop()
    return tuple(pieces)
