"""The council report's content: gathered once from the service's results, then drawn as HTML or Markdown.

Nothing here formats, prints or reads the clock: `pohang report` resolves the as-of date and the database,
and the renderers in `pohang_cli.render.html` and `pohang_cli.render.markdown` turn a `Report` into text.
The same database and as-of date always give the same report, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from pohang_cli import __version__
from pohang_cli.models import Dataset, Indicator, Observation, Sector, TargetStatus
from pohang_cli.progress import Judgement, MilestoneJudgement
from pohang_cli.service import (
    IndicatorHistory,
    MilestoneFilter,
    SectorStatus,
    dataset_as_of,
    list_indicators,
    list_milestones,
    observations_by_indicator,
    status,
)
from pohang_cli.trend import Trend, trend


@dataclass(frozen=True, slots=True)
class IndicatorSection:
    """One indicator on its sector's page: its series, its chart and the judgement of its current targets."""

    history: IndicatorHistory
    trend: Trend

    @property
    def indicator(self) -> Indicator:
        return self.history.indicator

    @property
    def judgements(self) -> tuple[Judgement, ...]:
        return self.history.judgements

    @property
    def actuals(self) -> tuple[Observation, ...]:
        """Observations counted at the as-of date (whole period passed), oldest first."""
        return tuple(o for o in self.history.observations if o.date.end() <= self.history.as_of)


@dataclass(frozen=True, slots=True)
class SectorSection:
    """A sector's page: its status block (targets and roll-up), its indicators and its milestone timeline."""

    status: SectorStatus
    indicators: tuple[IndicatorSection, ...]
    milestones: tuple[MilestoneJudgement, ...]


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """How many records the database holds, printed with its name so a reader can tell two versions apart."""

    indicators: int
    targets: int
    observations: int
    milestones: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `pohang report` shows: a summary page and one page per sector."""

    as_of: date
    database: str
    counts: RecordCounts
    sectors: tuple[SectorSection, ...]
    overdue: tuple[MilestoneJudgement, ...]
    version: str = __version__
    # The hash of the newest entry of the database's log (docs/audit-log.md): a reader who notes it can later
    # check with `pohang doctor --head HASH` that the history behind the report was not rewritten.
    log_head: str | None = None
    # §8.5: the day whose knowledge the report judges, when not everything recorded.
    known_as_of: date | None = None

    def sector_of(self, milestone: MilestoneJudgement) -> Sector | None:
        """The sector (of this report) a milestone belongs to."""
        for section in self.sectors:
            if section.status.sector.id == milestone.milestone.sector:
                return section.status.sector
        return None

    @property
    def judgements(self) -> list[Judgement]:
        """Every current target's judgement, sector by sector."""
        return [a for section in self.sectors for a in section.status.judgements]


def _reading_order(item: IndicatorSection) -> tuple[int, str]:
    """What is known first: indicators with a judged target, then those with actuals, then the rest; by id."""
    if any(a.status is not TargetStatus.NO_DATA for a in item.judgements):
        rank = 0
    elif item.trend.actuals:
        rank = 1
    else:
        rank = 2
    return rank, item.indicator.id


def build_report(
    data: Dataset,
    as_of: date,
    sector_names: Sequence[str] = (),
    database: str = "",
    known_as_of: date | None = None,
    log_head: str | None = None,
) -> Report:
    """Gather the report of the named sectors (all when none) at `as_of`.

    Observations are grouped by indicator once, so a database of 100,000 observations is read in one pass
    rather than once per indicator.

    Args:
        data: The whole database.
        as_of: The date every target and milestone is judged at.
        sector_names: Sectors by id or Korean name, in the order wanted; all sectors when empty.
        database: How the report names its database (the path as given).
        known_as_of: When given, only what had been reported by then (methodology §8.5).

    Returns:
        The report's content.

    Raises:
        NotFoundError: an unknown sector name.
    """
    # Storage may hand out a lazy table that converts a document on each access; the status and the charts
    # both walk every observation, so convert each one once.
    data = dataset_as_of(replace(data, observations=dict(data.observations.items())), as_of, known_as_of)
    judged = status(data, as_of, sector_names)
    grouped = observations_by_indicator(data)
    timeline = list_milestones(data, as_of, MilestoneFilter(sectors=tuple(b.sector.id for b in judged.sectors)))
    sections = []
    for block in judged.sectors:
        by_indicator: dict[str, list[Judgement]] = {}
        for judgement in block.judgements:
            by_indicator.setdefault(judgement.indicator.id, []).append(judgement)
        indicators = []
        for indicator in list_indicators(data, [block.sector.id]):
            history = IndicatorHistory(
                indicator,
                tuple(sorted(grouped.get(indicator.id, ()), key=lambda o: (o.date.sort_key(), o.id))),
                tuple(
                    sorted(
                        (t for t in data.targets.values() if t.indicator == indicator.id),
                        key=lambda t: (t.deadline.sort_key(), t.id),
                    )
                ),
                tuple(
                    sorted(
                        by_indicator.get(indicator.id, ()), key=lambda a: (a.target.deadline.sort_key(), a.target.id)
                    )
                ),
                as_of,
            )
            indicators.append(IndicatorSection(history, trend(history)))
        milestones = tuple(j for j in timeline if j.milestone.sector == block.sector.id)
        sections.append(SectorSection(block, tuple(sorted(indicators, key=_reading_order)), milestones))
    counts = RecordCounts(len(data.indicators), len(data.targets), len(data.observations), len(data.milestones))
    overdue = tuple(j for j in timeline if j.overdue)
    return Report(as_of, database, counts, tuple(sections), overdue, known_as_of=known_as_of, log_head=log_head)
