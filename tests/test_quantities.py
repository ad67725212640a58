"""Tests for pohang_cli.quantities: reading typed values and showing them in Korean and English tables."""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pohang_cli.errors import InputError
from pohang_cli.quantities import (
    ParsedValue,
    UnitWord,
    format_number,
    format_value,
    is_plain_number,
    normalize_unit,
    parse_unit,
    parse_value,
    parse_value_in,
    unit_label,
)

UNITS = [None, "KRW", "t", "companies", "jobs", "beds", "%", "MW", "rank", "기", "개소", "stations"]


# ---------------------------------------------------------------------------------------------------
# parse_value: accepted forms


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # plain numbers
        ("1234", 1234, None),
        ("1,234.5", 1234.5, None),
        ("1,234,567", 1234567, None),
        ("1_234", 1234, None),
        ("-3", -3, None),
        ("+7", 7, None),
        ("0.25", 0.25, None),
        (".5", 0.5, None),
        ("1.5e12", 1.5e12, None),
        ("1.5E-3", 1.5e-3, None),
        ("  42  ", 42, None),
        ("-0", 0, None),
        # Korean myriads
        ("14조", 14e12, None),
        ("1조 6908억", 1.6908e12, None),
        ("1조6,908억", 1.6908e12, None),
        ("1354억", 1354e8, None),
        ("15만", 15e4, None),
        ("68만6000", 686_000, None),
        ("68만 6,000", 686_000, None),
        ("68만 6천", 686_000, None),
        ("5천", 5000, None),
        ("5천만", 5e7, None),
        ("3천5백만", 3.5e7, None),
        ("천만", 1e7, None),
        ("577억 5천만", 577.5e8, None),
        ("1.5조", 1.5e12, None),
        ("1조 6908억 5000만 1234", 1_690_850_001_234, None),
        ("-1조 6,908억", -1.6908e12, None),
        ("２０억", 20e8, None),
        # Korean unit words
        ("14조 원", 14e12, "KRW"),
        ("14조원", 14e12, "KRW"),
        ("1,354억 원", 1354e8, "KRW"),
        ("3,500만 원", 3.5e7, "KRW"),
        ("100만 t", 1e6, "t"),
        ("100만톤", 1e6, "t"),
        ("68만 6,000 t", 686_000, "t"),
        ("70개", 70, "개"),
        ("70개사", 70, "companies"),
        ("1만 5,000명", 15_000, "jobs"),
        ("900병상", 900, "beds"),
        ("120 MW", 120, "MW"),
        ("120MW", 120, "MW"),
        ("45%", 45, "%"),
        ("45 %", 45, "%"),
        ("1.5e+20 원", 1.5e20, "KRW"),
        # English scales and currency prefixes
        ("2.5k", 2500, None),
        ("2.5K", 2500, None),
        ("3M", 3e6, None),
        ("3 mn", 3e6, None),
        ("1.2B", 1.2e9, None),
        ("1.2 bn", 1.2e9, None),
        ("14T", 14e12, None),
        ("14 tn", 14e12, None),
        ("5 thousand", 5000, None),
        ("5 million", 5e6, None),
        ("2 Billion", 2e9, None),
        ("1.1 trillion", 1.1e12, None),
        ("KRW 14.0 tn", 14e12, "KRW"),
        ("KRW 135.4 bn", 135.4e9, "KRW"),
        ("krw 5", 5, "KRW"),
        ("₩5M", 5e6, "KRW"),
        ("₩ 1,000", 1000, "KRW"),
        ("-KRW 1.69 tn", -1.69e12, "KRW"),
        ("KRW -3", -3, "KRW"),
        ("1.0 M t", 1e6, "t"),
        ("686.0 k t", 686_000, "t"),
        ("15,000 jobs", 15_000, "jobs"),
        ("1 company", 1, "companies"),
        # units not known to the program are kept as typed
        ("3 rank", 3, "rank"),
        ("5kg", 5, "kg"),
        ("12 CO2e", 12, "CO2e"),
        ("7 mW", 7, "mW"),
    ],
)
def test_parse_value_accepts_each_documented_form(text: str, value: float, unit: str | None) -> None:
    """Every documented form parses to its exact number and unit code."""
    assert parse_value(text) == ParsedValue(float(value), unit)


