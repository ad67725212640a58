"""The report's cells as plain text, shared by the HTML and Markdown writers so both say the same thing.

Values follow the contract's table style (`14조 원`, `KRW 14.0 tn`); numbers are rounded for reading.
Each function returns text only: escaping belongs to the writer of each format. Link parsing is cached:
thousands of milestones cite the same few hundred sources.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pohang_cli.i18n import N_, translated_in
from pohang_cli.models import Flag, Indicator, Sector, TargetStatus
from pohang_cli.progress import Judgement, MilestoneJudgement, SectorRollup, WatchedJudgement
from pohang_cli.quantities import format_value
from pohang_cli.render.labels import (
    DASH,
    FLAGS,
    MILESTONE_STATUS,
    TARGET_STATUS,
    actual_date_text,
    as_of_elapsed_text,
    change_pct_text,
    level_text,
    pct_text,
    points_text,
    projection_text,
    rate_text,
    ratio_text,
    reach_text,
    value_text,
    word,
)
from pohang_cli.render.legend import Legend, legend
from pohang_cli.render.verdict import assessment_text, indication_text, shown_flags, status_text
from pohang_cli.render.words import report_word
from pohang_cli.text import in_language

if TYPE_CHECKING:
    from pohang_cli.report import Report

# CSS class of each status: the traffic-light colours of SDG dashboards; the statuses that are no verdict are
# blue (a figure awaited or too weak) or grey, never a verdict's colour (§8.1).
STATUS_CLASS = {
    TargetStatus.ACHIEVED: "achieved",
    TargetStatus.ON_TRACK: "on-track",
    TargetStatus.BEHIND: "behind",
    TargetStatus.OFF_TRACK: "off-track",
    TargetStatus.REGRESSING: "regressing",
    TargetStatus.MISSED: "missed",
    TargetStatus.PENDING_FINAL: "pending-final",
    TargetStatus.INSUFFICIENT: "insufficient",
    TargetStatus.NOT_JUDGED: "not-judged",
    TargetStatus.NO_DATA: "no-data",
    TargetStatus.NO_TARGET: "no-target",
}


# The report's words of methodology §8, from the catalogue.
_PHRASES = {
    "legend": N_("What the words mean"),
    "assessment": N_("Assessment"),
    "notes": N_("Notes"),
}


def phrase(lang: str, key: str) -> str:
    """A heading of the report's §8 parts (the legend, an assessment, notes) in `lang`."""
    return translated_in(lang, _PHRASES[key])


def indicator_name(indicator: Indicator, lang: str) -> str:
    return indicator.name_ko if lang == "ko" else indicator.name_en


def sector_name(sector: Sector, lang: str) -> str:
    """Both names, the reader's language first: `이차전지 · Secondary batteries`."""
    first, second = (sector.name_ko, sector.name_en) if lang == "ko" else (sector.name_en, sector.name_ko)
    return f"{first} · {second}"


def status_label(status: TargetStatus, lang: str) -> str:
    return TARGET_STATUS[lang][status]


def flags(a: Judgement | WatchedJudgement, lang: str) -> str:
    """The flags a reader needs (not those the status word says), comma-separated; empty when none."""
    return ", ".join(FLAGS[lang][flag] for flag in shown_flags(a))


def status_lines(a: Judgement | WatchedJudgement, lang: str) -> tuple[str, list[str]]:
    """The status word, and the lines under it: what the figures indicate where it is no verdict, the flags,
    and a person's assessment (methodology §8)."""
    lines = []
    if not isinstance(a, WatchedJudgement):
        indication = indication_text(a, lang)
        if indication is not None:
            lines.append(indication)
    noted = flags(a, lang)
    if noted:
        lines.append(noted)
    if not isinstance(a, WatchedJudgement):
        assessed = assessment_text(a, lang, dated=True)
        if assessed is not None:
            lines.append(assessed)
    return status_text(a, lang), lines


def note_of(note: str | None, note_en: str | None, lang: str) -> str | None:
    """A record's note in the reader's language, else the other one; fact ids (`[BAT-03]`) are kept as written."""
    return in_language(note, note_en, lang)


def report_legend(report: Report, lang: str) -> Legend:
    """The legend of everything a report shows: its targets' judgements and every sector's watched indicators."""
    shown: list[Judgement | WatchedJudgement] = [*report.judgements]
    shown += (x for s in report.sectors for x in s.status.watched)
    return legend_of(shown, lang)


def milestone_facts(rollup: SectorRollup, lang: str) -> list[str]:
    """A sector's milestones in words: how many are done of how many, and how many are overdue or cancelled."""
    facts = [word(lang, "milestones_summary", done=rollup.milestones_completed, total=rollup.milestones_total)]
    if rollup.milestones_overdue:
        facts.append(word(lang, "overdue_count", count=rollup.milestones_overdue))
    if rollup.milestones_cancelled:
        facts.append(word(lang, "cancelled_count", count=rollup.milestones_cancelled))
    return facts


def legend_of(report_judgements: Iterable[Judgement | WatchedJudgement], lang: str) -> Legend:
    """The legend of the statuses and flags a report shows (§8.4), in their canonical order."""
    statuses: set[TargetStatus] = set()
    shown: set[Flag] = set()
    for a in report_judgements:
        statuses.add(a.status)
        shown.update(shown_flags(a))
        if not isinstance(a, WatchedJudgement):
            if a.indication is not None:
                statuses.add(a.indication)
            if a.assessment is not None:
                statuses.add(a.assessment.status)
    return legend(lang, statuses, shown)


