"""Words of the tables (headers, status labels, flags, notes), in English marked for the catalogue; how figures read."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pohang_cli.dates import Precision
from pohang_cli.i18n import NC_, Labels
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

TARGET_STATUS = Labels(
    "target status",
    {
        TargetStatus.ACHIEVED: NC_("target status", "achieved"),
        TargetStatus.ON_TRACK: NC_("target status", "on track"),
        TargetStatus.BEHIND: NC_("target status", "behind"),
        TargetStatus.OFF_TRACK: NC_("target status", "off track"),
        TargetStatus.REGRESSING: NC_("target status", "regressing"),
        TargetStatus.MISSED: NC_("target status", "missed"),
        TargetStatus.PENDING_FINAL: NC_("target status", "awaiting final figure"),
        TargetStatus.INSUFFICIENT: NC_("target status", "too little evidence"),
        TargetStatus.NOT_JUDGED: NC_("target status", "not judged"),
        TargetStatus.NO_DATA: NC_("target status", "no data"),
        TargetStatus.NO_TARGET: NC_("target status", "no target"),
    },
)

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

MILESTONE_STATUS = Labels(
    "milestone status",
    {
        MilestoneStatus.PLANNED: NC_("milestone status", "planned"),
        MilestoneStatus.IN_PROGRESS: NC_("milestone status", "in progress"),
        MilestoneStatus.ON_HOLD: NC_("milestone status", "on hold"),
        MilestoneStatus.DONE: NC_("milestone status", "done"),
        MilestoneStatus.PARTIAL: NC_("milestone status", "partial"),
        MilestoneStatus.CANCELLED: NC_("milestone status", "cancelled"),
        MilestoneStatus.UNKNOWN: NC_("milestone status", "unknown"),
    },
)

MILESTONE_STATUS_STYLE = {
    MilestoneStatus.PLANNED: "",
    MilestoneStatus.IN_PROGRESS: "cyan",
    MilestoneStatus.ON_HOLD: "yellow",
    MilestoneStatus.DONE: "green",
    MilestoneStatus.PARTIAL: "green",
    MilestoneStatus.CANCELLED: "dim",
    MilestoneStatus.UNKNOWN: "dim",
}

FLAGS = Labels(
    "flag",
    {
        Flag.LOW_CONFIDENCE: NC_("flag", "low confidence"),
        Flag.PROVISIONAL: NC_("flag", "provisional"),
        Flag.AWAITING_FINAL_DATA: NC_("flag", "awaiting final data"),
        Flag.REVISED: NC_("flag", "revised"),
        Flag.STALE: NC_("flag", "stale"),
        Flag.REACH_PASSED: NC_("flag", "reach passed"),
        Flag.NO_BASELINE: NC_("flag", "no baseline"),
        Flag.DEADLINE_PASSED: NC_("flag", "past deadline"),
        Flag.REVISED_ACTUAL: NC_("flag", "revised actual"),
        Flag.LATE: NC_("flag", "achieved late"),
        Flag.DISPUTED: NC_("flag", "disputed"),
        Flag.ASSESSMENT_OUTDATED: NC_("flag", "new data since assessment"),
    },
)

WORDS = Labels(
    "table",
    {
        "status_title": NC_("table", "Pohang's five new-growth industries: progress at {as_of}"),
        "known_as_of": NC_("table", "as known on {date}"),
        "owner": NC_("table", "from {owner}"),
        "next_expected": NC_("table", "late since {month}"),
        "indicator": NC_("table", "Indicator"),
        "baseline": NC_("table", "Baseline"),
        "actual": NC_("table", "Actual"),
        "target": NC_("table", "Target"),
        "progress": NC_("table", "Progress\nfrom baseline"),
        "pace": NC_("table", "Pace"),
        "projection": NC_("table", "Projection"),
        "status": NC_("table", "Status"),
        "by": NC_("table", "by {year}"),
        "milestones_summary": NC_("table", "milestones {done}/{total} done"),
        "overdue_count": NC_("table", "{count} overdue"),
        "cancelled_count": NC_("table", "{count} cancelled"),
        "worst": NC_("table", "worst: {label}"),
        "no_targets": NC_("table", "no numeric targets"),
        "reach": NC_("table", "target reached {when}"),
        "reach_passed": NC_("table", "would have reached {when} at the {pace} pace"),
        "reach_passed_lines": NC_("table", "at the {pace} pace,\nwould have reached\n{when}"),
        "not_at_pace": NC_("table", "not at current pace"),
        "data_age": NC_("table", "{months} mo old"),
        "stale_age": NC_("table", "stale ({months} mo)"),
        "as_of_elapsed": NC_("table", "time gone {pct}"),
        "level_pct": NC_("table", "{pct} of target"),
        "provisional_mark": NC_("table", "(provisional)"),
        "no_actual": NC_("table", "no actual"),
        "needed": NC_("table", "needs {value}/yr"),
        "acceleration": NC_("table", "{value}x faster"),
        "model_linear": NC_("table", "linear"),
        "model_compound": NC_("table", "compound"),
        "cumulative": NC_("table", "cumulative"),
        "level": NC_("table", "level"),
        "id": NC_("table", "ID"),
        "increase": NC_("table", "increase"),
        "decrease": NC_("table", "decrease"),
        "sector": NC_("table", "Sector"),
        "title": NC_("table", "Title"),
        "date": NC_("table", "Date"),
        "due": NC_("table", "Due"),
        "source": NC_("table", "Source"),
        "name": NC_("table", "Name"),
        "unit": NC_("table", "Unit"),
        "indicators": NC_("table", "Indicators"),
        "targets": NC_("table", "Targets"),
        "milestones": NC_("table", "Milestones"),
        "value": NC_("table", "Value"),
        "deadline": NC_("table", "Deadline"),
        "state": NC_("table", "State"),
        "reason": NC_("table", "Reason"),
        "kind": NC_("table", "Kind"),
        "note": NC_("table", "Note"),
        "overdue_days": NC_("table", "{days} day(s) overdue"),
        "due_soon": NC_("table", "due soon"),
        "late_days": NC_("table", "done {days} days late"),
        "rescheduled": NC_("table", "rescheduled (was {original})"),
        "current": NC_("table", "current"),
        "superseded": NC_("table", "superseded"),
        "earlier": NC_("table", "earlier"),
        "problem_target": NC_("table", "target"),
        "problem_milestone": NC_("table", "milestone"),
        "problems_title": NC_("table", "check: {count} problem(s)"),
        "watched_title": NC_("table", "Watched indicators (no target)"),
        "watched_count": NC_("table", "{count} watched"),
        "latest": NC_("table", "Latest"),
        "previous": NC_("table", "Previous"),
        "change": NC_("table", "Change"),
        "per_year": NC_("table", "{value}/yr"),
        "revision": NC_("table", "earlier value"),
        "reported": NC_("table", "reported {date}"),
        # TRANSLATORS: a year a passed projection's pace was measured in ("at the 2023 pace").
        "pace_year": NC_("table", "{year}"),
        "around_year": NC_("table", "around {year}"),
    },
)


def word(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang`, with `values` filled in."""
    return WORDS[lang][key].format(**values)


def pace_of(when: PartialDate, lang: str) -> str:
    """The period whose pace a passed projection speaks of: `2023년` / `2023`, or the date as stored."""
    if when.precision is Precision.YEAR:
        return word(lang, "pace_year", year=when.iso())
    return when.iso()


def around_year(when: PartialDate, lang: str) -> str:
    """A projected date to its year, as a straight line deserves (§8.4): `2045년경`, `around 2045`."""
    return word(lang, "around_year", year=when.year)


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
