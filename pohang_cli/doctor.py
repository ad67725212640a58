"""`pohang doctor`: every problem of a database file, each with the id of the record that has it.

It works on the raw documents, not on records: a hand-edited or synced file can hold what a record
cannot (a date in no known form, a value that is a string, two documents with one id), and the doctor must
list all of it where the other commands would stop at the first. A file that cannot be read at all (not
JSON, not a pohang database, too new) is not the doctor's: that stays an exit 4 of the read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pohang_cli.errors import PohangError
from pohang_cli.i18n import N_, _, translated
from pohang_cli.models import (
    AssessedStatus,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Kind,
    MilestoneStatus,
    Model,
    Observation,
)
from pohang_cli.text import is_stored_form

if TYPE_CHECKING:
    from datetime import date

    from pohang_cli.storage import Backend

Document = dict[str, Any]
Tables = Mapping[str, Mapping[str, Any]]

KNOWN_TABLES = {"_meta", *(kind.value for kind in Kind)}

# The kinds as a sentence names them (the `kind` column keeps the English word).
_LABEL_WORDS = {"sector": N_("sector"), "indicator": N_("indicator"), "target": N_("target"),
                "observation": N_("observation"), "milestone": N_("milestone"),
                "assessment": N_("assessment")}  # fmt: skip

# Per kind: required text fields, optional text fields, date fields (required, optional), enum fields.
_REQUIRED_TEXT = {
    Kind.SECTORS: ("name_ko", "name_en"),
    Kind.INDICATORS: ("sector", "name_ko", "name_en", "unit"),
    Kind.TARGETS: ("indicator",),
    Kind.OBSERVATIONS: ("indicator",),
    Kind.MILESTONES: ("sector", "title"),
    Kind.ASSESSMENTS: ("basis",),
}
_OPTIONAL_TEXT = {
    Kind.SECTORS: ("source", "note", "note_en"),
    Kind.INDICATORS: ("basis", "source", "note", "owner", "basis_en", "note_en"),
    Kind.TARGETS: ("source", "note", "supersedes", "superseded_by", "note_en"),
    Kind.OBSERVATIONS: ("source", "note", "basis", "note_en"),
    Kind.MILESTONES: ("title_en", "source", "note", "note_en"),
    Kind.ASSESSMENTS: ("basis_en",),
}
_REQUIRED_DATES = {Kind.TARGETS: ("deadline",), Kind.OBSERVATIONS: ("date",), Kind.ASSESSMENTS: ("date",)}
_OPTIONAL_DATES = {
    Kind.INDICATORS: ("baseline_date",),
    Kind.TARGETS: ("adopted",),
    Kind.OBSERVATIONS: ("recorded",),
    Kind.MILESTONES: ("date", "due", "original_due"),
}
_ENUMS: dict[Kind, tuple[tuple[str, Any], ...]] = {
    Kind.INDICATORS: (("direction", Direction), ("kind", IndicatorKind), ("model", Model), ("frequency", Frequency)),
    Kind.MILESTONES: (("status", MilestoneStatus),),
    Kind.ASSESSMENTS: (("status", AssessedStatus),),
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


def diagnose(database: Backend, as_of: date | None = None) -> Diagnosis:
    """Read the database under no lock (writes are atomic) and check it, and its audit log, whole.

    With `as_of`, also list the notes of methodology §7 judged at that date (see `notes`).

    Raises:
        DatabaseError: the file cannot be read as a pohang database at all (exit 4).
    """
    tables, version, _head = database.read_tables()
    problems = list(examine(tables))
    gap = database.missing_log_entry()
    if gap is not None:
        seq, log_name = gap
        problems.append(
            Problem(
                "log",
                f"#{seq}",
                "log-incomplete",
                _(
                    "the audit log {log_path} has no entry for change #{seq}: `pohang log` stops there and "
                    "earlier changes cannot be undone (was the log deleted or not copied with the database?)"
                ).format(log_path=log_name, seq=seq),
            )
        )
    records = sum(len(table) for name, table in tables.items() if name != "_meta" and isinstance(table, Mapping))
    found = () if as_of is None else tuple(notes(tables, as_of))
    return Diagnosis(tuple(problems), records, version, found)


_PROVISIONAL_WORDS = re.compile(r"잠정|provisional", re.IGNORECASE)


def notes(tables: Tables, as_of: date) -> Iterator[Problem]:
    """What methodology §7 asks the doctor to list besides errors, judged at `as_of`.

    Targets of an indicator without a baseline (unjudgeable, though their actuals are shown), the
    observations that count differently (at or before the baseline, a period not ended, a falling running
    total, overlapping periods), observations with no source, and notes that call a figure provisional
    (잠정) when it is not flagged so. Documents the checks of `examine` refuse are left out here.
    """
    from pohang_cli.caveats import caveats, describe
    from pohang_cli.i18n import language

    indicators = dict(_indicators(tables.get(Kind.INDICATORS.value) or {}))
    series: dict[str, list[Observation]] = {}
    for doc in (tables.get(Kind.OBSERVATIONS.value) or {}).values():
        observation = _observation(doc)
        if observation is None or observation.indicator not in indicators:
            continue
        series.setdefault(observation.indicator, []).append(observation)
        if not observation.source:
            yield Problem("observation", observation.id, "no-source", _("the observation has no source"), "note")
        if observation.note and not observation.provisional and _PROVISIONAL_WORDS.search(observation.note):
            yield Problem(
                "observation",
                observation.id,
                "provisional-in-note",
                _(
                    "the note calls the figure provisional (잠정), but it is not flagged so: record it again with "
                    "--provisional, or correct the note"
                ),
                "note",
            )
    targets = [doc for doc in (tables.get(Kind.TARGETS.value) or {}).values() if isinstance(doc, dict)]
    for doc in sorted(targets, key=lambda d: str(d.get("id"))):
        indicator = indicators.get(str(doc.get("indicator")))
        if (
            indicator is not None
            and doc.get("superseded_by") is None
            and (indicator.baseline is None or indicator.baseline_date is None)
        ):
            yield Problem(
                "target",
                str(doc.get("id")),
                "unjudgeable",
                _(
                    "indicator '{indicator}' has no baseline, so this target cannot be judged (its actuals are "
                    "still shown); set one with `pohang update-indicator {indicator} --baseline VALUE "
                    "--baseline-date DATE`"
                ).format(indicator=indicator.id),
                "note",
            )
    for indicator_id in sorted(series):
        indicator = indicators[indicator_id]
        for caveat in caveats(indicator, series[indicator_id], as_of):
            code, sentence = caveat.code, describe(caveat, indicator, as_of, language())
            yield Problem("observation", caveat.observation.id, code, sentence.split(": ", 1)[1], "note")


def _indicators(table: Mapping[str, Any]) -> Iterator[tuple[str, Indicator]]:
    """The indicators whose documents read as records (the others are `examine`'s to report)."""
    from pohang_cli.dates import parse_iso

    for doc in table.values():
        try:
            baseline_date = doc.get("baseline_date")
            baseline = doc.get("baseline")
            yield (
                doc["id"],
                Indicator(
                    id=doc["id"],
                    sector=doc.get("sector", ""),
                    name_ko=doc.get("name_ko", ""),
                    name_en=doc.get("name_en", ""),
                    unit=doc.get("unit", ""),
                    baseline=float(baseline) if _is_number(baseline) else None,
                    baseline_date=None if baseline_date is None else parse_iso(baseline_date),
                    kind=IndicatorKind(doc.get("kind", IndicatorKind.LEVEL.value)),
                ),
            )
        except (PohangError, AttributeError, KeyError, TypeError, ValueError):
            continue


def _observation(doc: Any) -> Observation | None:
    from pohang_cli.dates import parse_iso

    try:
        if not _is_number(doc["value"]) or not isinstance(doc["id"], str):
            return None
        return Observation(
            id=doc["id"],
            indicator=doc["indicator"],
            date=parse_iso(doc["date"]),
            value=float(doc["value"]),
            source=doc.get("source") if isinstance(doc.get("source"), str) else None,
            note=doc.get("note") if isinstance(doc.get("note"), str) else None,
            provisional=doc.get("provisional") is True,
        )
    except (PohangError, AttributeError, KeyError, TypeError, ValueError):
        return None


def examine(tables: Tables) -> Iterator[Problem]:
    """Every problem of the raw tables of a (migrated) database."""
    for name in sorted(tables):
        if name not in KNOWN_TABLES:
            yield Problem(
                "table",
                name,
                "unknown-table",
                _("table '{name}' is not one of pohang's; the next write would drop it").format(name=name),
            )
    docs: dict[Kind, dict[Any, Document]] = {}
    for kind in Kind:
        docs[kind] = yield from _valid_documents(kind, tables.get(kind.value) or {})
    for kind in Kind:
        for record_id, doc in docs[kind].items():
            yield from _fields(kind, record_id, doc)
    yield from _references(docs)
    yield from _ids_match(docs)
    yield from _bases(docs)
    yield from _meta(tables, docs[Kind.MILESTONES])


def _label(kind: Kind) -> str:
    return kind.value.removesuffix("s")


def _valid_documents(kind: Kind, table: Mapping[str, Any]) -> Generator[Problem, None, dict[Any, Document]]:
    """Problems of the documents' ids; returns (as the generator's value) the documents by id."""
    by_id: dict[Any, Document] = {}
    counts: Counter[Any] = Counter()
    for doc_key, doc in table.items():
        where = f"(document {doc_key})"
        if not isinstance(doc, dict):
            yield Problem(
                _label(kind),
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
                _label(kind),
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
                _label(kind),
                str(record_id),
                "duplicate-id",
                _("{count} records share this id; a write would keep only one of them").format(count=count),
            )
    return by_id


def _is_number(value: Any) -> bool:
    from pohang_cli.service.validate import MAX_MAGNITUDE

    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= MAX_MAGNITUDE


def _date_problem(value: Any) -> str | None:
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


def _fields(kind: Kind, record_id: Any, doc: Document) -> Iterator[Problem]:
    label, shown = _label(kind), str(record_id)

    def problem(code: str, sentence: str) -> Problem:
        return Problem(label, shown, code, sentence)

    for name in _REQUIRED_TEXT.get(kind, ()):
        value = doc.get(name)
        if not isinstance(value, str) or not value.strip():
            yield problem("missing-field", _("{name} is missing or empty").format(name=name))
        elif not is_stored_form(value):
            yield problem("bad-text", _("{name} holds control characters or is not NFC-normalised").format(name=name))
    for name in _OPTIONAL_TEXT.get(kind, ()):
        value = doc.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            yield problem("bad-text", _("{name} is {value!r}, not text").format(name=name, value=value))
        elif not is_stored_form(value):
            yield problem("bad-text", _("{name} holds control characters or is not NFC-normalised").format(name=name))
    for name in _REQUIRED_DATES.get(kind, ()):
        reason = _date_problem(doc.get(name))
        if reason is not None:
            yield problem("bad-date", f"{name}: {reason}")
    for name in _OPTIONAL_DATES.get(kind, ()):
        if doc.get(name) is not None and (reason := _date_problem(doc[name])) is not None:
            yield problem("bad-date", f"{name}: {reason}")
    for name, enum in _ENUMS.get(kind, ()):
        value = doc.get(name)
        if value is not None and value not in {member.value for member in enum}:
            choices = ", ".join(member.value for member in enum)
            yield problem(
                "bad-value",
                _("{name} is {value!r}, not one of {choices}").format(name=name, value=value, choices=choices),
            )
    if kind is Kind.SECTORS and not (isinstance(doc.get("order", 0), int) and not isinstance(doc.get("order"), bool)):
        yield problem("bad-value", _("order is {value!r}, not an integer").format(value=doc.get("order")))
    if kind is Kind.INDICATORS:
        yield from _indicator(doc, problem)
    if kind is Kind.TARGETS:
        yield from _target(doc, problem)
    if kind is Kind.OBSERVATIONS:
        if not _is_number(doc.get("value")):
            yield problem(
                "bad-value", _("value is {value!r}, not a number within ±10^18").format(value=doc.get("value"))
            )
        if not isinstance(doc.get("provisional", False), bool):
            yield problem(
                "bad-value", _("provisional is {value!r}, not true or false").format(value=doc.get("provisional"))
            )


def _indicator(doc: Document, problem: Any) -> Iterator[Problem]:
    baseline = doc.get("baseline")
    if baseline is not None and not _is_number(baseline):
        yield problem("bad-value", _("baseline is {baseline!r}, not a number within ±10^18").format(baseline=baseline))
    positive = isinstance(baseline, int | float) and _is_number(baseline) and baseline > 0
    if doc.get("model") == Model.COMPOUND.value and (
        doc.get("kind", "level") != IndicatorKind.LEVEL.value or not positive
    ):
        yield problem("bad-model", _("the compound model needs a level indicator with a baseline above zero"))


def _target(doc: Document, problem: Any) -> Iterator[Problem]:
    if not _is_number(doc.get("value")):
        yield problem("bad-value", _("value is {value!r}, not a number within ±10^18").format(value=doc.get("value")))
    if not doc.get("source"):
        yield problem("no-source", _("the target has no source: add one with `pohang revise-target ... --source URL`"))
    revisions = doc.get("revisions", [])
    if not isinstance(revisions, list):
        yield problem("bad-value", _("revisions is {revisions!r}, not a list").format(revisions=revisions))
        return
    for number, revision in enumerate(revisions, start=1):
        if not isinstance(revision, dict):
            yield problem("bad-value", _("revision {number} is not a JSON object").format(number=number))
            continue
        if not _is_number(revision.get("value")):
            value = revision.get("value")
            yield problem(
                "bad-value",
                _("revision {number}: value is {value!r}, not a number within ±10^18").format(
                    number=number, value=value
                ),
            )
        if (reason := _date_problem(revision.get("deadline"))) is not None:
            yield problem("bad-date", _("revision {number}: deadline: {reason}").format(number=number, reason=reason))
        if revision.get("date") is not None and (reason := _date_problem(revision["date"])) is not None:
            yield problem("bad-date", _("revision {number}: date: {reason}").format(number=number, reason=reason))
        if not isinstance(revision.get("reason"), str) or not revision["reason"].strip():
            yield problem("missing-field", _("revision {number}: reason is missing or empty").format(number=number))


def _references(docs: dict[Kind, dict[Any, Document]]) -> Iterator[Problem]:
    links = (
        (Kind.INDICATORS, "sector", Kind.SECTORS),
        (Kind.TARGETS, "indicator", Kind.INDICATORS),
        (Kind.TARGETS, "supersedes", Kind.TARGETS),
        (Kind.TARGETS, "superseded_by", Kind.TARGETS),
        (Kind.OBSERVATIONS, "indicator", Kind.INDICATORS),
        (Kind.MILESTONES, "sector", Kind.SECTORS),
        (Kind.ASSESSMENTS, "id", Kind.TARGETS),
    )
    for kind, name, target_kind in links:
        for record_id, doc in docs[kind].items():
            value = doc.get(name)
            if isinstance(value, str) and value not in docs[target_kind]:
                yield Problem(
                    _label(kind),
                    str(record_id),
                    "missing-reference",
                    _("{name} '{value}' is no {kind} of this database").format(
                        name=name, value=value, kind=translated(_LABEL_WORDS[_label(target_kind)])
                    ),
                )
    targets = docs[Kind.TARGETS]
    for record_id, doc in targets.items():
        newer = doc.get("superseded_by")
        if isinstance(newer, str) and newer in targets and targets[newer].get("supersedes") != record_id:
            yield Problem(
                "target",
                str(record_id),
                "broken-supersession",
                _("superseded by '{newer}', but '{newer}' does not say it supersedes this target").format(newer=newer),
            )


def _ids_match(docs: dict[Kind, dict[Any, Document]]) -> Iterator[Problem]:
    from pohang_cli.dates import parse_iso
    from pohang_cli.models import observation_id, target_id
    from pohang_cli.service.validate import SLUG_PATTERN

    for record_id, doc in docs[Kind.INDICATORS].items():
        sector, _dot, slug = str(record_id).partition(".")
        if sector != doc.get("sector") or not SLUG_PATTERN.fullmatch(slug):
            yield Problem("indicator", str(record_id), "id-mismatch", _("the id is not SECTOR.SLUG of its sector"))
    for kind, date_field, make in (
        (Kind.TARGETS, "deadline", target_id),
        (Kind.OBSERVATIONS, "date", observation_id),
    ):
        for record_id, doc in docs[kind].items():
            indicator, when = doc.get("indicator"), doc.get(date_field)
            if not isinstance(indicator, str) or not isinstance(when, str) or _date_problem(when) is not None:
                continue  # already reported
            expected = make(indicator, parse_iso(when))
            if record_id != expected:
                yield Problem(
                    _label(kind),
                    str(record_id),
                    "id-mismatch",
                    _("the id should be '{expected}'").format(expected=expected),
                )


def _bases(docs: dict[Kind, dict[Any, Document]]) -> Iterator[Problem]:
    """One basis per indicator (methodology §1): an MOU amount is not executed investment."""
    for kind in (Kind.TARGETS, Kind.OBSERVATIONS):
        for record_id, doc in docs[kind].items():
            basis, indicator = doc.get("basis"), doc.get("indicator")
            if not isinstance(basis, str) or not isinstance(indicator, str) or indicator not in docs[Kind.INDICATORS]:
                continue
            indicator_basis = docs[Kind.INDICATORS][indicator].get("basis")
            if basis != indicator_basis:
                counts = (
                    _("no basis") if indicator_basis is None else _("basis '{basis}'").format(basis=indicator_basis)
                )
                yield Problem(
                    _label(kind),
                    str(record_id),
                    "mixed-basis",
                    _("counted on basis '{basis}', but indicator '{indicator}' has {counts}").format(
                        basis=basis, indicator=indicator, counts=counts
                    ),
                )


def _meta(tables: Tables, milestones: dict[Any, Document]) -> Iterator[Problem]:
    meta_table = tables.get("_meta") or {}
    meta: Any = next(iter(meta_table.values()), {}) if isinstance(meta_table, Mapping) else {}
    next_id = meta.get("next_milestone_id", 1) if isinstance(meta, dict) else None
    if not isinstance(next_id, int) or isinstance(next_id, bool):
        yield Problem(
            "database",
            "_meta",
            "bad-value",
            _("next_milestone_id is {next_id!r}, not an integer").format(next_id=next_id),
        )
        return
    highest = max((key for key in milestones if isinstance(key, int)), default=0)
    if next_id <= highest:
        yield Problem(
            "database",
            "_meta",
            "id-reuse",
            _(
                "next_milestone_id is {next_id} but milestone {highest} exists; the next milestone would reuse an id"
            ).format(next_id=next_id, highest=highest),
        )
