"""The status ladder of methodology §8.1: one target judged at an as-of date, with its figures.

Weak evidence changes the status word itself (§8): a verdict (achieved ... missed) is given only where the
figures carry one; otherwise the status says why not (no data, not judged, awaiting the final figure, too
little evidence), and `indication` keeps what the figures alone would say. Nothing here reads the clock,
the environment or the database: `as_of` is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.models import Assessment, Flag, Indicator, Model, Observation, Target, TargetStatus
from pohang_cli.progress import figures
from pohang_cli.progress.flags import (
    is_low_confidence,
    is_stale,
    next_expected,
    raised_flags,
    stale_after_months,
    with_flags,
)
from pohang_cli.progress.known import known_from
from pohang_cli.progress.scan import scan_observations

__all__ = ["Judgement", "Rule", "is_at_or_below", "judge_target", "status_by_pace"]


class Rule(StrEnum):
    """Which rung of the ladder (§8.1) decided a status; rule 6 has three reasons, each its own code."""

    NO_DATA = "no_data"
    FINAL_FIGURE = "final_figure"
    TARGET_MET = "target_met"
    NO_BASELINE = "no_baseline"
    PAST_DEADLINE = "past_deadline"
    STALE = "stale"
    ONLY_PROVISIONAL = "only_provisional"
    MET_PROVISIONAL = "met_provisional"
    MAINTENANCE_LOST = "maintenance_lost"
    PACE = "pace"

    @property
    def number(self) -> int:
        """The rule's number in the table of methodology §8.1 (1 to 8)."""
        return _RULE_NUMBER[self]


_RULE_NUMBER = {
    Rule.NO_DATA: 1,
    Rule.FINAL_FIGURE: 2,
    Rule.TARGET_MET: 3,
    Rule.NO_BASELINE: 4,
    Rule.PAST_DEADLINE: 5,
    Rule.STALE: 6,
    Rule.ONLY_PROVISIONAL: 6,
    Rule.MET_PROVISIONAL: 6,
    Rule.MAINTENANCE_LOST: 7,
    Rule.PACE: 8,
}


# Results are NamedTuples: immutable like frozen dataclasses, and a sixth of the cost to define, which every
# command pays at start-up (a frozen dataclass costs half a millisecond).
class Judgement(NamedTuple):
    """The judgement of one target at an as-of date, with the figures of methodology §3 and §8.

    `actual` and `actual_date` are the latest observation (y_t, t), or the observation that gave a final
    verdict (`observation` is that record). Pace figures (per-year rates, ratio, acceleration, projections)
    are None where the figures reach the target or give a final verdict, for maintenance targets, and
    without a baseline; `projected_reach` None means "not at current pace". `model` is the model the pace
    ratio uses: `linear` when the compound model is not defined for the data.

    `indication` is the status the figures alone give (§8.1), None where they give none; `rule` the rung of
    the ladder that decided. `level_pct` is 100·y_t/y* (§8.4), None where the baseline is 0 (it would equal
    the progress). `next_expected` is the month from which the figure after the latest is late (§8.2).
    `assessment` is a person's assessment of the target, when one was made by the as-of date (§8.3);
    `as_of` the date judged at.
    """

    indicator: Indicator
    target: Target
    status: TargetStatus
    flags: tuple[Flag, ...]
    model: Model
    actual: float | None = None
    actual_date: PartialDate | None = None
    progress_pct: float | None = None
    time_elapsed_pct: float | None = None
    required_per_year: float | None = None
    observed_per_year: float | None = None
    needed_per_year: float | None = None
    pace_ratio: float | None = None
    acceleration: float | None = None
    projected_value: float | None = None
    projected_reach: PartialDate | None = None
    # Methodology §7: months from the end of the latest actual's period to the as-of month, and how much of
    # the target's period (baseline to deadline) has passed at the as-of date, clamped to 0-100.
    data_age_months: int | None = None
    as_of_elapsed_pct: float | None = None
    level_pct: float | None = None
    indication: TargetStatus | None = None
    next_expected: PartialDate | None = None
    rule: Rule = Rule.NO_DATA
    observation: Observation | None = None
    assessment: Assessment | None = None
    as_of: dt.date | None = None

    @property
    def deadline_passed(self) -> bool:
        """Whether the as-of date is past the end of the deadline's period."""
        return self.as_of is not None and self.as_of > self.target.deadline.end()


def judge_target(
    indicator: Indicator,
    target: Target,
    observations: Iterable[Observation],
    as_of: dt.date,
    assessment: Assessment | None = None,
) -> Judgement:
    """Judge one target at `as_of` by the status ladder of methodology §8.1 (first match wins).

    Reads `observations` once, in any order. An observation counts when its whole period has passed
    (`date.end() <= as_of`) and it falls in a month after the baseline's (§2); the others are ignored.
    Without a baseline every observation up to as-of counts: a final figure needs no baseline.

    Args:
        indicator: The target's indicator, with its baseline, direction, kind, model and frequency.
        target: The target to judge.
        observations: The indicator's observations (only this indicator's), in any order.
        as_of: The date the target is judged at.
        assessment: A person's assessment of the target (§8.3), if one was made by `as_of`; it never changes
            the status, it raises `disputed` and `assessment_outdated`.

    Returns:
        The status, its indication, its flags and the figures of §3 that are defined for it.
    """
    judged = _judge(indicator, target, observations, as_of)
    return judged if assessment is None else _assessed(judged, assessment)


