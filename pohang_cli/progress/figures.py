"""The figures of methodology §3 for one target: progress, elapsed time, rates, projections.

Pure arithmetic on stored values; the ladder (ladder.py) decides which of them a row shows. Figures are raw
floats (renderers round them); a figure that does not fit a float is None, shown as "—".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.models import Indicator, IndicatorKind, Model, Target

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "CompoundPace",
    "Pace",
    "as_of_elapsed_pct",
    "compound_pace",
    "finite",
    "first_day",
    "level_pct",
    "meets",
    "month_after",
    "pace",
    "pace_model",
    "progress_pct",
    "time_elapsed_pct",
    "to_float",
    "value_at_ratio",
    "whole_months",
]


def first_day(month_index: int) -> dt.date:
    year, month0 = divmod(month_index - 1, 12)
    return dt.date(year, month0 + 1, 1)


def meets(value: float, goal: float, sign: int) -> bool:
    """d·(value − goal) ≥ 0, written as a comparison so that no subtraction can overflow."""
    return value >= goal if sign > 0 else value <= goal


def pace_model(indicator: Indicator, target: Target) -> Model:
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


def whole_months(months: Fraction) -> int:
    """Months rounded up to a whole month, as the compound reach is: a relative 1e-12 is shaved first.

    Figures typed in decimals are not exact binary values (5.6 is 5.5999…), so a reach that falls on a
    month by the numbers a person typed (S2: 18 months) would otherwise be pushed a month later.
    """
    from fractions import Fraction

    whole = math.ceil(months)
    if months > 0 and whole - 1 >= months * (1 - Fraction(1, 10**12)):
        return whole - 1
    return whole


def progress_pct(baseline: float, value: float, goal: float) -> float | None:
    """100·(y − b)/(y* − b), raw (§3); callers pass y* ≠ b. None if it does not fit a float."""
    from fractions import Fraction

    b = Fraction(baseline)
    return finite(to_float(100 * (Fraction(value) - b) / (Fraction(goal) - b)))


def level_pct(value: float, goal: float) -> float | None:
    """§8.4: 100·y_t/y*, the level reached as a share of the target (16만 t of 27만 t is 59 %); None for y* = 0."""
    from fractions import Fraction

    if goal == 0:
        return None
    return finite(to_float(100 * Fraction(value) / Fraction(goal)))


def time_elapsed_pct(month: int, baseline_month: int, deadline_month: int) -> float | None:
    """100·τ with τ = (t − t0)/(T − t0); None for a deadline not after the baseline."""
    if deadline_month <= baseline_month:
        return None
    return 100 * (month - baseline_month) / (deadline_month - baseline_month)


def as_of_elapsed_pct(as_of_month: int, baseline_month: int, deadline_month: int) -> float | None:
    """Methodology §7: 100·(m(as-of) − m(t0))/(m(T) − m(t0)), clamped to 0-100; None when T is not after t0."""
    if deadline_month <= baseline_month:
        return None
    return max(0.0, min(100.0, 100 * (as_of_month - baseline_month) / (deadline_month - baseline_month)))


class Pace(NamedTuple):
    """The pace figures of methodology §3 for a latest actual between the baseline and the deadline.

    `model` is the model the ratio used: linear where the compound model is not defined for the data.
    `months_to_reach` counts whole months from the latest actual's month to the projected reach; None when
    the target is not reached at this pace.
    """

    model: Model
    ratio: float
    required_per_year: float | None
    observed_per_year: float | None
    needed_per_year: float | None
    acceleration: float | None
    projected_value: float | None
    months_to_reach: int | None


def pace(
    *,
    baseline: float,
    value: float,
    goal: float,
    sign: int,
    model: Model,
    elapsed_months: int,
    horizon_months: int,
    remaining_months: int,
) -> Pace:
    """r0, r, R, r_need, A and the projection (§3), for t0 < t < T and y* ≠ b (callers see to both).

    All divisors are then non-zero: months are positive, y* ≠ b, and y_t ≠ b where the observed rate
    divides. The linear figures are computed exactly on the stored binary values and rounded once, so a
    pace ratio that lands on a threshold (0.95, 0.50, 0) is judged by its true value whatever the order of
    operations, and huge or tiny magnitudes never overflow an intermediate result.
    """
    from fractions import Fraction  # here, not at the top: listing milestones need no fractions (2 ms)

    b, y, y_star = Fraction(baseline), Fraction(value), Fraction(goal)
    required = (y_star - b) * 12 / horizon_months
    observed = (y - b) * 12 / elapsed_months
    needed = (y_star - y) * 12 / remaining_months
    is_moving_towards = sign * observed > 0

    compound = None
    if model is Model.COMPOUND:
        compound = compound_pace(
            baseline=baseline,
            value=value,
            goal=goal,
            sign=sign,
            elapsed_months=elapsed_months,
            horizon_months=horizon_months,
            remaining_months=remaining_months,
        )
    if compound is None:
        model = Model.LINEAR
        ratio = to_float(observed / required)
        projected_value = to_float(y + observed * remaining_months / 12)
        months_to_reach = whole_months(12 * (y_star - y) / observed) if is_moving_towards else None
    else:
        ratio = compound.ratio
        projected_value = compound.projected_value
        months_to_reach = compound.whole_months_to_reach
    return Pace(
        model=model,
        ratio=ratio,
        required_per_year=finite(to_float(required)),
        observed_per_year=finite(to_float(observed)),
        needed_per_year=finite(to_float(needed)),
        # §3: A = r_need / r only when d·r > 0; otherwise no acceleration reaches the target.
        acceleration=finite(to_float(needed / observed)) if is_moving_towards else None,
        projected_value=finite(projected_value),
        months_to_reach=months_to_reach,
    )


def value_at_ratio(
    ratio: float, *, baseline: float, goal: float, sign: int, model: Model, elapsed_months: int, horizon_months: int
) -> float | None:
    """The value y_t at `elapsed_months` after the baseline whose pace ratio is exactly `ratio` (§3 inverted).

    Linear: y = b + R·r0·Δt. Compound: c = d·R·|c*| and y = b·(1 + c)^Δt, None where that rate is −100 % or
    less (no positive value has it). What `explain` says a figure must reach for a status.
    """
    from fractions import Fraction

    if model is Model.COMPOUND:
        required_rate = _expm1(12 * _log_ratio(goal, baseline) / horizon_months)
        rate = sign * ratio * abs(required_rate)
        if rate <= -1 or math.isinf(rate):
            return None
        return finite(baseline * _exp(math.log1p(rate) * elapsed_months / 12))
    b = Fraction(baseline)
    exact = b + Fraction(ratio) * (Fraction(goal) - b) * elapsed_months / horizon_months
    return finite(to_float(exact))


class CompoundPace(NamedTuple):
    """The compound figures of methodology §3 (floats: they involve logarithms)."""

    ratio: float
    projected_value: float
    whole_months_to_reach: int | None


def compound_pace(
    *,
    baseline: float,
    value: float,
    goal: float,
    sign: int,
    elapsed_months: int,
    horizon_months: int,
    remaining_months: int,
) -> CompoundPace | None:
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
    return CompoundPace(
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


def to_float(value: Fraction) -> float:
    """The nearest float, or a signed infinity beyond the float range (the sign still decides a status)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def finite(value: float | None) -> float | None:
    """A figure as shown: None when it does not fit a float (machine output allows no infinities)."""
    return value if value is not None and math.isfinite(value) else None


def month_after(month_index: int, months: int) -> PartialDate | None:
    """The month `months` after a month index, or None past the last year a date can have."""
    year, month0 = divmod(month_index + months - 1, 12)
    if year > dt.MAXYEAR:
        return None
    return PartialDate.of_month(year, month0 + 1)
