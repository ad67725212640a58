"""Issue point 2: Korean shorthand that people read otherwise than its digits is questioned, never guessed.

Every value pohang prints in Korean, in tables and in what a write echoes, reads back to itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import example, given
from hypothesis import strategies as st

from pohang_cli.errors import InputError
from pohang_cli.quantities import ParsedValue, ShorthandQuestion, format_exact, format_value, parse_value

# (typed, what usage means, its digits, what the digits literally say)
QUESTIONED = [
    ("1억2천", "1억 2천만", "120,000,000", "100,002,000"),
    ("1억 2천", "1억 2천만", "120,000,000", "100,002,000"),
    ("1억 2,000", "1억 2,000만", "120,000,000", "100,002,000"),
    ("3억5", "3억 5천만", "350,000,000", "300,000,005"),
    ("3억 250", "3억 250만", "302,500,000", "300,000,250"),
    ("12억 3천 5백", "12억 3천 5백만", "1,235,000,000", "1,200,003,500"),
    ("1조 2천", "1조 2천억", "1,200,000,000,000", "1,000,000,002,000"),
    ("1조 2,000", "1조 2,000억", "1,200,000,000,000", "1,000,000,002,000"),
    ("1조 5", "1조 5천억", "1,500,000,000,000", "1,000,000,000,005"),
    ("3만5", "3만 5천", "35,000", "30,005"),
    ("10만 5", "10만 5천", "105,000", "100,005"),
    ("1조 5만 3", "1조 5만 3천", "1,000,000,053,000", "1,000,000,050,003"),
    ("3천5", "3천5백", "3,500", "3,005"),
    ("1만 3천5", "1만 3천5백", "13,500", "13,005"),
    ("3천5만 2,000", "3천5백만 2,000", "35,002,000", "30,052,000"),
    ("1억 3천5", "1억 3천5백만", "135,000,000", "100,003,005"),
    ("-1억2천원", "-1억 2천만 원", "-120,000,000", "-100,002,000"),
    ("1억2천 원", "1억 2천만 원", "120,000,000", "100,002,000"),
]


@pytest.mark.parametrize(("typed", "reading", "meant", "literal"), QUESTIONED)
def test_shorthand_is_questioned_with_the_reading_people_mean(
    typed: str, reading: str, meant: str, literal: str
) -> None:
    """A form read two ways is refused, giving the reading usage means with its digits, and the digits' own."""
    with pytest.raises(ShorthandQuestion) as error:
        parse_value(typed)
    assert str(error.value) == (
        f"'{typed}' reads two ways: did you mean {reading} ({meant})? Write the unit after each part; "
        f"for the number as its digits say, write {literal}"
    )
    # Both spellings the message offers read one way.
    assert parse_value(literal).value == float(literal.replace(",", ""))
    assert parse_value(reading).value == float(meant.replace(",", ""))


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("68만6000", 686_000),
        ("68만 6,000", 686_000),
        ("68만 600", 680_600),
        ("68만 60", 680_060),
        ("68만 6천", 686_000),
        ("1조 6,908억 5,000만 1,234", 1_690_850_001_234),
        ("1조 6908억", 1_690_800_000_000),
        ("1억 2천만", 120_000_000),
        ("1억2천만원", 120_000_000),
        ("3억 5천만", 350_000_000),
        ("3억 0", 300_000_000),
        ("2천억", 200_000_000_000),
        ("5천", 5_000),
        ("3천5백", 3_500),
        ("3천 50", 3_050),
        ("1.5억", 150_000_000),
        ("100,002,000", 100_002_000),
        ("천만", 10_000_000),
    ],
)
def test_forms_that_read_one_way_keep_working(typed: str, value: int) -> None:
    """Fully written forms, groups after 만, and digits are read as written."""
    assert parse_value(typed).value == value


def test_a_question_is_an_input_error() -> None:
    """A question exits 2 like any bad value: nothing is written."""
    assert issubclass(ShorthandQuestion, InputError)


def test_the_question_reads_in_korean(cli: Invoke, sample_db: Path) -> None:
    """In Korean the question asks as a memo reader would, and nothing is stored."""
    before = sample_db.read_bytes()
    run = cli("--lang", "ko", "record", "hydrogen.sales", "1억2천", "--date", "2024", "--db", str(sample_db))
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "1억 2천만 (120,000,000)을 뜻했나요? 단위를 붙여 쓰세요" in run.stderr
    assert sample_db.read_bytes() == before


# ---------------------------------------------------------------------------------------------------
# Everything pohang prints in Korean reads back to itself


UNITS = [None, "KRW", "t", "companies", "jobs", "beds", "%", "MW", "rank", "개", "기", "stations"]
UNIT_OF_LABEL = {"원": "KRW", "개사": "companies", "명": "jobs", "병상": "beds", "위": "rank"}

values = st.one_of(
    st.integers(min_value=-(10**17), max_value=10**17).map(float),
    st.floats(min_value=-1e17, max_value=1e17, allow_nan=False, allow_infinity=False),
    st.builds(lambda n, e: float(n * 10**e), st.integers(-9999, 9999), st.integers(0, 12)),
)


@given(values, st.sampled_from(UNITS))
@example(100_002_000.0, "KRW")
@example(10_005.0, None)
@example(300_000_005.0, "KRW")
@example(1_000_000_000_005.0, "t")
@example(1_690_850_001_234.0, "KRW")
def test_what_a_write_echoes_reads_back_exactly(value: float, unit: str | None) -> None:
    """The unrounded form a write echoes parses back to the very value and unit stored, in both languages."""
    for lang in ("ko", "en"):
        shown = format_exact(value, unit, lang)
        assert parse_value(shown) == ParsedValue(value, unit), shown


@given(values, st.sampled_from(UNITS))
@example(10_005.0, None)
@example(100_002_000.0, "KRW")
@example(1_000_000_000_005.0, None)
def test_what_a_korean_table_shows_reads_back_to_itself(value: float, unit: str | None) -> None:
    """A Korean table's rounded value is never shorthand: it parses without a question, to the number it shows."""
    shown = format_value(value, unit, "ko")
    parsed = parse_value(shown)
    assert parsed.unit == unit
    assert parsed.value == pytest.approx(value, rel=0.005, abs=1e-9)


# Myriad strings as a person may type them: groups of digits, 천/백/십 words, 조/억/만, with or without spaces.
small = st.one_of(
    st.integers(1, 9999).map(str),
    st.integers(1, 9999).map(lambda n: f"{n:,}"),
    st.builds(lambda a, b: f"{a}천{b or ''}", st.integers(1, 9), st.integers(0, 999)),
)
myriad_text = st.builds(
    lambda parts, space: space.join(parts),
    st.lists(st.tuples(small, st.sampled_from(["조", "억", "만", ""])), min_size=1, max_size=4).map(
        lambda groups: [g + w for g, w in groups]
    ),
    st.sampled_from(["", " "]),
)


@given(myriad_text)
def test_any_myriad_text_is_read_as_written_or_questioned(text: str) -> None:
    """Typed myriads are read as their digits, refused, or questioned; a question's two readings both parse."""
    try:
        parse_value(text)
    except ShorthandQuestion as question:
        message = str(question)
        assert "did you mean" in message
    except InputError:
        pass
