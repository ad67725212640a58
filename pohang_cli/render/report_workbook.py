"""The council report as a workbook: the HTML report's content as tables, to sort and paste from.

Described as sheets of typed cells and written by render/xlsx.py: numbers as numeric cells with number
formats and, beside them, the text the HTML report shows; each status in the HTML report's colour.
"""

from __future__ import annotations

import re
from typing import Any

from pohang_cli.i18n import NC_, Labels
from pohang_cli.models import Flag, TargetStatus
from pohang_cli.progress import Judgement, MilestoneJudgement, WatchedJudgement
from pohang_cli.render import report_text as cells
from pohang_cli.render.report_style import STYLE
from pohang_cli.render.verdict import assessment_basis, revision_text, sources_word
from pohang_cli.render.words import report_word
from pohang_cli.render.workbooks import INTEGER, NUMBER
from pohang_cli.render.xlsx import Column, Sheet, workbook_bytes
from pohang_cli.report import Report

PERCENT = '0.0"%"'
RATIO = "0.00"


def _badge_colour(css_class: str) -> str:
    """The background of the HTML report's status badge of this class, read from its style sheet."""
    badge = re.search(rf"\.badge\.{css_class}\{{background:var\(--([a-z-]+)\)\}}", STYLE)
    variable = badge.group(1) if badge else css_class
    colour = re.search(rf"--{variable}:(#[0-9a-fA-F]{{6}})", STYLE)
    if colour is None:
        raise LookupError(f"the HTML report's style sheet has no colour for status class '{css_class}'")
    return colour.group(1)


# The fill of each status: the colour of its badge in the HTML report, so the two always agree.
STATUS_FILL = {status: _badge_colour(css_class) for status, css_class in cells.STATUS_CLASS.items()}

WORDS = Labels(
    "workbook",
    {
        "status_sheet": NC_("workbook", "Targets"),
        "watched_sheet": NC_("workbook", "Watched (no target)"),
        "change_pct": NC_("workbook", "Change (%)"),
        "summary_sheet": NC_("workbook", "Sectors"),
        "milestone_sheet": NC_("workbook", "Milestones"),
        "about_sheet": NC_("workbook", "About"),
        "target_id": NC_("workbook", "Target ID"),
        "unit": NC_("workbook", "Unit"),
        "shown": NC_("workbook", "Shown"),
        "progress_pct": NC_("workbook", "Progress (%)"),
        "pace_ratio": NC_("workbook", "Pace ratio"),
        "projected": NC_("workbook", "Projected"),
        "flags": NC_("workbook", "Notes"),
        "kind": NC_("workbook", "Kind"),
        "overdue": NC_("workbook", "overdue"),
        "due_soon": NC_("workbook", "due soon"),
        "days_overdue": NC_("workbook", "Days overdue"),
        "generated": NC_("workbook", "Made with"),
        "completed": NC_("workbook", "Done"),
        "records": NC_("workbook", "Records"),
        "level_pct": NC_("workbook", "Of target (%)"),
        "indication": NC_("workbook", "Figures say"),
        "assessed": NC_("workbook", "Assessed"),
        "assessed_basis": NC_("workbook", "Assessment basis"),
        "revision": NC_("workbook", "Revision"),
        "word": NC_("workbook", "Word"),
        "code": NC_("workbook", "Code"),
        "no_milestones": NC_("workbook", "No milestone is overdue or due soon."),
    },
)


# ---------------------------------------------------------------------------------------------------
# The report


def report_workbook(report: Report, lang: str) -> bytes:
    """The report as a workbook: targets with statuses, sector summaries, milestones to act on, and its facts."""
    w = WORDS[lang]
    return workbook_bytes(
        [
            _status_sheet(report, lang),
            *_watched_sheets(report, lang),
            _summary_sheet(report, lang),
            _milestone_sheet(report, lang),
            _legend_sheet(report, lang),
            Sheet(
                w["about_sheet"],
                [Column("", width=14), Column("", width=60)],
                [
                    [report_word(lang, "title"), None],
                    [report_word(lang, "as_of"), report.as_of.isoformat()],
                    [report_word(lang, "database"), report.database],
                    [w["records"], _records(report, lang)],
                    *([] if report.log_head is None else [[report_word(lang, "log_head"), report.log_head]]),
                    [w["generated"], f"pohang {report.version}"],
                ],
                header=False,
                printed=True,
            ),
        ]
    )


