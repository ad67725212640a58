"""The council report as one self-contained HTML file: inline CSS and SVG, no script, no web font, no fetch.

A summary page (every target's status, the sector roll-ups, overdue milestones) and one page per sector
(a chart and a table per indicator, the milestone timeline with linked sources). It prints on A4 with a
page break before each sector and reads on a phone (tables scroll sideways inside their box, charts scale).
Every data string goes through `html.escape`, so a title like `<b>용량 [mw]</b>` prints as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pohang_cli.models import Flag
from pohang_cli.quantities import format_value, unit_label
from pohang_cli.render import report_text as cells
from pohang_cli.render.html_parts import assessment as _assessment
from pohang_cli.render.html_parts import badge as _badge
from pohang_cli.render.html_parts import source as _source
from pohang_cli.render.html_parts import source_sub as _source_sub
from pohang_cli.render.html_parts import table as _table
from pohang_cli.render.html_parts import target_notes as _target_notes
from pohang_cli.render.html_parts import text as _text
from pohang_cli.render.html_parts import timeline as _timeline
from pohang_cli.render.html_parts import two as _two
from pohang_cli.render.labels import DASH, FLAGS, word
from pohang_cli.render.report_style import STYLE
from pohang_cli.render.svg import legend_html, trend_svg
from pohang_cli.render.verdict import indicator_facts
from pohang_cli.render.words import chart_word, generated_by, no_actual_line, report_word
from pohang_cli.report import IndicatorSection, Report, SectorSection

# How many of an indicator's latest actuals its page lists (the chart draws them all).
RECENT_ACTUALS = 6


def html_report(report: Report, lang: str) -> str:
    """The whole report as one HTML document (UTF-8 text, ending with a newline).

    Args:
        report: The content, from `pohang_cli.report.build_report`.
        lang: `ko` or `en`: the language of headings, labels and values.

    Returns:
        The document; the same report gives the same text.
    """
    title = report_word(lang, "title")
    body = [
        "<main>",
        _cover(report, lang, title),
        _summary(report, lang),
        *(_sector(section, lang) for section in report.sectors),
        "<footer>"
        + escape(generated_by(lang, report.version))
        + f" · {escape(report_word(lang, 'as_of'))} {_text(report.as_of.isoformat())}"
        + f" · {escape(report.database)}</footer>",
        "</main>",
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="pohang {escape(report.version)}">\n'
        f"<title>{escape(title)} ({report.as_of.isoformat()})</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _cover(report: Report, lang: str, title: str) -> str:
    counts = report.counts
    records = report_word(
        lang,
        "records",
        indicators=counts.indicators,
        targets=counts.targets,
        observations=f"{counts.observations:,}",
        milestones=counts.milestones,
    )
    return (
        f'<header><h1>{escape(title)}</h1><dl class="meta">'
        f"<dt>{escape(report_word(lang, 'as_of'))}</dt><dd>{_text(report.as_of.isoformat())}{_known(report, lang)}</dd>"
        f"<dt>{escape(report_word(lang, 'database'))}</dt><dd><code>{escape(report.database)}</code>"
        f'<br><span class="small">{escape(records)}</span></dd>'
        + (
            ""
            if report.log_head is None
            else f"<dt>{escape(report_word(lang, 'log_head'))}</dt><dd><code>{escape(report.log_head)}</code></dd>"
        )
        + "</dl></header>"
    )


def _known(report: Report, lang: str) -> str:
    if report.known_as_of is None:
        return ""
    return f" · {_text(word(lang, 'known_as_of', date=report.known_as_of.isoformat()))}"


def _summary(report: Report, lang: str) -> str:
    w = report_word
    nav = "".join(f"<li>{_sector_link(s, lang)}</li>" for s in report.sectors)
    rollups = _table(
        [
            w(lang, h)
            for h in ("sector", "targets", "statuses", "worst", "milestones", "overdue", "cancelled", "completion")
        ],
        (
            [
                _sector_link(s, lang),
                str(len(s.status.judgements)),
                escape(cells.status_counts(s.status.rollup, lang)),
                _worst(s, lang),
                f"{s.status.rollup.milestones_completed}/{s.status.rollup.milestones_total}",
                str(s.status.rollup.milestones_overdue),
                str(s.status.rollup.milestones_cancelled),
                cells.completion(s.status.rollup),
            ]
            for s in report.sectors
        ),
        numeric=(1, 4, 5, 6, 7),
        names=(0,),
    )
    target_rows: list[Sequence[str] | str] = []
    for section in report.sectors:
        if not section.status.judgements:
            continue
        target_rows.append(_sector_link(section, lang))
        target_rows += (
            [
                _two(cells.indicator_name(a.indicator, lang), a.target.id),
                _text(cells.target_cell(a, lang)),
                _text(cells.actual_cell(a, lang)),
                _two(*cells.progress_cell(a, lang)),
                escape(cells.pace_cell(a, lang)),
                _text(cells.projection_cell(a, lang)),
                _badge(a, lang),
            ]
            for a in section.status.judgements
        )
    # A report of sectors without numeric targets says so, rather than drawing a table with no rows.
    targets = (
        _table(
            [w(lang, h) for h in ("indicator", "target", "actual", "progress", "pace", "projection", "status")],
            target_rows,
            numeric=(3,),
            wide=(0,),
        )
        if target_rows
        else f'<p class="muted">{escape(w(lang, "no_targets"))}</p>'
    )
    watched_rows: list[Sequence[str] | str] = []
    for section in report.sectors:
        if not section.status.watched:
            continue
        watched_rows.append(_sector_link(section, lang))
        watched_rows += (
            [
                _two(cells.indicator_name(x.indicator, lang), x.indicator.id),
                _text(cells.watched_actual_cell(x, lang)),
                _text(cells.watched_previous_cell(x, lang)),
                escape(cells.watched_change_cell(x, lang)),
                _badge(x, lang),
            ]
            for x in section.status.watched
        )
    watched = (
        f"<h3>{escape(w(lang, 'watched'))}</h3>"
        + _table(
            [w(lang, h) for h in ("indicator", "latest", "previous", "change", "status")],
            watched_rows,
            wide=(0,),
        )
        if watched_rows
        else ""
    )
    if report.overdue:
        overdue = _table(
            [w(lang, h) for h in ("sector", "id", "title_col", "due", "overdue", "status", "source")],
            (
                [
                    escape(cells.milestone_sector(report.sector_of(j), j, lang)),
                    str(j.milestone.id),
                    escape(cells.milestone_title(j, lang)),
                    _text(j.milestone.due.iso() if j.milestone.due else DASH),
                    escape(w(lang, "days_overdue", days=j.days_overdue)),
                    escape(cells.milestone_status(j, lang)),
                    _source(j.milestone.source),
                ]
                for j in report.overdue
            ),
            numeric=(1,),
            names=(0,),
            wide=(2,),
        )
    else:
        overdue = f'<p class="muted">{escape(w(lang, "no_overdue"))}</p>'
    return (
        f'<section class="summary" id="summary"><h2>{escape(w(lang, "summary"))}</h2>'
        f"<nav><h3>{escape(w(lang, 'contents'))}</h3><ol>{nav}</ol></nav>"
        f"<h3>{escape(w(lang, 'sector_rollups'))}</h3>{rollups}"
        f"<h3>{escape(w(lang, 'targets_status'))}</h3>{targets}{watched}"
        f"<h3>{escape(w(lang, 'overdue_milestones'))}</h3>{overdue}"
        f'<p class="method">{escape(w(lang, "methodology"))}</p>{_legend(report, lang)}</section>'
    )


def _legend(report: Report, lang: str) -> str:
    """Every status and flag the report shows, with what it means (§8.4)."""
    entries = cells.report_legend(report, lang)
    items = "".join(
        f"<dt>{escape(entry.label)}</dt><dd>{escape(entry.meaning)}</dd>"
        for entry in (*entries.statuses, *entries.flags, *entries.notes)
    )
    return f'<h3>{escape(cells.phrase(lang, "legend"))}</h3><dl class="legend-list">{items}</dl>'


def _sector_link(section: SectorSection, lang: str) -> str:
    sector = section.status.sector
    return f'<a href="#sector-{escape(sector.id)}">{escape(cells.sector_name(sector, lang))}</a>'


def _worst(section: SectorSection, lang: str) -> str:
    worst = section.status.rollup.worst_status
    if worst is None:
        return f'<span class="muted">{escape(report_word(lang, "no_targets"))}</span>'
    return f'<span class="badge {cells.STATUS_CLASS[worst]}">{escape(cells.status_label(worst, lang))}</span>'


def _sector(section: SectorSection, lang: str) -> str:
    sector, rollup = section.status.sector, section.status.rollup
    facts = cells.milestone_facts(rollup, lang)
    counts = cells.status_counts(rollup, lang) if section.status.judgements else report_word(lang, "no_targets")
    if section.status.watched and not section.status.judgements:
        counts += " · " + cells.status_counts(rollup, lang)
    parts = [
        f'<section class="sector" id="sector-{escape(sector.id)}">',
        f"<h2>{escape(cells.sector_name(sector, lang))}</h2>",
        f'<p class="rollup">{_worst(section, lang)}<span>{escape(counts)}</span>'
        f"<span>{escape(' · '.join(facts))}</span></p>",
    ]
    parts += (_indicator(item, lang) for item in section.indicators)
    parts.append(f"<h3>{escape(report_word(lang, 'timeline'))}</h3>")
    parts.append(_timeline(section.milestones, lang))
    parts.append("</section>")
    return "\n".join(parts)


def _indicator(item: IndicatorSection, lang: str) -> str:
    indicator = item.indicator
    name = cells.indicator_name(indicator, lang)
    details = [indicator.id, unit_label(indicator.unit, lang), word(lang, indicator.kind.value)]
    basis = cells.note_of(indicator.basis, indicator.basis_en, lang)
    if basis:
        details.append(basis)
    parts = [
        f'<article class="indicator" id="indicator-{escape(indicator.id)}">',
        f"<h3>{escape(name)}</h3>",
        f'<p class="muted small">{escape(" · ".join(d for d in details if d))} {_source(indicator.source)}'
        f"<br>{escape(' · '.join(indicator_facts(indicator, lang)))}</p>",
    ]
    note = cells.note_of(indicator.note, indicator.note_en, lang)
    if note:
        parts.append(f'<p class="small">{_text(note)}</p>')
    if item.trend.has_actuals:
        svg = trend_svg(item.trend, lang, title=chart_word(lang, "chart_label", name=name))
        parts.append(f"<figure>{svg}{legend_html(item.trend, lang)}</figure>")
    elif not item.trend.is_empty:
        # §7: a target with no actual is a line of text, not an empty chart.
        parts.append(f'<p class="muted">{_text(no_actual_line(item.trend, lang))}</p>')
    else:
        parts.append(f'<p class="muted">{escape(chart_word(lang, "no_chart"))}</p>')
    w = report_word
    if item.judgements:
        parts.append(
            _table(
                [
                    w(lang, h)
                    for h in ("target", "actual", "progress", "required_per_year", "pace", "projection", "status")
                ],
                (
                    [
                        _text(cells.target_cell(a, lang)) + _target_notes(a, lang) + _source_sub(a.target.source),
                        _text(cells.actual_cell(a, lang)),
                        _two(*cells.progress_cell(a, lang)),
                        escape(cells.required_cell(a, lang)),
                        escape(cells.pace_cell(a, lang)),
                        _text(cells.projection_cell(a, lang)),
                        _badge(a, lang),
                    ]
                    for a in item.judgements
                ),
                numeric=(2,),
                wide=(0,),
            )
        )
    parts += (_assessment(a, lang) for a in item.judgements if a.assessment is not None)
    parts.append(_recent(item, lang))
    parts.append("</article>")
    return "".join(parts)


def _recent(item: IndicatorSection, lang: str) -> str:
    indicator = item.indicator
    baseline = DASH
    if indicator.baseline is not None:
        when = indicator.baseline_date.iso() if indicator.baseline_date else DASH
        baseline = f"{format_value(indicator.baseline, indicator.unit, lang)} ({when})"
    actuals = item.actuals
    shown = actuals[-RECENT_ACTUALS:]
    entries = []
    notes = []
    for o in shown:
        text = f"{o.date.iso()} {format_value(o.value, indicator.unit, lang)}"
        if o.provisional:
            text += f" ({FLAGS[lang][Flag.PROVISIONAL]})"
        entries.append(_text(text))
        note = cells.note_of(o.note, o.note_en, lang)
        if note:
            notes.append(f"<li>{_text(o.date.iso())}: {_text(note)}</li>")
    listed = " · ".join(entries) if entries else escape(report_word(lang, "no_observations"))
    more = ""
    if len(actuals) > len(shown):
        phrase = report_word(lang, "more_actuals", total=f"{len(actuals):,}", shown=len(shown), id=indicator.id)
        more = f'<br><span class="muted">{escape(phrase)}</span>'
    listed_notes = f'<ul class="small notes">{"".join(notes)}</ul>' if notes else ""
    return (
        f'<p class="small"><strong>{escape(report_word(lang, "baseline"))}</strong> {_text(baseline)}<br>'
        f"<strong>{escape(report_word(lang, 'recent_actuals'))}</strong> {listed}{more}</p>{listed_notes}"
    )
