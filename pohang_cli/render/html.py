"""The council report as one self-contained HTML file: inline CSS and SVG, no script, no web font, no fetch.

A summary page (every target's status, the sector roll-ups, overdue milestones) and one page per sector
(a chart and a table per indicator, the milestone timeline with linked sources). It prints on A4 with a
page break before each sector and reads on a phone (tables scroll sideways inside their box, charts scale).
Every data string goes through `html.escape`, so a title like `<b>용량 [mw]</b>` prints as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from pohang_cli.models import Flag
from pohang_cli.progress import Judgement, MilestoneJudgement, WatchedJudgement
from pohang_cli.quantities import format_value, unit_label
from pohang_cli.render import report_text as cells
from pohang_cli.render.labels import DASH, FLAGS, word
from pohang_cli.render.svg import legend_html, trend_svg
from pohang_cli.render.words import chart_word, generated_by, no_actual_line, report_word
from pohang_cli.report import IndicatorSection, Report, SectorSection

# How many of an indicator's latest actuals its page lists (the chart draws them all).
RECENT_ACTUALS = 6

STYLE = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;
--achieved:#1a7f37;--on-track:#2da44e;--behind:#9a6700;--off-track:#bc4c00;--regressing:#cf222e;
--missed:#82071e;--no-data:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;line-height:1.5;font-size:15px;
font-family:system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",
"Noto Sans KR","NanumGothic","Nanum Gothic",Roboto,"Helvetica Neue",Arial,sans-serif;
word-break:keep-all;overflow-wrap:anywhere}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .4rem}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.08rem;margin:1.6rem 0 .4rem}
p{margin:.4rem 0}
a{color:var(--accent)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0 0;color:var(--muted)}
.meta dt{font-weight:600;color:var(--ink)}.meta dd{margin:0}
.muted{color:var(--muted)}.small{font-size:.86em}
nav ol{margin:.3rem 0;padding-left:1.4rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:normal}
td{min-width:4.5em}
td.wide{min-width:11em}
th{background:var(--soft);font-weight:600;white-space:nowrap}
tr.group th{background:#fff;padding-top:.8rem;border-bottom:1px solid var(--ink)}
td.num{text-align:right;white-space:nowrap}
td.name{white-space:nowrap}
td .sub{display:block;color:var(--muted);font-size:.85em;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;color:#fff;font-size:.85em;font-weight:600;
white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge.achieved{background:var(--achieved)}.badge.on-track{background:var(--on-track)}
.badge.behind{background:var(--behind)}.badge.off-track{background:var(--off-track)}
.badge.regressing{background:var(--regressing)}.badge.missed{background:var(--missed)}
.badge.no-data{background:var(--no-data)}
.badge.no-target{background:var(--no-data)}
.badge.ms{background:#fff;color:var(--ink);border:1px solid var(--line)}
.badge.ms.done,.badge.ms.partial{border-color:var(--achieved);color:var(--achieved)}
.badge.ms.in-progress{border-color:var(--accent);color:var(--accent)}
.badge.ms.on-hold{border-color:var(--behind);color:var(--behind)}
.badge.ms.cancelled,.badge.ms.unknown{color:var(--muted)}
.badge.late{background:var(--regressing)}
.rollup{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center;color:var(--muted)}
article.indicator{margin:1.2rem 0 1.8rem}
article.indicator h3{margin-bottom:.1rem}
figure{margin:.6rem 0;padding:.6rem .6rem .3rem;border:1px solid var(--line);border-radius:8px;max-width:760px}
.chart{display:block;width:100%;height:auto}
.chart text{font-size:12px;fill:var(--muted)}
.chart .ylabel{text-anchor:end}.chart .xlabel{text-anchor:middle}
.chart .grid line{stroke:#e6eaef;stroke-width:1}
.chart .frame{fill:none;stroke:#c5ccd3}
.chart .target-label{fill:var(--ink);font-weight:600}
svg .required{fill:none;stroke:#8c959f;stroke-width:1.6;stroke-dasharray:6 4}
svg .projection{fill:none;stroke:var(--off-track);stroke-width:2;stroke-dasharray:2 3}
svg polyline.actual,svg line.actual{fill:none;stroke:var(--accent);stroke-width:2.2;stroke-linejoin:round}
svg circle.actual{fill:var(--accent);stroke:#fff;stroke-width:1}
svg circle.provisional{fill:#fff;stroke:var(--accent);stroke-width:2}
svg .baseline{fill:var(--ink)}
svg .target{stroke:#fff;stroke-width:1}
svg .target.achieved{fill:var(--achieved)}svg .target.on-track{fill:var(--on-track)}
svg .target.behind{fill:var(--behind)}svg .target.off-track{fill:var(--off-track)}
svg .target.regressing{fill:var(--regressing)}svg .target.missed{fill:var(--missed)}
svg .target.no-data{fill:var(--no-data)}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;margin:.2rem 0 0;padding:0;font-size:.82rem;
color:var(--muted)}
.legend li{display:flex;align-items:center;gap:.3rem}
ol.timeline{list-style:none;margin:.4rem 0;padding:0;border-left:2px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 .7rem;padding-left:1rem}
ol.timeline li::before{content:"";position:absolute;left:-6px;top:.5rem;width:10px;height:10px;border-radius:50%;
background:#fff;border:2px solid var(--line)}
ol.timeline li.done::before,ol.timeline li.partial::before{background:var(--achieved);border-color:var(--achieved)}
ol.timeline li.overdue::before{background:var(--regressing);border-color:var(--regressing)}
.when{font-variant-numeric:tabular-nums;font-weight:600;margin-right:.4rem;white-space:nowrap}
.nw{white-space:nowrap}
.method{margin-top:1.4rem;padding:.6rem .8rem;background:var(--soft);border-radius:6px;font-size:.88rem}
footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:640px){
body{font-size:14px}main{padding:14px 12px 32px}h1{font-size:1.35rem}h2{font-size:1.18rem}
table{font-size:.84rem}th,td{padding:.3rem .4rem}figure{padding:.3rem}
.chart text{font-size:16px}
}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{font-size:10pt}main{max-width:none;padding:0}
h2{margin-top:0}
section.sector{break-before:page;page-break-before:always}
article.indicator,figure,tr,ol.timeline li{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}
.scroll{overflow:visible}
table{font-size:8.5pt}
figure{max-width:135mm}
a{color:var(--ink);text-decoration:none}
a.src::after{content:" <" attr(href) ">";color:var(--muted);font-size:7.5pt;word-break:break-all}
nav{display:none}
}
"""


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
        f"<dt>{escape(report_word(lang, 'as_of'))}</dt><dd>{_text(report.as_of.isoformat())}</dd>"
        f"<dt>{escape(report_word(lang, 'database'))}</dt><dd><code>{escape(report.database)}</code>"
        f'<br><span class="small">{escape(records)}</span></dd>'
        "</dl></header>"
    )


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str] | str],
    numeric: Sequence[int] = (),
    names: Sequence[int] = (),
    wide: Sequence[int] = (),
) -> str:
    """A table in a sideways-scrolling box.

    `rows` hold HTML already escaped; a string instead of a row is a group heading across the table.
    `numeric` columns align right, `names` columns never wrap, `wide` columns (long text) keep a readable
    width on a phone.
    """
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    classes = (
        dict.fromkeys(numeric, ' class="num"')
        | dict.fromkeys(names, ' class="name"')
        | dict.fromkeys(wide, ' class="wide"')
    )
    body = [
        f'<tr class="group"><th colspan="{len(headers)}" scope="colgroup">{row}</th></tr>'
        if isinstance(row, str)
        else "<tr>" + "".join(f"<td{classes.get(k, '')}>{c}</td>" for k, c in enumerate(row)) + "</tr>"
        for row in rows
    ]
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _badge(a: Judgement | WatchedJudgement, lang: str) -> str:
    badge = f'<span class="badge {cells.STATUS_CLASS[a.status]}">{escape(cells.status_label(a.status, lang))}</span>'
    noted = cells.flags(a, lang)
    return badge + (f'<span class="sub">{escape(noted)}</span>' if noted else "")


