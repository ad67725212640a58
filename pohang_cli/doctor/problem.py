"""What the doctor reports (a problem, a diagnosis), and the small tests of values its checks share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pohang_cli.errors import PohangError
from pohang_cli.i18n import N_, _
from pohang_cli.models import Kind

Document = dict[str, Any]
Tables = Mapping[str, Mapping[str, Any]]
Documents = dict[Kind, dict[Any, Document]]
"""The documents of each kind that have a valid id, by id: what the checks of records look at."""

KNOWN_TABLES = {"_meta", *(kind.value for kind in Kind)}

# The kinds as a sentence names them (the `kind` column keeps the English word).
LABEL_WORDS = {"sector": N_("sector"), "indicator": N_("indicator"), "target": N_("target"),
               "observation": N_("observation"), "milestone": N_("milestone")}  # fmt: skip

_SINGULAR = {
    Kind.SECTORS: "sector",
    Kind.INDICATORS: "indicator",
    Kind.TARGETS: "target",
    Kind.OBSERVATIONS: "observation",
    Kind.MILESTONES: "milestone",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the database: which record, a short code for scripts, and a sentence.

    A `note` (methodology §7: data that count differently from what their writer may think) is listed but
    is no error: the doctor exits 0 when it finds only notes.
    """

    kind: str
    id: str
    code: str
    problem: str
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Every problem found, and how many records were looked at."""

    problems: tuple[Problem, ...]
    records: int
    schema_version: int
    notes: tuple[Problem, ...] = ()


def label(kind: Kind) -> str:
    """The kind of record as the `kind` column names it: singular, in English."""
    return _SINGULAR[kind]


def is_number(value: Any) -> bool:
    """A JSON number a record may hold: not a boolean, and within the magnitude pohang accepts."""
    from pohang_cli.service.validate import MAX_MAGNITUDE

    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= MAX_MAGNITUDE


def date_problem(value: Any) -> str | None:
    """Why `value` is not a stored date, or None when it is one."""
    from pohang_cli.dates import parse_iso

    if not isinstance(value, str):
        return _("{value!r} is not a date").format(value=value)
    try:
        parse_iso(value)
    except PohangError:
        return _("'{value}' is not an ISO date at its precision (2027, 2024-H1, 2026-Q2, 2023-07, 2023-07-20)").format(
            value=value
        )
    return None
