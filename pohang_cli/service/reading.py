"""The reading use cases: judge the targets, list, check; records are found by name in naming.py.

Nothing here prints, reads the clock or the environment: the CLI passes the as-of date and gets back
result objects for the renderers.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from pohang_cli.dates import PartialDate, rank_of_day
from pohang_cli.models import (
    Dataset,
    Indicator,
    Milestone,
    MilestoneStatus,
    Observation,
    Sector,
    Target,
    TargetStatus,
)
from pohang_cli.progress import (
    Judgement,
    MilestoneJudgement,
    SectorRollup,
    WatchedJudgement,
    judge_milestone,
    judge_target,
    judge_watched,
    rollup_sector_at,
)
from pohang_cli.progress.series import Series, series_by_indicator
from pohang_cli.service.as_of import assessment_at, dataset_as_of
from pohang_cli.service.naming import indicator_choices, indicators_named, resolve_indicator, resolve_sectors

__all__ = [
    "SPARKLINE_POINTS",
    "IndicatorHistory",
    "MilestoneFilter",
    "SectorStatus",
    "StatusReport",
    "filter_status",
    "history",
    # Found here by `import` (transfer/planning.py) from before naming.py was split off.
    "indicator_choices",
    "indicators_named",
    "list_indicators",
    "list_milestones",
    "list_sectors",
    "list_targets",
    "observations_by_indicator",
    "recent_observations",
    "status",
]

# ---------------------------------------------------------------------------------------------------
# Reading


def observations_by_indicator(data: Dataset) -> dict[str, Series]:
    """Every observation grouped by its indicator in date order, made into records only when looked at."""
    return series_by_indicator(data.observations)


def _sorted_targets(targets: Iterable[Target]) -> list[Target]:
    return sorted(targets, key=lambda t: (t.indicator, t.deadline.sort_key()))


# How many of an indicator's latest values its sparkline on the status slide shows.
SPARKLINE_POINTS = 12


# Results are NamedTuples, as in progress.py: cheap to define at every start-up.
class SectorStatus(NamedTuple):
    """One sector's block of the status report: its judged targets, then its watched indicators."""

    sector: Sector
    judgements: tuple[Judgement, ...]
    rollup: SectorRollup
    sparklines: Mapping[str, tuple[float, ...]]
    watched: tuple[WatchedJudgement, ...] = ()


class StatusReport(NamedTuple):
    """Every current target judged at `as_of`, grouped by sector."""

    as_of: date
    sectors: tuple[SectorStatus, ...]
    # §8.5: the day whose knowledge was judged, when not everything recorded was.
    known_as_of: date | None = None

    @property
    def judgements(self) -> Iterator[Judgement]:
        for block in self.sectors:
            yield from block.judgements

    @property
    def watched(self) -> Iterator[WatchedJudgement]:
        for block in self.sectors:
            yield from block.watched


def status(
    data: Dataset,
    as_of: date,
    sector_names: Sequence[str] = (),
    year: int | None = None,
    known_as_of: date | None = None,
) -> StatusReport:
    """Judge every target in force at `as_of` (of the named sectors, due in `year`) by methodology §8.

    Indicators with no current target are watched (§7): each gets a `no_target` row with its latest
    change, unless `year` asks only for the targets due in a year. With `known_as_of`, only what had been
    reported by then counts (§8.5).
    """
    data = dataset_as_of(data, as_of, known_as_of)
    sectors = resolve_sectors(data, sector_names)
    wanted = {s.id for s in sectors}
    observations = observations_by_indicator(data)
    targets_by_sector: dict[str, list[Target]] = defaultdict(list)
    with_target: set[str] = set()
    for target in data.targets.values():
        if not target.is_current:
            continue
        with_target.add(target.indicator)
        if year is not None and target.deadline.year != year:
            continue
        indicator = data.indicators.get(target.indicator)
        if indicator is not None and indicator.sector in wanted:
            targets_by_sector[indicator.sector].append(target)
    watched_by_sector: dict[str, list[WatchedJudgement]] = defaultdict(list)
    if year is None:
        for indicator in data.indicators.values():
            if indicator.sector in wanted and indicator.id not in with_target:
                watched_by_sector[indicator.sector].append(
                    judge_watched(indicator, observations.get(indicator.id, ()), as_of)
                )
    milestones_by_sector: dict[str, list[Milestone]] = defaultdict(list)
    for milestone in data.milestones.values():
        if milestone.sector in wanted:
            milestones_by_sector[milestone.sector].append(milestone)
    blocks = []
    for sector in sectors:
        judgements = _in_reading_order(
            judge_target(
                data.indicators[t.indicator],
                t,
                observations.get(t.indicator, ()),
                as_of,
                assessment_at(data, t.id, as_of),
            )
            for t in targets_by_sector[sector.id]
        )
        watched = tuple(sorted(watched_by_sector[sector.id], key=_watched_order))
        rows: list[Judgement | WatchedJudgement] = [*judgements, *watched]
        sparklines = _Sparklines(observations, (row.indicator.id for row in rows), as_of)
        rollup = rollup_sector_at(sector.id, rows, milestones_by_sector[sector.id], as_of)
        blocks.append(SectorStatus(sector, judgements, rollup, sparklines, watched))
    return StatusReport(as_of, tuple(blocks), known_as_of)


