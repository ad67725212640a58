"""A sector's roll-up: its targets counted per status and its milestones per outcome (methodology §4, §6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pohang_cli.models import MilestoneStatus, TargetStatus
from pohang_cli.progress.ladder import Judgement
from pohang_cli.progress.milestones import MilestoneJudgement
from pohang_cli.progress.watched import WatchedJudgement

__all__ = ["SectorRollup", "rollup_sector"]


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
        The roll-up. `worst_status` is the worst judged status by severity; it is `no_data` only when every
        target is `no_data`, and None when the sector has no targets. `completion_rate` is (done + partial)
        / all milestones, cancelled ones included in the denominator; None without milestones.
    """
    status_counts = dict.fromkeys(TargetStatus, 0)
    for judgement in judgements:
        if judgement.indicator.sector == sector_id and (
            isinstance(judgement, WatchedJudgement) or judgement.target.is_current
        ):
            status_counts[judgement.status] += 1

    unjudged = (TargetStatus.NO_DATA, TargetStatus.NO_TARGET)
    judged = [status for status, count in status_counts.items() if count and status not in unjudged]
    worst_status: TargetStatus | None = None
    if judged:
        worst_status = max(judged, key=lambda status: status.severity)
    elif status_counts[TargetStatus.NO_DATA]:
        worst_status = TargetStatus.NO_DATA

    total = completed = cancelled = overdue = 0
    for item in milestones:
        if item.milestone.sector != sector_id:
            continue
        total += 1
        if item.milestone.status.is_completed:
            completed += 1
        elif item.milestone.status is MilestoneStatus.CANCELLED:
            cancelled += 1
        if item.overdue:
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
