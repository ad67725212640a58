"""The use case of `pohang check`: what a cron job or CI should hear about (methodology §7 and §8.1).

Nothing here prints or reads the clock: the CLI passes the as-of date and renders the result.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pohang_cli.models import Dataset, Flag, TargetStatus
from pohang_cli.progress import Judgement, Rule, is_at_or_below
from pohang_cli.service.reading import MilestoneFilter, list_milestones, status

__all__ = ["CheckResult", "Problem", "check", "is_reported_by_check"]


class Problem(NamedTuple):
    """Something `pohang check` reports: a target at or below the threshold, or an overdue milestone."""

    kind: str  # "target" or "milestone"
    id: str
    sector: str
    name_ko: str
    name_en: str | None
    status: str
    days_overdue: int | None = None
    judgement: Judgement | None = None


class CheckResult(NamedTuple):
    """The problems found, and how much was checked."""

    problems: tuple[Problem, ...]
    targets_checked: int
    milestones_checked: int
    fail_on: TargetStatus


def is_reported_by_check(judgement: Judgement, fail_on: TargetStatus, *, stale: bool = False) -> bool:
    """Whether `pohang check` reports a target (methodology §7 and §8.1).

    A target at or below `fail_on`; one awaiting its final figure, and a `no_data` target past its deadline (a
    2025 target with no data in 2026 is news, not silence); one whose assessment disputes the figures (§8.3);
    and, when asked for, one with too little evidence or a stale actual that a final verdict does not settle.
    """
    status, flags = judgement.status, judgement.flags
    if is_at_or_below(status, fail_on) or status is TargetStatus.PENDING_FINAL or Flag.DISPUTED in flags:
        return True
    if status is TargetStatus.NO_DATA and Flag.DEADLINE_PASSED in flags:
        return True
    if not stale:
        return False
    return status is TargetStatus.INSUFFICIENT or (Flag.STALE in flags and judgement.rule is not Rule.FINAL_FIGURE)


def check(
    data: Dataset,
    as_of: date,
    fail_on: TargetStatus = TargetStatus.OFF_TRACK,
    *,
    stale: bool = False,
    known_as_of: date | None = None,
) -> CheckResult:
    """The targets `is_reported_by_check` names, and overdue milestones; judged as `status` judges them."""
    report = status(data, as_of, known_as_of=known_as_of)
    problems = [
        Problem(
            "target",
            a.target.id,
            a.indicator.sector,
            a.indicator.name_ko,
            a.indicator.name_en,
            a.status.value,
            judgement=a,
        )
        for a in report.judgements
        if is_reported_by_check(a, fail_on, stale=stale)
    ]
    overdue = list_milestones(data, as_of, MilestoneFilter(overdue=True))
    problems += [
        Problem(
            "milestone",
            str(j.milestone.id),
            j.milestone.sector,
            j.milestone.title,
            j.milestone.title_en,
            j.milestone.status.value,
            days_overdue=j.days_overdue,
        )
        for j in overdue
    ]
    return CheckResult(tuple(problems), sum(len(b.judgements) for b in report.sectors), len(data.milestones), fail_on)