def filter_status(report: StatusReport, statuses: Collection[TargetStatus], targets_only: bool) -> StatusReport:
    """`report` with only the rows of `statuses` (all when empty), and without watched rows if `targets_only`.

    A sector's roll-up stays that of the whole sector: a filter chooses rows to read, not what a sector is.
    """
    if not statuses and not targets_only:
        return report
    wanted = frozenset(statuses)
    blocks = tuple(
        block._replace(
            judgements=tuple(a for a in block.judgements if not wanted or a.status in wanted),
            watched=() if targets_only else tuple(w for w in block.watched if not wanted or w.status in wanted),
        )
        for block in report.sectors
    )
    return report._replace(sectors=blocks)


def _in_reading_order(judgements: Iterable[Judgement]) -> tuple[Judgement, ...]:
    """Judged indicators first (what a reader came for), then by nearest deadline; an indicator's targets together.

    Each indicator's targets stay side by side, by deadline: a 2025 and a 2030 target of one series read as
    its path, and split apart they read as two series.
    """
    by_indicator: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        by_indicator[judgement.indicator.id].append(judgement)
    groups = []
    for indicator_id, group in by_indicator.items():
        group.sort(key=lambda a: a.target.deadline.sort_key())
        judged = any(a.status is not TargetStatus.NO_DATA for a in group)
        groups.append(((not judged, group[0].target.deadline.sort_key(), indicator_id), group))
    groups.sort(key=itemgetter(0))
    return tuple(a for _, group in groups for a in group)


def _watched_order(watched: WatchedJudgement) -> tuple[bool, str]:
    # Indicators with data first, then by id.
    return (watched.actual is None, watched.indicator.id)


class _Sparklines(Mapping[str, tuple[float, ...]]):
    """Each indicator's last SPARKLINE_POINTS values up to as-of in date order, found when first asked for.

    Only the table draws them: machine formats of a 100,000-observation status would otherwise sort every
    indicator's series for nothing (a tenth of the command).
    """

    def __init__(self, observations: Mapping[str, Series], indicators: Iterable[str], as_of: date) -> None:
        self._observations = observations
        self._series: dict[str, tuple[float, ...] | None] = dict.fromkeys(indicators)
        self._as_of = as_of

    def __getitem__(self, indicator: str) -> tuple[float, ...]:
        series = self._series[indicator]
        if series is None:
            observations = self._observations.get(indicator, ())
            series = self._series[indicator] = _latest_values(observations, self._as_of, SPARKLINE_POINTS)
        return series

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        return len(self._series)


def _latest_values(observations: Iterable[Observation], as_of: date, count: int) -> tuple[float, ...]:
    """The last `count` values up to `as_of` in date order; of one date, in stored order."""
    if isinstance(observations, Series):
        # In rank order already (an indicator has one observation a date): the last `count` before as-of.
        end = bisect.bisect_left(observations.ranks, rank_of_day(as_of + timedelta(days=1)))
        return tuple(o.value for o in observations[max(0, end - count) : end])
    # One call an observation, then a sort of integers and a search in C: a large status draws 300
    # sparklines over 100,000 observations, and sorting each series by a key function cost a twentieth of it.
    keyed = [(o.date.rank(), n, o.value) for n, o in enumerate(observations)]
    keyed.sort()
    end = bisect.bisect_left(keyed, (rank_of_day(as_of + timedelta(days=1)),))
    return tuple(value for _, _, value in keyed[max(0, end - count) : end])


def list_sectors(data: Dataset) -> list[Sector]:
    """Every sector in display order."""
    return resolve_sectors(data, ())


