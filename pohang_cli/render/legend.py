"""The legend of every status and flag (methodology §8.4): what each word in a status cell means, as data.

The report prints the entries it uses, `status --help` prints them all, `explain` spells out those of one
target, and any other view (a site) can draw the same entries. Import-light: `--help` loads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pohang_cli.i18n import N_, translated_in
from pohang_cli.models import Flag, TargetStatus
from pohang_cli.render.labels import FLAGS, TARGET_STATUS

__all__ = ["Legend", "LegendEntry", "flag_meaning", "legend", "status_meaning"]


class LegendEntry(NamedTuple):
    """One word of a status cell: its machine code, its label in the reader's language, and what it means."""

    code: str
    label: str
    meaning: str


class Legend(NamedTuple):
    """The entries of a legend: statuses in the order of the ladder, flags in their order, then notes on figures."""

    statuses: tuple[LegendEntry, ...]
    flags: tuple[LegendEntry, ...]
    notes: tuple[LegendEntry, ...]


_STATUS_MEANINGS = {
    TargetStatus.ACHIEVED: N_(
        "the target is met: by the figure of its deadline's period, or earlier by a figure that is not provisional"
    ),
    TargetStatus.ON_TRACK: N_("at the pace since the baseline the target is met in time (pace ratio 0.95 or more)"),
    TargetStatus.BEHIND: N_("moving towards the target at half to 95 % of the pace it needs (pace ratio 0.50 to 0.95)"),
    TargetStatus.OFF_TRACK: N_("moving towards the target at less than half the pace it needs (pace ratio 0 to 0.50)"),
    TargetStatus.REGRESSING: N_("moving away from the target, or a target met at the baseline no longer met"),
    TargetStatus.MISSED: N_("the figure of the deadline's period falls short of the target"),
    TargetStatus.PENDING_FINAL: N_(
        "the deadline has passed and the figure of its period has not come; what the latest figure indicates is "
        "shown beside"
    ),
    TargetStatus.INSUFFICIENT: N_(
        "the latest figure is stale, or provisional where it is the only one or the one that meets the target: "
        "too little to judge; what the figures indicate is shown beside"
    ),
    TargetStatus.NOT_JUDGED: N_("the indicator has no baseline, so no pace can be measured; its actuals are shown"),
    TargetStatus.NO_DATA: N_("no actual after the baseline yet"),
    TargetStatus.NO_TARGET: N_("a watched indicator without a target: its latest change is shown"),
}

_FLAG_MEANINGS = {
    Flag.LOW_CONFIDENCE: N_("less than 12 months since the baseline, or a single figure after it"),
    Flag.PROVISIONAL: N_("the figure is provisional and may still be revised"),
    Flag.AWAITING_FINAL_DATA: N_("past the deadline, the figure of its period has not come"),
    Flag.REVISED: N_("the target was revised; its date, change and reason are shown"),
    Flag.STALE: N_(
        "the latest figure is older than one publication cycle and the usual lag (annual figures: 15 months)"
    ),
    Flag.REACH_PASSED: N_("at the pace so far the target would already have been met, yet no figure shows it"),
    Flag.NO_BASELINE: N_("the indicator has no baseline"),
    Flag.DEADLINE_PASSED: N_("the deadline has passed and no figure of its period has come"),
    Flag.REVISED_ACTUAL: N_("the source revised the latest figure; its earlier values are kept"),
    Flag.LATE: N_("met, but by the figure of a period that ends after the deadline"),
    Flag.DISPUTED: N_("a person's assessment, with its sources, differs from what the figures say"),
    Flag.ASSESSMENT_OUTDATED: N_("a newer figure came after the person's assessment"),
}

_PROJECTION = N_("projection")
_PROJECTION_MEANING = N_(
    "the pace so far carried on to the deadline, a straight line (compound growth where the indicator says so), "
    "rounded to two figures and the reach to its year; not a forecast"
)
_PROGRESS = N_("progress from baseline")
_PROGRESS_MEANING = N_(
    "the share of the change from the baseline to the target made so far; the level against the target is "
    "shown beside it"
)


def status_meaning(status: TargetStatus, lang: str) -> str:
    """What a status means, in `lang`."""
    return translated_in(lang, _STATUS_MEANINGS[status])


def flag_meaning(flag: Flag, lang: str) -> str:
    """What a flag means, in `lang`."""
    return translated_in(lang, _FLAG_MEANINGS[flag])


def legend(lang: str, statuses: Iterable[TargetStatus] | None = None, flags: Iterable[Flag] | None = None) -> Legend:
    """The legend of the given statuses and flags (every one when None), in their canonical order.

    Args:
        lang: `ko` or `en`.
        statuses: The statuses a view uses; every status when None.
        flags: The flags a view uses; every flag when None.

    Returns:
        The entries, with the notes on progress and projections that every view with figures needs.
    """
    wanted_statuses = set(TargetStatus if statuses is None else statuses)
    wanted_flags = set(Flag if flags is None else flags)
    return Legend(
        statuses=tuple(
            LegendEntry(status.value, TARGET_STATUS[lang][status], status_meaning(status, lang))
            for status in TargetStatus
            if status in wanted_statuses
        ),
        flags=tuple(
            LegendEntry(flag.value, FLAGS[lang][flag], flag_meaning(flag, lang))
            for flag in Flag
            if flag in wanted_flags
        ),
        notes=(
            LegendEntry("progress_pct", translated_in(lang, _PROGRESS), translated_in(lang, _PROGRESS_MEANING)),
            LegendEntry("projected_value", translated_in(lang, _PROJECTION), translated_in(lang, _PROJECTION_MEANING)),
        ),
    )
