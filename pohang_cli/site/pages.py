"""The site's pages other than an indicator's: home, a sector, milestones, coverage, method and changes.

Each page function returns a `Page` (title, description, body) in one language; `layout.render_page` frames
it. The words are the report's and the tables' where they exist, the site's own (site/words.py) elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any, NamedTuple

from pohang_cli.models import Indicator, Kind, MilestoneStatus, TargetStatus
from pohang_cli.progress import MilestoneJudgement
from pohang_cli.quantities import format_value
from pohang_cli.render import report_text as cells
from pohang_cli.render.html_parts import badge, table, text, timeline, two
from pohang_cli.render.labels import DASH, MILESTONE_STATUS, TARGET_STATUS, word
from pohang_cli.render.legend import legend
from pohang_cli.render.words import report_word
from pohang_cli.report import SectorSection
from pohang_cli.site.changes import ChangeItem
from pohang_cli.site.content import VERDICTS, SiteContent
from pohang_cli.site.layout import Frame, link, page_name
from pohang_cli.site.words import site_word

# How many of the latest changes the home page lists.
HOME_CHANGES = 10


class Page(NamedTuple):
    """One page's own parts, in one language."""

    title: str
    description: str
    body: str


def status_badge(status: TargetStatus, lang: str) -> str:
    """A status word in its colour, without the lines under it."""
    return f'<span class="badge {cells.STATUS_CLASS[status]}">{escape(cells.status_label(status, lang))}</span>'


def _counts(statuses: Iterable[TargetStatus], lang: str) -> str:
    counted = Counter(statuses)
    shown = [f"{status_badge(s, lang)} <span class='num'>{counted[s]}</span>" for s in TargetStatus if counted[s]]
    return " ".join(shown) or escape(report_word(lang, "no_targets"))


def judged_sentence(content: SiteContent, lang: str) -> str:
    """How many targets can be judged today, and why the others cannot (methodology §8)."""
    statuses = [a.status for a in content.report.judgements]
    counted = Counter(statuses)
    judged = sum(counted[s] for s in VERDICTS)
    reasons = [
        site_word(lang, key + "_one" if counted[status] == 1 else key, count=counted[status])
        for key, status in (
            ("reason_no_data", TargetStatus.NO_DATA),
            ("reason_insufficient", TargetStatus.INSUFFICIENT),
            ("reason_pending", TargetStatus.PENDING_FINAL),
            ("reason_not_judged", TargetStatus.NOT_JUDGED),
        )
        if counted[status]
    ]
    as_of = content.as_of.isoformat()
    if not reasons:
        return site_word(lang, "judged_sentence", as_of=as_of, judged=judged, total=len(statuses), reasons=DASH)
    key = "judged_sentence" if judged else "judged_none"
    return site_word(lang, key, as_of=as_of, judged=judged, total=len(statuses), reasons="; ".join(reasons))


def _sector_statuses(section: SectorSection) -> list[TargetStatus]:
    return [a.status for a in section.status.judgements]


def home(frame: Frame, content: SiteContent, lang: str) -> Page:
    """The five sectors with their counts per status, the as-of date, the latest changes and the downloads."""
    here = frame.path(lang, "index.html")
    cards = []
    for section in content.report.sectors:
        sector = section.status.sector
        rollup = section.status.rollup
        milestones = word(lang, "milestones_summary", done=rollup.milestones_completed, total=rollup.milestones_total)
        if rollup.milestones_overdue:
            milestones += " · " + word(lang, "overdue_count", count=rollup.milestones_overdue)
        target = frame.path(lang, page_name("sectors", sector.id))
        cards.append(
            f'<div class="card"><h3>{link(here, target, cells.sector_name(sector, lang))}</h3>'
            f"<p>{_counts(_sector_statuses(section), lang)}</p>"
            f'<p class="muted small">{escape(milestones)}</p></div>'
        )
    sentence = judged_sentence(content, lang)
    body = [
        f"<h1>{escape(site_word(lang, 'site_title'))}</h1>",
        f'<p class="muted">{text(site_word(lang, "as_of", as_of=content.as_of.isoformat()))}</p>',
        f'<p class="lead">{text(sentence)}</p>',
        f"<h2>{escape(site_word(lang, 'sectors'))}</h2>",
        f'<div class="cards">{"".join(cards)}</div>',
        f"<h2>{escape(site_word(lang, 'latest_changes'))}</h2>",
        _change_list(frame, content, lang, here, content.changes[:HOME_CHANGES]),
        f"<p>{link(here, frame.path(lang, 'changes.html'), site_word(lang, 'all_changes'))}</p>",
        *_log_head(content, lang),
        f"<h2>{escape(site_word(lang, 'downloads'))}</h2>",
        downloads_list(frame, lang, here),
    ]
    description = site_word(lang, "site_description", as_of=content.as_of.isoformat()) + " " + sentence
    return Page(site_word(lang, "site_title"), description, "\n".join(body))


