"""An indicator's page: its chart and every actual, its targets with status and explanation, its metadata.

The chart is the council report's SVG; its text alternative is the table of every actual under it and an
`aria-label` that says how many there are and which is the latest. The explanation of each target is the
text of `pohang explain`, in the page's language.
"""

from __future__ import annotations

from html import escape

from pohang_cli.models import Flag
from pohang_cli.quantities import format_value, unit_label
from pohang_cli.render import report_text as cells
from pohang_cli.render.explain_text import explanation_sections, heading
from pohang_cli.render.html_parts import assessment, badge, source, table, text, two
from pohang_cli.render.labels import DASH, FLAGS
from pohang_cli.render.legend import flag_meaning
from pohang_cli.render.svg import legend_html, trend_svg
from pohang_cli.render.verdict import frequency_text
from pohang_cli.render.words import chart_word, no_actual_line, report_word
from pohang_cli.report import IndicatorSection
from pohang_cli.site.content import SiteContent
from pohang_cli.site.layout import Frame, data_name, link, page_name
from pohang_cli.site.pages import Page
from pohang_cli.site.words import site_word
from pohang_cli.text import in_language


def _chart(item: IndicatorSection, lang: str, name: str) -> str:
    actuals = item.actuals
    if item.trend.has_actuals and actuals:
        latest = actuals[-1]
        summary = site_word(
            lang,
            "chart_summary",
            name=name,
            count=f"{len(actuals):,}",
            latest=format_value(latest.value, item.indicator.unit, lang),
            when=latest.date.iso(),
        )
        svg = trend_svg(item.trend, lang, title=summary)
        return f"<figure>{svg}{legend_html(item.trend, lang)}</figure>"
    if not item.trend.is_empty:
        return f'<p class="muted">{text(no_actual_line(item.trend, lang))}</p>'
    return f'<p class="muted">{escape(chart_word(lang, "no_chart"))}</p>'


def _date(iso: str) -> str:
    """A date kept on one line (the cells of a long table skip `text`'s search for dates)."""
    return f'<span class="nw">{escape(iso)}</span>'


def _actuals_table(item: IndicatorSection, lang: str) -> str:
    """Every actual, newest first, each earlier vintage under it, with report dates and sources."""
    unit = item.indicator.unit
    provisional = f" ({FLAGS[lang][Flag.PROVISIONAL]})"
    earlier_value = f'<span class="muted">{escape(site_word(lang, "vintage"))}</span>'
    rows: list[list[str]] = []
    for o in reversed(item.history.observations):
        value = escape(format_value(o.value, unit, lang) + (provisional if o.provisional else ""))
        note = cells.note_of(o.note, o.note_en, lang)
        rows.append(
            [
                _date(o.date.iso()),
                value + (f'<span class="sub">{text(note)}</span>' if note else ""),
                _date(o.reported.iso()) if o.reported else DASH,
                source(o.source) or DASH,
            ]
        )
        for earlier in reversed(o.revisions):
            shown = format_value(earlier.value, unit, lang) + (provisional if earlier.provisional else "")
            rows.append(
                [
                    earlier_value,
                    f'<span class="muted">{escape(shown)}</span>',
                    _date(earlier.reported.iso()) if earlier.reported else DASH,
                    source(earlier.source) or DASH,
                ]
            )
    if not rows:
        return f'<p class="muted">{escape(report_word(lang, "no_observations"))}</p>'
    headers = [report_word(lang, "date"), report_word(lang, "value"), site_word(lang, "reported")]
    headers.append(report_word(lang, "source"))
    return table(headers, rows, numeric=(1,), names=(0,), wide=(1,))


