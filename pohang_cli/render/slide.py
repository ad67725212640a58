"""The status slide: every current target of every sector, one table per sector, for people.

Every data value is a Cell of plain strings, never markup, so "용량 [mw]" prints as typed. Bars and
sparklines use characters of neutral East Asian width (▰▱, braille dots): Korean terminals set to
"ambiguous = wide" would otherwise break the alignment of Hangul columns. The tables are grids
(grid.py), which draw what Rich's Table would at a fifth of its cost: every `pohang status` draws the
slide, 300 rows of it for a large database.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from pohang_cli.models import Flag, Indicator, TargetStatus
from pohang_cli.progress import Judgement, WatchedJudgement
from pohang_cli.quantities import format_value
from pohang_cli.render.grid import WORD_LIMIT, Cell, Column, Grid, Line
from pohang_cli.render.labels import (
    DASH,
    FLAG_STYLE,
    TARGET_STATUS,
    TARGET_STATUS_STYLE,
    as_of_elapsed_text,
    change_pct_text,
    flag_text,
    level_text,
    pct_text,
    points_text,
    projection_text,
    rate_text,
    ratio_text,
    reach_text,
    value_text,
    word,
)
from pohang_cli.render.verdict import assessment_text, indication_text, row_notes, shown_flags, status_text
from pohang_cli.service import SPARKLINE_POINTS, SectorStatus, StatusReport

BAR_WIDTH = 10
FULL, EMPTY = "▰", "▱"
_SPARK_LEVELS = "⡀⣀⣄⣤⣦⣶⣷⣿"


def progress_bar(pct: float | None, width: int = BAR_WIDTH, *, achieved: bool | None = None) -> Cell:
    """A bar of `width` cells filled to `pct` (clamped to 0-100; the number beside it says the rest).

    Green only for an achieved target (by default, a full bar): a full bar on too little evidence is no verdict.
    """
    if pct is None:
        return Cell((((EMPTY * width, ""),),), style="dim")
    filled = round(max(0.0, min(100.0, pct)) / 100 * width)
    green = pct >= 100 if achieved is None else achieved
    return Cell((((FULL * filled, ""), (EMPTY * (width - filled), "dim")),), style="green" if green else "cyan")


def sparkline(values: Sequence[float]) -> str:
    """The shape of a series in braille cells, one per value (the last SPARKLINE_POINTS at most)."""
    values = list(values)[-SPARKLINE_POINTS:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    top = len(_SPARK_LEVELS) - 1
    return "".join(_SPARK_LEVELS[top if span == 0 else round((v - low) / span * top)] for v in values)


def status_cell(a: Judgement | WatchedJudgement, lang: str) -> Cell:
    """The status word in its colour; under it what the figures indicate where it is no verdict, the flags the
    word does not already say (a caveat, in a colour of its own: labels.py) and a person's assessment (§8)."""
    lines: list[Line] = [((status_text(a, lang), TARGET_STATUS_STYLE[a.status]),)]
    if not isinstance(a, WatchedJudgement):
        indication = indication_text(a, lang)
        if indication is not None and a.indication is not None:
            # "2023 자료로는" over "순항", so the column stays as narrow as the status words.
            word_ = TARGET_STATUS[lang][a.indication]
            head = indication.removesuffix(word_).rstrip()
            lines.extend(((part, "dim"),) for part in ((head, word_) if head != indication else (indication,)))
    lines.extend(((flag_text(a, flag, lang), FLAG_STYLE),) for flag in shown_flags(a))
    if not isinstance(a, WatchedJudgement):
        assessed = assessment_text(a, lang)
        if assessed is not None:
            lines.append(((assessed, "bold"),))
    return Cell(lines)


def two_lines(first: str, second: str | None, style: str = "") -> Text:
    return Cell.of(first, second, style).to_text()


def _projection_cell(a: Judgement, lang: str) -> Cell:
    if a.projected_value is None:
        return Cell.of(DASH, style="dim")
    return Cell.of(projection_text(a, lang), reach_text(a, lang, lines=True))