def _log_head(content: SiteContent, lang: str) -> list[str]:
    """The hash a reader notes to check later that the published history was not rewritten (none: no history)."""
    if content.head.hash is None:
        return []
    return [f'<p class="muted small hash">{text(site_word(lang, "log_head", hash=content.head.hash))}</p>']


def downloads_list(frame: Frame, lang: str, here: str) -> str:
    """Links to the whole database as a workbook and as CSV files."""
    items = [
        f"<li>{link(here, 'data/pohang.xlsx', site_word(lang, 'download_xlsx'))} <code>data/pohang.xlsx</code></li>",
        f"<li>{link(here, 'data/pohang.zip', site_word(lang, 'download_zip'))} <code>data/pohang.zip</code></li>",
    ]
    return (
        f'<ul class="plain">{"".join(items)}</ul><p class="small muted">{escape(site_word(lang, "downloads_note"))}</p>'
    )


def sector_page(frame: Frame, content: SiteContent, section: SectorSection, lang: str) -> Page:
    """A sector: its targets with their statuses, its indicators, and its milestone timeline."""
    sector = section.status.sector
    here = frame.path(lang, page_name("sectors", sector.id))
    name = cells.sector_name(sector, lang)
    rows = [
        [
            link(
                here, frame.path(lang, page_name("indicators", a.indicator.id)), cells.indicator_name(a.indicator, lang)
            )
            + f'<span class="sub">{escape(a.target.id)}</span>',
            text(cells.target_cell(a, lang)),
            text(cells.actual_cell(a, lang)),
            two(*cells.progress_cell(a, lang)),
            badge(a, lang),
        ]
        for a in section.status.judgements
    ]
    w = report_word
    targets = (
        table(
            [w(lang, h) for h in ("indicator", "target", "actual", "progress", "status")], rows, numeric=(3,), wide=(0,)
        )
        if rows
        else f'<p class="muted">{escape(w(lang, "no_targets"))}</p>'
    )
    indicators = "".join(
        f"<li>{_indicator_link(frame, lang, here, item.indicator)}"
        f' <span class="muted small">{escape(item.indicator.id)}</span></li>'
        for item in section.indicators
    )
    counts = _counts(_sector_statuses(section), lang)
    body = "\n".join(
        [
            f"<h1>{escape(name)}</h1>",
            f'<p class="muted">{text(site_word(lang, "as_of", as_of=content.as_of.isoformat()))}</p>',
            f'<p class="rollup">{counts}</p>',
            f"<h2>{escape(site_word(lang, 'indicator_targets'))}</h2>{targets}",
            f'<h2>{escape(site_word(lang, "sector_indicators"))}</h2><ul class="plain">{indicators}</ul>',
            f"<h2>{escape(report_word(lang, 'timeline'))}</h2>{timeline(_timeline_order(section.milestones), lang)}",
        ]
    )
    statuses = cells.status_counts(section.status.rollup, lang)
    description = f"{name}: {statuses} ({site_word(lang, 'as_of', as_of=content.as_of.isoformat())})"
    return Page(name, description, body)


def _indicator_link(frame: Frame, lang: str, here: str, indicator: Indicator) -> str:
    return link(here, frame.path(lang, page_name("indicators", indicator.id)), cells.indicator_name(indicator, lang))


def _timeline_order(judged: Sequence[MilestoneJudgement]) -> list[MilestoneJudgement]:
    """Overdue first, then due soon, then the rest in their order (by date)."""
    return sorted(judged, key=lambda j: 0 if j.overdue else 1 if j.due_soon else 2)


def milestones_page(frame: Frame, content: SiteContent, lang: str) -> Page:
    """A timeline per sector, overdue and due-soon milestones first, each with its source."""
    here = frame.path(lang, "milestones.html")
    parts = [f"<h1>{escape(site_word(lang, 'milestones'))}</h1>", f"<p>{escape(site_word(lang, 'timeline_intro'))}</p>"]
    overdue = 0
    for section in content.report.sectors:
        sector = section.status.sector
        overdue += sum(j.overdue for j in section.milestones)
        heading = link(here, frame.path(lang, page_name("sectors", sector.id)), cells.sector_name(sector, lang))
        parts.append(f"<h2>{heading}</h2>{timeline(_timeline_order(section.milestones), lang)}")
    done = sum(
        j.milestone.status is MilestoneStatus.DONE for section in content.report.sectors for j in section.milestones
    )
    total = sum(len(section.milestones) for section in content.report.sectors)
    description = word(lang, "milestones_summary", done=done, total=total)
    if overdue:
        description += " · " + word(lang, "overdue_count", count=overdue)
    return Page(site_word(lang, "milestones"), description, "\n".join(parts))


