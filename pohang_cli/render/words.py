"""Words of the trend charts and the report, in English marked for the catalogue (the tables' are in labels.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pohang_cli.i18n import NC_, Labels
from pohang_cli.quantities import format_value

if TYPE_CHECKING:
    from pohang_cli.trend import Trend

CHART_WORDS = Labels(
    "chart",
    {
        "baseline": NC_("chart", "baseline"),
        "actual": NC_("chart", "actual"),
        "provisional": NC_("chart", "provisional"),
        "target": NC_("chart", "target"),
        "required": NC_("chart", "required path"),
        "projection": NC_("chart", "projection"),
        "no_chart": NC_("chart", "nothing to draw"),
        "no_actual": NC_("chart", "no actual yet"),
        "chart_label": NC_("chart", "{name}: baseline, actuals, targets and projection"),
    },
)

REPORT_WORDS = Labels(
    "report",
    {
        "title": NC_("report", "Pohang's five new-growth industries: progress report"),
        "as_of": NC_("report", "As of"),
        "database": NC_("report", "Data"),
        "log_head": NC_("report", "Head of the log"),
        "records": NC_(
            "report", "{indicators} indicators · {targets} targets · {observations} actuals · {milestones} milestones"
        ),
        "generated_by": NC_("report", "made with pohang {version}"),
        "summary": NC_("report", "Summary"),
        "sector_rollups": NC_("report", "Sectors"),
        "targets_status": NC_("report", "Every target"),
        "overdue_milestones": NC_("report", "Overdue milestones"),
        "no_overdue": NC_("report", "No milestone is past its due date."),
        "sector": NC_("report", "Sector"),
        "targets": NC_("report", "Targets"),
        "statuses": NC_("report", "By status"),
        "worst": NC_("report", "Worst"),
        "milestones": NC_("report", "Milestones"),
        "completion": NC_("report", "Completed"),
        "overdue": NC_("report", "Overdue"),
        "cancelled": NC_("report", "Cancelled"),
        "indicator": NC_("report", "Indicator"),
        "target": NC_("report", "Target"),
        "deadline": NC_("report", "Deadline"),
        "actual": NC_("report", "Actual"),
        "progress": NC_("report", "Progress from baseline"),
        "pace": NC_("report", "Pace"),
        "required_per_year": NC_("report", "Required"),
        "projection": NC_("report", "Projection"),
        "status": NC_("report", "Status"),
        "flags": NC_("report", "Notes"),
        "baseline": NC_("report", "Baseline"),
        "recent_actuals": NC_("report", "Recent actuals"),
        "more_actuals": NC_("report", "latest {shown} of {total} actuals (all: `pohang history {id} --format csv`)"),
        "no_targets": NC_("report", "no numeric targets"),
        "watched": NC_("report", "Watched indicators (no target)"),
        "latest": NC_("report", "Latest"),
        "previous": NC_("report", "Previous"),
        "change": NC_("report", "Change"),
        "no_observations": NC_("report", "no actuals"),
        "timeline": NC_("report", "Milestone timeline"),
        "no_milestones": NC_("report", "no milestones"),
        "id": NC_("report", "ID"),
        "title_col": NC_("report", "Title"),
        "date": NC_("report", "Date"),
        "due": NC_("report", "Due"),
        "note": NC_("report", "Note"),
        "source": NC_("report", "Source"),
        "per_year": NC_("report", "{value}/yr"),
        "reach": NC_("report", "target by {when}"),
        "not_at_pace": NC_("report", "not at current pace"),
        "days_overdue": NC_("report", "{days} day(s) overdue"),
        "due_soon": NC_("report", "due soon"),
        "late": NC_("report", "done {days} days late"),
        "rescheduled": NC_("report", "rescheduled (was {original})"),
        "superseded": NC_("report", "superseded"),
        "current": NC_("report", "current"),
        "kind": NC_("report", "Kind"),
        "value": NC_("report", "Value"),
        "contents": NC_("report", "Contents"),
        "methodology": NC_(
            "report",
            "Status compares the observed pace with the pace required from the baseline to the target (pace "
            "ratio): on track ≥ 0.95, behind ≥ 0.50, off track ≥ 0, regressing < 0. Reaching the target is "
            "achieved whatever the trend. Weak evidence gives no verdict: past the deadline without the "
            "figure of its period the target awaits its final figure; with an old or only provisional figure "
            "there is too little evidence; without a baseline it is not judged; what the figures indicate is "
            "shown beside. The projection carries the current pace on to the deadline.",
        ),
        "page": NC_("report", "page"),
    },
)


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
    # The particle depends on how the version is read aloud, which no catalogue can know: Korean gets the
    # version with its particle.
    shown = version + instrumental(version) if lang == "ko" else version
    return report_word(lang, "generated_by", version=shown)


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
