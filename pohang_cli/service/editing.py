"""Fixing and removing what was typed: sectors, indicator and target fields, and removal of records.

Each use case is one logged change that `pohang undo` reverts, written through the same seam as the
other writers (writing.py): it opens a transaction, reads what it validates against, stages its changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError, NotFoundError
from pohang_cli.i18n import N_, _
from pohang_cli.models import (
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Model,
    Observation,
    Sector,
    Target,
    TargetStatus,
)
from pohang_cli.service.reading import normalize_text, resolve_indicator, resolve_sector, resolve_target
from pohang_cli.service.transaction import Repository, retried, transaction
from pohang_cli.service.validate import (
    SLUG_PATTERN,
    check_compound_target,
    check_deadline,
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


@retried
def add_sector(repo: Repository, sector_id: str, given: SectorFields) -> Sector:
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
        sector = Sector(new_id, name_ko, name_en, order, clean_text(given.source), clean_text(given.note))
        tx.put(Kind.SECTORS, new_id, sector)
    return sector


@retried
def update_sector(repo: Repository, sector_name: str, given: SectorFields) -> Sector:
    """Change a sector's names, display order, source or note; its id (which records refer to) stays.

    Raises:
        InputError: nothing given, an empty name, a name another sector has, or no change.
    """
    if all(getattr(given, f.name) is None for f in fields(SectorFields)):
        raise InputError(_("nothing to update: give --name-ko, --name-en, --order, --source or --note"))
    for name in (given.name_ko, given.name_en):
        if name is not None and clean_text(name) is None:
            raise InputError(_("a sector's name cannot be empty"))
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, sector_name)
        changes: dict[str, Any] = {
            name: clean_text(getattr(given, name)) for name in ("name_ko", "name_en", "source", "note")
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
    return updated


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


@dataclass(frozen=True, slots=True)
class UpdatedIndicator:
    """The indicator after `update-indicator`, the fields that changed, and the targets judged differently."""

    indicator: Indicator
    changed: tuple[str, ...]
    # (target id, status before, status after) for each current target whose status the change moves.
    judgements: tuple[tuple[str, TargetStatus, TargetStatus], ...]
    # Fields that feed the judgement changed, even if no status moved (the figures did).
    alters_judgement: bool


# The fields the progress maths read (methodology §1-4): changing one re-judges every target of the indicator.
_JUDGED_FIELDS = ("unit", "direction", "kind", "model", "baseline", "baseline_date")


@retried
def update_indicator(repo: Repository, indicator_name: str, given: IndicatorFields, today: date) -> UpdatedIndicator:
    """Change the given fields of an indicator; its id (which targets and observations carry) stays.

    Raises:
        InputError: nothing given, an empty name or unit, a future baseline date, a baseline date not
            before a target's deadline, a compound model that cannot apply, or no change.
    """
    if all(getattr(given, f.name) is None for f in fields(IndicatorFields)):
        raise InputError(
            _(
                "nothing to update: give --name-ko, --name-en, --unit, --basis, --direction, --kind, --model, "
                "--baseline, --baseline-date, --source or --note"
            )
        )
    for name in (given.name_ko, given.name_en):
        if name is not None and clean_text(name) is None:
            raise InputError(_("an indicator's name cannot be empty"))
    if given.baseline_date is not None:
        refuse_future(given.baseline_date, today, "the baseline date")
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        changes: dict[str, Any] = {}
        for name in ("name_ko", "name_en", "basis", "source", "note"):
            if getattr(given, name) is not None:
                changes[name] = clean_text(getattr(given, name))
        for name in ("direction", "kind", "model", "baseline_date"):
            if getattr(given, name) is not None:
                changes[name] = getattr(given, name)
        unit = indicator.unit if given.unit is None else stored_unit(given.unit)
        changes["unit"] = unit
        if given.baseline is not None:
            changes["baseline"] = check_unit(given.baseline, unit, "the baseline")
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
        changed = tuple(f.name for f in fields(Indicator) if getattr(indicator, f.name) != getattr(updated, f.name))
        alters = any(name in _JUDGED_FIELDS for name in changed)
        judgements: list[tuple[str, TargetStatus, TargetStatus]] = []
        if alters:
            judgements = _moved_judgements(tx, indicator, updated, [t for t in targets if t.is_current], today)
        tx.put(Kind.INDICATORS, indicator.id, updated)
    return UpdatedIndicator(updated, changed, tuple(judgements), alters)


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


@retried
def update_target(repo: Repository, target_name: str, given: TargetFields) -> Target:
    """Change a target's source or note; its value and deadline change only by `revise-target` (with a reason).

    Raises:
        InputError: nothing given, or no change.
    """
    if given.source is None and given.note is None:
        raise InputError(
            _(
                "nothing to update: give --source or --note (a new value or deadline is a revision: "
                "`pohang revise-target TARGET --value ... --reason ...`)"
            )
        )
    with transaction(repo) as tx:
        target = resolve_target(tx.dataset, target_name)
        updated = replace(
            target,
            source=target.source if given.source is None else clean_text(given.source),
            note=target.note if given.note is None else clean_text(given.note),
        )
        if updated == target:
            raise InputError(_("target '{id}' already has these values; nothing changed").format(id=target.id))
        tx.put(Kind.TARGETS, target.id, updated)
    return updated


# ---------------------------------------------------------------------------------------------------
# Removing


class RemovableKind(StrEnum):
    """The kinds `pohang remove` takes, singular as a person names one record."""

    OBSERVATION = "observation"
    MILESTONE = "milestone"
    TARGET = "target"
    INDICATOR = "indicator"


_KIND_WORDS = {
    "observation": RemovableKind.OBSERVATION,
    "observations": RemovableKind.OBSERVATION,
    "actual": RemovableKind.OBSERVATION,
    "관측값": RemovableKind.OBSERVATION,
    "실적": RemovableKind.OBSERVATION,
    "milestone": RemovableKind.MILESTONE,
    "milestones": RemovableKind.MILESTONE,
    "마일스톤": RemovableKind.MILESTONE,
    "target": RemovableKind.TARGET,
    "targets": RemovableKind.TARGET,
    "목표": RemovableKind.TARGET,
    "indicator": RemovableKind.INDICATOR,
    "indicators": RemovableKind.INDICATOR,
    "지표": RemovableKind.INDICATOR,
}


def parse_removable_kind(text: str) -> RemovableKind | None:
    """The kind a word names (`target`, `목표`, `observations`), or None when it names none."""
    return _KIND_WORDS.get(normalize_text(text).casefold())


@dataclass(frozen=True, slots=True)
class RemovalRequest:
    """What `pohang remove` asks for: a record, by kind and id or by an id alone."""

    record_id: str
    kind: RemovableKind | None = None
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """What a removal takes away (the record first, then what goes with it) and what it changes besides."""

    kind: Kind
    id: str | int
    removed: tuple[tuple[Kind, str | int], ...]
    # Earlier targets a removed revision superseded: they become current again.
    restored: tuple[str, ...] = ()


def plan_removal(repo: Repository, request: RemovalRequest) -> Removal:
    """What `request` would remove, without removing it (for the confirmation prompt).

    Raises:
        InputError, NotFoundError: as `remove`.
    """
    with repo.transaction() as session:
        return _plan(session.dataset, session, request)


@retried
def remove(repo: Repository, request: RemovalRequest, expected: Removal | None = None) -> Removal:
    """Remove a record; with `cascade`, also the records that depend on it.

    Dependants: an indicator's targets and observations; a target's later revisions (targets that
    supersede it). Removing a target that superseded an earlier one makes the earlier one current again.

    Args:
        expected: what the user confirmed; when the database changed in between so that the removal would
            take something else, nothing is removed.

    Raises:
        InputError: the record has dependants and `cascade` is not set (the message names them), the id
            is ambiguous without a kind, or what would go differs from what was confirmed.
        NotFoundError: no such record.
    """
    with transaction(repo) as tx:
        removal = _plan(tx.dataset, tx.session, request)
        if expected is not None and removal != expected:
            raise InputError(_("the database changed while you were asked; nothing was removed — run it again"))
        for kind, key in removal.removed:
            tx.remove(kind, key)
        for target_key in removal.restored:
            tx.put(Kind.TARGETS, target_key, replace(tx.dataset.targets[target_key], superseded_by=None))
    return removal


def _plan(data: Any, session: Any, request: RemovalRequest) -> Removal:
    kind = request.kind or _kind_of_id(request.record_id)
    if kind is RemovableKind.MILESTONE:
        milestone_id = _milestone_id(request.record_id)
        if milestone_id not in data.milestones:
            raise NotFoundError(_("no milestone with id {id} (see `pohang milestones`)").format(id=request.record_id))
        return Removal(Kind.MILESTONES, milestone_id, ((Kind.MILESTONES, milestone_id),))
    if kind is RemovableKind.OBSERVATION:
        wanted = normalize_text(request.record_id).casefold()
        observation: Observation | None = data.observations.get(wanted)
        if observation is None:
            raise NotFoundError(
                _("no observation '{id}': an observation's id is INDICATOR:DATE, as `pohang history` lists it").format(
                    id=request.record_id
                )
            )
        return Removal(Kind.OBSERVATIONS, observation.id, ((Kind.OBSERVATIONS, observation.id),))
    if kind is RemovableKind.TARGET:
        target = _target(data, request.record_id)
        later = _later_revisions(data, target)
        if later and not request.cascade:
            raise InputError(
                _("target '{id}' was superseded by {later}; remove with --cascade to remove them too").format(
                    id=target.id, later=", ".join(later)
                )
            )
        removed = ((Kind.TARGETS, target.id), *((Kind.TARGETS, key) for key in later))
        restored = (target.supersedes,) if target.supersedes is not None and target.supersedes in data.targets else ()
        return Removal(Kind.TARGETS, target.id, removed, restored)
    indicator = _exact_indicator(data, request.record_id)
    targets = sorted(t.id for t in data.targets.values() if t.indicator == indicator.id)
    observations = sorted(
        (o.id for o in session.observations_of(indicator.id)),
        key=lambda key: data.observations[key].date.rank(),
    )
    if (targets or observations) and not request.cascade:
        raise InputError(
            _(
                "indicator '{id}' has {targets} target(s) and {observations} observation(s); "
                "remove with --cascade to remove them too"
            ).format(id=indicator.id, targets=len(targets), observations=len(observations))
        )
    removed = (
        (Kind.INDICATORS, indicator.id),
        *((Kind.TARGETS, key) for key in targets),
        *((Kind.OBSERVATIONS, key) for key in observations),
    )
    return Removal(Kind.INDICATORS, indicator.id, removed)


def _kind_of_id(record_id: str) -> RemovableKind:
    text = normalize_text(record_id)
    if text.isdigit():
        return RemovableKind.MILESTONE
    if "@" in text:
        return RemovableKind.TARGET
    if ":" in text:
        return RemovableKind.OBSERVATION
    if "." in text:
        return RemovableKind.INDICATOR
    raise InputError(
        _(
            "'{id}' is not an id pohang can tell the kind of; name it: "
            "`pohang remove observation|milestone|target|indicator ID`"
        ).format(id=record_id)
    )


def _milestone_id(text: str) -> int:
    cleaned = normalize_text(text)
    if not cleaned.isdigit():
        raise InputError(_("a milestone's id is a number, not '{id}' (see `pohang milestones`)").format(id=text))
    return int(cleaned)


def _target(data: Any, name: str) -> Target:
    # Removing takes exact ids only: a part of a name must not pick what disappears.
    wanted = normalize_text(name).casefold()
    target: Target | None = data.targets.get(wanted)
    if target is None:
        raise NotFoundError(_("no target '{id}' (see `pohang targets --history`)").format(id=name))
    return target


def _exact_indicator(data: Any, name: str) -> Indicator:
    wanted = normalize_text(name).casefold()
    indicator: Indicator | None = data.indicators.get(wanted)
    if indicator is None:
        raise NotFoundError(_("no indicator '{id}' (see `pohang indicators`)").format(id=name))
    return indicator


def _later_revisions(data: Any, target: Target) -> list[str]:
    later: list[str] = []
    current = target
    while current.superseded_by is not None and current.superseded_by in data.targets:
        later.append(current.superseded_by)
        current = data.targets[current.superseded_by]
        if current.id in later[:-1] or current.id == target.id:  # a loop in hand-edited data: stop
            break
    return later


def describe(removed: Sequence[tuple[Kind, str | int]]) -> str:
    """`target battery.investment@2030 with 2 observations`: what a removal takes, for the prompt and the note."""
    from pohang_cli.i18n import ngettext, translated

    first_kind, first_id = removed[0]
    counts: dict[Kind, int] = {}
    for kind, _key in removed[1:]:
        counts[kind] = counts.get(kind, 0) + 1
    head = translated(_SINGULAR[first_kind]).format(id=first_id)
    parts = []
    if Kind.TARGETS in counts:
        parts.append(
            ngettext("{count} target", "{count} targets", counts[Kind.TARGETS]).format(count=counts[Kind.TARGETS])
        )
    if Kind.OBSERVATIONS in counts:
        count = counts[Kind.OBSERVATIONS]
        parts.append(ngettext("{count} observation", "{count} observations", count).format(count=count))
    if not parts:
        return head
    return _("{record} with {dependants}").format(record=head, dependants=", ".join(parts))


_SINGULAR = {
    Kind.OBSERVATIONS: N_("observation {id}"),
    Kind.MILESTONES: N_("milestone {id}"),
    Kind.TARGETS: N_("target {id}"),
    Kind.INDICATORS: N_("indicator {id}"),
    Kind.SECTORS: N_("sector {id}"),
}
