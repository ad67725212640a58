"""Reading values as people type them: the only place where typed text becomes a number."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.quantities.units import UnitWord, known_unit
from pohang_cli.text import escaped, text_problem
from pohang_cli.values import FrozenValue

ACCEPTED_VALUE_FORMS = (
    "1234, 1,234.5, -3, 1.5e12, 14조, −3조, 3조원, 1조 6908억 원, 68만 6천 t, 1,200명, 70개사, 120 MW, 2.5M, "
    "KRW 135.4 bn, 45%"
)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ParsedValue(FrozenValue):
    """A number as typed, with the unit written after (or before) it, if any."""

    value: float
    unit: str | None


def is_plain_number(text: str) -> bool:
    """Whether `text` is a number alone: no myriad, scale or unit word (`350`, `-1,234.5`)."""
    s = unicodedata.normalize("NFC", text).strip().translate(_MINUS_SIGNS).translate(_FULL_WIDTH_DIGITS)
    return bool(_PLAIN.fullmatch(s))


# Parsing

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# HWP and Excel write the minus sign U+2212 (and Korean input methods a full-width hyphen-minus).
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\uff0d": "-"})

_HEAD = re.compile(r"(?P<sign>[+-]?)\s*(?P<currency>(?i:krw)|₩)?\s*(?P<sign_after>[+-]?)\s*")
# Commas only in groups of three (`1,234`), underscores only between digits (`1_234`), as Python writes them.
_NUMBER = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
    r"|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
)
# `T` is upper case only: a lower-case `t` after a number is tonnes. The lookahead keeps `5kg` a unit.
_SCALE = re.compile(r"\s*(?P<word>[kKMBT]|(?i:thousand|million|billion|trillion|mn|bn|tn))(?![A-Za-z])")
_SCALE_EXPONENTS = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "t": 12,
    "tn": 12,
    "trillion": 12,
}
_PLAIN = re.compile(
    r"[+-]?\s*(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[+-]?\.[0-9]+"
)
_MYRIADS = {"조": 12, "억": 8, "만": 4}
_SMALL_UNITS = {"천": 3, "백": 2, "십": 1}
_MYRIAD = Decimal(10_000)
_SPACES = re.compile(r"\s*")


def parse_value(text: str) -> ParsedValue:
    """Read a value as people type it in Korean or English documents.

    Accepted: plain numbers (`1234`, `1,234.5`, `1_234`, `-3`, `−3` with U+2212, `+7`, `1.5e12`); Korean
    myriads in descending order with 천/백/십 inside a group (`14조`, `1조 6908억`, `68만 6천`, `577억 5천만`,
    `1.5조`); English scales (`2.5k`, `3M`, `1.2 bn`, `14 tn`, `5 million`) optionally after `KRW` or `₩`;
    then a unit word (`원` -> KRW, `t`/`톤` -> t, `개`/`개사` -> companies, `명` -> jobs, `병상` -> beds,
    `MW`/`메가와트`, `%`) or any other unit, kept as typed.

    Args:
        text: The value as typed; surrounding whitespace is ignored and the text is NFC-normalised.

    Returns:
        The number and the unit code (None when no unit was written).

    Korean shorthand that people read otherwise than its digits say is questioned, never guessed: a bare
    group directly after 조 or 억 (`1억2천`, `3억5`, `1조 2,000`) counts in the next myriad down in a memo
    (1억 2천만, 3억 5천만, 1조 2,000억), and a lone digit after 만 or 천 (`3만5`, `3천5`) is the next digit
    down (3만 5천, 3천5백). After 만 a group of two or more digits is plain (`68만6000` is 686,000).

    Raises:
        ShorthandQuestion: Korean shorthand read two ways; the message gives the likely reading.
        InputError: The text is empty, not a number, out of order (`5억 3조`), not finite (`nan`, `inf`,
            `1e400`), or names two different units.
    """
    shown = text.strip()
    s = unicodedata.normalize("NFC", shown).translate(_FULL_WIDTH_DIGITS).translate(_MINUS_SIGNS)
    if not s:
        raise _refuse(shown, _("the value is empty"))
    if (problem := text_problem(s)) is not None:
        raise _refuse(shown, problem)
    head = _HEAD.match(s)
    assert head is not None  # every part of the pattern is optional
    if head["sign"] and head["sign_after"]:
        raise _refuse(shown, _("it has two signs"))
    negative = "-" in (head["sign"], head["sign_after"])
    try:
        amount, end = _amount(s, head.end(), shown)
        value = float(amount)
    except ArithmeticError:  # the exponent outgrew even Decimal
        raise _refuse(shown, _("the number is too large")) from None
    except _Shorthand as question:
        raise _question(shown, s, question, negative) from None
    if not math.isfinite(value):
        raise _refuse(shown, _("the number is too large"))
    if value == 0 and amount != 0:
        raise _refuse(shown, _("the number is too small to store"))
    unit = _unit(s[end:].strip(), shown)
    if head["currency"]:
        if unit not in (None, "KRW"):
            raise _refuse(shown, _("it is in KRW and in '{unit}'").format(unit=unit))
        unit = "KRW"
    # -0 is stored as 0 so that "-0" and "0" compare and print alike.
    return ParsedValue(-value if negative and value else value, unit)


def parse_value_in(text: str, unit: UnitWord) -> ParsedValue:
    """A value typed for a unit given as a word: a bare number in an `억원` column counts 억.

    `350` for `억원` is 350억 원; `350억` or `3조원` are read as written. Other units change nothing.

    Raises:
        InputError: as `parse_value`.
    """
    parsed = parse_value(text)
    if unit.exponent and parsed.unit is None and is_plain_number(text):
        return ParsedValue(scale_by(parsed.value, unit.exponent), unit.code)
    return parsed


def scale_by(value: float, exponent: int) -> float:
    """`value` times 10**exponent, in decimal so that 0.1 in 억원 is exactly 1천만 (float gives 10000000.000000002)."""
    return float(Decimal(repr(value)).scaleb(exponent))


class ShorthandQuestion(InputError):
    """Korean shorthand that usage and its digits read differently (`1억2천`): asked, never guessed."""


class _Shorthand(Exception):
    """Where shorthand was found: the group's text span, how usage reads it, and both totals."""

    def __init__(self, span: tuple[int, int], reading: str, meant: Decimal, literal: Decimal) -> None:
        super().__init__(reading)
        self.span, self.reading, self.meant, self.literal = span, reading, meant, literal


