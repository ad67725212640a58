"""Records of raw documents, one builder per kind over the fields read by fields.py, every problem noted.

References between records (a sector, an indicator, a superseded target) are checked later, against the
database and the rest of the file, in importing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.limits import LARGEST_NUMBER, SMALLEST_NUMBER
from pohang_cli.models import (
    DEFAULT_LAG_MONTHS,
    Assessment,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    Model,
    Observation,
    Record,
    Sector,
    Target,
)
from pohang_cli.quantities import ParsedValue
from pohang_cli.service.validate import SLUG_PATTERN, check_lag_months, check_unit
from pohang_cli.transfer.fields import Fields
from pohang_cli.transfer.parsed import RawRecord

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
        note_en=f.text("note_en"),
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
        frequency=f.choice("frequency", Frequency, Frequency.ANNUAL),
        lag_months=_lag_months(f),
        owner=f.text("owner"),
        basis_en=f.text("basis_en"),
        note_en=f.text("note_en"),
    )


def _lag_months(f: Fields) -> int:
    lag = f.integer("lag_months")
    if lag is None:
        return DEFAULT_LAG_MONTHS
    try:
        return check_lag_months(lag)
    except InputError as error:
        f.fail("lag_months", str(error))
        return DEFAULT_LAG_MONTHS


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
        note_en=f.text("note_en"),
        adopted=f.date("adopted"),
    )


def _observation(f: Fields) -> Observation:
    value, f.value_unit = f.number("value")
    indicator, when = f.key("indicator"), f.required_date("date")
    # A field a row gives as null or leaves out (in most rows the reported and recorded dates and the English
    # note) is not read: its reader would give None, and an import reads 100,000 rows.
    given = f.doc.get
    return Observation(
        id=f.text("id") or "",  # INDICATOR:DATE once the indicator is known (it may be named); a given id must agree
        indicator=indicator,
        date=when,
        value=value,
        source=f.text("source"),
        note=f.text("note"),
        provisional=f.boolean("provisional"),
        reported=None if given("reported") is None else f.date("reported"),
        revisions=f.observation_revisions("revisions"),
        recorded=None if given("recorded") is None else f.date("recorded"),
        note_en=None if given("note_en") is None else f.text("note_en"),
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
        note_en=f.text("note_en"),
    )


def _assessment(f: Fields) -> Assessment:
    return Assessment(
        target=f.key("id"),  # the target's id; checked against the database and the file when planned
        status=f.assessed_status("status"),
        basis=f.required_text("basis"),
        sources=f.sources("sources"),
        date=f.required_date("date"),
        basis_en=f.text("basis_en"),
    )


def _lower(text: str | None) -> str | None:
    return None if text is None else text.casefold()


BUILDERS: dict[Kind, Callable[[Fields], Record]] = {
    Kind.SECTORS: _sector,
    Kind.INDICATORS: _indicator,
    Kind.TARGETS: _target,
    Kind.OBSERVATIONS: _observation,
    Kind.MILESTONES: _milestone,
    Kind.ASSESSMENTS: _assessment,
}
