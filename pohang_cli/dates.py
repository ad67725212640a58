"""Dates of reduced precision: the only place where strings become dates.

A `PartialDate` keeps the precision it was given (`2027` stays a year, `2023-07` a month), because the
methodology reads a year-only deadline as December and a year-only due date as 31 December.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from pohang_cli.errors import InputError
from pohang_cli.i18n import N_, _, translated
from pohang_cli.text import escaped, text_problem


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"


# Day ordinals of years up to 2871 fit in 20 bits, so a period's rank is its end's ordinal, then its start's.
RANK_SHIFT = 20


def rank_of_day(day: dt.date) -> int:
    """A rank below that of every period ending on `day`: `date.rank() < rank_of_day(day)` exactly when the
    period ended before `day`."""
    return day.toordinal() << RANK_SHIFT


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to a year, half-year, quarter, month or day.

    For a half-year or a quarter, `month` is its last month (2024-H1 -> month 6, 2026Q2 -> month 6);
    for a year it is None.
    """

    year: int
    month: int | None = None
    day: int | None = None
    precision: Precision = Precision.YEAR
    # (end, start), worked out on first use and kept: a database shares a few thousand date objects among
    # 100,000 records, and status, history and milestones order and filter by these days many times over.
    _bounds: tuple[dt.date, dt.date] | None = field(default=None, init=False, repr=False, compare=False)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)  # iso(), kept likewise
    _rank: int | None = field(default=None, init=False, repr=False, compare=False)  # rank(), kept likewise

    @classmethod
    def of_year(cls, year: int) -> PartialDate:
        return cls(year, None, None, Precision.YEAR)

    @classmethod
    def of_half(cls, year: int, half: int) -> PartialDate:
        return cls(year, 6 * half, None, Precision.HALF)

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

    @property
    def half(self) -> int | None:
        """The half (1 for January-June, 2 for July-December) when the precision is a half-year."""
        if self.precision is not Precision.HALF or self.month is None:
            return None
        return 1 if self.month <= 6 else 2

    def iso(self) -> str:
        """ISO 8601 at the stored precision: `2027`, `2024-H1`, `2026-Q2`, `2023-07`, `2023-07-20`.

        ISO 8601 has no half-year; `YYYY-H1` is the form statistics offices (Eurostat, KOSIS exports) use.
        """
        text = self._text
        if text is None:
            if self.precision is Precision.YEAR:
                text = f"{self.year:04d}"
            elif self.precision is Precision.QUARTER:
                text = f"{self.year:04d}-Q{self.quarter}"
            elif self.precision is Precision.HALF:
                text = f"{self.year:04d}-H{self.half}"
            elif self.precision is Precision.MONTH:
                text = f"{self.year:04d}-{self.month:02d}"
            else:
                text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            object.__setattr__(self, "_text", text)
        return text

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
        return (self._bounds or self._compute_bounds())[1]

    def end(self) -> dt.date:
        """The last day of the period: `2026` -> 2026-12-31, `2026-05` -> 2026-05-31."""
        return (self._bounds or self._compute_bounds())[0]

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the end of the period, then by its start (a wider period first)."""
        return self._bounds or self._compute_bounds()

    def rank(self) -> int:
        """`sort_key()` as one integer, in the same order: sorting 100,000 of them is five times faster."""
        rank = self._rank
        if rank is None:
            end, start = self.sort_key()
            rank = end.toordinal() << RANK_SHIFT | start.toordinal()
            object.__setattr__(self, "_rank", rank)
        return rank

    def _compute_bounds(self) -> tuple[dt.date, dt.date]:
        month = self.last_month
        if self.precision is Precision.DAY:
            day = dt.date(self.year, month, self.day or 1)
            bounds = (day, day)
        else:
            end = dt.date(self.year, month, calendar.monthrange(self.year, month)[1])
            if self.precision is Precision.QUARTER:
                bounds = (end, dt.date(self.year, month - 2, 1))
            elif self.precision is Precision.HALF:
                bounds = (end, dt.date(self.year, month - 5, 1))
            elif self.precision is Precision.MONTH:
                bounds = (end, dt.date(self.year, month, 1))
            else:
                bounds = (end, dt.date(self.year, 1, 1))
        object.__setattr__(self, "_bounds", bounds)
        return bounds


# ---------------------------------------------------------------------------------------------------
# Parsing

MIN_YEAR = 1800
MAX_YEAR = 2200

ACCEPTED_DATE_FORMS = (
    "2027, 2024년 말, 2024년 상반기, 2024-H2, 2026Q2, 2023-07, '24년 3월, 2023-07-20, 2023.07.20, 24.3.5, "
    "2023년 7월 20일, July 2023, today"
)

# N_: a refusal names the month in the user's language (February 2023, 2023년 2월).
_MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

# Full-width digits come from Korean input methods; NFC leaves them alone, so map them explicitly.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class _LazyPattern:
    """A regular expression compiled on its first use.

    Every command reads its as-of date, but most never see more than one or two of the forms a person may
    type; compiling all of them up front cost a millisecond and a half of each start-up.
    """

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled.fullmatch(text)


# Digits are spelled [0-9] because `\d` also matches other scripts' digits, which are not part of the grammar.
# `2025년도` is how a plan or a budget names a year (a fiscal year is the calendar year in Korea's public sector).
_YEAR = _LazyPattern(r"([0-9]{4})\s*(?:년\s*도?)?")
# `20250630`, as government forms and file names write a day: exactly eight digits, year first.
_COMPACT_DAY = _LazyPattern(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_NUMERIC = _LazyPattern(r"([0-9]{4})([-/])([0-9]{1,2})(?:\2([0-9]{1,2}))?")
# Korean documents write `2023. 7. 20.`: spaces after each dot and a closing dot.
_DOTTED = _LazyPattern(r"([0-9]{4})\s*\.\s*([0-9]{1,2})(?:\s*\.\s*([0-9]{1,2}))?\s*\.?")
# `2025년 6월말` (the end of June) is a month-end figure: the month, which already ends on its last day.
_KOREAN = _LazyPattern(r"([0-9]{4})\s*년\s*([0-9]{1,2})\s*월(?:\s*([0-9]{1,2})\s*일|\s*말)?")
# `2025년 4/4분기` is how Korean statistics write the fourth quarter (the quarter over the four of a year).
_QUARTER = _LazyPattern(
    r"([0-9]{4})\s*-?\s*[qQ]\s*([0-9]+)|([0-9]{4})\s*년\s*([0-9]+)\s*분기"
    r"|([0-9]{4})\s*(?:년\s*)?([0-9]+)\s*/\s*4\s*분기"
)
# Korean reports count halves as 상반기 (January-June) and 하반기 (July-December).
_HALF = _LazyPattern(r"([0-9]{4})\s*-?\s*[hH]\s*([0-9]+)|([0-9]{4})\s*년?\s*([상하])\s*반기")
# `2024년 말` (the end of 2024): a year-end figure, a year-only date, which already ends on 31 December.
_YEAR_END = _LazyPattern(r"([0-9]{4})\s*(?:년\s*)?(?:연\s*)?말")
# Korean shorthand puts a two-digit year first: `24.3.5`, `'24.3.5.`. Only with a dot and all three parts:
# `24.3` is a number, and `23-07-20` with dashes reads as 23 July 2020 in British use (refused below).
_SHORT_DOTTED = _LazyPattern(r"['’‘]?([0-9]{2})\s*\.\s*([0-9]{1,2})\s*\.\s*([0-9]{1,2})\s*\.?")
# `'24`, `’24년`, `24년 3월`: a two-digit year marked by an apostrophe or by 년.
_SHORT_YEAR = _LazyPattern(r"(?:['’‘]([0-9]{2})(?![0-9])\s*|([0-9]{2})(?=\s*년))(.*)")
# What Excel and LibreOffice write for a date cell read as text: a day at midnight.
_DATE_TIME = _LazyPattern(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?")
# The year last: 07/08/2023, 7.8.23, 20-07-2023. Refused, but with a hint that names the ISO form.
_YEAR_LAST = _LazyPattern(r"([0-9]{1,2})\s*([-/.])\s*([0-9]{1,2})\s*\2\s*([0-9]{2}|[0-9]{4})\.?")
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# English forms are gated by a closed pattern before dateutil sees them, so its guessing never applies.
_ENGLISH = _LazyPattern(
    rf"(?P<d1>[0-9]{{1,2}})\s+{_MONTH_WORD},?\s+(?P<y1>[0-9]{{4}})"
    rf"|{_MONTH_WORD}\s+(?P<d2>[0-9]{{1,2}}),?\s+(?P<y2>[0-9]{{4}})"
    rf"|{_MONTH_WORD},?\s+(?P<y3>[0-9]{{4}})",
    re.IGNORECASE,
)
_TODAY = frozenset({"today", "오늘"})
_YESTERDAY = frozenset({"yesterday", "어제"})

_ISO_YEAR = re.compile(r"([0-9]{4})")
_ISO_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_ISO_HALF = re.compile(r"([0-9]{4})-H([12])")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(text: str, *, today: dt.date) -> PartialDate:
    """Read a date typed by a person, keeping the precision it was written with.

    The grammar is closed: ISO (`2027`, `2023-07`, `2023-07-20`, `2026-Q2`), Korean (`2023.07.20`,
    `2023. 7. 20.`, `2023년 7월 20일`, `2026년 2분기`, `2024년 상반기`/`하반기`, `2024년 말`), two-digit years
    marked as such (`'24년 3월`, `24년`, `24.3.5`), year-first slashes (`2023/07/20`), quarters and halves
    (`2026Q2`, `2026 Q2`, `2024-H1`), a spreadsheet's date at midnight (`2024-03-01 00:00:00`),
    English months (`July 2023`, `20 Jul 2023`, `July 20, 2023`) and `today`/`오늘`, `yesterday`/`어제`.
    Nothing is guessed and no part is filled in from today.

    Args:
        text: What the user typed; surrounding whitespace is ignored.
        today: The date `today` and `yesterday` refer to (the caller owns the clock).

    Returns:
        The date at the precision given: `2023-07` is a month, `2026Q2` a quarter, `2024년 상반기` a half.

    Raises:
        InputError: The text is empty, ambiguous (`07/08/2023`), impossible (`2023-02-30`), has a year
            outside 1800..2200, or is not one of the accepted forms.
    """
    shown = text.strip()
    s = unicodedata.normalize("NFC", shown).translate(_FULL_WIDTH_DIGITS)
    if not s:
        raise _refuse(shown, _("the date is empty"))
    if (problem := text_problem(s)) is not None:
        raise _refuse(shown, problem)
    lowered = s.casefold()
    if lowered in _TODAY:
        return PartialDate.of_day(today)
    if lowered in _YESTERDAY:
        return PartialDate.of_day(today - dt.timedelta(days=1))

    if m := _SHORT_YEAR.fullmatch(s):
        # Spelled out in full, the rest of the grammar applies unchanged: `'24년 3월` is `2024년 3월`.
        s = f"{_full_year(m[1] or m[2]):04d}{m[3]}"
    if m := _YEAR.fullmatch(s) or _YEAR_END.fullmatch(s):
        return PartialDate.of_year(_year(m[1], shown))
    if m := _COMPACT_DAY.fullmatch(s):
        return _calendar_date(shown, m[1], m[2], m[3])
    if m := _SHORT_DOTTED.fullmatch(s):
        return _calendar_date(shown, str(_full_year(m[1])), m[2], m[3])
    if m := _DATE_TIME.fullmatch(s):
        cell_day = _calendar_date(shown, m[1], m[2], m[3])
        if int(m[4]) or int(m[5]) or int(m[6] or 0) or (m[7] and int(m[7])):
            # Midnight is how a spreadsheet writes a date; another time is a timestamp, which pohang does not keep.
            raise _refuse(
                shown, _("pohang keeps dates, not times of day — write {cell_day}").format(cell_day=cell_day.iso())
            )
        return cell_day
    if m := _NUMERIC.fullmatch(s) or _DOTTED.fullmatch(s) or _KOREAN.fullmatch(s):
        year, month, day = m[1], m[m.re.groups - 1], m[m.re.groups]
        return _calendar_date(shown, year, month, day)
    if m := _QUARTER.fullmatch(s):
        year, quarter = next((m[i], m[i + 1]) for i in (1, 3, 5) if m[i])
        number = int(quarter)
        if not 1 <= number <= 4:
            raise _refuse(shown, _("quarter {number} does not exist, quarters are 1-4").format(number=number))
        return PartialDate.of_quarter(_year(year, shown), number)
    if m := _HALF.fullmatch(s):
        if m[1]:
            year, number = m[1], int(m[2])
            if not 1 <= number <= 2:
                raise _refuse(shown, _("half {number} does not exist, halves are H1 and H2").format(number=number))
        else:
            year, number = m[3], 1 if m[4] == "상" else 2
        return PartialDate.of_half(_year(year, shown), number)
    if m := _ENGLISH.fullmatch(s):
        return _english_date(shown, s, m)
    if m := _YEAR_LAST.fullmatch(s):
        raise _refuse(shown, _year_last_hint(m))
    raise _refuse(shown, _("not a date"))


def parse_iso(text: str) -> PartialDate:
    """Read a date exactly as `PartialDate.iso()` writes it, for the database and imports.

    Args:
        text: `2027`, `2024-H1`, `2026-Q2`, `2023-07` or `2023-07-20`; nothing else, not even surrounding spaces.

    Returns:
        The date at the precision its form implies.

    Raises:
        InputError: The text is not one of the five forms, names an impossible date, or has a year outside
            1800..2200.
    """
    try:
        if m := _ISO_DAY.fullmatch(text):
            return PartialDate.of_day(dt.date(_iso_year(m[1]), int(m[2]), int(m[3])))
        if (m := _ISO_MONTH.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            return PartialDate.of_month(_iso_year(m[1]), int(m[2]))
        if m := _ISO_QUARTER.fullmatch(text):
            return PartialDate.of_quarter(_iso_year(m[1]), int(m[2]))
        if m := _ISO_HALF.fullmatch(text):
            return PartialDate.of_half(_iso_year(m[1]), int(m[2]))
        if m := _ISO_YEAR.fullmatch(text):
            return PartialDate.of_year(_iso_year(m[1]))
    except ValueError:  # an impossible day or a year out of range
        pass
    raise InputError(
        _(
            "invalid ISO date {text!r}: expected a year 1800-2200 as 2027, 2024-H1, 2026-Q2, 2023-07 or 2023-07-20"
        ).format(text=text)
    )


def _refuse(shown: str, reason: str) -> InputError:
    return InputError(
        _("invalid date '{shown}': {reason} (accepted: {forms})").format(
            shown=escaped(shown), reason=reason, forms=ACCEPTED_DATE_FORMS
        )
    )


def _year(digits: str, shown: str) -> int:
    year = int(digits)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _refuse(
            shown,
            _("year {year} is outside {first}..{last}").format(year=year, first=MIN_YEAR, last=MAX_YEAR),
        )
    return year


# Two-digit years follow POSIX strptime's %y: 00-68 are 2000-2068, 69-99 are 1969-1999.
_CENTURY_PIVOT = 69


def _full_year(digits: str) -> int:
    short = int(digits)
    return (1900 if short >= _CENTURY_PIVOT else 2000) + short


def _iso_year(digits: str) -> int:
    year = int(digits)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(year)
    return year


def _calendar_date(shown: str, year_digits: str, month_digits: str, day_digits: str | None) -> PartialDate:
    year = _year(year_digits, shown)
    month = int(month_digits)
    if not 1 <= month <= 12:
        raise _refuse(shown, _("month {month} does not exist").format(month=month))
    if day_digits is None:
        return PartialDate.of_month(year, month)
    day = int(day_digits)
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise _refuse(
            shown,
            _("{month} {year} has no day {day}").format(month=translated(_MONTH_NAMES[month - 1]), year=year, day=day),
        )
    return PartialDate.of_day(dt.date(year, month, day))


def _english_date(shown: str, s: str, m: re.Match[str]) -> PartialDate:
    year = _year(m["y1"] or m["y2"] or m["y3"], shown)
    has_day = m["y3"] is None
    # dateutil is imported here, not at the top, so commands that never read English dates skip its
    # import cost. The fixed default stops it filling a missing day from today's date.
    from dateutil.parser import parse  # type: ignore[import-untyped]

    try:
        parsed: dt.datetime = parse(s, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        # The gate admits a month name and a day of one or two digits: only the day can be impossible.
        day = m["d1"] or m["d2"]
        reason = (
            _("{month} {year} has no day {day}").format(month=_month_name_in(s), year=year, day=int(day))
            if day
            else _("not a date")
        )
        raise _refuse(shown, reason) from None
    if parsed.year != year:  # a guard: the gate guarantees this, dateutil must agree
        raise _refuse(shown, _("not a date"))
    if has_day:
        return PartialDate.of_day(parsed.date())
    return PartialDate.of_month(year, parsed.month)


def _month_name_in(s: str) -> str:
    word = re.search(_MONTH_WORD, s, re.IGNORECASE)
    prefix = word[0][:3].casefold() if word else ""
    return translated(next((name for name in _MONTH_NAMES if name[:3].casefold() == prefix), N_("that month")))


def _year_last_hint(m: re.Match[str]) -> str:
    first, second, year_digits = int(m[1]), int(m[3]), m[4]
    year = int(year_digits) + 2000 if len(year_digits) == 2 else int(year_digits)
    if first <= 12 and second <= 12:
        # Both orders are real dates; the hint reads it month first, the order Americans write.
        month, day = first, second
        reason = _("day/month order is ambiguous")
    elif len(year_digits) == 2:
        # 23-07-20 is 2023-07-20 in Korean shorthand and 23 July 2020 in British: no hint is safe.
        return _("a two-digit year is ambiguous — write the full date as YYYY-MM-DD")
    else:
        day, month = (first, second) if first > 12 else (second, first)
        reason = _("the year must come first")
    try:
        return _("{reason} — write {date}").format(reason=reason, date=dt.date(year, month, day).isoformat())
    except ValueError:
        return _("{reason} — write the date as YYYY-MM-DD").format(reason=reason)
