"""Rich tables for people: the status slide, listings, history and check results.

Every data value enters a table as `Text(...)`, never as markup, so "용량 [mw]" prints as typed.
Bars and sparklines use characters of neutral East Asian width (▰▱, braille dots): Korean terminals
set to "ambiguous = wide" would otherwise break the alignment of Hangul columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pohang_cli.models import Flag, Indicator, Sector
from pohang_cli.progress import Assessment, MilestoneAssessment
from pohang_cli.quantities import format_value
from pohang_cli.render.grid import Cell, Column, Grid, Line
from pohang_cli.render.labels import (
    FLAGS,
    MILESTONE_STATUS,
    MILESTONE_STATUS_STYLE,
    TARGET_STATUS,
    TARGET_STATUS_STYLE,
    word,
)
from pohang_cli.service import SPARKLINE_POINTS, CheckResult, IndicatorHistory, SectorStatus, StatusReport

BAR_WIDTH = 10
FULL, EMPTY = "▰", "▱"
DASH = "—"
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


def _value(value: float | None, unit: str, lang: str) -> str:
    return DASH if value is None else format_value(value, unit, lang)


def _pct(pct: float | None) -> str:
    return DASH if pct is None else f"{pct:,.1f}%"


def _ratio(ratio: float | None) -> str:
    return DASH if ratio is None else f"{ratio:.2f}×"


def _status_cell(a: Assessment, lang: str) -> Cell:
    lines: list[Line] = [((TARGET_STATUS[lang][a.status], ""),)]
    lines.extend(((FLAGS[lang][flag], "dim"),) for flag in a.flags)
    return Cell(lines, style=TARGET_STATUS_STYLE[a.status])


def _two_lines(first: str, second: str | None, style: str = "") -> Text:
    return Cell.of(first, second, style).to_text()


def _indicator_cell(indicator: Indicator, lang: str) -> Cell:
    name = indicator.name_ko if lang == "ko" else indicator.name_en
    return Cell.of(name, indicator.id)


def _projection_cell(a: Assessment, lang: str) -> Cell:
    if a.projected_value is None:
        return Cell.of(DASH, style="dim")
    reach = (
        word(lang, "reach", when=a.projected_reach.iso())
        if a.projected_reach is not None
        else word(lang, "not_at_pace")
    )
    return Cell.of(format_value(a.projected_value, a.indicator.unit, lang), reach)


def _pace_cell(a: Assessment, lang: str) -> Cell:
    # The model is printed with the ratio: a compound ratio and a linear one are not the same measure.
    model = word(lang, f"model_{a.model.value}")
    return Cell.of(DASH if a.pace_ratio is None else _ratio(a.pace_ratio), model)


def _progress_cell(a: Assessment, spark: Sequence[float]) -> Cell:
    bar = progress_bar(a.progress_pct)
    lines: list[Line] = [(*bar.lines[0], (f" {_pct(a.progress_pct):>7}", ""))]
    line = sparkline(spark)
    if line:
        lines.append(((line, "cyan"),))
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
    if rollup.worst_status is not None:
        title.append(" · ")
        label = TARGET_STATUS[lang][rollup.worst_status]
        title.append(word(lang, "worst", label=label), style=TARGET_STATUS_STYLE[rollup.worst_status])
    return title


# Below these console widths the least essential columns give way, so that the status column, the
# one a reader looks for, is never truncated on an 80-column terminal.
WIDTH_FOR_PROJECTION = 118
WIDTH_FOR_PACE = 98
# Given way in this order also where long values leave too little room: the status is never cropped.
_OPTIONAL_COLUMNS = ("projection", "pace")


def status_tables(report: StatusReport, lang: str, width: int = 120) -> RenderableType:
    """The status slide: one table per sector, same columns, titled with the sector's milestone summary.

    Args:
        report: the judged targets.
        lang: "ko" or "en".
        width: the console width; narrower consoles drop the projection, then the pace column.
    """
    columns = _status_columns(lang)
    rows = {block.sector.id: _status_rows(block, lang) for block in report.sectors if block.assessments}
    shown = _columns_that_fit(columns, list(rows.values()), width)
    parts: list[RenderableType] = [Text(word(lang, "status_title", as_of=report.as_of.isoformat()), style="bold")]
    for block in report.sectors:
        parts.append(Text(""))
        parts.append(_sector_title(block, lang))
        if not block.assessments:
            parts.append(Text("  " + word(lang, "no_targets"), style="dim"))
            continue
        parts.append(_grid(columns, shown, rows[block.sector.id]))
    return Group(*parts)


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
                "actual": Cell.of(_value(a.actual, unit, lang), a.actual_date.iso() if a.actual_date else None),
                "target": Cell.of(
                    format_value(a.target.value, unit, lang), word(lang, "by", year=a.target.deadline.iso())
                ),
                "progress": _progress_cell(a, block.sparklines.get(a.indicator.id, ())),
                "pace": _pace_cell(a, lang),
                "projection": _projection_cell(a, lang),
                "status": _status_cell(a, lang),
            }
        )
    return rows


def _grid(columns: dict[str, Column], shown: Sequence[str], rows: Sequence[dict[str, Cell]]) -> Grid:
    return Grid([columns[name] for name in shown], [[row[name] for name in shown] for row in rows])


def _listing(columns: Sequence[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, options in columns:
        table.add_column(header, **options)
    return table


def sectors_table(sectors: Iterable[dict[str, Any]], lang: str) -> Table:
    table = _listing(
        [
            (word(lang, "id"), {"no_wrap": True}),
            (word(lang, "name"), {}),
            (word(lang, "indicators"), {"justify": "right"}),
            (word(lang, "targets"), {"justify": "right"}),
            (word(lang, "milestones"), {"justify": "right"}),
        ]
    )
    for row in sectors:
        name = f"{row['name_ko']} · {row['name_en']}"
        table.add_row(
            Text(row["id"]),
            Text(name),
            str(row["indicators"]),
            str(row["targets"]),
            str(row["milestones"]),
        )
    return table


def indicators_table(indicators: Iterable[Indicator], lang: str) -> Table:
    table = _listing(
        [
            (word(lang, "id"), {"no_wrap": True}),
            (word(lang, "name"), {"max_width": 30}),
            (word(lang, "baseline"), {"justify": "right", "no_wrap": True}),
            (word(lang, "kind"), {"no_wrap": True}),
        ]
    )
    for i in indicators:
        name = i.name_ko if lang == "ko" else i.name_en
        table.add_row(
            Text(i.id),
            Text(name),
            _two_lines(_value(i.baseline, i.unit, lang), i.baseline_date.iso() if i.baseline_date else None),
            _two_lines(
                f"{word(lang, i.kind.value)} · {word(lang, f'model_{i.model.value}')}",
                " · ".join(p for p in (word(lang, i.direction.value), i.basis or "") if p),
            ),
        )
    return table


def targets_table(rows: Iterable[dict[str, Any]], indicators: dict[str, Indicator], lang: str) -> Table:
    table = _listing(
        [
            (word(lang, "id"), {"no_wrap": True}),
            (word(lang, "name"), {"max_width": 28}),
            (word(lang, "value"), {"justify": "right", "no_wrap": True}),
            (word(lang, "deadline"), {"no_wrap": True}),
            (word(lang, "state"), {"max_width": 40}),
        ]
    )
    for row in rows:
        indicator = indicators.get(row["indicator"])
        unit = indicator.unit if indicator else ""
        name = (row["name_ko"] if lang == "ko" else row["name_en"]) or row["indicator"]
        state = word(lang, row["state"])
        details = []
        if row["superseded_by"]:
            details.append(f"→ {row['superseded_by']}")
        if row["reason"]:
            details.append(f"{row['revised_on']}: {row['reason']}" if row["revised_on"] else row["reason"])
        style = "" if row["state"] == "current" else "dim"
        table.add_row(
            Text(row["id"], style=style),
            Text(name, style=style),
            Text(format_value(row["value"], unit, lang), style=style),
            Text(row["deadline"], style=style),
            _two_lines(state, "\n".join(details) or None, style=style),
        )
    return table


def milestones_table(judged: Iterable[MilestoneAssessment], sectors: dict[str, Sector], lang: str) -> Table:
    table = _listing(
        [
            (word(lang, "id"), {"justify": "right", "no_wrap": True}),
            (word(lang, "sector"), {"no_wrap": True}),
            (word(lang, "title"), {"max_width": 44}),
            (word(lang, "status"), {"no_wrap": True}),
            (word(lang, "date"), {"no_wrap": True}),
            (word(lang, "due"), {"no_wrap": True}),
        ]
    )
    for j in judged:
        m = j.milestone
        sector = sectors.get(m.sector)
        sector_name = (sector.name_ko if lang == "ko" else sector.name_en) if sector else m.sector
        title = m.title if lang == "ko" or not m.title_en else m.title_en
        status = Text(MILESTONE_STATUS[lang][m.status], style=MILESTONE_STATUS_STYLE[m.status])
        notes = []
        if j.overdue:
            notes.append((word(lang, "overdue_days", days=j.days_overdue), "bold red"))
        elif j.due_soon:
            notes.append((word(lang, "due_soon"), "yellow"))
        if j.late and j.slip_days is not None:
            notes.append((word(lang, "late_days", days=j.slip_days), "yellow"))
        if j.rescheduled and m.original_due is not None:
            notes.append((word(lang, "rescheduled", original=m.original_due.iso()), "dim"))
        for note, style in notes:
            status.append("\n" + note, style=style)
        table.add_row(
            str(m.id),
            Text(sector_name),
            Text(title),
            status,
            Text(m.date.iso() if m.date else DASH),
            Text(m.due.iso() if m.due else DASH),
        )
    return table


def history_table(h: IndicatorHistory, lang: str) -> Table:
    i = h.indicator
    table = _listing(
        [
            (word(lang, "kind"), {"no_wrap": True}),
            (word(lang, "date"), {"no_wrap": True}),
            (word(lang, "value"), {"justify": "right", "no_wrap": True}),
            (word(lang, "note"), {"max_width": 50}),
        ]
    )
    name = i.name_ko if lang == "ko" else i.name_en
    table.title = f"{name} ({i.id})"
    table.title_justify = "left"
    if i.baseline is not None:
        table.add_row(word(lang, "baseline"), _date(i.baseline_date), _value(i.baseline, i.unit, lang), Text(""))
    for o in h.observations:
        note = FLAGS[lang][Flag.PROVISIONAL] if o.provisional else ""
        table.add_row(word(lang, "actual"), o.date.iso(), format_value(o.value, i.unit, lang), Text(note))
    for t in h.targets:
        state = word(lang, "current" if t.is_current else "superseded")
        table.add_row(
            Text(word(lang, "target"), style="" if t.is_current else "dim"),
            t.deadline.iso(),
            format_value(t.value, i.unit, lang),
            Text(f"{t.id} · {state}", style="" if t.is_current else "dim"),
        )
    for a in h.assessments:
        if a.projected_value is not None:
            reach = a.projected_reach.iso() if a.projected_reach else word(lang, "not_at_pace")
            table.add_row(
                word(lang, "projection"),
                a.target.deadline.iso(),
                format_value(a.projected_value, i.unit, lang),
                Text(f"{TARGET_STATUS[lang][a.status]} · {reach}"),
            )
    return table


def _date(value: Any) -> str:
    return DASH if value is None else str(value.iso())


def check_table(result: CheckResult, lang: str) -> Table:
    table = _listing(
        [
            (word(lang, "kind"), {"no_wrap": True}),
            (word(lang, "id"), {"no_wrap": True}),
            (word(lang, "name"), {"max_width": 40}),
            (word(lang, "status"), {"no_wrap": True}),
        ]
    )
    table.title = word(lang, "problems_title", count=len(result.problems))
    table.title_justify = "left"
    for p in result.problems:
        name = p.name_ko if lang == "ko" or not p.name_en else p.name_en
        if p.assessment is not None:
            status = _status_cell(p.assessment, lang).to_text()
        else:
            status = Text(word(lang, "overdue_days", days=p.days_overdue), style="bold red")
        table.add_row(word(lang, f"problem_{p.kind}"), Text(p.id), Text(name), status)
    return table


def generic_table(rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> Table:
    """A plain table of the chosen `--fields`, for people who picked their own columns."""
    table = _listing([(name, {}) for name in fields])
    for row in rows:
        table.add_row(*(Text("" if row.get(name) is None else _plain(row.get(name))) for name in fields))
    return table


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
