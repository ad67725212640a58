"""`pohang explain` in words: the chain from data to verdict as titled sections of plain lines, in ko or en.

Plain text, so a terminal, a Markdown file or a web page can draw the same sections (`explanation_sections`);
values are written as tables write them, notes and reasons in the reader's language.
"""

from __future__ import annotations

from typing import NamedTuple

from pohang_cli.i18n import N_, translated_in
from pohang_cli.models import Flag, Indicator, Observation, ObservationRevision, Target, TargetStatus
from pohang_cli.progress import Rule
from pohang_cli.quantities import format_number, format_value, parse_value
from pohang_cli.render.explain_figures import figures
from pohang_cli.render.labels import FLAGS, TARGET_STATUS, rate_text
from pohang_cli.render.legend import flag_meaning
from pohang_cli.render.verdict import assessment_basis, frequency_text, indicator_facts, status_text
from pohang_cli.service.explaining import Explanation, WhatWouldChange
from pohang_cli.text import in_language

__all__ = ["Section", "explanation_sections"]


class Section(NamedTuple):
    """A titled part of an explanation: its key (for machines), its title and its lines, in one language."""

    key: str
    title: str
    lines: tuple[str, ...]


_TITLES = {
    "verdict": N_("Verdict"),
    "target": N_("Target"),
    "baseline": N_("Baseline"),
    "actuals": N_("Actuals"),
    "figures": N_("Figures"),
    "flags": N_("Flags"),
    "assessment": N_("Assessment"),
    "change": N_("What would change the verdict"),
}

_RULES = {
    Rule.NO_DATA: N_("rule 1: no actual after the baseline up to the as-of date"),
    Rule.FINAL_FIGURE: N_("rule 2: the figure of {date}, at or after the deadline, decides: {value} against {goal}"),
    Rule.TARGET_MET: N_("rule 3: the latest figure ({date}: {value}) already meets {goal} and is not provisional"),
    Rule.NO_BASELINE: N_("rule 4: the indicator has no baseline, so no pace can be measured"),
    Rule.PAST_DEADLINE: N_("rule 5: the deadline {deadline} has passed and no figure of its period has come"),
    Rule.STALE: N_(
        "rule 6: the latest figure ({date}) is {age} months old, past the {limit} months a {frequency} figure may be"
    ),
    Rule.ONLY_PROVISIONAL: N_("rule 6: the only figure after the baseline ({date}) is provisional"),
    Rule.MET_PROVISIONAL: N_("rule 6: the latest figure ({date}: {value}) meets {goal} but is provisional"),
    Rule.MAINTENANCE_LOST: N_("rule 7: the baseline met the target, and the latest figure ({date}: {value}) does not"),
    Rule.PACE: N_("rule 8: by the pace ratio {ratio}: on track from 0.95, behind from 0.50, off track from 0"),
}

_ROLES = {
    "final": N_("gives the final verdict"),
    "latest": N_("the latest figure counted"),
    "counted": N_("counted"),
    "before_baseline": N_("in or before the baseline's month: kept, not used"),
    "not_ended": N_("its period had not ended on the as-of date"),
    "not_reported": N_("reported later: not known on that day"),
}

_FIGURE_NAMES = {
    "months": N_("months from the baseline"),
    "progress_pct": N_("progress from baseline"),
    "time_elapsed_pct": N_("time gone at the latest figure"),
    "as_of_elapsed_pct": N_("time gone at the as-of date"),
    "level_pct": N_("level against the target"),
    "required_per_year": N_("pace required"),
    "observed_per_year": N_("pace observed"),
    "pace_ratio": N_("pace ratio"),
    "needed_per_year": N_("pace needed from now"),
    "acceleration": N_("acceleration needed"),
    "projected_value": N_("projection at the deadline"),
    "projected_reach": N_("projected reach"),
    "data_age_months": N_("age of the latest figure (months)"),
    "next_expected": N_("next figure late from"),
}

_P = {
    "as_of": N_("as of {date}"),
    "known": N_("only what was reported by {date}"),
    "indication": N_("the figures alone say: {status}"),
    "target_line": N_("{value} by {deadline}"),
    "adopted": N_("in force from {date}"),
    "revision": N_("{date} {before} → {after}: {reason}"),
    "no_revision": N_("never revised"),
    "baseline_line": N_("{value} ({date})"),
    "baseline_rule": N_("progress is measured from the baseline; figures in or before its month are kept but not used"),
    "no_baseline": N_("no baseline: no pace can be measured, only a figure that meets the target can be judged"),
    "stale_limit": N_("a figure is stale after {limit} months"),
    "reported": N_("reported {date}"),
    "recorded": N_("recorded {date}"),
    "earlier_value": N_("earlier value {value}"),
    "no_actuals": N_("no actuals"),
    "no_flags": N_("no flags"),
    "no_assessment": N_("no person's assessment"),
    "assessed": N_("assessed {status} on {date}"),
    "basis": N_("basis: {basis}"),
    "sources": N_("sources: {sources}"),
    "disputed": N_("it differs from what the figures say ({status})"),
    "outdated": N_("a newer figure came after it ({date})"),
    "settled": N_("nothing: the figure of the deadline's period gave a final verdict"),
    "final": N_("the figure of {period} decides (late from {expected}): {goal} or more, {achieved}; less, {missed}"),
    "final_decrease": N_(
        "the figure of {period} decides (late from {expected}): {goal} or less, {achieved}; more, {missed}"
    ),
    "baseline_wanted": N_(
        "a baseline would let the pace be judged; meanwhile a figure of {goal} or more that is not provisional "
        "would make it {achieved}"
    ),
    "next_figure": N_("the next figure that can change it is that of {period} (late from {expected}):"),
    "at_least": N_("a {period} figure of at least {value} would make it {status}"),
    "at_most": N_("a {period} figure of at most {value} would make it {status}"),
    "not_provisional": N_("(if it is not provisional)"),
    "otherwise": N_("anything less would make it {status}"),
    "otherwise_decrease": N_("anything more would make it {status}"),
    "unknown_month": N_("unknown"),
}


