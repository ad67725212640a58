"""What a status cell says, in every view for people (methodology §8): the status word, what the figures
indicate where it is no verdict, the flags worth printing, a person's assessment and a target's revision.

Plain text only, so the slide, the report, `check`, `explain` and any other view say the same words; each
view styles and escapes them. Notes, reasons and bases come in the reader's language, else the other one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pohang_cli.i18n import N_, translated_in
from pohang_cli.models import Flag, Frequency, TargetStatus
from pohang_cli.quantities import format_value
from pohang_cli.render.labels import FLAGS, TARGET_STATUS
from pohang_cli.text import in_language

if TYPE_CHECKING:
    from pohang_cli.models import Assessment, Indicator, Target
    from pohang_cli.progress import Judgement, WatchedJudgement

__all__ = [
    "assessment_basis",
    "assessment_text",
    "frequency_text",
    "indication_text",
    "indicator_facts",
    "revision_text",
    "row_notes",
    "shown_flags",
    "sources_word",
    "status_text",
]

# Flags that a status word already says (§8.1: "not printed twice"); the machine formats keep them all.
_SAID_BY_STATUS = {
    # Awaiting the final figure is the status itself, and says that the deadline has passed.
    TargetStatus.PENDING_FINAL: frozenset({Flag.AWAITING_FINAL_DATA, Flag.DEADLINE_PASSED}),
    # Too little evidence says what low confidence says.
    TargetStatus.INSUFFICIENT: frozenset({Flag.LOW_CONFIDENCE}),
    # Achieved late is said in the status word (`status_text`).
    TargetStatus.ACHIEVED: frozenset({Flag.LATE}),
}

_INDICATION = N_("on the {date} figure: {status}")
_FREQUENCY = {
    Frequency.MONTHLY: N_("monthly"),
    Frequency.QUARTERLY: N_("quarterly"),
    Frequency.HALF_YEARLY: N_("half-yearly"),
    Frequency.ANNUAL: N_("annual"),
    Frequency.IRREGULAR: N_("irregular"),
}
_PUBLISHED = N_("{frequency}, published about {lag} months after its period")
_OWNER = N_("figure from {owner}")
_SOURCES = N_("sources")
_ASSESSED = N_("assessed {status}")
_ASSESSED_ON = N_("assessed {status} ({date})")


def status_text(a: Judgement | WatchedJudgement, lang: str) -> str:
    """The status word; `achieved late` in place of `achieved` where the late flag says so (§8.1)."""
    if a.status is TargetStatus.ACHIEVED and Flag.LATE in a.flags:
        return FLAGS[lang][Flag.LATE]
    return TARGET_STATUS[lang][a.status]


def shown_flags(a: Judgement | WatchedJudgement) -> tuple[Flag, ...]:
    """The flags a view for people prints: all but those the status word already says."""
    said = _SAID_BY_STATUS.get(a.status)
    if said is None:
        return a.flags
    return tuple(flag for flag in a.flags if flag not in said)


def indication_text(a: Judgement, lang: str) -> str | None:
    """What the figures alone say where the status is no verdict: `2023 자료로는 순항` (§8.1), else None."""
    if a.status.is_verdict or a.indication is None or a.actual_date is None:
        return None
    return translated_in(lang, _INDICATION).format(date=a.actual_date.iso(), status=TARGET_STATUS[lang][a.indication])


def assessment_text(a: Judgement, lang: str, *, dated: bool = False) -> str | None:
    """A person's assessment in a few words, `평가 부진` (with `dated`, `평가 부진 (2025-01-10)`); None without
    one (§8.3)."""
    assessment = a.assessment
    if assessment is None:
        return None
    status = TARGET_STATUS[lang][assessment.status]
    if dated:
        return translated_in(lang, _ASSESSED_ON).format(status=status, date=assessment.date.iso())
    return translated_in(lang, _ASSESSED).format(status=status)


def row_notes(a: Judgement, lang: str) -> list[str]:
    """What a table says under a target's row, too long for a column: its revision with date and reason, and a
    person's assessment with its date and basis (§8.3, §8.5)."""
    notes = []
    revision = revision_text(a.target, a.indicator.unit, lang)
    if revision is not None and Flag.REVISED in a.flags:
        notes.append(f"{FLAGS[lang][Flag.REVISED]} {revision}")
    if a.assessment is not None:
        notes.append(f"{assessment_text(a, lang, dated=True)}: {assessment_basis(a.assessment, lang)}")
    return notes


def assessment_basis(assessment: Assessment, lang: str) -> str:
    """The written basis of an assessment in the reader's language, else the other one."""
    return in_language(assessment.basis, assessment.basis_en, lang) or ""


def revision_text(target: Target, unit: str, lang: str) -> str | None:
    """The latest revision of a target: `2024-11-01 2030→2035: 특화단지 지정 때 목표 연도 조정` (§8.5).

    The date is when it was revised (`—` where no date was recorded); the change is of the deadline year
    where that moved, else of the value; the reason is in the reader's language. None for a target never
    revised.
    """
    if not target.revisions:
        return None
    revision = target.revisions[-1]
    when = "—" if revision.date is None else revision.date.iso()
    if revision.deadline.year != target.deadline.year:
        change = f"{revision.deadline.iso()}→{target.deadline.iso()}"
    else:
        change = f"{format_value(revision.value, unit, lang)}→{format_value(target.value, unit, lang)}"
    reason = in_language(revision.reason, revision.reason_en, lang)
    return f"{when} {change}: {reason}" if reason else f"{when} {change}"


def frequency_text(frequency: Frequency, lang: str) -> str:
    """How often an indicator's figure comes (§8.2): `연간`, `annual`."""
    return translated_in(lang, _FREQUENCY[frequency])


def indicator_facts(indicator: Indicator, lang: str) -> list[str]:
    """What §8.2 says of an indicator's figures: how often and how late they come, and who supplies them."""
    facts = [
        translated_in(lang, _PUBLISHED).format(
            frequency=frequency_text(indicator.frequency, lang), lag=indicator.lag_months
        )
    ]
    if indicator.owner:
        facts.append(translated_in(lang, _OWNER).format(owner=indicator.owner))
    return facts


def sources_word(lang: str) -> str:
    """The word before a list of sources."""
    return translated_in(lang, _SOURCES)
