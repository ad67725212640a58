"""The doctor's checks across records and tables: one small function per problem, in the order they are listed.

Each check takes the raw tables and the documents with a valid id (see `records.valid_documents`) and
yields the problems it finds; `DATABASE_CHECKS` lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pohang_cli.doctor.problem import LABEL_WORDS, Documents, Problem, Tables, date_problem, label
from pohang_cli.i18n import _, translated
from pohang_cli.models import Kind

DatabaseCheck = Callable[[Tables, Documents], Iterator[Problem]]

_LINKS = (
    (Kind.INDICATORS, "sector", Kind.SECTORS),
    (Kind.TARGETS, "indicator", Kind.INDICATORS),
    (Kind.TARGETS, "supersedes", Kind.TARGETS),
    (Kind.TARGETS, "superseded_by", Kind.TARGETS),
    (Kind.OBSERVATIONS, "indicator", Kind.INDICATORS),
    (Kind.MILESTONES, "sector", Kind.SECTORS),
)


def missing_references(tables: Tables, docs: Documents) -> Iterator[Problem]:
    """A record names a sector, indicator or target the database does not hold."""
    for kind, name, target_kind in _LINKS:
        for record_id, doc in docs[kind].items():
            value = doc.get(name)
            if isinstance(value, str) and value not in docs[target_kind]:
                yield Problem(
                    label(kind),
                    str(record_id),
                    "missing-reference",
                    _("{name} '{value}' is no {kind} of this database").format(
                        name=name, value=value, kind=translated(LABEL_WORDS[label(target_kind)])
                    ),
                )


def broken_supersessions(tables: Tables, docs: Documents) -> Iterator[Problem]:
    """A target is superseded by one that does not say it supersedes it."""
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


def indicator_ids(tables: Tables, docs: Documents) -> Iterator[Problem]:
    """An indicator's id is not SECTOR.SLUG of its sector."""
    from pohang_cli.service.validate import SLUG_PATTERN

    for record_id, doc in docs[Kind.INDICATORS].items():
        sector, _dot, slug = str(record_id).partition(".")
        if sector != doc.get("sector") or not SLUG_PATTERN.fullmatch(slug):
            yield Problem("indicator", str(record_id), "id-mismatch", _("the id is not SECTOR.SLUG of its sector"))


def dated_ids(tables: Tables, docs: Documents) -> Iterator[Problem]:
    """A target's or an observation's id is not the one its indicator and date make."""
    from pohang_cli.dates import parse_iso
    from pohang_cli.models import observation_id, target_id

    for kind, date_field, make in (
        (Kind.TARGETS, "deadline", target_id),
        (Kind.OBSERVATIONS, "date", observation_id),
    ):
        for record_id, doc in docs[kind].items():
            indicator, when = doc.get("indicator"), doc.get(date_field)
            if not isinstance(indicator, str) or not isinstance(when, str) or date_problem(when) is not None:
                continue  # already reported
            expected = make(indicator, parse_iso(when))
            if record_id != expected:
                yield Problem(
                    label(kind),
                    str(record_id),
                    "id-mismatch",
                    _("the id should be '{expected}'").format(expected=expected),
                )


def mixed_bases(tables: Tables, docs: Documents) -> Iterator[Problem]:
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
                    label(kind),
                    str(record_id),
                    "mixed-basis",
                    _("counted on basis '{basis}', but indicator '{indicator}' has {counts}").format(
                        basis=basis, indicator=indicator, counts=counts
                    ),
                )


def next_milestone_id(tables: Tables, docs: Documents) -> Iterator[Problem]:
    """The next milestone id is not an integer, or would reuse the id of a milestone that exists."""
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
    highest = max((key for key in docs[Kind.MILESTONES] if isinstance(key, int)), default=0)
    if next_id <= highest:
        yield Problem(
            "database",
            "_meta",
            "id-reuse",
            _(
                "next_milestone_id is {next_id} but milestone {highest} exists; the next milestone would reuse an id"
            ).format(next_id=next_id, highest=highest),
        )


DATABASE_CHECKS: tuple[DatabaseCheck, ...] = (
    missing_references,
    broken_supersessions,
    indicator_ids,
    dated_ids,
    mixed_bases,
    next_milestone_id,
)
"""Every check across records, in the order their problems are listed (after those of single records)."""
