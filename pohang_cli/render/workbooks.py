"""The workbook people fill in: the entry template (the report as a workbook is report_workbook.py).

It is described as sheets of typed cells and written by render/xlsx.py. The template's entry sheet is named
after the kind it imports as (`observations`, `milestones`), with headings that `import` reads
(`지표 (indicator)`: the Korean alias, then the key); its other sheets are named so that import leaves them
alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pohang_cli.models import Dataset, Indicator, Kind, MilestoneStatus, Observation, Target
from pohang_cli.render.labels import MILESTONE_STATUS
from pohang_cli.render.xlsx import Column, Sheet, workbook_bytes

# Rows of the entry sheet that carry the drop-down, past the example rows.
ENTRY_ROWS = 1000
NUMBER = "#,##0.##"
INTEGER = "#,##0"  # Excel shows "#,##0.##" of 686000 as "686,000."
TEXT = "@"  # typed dates stay text at their precision: Excel would turn `2024-06` into 2024-06-01


# ---------------------------------------------------------------------------------------------------
# The entry template

TEMPLATE_KINDS = (Kind.OBSERVATIONS, Kind.MILESTONES)
REFERENCE_SHEET = "reference"
INSTRUCTIONS_SHEET = "instructions"

INSTRUCTIONS = {
    Kind.OBSERVATIONS: [
        ("이 통합문서의 'observations' 시트에 실적을 한 줄에 하나씩 적고, `pohang import 파일.xlsx`로 가져옵니다.",
         "Write one actual per row on the 'observations' sheet, then load it with `pohang import FILE.xlsx`."),
        ("지표: 목록에서 고릅니다 (reference 시트에 지표명·단위·최근 실적·현행 목표가 있습니다). "
         "'양극재 생산량 (battery.cathode-output)'처럼 괄호 안의 아이디로 읽습니다.",
         "indicator: pick it from the list (the reference sheet lists each one's names, unit, latest actual, "
         "targets); the id in brackets is what is read."),
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


def choice_label(name_ko: str, record_id: str) -> str:
    """A drop-down entry, `양극재 생산량 (battery.cathode-output)`: what an officer reads, then the id import keeps."""
    return f"{name_ko} ({record_id})"


def _observation_entry(data: Dataset) -> Sheet:
    count = len(data.indicators)
    choices = f"={REFERENCE_SHEET}!$A$2:$A${count + 1}"
    columns = [
        Column(_heading(Kind.OBSERVATIONS, "indicator"), width=44, choices=choices if count else None),
        Column(_heading(Kind.OBSERVATIONS, "date"), TEXT, width=14),
        Column(_heading(Kind.OBSERVATIONS, "value"), width=18),
        Column(_heading(Kind.OBSERVATIONS, "source"), width=40),
        Column(_heading(Kind.OBSERVATIONS, "note"), width=30),
    ]
    return Sheet(Kind.OBSERVATIONS.value, columns, [], entry_rows=ENTRY_ROWS)


def _milestone_entry(data: Dataset) -> Sheet:
    count = len(data.sectors)
    # The Korean words statuses.py reads back (`추진중` is `in_progress`).
    statuses = [MILESTONE_STATUS["ko"][status] for status in MilestoneStatus]
    columns = [
        Column(
            _heading(Kind.MILESTONES, "sector"),
            width=24,
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


def _current_targets(targets: Sequence[Target], as_of: date) -> list[Target]:
    """An indicator's current targets, the nearest deadline not passed first (then the passed ones)."""
    current = sorted((t for t in targets if t.superseded_by is None), key=lambda t: (t.deadline.sort_key(), t.id))
    ahead = [t for t in current if t.deadline.end() >= as_of]
    return ahead + [t for t in current if t not in ahead]


def _indicator_reference(data: Dataset, as_of: date) -> Sheet:
    from pohang_cli.quantities import format_exact

    latest: dict[str, Observation] = {}
    for observation in data.observations.values():
        known = latest.get(observation.indicator)
        if known is None or observation.date.sort_key() > known.date.sort_key():
            latest[observation.indicator] = observation
    targets: dict[str, list[Target]] = {}
    for each in data.targets.values():
        targets.setdefault(each.indicator, []).append(each)
    columns = [
        Column("선택 목록 (choice)", width=44),
        Column("아이디 (id)"),
        Column("한글 이름 (name_ko)"),
        Column("영문 이름 (name_en)"),
        Column("단위 (unit)"),
        Column("기준 (basis)"),
        Column("최근 실적 (latest_actual)", NUMBER, integer_format=INTEGER),
        Column("최근 실적 일자 (latest_actual_date)"),
        Column("현행 목표 (current_target)", NUMBER, integer_format=INTEGER),
        Column("목표 기한 (target_deadline)"),
        Column("현행 목표 전체 (current_targets)", width=40),
    ]
    rows = []
    for key in sorted(data.indicators):
        indicator: Indicator = data.indicators[key]
        actual = latest.get(indicator.id)
        current = _current_targets(targets.get(indicator.id, []), as_of)
        first = current[0] if current else None
        every = " · ".join(
            f"{format_exact(t.value, indicator.unit, 'ko')} ({t.deadline.iso()})"
            for t in sorted(current, key=lambda t: t.deadline.sort_key())
        )
        rows.append(
            [
                choice_label(indicator.name_ko, indicator.id),
                indicator.id,
                indicator.name_ko,
                indicator.name_en,
                indicator.unit,
                indicator.basis,
                None if actual is None else actual.value,
                None if actual is None else actual.date.iso(),
                None if first is None else first.value,
                None if first is None else first.deadline.iso(),
                every or None,
            ]
        )
    return Sheet(REFERENCE_SHEET, columns, rows)


def _sector_reference(data: Dataset) -> Sheet:
    columns = [
        Column("선택 목록 (choice)", width=24),
        Column("아이디 (id)"),
        Column("한글 이름 (name_ko)"),
        Column("영문 이름 (name_en)"),
        Column("상태 (status)"),
    ]
    statuses = list(MilestoneStatus)
    sectors = sorted(data.sectors.values(), key=lambda s: (s.order, s.id))
    rows: list[list[Any]] = []
    for n in range(max(len(sectors), len(statuses))):
        sector = sectors[n] if n < len(sectors) else None
        status = statuses[n] if n < len(statuses) else None
        rows.append(
            [
                None if sector is None else choice_label(sector.name_ko, sector.id),
                None if sector is None else sector.id,
                None if sector is None else sector.name_ko,
                None if sector is None else sector.name_en,
                None if status is None else f"{MILESTONE_STATUS['ko'][status]} ({status.value})",
            ]
        )
    return Sheet(REFERENCE_SHEET, columns, rows)
