"""The workbooks people fill in and paste from: the entry template, and the report as sheets.

Both are described as sheets of typed cells and written by render/xlsx.py. The template's entry sheet
is named after the kind it imports as (`observations`, `milestones`), with headings that `import` reads
(`지표 (indicator)`: the Korean alias, then the key); its other sheets are named so that import leaves
them alone. The report workbook holds the HTML report's content as tables: numbers as numeric cells with
number formats and, beside them, the text the HTML report shows; each status in the HTML report's colour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pohang_cli.models import Dataset, Indicator, Kind, MilestoneStatus, Observation, Target, TargetStatus
from pohang_cli.progress import Judgement, MilestoneJudgement, WatchedJudgement
from pohang_cli.render import report_text as cells
from pohang_cli.render.html import STYLE
from pohang_cli.render.labels import MILESTONE_STATUS
from pohang_cli.render.words import report_word
from pohang_cli.render.xlsx import Column, Sheet, workbook_bytes
from pohang_cli.report import Report

# Rows of the entry sheet that carry the drop-down, past the example rows.
ENTRY_ROWS = 1000
NUMBER = "#,##0.##"
INTEGER = "#,##0"  # Excel shows "#,##0.##" of 686000 as "686,000."
PERCENT = '0.0"%"'
RATIO = "0.00"
TEXT = "@"  # typed dates stay text at their precision: Excel would turn `2024-06` into 2024-06-01


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

WORDS = {
    "ko": {
        "status_sheet": "목표 현황",
        "watched_sheet": "추이 지표 (목표 없음)",
        "change_pct": "변화율(%)",
        "summary_sheet": "분야 요약",
        "milestone_sheet": "마일스톤",
        "about_sheet": "정보",
        "target_id": "목표 ID",
        "unit": "단위",
        "shown": "표시",
        "progress_pct": "진척률(%)",
        "pace_ratio": "속도비",
        "projected": "전망값",
        "flags": "참고",
        "kind": "구분",
        "overdue": "기한 초과",
        "due_soon": "기한 임박",
        "days_overdue": "초과 일수",
        "generated": "작성",
        "completed": "완료",
        "records": "레코드",
        "no_milestones": "기한을 넘겼거나 임박한 마일스톤이 없습니다.",
    },
    "en": {
        "status_sheet": "Targets",
        "watched_sheet": "Watched (no target)",
        "change_pct": "Change (%)",
        "summary_sheet": "Sectors",
        "milestone_sheet": "Milestones",
        "about_sheet": "About",
        "target_id": "Target ID",
        "unit": "Unit",
        "shown": "Shown",
        "progress_pct": "Progress (%)",
        "pace_ratio": "Pace ratio",
        "projected": "Projected",
        "flags": "Notes",
        "kind": "Kind",
        "overdue": "overdue",
        "due_soon": "due soon",
        "days_overdue": "Days overdue",
        "generated": "Made with",
        "completed": "Done",
        "records": "Records",
        "no_milestones": "No milestone is overdue or due soon.",
    },
}


def without_password(location: str) -> str:
    """A database location as it may be shown: a URI keeps its user and host, never its password."""
    if "://" not in location:
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


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
            Sheet(
                w["about_sheet"],
                [Column("", width=14), Column("", width=60)],
                [
                    [report_word(lang, "title"), None],
                    [report_word(lang, "as_of"), report.as_of.isoformat()],
                    [report_word(lang, "database"), without_password(report.database)],
                    [w["records"], _records(report, lang)],
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
    """A target's judgement: each number beside the text the HTML report shows for it."""
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
        cells.status_label(a.status, lang),
        cells.flags(a, lang) or None,
        a.target.id,
        a.indicator.unit,
        a.projected_value,
    ]


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


# ---------------------------------------------------------------------------------------------------
# The entry template

TEMPLATE_KINDS = (Kind.OBSERVATIONS, Kind.MILESTONES)
REFERENCE_SHEET = "reference"
INSTRUCTIONS_SHEET = "instructions"