def _records(report: Report, lang: str) -> str:
    counts = report.counts
    return report_word(
        lang,
        "records",
        indicators=counts.indicators,
        targets=counts.targets,
        observations=f"{counts.observations:,}",
        milestones=counts.milestones,
    )


def _status_sheet(report: Report, lang: str) -> Sheet:
    w, r = WORDS[lang], report_word
    shown = w["shown"]
    # The columns a reader reads first, each number beside its text; the ids, units and projected value
    # (for sorting and pasting) follow, outside the printed area.
    columns = [
        Column(r(lang, "sector"), width=12),
        Column(r(lang, "indicator"), width=34),
        Column(r(lang, "target"), NUMBER, width=18, integer_format=INTEGER),
        Column(f"{r(lang, 'target')} ({shown})", width=20, indent=True),
        Column(r(lang, "actual"), NUMBER, width=18, integer_format=INTEGER),
        Column(f"{r(lang, 'actual')} ({shown})", width=22, indent=True, wrap=True),
        Column(w["progress_pct"], PERCENT, width=10),
        Column(w["pace_ratio"], RATIO, width=8),
        Column(f"{r(lang, 'projection')} ({shown})", width=28, indent=True, wrap=True),
        Column(r(lang, "status"), width=10),
        Column(w["flags"], width=24, wrap=True),
        Column(w["target_id"]),
        Column(w["unit"]),
        Column(w["projected"], NUMBER, width=18, integer_format=INTEGER),
        Column(w["level_pct"], PERCENT, width=10),
        Column(w["indication"], width=10),
        Column(w["assessed"], width=10),
        Column(w["assessed_basis"], width=40, wrap=True),
        Column(w["revision"], width=40, wrap=True),
    ]
    rows: list[list[Any]] = []
    fills: dict[tuple[int, int], str] = {}
    status_column = 9
    for section in report.sectors:
        for a in section.status.judgements:
            fills[(len(rows), status_column)] = STATUS_FILL[a.status]
            rows.append(_status_row(section.status.sector.id, a, lang))
    return Sheet(w["status_sheet"], columns, rows, fills=fills, printed=True, print_columns=11)


def _watched_sheets(report: Report, lang: str) -> list[Sheet]:
    """Indicators without a target (methodology §7): latest and previous actual, the change; none, no sheet."""
    w, r = WORDS[lang], report_word
    shown = w["shown"]
    columns = [
        Column(r(lang, "sector"), width=12),
        Column(r(lang, "indicator"), width=34),
        Column(r(lang, "latest"), NUMBER, width=18, integer_format=INTEGER),
        Column(f"{r(lang, 'latest')} ({shown})", width=22, indent=True, wrap=True),
        Column(r(lang, "previous"), NUMBER, width=18, integer_format=INTEGER),
        Column(f"{r(lang, 'previous')} ({shown})", width=22, indent=True, wrap=True),
        Column(w["change_pct"], PERCENT, width=10),
        Column(f"{r(lang, 'change')} ({shown})", width=28, indent=True, wrap=True),
        Column(r(lang, "status"), width=10),
        Column(w["flags"], width=24, wrap=True),
        Column(r(lang, "indicator") + " ID"),
        Column(w["unit"]),
    ]
    rows = [
        _watched_row(section.status.sector.id, x, lang) for section in report.sectors for x in section.status.watched
    ]
    if not rows:
        return []
    return [Sheet(w["watched_sheet"], columns, rows, printed=True, print_columns=10)]


def _watched_row(sector: str, x: WatchedJudgement, lang: str) -> list[Any]:
    return [
        sector,
        cells.indicator_name(x.indicator, lang),
        x.actual,
        cells.watched_actual_cell(x, lang),
        x.previous,
        cells.watched_previous_cell(x, lang),
        x.change_pct,
        cells.watched_change_cell(x, lang),
        cells.status_label(x.status, lang),
        cells.flags(x, lang) or None,
        x.indicator.id,
        x.indicator.unit,
    ]


def _status_row(sector: str, a: Judgement, lang: str) -> list[Any]:
    """A target's judgement: each number beside the text the HTML report shows for it, then §8's fields."""
    status, lines = cells.status_lines(a, lang)
    assessment = a.assessment
    return [
        sector,
        cells.indicator_name(a.indicator, lang),
        a.target.value,
        cells.target_cell(a, lang),
        a.actual,
        cells.actual_cell(a, lang),
        a.progress_pct,
        a.pace_ratio,
        cells.projection_cell(a, lang),
        status,
        "\n".join(lines) or None,
        a.target.id,
        a.indicator.unit,
        a.projected_value,
        a.level_pct,
        None if a.indication is None else cells.status_label(a.indication, lang),
        None if assessment is None else cells.status_label(assessment.status, lang),
        None if assessment is None else _assessment_cell(a, lang),
        revision_text(a.target, a.indicator.unit, lang) if Flag.REVISED in a.flags else None,
    ]


