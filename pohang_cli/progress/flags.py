"""The flags of a judgement (methodology §4 and §7) and when a figure is too old to lean on."""

from __future__ import annotations

from pohang_cli.models import Flag

__all__ = ["FLAG_ORDER", "STALE_AFTER_MONTHS", "is_low_confidence", "is_stale", "raised_flags"]

# Methodology §7: an annual figure is normally published within a quarter of its year's end, so one older
# than this many months (a 2023 figure after 2025-03) is stale.
STALE_AFTER_MONTHS = 15


def is_low_confidence(months_since_baseline: int, observation_count: int) -> bool:
    """Methodology §4 flag: less than 12 months since the baseline, or a single observation after it."""
    return months_since_baseline < 12 or observation_count == 1


def is_stale(data_age_months: int | None) -> bool:
    """Methodology §7: the latest actual is more than STALE_AFTER_MONTHS old."""
    return data_age_months is not None and data_age_months > STALE_AFTER_MONTHS


FLAG_ORDER = {flag: n for n, flag in enumerate(Flag)}


def raised_flags(
    *,
    low_confidence: bool = False,
    provisional: bool = False,
    awaiting_final_data: bool = False,
    revised: bool = False,
    stale: bool = False,
    no_baseline: bool = False,
    deadline_passed: bool = False,
    revised_actual: bool = False,
) -> tuple[Flag, ...]:
    """The raised flags in the declaration order of `Flag`, so machine output is stable."""
    raised = {
        Flag.LOW_CONFIDENCE: low_confidence,
        Flag.PROVISIONAL: provisional,
        Flag.AWAITING_FINAL_DATA: awaiting_final_data,
        Flag.REVISED: revised,
        Flag.STALE: stale,
        Flag.NO_BASELINE: no_baseline,
        Flag.DEADLINE_PASSED: deadline_passed,
        Flag.REVISED_ACTUAL: revised_actual,
    }
    return tuple(flag for flag in Flag if raised.get(flag, False))
