"""What text pohang stores: NFC, LF line ends, and no characters that would act on a terminal or break a file.

Users' text is data. Markup-looking text (`[bold]`, `:fire:`) is stored as typed and printed literally by
the renderers; what is refused is what cannot be shown as typed: control characters (an ESC sequence
would recolour or rewrite the user's terminal, a NUL truncates C tools), lone surrogates (bytes that were
not UTF-8, which no JSON file can hold) and bidirectional overrides (they make a line display in another
order than it is stored). Tab and newline are kept; tsv/csv/md output escapes them.
"""

from __future__ import annotations

import re
import unicodedata

from pohang_cli.errors import InputError
from pohang_cli.i18n import _

_KEPT_CONTROLS = frozenset("\n\t")
# Embeddings, overrides and isolates (Unicode TR9): the "Trojan Source" characters.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHOWN_CHARS = 40
# Every character the loop below refuses, as one class: categories Cc (less tab and newline), Cs, Zl and Zp,
# and the bidi controls. One regex scan instead of a category look-up per character: an import of 100,000
# records checks some 3 million characters (tests/test_fast_paths.py checks that both agree on every code point).
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored as it is, or None when it can."""
    if _SUSPECT.search(text) is None:
        return None
    for position, char in enumerate(text, start=1):
        if char in _KEPT_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return _("a control character U+{code:04X} at position {position}").format(
                code=ord(char), position=position
            )
        if category == "Cs":
            return _("bytes that are not UTF-8 (U+{code:04X}) at position {position}").format(
                code=ord(char), position=position
            )
        if char in _BIDI_CONTROLS:
            return _("a bidirectional override U+{code:04X} at position {position}").format(
                code=ord(char), position=position
            )
        if category in ("Zl", "Zp"):
            return _("a Unicode line separator U+{code:04X} at position {position}; use a newline").format(
                code=ord(char), position=position
            )
    return None


# What an error message escapes: every character refused above, tab and the line ends (a message is one line), and
# the invisible ones (zero-width space and joiners, direction marks, word joiner, BOM, soft hyphen) that would
# make the text look like something else. Everything else, Hangul included, is shown as typed.
_ESCAPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\ud800-\udfff\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def escaped(text: str) -> str:
    """`text` as typed, with only the characters that cannot be seen or would act on a terminal escaped (`\\x07`)."""
    return _ESCAPED.sub(_escape, text)


_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    if match[0] in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[match[0]]
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """A short rendering of user text for an error message, in quotes: as typed, escaping only what must be."""
    clipped = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    return f"'{escaped(clipped)}'"


def clean_text(text: str) -> str:
    """User text as stored: NFC (macOS pastes NFD Hangul), CRLF as LF, surrounding whitespace removed.

    Raises:
        InputError: the text holds a character that cannot be stored and shown as typed (see module doc).
    """
    cleaned = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    problem = text_problem(cleaned)
    if problem is not None:
        raise InputError(
            _("the text {text} contains {problem}; remove it and try again").format(text=shown(text), problem=problem)
        )
    return cleaned


def is_stored_form(text: str) -> bool:
    """Whether `text` is exactly what clean_text would store (the check `pohang doctor` makes)."""
    return text_problem(text) is None and unicodedata.is_normalized("NFC", text) and "\r" not in text


def in_language(korean: str | None, english: str | None, lang: str) -> str | None:
    """The text of a note, reason or basis for a reader of `lang`: its own language, else the other one.

    Records keep their notes in Korean (`note`) and optionally in English (`note_en`); a reader never gets
    an empty cell where the other language has something to say.
    """
    first, second = (english, korean) if lang == "en" else (korean, english)
    return first or second
