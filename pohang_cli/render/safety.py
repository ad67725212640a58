"""Rows of `pohang log` and `pohang doctor` for the machine formats (their columns are part of the contract)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson

from pohang_cli.audit import LogEntry
from pohang_cli.doctor import Problem

LOG_FIELDS = ("seq", "time", "user", "host", "command", "summary", "records", "undoes")
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


def log_rows(entries: Iterable[LogEntry], *, seoul: bool = False) -> Iterator[dict[str, Any]]:
    """One row per change of the database, newest first; `seoul` shows times in KST (tables), else UTC."""
    for entry in entries:
        yield {
            "seq": entry.seq,
            "time": seoul_time(entry.time) if seoul else entry.time,
            "user": entry.user,
            "host": entry.host,
            "command": entry.command,
            "summary": entry.summary,
            "records": entry.records,
            "undoes": entry.undoes,
        }


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
