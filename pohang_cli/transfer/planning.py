"""Planning an import: check every record against the database and the rest of the file, then sort it.

The checks are those of the commands (`add-indicator`, `add-target`, `record`, `add-milestone`), plus the
references between records; a record is added when its id is new, updated when it differs, and left alone
when it is the same. importing.py stages the plan in one transaction.
"""

from __future__ import annotations

import difflib
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import (
    Assessment,
    Dataset,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    Model,
    Observation,
    Record,
    Target,
    observation_id,
    target_id,
)
from pohang_cli.quantities import ParsedValue
from pohang_cli.service import normalize_text
from pohang_cli.service.assessing import check_sources
from pohang_cli.service.questions import Question
from pohang_cli.service.reading import indicator_choices, indicators_named
from pohang_cli.service.validate import SLUG_PATTERN, check_compound_target, check_deadline, check_unit, refuse_future
from pohang_cli.transfer.asking import Asked, StoredQuestions
from pohang_cli.transfer.columns import FIELDS
from pohang_cli.transfer.export import next_milestone_id
from pohang_cli.transfer.fields import Context, Fields
from pohang_cli.transfer.formats import Problems
from pohang_cli.transfer.parsed import ParsedFile, RawRecord
from pohang_cli.transfer.records import BUILDERS, Staged

PROGRESS_EVERY = 2_000
"""How often, in records, the progress callback hears from a long import."""

Progress = Callable[[str, int, int], None]
"""Called as `progress(phase, done, total)` while an import is checked, staged and written."""

# The fields of each kind as a set: every record's keys are checked against them.
_KNOWN_FIELDS = {kind: frozenset(names) for kind, names in FIELDS.items()}

# ---------------------------------------------------------------------------------------------------
# Planning


