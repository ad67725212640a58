"""A CSV written for spreadsheets cannot run formulas, and reads back exactly as it was.

Excel and LibreOffice take a cell that starts with `=`, `+`, `-` or `@` for a formula (and a tab or carriage
return before one hides it): a note copied from a web page, `=HYPERLINK(...)`, would run when the file is opened.
A CSV made for a spreadsheet (`export --bom`, `POHANG_CSV_BOM=1`) therefore writes such a text cell with a
leading `'`, which spreadsheets show as text; a text that starts with `'` gets one more, so that import, removing
exactly one, gives back the text as stored. Numbers are never touched (`-3` stays a number), and CSV and TSV
without a BOM, for pipelines, stay raw.
"""

from __future__ import annotations

# The fields that hold people's text: names, titles, sources and notes (never a number, date, id or code).
TEXT_FIELDS = frozenset({"name_ko", "name_en", "title", "title_en", "source", "note", "basis"})
_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def defused(text: str) -> str:
    """`text` as a spreadsheet's CSV holds it: a leading `'` where it would start a formula (or starts with `'`)."""
    return "'" + text if text.startswith(_STARTS) else text


def restored(text: str) -> str:
    """The text `defused` was given: one leading `'` removed where `defused` put it, else `text` as it is."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_STARTS) else text
