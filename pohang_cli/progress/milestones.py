"""What methodology §6 derives from a milestone at an as-of date: overdue, due soon, late, rescheduled."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pohang_cli.models import Milestone

__all__ = ["MilestoneJudgement", "is_overdue", "judge_milestone"]


class MilestoneJudgement(NamedTuple):
    """What methodology §6 derives from a milestone at an as-of date; never stored, never changed."""

    milestone: Milestone
    overdue: bool
    days_overdue: int | None
    due_soon: bool
    late: bool
    slip_days: int | None
    rescheduled: bool


def judge_milestone(milestone: Milestone, as_of: dt.date) -> MilestoneJudgement:
    """Derive overdue, due soon, late, slip and rescheduled for one milestone at `as_of` (methodology §6).

    A due date of reduced precision means the end of its period ("2026Q2" is due 2026-06-30). A done date
    of reduced precision is taken at its start, so a milestone is late only when it is certainly late and
    `slip_days` is the least slip the date allows.

    Args:
        milestone: The milestone, with its stored status, done date, due date and original due date.
        as_of: The date the milestone is judged at.

    Returns:
        The derived figures; `days_overdue` and `slip_days` are None when they do not apply.
    """
    status = milestone.status
    due = None if milestone.due is None else milestone.due.end()
    is_open = not status.is_terminal

    overdue = False
    days_overdue: int | None = None
    due_soon = False
    if is_open and due is not None:
        # Strict: an item due today is not overdue yet; it is due soon.
        overdue = as_of > due
        days_overdue = (as_of - due).days if overdue else None
        due_soon = 0 <= (due - as_of).days <= 30

    slip_days: int | None = None
    if status.is_completed and milestone.date is not None and due is not None:
        slip_days = (milestone.date.start() - due).days

    # Compared as due dates, i.e. by the end of their periods: "2026" refined to "2026-12-31" is not a move.
    original_due = milestone.original_due
    rescheduled = original_due is not None and (due is None or original_due.end() != due)

    # Positional, in field order: `milestones` and `status` judge 10,000 of them, and keywords cost a fifth.
    return MilestoneJudgement(
        milestone, overdue, days_overdue, due_soon, slip_days is not None and slip_days > 0, slip_days, rescheduled
    )


def is_overdue(milestone: Milestone, as_of: dt.date) -> bool:
    """`judge_milestone(milestone, as_of).overdue` without the other figures: `status` counts 10,000 milestones."""
    due = milestone.due
    return due is not None and as_of > due.end() and not milestone.status.is_terminal
