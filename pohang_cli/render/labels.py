"""Words of the tables in Korean and English: headers, status labels, flags, notes; and how figures read."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pohang_cli.dates import Precision
from pohang_cli.models import Flag, MilestoneStatus, TargetStatus
from pohang_cli.quantities import format_value

if TYPE_CHECKING:
    from pohang_cli.dates import PartialDate
    from pohang_cli.progress import Judgement, WatchedJudgement

DASH = "—"  # a figure that is not defined: no actual yet, no pace


def value_text(amount: float | None, unit: str, lang: str) -> str:
    """A value with its unit in the contract's style (`14조 원`, `KRW 14.0 tn`), or a dash."""
    return DASH if amount is None else format_value(amount, unit, lang)


def pct_text(amount: float | None) -> str:
    return DASH if amount is None else f"{amount:,.1f}%"


def significant(amount: float, digits: int = 2) -> float:
    """`amount` rounded to `digits` significant figures (§8.4: 166,521.7 t is shown as 17만 t)."""
    if amount == 0 or not math.isfinite(amount):
        return amount
    return round(amount, digits - 1 - math.floor(math.log10(abs(amount))))


def points_text(amount: float | None, lang: str) -> str:
    """A change of a percentage in percentage points with its sign (`-1.5%p`, `-1.5 pp`), or a dash (§8.4)."""
    if amount is None:
        return DASH
    return f"{amount:+,.1f}%p" if lang == "ko" else f"{amount:+,.1f} pp"


def rate_text(amount: float, unit: str, lang: str) -> str:
    """A change per year in the indicator's unit; in percentage points for a percentage (`-3.0%p/년`)."""
    value = points_text(amount, lang) if unit == "%" else format_value(amount, unit, lang)
    return word(lang, "per_year", value=value)


def change_pct_text(amount: float | None) -> str:
    """A change in per cent with its sign (`+3.2%`, `-6.2%`), or a dash."""
    return DASH if amount is None else f"{amount:+,.1f}%"


def ratio_text(amount: float | None) -> str:
    return DASH if amount is None else f"{amount:.2f}×"


LANGS = ("ko", "en")

TARGET_STATUS = {
    "ko": {
        TargetStatus.ACHIEVED: "달성",
        TargetStatus.ON_TRACK: "순항",
        TargetStatus.BEHIND: "지연",
        TargetStatus.OFF_TRACK: "부진",
        TargetStatus.REGRESSING: "후퇴",
        TargetStatus.MISSED: "미달성",
        TargetStatus.PENDING_FINAL: "최종 자료 대기",
        TargetStatus.INSUFFICIENT: "근거 부족",
        TargetStatus.NOT_JUDGED: "판정 불가",
        TargetStatus.NO_DATA: "자료 없음",
        TargetStatus.NO_TARGET: "목표 없음",
    },
    "en": {
        TargetStatus.ACHIEVED: "achieved",
        TargetStatus.ON_TRACK: "on track",
        TargetStatus.BEHIND: "behind",
        TargetStatus.OFF_TRACK: "off track",
        TargetStatus.REGRESSING: "regressing",
        TargetStatus.MISSED: "missed",
        TargetStatus.PENDING_FINAL: "awaiting final figure",
        TargetStatus.INSUFFICIENT: "too little evidence",
        TargetStatus.NOT_JUDGED: "not judged",
        TargetStatus.NO_DATA: "no data",
        TargetStatus.NO_TARGET: "no target",
    },
}

# Colours follow the traffic-light convention of SDG dashboards. The statuses that are no verdict (§8.1) are never
# green, amber or red: blue where a figure is awaited or too weak, dim where nothing can be said.
TARGET_STATUS_STYLE = {
    TargetStatus.ACHIEVED: "bold green",
    TargetStatus.ON_TRACK: "green",
    TargetStatus.BEHIND: "yellow",
    TargetStatus.OFF_TRACK: "dark_orange",
    TargetStatus.REGRESSING: "red",
    TargetStatus.MISSED: "bold red",
    TargetStatus.PENDING_FINAL: "blue",
    TargetStatus.INSUFFICIENT: "blue",
    TargetStatus.NOT_JUDGED: "dim",
    TargetStatus.NO_DATA: "dim",
    TargetStatus.NO_TARGET: "",
}

