"""The figures of methodology §3 and §8 for one judgement, each with its formula and the numbers put into it.

One list serves every view of `explain`: people's views pass a formatter that writes values as tables do
(`5조 6,000억 원`), the machine view one that writes raw numbers. Months are written as the dates they
stand for (`2023-12`), spans in months and years.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from pohang_cli.models import Model
from pohang_cli.progress import Judgement
from pohang_cli.progress.flags import stale_after_months

__all__ = ["Figure", "figures"]

Format = Callable[[float], str]


class Figure(NamedTuple):
    """One figure: its machine name, its value as computed, its formula, and the formula with numbers in it."""

    code: str
    value: float | int | str | None
    formula: str
    worked: str


def _month(month_index: int) -> str:
    year, month0 = divmod(month_index - 1, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def _num(value: float, digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def figures(a: Judgement, value: Format, rate: Format) -> list[Figure]:
    """The figures defined for `a`, in the order of §3: spans, progress, level, pace, projection, age.

    Args:
        a: The judgement (with its as-of date).
        value: How a value of the indicator is written (`5조 6,000억 원`, or a raw number).
        rate: How a change per year is written (`2조 8,000억 원/년`, or a raw number).

    Returns:
        The figures; none of the pace where the judgement has no pace.
    """
    indicator, target = a.indicator, a.target
    b, t0 = indicator.baseline, indicator.baseline_date
    goal, deadline = target.value, target.deadline.month_index()
    found: list[Figure] = []
    if a.actual is None or a.actual_date is None:
        return found
    y, t = a.actual, a.actual_date.month_index()
    if b is not None and t0 is not None:
        m0 = t0.month_index()
        found.append(
            Figure(
                "months",
                t - m0,
                "t − t₀ ; T − t₀",
                f"{_month(t)} − {_month(m0)} = {t - m0} ; {_month(deadline)} − {_month(m0)} = {deadline - m0}",
            )
        )
        if a.progress_pct is not None:
            found.append(
                Figure(
                    "progress_pct",
                    a.progress_pct,
                    "100·(y_t − b)/(y* − b)",
                    f"100·({value(y)} − {value(b)})/({value(goal)} − {value(b)}) = {_num(a.progress_pct, 1)}%",
                )
            )
        if a.time_elapsed_pct is not None:
            found.append(
                Figure(
                    "time_elapsed_pct",
                    a.time_elapsed_pct,
                    "100·(t − t₀)/(T − t₀)",
                    f"100·{t - m0}/{deadline - m0} = {_num(a.time_elapsed_pct, 1)}%",
                )
            )
        if a.as_of_elapsed_pct is not None and a.as_of is not None:
            now = a.as_of.year * 12 + a.as_of.month
            found.append(
                Figure(
                    "as_of_elapsed_pct",
                    a.as_of_elapsed_pct,
                    "100·(m(as-of) − t₀)/(T − t₀), 0–100",
                    f"100·({_month(now)} − {_month(m0)})/{deadline - m0} = {_num(a.as_of_elapsed_pct, 1)}%",
                )
            )
    if a.level_pct is not None:
        found.append(
            Figure("level_pct", a.level_pct, "100·y_t/y*", f"100·{value(y)}/{value(goal)} = {_num(a.level_pct, 1)}%")
        )
    found += _pace(a, value, rate)
    found += _age(a)
    return found


def _pace(a: Judgement, value: Format, rate: Format) -> list[Figure]:
    indicator, target = a.indicator, a.target
    b, t0 = indicator.baseline, indicator.baseline_date
    if a.pace_ratio is None or b is None or t0 is None or a.actual is None or a.actual_date is None:
        return []
    y, goal = a.actual, target.value
    elapsed = (a.actual_date.month_index() - t0.month_index()) / 12
    horizon = (target.deadline.month_index() - t0.month_index()) / 12
    remaining = (target.deadline.month_index() - a.actual_date.month_index()) / 12
    found = []
    if a.required_per_year is not None:
        found.append(
            Figure(
                "required_per_year",
                a.required_per_year,
                "r₀ = (y* − b)/(T − t₀)",
                f"({value(goal)} − {value(b)})/{_num(horizon)} = {rate(a.required_per_year)}",
            )
        )
    if a.observed_per_year is not None:
        found.append(
            Figure(
                "observed_per_year",
                a.observed_per_year,
                "r = (y_t − b)/(t − t₀)",
                f"({value(y)} − {value(b)})/{_num(elapsed)} = {rate(a.observed_per_year)}",
            )
        )
    if a.model is Model.COMPOUND:
        found.append(
            Figure(
                "pace_ratio",
                a.pace_ratio,
                "R = d·c/|c*|, c = (y_t/b)^(1/(t−t₀)) − 1, c* = (y*/b)^(1/(T−t₀)) − 1",
                f"c = ({value(y)}/{value(b)})^(1/{_num(elapsed)}) − 1 ; "
                f"c* = ({value(goal)}/{value(b)})^(1/{_num(horizon)}) − 1 ; R = {a.pace_ratio:.2f}",
            )
        )
    elif a.observed_per_year is not None and a.required_per_year is not None:
        found.append(
            Figure(
                "pace_ratio",
                a.pace_ratio,
                "R = r/r₀",
                f"{rate(a.observed_per_year)} / {rate(a.required_per_year)} = {a.pace_ratio:.2f}",
            )
        )
    if a.needed_per_year is not None:
        found.append(
            Figure(
                "needed_per_year",
                a.needed_per_year,
                "r_need = (y* − y_t)/(T − t)",
                f"({value(goal)} − {value(y)})/{_num(remaining)} = {rate(a.needed_per_year)}",
            )
        )
    if a.acceleration is not None and a.needed_per_year is not None and a.observed_per_year is not None:
        found.append(
            Figure(
                "acceleration",
                a.acceleration,
                "A = r_need/r",
                f"{rate(a.needed_per_year)} / {rate(a.observed_per_year)} = {a.acceleration:.2f}",
            )
        )
    if a.projected_value is not None and a.observed_per_year is not None:
        formula = "y_t·(1+c)^(T − t)" if a.model is Model.COMPOUND else "y_t + r·(T − t)"
        worked = (
            f"{value(y)}·(1+c)^{_num(remaining)}"
            if a.model is Model.COMPOUND
            else f"{value(y)} + {rate(a.observed_per_year)}·{_num(remaining)}"
        )
        found.append(Figure("projected_value", a.projected_value, formula, f"{worked} = {value(a.projected_value)}"))
    if a.observed_per_year is not None:
        reach = a.projected_reach.iso() if a.projected_reach is not None else None
        if a.model is Model.COMPOUND:
            formula = "m(t) + 12·ln(y*/y_t)/ln(1+c), rounded up"
            worked = f"{_month(a.actual_date.month_index())} + 12·ln({value(goal)}/{value(y)})/ln(1+c)"
        else:
            formula = "m(t) + 12·(y* − y_t)/r, rounded up"
            worked = (
                f"{_month(a.actual_date.month_index())} + 12·({value(goal)} − {value(y)})/{rate(a.observed_per_year)}"
            )
        found.append(Figure("projected_reach", reach, formula, f"{worked} = {reach or '—'}"))
    return found


def _age(a: Judgement) -> list[Figure]:
    if a.data_age_months is None or a.as_of is None:
        return []
    indicator = a.indicator
    now = a.as_of.year * 12 + a.as_of.month
    latest = now - a.data_age_months  # the month of the latest actual counted, whatever gave the verdict
    limit = stale_after_months(indicator)
    period = indicator.frequency.months
    rule = f"{period} + {indicator.lag_months} = {limit}" if period is not None else str(limit)
    found = [
        Figure(
            "data_age_months",
            a.data_age_months,
            "m(as-of) − m(t) > period + lag ⇒ stale",
            f"{_month(now)} − {_month(latest)} = {a.data_age_months} ; {rule}",
        )
    ]
    if a.next_expected is not None and period is not None:
        found.append(
            Figure(
                "next_expected",
                a.next_expected.iso(),
                "m(t) + period + lag",
                f"{_month(latest)} + {period} + {indicator.lag_months} = {a.next_expected.iso()}",
            )
        )
    return found
