"""Importing: plan the file's records (planning.py), then upsert all or nothing in one write.

The whole plan is staged in one transaction, so the database file is written once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pohang_cli.caveats import Caveat, caveats
from pohang_cli.models import Dataset, Indicator, Kind, Observation
from pohang_cli.service.transaction import Repository, retried, transaction
from pohang_cli.transfer.formats import ParsedFile
from pohang_cli.transfer.planning import PROGRESS_EVERY, KindCounts, Plan, Progress, plan_import


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    name: str
    counts: dict[Kind, KindCounts]
    dry_run: bool
    # §7: how the file's observations count beside the others of their indicators (notes, never refusals).
    caveats: tuple[tuple[Indicator, Caveat], ...] = ()

    def total(self) -> KindCounts:
        return KindCounts(
            sum(c.added for c in self.counts.values()),
            sum(c.updated for c in self.counts.values()),
            sum(c.unchanged for c in self.counts.values()),
        )


@retried
def import_records(
    repo: Repository,
    parsed: ParsedFile,
    *,
    today: date,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Upsert the records of a parsed file by id, all or nothing, in one write of the database.

    Args:
        repo: the database.
        parsed: the records read from the file.
        today: what `today` means in dates, and the day after which dates are in the future.
        dry_run: check and count, but write nothing.
        progress: told how far the import is, as `progress(phase, done, total)`.

    Raises:
        InputError: anything wrong with any record; nothing was written.
    """
    with transaction(repo) as tx:
        tx.session.load(*Kind)  # every record is checked against the database: read it in one go per kind
        plan = plan_import(tx.dataset, parsed, today=today, progress=progress)
        found = tuple(_caveats(tx.dataset, plan, today))
        if not dry_run:
            total = len(plan.puts)
            for done, (kind, key, record) in enumerate(plan.puts, start=1):
                tx.put(kind, key, record)
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                    progress("staging", done, total)
            tx.session.reserve_milestone_ids(plan.next_milestone_id)
            if progress is not None and tx.changes:
                progress("writing", total, total)
    return ImportResult(parsed.name, plan.counts, dry_run, found)


def _caveats(data: Dataset, plan: Plan, today: date) -> Iterator[tuple[Indicator, Caveat]]:
    """The caveats of the file's observations, judged among their indicators' observations after the import."""
    staged: dict[str, dict[str, Observation]] = {}
    indicators: dict[str, Indicator] = {}
    for kind, _key, record in plan.puts:
        if kind is Kind.OBSERVATIONS and isinstance(record, Observation):
            staged.setdefault(record.indicator, {})[record.id] = record
        elif kind is Kind.INDICATORS and isinstance(record, Indicator):
            indicators[record.id] = record
    if not staged:
        return
    series: dict[str, dict[str, Observation]] = {indicator: {} for indicator in staged}
    for observation in data.observations.values():
        if observation.indicator in series:
            series[observation.indicator][observation.id] = observation
    for indicator_id, from_file in staged.items():
        indicator = indicators.get(indicator_id) or data.indicators.get(indicator_id)
        if indicator is None:
            continue
        merged = series[indicator_id] | from_file
        for caveat in caveats(indicator, merged.values(), today, about=from_file.keys()):
            yield indicator, caveat