def _judge(indicator: Indicator, target: Target, observations: Iterable[Observation], as_of: dt.date) -> Judgement:
    revised = target.is_revised
    baseline, baseline_date = indicator.baseline, indicator.baseline_date
    as_of_month = as_of.year * 12 + as_of.month
    deadline_month = target.deadline.month_index()
    past_deadline = as_of > target.deadline.end()
    baseline_month = None if baseline is None or baseline_date is None else baseline_date.month_index()
    scan = scan_observations(observations, baseline_month, deadline_month, as_of)
    base = Judgement(
        indicator,
        target,
        TargetStatus.NO_DATA,
        # §7: a target past its deadline with no data is news, not silence.
        raised_flags(revised=revised, no_baseline=baseline_month is None, deadline_passed=past_deadline),
        figures.pace_model(indicator, target),
        as_of=as_of,
        as_of_elapsed_pct=None
        if baseline_month is None
        else figures.as_of_elapsed_pct(as_of_month, baseline_month, deadline_month),
    )
    # Rule 1. An observation in the baseline's own month is not "after the baseline" (§2) and was not counted,
    # so once something is counted t > t0 and the pace, which divides by t − t0, is defined.
    latest = scan.latest
    if latest is None:
        return base
    # §7: the age of the latest counted actual, whatever settles the status; more data can only make it younger.
    data_age_months = as_of_month - latest.date.month_index()
    base = base._replace(data_age_months=data_age_months, next_expected=next_expected(indicator, latest.date))
    stale = is_stale(data_age_months, stale_after_months(indicator))
    sign = indicator.direction.sign
    goal = target.value

    verdict = scan.verdict
    if verdict is not None:
        # Rule 2: the earliest observation at or after the deadline settles the target for good, with or
        # without a baseline.
        is_met = figures.meets(verdict.value, goal, sign)
        verdict_month = verdict.date.month_index()
        flags = raised_flags(
            # The verdict rests on the observations up to itself: those before the deadline and it.
            low_confidence=baseline_month is not None
            and is_low_confidence(verdict_month - baseline_month, scan.before_deadline + 1),
            provisional=verdict.provisional,
            revised=revised,
            stale=stale,
            no_baseline=baseline_month is None,
            revised_actual=bool(verdict.revisions),
            # §8.1: met only by a figure of a period that ends after the deadline.
            late=is_met and verdict.date.end() > target.deadline.end(),
        )
        status = TargetStatus.ACHIEVED if is_met else TargetStatus.MISSED
        return _with_actual(base, verdict, baseline_month)._replace(
            status=status, flags=flags, indication=status, rule=Rule.FINAL_FIGURE
        )

    base = _with_actual(base, latest, baseline_month)._replace(
        flags=raised_flags(
            low_confidence=baseline_month is not None
            and is_low_confidence(latest.date.month_index() - baseline_month, scan.counted),
            provisional=latest.provisional,
            # §4 rule 2: past the deadline without a final figure, the latest value is judged meanwhile.
            awaiting_final_data=past_deadline,
            revised=revised,
            stale=stale,
            no_baseline=baseline_month is None,
            deadline_passed=past_deadline,
            revised_actual=bool(latest.revisions),
        )
    )
    is_met = figures.meets(latest.value, goal, sign)
    if baseline is None or baseline_month is None:
        # Rule 3, else rule 4: a figure that meets the target needs no baseline; nothing else can be judged.
        reached = is_met and not latest.provisional
        return base._replace(
            status=TargetStatus.ACHIEVED if reached else TargetStatus.NOT_JUDGED,
            indication=TargetStatus.ACHIEVED if is_met else None,
            rule=Rule.TARGET_MET if reached else Rule.NO_BASELINE,
        )

    judged = _indicated(base, latest, baseline, baseline_month, as_of)
    if is_met and not latest.provisional:
        status, rule = TargetStatus.ACHIEVED, Rule.TARGET_MET
    elif past_deadline:
        status, rule = TargetStatus.PENDING_FINAL, Rule.PAST_DEADLINE
    elif stale:
        status, rule = TargetStatus.INSUFFICIENT, Rule.STALE
    elif latest.provisional and scan.counted == 1:
        status, rule = TargetStatus.INSUFFICIENT, Rule.ONLY_PROVISIONAL
    elif is_met:
        status, rule = TargetStatus.INSUFFICIENT, Rule.MET_PROVISIONAL
    elif figures.meets(baseline, goal, sign):
        # Rule 7: a maintenance target no longer met.
        status, rule = TargetStatus.REGRESSING, Rule.MAINTENANCE_LOST
    else:
        status, rule = judged.indication or TargetStatus.REGRESSING, Rule.PACE
    return judged._replace(status=status, rule=rule)


