"""Indicators with no current target, watched (methodology §7): the latest change, no judgement."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pohang_cli.dates import PartialDate, rank_of_day
from pohang_cli.models import Flag, Indicator, Observation, TargetStatus
from pohang_cli.progress.figures import finite, to_float
from pohang_cli.progress.flags import is_stale, raised_flags
from pohang_cli.progress.series import Series

__all__ = ["WatchedJudgement", "judge_watched"]


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


def judge_watched(indicator: Indicator, observations: Iterable[Observation], as_of: dt.date) -> WatchedJudgement:
    """The latest actual of an indicator without a target, and its change since the previous one (§7).

    An observation counts once its whole period has passed (`date.end() <= as_of`), the baseline does not
    matter (nothing is measured against it). Of one date, the observation with the greater id wins, as in
    `judge_target`.
    """
    after_as_of = rank_of_day(as_of + dt.timedelta(days=1))
    counted: Sequence[Observation]
    if isinstance(observations, Series):  # already in rank order: the counted ones are a prefix
        counted = observations[: bisect_left(observations.ranks, after_as_of)]
    else:
        ranked = sorted(
            ((o.date.rank(), o.id, o) for o in observations if o.date.rank() < after_as_of), key=lambda k: k[:2]
        )
        counted = [o for _, _, o in ranked]
    if not counted:
        return WatchedJudgement(indicator, TargetStatus.NO_TARGET, ())
    latest = counted[-1]
    latest_start = latest.date.start()
    previous = next((o for o in reversed(counted) if o.date.end() < latest_start), None)
    age = as_of.year * 12 + as_of.month - latest.date.month_index()
    flags = raised_flags(provisional=latest.provisional, stale=is_stale(age), revised_actual=bool(latest.revisions))
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
        change_pct=None if y0 == 0 else finite(to_float(100 * (y - y0) / abs(y0))),
        change_per_year=None if months <= 0 else finite(to_float((y - y0) * 12 / months)),
        data_age_months=age,
    )