# An ISO date of reduced precision (2025-06, 2026-Q2, 2023-07-20): browsers may break a line after its hyphen
# where a cell is narrow, and "2025-" over "06" reads as another date.
_DATE = re.compile(r"(?<![\w-])\d{4}-(?:Q[1-4]|\d{2}(?:-\d{2})?)(?![\w-])")


def _text(text: str) -> str:
    """Text escaped for HTML, every date in it kept on one line."""
    return _DATE.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', escape(text))


def _two(first: str, second: str | None) -> str:
    return _text(first) + (f'<span class="sub">{_text(second)}</span>' if second else "")


def _source(url: str | None) -> str:
    if not url:
        return ""
    if cells.is_web_link(url):
        return f'<a class="src" href="{escape(url)}" rel="noreferrer">{escape(cells.link_text(url))}</a>'
    return escape(url)


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
        f'<p class="method">{escape(w(lang, "methodology"))}</p></section>'
    )


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
    facts = [word(lang, "milestones_summary", done=rollup.milestones_completed, total=rollup.milestones_total)]
    if rollup.milestones_overdue:
        facts.append(word(lang, "overdue_count", count=rollup.milestones_overdue))
    if rollup.milestones_cancelled:
        facts.append(word(lang, "cancelled_count", count=rollup.milestones_cancelled))
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
    if indicator.basis:
        details.append(indicator.basis)
    parts = [
        f'<article class="indicator" id="indicator-{escape(indicator.id)}">',
        f"<h3>{escape(name)}</h3>",
        f'<p class="muted small">{escape(" · ".join(d for d in details if d))} {_source(indicator.source)}</p>',
    ]
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
                        _text(cells.target_cell(a, lang)) + _source_sub(a.target.source),
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
    parts.append(_recent(item, lang))
    parts.append("</article>")
    return "".join(parts)