def _pace_cell(a: Judgement, lang: str) -> Cell:
    # The model is printed with the ratio: a compound ratio and a linear one are not the same measure. A pace
    # from a provisional figure says so (§8.4).
    model = word(lang, f"model_{a.model.value}")
    if a.pace_ratio is None:
        return Cell.of(DASH, model)
    if Flag.PROVISIONAL in a.flags:
        return Cell((((ratio_text(a.pace_ratio), ""),), ((word(lang, "provisional_mark"), "dim"),), ((model, "dim"),)))
    return Cell.of(ratio_text(a.pace_ratio), model)


def _figure_lines(a: Judgement, lang: str) -> list[Line]:
    """Under the progress: the level against the target (§8.4) and how much of the period has passed (§7)."""
    lines: list[Line] = []
    level = level_text(a, lang)
    if level is not None:
        lines.append(((level, "dim"),))
    elapsed = as_of_elapsed_text(a, lang)
    if elapsed is not None:
        lines.append(((elapsed, "dim"),))
    return lines


def _progress_cell(a: Judgement, spark: Sequence[float], lang: str) -> Cell:
    bar = progress_bar(a.progress_pct, achieved=a.status is TargetStatus.ACHIEVED)
    lines: list[Line] = [(*bar.lines[0], (f" {pct_text(a.progress_pct):>7}", ""))]
    line = sparkline(spark)
    if line:
        lines.append(((line, "cyan"),))
    lines += _figure_lines(a, lang)
    return Cell(lines, style=bar.style)


def _percent_cell(a: Judgement, lang: str) -> Cell:
    # The progress column without its bar and sparkline, where the console is narrow: the figures stay.
    return Cell([((pct_text(a.progress_pct), ""),), *_figure_lines(a, lang)])


def _sector_title(block: SectorStatus, lang: str, width: int = 120) -> Text:
    """The sector's names and its milestone summary, broken between its parts: "worst: on track" stays whole."""
    sector, rollup = block.sector, block.rollup
    first, second = (sector.name_ko, sector.name_en) if lang == "ko" else (sector.name_en, sector.name_ko)
    parts: list[list[tuple[str, str]]] = [
        [(first, "bold"), (" ", ""), (second, "dim")],
        [(word(lang, "milestones_summary", done=rollup.milestones_completed, total=rollup.milestones_total), "")],
    ]
    if rollup.milestones_overdue:
        parts.append([(word(lang, "overdue_count", count=rollup.milestones_overdue), "bold red")])
    if rollup.milestones_cancelled:
        parts.append([(word(lang, "cancelled_count", count=rollup.milestones_cancelled), "")])
    # §8.1: the count of every status present, so a sector of unknowns never reads as its one verdict.
    parts.extend(
        [(f"{TARGET_STATUS[lang][status]} {count}", TARGET_STATUS_STYLE[status])]
        for status, count in rollup.status_counts.items()
        if count and status is not TargetStatus.NO_TARGET
    )
    watched = rollup.status_counts.get(TargetStatus.NO_TARGET, 0)
    if watched:
        parts.append([(word(lang, "watched_count", count=watched), "")])
    if rollup.worst_status is not None:
        label = TARGET_STATUS[lang][rollup.worst_status]
        parts.append([(word(lang, "worst", label=label), TARGET_STATUS_STYLE[rollup.worst_status])])
    title = Text()
    used = 0
    for number, part in enumerate(parts):
        part_width = sum(cell_len(text) for text, _ in part)
        separator = "" if number == 0 else "   " if number == 1 else " · "
        if number and used + len(separator) + part_width > width:
            title.append("\n")
            used, separator = 0, ""
        title.append(separator)
        for text, style in part:
            title.append(text, style=style or None)
        used += len(separator) + part_width
    return title


# Below these console widths the least essential columns give way, so that the status column, the
# one a reader looks for, is never truncated on an 80-column terminal.
WIDTH_FOR_PROJECTION = 118
WIDTH_FOR_PACE = 98
# Where the columns do not fit, each layout in turn until one does, in every sector's table: the projection
# goes, then the pace, then the bar (the percentage stays); then the indicator's id moves to a line of its own
# above the row, then its name too, and last the target stands under the actual. A status word, an id and a
# figure are never cut.
_LAYOUTS = (
    ("indicator", "actual", "target", "progress", "pace", "projection", "status"),
    ("indicator", "actual", "target", "progress", "pace", "status"),
    ("indicator", "actual", "target", "progress", "status"),
    ("indicator", "actual", "target", "percent", "status"),
    ("name", "actual", "target", "percent", "status"),
    ("actual", "target", "percent", "status"),
    ("values", "percent", "status"),
)


