"""The use case of `pohang explain TARGET`: the whole chain from data to verdict, as data any view can draw.

An `Explanation` holds the judgement (with its figures, flags and assessment), every actual that was looked
at and why each counted or not, the indicator's publication cycle, and what the next figure would have to be
for each status. The sentences are the renderers' (render/explain_text.py); nothing here prints or reads
the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.models import Dataset, Indicator, Observation, Target, TargetStatus
from pohang_cli.progress import Judgement, Rule, judge_target
from pohang_cli.progress.figures import meets, pace_model, value_at_ratio
from pohang_cli.progress.flags import stale_after_months
from pohang_cli.progress.known import known_from
from pohang_cli.service.as_of import assessment_at, dataset_as_of
from pohang_cli.service.naming import resolve_target

__all__ = ["Actual", "Explanation", "Threshold", "WhatWouldChange", "explain"]


class Actual(NamedTuple):
    """One observation of the indicator as the judgement saw it.

    `role` is `final` (the figure that gave the final verdict), `latest` (the latest counted one), `counted`,
    `before_baseline` (in or before the baseline's month: kept, not used), `not_ended` (its period had not
    ended at the as-of date) or `not_reported` (reported after `--known-as-of`). `known_from` is the day from
    which its value counts as known (§8.5).
    """

    observation: Observation
    role: str
    known_from: date


class Threshold(NamedTuple):
    """A status the next figure would give, and the least (for a decrease: the most) value that gives it.

    `value` None is the last rung: any value short of the one before it.
    """

    status: TargetStatus
    value: float | None


class WhatWouldChange(NamedTuple):
    """What would move the verdict (methodology §8.1 read backwards).

    `kind` says what is wanted: `figure` (a figure for `period`, judged by the `thresholds`), `final` (the
    figure of the deadline's period: achieved at or beyond the target, else missed), `baseline` (a baseline
    for the indicator; meanwhile a figure at or beyond the target that is not provisional is achieved),
    `settled` (a final verdict: nothing changes it). `expected` is the month from which that figure is late.
    """

    kind: str
    period: PartialDate | None
    expected: PartialDate | None
    thresholds: tuple[Threshold, ...]


class Explanation(NamedTuple):
    """Everything `explain` shows of one target, judged at `as_of` with what was known at `known_as_of`."""

    judgement: Judgement
    as_of: date
    known_as_of: date | None
    actuals: tuple[Actual, ...]
    stale_after_months: int
    change: WhatWouldChange

    @property
    def indicator(self) -> Indicator:
        return self.judgement.indicator

    @property
    def target(self) -> Target:
        return self.judgement.target


def explain(data: Dataset, target_name: str, as_of: date, known_as_of: date | None = None) -> Explanation:
    """Judge one target as `status` does and keep every step (methodology §3, §8).

    Args:
        data: The whole database.
        target_name: The target's id, or an indicator with a single current target (as `resolve_target` reads).
        as_of: The date judged at; the target is the version in force then (§8.5).
        known_as_of: When given, only what had been reported by then counts.

    Raises:
        NotFoundError, InputError: no such target, or a name that fits several.
    """
    wanted = resolve_target(data, target_name)
    view = dataset_as_of(data, as_of, known_as_of)
    target = view.targets.get(wanted.id)
    if target is None:
        # Not yet adopted on the as-of day: explain the version it replaced, if any, or say it did not exist.
        target = _standing_predecessor(view, wanted) or wanted
    indicator = view.indicators[target.indicator]
    observations = [o for o in view.observations.values() if o.indicator == indicator.id]
    judgement = judge_target(indicator, target, observations, as_of, assessment_at(view, target.id, as_of))
    every = [o for o in data.observations.values() if o.indicator == indicator.id]
    return Explanation(
        judgement=judgement,
        as_of=as_of,
        known_as_of=known_as_of,
        actuals=_actuals(judgement, every, observations, as_of),
        stale_after_months=stale_after_months(indicator),
        change=what_would_change(judgement, as_of),
    )


def _standing_predecessor(view: Dataset, wanted: Target) -> Target | None:
    """The version a target replaced that stood on the as-of day, when the target itself came later."""
    for target in view.targets.values():
        if target.superseded_by == wanted.id or (target.indicator == wanted.indicator and target.is_current):
            return target
    return None


def _actuals(
    judgement: Judgement, every: Sequence[Observation], known: Sequence[Observation], as_of: date
) -> tuple[Actual, ...]:
    baseline = judgement.indicator.baseline_date
    known_ids = {o.id: o for o in known}
    decisive = judgement.observation
    listed = []
    for stored in sorted(every, key=lambda o: (o.date.sort_key(), o.id)):
        observation = known_ids.get(stored.id)
        if observation is None:
            role = "not_reported"
            observation = stored
        elif decisive is not None and observation.id == decisive.id:
            role = "final" if judgement.rule is Rule.FINAL_FIGURE else "latest"
        elif baseline is not None and observation.date.month_index() <= baseline.month_index():
            role = "before_baseline"
        elif observation.date.end() > as_of:
            role = "not_ended"
        else:
            role = "counted"
        listed.append(Actual(observation, role, known_from(observation, observation.date)))
    return tuple(listed)


_PACE_RUNGS = ((TargetStatus.ON_TRACK, 0.95), (TargetStatus.BEHIND, 0.50), (TargetStatus.OFF_TRACK, 0.0))


def what_would_change(judgement: Judgement, as_of: date) -> WhatWouldChange:
    """What the next figure would have to be for each status (§8.1), at the exact thresholds of §4.

    The figure in question is the deadline's, once the deadline has passed; otherwise that of the period after
    the latest actual, or, where a figure for that period would already be stale, the latest period ended by
    the as-of date (a 2024 figure in 2026-11 would still be too old to judge by).
    """
    a = judgement
    indicator, target = a.indicator, a.target
    if a.rule is Rule.FINAL_FIGURE:
        return WhatWouldChange("settled", None, None, ())
    final = WhatWouldChange(
        "final",
        target.deadline,
        _due(indicator, target.deadline),
        (Threshold(TargetStatus.ACHIEVED, target.value), Threshold(TargetStatus.MISSED, None)),
    )
    if a.deadline_passed:
        return final
    if indicator.baseline is None or indicator.baseline_date is None:
        return WhatWouldChange("baseline", None, None, (Threshold(TargetStatus.ACHIEVED, target.value),))
    period = _next_period(indicator, a.actual_date, as_of)
    if period.month_index() >= target.deadline.month_index():
        return final
    baseline, baseline_month = indicator.baseline, indicator.baseline_date.month_index()
    thresholds = [Threshold(TargetStatus.ACHIEVED, target.value)]
    if meets(baseline, target.value, indicator.direction.sign):
        # A maintenance target: kept while met, regressing once not.
        thresholds.append(Threshold(TargetStatus.REGRESSING, None))
    else:
        for status, ratio in _PACE_RUNGS:
            value = value_at_ratio(
                ratio,
                baseline=baseline,
                goal=target.value,
                sign=indicator.direction.sign,
                model=pace_model(indicator, target),
                elapsed_months=period.month_index() - baseline_month,
                horizon_months=target.deadline.month_index() - baseline_month,
            )
            thresholds.append(Threshold(status, value))
        thresholds.append(Threshold(TargetStatus.REGRESSING, None))
    return WhatWouldChange("figure", period, _due(indicator, period), tuple(thresholds))


def _due(indicator: Indicator, period: PartialDate) -> PartialDate | None:
    """The month from which the figure of `period` is late: its period's last month plus the lag (§8.2)."""
    if indicator.frequency.months is None:
        return None
    return PartialDate.of_month(*_month(period.month_index() + indicator.lag_months))


