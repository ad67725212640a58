"""The doctor's notes (methodology §7): what counts differently from what its writer may think; no error."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pohang_cli.doctor.problem import Problem, Tables, is_number
from pohang_cli.errors import PohangError
from pohang_cli.i18n import _
from pohang_cli.models import Indicator, IndicatorKind, Kind, Observation

if TYPE_CHECKING:
    from datetime import date


_PROVISIONAL_WORDS = re.compile(r"잠정|provisional", re.IGNORECASE)


def notes(tables: Tables, as_of: date) -> Iterator[Problem]:
    """What methodology §7 asks the doctor to list besides errors, judged at `as_of`.

    Targets of an indicator without a baseline (unjudgeable, though their actuals are shown), the
    observations that count differently (at or before the baseline, a period not ended, a falling running
    total, overlapping periods), observations with no source, and notes that call a figure provisional
    (잠정) when it is not flagged so. Documents the checks of `examine` refuse are left out here.
    """
    from pohang_cli.caveats import caveats, describe
    from pohang_cli.i18n import language

    indicators = dict(_indicators(tables.get(Kind.INDICATORS.value) or {}))
    series: dict[str, list[Observation]] = {}
    for doc in (tables.get(Kind.OBSERVATIONS.value) or {}).values():
        observation = _observation(doc)
        if observation is None or observation.indicator not in indicators:
            continue
        series.setdefault(observation.indicator, []).append(observation)
        if not observation.source:
            yield Problem("observation", observation.id, "no-source", _("the observation has no source"), "note")
        if observation.note and not observation.provisional and _PROVISIONAL_WORDS.search(observation.note):
            yield Problem(
                "observation",
                observation.id,
                "provisional-in-note",
                _(
                    "the note calls the figure provisional (잠정), but it is not flagged so: record it again with "
                    "--provisional, or correct the note"
                ),
                "note",
            )
    targets = [doc for doc in (tables.get(Kind.TARGETS.value) or {}).values() if isinstance(doc, dict)]
    for doc in sorted(targets, key=lambda d: str(d.get("id"))):
        indicator = indicators.get(str(doc.get("indicator")))
        if (
            indicator is not None
            and doc.get("superseded_by") is None
            and (indicator.baseline is None or indicator.baseline_date is None)
        ):
            yield Problem(
                "target",
                str(doc.get("id")),
                "unjudgeable",
                _(
                    "indicator '{indicator}' has no baseline, so this target cannot be judged (its actuals are "
                    "still shown); set one with `pohang update-indicator {indicator} --baseline VALUE "
                    "--baseline-date DATE`"
                ).format(indicator=indicator.id),
                "note",
            )
    for indicator_id in sorted(series):
        indicator = indicators[indicator_id]
        for caveat in caveats(indicator, series[indicator_id], as_of):
            code, sentence = caveat.code, describe(caveat, indicator, as_of, language())
            yield Problem("observation", caveat.observation.id, code, sentence.split(": ", 1)[1], "note")


def _indicators(table: Mapping[str, Any]) -> Iterator[tuple[str, Indicator]]:
    """The indicators whose documents read as records (the others are `examine`'s to report)."""
    from pohang_cli.dates import parse_iso

    for doc in table.values():
        try:
            baseline_date = doc.get("baseline_date")
            baseline = doc.get("baseline")
            yield (
                doc["id"],
                Indicator(
                    id=doc["id"],
                    sector=doc.get("sector", ""),
                    name_ko=doc.get("name_ko", ""),
                    name_en=doc.get("name_en", ""),
                    unit=doc.get("unit", ""),
                    baseline=float(baseline) if is_number(baseline) else None,
                    baseline_date=None if baseline_date is None else parse_iso(baseline_date),
                    kind=IndicatorKind(doc.get("kind", IndicatorKind.LEVEL.value)),
                ),
            )
        except (PohangError, AttributeError, KeyError, TypeError, ValueError):
            continue


def _observation(doc: Any) -> Observation | None:
    from pohang_cli.dates import parse_iso

    try:
        if not is_number(doc["value"]) or not isinstance(doc["id"], str):
            return None
        return Observation(
            id=doc["id"],
            indicator=doc["indicator"],
            date=parse_iso(doc["date"]),
            value=float(doc["value"]),
            source=doc.get("source") if isinstance(doc.get("source"), str) else None,
            note=doc.get("note") if isinstance(doc.get("note"), str) else None,
            provisional=doc.get("provisional") is True,
        )
    except (PohangError, AttributeError, KeyError, TypeError, ValueError):
        return None
