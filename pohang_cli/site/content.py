"""What the public site shows, gathered once from the database: the report's content, explanations, changes.

Nothing here formats or reads the clock: `pohang site` resolves the as-of date and reads the database and its
log, and the pages (pohang_cli.site.pages, .indicator_page) draw a `SiteContent` in either language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from pohang_cli.audit import LogEntry
from pohang_cli.models import Dataset, Kind, LogHead, TargetStatus
from pohang_cli.report import IndicatorSection, Report, build_report
from pohang_cli.service import observations_by_indicator
from pohang_cli.service.explaining import Explanation, explain
from pohang_cli.site.changes import ChangeItem, StatusWalk, changed_records
from pohang_cli.site.layout import page_name

# Statuses that are a verdict of the figures (methodology §8.1): the rest say why no verdict can be given.
VERDICTS = frozenset(
    {
        TargetStatus.ACHIEVED,
        TargetStatus.ON_TRACK,
        TargetStatus.BEHIND,
        TargetStatus.OFF_TRACK,
        TargetStatus.REGRESSING,
        TargetStatus.MISSED,
    }
)


@dataclass(frozen=True, slots=True)
class SiteContent:
    """Everything the site shows, in no language yet."""

    report: Report
    explanations: dict[str, Explanation]  # by target id, every current target
    changes: tuple[ChangeItem, ...]
    head: LogHead

    @property
    def as_of(self) -> date:
        return self.report.as_of

    @property
    def indicators(self) -> list[IndicatorSection]:
        return [item for section in self.report.sectors for item in section.indicators]

    def page_of(self, item: ChangeItem) -> str | None:
        """The page a changed record is shown on: its indicator's; a sector's or a milestone's, its sector's.

        None when the site has no such page (a record removed since, or of a sector not shown).
        """
        if item.indicator is not None:
            if any(section.indicator.id == item.indicator for section in self.indicators):
                return page_name("indicators", item.indicator)
            return None
        sector = None
        if item.kind is Kind.SECTORS:
            sector = item.record
        elif item.kind is Kind.MILESTONES and item.document is not None:
            sector = item.document.get("sector")
        if any(section.status.sector.id == sector for section in self.report.sectors):
            return page_name("sectors", str(sector))
        return None


def gather(data: Dataset, as_of: date, entries: Iterable[LogEntry | None], head: LogHead) -> SiteContent:
    """The site's content at `as_of`: the report of every sector, each current target explained, the changes.

    Args:
        data: The whole database.
        as_of: The date every target and milestone is judged at.
        entries: The database's log, newest first (what `Journal.history` gives).
        head: The log head the records were read at.

    Returns:
        The content; the same database, log and date give the same content.
    """
    report = build_report(data, as_of, log_head=head.hash)
    grouped = observations_by_indicator(data)
    explanations = {}
    for section in report.sectors:
        for item in section.indicators:
            # `explain` looks at one indicator's observations: hand it only those, so 200 indicators of
            # 100,000 observations cost one pass over them, not one per target.
            own = replace(data, observations={o.id: o for o in grouped.get(item.indicator.id, ())})
            for judgement in item.judgements:
                explanations[judgement.target.id] = explain(own, judgement.target.id, as_of)
    return SiteContent(report, explanations, changed_records(entries, StatusWalk(data, as_of)), head)
