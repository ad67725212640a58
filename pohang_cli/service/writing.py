"""The writing use cases: validate a change and apply it in one transaction of the database.

The seam to storage (`Repository`, `Session`): a writer opens one transaction, asks the session for the
records it validates against (one by id, or a small kind whole), stages its changes on them, and hands
the changes over once at the end; an exception hands over nothing. What a backend reads and writes for
that is its own business: the file reads and rewrites itself whole, PostgreSQL touches the rows named.
The CLI passes `today`; nothing here reads the clock.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pohang_cli.caveats import Caveat, caveats
from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError, TransactionConflictError
from pohang_cli.i18n import _
from pohang_cli.models import (
    Change,
    Dataset,
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    ObservationRevision,
    Record,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)
from pohang_cli.service.reading import (
    normalize_text,
    resolve_indicator,
    resolve_milestone,
    resolve_sector,
    resolve_target,
)

if TYPE_CHECKING:  # only writers get parsed values, and they import quantities themselves (it needs decimal)
    from pohang_cli.quantities import ParsedValue

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")

# Unit words a value may carry, and the indicator units they are compatible with.
_COMPATIBLE_UNITS: dict[str, set[str]] = {
    "KRW": {"krw", "원", "won"},
    "t": {"t", "톤", "tonnes", "tons"},
    "companies": {"companies", "개사", "개", "firms"},
    "jobs": {"jobs", "명", "persons", "people"},
    "beds": {"beds", "병상"},
    "MW": {"mw"},
    "%": {"%", "percent", "pct"},
}


class Session(Protocol):
    """One write transaction of a database: the records a write validates against, and where it hands its changes.

    `dataset` holds the records as the transaction sees them. A backend may read its tables on demand:
    `key in table`, `table[key]` and `table.get(key)` read one record, iterating a table reads that kind
    whole. Iterate the small kinds (sectors, indicators, targets) freely; call `load` before iterating
    observations or milestones, which hold 100,000 records in a large database. Records put into the
    tables are seen by the rest of the transaction, and written only by `write`.
    """

    @property
    def dataset(self) -> Dataset: ...

    def load(self, *kinds: Kind) -> None:
        """Read these kinds whole now, in one go each (a bulk import checks against everything)."""
        ...

    def observations_of(self, indicator: str) -> list[Observation]:
        """The observations of one indicator, as this transaction sees them (staged ones included).

        What a write needs to judge a value beside the indicator's others, without reading every
        observation of the database.
        """
        ...

    def new_milestone_id(self) -> int:
        """The id of a new milestone: never given before, never given again, even if this write fails."""
        ...

    def reserve_milestone_ids(self, next_id: int) -> None:
        """Let new milestones get `next_id` or more (an import brings milestones with ids of their own)."""
        ...

    def write(self, changes: Sequence[Change]) -> None:
        """Store these changes, staged on `dataset`, and log them as one entry; the transaction then ends."""
        ...


class Repository(Protocol):
    """What the service needs of a database: read it whole (reading commands), or open one write transaction."""

    def read(self) -> Dataset: ...

    def transaction(self) -> AbstractContextManager[Session]:
        """A write transaction: held exclusively where the backend must (the file's lock), ended on exit."""
        ...


class Transaction:
    """The records of one write transaction, and the changes staged on them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dataset = session.dataset
        self.changes: list[Change] = []

    def put(self, kind: Kind, key: str | int, record: Record) -> None:
        """Stage a new or changed record (a record equal to the stored one is no change)."""
        table: Any = getattr(self.dataset, kind.value)
        before = table.get(key)
        if before == record:
            return
        table[key] = record
        self.changes.append(Change(kind, key, before, record))

    def remove(self, kind: Kind, key: str | int) -> None:
        """Stage the removal of a record (removing a missing one is no change)."""
        table: Any = getattr(self.dataset, kind.value)
        before = table.get(key)
        if before is None:
            return
        del table[key]
        self.changes.append(Change(kind, key, before, None))


# How often a write that collided with another session's is run again before it is reported as busy.
CONFLICT_RETRIES = 5

UseCase = TypeVar("UseCase", bound=Callable[..., Any])


def retried(use_case: UseCase) -> UseCase:
    """Run a writing use case again, whole, when the backend reports a conflicting concurrent write.

    Every writing use case carries it: a use case reads what it validates against inside its own
    transaction, so running it again validates against what the other session wrote. At most
    CONFLICT_RETRIES more times; then the conflict is reported (exit 4, "busy") and nothing was written.
    """

    @functools.wraps(use_case)
    def run(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, CONFLICT_RETRIES + 2):
            try:
                return use_case(*args, **kwargs)
            except TransactionConflictError:
                if attempt > CONFLICT_RETRIES:
                    raise
                import random
                import time

                time.sleep(0.01 * 2 ** (attempt - 1) * (1 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    return run  # type: ignore[return-value]


@contextmanager
def transaction(repo: Repository) -> Iterator[Transaction]:
    """Open a write transaction, let the caller stage changes, then hand them over once; an exception writes nothing."""
    with repo.transaction() as session:
        tx = Transaction(session)
        yield tx
        if tx.changes:
            session.write(tx.changes)


def check_unit(value: ParsedValue, unit: str, what: str) -> float:
    """The number of `value`, refused when the unit typed with it does not match the indicator's `unit`.

    Both are compared as stored units, so `1,200명` fits an indicator in `jobs`, and one kept in `명` by an
    older pohang.
    """
    if value.unit is not None:
        from pohang_cli.quantities import normalize_unit

        stored = normalize_unit(unit)
        accepted = _COMPATIBLE_UNITS.get(stored, {stored.casefold()})
        typed = normalize_unit(value.unit)
        if typed.casefold() not in accepted and typed != stored:
            raise InputError(
                _("{what} is in '{unit}' but the indicator is measured in '{measured}'").format(
                    what=what, unit=value.unit, measured=unit
                )
            )
    return check_magnitude(value.value, what)


# 10^18 (100경) is far above any quantity of a city's industries (Korea's GDP is ~2.4·10^15 won), and far
# enough below float's 1.8·10^308 that differences, paces and chart scales of stored values stay finite.
MAX_MAGNITUDE = 1e18


def check_magnitude(value: float, what: str) -> float:
    """The value, if its magnitude is at most MAX_MAGNITUDE.

    Raises:
        InputError: a value so large it can only be a typo (or a unit mistaken for digits).
    """
    if not abs(value) <= MAX_MAGNITUDE:
        raise InputError(
            _("{what} {value:g} is beyond ±10^18, larger than any quantity pohang tracks; check the digits").format(
                what=what, value=value
            )
        )
    return value


def _unit(text: str) -> str:
    """The stored unit of a unit word (`명` -> jobs, `억원` -> KRW); refuses an empty one."""
    from pohang_cli.quantities import normalize_unit

    unit = normalize_unit(normalize_text(text))
    if not unit:
        raise InputError(_("the unit is empty: give one such as KRW/원, t/톤, companies/개사, jobs/명, %, MW"))
    return unit


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = normalize_text(text)
    return cleaned or None


@dataclass(frozen=True, slots=True)
class NewIndicator:
    """What `pohang add-indicator` asks for, parsed."""

    sector: str
    slug: str
    name_ko: str
    name_en: str
    unit: str
    baseline: ParsedValue
    baseline_date: PartialDate
    direction: Direction = Direction.INCREASE
    kind: IndicatorKind = IndicatorKind.LEVEL
    model: Model = Model.LINEAR
    basis: str | None = None
    source: str | None = None
    note: str | None = None


@retried
def add_indicator(repo: Repository, new: NewIndicator, today: date) -> Indicator:
    """Create the indicator `SECTOR.SLUG`.

    Raises:
        InputError: unknown sector, bad slug, existing id, a compound model that cannot apply, or a
            baseline dated in the future.
    """
    slug = normalize_text(new.slug)
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(
            _(
                "invalid indicator slug '{slug}': use lower-case letters, digits and hyphens (e.g. cathode-output)"
            ).format(slug=new.slug)
        )
    unit = _unit(new.unit)
    name_ko, name_en = normalize_text(new.name_ko), normalize_text(new.name_en)
    if not name_ko or not name_en:
        raise InputError(_("the indicator needs a name in both languages: give --name-ko and --name-en"))
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, new.sector)
        indicator_id = f"{sector.id}.{slug}"
        if indicator_id in tx.dataset.indicators:
            raise InputError(
                _("indicator '{indicator_id}' already exists (see `pohang indicators {sector}`)").format(
                    indicator_id=indicator_id, sector=sector.id
                )
            )
        baseline = check_unit(new.baseline, unit, _("the baseline"))
        if new.model is Model.COMPOUND and (new.kind is not IndicatorKind.LEVEL or baseline <= 0):
            raise InputError(
                _("the compound model needs a level indicator with a baseline above zero; use --model linear")
            )
        refuse_future(new.baseline_date, today, _("the baseline date"))
        indicator = Indicator(
            id=indicator_id,
            sector=sector.id,
            name_ko=name_ko,
            name_en=name_en,
            unit=unit,
            baseline=baseline,
            baseline_date=new.baseline_date,
            direction=new.direction,
            kind=new.kind,
            model=new.model,
            basis=_clean(new.basis),
            source=_clean(new.source),
            note=_clean(new.note),
        )
        tx.put(Kind.INDICATORS, indicator.id, indicator)
    return indicator


def refuse_future(when: PartialDate, today: date, what: str) -> None:
    """Refuse a baseline or an actual dated after today: it cannot have been reported yet."""
    if when.start() > today:
        raise InputError(
            _("{what} {when} is in the future (today is {today})").format(
                what=what, when=when.iso(), today=today.isoformat()
            )
        )


def check_deadline(indicator: Indicator, deadline: PartialDate) -> None:
    """Refuse a deadline not after the baseline: the required pace would divide by zero or be negative time."""
    if indicator.baseline_date is not None and deadline.month_index() <= indicator.baseline_date.month_index():
        raise InputError(
            _("the deadline {deadline} is not after the baseline date {baseline_date} of '{id}'").format(
                deadline=deadline.iso(), baseline_date=indicator.baseline_date.iso(), id=indicator.id
            )
        )


def check_compound_target(indicator: Indicator, value: float) -> None:
    """Refuse a non-positive target for a compound indicator (no 0.001 substitution, methodology §1)."""
    if indicator.model is Model.COMPOUND and value <= 0:
        raise InputError(_("'{id}' uses the compound model, which needs a target above zero").format(id=indicator.id))


@retried
def add_target(
    repo: Repository,
    indicator_name: str,
    value: ParsedValue,
    deadline: PartialDate,
    source: str | None = None,
    note: str | None = None,
    *,
    today: date | None = None,
    force: bool = False,
) -> Target:
    """Create the target `INDICATOR@YYYY`.

    Raises:
        InputError: unknown indicator, a deadline not after the baseline, an existing target for that
            year (revise it instead), a non-positive value for a compound indicator, or a deadline that
            passed before `today` (unless `force`: a past plan kept for the record).
    """
    if today is not None and not force and deadline.end() < today:
        raise InputError(
            _(
                "the deadline {deadline} has already passed (today is {today}): a new target cannot be met any "
                "more; check the year, or add --force to keep a past target for the record"
            ).format(deadline=deadline.iso(), today=today.isoformat())
        )
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        amount = check_unit(value, indicator.unit, _("the target"))
        check_deadline(indicator, deadline)
        check_compound_target(indicator, amount)
        new_id = target_id(indicator.id, deadline)
        if new_id in tx.dataset.targets:
            raise InputError(
                _(
                    "target '{new_id}' already exists; change it with `pohang revise-target {new_id} --value "
                    "... --reason ...`"
                ).format(new_id=new_id)
            )
        target = Target(new_id, indicator.id, amount, deadline, _clean(source), _clean(note))
        tx.put(Kind.TARGETS, target.id, target)
    return target


@dataclass(frozen=True, slots=True)
class TargetRevisionRequest:
    """What `pohang revise-target` asks for, parsed."""

    target: str
    reason: str
    value: ParsedValue | None = None
    deadline: PartialDate | None = None
    source: str | None = None
    date: PartialDate | None = None


@retried
def revise_target(repo: Repository, request: TargetRevisionRequest) -> Target:
    """Revise a target; a new deadline year supersedes it by `INDICATOR@NEWYYYY`. Returns the current target.

    Ids stay stable: a new value for the same deadline year is a revision inside the same target; a new
    deadline year creates a new target and marks the old one superseded (contract: revise-target).
    """
    reason = normalize_text(request.reason)
    if not reason:
        raise InputError(_("a revision needs a reason: add --reason '...'"))
    if request.value is None and request.deadline is None:
        raise InputError(_("nothing to revise: give --value, --by or both"))
    with transaction(repo) as tx:
        target = resolve_target(tx.dataset, request.target)
        if not target.is_current:
            raise InputError(
                _("target '{id}' was superseded by '{superseded_by}'; revise that one").format(
                    id=target.id, superseded_by=target.superseded_by
                )
            )
        indicator = tx.dataset.indicators[target.indicator]
        value = target.value if request.value is None else check_unit(request.value, indicator.unit, _("the target"))
        deadline = target.deadline if request.deadline is None else request.deadline
        check_deadline(indicator, deadline)
        check_compound_target(indicator, value)
        if value == target.value and deadline == target.deadline:
            raise InputError(
                _("target '{id}' already has value {value:g} and deadline {deadline}").format(
                    id=target.id, value=value, deadline=deadline.iso()
                )
            )
        earlier = TargetRevision(
            value=target.value,
            deadline=target.deadline,
            date=request.date,
            reason=reason,
            source=target.source,
            note=target.note,
        )
        source = _clean(request.source) or target.source
        new_id = target_id(indicator.id, deadline)
        if new_id == target.id:
            current = replace(
                target, value=value, deadline=deadline, source=source, revisions=(*target.revisions, earlier)
            )
            tx.put(Kind.TARGETS, current.id, current)
            return current
        if new_id in tx.dataset.targets:
            raise InputError(
                _("target '{new_id}' already exists; revise it instead of moving '{id}' onto it").format(
                    new_id=new_id, id=target.id
                )
            )
        current = Target(
            new_id,
            indicator.id,
            value,
            deadline,
            source,
            target.note,
            revisions=(*target.revisions, earlier),
            supersedes=target.id,
        )
        tx.put(Kind.TARGETS, current.id, current)
        tx.put(Kind.TARGETS, target.id, replace(target, superseded_by=new_id))
    return current


@dataclass(frozen=True, slots=True)
class Recorded:
    """The observation `pohang record` stored, the one it replaced, if any, and how it counts (§7)."""

    observation: Observation
    replaced: Observation | None
    indicator: Indicator | None = None
    caveats: tuple[Caveat, ...] = ()

    @property
    def changed(self) -> tuple[str, ...]:
        """The fields the record changed of the observation it replaced (value, source, note, ...)."""
        if self.replaced is None:
            return ()
        names = ("value", "source", "note", "provisional", "reported")
        return tuple(name for name in names if getattr(self.replaced, name) != getattr(self.observation, name))


@retried
def record(
    repo: Repository,
    indicator_name: str,
    value: ParsedValue,
    when: PartialDate,
    today: date,
    *,
    source: str | None = None,
    note: str | None = None,
    provisional: bool | None = None,
    reported: PartialDate | None = None,
) -> Recorded:
    """Store an actual. A second, different value for the same indicator and date is a revision: it becomes
    the value judged, and the earlier one is kept in the observation's revisions (methodology §7).

    Recording a date that already has a value keeps the fields not given (None): a missing source does not
    erase the stored one. The reported date stays only with an unchanged value; a new value is a new report.
    """
    refuse_future(when, today, _("the observation date"))
    if reported is not None:
        refuse_future(reported, today, _("the reported date"))
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        amount = check_unit(value, indicator.unit, _("the value"))
        new_id = observation_id(indicator.id, when)
        replaced = tx.dataset.observations.get(new_id)
        revisions: tuple[ObservationRevision, ...] = ()
        kept_source, kept_note, kept_provisional, kept_reported = None, None, False, None
        if replaced is not None:
            revisions = replaced.revisions
            if replaced.value != amount:
                revisions = (*revisions, replaced.as_revision())
            else:
                kept_reported = replaced.reported
            kept_source, kept_note, kept_provisional = replaced.source, replaced.note, replaced.provisional
        observation = Observation(
            new_id,
            indicator.id,
            when,
            amount,
            kept_source if source is None else _clean(source),
            kept_note if note is None else _clean(note),
            kept_provisional if provisional is None else provisional,
            kept_reported if reported is None else reported,
            revisions,
        )
        tx.put(Kind.OBSERVATIONS, new_id, observation)
        # §7: how the value counts beside the indicator's others, said but never refused. Only this
        # indicator's observations are read: a record costs the same in a database of 100,000.
        series = {o.id: o for o in tx.session.observations_of(indicator.id)}
        series[new_id] = observation
        found = tuple(caveats(indicator, series.values(), today, about={new_id}))
    return Recorded(observation, replaced, indicator, found)


@dataclass(frozen=True, slots=True)
class MilestoneFields:
    """Fields of a milestone given on the command line; None means "not given"."""

    title: str | None = None
    title_en: str | None = None
    status: MilestoneStatus | None = None
    date: PartialDate | None = None
    due: PartialDate | None = None
    source: str | None = None
    note: str | None = None


def refuse_done_in_future(milestone: Milestone, today: date | None) -> None:
    """Refuse a milestone marked done (or partly done) on a date after today: it cannot have happened yet."""
    if today is None or not milestone.status.is_completed or milestone.date is None:
        return
    if milestone.date.start() > today:
        if milestone.status is MilestoneStatus.PARTIAL:
            refusal = _(
                "milestone marked partly done on {date}, which is after today ({today}); give the date it "
                "happened, or keep it in progress with --due {date}"
            )
        else:
            refusal = _(
                "milestone marked done on {date}, which is after today ({today}); give the date it happened, "
                "or keep it in progress with --due {date}"
            )
        raise InputError(refusal.format(date=milestone.date.iso(), today=today.isoformat()))


@retried
def add_milestone(repo: Repository, sector_name: str, fields: MilestoneFields, today: date | None = None) -> Milestone:
    """Create a milestone; its id is the next integer, never reused.

    Raises:
        InputError: an empty title, an unknown sector, or a milestone done on a future date.
    """
    title = _clean(fields.title)
    if title is None:
        raise InputError(_("the milestone title is empty: give one, e.g. '수소 특화단지 지정'"))
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, sector_name)
        new_id = tx.session.new_milestone_id()
        milestone = Milestone(
            id=new_id,
            sector=sector.id,
            title=title,
            status=fields.status or MilestoneStatus.PLANNED,
            title_en=_clean(fields.title_en),
            date=fields.date,
            due=fields.due,
            source=_clean(fields.source),
            note=_clean(fields.note),
        )
        refuse_done_in_future(milestone, today)
        tx.put(Kind.MILESTONES, new_id, milestone)
    return milestone


@retried
def update_milestone(
    repo: Repository, milestone_id: int, fields: MilestoneFields, today: date | None = None
) -> Milestone:
    """Change the given fields of a milestone; a changed due date keeps the original one.

    Raises:
        InputError: nothing given, an empty title, no change, or a milestone done on a future date.
    """
    given = {name: getattr(fields, name) for name in MilestoneFields.__dataclass_fields__}
    if all(v is None for v in given.values()):
        raise InputError(_("nothing to update: give --status, --date, --due, --title, --title-en, --source or --note"))
    if fields.title is not None and _clean(fields.title) is None:
        raise InputError(_("the milestone title cannot be empty"))
    with transaction(repo) as tx:
        milestone = resolve_milestone(tx.dataset, milestone_id)
        changes: dict[str, Any] = {}
        for name in ("title", "title_en", "source", "note"):
            if given[name] is not None:
                changes[name] = _clean(given[name])
        for name in ("status", "date", "due"):
            if given[name] is not None:
                changes[name] = given[name]
        if fields.due is not None and milestone.due is not None and fields.due != milestone.due:
            changes["original_due"] = milestone.original_due or milestone.due
        updated = replace(milestone, **changes)
        if updated == milestone:
            raise InputError(
                _("milestone {milestone_id} already has these values; nothing changed").format(
                    milestone_id=milestone_id
                )
            )
        refuse_done_in_future(updated, today)
        tx.put(Kind.MILESTONES, milestone_id, updated)
    return updated
