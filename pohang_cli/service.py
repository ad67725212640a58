"""One use-case function per command: reads and judges the records, or validates and applies a change.

Nothing here prints, reads the clock or the environment: the CLI passes the as-of date and `today`,
and gets back result objects for the renderers. Writers run inside `transaction`, which holds the
database lock for the whole read-modify-write and writes once at the end, or not at all.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

from pohang_cli.dates import PartialDate, rank_of_day
from pohang_cli.errors import InputError, NotFoundError
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
    Record,
    Sector,
    Target,
    TargetRevision,
    TargetStatus,
    observation_id,
    target_id,
)
from pohang_cli.progress import (
    Assessment,
    MilestoneAssessment,
    SectorRollup,
    assess_milestone,
    assess_target,
    is_at_or_below,
    rollup_sector,
)
from pohang_cli.text import clean_text

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


class Repository(Protocol):
    """What the service needs of a database: read it, lock it, write it whole."""

    def read(self) -> Dataset: ...

    def locked(self) -> AbstractContextManager[None]: ...

    def write(self, dataset: Dataset, changes: Sequence[Change] = ()) -> None: ...


# ---------------------------------------------------------------------------------------------------
# Names


def normalize_text(text: str) -> str:
    """User text as stored: NFC (macOS pastes NFD Hangul), surrounding whitespace removed.

    Raises:
        InputError: control characters, bytes that are not UTF-8 or bidi overrides (see text.py).
    """
    return clean_text(text)


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return f" — did you mean '{matches[0]}'?" if matches else ""


def resolve_sector(data: Dataset, name: str) -> Sector:
    """The sector named by id or Korean/English name, case-insensitively.

    Raises:
        NotFoundError: no such sector; the message suggests the closest name.
    """
    wanted = normalize_text(name).casefold()
    for sector in data.sectors.values():
        if wanted in (sector.id.casefold(), sector.name_ko.casefold(), sector.name_en.casefold()):
            return sector
    names = [s.id for s in data.sectors.values()] + [s.name_ko for s in data.sectors.values()]
    raise NotFoundError(f"unknown sector '{name}'{_did_you_mean(wanted, names)} (see `pohang sectors`)")


def resolve_sectors(data: Dataset, names: Sequence[str]) -> list[Sector]:
    """The named sectors in the order given, or every sector in its display order when none is named."""
    if names:
        return [resolve_sector(data, name) for name in names]
    return sorted(data.sectors.values(), key=lambda s: (s.order, s.id))


def resolve_indicator(data: Dataset, name: str) -> Indicator:
    """The indicator with this id (`battery.investment`).

    Raises:
        NotFoundError: no such indicator; the message suggests the closest id.
    """
    wanted = normalize_text(name).casefold()
    if wanted in data.indicators:
        return data.indicators[wanted]
    raise NotFoundError(f"unknown indicator '{name}'{_did_you_mean(wanted, data.indicators)} (see `pohang indicators`)")


def resolve_target(data: Dataset, name: str) -> Target:
    """The target with this id (`battery.investment@2027`), or the only current target of an indicator."""
    wanted = normalize_text(name).casefold()
    if wanted in data.targets:
        return data.targets[wanted]
    if wanted in data.indicators:
        current = [t for t in data.targets.values() if t.indicator == wanted and t.is_current]
        if len(current) == 1:
            return current[0]
        ids = ", ".join(sorted(t.id for t in current)) or "none"
        raise InputError(f"indicator '{name}' has {len(current)} current targets ({ids}); name one of them")
    raise NotFoundError(f"unknown target '{name}'{_did_you_mean(wanted, data.targets)} (see `pohang targets`)")


def resolve_milestone(data: Dataset, milestone_id: int) -> Milestone:
    """The milestone with this id."""
    if milestone_id in data.milestones:
        return data.milestones[milestone_id]
    raise NotFoundError(f"no milestone with id {milestone_id} (see `pohang milestones`)")


# ---------------------------------------------------------------------------------------------------
# Reading


def observations_by_indicator(data: Dataset) -> dict[str, list[Observation]]:
    """Every observation grouped by its indicator, in one pass."""
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for observation in data.observations.values():
        grouped[observation.indicator].append(observation)
    return grouped


def _sorted_targets(targets: Iterable[Target]) -> list[Target]:
    return sorted(targets, key=lambda t: (t.indicator, t.deadline.sort_key()))


# How many of an indicator's latest values its sparkline on the status slide shows.
SPARKLINE_POINTS = 12


@dataclass(frozen=True, slots=True)
class SectorStatus:
    """One sector's block of the status report."""

    sector: Sector
    assessments: tuple[Assessment, ...]
    rollup: SectorRollup
    sparklines: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatusReport:
    """Every current target judged at `as_of`, grouped by sector."""

    as_of: date
    sectors: tuple[SectorStatus, ...]

    @property
    def assessments(self) -> Iterator[Assessment]:
        for block in self.sectors:
            yield from block.assessments


