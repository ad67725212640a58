"""The status slide: every current target of every sector, one table per sector, for people.

Every data value is a Cell of plain strings, never markup, so "용량 [mw]" prints as typed. Bars and
sparklines use characters of neutral East Asian width (▰▱, braille dots): Korean terminals set to
"ambiguous = wide" would otherwise break the alignment of Hangul columns. The tables are grids
(grid.py), which draw what Rich's Table would at a fifth of its cost: every `pohang status` draws the
slide, 300 rows of it for a large database.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from pohang_cli.models import Indicator, TargetStatus
from pohang_cli.progress import Assessment, WatchedAssessment
from pohang_cli.quantities import format_value
from pohang_cli.render.grid import Cell, Column, Grid, Line
from pohang_cli.render.labels import (
    DASH,
    FLAG_STYLE,
    TARGET_STATUS,
    TARGET_STATUS_STYLE,
    as_of_elapsed_text,
    change_pct_text,
    flag_text,
    pct_text,
    ratio_text,
    reach_text,
    value_text,
    word,
)
from pohang_cli.service import SPARKLINE_POINTS, SectorStatus, StatusReport

BAR_WIDTH = 10
FULL, EMPTY = "▰", "▱"
_SPARK_LEVELS = "⡀⣀⣄⣤⣦⣶⣷⣿"


def progress_bar(pct: float | None, width: int = BAR_WIDTH) -> Cell:
    """A bar of `width` cells filled to `pct` (clamped to 0-100; the number beside it says the rest)."""
    if pct is None:
        return Cell((((EMPTY * width, ""),),), style="dim")
    filled = round(max(0.0, min(100.0, pct)) / 100 * width)
    return Cell((((FULL * filled, ""), (EMPTY * (width - filled), "dim")),), style="green" if pct >= 100 else "cyan")


def sparkline(values: Sequence[float]) -> str:
    """The shape of a series in braille cells, one per value (the last SPARKLINE_POINTS at most)."""
    values = list(values)[-SPARKLINE_POINTS:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    top = len(_SPARK_LEVELS) - 1
    return "".join(_SPARK_LEVELS[top if span == 0 else round((v - low) / span * top)] for v in values)


def status_cell(a: Assessment | WatchedAssessment, lang: str) -> Cell:
    # The status word alone takes the status colour: a flag is a caveat, in a colour of its own (labels.py).
    style = TARGET_STATUS_STYLE[a.status]
    lines: list[Line] = [((TARGET_STATUS[lang][a.status], style),)]
    lines.extend(((flag_text(a, flag, lang), FLAG_STYLE),) for flag in a.flags)
    return Cell(lines)


def two_lines(first: str, second: str | None, style: str = "") -> Text:
    return Cell.of(first, second, style).to_text()


def _indicator_cell(indicator: Indicator, lang: str) -> Cell:
    name = indicator.name_ko if lang == "ko" else indicator.name_en
    return Cell.of(name, indicator.id)


def _projection_cell(a: Assessment, lang: str) -> Cell:
    if a.projected_value is None:
        return Cell.of(DASH, style="dim")
    return Cell.of(format_value(a.projected_value, a.indicator.unit, lang), reach_text(a, lang, lines=True))


def _pace_cell(a: Assessment, lang: str) -> Cell:
    # The model is printed with the ratio: a compound ratio and a linear one are not the same measure.
    model = word(lang, f"model_{a.model.value}")
    return Cell.of(DASH if a.pace_ratio is None else ratio_text(a.pace_ratio), model)


def _progress_cell(a: Assessment, spark: Sequence[float], lang: str) -> Cell:
    bar = progress_bar(a.progress_pct)
    lines: list[Line] = [(*bar.lines[0], (f" {pct_text(a.progress_pct):>7}", ""))]
    line = sparkline(spark)
    if line:
        lines.append(((line, "cyan"),))
    elapsed = as_of_elapsed_text(a, lang)
    if elapsed is not None:
        lines.append(((elapsed, "dim"),))
    return Cell(lines, style=bar.style)


def _sector_title(block: SectorStatus, lang: str) -> Text:
    sector, rollup = block.sector, block.rollup
    first, second = (sector.name_ko, sector.name_en) if lang == "ko" else (sector.name_en, sector.name_ko)
    title = Text(f"{first} ", style="bold")
    title.append(f"{second}   ", style="dim")
    title.append(word(lang, "milestones_summary", done=rollup.milestones_completed, total=rollup.milestones_total))
    if rollup.milestones_overdue:
        title.append(" · ")
        title.append(word(lang, "overdue_count", count=rollup.milestones_overdue), style="bold red")
    if rollup.milestones_cancelled:
        title.append(" · " + word(lang, "cancelled_count", count=rollup.milestones_cancelled))
    watched = rollup.status_counts.get(TargetStatus.NO_TARGET, 0)
    if watched:
        title.append(" · " + word(lang, "watched_count", count=watched))
    if rollup.worst_status is not None:
        title.append(" · ")
        label = TARGET_STATUS[lang][rollup.worst_status]
        title.append(word(lang, "worst", label=label), style=TARGET_STATUS_STYLE[rollup.worst_status])
    return title


# Below these console widths the least essential columns give way, so that the status column, the
# one a reader looks for, is never truncated on an 80-column terminal.
WIDTH_FOR_PROJECTION = 118
WIDTH_FOR_PACE = 98
# Given way in this order also where long values leave too little room, before any cell is cropped.
_OPTIONAL_COLUMNS = ("projection", "pace")


def status_tables(report: StatusReport, lang: str, width: int = 120) -> RenderableType:
    """The status slide: one table per sector, same columns, titled with the sector's milestone summary.

    Args:
        report: the judged targets.
        lang: "ko" or "en".
        width: the console width; narrower consoles, and values too long for the width, drop the projection,
            then the pace column.
    """
    columns = _status_columns(lang)
    rows = {block.sector.id: _status_rows(block, lang) for block in report.sectors if block.assessments}
    shown = _columns_that_fit(columns, list(rows.values()), width)
    parts: list[RenderableType] = [Text(word(lang, "status_title", as_of=report.as_of.isoformat()), style="bold")]
    watched_columns = _watched_columns(lang)
    for block in report.sectors:
        parts.append(Text(""))
        parts.append(_sector_title(block, lang))
        if not block.assessments:
            parts.append(Text("  " + word(lang, "no_targets"), style="dim"))
        else:
            parts.append(_grid(columns, shown, rows[block.sector.id]))
        if block.watched:
            # A second, compact table: what the data say where the policy set no number (methodology §7).
            parts.append(Text(""))
            parts.append(Text(word(lang, "watched_title"), style="bold"))
            watched_rows = _watched_rows(block, lang)
            parts.append(_grid(watched_columns, list(watched_columns), watched_rows))
    return Group(*parts)


def _watched_columns(lang: str) -> dict[str, Column]:
    return {
        "indicator": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "latest": Column(word(lang, "latest"), "right"),
        "previous": Column(word(lang, "previous"), "right"),
        "change": Column(word(lang, "change"), "right"),
        "status": Column(word(lang, "status"), min_width=9),
    }


def _watched_rows(block: SectorStatus, lang: str) -> list[dict[str, Cell]]:
    rows = []
    for w in block.watched:
        unit = w.indicator.unit
        change_lines: list[Line] = [((change_pct_text(w.change_pct), ""),)]
        if w.change_per_year is not None:
            per_year = word(lang, "per_year", value=format_value(w.change_per_year, unit, lang))
            change_lines.append(((per_year, "dim"),))
        spark = sparkline(block.sparklines.get(w.indicator.id, ()))
        if spark:
            change_lines.append(((spark, "cyan"),))
        rows.append(
            {
                "indicator": _indicator_cell(w.indicator, lang),
                "latest": Cell.of(value_text(w.actual, unit, lang), w.actual_date.iso() if w.actual_date else None),
                "previous": Cell.of(
                    value_text(w.previous, unit, lang), w.previous_date.iso() if w.previous_date else None
                ),
                "change": Cell(change_lines),
                "status": status_cell(w, lang),
            }
        )
    return rows


def _columns_that_fit(columns: dict[str, Column], tables: Sequence[Sequence[dict[str, Cell]]], width: int) -> list[str]:
    """The columns every sector's table shows: all that fit `width`, the same in every table."""
    shown = list(columns)
    if width < WIDTH_FOR_PROJECTION:
        shown.remove("projection")
    if width < WIDTH_FOR_PACE:
        shown.remove("pace")
    for optional in _OPTIONAL_COLUMNS:
        if optional in shown and not all(_grid(columns, shown, rows).fits(width) for rows in tables):
            shown.remove(optional)
    return shown


