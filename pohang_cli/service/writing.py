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
    DEFAULT_LAG_MONTHS,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Kind,
    Model,
    Observation,
    ObservationRevision,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)
from pohang_cli.service import questions
from pohang_cli.service.naming import (
    normalize_text,
    resolve_indicator,
    resolve_sector,
    resolve_target,
)
from pohang_cli.service.questions import Question
from pohang_cli.service.transaction import Repository, Written, retried, transaction
from pohang_cli.service.validate import (
    SLUG_PATTERN,
    check_compound_target,
    check_deadline,
    check_lag_months,
    check_unit,
    clean_text,
    refuse_future,
    stored_unit,
)
from pohang_cli.values import FrozenValue

if TYPE_CHECKING:  # only writers get parsed values, and they import quantities themselves (it needs decimal)
    from pohang_cli.quantities import ParsedValue


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class NewIndicator(FrozenValue):
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
    # §8.2: how often and how late the figure comes, and who supplies it; the English of basis and note.
    frequency: Frequency = Frequency.ANNUAL
    lag_months: int = DEFAULT_LAG_MONTHS
    owner: str | None = None
    basis_en: str | None = None
    note_en: str | None = None


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
            frequency=new.frequency,
            lag_months=check_lag_months(new.lag_months),
            owner=clean_text(new.owner),
            basis_en=clean_text(new.basis_en),
            note_en=clean_text(new.note_en),
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
    note_en: str | None = None,
    adopted: PartialDate | None = None,
) -> Written[Target]:
    """Create the target `INDICATOR@YYYY`; `adopted` is the day it came into force (None: from the start).

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
        if adopted is not None and today is not None:
            refuse_future(adopted, today, _("the adoption date"))
        target = Target(
            new_id, indicator.id, amount, deadline, clean_text(source), clean_text(note),
            note_en=clean_text(note_en), adopted=adopted,
        )  # fmt: skip
        tx.put(Kind.TARGETS, target.id, target)
    return Written(target, unit=indicator.unit, accepted=accepted)


def _value_questions(tx: Any, indicator: Indicator, amount: float, what: str) -> list[Question | None]:
    """The questions a value of `indicator` raises: its size beside the stored series, and a count's form."""
    reference = questions.reference_of(indicator, tx.session.observations_of(indicator.id))
    return [questions.magnitude(indicator, amount, reference, what), questions.count(indicator.unit, amount, what)]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class TargetRevisionRequest(FrozenValue):
    """What `pohang revise-target` asks for, parsed."""

    target: str
    reason: str
    value: ParsedValue | None = None
    deadline: PartialDate | None = None
    source: str | None = None
    date: PartialDate | None = None
    today: datetime.date | None = None  # what "the past" is for a new deadline, and the date of an undated revision
    force: bool = False
    reason_en: str | None = None


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
        # §8.5: a revision without --date took effect the day it was recorded, never "some time".
        when = request.date or (None if request.today is None else PartialDate.of_day(request.today))
        earlier = TargetRevision(
            value=target.value,
            deadline=target.deadline,
            date=when,
            reason=reason,
            source=target.source,
            note=target.note,
            reason_en=clean_text(request.reason_en),
            note_en=target.note_en,
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
            note_en=target.note_en,
            adopted=when,  # the revision's date is the day the target it creates came into force
        )
        tx.put(Kind.TARGETS, current.id, current)
        tx.put(Kind.TARGETS, target.id, replace(target, superseded_by=new_id))
    return Written(current, target, indicator.unit, accepted)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Recorded(FrozenValue):
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
        names = ("value", "source", "note", "note_en", "provisional", "reported")
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
    note_en: str | None = None,
    recorded: PartialDate | None = None,
) -> Recorded:
    """Store an actual. A second, different value for the same indicator and date is a revision: it becomes
    the value judged, and the earlier one is kept in the observation's revisions (methodology §7).

    Recording a date that already has a value keeps the fields not given (None): a missing source does not
    erase the stored one. The reported date stays only with an unchanged value; a new value is a new report.
    So does `recorded`, the day pohang stored the value (§8.5): `recorded` if given, else `today` for a new value.

    Raises:
        InputError: unknown indicator, another unit, a date in the future.
        QuestionedInput: unless `force`: a value 1,000 times away from the indicator's latest actual or
            baseline, a negative or fractional count, a date more than ten years before the baseline.
    """
    refuse_future(when, today, _("the observation date"))
    if reported is not None:
        refuse_future(reported, today, _("the reported date"))
    if recorded is not None:
        refuse_future(recorded, today, _("the recorded date"))
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
        kept_note_en: str | None = None
        kept_recorded: PartialDate | None = PartialDate.of_day(today)  # a new value is stored today
        if replaced is not None:
            revisions = replaced.revisions
            if replaced.value != amount:
                revisions = (*revisions, replaced.as_revision())
            else:
                kept_reported, kept_recorded = replaced.reported, replaced.recorded
            kept_source, kept_note, kept_provisional = replaced.source, replaced.note, replaced.provisional
            kept_note_en = replaced.note_en
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
            kept_recorded if recorded is None else recorded,
            kept_note_en if note_en is None else clean_text(note_en),
        )
        tx.put(Kind.OBSERVATIONS, new_id, observation)
        # §7: how the value counts beside the indicator's others, said but never refused. Only this
        # indicator's observations are read: a record costs the same in a database of 100,000.
        series = {o.id: o for o in stored}
        series[new_id] = observation
        found = tuple(caveats(indicator, series.values(), today, about={new_id}))
    return Recorded(observation, replaced, indicator, found, accepted)
