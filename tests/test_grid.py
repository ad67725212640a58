"""Tests of render/grid.py: the status slide's tables draw what Rich's Table draws, without cropping the status."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style

from pohang_cli import service
from pohang_cli.render.grid import Cell, Column, Grid, Line
from pohang_cli.render.slide import _LAYOUTS, _columns_that_fit, _grid, _layout, _status_columns, _status_rows
from pohang_cli.storage import load_sample

StyledLine = list[tuple[str, Style]]


def drawn(renderable: RenderableType, width: int) -> list[StyledLine]:
    """Every character drawn, with its style, line by line (a colour console, so styles count).

    The lines are taken before the console crops them to its width, so nothing beyond the edge hides.
    """
    console = Console(
        file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True, highlight=False, emoji=False
    )
    null = Style.null()
    return [
        [(char, segment.style or null) for segment in line for char in segment.text]
        for line in Segment.split_lines(console.render(renderable, console.options))
    ]


def plain(lines: list[StyledLine]) -> list[str]:
    return ["".join(char for char, _ in line) for line in lines]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_status_grids_of_the_sample_draw_what_rich_tables_draw(lang: str) -> None:
    """At every width from 40 to 200, each sector's grid in each layout is its Table, character and style."""
    report = service.status(load_sample(), date(2026, 11, 25))
    columns = _status_columns(lang)
    drawn_by_grid = 0
    for block in report.sectors:
        if not block.judgements:
            continue
        for layout in _LAYOUTS:
            if layout[0] != "indicator":
                continue  # captioned: test_captions_are_lines_above_the_rows_of_the_table
            # Without the notes under rows (a target's revision, an assessment), which a Table has no place for.
            grid = _layout(columns, layout, _status_rows(block, lang), None)
            for width in range(40, 201, 8):
                assert drawn(grid, width) == drawn(grid.to_table(), width), (block.sector.id, layout, width)
                drawn_by_grid += grid.fits(width)
    assert drawn_by_grid > 100  # not only the fallback: most widths are drawn by the grid itself


# Stored text may hold tabs and newlines (text.py keeps them), so cells may too.
_TEXT = st.text(alphabet="abc xyz 0123 -.,%× 이차전지 수소 ▰▱⣿\t\n", max_size=24)
_STYLE = st.sampled_from(["", "dim", "bold", "cyan", "green", "bold red", "yellow"])
_LINE = st.lists(st.tuples(_TEXT, _STYLE), min_size=1, max_size=3).map(tuple)
_CELL = st.builds(Cell, st.lists(_LINE, min_size=1, max_size=3), _STYLE)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    count = draw(st.integers(min_value=1, max_value=6))
    first_min = draw(st.none() | st.integers(min_value=1, max_value=20))
    columns = [
        Column(
            draw(st.text(alphabet="Aa 가나", min_size=1, max_size=10)),
            draw(st.sampled_from(["left", "right"])),
            wrap=index == 0 and draw(st.booleans()),
            min_width=first_min if index == 0 else draw(st.none() | st.integers(min_value=1, max_value=12)),
            max_width=draw(st.none() | st.integers(min_value=20, max_value=40)) if index == 0 else None,
        )
        for index in range(count)
    ]
    rows = draw(st.lists(st.lists(_CELL, min_size=count, max_size=count), max_size=5))
    return Grid(columns, rows)


@settings(max_examples=300, deadline=None)
@given(grids(), st.integers(min_value=10, max_value=160))
def test_any_grid_draws_what_its_rich_table_draws(grid: Grid, width: int) -> None:
    """Whatever the cells, styles and width, the grid draws its Table; where it fits, no line is too long."""
    by_grid = drawn(grid, width)
    assert by_grid == drawn(grid.to_table(), width)
    if grid.fits(width):
        assert all(cell_len("".join(char for char, _ in line)) <= width for line in by_grid)


def test_only_the_first_column_may_wrap() -> None:
    """A grid refuses a wrapping column other than the first, which its layout does not handle."""
    line: Line = (("x", ""),)
    with pytest.raises(ValueError, match="first column"):
        Grid([Column("a"), Column("b", wrap=True)], [[Cell([line]), Cell([line])]])


def test_a_cell_joins_its_lines_and_keeps_its_styles() -> None:
    """A cell's plain text is its lines joined; as Rich Text its pieces are spans over the cell's style."""
    cell = Cell.of("14조 원", "2027년까지", style="bold")
    assert cell.plain == "14조 원\n2027년까지"
    text = cell.to_text()
    assert (text.plain, str(text.style)) == ("14조 원\n2027년까지", "bold")
    assert [(text.plain[span.start : span.end], span.style) for span in text.spans] == [("2027년까지", "dim")]