def status(data: Dataset, as_of: date, sector_names: Sequence[str] = (), year: int | None = None) -> StatusReport:
    """Judge every current target (of the named sectors, due in `year`) at `as_of` (methodology §3-4)."""
    sectors = resolve_sectors(data, sector_names)
    wanted = {s.id for s in sectors}
    observations = observations_by_indicator(data)
    targets_by_sector: dict[str, list[Target]] = defaultdict(list)
    for target in data.targets.values():
        if not target.is_current or (year is not None and target.deadline.year != year):
            continue
        indicator = data.indicators.get(target.indicator)
        if indicator is not None and indicator.sector in wanted:
            targets_by_sector[indicator.sector].append(target)
    milestones_by_sector: dict[str, list[MilestoneAssessment]] = defaultdict(list)
    for milestone in data.milestones.values():
        if milestone.sector in wanted:
            milestones_by_sector[milestone.sector].append(assess_milestone(milestone, as_of))
    blocks = []
    for sector in sectors:
        assessments = tuple(
            sorted(
                (
                    assess_target(data.indicators[t.indicator], t, observations.get(t.indicator, ()), as_of)
                    for t in targets_by_sector[sector.id]
                ),
                key=_reading_order,
            )
        )
        sparklines = _Sparklines(observations, (a.indicator.id for a in assessments), as_of)
        rollup = rollup_sector(sector.id, assessments, milestones_by_sector[sector.id])
        blocks.append(SectorStatus(sector, assessments, rollup, sparklines))
    return StatusReport(as_of, tuple(blocks))


def _reading_order(assessment: Assessment) -> tuple[bool, tuple[date, date], str]:
    # Judged rows first (what a reader came for), then by deadline, then by indicator.
    return (
        assessment.status is TargetStatus.NO_DATA,
        assessment.target.deadline.sort_key(),
        assessment.indicator.id,
    )


class _Sparklines(Mapping[str, tuple[float, ...]]):
    """Each indicator's last SPARKLINE_POINTS values up to as-of in date order, found when first asked for.

    Only the table draws them: machine formats of a 100,000-observation status would otherwise sort every
    indicator's series for nothing (a tenth of the command).
    """

    def __init__(self, observations: Mapping[str, list[Observation]], indicators: Iterable[str], as_of: date) -> None:
        self._observations = observations
        self._series: dict[str, tuple[float, ...] | None] = dict.fromkeys(indicators)
        self._as_of = as_of

    def __getitem__(self, indicator: str) -> tuple[float, ...]:
        series = self._series[indicator]
        if series is None:
            observations = self._observations.get(indicator, ())
            series = self._series[indicator] = _latest_values(observations, self._as_of, SPARKLINE_POINTS)
        return series

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        return len(self._series)


def _latest_values(observations: Iterable[Observation], as_of: date, count: int) -> tuple[float, ...]:
    """The last `count` values up to `as_of` in date order; of one date, in stored order."""
    # One call an observation, then a sort of integers and a search in C: a large status draws 300
    # sparklines over 100,000 observations, and sorting each series by a key function cost a twentieth of it.
    keyed = [(o.date.rank(), n, o.value) for n, o in enumerate(observations)]
    keyed.sort()
    end = bisect.bisect_left(keyed, (rank_of_day(as_of + timedelta(days=1)),))
    return tuple(value for _, _, value in keyed[max(0, end - count) : end])