def test_parse_value_normalises_decomposed_hangul() -> None:
    """Korean units pasted in NFD parse like their NFC form."""
    assert parse_value(unicodedata.normalize("NFD", "1조 6908억 원")) == ParsedValue(1.6908e12, "KRW")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_value_reads_integers_exactly(number: int) -> None:
    """Integers written plainly, with commas or with underscores parse to exactly that number."""
    assert parse_value(str(number)).value == number
    assert parse_value(f"{number:,}").value == number
    assert parse_value(f"{number:_}").value == number


# ---------------------------------------------------------------------------------------------------
# parse_value: refusals


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the value is empty"),
        ("   ", "the value is empty"),
        ("nan", "it is not a number"),
        ("NaN", "it is not a number"),
        ("inf", "it is not a number"),
        ("-inf", "it is not a number"),
        ("Infinity", "it is not a number"),
        ("1e400", "the number is too large"),
        ("-1e400", "the number is too large"),
        ("1e999999999", "the number is too large"),
        ("1e-400", "the number is too small to store"),
        ("abc", "it is not a number"),
        ("KRW", "it is not a number"),
        ("원", "it is not a number"),
        ("만 원", "it is not a number"),
        ("--3", "it has two signs"),
        ("-KRW -3", "it has two signs"),
        ("5억 3조", "조 comes after 억, but 조, 억 and 만 must descend"),
        ("1만 1억", "억 comes after 만, but 조, 억 and 만 must descend"),
        ("5억 5억", "억 comes after 억, but 조, 억 and 만 must descend"),
        ("3백2천", "천 comes after 백, but 천, 백 and 십 must descend"),
        ("5억 30000만", "the part after 억 is 1만 or more"),
        ("68만 60000", "the part after 만 is 1만 or more"),
        ("5천 5000", "the part after 천 is too large"),
        ("1,23", "',23' after the number is neither a number nor a unit"),
        ("1.2.3", "'.3' after the number is neither a number nor a unit"),
        ("5 3", "'3' after the number is neither a number nor a unit"),
        ("1__000", "'__000' after the number is neither a number nor a unit"),
        ("5k2", "'2' after the number is neither a number nor a unit"),
        ("₩5 t", "it is in KRW and in 't'"),
        ("KRW 5 jobs", "it is in KRW and in 'jobs'"),
    ],
)
def test_parse_value_refuses_with_reason_and_examples(text: str, reason: str) -> None:
    """A refused value names the bad text, says what is wrong and lists accepted forms."""
    with pytest.raises(InputError) as error:
        parse_value(text)
    message = str(error.value)
    assert message.startswith(f"invalid value '{text.strip()}': {reason}")
    assert "(accepted: 1234, 1,234.5, -3, 1.5e12, 14조" in message


@given(st.text(max_size=30))
def test_parse_value_fails_only_with_input_error(text: str) -> None:
    """Any text either parses to a finite number or raises InputError, never another error."""
    try:
        parsed = parse_value(text)
    except InputError:
        return
    assert math.isfinite(parsed.value)


# ---------------------------------------------------------------------------------------------------
# format_value


