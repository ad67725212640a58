"""An indicator's observations in date order, made into records only when one is looked at.

`status` over 100,000 observations judges some 300 targets and draws their sparklines, but the judgements
rest on a handful of observations each: the latest counted one, the first at or after the deadline, the
one before the latest, the last twelve values. A `Series` keeps the dates' ranks in order, so those are
found by bisection, and a record is made only for an observation that is looked at. Making all 100,000
cost as much as parsing the file they are stored in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol, overload, runtime_checkable

from pohang_cli.models import Observation

__all__ = ["RankedObservations", "Series", "series_by_indicator"]


class Series(Sequence[Observation]):
    """One indicator's observations ordered by date rank, then id (`PartialDate.rank`).

    Args:
        ranks: the dates' ranks, ascending.
        ids: the observations' ids, in the same order (ascending within one rank).
        look_up: the record of an id.
    """

    __slots__ = ("_look_up", "ids", "ranks")

    def __init__(self, ranks: list[int], ids: list[str], look_up: Callable[[str], Observation]) -> None:
        self.ranks = ranks
        self.ids = ids
        self._look_up = look_up

    @overload
    def __getitem__(self, index: int) -> Observation: ...

    @overload
    def __getitem__(self, index: slice) -> Series: ...

    def __getitem__(self, index: int | slice) -> Observation | Series:
        if isinstance(index, slice):  # a part of the series, as lazy as the whole
            return Series(self.ranks[index], self.ids[index], self._look_up)
        return self._look_up(self.ids[index])

    def __reversed__(self) -> Iterator[Observation]:
        return map(self._look_up, reversed(self.ids))

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Observation]:
        return map(self._look_up, self.ids)


@runtime_checkable
class RankedObservations(Protocol):
    """A table of observations that can order its records by indicator and date without making them."""

    def ranked_by_indicator(self) -> dict[str, list[tuple[int, str]]] | None:
        """For each indicator, its observations' (date rank, id) pairs in any order; None when the table
        cannot tell (a malformed record), and the records must be looked at."""


def series_by_indicator(observations: Mapping[str, Observation]) -> dict[str, Series]:
    """Every observation grouped by its indicator, each group a `Series`."""
    look_up = observations.__getitem__
    ranked = observations.ranked_by_indicator() if isinstance(observations, RankedObservations) else None
    if ranked is None:
        ranked = _rank(observations.values())
    series = {}
    for indicator, pairs in ranked.items():
        pairs.sort()
        ranks, ids = zip(*pairs, strict=True)
        series[indicator] = Series(list(ranks), list(ids), look_up)
    return series


def _rank(observations: Iterable[Observation]) -> dict[str, list[tuple[int, str]]]:
    grouped: dict[str, list[tuple[int, str]]] = {}
    for observation in observations:
        pair = (observation.date.rank(), observation.id)
        group = grouped.get(observation.indicator)
        if group is None:
            grouped[observation.indicator] = [pair]
        else:
            group.append(pair)
    return grouped
