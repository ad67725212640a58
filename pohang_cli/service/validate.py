"""The checks every writer shares: units, magnitudes, dates, deadlines and text as typed.

The writing use cases (writing.py), the editing ones (editing.py) and import (transfer/) run the same
checks, so that a value refused by one command is refused by all of them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Indicator, Milestone, MilestoneStatus, Model
from pohang_cli.service.naming import normalize_text

if TYPE_CHECKING:  # only writers get parsed values, and they import quantities themselves (it needs decimal)
    from pohang_cli.quantities import ParsedValue

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")

# Unit words a value may carry, and the indicator units they are compatible with.
_COMPATIBLE_UNITS: dict[str, set[str]] = {
    "KRW": {"krw", "원", "won"},
    "t": {"t", "톤", "tonnes", "tons"},
    "companies": {"companies", "개사", "firms"},
    "개": {"개", "units", "unit"},
    "jobs": {"jobs", "명", "persons", "people"},
    "beds": {"beds", "병상"},
    "MW": {"mw"},
    "%": {"%", "percent", "pct"},
}


def check_unit(value: ParsedValue, unit: str, what: str) -> float:
    """The number of `value`, refused when the unit typed with it does not match the indicator's `unit`.

    Both are compared as stored units, so `1,200명` fits an indicator in `jobs`, and one kept in `명` by an
    older pohang.
    """
    if value.unit is not None:
        from pohang_cli.quantities import normalize_unit
        from pohang_cli.text import escaped

        stored = normalize_unit(unit)
        accepted = _COMPATIBLE_UNITS.get(stored, {stored.casefold()})
        typed = normalize_unit(value.unit)
        if typed.casefold() not in accepted and typed != stored:
            raise InputError(
                _("{what} is in '{unit}' but the indicator is measured in '{measured}'").format(
                    what=what, unit=escaped(value.unit), measured=unit
                )
            )
    return check_magnitude(value.value, what)


# 10^18 (100경) is far above any quantity of a city's industries (Korea's GDP is ~2.4·10^15 won), and far
# enough below float's 1.8·10^308 that differences, paces and chart scales of stored values stay finite.
MAX_MAGNITUDE = 1e18


def check_magnitude(value: float, what: str) -> float:
    """The value, if its magnitude is at most MAX_MAGNITUDE.

    Raises:
        InputError: a value so large it can only be a typo (or a unit mistaken for digits).
    """
    if not abs(value) <= MAX_MAGNITUDE:
        raise InputError(
            _("{what} {value:g} is beyond ±10^18, larger than any quantity pohang tracks; check the digits").format(
                what=what, value=value
            )
        )
    return value


def stored_unit(text: str) -> str:
    """The stored unit of a unit word (`명` -> jobs, `억원` -> KRW); refuses an empty one."""
    from pohang_cli.quantities import normalize_unit

    unit = normalize_unit(normalize_text(text))
    if not unit:
        raise InputError(_("the unit is empty: give one such as KRW/원, t/톤, companies/개사, jobs/명, %, MW"))
    return unit


def clean_text(text: str | None) -> str | None:
    """Text as typed, NFC-normalised and trimmed; None for nothing or only spaces."""
    if text is None:
        return None
    cleaned = normalize_text(text)
    return cleaned or None


def refuse_future(when: PartialDate, today: date, what: str) -> None:
    """Refuse a baseline or an actual dated after today: it cannot have been reported yet."""
    if when.start() > today:
        raise InputError(
            _("{what} {when} is in the future (today is {today})").format(
                what=what, when=when.iso(), today=today.isoformat()
            )
        )


def check_deadline(indicator: Indicator, deadline: PartialDate) -> None:
    """Refuse a deadline not after the baseline: the required pace would divide by zero or be negative time."""
    if indicator.baseline_date is not None and deadline.month_index() <= indicator.baseline_date.month_index():
        raise InputError(
            _("the deadline {deadline} is not after the baseline date {baseline_date} of '{id}'").format(
                deadline=deadline.iso(), baseline_date=indicator.baseline_date.iso(), id=indicator.id
            )
        )


def check_compound_target(indicator: Indicator, value: float) -> None:
    """Refuse a non-positive target for a compound indicator (no 0.001 substitution, methodology §1)."""
    if indicator.model is Model.COMPOUND and value <= 0:
        raise InputError(_("'{id}' uses the compound model, which needs a target above zero").format(id=indicator.id))


def refuse_done_in_future(milestone: Milestone, today: date | None) -> None:
    """Refuse a milestone marked done (or partly done) on a date after today: it cannot have happened yet."""
    if today is None or not milestone.status.is_completed or milestone.date is None:
        return
    if milestone.date.start() > today:
        if milestone.status is MilestoneStatus.PARTIAL:
            refusal = _(
                "milestone marked partly done on {date}, which is after today ({today}); give the date it "
                "happened, or keep it in progress with --due {date}"
            )
        else:
            refusal = _(
                "milestone marked done on {date}, which is after today ({today}); give the date it happened, "
                "or keep it in progress with --due {date}"
            )
        raise InputError(refusal.format(date=milestone.date.iso(), today=today.isoformat()))


# Five years: the slowest official series (a census) come out within two; more is a typo for days or years.
MAX_LAG_MONTHS = 60


def check_lag_months(lag: int) -> int:
    """The publication lag (§8.2), in whole months from 0 to MAX_LAG_MONTHS."""
    if not 0 <= lag <= MAX_LAG_MONTHS:
        raise InputError(
            _(
                "the publication lag {lag} is not between 0 and {most} months; give whole months, e.g. --lag-months 3"
            ).format(lag=lag, most=MAX_LAG_MONTHS)
        )
    return lag
