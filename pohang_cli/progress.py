"""Progress of targets and milestones: the pure maths of docs/progress-methodology.md.

Nothing here reads the clock, the environment or the database: `as_of` is an argument. Figures are raw
floats (renderers round them); a figure that is not defined for a row is None, shown as "—".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from pohang_cli.dates import PartialDate, rank_of_day
from pohang_cli.models import (
    Flag,
    Indicator,
    IndicatorKind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Target,
    TargetStatus,
)

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "STALE_AFTER_MONTHS",
    "Judgement",
    "MilestoneJudgement",
    "SectorRollup",
    "WatchedJudgement",
    "is_at_or_below",
    "judge_milestone",
    "judge_target",
    "judge_watched",
    "rollup_sector",
]


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


# Methodology §7: an annual figure is normally published within a quarter of its year's end, so one older
# than this many months (a 2023 figure after 2025-03) is stale.
STALE_AFTER_MONTHS = 15


class WatchedJudgement(NamedTuple):
    """An indicator with no current target, watched (methodology §7): its latest change, no judgement.

    `status` is always `no_target`. `previous` is the latest observation of a period that ends before the
    latest one's begins (2024 before 2025; not 2025-06 before 2025). `change_pct` = 100·(latest −
    previous)/|previous|, None when previous is 0; `change_per_year` = (latest − previous)/Δt years in month
    indices (§2), None when both fall in one month.
    """

    indicator: Indicator
    status: TargetStatus
    flags: tuple[Flag, ...]
    actual: float | None = None
    actual_date: PartialDate | None = None
    previous: float | None = None
    previous_date: PartialDate | None = None
    change_pct: float | None = None
    change_per_year: float | None = None
    data_age_months: int | None = None


class MilestoneJudgement(NamedTuple):
    """What methodology §6 derives from a milestone at an as-of date; never stored, never changed."""

    milestone: Milestone
    overdue: bool
    days_overdue: int | None
    due_soon: bool
    late: bool
    slip_days: int | None
    rescheduled: bool


class SectorRollup(NamedTuple):
    """A sector's targets counted per status, and its milestones counted per outcome.

    `status_counts` has every status as a key, in the order of `TargetStatus`; watched indicators are counted
    apart, under `no_target` (methodology §7), and never make the worst status. Pace ratios are not averaged
    (methodology §4).
    """

    sector: str
    status_counts: dict[TargetStatus, int]
    worst_status: TargetStatus | None
    milestones_total: int
    milestones_completed: int
    milestones_cancelled: int
    milestones_overdue: int
    completion_rate: float | None


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
    model = _pace_model(indicator, target)
    baseline, baseline_date = indicator.baseline, indicator.baseline_date
    as_of_month = as_of.year * 12 + as_of.month
    deadline_month = target.deadline.month_index()
    past_deadline = as_of > target.deadline.end()
    if baseline is None or baseline_date is None:
        return _without_baseline(indicator, target, observations, as_of, model)

    baseline_month = baseline_date.month_index()
    scan = _scan(observations, baseline_month, deadline_month, as_of)
    as_of_elapsed_pct = _as_of_elapsed_pct(as_of_month, baseline_month, deadline_month)
    # §4 rule 1. An observation in the baseline's own month is not "after the baseline" (§2) and was not
    # counted, so once something is counted t > t0 and the pace, which divides by t − t0, is defined: the
    # case t == t0 ends here as no_data.
    if scan.latest is None:
        return Judgement(
            indicator,
            target,
            TargetStatus.NO_DATA,
            # §7: a target past its deadline with no data is news, not silence.
            _flags(revised=revised, deadline_passed=past_deadline),
            model,
            as_of_elapsed_pct=as_of_elapsed_pct,
        )
    # §7: the age of the latest counted actual, whatever settles the status; more data can only make it younger.
    data_age_months = as_of_month - scan.latest.date.month_index()
    stale = _is_stale(data_age_months)

    sign = indicator.direction.sign
    goal = target.value
    # §4 rule 4: d·(y* − b) ≤ 0, the baseline already meets the target; progress would divide by zero or
    # measure the wrong way, so it is not defined.
    is_maintenance = _meets(baseline, goal, sign)

    if scan.verdict is not None:
        # §4 rule 2: the earliest observation at or after the deadline settles the target for good.
        verdict = scan.verdict
        verdict_month = verdict.date.month_index()
        return Judgement(
            indicator,
            target,
            TargetStatus.ACHIEVED if _meets(verdict.value, goal, sign) else TargetStatus.MISSED,
            _flags(
                # The verdict rests on the observations up to itself: those before the deadline and it.
                low_confidence=_is_low_confidence(verdict_month - baseline_month, scan.before_deadline + 1),
                provisional=verdict.provisional,
                revised=revised,
                stale=stale,
                revised_actual=bool(verdict.revisions),
            ),
            model,
            actual=verdict.value,
            actual_date=verdict.date,
            progress_pct=None if is_maintenance else _progress_pct(baseline, verdict.value, goal),
            time_elapsed_pct=_time_elapsed_pct(verdict_month, baseline_month, deadline_month),
            data_age_months=data_age_months,
            as_of_elapsed_pct=as_of_elapsed_pct,
        )

    latest = scan.latest
    latest_month = latest.date.month_index()
    flags = _flags(
        low_confidence=_is_low_confidence(latest_month - baseline_month, scan.counted),
        provisional=latest.provisional,
        # §4 rule 2: past the deadline without a final figure, judge the latest value meanwhile.
        awaiting_final_data=past_deadline,
        revised=revised,
        stale=stale,
        deadline_passed=past_deadline,
        revised_actual=bool(latest.revisions),
    )
    time_elapsed_pct = _time_elapsed_pct(latest_month, baseline_month, deadline_month)

    is_met = _meets(latest.value, goal, sign)
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
            progress_pct=None if is_maintenance else _progress_pct(baseline, latest.value, goal),
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
        compound = _compound_pace(
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
        ratio = _to_float(observed / required)
        projected_value = _to_float(y + observed * remaining_months / 12)
        whole_months = _whole_months(12 * (y_star - y) / observed) if is_moving_towards else None
    else:
        ratio = compound.ratio
        projected_value = compound.projected_value
        whole_months = compound.whole_months_to_reach

    projected_reach = None if whole_months is None else _month_after(latest_month, whole_months)
    if projected_reach is not None and projected_reach.end() < as_of:
        # §7: at the observed pace the target would already have been met, yet no actual shows it.
        flags = tuple(sorted((*flags, Flag.REACH_PASSED), key=_FLAG_ORDER.__getitem__))
    return Judgement(
        indicator,
        target,
        _status_by_pace(ratio),
        flags,
        model,
        actual=latest.value,
        actual_date=latest.date,
        progress_pct=_progress_pct(baseline, latest.value, goal),
        time_elapsed_pct=time_elapsed_pct,
        required_per_year=_finite(_to_float(required)),
        observed_per_year=_finite(_to_float(observed)),
        needed_per_year=_finite(_to_float(needed)),
        pace_ratio=_finite(ratio),
        # §3: A = r_need / r only when d·r > 0; otherwise no acceleration reaches the target.
        acceleration=_finite(_to_float(needed / observed)) if is_moving_towards else None,
        projected_value=_finite(projected_value),
        projected_reach=projected_reach,
        data_age_months=data_age_months,
        as_of_elapsed_pct=as_of_elapsed_pct,
    )


def _without_baseline(
    indicator: Indicator, target: Target, observations: Iterable[Observation], as_of: dt.date, model: Model
) -> Judgement:
    """§7: nothing can be judged without a baseline, but the latest actual is still shown with its age, so that
    an indicator someone keeps recording never looks empty."""
    scan = _scan(observations, None, target.deadline.month_index(), as_of)
    latest = scan.latest
    age = None if latest is None else as_of.year * 12 + as_of.month - latest.date.month_index()
    return Judgement(
        indicator,
        target,
        TargetStatus.NO_DATA,
        _flags(
            revised=target.is_revised,
            stale=_is_stale(age),
            no_baseline=True,
            deadline_passed=as_of > target.deadline.end() and scan.verdict is None,
            revised_actual=latest is not None and bool(latest.revisions),
        ),
        model,
        actual=None if latest is None else latest.value,
        actual_date=None if latest is None else latest.date,
        data_age_months=age,
    )


def judge_watched(indicator: Indicator, observations: Iterable[Observation], as_of: dt.date) -> WatchedJudgement:
    """The latest actual of an indicator without a target, and its change since the previous one (§7).

    An observation counts once its whole period has passed (`date.end() <= as_of`), the baseline does not
    matter (nothing is measured against it). Of one date, the observation with the greater id wins, as in
    `judge_target`.
    """
    after_as_of = rank_of_day(as_of + dt.timedelta(days=1))
    counted = sorted(
        ((o.date.rank(), o.id, o) for o in observations if o.date.rank() < after_as_of), key=lambda k: k[:2]
    )
    if not counted:
        return WatchedJudgement(indicator, TargetStatus.NO_TARGET, ())
    latest = counted[-1][2]
    latest_start = latest.date.start()
    previous = next((o for _, _, o in reversed(counted) if o.date.end() < latest_start), None)
    age = as_of.year * 12 + as_of.month - latest.date.month_index()
    flags = _flags(provisional=latest.provisional, stale=_is_stale(age), revised_actual=bool(latest.revisions))
    if previous is None:
        return WatchedJudgement(
            indicator, TargetStatus.NO_TARGET, flags, latest.value, latest.date, data_age_months=age
        )
    from fractions import Fraction

    y, y0 = Fraction(latest.value), Fraction(previous.value)
    months = latest.date.month_index() - previous.date.month_index()
    return WatchedJudgement(
        indicator,
        TargetStatus.NO_TARGET,
        flags,
        latest.value,
        latest.date,
        previous.value,
        previous.date,
        change_pct=None if y0 == 0 else _finite(_to_float(100 * (y - y0) / abs(y0))),
        change_per_year=None if months <= 0 else _finite(_to_float((y - y0) * 12 / months)),
        data_age_months=age,
    )


def judge_milestone(milestone: Milestone, as_of: dt.date) -> MilestoneJudgement:
    """Derive overdue, due soon, late, slip and rescheduled for one milestone at `as_of` (methodology §6).

    A due date of reduced precision means the end of its period ("2026Q2" is due 2026-06-30). A done date
    of reduced precision is taken at its start, so a milestone is late only when it is certainly late and
    `slip_days` is the least slip the date allows.

    Args:
        milestone: The milestone, with its stored status, done date, due date and original due date.
        as_of: The date the milestone is judged at.

    Returns:
        The derived figures; `days_overdue` and `slip_days` are None when they do not apply.
    """
    status = milestone.status
    due = None if milestone.due is None else milestone.due.end()
    is_open = not status.is_terminal

    overdue = False
    days_overdue: int | None = None
    due_soon = False
    if is_open and due is not None:
        # Strict: an item due today is not overdue yet; it is due soon.
        overdue = as_of > due
        days_overdue = (as_of - due).days if overdue else None
        due_soon = 0 <= (due - as_of).days <= 30

    slip_days: int | None = None
    if status.is_completed and milestone.date is not None and due is not None:
        slip_days = (milestone.date.start() - due).days

    # Compared as due dates, i.e. by the end of their periods: "2026" refined to "2026-12-31" is not a move.
    original_due = milestone.original_due
    rescheduled = original_due is not None and (due is None or original_due.end() != due)

    return MilestoneJudgement(
        milestone=milestone,
        overdue=overdue,
        days_overdue=days_overdue,
        due_soon=due_soon,
        late=slip_days is not None and slip_days > 0,
        slip_days=slip_days,
        rescheduled=rescheduled,
    )


def rollup_sector(
    sector_id: str,
    judgements: Iterable[Judgement | WatchedJudgement],
    milestones: Iterable[MilestoneJudgement],
) -> SectorRollup:
    """Count a sector's target statuses and milestone outcomes (methodology §4 and §6).

    Judgements and milestones of other sectors are ignored, and so are judgements of superseded targets
    (kept for history, no longer judged), so callers may pass everything they have.

    Args:
        sector_id: The sector to roll up.
        judgements: Target judgements, from `judge_target`.
        milestones: Milestone judgements, from `judge_milestone`.

    Returns:
        The roll-up. `worst_status` is the worst judged status by severity; it is `no_data` only when every
        target is `no_data`, and None when the sector has no targets. `completion_rate` is (done + partial)
        / all milestones, cancelled ones included in the denominator; None without milestones.
    """
    status_counts = dict.fromkeys(TargetStatus, 0)
    for judgement in judgements:
        if judgement.indicator.sector == sector_id and (
            isinstance(judgement, WatchedJudgement) or judgement.target.is_current
        ):
            status_counts[judgement.status] += 1

    unjudged = (TargetStatus.NO_DATA, TargetStatus.NO_TARGET)
    judged = [status for status, count in status_counts.items() if count and status not in unjudged]
    worst_status: TargetStatus | None = None
    if judged:
        worst_status = max(judged, key=lambda status: status.severity)
    elif status_counts[TargetStatus.NO_DATA]:
        worst_status = TargetStatus.NO_DATA

    total = completed = cancelled = overdue = 0
    for item in milestones:
        if item.milestone.sector != sector_id:
            continue
        total += 1
        if item.milestone.status.is_completed:
            completed += 1
        elif item.milestone.status is MilestoneStatus.CANCELLED:
            cancelled += 1
        if item.overdue:
            overdue += 1

    return SectorRollup(
        sector=sector_id,
        status_counts=status_counts,
        worst_status=worst_status,
        milestones_total=total,
        milestones_completed=completed,
        milestones_cancelled=cancelled,
        milestones_overdue=overdue,
        completion_rate=completed / total if total else None,
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


class _Scan(NamedTuple):
    """What one pass over an indicator's observations keeps (methodology §2 and §4)."""

    counted: int
    before_deadline: int
    latest: Observation | None
    verdict: Observation | None


