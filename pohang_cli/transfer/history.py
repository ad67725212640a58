"""A whole database with its history: `export --with-log` writes it, `import --with-log` restores it, either backend.

The document is the whole-database export (`schema_version`, `next_milestone_id`, a list per kind) with two
keys more: `log_from_start` (the log holds every change since the database was created) and `log`, every entry
oldest first with its fields and `changes`, the entry's changes as the text they are stored in (a JSON string
holding the JSON array). Kept as text, the changes keep the bytes the chain hashed, so the chain verifies at
either end whichever backend wrote each entry (docs/audit-log.md).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from pohang_cli import audit, chain
from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Kind
from pohang_cli.transfer.export import export_database

if TYPE_CHECKING:
    from pohang_cli.storage import Backend
    from pohang_cli.transfer.parsed import ParsedFile

LOG_KEY = "log"
FROM_START_KEY = "log_from_start"
_ENTRY_KEYS = ("seq", "id", "parent", "prev", "hash", "time", "user", "host", "command", "summary", "undoes", "records")


def export_with_log(database: Backend) -> tuple[bytes, int, int]:
    """The whole database and its log as one JSON document; with the number of records and of entries."""
    from pohang_cli.storage import encode_line

    data, entries, from_start = database.read_with_log()
    document = export_database(data)
    document[FROM_START_KEY] = from_start
    document[LOG_KEY] = [
        {**entry.header(), "changes": entry.stored_changes(encode_line).decode("utf-8")} for entry in entries
    ]
    records = sum(len(document[kind.value]) for kind in Kind)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE), records, len(entries)


@dataclass(frozen=True, slots=True)
class Restored:
    """What `import --with-log` put in the new database."""

    records: int
    entries: int
    head: str | None


def restore(database: Backend, parsed: ParsedFile, *, today: date) -> Restored:
    """Create the database at `database` holding the document's records and log, as they were.

    Raises:
        InputError: the document is no export with a log, a record or an entry is not valid, the chain of
            its log does not hold (it was changed since the export), or a database already exists there.
    """
    from pohang_cli.transfer.planning import plan_import

    if not parsed.whole_database or parsed.json_text is None:
        raise InputError(
            _("{name}: import --with-log reads the output of `pohang export --with-log`").format(name=parsed.name)
        )
    document = orjson.loads(parsed.json_text)
    if LOG_KEY not in document:
        raise InputError(
            _("{name} holds no log: it was written by `pohang export` without --with-log").format(name=parsed.name)
        )
    entries = _entries(document[LOG_KEY], parsed.name)
    checked = chain.check(entries, lambda entry: chain.changes_digest(entry.stored_changes(orjson.dumps)))
    damaged = next((link for link in checked.links if link.changed or link.broken), None)
    if damaged is not None:
        raise InputError(
            _(
                "{name}: entry #{seq} of its log does not hold in the chain (changed since the export?); "
                "nothing was written — `pohang doctor` on the source database says more"
            ).format(name=parsed.name, seq=damaged.entry.seq)
        )
    # A restored database is what it was: values once accepted are not questioned again.
    plan = plan_import(Dataset(), parsed, today=today, force=True)
    data = Dataset()
    for kind, key, record in plan.puts:
        getattr(data, kind.value)[key] = record
    data.next_milestone_id = plan.next_milestone_id
    database.restore(data, entries, document.get(FROM_START_KEY) is True)
    return Restored(len(plan.puts), len(entries), checked.head)


def _entries(raw: Any, name: str) -> Sequence[audit.LogEntry]:
    if not isinstance(raw, list):
        raise InputError(_("{name}: 'log' must be an array of entries").format(name=name))
    entries = []
    for number, item in enumerate(raw, start=1):
        try:
            fields = {key: item[key] for key in _ENTRY_KEYS}
            changes = str(item["changes"]).encode("utf-8")
            orjson.loads(changes)
            entry = audit.LogEntry(**fields, _stored=changes, _load_changes=functools.partial(orjson.loads, changes))
            int(entry.seq), int(entry.records)
        except (KeyError, TypeError, ValueError, orjson.JSONDecodeError):
            raise InputError(
                _("{name}: entry {number} of the log is not a whole entry (fields {fields} and changes)").format(
                    name=name, number=number, fields=", ".join(_ENTRY_KEYS)
                )
            ) from None
        entries.append(entry)
    return entries
