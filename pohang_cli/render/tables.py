"""Rich tables for people: listings of sectors, indicators, targets and milestones, history and check results.

Every data value enters a table as `Text(...)`, never as markup, so "용량 [mw]" prints as typed. The status
slide is slide.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from pohang_cli.i18n import _
from pohang_cli.models import Flag, Indicator, Sector
from pohang_cli.progress import MilestoneAssessment
from pohang_cli.quantities import format_value
from pohang_cli.render.labels import (
    DASH,
    FLAGS,
    MILESTONE_STATUS,
    MILESTONE_STATUS_STYLE,
    TARGET_STATUS,
    reach_text,
    value_text,
    word,
)
from pohang_cli.render.slide import status_cell, two_lines
from pohang_cli.service import CheckResult, IndicatorHistory


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
            two_lines(value_text(i.baseline, i.unit, lang), i.baseline_date.iso() if i.baseline_date else None),
            two_lines(
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
            two_lines(state, "\n".join(details) or None, style=style),
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
        table.add_row(word(lang, "baseline"), _date(i.baseline_date), value_text(i.baseline, i.unit, lang), Text(""))
    for o in h.observations:
        # Earlier values first, dim: what was reported before a revision (methodology §7, vintages).
        for r in o.revisions:
            table.add_row(
                Text(word(lang, "revision"), style="dim"),
                Text(o.date.iso(), style="dim"),
                Text(format_value(r.value, i.unit, lang), style="dim"),
                Text(_vintage_note(lang, r.reported, r.provisional), style="dim"),
            )
        table.add_row(
            word(lang, "actual"),
            o.date.iso(),
            format_value(o.value, i.unit, lang),
            Text(_vintage_note(lang, o.reported, o.provisional, revised=bool(o.revisions))),
        )
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
            reach = reach_text(a, lang)
            table.add_row(
                word(lang, "projection"),
                a.target.deadline.iso(),
                format_value(a.projected_value, i.unit, lang),
                Text(f"{TARGET_STATUS[lang][a.status]} · {reach}"),
            )
    return table


def _vintage_note(lang: str, reported: Any, provisional: bool, *, revised: bool = False) -> str:
    parts = []
    if reported is not None:
        parts.append(word(lang, "reported", date=reported.iso()))
    if provisional:
        parts.append(FLAGS[lang][Flag.PROVISIONAL])
    if revised:
        parts.append(FLAGS[lang][Flag.REVISED_ACTUAL])
    return " · ".join(parts)


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
            status = status_cell(p.assessment, lang).to_text()
        else:
            status = Text(word(lang, "overdue_days", days=p.days_overdue), style="bold red")
        table.add_row(word(lang, f"problem_{p.kind}"), Text(p.id), Text(name), status)
    return table


def generic_table(
    rows: Iterable[dict[str, Any]], fields: Sequence[str], headers: Mapping[str, str] | None = None
) -> Table:
    """A plain table of the chosen `--fields`, for people who picked their own columns.

    `headers` names the columns for people (in their language); the field names are the default.
    """
    named = headers or {}
    table = _listing([(named.get(name, name), {}) for name in fields])
    for row in rows:
        table.add_row(*(Text("" if row.get(name) is None else _plain(row.get(name))) for name in fields))
    return table


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
