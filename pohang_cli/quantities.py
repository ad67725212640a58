"""Values with units: the only place where typed text becomes a number, and a number becomes table text.

Korean policy documents count in myriads (`1조 6,908억 원`, `68만 6천 t`); English tables use compact scales
(`KRW 1.69 tn`). Whatever `format_value` shows, `parse_value` reads back within 0.5 % of the stored value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from pohang_cli.errors import InputError
from pohang_cli.i18n import _

ACCEPTED_VALUE_FORMS = (
    "1234, 1,234.5, -3, 1.5e12, 14조, −3조, 3조원, 1조 6908억 원, 68만 6천 t, 1,200명, 70개사, 120 MW, 2.5M, "
    "KRW 135.4 bn, 45%"
)


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A number as typed, with the unit written after (or before) it, if any."""

    value: float
    unit: str | None


# ---------------------------------------------------------------------------------------------------
# Units

# Unit words as typed -> the unit code stored with indicators.
_UNIT_WORDS = {
    "원": "KRW",
    "t": "t",
    "톤": "t",
    "개": "companies",
    "개사": "companies",
    "명": "jobs",
    "병상": "beds",
    "위": "rank",
    "MW": "MW",
    "메가와트": "MW",
    "%": "%",
}
# Unit words with a scale in them, as Korean tables head their columns (`(단위: 억원)`): the unit is KRW,
# and a bare number in such a column counts hundred-millions.
_SCALED_UNIT_WORDS = {
    "천원": ("KRW", 3),
    "만원": ("KRW", 4),
    "백만원": ("KRW", 6),
    "억원": ("KRW", 8),
    "조원": ("KRW", 12),
}
# English words compare case-insensitively; "MW" and "t" do not, because mW and T mean something else.
_UNIT_WORDS_FOLDED = {
    "krw": "KRW",
    "tonnes": "t",
    "company": "companies",
    "companies": "companies",
    "job": "jobs",
    "jobs": "jobs",
    "bed": "beds",
    "beds": "beds",
}
_KOREAN_LABELS = {
    "KRW": "원",
    "t": "t",
    "companies": "개사",
    "jobs": "명",
    "beds": "병상",
    "rank": "위",
    "%": "%",
    "MW": "MW",
}
# Korean writes counters and percent against the number (`70개사`, `6기`, `45%`); 원 and other units after
# a space (`350억 원`, `120 MW`).
_ATTACHED_LABELS = frozenset({"개사", "명", "병상", "위", "%"})
_SPACED_HANGUL_LABELS = frozenset({"원"})
_COUNTED = {"companies": "company", "jobs": "job", "beds": "bed"}
# Units of counts and money: a chart of them starts its value axis at 0 (methodology §7), as a bar of
# them would; a rank, a share or an output level need not.
ZERO_BASED_UNITS = frozenset({"KRW", *_COUNTED})


def unit_label(unit: str | None, lang: str) -> str:
    """The label a table shows for a unit.

    Args:
        unit: The stored unit code (`KRW`, `t`, `companies`, ...) or any unit text; None for a bare number.
        lang: `ko` or `en`.

    Returns:
        In `ko` the Korean label (원, t, 개사, %, MW, 명, 병상), in `en` the code; unknown units as typed;
        the empty string for no unit.

    Raises:
        ValueError: `lang` is neither `ko` nor `en`.
    """
    _check_lang(lang)
    if unit is None:
        return ""
    if lang == "ko":
        return _KOREAN_LABELS.get(unit, unit)
    return unit


@dataclass(frozen=True, slots=True)
class UnitWord:
    """A unit as typed in `--unit`: the unit code stored, and the power of ten a bare number is counted in."""

    code: str
    exponent: int = 0


def parse_unit(text: str) -> UnitWord:
    """The stored unit of a unit word: `명` -> jobs, `톤` -> t, `억원` -> KRW counted in 억, `메가와트` -> MW.

    Args:
        text: The unit as typed; NFC-normalised, surrounding whitespace ignored (the caller refuses an
            empty one).

    Returns:
        The unit code of a known word (KRW, t, companies, jobs, beds, MW, %), any other unit as typed.
    """
    word = unicodedata.normalize("NFC", text).strip()
    compact = "".join(word.split())  # `억 원` as `억원`
    if compact in _SCALED_UNIT_WORDS:
        code, exponent = _SCALED_UNIT_WORDS[compact]
        return UnitWord(code, exponent)
    known = _UNIT_WORDS.get(word) or _UNIT_WORDS_FOLDED.get(word.casefold())
    return UnitWord(known or word)