_GROUPS = (
    (TargetStatus.PENDING_FINAL,),
    (TargetStatus.INSUFFICIENT,),
    (TargetStatus.NOT_JUDGED,),
    (TargetStatus.NO_DATA,),
)


def coverage_page(frame: Frame, content: SiteContent, lang: str) -> Page:
    """Per sector, how many targets are judged or why not; per indicator, the age of its latest figure."""
    here = frame.path(lang, "coverage.html")
    headers = [report_word(lang, "sector"), site_word(lang, "judged")] + [
        TARGET_STATUS[lang][group[0]] for group in _GROUPS
    ]
    rows = []
    for section in content.report.sectors:
        counted = Counter(_sector_statuses(section))
        sector = section.status.sector
        rows.append(
            [
                link(here, frame.path(lang, page_name("sectors", sector.id)), cells.sector_name(sector, lang)),
                str(sum(counted[s] for s in VERDICTS)),
                *(str(counted[group[0]]) for group in _GROUPS),
            ]
        )
    sector_table = table(headers, rows, numeric=(1, 2, 3, 4, 5), names=(0,))
    figure_rows: list[Sequence[str] | str] = []
    late: dict[str, list[str]] = {}
    for section in content.report.sectors:
        figure_rows.append(escape(cells.sector_name(section.status.sector, lang)))
        ages = {a.indicator.id: (a.data_age_months, a.next_expected) for a in section.status.judgements}
        ages.update({x.indicator.id: (x.data_age_months, x.next_expected) for x in section.status.watched})
        for item in section.indicators:
            indicator = item.indicator
            age, expected = ages.get(indicator.id, (None, None))
            latest = item.actuals[-1] if item.actuals else None
            is_late = expected is not None and expected.start() <= content.as_of
            owner = indicator.owner or site_word(lang, "unknown_owner")
            name = cells.indicator_name(indicator, lang)
            if is_late:
                late.setdefault(owner, []).append(
                    link(here, frame.path(lang, page_name("indicators", indicator.id)), name)
                )
            figure_rows.append(
                [
                    link(here, frame.path(lang, page_name("indicators", indicator.id)), name),
                    _latest_text(indicator, latest.value, latest.date.iso(), lang) if latest else DASH,
                    escape(site_word(lang, "age_months", months=age) if age is not None else DASH),
                    text(expected.iso() if expected is not None else DASH)
                    + (f' <span class="badge late">{escape(site_word(lang, "late_figure"))}</span>' if is_late else ""),
                    escape(indicator.owner or DASH),
                ]
            )
    figures = table(
        [
            report_word(lang, "indicator"),
            site_word(lang, "latest_figure"),
            site_word(lang, "age"),
            site_word(lang, "next_expected"),
            site_word(lang, "owner"),
        ],
        figure_rows,
        numeric=(2,),
        wide=(0,),
    )
    if late:
        owners = "".join(
            f"<li><strong>{escape(owner)}</strong>: {', '.join(links)}</li>" for owner, links in sorted(late.items())
        )
        late_list = f'<ul class="plain">{owners}</ul>'
    else:
        late_list = f'<p class="muted">{escape(site_word(lang, "no_late"))}</p>'
    body = "\n".join(
        [
            f"<h1>{escape(site_word(lang, 'coverage'))}</h1>",
            f"<p>{escape(site_word(lang, 'coverage_intro'))}</p>",
            f"<p>{text(judged_sentence(content, lang))}</p>",
            sector_table,
            f"<h2>{escape(site_word(lang, 'late_owners'))}</h2>{late_list}",
            f"<h2>{escape(site_word(lang, 'latest_figure'))}</h2>{figures}",
        ]
    )
    return Page(site_word(lang, "coverage"), judged_sentence(content, lang), body)


def _latest_text(indicator: Indicator, value: float, when: str, lang: str) -> str:
    """A value and its date, neither broken across lines on a phone."""
    shown = escape(format_value(value, indicator.unit, lang))
    return f'<span class="nw">{shown}</span> (<span class="nw">{escape(when)}</span>)'