def _scan(
    observations: Iterable[Observation], baseline_month: int | None, deadline_month: int, as_of: dt.date
) -> _Scan:
    """Find the latest counted observation and the earliest one at or after the deadline, in one pass.

    The status command judges hundreds of targets over a hundred thousand observations, so this is O(n)
    with one call an observation. It compares the dates' ranks (their order as integers) rather than month
    indexes: a period's month index is that of its last day, so "a month after the baseline's" is "ends on
    or after the first day of the next month", and within a month the order is by end, then start, then id.
    Without a baseline (None) every observation up to as-of counts, to be shown though not judged.
    """
    after_baseline = 0 if baseline_month is None else rank_of_day(_first_day(baseline_month + 1))
    after_as_of = rank_of_day(as_of + dt.timedelta(days=1))
    deadline_start = rank_of_day(_first_day(deadline_month))
    counted = before_deadline = latest_rank = verdict_rank = 0
    latest: Observation | None = None
    verdict: Observation | None = None
    for observation in observations:
        rank = observation.date.rank()
        # Counted once its whole period has passed and it falls in a month after the baseline's (§2).
        if rank < after_baseline or rank >= after_as_of:
            continue
        counted += 1
        if latest is None or rank > latest_rank or (rank == latest_rank and observation.id > latest.id):
            latest, latest_rank = observation, rank
        if rank < deadline_start:
            before_deadline += 1
        elif verdict is None or rank < verdict_rank or (rank == verdict_rank and observation.id < verdict.id):
            verdict, verdict_rank = observation, rank
    return _Scan(counted, before_deadline, latest, verdict)