def list_sectors(data: Dataset) -> list[Sector]:
    """Every sector in display order."""
    return resolve_sectors(data, ())


def list_indicators(data: Dataset, sector_names: Sequence[str] = ()) -> list[Indicator]:
    """Indicators of the named sectors (all when none), by sector order then id."""
    sectors = resolve_sectors(data, sector_names)
    order = {s.id: n for n, s in enumerate(sectors)}
    chosen = [i for i in data.indicators.values() if i.sector in order]
    return sorted(chosen, key=lambda i: (order[i.sector], i.id))


def list_targets(data: Dataset, sector_names: Sequence[str] = (), *, history: bool = False) -> list[Target]:
    """Targets of the named sectors; superseded ones only with `history`."""
    indicators = {i.id for i in list_indicators(data, sector_names)}
    chosen = [t for t in data.targets.values() if t.indicator in indicators and (history or t.is_current)]
    return _sorted_targets(chosen)


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    """An indicator's series: baseline, observations, every target and the judgement of current ones."""

    indicator: Indicator
    observations: tuple[Observation, ...]
    targets: tuple[Target, ...]
    assessments: tuple[Assessment, ...]
    as_of: date


def history(data: Dataset, indicator_name: str, as_of: date) -> IndicatorHistory:
    """The baseline, observations and targets of one indicator, with the trend of each current target."""
    indicator = resolve_indicator(data, indicator_name)
    observations = tuple(
        sorted(
            (o for o in data.observations.values() if o.indicator == indicator.id),
            key=lambda o: o.date.sort_key(),
        )
    )
    targets = tuple(_sorted_targets(t for t in data.targets.values() if t.indicator == indicator.id))
    assessments = tuple(assess_target(indicator, t, observations, as_of) for t in targets if t.is_current)
    return IndicatorHistory(indicator, observations, targets, assessments, as_of)


@dataclass(frozen=True, slots=True)
class MilestoneFilter:
    """Which milestones `pohang milestones` lists."""

    sectors: tuple[str, ...] = ()
    statuses: tuple[MilestoneStatus, ...] = ()
    overdue: bool = False
    due_soon: bool = False
    since: PartialDate | None = None
    until: PartialDate | None = None


def _milestone_day(milestone: Milestone) -> date | None:
    # "When" a milestone is, for --since/--until: the day it happened, else the day it is due.
    when = milestone.date or milestone.due
    return None if when is None else when.start()


def list_milestones(
    data: Dataset, as_of: date, wanted: MilestoneFilter = MilestoneFilter()
) -> list[MilestoneAssessment]:
    """Milestones matching every given filter, judged at `as_of`, by sector order then date."""
    sectors = resolve_sectors(data, wanted.sectors)
    order = {s.id: n for n, s in enumerate(sectors)}
    far_future = date.max
    # Each with its sort key, made while its day is at hand (10,000 milestones: a second pass costs 5 ms).
    chosen: list[tuple[tuple[int, date, int], MilestoneAssessment]] = []
    for milestone in data.milestones.values():
        if milestone.sector not in order:
            continue
        if wanted.statuses and milestone.status not in wanted.statuses:
            continue
        day = _milestone_day(milestone)
        if wanted.since is not None and (day is None or day < wanted.since.start()):
            continue
        if wanted.until is not None and (day is None or day > wanted.until.end()):
            continue
        judged = assess_milestone(milestone, as_of)
        if (wanted.overdue and not judged.overdue) or (wanted.due_soon and not judged.due_soon):
            continue
        chosen.append(((order[milestone.sector], day or far_future, milestone.id), judged))
    chosen.sort(key=itemgetter(0))
    return [judged for _, judged in chosen]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something `pohang check` reports: a target at or below the threshold, or an overdue milestone."""

    kind: str  # "target" or "milestone"
    id: str
    sector: str
    name_ko: str
    name_en: str | None
    status: str
    days_overdue: int | None = None
    assessment: Assessment | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The problems found, and how much was checked."""

    problems: tuple[Problem, ...]
    targets_checked: int
    milestones_checked: int
    fail_on: TargetStatus


