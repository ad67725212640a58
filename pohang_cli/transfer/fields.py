"""The fields of one raw document: each read, converted and checked on its own, every problem noted by name.

A builder of records.py asks `Fields` for each field of its kind; what cannot be read becomes a problem of
that field, and the record is still built, so one pass names every problem of a row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

import orjson

from pohang_cli.dates import PartialDate, parse_date
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import (
    MilestoneStatus,
    ObservationRevision,
    TargetRevision,
    TargetStatus,
)
from pohang_cli.quantities import ParsedValue, parse_value
from pohang_cli.service import normalize_text
from pohang_cli.statuses import parse_assessed_status, parse_milestone_status
from pohang_cli.transfer.columns import OBSERVATION_REVISION_FIELDS, REVISION_FIELDS
from pohang_cli.transfer.formats import MAX_INTEGER

# ---------------------------------------------------------------------------------------------------
# Fields

E = TypeVar("E", bound=StrEnum)
RevisionT = TypeVar("RevisionT", ObservationRevision, TargetRevision)

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


@dataclass(slots=True)
class Context:
    """What the records of one file share: `today`, and the dates and texts already read (files repeat them)."""

    today: date
    dates: dict[str, PartialDate] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


class Fields:
    """Reads the fields of one raw record, noting every problem rather than stopping at the first.

    Required readers return a placeholder after a problem, so a builder reads all fields, then gives up.
    """

    __slots__ = ("cells", "context", "doc", "problems", "value_unit")  # one a row: no dict for each

    def __init__(self, doc: dict[str, Any], cells: bool, context: Context) -> None:
        self.doc = doc
        self.cells = cells
        self.context = context
        self.problems: list[tuple[str, str]] = []
        self.value_unit: str | None = None  # the unit word written in the `value` field, if any

    def fail(self, name: str, reason: str) -> None:
        self.problems.append((name, reason))

    def _get(self, name: str) -> Any:
        value = self.doc.get(name)
        if isinstance(value, str) and not value.strip():
            return None  # an empty cell, or "" in json: not given
        return value

    def text(self, name: str) -> str | None:
        # Read without `_get`: an import reads 500,000 texts, most of them absent or seen before (the cache
        # holds no blank text, so a cached one is given).
        value = self.doc.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, _("expected text, got {value!r}").format(value=value))
            return None
        cleaned = self.context.texts.get(value)
        if cleaned is None:
            if not value.strip():
                return None  # an empty cell, or "" in json: not given
            try:
                cleaned = self.context.texts[value] = normalize_text(value)
            except InputError as error:  # a control character, say: the same rule as the commands'
                self.fail(name, str(error))
                return None
        return cleaned or None

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            if name not in {n for n, _ in self.problems}:
                self.fail(name, _("is missing or empty"))
            return ""
        return value

    def key(self, name: str) -> str:
        """A required reference or id: normalised and case-folded, as the commands compare them."""
        return self.required_text(name).casefold()

    def number(self, name: str) -> tuple[float, str | None]:
        """A required finite number, as a float, and the unit word written with it (value grammar), if any.

        Values are stored as floats, as the commands store them, so an integral value written `14000` in a
        csv cell and `14000.0` in json are the same record; -0 is stored as 0.
        """
        value = self.doc.get(name)
        if value.__class__ is float and math.isfinite(value):
            return value + 0.0, None  # a number in json: most values, read without the checks below
        value = self._get(name)
        if value is None:
            self.fail(name, _("is missing"))
            return 0.0, None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(name, _("expected a number, got {value!r}").format(value=value))
            return 0.0, None
        unit = None
        if isinstance(value, str):
            stripped = value.strip()
            if _DECIMAL.fullmatch(stripped):
                value = float(stripped)
            else:
                try:
                    parsed: ParsedValue = parse_value(stripped)
                except InputError as error:
                    self.fail(name, str(error))
                    return 0.0, None
                value, unit = parsed.value, parsed.unit
        try:
            number = float(value) + 0.0
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.fail(name, _("{value!r} is not a finite number").format(value=value))
            return 0.0, None
        return number, unit

    def optional_number(self, name: str) -> tuple[float | None, str | None]:
        if self._get(name) is None:
            return None, None
        return self.number(name)

    def date(self, name: str) -> PartialDate | None:
        # Read without `_get`, as `text` is: the cache holds no blank text.
        value = self.doc.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, _('expected a date as text such as "2024-06", got {value!r}').format(value=value))
            return None
        cached = self.context.dates.get(value)
        if cached is not None:
            return cached
        if not value.strip():
            return None
        try:
            parsed = parse_date(value, today=self.context.today)
        except InputError as error:
            self.fail(name, str(error))
            return None
        self.context.dates[value] = parsed
        return parsed

    def required_date(self, name: str) -> PartialDate:
        value = self.date(name)
        if value is None:
            if name not in {n for n, _ in self.problems}:
                self.fail(name, _("is missing"))
            return PartialDate.of_year(self.context.today.year)
        return value

    def boolean(self, name: str) -> bool:
        value = self.doc.get(name)
        if isinstance(value, bool):
            return value
        value = self._get(name)
        if value is None:
            return False
        if isinstance(value, str) and self.cells:
            word = value.strip().casefold()
            if word in _TRUE | _FALSE:
                return word in _TRUE
        self.fail(name, _("expected true or false, got {value!r}").format(value=value))
        return False

    def integer(self, name: str) -> int | None:
        value = self._get(name)
        if value is None:
            return None
        if isinstance(value, str) and self.cells and _INTEGER.fullmatch(value.strip()):
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER:
            self.fail(name, _("expected an integer, got {value!r}").format(value=value))
            return None
        return value

    def choice(self, name: str, enum: type[E], default: E) -> E:
        value = self.text(name)
        if value is None:
            return default
        try:
            return enum(value.casefold())
        except ValueError:
            self.fail(
                name,
                _("'{value}' is not one of {choices}").format(
                    value=value, choices=", ".join(member.value for member in enum)
                ),
            )
            return default

    def milestone_status(self, name: str) -> MilestoneStatus:
        """A milestone status as the commands read it: a code or a Korean word (`완료`, `추진 중`)."""
        value = self.text(name)
        if value is None:
            return MilestoneStatus.PLANNED
        try:
            return parse_milestone_status(value)
        except InputError as error:
            self.fail(name, str(error))
            return MilestoneStatus.PLANNED

    def _revision_items(self, name: str, fields: tuple[str, ...]) -> list[tuple[int, Fields]]:
        """The objects of a revisions array (a JSON array in one csv cell), each as Fields to read."""
        value = self._get(name)
        if value is None:
            return []
        if isinstance(value, str) and self.cells:
            try:
                value = orjson.loads(value)
            except orjson.JSONDecodeError as error:
                self.fail(name, _("expected a JSON array of revisions ({msg})").format(msg=error.msg))
                return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(name, _("expected an array of revisions {{{fields}}}").format(fields=", ".join(fields)))
            return []
        items = []
        for number, item in enumerate(value, start=1):
            unknown = [key for key in item if key not in fields]
            if unknown:
                self.fail(
                    name, _("revision {number} has an unknown field '{field}'").format(number=number, field=unknown[0])
                )
                continue
            items.append((number, Fields(item, False, self.context)))
        return items

    def observation_revisions(self, name: str) -> tuple[ObservationRevision, ...]:
        return self._revisions(
            name,
            OBSERVATION_REVISION_FIELDS,
            lambda inner: ObservationRevision(
                value=inner.number("value")[0],
                reported=inner.date("reported"),
                source=inner.text("source"),
                note=inner.text("note"),
                provisional=inner.boolean("provisional"),
                recorded=inner.date("recorded"),
                note_en=inner.text("note_en"),
            ),
        )

    def revisions(self, name: str) -> tuple[TargetRevision, ...]:
        return self._revisions(
            name,
            REVISION_FIELDS,
            lambda inner: TargetRevision(
                value=inner.number("value")[0],
                deadline=inner.required_date("deadline"),
                date=inner.date("date"),
                reason=inner.required_text("reason"),
                source=inner.text("source"),
                note=inner.text("note"),
                reason_en=inner.text("reason_en"),
                note_en=inner.text("note_en"),
            ),
        )

    def assessed_status(self, name: str) -> TargetStatus:
        """A person's status (§8.3) as `assess` reads it: a code or a word (`off_track`, `부진`)."""
        value = self.required_text(name)
        if not value:
            return TargetStatus.ON_TRACK  # a placeholder: the missing field is a problem already
        try:
            return parse_assessed_status(value)
        except InputError as error:
            self.fail(name, str(error))
            return TargetStatus.ON_TRACK

    def sources(self, name: str) -> tuple[str, ...]:
        """One or more source URLs: a JSON array (as `export` writes a cell), or URLs apart by spaces or lines."""
        value = self._get(name)
        if isinstance(value, str) and self.cells:
            text = value.strip()
            if text.startswith("["):
                try:
                    value = orjson.loads(text)
                except orjson.JSONDecodeError as error:
                    self.fail(name, _("expected a JSON array of URLs ({msg})").format(msg=error.msg))
                    return ()
            else:
                value = text.split()
        if value is None or value == []:
            self.fail(name, _("is missing: an assessment needs at least one source URL"))
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(name, _("expected an array of source URLs, got {value!r}").format(value=value))
            return ()
        sources = []
        for item in value:
            cleaned = self.context.texts.get(item)
            if cleaned is None:
                try:
                    cleaned = self.context.texts[item] = normalize_text(item)
                except InputError as error:
                    self.fail(name, str(error))
                    return ()
            sources.append(cleaned)
        return tuple(sources)

    def _revisions(
        self, name: str, fields: tuple[str, ...], build: Callable[[Fields], RevisionT]
    ) -> tuple[RevisionT, ...]:
        """Target and observation revisions alike: each object read by `build`, its problems reported by number."""
        value = self.doc.get(name)
        if value is None or value == []:
            return ()  # most records have none
        revisions = []
        for number, inner in self._revision_items(name, fields):
            revision = build(inner)
            for field_name, reason in inner.problems:
                self.fail(
                    name,
                    _("revision {number}, {field_name}: {reason}").format(
                        number=number, field_name=field_name, reason=reason
                    ),
                )
            revisions.append(revision)
        return tuple(revisions)
