"""Tests of pohang_cli.text: which language of a record's note a reader gets."""

from __future__ import annotations

import pytest

from pohang_cli.text import in_language


@pytest.mark.parametrize(
    ("korean", "english", "lang", "expected"),
    [
        ("한국어 메모", "English note", "ko", "한국어 메모"),
        ("한국어 메모", "English note", "en", "English note"),
        ("한국어 메모", None, "en", "한국어 메모"),
        (None, "English note", "ko", "English note"),
        ("", "English note", "ko", "English note"),
        (None, None, "ko", None),
    ],
)
def test_in_language_prefers_the_readers_language_and_falls_back(
    korean: str | None, english: str | None, lang: str, expected: str | None
) -> None:
    """A note shows in the reader's language, in the other one where that is missing, and None only when both are."""
    assert in_language(korean, english, lang) == expected
