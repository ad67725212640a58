"""A sector's roll-up: its targets counted per status and its milestones per outcome (methodology §4, §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from pohang_cli.models import Milestone, MilestoneStatus, TargetStatus
from pohang_cli.progress.ladder import Judgement
from pohang_cli.progress.milestones import MilestoneJudgement, is_overdue
from pohang_cli.progress.watched import WatchedJudgement

__all__ = ["SectorRollup", "rollup_sector", "rollup_sector_at"]

# Verdicts that would read as good news for the whole sector.
_GOOD_NEWS = frozenset({TargetStatus.ACHIEVED, TargetStatus.ON_TRACK})


class SectorRollup(NamedTuple):
    """A sector's targets counted per status, and its milestones counted per outcome.

    `status_counts` has every status as a key, in the order of `TargetStatus`; watched indicators are counted
    apart, under `no_target` (methodology §7), and never make the worst status. Pace ratios are not averaged
    (methodology §4).
    """

    sector: str
    status_counts: dict[TargetStatus, int]
    worst_status: TargetStatus | None
    milestones_total: int
    milestones_completed: int
    milestones_cancelled: int
    milestones_overdue: int
    completion_rate: float | None


def rollup_sector(
    sector_id: str,
    judgements: Iterable[Judgement | WatchedJudgement],
    milestones: Iterable[MilestoneJudgement],
) -> SectorRollup:
    """Count a sector's target statuses and milestone outcomes (methodology §4 and §6).

    Judgements and milestones of other sectors are ignored, and so are judgements of superseded targets
    (kept for history, no longer judged), so callers may pass everything they have.

    Args:
        sector_id: The sector to roll up.
        judgements: Target judgements, from `judge_target`.
        milestones: Milestone judgements, from `judge_milestone`.

    Returns:
        The roll-up. `worst_status` is the worst verdict by severity, except that a sector is never called
        at worst achieved or on track while one of its targets has no verdict (methodology §8.1): then it is
        the most pressing of those (pending_final, insufficient, not_judged, no_data). None when the sector
        has no targets. `completion_rate` is (done + partial)
        / all milestones, cancelled ones included in the denominator; None without milestones.
    """
    return _rollup(sector_id, judgements, ((item.milestone, item.overdue) for item in milestones))


def rollup_sector_at(
    sector_id: str,
    judgements: Iterable[Judgement | WatchedJudgement],
    milestones: Iterable[Milestone],
    as_of: dt.date,
) -> SectorRollup:
    """`rollup_sector` of milestones not judged: of each, only whether it is overdue at `as_of` is worked out.

    `status` counts every milestone of a sector and shows none of them: judging all of a large database's
    10,000 cost as much again as reading them.
    """
    return _rollup(sector_id, judgements, ((milestone, is_overdue(milestone, as_of)) for milestone in milestones))


def _rollup(
    sector_id: str,
    judgements: Iterable[Judgement | WatchedJudgement],
    milestones: Iterable[tuple[Milestone, bool]],
) -> SectorRollup:
    """The roll-up of `rollup_sector`, of (milestone, whether it is overdue) pairs."""
    status_counts = dict.fromkeys(TargetStatus, 0)
    for judgement in judgements:
        if judgement.indicator.sector == sector_id and (
            isinstance(judgement, WatchedJudgement) or judgement.target.is_current
        ):
            status_counts[judgement.status] += 1
    present = [status for status, count in status_counts.items() if count and status is not TargetStatus.NO_TARGET]
    worst_status = max((s for s in present if s.is_verdict), key=lambda s: s.severity, default=None)
    if worst_status in _GOOD_NEWS or worst_status is None:
        # §8.1: no good news while a target is unknown; the most pressing reason for no verdict instead.
        worst_status = max((s for s in present if not s.is_verdict), key=lambda s: s.severity, default=worst_status)

    total = completed = cancelled = overdue = 0
    for milestone, is_late in milestones:
        if milestone.sector != sector_id:
            continue
        total += 1
        if milestone.status.is_completed:
            completed += 1
        elif milestone.status is MilestoneStatus.CANCELLED:
            cancelled += 1
        if is_late:
            overdue += 1

    return SectorRollup(
        sector=sector_id,
        status_counts=status_counts,
        worst_status=worst_status,
        milestones_total=total,
        milestones_completed=completed,
        milestones_cancelled=cancelled,
        milestones_overdue=overdue,
        completion_rate=completed / total if total else None,
    )
