"""Fixing what was typed: sectors, and indicator and target fields (removing is removing.py).

Each use case is one logged change that `pohang undo` reverts, written through the same seam as the
other writers (writing.py): it opens a transaction, reads what it validates against, stages its changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import (
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Kind,
    Model,
    Sector,
    Target,
    TargetStatus,
)
from pohang_cli.service import questions
from pohang_cli.service.naming import normalize_text, resolve_indicator, resolve_sector, resolve_target
from pohang_cli.service.questions import Question
from pohang_cli.service.transaction import Repository, Written, retried, transaction
from pohang_cli.service.validate import (
    SLUG_PATTERN,
    check_compound_target,
    check_deadline,
    check_lag_months,
    check_unit,
    clean_text,
    refuse_future,
    stored_unit,
)

if TYPE_CHECKING:
    from pohang_cli.quantities import ParsedValue


# ---------------------------------------------------------------------------------------------------
# Sectors


@dataclass(frozen=True, slots=True)
class SectorFields:
    """Fields of a sector given on the command line; None means "not given"."""

    name_ko: str | None = None
    name_en: str | None = None
    order: int | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@retried
def add_sector(repo: Repository, sector_id: str, given: SectorFields) -> Written[Sector]:
    """Create a sector (a sixth industry, or one the policy adds).

    Raises:
        InputError: a bad id, an existing id or name, or a missing Korean or English name.
    """
    new_id = normalize_text(sector_id).casefold()
    if not SLUG_PATTERN.fullmatch(new_id):
        raise InputError(
            _("invalid sector id '{id}': use lower-case letters, digits and hyphens (e.g. space-industry)").format(
                id=sector_id
            )
        )
    name_ko, name_en = clean_text(given.name_ko), clean_text(given.name_en)
    if name_ko is None or name_en is None:
        raise InputError(_("a sector needs a name in both languages: give --name-ko and --name-en"))
    with transaction(repo) as tx:
        sectors = tx.dataset.sectors
        if new_id in sectors:
            raise InputError(_("sector '{id}' already exists; change it with `pohang update-sector`").format(id=new_id))
        _refuse_taken_names(sectors.values(), new_id, name_ko, name_en)
        order = given.order if given.order is not None else max((s.order for s in sectors.values()), default=0) + 1
        sector = Sector(
            new_id, name_ko, name_en, order, clean_text(given.source), clean_text(given.note), clean_text(given.note_en)
        )
        tx.put(Kind.SECTORS, new_id, sector)
    return Written(sector)


@retried
def update_sector(repo: Repository, sector_name: str, given: SectorFields) -> Written[Sector]:
    """Change a sector's names, display order, source or note; its id (which records refer to) stays.

    Raises:
        InputError: nothing given, an empty name, a name another sector has, or no change.
    """
    if all(getattr(given, f.name) is None for f in fields(SectorFields)):
        raise InputError(_("nothing to update: give --name-ko, --name-en, --order, --source, --note or --note-en"))
    for name in (given.name_ko, given.name_en):
        if name is not None and clean_text(name) is None:
            raise InputError(_("a sector's name cannot be empty"))
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, sector_name)
        changes: dict[str, Any] = {
            name: clean_text(getattr(given, name)) for name in ("name_ko", "name_en", "source", "note", "note_en")
        }
        changes = {name: value for name, value in changes.items() if getattr(given, name) is not None}
        if given.order is not None:
            changes["order"] = given.order
        updated = replace(sector, **changes)
        others = [s for s in tx.dataset.sectors.values() if s.id != sector.id]
        _refuse_taken_names(others, sector.id, updated.name_ko, updated.name_en)
        if updated == sector:
            raise InputError(_("sector '{id}' already has these values; nothing changed").format(id=sector.id))
        tx.put(Kind.SECTORS, sector.id, updated)
    return Written(updated, sector)


def _refuse_taken_names(sectors: Any, sector_id: str, name_ko: str, name_en: str) -> None:
    # Sectors are named by id or by either name on the command line: two sectors may not share one.
    for other in sectors:
        taken = {other.id.casefold(), other.name_ko.casefold(), other.name_en.casefold()}
        for name in (sector_id, name_ko, name_en):
            if name.casefold() in taken:
                raise InputError(
                    _("'{name}' already names sector '{other}'; choose another name").format(name=name, other=other.id)
                )


# ---------------------------------------------------------------------------------------------------
# Indicators and targets


@dataclass(frozen=True, slots=True)
class IndicatorFields:
    """Fields of an indicator given to `update-indicator`; None means "not given"."""

    name_ko: str | None = None
    name_en: str | None = None
    unit: str | None = None
    basis: str | None = None
    direction: Direction | None = None
    kind: IndicatorKind | None = None
    model: Model | None = None
    baseline: ParsedValue | None = None
    baseline_date: PartialDate | None = None
    source: str | None = None
    note: str | None = None
    frequency: Frequency | None = None
    lag_months: int | None = None
    owner: str | None = None
    basis_en: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class UpdatedIndicator:
    """The indicator after `update-indicator`, the fields that changed, and the targets judged differently."""

    indicator: Indicator
    changed: tuple[str, ...]
    # (target id, status before, status after) for each current target whose status the change moves.
    judgements: tuple[tuple[str, TargetStatus, TargetStatus], ...]
    # Fields that feed the judgement changed, even if no status moved (the figures did).
    alters_judgement: bool
    before: Indicator | None = None
    accepted: tuple[Question, ...] = ()  # questioned inputs `force` let through


# The fields the progress maths read (methodology §1-4): changing one re-judges every target of the indicator.
_JUDGED_FIELDS = ("unit", "direction", "kind", "model", "baseline", "baseline_date", "frequency", "lag_months")


@retried
def update_indicator(
    repo: Repository, indicator_name: str, given: IndicatorFields, today: date, *, force: bool = False
) -> UpdatedIndicator:
    """Change the given fields of an indicator; its id (which targets and observations carry) stays.

    Raises:
        InputError: nothing given, an empty name or unit, a future baseline date, a baseline date not
            before a target's deadline, a compound model that cannot apply, or no change.
        QuestionedInput: unless `force`, a new baseline 1,000 times away from the latest actual, or a
            negative or fractional count.
    """
    if all(getattr(given, f.name) is None for f in fields(IndicatorFields)):
        raise InputError(
            _(
                "nothing to update: give --name-ko, --name-en, --unit, --basis, --direction, --kind, --model, "
                "--baseline, --baseline-date, --source, --note, --frequency, --lag-months, --owner, --basis-en or "
                "--note-en"
            )
        )
    for name in (given.name_ko, given.name_en):
        if name is not None and clean_text(name) is None:
            raise InputError(_("an indicator's name cannot be empty"))
    if given.baseline_date is not None:
        refuse_future(given.baseline_date, today, _("the baseline date"))
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        changes: dict[str, Any] = {}
        for name in ("name_ko", "name_en", "basis", "source", "note", "owner", "basis_en", "note_en"):
            if getattr(given, name) is not None:
                changes[name] = clean_text(getattr(given, name))
        if given.lag_months is not None:
            changes["lag_months"] = check_lag_months(given.lag_months)
        for name in ("direction", "kind", "model", "baseline_date", "frequency"):
            if getattr(given, name) is not None:
                changes[name] = getattr(given, name)
        unit = indicator.unit if given.unit is None else stored_unit(given.unit)
        changes["unit"] = unit
        if given.baseline is not None:
            changes["baseline"] = check_unit(given.baseline, unit, _("the baseline"))
        updated = replace(indicator, **changes)
        if updated == indicator:
            raise InputError(_("indicator '{id}' already has these values; nothing changed").format(id=indicator.id))
        if updated.model is Model.COMPOUND and (
            updated.kind is not IndicatorKind.LEVEL or updated.baseline is None or updated.baseline <= 0
        ):
            raise InputError(
                _("the compound model needs a level indicator with a baseline above zero; use --model linear")
            )
        targets = [t for t in tx.dataset.targets.values() if t.indicator == indicator.id]
        for target in targets:
            check_deadline(updated, target.deadline)
            if target.is_current:
                check_compound_target(updated, target.value)
        accepted: tuple[Question, ...] = ()
        if updated.baseline is not None and updated.baseline != indicator.baseline:
            latest = questions.reference_of(replace(updated, baseline=None), tx.session.observations_of(indicator.id))
            accepted = questions.ask(
                [
                    questions.magnitude(updated, updated.baseline, latest, _("the baseline")),
                    questions.count(updated.unit, updated.baseline, _("the baseline")),
                ],
                force,
            )
        changed = tuple(f.name for f in fields(Indicator) if getattr(indicator, f.name) != getattr(updated, f.name))
        alters = any(name in _JUDGED_FIELDS for name in changed)
        judgements: list[tuple[str, TargetStatus, TargetStatus]] = []
        if alters:
            judgements = _moved_judgements(tx, indicator, updated, [t for t in targets if t.is_current], today)
        tx.put(Kind.INDICATORS, indicator.id, updated)
    return UpdatedIndicator(updated, changed, tuple(judgements), alters, indicator, accepted)


def _moved_judgements(
    tx: Any, before: Indicator, after: Indicator, targets: Sequence[Target], today: date
) -> list[tuple[str, TargetStatus, TargetStatus]]:
    from pohang_cli.progress import judge_target

    if not targets:
        return []
    observations = tx.session.observations_of(before.id)
    moved = []
    for target in sorted(targets, key=lambda t: t.id):
        old = judge_target(before, target, observations, today).status
        new = judge_target(after, target, observations, today).status
        if old != new:
            moved.append((target.id, old, new))
    return moved


@dataclass(frozen=True, slots=True)
class TargetFields:
    """What `update-target` may change: where the target comes from and what is said of it."""

    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@retried
def update_target(repo: Repository, target_name: str, given: TargetFields) -> Written[Target]:
    """Change a target's source or note; its value and deadline change only by `revise-target` (with a reason).

    Raises:
        InputError: nothing given, or no change.
    """
    if given.source is None and given.note is None and given.note_en is None:
        raise InputError(
            _(
                "nothing to update: give --source, --note or --note-en (a new value or deadline is a revision: "
                "`pohang revise-target TARGET --value ... --reason ...`)"
            )
        )
    with transaction(repo) as tx:
        target = resolve_target(tx.dataset, target_name)
        updated = replace(
            target,
            source=target.source if given.source is None else clean_text(given.source),
            note=target.note if given.note is None else clean_text(given.note),
            note_en=target.note_en if given.note_en is None else clean_text(given.note_en),
        )
        if updated == target:
            raise InputError(_("target '{id}' already has these values; nothing changed").format(id=target.id))
        tx.put(Kind.TARGETS, target.id, updated)
        unit = tx.dataset.indicators[target.indicator].unit
    return Written(updated, target, unit)