def _row(columns: dict[str, Cell] | dict[str, Column], **cells: Cell) -> dict[str, Cell]:
    return {name: Cell.of(name) for name in [*columns, "caption", "heading"]} | cells


def test_status_gives_up_columns_in_order_before_cropping_the_status() -> None:
    """Narrowing the console: the projection, the pace, the bar, the id's place, the name's, the target's column."""
    columns = _status_columns("en")
    value = Cell.of("9" * 15)
    bar = Cell.of("▰▰▰▰▰▱▱▱▱▱   50.0%")
    row = _row(columns, actual=value, target=value, caption=Cell.of("x" * 30), progress=bar, percent=Cell.of("50.0%"))
    first_width_of = {}
    for width in range(200, 39, -1):
        first_width_of.setdefault(tuple(_columns_that_fit(columns, [[row]], width)), width)
    # The percent column's header is two lines, "Progress" over "from baseline" (§8.4): 5 cells wider than before.
    assert first_width_of == dict(zip(_LAYOUTS, (200, 118, 105, 98, 93, 77, 60), strict=True))


def test_a_long_indicator_name_wraps_and_takes_no_column_away() -> None:
    """The indicator column wraps: a name wider than the console neither drops a column nor leaves the grid."""
    columns = _status_columns("en")
    row = _row(columns, indicator=Cell.of("Investment " * 15))
    assert _columns_that_fit(columns, [[row]], 140) == list(_LAYOUTS[0])
    grid = _grid(columns, _LAYOUTS[0], [row])
    assert grid.fits(140)
    assert drawn(grid, 140) == drawn(grid.to_table(), 140)


def test_a_word_longer_than_the_column_folds_and_loses_nothing() -> None:
    """Rich's ellipsis would drop the end of a long word; the grid folds it onto the next line, every character kept."""
    grid = Grid([Column("Name", wrap=True, max_width=6), Column("Status")], [[Cell.of("이차전지산업"), Cell.of("ok")]])
    assert plain(drawn(grid, 40)) == ["Name     Status", "───────────────", "이차전   ok    ", "지산업         "]
    assert drawn(grid, 40) == drawn(grid.to_table(), 40)


def test_captions_are_lines_above_the_rows_of_the_table() -> None:
    """A captioned grid draws each caption across the table above its row; without the captions it is the Table."""
    columns = [Column("Indicator", wrap=True, min_width=10), Column("Status")]
    rows = [[Cell.of("양극재 생산량"), Cell.of("no data")], [Cell.of("Jobs"), Cell.of("on track")]]
    captions = [Cell.of("battery.cathode-output", style="dim"), Cell.of("battery.jobs", style="dim")]
    assert plain(drawn(Grid(columns, rows, captions), 40)) == [
        "Indicator       Status  ",
        "────────────────────────",
        "battery.cathode-output  ",
        "양극재 생산량   no data ",
        "battery.jobs            ",
        "Jobs            on track",
    ]
    uncaptioned = Grid(columns, rows)
    assert drawn(uncaptioned, 40) == drawn(uncaptioned.to_table(), 40)


def test_notes_are_indented_lines_below_their_rows() -> None:
    """A note is drawn under its row, two cells in, across the table, wrapped there; a row without one has none."""
    columns = [Column("Indicator", wrap=True, min_width=10), Column("Status")]
    rows = [[Cell.of("양극재 생산량"), Cell.of("no data")], [Cell.of("Jobs"), Cell.of("on track")]]
    notes = [Cell.of("revised 2024-11-01 2030→2035: moved with the complex", style="dim"), None]
    assert plain(drawn(Grid(columns, rows, notes=notes), 24)) == [
        "Indicator       Status  ",
        "────────────────────────",
        "양극재 생산량   no data ",
        "  revised 2024-11-01    ",
        "  2030→2035: moved with ",
        "  the complex           ",
        "Jobs            on track",
    ]
    with pytest.raises(ValueError, match="notes"):
        Grid(columns, rows, notes=[None])


def test_a_two_line_header_is_as_wide_as_its_longer_line() -> None:
    """ "Progress" over "from baseline" takes the width of "from baseline", as Rich's Table measures it."""
    grid = Grid([Column("Indicator"), Column("Progress\nfrom baseline", "right")], [[Cell.of("x"), Cell.of("8.3%")]])
    assert drawn(grid, 40) == drawn(grid.to_table(), 40)
    assert plain(drawn(grid, 40))[:2] == [" " * 17 + "Progress", "Indicator   from baseline"]


def test_one_crowded_sector_narrows_every_sector_alike() -> None:
    """The sectors' tables share their columns: one sector's long values drop the column from all."""
    columns = _status_columns("en")
    short = _row(columns)
    long = short | {"actual": Cell.of("9" * 70)}
    assert "projection" not in _columns_that_fit(columns, [[short], [long]], 130)
