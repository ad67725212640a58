"""Questions, not guesses: input that is possible but implausible is asked about before it is stored.

A writer collects the questions its input raises and hands them to `ask`: without `--force` the write is
refused (exit 2, every question named with its rule and number, nothing written); with `--force` every
questioned input is accepted and the questions come back for the CLI to name on stderr. `import` asks the
same questions of each row against what the database already holds, never against other rows of its file,
so that an export always imports into an empty database.

The rules:
- magnitude: a value more than 1,000 times above or below the indicator's latest stored actual, or its
  baseline where that is not 0 (a unit left off: `5.6` typed for 5.6조);
- count: a negative or fractional count of people, companies or things;
- early date: an observation dated more than ten years before the indicator's baseline (a mistyped year;
  nearer dates before the baseline keep §7's note);
- past due: a deadline or due date set, or moved, into the past.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _, language, pgettext
from pohang_cli.models import Indicator, Milestone, Observation
from pohang_cli.values import FrozenValue

# A value 1,000 times away from the series it joins is a unit left off (5.6 for 5.6조 is 10^12 away) or
# three digits too many; real series of a city's industries do not jump so far between two reports.
MAGNITUDE_FACTOR = 1_000
# A typed year more than ten years before the baseline is a typo (2004 for 2024); nearer ones are kept
# with the note of methodology §7 (before the baseline, the value is shown but not judged).
EARLY_YEARS = 10
# Units that count people, companies or things: a count is a whole number, and not below zero.
COUNT_UNITS = frozenset({"jobs", "companies", "beds", "개", "기", "개소", "곳", "건", "대"})


class Rule(StrEnum):
    """The rules a question names."""

    MAGNITUDE = "magnitude"
    COUNT = "count"
    EARLY_DATE = "early-date"
    PAST_DUE = "past-due"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Question(FrozenValue):
    """One questioned input: the rule it breaks, and a sentence naming the number."""

    rule: Rule
    text: str

    def __str__(self) -> str:
        return f"[{rule_label(self.rule)}] {self.text}"


def rule_label(rule: Rule) -> str:
    """A rule's name in the language of this run."""
    # Only the one asked for is translated: an import names tens of thousands of questions.
    if rule is Rule.MAGNITUDE:
        return pgettext("rule", "magnitude")
    if rule is Rule.COUNT:
        return pgettext("rule", "count")
    if rule is Rule.EARLY_DATE:
        return pgettext("rule", "early date")
    return pgettext("rule", "past due")


class QuestionedInput(InputError):
    """Input that is possible but implausible, refused without --force; nothing was written."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = tuple(questions)
        # One line a question (the CLI prefixes the first with "pohang: "); the last says what to do.
        lines = [str(question) for question in self.questions]
        lines[-1] += "; " + _("nothing was written: check the input, or add --force to store it as typed")
        super().__init__("\npohang: ".join(lines))


def ask(questions: Iterable[Question | None], force: bool) -> tuple[Question, ...]:
    """The questions `force` accepts (to be named on stderr); refused when there are any and no `force`.

    Raises:
        QuestionedInput: at least one question, and `force` is not set.
    """
    asked = tuple(question for question in questions if question is not None)
    if asked and not force:
        raise QuestionedInput(asked)
    return asked


def _shown(value: float, unit: str | None) -> str:
    # From the module, not the package: a package's `from ... import` goes through Python code, once a question.
    from pohang_cli.quantities.formatting import format_exact

    return format_exact(value, unit, language())


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Reference(FrozenValue):
    """What a new value of an indicator is compared with: its latest stored actual, else its baseline."""

    value: float
    date: PartialDate | None
    is_baseline: bool


def reference_of(indicator: Indicator, observations: Iterable[Observation]) -> Reference | None:
    """The indicator's latest stored actual, else its baseline where that is given and not 0."""
    latest: Observation | None = None
    for observation in observations:
        if latest is None or observation.date.rank() > latest.date.rank():
            latest = observation
    if latest is not None:
        return Reference(latest.value, latest.date, is_baseline=False)
    if indicator.baseline:
        return Reference(indicator.baseline, indicator.baseline_date, is_baseline=True)
    return None


def magnitude(indicator: Indicator, value: float, reference: Reference | None, what: str) -> Question | None:
    """A value more than MAGNITUDE_FACTOR times above or below the reference (0 on either side asks nothing)."""
    if reference is None or value == 0 or reference.value == 0:
        return None
    ratio = abs(value) / abs(reference.value)
    if 1 / MAGNITUDE_FACTOR <= ratio <= MAGNITUDE_FACTOR:
        return None
    when = "" if reference.date is None else f" ({reference.date.iso()})"
    if ratio > MAGNITUDE_FACTOR:
        template = (
            _("{what} {value} is more than 1,000 times the baseline of {indicator}, {reference}{when}")
            if reference.is_baseline
            else _("{what} {value} is more than 1,000 times the latest actual of {indicator}, {reference}{when}")
        )
    else:
        template = (
            _(
                "{what} {value} is less than a thousandth of the baseline of {indicator}, {reference}{when} — "
                "was a unit left off?"
            )
            if reference.is_baseline
            else _(
                "{what} {value} is less than a thousandth of the latest actual of {indicator}, {reference}{when} "
                "— was a unit left off?"
            )
        )
    return Question(
        Rule.MAGNITUDE,
        template.format(
            what=what,
            value=_shown(value, indicator.unit),
            indicator=indicator.id,
            reference=_shown(reference.value, indicator.unit),
            when=when,
        ),
    )


def count(unit: str, value: float, what: str) -> Question | None:
    """A negative or fractional value in a unit that counts people, companies or things."""
    if unit not in COUNT_UNITS or (value >= 0 and float(value).is_integer()):
        return None
    template = (
        _("{what} {value} is a negative count of {unit}")
        if value < 0
        else _("{what} {value} is a fractional count of {unit}")
    )
    return Question(Rule.COUNT, template.format(what=what, value=_shown(value, unit), unit=_unit_word(unit)))


def _unit_word(unit: str) -> str:
    from pohang_cli.quantities.units import unit_label

    return unit_label(unit, language())


def early_date(indicator: Indicator, when: PartialDate) -> Question | None:
    """An observation dated more than EARLY_YEARS before the indicator's baseline date."""
    baseline = indicator.baseline_date
    if baseline is None or baseline.month_index() - when.month_index() <= 12 * EARLY_YEARS:
        return None
    return Question(
        Rule.EARLY_DATE,
        _(
            "the date {when} is more than ten years before the baseline date {baseline} of {indicator} — "
            "a mistyped year?"
        ).format(when=when.iso(), baseline=baseline.iso(), indicator=indicator.id),
    )


def past_due(due: PartialDate, today: date | None, what: str) -> Question | None:
    """A deadline or due date that ended before today (the CLI's as-of date)."""
    if today is None or due.end() >= today:
        return None
    return Question(
        Rule.PAST_DUE,
        _("{what} {due} has already passed (today is {today})").format(
            what=what, due=due.iso(), today=today.isoformat()
        ),
    )


def due_moved_into_past(before: Milestone, after: Milestone, today: date | None) -> Question | None:
    """A due date moved into the past, for a milestone not done, partly done or cancelled."""
    if after.due is None or after.due == before.due or after.status.is_terminal:
        return None
    return past_due(after.due, today, _("the new due date"))