def _source_sub(url: str | None) -> str:
    return f'<span class="sub">{_source(url)}</span>' if url else ""


def _recent(item: IndicatorSection, lang: str) -> str:
    indicator = item.indicator
    baseline = DASH
    if indicator.baseline is not None:
        when = indicator.baseline_date.iso() if indicator.baseline_date else DASH
        baseline = f"{format_value(indicator.baseline, indicator.unit, lang)} ({when})"
    actuals = item.actuals
    shown = actuals[-RECENT_ACTUALS:]
    entries = []
    for o in shown:
        text = f"{o.date.iso()} {format_value(o.value, indicator.unit, lang)}"
        if o.provisional:
            text += f" ({FLAGS[lang][Flag.PROVISIONAL]})"
        entries.append(_text(text))
    listed = " · ".join(entries) if entries else escape(report_word(lang, "no_observations"))
    more = ""
    if len(actuals) > len(shown):
        phrase = report_word(lang, "more_actuals", total=f"{len(actuals):,}", shown=len(shown), id=indicator.id)
        more = f'<br><span class="muted">{escape(phrase)}</span>'
    return (
        f'<p class="small"><strong>{escape(report_word(lang, "baseline"))}</strong> {_text(baseline)}<br>'
        f"<strong>{escape(report_word(lang, 'recent_actuals'))}</strong> {listed}{more}</p>"
    )


def _timeline(judged: Sequence[MilestoneJudgement], lang: str) -> str:
    if not judged:
        return f'<p class="muted">{escape(report_word(lang, "no_milestones"))}</p>'
    items = []
    for j in judged:
        m = j.milestone
        status_class = m.status.value.replace("_", "-")
        classes = [status_class] + (["overdue"] if j.overdue else [])
        when = m.date.iso() if m.date is not None else (m.due.iso() if m.due is not None else DASH)
        facts = []
        if m.due is not None and m.date is not None:
            facts.append(f"{report_word(lang, 'due')} {m.due.iso()}")
        elif m.due is not None:
            facts.append(report_word(lang, "due"))
        notes = cells.milestone_notes(j, lang)
        note_html = "".join(
            f' <span class="badge late">{escape(note)}</span>'
            if j.overdue and k == 0
            else f' <span class="muted small">{_text(note)}</span>'
            for k, note in enumerate(notes)
        )
        fact_html = f' <span class="muted small">({_text(", ".join(facts))})</span>' if facts else ""
        items.append(
            f'<li class="{" ".join(classes)}"><span class="when">{escape(when)}</span>'
            f'<span class="badge ms {status_class}">{escape(cells.milestone_status(j, lang))}</span> '
            f"{escape(cells.milestone_title(j, lang))}{fact_html}{note_html} {_source(m.source)}</li>"
        )
    return f'<ol class="timeline">{"".join(items)}</ol>'
