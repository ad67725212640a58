"""The domain records of pohang as dataclasses, and the closed vocabularies they use.

Records are what the service and the progress maths work on; storage converts them to and from the
JSON documents of the database file (see storage/) and nothing else knows that layout. They are frozen,
but for observations and milestones (see below).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from pohang_cli.dates import PartialDate


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


@dataclass(frozen=True, slots=True)
class Sector:
    """One of the five strategic industries."""

    id: str
    name_ko: str
    name_en: str
    order: int = 0
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """One measured series of a sector, with its baseline."""

    id: str
    sector: str
    name_ko: str
    name_en: str
    unit: str
    baseline: float | None
    baseline_date: PartialDate | None
    direction: Direction = Direction.INCREASE
    kind: IndicatorKind = IndicatorKind.LEVEL
    model: Model = Model.LINEAR
    basis: str | None = None
    source: str | None = None
    note: str | None = None
    # §8.2: how often the figure comes, how late after its period, and who supplies it.
    frequency: Frequency = Frequency.ANNUAL
    lag_months: int = DEFAULT_LAG_MONTHS
    owner: str | None = None
    # The English of `basis` and `note`, where a second language is needed; `basis` and `note` are Korean.
    basis_en: str | None = None
    note_en: str | None = None

    @property
    def slug(self) -> str:
        """The part of the id after the sector: `investment` in `battery.investment`."""
        return self.id.split(".", 1)[1]


@dataclass(frozen=True, slots=True)
class TargetRevision:
    """An earlier value and deadline of a target, with why and when it changed."""

    value: float
    deadline: PartialDate
    date: PartialDate | None
    reason: str
    source: str | None = None
    note: str | None = None
    reason_en: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """One dated goal of an indicator; id `INDICATOR@YYYY`, stable across revisions."""

    id: str
    indicator: str
    value: float
    deadline: PartialDate
    source: str | None = None
    note: str | None = None
    revisions: tuple[TargetRevision, ...] = ()
    supersedes: str | None = None
    superseded_by: str | None = None
    note_en: str | None = None
    # §8.5: the day this target came into force; None means from the start.
    adopted: PartialDate | None = None

    @property
    def is_current(self) -> bool:
        """A superseded target is kept for history but no longer judged."""
        return self.superseded_by is None

    @property
    def is_revised(self) -> bool:
        """Its value changed, or it replaced a target with another deadline."""
        return bool(self.revisions) or self.supersedes is not None


# Observations and milestones are the records a database holds by the hundred thousand, so they are not
# frozen: a frozen dataclass's __init__ stores each field through object.__setattr__, which made reading
# 100,000 observations 70 ms slower. Treat them as values all the same and change one with
# dataclasses.replace, never in place: a write reuses the stored document of a record it was given back
# unchanged (the same object), so an edit in place would not be saved. Not frozen, they are not hashable.
@dataclass(frozen=True, slots=True)
class ObservationRevision:
    """An earlier value of an observation (a vintage), kept when a later report revised it.

    `reported` is when that value was published (or recorded), so a reader sees which figure was
    current when.
    """

    value: float
    reported: PartialDate | None = None
    source: str | None = None
    note: str | None = None
    provisional: bool = False
    # §8.5: the day pohang stored this value (None for records older than the field).
    recorded: PartialDate | None = None
    note_en: str | None = None


@dataclass(slots=True)
class Observation:
    """One reported actual; for a cumulative indicator the running total.

    `reported` is when the source published the value; `revisions` are the values it replaced, oldest first.
    """

    id: str
    indicator: str
    date: PartialDate
    value: float
    source: str | None = None
    note: str | None = None
    provisional: bool = False
    reported: PartialDate | None = None
    revisions: tuple[ObservationRevision, ...] = ()
    # §8.5: the day pohang stored this value (None for records older than the field).
    recorded: PartialDate | None = None
    note_en: str | None = None

    def as_revision(self) -> ObservationRevision:
        """This value as the vintage a later value of the same date keeps."""
        return ObservationRevision(
            self.value, self.reported, self.source, self.note, self.provisional, self.recorded, self.note_en
        )


@dataclass(slots=True)
class Milestone:
    """A dated event of a sector's policy; `date` is when it happened, `due` when it should."""

    id: int
    sector: str
    title: str
    status: MilestoneStatus = MilestoneStatus.PLANNED
    title_en: str | None = None
    date: PartialDate | None = None
    due: PartialDate | None = None
    original_due: PartialDate | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """A person's judgement of a target (methodology §8.3), kept beside the computed status, never replacing it.

    One per target, keyed by the target's id; `status` is a status of the ladder (achieved ... regressing),
    `basis` the written reasons (판단근거) in Korean, `basis_en` optionally in English, `sources` one or more
    URLs, and `date` the day the assessment was made.
    """

    target: str
    status: TargetStatus
    basis: str
    sources: tuple[str, ...]
    date: PartialDate
    basis_en: str | None = None

    @property
    def id(self) -> str:
        """Its public id: the target's, as `remove assessment TARGET` names it."""
        return self.target


