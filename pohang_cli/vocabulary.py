"""The closed vocabularies of the domain: directions, kinds, models, statuses, flags, frequencies and the
kinds of record, each a StrEnum of the values the database and the machine formats store.

models.py re-exports every name here, so `from pohang_cli.models import TargetStatus` keeps working.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    """Whether a higher value is better."""

    INCREASE = "increase"
    DECREASE = "decrease"

    @property
    def sign(self) -> int:
        """d = +1 for increase, -1 for decrease (methodology §3)."""
        return 1 if self is Direction.INCREASE else -1


class IndicatorKind(StrEnum):
    """A value at a date (`level`) or a running total since the baseline (`cumulative`)."""

    LEVEL = "level"
    CUMULATIVE = "cumulative"


class Model(StrEnum):
    """How pace is measured: straight-line change or compound growth."""

    LINEAR = "linear"
    COMPOUND = "compound"


class TargetStatus(StrEnum):
    """Status of a target (methodology §8.1): the verdicts from best to worst, then the statuses that say why
    there is no verdict, the most pressing first; a watched indicator's `no_target` last."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OFF_TRACK = "off_track"
    REGRESSING = "regressing"
    MISSED = "missed"
    # §8.1 rule 5: the deadline has passed and the figure of its period has not come.
    PENDING_FINAL = "pending_final"
    # §8.1 rule 6: the figures are too old or only provisional to carry a verdict.
    INSUFFICIENT = "insufficient"
    # §8.1 rule 4: the indicator has no baseline, so no pace can be measured.
    NOT_JUDGED = "not_judged"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"

    @property
    def severity(self) -> int:
        """0 for achieved up to 5 for missed; the statuses that are not verdicts are negative.

        Among those, the more a reader needs to act the higher: pending_final (-1, a final figure is due),
        insufficient (-2), not_judged (-3), no_data (-4), no_target (-5, a watched indicator).
        """
        return _TARGET_SEVERITY[self]

    @property
    def is_verdict(self) -> bool:
        """Whether the status judges the target (achieved ... missed), rather than saying why it cannot."""
        return _TARGET_SEVERITY[self] >= 0


_TARGET_SEVERITY = {
    TargetStatus.NO_TARGET: -5,
    TargetStatus.NO_DATA: -4,
    TargetStatus.NOT_JUDGED: -3,
    TargetStatus.INSUFFICIENT: -2,
    TargetStatus.PENDING_FINAL: -1,
    TargetStatus.ACHIEVED: 0,
    TargetStatus.ON_TRACK: 1,
    TargetStatus.BEHIND: 2,
    TargetStatus.OFF_TRACK: 3,
    TargetStatus.REGRESSING: 4,
    TargetStatus.MISSED: 5,
}


class Flag(StrEnum):
    """Notes on a target's judgement (methodology §4, §7 and §8); since §8 weak evidence is a status too."""

    LOW_CONFIDENCE = "low_confidence"
    PROVISIONAL = "provisional"
    AWAITING_FINAL_DATA = "awaiting_final_data"
    REVISED = "revised"
    # §7: the latest actual is more than STALE_AFTER_MONTHS old.
    STALE = "stale"
    # §7: the projected reach date is already past, yet no actual shows the target met.
    REACH_PASSED = "reach_passed"
    # §7: the indicator has no baseline, so nothing can be judged; its actuals are still shown.
    NO_BASELINE = "no_baseline"
    # §7: the deadline is past and no observation is dated at or after it.
    DEADLINE_PASSED = "deadline_passed"
    REVISED_ACTUAL = "revised_actual"
    # §8.1: achieved by a figure whose period ends after the deadline.
    LATE = "late"
    # §8.3: a person's assessment says otherwise than the figures.
    DISPUTED = "disputed"
    # §8.3: the latest actual came after the person's assessment was made.
    ASSESSMENT_OUTDATED = "assessment_outdated"


class AssessedStatus(StrEnum):
    """The statuses a person's assessment may give (methodology §8.3): the ladder's `achieved` ... `regressing`."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OFF_TRACK = "off_track"
    REGRESSING = "regressing"


class Frequency(StrEnum):
    """How often an indicator's figure is published (methodology §8.2); it sets when a figure is stale."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    ANNUAL = "annual"
    # Capacities and counts announced when they change: no regular period.
    IRREGULAR = "irregular"

    @property
    def months(self) -> int | None:
        """The months in one period; None for an irregular series."""
        return _FREQUENCY_MONTHS[self]


_FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.ANNUAL: 12,
    Frequency.IRREGULAR: None,
}
# How long after a period ends its figure is normally published, when the indicator does not say (§8.2).
DEFAULT_LAG_MONTHS = 3


class MilestoneStatus(StrEnum):
    """Stored status of a milestone (methodology §6)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    DONE = "done"
    PARTIAL = "partial"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        """Done, partial and cancelled milestones can no longer be overdue."""
        return self in _TERMINAL_MILESTONE_STATUSES

    @property
    def is_completed(self) -> bool:
        """Done or partial: counted in a sector's completion rate."""
        return self in _COMPLETED_MILESTONE_STATUSES


# Sets made once: naming the members inside the properties costs ten times the test (10,000 milestones).
_COMPLETED_MILESTONE_STATUSES = frozenset({MilestoneStatus.DONE, MilestoneStatus.PARTIAL})
_TERMINAL_MILESTONE_STATUSES = _COMPLETED_MILESTONE_STATUSES | {MilestoneStatus.CANCELLED}


class Kind(StrEnum):
    """The kinds of record, named as the database tables and `--kind` options name them."""

    SECTORS = "sectors"
    INDICATORS = "indicators"
    TARGETS = "targets"
    OBSERVATIONS = "observations"
    MILESTONES = "milestones"
    # Last: an assessment refers to a target, so removing every record goes from here backwards.
    ASSESSMENTS = "assessments"
