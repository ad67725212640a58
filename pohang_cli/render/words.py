"""Words of the trend charts and the report in Korean and English (the tables' words live in labels.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pohang_cli.quantities import format_value

if TYPE_CHECKING:
    from pohang_cli.trend import Trend

CHART_WORDS = {
    "ko": {
        "baseline": "기준",
        "actual": "실적",
        "provisional": "잠정치",
        "target": "목표",
        "required": "목표 경로",
        "projection": "전망",
        "no_chart": "그릴 자료 없음",
        "no_actual": "실적 없음",
        "chart_label": "{name}: 기준, 실적, 목표와 전망",
    },
    "en": {
        "baseline": "baseline",
        "actual": "actual",
        "provisional": "provisional",
        "target": "target",
        "required": "required path",
        "projection": "projection",
        "no_chart": "nothing to draw",
        "no_actual": "no actual yet",
        "chart_label": "{name}: baseline, actuals, targets and projection",
    },
}

REPORT_WORDS = {
    "ko": {
        "title": "포항시 5대 신성장 산업 목표 점검 보고서",
        "as_of": "기준일",
        "database": "자료",
        "records": "지표 {indicators} · 목표 {targets} · 실적 {observations} · 마일스톤 {milestones}",
        "generated_by": "pohang {version}{particle} 작성",
        "summary": "요약",
        "sector_rollups": "분야별 현황",
        "targets_status": "목표별 상태",
        "overdue_milestones": "기한 초과 마일스톤",
        "no_overdue": "기한을 넘긴 마일스톤이 없습니다.",
        "sector": "분야",
        "targets": "목표",
        "statuses": "상태별",
        "worst": "최저 상태",
        "milestones": "마일스톤",
        "completion": "완료율",
        "overdue": "기한 초과",
        "cancelled": "폐기",
        "indicator": "지표",
        "target": "목표",
        "deadline": "기한",
        "actual": "실적",
        "progress": "기준 대비 진척",
        "pace": "속도",
        "required_per_year": "필요 속도",
        "projection": "전망",
        "status": "상태",
        "flags": "참고",
        "baseline": "기준",
        "recent_actuals": "최근 실적",
        "more_actuals": "실적 {total}건 중 최근 {shown}건 (전체: `pohang history {id} --format csv`)",
        "no_targets": "수치 목표 없음",
        "watched": "추이 지표 (목표 없음)",
        "latest": "최근 실적",
        "previous": "이전 실적",
        "change": "변화",
        "no_observations": "실적 없음",
        "timeline": "마일스톤 일정",
        "no_milestones": "마일스톤 없음",
        "id": "번호",
        "title_col": "내용",
        "date": "일자",
        "due": "기한",
        "note": "비고",
        "source": "출처",
        "per_year": "{value}/년",
        "reach": "{when} 도달 전망",
        "not_at_pace": "현 속도로 미도달",
        "days_overdue": "{days}일 초과",
        "due_soon": "기한 임박",
        "late": "{days}일 늦게 완료",
        "rescheduled": "기한 변경 (원래 {original})",
        "superseded": "대체됨",
        "current": "현행",
        "kind": "구분",
        "value": "값",
        "contents": "목차",
        "methodology": (
            "상태는 기준값에서 목표까지 필요한 속도 대비 실제 속도(속도비)로 판정합니다: 순항 ≥ 0.95, "
            "지연 ≥ 0.50, 부진 ≥ 0, 후퇴 < 0. 목표에 이르면 추세와 관계없이 달성입니다. 근거가 약하면 판정하지 "
            "않습니다: 기한이 지났는데 그 기간의 실적이 없으면 최종 자료 대기, 실적이 오래되었거나 잠정치뿐이면 "
            "근거 부족, 기준값이 없으면 판정 불가이며, 수치가 가리키는 상태는 그 옆에 적습니다. 전망은 현재 "
            "속도가 기한까지 이어질 때의 값입니다."
        ),
        "page": "쪽",
    },
    "en": {
        "title": "Pohang's five new-growth industries: progress report",
        "as_of": "As of",
        "database": "Data",
        "records": "{indicators} indicators · {targets} targets · {observations} actuals · {milestones} milestones",
        "generated_by": "made with pohang {version}",
        "summary": "Summary",
        "sector_rollups": "Sectors",
        "targets_status": "Every target",
        "overdue_milestones": "Overdue milestones",
        "no_overdue": "No milestone is past its due date.",
        "sector": "Sector",
        "targets": "Targets",
        "statuses": "By status",
        "worst": "Worst",
        "milestones": "Milestones",
        "completion": "Completed",
        "overdue": "Overdue",
        "cancelled": "Cancelled",
        "indicator": "Indicator",
        "target": "Target",
        "deadline": "Deadline",
        "actual": "Actual",
        "progress": "Progress from baseline",
        "pace": "Pace",
        "required_per_year": "Required",
        "projection": "Projection",
        "status": "Status",
        "flags": "Notes",
        "baseline": "Baseline",
        "recent_actuals": "Recent actuals",
        "more_actuals": "latest {shown} of {total} actuals (all: `pohang history {id} --format csv`)",
        "no_targets": "no numeric targets",
        "watched": "Watched indicators (no target)",
        "latest": "Latest",
        "previous": "Previous",
        "change": "Change",
        "no_observations": "no actuals",
        "timeline": "Milestone timeline",
        "no_milestones": "no milestones",
        "id": "ID",
        "title_col": "Title",
        "date": "Date",
        "due": "Due",
        "note": "Note",
        "source": "Source",
        "per_year": "{value}/yr",
        "reach": "target by {when}",
        "not_at_pace": "not at current pace",
        "days_overdue": "{days} day(s) overdue",
        "due_soon": "due soon",
        "late": "done {days} days late",
        "rescheduled": "rescheduled (was {original})",
        "superseded": "superseded",
        "current": "current",
        "kind": "Kind",
        "value": "Value",
        "contents": "Contents",
        "methodology": (
            "Status compares the observed pace with the pace required from the baseline to the target (pace "
            "ratio): on track ≥ 0.95, behind ≥ 0.50, off track ≥ 0, regressing < 0. Reaching the target is "
            "achieved whatever the trend. Weak evidence gives no verdict: past the deadline without the figure of "
            "its period the target awaits its final figure; with an old or only provisional figure there is too "
            "little evidence; without a baseline it is not judged; what the figures indicate is shown beside. The "
            "projection carries the current pace on to the deadline."
        ),
        "page": "page",
    },
}


def chart_word(lang: str, key: str, **values: object) -> str:
    """The chart phrase `key` in `lang`, with `values` filled in."""
    return CHART_WORDS[lang][key].format(**values)


# How a Korean reader says the last digit of a version: 영 일 이 삼 사 오 육 칠 팔 구. "으로" follows a final
# consonant other than ㄹ (영, 삼, 육), "로" a vowel or ㄹ (일, 칠, 팔): "0.1.0으로", "0.1.2로".
_DIGIT_TAKES_EURO = frozenset("036")


def instrumental(word_: str) -> str:
    """The particle 으로/로 that follows `word_` in Korean, read as a Korean reader reads it."""
    last = word_[-1:] if word_ else ""
    if last.isdigit():
        return "으로" if last in _DIGIT_TAKES_EURO else "로"
    if "가" <= last <= "힣":
        final = (ord(last) - ord("가")) % 28
        return "으로" if final not in (0, 8) else "로"  # 8 is ㄹ
    return "로"


def generated_by(lang: str, version: str) -> str:
    """`pohang 0.1.0으로 작성` / `made with pohang 0.1.0`."""
    return report_word(lang, "generated_by", version=version, particle=instrumental(version))


def no_actual_line(trend: Trend, lang: str) -> str:
    """What a chart without actuals would show, as one line (methodology §7): `목표 70개사 (2035) · 실적 없음`.

    An empty chart with a target on it tells a reader nothing but the axes; the sentence tells them all.
    """
    unit = trend.indicator.unit
    parts = []
    if trend.baseline is not None:
        parts.append(
            f"{chart_word(lang, 'baseline')} {format_value(trend.baseline.y, unit, lang)} ({trend.baseline.when})"
        )
    parts += (
        f"{chart_word(lang, 'target')} {format_value(mark.point.y, unit, lang)} ({mark.point.when})"
        for mark in trend.targets
    )
    parts.append(chart_word(lang, "no_actual"))
    return " · ".join(parts)


def report_word(lang: str, key: str, **values: object) -> str:
    """The report phrase `key` in `lang`, with `values` filled in."""
    return REPORT_WORDS[lang][key].format(**values)
