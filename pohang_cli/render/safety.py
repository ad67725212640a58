"""Rows of `pohang log` and `pohang doctor` for the machine formats (their columns are part of the contract)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson

from pohang_cli.audit import LogEntry
from pohang_cli.doctor import Problem
from pohang_cli.i18n import N_, _, language, pgettext, translated
from pohang_cli.models import Kind

LOG_FIELDS = ("seq", "time", "user", "host", "command", "summary", "records", "undoes", "hash")
# A table for people leaves out the 64-character hash of each entry: `pohang log` prints the head's below it.
LOG_TABLE_FIELDS = LOG_FIELDS[:-1]
LOG_RECORD_FIELDS = ("seq", "time", "user", "host", "command", "kind", "id", "action", "before", "after")

# Korea has kept UTC+9 without daylight saving since 1988: a fixed offset gives Seoul's clock.
_KST = timezone(timedelta(hours=9))


def seoul_time(utc: str | None) -> str | None:
    """A log time as the tables show it, in Korea Standard Time: `2026-11-25T03:04:05Z` -> `2026-11-25 12:04:05 KST`.

    Machine formats keep the stored UTC time; a time that is not in the stored form is shown as it is.
    """
    if utc is None:
        return None
    try:
        moment = datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return utc
    return moment.astimezone(_KST).strftime("%Y-%m-%d %H:%M:%S KST")


DOCTOR_FIELDS = ("kind", "id", "code", "problem", "severity")


def column_headers() -> dict[str, str]:
    """The headers people read over the columns of `log` and `doctor` tables, in the language of this run."""
    return {
        "seq": pgettext("column", "seq"),
        "time": pgettext("column", "time"),
        "user": pgettext("column", "user"),
        "host": pgettext("column", "host"),
        "command": pgettext("column", "command"),
        "summary": pgettext("column", "summary"),
        "records": pgettext("column", "records"),
        "undoes": pgettext("column", "undoes"),
        "kind": pgettext("column", "kind"),
        "id": pgettext("column", "id"),
        "action": pgettext("column", "action"),
        "before": pgettext("column", "before"),
        "after": pgettext("column", "after"),
        "code": pgettext("column", "code"),
        "problem": pgettext("column", "problem"),
        "severity": pgettext("column", "severity"),
        "hash": pgettext("column", "hash"),
    }


def log_rows(entries: Iterable[LogEntry], *, seoul: bool = False) -> Iterator[dict[str, Any]]:
    """One row per change of the database, newest first.

    `seoul` is the table for people: times in KST and the summary in their language; else the stored UTC
    time and the stored (English) summary.
    """
    for entry in entries:
        yield {
            "seq": entry.seq,
            "time": seoul_time(entry.time) if seoul else entry.time,
            "user": entry.user,
            "host": entry.host,
            "command": entry.command,
            "summary": summary_for_people(entry) if seoul else entry.summary,
            "records": entry.records,
            "undoes": entry.undoes,
            "hash": entry.hash,
        }


_ACTIONS = {"added": N_("added"), "changed": N_("changed"), "removed": N_("removed")}
_KIND_WORDS = {
    Kind.SECTORS: (N_("sector"), N_("sectors")),
    Kind.INDICATORS: (N_("indicator"), N_("indicators")),
    Kind.TARGETS: (N_("target"), N_("targets")),
    Kind.OBSERVATIONS: (N_("observation"), N_("observations")),
    Kind.MILESTONES: (N_("milestone"), N_("milestones")),
    Kind.ASSESSMENTS: (N_("assessment"), N_("assessments")),
}


def summary_for_people(entry: LogEntry) -> str:
    """What a change did, in the language of this run: the stored summary is English, written at the time.

    Made from the entry's changes as `audit.summarize` makes the stored one, so English reads the same.
    """
    if language() == "en" or not entry.changes:
        return entry.summary
    prefix = _("undo #{seq}: ").format(seq=entry.undoes) if entry.undoes is not None else ""
    if len(entry.changes) == 1:
        change = entry.changes[0]
        action = translated(_ACTIONS.get(change.action, change.action))
        kind = translated(_KIND_WORDS[change.kind][0])
        return prefix + _("{action} {kind} {id}").format(action=action, kind=kind, id=change.id)
    counts: Counter[tuple[str, Kind]] = Counter(
        ("added" if c.before is None else "removed" if c.after is None else "changed", c.kind) for c in entry.changes
    )
    parts = []
    for action in ("added", "changed", "removed"):
        nouns = [
            _("{count} {kind}").format(count=count, kind=translated(_KIND_WORDS[kind][count != 1]))
            for kind in Kind
            if (count := counts.get((action, kind), 0))
        ]
        if nouns:
            parts.append(_("{action} {records}").format(action=translated(_ACTIONS[action]), records=", ".join(nouns)))
    return prefix + ("; ".join(parts) or _("no records changed"))


def log_record_rows(entries: Iterable[LogEntry], *, nested: bool, seoul: bool = False) -> Iterator[dict[str, Any]]:
    """One row per record a change touched, with its stored document before and after.

    Args:
        entries: the log entries, newest first.
        nested: documents as objects (json, jsonl), else as one-line JSON text (tsv, csv, md, table).
        seoul: times in KST (tables), else the stored UTC.
    """
    for entry in entries:
        time = seoul_time(entry.time) if seoul else entry.time
        for change in entry.changes:
            yield {
                "seq": entry.seq,
                "time": time,
                "user": entry.user,
                "host": entry.host,
                "command": entry.command,
                "kind": change.kind.value,
                "id": change.id,
                "action": change.action,
                "before": _document(change.before, nested=nested),
                "after": _document(change.after, nested=nested),
            }


def _document(doc: dict[str, Any] | None, *, nested: bool) -> Any:
    if doc is None or nested:
        return doc
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def doctor_rows(problems: Iterable[Problem]) -> Iterator[dict[str, Any]]:
    """One row per problem the doctor found."""
    for problem in problems:
        yield {
            "kind": problem.kind,
            "id": problem.id,
            "code": problem.code,
            "problem": problem.problem,
            "severity": problem.severity,
        }
