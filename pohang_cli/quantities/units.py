"""Unit words: what a typed unit is stored as, and the label a table shows for a stored unit."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pohang_cli.values import FrozenValue

# Unit words as typed -> the unit code stored with indicators.
_UNIT_WORDS = {
    "원": "KRW",
    "t": "t",
    "톤": "t",
    # 개 counts things of any kind and keeps its own unit; only 개사 counts companies.
    "개": "개",
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
    "unit": "개",
    "units": "개",
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
# Codes English does not show as they are stored.
_ENGLISH_LABELS = {"개": "units"}
# Korean writes counters and percent against the number (`70개사`, `6기`, `45%`); 원 and other units after
# a space (`350억 원`, `120 MW`).
ATTACHED_LABELS = frozenset({"개사", "개", "명", "병상", "위", "%"})
SPACED_HANGUL_LABELS = frozenset({"원"})
COUNTED_SINGULAR = {"companies": "company", "jobs": "job", "beds": "bed", "개": "unit"}
# Units of counts and money: a chart of them starts its value axis at 0 (methodology §7), as a bar of
# them would; a rank, a share or an output level need not.
ZERO_BASED_UNITS = frozenset({"KRW", *COUNTED_SINGULAR})


def unit_label(unit: str | None, lang: str) -> str:
    """The label a table shows for a unit.

    Args:
        unit: The stored unit code (`KRW`, `t`, `companies`, ...) or any unit text; None for a bare number.
        lang: `ko` or `en`.

    Returns:
        In `ko` the Korean label (원, t, 개사, 개, %, MW, 명, 병상), in `en` the code (`units` for 개);
        unknown units as typed; the empty string for no unit.

    Raises:
        ValueError: `lang` is neither `ko` nor `en`.
    """
    check_lang(lang)
    if unit is None:
        return ""
    if lang == "ko":
        return _KOREAN_LABELS.get(unit, unit)
    return _ENGLISH_LABELS.get(unit, unit)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class UnitWord(FrozenValue):
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
    known = known_unit(word)
    return UnitWord(known or word)


def normalize_unit(text: str) -> str:
    """The unit code stored for a unit word (see `parse_unit`)."""
    return parse_unit(text).code


def known_unit(word: str) -> str | None:
    """The unit code of a known unit word exactly as written after a number (`원`, `톤`, `Jobs`), else None."""
    return _UNIT_WORDS.get(word) or _UNIT_WORDS_FOLDED.get(word.casefold())


def check_lang(lang: str) -> None:
    """Refuse a language other than `ko` and `en` (a programming error: the CLI validates --lang)."""
    if lang not in ("ko", "en"):
        raise ValueError(f"unknown language {lang!r}: expected 'ko' or 'en'")
