"""The doctor's checks of one record at a time: one small function per problem, in the order they are listed.

Each check takes a record's kind and document and yields `(code, sentence)` for every instance of its
problem; `RECORD_CHECKS` says which kinds each one applies to. A check looks only at documents whose id
is valid (`valid_documents`): the others are reported once, by their document key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any

from pohang_cli.doctor.problem import Document, Problem, date_problem, is_number, label
from pohang_cli.i18n import _
from pohang_cli.models import Direction, IndicatorKind, Kind, MilestoneStatus, Model
from pohang_cli.text import is_stored_form

Finding = tuple[str, str]
"""A problem of the record being checked: its code and its sentence."""

RecordCheck = Callable[[Kind, Document], Iterator[Finding]]

# Per kind: required text fields, optional text fields, date fields (required, optional), enum fields.
_REQUIRED_TEXT = {
    Kind.SECTORS: ("name_ko", "name_en"),
    Kind.INDICATORS: ("sector", "name_ko", "name_en", "unit"),
    Kind.TARGETS: ("indicator",),
    Kind.OBSERVATIONS: ("indicator",),
    Kind.MILESTONES: ("sector", "title"),
}
_OPTIONAL_TEXT = {
    Kind.SECTORS: ("source", "note"),
    Kind.INDICATORS: ("basis", "source", "note"),
    Kind.TARGETS: ("source", "note", "supersedes", "superseded_by"),
    Kind.OBSERVATIONS: ("source", "note", "basis"),
    Kind.MILESTONES: ("title_en", "source", "note"),
}
_REQUIRED_DATES = {
    Kind.TARGETS: ("deadline",),
    Kind.OBSERVATIONS: ("date",),
}
_OPTIONAL_DATES = {
    Kind.INDICATORS: ("baseline_date",),
    Kind.MILESTONES: ("date", "due", "original_due"),
}
_ENUMS: dict[Kind, tuple[tuple[str, Any], ...]] = {
    Kind.INDICATORS: (("direction", Direction), ("kind", IndicatorKind), ("model", Model)),
    Kind.MILESTONES: (("status", MilestoneStatus),),
}


def valid_documents(kind: Kind, table: Mapping[str, Any]) -> Generator[Problem, None, dict[Any, Document]]:
    """Problems of the documents' ids; returns (as the generator's value) the documents by id."""
    by_id: dict[Any, Document] = {}
    counts: Counter[Any] = Counter()
    for doc_key, doc in table.items():
        where = f"(document {doc_key})"
        if not isinstance(doc, dict):
            yield Problem(
                label(kind),
                where,
                "not-an-object",
                _("document {doc_key} is not a JSON object").format(doc_key=doc_key),
            )
            continue
        record_id = doc.get("id")
        if kind is Kind.MILESTONES:
            valid = isinstance(record_id, int) and not isinstance(record_id, bool) and record_id > 0
            expected = _("a positive integer")
        else:
            valid = isinstance(record_id, str) and record_id != ""
            expected = _("a non-empty string")
        if not valid:
            yield Problem(
                label(kind),
                where,
                "bad-id",
                _("document {doc_key} has id {record_id!r}, not {expected}").format(
                    doc_key=doc_key, record_id=record_id, expected=expected
                ),
            )
            continue
        counts[record_id] += 1
        by_id.setdefault(record_id, doc)
    for record_id, count in counts.items():
        if count > 1:
            yield Problem(
                label(kind),
                str(record_id),
                "duplicate-id",
                _("{count} records share this id; a write would keep only one of them").format(count=count),
            )
    return by_id


def required_text(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A field every record of its kind needs is missing, empty, or not stored text."""
    for name in _REQUIRED_TEXT.get(kind, ()):
        value = doc.get(name)
        if not isinstance(value, str) or not value.strip():
            yield "missing-field", _("{name} is missing or empty").format(name=name)
        elif not is_stored_form(value):
            yield "bad-text", _("{name} holds control characters or is not NFC-normalised").format(name=name)


def optional_text(kind: Kind, doc: Document) -> Iterator[Finding]:
    """An optional text field holds something other than stored text."""
    for name in _OPTIONAL_TEXT.get(kind, ()):
        value = doc.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            yield "bad-text", _("{name} is {value!r}, not text").format(name=name, value=value)
        elif not is_stored_form(value):
            yield "bad-text", _("{name} holds control characters or is not NFC-normalised").format(name=name)