def _question(shown: str, s: str, found: _Shorthand, negative: bool) -> ShorthandQuestion:
    sign = -1 if negative else 1
    start, end = found.span
    head, rest = s[:start].strip(), s[end:].strip()
    reading = " ".join(part for part in (head, found.reading, rest) if part)
    return ShorthandQuestion(
        _(
            "'{shown}' reads two ways: did you mean {reading} ({meant})? Write the unit after each part; "
            "for the number as its digits say, write {literal}"
        ).format(shown=shown, reading=reading, meant=_digits(sign * found.meant), literal=_digits(sign * found.literal))
    )


def _digits(amount: Decimal) -> str:
    """`120,000,000`: a Decimal in digits with thousands separators, no exponent and no trailing zeros."""
    return f"{amount.normalize():,f}"


def _refuse(shown: str, reason: str) -> InputError:
    return InputError(
        _("invalid value '{shown}': {reason} (accepted: {forms})").format(
            shown=escaped(shown), reason=reason, forms=ACCEPTED_VALUE_FORMS
        )
    )


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", "").replace("_", ""))


def _skip_spaces(s: str, pos: int) -> int:
    match = _SPACES.match(s, pos)
    return pos if match is None else match.end()


def _amount(s: str, pos: int, shown: str) -> tuple[Decimal, int]:
    """The number starting at `pos` and where it ends; Korean myriads or a number with an English scale."""
    number = _NUMBER.match(s, pos)
    after = _skip_spaces(s, number.end()) if number else pos
    if after < len(s) and (s[after] in _SMALL_UNITS or (number and s[after] in _MYRIADS)):
        return _myriads(s, pos, shown)
    if number is None:
        raise _refuse(shown, _("it is not a number"))
    amount = _decimal(number[0])
    end = number.end()
    if scale := _SCALE.match(s, end):
        exponent = _SCALE_EXPONENTS[scale["word"].casefold()]
        amount = amount.scaleb(exponent)
        end = scale.end()
    return amount, end


def _myriads(s: str, pos: int, shown: str) -> tuple[Decimal, int]:
    """Groups like `1조 6,908억 5천만 1,234`: 조/억/만 descending, each below 1만 after the first."""
    total = Decimal(0)
    previous: str | None = None
    end = pos
    question: tuple[tuple[int, int], str, Decimal] | None = None
    while True:
        start = _skip_spaces(s, end) if previous else end
        group = _group(s, start, shown)
        if group is None:
            break
        coefficient, group_end = group
        unit_at = _skip_spaces(s, group_end)
        unit = s[unit_at] if unit_at < len(s) and s[unit_at] in _MYRIADS else None
        if previous is not None:
            if unit is not None and _MYRIADS[unit] >= _MYRIADS[previous]:
                raise _refuse(
                    shown,
                    _("{unit} comes after {previous}, but 조, 억 and 만 must descend").format(
                        unit=unit, previous=previous
                    ),
                )
            if coefficient >= _MYRIAD:
                raise _refuse(shown, _("the part after {previous} is 1만 or more").format(previous=previous))
        if question is None and (usage := _usage(s[start:group_end].strip(), coefficient, previous, unit)):
            question = ((start, unit_at + 1 if unit else group_end), *usage)
        if unit is None:  # the ones: nothing may follow but the unit word
            total += coefficient
            end = group_end
            break
        total += coefficient.scaleb(_MYRIADS[unit])
        previous = unit
        end = unit_at + 1
    if previous is None and end == pos:
        raise _refuse(shown, _("it is not a number"))
    if question is not None:
        span, reading, difference = question
        raise _Shorthand(span, reading, total + difference, total)
    return total, end


