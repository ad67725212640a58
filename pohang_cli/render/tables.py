"""Rich tables for people: listings of sectors, indicators, targets and milestones, history and check results.

Every data value enters a table as `Text(...)`, never as markup, so "용량 [mw]" prints as typed. The status
slide is slide.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from pohang_cli.i18n import _
from pohang_cli.models import Flag, Indicator, Sector
from pohang_cli.progress import MilestoneJudgement
from pohang_cli.quantities import format_value
from pohang_cli.render.labels import (
    DASH,
    FLAGS,
    MILESTONE_STATUS,
    MILESTONE_STATUS_STYLE,
    projection_text,
    reach_text,
    value_text,
    word,
)
from pohang_cli.render.listing import Field, listing
from pohang_cli.render.slide import status_cell, two_lines
from pohang_cli.render.verdict import row_notes, status_text
from pohang_cli.service import CheckResult, IndicatorHistory


def sectors_table(sectors: Iterable[dict[str, Any]], lang: str, width: int = 120) -> RenderableType:
    fields = [
        Field(word(lang, "id")),
        Field(word(lang, "name"), wrap=True),
        Field(word(lang, "indicators"), "right"),
        Field(word(lang, "targets"), "right"),
        Field(word(lang, "milestones"), "right"),
    ]
    rows = [
        [
            Text(row["id"]),
            Text(f"{row['name_ko']} · {row['name_en']}"),
            Text(str(row["indicators"])),
            Text(str(row["targets"])),
            Text(str(row["milestones"])),
        ]
        for row in sectors
    ]
    return listing(fields, rows, width)


def _id_and_name(record_id: str, name: str, style: str = "") -> Text:
    # The id on a line of its own (never wrapped: it is what a reader copies), the name below it.
    text = Text(record_id, style=style)
    text.append("\n" + name, style=style or "dim")
    return text


def indicators_table(indicators: Iterable[Indicator], lang: str, width: int = 120) -> RenderableType:
    fields = [
        Field(f"{word(lang, 'id')} / {word(lang, 'name')}", wrap=True, max_width=24, first_line_whole=True),
        Field(word(lang, "baseline"), "right"),
        Field(word(lang, "kind"), wrap=True),
    ]
    rows = [
        [
            _id_and_name(i.id, i.name_ko if lang == "ko" else i.name_en),
            two_lines(value_text(i.baseline, i.unit, lang), i.baseline_date.iso() if i.baseline_date else None),
            two_lines(
                f"{word(lang, i.kind.value)} · {word(lang, f'model_{i.model.value}')}",
                " · ".join(p for p in (word(lang, i.direction.value), i.basis or "") if p),
            ),
        ]
        for i in indicators
    ]
    return listing(fields, rows, width)


def targets_table(
    rows: Iterable[dict[str, Any]], indicators: dict[str, Indicator], lang: str, width: int = 120
) -> RenderableType:
    fields = [
        Field(f"{word(lang, 'id')} / {word(lang, 'name')}", wrap=True, max_width=24, first_line_whole=True),
        Field(f"{word(lang, 'value')} / {word(lang, 'deadline')}", "right"),
        Field(word(lang, "state"), wrap=True, max_width=40),
    ]
    cells = []
    for row in rows:
        indicator = indicators.get(row["indicator"])
        unit = indicator.unit if indicator else ""
        name = (row["name_ko"] if lang == "ko" else row["name_en"]) or row["indicator"]
        details = []
        if row["superseded_by"]:
            details.append(f"→ {row['superseded_by']}")
        if row["reason"]:
            details.append(f"{row['revised_on']}: {row['reason']}" if row["revised_on"] else row["reason"])
        style = "" if row["state"] == "current" else "dim"
        cells.append(
            [
                _id_and_name(row["id"], name, style),
                two_lines(format_value(row["value"], unit, lang), word(lang, "by", year=row["deadline"]), style),
                two_lines(word(lang, row["state"]), "\n".join(details) or None, style=style),
            ]
        )
    return listing(fields, cells, width)


def milestones_table(
    judged: Iterable[MilestoneJudgement], sectors: dict[str, Sector], lang: str, width: int = 120
) -> RenderableType:
    fields = [
        Field(word(lang, "id"), "right"),
        Field(word(lang, "sector"), wrap=True),
        Field(word(lang, "title"), wrap=True, max_width=44),
        # The status word stays whole on its line; the notes under it (overdue, rescheduled) may wrap.
        Field(word(lang, "status"), wrap=True, first_line_whole=True),
        Field(word(lang, "date")),
        Field(word(lang, "due")),
    ]
    rows = []
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
        rows.append(
            [
                Text(str(m.id)),
                Text(sector_name),
                Text(title),
                status,
                Text(m.date.iso() if m.date else DASH),
                Text(m.due.iso() if m.due else DASH),
            ]
        )
    return listing(fields, rows, width)


def history_table(h: IndicatorHistory, lang: str, width: int = 120) -> RenderableType:
    """The rows under the chart of `pohang history`: baseline, actuals, targets and projections."""
    i = h.indicator
    fields = [
        Field(word(lang, "kind")),
        Field(word(lang, "date")),
        Field(word(lang, "value"), "right"),
        Field(word(lang, "note"), wrap=True, max_width=50),
    ]
    rows: list[list[Text]] = []
    if i.baseline is not None:
        rows.append(
            [
                Text(word(lang, "baseline")),
                Text(_date(i.baseline_date)),
                Text(value_text(i.baseline, i.unit, lang)),
                Text(""),
            ]
        )
    for o in h.observations:
        # Earlier values first, dim: what was reported before a revision (methodology §7, vintages).
        for r in o.revisions:
            rows.append(
                [
                    Text(word(lang, "revision"), style="dim"),
                    Text(o.date.iso(), style="dim"),
                    Text(format_value(r.value, i.unit, lang), style="dim"),
                    Text(_vintage_note(lang, r.reported, r.provisional), style="dim"),
                ]
            )
        rows.append(
            [
                Text(word(lang, "actual")),
                Text(o.date.iso()),
                Text(format_value(o.value, i.unit, lang)),
                Text(_vintage_note(lang, o.reported, o.provisional, revised=bool(o.revisions))),
            ]
        )
    for t in h.targets:
        state = word(lang, "current" if t.is_current else "superseded")
        style = "" if t.is_current else "dim"
        rows.append(
            [
                Text(word(lang, "target"), style=style),
                Text(t.deadline.iso()),
                Text(format_value(t.value, i.unit, lang)),
                Text(f"{t.id} · {state}", style=style),
            ]
        )
    for a in h.judgements:
        if a.projected_value is not None:
            reach = reach_text(a, lang)
            rows.append(
                [
                    Text(word(lang, "projection")),
                    Text(a.target.deadline.iso()),
                    Text(projection_text(a, lang)),
                    Text(f"{status_text(a, lang)} · {reach}"),
                ]
            )
    return listing(fields, rows, width)


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


def check_table(result: CheckResult, lang: str, width: int = 120) -> RenderableType:
    fields = [
        Field(word(lang, "kind")),
        Field(word(lang, "id")),
        Field(word(lang, "name"), wrap=True, max_width=40),
        Field(word(lang, "status")),
    ]
    rows = []
    for p in result.problems:
        name = Text(p.name_ko if lang == "ko" or not p.name_en else p.name_en)
        a = p.judgement
        if a is not None:
            status = status_cell(a, lang).to_text()
            # Who owes the figure, and from when it is late (§8.2): what a department acts on.
            owner = a.indicator.owner
            if owner:
                name.append("\n" + word(lang, "owner", owner=owner), style="dim")
            if a.next_expected is not None and Flag.STALE in a.flags:
                name.append("\n" + word(lang, "next_expected", month=a.next_expected.iso()), style="dim")
            for note in row_notes(a, lang):  # a revision with its date and reason, an assessment with its basis
                name.append("\n" + note, style="dim")
        else:
            status = Text(word(lang, "overdue_days", days=p.days_overdue), style="bold red")
        rows.append([Text(word(lang, f"problem_{p.kind}")), Text(p.id), name, status])
    return listing(fields, rows, width, title=word(lang, "problems_title", count=len(result.problems)))


# Columns of free text in the machine rows (`--fields`, `log`, `doctor`): they wrap; every other column is an
# id, a number, a date or a status word, kept whole.
TEXT_FIELDS = frozenset(
    {"name", "name_ko", "name_en", "title", "title_en", "command", "summary", "records", "problem", "note",
     "source", "reason", "basis", "before", "after", "flags"}
)  # fmt: skip


def generic_table(
    rows: Iterable[dict[str, Any]], fields: Sequence[str], headers: Mapping[str, str] | None = None, width: int = 120
) -> RenderableType:
    """A plain table of the chosen `--fields`, for people who picked their own columns (and for log, doctor).

    `headers` names the columns for people (in their language); the field names are the default.
    """
    named = headers or {}
    # A problem of `doctor` names records; whatever the width, none of their ids is folded across lines.
    columns = [Field(named.get(name, name), wrap=name in TEXT_FIELDS, ids_whole=name == "problem") for name in fields]
    cells = [[Text("" if row.get(name) is None else _plain(row.get(name))) for name in fields] for row in rows]
    return listing(columns, cells, width)


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