def status_tables(report: StatusReport, lang: str, width: int = 120) -> RenderableType:
    """The status slide: one table per sector, same columns, titled with the sector's milestone summary.

    Args:
        report: the judged targets.
        lang: "ko" or "en".
        width: the console width; narrower consoles, and values too long for the width, drop the projection,
            then the pace column, then the bar, then move ids and targets to lines of their own (_LAYOUTS).
    """
    columns = _status_columns(lang)
    rows = {block.sector.id: _status_rows(block, lang) for block in report.sectors if block.judgements}
    shown = _columns_that_fit(columns, list(rows.values()), width)
    watched_columns = _watched_columns(lang)
    watched = {block.sector.id: _watched_rows(block, lang) for block in report.sectors if block.watched}
    watched_shown = _columns_that_fit(watched_columns, list(watched.values()), width, _WATCHED_LAYOUTS)
    title = word(lang, "status_title", as_of=report.as_of.isoformat())
    if report.known_as_of is not None:
        title += " · " + word(lang, "known_as_of", date=report.known_as_of.isoformat())
    parts: list[RenderableType] = [Text(title, style="bold")]
    for block in report.sectors:
        parts.append(Text(""))
        parts.append(_sector_title(block, lang, width))
        if not block.judgements:
            parts.append(Text("  " + word(lang, "no_targets"), style="dim"))
        else:
            parts.append(_grid(columns, shown, rows[block.sector.id]))
        if block.watched:
            # A second, compact table: what the data say where the policy set no number (methodology §7).
            parts.append(Text(""))
            parts.append(Text(word(lang, "watched_title"), style="bold"))
            parts.append(_grid(watched_columns, watched_shown, watched[block.sector.id]))
    return Group(*parts)


# The watched table gives way as the status table does: the id to a line above the row, then the name too,
# and last the previous value under the latest.
_WATCHED_LAYOUTS = (
    ("indicator", "latest", "previous", "change", "status"),
    ("name", "latest", "previous", "change", "status"),
    ("latest", "previous", "change", "status"),
    ("values", "change", "status"),
)


def _watched_columns(lang: str) -> dict[str, Column]:
    return {
        "indicator": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "name": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "latest": Column(word(lang, "latest"), "right"),
        "previous": Column(word(lang, "previous"), "right"),
        "values": Column(f"{word(lang, 'latest')} / {word(lang, 'previous')}", "right"),
        "change": Column(word(lang, "change"), "right"),
        "status": Column(word(lang, "status"), min_width=9),
    }


def _watched_rows(block: SectorStatus, lang: str) -> list[dict[str, Cell]]:
    rows = []
    for w in block.watched:
        unit = w.indicator.unit
        change = points_text(w.change_points, lang) if unit == "%" else change_pct_text(w.change_pct)
        change_lines: list[Line] = [((change, ""),)]
        if w.change_per_year is not None:
            change_lines.append(((rate_text(w.change_per_year, unit, lang), "dim"),))
        if w.is_provisional_change and w.previous is not None:
            change_lines.append(((word(lang, "provisional_mark"), "dim"),))
        spark = sparkline(block.sparklines.get(w.indicator.id, ()))
        if spark:
            change_lines.append(((spark, "cyan"),))
        latest = value_text(w.actual, unit, lang)
        latest_date = w.actual_date.iso() if w.actual_date else None
        previous = value_text(w.previous, unit, lang)
        previous_date = w.previous_date.iso() if w.previous_date else None
        values: list[Line] = [((latest, ""),)]
        if latest_date:
            values.append(((latest_date, "dim"),))
        values.append(((previous, ""),))
        if previous_date:
            values.append(((previous_date, "dim"),))
        rows.append(
            {
                **_indicator_cells(w.indicator, lang),
                "latest": Cell.of(latest, latest_date),
                "previous": Cell.of(previous, previous_date),
                "values": Cell(values),
                "change": Cell(change_lines),
                "status": status_cell(w, lang),
            }
        )
    return rows