def _with_actual(base: Judgement, observation: Observation, baseline_month: int | None) -> Judgement:
    """`base` resting on `observation`: the actual, its progress, elapsed time and level (§3, §8.4)."""
    indicator, target = base.indicator, base.target
    baseline, goal = indicator.baseline, target.value
    if baseline is None or baseline_month is None:
        return base._replace(
            actual=observation.value,
            actual_date=observation.date,
            level_pct=figures.level_pct(observation.value, goal),
            observation=observation,
        )
    # §4 rule 4: d·(y* − b) ≤ 0, the baseline already meets the target (a maintenance target); progress would
    # divide by zero or measure the wrong way, so it is not defined.
    is_maintenance = figures.meets(baseline, goal, indicator.direction.sign)
    return base._replace(
        actual=observation.value,
        actual_date=observation.date,
        progress_pct=None if is_maintenance else figures.progress_pct(baseline, observation.value, goal),
        time_elapsed_pct=figures.time_elapsed_pct(
            observation.date.month_index(), baseline_month, target.deadline.month_index()
        ),
        # Where the baseline is 0 the level equals the progress: said once.
        level_pct=None if baseline == 0 else figures.level_pct(observation.value, goal),
        observation=observation,
    )


def _indicated(base: Judgement, latest: Observation, baseline: float, baseline_month: int, as_of: dt.date) -> Judgement:
    """`base`, resting on `latest` (before the deadline), with the indication and pace figures (§3, §4)."""
    indicator, target = base.indicator, base.target
    sign, goal = indicator.direction.sign, target.value
    deadline_month = target.deadline.month_index()
    if figures.meets(latest.value, goal, sign):
        # Reaching the target overrides the trend; no pace figures.
        return base._replace(indication=TargetStatus.ACHIEVED)
    if figures.meets(baseline, goal, sign):
        # A maintenance target no longer met is regressing; progress and pace are not defined.
        return base._replace(indication=TargetStatus.REGRESSING)
    latest_month = latest.date.month_index()
    # Here t0 < t < T: t > t0 by rule 1, t < T because no observation reached the deadline; y* ≠ b.
    pace = figures.pace(
        baseline=baseline,
        value=latest.value,
        goal=goal,
        sign=sign,
        model=base.model,
        elapsed_months=latest_month - baseline_month,
        horizon_months=deadline_month - baseline_month,
        remaining_months=deadline_month - latest_month,
    )
    flags = base.flags
    reach = None if pace.months_to_reach is None else figures.month_after(latest_month, pace.months_to_reach)
    if reach is not None and reach.end() < as_of:
        # §7: at the observed pace the target would already have been met, yet no actual shows it.
        flags = with_flags(flags, Flag.REACH_PASSED)
    return base._replace(
        flags=flags,
        model=pace.model,
        indication=status_by_pace(pace.ratio),
        required_per_year=pace.required_per_year,
        observed_per_year=pace.observed_per_year,
        needed_per_year=pace.needed_per_year,
        pace_ratio=figures.finite(pace.ratio),
        acceleration=pace.acceleration,
        projected_value=pace.projected_value,
        projected_reach=reach,
    )


def _assessed(judged: Judgement, assessment: Assessment) -> Judgement:
    """The judgement with a person's assessment beside it and the flags of §8.3.

    `disputed`: the assessed status differs from the verdict, or, where the computed status is no verdict,
    from the indication; with neither there is nothing to dispute (an assessment may fill that gap).
    `assessment_outdated`: the actual the judgement rests on was reported after the assessment was made.
    """
    compared = judged.status if judged.status.is_verdict else judged.indication
    added = []
    if compared is not None and assessment.status is not compared:
        added.append(Flag.DISPUTED)
    observation = judged.observation
    if observation is not None and known_from(observation, observation.date) > assessment.date.end():
        added.append(Flag.ASSESSMENT_OUTDATED)
    return judged._replace(assessment=assessment, flags=with_flags(judged.flags, *added))


def is_at_or_below(status: TargetStatus, threshold: TargetStatus) -> bool:
    """Whether `status` is as bad as `threshold` or worse, for `pohang check --fail-on`.

    A threshold of `off_track` catches off_track, regressing and missed. The statuses that are not verdicts
    (no_data, not_judged, pending_final, insufficient) are never at or below a verdict, and each of them as a
    threshold catches itself alone (fail when a target lacks data), not every judged status.

    Args:
        status: The status of a target.
        threshold: The least bad status that counts as a problem.

    Returns:
        True when the status is a problem at that threshold.
    """
    if not threshold.is_verdict or not status.is_verdict:
        return status is threshold
    return status.severity >= threshold.severity


def status_by_pace(ratio: float) -> TargetStatus:
    """Methodology §4 rule 5; lower bounds are inclusive."""
    if ratio >= 0.95:
        return TargetStatus.ON_TRACK
    if ratio >= 0.50:
        return TargetStatus.BEHIND
    if ratio >= 0:
        return TargetStatus.OFF_TRACK
    return TargetStatus.REGRESSING
