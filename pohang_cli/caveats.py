"""Observations that count differently from what their writer may think (methodology §7).

None of them is refused: `record` and `import` say so on stderr, and `doctor` lists them. The cases are an
observation at or before the baseline's period (kept, not used for progress), one whose period has not ended
at the as-of date (it counts from the day after), a running total that falls below the one before it (a
withdrawal, or an increment typed where a total belongs), and observations whose periods overlap (the one
ending later wins). Pure: the as-of date is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from typing import NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.models import Indicator, IndicatorKind, Observation
from pohang_cli.quantities import format_value

__all__ = ["BEFORE_BASELINE", "FALLING_TOTAL", "OVERLAP", "PERIOD_NOT_ENDED", "Caveat", "caveats", "describe"]

BEFORE_BASELINE = "before-baseline"
PERIOD_NOT_ENDED = "period-not-ended"
FALLING_TOTAL = "falling-total"
OVERLAP = "overlapping-periods"


class Caveat(NamedTuple):
    """One way an observation counts differently: a code for scripts, the observation, and what it meets.

    `other` is the earlier running total a falling total is below, or the observation whose period overlaps.
    """

    code: str
    observation: Observation
    other: Observation | None = None


def caveats(
    indicator: Indicator, observations: Iterable[Observation], as_of: dt.date, about: Collection[str] | None = None
) -> Iterator[Caveat]:
    """Every caveat of one indicator's observations, in O(n log n).

    Args:
        indicator: The indicator, for its baseline and kind.
        observations: Its observations (only this indicator's), in any order, one per date.
        as_of: The date periods are judged ended at.
        about: Only caveats that concern these observation ids (as the observation or the one it meets);
            all when None. `record` asks about the value it stored, `import` about the file's values.

    Yields:
        Caveats in date order of their observation.
    """
    series = sorted(observations, key=lambda o: (o.date.rank(), o.id))

    def wanted(caveat: Caveat) -> bool:
        if about is None:
            return True
        return caveat.observation.id in about or (caveat.other is not None and caveat.other.id in about)

    baseline = indicator.baseline_date
    previous_total: Observation | None = None
    by_start = sorted(series, key=lambda o: (o.date.start(), o.date.end(), o.id))
    overlaps = dict(_overlaps(by_start))
    for observation in series:
        found: list[Caveat] = []
        after_baseline = baseline is None or observation.date.month_index() > baseline.month_index()
        if not after_baseline:
            found.append(Caveat(BEFORE_BASELINE, observation))
        if observation.date.end() > as_of:
            found.append(Caveat(PERIOD_NOT_ENDED, observation))
        if indicator.kind is IndicatorKind.CUMULATIVE and after_baseline:
            if previous_total is not None and observation.value < previous_total.value:
                found.append(Caveat(FALLING_TOTAL, observation, previous_total))
            previous_total = observation
        if observation.id in overlaps:
            found.append(Caveat(OVERLAP, observation, overlaps[observation.id]))
        yield from (caveat for caveat in found if wanted(caveat))


def _overlaps(by_start: list[Observation]) -> Iterator[tuple[str, Observation]]:
    """Each observation whose period starts inside an earlier-starting one's, with that one (a sweep by start)."""
    reaching: Observation | None = None  # of the periods seen so far, the one that ends last
    for observation in by_start:
        if reaching is not None and observation.date.start() <= reaching.date.end():
            yield observation.id, reaching
        if reaching is None or observation.date.end() > reaching.date.end():
            reaching = observation


def describe(caveat: Caveat, indicator: Indicator, as_of: dt.date, lang: str) -> str:
    """The caveat as one sentence with its numbers, in the language of the run's messages.

    Args:
        caveat: From `caveats`.
        indicator: The observation's indicator (its unit and baseline).
        as_of: The date the note is written at.
        lang: `ko` or `en`: how the values read (`5조 6,000억 원` or `KRW 5.6 tn`).

    Returns:
        A sentence naming the observation, what it means and what to type if it was meant otherwise.
    """
    from pohang_cli.i18n import _

    observation, other = caveat.observation, caveat.other

    def value(amount: float) -> str:
        return format_value(amount, indicator.unit, lang)

    names = {"id": observation.id, "date": observation.date.iso()}
    if caveat.code == BEFORE_BASELINE:
        baseline = indicator.baseline_date.iso() if indicator.baseline_date else "?"
        return _("{id}: {date} is not after the baseline ({baseline}); it is kept, but not used for progress").format(
            baseline=baseline, **names
        )
    if caveat.code == PERIOD_NOT_ENDED:
        return _(
            "{id}: the period {date} has not ended on {as_of}; it counts from {counts_from}. "
            "For a year-to-date figure record the month ({month})"
        ).format(
            as_of=as_of.isoformat(),
            counts_from=(observation.date.end() + dt.timedelta(days=1)).isoformat(),
            month=_last_ended_month(as_of).iso(),
            **names,
        )
    if caveat.code == FALLING_TOTAL and other is not None:
        return _(
            "{id}: {value} is below the {earlier} total {earlier_value}; if it is the {date} increment, record "
            "{total}; if it is a withdrawal (an MOU cancelled), say so in the note"
        ).format(
            value=value(observation.value),
            earlier=other.date.iso(),
            earlier_value=value(other.value),
            total=value(other.value + observation.value),
            **names,
        )
    if caveat.code == OVERLAP and other is not None:
        return _(
            "{id}: the period {date} overlaps {other} ({other_date}); the value whose period ends later counts as "
            "the latest"
        ).format(other=other.id, other_date=other.date.iso(), **names)
    raise ValueError(f"unknown caveat {caveat.code!r}")


def _last_ended_month(as_of: dt.date) -> PartialDate:
    """The latest month wholly past at `as_of` (on 2026-12-02, 2026-11; on 2026-11-30, 2026-11 too)."""
    last_day = as_of.replace(day=1) - dt.timedelta(days=1)
    if (as_of + dt.timedelta(days=1)).day == 1:
        last_day = as_of
    return PartialDate.of_month(last_day.year, last_day.month)
