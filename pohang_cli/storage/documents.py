"""Stored documents <-> records: the layout of each kind of record, and the versions of the file and the records.

A record's document (`record_to_doc`) has every field, null where empty: it is what `export` writes, the
audit log keeps and PostgreSQL's rows hold. The database file stores it packed (`pack`): without the fields
that hold nothing or their default, which reading puts back. At 100,000 observations that is a quarter of
the file's bytes, and the time to read and write them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pohang_cli.dates import MAX_YEAR, MIN_YEAR, RANK_SHIFT, PartialDate, parse_iso
from pohang_cli.models import (
    DEFAULT_LAG_MONTHS,
    AssessedStatus,
    Assessment,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    ObservationRevision,
    Sector,
    Target,
    TargetRevision,
    TargetStatus,
)

SCHEMA_VERSION = 3
"""The layout of the database file (migrations.py tells the versions apart)."""
RECORDS_VERSION = 3
"""The fields of the records, as `export` writes them and PostgreSQL's schema holds them.

File version 3 changed only how the file stores the same records (packed documents). Records version 3 adds
the fields of methodology §8 (indicators' `frequency`, `lag_months`, `owner`, `basis_en`; `note_en` on every
record; targets' `adopted`; observations' and vintages' `recorded`; revisions' `reason_en`) and the
assessments. The file keeps its layout version 3: each new field is a key a packed document leaves out when
empty or at its default, and the assessments a table the file holds only when there are some, so a file
without them is the same bytes as before.
"""
META_TABLE = "_meta"

Document = dict[str, Any]


@lru_cache(maxsize=8192)
def stored_date(text: str) -> PartialDate:
    """A date as the file stores it (ISO at its precision), parsed."""
    # A large database repeats a few thousand distinct dates 100,000 times: parse each once.
    return parse_iso(text)


def date_rank(text: str) -> int:
    """The rank (`PartialDate.rank`) of a stored date; a day or a month without making its PartialDate.

    `status` ranks the dates of 100,000 observations, a few thousand of them distinct: parsing each into a
    PartialDate cost a tenth of the command, this a tenth of that. Any other form, or anything that is not
    a date, goes through `parse_iso`, which raises as it does for every stored date.
    """
    if text.isascii() and text[4:5] == "-":
        try:
            if len(text) == 10:  # 2023-07-20
                day = dt.date.fromisoformat(text)
                if MIN_YEAR <= day.year <= MAX_YEAR and day.isoformat() == text:
                    ordinal = day.toordinal()
                    return ordinal << RANK_SHIFT | ordinal
            elif len(text) == 7 and text[:4].isdigit() and text[5:].isdigit():  # 2023-07
                year, month = int(text[:4]), int(text[5:])
                if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
                    first = dt.date(year, month, 1)
                    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
                    return last.toordinal() << RANK_SHIFT | first.toordinal()
        except ValueError:
            pass
    return stored_date(text).rank()


def _opt_date(text: str | None) -> PartialDate | None:
    return None if text is None else stored_date(text)


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
        note_en=doc.get("note_en"),
    )


def sector_to_doc(sector: Sector) -> Document:
    return {
        "id": sector.id,
        "name_ko": sector.name_ko,
        "name_en": sector.name_en,
        "order": sector.order,
        "source": sector.source,
        "note": sector.note,
        "note_en": sector.note_en,
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
        frequency=Frequency(doc.get("frequency", "annual")),
        lag_months=doc.get("lag_months", DEFAULT_LAG_MONTHS),
        owner=doc.get("owner"),
        basis_en=doc.get("basis_en"),
        note_en=doc.get("note_en"),
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
        "frequency": indicator.frequency.value,
        "lag_months": indicator.lag_months,
        "owner": indicator.owner,
        "basis_en": indicator.basis_en,
        "note_en": indicator.note_en,
    }


def _revision_from_doc(doc: Document) -> TargetRevision:
    return TargetRevision(
        value=doc["value"],
        deadline=stored_date(doc["deadline"]),
        date=_opt_date(doc.get("date")),
        reason=doc["reason"],
        source=doc.get("source"),
        note=doc.get("note"),
        reason_en=doc.get("reason_en"),
        note_en=doc.get("note_en"),
    )


def _revision_to_doc(revision: TargetRevision) -> Document:
    doc = {
        "value": revision.value,
        "deadline": revision.deadline.iso(),
        "date": _iso(revision.date),
        "reason": revision.reason,
        "source": revision.source,
        "note": revision.note,
    }
    return _with_set(doc, reason_en=revision.reason_en, note_en=revision.note_en)


def _with_set(doc: Document, **later: Any) -> Document:
    """A revision's document with the fields of records version 3 that are set.

    Revisions are not packed (pack), so these join only when they hold something: a revision stored before
    them keeps its bytes in the file, the log and PostgreSQL's json.
    """
    doc.update((name, value) for name, value in later.items() if value is not None)
    return doc


def target_from_doc(doc: Document) -> Target:
    return Target(
        id=doc["id"],
        indicator=doc["indicator"],
        value=doc["value"],
        deadline=stored_date(doc["deadline"]),
        source=doc.get("source"),
        note=doc.get("note"),
        revisions=tuple(_revision_from_doc(r) for r in doc.get("revisions", ())),
        supersedes=doc.get("supersedes"),
        superseded_by=doc.get("superseded_by"),
        note_en=doc.get("note_en"),
        adopted=_opt_date(doc.get("adopted")),
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
        "note_en": target.note_en,
        "adopted": _iso(target.adopted),
    }


def observation_revision_from_doc(doc: Document) -> ObservationRevision:
    """An earlier vintage of an observation, from its stored document."""
    return ObservationRevision(
        value=doc["value"],
        reported=_opt_date(doc.get("reported")),
        source=doc.get("source"),
        note=doc.get("note"),
        provisional=doc.get("provisional", False),
        recorded=_opt_date(doc.get("recorded")),
        note_en=doc.get("note_en"),
    )


def _observation_revision_to_doc(revision: ObservationRevision) -> Document:
    doc = {
        "value": revision.value,
        "reported": _iso(revision.reported),
        "source": revision.source,
        "note": revision.note,
        "provisional": revision.provisional,
    }
    return _with_set(doc, recorded=_iso(revision.recorded), note_en=revision.note_en)


def observation_from_doc(doc: Document) -> Observation:
    # Positional: a database holds 100,000 of these, and keywords cost a third more per record.
    get = doc.get
    reported, revisions, recorded = get("reported"), get("revisions"), get("recorded")
    return Observation(
        doc["id"],
        doc["indicator"],
        stored_date(doc["date"]),
        doc["value"],
        get("source"),
        get("note"),
        get("provisional", False),
        None if reported is None else stored_date(reported),
        tuple(observation_revision_from_doc(r) for r in revisions) if revisions else (),
        None if recorded is None else stored_date(recorded),
        get("note_en"),
    )


def observation_to_doc(observation: Observation) -> Document:
    return {
        "id": observation.id,
        "indicator": observation.indicator,
        "date": observation.date.iso(),
        "value": observation.value,
        "source": observation.source,
        "note": observation.note,
        "provisional": observation.provisional,
        "reported": _iso(observation.reported),
        "revisions": [_observation_revision_to_doc(r) for r in observation.revisions],
        "recorded": _iso(observation.recorded),
        "note_en": observation.note_en,
    }


# A dictionary look-up costs a tenth of calling the enum, once per milestone; unknown values still raise.
_MILESTONE_STATUS = {status.value: status for status in MilestoneStatus}


def milestone_from_doc(doc: Document) -> Milestone:
    # Positional, in Milestone's field order, like observations: `milestones` converts all 10,000.
    # The dates inline: a packed document leaves most of them out, and a call each cost a tenth of the rest.
    get = doc.get
    done, due, original_due = get("date"), get("due"), get("original_due")
    return Milestone(
        doc["id"],
        doc["sector"],
        doc["title"],
        _MILESTONE_STATUS.get(get("status", "planned")) or MilestoneStatus(doc["status"]),
        get("title_en"),
        None if done is None else stored_date(done),
        None if due is None else stored_date(due),
        None if original_due is None else stored_date(original_due),
        get("source"),
        get("note"),
        get("note_en"),
    )


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
        "note_en": milestone.note_en,
    }


# Statuses a person may give (§8.3): the ladder's `achieved` ... `regressing`; a dictionary, as for milestones.
ASSESSED_STATUSES = {status.value: TargetStatus(status.value) for status in AssessedStatus}


def assessment_from_doc(doc: Document) -> Assessment:
    status = ASSESSED_STATUSES.get(doc["status"])
    if status is None:
        raise ValueError(f"{doc['status']!r} is not a status an assessment may give")
    sources = doc["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise ValueError("an assessment's sources are a list of one or more URLs")
    return Assessment(
        target=doc["id"],
        status=status,
        basis=doc["basis"],
        sources=tuple(sources),
        date=stored_date(doc["date"]),
        basis_en=doc.get("basis_en"),
    )


def assessment_to_doc(assessment: Assessment) -> Document:
    # Keyed `id` like every record (the target's id): the file, PostgreSQL and the log find records by it.
    return {
        "id": assessment.target,
        "status": assessment.status.value,
        "basis": assessment.basis,
        "sources": list(assessment.sources),
        "date": assessment.date.iso(),
        "basis_en": assessment.basis_en,
    }


CODECS: dict[Kind, tuple[Callable[[Document], Any], Callable[[Any], Document]]] = {
    Kind.SECTORS: (sector_from_doc, sector_to_doc),
    Kind.INDICATORS: (indicator_from_doc, indicator_to_doc),
    Kind.TARGETS: (target_from_doc, target_to_doc),
    Kind.OBSERVATIONS: (observation_from_doc, observation_to_doc),
    Kind.MILESTONES: (milestone_from_doc, milestone_to_doc),
    Kind.ASSESSMENTS: (assessment_from_doc, assessment_to_doc),
}


def record_to_doc(kind: Kind, record: Any) -> Document:
    """The stored document of a record of the given kind."""
    return CODECS[kind][1](record)


def record_from_doc(kind: Kind, doc: Document) -> Any:
    """The record of a stored document of the given kind; raises KeyError/ValueError when malformed."""
    return CODECS[kind][0](doc)


# The values a packed document leaves out besides null and []: each is what reading the field defaults to.
_DEFAULTS: dict[Kind, dict[str, Any]] = {
    Kind.SECTORS: {},
    Kind.INDICATORS: {
        "direction": "increase",
        "kind": "level",
        "model": "linear",
        "frequency": "annual",
        "lag_months": DEFAULT_LAG_MONTHS,
    },
    Kind.TARGETS: {},
    Kind.OBSERVATIONS: {"provisional": False},
    Kind.MILESTONES: {"status": "planned"},
    Kind.ASSESSMENTS: {},
}


# Tables that came after the file's layout version 3: left out while empty, so a file that holds none of
# their records keeps its bytes (and its layout) whichever pohang wrote it.
_LATER_TABLES = (Kind.ASSESSMENTS.value,)


def without_empty_later_tables(tables: dict[str, Any]) -> dict[str, Any]:
    """The file's tables without the empty ones that came after its layout (`_LATER_TABLES`)."""
    for name in _LATER_TABLES:
        if not tables.get(name):
            tables.pop(name, None)
    return tables


def pack(kind: Kind, doc: Document) -> Document:
    """The document as the file stores it: without the fields that are null, empty or at their default.

    Reading a packed document gives the same record (each reader's `doc.get(name, default)`), and the
    record's document is whole again (`unpack`). Only the top level is packed: revisions are few.
    """
    # `is not None`, not truthiness: a value of 0 or an empty text is a value.
    packed = {name: value for name, value in doc.items() if value is not None and value != []}
    # The few fields with a default are looked at after: once per field, not once per field of the document.
    for name, default in _DEFAULTS[kind].items():
        if name in packed and packed[name] == default:
            del packed[name]
    return packed


def unpack(kind: Kind, doc: Document) -> Document:
    """The whole document (every field, as `record_to_doc` writes it) of a packed one; as it is when malformed."""
    try:
        return CODECS[kind][1](CODECS[kind][0](doc))
    except (KeyError, TypeError, ValueError, AttributeError):
        return doc


def unpack_sorted(kind: Kind) -> Callable[[Document], Document]:
    """`unpack` for one kind, with the fields in alphabetical order, as the file's whole documents had them."""

    def whole(doc: Document) -> Document:
        return dict(sorted(unpack(kind, doc).items()))

    return whole
