"""Rows of `pohang log` and `pohang doctor` for the machine formats (their columns are part of the contract)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from pohang_cli.audit import LogEntry
from pohang_cli.doctor import Problem

LOG_FIELDS = ("seq", "time", "command", "summary", "records", "undoes")
LOG_RECORD_FIELDS = ("seq", "time", "command", "kind", "id", "action", "before", "after")
DOCTOR_FIELDS = ("kind", "id", "code", "problem", "severity")


def log_rows(entries: Iterable[LogEntry]) -> Iterator[dict[str, Any]]:
    """One row per change of the database, newest first."""
    for entry in entries:
        yield {
            "seq": entry.seq,
            "time": entry.time,
            "command": entry.command,
            "summary": entry.summary,
            "records": entry.records,
            "undoes": entry.undoes,
        }


def log_record_rows(entries: Iterable[LogEntry], *, nested: bool) -> Iterator[dict[str, Any]]:
    """One row per record a change touched, with its stored document before and after.

    Args:
        entries: the log entries, newest first.
        nested: documents as objects (json, jsonl), else as one-line JSON text (tsv, csv, md, table).
    """
    for entry in entries:
        for change in entry.changes:
            yield {
                "seq": entry.seq,
                "time": entry.time,
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
