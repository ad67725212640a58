"""Import and export of records as json, jsonl, csv, tsv and xlsx, for scripts, spreadsheets and version control.

- parsed.py holds the raw records of a file as read, before any check;
- formats.py reads a file into raw records that remember their line (csv in UTF-8, UTF-16 or CP949);
- workbook.py reads an .xlsx workbook into the same records, each with its sheet and row;
- records.py converts each raw record's fields, noting every problem with its field;
- planning.py checks references and the commands' rules and plans the upserts; importing.py applies them in
  one write;
- export.py writes the stored documents, sorted by id, so export -> import -> export gives the same bytes.

Nothing here prints or reads the clock: the CLI passes the bytes, the file's name and `today`.
"""

from pohang_cli.transfer.columns import FIELDS
from pohang_cli.transfer.export import WRITABLE, export_bytes, export_database, export_documents, export_workbook
from pohang_cli.transfer.formats import (
    ENCODINGS_TRIED,
    FORMATS,
    check_format,
    format_from_name,
    parse,
    parse_kind,
    sniff_format,
)
from pohang_cli.transfer.importing import ImportResult, import_records
from pohang_cli.transfer.parsed import ParsedFile
from pohang_cli.transfer.planning import KindCounts, Plan, Progress, plan_import

__all__ = [
    "ENCODINGS_TRIED",
    "FIELDS",
    "FORMATS",
    "WRITABLE",
    "ImportResult",
    "KindCounts",
    "ParsedFile",
    "Plan",
    "Progress",
    "check_format",
    "export_bytes",
    "export_database",
    "export_documents",
    "export_workbook",
    "format_from_name",
    "import_records",
    "parse",
    "parse_kind",
    "plan_import",
    "sniff_format",
]
