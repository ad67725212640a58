"""Tests for pohang_cli.dates: the closed date grammar, strict ISO reading and period arithmetic."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.dates import MAX_YEAR, RANK_SHIFT, PartialDate, Precision, parse_date, parse_iso, rank_of_day
from pohang_cli.errors import InputError

TODAY = dt.date(2026, 3, 1)
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def day(year: int, month: int, day_of_month: int) -> PartialDate:
    return PartialDate.of_day(dt.date(year, month, day_of_month))


years = st.integers(min_value=1800, max_value=2200)
partial_dates = st.one_of(
    years.map(PartialDate.of_year),
    st.builds(PartialDate.of_half, years, st.integers(min_value=1, max_value=2)),
    st.builds(PartialDate.of_quarter, years, st.integers(min_value=1, max_value=4)),
    st.builds(PartialDate.of_month, years, st.integers(min_value=1, max_value=12)),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)).map(PartialDate.of_day),
)


# ---------------------------------------------------------------------------------------------------
# parse_date: accepted forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027", PartialDate.of_year(2027)),
        ("2023-07", PartialDate.of_month(2023, 7)),
        ("2023-07-20", day(2023, 7, 20)),
        ("2023.07.20", day(2023, 7, 20)),
        ("2023.7.20", day(2023, 7, 20)),
        ("2023. 7. 20.", day(2023, 7, 20)),
        ("2023.7.20.", day(2023, 7, 20)),
        ("2023.07", PartialDate.of_month(2023, 7)),
        ("2023. 7.", PartialDate.of_month(2023, 7)),
        ("2023/07/20", day(2023, 7, 20)),
        ("2023년", PartialDate.of_year(2023)),
        ("2023 년", PartialDate.of_year(2023)),
        ("2023년 7월", PartialDate.of_month(2023, 7)),
        ("2023년7월", PartialDate.of_month(2023, 7)),
        ("2023년 7월 20일", day(2023, 7, 20)),
        ("2023년7월20일", day(2023, 7, 20)),
        ("2026q2", PartialDate.of_quarter(2026, 2)),
        ("2026Q2", PartialDate.of_quarter(2026, 2)),
        ("2026-Q2", PartialDate.of_quarter(2026, 2)),
        ("2026 Q2", PartialDate.of_quarter(2026, 2)),
        ("2026년 2분기", PartialDate.of_quarter(2026, 2)),
        ("2026년2분기", PartialDate.of_quarter(2026, 2)),
        ("July 2023", PartialDate.of_month(2023, 7)),
        ("Jul 2023", PartialDate.of_month(2023, 7)),
        ("jul 2023", PartialDate.of_month(2023, 7)),
        ("Sept 2023", PartialDate.of_month(2023, 9)),
        ("20 Jul 2023", day(2023, 7, 20)),
        ("20 July 2023", day(2023, 7, 20)),
        ("July 20, 2023", day(2023, 7, 20)),
        ("Jul. 20 2023", day(2023, 7, 20)),
        ("29 Feb 2024", day(2024, 2, 29)),
        ("today", PartialDate.of_day(TODAY)),
        ("Today", PartialDate.of_day(TODAY)),
        ("오늘", PartialDate.of_day(TODAY)),
        ("yesterday", day(2026, 2, 28)),
        ("어제", day(2026, 2, 28)),
        ("  2023-07-20\t", day(2023, 7, 20)),
        ("1800", PartialDate.of_year(1800)),
        ("2200-12-31", day(2200, 12, 31)),
    ],
)
def test_parse_date_accepts_each_documented_form(text: str, expected: PartialDate) -> None:
    """Every documented form parses to the date it names, at the precision it was written with."""
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2027", Precision.YEAR),
        ("2027년", Precision.YEAR),
        ("2026Q2", Precision.QUARTER),
        ("2023-07", Precision.MONTH),
        ("July 2023", Precision.MONTH),
        ("2023년 7월", Precision.MONTH),
        ("2023-07-20", Precision.DAY),
        ("20 Jul 2023", Precision.DAY),
    ],
)
def test_parse_date_keeps_the_precision_given(text: str, precision: Precision) -> None:
    """A month stays a month and a year stays a year: nothing is filled in from today."""
    parsed = parse_date(text, today=dt.date(2031, 11, 25))
    assert parsed.precision is precision
    assert parsed.day is None or precision is Precision.DAY


def test_yesterday_crosses_a_leap_day() -> None:
    """`yesterday` is computed from the given today, across month ends and leap days."""
    assert parse_date("yesterday", today=dt.date(2024, 3, 1)) == day(2024, 2, 29)
    assert parse_date("어제", today=dt.date(2024, 1, 1)) == day(2023, 12, 31)


def test_parse_date_normalises_decomposed_hangul() -> None:
    """Hangul pasted in NFD (as macOS does) parses like its NFC form."""
    decomposed = unicodedata.normalize("NFD", "2023년 7월 20일")
    assert decomposed != "2023년 7월 20일"
    assert parse_date(decomposed, today=TODAY) == day(2023, 7, 20)


def test_parse_date_accepts_full_width_digits() -> None:
    """Full-width digits from Korean input methods read as ASCII digits."""
    assert parse_date("２０２３년 ７월", today=TODAY) == PartialDate.of_month(2023, 7)


# ---------------------------------------------------------------------------------------------------
# parse_date: refusals


def test_ambiguous_slash_date_message() -> None:
    """A day/month-ambiguous date is refused with the ISO spelling to use and the accepted forms."""
    with pytest.raises(InputError) as error:
        parse_date("07/08/2023", today=TODAY)
    assert str(error.value) == (
        "invalid date '07/08/2023': day/month order is ambiguous — write 2023-07-08 (accepted: 2027, "
        "2024년 말, 2024년 상반기, 2024-H2, 2026Q2, 2023-07, '24년 3월, 2023-07-20, 2023.07.20, 24.3.5, "
        "2023년 7월 20일, July 2023, today)"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("07/08/2023", "day/month order is ambiguous — write 2023-07-08"),
        ("7/8/23", "day/month order is ambiguous — write 2023-07-08"),
        ("07.08.2023", "day/month order is ambiguous — write 2023-07-08"),
        ("20/07/2023", "the year must come first — write 2023-07-20"),
        ("07/20/2023", "the year must come first — write 2023-07-20"),
        ("02/30/2023", "the year must come first — write the date as YYYY-MM-DD"),
        ("13/13/2023", "the year must come first — write the date as YYYY-MM-DD"),
        ("00/05/2023", "day/month order is ambiguous — write the date as YYYY-MM-DD"),
        ("2023-02-30", "February 2023 has no day 30"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("1900-02-29", "February 1900 has no day 29"),
        ("2023년 2월 29일", "February 2023 has no day 29"),
        ("2023-04-31", "April 2023 has no day 31"),
        ("2023-07-00", "July 2023 has no day 0"),
        ("31 Feb 2023", "February 2023 has no day 31"),
        ("Feb 30, 2024", "February 2024 has no day 30"),
        ("2023-13", "month 13 does not exist"),
        ("2023-00", "month 0 does not exist"),
        ("2023.13.01", "month 13 does not exist"),
        ("2023년 13월", "month 13 does not exist"),
        ("2026Q5", "quarter 5 does not exist"),
        ("2026Q0", "quarter 0 does not exist"),
        ("2026년 5분기", "quarter 5 does not exist"),
        ("1799", "year 1799 is outside 1800..2200"),
        ("2201-01-01", "year 2201 is outside 1800..2200"),
        ("June 2500", "year 2500 is outside 1800..2200"),
        ("garbage", "not a date"),
        ("2023-07-20T10:00", "pohang keeps dates, not times of day — write 2023-07-20"),
        ("23-07-20", "a two-digit year is ambiguous — write the full date as YYYY-MM-DD"),
        ("20/7/23", "a two-digit year is ambiguous"),
        ("next week", "not a date"),
        ("Q3 2027", "not a date"),
        ("2027년 3월 in", "not a date"),
        ("Julember 2023", "not a date"),
        ("2023-07-20 2023-07-21", "not a date"),
    ],
)
def test_parse_date_refuses_with_reason_and_accepted_forms(text: str, reason: str) -> None:
    """A refused date names the bad text, says what is wrong and lists the accepted forms."""
    with pytest.raises(InputError) as error:
        parse_date(text, today=TODAY)
    message = str(error.value)
    assert message.startswith(f"invalid date '{text}': {reason}")
    assert "(accepted: 2027, 2024년 말, 2024년 상반기, 2024-H2, 2026Q2, 2023-07, '24년 3월, 2023-07-20" in message


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_parse_date_refuses_empty_text(text: str) -> None:
    """An empty or blank date is refused, not read as today."""
    with pytest.raises(InputError, match="the date is empty"):
        parse_date(text, today=TODAY)


@given(st.text(max_size=30))
def test_parse_date_fails_only_with_input_error(text: str) -> None:
    """Any text either parses to a date within 1800..2200 or raises InputError, never another error."""
    try:
        parsed = parse_date(text, today=TODAY)
    except InputError:
        return
    assert 1800 <= parsed.year <= 2200
    assert parsed.start() <= parsed.end()


# ---------------------------------------------------------------------------------------------------
# parse_iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027", PartialDate.of_year(2027)),
        ("2026-Q2", PartialDate.of_quarter(2026, 2)),
        ("2023-07", PartialDate.of_month(2023, 7)),
        ("2023-07-20", day(2023, 7, 20)),
        ("2024-02-29", day(2024, 2, 29)),
    ],
)
def test_parse_iso_reads_the_four_stored_forms(text: str, expected: PartialDate) -> None:
    """parse_iso reads exactly the four forms that PartialDate.iso() writes."""
    assert parse_iso(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 2027",
        "2027 ",
        "2023-7",
        "2023-07-2",
        "2026Q2",
        "2026-q2",
        "2026-Q5",
        "2023-13",
        "2023-02-29",
        "2023.07.20",
        "2023/07/20",
        "July 2023",
        "today",
        "1799",
        "2201-01",
        "0000",
        "20230720",
    ],
)
def test_parse_iso_refuses_everything_else(text: str) -> None:
    """Anything but a valid ISO form at a stored precision is refused, naming the text."""
    with pytest.raises(InputError) as error:
        parse_iso(text)
    assert f"invalid ISO date {text!r}" in str(error.value)


@given(partial_dates)
def test_parse_iso_round_trips_iso(date: PartialDate) -> None:
    """Reading back what iso() wrote gives the same date at the same precision."""
    assert parse_iso(date.iso()) == date


@given(partial_dates)
def test_parse_date_round_trips_iso(date: PartialDate) -> None:
    """What the program prints is accepted as input and means the same date."""
    assert parse_date(date.iso(), today=TODAY) == date


# ---------------------------------------------------------------------------------------------------
# Periods


@pytest.mark.parametrize(
    ("date", "month_index", "start", "end"),
    [
        (PartialDate.of_year(2026), 12 * 2026 + 12, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (PartialDate.of_quarter(2026, 1), 12 * 2026 + 3, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (PartialDate.of_quarter(2026, 2), 12 * 2026 + 6, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (PartialDate.of_quarter(2026, 4), 12 * 2026 + 12, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (PartialDate.of_month(2026, 5), 12 * 2026 + 5, dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
        (PartialDate.of_month(2024, 2), 12 * 2024 + 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (PartialDate.of_month(2023, 2), 12 * 2023 + 2, dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        (PartialDate.of_month(2000, 2), 12 * 2000 + 2, dt.date(2000, 2, 1), dt.date(2000, 2, 29)),
        (PartialDate.of_month(1900, 2), 12 * 1900 + 2, dt.date(1900, 2, 1), dt.date(1900, 2, 28)),
        (day(2024, 2, 29), 12 * 2024 + 2, dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
        (day(2023, 7, 20), 12 * 2023 + 7, dt.date(2023, 7, 20), dt.date(2023, 7, 20)),
    ],
)
def test_period_month_index_start_and_end(date: PartialDate, month_index: int, start: dt.date, end: dt.date) -> None:
    """A year reads as December, a quarter as its last month; start and end bound the whole period."""
    assert date.month_index() == month_index
    assert date.start() == start
    assert date.end() == end


def test_parsed_leap_month_ends_on_the_29th() -> None:
    """A parsed month of a leap February ends on the 29th, not the 28th."""
    assert parse_date("2024-02", today=TODAY).end() == dt.date(2024, 2, 29)
    assert parse_date("2024년 2월", today=TODAY).end() == dt.date(2024, 2, 29)


@given(partial_dates)
def test_period_contains_its_start_and_end(date: PartialDate) -> None:
    """Every period starts no later than it ends, and both lie in its month_index's month or before."""
    assert date.start() <= date.end()
    assert 12 * date.end().year + date.end().month == date.month_index()