def _next_period(indicator: Indicator, latest: PartialDate | None, as_of: date) -> PartialDate:
    """The period of the next figure that could change the judgement (see `what_would_change`)."""
    months = indicator.frequency.months or 1
    ended = _last_ended_period(months, as_of)
    if latest is None:
        return ended
    after = _period_of(months, latest.month_index() + months)
    limit = stale_after_months(indicator)
    as_of_month = as_of.year * 12 + as_of.month
    if as_of_month - after.month_index() > limit:
        return ended
    return after


def _month(month_index: int) -> tuple[int, int]:
    year, month0 = divmod(month_index - 1, 12)
    return year, month0 + 1


def _period_of(months: int, month_index: int) -> PartialDate:
    """The calendar period of `months` months (a year, a half, a quarter, a month) that holds a month."""
    year, month = _month(month_index)
    number = (month - 1) // months + 1  # which period of the year
    if months == 12:
        return PartialDate.of_year(year)
    if months == 6:
        return PartialDate.of_half(year, number)
    if months == 3:
        return PartialDate.of_quarter(year, number)
    return PartialDate.of_month(year, month)


def _last_ended_period(months: int, as_of: date) -> PartialDate:
    """The latest calendar period of `months` months that has ended by `as_of`."""
    as_of_month = as_of.year * 12 + as_of.month
    current = _period_of(months, as_of_month)
    if current.end() <= as_of:
        return current
    return _period_of(months, current.month_index() - months)