@dataclass(slots=True)
class KindCounts:
    """How many records of one kind an import adds, changes and leaves as they were."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass(slots=True)
class Plan:
    """What an import would do: the records to put (in file order per kind), counted per kind.

    `before` holds the stored record each put replaces (None for an added one), in the order of `puts`;
    `accepted` the questioned inputs `force` let through, each named with its place in the file.
    """

    puts: list[tuple[Kind, str | int, Record]] = field(default_factory=list)
    counts: dict[Kind, KindCounts] = field(default_factory=dict)
    next_milestone_id: int = 1
    before: list[Record | None] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)


def plan_import(
    data: Dataset, parsed: ParsedFile, *, today: date, progress: Progress | None = None, force: bool = False
) -> Plan:
    """Check every record of a parsed file against the database and each other, and plan the upserts.

    Args:
        data: the database the import goes into (not changed).
        parsed: the records read from the file.
        today: what `today` means in dates, and the day after which dates are in the future.
        progress: told how far the checks are, every PROGRESS_EVERY records.
        force: accept the questions the records raise against what is stored (service/questions.py).

    Raises:
        InputError: anything wrong with any record, or a question without `force`; the message lists each
            with its line and field.
    """
    problems = Problems(parsed)
    context = Context(today)
    staged: list[Staged] = []
    total = len(parsed.records)
    for done, raw in enumerate(parsed.records, start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress("checking", done, total)
        if not _KNOWN_FIELDS[raw.kind].issuperset(raw.doc):
            unknown = [key for key in raw.doc if key not in FIELDS[raw.kind]]
            valid = ",".join(FIELDS[raw.kind])
            problems.add(
                raw,
                unknown[0],
                _("unknown field for {kind}; valid fields: {valid}").format(kind=raw.kind.value, valid=valid),
            )
            continue
        fields = Fields(raw.doc, raw.cells, context)
        record = BUILDERS[raw.kind](fields)
        for field_name, reason in fields.problems:
            problems.add(raw, field_name, reason)
        if not fields.problems:
            staged.append(Staged(raw, record, fields.value_unit))
    # References are checked even when some records were refused, so one run lists every problem.
    planner = _Planner(data, today, problems, force)
    plan = planner.plan(staged, parsed.next_milestone_id)
    problems.raise_if_any()
    plan.accepted = [problems.describe(raw, name, str(question)) for raw, name, question in planner.accepted]
    return plan


class _Planner:
    """Checks references and rules across records, then sorts each record into added, updated or unchanged."""

    def __init__(self, data: Dataset, today: date, problems: Problems, force: bool = False) -> None:
        self.data = data
        self.today = today
        self.problems = problems
        self.force = force
        self.accepted: list[tuple[RawRecord, str, Question]] = []
        self.incoming: dict[Kind, dict[Any, Any]] = {kind: {} for kind in Kind}
        self.seen: dict[tuple[Kind, Any], RawRecord] = {}
        self._indicators: dict[str, Indicator] = {}  # looked up by targets and observations, after indicators
        self.asking = StoredQuestions(data, today)
        self._milestone_keys: dict[tuple[str, str, PartialDate | None], list[int]] | None = None

    def _ask(self, item: Staged, asked: Asked) -> None:
        """Questions a record raises against what is stored: accepted with `force`, else problems of the file."""
        for field_name, question in asked:
            if question is None:
                continue
            if self.force:
                self.accepted.append((item.raw, field_name, question))
            else:
                reason = _("{question}; import --force accepts it").format(question=question)
                self.problems.add(item.raw, field_name, reason)

    def _table(self, kind: Kind) -> ChainMap[Any, Any]:
        # The records as they will be: this file's over the database's.
        return ChainMap(self.incoming[kind], getattr(self.data, kind.value))

    def _accept(self, item: Staged, record: Record) -> None:
        kind = item.raw.kind
        earlier = self.seen.get((kind, record.id))
        if earlier is not None:
            where = (
                _("on line {line}").format(line=earlier.line) if earlier.line is not None else _("earlier in the file")
            )
            self.problems.add(item.raw, "id", _("'{id}' already appears {where}").format(id=record.id, where=where))
            return
        self.seen[(kind, record.id)] = item.raw
        self.incoming[kind][record.id] = record

    def plan(self, staged: list[Staged], file_next_id: int | None) -> Plan:
        by_kind: dict[Kind, list[Staged]] = {kind: [] for kind in Kind}
        for item in staged:
            by_kind[item.raw.kind].append(item)
        for item in by_kind[Kind.SECTORS]:
            self._accept(item, item.record)
        for item in by_kind[Kind.INDICATORS]:
            self._indicator(item)
        for item in by_kind[Kind.TARGETS]:
            self._target(item)
        for item in by_kind[Kind.TARGETS]:
            self._target_links(item)
        for item in by_kind[Kind.OBSERVATIONS]:
            self._observation(item)
        for item in by_kind[Kind.ASSESSMENTS]:
            self._assessment(item)
        next_id = max(
            next_milestone_id(self.data),
            file_next_id or 1,
            *(item.record.id + 1 for item in by_kind[Kind.MILESTONES] if isinstance(item.record, Milestone)),
        )
        for item in by_kind[Kind.MILESTONES]:
            milestone = self._milestone(item)
            if milestone is not None and milestone.id == 0:  # no id in the file: a new milestone
                milestone = replace(milestone, id=next_id)
                next_id += 1
            if milestone is not None:
                self._accept(item, milestone)
        return self._count(next_id)

    def _count(self, next_id: int) -> Plan:
        plan = Plan(next_milestone_id=next_id)
        for kind in Kind:
            counts = plan.counts[kind] = KindCounts()
            existing: Mapping[Any, Any] = getattr(self.data, kind.value)
            for key, record in self.incoming[kind].items():
                before = existing.get(key)
                if before is None:
                    counts.added += 1
                elif before == record:
                    counts.unchanged += 1
                    continue
                else:
                    counts.updated += 1
                plan.puts.append((kind, key, record))
                plan.before.append(before)
        return plan

    def _rule(self, item: Staged, field_name: str, check: Callable[..., object], *args: Any) -> bool:
        # The check and its arguments, not a closure: an import asks two of each of 100,000 observations.
        try:
            check(*args)
        except InputError as error:
            self.problems.add(item.raw, field_name, str(error))
            return False
        return True

    def _values_fit(self, item: Staged, indicator: Indicator, values: list[tuple[float, str | None, str]]) -> bool:
        """Whether each value, with the unit word typed with it and what it is, fits the indicator's unit."""
        # As `all` over `_rule`, without a closure per value: the first misfit is the record's problem.
        for value, unit, what in values:
            try:
                check_unit(ParsedValue(value, unit), indicator.unit, what)
            except InputError as error:
                self.problems.add(item.raw, "value", str(error))
                return False
        return True

    def _sector_id(self, item: Staged, name: str) -> str | None:
        wanted = name.casefold()
        sectors = self._table(Kind.SECTORS)
        wanted = chosen_id(wanted, sectors)
        if wanted in sectors:
            return wanted
        for sector in sectors.values():
            if wanted in (sector.name_ko.casefold(), sector.name_en.casefold()):
                return str(sector.id)
        hint = _did_you_mean(wanted, sectors)
        self.problems.add(
            item.raw, "sector", _("unknown sector '{name}'{hint} (see `pohang sectors`)").format(name=name, hint=hint)
        )
        return None

    def _indicator_of(self, item: Staged, name: str) -> Indicator | None:
        found = self._indicators.get(name)
        if found is not None:
            return found
        indicators = self._table(Kind.INDICATORS)
        name = chosen_id(name, indicators)
        indicator: Indicator | None = indicators.get(name)
        if indicator is None:
            # A spreadsheet names the indicator as a person types it (`양극재 생산량`, `cathode-output`): the
            # commands' rule, a name or a unique part of one; several matches are refused with the choices.
            named = indicators_named(indicators, normalize_text(name).casefold())
            if len(named) > 1:
                self.problems.add(
                    item.raw,
                    "indicator",
                    _("'{name}' fits {count} indicators — did you mean {choices}?").format(
                        name=name, count=len(named), choices=indicator_choices(named)
                    ),
                )
                return None
            indicator = named[0] if named else None
        if indicator is not None:
            self._indicators[name] = indicator
        else:
            hint = _did_you_mean(name, indicators)
            self.problems.add(
                item.raw,
                "indicator",
                _("unknown indicator '{name}'{hint} (see `pohang indicators`)").format(name=name, hint=hint),
            )
        return indicator

    def _indicator(self, item: Staged) -> None:
        indicator = item.record
        assert isinstance(indicator, Indicator)
        sector = self._sector_id(item, indicator.sector)
        if sector is None:
            return
        prefix, _dot, slug = indicator.id.partition(".")
        if prefix != sector or not SLUG_PATTERN.fullmatch(slug):
            self.problems.add(
                item.raw,
                "id",
                _("'{id}' is not SECTOR.SLUG: expected '{sector}.' and a lower-case slug").format(
                    id=indicator.id, sector=sector
                ),
            )
            return
        if indicator.model is Model.COMPOUND and (
            indicator.kind is not IndicatorKind.LEVEL or indicator.baseline is None or indicator.baseline <= 0
        ):
            reason = _("the compound model needs a level indicator with a baseline above zero; use linear")
            self.problems.add(item.raw, "model", reason)
            return
        baseline_date = indicator.baseline_date
        if baseline_date is not None and not self._rule(
            item, "baseline_date", refuse_future, baseline_date, self.today, "the baseline date"
        ):
            return
        self._ask(item, self.asking.indicator(indicator))
        self._accept(item, replace(indicator, sector=sector))

    def _target(self, item: Staged) -> None:
        target = item.record
        assert isinstance(target, Target)
        indicator = self._indicator_of(item, target.indicator)
        if indicator is None:
            return
        expected = target_id(indicator.id, target.deadline)
        if target.id and target.id.casefold() != expected.casefold():
            reason = _("expected '{expected}' (INDICATOR@YEAR of the deadline), got '{id}'").format(
                expected=expected, id=target.id
            )
            self.problems.add(item.raw, "id", reason)
            return
        # The value rules of `add-target` (unit word, magnitude) apply to the value and every earlier value.
        values = [(target.value, item.unit, "the target")]
        values += [(r.value, None, f"revision {n}") for n, r in enumerate(target.revisions, start=1)]
        if not (
            self._rule(item, "deadline", check_deadline, indicator, target.deadline)
            and self._rule(item, "value", check_compound_target, indicator, target.value)
            and self._values_fit(item, indicator, values)
        ):
            return
        accepted = replace(target, id=expected, indicator=indicator.id)
        self._ask(item, self.asking.target(accepted))
        self._accept(item, accepted)

    def _target_links(self, item: Staged) -> None:
        targets = self._table(Kind.TARGETS)
        target = item.record
        assert isinstance(target, Target)
        resolved = self.incoming[Kind.TARGETS].get(target_id(target.indicator, target.deadline))
        if resolved is None:
            return  # refused already
        for field_name in ("supersedes", "superseded_by"):
            other_id = getattr(resolved, field_name)
            other = None if other_id is None else targets.get(other_id)
            if other_id is not None and (
                other_id == resolved.id or other is None or other.indicator != resolved.indicator
            ):
                reason = _("'{other}' is not another target of '{indicator}' in the database or the file").format(
                    other=other_id, indicator=resolved.indicator
                )
                self.problems.add(item.raw, field_name, reason)

    def _observation(self, item: Staged) -> None:
        observation = item.record
        assert isinstance(observation, Observation)
        indicator = self._indicator_of(item, observation.indicator)
        if indicator is None:
            return
        if not self._rule(item, "date", refuse_future, observation.date, self.today, "the observation date"):
            return
        reported = observation.reported
        if reported is not None and not self._rule(
            item, "reported", refuse_future, reported, self.today, "the reported date"
        ):
            return
        # The value rules of `record` (the unit word, the magnitude) apply to the value and every earlier value.
        values = [(observation.value, item.unit, "the value")]
        if observation.revisions:
            values += [(r.value, None, f"revision {n}") for n, r in enumerate(observation.revisions, start=1)]
        if not self._values_fit(item, indicator, values):
            return
        expected = observation_id(indicator.id, observation.date)
        if observation.id and observation.id.casefold() != expected.casefold():
            self.problems.add(
                item.raw,
                "id",
                _("expected '{expected}' (INDICATOR:DATE), got '{id}'").format(expected=expected, id=observation.id),
            )
            return
        unchanged = observation.id == expected and observation.indicator == indicator.id
        incoming = observation if unchanged else replace(observation, id=expected, indicator=indicator.id)
        self._ask(item, self.asking.observation(incoming))
        self._accept(item, _keep_vintage(self.data.observations.get(expected), incoming))

    def _assessment(self, item: Staged) -> None:
        """The rules of `assess`: a target of the database or the file, made by today; one per target."""
        assessment = item.record
        assert isinstance(assessment, Assessment)
        if assessment.target not in self._table(Kind.TARGETS):
            hint = _did_you_mean(assessment.target, self._table(Kind.TARGETS))
            reason = _("unknown target '{id}'{hint} (see `pohang targets`)").format(id=assessment.target, hint=hint)
            self.problems.add(item.raw, "id", reason)
            return
        if self._rule(item, "sources", check_sources, assessment.sources) and self._rule(
            item, "date", refuse_future, assessment.date, self.today, "the assessment date"
        ):
            self._accept(item, assessment)

    def _milestone(self, item: Staged) -> Milestone | None:
        milestone = item.record
        assert isinstance(milestone, Milestone)
        sector = self._sector_id(item, milestone.sector)
        if sector is None:
            return None
        milestone = replace(milestone, sector=sector)
        if milestone.id == 0:  # no id in the file: the stored milestone it repeats, if any
            matched = self._matching_milestone(item, milestone)
            if matched is None:
                return None
            milestone = replace(milestone, id=matched)
        before = self.data.milestones.get(milestone.id)
        original_due = milestone.original_due
        if before is not None and original_due is None:
            # As with `update-milestone`: a changed due date keeps the original one.
            moved = before.due is not None and milestone.due != before.due
            original_due = before.original_due or before.due if moved else before.original_due
        milestone = replace(milestone, original_due=original_due)
        self._ask(item, self.asking.milestone(before, milestone))
        return milestone

    def _matching_milestone(self, item: Staged, milestone: Milestone) -> int | None:
        """The id of the stored milestone a row without id repeats: 0 for none; None when two match (refused).

        A row matches a stored milestone of the same sector and title, planned for the same date: its original
        due date, else its due date, else none. Importing one sheet twice so adds each milestone once.
        """
        if self._milestone_keys is None:
            self._milestone_keys = {}
            for stored in self.data.milestones.values():
                self._milestone_keys.setdefault(_milestone_key(stored), []).append(stored.id)
        found = sorted(self._milestone_keys.get(_milestone_key(milestone), []))
        if len(found) > 1:
            self.problems.add(
                item.raw,
                "title",
                _(
                    "'{title}' matches milestones {first} and {second} of {sector}, planned for the same date; "
                    "give the id of the one this row is"
                ).format(title=milestone.title, first=found[0], second=found[1], sector=milestone.sector),
            )
            return None
        return found[0] if found else 0