def _status_columns(lang: str) -> dict[str, Column]:
    return {
        "indicator": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "actual": Column(word(lang, "actual"), "right"),
        "target": Column(word(lang, "target"), "right"),
        "progress": Column(word(lang, "progress")),
        "pace": Column(word(lang, "pace"), "right"),
        "projection": Column(word(lang, "projection"), "right"),
        "status": Column(word(lang, "status"), min_width=9),
    }


def _status_rows(block: SectorStatus, lang: str) -> list[dict[str, Cell]]:
    rows = []
    for a in block.assessments:
        unit = a.indicator.unit
        rows.append(
            {
                "indicator": _indicator_cell(a.indicator, lang),
                # The actual's age is said by the stale flag in the status column: a date line stays narrow.
                "actual": Cell.of(value_text(a.actual, unit, lang), a.actual_date.iso() if a.actual_date else None),
                "target": Cell.of(
                    format_value(a.target.value, unit, lang), word(lang, "by", year=a.target.deadline.iso())
                ),
                "progress": _progress_cell(a, block.sparklines.get(a.indicator.id, ()), lang),
                "pace": _pace_cell(a, lang),
                "projection": _projection_cell(a, lang),
                "status": status_cell(a, lang),
            }
        )
    return rows


def _grid(columns: dict[str, Column], shown: Sequence[str], rows: Sequence[dict[str, Cell]]) -> Grid:
    return Grid([columns[name] for name in shown], [[row[name] for name in shown] for row in rows])
