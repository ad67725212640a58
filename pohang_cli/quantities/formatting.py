"""Showing values: a number becomes the text a Korean or English table shows."""

from __future__ import annotations

import math

from pohang_cli.quantities.units import (
    ATTACHED_LABELS,
    COUNTED_SINGULAR,
    SPACED_HANGUL_LABELS,
    check_lang,
    unit_label,
)

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
    check_lang(lang)
    magnitude = abs(float(value))  # ints are accepted where floats are expected
    return _with_unit(value, _korean(magnitude) if lang == "ko" else _english(magnitude), unit, lang)


def format_exact(value: float, unit: str | None, lang: str) -> str:
    """A value with its unit, unrounded: what a write says it stored, which parses back to exactly `value`.

    In `ko` in myriads where they read one way only (`1억 2,000만 원`, `68만 6,000 t`, `1조 6,908억 5,000만
    1,234`), else in digits (`100,002,000 원`: 1억 2,000 would read as 1억 2천만); in `en` in digits
    (`KRW 100,002,000`). Fractions keep every digit the value holds (`5.6 원`, `0.125%`).

    Raises:
        ValueError: `value` is NaN or infinite, or `lang` is neither `ko` nor `en`.
    """
    _check_finite(value)
    check_lang(lang)
    magnitude = abs(float(value))
    if not magnitude.is_integer() or magnitude >= _SCIENTIFIC_ABOVE:
        text = repr(magnitude)
        if "e" in text:
            number = text
        else:  # below 1e16 repr writes digits and a point: its whole part grouped by thousands, as Decimal would
            whole, _point, fraction = text.partition(".")
            number = f"{int(whole):,}.{fraction}"
    elif lang == "ko":
        number = _myriads(int(magnitude))
    else:
        number = f"{int(magnitude):,}"
    return _with_unit(value, number, unit, lang)


def _with_unit(value: float, number: str, unit: str | None, lang: str) -> str:
    magnitude = abs(float(value))
    if lang == "ko":
        label = unit_label(unit, "ko")
        if not label:
            return _signed(value, number)
        return _signed(value, number + label if _attaches(label) else f"{number} {label}")
    if unit is None:
        return _signed(value, number)
    if unit == "KRW":
        return _signed(value, f"KRW {number}")
    if unit == "%":
        return _signed(value, f"{number}%")
    if unit in COUNTED_SINGULAR and magnitude == 1:
        return _signed(value, f"{number} {COUNTED_SINGULAR[unit]}")
    return _signed(value, f"{number} {unit_label(unit, 'en')}")


def _attaches(label: str) -> bool:
    """Whether a Korean table writes the label against the number: counters (`6기`, `12개소`) and `%`."""
    if label in ATTACHED_LABELS:
        return True
    return label not in SPACED_HANGUL_LABELS and all("\uac00" <= char <= "\ud7a3" for char in label)


def _check_finite(value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}: only finite numbers are stored")


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
    return _myriads(round(magnitude / resolution) * resolution)


def _myriads(amount: int) -> str:
    """`1조 6,908억 5,000만 1,234`; in digits where myriads would read otherwise in usage (quantities.parsing)."""
    if amount < 10_000:
        return f"{amount:,}"
    parts: list[str] = []
    rest = amount
    for exponent, name in ((12, "조"), (8, "억"), (4, "만")):
        count, rest = divmod(rest, 10**exponent)
        if count:
            parts.append(f"{count:,}{name}")
    if rest:
        # 1억 2,000 reads as 1억 2천만 and 1만 5 as 1만 5천: such values are written in digits.
        if rest < 10 or amount % 10**8 < 10**4:
            return f"{amount:,}"
        parts.append(f"{rest:,}")
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