def _milestone_key(milestone: Milestone) -> tuple[str, str, PartialDate | None]:
    """What a milestone is known by without its id: sector, title, and the date it was first due."""
    return milestone.sector, milestone.title.casefold(), milestone.original_due or milestone.due


def _keep_vintage(stored: Observation | None, incoming: Observation) -> Observation:
    """The incoming observation, keeping the stored value as a revision when the file gives another value.

    As with `record`: a second value for the same indicator and date is a revision, and the earlier one
    is never lost. A file that already carries the stored value among its revisions (an export read back)
    is taken as it is.
    """
    if stored is None:
        return incoming
    kept = tuple(r for r in stored.revisions if r not in incoming.revisions)
    earlier = stored.as_revision()
    if stored.value == incoming.value or earlier in incoming.revisions:
        return replace(incoming, revisions=(*kept, *incoming.revisions)) if kept else incoming
    return replace(incoming, revisions=(*kept, *incoming.revisions, earlier))


def _did_you_mean(name: str, candidates: Iterable[Any]) -> str:
    matches = difflib.get_close_matches(name, [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" — did you mean '{matches[0]}'?" if matches else ""


def chosen_id(text: str, known: Mapping[str, Any]) -> str:
    """The id in an entry template's drop-down choice, `양극재 생산량 (battery.cathode-output)`, else `text`.

    Only an id of `known` in the closing brackets counts: `수소 (H2) 충전소` stays a name.
    """
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if inner in known:
            return inner
    return text
