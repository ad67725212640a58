"""Stored documents <-> records: the layout of each kind of record in the database file, and its version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache
from typing import Any

from pohang_cli.dates import PartialDate, parse_iso
from pohang_cli.models import (
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Sector,
    Target,
    TargetRevision,
)

SCHEMA_VERSION = 1
META_TABLE = "_meta"

Document = dict[str, Any]


@lru_cache(maxsize=8192)
def _date(text: str) -> PartialDate:
    # A large database repeats a few thousand distinct dates 100,000 times: parse each once.
    return parse_iso(text)


def _opt_date(text: str | None) -> PartialDate | None:
    return None if text is None else _date(text)


def _iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def sector_from_doc(doc: Document) -> Sector:
    return Sector(
        id=doc["id"],
        name_ko=doc["name_ko"],
        name_en=doc["name_en"],
        order=doc.get("order", 0),
        source=doc.get("source"),
        note=doc.get("note"),
    )


def sector_to_doc(sector: Sector) -> Document:
    return {
        "id": sector.id,
        "name_ko": sector.name_ko,
        "name_en": sector.name_en,
        "order": sector.order,
        "source": sector.source,
        "note": sector.note,
    }


def indicator_from_doc(doc: Document) -> Indicator:
    return Indicator(
        id=doc["id"],
        sector=doc["sector"],
        name_ko=doc["name_ko"],
        name_en=doc["name_en"],
        unit=doc["unit"],
        baseline=doc.get("baseline"),
        baseline_date=_opt_date(doc.get("baseline_date")),
        direction=Direction(doc.get("direction", "increase")),
        kind=IndicatorKind(doc.get("kind", "level")),
        model=Model(doc.get("model", "linear")),
        basis=doc.get("basis"),
        source=doc.get("source"),
        note=doc.get("note"),
    )


def indicator_to_doc(indicator: Indicator) -> Document:
    return {
        "id": indicator.id,
        "sector": indicator.sector,
        "name_ko": indicator.name_ko,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "baseline_date": _iso(indicator.baseline_date),
        "direction": indicator.direction.value,
        "kind": indicator.kind.value,
        "model": indicator.model.value,
        "basis": indicator.basis,
        "source": indicator.source,
        "note": indicator.note,
    }


def _revision_from_doc(doc: Document) -> TargetRevision:
    return TargetRevision(
        value=doc["value"],
        deadline=_date(doc["deadline"]),
        date=_opt_date(doc.get("date")),
        reason=doc["reason"],
        source=doc.get("source"),
        note=doc.get("note"),
    )


def _revision_to_doc(revision: TargetRevision) -> Document:
    return {
        "value": revision.value,
        "deadline": revision.deadline.iso(),
        "date": _iso(revision.date),
        "reason": revision.reason,
        "source": revision.source,
        "note": revision.note,
    }


def target_from_doc(doc: Document) -> Target:
    return Target(
        id=doc["id"],
        indicator=doc["indicator"],
        value=doc["value"],
        deadline=_date(doc["deadline"]),
        source=doc.get("source"),
        note=doc.get("note"),
        revisions=tuple(_revision_from_doc(r) for r in doc.get("revisions", ())),
        supersedes=doc.get("supersedes"),
        superseded_by=doc.get("superseded_by"),
    )


def target_to_doc(target: Target) -> Document:
    return {
        "id": target.id,
        "indicator": target.indicator,
        "value": target.value,
        "deadline": target.deadline.iso(),
        "source": target.source,
        "note": target.note,
        "revisions": [_revision_to_doc(r) for r in target.revisions],
        "supersedes": target.supersedes,
        "superseded_by": target.superseded_by,
    }


def _observation_by_constructor(doc: Document) -> Observation:
    # Positional: a database holds 100,000 of these, and keywords cost a third more per record.
    get = doc.get
    return Observation(
        doc["id"],
        doc["indicator"],
        _date(doc["date"]),
        doc["value"],
        get("source"),
        get("note"),
        get("provisional", False),
    )


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The setters of the slots of a frozen dataclass whose fields are exactly `names`, else ().

    A large status reads 100,000 observations and `milestones` lists 10,000 milestones, and a frozen
    dataclass's __init__ stores each field through object.__setattr__: storing straight into the slots makes
    the same object in two thirds of the time (tests/test_fast_paths.py compares the two). Only while the
    class is a slotted dataclass of exactly these fields, in this order, without __post_init__; otherwise
    the readers use the constructor.
    """
    if (
        getattr(cls, "__slots__", None) == names
        and tuple(f.name for f in fields(cls)) == names
        and not hasattr(cls, "__post_init__")
    ):
        return tuple(getattr(cls, name).__set__ for name in names)
    return ()


