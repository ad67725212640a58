"""The records of an import file as read, before any check: what every reader of a format returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pohang_cli.models import Kind

# The first bytes of a zip archive (an .xlsx) and of an OLE compound file (an encrypted workbook or an .xls).
ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(slots=True)  # not frozen, though never changed: a frozen init costs twice as much, once a row
class RawRecord:
    """One record as read from the file, before it is checked."""

    kind: Kind
    doc: dict[str, Any]
    line: int | None  # where it starts; None inside a json document until a problem needs it
    index: int  # its position among the file's records of its kind (or of the whole array)
    cells: bool  # csv and xlsx: values may be text, so numbers, booleans and revisions are read from text
    sheet: str | None = None  # xlsx: the sheet, whose row number `line` is


@dataclass(slots=True)
class ParsedFile:
    """The records of one input file, in file order."""

    name: str
    fmt: str
    records: list[RawRecord]
    next_milestone_id: int | None = None
    json_text: str | None = None  # a json document, kept to find the line of a record when it is wrong
    whole_database: bool = False
    encoding: str | None = None  # csv/tsv: the encoding the text was found in, for the note
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # xlsx: sheet -> key -> column letter
