"""The domain records of pohang as dataclasses, and (from vocabulary.py) the closed vocabularies they use.

Records are what the service and the progress maths work on; storage converts them to and from the
JSON documents of the database file (see storage/) and nothing else knows that layout. They are frozen,
but for observations and milestones (see below). Each writes its __init__ out and takes `==` and `repr`
from values.py: the code @dataclass would generate is compiled again on every start-up.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import NamedTuple

from pohang_cli.dates import PartialDate
from pohang_cli.values import FrozenValue, Value
from pohang_cli.vocabulary import (
    DEFAULT_LAG_MONTHS,
    AssessedStatus,
    Direction,
    Flag,
    Frequency,
    IndicatorKind,
    Kind,
    MilestoneStatus,
    Model,
    TargetStatus,
)

__all__ = [
    "DEFAULT_LAG_MONTHS", "AssessedStatus", "Assessment", "Change", "Dataset", "Direction", "Flag", "Frequency",
    "Indicator", "IndicatorKind", "Kind", "LogHead", "Milestone", "MilestoneStatus", "Model", "Observation",
    "ObservationRevision", "Record", "Sector", "Target", "TargetRevision", "TargetStatus", "observation_id",
    "observation_key", "target_id",
]  # fmt: skip

# A frozen record's __init__ stores each field as @dataclass's does: past the __setattr__ that refuses to.
_set = object.__setattr__


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Sector(FrozenValue):
    """One of the five strategic industries."""

    id: str
    name_ko: str
    name_en: str
    order: int = 0
    source: str | None = None
    note: str | None = None
    note_en: str | None = None

    def __init__(
        self,
        id: str,
        name_ko: str,
        name_en: str,
        order: int = 0,
        source: str | None = None,
        note: str | None = None,
        note_en: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "name_ko", name_ko)
        _set(self, "name_en", name_en)
        _set(self, "order", order)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "note_en", note_en)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Indicator(FrozenValue):
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

    def __init__(
        self,
        id: str,
        sector: str,
        name_ko: str,
        name_en: str,
        unit: str,
        baseline: float | None,
        baseline_date: PartialDate | None,
        direction: Direction = Direction.INCREASE,
        kind: IndicatorKind = IndicatorKind.LEVEL,
        model: Model = Model.LINEAR,
        basis: str | None = None,
        source: str | None = None,
        note: str | None = None,
        frequency: Frequency = Frequency.ANNUAL,
        lag_months: int = DEFAULT_LAG_MONTHS,
        owner: str | None = None,
        basis_en: str | None = None,
        note_en: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "sector", sector)
        _set(self, "name_ko", name_ko)
        _set(self, "name_en", name_en)
        _set(self, "unit", unit)
        _set(self, "baseline", baseline)
        _set(self, "baseline_date", baseline_date)
        _set(self, "direction", direction)
        _set(self, "kind", kind)
        _set(self, "model", model)
        _set(self, "basis", basis)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "frequency", frequency)
        _set(self, "lag_months", lag_months)
        _set(self, "owner", owner)
        _set(self, "basis_en", basis_en)
        _set(self, "note_en", note_en)

    @property
    def slug(self) -> str:
        """The part of the id after the sector: `investment` in `battery.investment`."""
        return self.id.split(".", 1)[1]


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class TargetRevision(FrozenValue):
    """An earlier value and deadline of a target, with why and when it changed."""

    value: float
    deadline: PartialDate
    date: PartialDate | None
    reason: str
    source: str | None = None
    note: str | None = None
    reason_en: str | None = None
    note_en: str | None = None

    def __init__(
        self,
        value: float,
        deadline: PartialDate,
        date: PartialDate | None,
        reason: str,
        source: str | None = None,
        note: str | None = None,
        reason_en: str | None = None,
        note_en: str | None = None,
    ) -> None:
        _set(self, "value", value)
        _set(self, "deadline", deadline)
        _set(self, "date", date)
        _set(self, "reason", reason)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "reason_en", reason_en)
        _set(self, "note_en", note_en)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Target(FrozenValue):
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

    def __init__(
        self,
        id: str,
        indicator: str,
        value: float,
        deadline: PartialDate,
        source: str | None = None,
        note: str | None = None,
        revisions: tuple[TargetRevision, ...] = (),
        supersedes: str | None = None,
        superseded_by: str | None = None,
        note_en: str | None = None,
        adopted: PartialDate | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "indicator", indicator)
        _set(self, "value", value)
        _set(self, "deadline", deadline)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "revisions", revisions)
        _set(self, "supersedes", supersedes)
        _set(self, "superseded_by", superseded_by)
        _set(self, "note_en", note_en)
        _set(self, "adopted", adopted)

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
@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class ObservationRevision(FrozenValue):
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

    def __init__(
        self,
        value: float,
        reported: PartialDate | None = None,
        source: str | None = None,
        note: str | None = None,
        provisional: bool = False,
        recorded: PartialDate | None = None,
        note_en: str | None = None,
    ) -> None:
        _set(self, "value", value)
        _set(self, "reported", reported)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "provisional", provisional)
        _set(self, "recorded", recorded)
        _set(self, "note_en", note_en)


@dataclass(slots=True, init=False, repr=False, eq=False)
class Observation(Value):
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

    def __init__(
        self,
        id: str,
        indicator: str,
        date: PartialDate,
        value: float,
        source: str | None = None,
        note: str | None = None,
        provisional: bool = False,
        reported: PartialDate | None = None,
        revisions: tuple[ObservationRevision, ...] = (),
        recorded: PartialDate | None = None,
        note_en: str | None = None,
    ) -> None:
        self.id = id
        self.indicator = indicator
        self.date = date
        self.value = value
        self.source = source
        self.note = note
        self.provisional = provisional
        self.reported = reported
        self.revisions = revisions
        self.recorded = recorded
        self.note_en = note_en

    def as_revision(self) -> ObservationRevision:
        """This value as the vintage a later value of the same date keeps."""
        return ObservationRevision(
            self.value, self.reported, self.source, self.note, self.provisional, self.recorded, self.note_en
        )


@dataclass(slots=True, init=False, repr=False, eq=False)
class Milestone(Value):
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

    def __init__(
        self,
        id: int,
        sector: str,
        title: str,
        status: MilestoneStatus = MilestoneStatus.PLANNED,
        title_en: str | None = None,
        date: PartialDate | None = None,
        due: PartialDate | None = None,
        original_due: PartialDate | None = None,
        source: str | None = None,
        note: str | None = None,
        note_en: str | None = None,
    ) -> None:
        self.id = id
        self.sector = sector
        self.title = title
        self.status = status
        self.title_en = title_en
        self.date = date
        self.due = due
        self.original_due = original_due
        self.source = source
        self.note = note
        self.note_en = note_en


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Assessment(FrozenValue):
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

    def __init__(
        self,
        target: str,
        status: TargetStatus,
        basis: str,
        sources: tuple[str, ...],
        date: PartialDate,
        basis_en: str | None = None,
    ) -> None:
        _set(self, "target", target)
        _set(self, "status", status)
        _set(self, "basis", basis)
        _set(self, "sources", sources)
        _set(self, "date", date)
        _set(self, "basis_en", basis_en)

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


@dataclass(slots=True, repr=False, eq=False)
class Dataset(Value):
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


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Change(FrozenValue):
    """One record added, changed or removed by a command: what the audit log keeps and undo reverses."""

    kind: Kind
    id: str | int
    before: Record | None
    after: Record | None

    def __init__(
        self,
        kind: Kind,
        id: str | int,
        before: Record | None,
        after: Record | None,
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "id", id)
        _set(self, "before", before)
        _set(self, "after", after)


class LogHead(NamedTuple):
    """Which log entry a database has applied last; seq 0 and no id for a database with no history."""

    seq: int = 0
    id: str | None = None
    # The newest entry's hash (chain.py); None for no history, or a file whose log predates the chain.
    hash: str | None = None
    # The log holds every change since the database was created, so a record it never mentions was put
    # there behind pohang's back (the doctor's `unlogged-record`).
    from_start: bool = False
