"""The flags of a judgement (methodology §4, §7 and §8) and when a figure is too old to lean on (§8.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pohang_cli.dates import PartialDate
from pohang_cli.models import Flag

if TYPE_CHECKING:
    from pohang_cli.models import Indicator

__all__ = [
    "FLAG_ORDER",
    "IRREGULAR_STALE_AFTER_MONTHS",
    "STALE_AFTER_MONTHS",
    "is_low_confidence",
    "is_stale",
    "next_expected",
    "raised_flags",
    "stale_after_months",
    "with_flags",
]

# Methodology §7 and §8.2: an annual figure is normally published within a quarter of its year's end, so one
# older than this many months (a 2023 figure after 2025-03) is stale. The limit of an annual indicator with
# the default lag; other frequencies and lags have their own (`stale_after_months`).
STALE_AFTER_MONTHS = 15
# §8.2: capacities and counts announced when they change have no period; such a figure is stale after two years.
IRREGULAR_STALE_AFTER_MONTHS = 24


def is_low_confidence(months_since_baseline: int, observation_count: int) -> bool:
    """Methodology §4 flag: less than 12 months since the baseline, or a single observation after it."""
    return months_since_baseline < 12 or observation_count == 1


def stale_after_months(indicator: Indicator) -> int:
    """§8.2: the age in months past which the indicator's latest figure is stale: one period plus its lag.

    Monthly 4, quarterly 6, half-yearly 9, annual 15 with the default lag of 3 months; irregular 24.
    """
    period = indicator.frequency.months
    if period is None:
        return IRREGULAR_STALE_AFTER_MONTHS
    return period + indicator.lag_months


def is_stale(data_age_months: int | None, limit: int = STALE_AFTER_MONTHS) -> bool:
    """Methodology §8.2: the latest actual is more than `limit` months old (see `stale_after_months`)."""
    return data_age_months is not None and data_age_months > limit


def next_expected(indicator: Indicator, latest: PartialDate | None) -> PartialDate | None:
    """§8.2: the month from which the figure after `latest` is late: its period's end + one period + the lag.

    None without a latest figure, and for an irregular indicator (no figure is due at a known time). The
    latest figure is stale exactly when the as-of month is after this month.
    """
    period = indicator.frequency.months
    if latest is None or period is None:
        return None
    year, month0 = divmod(latest.month_index() + period + indicator.lag_months - 1, 12)
    return PartialDate.of_month(year, month0 + 1)


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
    late: bool = False,
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
        Flag.LATE: late,
    }
    return tuple(flag for flag in Flag if raised.get(flag, False))


def with_flags(flags: tuple[Flag, ...], *added: Flag) -> tuple[Flag, ...]:
    """`flags` and `added`, each once, in the declaration order of `Flag`."""
    return tuple(sorted({*flags, *added}, key=FLAG_ORDER.__getitem__))