def list_indicators(data: Dataset, sector_names: Sequence[str] = ()) -> list[Indicator]:
    """Indicators of the named sectors (all when none), by sector order then id."""
    sectors = resolve_sectors(data, sector_names)
    order = {s.id: n for n, s in enumerate(sectors)}
    chosen = [i for i in data.indicators.values() if i.sector in order]
    return sorted(chosen, key=lambda i: (order[i.sector], i.id))


def list_targets(data: Dataset, sector_names: Sequence[str] = (), *, history: bool = False) -> list[Target]:
    """Targets of the named sectors, by sector order, indicator and deadline; superseded ones only with `history`."""
    # In the sectors' display order, as every view lists them; an indicator's targets together, by deadline.
    rank = {i.id: n for n, i in enumerate(list_indicators(data, sector_names))}
    chosen = [t for t in data.targets.values() if t.indicator in rank and (history or t.is_current)]
    return sorted(chosen, key=lambda t: (rank[t.indicator], t.deadline.sort_key()))


class IndicatorHistory(NamedTuple):
    """An indicator's series: baseline, observations, every target and the judgement of current ones."""

    indicator: Indicator
    observations: tuple[Observation, ...]
    targets: tuple[Target, ...]
    judgements: tuple[Judgement, ...]
    as_of: date


def history(data: Dataset, indicator_name: str, as_of: date, known_as_of: date | None = None) -> IndicatorHistory:
    """The baseline, observations and targets of one indicator, with the trend of each current target.

    The targets are those in force at `as_of`; with `known_as_of`, the observations those reported by then.
    """
    data = dataset_as_of(data, as_of, known_as_of)
    indicator = resolve_indicator(data, indicator_name)
    observations = tuple(
        sorted(
            (o for o in data.observations.values() if o.indicator == indicator.id),
            key=lambda o: o.date.sort_key(),
        )
    )
    targets = tuple(_sorted_targets(t for t in data.targets.values() if t.indicator == indicator.id))
    judgements = tuple(
        judge_target(indicator, t, observations, as_of, assessment_at(data, t.id, as_of))
        for t in targets
        if t.is_current
    )
    return IndicatorHistory(indicator, observations, targets, judgements, as_of)


def recent_observations(
    h: IndicatorHistory, since: PartialDate | None = None, latest: int | None = None
) -> tuple[IndicatorHistory, int]:
    """The history with only the observations dated on/after `since`, and of those the `latest` newest.

    Judgements stay those of the whole series. Returns the history and how many observations it leaves out.
    """
    observations = h.observations
    if since is not None:
        start = since.start()
        observations = tuple(o for o in observations if o.date.start() >= start)
    if latest is not None and len(observations) > latest:
        observations = observations[len(observations) - latest :]
    return h._replace(observations=observations), len(h.observations) - len(observations)


class MilestoneFilter(NamedTuple):
    """Which milestones `pohang milestones` lists."""

    sectors: tuple[str, ...] = ()
    statuses: tuple[MilestoneStatus, ...] = ()
    overdue: bool = False
    due_soon: bool = False
    since: PartialDate | None = None
    until: PartialDate | None = None


def _milestone_day(milestone: Milestone) -> date | None:
    # "When" a milestone is, for --since/--until: the day it happened, else the day it is due.
    when = milestone.date or milestone.due
    return None if when is None else when.start()


_EVERY_MILESTONE = MilestoneFilter()


def list_milestones(data: Dataset, as_of: date, wanted: MilestoneFilter = _EVERY_MILESTONE) -> list[MilestoneJudgement]:
    """Milestones matching every given filter, judged at `as_of`, by sector order then date."""
    sectors = resolve_sectors(data, wanted.sectors)
    order = {s.id: n for n, s in enumerate(sectors)}
    far_future = date.max
    # Each with its sort key, made while its day is at hand (10,000 milestones: a second pass costs 5 ms).
    chosen: list[tuple[tuple[int, date, int], MilestoneJudgement]] = []
    for milestone in data.milestones.values():
        if milestone.sector not in order:
            continue
        if wanted.statuses and milestone.status not in wanted.statuses:
            continue
        day = _milestone_day(milestone)
        if wanted.since is not None and (day is None or day < wanted.since.start()):
            continue
        if wanted.until is not None and (day is None or day > wanted.until.end()):
            continue
        judged = judge_milestone(milestone, as_of)
        if (wanted.overdue and not judged.overdue) or (wanted.due_soon and not judged.due_soon):
            continue
        chosen.append(((order[milestone.sector], day or far_future, milestone.id), judged))
    chosen.sort(key=itemgetter(0))
    return [judged for _, judged in chosen]