# Usage reads a lone digit as the leading digit of the place below the word before it: 3억5 is 3억 5천만,
# 3만5 is 3만 5천, 3천5 is 3천5백 (as 3.5억, 3.5만 and 3.5천 would be).
_LONE_DIGIT_PLACES = {"조": ("천억", 11), "억": ("천만", 7), "만": ("천", 3)}
# A bare group after 조 or 억 counts in the next myriad down: 1억 2천 is 1억 2천만, 1조 2,000 is 1조 2,000억.
_NEXT_MYRIAD = {"조": "억", "억": "만"}
_LONE_DIGIT = re.compile(r"[0-9]")
_LONE_DIGIT_AFTER_THOUSAND = re.compile(r"(.*천)\s*([1-9])")


def _usage(text: str, coefficient: Decimal, previous: str | None, unit: str | None) -> tuple[str, Decimal] | None:
    """How usage reads the group `text` (worth `coefficient`, followed by the myriad `unit`), where that differs.

    Returns:
        The group as usage means it, written out (`2천만`), and how much more than its digits it is worth;
        None when usage and digits agree. `previous` is the myriad the group before it ended with.
    """
    scale = _MYRIADS[unit] if unit is not None else 0
    reading, meant = text, coefficient
    if lone := _LONE_DIGIT_AFTER_THOUSAND.fullmatch(text):
        digit = Decimal(lone[2])
        reading, meant = f"{lone[1].strip()}{lone[2]}백", coefficient - digit + digit.scaleb(2)
    if unit is None and previous is not None and coefficient:
        if _LONE_DIGIT.fullmatch(text):
            word, exponent = _LONE_DIGIT_PLACES[previous]
            reading, meant = f"{text}{word}", coefficient.scaleb(exponent)
        elif previous in _NEXT_MYRIAD:
            reading, scale = reading + _NEXT_MYRIAD[previous], _MYRIADS[_NEXT_MYRIAD[previous]]
    if reading == text:
        return None
    if unit is not None:
        reading += unit
    return reading, meant.scaleb(scale) - coefficient.scaleb(_MYRIADS[unit] if unit else 0)


def _group(s: str, pos: int, shown: str) -> tuple[Decimal, int] | None:
    """A number below a myriad unit: `6908`, `1.5`, `5천`, `3천5백`, `천`; None when none starts at `pos`."""
    total = Decimal(0)
    previous: str | None = None
    end = pos
    found = False
    while True:
        start = _skip_spaces(s, end) if found else end
        number = _NUMBER.match(s, start)
        unit_at = _skip_spaces(s, number.end()) if number else start
        if unit_at < len(s) and s[unit_at] in _SMALL_UNITS:
            unit = s[unit_at]
            if previous is not None and _SMALL_UNITS[unit] >= _SMALL_UNITS[previous]:
                raise _refuse(
                    shown,
                    _("{unit} comes after {previous}, but 천, 백 and 십 must descend").format(
                        unit=unit, previous=previous
                    ),
                )
            # A bare 천 means one thousand, as in 천만 원.
            total += (_decimal(number[0]) if number else Decimal(1)).scaleb(_SMALL_UNITS[unit])
            previous, end, found = unit, unit_at + 1, True
            continue
        if number is not None:
            ones = _decimal(number[0])
            if previous is not None and ones >= Decimal(10) ** _SMALL_UNITS[previous]:
                raise _refuse(shown, _("the part after {previous} is too large").format(previous=previous))
            total += ones
            end, found = number.end(), True
        return (total, end) if found else None


def _unit(rest: str, shown: str) -> str | None:
    if not rest:
        return None
    known = known_unit(rest)
    if known is not None:
        return known
    # What follows a number is a unit only if it cannot be the leftover of a malformed number.
    if rest[0] in "0123456789.,_+-" or rest[0] in _MYRIADS or rest[0] in _SMALL_UNITS:
        raise _refuse(shown, _("'{rest}' after the number is neither a number nor a unit").format(rest=rest))
    return rest
