"""The council report as Markdown: the HTML report's content as tables, for pasting into documents.

GitHub-flavoured tables (pipes escaped, line breaks as `<br>`), sources as links named by their host. The
charts become the numbers behind them: each indicator's baseline, latest actuals, targets and projections.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pohang_cli.models import Flag
from pohang_cli.progress import Judgement, WatchedJudgement
from pohang_cli.quantities import format_value, unit_label
from pohang_cli.render import report_text as cells
from pohang_cli.render.html import RECENT_ACTUALS
from pohang_cli.render.labels import DASH, FLAGS, as_of_elapsed_text, level_text, pct_text, projection_text, word
from pohang_cli.render.verdict import assessment_basis, assessment_text, indicator_facts, revision_text, sources_word
from pohang_cli.render.words import generated_by, report_word
from pohang_cli.report import IndicatorSection, Report, SectorSection


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")


def _inline(text: str) -> str:
    """Text outside a table: characters that would start Markdown formatting are escaped."""
    out = text.replace("\\", "\\\\")
    for char in "*_`[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> list[str]:
    """Table lines; cells are escaped here, except links made by `_link` (already Markdown)."""
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if k in numeric else "---" for k in range(len(headers))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _link(url: str | None) -> str:
    if not url:
        return ""
    if not cells.is_web_link(url):
        return _cell(url)
    target = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("|", "%7C")
    return f"[{_cell(cells.link_text(url))}]({target})"


def markdown_report(report: Report, lang: str) -> str:
    """The whole report as Markdown text, ending with a newline.

    Args:
        report: The content, from `pohang_cli.report.build_report`.
        lang: `ko` or `en`.

    Returns:
        The document; the same report gives the same text.
    """
    w = report_word
    counts = report.counts
    lines = [
        f"# {_inline(w(lang, 'title'))}",
        "",
        f"- {w(lang, 'as_of')}: {report.as_of.isoformat()}"
        + (
            "" if report.known_as_of is None else f" · {word(lang, 'known_as_of', date=report.known_as_of.isoformat())}"
        ),
        f"- {w(lang, 'database')}: `{report.database.replace('`', '')}` ("
        + w(
            lang,
            "records",
            indicators=counts.indicators,
            targets=counts.targets,
            observations=f"{counts.observations:,}",
            milestones=counts.milestones,
        )
        + ")",
        *([] if report.log_head is None else [f"- {w(lang, 'log_head')}: `{report.log_head}`"]),
        f"- {_inline(generated_by(lang, report.version))}",
        "",
        f"## {w(lang, 'summary')}",
        "",
        f"### {w(lang, 'sector_rollups')}",
        "",
    ]
    lines += _table(
        [
            w(lang, h)
            for h in ("sector", "targets", "statuses", "worst", "milestones", "overdue", "cancelled", "completion")
        ],
        (
            [
                _cell(cells.sector_name(s.status.sector, lang)),
                str(len(s.status.judgements)),
                _cell(cells.status_counts(s.status.rollup, lang)),
                _cell(_worst(s, lang)),
                f"{s.status.rollup.milestones_completed}/{s.status.rollup.milestones_total}",
                str(s.status.rollup.milestones_overdue),
                str(s.status.rollup.milestones_cancelled),
                cells.completion(s.status.rollup),
            ]
            for s in report.sectors
        ),
        numeric=(1, 4, 5, 6, 7),
    )
    lines += ["", f"### {w(lang, 'targets_status')}", ""]
    target_table = _table(
        [w(lang, h) for h in ("sector", "indicator", "target", "actual", "progress", "pace", "projection", "status")],
        (
            [
                _cell(section.status.sector.name_ko if lang == "ko" else section.status.sector.name_en),
                _cell(f"{cells.indicator_name(a.indicator, lang)}\n{a.target.id}"),
                _cell(cells.target_cell(a, lang)),
                _cell(cells.actual_cell(a, lang)),
                _cell("\n".join(p for p in cells.progress_cell(a, lang) if p)),
                _cell(cells.pace_cell(a, lang)),
                _cell(cells.projection_cell(a, lang)),
                _cell(_status(a, lang)),
            ]
            for section in report.sectors
            for a in section.status.judgements
        ),
        numeric=(4,),
    )
    # Sectors without numeric targets: a sentence, not a table with no rows.
    lines += target_table if report.judgements else [_inline(w(lang, "no_targets"))]
    watched = [(section, x) for section in report.sectors for x in section.status.watched]
    if watched:
        lines += ["", f"### {w(lang, 'watched')}", ""]
        lines += _table(
            [w(lang, h) for h in ("sector", "indicator", "latest", "previous", "change", "status")],
            (
                [
                    _cell(section.status.sector.name_ko if lang == "ko" else section.status.sector.name_en),
                    _cell(f"{cells.indicator_name(x.indicator, lang)}\n{x.indicator.id}"),
                    _cell(cells.watched_actual_cell(x, lang)),
                    _cell(cells.watched_previous_cell(x, lang)),
                    _cell(cells.watched_change_cell(x, lang)),
                    _cell(_status(x, lang)),
                ]
                for section, x in watched
            ),
        )
    lines += ["", f"### {w(lang, 'overdue_milestones')}", ""]
    if report.overdue:
        lines += _table(
            [w(lang, h) for h in ("sector", "id", "title_col", "due", "overdue", "status", "source")],
            (
                [
                    _cell(cells.milestone_sector(report.sector_of(j), j, lang)),
                    str(j.milestone.id),
                    _cell(cells.milestone_title(j, lang)),
                    j.milestone.due.iso() if j.milestone.due else DASH,
                    _cell(w(lang, "days_overdue", days=j.days_overdue)),
                    _cell(cells.milestone_status(j, lang)),
                    _link(j.milestone.source),
                ]
                for j in report.overdue
            ),
            numeric=(1,),
        )
    else:
        lines.append(_inline(w(lang, "no_overdue")))
    lines += ["", f"> {_inline(w(lang, 'methodology'))}"]
    lines += _legend(report, lang)
    for section in report.sectors:
        lines += ["", *_sector(section, lang)]
    return "\n".join(lines) + "\n"


def _status(a: Judgement | WatchedJudgement, lang: str) -> str:
    label, lines = cells.status_lines(a, lang)
    return "\n".join((label, *lines))


def _legend(report: Report, lang: str) -> list[str]:
    """Every status and flag the report shows, with what it means (§8.4)."""
    entries = cells.report_legend(report, lang)
    lines = ["", f"### {_inline(cells.phrase(lang, 'legend'))}", ""]
    lines += [
        f"- **{_inline(entry.label)}** ({entry.code}): {_inline(entry.meaning)}"
        for entry in (*entries.statuses, *entries.flags, *entries.notes)
    ]
    return lines


def _worst(section: SectorSection, lang: str) -> str:
    worst = section.status.rollup.worst_status
    return report_word(lang, "no_targets") if worst is None else cells.status_label(worst, lang)


def _sector(section: SectorSection, lang: str) -> list[str]:
    sector, rollup = section.status.sector, section.status.rollup
    facts = cells.milestone_facts(rollup, lang)
    if section.status.judgements:
        facts.insert(0, f"{report_word(lang, 'worst')}: {_worst(section, lang)}")
        facts.insert(1, cells.status_counts(rollup, lang))
    else:
        facts.insert(0, report_word(lang, "no_targets"))
        if section.status.watched:
            facts.insert(1, cells.status_counts(rollup, lang))
    lines = [f"## {_inline(cells.sector_name(sector, lang))}", "", _inline(" · ".join(facts))]
    for item in section.indicators:
        lines += ["", *_indicator(item, lang)]
    lines += ["", f"### {report_word(lang, 'timeline')}", ""]
    if not section.milestones:
        lines.append(_inline(report_word(lang, "no_milestones")))
        return lines
    lines += _table(
        [report_word(lang, h) for h in ("date", "status", "title_col", "due", "note", "source")],
        (
            [
                j.milestone.date.iso() if j.milestone.date else DASH,
                _cell(cells.milestone_status(j, lang)),
                _cell(cells.milestone_title(j, lang)),
                j.milestone.due.iso() if j.milestone.due else DASH,
                _cell(
                    "; ".join(
                        n
                        for n in (
                            ", ".join(cells.milestone_notes(j, lang)),
                            cells.note_of(j.milestone.note, j.milestone.note_en, lang),
                        )
                        if n
                    )
                ),
                _link(j.milestone.source),
            ]
            for j in section.milestones
        ),
    )
    return lines


def _indicator(item: IndicatorSection, lang: str) -> list[str]:
    indicator = item.indicator
    details = [indicator.id, unit_label(indicator.unit, lang), word(lang, indicator.kind.value)]
    basis = cells.note_of(indicator.basis, indicator.basis_en, lang)
    if basis:
        details.append(basis)
    details += indicator_facts(indicator, lang)
    meta = _inline(" · ".join(d for d in details if d))
    if indicator.source:
        meta += " · " + _link(indicator.source)
    lines = [f"### {_inline(cells.indicator_name(indicator, lang))}", "", meta, ""]
    note = cells.note_of(indicator.note, indicator.note_en, lang)
    if note:
        lines += [_inline(note), ""]
    w = report_word
    rows: list[list[str]] = []
    if indicator.baseline is not None:
        when = indicator.baseline_date.iso() if indicator.baseline_date else DASH
        rows.append([w(lang, "baseline"), when, _cell(format_value(indicator.baseline, indicator.unit, lang)), ""])
    actuals = item.actuals
    for o in actuals[-RECENT_ACTUALS:]:
        remarks = [FLAGS[lang][Flag.PROVISIONAL]] if o.provisional else []
        remarks.append(cells.note_of(o.note, o.note_en, lang) or "")
        note = _cell("; ".join(r for r in remarks if r))
        rows.append([w(lang, "actual"), o.date.iso(), _cell(format_value(o.value, indicator.unit, lang)), note])
    for a in item.judgements:
        note = _target_note(a, lang)
        rows.append(
            [
                w(lang, "target"),
                a.target.deadline.iso(),
                _cell(format_value(a.target.value, indicator.unit, lang)),
                _cell(note) + (" · " + _link(a.target.source) if a.target.source else ""),
            ]
        )
        if a.projected_value is not None:
            rows.append(
                [
                    w(lang, "projection"),
                    a.target.deadline.iso(),
                    _cell(projection_text(a, lang)),
                    _cell(cells.projection_cell(a, lang).split("; ", 1)[1]),
                ]
            )
    if not rows:
        lines.append(_inline(w(lang, "no_observations")))
        return lines
    lines += _table([w(lang, h) for h in ("kind", "date", "value", "note")], rows, numeric=(2,))
    lines += (line for a in item.judgements for line in _assessment(a, lang))
    if len(actuals) > RECENT_ACTUALS:
        phrase = w(lang, "more_actuals", total=f"{len(actuals):,}", shown=RECENT_ACTUALS, id=indicator.id)
        lines += ["", phrase.replace("|", "\\|")]
    return lines


def _target_note(a: Judgement, lang: str) -> str:
    """A target row's note column: status, figures, its revision with reason (§8.5) and its note."""
    w = report_word
    note = _status(a, lang).replace("\n", ", ")
    if a.progress_pct is not None:
        note += f"; {w(lang, 'progress')} {pct_text(a.progress_pct)}"
    for figure in (level_text(a, lang), as_of_elapsed_text(a, lang)):
        if figure is not None:
            note += f"; {figure}"
    if a.pace_ratio is not None:
        note += f"; {w(lang, 'pace')} {cells.pace_cell(a, lang)}"
    if a.required_per_year is not None:
        note += f"; {w(lang, 'required_per_year')} {cells.required_cell(a, lang)}"
    revision = revision_text(a.target, a.indicator.unit, lang)
    if revision is not None and Flag.REVISED in a.flags:
        note += f"; {FLAGS[lang][Flag.REVISED]} {revision}"
    target_note = cells.note_of(a.target.note, a.target.note_en, lang)
    if target_note:
        note += f"; {target_note}"
    return note


def _assessment(a: Judgement, lang: str) -> list[str]:
    """A person's assessment of a target (§8.3) as a paragraph: status, date, basis and every source."""
    if a.assessment is None:
        return []
    sources = ", ".join(_link(url) for url in a.assessment.sources)
    return [
        "",
        f"**{_inline(cells.phrase(lang, 'assessment'))} · {_inline(a.target.id)}** "
        f"{_inline(assessment_text(a, lang, dated=True) or '')}: "
        f"{_inline(assessment_basis(a.assessment, lang))} ({_inline(sources_word(lang))}: {sources})",
    ]