# ---------------------------------------------------------------------------------------------------
# Import cost


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint('\\n'.join(sys.modules))"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_importing_dates_does_not_import_dateutil() -> None:
    """Importing pohang_cli.dates, and parsing numeric dates, leaves dateutil unimported."""
    modules = _modules_after(
        "import datetime\nimport pohang_cli.dates as d\nd.parse_date('2023-07-20', today=datetime.date(2026, 1, 1))"
    )
    assert "pohang_cli.dates" in modules
    assert not any(name == "dateutil" or name.startswith("dateutil.") for name in modules)


def test_english_dates_import_dateutil_on_demand() -> None:
    """Parsing an English month name is the one path that imports dateutil."""
    modules = _modules_after(
        "import datetime\nimport pohang_cli.dates as d\nd.parse_date('July 2023', today=datetime.date(2026, 1, 1))"
    )
    assert "dateutil.parser" in modules


@given(partial_dates, partial_dates, st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_rank_orders_dates_as_sort_key_does(first: PartialDate, second: PartialDate, day_: dt.date) -> None:
    """Ranks compare as sort keys do, and a rank below a day's means the period ended before that day."""
    assert (first.rank() < second.rank()) == (first.sort_key() < second.sort_key())
    assert (first.rank() == second.rank()) == (first.sort_key() == second.sort_key())
    assert (first.rank() < rank_of_day(day_)) == (first.end() < day_)


def test_ranks_hold_every_day_a_date_may_name() -> None:
    """A period's start fits below its end in a rank for every year a date may have."""
    assert dt.date(MAX_YEAR, 12, 31).toordinal() < 1 << RANK_SHIFT


# ---------------------------------------------------------------------------------------------------
# Korean forms: halves, year ends, two-digit years, spreadsheet date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024년 상반기", PartialDate.of_half(2024, 1)),
        ("2024년 하반기", PartialDate.of_half(2024, 2)),
        ("2024 하반기", PartialDate.of_half(2024, 2)),
        ("2024상반기", PartialDate.of_half(2024, 1)),
        ("2024-H1", PartialDate.of_half(2024, 1)),
        ("2024H2", PartialDate.of_half(2024, 2)),
        ("2024 h2", PartialDate.of_half(2024, 2)),
        ("2024년 말", PartialDate.of_year(2024)),
        ("2024년말", PartialDate.of_year(2024)),
        ("2024 연말", PartialDate.of_year(2024)),
        ("'24년 3월", PartialDate.of_month(2024, 3)),
        ("’24년 3월", PartialDate.of_month(2024, 3)),
        ("24년 3월", PartialDate.of_month(2024, 3)),
        ("24년", PartialDate.of_year(2024)),
        ("'24", PartialDate.of_year(2024)),
        ("'24년 하반기", PartialDate.of_half(2024, 2)),
        ("'98년", PartialDate.of_year(1998)),
        ("24.3.5", day(2024, 3, 5)),
        ("24. 3. 5.", day(2024, 3, 5)),
        ("'24.3.5", day(2024, 3, 5)),
        ("23.07.20", day(2023, 7, 20)),
        ("2024-03-01 00:00:00", day(2024, 3, 1)),
        ("2024-03-01T00:00", day(2024, 3, 1)),
        ("2024-03-01 00:00:00.000", day(2024, 3, 1)),
    ],
)
def test_korean_and_spreadsheet_forms(text: str, expected: PartialDate) -> None:
    """Each form of the issue reads as the date at its precision."""
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-H3", "half 3 does not exist, halves are H1 and H2"),
        ("2024-H0", "half 0 does not exist"),
        ("2024-03-01 13:45:00", "pohang keeps dates, not times of day — write 2024-03-01"),
        ("2024-02-30 00:00:00", "February 2024 has no day 30"),
        ("24.2.30", "February 2024 has no day 30"),
        ("24.13.1", "month 13 does not exist"),
        ("24-3-5", "not a date"),
        ("2024년 중반기", "not a date"),
    ],
)
def test_korean_forms_refused_with_reason_and_the_accepted_forms(text: str, reason: str) -> None:
    """A refusal names the text, the reason, and lists the new forms among the accepted ones."""
    with pytest.raises(InputError) as error:
        parse_date(text, today=TODAY)
    message = str(error.value)
    assert message.startswith(f"invalid date '{text}': {reason}")
    assert "2024년 상반기, 2024-H2" in message
    assert "'24년 3월" in message
    assert "24.3.5" in message