def required_dates(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A date every record of its kind needs is missing or in no known form."""
    for name in _REQUIRED_DATES.get(kind, ()):
        reason = date_problem(doc.get(name))
        if reason is not None:
            yield "bad-date", f"{name}: {reason}"


def optional_dates(kind: Kind, doc: Document) -> Iterator[Finding]:
    """An optional date is in no known form."""
    for name in _OPTIONAL_DATES.get(kind, ()):
        if doc.get(name) is not None and (reason := date_problem(doc[name])) is not None:
            yield "bad-date", f"{name}: {reason}"


def enum_values(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A field with a closed list of values holds another."""
    for name, enum in _ENUMS.get(kind, ()):
        value = doc.get(name)
        if value is not None and value not in {member.value for member in enum}:
            choices = ", ".join(member.value for member in enum)
            yield (
                "bad-value",
                _("{name} is {value!r}, not one of {choices}").format(name=name, value=value, choices=choices),
            )


def sector_order(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A sector's order is not an integer."""
    if not (isinstance(doc.get("order", 0), int) and not isinstance(doc.get("order"), bool)):
        yield "bad-value", _("order is {value!r}, not an integer").format(value=doc.get("order"))


def indicator_baseline(kind: Kind, doc: Document) -> Iterator[Finding]:
    """An indicator's baseline is not a number."""
    baseline = doc.get("baseline")
    if baseline is not None and not is_number(baseline):
        yield "bad-value", _("baseline is {baseline!r}, not a number within ±10^18").format(baseline=baseline)


def compound_model(kind: Kind, doc: Document) -> Iterator[Finding]:
    """The compound model is set on an indicator it cannot judge."""
    baseline = doc.get("baseline")
    positive = isinstance(baseline, int | float) and is_number(baseline) and baseline > 0
    if doc.get("model") == Model.COMPOUND.value and (
        doc.get("kind", "level") != IndicatorKind.LEVEL.value or not positive
    ):
        yield "bad-model", _("the compound model needs a level indicator with a baseline above zero")


def value_number(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A target's or an observation's value is not a number."""
    if not is_number(doc.get("value")):
        yield "bad-value", _("value is {value!r}, not a number within ±10^18").format(value=doc.get("value"))


def target_source(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A target has no source."""
    if not doc.get("source"):
        yield "no-source", _("the target has no source: add one with `pohang revise-target ... --source URL`")


def target_revisions(kind: Kind, doc: Document) -> Iterator[Finding]:
    """A revision of a target is not one: not an object, or without a value, deadline, date or reason."""
    revisions = doc.get("revisions", [])
    if not isinstance(revisions, list):
        yield "bad-value", _("revisions is {revisions!r}, not a list").format(revisions=revisions)
        return
    for number, revision in enumerate(revisions, start=1):
        if not isinstance(revision, dict):
            yield "bad-value", _("revision {number} is not a JSON object").format(number=number)
            continue
        if not is_number(revision.get("value")):
            value = revision.get("value")
            yield (
                "bad-value",
                _("revision {number}: value is {value!r}, not a number within ±10^18").format(
                    number=number, value=value
                ),
            )
        if (reason := date_problem(revision.get("deadline"))) is not None:
            yield "bad-date", _("revision {number}: deadline: {reason}").format(number=number, reason=reason)
        if revision.get("date") is not None and (reason := date_problem(revision["date"])) is not None:
            yield "bad-date", _("revision {number}: date: {reason}").format(number=number, reason=reason)
        if not isinstance(revision.get("reason"), str) or not revision["reason"].strip():
            yield "missing-field", _("revision {number}: reason is missing or empty").format(number=number)


def provisional_flag(kind: Kind, doc: Document) -> Iterator[Finding]:
    """An observation's provisional flag is not true or false."""
    if not isinstance(doc.get("provisional", False), bool):
        yield "bad-value", _("provisional is {value!r}, not true or false").format(value=doc.get("provisional"))


_EVERY_KIND = frozenset(Kind)

RECORD_CHECKS: tuple[tuple[frozenset[Kind], RecordCheck], ...] = (
    (_EVERY_KIND, required_text),
    (_EVERY_KIND, optional_text),
    (_EVERY_KIND, required_dates),
    (_EVERY_KIND, optional_dates),
    (_EVERY_KIND, enum_values),
    (frozenset({Kind.SECTORS}), sector_order),
    (frozenset({Kind.INDICATORS}), indicator_baseline),
    (frozenset({Kind.INDICATORS}), compound_model),
    (frozenset({Kind.TARGETS}), value_number),
    (frozenset({Kind.TARGETS}), target_source),
    (frozenset({Kind.TARGETS}), target_revisions),
    (frozenset({Kind.OBSERVATIONS}), value_number),
    (frozenset({Kind.OBSERVATIONS}), provisional_flag),
)
"""Every check of one record, with the kinds it applies to, in the order a record's problems are listed."""


def record_problems(kind: Kind, docs: Mapping[Any, Document]) -> Iterator[Problem]:
    """Every problem of each record of one kind, record by record, check by check."""
    kind_label = label(kind)
    checks = [check for kinds, check in RECORD_CHECKS if kind in kinds]
    for record_id, doc in docs.items():
        for check in checks:
            for code, sentence in check(kind, doc):
                yield Problem(kind_label, str(record_id), code, sentence)