def _t(lang: str, key: str, **values: object) -> str:
    return translated_in(lang, _P[key]).format(**values)


def explanation_sections(e: Explanation, lang: str) -> list[Section]:
    """The explanation as titled sections, in the order a reader follows the chain from data to verdict."""
    parts = [
        ("verdict", _verdict(e, lang)),
        ("target", _target(e.target, e.indicator, lang)),
        ("baseline", _baseline(e, lang)),
        ("actuals", _actuals(e, lang)),
        ("figures", _figures(e, lang)),
        ("flags", _flags(e, lang)),
        ("assessment", _assessment(e, lang)),
        ("change", _change(e, lang)),
    ]
    return [Section(key, translated_in(lang, _TITLES[key]), tuple(lines)) for key, lines in parts]


def heading(e: Explanation, lang: str) -> str:
    """`이차전지 투자 유치 (MOU 기준) · battery.investment@2027 · 기준일 2026-11-25`."""
    name = e.indicator.name_ko if lang == "ko" else e.indicator.name_en
    parts = [name, e.target.id, _t(lang, "as_of", date=e.as_of.isoformat())]
    if e.known_as_of is not None:
        parts.append(_t(lang, "known", date=e.known_as_of.isoformat()))
    return " · ".join(parts)


def _value(e: Explanation, amount: float, lang: str) -> str:
    return format_value(amount, e.indicator.unit, lang)


def _verdict(e: Explanation, lang: str) -> list[str]:
    a = e.judgement
    lines = [status_text(a, lang)]
    if not a.status.is_verdict and a.indication is not None:
        lines.append(_t(lang, "indication", status=TARGET_STATUS[lang][a.indication]))
    names = {
        "date": a.actual_date.iso() if a.actual_date else "—",
        "value": _value(e, a.actual, lang) if a.actual is not None else "—",
        "goal": _value(e, a.target.value, lang),
        "deadline": a.target.deadline.iso(),
        "age": a.data_age_months,
        "limit": e.stale_after_months,
        "frequency": frequency_text(a.indicator.frequency, lang),
        "ratio": f"{a.pace_ratio:.2f}" if a.pace_ratio is not None else "—",
    }
    lines.append(translated_in(lang, _RULES[a.rule]).format(**names))
    return lines


def _target(target: Target, indicator: Indicator, lang: str) -> list[str]:
    unit = indicator.unit
    lines = [_t(lang, "target_line", value=format_value(target.value, unit, lang), deadline=target.deadline.iso())]
    if target.source:
        lines.append(target.source)
    if target.adopted is not None:
        lines.append(_t(lang, "adopted", date=target.adopted.iso()))
    note = in_language(target.note, target.note_en, lang)
    if note:
        lines.append(note)
    versions = [*((r.value, r.deadline) for r in target.revisions), (target.value, target.deadline)]
    for index, revision in enumerate(target.revisions):
        after_value, after_deadline = versions[index + 1]
        lines.append(
            _t(
                lang,
                "revision",
                date=revision.date.iso() if revision.date else "—",
                before=f"{format_value(revision.value, unit, lang)} ({revision.deadline.iso()})",
                after=f"{format_value(after_value, unit, lang)} ({after_deadline.iso()})",
                reason=in_language(revision.reason, revision.reason_en, lang) or "",
            )
        )
    if not target.revisions:
        lines.append(_t(lang, "no_revision"))
    return lines


def _baseline(e: Explanation, lang: str) -> list[str]:
    indicator = e.indicator
    lines = []
    if indicator.baseline is None or indicator.baseline_date is None:
        lines.append(_t(lang, "no_baseline"))
    else:
        lines.append(
            _t(lang, "baseline_line", value=_value(e, indicator.baseline, lang), date=indicator.baseline_date.iso())
        )
        if indicator.source:
            lines.append(indicator.source)
        lines.append(_t(lang, "baseline_rule"))
    basis = in_language(indicator.basis, indicator.basis_en, lang)
    note = in_language(indicator.note, indicator.note_en, lang)
    lines += (text for text in (basis, note) if text)
    lines += indicator_facts(indicator, lang)
    lines.append(_t(lang, "stale_limit", limit=e.stale_after_months))
    return lines