# A flag is a caveat: drawn in a colour of no status, never in on_track's green (a stale 순항 must not read as
# good news), and never dimmed into the status colour of its cell.
FLAG_STYLE = "magenta"

MILESTONE_STATUS = {
    "ko": {
        MilestoneStatus.PLANNED: "계획",
        MilestoneStatus.IN_PROGRESS: "추진중",
        MilestoneStatus.ON_HOLD: "보류",
        MilestoneStatus.DONE: "완료",
        MilestoneStatus.PARTIAL: "일부완료",
        MilestoneStatus.CANCELLED: "폐기",
        MilestoneStatus.UNKNOWN: "미확인",
    },
    "en": {
        MilestoneStatus.PLANNED: "planned",
        MilestoneStatus.IN_PROGRESS: "in progress",
        MilestoneStatus.ON_HOLD: "on hold",
        MilestoneStatus.DONE: "done",
        MilestoneStatus.PARTIAL: "partial",
        MilestoneStatus.CANCELLED: "cancelled",
        MilestoneStatus.UNKNOWN: "unknown",
    },
}

MILESTONE_STATUS_STYLE = {
    MilestoneStatus.PLANNED: "",
    MilestoneStatus.IN_PROGRESS: "cyan",
    MilestoneStatus.ON_HOLD: "yellow",
    MilestoneStatus.DONE: "green",
    MilestoneStatus.PARTIAL: "green",
    MilestoneStatus.CANCELLED: "dim",
    MilestoneStatus.UNKNOWN: "dim",
}

FLAGS = {
    "ko": {
        Flag.LOW_CONFIDENCE: "자료 부족",
        Flag.PROVISIONAL: "잠정치",
        Flag.AWAITING_FINAL_DATA: "최종 자료 대기",
        Flag.REVISED: "목표 수정",
        Flag.STALE: "자료 오래됨",
        Flag.REACH_PASSED: "도달 시점 경과",
        Flag.NO_BASELINE: "기준값 없음",
        Flag.DEADLINE_PASSED: "기한 경과",
        Flag.REVISED_ACTUAL: "실적 수정",
        Flag.LATE: "기한 후 달성",
        Flag.DISPUTED: "평가 상이",
        Flag.ASSESSMENT_OUTDATED: "검토 후 새 자료",
    },
    "en": {
        Flag.LOW_CONFIDENCE: "low confidence",
        Flag.PROVISIONAL: "provisional",
        Flag.AWAITING_FINAL_DATA: "awaiting final data",
        Flag.REVISED: "revised",
        Flag.STALE: "stale",
        Flag.REACH_PASSED: "reach passed",
        Flag.NO_BASELINE: "no baseline",
        Flag.DEADLINE_PASSED: "past deadline",
        Flag.REVISED_ACTUAL: "revised actual",
        Flag.LATE: "achieved late",
        Flag.DISPUTED: "disputed",
        Flag.ASSESSMENT_OUTDATED: "new data since assessment",
    },
}