def _target(content: SiteContent, item: IndicatorSection, index: int, lang: str) -> str:
    a = item.judgements[index]
    parts = [f"<h3>{escape(report_word(lang, 'target'))} {text(cells.target_cell(a, lang))}</h3>"]
    parts.append(
        table(
            [report_word(lang, h) for h in ("actual", "progress", "pace", "projection", "status")],
            [
                [
                    text(cells.actual_cell(a, lang)),
                    two(*cells.progress_cell(a, lang)),
                    escape(cells.pace_cell(a, lang)),
                    text(cells.projection_cell(a, lang)),
                    badge(a, lang),
                ]
            ],
            numeric=(1,),
        )
    )
    explained = [f"<dt>{escape(FLAGS[lang][flag])}</dt><dd>{escape(flag_meaning(flag, lang))}</dd>" for flag in a.flags]
    if explained:
        parts.append(f'<dl class="legend-list">{"".join(explained)}</dl>')
    parts.append(assessment(a, lang))
    if a.target.revisions:
        revisions = []
        for revision in reversed(a.target.revisions):
            when = revision.date.iso() if revision.date else DASH
            was = f"{format_value(revision.value, a.indicator.unit, lang)} ({revision.deadline.iso()})"
            reason = in_language(revision.reason, revision.reason_en, lang) or ""
            revisions.append(f"<li>{text(when)}: {text(was)} {text(reason)}</li>")
        parts.append(f"<h4>{escape(site_word(lang, 'revisions'))}</h4><ul>{''.join(revisions)}</ul>")
    if a.target.source:
        parts.append(f'<p class="small">{escape(report_word(lang, "source"))}: {source(a.target.source)}</p>')
    explanation = content.explanations.get(a.target.id)
    if explanation is not None:
        sections = "".join(
            f"<h5>{escape(section.title)}</h5><ul>{''.join(f'<li>{text(line.strip())}</li>' for line in section.lines)}"
            "</ul>"
            for section in explanation_sections(explanation, lang)
            if section.lines
        )
        parts.append(
            f"<details><summary>{escape(site_word(lang, 'explanation'))}</summary>"
            f'<p class="small muted">{text(heading(explanation, lang))}</p>{sections}</details>'
        )
    return "".join(parts)


def _metadata(item: IndicatorSection, lang: str) -> str:
    indicator = item.indicator
    expected = next((a.next_expected for a in item.judgements if a.next_expected is not None), None)
    facts = [
        (site_word(lang, "unit"), escape(unit_label(indicator.unit, lang) or DASH)),
        (site_word(lang, "basis"), text(cells.note_of(indicator.basis, indicator.basis_en, lang) or DASH)),
        (site_word(lang, "frequency"), escape(frequency_text(indicator.frequency, lang))),
        (site_word(lang, "owner"), escape(indicator.owner or DASH)),
        (site_word(lang, "next_expected"), text(expected.iso() if expected else DASH)),
        (report_word(lang, "source"), source(indicator.source) or DASH),
    ]
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in facts)
    return f'<dl class="meta">{rows}</dl>'


def indicator_page(frame: Frame, content: SiteContent, item: IndicatorSection, lang: str) -> Page:
    """The page of one indicator, in `lang`."""
    indicator = item.indicator
    page = page_name("indicators", indicator.id)
    here = frame.path(lang, page)
    name = cells.indicator_name(indicator, lang)
    sector = next(s.status.sector for s in content.report.sectors if s.status.sector.id == indicator.sector)
    sector_link = link(here, frame.path(lang, page_name("sectors", sector.id)), cells.sector_name(sector, lang))
    statuses = " ".join(badge(a, lang) for a in item.judgements)
    data_csv = data_name(indicator.id, "csv").removesuffix(".csv")
    downloads = (
        f'<ul class="plain"><li>{link(here, data_csv + ".csv", site_word(lang, "download_csv"))}</li>'
        f"<li>{link(here, data_csv + '.json', site_word(lang, 'download_json'))}</li></ul>"
        f'<p class="small muted">{escape(site_word(lang, "downloads_note"))}</p>'
    )
    note = cells.note_of(indicator.note, indicator.note_en, lang)
    body = [
        f'<p class="muted small">{sector_link} · {escape(indicator.id)}</p>',
        f"<h1>{escape(name)}</h1>",
        f'<p class="rollup">{statuses}</p>' if statuses else "",
        _chart(item, lang, name),
        f"<h2>{escape(site_word(lang, 'indicator_targets'))}</h2>",
        "".join(_target(content, item, k, lang) for k in range(len(item.judgements)))
        or f'<p class="muted">{escape(report_word(lang, "no_targets"))}</p>',
        f"<h2>{escape(site_word(lang, 'actuals'))}</h2>",
        _actuals_table(item, lang),
        f"<h2>{escape(site_word(lang, 'metadata'))}</h2>",
        _metadata(item, lang),
        f"<h2>{escape(site_word(lang, 'notes'))}</h2><p>{text(note)}</p>" if note else "",
        f"<h2>{escape(site_word(lang, 'downloads'))}</h2>{downloads}",
    ]
    verdicts = "; ".join(f"{a.target.id} {cells.status_label(a.status, lang)}" for a in item.judgements)
    description = f"{name}: {verdicts}" if verdicts else name
    latest = item.actuals[-1] if item.actuals else None
    if latest is not None:
        description += f" · {format_value(latest.value, indicator.unit, lang)} ({latest.date.iso()})"
    return Page(name, description, "\n".join(part for part in body if part))