def _assessment_cell(a: Judgement, lang: str) -> str | None:
    """A person's assessment: its date, basis and sources, for the cell beside its status."""
    assessment = a.assessment
    if assessment is None:
        return None
    sources = "\n".join(assessment.sources)
    return f"{assessment.date.iso()}: {assessment_basis(assessment, lang)}\n{sources_word(lang)}: {sources}"


def _legend_sheet(report: Report, lang: str) -> Sheet:
    """Every status and flag the report shows, with what it means (§8.4)."""
    entries = cells.report_legend(report, lang)
    rows = [[e.label, e.code, e.meaning] for e in (*entries.statuses, *entries.flags, *entries.notes)]
    fills = {(n, 0): STATUS_FILL[TargetStatus(e.code)] for n, e in enumerate(entries.statuses)}
    columns = [
        Column(WORDS[lang]["word"], width=22),
        Column(WORDS[lang]["code"], width=20),
        Column("", width=80, wrap=True),
    ]
    return Sheet(cells.phrase(lang, "legend"), columns, rows, fills=fills, printed=True)


def _summary_sheet(report: Report, lang: str) -> Sheet:
    w, r = WORDS[lang], report_word
    columns = [
        Column(r(lang, "sector")),
        Column(r(lang, "targets"), "0"),
        Column(r(lang, "statuses"), indent=True),
        Column(r(lang, "worst")),
        Column(r(lang, "milestones"), "0"),
        Column(w["completed"], "0"),
        Column(r(lang, "overdue"), "0"),
        Column(r(lang, "cancelled"), "0"),
        Column(f"{r(lang, 'completion')} (%)", PERCENT),
    ]
    rows: list[list[Any]] = []
    fills: dict[tuple[int, int], str] = {}
    for section in report.sectors:
        rollup = section.status.rollup
        worst = rollup.worst_status
        if worst is not None:
            fills[(len(rows), 3)] = STATUS_FILL[worst]
        rows.append(
            [
                cells.sector_name(section.status.sector, lang),
                len(section.status.judgements),
                cells.status_counts(rollup, lang) if section.status.judgements else r(lang, "no_targets"),
                cells.status_label(worst, lang) if worst is not None else None,
                rollup.milestones_total,
                rollup.milestones_completed,
                rollup.milestones_overdue,
                rollup.milestones_cancelled,
                None if rollup.completion_rate is None else rollup.completion_rate * 100,
            ]
        )
    return Sheet(w["summary_sheet"], columns, rows, fills=fills, printed=True)


def _milestone_sheet(report: Report, lang: str) -> Sheet:
    w, r = WORDS[lang], report_word
    columns = [
        Column(r(lang, "sector")),
        Column(r(lang, "id"), "0"),
        Column(r(lang, "title_col"), indent=True),
        Column(r(lang, "due")),
        Column(w["kind"]),
        Column(w["days_overdue"], "0"),
        Column(r(lang, "status"), indent=True),
        Column(r(lang, "source")),
    ]
    wanted: list[MilestoneJudgement] = [
        j for section in report.sectors for j in section.milestones if j.overdue or j.due_soon
    ]
    wanted.sort(key=lambda j: (not j.overdue, j.milestone.due.sort_key() if j.milestone.due else (), j.milestone.id))
    rows = [
        [
            cells.milestone_sector(report.sector_of(j), j, lang),
            j.milestone.id,
            cells.milestone_title(j, lang),
            j.milestone.due.iso() if j.milestone.due else None,
            w["overdue"] if j.overdue else w["due_soon"],
            j.days_overdue if j.overdue else None,
            cells.milestone_status(j, lang),
            j.milestone.source,
        ]
        for j in wanted
    ]
    fills = {(n, 4): STATUS_FILL[_MILESTONE_FILL[j.overdue]] for n, j in enumerate(wanted)}
    notes = [] if rows else [w["no_milestones"]]
    return Sheet(w["milestone_sheet"], columns, rows, fills=fills, notes=notes, printed=True)


# An overdue milestone in the colour of regressing, a due-soon one in that of behind, as the HTML report marks them.
_MILESTONE_FILL = {True: TargetStatus.REGRESSING, False: TargetStatus.BEHIND}