WORDS = {
    "ko": {
        "status_title": "포항시 5대 신성장 산업 목표 점검 (기준일 {as_of})",
        "known_as_of": "{date}까지 보고된 자료 기준",
        "owner": "담당 {owner}",
        "next_expected": "{month}부터 늦음",
        "indicator": "지표",
        "baseline": "기준",
        "actual": "실적",
        "target": "목표",
        "progress": "기준 대비\n진척",
        "pace": "속도",
        "projection": "전망",
        "status": "상태",
        "by": "{year}년까지",
        "milestones_summary": "마일스톤 {done}/{total} 완료",
        "overdue_count": "기한 초과 {count}",
        "cancelled_count": "폐기 {count}",
        "worst": "최저 상태 {label}",
        "no_targets": "수치 목표 없음",
        "reach": "{when} 도달 전망",
        "reach_passed": "{pace} 속도라면 {when} 도달",
        "reach_passed_lines": "{pace} 속도라면\n{when} 도달",
        "not_at_pace": "현 속도로 미도달",
        "data_age": "{months}개월 전",
        "stale_age": "{months}개월 전 자료",
        "as_of_elapsed": "기간 {pct} 경과",
        "level_pct": "목표 대비 {pct}",
        "provisional_mark": "(잠정)",
        "no_actual": "실적 없음",
        "needed": "필요 {value}/년",
        "acceleration": "가속 {value}배",
        "model_linear": "선형",
        "model_compound": "복리",
        "cumulative": "누계",
        "level": "수준",
        "id": "ID",
        "increase": "증가",
        "decrease": "감소",
        "sector": "분야",
        "title": "내용",
        "date": "일자",
        "due": "기한",
        "source": "출처",
        "name": "이름",
        "unit": "단위",
        "indicators": "지표 수",
        "targets": "목표 수",
        "milestones": "마일스톤 수",
        "value": "값",
        "deadline": "기한",
        "state": "구분",
        "reason": "사유",
        "kind": "종류",
        "note": "비고",
        "overdue_days": "{days}일 초과",
        "due_soon": "기한 임박",
        "late_days": "{days}일 늦게 완료",
        "rescheduled": "기한 변경 (원래 {original})",
        "current": "현행",
        "superseded": "대체됨",
        "earlier": "이전 값",
        "problem_target": "목표",
        "problem_milestone": "마일스톤",
        "problems_title": "점검 결과: 문제 {count}건",
        "watched_title": "추이 지표 (목표 없음)",
        "watched_count": "추이 지표 {count}",
        "latest": "최근 실적",
        "previous": "이전 실적",
        "change": "변화",
        "per_year": "{value}/년",
        "revision": "수정 전",
        "assessment": "평가",
        "reported": "{date} 발표",
    },
    "en": {
        "status_title": "Pohang's five new-growth industries: progress at {as_of}",
        "known_as_of": "as known on {date}",
        "owner": "from {owner}",
        "next_expected": "late since {month}",
        "indicator": "Indicator",
        "baseline": "Baseline",
        "actual": "Actual",
        "target": "Target",
        "progress": "Progress\nfrom baseline",
        "pace": "Pace",
        "projection": "Projection",
        "status": "Status",
        "by": "by {year}",
        "milestones_summary": "milestones {done}/{total} done",
        "overdue_count": "{count} overdue",
        "cancelled_count": "{count} cancelled",
        "worst": "worst: {label}",
        "no_targets": "no numeric targets",
        "reach": "target reached {when}",
        "reach_passed": "would have reached {when} at the {pace} pace",
        "reach_passed_lines": "at the {pace} pace,\nwould have reached\n{when}",
        "not_at_pace": "not at current pace",
        "data_age": "{months} mo old",
        "stale_age": "stale ({months} mo)",
        "as_of_elapsed": "time gone {pct}",
        "level_pct": "{pct} of target",
        "provisional_mark": "(provisional)",
        "no_actual": "no actual",
        "needed": "needs {value}/yr",
        "acceleration": "{value}x faster",
        "model_linear": "linear",
        "model_compound": "compound",
        "cumulative": "cumulative",
        "level": "level",
        "id": "ID",
        "increase": "increase",
        "decrease": "decrease",
        "sector": "Sector",
        "title": "Title",
        "date": "Date",
        "due": "Due",
        "source": "Source",
        "name": "Name",
        "unit": "Unit",
        "indicators": "Indicators",
        "targets": "Targets",
        "milestones": "Milestones",
        "value": "Value",
        "deadline": "Deadline",
        "state": "State",
        "reason": "Reason",
        "kind": "Kind",
        "note": "Note",
        "overdue_days": "{days} day(s) overdue",
        "due_soon": "due soon",
        "late_days": "done {days} days late",
        "rescheduled": "rescheduled (was {original})",
        "current": "current",
        "superseded": "superseded",
        "earlier": "earlier",
        "problem_target": "target",
        "problem_milestone": "milestone",
        "problems_title": "check: {count} problem(s)",
        "watched_title": "Watched indicators (no target)",
        "watched_count": "{count} watched",
        "latest": "Latest",
        "previous": "Previous",
        "change": "Change",
        "per_year": "{value}/yr",
        "revision": "earlier value",
        "assessment": "assessment",
        "reported": "reported {date}",
    },
}