def _first_day(month_index: int) -> dt.date:
    year, month0 = divmod(month_index - 1, 12)
    return dt.date(year, month0 + 1, 1)


def _meets(value: float, goal: float, sign: int) -> bool:
    """d·(value − goal) ≥ 0, written as a comparison so that no subtraction can overflow."""
    return value >= goal if sign > 0 else value <= goal


def _pace_model(indicator: Indicator, target: Target) -> Model:
    """The model the pace ratio uses: compound only where methodology §1 allows it (level, b > 0, y* > 0).

    Entry refuses anything else; a record that slipped through is judged linearly rather than with a
    substituted value.
    """
    if (
        indicator.model is Model.COMPOUND
        and indicator.kind is IndicatorKind.LEVEL
        and indicator.baseline is not None
        and indicator.baseline > 0
        and target.value > 0
    ):
        return Model.COMPOUND
    return Model.LINEAR


def _is_low_confidence(months_since_baseline: int, observation_count: int) -> bool:
    """Methodology §4 flag: less than 12 months since the baseline, or a single observation after it."""
    return months_since_baseline < 12 or observation_count == 1


def _whole_months(months: Fraction) -> int:
    """Months rounded up to a whole month, as the compound reach is: a relative 1e-12 is shaved first.

    Figures typed in decimals are not exact binary values (5.6 is 5.5999…), so a reach that falls on a
    month by the numbers a person typed (S2: 18 months) would otherwise be pushed a month later.
    """
    from fractions import Fraction

    whole = math.ceil(months)
    if months > 0 and whole - 1 >= months * (1 - Fraction(1, 10**12)):
        return whole - 1
    return whole


