"""The writing use cases: validate a change and apply it in one transaction of the database.

Each opens a transaction (transaction.py, the seam to storage), checks what was typed (validate.py)
against the records it reads there, and stages its changes. The CLI passes `today`; nothing here reads
the clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from pohang_cli.caveats import Caveat, caveats
from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import (
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    ObservationRevision,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)
from pohang_cli.service import questions
from pohang_cli.service.questions import Question
from pohang_cli.service.reading import (
    normalize_text,
    resolve_indicator,
    resolve_milestone,
    resolve_sector,
    resolve_target,
)
from pohang_cli.service.transaction import Repository, Transaction, Written, retried, transaction
from pohang_cli.service.validate import (
    SLUG_PATTERN,
    check_compound_target,
    check_deadline,
    check_unit,
    clean_text,
    refuse_done_in_future,
    refuse_future,
    stored_unit,
)

if TYPE_CHECKING:  # only writers get parsed values, and they import quantities themselves (it needs decimal)
    from pohang_cli.quantities import ParsedValue


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
def add_indicator(repo: Repository, new: NewIndicator, today: date, *, force: bool = False) -> Written[Indicator]:
    """Create the indicator `SECTOR.SLUG`.

    Raises:
        InputError: unknown sector, bad slug, existing id, a compound model that cannot apply, or a
            baseline dated in the future.
        QuestionedInput: a negative or fractional baseline count, unless `force`.
    """
    slug = normalize_text(new.slug)
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(
            _(
                "invalid indicator slug '{slug}': use lower-case letters, digits and hyphens (e.g. cathode-output)"
            ).format(slug=new.slug)
        )
    unit = stored_unit(new.unit)
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
        accepted = questions.ask([questions.count(unit, baseline, _("the baseline"))], force)
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
            basis=clean_text(new.basis),
            source=clean_text(new.source),
            note=clean_text(new.note),
        )
        tx.put(Kind.INDICATORS, indicator.id, indicator)
    return Written(indicator, unit=indicator.unit, accepted=accepted)


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
) -> Written[Target]:
    """Create the target `INDICATOR@YYYY`.

    Raises:
        InputError: unknown indicator, a deadline not after the baseline, an existing target for that
            year (revise it instead), or a non-positive value for a compound indicator.
        QuestionedInput: unless `force`: a deadline that passed before `today` (a past plan may be kept for
            the record), a value 1,000 times away from the indicator's latest actual or baseline, or a
            negative or fractional count.
    """
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
        accepted = questions.ask(_value_questions(tx, indicator, amount, _("the target")), force)
        accepted += questions.ask([questions.past_due(deadline, today, _("the deadline"))], force)
        target = Target(new_id, indicator.id, amount, deadline, clean_text(source), clean_text(note))
        tx.put(Kind.TARGETS, target.id, target)
    return Written(target, unit=indicator.unit, accepted=accepted)


def _value_questions(tx: Any, indicator: Indicator, amount: float, what: str) -> list[Question | None]:
    """The questions a value of `indicator` raises: its size beside the stored series, and a count's form."""
    reference = questions.reference_of(indicator, tx.session.observations_of(indicator.id))
    return [questions.magnitude(indicator, amount, reference, what), questions.count(indicator.unit, amount, what)]


@dataclass(frozen=True, slots=True)
class TargetRevisionRequest:
    """What `pohang revise-target` asks for, parsed."""

    target: str
    reason: str
    value: ParsedValue | None = None
    deadline: PartialDate | None = None
    source: str | None = None
    date: PartialDate | None = None
    today: datetime.date | None = None  # what "the past" is for a new deadline
    force: bool = False


@retried
def revise_target(repo: Repository, request: TargetRevisionRequest) -> Written[Target]:
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
        asked = _value_questions(tx, indicator, value, _("the target")) if value != target.value else []
        if deadline != target.deadline:
            asked.append(questions.past_due(deadline, request.today, _("the new deadline")))
        accepted = questions.ask(asked, request.force)
        earlier = TargetRevision(
            value=target.value,
            deadline=target.deadline,
            date=request.date,
            reason=reason,
            source=target.source,
            note=target.note,
        )
        source = clean_text(request.source) or target.source
        new_id = target_id(indicator.id, deadline)
        if new_id == target.id:
            current = replace(
                target, value=value, deadline=deadline, source=source, revisions=(*target.revisions, earlier)
            )
            tx.put(Kind.TARGETS, current.id, current)
            return Written(current, target, indicator.unit, accepted)
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
    return Written(current, target, indicator.unit, accepted)


