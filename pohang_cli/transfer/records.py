"""Records of raw documents: each field read, converted and checked on its own, every problem noted.

References between records (a sector, an indicator, a superseded target) are checked later, against the
database and the rest of the file, in importing.py.
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
from pohang_cli.limits import LARGEST_NUMBER, SMALLEST_NUMBER
from pohang_cli.models import (
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    ObservationRevision,
    Record,
    Sector,
    Target,
    TargetRevision,
)
from pohang_cli.quantities import ParsedValue, parse_value
from pohang_cli.service import normalize_text
from pohang_cli.service.validate import SLUG_PATTERN, check_unit
from pohang_cli.statuses import parse_milestone_status
from pohang_cli.transfer.columns import OBSERVATION_REVISION_FIELDS, REVISION_FIELDS
from pohang_cli.transfer.formats import MAX_INTEGER
from pohang_cli.transfer.parsed import RawRecord

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
        value = self._get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, _("expected text, got {value!r}").format(value=value))
            return None
        cleaned = self.context.texts.get(value)
        if cleaned is None:
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
        value = self._get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, _('expected a date as text such as "2024-06", got {value!r}').format(value=value))
            return None
        cached = self.context.dates.get(value)
        if cached is not None:
            return cached
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
        value = self._get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
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
            ),
        )

    def _revisions(
        self, name: str, fields: tuple[str, ...], build: Callable[[Fields], RevisionT]
    ) -> tuple[RevisionT, ...]:
        """Target and observation revisions alike: each object read by `build`, its problems reported by number."""
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


# ---------------------------------------------------------------------------------------------------
# Records of raw documents (each field on its own; references are checked later)


@dataclass(slots=True)
class Staged:
    """A converted record, with what the later checks need to know about its raw form."""

    raw: RawRecord
    record: Record
    unit: str | None = None  # the unit word typed with the value, checked against the indicator's unit


def _sector(f: Fields) -> Sector:
    sector_id = f.key("id")
    if sector_id and not SLUG_PATTERN.fullmatch(sector_id):
        f.fail(
            "id",
            _("invalid sector id '{sector_id}': use lower-case letters, digits and hyphens").format(
                sector_id=sector_id
            ),
        )
    return Sector(
        id=sector_id,
        name_ko=f.required_text("name_ko"),
        name_en=f.required_text("name_en"),
        order=_order(f),
        source=f.text("source"),
        note=f.text("note"),
    )


def _indicator(f: Fields) -> Indicator:
    baseline, baseline_unit = f.optional_number("baseline")
    # Kept as written: an import restores an export byte for byte. Values typed with a unit word (`1,200명`)
    # are checked against it in either spelling (check_unit compares stored units).
    unit = f.required_text("unit")
    if baseline is not None:  # the value rules of `add-indicator --baseline`: the unit word, the magnitude
        try:
            baseline = check_unit(ParsedValue(baseline, baseline_unit), unit, "the baseline")
        except InputError as error:
            f.fail("baseline", str(error))
    return Indicator(
        id=f.key("id"),
        sector=f.required_text("sector"),
        name_ko=f.required_text("name_ko"),
        name_en=f.required_text("name_en"),
        unit=unit,
        baseline=baseline,
        baseline_date=f.date("baseline_date"),
        direction=f.choice("direction", Direction, Direction.INCREASE),
        kind=f.choice("kind", IndicatorKind, IndicatorKind.LEVEL),
        model=f.choice("model", Model, Model.LINEAR),
        basis=f.text("basis"),
        source=f.text("source"),
        note=f.text("note"),
    )


def _target(f: Fields) -> Target:
    value, f.value_unit = f.number("value")
    return Target(
        id=f.text("id") or "",  # derived from the other fields; a given one must agree
        indicator=f.key("indicator"),
        value=value,
        deadline=f.required_date("deadline"),
        source=f.text("source"),
        note=f.text("note"),
        revisions=f.revisions("revisions"),
        supersedes=_lower(f.text("supersedes")),
        superseded_by=_lower(f.text("superseded_by")),
    )


def _observation(f: Fields) -> Observation:
    value, f.value_unit = f.number("value")
    indicator, when = f.key("indicator"), f.required_date("date")
    return Observation(
        id=f.text("id") or "",  # INDICATOR:DATE once the indicator is known (it may be named); a given id must agree
        indicator=indicator,
        date=when,
        value=value,
        source=f.text("source"),
        note=f.text("note"),
        provisional=f.boolean("provisional"),
        reported=f.date("reported"),
        revisions=f.observation_revisions("revisions"),
    )


def _order(f: Fields) -> int:
    order = f.integer("order")
    if order is not None and not SMALLEST_NUMBER <= order <= LARGEST_NUMBER:
        f.fail(
            "order",
            _("a sector's order runs from {smallest} to {largest}, not {order}").format(
                smallest=SMALLEST_NUMBER, largest=LARGEST_NUMBER, order=order
            ),
        )
        return 0
    return order or 0


def _milestone(f: Fields) -> Milestone:
    milestone_id = f.integer("id")
    if milestone_id is not None and milestone_id < 1:
        f.fail("id", _("milestone ids are positive integers, not {milestone_id}").format(milestone_id=milestone_id))
    elif milestone_id is not None and milestone_id > LARGEST_NUMBER:
        f.fail(
            "id",
            _("milestone ids run from 1 to {largest}, not {milestone_id}").format(
                largest=LARGEST_NUMBER, milestone_id=milestone_id
            ),
        )
        milestone_id = None
    return Milestone(
        id=milestone_id or 0,  # 0: a new milestone, numbered when the import is planned
        sector=f.required_text("sector"),
        title=f.required_text("title"),
        status=f.milestone_status("status"),
        title_en=f.text("title_en"),
        date=f.date("date"),
        due=f.date("due"),
        original_due=f.date("original_due"),
        source=f.text("source"),
        note=f.text("note"),
    )


def _lower(text: str | None) -> str | None:
    return None if text is None else text.casefold()


BUILDERS: dict[Kind, Callable[[Fields], Record]] = {
    Kind.SECTORS: _sector,
    Kind.INDICATORS: _indicator,
    Kind.TARGETS: _target,
    Kind.OBSERVATIONS: _observation,
    Kind.MILESTONES: _milestone,
}
