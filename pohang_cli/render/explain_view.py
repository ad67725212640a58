"""`pohang explain` drawn: Rich text for people, Markdown, and one JSON object for machines.

The JSON holds the explanation's data with English keys and raw numbers (its `figures` worked with raw
numbers), and the sections in the requested language under `sections`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pohang_cli.render.explain_figures import Figure, figures
from pohang_cli.render.explain_text import explanation_sections, heading
from pohang_cli.render.rows import iso, number

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pohang_cli.models import Observation, ObservationRevision
    from pohang_cli.service.explaining import Explanation

__all__ = ["explanation_markdown", "explanation_row", "explanation_view"]

INDENT = 2


def explanation_view(e: Explanation, lang: str) -> RenderableType:
    """The sections as a terminal shows them: a bold heading, each title, its lines indented under it."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(heading(e, lang), style="bold")]
    for section in explanation_sections(e, lang):
        parts.append(Text(""))
        parts.append(Text(section.title, style="bold"))
        parts += (_Indented(line) for line in section.lines)
    return Group(*parts)


class _Indented:
    """A line of text wrapped to the console, every line of it two cells in, with no padding after it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment
        from rich.text import Text

        for line in Text(self.text).wrap(console, max(1, options.max_width - INDENT), overflow="fold"):
            line.rstrip()
            yield Segment(" " * INDENT)
            yield from line.render(console)
            yield Segment.line()


def explanation_markdown(e: Explanation, lang: str) -> str:
    """The sections as Markdown: a heading, then a list under each title."""
    lines = [f"# {_md(heading(e, lang))}"]
    for section in explanation_sections(e, lang):
        lines += ["", f"## {_md(section.title)}", ""]
        lines += (f"- {_md(line.strip())}" for line in section.lines)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in "*_`[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def _value_row(value: Observation | ObservationRevision) -> dict[str, Any]:
    return {
        "value": number(value.value),
        "provisional": value.provisional,
        "reported": iso(value.reported),
        "recorded": iso(value.recorded),
        "source": value.source,
        "note": value.note,
        "note_en": value.note_en,
    }


def explanation_row(e: Explanation, lang: str) -> dict[str, Any]:
    """The explanation as one machine object: English keys, raw numbers, ISO dates; `sections` in `lang`."""
    a, indicator, target = e.judgement, e.indicator, e.target
    assessment = a.assessment
    return {
        "target_id": target.id,
        "indicator": indicator.id,
        "as_of": e.as_of.isoformat(),
        "known_as_of": None if e.known_as_of is None else e.known_as_of.isoformat(),
        "status": a.status.value,
        "indication": None if a.indication is None else a.indication.value,
        "rule": {"number": a.rule.number, "code": a.rule.value},
        "flags": [flag.value for flag in a.flags],
        "target": {
            "value": number(target.value),
            "deadline": target.deadline.iso(),
            "source": target.source,
            "adopted": iso(target.adopted),
            "note": target.note,
            "note_en": target.note_en,
            "revisions": [
                {
                    "date": iso(r.date),
                    "value": number(r.value),
                    "deadline": r.deadline.iso(),
                    "reason": r.reason,
                    "reason_en": r.reason_en,
                    "source": r.source,
                }
                for r in target.revisions
            ],
        },
        "baseline": {
            "value": number(indicator.baseline),
            "date": iso(indicator.baseline_date),
            "source": indicator.source,
        },
        "indicator_facts": {
            "unit": indicator.unit,
            "direction": indicator.direction.value,
            "kind": indicator.kind.value,
            "model": a.model.value,
            "basis": indicator.basis,
            "basis_en": indicator.basis_en,
            "note": indicator.note,
            "note_en": indicator.note_en,
            "frequency": indicator.frequency.value,
            "lag_months": indicator.lag_months,
            "owner": indicator.owner,
            "stale_after_months": e.stale_after_months,
            "next_expected": iso(a.next_expected),
        },
        "actuals": [
            {
                "id": actual.observation.id,
                "date": actual.observation.date.iso(),
                "role": actual.role,
                "known_from": actual.known_from.isoformat(),
                **_value_row(actual.observation),
                "revisions": [_value_row(r) for r in actual.observation.revisions],
            }
            for actual in e.actuals
        ],
        "figures": [_figure_row(f) for f in figures(a, _raw, _raw)],
        "assessment": None
        if assessment is None
        else {
            "status": assessment.status.value,
            "basis": assessment.basis,
            "basis_en": assessment.basis_en,
            "sources": list(assessment.sources),
            "date": assessment.date.iso(),
        },
        "change": {
            "kind": e.change.kind,
            "period": iso(e.change.period),
            "expected": iso(e.change.expected),
            "thresholds": [{"status": t.status.value, "value": number(t.value)} for t in e.change.thresholds],
        },
        "sections": [{"key": s.key, "title": s.title, "lines": list(s.lines)} for s in explanation_sections(e, lang)],
    }


def _figure_row(f: Figure) -> dict[str, Any]:
    return {
        "code": f.code,
        "value": f.value if isinstance(f.value, str) else number(f.value),
        "formula": f.formula,
        "worked": f.worked,
    }


def _raw(value: float) -> str:
    """A number as machine formats write it: integral values without a decimal point, others in full."""
    shown = number(value)
    return "null" if shown is None else str(shown)
