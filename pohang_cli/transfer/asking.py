"""The questions of service/questions.py, asked of an import's records against what the database holds.

Never against other records of the same file: a file brings its own series whole (an export read into an
empty database asks nothing), and only what it changes in a stored series is questioned.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Indicator, Milestone, Observation, Target
from pohang_cli.service import questions
from pohang_cli.service.questions import Question

Asked = list[tuple[str, Question | None]]
"""Questions by the field they are about."""


class StoredQuestions:
    """Asks each incoming record what `record`, `add-target`, `update-indicator` and `update-milestone` ask."""

    def __init__(self, data: Dataset, today: date) -> None:
        self.data = data
        self.today = today
        self._latest: dict[str, Observation] | None = None  # each indicator's latest stored actual
        # The database does not change while an import is planned: one reference per indicator, not per row.
        self._references: dict[tuple[str, bool], questions.Reference | None] = {}

    def _reference(self, indicator: Indicator, *, baseline: bool = True) -> questions.Reference | None:
        """The stored indicator's latest stored actual, else (with `baseline`) its stored baseline."""
        key = (indicator.id, baseline)
        if key in self._references:
            return self._references[key]
        if self._latest is None:
            self._latest = {}
            for observation in self.data.observations.values():
                known = self._latest.get(observation.indicator)
                if known is None or observation.date.rank() > known.date.rank():
                    self._latest[observation.indicator] = observation
        latest = self._latest.get(indicator.id)
        reference = self._references[key] = questions.reference_of(
            indicator if baseline else replace(indicator, baseline=None), [] if latest is None else [latest]
        )
        return reference

    def _value(self, indicator: Indicator, value: float, what: str) -> Asked:
        return [
            ("value", questions.magnitude(indicator, value, self._reference(indicator), what)),
            ("value", questions.count(indicator.unit, value, what)),
        ]

    def indicator(self, incoming: Indicator) -> Asked:
        """A stored indicator's new baseline, beside its latest stored actual."""
        stored = self.data.indicators.get(incoming.id)
        baseline = incoming.baseline
        if stored is None or baseline is None or baseline == stored.baseline:
            return []
        return [
            (
                "baseline",
                questions.magnitude(stored, baseline, self._reference(stored, baseline=False), _("the baseline")),
            ),
            ("baseline", questions.count(stored.unit, baseline, _("the baseline"))),
        ]

    def target(self, incoming: Target) -> Asked:
        """A new or changed target value of a stored indicator; a stored target's deadline moved into the past."""
        indicator = self.data.indicators.get(incoming.indicator)
        stored = self.data.targets.get(incoming.id)
        asked: Asked = []
        if indicator is not None and (stored is None or stored.value != incoming.value):
            asked += self._value(indicator, incoming.value, _("the target"))
        if stored is not None and stored.deadline != incoming.deadline:
            asked.append(("deadline", questions.past_due(incoming.deadline, self.today, _("the new deadline"))))
        return asked

    def observation(self, incoming: Observation) -> Asked:
        """A new or changed value of a stored indicator's series; a new date long before its baseline."""
        indicator = self.data.indicators.get(incoming.indicator)
        if indicator is None:
            return []
        stored = self.data.observations.get(incoming.id)
        asked: Asked = []
        if stored is None or stored.value != incoming.value:
            asked += self._value(indicator, incoming.value, _("the value"))
        if stored is None:
            asked.append(("date", questions.early_date(indicator, incoming.date)))
        return asked

    def milestone(self, before: Milestone | None, incoming: Milestone) -> Asked:
        """A stored milestone's due date moved into the past while it is still open."""
        if before is None:
            return []
        return [("due", questions.due_moved_into_past(before, incoming, self.today))]
