"""Dates of reduced precision: the only place where strings become dates.

A `PartialDate` keeps the precision it was given (`2027` stays a year, `2023-07` a month), because the
methodology reads a year-only deadline as December and a year-only due date as 31 December.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to a year, quarter, month or day.

    For a quarter, `month` is the quarter's last month (2026Q2 -> month 6); for a year it is None.
    """

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = Precision.YEAR

    @classmethod
    def of_year(cls, year: int) -> PartialDate:
        return cls(year, None, None, Precision.YEAR)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> PartialDate:
        return cls(year, 3 * quarter, None, Precision.QUARTER)

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        return cls(year, month, None, Precision.MONTH)

    @classmethod
    def of_day(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day, Precision.DAY)

    @property
    def quarter(self) -> int | None:
        """The quarter (1-4) when the precision is a quarter."""
        if self.precision is not Precision.QUARTER or self.month is None:
            return None
        return (self.month - 1) // 3 + 1

    def iso(self) -> str:
        """ISO 8601 at the stored precision: `2027`, `2026-Q2`, `2023-07`, `2023-07-20`."""
        if self.precision is Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision is Precision.QUARTER:
            return f"{self.year:04d}-Q{self.quarter}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()

    @property
    def last_month(self) -> int:
        """The last month the date covers (December for a year-only date)."""
        return 12 if self.month is None else self.month

    def month_index(self) -> int:
        """m(date) = 12·year + month, with a year read as December (methodology §2)."""
        return 12 * self.year + self.last_month

    def start(self) -> dt.date:
        """The first day of the period."""
        if self.precision is Precision.DAY:
            return dt.date(self.year, self.last_month, self.day or 1)
        if self.precision is Precision.QUARTER:
            return dt.date(self.year, self.last_month - 2, 1)
        if self.precision is Precision.MONTH:
            return dt.date(self.year, self.last_month, 1)
        return dt.date(self.year, 1, 1)

    def end(self) -> dt.date:
        """The last day of the period: `2026` -> 2026-12-31, `2026-05` -> 2026-05-31."""
        if self.precision is Precision.DAY:
            return dt.date(self.year, self.last_month, self.day or 1)
        month = self.last_month
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the end of the period, then by its start (a wider period first)."""
        return (self.end(), self.start())