def test_a_half_year_spans_six_months_and_ends_on_its_last_day() -> None:
    """H1 is January-June, H2 July-December; month indices end in June and December (methodology §2)."""
    first, second = PartialDate.of_half(2024, 1), PartialDate.of_half(2024, 2)
    assert (first.start(), first.end()) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert (second.start(), second.end()) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert (first.month_index(), second.month_index()) == (12 * 2024 + 6, 12 * 2024 + 12)
    assert (first.precision, first.half, first.quarter) == (Precision.HALF, 1, None)
    assert (first.iso(), second.iso()) == ("2024-H1", "2024-H2")
    ordered = sorted([PartialDate.of_year(2024), second, PartialDate.of_quarter(2024, 2), first], key=PartialDate.rank)
    assert [date.iso() for date in ordered] == ["2024-H1", "2024-Q2", "2024", "2024-H2"]


@given(years, st.integers(min_value=1, max_value=2))
def test_half_years_round_trip_through_iso_and_the_korean_form(year: int, half: int) -> None:
    """`YYYY-Hn` and `YYYY년 상/하반기` read back as the same half-year."""
    date = PartialDate.of_half(year, half)
    assert parse_iso(date.iso()) == date
    assert parse_date(date.iso(), today=TODAY) == date
    assert parse_date(f"{year}년 {'상' if half == 1 else '하'}반기", today=TODAY) == date


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=1, max_value=12), st.integers(1, 28))
def test_two_digit_years_follow_the_posix_pivot(short: int, month: int, day_of_month: int) -> None:
    """`YY.M.D` and `'YY년 M월` read 00-68 as 20YY and 69-99 as 19YY, like strptime's %y."""
    year = 2000 + short if short < 69 else 1900 + short
    assert parse_date(f"{short:02d}.{month}.{day_of_month}", today=TODAY) == day(year, month, day_of_month)
    assert parse_date(f"'{short:02d}년 {month}월", today=TODAY) == PartialDate.of_month(year, month)


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)), st.times())
def test_a_spreadsheet_date_at_midnight_is_the_day(when: dt.date, time: dt.time) -> None:
    """`YYYY-MM-DD 00:00:00` (what Excel's date cells become as text) is the day; another time is refused."""
    text = f"{when.isoformat()} {time.isoformat()}"
    if time == dt.time(0, 0):
        assert parse_date(text, today=TODAY) == PartialDate.of_day(when)
    else:
        with pytest.raises(InputError, match="pohang keeps dates, not times of day"):
            parse_date(text, today=TODAY)
