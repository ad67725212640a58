"""Schema migrations: ordered functions that lift the raw tables of an older database file one version up.

A file of an older `schema_version` is migrated in memory each time it is read (under the lock for a
write); the first write saves the migrated tables once, after keeping the original as `<db>.bak-v{N}`
(storage.Database.write). Reading never rewrites the file, so a read-only command on a read-only copy works.

Versions:
    0  pre-release layout: every date a full ISO day (`2027-01-01`) with a sibling `<field>_precision`
       (`year`, `quarter`, `month`, `day`); observation ids `INDICATOR:YYYY-MM-DD`; milestones without
       `original_due`.
    1  dates as ISO at their precision (`2027`, `2026-Q2`, `2023-07`, `2023-07-20`); observation ids
       `INDICATOR:<date>`; milestones keep `original_due` when their due date moves. A half-year
       (`2024-H1`) joined the precisions later within version 1: it is a new value of the date fields,
       not a new layout, and a pohang that predates it reports such a date by record id (`doctor`).
    2  observations keep the date their value was reported (`reported`) and the values a later report
       revised (`revisions`: value, reported, source, note, provisional), as targets keep theirs.
    3  packed documents: a record's fields that are null, an empty list, or at their default (observations'
       `provisional: false`; indicators' `direction: increase`, `kind: level`, `model: linear`; milestones'
       `status: planned`) are left out of the file, and reading puts them back. The records, an export and a
       PostgreSQL database are as in version 2; only the file is smaller (a quarter at 100,000 observations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pohang_cli.dates import PartialDate, Precision, parse_iso
from pohang_cli.errors import DatabaseCorruptError, InputError
from pohang_cli.i18n import N_, _, translated
from pohang_cli.models import Kind, observation_id

Tables = dict[str, dict[str, Any]]

META_TABLE = "_meta"


class MigrationError(ValueError):
    """A record of an old file that its version's layout does not allow."""


def _date_v0(doc: dict[str, Any], name: str) -> str | None:
    """A v0 date (day string + `<name>_precision`) as a v1 ISO date at its precision."""
    text = doc.pop(name, None)
    precision = doc.pop(f"{name}_precision", "day")
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
        kept = Precision(precision)
    except (TypeError, ValueError):
        raise MigrationError(f"{name} {text!r} with precision {precision!r} is not a v0 date") from None
    if kept is Precision.YEAR:
        return PartialDate.of_year(day.year).iso()
    if kept is Precision.QUARTER:
        return PartialDate.of_quarter(day.year, (day.month - 1) // 3 + 1).iso()
    if kept is Precision.MONTH:
        return PartialDate.of_month(day.year, day.month).iso()
    return PartialDate.of_day(day).iso()


def _v0_to_v1(tables: Tables) -> Tables:
    for doc in tables.get(Kind.INDICATORS, {}).values():
        doc["baseline_date"] = _date_v0(doc, "baseline_date")
    for doc in tables.get(Kind.TARGETS, {}).values():
        doc["deadline"] = _date_v0(doc, "deadline")
        for revision in doc.get("revisions") or ():
            revision["deadline"] = _date_v0(revision, "deadline")
            revision["date"] = _date_v0(revision, "date")
    for doc in tables.get(Kind.OBSERVATIONS, {}).values():
        doc["date"] = _date_v0(doc, "date")
        if doc["date"] is None:
            raise MigrationError(f"observation {doc.get('id')!r} has no date")
        doc["id"] = observation_id(doc["indicator"], parse_iso(doc["date"]))
    for doc in tables.get(Kind.MILESTONES, {}).values():
        for name in ("date", "due"):
            doc[name] = _date_v0(doc, name)
        doc.setdefault("original_due", None)
    return tables


def _v1_to_v2(tables: Tables) -> Tables:
    for doc in tables.get(Kind.OBSERVATIONS, {}).values():
        doc.setdefault("reported", None)
        doc.setdefault("revisions", [])
    return tables


# What version 3 leaves out besides null and []. A copy, not storage's: a migration stays as it was written.
_V3_DEFAULTS: dict[Kind, dict[str, Any]] = {
    Kind.INDICATORS: {"direction": "increase", "kind": "level", "model": "linear"},
    Kind.OBSERVATIONS: {"provisional": False},
    Kind.MILESTONES: {"status": "planned"},
}


def _v2_to_v3(tables: Tables) -> Tables:
    for kind in Kind:
        table = tables.get(kind)
        if not table:
            continue
        defaults = _V3_DEFAULTS.get(kind, {})
        for key, doc in table.items():
            if isinstance(doc, dict):  # anything else is the doctor's to report, as it stands
                table[key] = {
                    name: value
                    for name, value in doc.items()
                    if value is not None and value != [] and not (name in defaults and value == defaults[name])
                }
    return tables


# MIGRATIONS[n] lifts version n to n + 1. Append one function per new schema version; never edit old ones.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
}


# What each step changes, as `pohang migrate --dry-run` tells it.
STEPS: dict[int, str] = {
    0: N_(
        "dates at the precision given (`2023-07`), observation ids `INDICATOR:<date>`, milestones keep their "
        "original due date"
    ),
    1: N_("observations keep the date their value was reported and the values later reports revised"),
    2: N_("fields that are empty or at their default are left out of the file (a quarter of its size)"),
}


def describe(version: int) -> list[str]:
    """One line per step that lifts a file of schema `version` to the current one."""
    lines = []
    for step in range(version, current_version()):
        line = _("schema version {step} → {next_version}").format(step=step, next_version=step + 1)
        lines.append(f"{line}: {translated(STEPS[step])}" if step in STEPS else line)
    return lines


def current_version() -> int:
    """The schema version this pohang writes."""
    return max(MIGRATIONS) + 1


def migrate(tables: Tables, version: int, path: Path) -> Tables:
    """The tables of a file of schema `version`, lifted to the current version in memory.

    Raises:
        DatabaseCorruptError: a record does not fit the layout of its version; the file is untouched.
    """
    for step in range(version, current_version()):
        try:
            tables = MIGRATIONS[step](tables)
        except (MigrationError, InputError, KeyError, TypeError, AttributeError) as exc:
            raise DatabaseCorruptError(
                _(
                    "{path} cannot be upgraded from schema version {step} to {next_version} ({exc}); the file was "
                    "left untouched"
                ).format(path=path, step=step, next_version=step + 1, exc=exc)
            ) from None
        meta = next(iter(tables.setdefault(META_TABLE, {"1": {}}).values()))
        meta["schema_version"] = step + 1
    return tables