def _is_stale(data_age_months: int | None) -> bool:
    """Methodology §7: the latest actual is more than STALE_AFTER_MONTHS old."""
    return data_age_months is not None and data_age_months > STALE_AFTER_MONTHS


_FLAG_ORDER = {flag: n for n, flag in enumerate(Flag)}


def _flags(
    *,
    low_confidence: bool = False,
    provisional: bool = False,
    awaiting_final_data: bool = False,
    revised: bool = False,
    stale: bool = False,
    no_baseline: bool = False,
    deadline_passed: bool = False,
    revised_actual: bool = False,
) -> tuple[Flag, ...]:
    """The raised flags in the declaration order of `Flag`, so machine output is stable."""
    raised = {
        Flag.LOW_CONFIDENCE: low_confidence,
        Flag.PROVISIONAL: provisional,
        Flag.AWAITING_FINAL_DATA: awaiting_final_data,
        Flag.REVISED: revised,
        Flag.STALE: stale,
        Flag.NO_BASELINE: no_baseline,
        Flag.DEADLINE_PASSED: deadline_passed,
        Flag.REVISED_ACTUAL: revised_actual,
    }
    return tuple(flag for flag in Flag if raised.get(flag, False))


def _progress_pct(baseline: float, value: float, goal: float) -> float | None:
    """100·(y − b)/(y* − b), raw (§3); callers pass y* ≠ b. None if it does not fit a float."""
    from fractions import Fraction

    b = Fraction(baseline)
    return _finite(_to_float(100 * (Fraction(value) - b) / (Fraction(goal) - b)))