_OBSERVATION_SLOTS = _slot_setters(Observation, ("id", "indicator", "date", "value", "source", "note", "provisional"))


def _observation_into_slots(doc: Document) -> Observation:
    set_id, set_indicator, set_date, set_value, set_source, set_note, set_provisional = _OBSERVATION_SLOTS
    get = doc.get
    observation: Observation = object.__new__(Observation)
    set_id(observation, doc["id"])
    set_indicator(observation, doc["indicator"])
    set_date(observation, _date(doc["date"]))
    set_value(observation, doc["value"])
    set_source(observation, get("source"))
    set_note(observation, get("note"))
    set_provisional(observation, get("provisional", False))
    return observation


observation_from_doc = _observation_into_slots if _OBSERVATION_SLOTS else _observation_by_constructor


def observation_to_doc(observation: Observation) -> Document:
    return {
        "id": observation.id,
        "indicator": observation.indicator,
        "date": observation.date.iso(),
        "value": observation.value,
        "source": observation.source,
        "note": observation.note,
        "provisional": observation.provisional,
    }


# A dictionary look-up costs a tenth of calling the enum, once per milestone; unknown values still raise.
_MILESTONE_STATUS = {status.value: status for status in MilestoneStatus}


def _milestone_by_constructor(doc: Document) -> Milestone:
    # Positional, in Milestone's field order, like observations: `milestones` converts all 10,000.
    get = doc.get
    return Milestone(
        doc["id"],
        doc["sector"],
        doc["title"],
        _MILESTONE_STATUS.get(get("status", "planned")) or MilestoneStatus(doc["status"]),
        get("title_en"),
        _opt_date(get("date")),
        _opt_date(get("due")),
        _opt_date(get("original_due")),
        get("source"),
        get("note"),
    )


_MILESTONE_SLOTS = _slot_setters(
    Milestone, ("id", "sector", "title", "status", "title_en", "date", "due", "original_due", "source", "note")
)


def _milestone_into_slots(doc: Document) -> Milestone:
    set_id, set_sector, set_title, set_status, set_title_en, set_date, set_due, set_original, set_source, set_note = (
        _MILESTONE_SLOTS
    )
    get = doc.get
    milestone: Milestone = object.__new__(Milestone)
    set_id(milestone, doc["id"])
    set_sector(milestone, doc["sector"])
    set_title(milestone, doc["title"])
    set_status(milestone, _MILESTONE_STATUS.get(get("status", "planned")) or MilestoneStatus(doc["status"]))
    set_title_en(milestone, get("title_en"))
    set_date(milestone, _opt_date(get("date")))
    set_due(milestone, _opt_date(get("due")))
    set_original(milestone, _opt_date(get("original_due")))
    set_source(milestone, get("source"))
    set_note(milestone, get("note"))
    return milestone


milestone_from_doc = _milestone_into_slots if _MILESTONE_SLOTS else _milestone_by_constructor


def milestone_to_doc(milestone: Milestone) -> Document:
    return {
        "id": milestone.id,
        "sector": milestone.sector,
        "title": milestone.title,
        "title_en": milestone.title_en,
        "status": milestone.status.value,
        "date": _iso(milestone.date),
        "due": _iso(milestone.due),
        "original_due": _iso(milestone.original_due),
        "source": milestone.source,
        "note": milestone.note,
    }


CODECS: dict[Kind, tuple[Callable[[Document], Any], Callable[[Any], Document]]] = {
    Kind.SECTORS: (sector_from_doc, sector_to_doc),
    Kind.INDICATORS: (indicator_from_doc, indicator_to_doc),
    Kind.TARGETS: (target_from_doc, target_to_doc),
    Kind.OBSERVATIONS: (observation_from_doc, observation_to_doc),
    Kind.MILESTONES: (milestone_from_doc, milestone_to_doc),
}


def record_to_doc(kind: Kind, record: Any) -> Document:
    """The stored document of a record of the given kind."""
    return CODECS[kind][1](record)


def record_from_doc(kind: Kind, doc: Document) -> Any:
    """The record of a stored document of the given kind; raises KeyError/ValueError when malformed."""
    return CODECS[kind][0](doc)