INSTRUCTIONS = {
    Kind.OBSERVATIONS: [
        ("이 통합문서의 'observations' 시트에 실적을 한 줄에 하나씩 적고, `pohang import 파일.xlsx`로 가져옵니다.",
         "Write one actual per row on the 'observations' sheet, then load it with `pohang import FILE.xlsx`."),
        ("지표: 목록에서 고릅니다 (reference 시트에 지표명·단위·최근 실적·현행 목표가 있습니다).",
         "indicator: pick it from the list (the reference sheet lists each one's names, unit, latest actual, target)."),
    ],
    Kind.MILESTONES: [
        ("이 통합문서의 'milestones' 시트에 마일스톤을 한 줄에 하나씩 적고, `pohang import 파일.xlsx`로 가져옵니다.",
         "Write one milestone per row on the 'milestones' sheet, then load it with `pohang import FILE.xlsx`."),
        ("분야와 상태는 목록에서 고릅니다 (reference 시트에 분야가 있습니다). 기한은 예정일, 일자는 완료일입니다.",
         "sector and status: pick them from the lists (the reference sheet lists the sectors). due is when it is "
         "due; date is when it was done."),
    ],
}  # fmt: skip
COMMON_INSTRUCTIONS = [
    ("값: 1234 · 1,234.5 · -3 · 1.5e12 · 14조 · 1조 6908억 원 · 1354억 · 15만 · 68만6000 · 5천 · 2.5M · 45%",
     "value: 1234 · 1,234.5 · -3 · 1.5e12 · 14조 · 1조 6908억 원 · 1354억 · 15만 · 68만6000 · 5천 · 2.5M · 45%"),
    ("값 뒤에 단위를 붙여도 됩니다 (원, t, 톤, 개, 개사, 명). 숫자 셀도 그대로 읽습니다.",
     "A unit word may follow the value (원, t, 톤, 개, 개사, 명). Number cells are read as they are."),
    ("일자: 2024 · 2024-06 · 2024-06-30 · 2024.06.30 · 2024/06/30 · 2024년 · 2024년 6월 · 2024년 6월 30일 · "
     "2024Q2 · 2024-Q2 · 2024년 상반기 · 2024-H1 · July 2023 · 20 Jul 2023",
     "date: 2024 · 2024-06 · 2024-06-30 · 2024.06.30 · 2024/06/30 · 2024년 · 2024년 6월 · 2024년 6월 30일 · "
     "2024Q2 · 2024-Q2 · 2024년 상반기 · 2024-H1 · July 2023 · 20 Jul 2023"),
    ("적은 정밀도를 그대로 지킵니다: 2024-06은 6월 한 달입니다. 날짜 서식 셀은 그날 하루입니다. "
     "07/08/2023처럼 모호한 형식은 받지 않습니다.",
     "The precision written is kept: 2024-06 is the month of June. A date-formatted cell is that day. "
     "Ambiguous forms such as 07/08/2023 are refused."),
    ("출처: 근거 문서의 URL. 비고: 자유롭게. "
     "수식, 오류 값(#REF!), 병합된 셀, "
     "암호가 걸린 파일은 받지 않습니다.",
     "source: the URL of the document that says so. note: free text. Formulas, error values (#REF!), "
     "merged cells and password-protected files are refused."),
    ("가져오기는 모든 행을 먼저 검사합니다. "
     "잘못된 행이 하나라도 있으면 시트·행·열과 이유를 알리고 아무것도 쓰지 않습니다.",
     "Import checks every row first; if any is wrong it names the sheet, row, column and reason, and writes nothing."),
]  # fmt: skip


def _heading(kind: Kind, key: str) -> str:
    """`지표 (indicator)`: the Korean alias import knows, then the key."""
    from pohang_cli.transfer.columns import ALIASES, KIND_ALIASES

    korean = {**{v: k for k, v in reversed(ALIASES.items())}, **{v: k for k, v in KIND_ALIASES.get(kind, {}).items()}}
    return f"{korean[key]} ({key})" if key in korean else key


def template_workbook(data: Dataset, kind: Kind, as_of: date) -> bytes:
    """An entry workbook for observations or milestones: entry sheet, reference sheet, instructions.

    Args:
        data: the database whose indicators (or sectors) the drop-downs offer.
        kind: Kind.OBSERVATIONS or Kind.MILESTONES.
        as_of: the date that picks each indicator's current target (the nearest deadline not passed).
    """
    if kind is Kind.OBSERVATIONS:
        entry, reference = _observation_entry(data), _indicator_reference(data, as_of)
    else:
        entry, reference = _milestone_entry(data), _sector_reference(data)
    lines = [*INSTRUCTIONS[kind], *COMMON_INSTRUCTIONS]
    instructions = Sheet(
        INSTRUCTIONS_SHEET,
        [Column("한국어", width=70), Column("English", width=70)],
        [list(pair) for pair in lines],
        header=True,
        wrap=True,
        printed=True,
    )
    return workbook_bytes([entry, reference, instructions])


