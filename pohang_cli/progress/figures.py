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
    "as_of_elapsed_pct",
    "compound_pace",
    "finite",
    "first_day",
    "meets",
    "month_after",
    "pace_model",
    "progress_pct",
    "time_elapsed_pct",
    "to_float",
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