def target_cell(a: Judgement, lang: str) -> str:
    """`14조 원 (2027)`: the target value and its deadline."""
    return f"{format_value(a.target.value, a.indicator.unit, lang)} ({a.target.deadline.iso()})"


def actual_cell(a: Judgement, lang: str) -> str:
    """The latest actual with its date and age (`5조 6,000억 원 (2023 · 35개월 전)`), shown even unjudged."""
    if a.actual is None:
        return DASH
    when = actual_date_text(a, lang)
    return value_text(a.actual, a.indicator.unit, lang) + (f" ({when})" if when else "")


def progress_cell(a: Judgement, lang: str) -> tuple[str, str | None]:
    """The progress from the baseline, and under it the level against the target (§8.4) and how much of the
    target's period has passed at the as-of date (§7)."""
    under = [text for text in (level_text(a, lang), as_of_elapsed_text(a, lang)) if text]
    return pct_text(a.progress_pct), " · ".join(under) or None


def pace_cell(a: Judgement, lang: str) -> str:
    """The pace ratio with the model it uses (a compound ratio is not a linear one), `(잠정)` when it rests on a
    provisional figure (§8.4); a dash when undefined."""
    if a.pace_ratio is None:
        return DASH
    model = word(lang, f"model_{a.model.value}")
    if Flag.PROVISIONAL in a.flags:
        return f"{ratio_text(a.pace_ratio)} ({model}, {word(lang, 'provisional_mark').strip('()')})"
    return f"{ratio_text(a.pace_ratio)} ({model})"


def required_cell(a: Judgement, lang: str) -> str:
    if a.required_per_year is None:
        return DASH
    return rate_text(a.required_per_year, a.indicator.unit, lang)


def projection_cell(a: Judgement, lang: str) -> str:
    """The projected value at the deadline to two figures, and the year the target is reached at the current
    pace (§8.4)."""
    if a.projected_value is None:
        return DASH
    return f"{projection_text(a, lang)}; {reach_text(a, lang)}"


def status_counts(rollup: SectorRollup, lang: str) -> str:
    """`순항 1 · 자료 없음 6 · 추이 지표 4`: the statuses that occur, in the order of the ladder; watched apart."""
    parts = [
        f"{status_label(s, lang)} {n}" for s, n in rollup.status_counts.items() if n and s is not TargetStatus.NO_TARGET
    ]
    watched = rollup.status_counts.get(TargetStatus.NO_TARGET, 0)
    if watched:
        parts.append(word(lang, "watched_count", count=watched))
    return " · ".join(parts) or DASH


def watched_actual_cell(w: WatchedJudgement, lang: str) -> str:
    """`13조 8705억 원 (2025)`: the latest actual of a watched indicator, or a dash."""
    if w.actual is None:
        return DASH
    when = f" ({w.actual_date.iso()})" if w.actual_date is not None else ""
    return value_text(w.actual, w.indicator.unit, lang) + when


def watched_previous_cell(w: WatchedJudgement, lang: str) -> str:
    if w.previous is None:
        return DASH
    when = f" ({w.previous_date.iso()})" if w.previous_date is not None else ""
    return value_text(w.previous, w.indicator.unit, lang) + when


def watched_change_cell(w: WatchedJudgement, lang: str) -> str:
    """`-6.2%; -9120억 원/년`: the change in per cent (in points for a percentage) and per year, `(잠정)` when a
    provisional figure is in it; or a dash."""
    if w.change_pct is None and w.change_per_year is None and w.change_points is None:
        return DASH
    unit = w.indicator.unit
    text = points_text(w.change_points, lang) if unit == "%" else change_pct_text(w.change_pct)
    if w.change_per_year is not None:
        text += "; " + rate_text(w.change_per_year, unit, lang)
    if w.is_provisional_change:
        text += " " + word(lang, "provisional_mark")
    return text


def completion(rollup: SectorRollup) -> str:
    """The completion rate in whole percent, rounded half up on the exact counts (5/8 is 63 %, not 62 %)."""
    if not rollup.milestones_total:
        return DASH
    done, total = rollup.milestones_completed, rollup.milestones_total
    return f"{(200 * done + total) // (2 * total)}%"


def milestone_sector(sector: Sector | None, j: MilestoneJudgement, lang: str) -> str:
    """The sector's name in the reader's language, or its id when the sector is unknown."""
    if sector is None:
        return j.milestone.sector
    return sector.name_ko if lang == "ko" else sector.name_en


def milestone_title(j: MilestoneJudgement, lang: str) -> str:
    m = j.milestone
    return m.title if lang == "ko" or not m.title_en else m.title_en


def milestone_status(j: MilestoneJudgement, lang: str) -> str:
    return MILESTONE_STATUS[lang][j.milestone.status]


def milestone_notes(j: MilestoneJudgement, lang: str) -> list[str]:
    """Overdue, due soon, late and rescheduled, as the milestones table says them."""
    notes = []
    if j.overdue:
        notes.append(report_word(lang, "days_overdue", days=j.days_overdue))
    elif j.due_soon:
        notes.append(report_word(lang, "due_soon"))
    if j.late and j.slip_days is not None:
        notes.append(report_word(lang, "late", days=j.slip_days))
    if j.rescheduled and j.milestone.original_due is not None:
        notes.append(report_word(lang, "rescheduled", original=j.milestone.original_due.iso()))
    return notes


@functools.lru_cache(maxsize=4096)
def link_text(url: str) -> str:
    """A short name for a source link: its host without `www.` (`hankyung.com`), or the text as given."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return url
    return host.removeprefix("www.")


@functools.lru_cache(maxsize=4096)
def is_web_link(url: str) -> bool:
    """Only http(s) addresses become links; anything else is shown as text."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