def normalize_unit(text: str) -> str:
    """The unit code stored for a unit word (see `parse_unit`)."""
    return parse_unit(text).code


def is_plain_number(text: str) -> bool:
    """Whether `text` is a number alone: no myriad, scale or unit word (`350`, `-1,234.5`)."""
    s = unicodedata.normalize("NFC", text).strip().translate(_MINUS_SIGNS).translate(_FULL_WIDTH_DIGITS)
    return bool(_PLAIN.fullmatch(s))


# ---------------------------------------------------------------------------------------------------
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

    Raises:
        InputError: The text is empty, not a number, out of order (`5억 3조`), not finite (`nan`, `inf`,
            `1e400`), or names two different units.
    """
    shown = text.strip()
    s = unicodedata.normalize("NFC", shown).translate(_FULL_WIDTH_DIGITS).translate(_MINUS_SIGNS)
    if not s:
        raise _refuse(shown, _("the value is empty"))
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


def _refuse(shown: str, reason: str) -> InputError:
    return InputError(
        _("invalid value '{shown}': {reason} (accepted: {forms})").format(
            shown=shown, reason=reason, forms=ACCEPTED_VALUE_FORMS
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
    while group := _group(s, _skip_spaces(s, end) if previous else end, shown):
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
        if unit is None:  # the ones: nothing may follow but the unit word
            return total + coefficient, group_end
        total += coefficient.scaleb(_MYRIADS[unit])
        previous = unit
        end = unit_at + 1
    if previous is None:
        raise _refuse(shown, _("it is not a number"))
    return total, end


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
    known = _UNIT_WORDS.get(rest) or _UNIT_WORDS_FOLDED.get(rest.casefold())
    if known is not None:
        return known
    # What follows a number is a unit only if it cannot be the leftover of a malformed number.
    if rest[0] in "0123456789.,_+-" or rest[0] in _MYRIADS or rest[0] in _SMALL_UNITS:
        raise _refuse(shown, _("'{rest}' after the number is neither a number nor a unit").format(rest=rest))
    return rest


# ---------------------------------------------------------------------------------------------------
# Formatting

# Beyond 9,999조 (and below 0.001) no reader counts digits; scientific notation is shorter and parses back.
_SCIENTIFIC_ABOVE = 1e16
_SCIENTIFIC_BELOW = 1e-3
# English tables keep one decimal and add more until the shown number is this close to the stored one.
_ENGLISH_TOLERANCE = 0.004
_ENGLISH_SCALES = ((12, "tn"), (9, "bn"), (6, "M"))


def format_number(value: float) -> str:
    """A plain number with thousands separators, for axes and English tables below a million.

    Integers are exact (`15,000`); other numbers keep up to two decimals (`1,234.5`), three significant
    digits below 1 (`0.0123`), and scientific notation beyond 1e16 or below 1e-3 (`1.5e+20`).

    Args:
        value: A finite number.

    Returns:
        The text, with a leading `-` when negative.

    Raises:
        ValueError: `value` is NaN or infinite.
    """
    _check_finite(value)
    magnitude = abs(float(value))  # ints are accepted where floats are expected
    return _signed(value, _plain(magnitude))


def format_value(value: float, unit: str | None, lang: str) -> str:
    """A value with its unit as a table shows it.

    In `ko` the way Korean policy documents write it (`14조 원`, `1조 6,908억 원`, `3,500만 원`,
    `68만 6,000 t`, `70개사`, `1만 5,000명`, `45%`, `120 MW`); in `en` compactly (`KRW 14.0 tn`,
    `KRW 1.69 tn`, `1.0 M t`, `15,000 jobs`). Either parses back within 0.5 % of `value`.

    Args:
        value: A finite number.
        unit: The unit code; unknown units are shown as typed, after a space.
        lang: `ko` or `en`.

    Returns:
        The text, with a leading `-` when negative.

    Raises:
        ValueError: `value` is NaN or infinite, or `lang` is neither `ko` nor `en`.
    """
    _check_finite(value)
    _check_lang(lang)
    magnitude = abs(float(value))  # ints are accepted where floats are expected
    if lang == "ko":
        label = unit_label(unit, "ko")
        number = _korean(magnitude)
        if not label:
            return _signed(value, number)
        return _signed(value, number + label if _attaches(label) else f"{number} {label}")
    number = _english(magnitude)
    if unit is None:
        return _signed(value, number)
    if unit == "KRW":
        return _signed(value, f"KRW {number}")
    if unit == "%":
        return _signed(value, f"{number}%")
    if unit in _COUNTED and magnitude == 1:
        return _signed(value, f"{number} {_COUNTED[unit]}")
    return _signed(value, f"{number} {unit}")


def _attaches(label: str) -> bool:
    """Whether a Korean table writes the label against the number: counters (`6기`, `12개소`) and `%`."""
    if label in _ATTACHED_LABELS:
        return True
    return label not in _SPACED_HANGUL_LABELS and all("\uac00" <= char <= "\ud7a3" for char in label)


def _check_finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}: only finite numbers are stored")


def _check_lang(lang: str) -> None:
    if lang not in ("ko", "en"):
        raise ValueError(f"unknown language {lang!r}: expected 'ko' or 'en'")


def _signed(value: float, text: str) -> str:
    return f"-{text}" if value < 0 else text


def _close_enough(shown: float, magnitude: float) -> bool:
    return abs(shown - magnitude) <= _ENGLISH_TOLERANCE * magnitude


def _scientific(magnitude: float) -> str:
    # The fewest digits that stay within tolerance and do not round past the largest float.
    text = repr(magnitude)
    for digits in range(1, 17):
        candidate = f"{magnitude:.{digits}e}"
        shown = float(candidate)
        if math.isfinite(shown) and shown != 0 and _close_enough(shown, magnitude):
            text = candidate
            break
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent):+d}"


def _plain(magnitude: float) -> str:
    if magnitude == 0:
        return "0"
    if magnitude >= _SCIENTIFIC_ABOVE or magnitude < _SCIENTIFIC_BELOW:
        return _scientific(magnitude)
    if magnitude.is_integer():
        return f"{int(magnitude):,}"
    if magnitude < 1:
        return f"{magnitude:.3g}"
    return _trim(f"{magnitude:,.2f}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _korean(magnitude: float) -> str:
    if magnitude >= _SCIENTIFIC_ABOVE or magnitude < 10_000:
        return _plain(magnitude)
    # Exact to 억 from 1조, to 만 from 1억, to 1 below: the precision of the documents themselves.
    if magnitude >= 1e12:
        resolution = 10**8
    elif magnitude >= 1e8:
        resolution = 10**4
    else:
        resolution = 1
    amount = round(magnitude / resolution) * resolution
    parts: list[str] = []
    for exponent, name in ((12, "조"), (8, "억"), (4, "만")):
        count, amount = divmod(amount, 10**exponent)
        if count:
            parts.append(f"{count:,}{name}")
    if amount:
        parts.append(f"{amount:,}")
    return " ".join(parts)


def _english(magnitude: float) -> str:
    if magnitude >= _SCIENTIFIC_ABOVE or magnitude < 1e6:
        return _plain(magnitude)
    for index, (exponent, suffix) in enumerate(_ENGLISH_SCALES):
        if magnitude < 10**exponent:
            continue
        text = _mantissa(magnitude, exponent)
        if index > 0 and float(text.replace(",", "")) >= 1000:
            # Rounding carried into the next scale: 999.96 bn reads better as 1.0 tn than as 1,000.0 bn.
            larger_exponent, larger_suffix = _ENGLISH_SCALES[index - 1]
            return f"{_mantissa(magnitude, larger_exponent)} {larger_suffix}"
        return f"{text} {suffix}"
    raise AssertionError("a magnitude of at least 1e6 has a scale")


def _mantissa(magnitude: float, exponent: int) -> str:
    scale = 10**exponent
    mantissa = magnitude / scale
    for decimals in range(1, 5):
        text = f"{mantissa:,.{decimals}f}"
        if _close_enough(float(text.replace(",", "")) * scale, magnitude):
            break
    return text
