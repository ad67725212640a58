"""The status ladder of methodology §4: one target judged at an as-of date, with its figures.

Nothing here reads the clock, the environment or the database: `as_of` is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.models import Flag, Indicator, Model, Observation, Target, TargetStatus
from pohang_cli.progress import figures
from pohang_cli.progress.flags import FLAG_ORDER, is_low_confidence, is_stale, raised_flags
from pohang_cli.progress.scan import scan_observations

__all__ = ["Judgement", "is_at_or_below", "judge_target", "status_by_pace"]


# Results are NamedTuples: immutable like frozen dataclasses, and a sixth of the cost to define, which every
# command pays at start-up (a frozen dataclass costs half a millisecond).
class Judgement(NamedTuple):
    """The judgement of one target at an as-of date, with the figures of methodology §3.

    `actual` and `actual_date` are the latest observation (y_t, t), or the observation that gave a final
    verdict. Pace figures (per-year rates, ratio, acceleration, projections) are None once a row is achieved
    or has a final verdict, and for maintenance targets; `projected_reach` None means "not at current pace".
    `model` is the model the pace ratio uses: `linear` when the compound model is not defined for the data.
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


def judge_target(
    indicator: Indicator, target: Target, observations: Iterable[Observation], as_of: dt.date
) -> Judgement:
    """Judge one target at `as_of` by the status ladder of methodology §4.

    Reads `observations` once, in any order. An observation counts when its whole period has passed
    (`date.end() <= as_of`) and it falls in a month after the baseline's (§2); the others are ignored.

    Args:
        indicator: The target's indicator, with its baseline, direction, kind and model.
        target: The target to judge.
        observations: The indicator's observations (only this indicator's), in any order.
        as_of: The date the target is judged at.

    Returns:
        The status, its flags and the figures of §3 that are defined for that status.
    """
    revised = target.is_revised
    model = figures.pace_model(indicator, target)
    baseline, baseline_date = indicator.baseline, indicator.baseline_date
    as_of_month = as_of.year * 12 + as_of.month
    deadline_month = target.deadline.month_index()
    past_deadline = as_of > target.deadline.end()
    if baseline is None or baseline_date is None:
        return _without_baseline(indicator, target, observations, as_of, model)

    baseline_month = baseline_date.month_index()
    scan = scan_observations(observations, baseline_month, deadline_month, as_of)
    as_of_elapsed_pct = figures.as_of_elapsed_pct(as_of_month, baseline_month, deadline_month)
    # §4 rule 1. An observation in the baseline's own month is not "after the baseline" (§2) and was not
    # counted, so once something is counted t > t0 and the pace, which divides by t − t0, is defined: the
    # case t == t0 ends here as no_data.
    if scan.latest is None:
        return Judgement(
            indicator,
            target,
            TargetStatus.NO_DATA,
            # §7: a target past its deadline with no data is news, not silence.
            raised_flags(revised=revised, deadline_passed=past_deadline),
            model,
            as_of_elapsed_pct=as_of_elapsed_pct,
        )
    # §7: the age of the latest counted actual, whatever settles the status; more data can only make it younger.
    data_age_months = as_of_month - scan.latest.date.month_index()
    stale = is_stale(data_age_months)

    sign = indicator.direction.sign
    goal = target.value
    # §4 rule 4: d·(y* − b) ≤ 0, the baseline already meets the target; progress would divide by zero or
    # measure the wrong way, so it is not defined.
    is_maintenance = figures.meets(baseline, goal, sign)

    if scan.verdict is not None:
        # §4 rule 2: the earliest observation at or after the deadline settles the target for good.
        verdict = scan.verdict
        verdict_month = verdict.date.month_index()
        return Judgement(
            indicator,
            target,
            TargetStatus.ACHIEVED if figures.meets(verdict.value, goal, sign) else TargetStatus.MISSED,
            raised_flags(
                # The verdict rests on the observations up to itself: those before the deadline and it.
                low_confidence=is_low_confidence(verdict_month - baseline_month, scan.before_deadline + 1),
                provisional=verdict.provisional,
                revised=revised,
                stale=stale,
                revised_actual=bool(verdict.revisions),
            ),
            model,
            actual=verdict.value,
            actual_date=verdict.date,
            progress_pct=None if is_maintenance else figures.progress_pct(baseline, verdict.value, goal),
            time_elapsed_pct=figures.time_elapsed_pct(verdict_month, baseline_month, deadline_month),
            data_age_months=data_age_months,
            as_of_elapsed_pct=as_of_elapsed_pct,
        )

    latest = scan.latest
    latest_month = latest.date.month_index()
    flags = raised_flags(
        low_confidence=is_low_confidence(latest_month - baseline_month, scan.counted),
        provisional=latest.provisional,
        # §4 rule 2: past the deadline without a final figure, judge the latest value meanwhile.
        awaiting_final_data=past_deadline,
        revised=revised,
        stale=stale,
        deadline_passed=past_deadline,
        revised_actual=bool(latest.revisions),
    )
    time_elapsed_pct = figures.time_elapsed_pct(latest_month, baseline_month, deadline_month)

    is_met = figures.meets(latest.value, goal, sign)
    if is_met or is_maintenance:
        # §4 rules 3 and 4: reaching the target overrides the trend, and a maintenance target is either still
        # met or regressing; no pace figures either way.
        return Judgement(
            indicator,
            target,
            TargetStatus.ACHIEVED if is_met else TargetStatus.REGRESSING,
            flags,
            model,
            actual=latest.value,
            actual_date=latest.date,
            progress_pct=None if is_maintenance else figures.progress_pct(baseline, latest.value, goal),
            time_elapsed_pct=time_elapsed_pct,
            data_age_months=data_age_months,
            as_of_elapsed_pct=as_of_elapsed_pct,
        )

    # §4 rule 5. Here t0 < t < T: t > t0 by rule 1, and t < T because no observation reached the deadline
    # (so T > t0 too). All divisors below are therefore non-zero: months are positive, y* ≠ b because the
    # target is not a maintenance one, and y_t ≠ b where we divide by the observed rate.
    #
    # The linear figures are computed exactly on the stored binary values and rounded once, so a pace ratio
    # that lands on a threshold (0.95, 0.50, 0) is judged by its true value whatever the order of operations,
    # and huge or tiny magnitudes never overflow an intermediate result.
    from fractions import Fraction  # here, not at the top: listing milestones need no fractions (2 ms)

    b, y, y_star = Fraction(baseline), Fraction(latest.value), Fraction(goal)
    elapsed_months = latest_month - baseline_month
    horizon_months = deadline_month - baseline_month
    remaining_months = deadline_month - latest_month
    required = (y_star - b) * 12 / horizon_months
    observed = (y - b) * 12 / elapsed_months
    needed = (y_star - y) * 12 / remaining_months
    is_moving_towards = sign * observed > 0

    compound = None
    if model is Model.COMPOUND:
        compound = figures.compound_pace(
            baseline=baseline,
            value=latest.value,
            goal=goal,
            sign=sign,
            elapsed_months=elapsed_months,
            horizon_months=horizon_months,
            remaining_months=remaining_months,
        )
    if compound is None:
        model = Model.LINEAR
        ratio = figures.to_float(observed / required)
        projected_value = figures.to_float(y + observed * remaining_months / 12)
        whole_months = figures.whole_months(12 * (y_star - y) / observed) if is_moving_towards else None
    else:
        ratio = compound.ratio
        projected_value = compound.projected_value
        whole_months = compound.whole_months_to_reach

    projected_reach = None if whole_months is None else figures.month_after(latest_month, whole_months)
    if projected_reach is not None and projected_reach.end() < as_of:
        # §7: at the observed pace the target would already have been met, yet no actual shows it.
        flags = tuple(sorted((*flags, Flag.REACH_PASSED), key=FLAG_ORDER.__getitem__))
    return Judgement(
        indicator,
        target,
        status_by_pace(ratio),
        flags,
        model,
        actual=latest.value,
        actual_date=latest.date,
        progress_pct=figures.progress_pct(baseline, latest.value, goal),
        time_elapsed_pct=time_elapsed_pct,
        required_per_year=figures.finite(figures.to_float(required)),
        observed_per_year=figures.finite(figures.to_float(observed)),
        needed_per_year=figures.finite(figures.to_float(needed)),
        pace_ratio=figures.finite(ratio),
        # §3: A = r_need / r only when d·r > 0; otherwise no acceleration reaches the target.
        acceleration=figures.finite(figures.to_float(needed / observed)) if is_moving_towards else None,
        projected_value=figures.finite(projected_value),
        projected_reach=projected_reach,
        data_age_months=data_age_months,
        as_of_elapsed_pct=as_of_elapsed_pct,
    )


