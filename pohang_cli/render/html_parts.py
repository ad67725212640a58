"""Pieces of HTML the council report and the public site share: tables, status badges, sources, timelines.

Every data string goes through `html.escape`, and every date is kept on one line, so a title like
`<b>용량 [mw]</b>` prints as typed and `2025-06` never breaks after its hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from pohang_cli.models import Flag
from pohang_cli.progress import Judgement, MilestoneJudgement, WatchedJudgement
from pohang_cli.render import report_text as cells
from pohang_cli.render.labels import DASH, FLAGS
from pohang_cli.render.verdict import assessment_basis, assessment_text, revision_text, sources_word
from pohang_cli.render.words import report_word


def table(
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


def badge(a: Judgement | WatchedJudgement, lang: str) -> str:
    """The status word in its colour, with the indication and flags under it."""
    status, lines = cells.status_lines(a, lang)
    badge = f'<span class="badge {cells.STATUS_CLASS[a.status]}">{escape(status)}</span>'
    return badge + "".join(f'<span class="sub">{text(line)}</span>' for line in lines)


# An ISO date of reduced precision (2025-06, 2026-Q2, 2023-07-20): browsers may break a line after its hyphen
# where a cell is narrow, and "2025-" over "06" reads as another date. Only ASCII letters and digits around it
# make it part of a longer token: a Korean particle follows a date directly ("2026-12로").
_DATE = re.compile(r"(?<![0-9A-Za-z_-])\d{4}-(?:Q[1-4]|\d{2}(?:-\d{2})?)(?![0-9A-Za-z_-])")


# A figure as pohang writes it ("5조 6,000억 원", "1,000,000 t", "KRW 5.6 tn", "1.0 M MW"): a line broken at
# one of its spaces leaves "5조" over "6,000억 원", two numbers to the eye. Its spaces become no-break spaces.
_FIGURE = re.compile(
    r"(?<![0-9A-Za-z-])(?:KRW )?\d[\d,.]*(?:[조억만천](?: \d[\d,.]*[조억만천]?)*| (?:tn|bn|M|k)(?![0-9A-Za-z]))?"
    r"(?: (?:원|t|MW|㎡)(?![0-9A-Za-z]))?"
)


def text(words: str) -> str:
    """Text escaped for HTML, every date and every figure in it kept on one line."""
    kept = _FIGURE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), escape(words))
    return _DATE.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', kept)


def two(first: str, second: str | None) -> str:
    """A cell's text, with a second line under it when there is one."""
    return text(first) + (f'<span class="sub">{text(second)}</span>' if second else "")


def source(url: str | None) -> str:
    """A source: a link where it is a web address, else its text."""
    if not url:
        return ""
    if cells.is_web_link(url):
        return f'<a class="src" href="{escape(url)}" rel="noreferrer">{escape(cells.link_text(url))}</a>'
    return escape(url)


def source_sub(url: str | None) -> str:
    """A source on a line of its own under a cell's text."""
    return f'<span class="sub">{source(url)}</span>' if url else ""


def target_notes(a: Judgement, lang: str) -> str:
    """Under a target: its revision with date and reason (§8.5), and its note, in the reader's language."""
    texts = []
    revision = revision_text(a.target, a.indicator.unit, lang)
    if revision is not None and Flag.REVISED in a.flags:
        texts.append(f"{FLAGS[lang][Flag.REVISED]} {revision}")
    note = cells.note_of(a.target.note, a.target.note_en, lang)
    if note:
        texts.append(note)
    return "".join(f'<span class="sub">{text(line)}</span>' for line in texts)


def assessment(a: Judgement, lang: str) -> str:
    """A person's assessment of a target (§8.3): status, date, basis and every source."""
    made = a.assessment
    if made is None:
        return ""
    sources = ", ".join(source(url) for url in made.sources)
    return (
        f'<p class="small"><strong>{escape(cells.phrase(lang, "assessment"))} · {escape(a.target.id)}</strong> '
        f"{text(assessment_text(a, lang, dated=True) or '')}: {text(assessment_basis(made, lang))}"
        f"<br>{escape(sources_word(lang))}: {sources}</p>"
    )


def timeline(judged: Sequence[MilestoneJudgement], lang: str) -> str:
    """Milestones as a timeline: when, status, title, due date and lateness, source and note."""
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
            else f' <span class="muted small">{text(note)}</span>'
            for k, note in enumerate(notes)
        )
        fact_html = f' <span class="muted small">({text(", ".join(facts))})</span>' if facts else ""
        remark = cells.note_of(m.note, m.note_en, lang)
        remark_html = f'<span class="sub small">{text(remark)}</span>' if remark else ""
        items.append(
            f'<li class="{" ".join(classes)}"><span class="when">{escape(when)}</span>'
            f'<span class="badge ms {status_class}">{escape(cells.milestone_status(j, lang))}</span> '
            f"{escape(cells.milestone_title(j, lang))}{fact_html}{note_html} {source(m.source)}{remark_html}</li>"
        )
    return f'<ol class="timeline">{"".join(items)}</ol>'
