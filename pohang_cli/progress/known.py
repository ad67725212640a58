"""Judging as of a past day, as it was known then (methodology §8.5): targets in force, values reported.

Statistics get revised, and a figure exists for a reader only from the day it was published. A value
counts as known from its `reported` date, else the day pohang `recorded` it, else the end of its period.
A target is in force from its `adopted` day (or from the start) until a revision replaces it. A date of
reduced precision counts from its end ("2024-12" from 2024-12-31), so nothing is taken as known or in
force before it certainly was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from pohang_cli.dates import PartialDate
from pohang_cli.models import Observation, ObservationRevision, Target

__all__ = ["adopted_on", "as_known", "known_from", "target_in_force", "targets_in_force"]


def known_from(value: Observation | ObservationRevision, period: PartialDate) -> dt.date:
    """The day from which `value` (an observation or one of its kept vintages) counts as known.

    Args:
        value: The observation, or a vintage of it.
        period: The observation's date (a vintage has none of its own).
    """
    stamped = value.reported or value.recorded
    return (stamped or period).end()


def as_known(observation: Observation, day: dt.date) -> Observation | None:
    """The observation as it stood on `day`: the latest of its values reported by then, or None if none was.

    Vintages are kept oldest first and the current value comes last, so the last one known by `day` is the
    value current on that day; its earlier vintages stay with it, the later ones are dropped.
    """
    if known_from(observation, observation.date) <= day:
        return observation
    revisions = observation.revisions
    for index in range(len(revisions) - 1, -1, -1):
        vintage = revisions[index]
        if known_from(vintage, observation.date) <= day:
            return replace(
                observation,
                value=vintage.value,
                reported=vintage.reported,
                source=vintage.source,
                note=vintage.note,
                note_en=vintage.note_en,
                provisional=vintage.provisional,
                recorded=vintage.recorded,
                revisions=revisions[:index],
            )
    return None


def _by(when: PartialDate | None, day: dt.date) -> bool:
    """Whether something dated `when` had certainly happened by `day`; undated (older records) counts as always."""
    return when is None or when.end() <= day


def adopted_on(target: Target) -> PartialDate | None:
    """The day a target came into force: its `adopted`, else the date of the revision that created it.

    A revision that moved the deadline to another year created this target; its date is this target's
    adoption (§8.5). None means in force from the start.
    """
    if target.adopted is not None:
        return target.adopted
    if target.supersedes is None:
        return None
    for revision in reversed(target.revisions):
        if revision.deadline.year != target.deadline.year:
            return revision.date
    return None


def target_in_force(target: Target, day: dt.date) -> Target:
    """The version of a target in force on `day`: its value and deadline then, and the revisions made by then.

    Revisions keep the earlier versions oldest first, each dated the day it was replaced; the first one
    replaced after `day` is the version of that day. Only versions of this target's own deadline year count
    (the others belong to the target it superseded).
    """
    for index, revision in enumerate(target.revisions):
        if not _by(revision.date, day):
            if revision.deadline.year != target.deadline.year:
                break
            return replace(target, value=revision.value, deadline=revision.deadline, revisions=target.revisions[:index])
    return target


def targets_in_force(targets: Mapping[str, Target], day: dt.date) -> dict[str, Target]:
    """Every target as it stood on `day` (§8.5), by id: those adopted later are absent.

    A target superseded after `day` was then current, and is shown so; one superseded by then stays
    superseded (kept for history). Each shows the version in force on `day`.
    """
    standing: dict[str, Target] = {}
    for target in targets.values():
        if not _by(adopted_on(target), day):
            continue
        successor = None if target.superseded_by is None else targets.get(target.superseded_by)
        then = target
        if successor is not None and not _by(adopted_on(successor), day):
            then = replace(target, superseded_by=None)
        standing[target.id] = target_in_force(then, day)
    return standing
