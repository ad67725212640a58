"""Which observations count for a target at an as-of date (methodology §2 and §4), in one pass."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from typing import NamedTuple

from pohang_cli.dates import rank_of_day
from pohang_cli.models import Observation
from pohang_cli.progress.figures import first_day
from pohang_cli.progress.series import Series

__all__ = ["Scan", "scan_observations"]


class Scan(NamedTuple):
    """What one pass over an indicator's observations keeps (methodology §2 and §4)."""

    counted: int
    before_deadline: int
    latest: Observation | None
    verdict: Observation | None


def scan_observations(
    observations: Iterable[Observation], baseline_month: int | None, deadline_month: int, as_of: dt.date
) -> Scan:
    """Find the latest counted observation and the earliest one at or after the deadline, in one pass.

    The status command judges hundreds of targets over a hundred thousand observations, so this is O(n)
    with one call an observation. It compares the dates' ranks (their order as integers) rather than month
    indexes: a period's month index is that of its last day, so "a month after the baseline's" is "ends on
    or after the first day of the next month", and within a month the order is by end, then start, then id.
    Without a baseline (None) every observation up to as-of counts, to be shown though not judged.
    """
    after_baseline = 0 if baseline_month is None else rank_of_day(first_day(baseline_month + 1))
    after_as_of = rank_of_day(as_of + dt.timedelta(days=1))
    deadline_start = rank_of_day(first_day(deadline_month))
    if isinstance(observations, Series):
        return _scan_series(observations, after_baseline, after_as_of, deadline_start)
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
    return Scan(counted, before_deadline, latest, verdict)


def _scan_series(series: Series, after_baseline: int, after_as_of: int, deadline_start: int) -> Scan:
    """`scan_observations` over observations in rank order: three bisections, and two records made."""
    ranks = series.ranks
    first = bisect_left(ranks, after_baseline)
    end = max(first, bisect_left(ranks, after_as_of))
    deadline = min(max(first, bisect_left(ranks, deadline_start)), end)
    # Within one rank the ids ascend: the last counted is the latest with the greatest id, the first at
    # or after the deadline the earliest with the smallest, as the loop above chooses them.
    latest = series[end - 1] if end > first else None
    verdict = series[deadline] if deadline < end else None
    return Scan(end - first, deadline - first, latest, verdict)