def check(data: Dataset, as_of: date, fail_on: TargetStatus = TargetStatus.OFF_TRACK) -> CheckResult:
    """Targets whose status is at or below `fail_on`, and overdue milestones, at `as_of`."""
    report = status(data, as_of)
    problems = [
        Problem(
            "target",
            a.target.id,
            a.indicator.sector,
            a.indicator.name_ko,
            a.indicator.name_en,
            a.status.value,
            assessment=a,
        )
        for a in report.assessments
        if is_at_or_below(a.status, fail_on)
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
    return CheckResult(tuple(problems), sum(len(b.assessments) for b in report.sectors), len(data.milestones), fail_on)


# ---------------------------------------------------------------------------------------------------
# Writing


class Transaction:
    """The records of one read-modify-write, and the changes staged on them."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.changes: list[Change] = []

    def put(self, kind: Kind, key: str | int, record: Record) -> None:
        table: Any = getattr(self.dataset, kind.value)
        before = table.get(key)
        if before == record:
            return
        table[key] = record
        self.changes.append(Change(kind, key, before, record))


@contextmanager
def transaction(repo: Repository) -> Iterator[Transaction]:
    """Lock, read, let the caller stage changes, then write once; an exception writes nothing."""
    with repo.locked():
        tx = Transaction(repo.read())
        yield tx
        if tx.changes:
            repo.write(tx.dataset, tx.changes)


def check_unit(value: ParsedValue, unit: str, what: str) -> float:
    """The number of `value`, refused when the unit typed with it does not match the indicator's `unit`."""
    if value.unit is not None:
        accepted = _COMPATIBLE_UNITS.get(unit, {unit.casefold()})
        if value.unit.casefold() not in accepted and value.unit != unit:
            raise InputError(f"{what} is in '{value.unit}' but the indicator is measured in '{unit}'")
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
        raise InputError(f"{what} {value:g} is beyond ±10^18, larger than any quantity pohang tracks; check the digits")
    return value


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


def add_indicator(repo: Repository, new: NewIndicator, today: date) -> Indicator:
    """Create the indicator `SECTOR.SLUG`.

    Raises:
        InputError: unknown sector, bad slug, existing id, a compound model that cannot apply, or a
            baseline dated in the future.
    """
    slug = normalize_text(new.slug)
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(
            f"invalid indicator slug '{new.slug}': use lower-case letters, digits and hyphens (e.g. cathode-output)"
        )
    unit = normalize_text(new.unit)
    if not unit:
        raise InputError("the unit is empty: give one such as KRW, t, companies, %, MW")
    name_ko, name_en = normalize_text(new.name_ko), normalize_text(new.name_en)
    if not name_ko or not name_en:
        raise InputError("the indicator needs a name in both languages: give --name-ko and --name-en")
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, new.sector)
        indicator_id = f"{sector.id}.{slug}"
        if indicator_id in tx.dataset.indicators:
            raise InputError(f"indicator '{indicator_id}' already exists (see `pohang indicators {sector.id}`)")
        baseline = check_unit(new.baseline, unit, "the baseline")
        if new.model is Model.COMPOUND and (new.kind is not IndicatorKind.LEVEL or baseline <= 0):
            raise InputError(
                "the compound model needs a level indicator with a baseline above zero; use --model linear"
            )
        refuse_future(new.baseline_date, today, "the baseline date")
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
        raise InputError(f"{what} {when.iso()} is in the future (today is {today.isoformat()})")


def check_deadline(indicator: Indicator, deadline: PartialDate) -> None:
    """Refuse a deadline not after the baseline: the required pace would divide by zero or be negative time."""
    if indicator.baseline_date is not None and deadline.month_index() <= indicator.baseline_date.month_index():
        raise InputError(
            f"the deadline {deadline.iso()} is not after the baseline date {indicator.baseline_date.iso()} "
            f"of '{indicator.id}'"
        )


def check_compound_target(indicator: Indicator, value: float) -> None:
    """Refuse a non-positive target for a compound indicator (no 0.001 substitution, methodology §1)."""
    if indicator.model is Model.COMPOUND and value <= 0:
        raise InputError(f"'{indicator.id}' uses the compound model, which needs a target above zero")