def _indicator_cells(indicator: Indicator, lang: str) -> dict[str, Cell]:
    """The indicator as each layout shows it: name over id, name alone, id alone, and name and id in a line."""
    name = indicator.name_ko if lang == "ko" else indicator.name_en
    return {
        "indicator": Cell.of(name, indicator.id),
        "name": Cell.of(name),
        "caption": Cell.of(indicator.id, style="dim"),
        "heading": Cell((((name, "bold"), ("  ", ""), (indicator.id, "dim")),)),
    }


def _columns_that_fit(
    columns: dict[str, Column],
    tables: Sequence[Sequence[dict[str, Cell]]],
    width: int,
    layouts_to_try: Sequence[Sequence[str]] = _LAYOUTS,
) -> list[str]:
    """The columns every sector's table shows: the first layout that fits `width`, the same in every table."""
    layouts = [list(layout) for layout in layouts_to_try]
    if width < WIDTH_FOR_PROJECTION:
        layouts = [layout for layout in layouts if "projection" not in layout]
    if width < WIDTH_FOR_PACE:
        layouts = [layout for layout in layouts if "pace" not in layout]
    for shown in layouts:
        if all(_grid(columns, shown, rows).fits(width) for rows in tables):
            return shown
    return layouts[-1]


def _status_columns(lang: str) -> dict[str, Column]:
    return {
        "indicator": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "name": Column(word(lang, "indicator"), wrap=True, min_width=14, max_width=28),
        "actual": Column(word(lang, "actual"), "right"),
        "target": Column(word(lang, "target"), "right"),
        "values": Column(f"{word(lang, 'actual')} / {word(lang, 'target')}", "right"),
        "progress": Column(word(lang, "progress")),
        "percent": Column(word(lang, "progress"), "right"),
        "pace": Column(word(lang, "pace"), "right"),
        "projection": Column(word(lang, "projection"), "right"),
        "status": Column(word(lang, "status"), min_width=9),
    }


def _status_rows(block: SectorStatus, lang: str) -> list[dict[str, Cell]]:
    rows = []
    for a in block.judgements:
        unit = a.indicator.unit
        actual = value_text(a.actual, unit, lang)
        # The actual's age is said by the stale flag in the status column: a date line stays narrow.
        actual_date = a.actual_date.iso() if a.actual_date else None
        target = format_value(a.target.value, unit, lang)
        by = word(lang, "by", year=a.target.deadline.iso())
        values: list[Line] = [((actual, ""),)]
        if actual_date:
            values.append(((actual_date, "dim"),))
        values += [((target, ""),), ((by, "dim"),)]
        rows.append(
            {
                **_indicator_cells(a.indicator, lang),
                "actual": Cell.of(actual, actual_date),
                "target": Cell.of(target, by),
                "values": Cell(values),
                "progress": _progress_cell(a, block.sparklines.get(a.indicator.id, ()), lang),
                "percent": _percent_cell(a, lang),
                "pace": _pace_cell(a, lang),
                "projection": _projection_cell(a, lang),
                "status": status_cell(a, lang),
            }
        )
        notes = row_notes(a, lang)
        if notes:
            rows[-1]["notes"] = Cell([((note, "dim"),) for note in notes])
    return rows


def _grid(columns: dict[str, Column], shown: Sequence[str], rows: Sequence[dict[str, Cell]]) -> Grid:
    notes = [row.get("notes") for row in rows]
    return _layout(columns, shown, rows, notes if any(notes) else None)


def _layout(
    columns: dict[str, Column], shown: Sequence[str], rows: Sequence[dict[str, Cell]], notes: list[Cell | None] | None
) -> Grid:
    chosen = [columns[name] for name in shown]
    first = shown[0]
    if rows and first in ("indicator", "name"):
        # Words stay whole up to WORD_LIMIT cells (longer ones fold); the id under the name is never wrapped.
        longest = min(WORD_LIMIT, max(cell_len(w) for row in rows for w in row[first].plain.split()))
        if first == "indicator":
            longest = max(longest, *(row["caption"].widths()[0] for row in rows))
        column = chosen[0]
        chosen[0] = column._replace(
            min_width=max(column.min_width or 0, longest), max_width=max(column.max_width or 0, longest)
        )
    # Without the indicator column the id, and then the name too, stand on a line above the row.
    captions = None
    if first == "name":
        captions = [row["caption"] for row in rows]
    elif first != "indicator":
        captions = [row["heading"] for row in rows]
    return Grid(chosen, [[row[name] for name in shown] for row in rows], captions, notes)