@pytest.mark.parametrize(
    ("value", "unit", "korean", "english"),
    [
        (14e12, "KRW", "14조 원", "KRW 14.0 tn"),
        (1.6908e12, "KRW", "1조 6,908억 원", "KRW 1.69 tn"),
        (1354e8, "KRW", "1,354억 원", "KRW 135.4 bn"),
        (416e8, "KRW", "416억 원", "KRW 41.6 bn"),
        (577.5e8, "KRW", "577억 5,000만 원", "KRW 57.8 bn"),
        (3.5e7, "KRW", "3,500만 원", "KRW 35.0 M"),
        (500_000, "KRW", "50만 원", "KRW 500,000"),
        (999.96e9, "KRW", "9,999억 6,000만 원", "KRW 1.0 tn"),
        (1e6, "t", "100만 t", "1.0 M t"),
        (686_000, "t", "68만 6,000 t", "686,000 t"),
        (15e4, "t", "15만 t", "150,000 t"),
        (70, "companies", "70개사", "70 companies"),
        (1, "companies", "1개사", "1 company"),
        (15_000, "jobs", "1만 5,000명", "15,000 jobs"),
        (1, "jobs", "1명", "1 job"),
        (900, "beds", "900병상", "900 beds"),
        (45, "%", "45%", "45%"),
        (12.5, "%", "12.5%", "12.5%"),
        (120, "MW", "120 MW", "120 MW"),
        (3, "rank", "3위", "3 rank"),
        (3, "stations", "3 stations", "3 stations"),
        (1234, None, "1,234", "1,234"),
        (12.345, None, "12.35", "12.35"),
        (2.5, None, "2.5", "2.5"),
        (0.012345, None, "0.0123", "0.0123"),
        (0, "KRW", "0 원", "KRW 0"),
        (-0.0, None, "0", "0"),
        (-1.6908e12, "KRW", "-1조 6,908억 원", "-KRW 1.69 tn"),
        (-45, "%", "-45%", "-45%"),
        (-70, "companies", "-70개사", "-70 companies"),
        (1.5e20, "KRW", "1.5e+20 원", "KRW 1.5e+20"),
        (1e16, "t", "1e+16 t", "1e+16 t"),
        (1e-5, None, "1e-5", "1e-5"),
        (123_456.789, None, "12만 3,457", "123,456.79"),
        (9_999.999, None, "10,000", "10,000"),
    ],
)
def test_format_value_in_korean_and_english(value: float, unit: str | None, korean: str, english: str) -> None:
    """Korean tables use myriads as policy documents do; English tables use compact scales."""
    assert format_value(value, unit, "ko") == korean
    assert format_value(value, unit, "en") == english


def test_format_value_accepts_integers() -> None:
    """An int where a float is expected formats like the equal float."""
    assert format_value(686_000, "t", "ko") == format_value(686_000.0, "t", "ko")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_format_value_refuses_non_finite_numbers(value: float) -> None:
    """NaN and infinities are never stored, so showing one is a programming error."""
    with pytest.raises(ValueError, match="only finite numbers"):
        format_value(value, "KRW", "ko")


def test_format_value_refuses_unknown_language() -> None:
    """Only ko and en tables exist."""
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        format_value(1, None, "fr")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1234567, "1,234,567"),
        (1234567.891, "1,234,567.89"),
        (-2.5, "-2.5"),
        (0.5, "0.5"),
        (0.001234, "0.00123"),
        (1.5e20, "1.5e+20"),
        (2e-4, "2e-4"),
    ],
)
def test_format_number_groups_thousands(value: float, text: str) -> None:
    """format_number writes plain grouped numbers, with scientific notation only at the extremes."""
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("unit", "korean", "english"),
    [
        ("KRW", "원", "KRW"),
        ("t", "t", "t"),
        ("companies", "개사", "companies"),
        ("jobs", "명", "jobs"),
        ("beds", "병상", "beds"),
        ("%", "%", "%"),
        ("MW", "MW", "MW"),
        ("rank", "위", "rank"),
        ("stations", "stations", "stations"),
        ("용량 [mw]", "용량 [mw]", "용량 [mw]"),
        (None, "", ""),
    ],
)
def test_unit_label(unit: str | None, korean: str, english: str) -> None:
    """Known units get their Korean labels; other units are shown as typed."""
    assert unit_label(unit, "ko") == korean
    assert unit_label(unit, "en") == english


# ---------------------------------------------------------------------------------------------------
# The round trip