def _time_elapsed_pct(month: int, baseline_month: int, deadline_month: int) -> float | None:
    """100·τ with τ = (t − t0)/(T − t0); None for a deadline not after the baseline."""
    if deadline_month <= baseline_month:
        return None
    return 100 * (month - baseline_month) / (deadline_month - baseline_month)


def _as_of_elapsed_pct(as_of_month: int, baseline_month: int, deadline_month: int) -> float | None:
    """Methodology §7: 100·(m(as-of) − m(t0))/(m(T) − m(t0)), clamped to 0-100; None when T is not after t0."""
    if deadline_month <= baseline_month:
        return None
    return max(0.0, min(100.0, 100 * (as_of_month - baseline_month) / (deadline_month - baseline_month)))


def _status_by_pace(ratio: float) -> TargetStatus:
    """Methodology §4 rule 5; lower bounds are inclusive."""
    if ratio >= 0.95:
        return TargetStatus.ON_TRACK
    if ratio >= 0.50:
        return TargetStatus.BEHIND
    if ratio >= 0:
        return TargetStatus.OFF_TRACK
    return TargetStatus.REGRESSING


class _CompoundPace(NamedTuple):
    """The compound figures of methodology §3 (floats: they involve logarithms)."""

    ratio: float
    projected_value: float
    whole_months_to_reach: int | None


