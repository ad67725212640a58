"""Importing: plan the file's records (planning.py), then upsert all or nothing in one write.

The whole plan is staged in one transaction, so the database file is written once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from pohang_cli.caveats import Caveat, caveats
from pohang_cli.models import Dataset, Indicator, Kind, Observation
from pohang_cli.service.transaction import Repository, Written, retried, transaction
from pohang_cli.transfer.parsed import ParsedFile
from pohang_cli.transfer.planning import PROGRESS_EVERY, KindCounts, Plan, Progress, plan_import


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    name: str
    counts: dict[Kind, KindCounts]
    dry_run: bool
    # §7: how the file's observations count beside the others of their indicators (notes, never refusals).
    caveats: tuple[tuple[Indicator, Caveat], ...] = ()
    # The first records stored, and the first records updated (their `before` the stored ones), to say back.
    first: tuple[Written[Any], ...] = ()
    updated: tuple[Written[Any], ...] = ()
    # Questioned records `force` let through, each named with its place in the file.
    accepted: tuple[str, ...] = ()

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
    force: bool = False,
    with_caveats: bool = True,
) -> ImportResult:
    """Upsert the records of a parsed file by id, all or nothing, in one write of the database.

    Args:
        repo: the database.
        parsed: the records read from the file.
        today: what `today` means in dates, and the day after which dates are in the future.
        dry_run: check and count, but write nothing.
        progress: told how far the import is, as `progress(phase, done, total)`.
        force: accept the records questioned against what is stored (service/questions.py).
        with_caveats: look for the §7 caveats of the file's observations; a caller that says nothing of
            them (`import -q`) leaves them out, which saves a pass over every indicator's series.

    Raises:
        InputError: anything wrong with any record, or a questioned one without `force`; nothing was written.
    """
    try:
        with transaction(repo) as tx:
            tx.session.load(*Kind)  # every record is checked against the database: read it in one go per kind
            plan = plan_import(tx.dataset, parsed, today=today, progress=progress, force=force)
            # What the plan holds (the parsed rows, their records, the accepted questions) lives to the end of
            # the write. Left in the collector's sight, the million or so containers of 100,000 rows cross the
            # launcher's threshold during the write, and one pass walks them all for nothing (0.2 s). Frozen,
            # the count starts again from here, and staging and writing alone stay under it.
            gc.freeze()
            found = tuple(_caveats(tx.dataset, plan, today)) if with_caveats else ()
            first, updated = _said_back(tx.dataset, plan)
            if not dry_run:
                total = len(plan.puts)
                for done, (kind, key, record) in enumerate(plan.puts, start=1):
                    tx.put(kind, key, record)
                    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                        progress("staging", done, total)
                tx.session.reserve_milestone_ids(plan.next_milestone_id)
                if progress is not None and tx.changes:
                    progress("writing", total, total)
    finally:
        # Back in sight once written (or refused): a process that goes on, as a test run does, collects them.
        gc.unfreeze()
    return ImportResult(parsed.name, plan.counts, dry_run, found, first, updated, tuple(plan.accepted))


# How many stored records an import says back at a terminal, and how many updates it names at most.
FIRST_SHOWN = 5
UPDATES_SHOWN = 20


def _said_back(data: Dataset, plan: Plan) -> tuple[tuple[Written[Any], ...], tuple[Written[Any], ...]]:
    """The first records the plan stores and its first updates, each with the unit of its values."""
    units = {record.id: record.unit for kind, _key, record in plan.puts if isinstance(record, Indicator)}

    def written(record: Any, before: Any) -> Written[Any]:
        indicator = getattr(record, "indicator", None)
        unit = record.unit if isinstance(record, Indicator) else None
        if isinstance(indicator, str):
            stored = data.indicators.get(indicator)
            unit = units.get(indicator) or (None if stored is None else stored.unit)
        return Written(record, before, unit)

    pairs = [(record, before) for (_kind, _key, record), before in zip(plan.puts, plan.before, strict=True)]
    first = tuple(written(record, before) for record, before in pairs[:FIRST_SHOWN])
    updated = islice(((record, before) for record, before in pairs if before is not None), UPDATES_SHOWN)
    return first, tuple(written(record, before) for record, before in updated)


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