def observation_id(indicator: str, date: PartialDate) -> str:
    """An observation's id: one value per indicator and date, so a second record replaces the first."""
    return f"{indicator}:{date.iso()}"


def observation_key(text: str) -> str:
    """An observation's id as typed, in the form it is stored: `Battery.Jobs:2025-h1` -> `battery.jobs:2025-H1`.

    The indicator part is case-folded as indicator ids are; the date part is read as ISO at any precision,
    so the half-years and quarters `history` prints (`2025-H1`, `2026-Q2`) name their observation in any case.
    Text that is no such id comes back case-folded, to be reported as not found.
    """
    from pohang_cli.dates import parse_iso
    from pohang_cli.errors import InputError

    indicator, colon, when = text.strip().rpartition(":")
    if not colon:
        return text.strip().casefold()
    try:
        return observation_id(indicator.casefold(), parse_iso(when.strip().upper()))
    except InputError:
        return text.strip().casefold()


def target_id(indicator: str, deadline: PartialDate) -> str:
    """A target's id: one target per indicator and deadline year."""
    return f"{indicator}@{deadline.year:04d}"


Record = Sector | Indicator | Target | Observation | Milestone | Assessment


class Kind(StrEnum):
    """The kinds of record, named as the database tables and `--kind` options name them."""

    SECTORS = "sectors"
    INDICATORS = "indicators"
    TARGETS = "targets"
    OBSERVATIONS = "observations"
    MILESTONES = "milestones"
    # Last: an assessment refers to a target, so removing every record goes from here backwards.
    ASSESSMENTS = "assessments"


@dataclass(slots=True)
class Dataset:
    """Everything in one database, in memory; what a command reads and a writer changes.

    The tables are mappings from public id to record. Storage may hand out lazy mappings that convert
    a stored document only when it is looked at, so a command that touches one observation of 100,000
    does not pay for the other 99,999.
    """

    sectors: MutableMapping[str, Sector] = field(default_factory=dict)
    indicators: MutableMapping[str, Indicator] = field(default_factory=dict)
    targets: MutableMapping[str, Target] = field(default_factory=dict)
    observations: MutableMapping[str, Observation] = field(default_factory=dict)
    milestones: MutableMapping[int, Milestone] = field(default_factory=dict)
    next_milestone_id: int = 1
    # Keyed by target id: at most one person's assessment per target (§8.3).
    assessments: MutableMapping[str, Assessment] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """One record added, changed or removed by a command: what the audit log keeps and undo reverses."""

    kind: Kind
    id: str | int
    before: Record | None
    after: Record | None


class LogHead(NamedTuple):
    """Which log entry a database has applied last; seq 0 and no id for a database with no history."""

    seq: int = 0
    id: str | None = None
    # The newest entry's hash (chain.py); None for no history, or a file whose log predates the chain.
    hash: str | None = None
    # The log holds every change since the database was created, so a record it never mentions was put
    # there behind pohang's back (the doctor's `unlogged-record`).
    from_start: bool = False

    @classmethod
    def of_meta(cls, meta: dict[str, Any]) -> LogHead:
        """The head named by a database file's `_meta` keys `log_seq`, `log_head`, `log_hash`, `log_from_start`."""
        seq, entry_id, hash_ = meta.get("log_seq", 0), meta.get("log_head"), meta.get("log_hash")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            seq = 0
        return cls(
            seq,
            entry_id if isinstance(entry_id, str) else None,
            hash_ if isinstance(hash_, str) else None,
            meta.get("log_from_start") is True,
        )