def method_page(frame: Frame, content: SiteContent, lang: str) -> Page:
    """The methodology in plain words: the thresholds, every status and every flag with its meaning."""
    entries = legend(lang)
    statuses = "".join(f"<dt>{escape(e.label)}</dt><dd>{escape(e.meaning)}</dd>" for e in entries.statuses)
    flags = "".join(f"<dt>{escape(e.label)}</dt><dd>{escape(e.meaning)}</dd>" for e in (*entries.flags, *entries.notes))
    body = "\n".join(
        [
            f"<h1>{escape(site_word(lang, 'method'))}</h1>",
            f'<p class="lead">{escape(site_word(lang, "method_intro"))}</p>',
            f"<h2>{escape(site_word(lang, 'thresholds'))}</h2>",
            f'<p class="method">{escape(report_word(lang, "methodology"))}</p>',
            f'<h2>{escape(site_word(lang, "statuses"))}</h2><dl class="legend-list">{statuses}</dl>',
            f'<h2>{escape(site_word(lang, "flags"))}</h2><dl class="legend-list">{flags}</dl>',
        ]
    )
    return Page(site_word(lang, "method"), site_word(lang, "method_intro"), body)


def _label(labels: Mapping[Any, str], value: object) -> str | None:
    """The word of a status stored as its value (`on_track`) in a document."""
    return next((label for key, label in labels.items() if getattr(key, "value", key) == value), None)


def change_summary(item: ChangeItem, indicators: dict[str, Indicator], lang: str) -> str:
    """What a changed record became, in a few words: a value and its date, a title, a status."""
    doc = item.document or {}
    if item.action == "status":  # a status change: the statuses before and after, at the site's as-of date
        before = _label(TARGET_STATUS[lang], doc.get("before")) or DASH
        return f"{before} → {_label(TARGET_STATUS[lang], doc.get('after')) or DASH}"
    if item.kind is Kind.OBSERVATIONS or item.kind is Kind.TARGETS:
        indicator = indicators.get(str(doc.get("indicator", "")))
        value = doc.get("value")
        when = doc.get("date") if item.kind is Kind.OBSERVATIONS else doc.get("deadline")
        if indicator is None or not isinstance(value, int | float):
            return DASH
        return f"{cells.indicator_name(indicator, lang)}: {format_value(float(value), indicator.unit, lang)} ({when})"
    if item.kind is Kind.MILESTONES:
        title = doc.get("title_en") if lang == "en" and doc.get("title_en") else doc.get("title")
        status = doc.get("status")
        shown = _label(MILESTONE_STATUS[lang], status)
        return f"{title} ({shown})" if shown else str(title or DASH)
    if item.kind is Kind.ASSESSMENTS:
        status = doc.get("status")
        shown = _label(TARGET_STATUS[lang], status) or DASH
        return f"{shown} ({doc.get('date', DASH)})"
    if item.kind is Kind.INDICATORS:
        return str(doc.get("name_en") if lang == "en" else doc.get("name_ko")) or DASH
    if item.kind is Kind.SECTORS:
        return str(doc.get("name_en") if lang == "en" else doc.get("name_ko")) or DASH
    return DASH


def _record_cell(frame: Frame, content: SiteContent, item: ChangeItem, lang: str, here: str) -> str:
    page = content.page_of(item)
    return escape(item.record) if page is None else link(here, frame.path(lang, page), item.record)


def _change_list(frame: Frame, content: SiteContent, lang: str, here: str, items: Sequence[ChangeItem]) -> str:
    if not items:
        return f'<p class="muted">{escape(site_word(lang, "no_changes"))}</p>'
    indicators = {i.indicator.id: i.indicator for i in content.indicators}
    return table(
        [site_word(lang, h) for h in ("date", "kind", "record", "action", "summary")],
        (
            [
                text(item.day or DASH),
                escape(site_word(lang, f"kind_{item.kind.value}")),
                _record_cell(frame, content, item, lang, here),
                escape(site_word(lang, item.action)),
                text(change_summary(item, indicators, lang)),
            ]
            for item in items
        ),
        names=(0,),
        wide=(4,),
    )


def changes_page(frame: Frame, content: SiteContent, lang: str) -> Page:
    """What changed between the log's entries, newest first, the latest records, with a link to the feed."""
    here = frame.path(lang, "changes.html")
    intro = site_word(lang, "changes_intro", count=len(content.changes))
    body = "\n".join(
        [
            f"<h1>{escape(site_word(lang, 'changes'))}</h1>",
            f"<p>{escape(intro)} {link(here, frame.path(lang, 'feed.xml'), site_word(lang, 'feed'))}</p>",
            _change_list(frame, content, lang, here, content.changes),
        ]
    )
    return Page(site_word(lang, "changes"), intro, body)