def _observation_entry(data: Dataset) -> Sheet:
    count = len(data.indicators)
    choices = f"={REFERENCE_SHEET}!$A$2:$A${count + 1}"
    columns = [
        Column(_heading(Kind.OBSERVATIONS, "indicator"), width=34, choices=choices if count else None),
        Column(_heading(Kind.OBSERVATIONS, "date"), TEXT, width=14),
        Column(_heading(Kind.OBSERVATIONS, "value"), width=18),
        Column(_heading(Kind.OBSERVATIONS, "source"), width=40),
        Column(_heading(Kind.OBSERVATIONS, "note"), width=30),
    ]
    return Sheet(Kind.OBSERVATIONS.value, columns, [], entry_rows=ENTRY_ROWS)


def _milestone_entry(data: Dataset) -> Sheet:
    count = len(data.sectors)
    statuses = [status.value for status in MilestoneStatus]
    columns = [
        Column(
            _heading(Kind.MILESTONES, "sector"),
            width=16,
            choices=f"={REFERENCE_SHEET}!$A$2:$A${count + 1}" if count else None,
        ),
        Column(_heading(Kind.MILESTONES, "title"), width=40),
        Column(_heading(Kind.MILESTONES, "title_en"), width=30),
        Column(_heading(Kind.MILESTONES, "status"), width=14, choices=tuple(statuses)),
        Column(_heading(Kind.MILESTONES, "due"), TEXT, width=14),
        Column(_heading(Kind.MILESTONES, "date"), TEXT, width=14),
        Column(_heading(Kind.MILESTONES, "source"), width=40),
        Column(_heading(Kind.MILESTONES, "note"), width=30),
    ]
    return Sheet(Kind.MILESTONES.value, columns, [], entry_rows=ENTRY_ROWS)


def _current_target(targets: Sequence[Target], as_of: date) -> Target | None:
    current = sorted((t for t in targets if t.superseded_by is None), key=lambda t: (t.deadline.sort_key(), t.id))
    ahead = [t for t in current if t.deadline.end() >= as_of]
    chosen = ahead or current
    return chosen[0] if chosen else None


def _indicator_reference(data: Dataset, as_of: date) -> Sheet:
    latest: dict[str, Observation] = {}
    for observation in data.observations.values():
        known = latest.get(observation.indicator)
        if known is None or observation.date.sort_key() > known.date.sort_key():
            latest[observation.indicator] = observation
    targets: dict[str, list[Target]] = {}
    for each in data.targets.values():
        targets.setdefault(each.indicator, []).append(each)
    columns = [
        Column("id"),
        Column("name_ko"),
        Column("name_en"),
        Column("unit"),
        Column("basis"),
        Column("latest_actual", NUMBER, integer_format=INTEGER),
        Column("latest_actual_date"),
        Column("current_target", NUMBER, integer_format=INTEGER),
        Column("target_deadline"),
    ]
    rows = []
    for key in sorted(data.indicators):
        indicator: Indicator = data.indicators[key]
        actual = latest.get(indicator.id)
        target = _current_target(targets.get(indicator.id, []), as_of)
        rows.append(
            [
                indicator.id,
                indicator.name_ko,
                indicator.name_en,
                indicator.unit,
                indicator.basis,
                None if actual is None else actual.value,
                None if actual is None else actual.date.iso(),
                None if target is None else target.value,
                None if target is None else target.deadline.iso(),
            ]
        )
    return Sheet(REFERENCE_SHEET, columns, rows)


def _sector_reference(data: Dataset) -> Sheet:
    columns = [Column("id"), Column("name_ko"), Column("name_en"), Column("status (상태)")]
    statuses = list(MilestoneStatus)
    sectors = sorted(data.sectors.values(), key=lambda s: (s.order, s.id))
    rows: list[list[Any]] = []
    for n in range(max(len(sectors), len(statuses))):
        sector = sectors[n] if n < len(sectors) else None
        status = statuses[n] if n < len(statuses) else None
        rows.append(
            [
                None if sector is None else sector.id,
                None if sector is None else sector.name_ko,
                None if sector is None else sector.name_en,
                None if status is None else f"{status.value} ({MILESTONE_STATUS['ko'][status]})",
            ]
        )
    return Sheet(REFERENCE_SHEET, columns, rows)
