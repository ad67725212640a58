"""Removing what was typed: an observation, a milestone, a target, an indicator or a person's assessment, with
what depends on it.

One logged change that `pohang undo` reverts, written through the seam of the other writers
(transaction.py). The prompt of the CLI is shown what `plan_removal` finds; `remove` refuses when the
database changed in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from pohang_cli.errors import InputError, NotFoundError
from pohang_cli.i18n import N_, _
from pohang_cli.models import Indicator, Kind, Observation, Target, observation_key
from pohang_cli.service.naming import normalize_text
from pohang_cli.service.transaction import Repository, retried, transaction


class RemovableKind(StrEnum):
    """The kinds `pohang remove` takes, singular as a person names one record."""

    OBSERVATION = "observation"
    MILESTONE = "milestone"
    TARGET = "target"
    INDICATOR = "indicator"
    ASSESSMENT = "assessment"


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
    "assessment": RemovableKind.ASSESSMENT,
    "assessments": RemovableKind.ASSESSMENT,
    "평가": RemovableKind.ASSESSMENT,
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
        wanted = observation_key(normalize_text(request.record_id))
        observation: Observation | None = data.observations.get(wanted)
        if observation is None:
            raise NotFoundError(
                _("no observation '{id}': an observation's id is INDICATOR:DATE, as `pohang history` lists it").format(
                    id=request.record_id
                )
            )
        return Removal(Kind.OBSERVATIONS, observation.id, ((Kind.OBSERVATIONS, observation.id),))
    if kind is RemovableKind.ASSESSMENT:
        wanted = normalize_text(request.record_id).casefold()
        if wanted not in data.assessments:
            raise NotFoundError(
                _("no assessment of target '{id}' (`pohang explain {id}` shows a target's assessment)").format(
                    id=request.record_id
                )
            )
        return Removal(Kind.ASSESSMENTS, wanted, ((Kind.ASSESSMENTS, wanted),))
    if kind is RemovableKind.TARGET:
        target = _target(data, request.record_id)
        later = _later_revisions(data, target)
        if later and not request.cascade:
            raise InputError(
                _("target '{id}' was superseded by {later}; remove with --cascade to remove them too").format(
                    id=target.id, later=", ".join(later)
                )
            )
        assessed = _assessed(data, [target.id, *later])
        if assessed and not request.cascade:
            raise InputError(
                _("target '{id}' has a person's assessment; remove with --cascade to remove it too").format(
                    id=target.id
                )
            )
        removed = ((Kind.TARGETS, target.id), *((Kind.TARGETS, key) for key in later), *assessed)
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
        *_assessed(data, targets),
    )
    return Removal(Kind.INDICATORS, indicator.id, removed)


def _assessed(data: Any, target_ids: Sequence[str]) -> tuple[tuple[Kind, str | int], ...]:
    """The assessments of these targets, as removals: they go with their target."""
    return tuple((Kind.ASSESSMENTS, key) for key in target_ids if key in data.assessments)


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
    from pohang_cli.limits import LARGEST_NUMBER

    if not cleaned.isdigit():
        raise InputError(_("a milestone's id is a number, not '{id}' (see `pohang milestones`)").format(id=text))
    if not 1 <= int(cleaned) <= LARGEST_NUMBER:
        raise InputError(
            _("milestone ids run from 1 to {largest}, not {milestone_id}").format(
                largest=LARGEST_NUMBER, milestone_id=cleaned
            )
        )
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
    if Kind.ASSESSMENTS in counts:
        count = counts[Kind.ASSESSMENTS]
        parts.append(ngettext("{count} assessment", "{count} assessments", count).format(count=count))
    if not parts:
        return head
    return _("{record} with {dependants}").format(record=head, dependants=", ".join(parts))


_SINGULAR = {
    Kind.OBSERVATIONS: N_("observation {id}"),
    Kind.MILESTONES: N_("milestone {id}"),
    Kind.TARGETS: N_("target {id}"),
    Kind.INDICATORS: N_("indicator {id}"),
    Kind.SECTORS: N_("sector {id}"),
    Kind.ASSESSMENTS: N_("the assessment of {id}"),
}