def _compound_pace(
    *,
    baseline: float,
    value: float,
    goal: float,
    sign: int,
    elapsed_months: int,
    horizon_months: int,
    remaining_months: int,
) -> _CompoundPace | None:
    """c, c*, R = d·c/|c*|, the projection y_t·(1+c)^(T−t) and the months until y* is reached.

    Returns None when the compound model is not defined for these values, and the caller falls back to
    the linear model (and says so in `Judgement.model`). That happens when y_t ≤ 0, where (y_t/b)^(1/Δt)
    is not a real rate: for an increase the linear ratio is then negative (y_t ≤ 0 < b), so the row is
    `regressing`, which is the limit of the compound ratio as y_t falls to 0; for a decrease y_t ≤ 0 < y*
    is already `achieved`. It also happens when c* does not fit a float. Returning `no_data` instead would
    hide data that plainly shows the indicator collapsing.

    Rates are handled as ln(1 + c) per month, so no power can overflow and reach needs no ln(1 + c) of
    a rate of −100 %.
    """
    if value <= 0:
        return None
    monthly_log_growth = _log_ratio(value, baseline) / elapsed_months
    rate = _expm1(12 * monthly_log_growth)
    required_rate = _expm1(12 * _log_ratio(goal, baseline) / horizon_months)
    if required_rate == 0 or math.isinf(required_rate):
        return None

    whole_months: int | None = None
    if sign * rate > 0:
        months = _log_ratio(goal, value) / monthly_log_growth
        if math.isfinite(months):
            # The month count is a float with rounding noise; shave a relative 1e-12 before rounding up, so
            # that a reach falling exactly on a month (say 36.000000000000004) is not pushed a month later.
            whole_months = math.ceil(months * (1 - 1e-12))
    return _CompoundPace(
        ratio=sign * rate / abs(required_rate),
        projected_value=value * _exp(monthly_log_growth * remaining_months),
        whole_months_to_reach=whole_months,
    )


def _log_ratio(numerator: float, denominator: float) -> float:
    """ln(numerator/denominator) of two positive floats: accurate near 1 (log1p) and free of overflow."""
    relative_change = (numerator - denominator) / denominator
    if -1.0 < relative_change < math.inf:
        return math.log1p(relative_change)
    return math.log(numerator) - math.log(denominator)


def _expm1(exponent: float) -> float:
    """e^x − 1, or infinity where it does not fit a float (math.expm1 raises there)."""
    try:
        return math.expm1(exponent)
    except OverflowError:
        return math.inf


def _exp(exponent: float) -> float:
    """e^x, or infinity where it does not fit a float (math.exp raises there)."""
    try:
        return math.exp(exponent)
    except OverflowError:
        return math.inf


def _to_float(value: Fraction) -> float:
    """The nearest float, or a signed infinity beyond the float range (the sign still decides a status)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _finite(value: float | None) -> float | None:
    """A figure as shown: None when it does not fit a float (machine output allows no infinities)."""
    return value if value is not None and math.isfinite(value) else None


def _month_after(month_index: int, months: int) -> PartialDate | None:
    """The month `months` after a month index, or None past the last year a date can have."""
    year, month0 = divmod(month_index + months - 1, 12)
    if year > dt.MAXYEAR:
        return None
    return PartialDate.of_month(year, month0 + 1)