def _observation_line(e: Explanation, value: Observation | ObservationRevision, lang: str) -> str:
    parts = [_value(e, value.value, lang)]
    if value.provisional:
        parts[0] += f" ({FLAGS[lang][Flag.PROVISIONAL]})"
    if value.reported is not None:
        parts.append(_t(lang, "reported", date=value.reported.iso()))
    if value.recorded is not None:
        parts.append(_t(lang, "recorded", date=value.recorded.iso()))
    if value.source:
        parts.append(value.source)
    return " · ".join(parts)


def _actuals(e: Explanation, lang: str) -> list[str]:
    lines = []
    for actual in e.actuals:
        o = actual.observation
        role = translated_in(lang, _ROLES[actual.role])
        lines.append(f"{o.date.iso()}: {_observation_line(e, o, lang)} — {role}")
        lines += (f"  {_t(lang, 'earlier_value', value=_observation_line(e, r, lang))}" for r in o.revisions)
        note = in_language(o.note, o.note_en, lang)
        if note:
            lines.append(f"  {note}")
    return lines or [_t(lang, "no_actuals")]


def _figures(e: Explanation, lang: str) -> list[str]:
    unit = e.indicator.unit
    listed = figures(e.judgement, lambda v: format_value(v, unit, lang), lambda v: rate_text(v, unit, lang))
    return [f"{translated_in(lang, _FIGURE_NAMES[f.code])} ({f.code}): {f.formula} → {f.worked}" for f in listed]


def _flags(e: Explanation, lang: str) -> list[str]:
    flags = e.judgement.flags
    return [f"{FLAGS[lang][flag]} ({flag.value}): {flag_meaning(flag, lang)}" for flag in flags] or [
        _t(lang, "no_flags")
    ]


def _assessment(e: Explanation, lang: str) -> list[str]:
    a = e.judgement
    assessment = a.assessment
    if assessment is None:
        return [_t(lang, "no_assessment")]
    lines = [
        _t(lang, "assessed", status=TARGET_STATUS[lang][assessment.status], date=assessment.date.iso()),
        _t(lang, "basis", basis=assessment_basis(assessment, lang)),
        _t(lang, "sources", sources=", ".join(assessment.sources)),
    ]
    if Flag.DISPUTED in a.flags:
        compared = a.status if a.status.is_verdict else a.indication
        lines.append(_t(lang, "disputed", status=TARGET_STATUS[lang][compared] if compared else "—"))
    if Flag.ASSESSMENT_OUTDATED in a.flags and a.actual_date is not None:
        lines.append(_t(lang, "outdated", date=a.actual_date.iso()))
    return lines


def bound_text(amount: float, unit: str, lang: str) -> str:
    """A threshold as a table writes it, with the exact number beside it where the rounding moved it.

    "At least 7조 9,833억" is false of a threshold of 7조 9,833억 3,333만, and "at least KRW 8.0 tn" is not the
    threshold of 7.98 tn: there the exact figure follows.
    """
    shown = format_value(amount, unit, lang)
    try:
        back = parse_value(shown).value
    except ValueError:
        back = None
    return shown if back == amount else f"{shown} ({format_number(amount)})"


def _change(e: Explanation, lang: str) -> list[str]:
    change: WhatWouldChange = e.change
    unit = e.indicator.unit
    upward = e.indicator.direction.sign > 0
    label = TARGET_STATUS[lang]
    unknown = _t(lang, "unknown_month")
    expected = change.expected.iso() if change.expected is not None else unknown
    goal = bound_text(e.target.value, unit, lang)
    if change.kind == "settled":
        return [_t(lang, "settled")]
    if change.kind == "final":
        key = "final" if upward else "final_decrease"
        period = change.period.iso() if change.period else unknown
        return [
            _t(
                lang,
                key,
                period=period,
                expected=expected,
                goal=goal,
                achieved=label[TargetStatus.ACHIEVED],
                missed=label[TargetStatus.MISSED],
            )
        ]
    if change.kind == "baseline" or change.period is None:
        return [_t(lang, "baseline_wanted", goal=goal, achieved=label[TargetStatus.ACHIEVED])]
    period = change.period.iso()
    lines = [_t(lang, "next_figure", period=period, expected=expected)]
    for threshold in change.thresholds:
        if threshold.value is None:
            key = "otherwise" if upward else "otherwise_decrease"
            lines.append(_t(lang, key, status=label[threshold.status]))
            continue
        line = _t(
            lang,
            "at_least" if upward else "at_most",
            period=period,
            value=bound_text(threshold.value, unit, lang),
            status=label[threshold.status],
        )
        if threshold.status is TargetStatus.ACHIEVED:
            line += " " + _t(lang, "not_provisional")
        lines.append(line)
    return lines