def add_target(
    repo: Repository,
    indicator_name: str,
    value: ParsedValue,
    deadline: PartialDate,
    source: str | None = None,
    note: str | None = None,
) -> Target:
    """Create the target `INDICATOR@YYYY`.

    Raises:
        InputError: unknown indicator, a deadline not after the baseline, an existing target for that
            year (revise it instead), or a non-positive value for a compound indicator.
    """
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        amount = check_unit(value, indicator.unit, "the target")
        check_deadline(indicator, deadline)
        check_compound_target(indicator, amount)
        new_id = target_id(indicator.id, deadline)
        if new_id in tx.dataset.targets:
            raise InputError(
                f"target '{new_id}' already exists; change it with "
                f"`pohang revise-target {new_id} --value ... --reason ...`"
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


def revise_target(repo: Repository, request: TargetRevisionRequest) -> Target:
    """Revise a target; a new deadline year supersedes it by `INDICATOR@NEWYYYY`. Returns the current target.

    Ids stay stable: a new value for the same deadline year is a revision inside the same target; a new
    deadline year creates a new target and marks the old one superseded (contract: revise-target).
    """
    reason = normalize_text(request.reason)
    if not reason:
        raise InputError("a revision needs a reason: add --reason '...'")
    if request.value is None and request.deadline is None:
        raise InputError("nothing to revise: give --value, --by or both")
    with transaction(repo) as tx:
        target = resolve_target(tx.dataset, request.target)
        if not target.is_current:
            raise InputError(f"target '{target.id}' was superseded by '{target.superseded_by}'; revise that one")
        indicator = tx.dataset.indicators[target.indicator]
        value = target.value if request.value is None else check_unit(request.value, indicator.unit, "the target")
        deadline = target.deadline if request.deadline is None else request.deadline
        check_deadline(indicator, deadline)
        check_compound_target(indicator, value)
        if value == target.value and deadline == target.deadline:
            raise InputError(f"target '{target.id}' already has value {value:g} and deadline {deadline.iso()}")
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
            raise InputError(f"target '{new_id}' already exists; revise it instead of moving '{target.id}' onto it")
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
    """The observation `pohang record` stored, and the one it replaced, if any."""

    observation: Observation
    replaced: Observation | None


def record(
    repo: Repository,
    indicator_name: str,
    value: ParsedValue,
    when: PartialDate,
    today: date,
    *,
    source: str | None = None,
    note: str | None = None,
    provisional: bool = False,
) -> Recorded:
    """Store an actual; a second value for the same indicator and date replaces the first."""
    refuse_future(when, today, "the observation date")
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        amount = check_unit(value, indicator.unit, "the value")
        new_id = observation_id(indicator.id, when)
        replaced = tx.dataset.observations.get(new_id)
        observation = Observation(new_id, indicator.id, when, amount, _clean(source), _clean(note), provisional)
        tx.put(Kind.OBSERVATIONS, new_id, observation)
    return Recorded(observation, replaced)


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


def add_milestone(repo: Repository, sector_name: str, fields: MilestoneFields) -> Milestone:
    """Create a milestone; its id is the next integer, never reused."""
    title = _clean(fields.title)
    if title is None:
        raise InputError("the milestone title is empty: give one, e.g. '수소 특화단지 지정'")
    with transaction(repo) as tx:
        sector = resolve_sector(tx.dataset, sector_name)
        new_id = max(tx.dataset.next_milestone_id, max(tx.dataset.milestones, default=0) + 1)
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
        tx.put(Kind.MILESTONES, new_id, milestone)
        tx.dataset.next_milestone_id = new_id + 1
    return milestone


def update_milestone(repo: Repository, milestone_id: int, fields: MilestoneFields) -> Milestone:
    """Change the given fields of a milestone; a changed due date keeps the original one."""
    given = {name: getattr(fields, name) for name in MilestoneFields.__dataclass_fields__}
    if all(v is None for v in given.values()):
        raise InputError("nothing to update: give --status, --date, --due, --title, --title-en, --source or --note")
    if fields.title is not None and _clean(fields.title) is None:
        raise InputError("the milestone title cannot be empty")
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
            raise InputError(f"milestone {milestone_id} already has these values; nothing changed")
        tx.put(Kind.MILESTONES, milestone_id, updated)
    return updated
