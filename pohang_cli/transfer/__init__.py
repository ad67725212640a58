"""Import and export of records as json, jsonl and csv, for scripts, spreadsheets and version control.

- formats.py reads a file into raw records that remember their line;
- records.py converts each raw record's fields, noting every problem with its field;
- importing.py checks references and the commands' rules, plans the upserts and applies them in one write;
- export.py writes the stored documents, sorted by id, so export -> import -> export gives the same bytes.

Nothing here prints or reads the clock: the CLI passes the bytes, the file's name and `today`.
"""

from pohang_cli.transfer.export import export_bytes, export_database, export_documents
from pohang_cli.transfer.formats import (
    FIELDS,
    FORMATS,
    ParsedFile,
    check_format,
    format_from_name,
    parse,
    parse_kind,
    sniff_format,
)
from pohang_cli.transfer.importing import ImportResult, KindCounts, Plan, Progress, import_records, plan_import

__all__ = [
    "FIELDS",
    "FORMATS",
    "ImportResult",
    "KindCounts",
    "ParsedFile",
    "Plan",
    "Progress",
    "check_format",
    "export_bytes",
    "export_database",
    "export_documents",
    "format_from_name",
    "import_records",
    "parse",
    "parse_kind",
    "plan_import",
    "sniff_format",
]
