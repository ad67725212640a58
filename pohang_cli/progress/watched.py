"""Indicators with no current target, watched (methodology §7): the latest change, no judgement."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pohang_cli.dates import PartialDate, rank_of_day
from pohang_cli.models import Flag, Indicator, Observation, TargetStatus
from pohang_cli.progress.figures import finite, to_float
from pohang_cli.progress.flags import is_stale, next_expected, raised_flags, stale_after_months
from pohang_cli.progress.series import Series

# The unit of indicators measured in per cent, whose changes are in percentage points (§8.4).
PERCENT = "%"

__all__ = ["PERCENT", "WatchedJudgement", "judge_watched"]


class WatchedJudgement(NamedTuple):
    """An indicator with no current target, watched (methodology §7): its latest change, no judgement.

    `status` is always `no_target`. `previous` is the latest observation of a period that ends before the
    latest one's begins (2024 before 2025; not 2025-06 before 2025). `change_pct` = 100·(latest −
    previous)/|previous|, None when previous is 0; `change_per_year` = (latest − previous)/Δt years in month
    indices (§2), None when both fall in one month. An indicator measured in % changes in percentage points
    (§8.4): `change_points` and `change_points_per_year`, with `change_pct` None. `observation` and
    `previous_observation` are the records the figures come from; `next_expected` as in a judgement (§8.2).
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
    change_points: float | None = None
    change_points_per_year: float | None = None
    next_expected: PartialDate | None = None
    observation: Observation | None = None
    previous_observation: Observation | None = None

    @property
    def is_provisional_change(self) -> bool:
        """Whether the change rests on a provisional figure (§8.4: it is shown with `(잠정)`)."""
        return any(o is not None and o.provisional for o in (self.observation, self.previous_observation))


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
    flags = raised_flags(
        provisional=latest.provisional,
        stale=is_stale(age, stale_after_months(indicator)),
        revised_actual=bool(latest.revisions),
    )
    watched = WatchedJudgement(
        indicator,
        TargetStatus.NO_TARGET,
        flags,
        latest.value,
        latest.date,
        data_age_months=age,
        next_expected=next_expected(indicator, latest.date),
        observation=latest,
    )
    if previous is None:
        return watched
    from fractions import Fraction

    y, y0 = Fraction(latest.value), Fraction(previous.value)
    months = latest.date.month_index() - previous.date.month_index()
    per_year = None if months <= 0 else finite(to_float((y - y0) * 12 / months))
    in_points = indicator.unit == PERCENT
    return watched._replace(
        previous=previous.value,
        previous_date=previous.date,
        # §8.4: a change of a percentage is in points; 91 % to 89.5 % is -1.5 %p, not -1.6 %.
        change_pct=None if y0 == 0 or in_points else finite(to_float(100 * (y - y0) / abs(y0))),
        change_per_year=per_year,
        change_points=finite(to_float(y - y0)) if in_points else None,
        change_points_per_year=per_year if in_points else None,
        previous_observation=previous,
    )
