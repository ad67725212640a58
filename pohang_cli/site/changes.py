"""What changed between the log's entries, as the site publishes it: changed records and status changes.

The log keeps each changed record's document before and after. Walking it newest first from the database as
it is, each entry is undone in memory: the targets of the indicators it touched are judged (at the site's
as-of date) after it and, once it is undone, before it; a target whose status differs is a status change of
that entry. Only the touched indicators are judged, so an entry costs what its indicators hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pohang_cli.audit import LogEntry
from pohang_cli.models import Dataset, Kind, TargetStatus
from pohang_cli.progress import judge_target
from pohang_cli.progress.known import targets_in_force
from pohang_cli.storage import record_from_doc

# The changes page lists the newest changed records, as many as this (the feed too).
CHANGES_SHOWN = 200
_TRACKED = (Kind.INDICATORS, Kind.TARGETS, Kind.OBSERVATIONS, Kind.ASSESSMENTS)


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """One changed record as the site publishes it: its kind, id, action, date and what it became.

    Never who made it, from which host, or with which command line: the log keeps those for the city, not
    for the public.
    """

    entry: str  # the log entry's id, which makes the change's feed id unique
    seq: int
    time: str | None  # UTC, ISO 8601, as the log keeps it
    kind: Kind
    record: str
    action: str
    document: dict[str, Any] | None  # the record after the change (before it, for a removal)
    indicator: str | None  # the indicator page the change belongs to, if any

    @property
    def day(self) -> str:
        return (self.time or "")[:10]


def indicator_of(kind: Kind, document: dict[str, Any] | None, record: str) -> str | None:
    if document is None:
        return None
    if kind is Kind.INDICATORS:
        return record
    if kind in (Kind.TARGETS, Kind.OBSERVATIONS):
        value = document.get("indicator")
        return value if isinstance(value, str) else None
    if kind is Kind.ASSESSMENTS:
        return record.partition("@")[0]
    return None


def changed_records(
    entries: Iterable[LogEntry | None], walk: StatusWalk | None = None, limit: int = CHANGES_SHOWN
) -> tuple[ChangeItem, ...]:
    """The newest `limit` changed records of a log walked newest first (a gap in the log ends the walk).

    With `walk`, each entry's status changes follow its changed records.
    """
    items: list[ChangeItem] = []
    for entry in entries:
        if entry is None:
            break
        moved = walk.step(entry) if walk is not None else []
        for change in sorted(entry.changes, key=lambda c: (c.kind.value, str(c.id))):
            document = change.after if change.after is not None else change.before
            record = str(change.id)
            items.append(
                ChangeItem(
                    entry.id,
                    entry.seq,
                    entry.time,
                    change.kind,
                    record,
                    change.action,
                    document,
                    indicator_of(change.kind, document, record),
                )
            )
            if len(items) >= limit:
                return tuple(items)
        items += moved[: limit - len(items)]
        if len(items) >= limit:
            return tuple(items)
    return tuple(items)


class StatusWalk:
    """The records that judge targets, as they stood after the entry about to be undone."""

    def __init__(self, data: Dataset, as_of: date) -> None:
        self.as_of = as_of
        self.tables: dict[Kind, dict[Any, Any]] = {kind: dict(getattr(data, kind.value)) for kind in _TRACKED}
        self.observations: dict[str, dict[str, Any]] = {}
        for key, observation in data.observations.items():
            self.observations.setdefault(observation.indicator, {})[key] = observation

    def _statuses(self, indicators: set[str]) -> dict[str, tuple[str, TargetStatus]]:
        in_force = targets_in_force(self.tables[Kind.TARGETS], self.as_of)
        found = {}
        for target in in_force.values():
            if target.indicator not in indicators or not target.is_current:
                continue
            indicator = self.tables[Kind.INDICATORS].get(target.indicator)
            if indicator is None:
                continue
            assessment = self.tables[Kind.ASSESSMENTS].get(target.id)
            if assessment is not None and assessment.date.end() > self.as_of:
                assessment = None
            observations = self.observations.get(target.indicator, {}).values()
            judged = judge_target(indicator, target, observations, self.as_of, assessment)
            found[target.id] = (target.indicator, judged.status)
        return found

    def _undo(self, entry: LogEntry) -> None:
        for change in entry.changes:
            if change.kind not in _TRACKED:
                continue
            table = self.tables[change.kind]
            if change.after is not None:
                old = table.pop(change.id, None)
                if change.kind is Kind.OBSERVATIONS and old is not None:
                    self.observations.get(old.indicator, {}).pop(str(change.id), None)
            if change.before is not None:
                record = record_from_doc(change.kind, change.before)
                table[change.id] = record
                if change.kind is Kind.OBSERVATIONS:
                    self.observations.setdefault(record.indicator, {})[str(change.id)] = record

    def step(self, entry: LogEntry) -> list[ChangeItem]:
        """The status changes `entry` made; the walk then stands before it."""
        touched = set()
        for change in entry.changes:
            for document in (change.before, change.after):
                indicator = indicator_of(change.kind, document, str(change.id))
                if indicator is not None:
                    touched.add(indicator)
        after = self._statuses(touched)
        self._undo(entry)
        before = self._statuses(touched)
        items = []
        for target_id in sorted(set(after) | set(before)):
            was, now = before.get(target_id), after.get(target_id)
            if (was and was[1]) == (now and now[1]):
                continue
            indicator = (now or was or ("", None))[0]
            document = {"before": was[1].value if was else None, "after": now[1].value if now else None}
            items.append(
                ChangeItem(entry.id, entry.seq, entry.time, Kind.TARGETS, target_id, "status", document, indicator)
            )
        return items