@given(
    value=st.floats(allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(UNITS),
    lang=st.sampled_from(["ko", "en"]),
)
@example(value=1.0049999999999999, unit=None, lang="ko")
@example(value=0.0010049999, unit="%", lang="en")
@example(value=1.7976931348623157e308, unit="KRW", lang="ko")
@example(value=5e-324, unit="t", lang="en")
@example(value=9_999_999_999_999_998.0, unit="KRW", lang="ko")
@example(value=999_999_999_999.9, unit="KRW", lang="en")
@example(value=-0.0, unit="rank", lang="en")
def test_what_a_table_shows_parses_back_within_half_a_percent(value: float, unit: str | None, lang: str) -> None:
    """parse_value(format_value(v)) is within 0.5 % of v, exactly 0 for 0, and keeps the unit."""
    shown = format_value(value, unit, lang)
    parsed = parse_value(shown)
    if value == 0:
        assert parsed.value == 0
    else:
        assert abs(parsed.value - value) <= 0.005 * abs(value), shown
    assert parsed.unit == unit, shown


# ---------------------------------------------------------------------------------------------------
# Korean unit words, the minus sign U+2212, counters


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,200명", 1200, "jobs"),
        ("1200 명", 1200, "jobs"),
        ("350억원", 350e8, "KRW"),
        ("350 억원", 350e8, "KRW"),
        ("3조원", 3e12, "KRW"),
        ("3조 원", 3e12, "KRW"),
        ("5만 톤", 5e4, "t"),
        ("70개사", 70, "companies"),
        ("12개", 12, "개"),
        ("120 MW", 120, "MW"),
        ("120메가와트", 120, "MW"),
        ("6기", 6, "기"),
        ("−3조", -3e12, None),
        ("−1,200명", -1200, "jobs"),
        ("－5", -5, None),
        ("- 3", -3, None),
    ],
)
def test_korean_unit_words_and_minus_signs(text: str, value: float, unit: str | None) -> None:
    """Unit words read as the stored unit; U+2212 and the full-width hyphen-minus are minus signs."""
    assert parse_value(text) == ParsedValue(value, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("명", UnitWord("jobs")),
        ("원", UnitWord("KRW")),
        ("억원", UnitWord("KRW", 8)),
        ("억 원", UnitWord("KRW", 8)),
        ("조원", UnitWord("KRW", 12)),
        ("백만원", UnitWord("KRW", 6)),
        ("톤", UnitWord("t")),
        ("개사", UnitWord("companies")),
        ("개", UnitWord("개")),
        ("MW", UnitWord("MW")),
        ("메가와트", UnitWord("MW")),
        ("KRW", UnitWord("KRW")),
        ("jobs", UnitWord("jobs")),
        ("기", UnitWord("기")),
        (" stations ", UnitWord("stations")),
    ],
)
def test_parse_unit_normalises_unit_words(text: str, expected: UnitWord) -> None:
    """`--unit` words are stored as the unit codes the values use."""
    assert parse_unit(text) == expected
    assert normalize_unit(text) == expected.code


def test_a_bare_number_counts_in_the_scale_of_its_unit_word() -> None:
    """350 in an 억원 column is 350억 원; values written with their own scale are read as written."""
    eok = parse_unit("억원")
    assert parse_value_in("350", eok) == ParsedValue(350e8, "KRW")
    assert parse_value_in("0.1", eok) == ParsedValue(1e7, "KRW")
    assert parse_value_in("−1.5", parse_unit("조원")) == ParsedValue(-1.5e12, "KRW")
    assert parse_value_in("350억", eok) == ParsedValue(350e8, None)
    assert parse_value_in("350", parse_unit("명")) == ParsedValue(350, None)


@pytest.mark.parametrize(
    ("value", "unit", "korean"),
    [(6, "기", "6기"), (12, "개소", "12개소"), (35e9, "KRW", "350억 원"), (5, "stations", "5 stations")],
)
def test_korean_counters_stay_attached(value: float, unit: str, korean: str) -> None:
    """A Hangul counter is written against the number, 원 after a space."""
    assert format_value(value, unit, "ko") == korean


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["\u2212", "-", "\uff0d"]))
def test_every_minus_sign_negates(number: int, minus: str) -> None:
    """Any of the three minus signs before a number gives its negative."""
    text = f"{minus}{abs(number)}"
    assert parse_value(text).value == -abs(number)
    assert is_plain_number(text)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.sampled_from(list(range(0, 13))))
def test_a_plain_number_in_a_scaled_unit_is_scaled_exactly(number: float, exponent: int) -> None:
    """parse_value_in multiplies a plain number by 10**exponent as decimal arithmetic does."""
    text = repr(number)
    parsed = parse_value_in(text, UnitWord("KRW", exponent))
    assert parsed.value == float(Decimal(text).scaleb(exponent))
    assert parsed.unit == ("KRW" if exponent else None)