def word(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang`, with `values` filled in."""
    return WORDS[lang][key].format(**values)


def pace_of(when: PartialDate, lang: str) -> str:
    """The period whose pace a passed projection speaks of: `2023년` / `2023`, or the date as stored."""
    if lang == "ko" and when.precision is Precision.YEAR:
        return f"{when.iso()}년"
    return when.iso()


def around_year(when: PartialDate, lang: str) -> str:
    """A projected date to its year, as a straight line deserves (§8.4): `2045년경`, `around 2045`."""
    return f"{when.year}년경" if lang == "ko" else f"around {when.year}"


def projection_text(a: Judgement, lang: str) -> str:
    """The projected value at the deadline to two significant figures (`17만 t`), or a dash (§8.4)."""
    if a.projected_value is None:
        return DASH
    return format_value(significant(a.projected_value), a.indicator.unit, lang)


def reach_text(a: Judgement, lang: str, *, lines: bool = False) -> str:
    """When the target is reached at the current pace, to the year; a reach already past as what would have
    been (§7, §8.4).

    With `lines`, a passed reach comes in short lines (the status slide's column stays narrow).
    """
    if a.projected_reach is None:
        return word(lang, "not_at_pace")
    when = around_year(a.projected_reach, lang)
    if Flag.REACH_PASSED in a.flags and a.actual_date is not None:
        key = "reach_passed_lines" if lines else "reach_passed"
        return word(lang, key, when=when, pace=pace_of(a.actual_date, lang))
    return word(lang, "reach", when=when)


def actual_date_text(a: Judgement, lang: str) -> str | None:
    """The latest actual's date with its age (`2023 · 35개월 전`), or None without an actual."""
    if a.actual_date is None:
        return None
    if a.data_age_months is None:
        return a.actual_date.iso()
    return f"{a.actual_date.iso()} · {word(lang, 'data_age', months=a.data_age_months)}"


def flag_text(a: Judgement | WatchedJudgement, flag: Flag, lang: str) -> str:
    """A flag as a table says it: `stale` with the actual's age (`35개월 전 자료`), the others by their label."""
    if flag is Flag.STALE and a.data_age_months is not None:
        return word(lang, "stale_age", months=a.data_age_months)
    return FLAGS[lang][flag]


def elapsed_pct_text(pct: float, deadline_passed: bool) -> str:
    """An elapsed share rounded down (§8.4): 100 % only once the deadline has passed."""
    whole = math.floor(pct)
    if whole >= 100 and not deadline_passed:
        whole = 99
    return f"{whole}%"


def as_of_elapsed_text(a: Judgement, lang: str) -> str | None:
    """How much of the target's period has passed today (`기간 78% 경과`), rounded down; None when undefined."""
    if a.as_of_elapsed_pct is None:
        return None
    return word(lang, "as_of_elapsed", pct=elapsed_pct_text(a.as_of_elapsed_pct, a.deadline_passed))


def level_text(a: Judgement, lang: str) -> str | None:
    """The level against the target beside the progress (`목표 대비 59%`, §8.4); None where not given."""
    if a.level_pct is None:
        return None
    return word(lang, "level_pct", pct=f"{math.floor(a.level_pct)}%")