@dataclass(frozen=True, slots=True)
class Recorded:
    """The observation `pohang record` stored, the one it replaced, if any, and how it counts (§7)."""

    observation: Observation
    replaced: Observation | None
    indicator: Indicator | None = None
    caveats: tuple[Caveat, ...] = ()
    accepted: tuple[Question, ...] = ()  # questioned inputs `force` let through

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
    force: bool = False,
) -> Recorded:
    """Store an actual. A second, different value for the same indicator and date is a revision: it becomes
    the value judged, and the earlier one is kept in the observation's revisions (methodology §7).

    Recording a date that already has a value keeps the fields not given (None): a missing source does not
    erase the stored one. The reported date stays only with an unchanged value; a new value is a new report.

    Raises:
        InputError: unknown indicator, another unit, a date in the future.
        QuestionedInput: unless `force`: a value 1,000 times away from the indicator's latest actual or
            baseline, a negative or fractional count, a date more than ten years before the baseline.
    """
    refuse_future(when, today, _("the observation date"))
    if reported is not None:
        refuse_future(reported, today, _("the reported date"))
    with transaction(repo) as tx:
        indicator = resolve_indicator(tx.dataset, indicator_name)
        amount = check_unit(value, indicator.unit, _("the value"))
        new_id = observation_id(indicator.id, when)
        stored = tx.session.observations_of(indicator.id)
        reference = questions.reference_of(indicator, stored)
        accepted = questions.ask(
            [
                questions.magnitude(indicator, amount, reference, _("the value")),
                questions.count(indicator.unit, amount, _("the value")),
                questions.early_date(indicator, when),
            ],
            force,
        )
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
            kept_source if source is None else clean_text(source),
            kept_note if note is None else clean_text(note),
            kept_provisional if provisional is None else provisional,
            kept_reported if reported is None else reported,
            revisions,
        )
        tx.put(Kind.OBSERVATIONS, new_id, observation)
        # §7: how the value counts beside the indicator's others, said but never refused. Only this
        # indicator's observations are read: a record costs the same in a database of 100,000.
        series = {o.id: o for o in stored}
        series[new_id] = observation
        found = tuple(caveats(indicator, series.values(), today, about={new_id}))
    return Recorded(observation, replaced, indicator, found, accepted)


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


@retried
def add_milestone(
    repo: Repository,
    sector_name: str,
    fields: MilestoneFields,
    today: date | None = None,
    request_key: str | None = None,
) -> Written[Milestone]:
    """Create a milestone; its id is the next integer, never reused.

    With `request_key`, the write is made once however often it is retried (after exit 5, "outcome
    unknown"): a second request with the same key gives back the milestone the first one added.

    Raises:
        InputError: an empty title, an unknown sector, or a milestone done on a future date.
    """
    title = clean_text(fields.title)
    if title is None:
        raise InputError(_("the milestone title is empty: give one, e.g. '수소 특화단지 지정'"))
    if request_key is None:
        return _add_milestone(repo, sector_name, fields, title, today)
    from pohang_cli import audit

    entry_id = audit.request_entry_id("add-milestone", request_key)
    token = audit.requested_entry.set(entry_id)
    try:
        return _add_milestone(repo, sector_name, fields, title, today, entry_id, request_key)
    finally:
        audit.requested_entry.reset(token)


def _add_milestone(
    repo: Repository,
    sector_name: str,
    fields: MilestoneFields,
    title: str,
    today: date | None,
    entry_id: str | None = None,
    request_key: str | None = None,
) -> Written[Milestone]:
    with transaction(repo) as tx:
        if entry_id is not None:
            earlier = _requested_milestone(tx, entry_id, request_key or "")
            if earlier is not None:
                return Written(earlier, repeated=True)
        sector = resolve_sector(tx.dataset, sector_name)
        new_id = tx.session.new_milestone_id()
        milestone = Milestone(
            id=new_id,
            sector=sector.id,
            title=title,
            status=fields.status or MilestoneStatus.PLANNED,
            title_en=clean_text(fields.title_en),
            date=fields.date,
            due=fields.due,
            source=clean_text(fields.source),
            note=clean_text(fields.note),
        )
        refuse_done_in_future(milestone, today)
        tx.put(Kind.MILESTONES, new_id, milestone)
    return Written(milestone)


def _requested_milestone(tx: Transaction, entry_id: str, request_key: str) -> Milestone | None:
    """The milestone the logged request `entry_id` added, if that request was logged."""
    from pohang_cli import audit

    entry = audit.logged_entry(tx.session, entry_id)  # type: ignore[arg-type]  # both sessions keep a history
    if entry is None:
        return None
    for change in entry.changes:
        if change.kind is Kind.MILESTONES and change.after is not None:
            milestone: Milestone | None = tx.dataset.milestones.get(int(change.id))
            if milestone is None:
                raise InputError(
                    _(
                        "request {key} added milestone {id} (change #{seq}), which has since been removed; nothing "
                        "was added — use another --request-key to add it again"
                    ).format(key=request_key, id=change.id, seq=entry.seq)
                )
            return milestone
    return None


@retried
def update_milestone(
    repo: Repository, milestone_id: int, fields: MilestoneFields, today: date | None = None, *, force: bool = False
) -> Written[Milestone]:
    """Change the given fields of a milestone; a changed due date keeps the original one.

    Raises:
        InputError: nothing given, an empty title, no change, or a milestone done on a future date.
        QuestionedInput: a due date moved into the past of a milestone still open, unless `force`.
    """
    given = {name: getattr(fields, name) for name in MilestoneFields.__dataclass_fields__}
    if all(v is None for v in given.values()):
        raise InputError(_("nothing to update: give --status, --date, --due, --title, --title-en, --source or --note"))
    if fields.title is not None and clean_text(fields.title) is None:
        raise InputError(_("the milestone title cannot be empty"))
    with transaction(repo) as tx:
        milestone = resolve_milestone(tx.dataset, milestone_id)
        changes: dict[str, Any] = {}
        for name in ("title", "title_en", "source", "note"):
            if given[name] is not None:
                changes[name] = clean_text(given[name])
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
        accepted = questions.ask([questions.due_moved_into_past(milestone, updated, today)], force)
        tx.put(Kind.MILESTONES, milestone_id, updated)
    return Written(updated, milestone, accepted=accepted)