def _without_baseline(
    indicator: Indicator, target: Target, observations: Iterable[Observation], as_of: dt.date, model: Model
) -> Judgement:
    """§7: nothing can be judged without a baseline, but the latest actual is still shown with its age, so that
    an indicator someone keeps recording never looks empty."""
    scan = scan_observations(observations, None, target.deadline.month_index(), as_of)
    latest = scan.latest
    age = None if latest is None else as_of.year * 12 + as_of.month - latest.date.month_index()
    return Judgement(
        indicator,
        target,
        TargetStatus.NO_DATA,
        raised_flags(
            revised=target.is_revised,
            stale=is_stale(age),
            no_baseline=True,
            deadline_passed=as_of > target.deadline.end() and scan.verdict is None,
            revised_actual=latest is not None and bool(latest.revisions),
        ),
        model,
        actual=None if latest is None else latest.value,
        actual_date=None if latest is None else latest.date,
        data_age_months=age,
    )


def is_at_or_below(status: TargetStatus, threshold: TargetStatus) -> bool:
    """Whether `status` is as bad as `threshold` or worse, for `pohang check --fail-on`.

    A threshold of `off_track` catches off_track, regressing and missed. `no_data` is not a judgement, so it
    is never at or below a judged threshold, and a `no_data` threshold catches `no_data` alone (fail when a
    target lacks data), not every judged status.

    Args:
        status: The status of a target.
        threshold: The least bad status that counts as a problem.

    Returns:
        True when the status is a problem at that threshold.
    """
    if threshold.severity < 0 or status.severity < 0:  # no_data, no_target: not judgements
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
