"""The audit log: an append-only JSON-lines file beside the database recording every change, and undo.

Why a sidecar and not a table inside the database: every command reads the whole database file, so a log
kept inside it would be parsed by every `status` and rewritten by every write. One import of 100,000 records
writes ~25 MB of before/after documents; inside the file that would double every later read. Beside it, the
log costs a write one appended line and a read nothing.

Layout of `<db>.log`, one JSON object per line, keys in this order:
`seq` (1, 2, ... along the history), `id` (random, unique), `parent` (the `id` of the entry it follows, null
for the first), `time` (UTC, ISO 8601), `command` (the command line), `summary`, `undoes` (the `seq` of the
entry an undo reverts, else null), `changes` (`kind`, `id`, `before`, `after`: stored documents, null for
"did not exist").

Crash safety: under the database lock, the entry is appended and fsynced *before* the database is replaced,
and the database's `_meta` names the newest applied entry (`log_head`, `log_seq`). An entry appended by a
process killed before the replace is an orphan: no database names it, so the history (found by following
`parent` from `log_head` backwards) never shows it. Restoring `.bak` moves `log_head` back the same way, and
the next write branches from there. A torn last line is terminated, never truncated, and skipped on reading.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pohang_cli.errors import DatabaseCorruptError, InputError
from pohang_cli.models import Change, Kind

if TYPE_CHECKING:
    from pohang_cli.storage import Database

Document = dict[str, Any]

# The first keys of every line, so the history can be walked without parsing the (possibly huge) changes.
_HEAD = re.compile(rb'^\{"seq":(\d+),"id":"([0-9a-f]{32})","parent":(?:"([0-9a-f]{32})"|null)')

_SINGULAR = {
    Kind.SECTORS: "sector",
    Kind.INDICATORS: "indicator",
    Kind.TARGETS: "target",
    Kind.OBSERVATIONS: "observation",
    Kind.MILESTONES: "milestone",
}


@dataclass(frozen=True, slots=True)
class LogHead:
    """Which log entry a database file has applied last: seq 0 and no id for a database with no history."""

    seq: int = 0
    id: str | None = None

    @classmethod
    def of_meta(cls, meta: Document) -> LogHead:
        seq, entry_id = meta.get("log_seq", 0), meta.get("log_head")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            seq = 0
        return cls(seq, entry_id if isinstance(entry_id, str) else None)


@dataclass(frozen=True, slots=True)
class ChangeDoc:
    """One record's change as the log stores it: documents, not records."""

    kind: Kind
    id: str | int
    before: Document | None
    after: Document | None

    @property
    def action(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    def to_json(self) -> Document:
        return {"kind": self.kind.value, "id": self.id, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One write of the database."""

    seq: int
    id: str
    parent: str | None
    time: str | None
    command: str
    summary: str
    undoes: int | None
    changes: tuple[ChangeDoc, ...]

    def to_json(self) -> Document:
        # Key order matters: _HEAD reads the first three keys without parsing the line.
        return {
            "seq": self.seq,
            "id": self.id,
            "parent": self.parent,
            "time": self.time,
            "command": self.command,
            "summary": self.summary,
            "undoes": self.undoes,
            "changes": [change.to_json() for change in self.changes],
        }

    @classmethod
    def from_json(cls, data: Document) -> LogEntry:
        return cls(
            seq=int(data["seq"]),
            id=str(data["id"]),
            parent=data.get("parent"),
            time=data.get("time"),
            command=str(data.get("command", "")),
            summary=str(data.get("summary", "")),
            undoes=data.get("undoes"),
            changes=tuple(
                ChangeDoc(Kind(c["kind"]), c["id"], c.get("before"), c.get("after")) for c in data["changes"]
            ),
        )


def log_path(database_path: Path) -> Path:
    """Where the audit log of a database lives: `<db>.log` beside it."""
    return database_path.with_name(database_path.name + ".log")


def utc_timestamp(moment: datetime) -> str:
    """`2026-11-25T03:04:05Z`: the time of an entry, in UTC to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def summarize(changes: Sequence[ChangeDoc], undoes: int | None = None) -> str:
    """One line saying what a write changed: `added milestone 29`, `added 3 observations, changed 1 target`."""
    prefix = f"undo #{undoes}: " if undoes is not None else ""
    if len(changes) == 1:
        change = changes[0]
        return f"{prefix}{change.action} {_SINGULAR[change.kind]} {change.id}"
    counts: dict[tuple[str, Kind], int] = {}
    for change in changes:
        counts[change.action, change.kind] = counts.get((change.action, change.kind), 0) + 1
    parts = []
    for action in ("added", "changed", "removed"):
        nouns = [
            f"{count} {_SINGULAR[kind] if count == 1 else kind.value}"
            for kind in Kind
            if (count := counts.get((action, kind), 0))
        ]
        if nouns:
            parts.append(f"{action} {', '.join(nouns)}")
    return prefix + ("; ".join(parts) or "no records changed")


def new_entry(
    head: LogHead,
    changes: Sequence[ChangeDoc],
    *,
    command: str,
    time: datetime | None,
    undoes: int | None = None,
) -> LogEntry:
    """The entry that follows `head` and records `changes`."""
    return LogEntry(
        seq=head.seq + 1,
        id=uuid.uuid4().hex,
        parent=head.id,
        time=None if time is None else utc_timestamp(time),
        command=command,
        summary=summarize(changes, undoes),
        undoes=undoes,
        changes=tuple(changes),
    )


def append(path: Path, entry: LogEntry, encode: Any) -> None:
    """Append one entry and fsync it; a torn last line left by a crash is first terminated, not removed.

    Args:
        path: the log file (created when missing).
        entry: what to append.
        encode: the JSON encoder of storage (bytes of a document, one line, no newline).
    """
    line = encode(entry.to_json()) + b"\n"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        view = memoryview(line)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _lines_backwards(path: Path) -> Iterator[tuple[int, bytes]]:
    """The log's lines, newest first, with their line numbers (1-based)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number in range(len(lines), 0, -1):
        yield number, lines[number - 1]


def walk(path: Path, head: LogHead, decode: Any) -> Iterator[LogEntry | None]:
    """The entries a database has applied, newest first: `parent` followed from `head` backwards.

    Yields None (and stops) when the log lacks an entry it should hold: the log was deleted, truncated,
    or not copied along with the database.
    """
    wanted = head.id
    lines = _lines_backwards(path)
    while wanted is not None:
        line = next((line for _number, line in lines if _entry_id(line) == wanted), None)
        try:
            entry = None if line is None else LogEntry.from_json(decode(line))
        except (ValueError, KeyError, TypeError):
            entry = None
        yield entry
        if entry is None:
            return
        wanted = entry.parent


def history(path: Path, head: LogHead, decode: Any, limit: int | None = None) -> tuple[list[LogEntry], bool]:
    """The newest `limit` applied entries (all when None), and whether the log held every one asked for."""
    entries: list[LogEntry] = []
    for entry in walk(path, head, decode):
        if entry is None:
            return entries, False
        entries.append(entry)
        if limit is not None and len(entries) >= limit:
            break
    return entries, True


def _entry_id(line: bytes) -> str | None:
    # Lines of a later branch, orphans of a crash and torn lines are passed over by id.
    match = _HEAD.match(line)
    return None if match is None else match.group(2).decode()


@dataclass(frozen=True, slots=True)
class LogView:
    """The history `pohang log` shows: newest first, and whether the log held all of it."""

    entries: tuple[LogEntry, ...]
    complete: bool
    head: LogHead


def read_log(database: Database, limit: int | None = None) -> LogView:
    """The newest `limit` changes the database has applied (all when None)."""
    from pohang_cli.storage import decode_json

    _tables, _version, head = database.read_tables()
    entries, complete = history(database.log_path, head, decode_json, limit)
    return LogView(tuple(entries), complete, head)


# ---------------------------------------------------------------------------------------------------
# Undo
#
# `pohang undo` reverts the newest change that is still in effect, so undo, undo walks back through the
# history as in an editor; each undo is a logged change of its own. `pohang undo SEQ` reverts one named
# change, an undo included: reverting an undo re-applies what it undid (redo).


@dataclass(frozen=True, slots=True)
class Undone:
    """What `pohang undo` reverted, and the log entry recording the undo."""

    reverted: LogEntry
    entry: LogEntry


def _broken_log(database: Database, seq: int) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"the audit log {database.log_path} has no entry for change #{seq} of {database.path} "
        "(was the log deleted, or the database copied without it?); nothing was undone"
    )


def choose(database: Database, head: LogHead, seq: int | None = None) -> LogEntry:
    """The change `pohang undo [SEQ]` would revert.

    Args:
        database: the database whose log is searched.
        head: the newest entry the database applied.
        seq: a change named by its number; None for the newest change still in effect.

    Raises:
        InputError: nothing left to undo, no such change, or it was already undone.
        DatabaseCorruptError: the log lacks entries the database has applied.
    """
    from pohang_cli.storage import decode_json

    reverted: dict[int, int] = {}  # seq of a change -> seq of the undo that reverted it
    missing = head.seq
    for entry in walk(database.log_path, head, decode_json):
        if entry is None:
            raise _broken_log(database, missing)
        missing = entry.seq - 1
        if seq is not None:
            if entry.seq == seq:
                if seq in reverted:
                    raise InputError(
                        f"change #{seq} was already undone by #{reverted[seq]}; "
                        f"`pohang undo {reverted[seq]}` re-applies it"
                    )
                return entry
            if entry.seq < seq:
                break
        elif entry.seq not in reverted and entry.undoes is None:
            return entry
        if entry.seq not in reverted and entry.undoes is not None:
            reverted[entry.undoes] = entry.seq
    if seq is not None:
        raise InputError(f"no change #{seq} in the history of {database.path} (see `pohang log`)")
    raise InputError(f"nothing to undo: {database.path} has no change in effect (see `pohang log`)")


def pending(database: Database, seq: int | None = None) -> LogEntry:
    """The change `pohang undo [SEQ]` would revert now, to show it before asking."""
    snapshot = database.read_snapshot()
    return choose(database, snapshot.head, seq)


def undo(database: Database, seq: int | None = None, *, expected: LogEntry | None = None) -> Undone:
    """Revert one change as a new, logged change (so an undo can itself be undone).

    Args:
        database: the database; locked for the whole read-modify-write.
        seq: the change to revert; None for the newest change still in effect.
        expected: the change the user confirmed; when another process wrote in between and the choice
            moved, nothing is undone.

    Raises:
        InputError: nothing to undo, the choice moved, or a record the change touched was changed since
            (by a later change, or by hand); nothing was written.
    """
    from pohang_cli.storage import LazyTable, record_from_doc

    with database.locked():
        snapshot = database.read_snapshot()
        entry = choose(database, snapshot.head, seq)
        if expected is not None and expected.id != entry.id:
            raise InputError(
                f"the database changed while you were deciding (the change to undo is now #{entry.seq}: "
                f"{entry.summary}); nothing was undone — run `pohang undo` again"
            )
        dataset = snapshot.dataset
        drifted = []
        for change in entry.changes:
            table: Any = getattr(dataset, change.kind.value)
            current = table.documents().get(change.id) if isinstance(table, LazyTable) else None
            if current != change.after:
                drifted.append(f"{_SINGULAR[change.kind]} {change.id}")
        if drifted:
            more = f" and {len(drifted) - 5} more" if len(drifted) > 5 else ""
            raise InputError(
                f"cannot undo #{entry.seq}: {', '.join(drifted[:5])}{more} changed since "
                "(by a later change — undo that first — or by hand); nothing was undone"
            )
        inverse: list[Change] = []
        for change in reversed(entry.changes):
            table = getattr(dataset, change.kind.value)
            before_record = table.get(change.id)
            if change.before is None:
                del table[change.id]
                after_record = None
            elif isinstance(table, LazyTable):
                table.put_document(change.id, change.before)
                after_record = table[change.id]
            else:
                after_record = record_from_doc(change.kind, change.before)
                table[change.id] = after_record
            inverse.append(Change(change.kind, change.id, before_record, after_record))
        database.write(dataset, inverse, undoes=entry.seq)
        written = database.last_entry
    if written is None:  # pragma: no cover - a change always touches at least one record
        raise InputError(f"undo of #{entry.seq} changed nothing")
    return Undone(entry, written)
