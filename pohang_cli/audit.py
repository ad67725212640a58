"""The audit log: an append-only JSON-lines file beside the database recording every change, and undo.

Why a sidecar and not a table inside the database: every command reads the whole database file, so a log
kept inside it would be parsed by every `status` and rewritten by every write. One import of 100,000 records
writes ~25 MB of before/after documents; inside the file that would double every later read. Beside it, the
log costs a write one appended line and a read nothing.

Layout of `<db>.log`, one JSON object per line, keys in this order:
`seq` (1, 2, ... along the history), `id` (random, unique), `parent` (the `id` of the entry it follows, null
for the first), `time` (UTC, ISO 8601), `command` (the command line), `summary`, `undoes` (the `seq` of the
entry an undo reverts, else null), `records` (how many changed), `changes` (`kind`, `id`, `before`, `after`:
stored documents, null for "did not exist").

Crash safety: under the database lock, the entry is appended and fsynced *before* the database is replaced,
and the database's `_meta` names the newest applied entry (`log_head`, `log_seq`). An entry appended by a
process killed before the replace is an orphan: no database names it, so the history (found by following
`parent` from `log_head` backwards) never shows it. Restoring `.bak` moves `log_head` back the same way, and
the next write branches from there. A torn last line is terminated, never truncated, and skipped on reading.
"""

from __future__ import annotations

import functools
import mmap
import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pohang_cli.errors import DatabaseCorruptError, InputError
from pohang_cli.models import Kind
from pohang_cli.storage.documents import LogHead

if TYPE_CHECKING:
    from pohang_cli.storage import Database

Document = dict[str, Any]
Encoder = Callable[[Document], bytes]
Decoder = Callable[[bytes], Any]

# The first keys of every line, so the history can be walked without parsing the (possibly huge) changes.
_HEAD = re.compile(rb'^\{"seq":(\d+),"id":"([0-9a-f]{32})","parent":(?:"([0-9a-f]{32})"|null)')

_SINGULAR = {
    Kind.SECTORS: "sector",
    Kind.INDICATORS: "indicator",
    Kind.TARGETS: "target",
    Kind.OBSERVATIONS: "observation",
    Kind.MILESTONES: "milestone",
}


@dataclass(slots=True)  # not frozen: an import logs 100,000 of these, and a frozen init costs twice as much
class ChangeDoc:
    """One record's change as the log stores it: documents, not records. Never mutated."""

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


_KINDS = {kind.value: kind for kind in Kind}
_CHANGES_KEY = b',"changes":'


@dataclass(slots=True)
class LogEntry:
    """One write of the database.

    Read from the log, its changes stay on disk until asked for: the line of a 100,000-record import is
    ~25 MB, and `pohang log` shows only its summary.
    """

    seq: int
    id: str
    parent: str | None
    time: str | None
    command: str
    summary: str
    undoes: int | None
    records: int
    _changes: tuple[ChangeDoc, ...] | None = field(default=None, repr=False, compare=False)
    _load_changes: Callable[[], Any] | None = field(default=None, repr=False, compare=False)

    @property
    def changes(self) -> tuple[ChangeDoc, ...]:
        """The records this write changed, with their documents before and after."""
        if self._changes is None:
            raw = self._load_changes() if self._load_changes is not None else []
            self._changes = tuple(ChangeDoc(_KINDS[c["kind"]], c["id"], c.get("before"), c.get("after")) for c in raw)
        return self._changes

    def to_line(self, encode: Encoder) -> bytes:
        """The entry as one line of JSON (without the newline); `changes` is the last key."""
        # Key order matters: _HEAD reads the first three keys, from_span splits at the last one.
        return encode(
            {
                "seq": self.seq,
                "id": self.id,
                "parent": self.parent,
                "time": self.time,
                "command": self.command,
                "summary": self.summary,
                "undoes": self.undoes,
                "records": self.records,
                # orjson writes a dataclass as an object of its fields, and a StrEnum as its value.
                "changes": self.changes,
            }
        )

    @classmethod
    def from_span(cls, data: mmap.mmap, start: int, end: int, decode: Decoder, path: Path) -> LogEntry:
        """Parse the header of the log line at data[start:end]; its changes are read from `path` on first use.

        Raises:
            ValueError, KeyError, TypeError: the line is not a whole entry.
        """
        # Inside a JSON string a quote is escaped, so the first `,"changes":` can only be the key itself.
        split = data.find(_CHANGES_KEY, start, end)
        if split < 0 or data[end - 1 : end] != b"}":
            raise ValueError("not a whole log entry")
        header = decode(data[start:split] + b"}")
        return cls(
            seq=int(header["seq"]),
            id=str(header["id"]),
            parent=header.get("parent"),
            time=header.get("time"),
            command=str(header.get("command", "")),
            summary=str(header.get("summary", "")),
            undoes=header.get("undoes"),
            records=int(header.get("records", 0)),
            _load_changes=functools.partial(_read_changes, path, split + len(_CHANGES_KEY), end - 1, decode),
        )


def _read_changes(path: Path, start: int, end: int, decode: Decoder) -> Any:
    # The log is append-only, so the bytes of an entry stay where they were found.
    with path.open("rb") as handle:
        handle.seek(start)
        return decode(handle.read(end - start))


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
    counts: Counter[tuple[str, Kind]] = Counter(
        ("added" if c.before is None else "removed" if c.after is None else "changed", c.kind) for c in changes
    )
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
        records=len(changes),
        _changes=tuple(changes),
    )


def append(path: Path, entry: LogEntry, encode: Encoder) -> None:
    """Append one entry and fsync it; a torn last line left by a crash is first terminated, not removed.

    Args:
        path: the log file (created when missing).
        entry: what to append.
        encode: the JSON encoder of storage (bytes of a document, one line, no newline).
    """
    line = entry.to_line(encode) + b"\n"
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


def walk(path: Path, head: LogHead, decode: Decoder) -> Iterator[LogEntry | None]:
    """The entries a database has applied, newest first: `parent` followed from `head` backwards.

    Yields None (and stops) when the log lacks an entry it should hold: the log was deleted, truncated,
    or not copied along with the database. Lines are found from the end of the file through a memory map
    and only those on the path are copied: a log of many imports is hundreds of megabytes.
    """
    wanted = head.id
    if wanted is None:
        return
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield None
        return
    with handle:
        if os.fstat(handle.fileno()).st_size == 0:
            yield None
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            lines = _lines_backwards(data)
            while wanted is not None:
                entry = None
                for start, end in lines:
                    if _entry_id(data[start : min(end, start + _PREFIX_BYTES)]) == wanted:
                        try:
                            entry = LogEntry.from_span(data, start, end, decode, path)
                        except (ValueError, KeyError, TypeError):
                            entry = None
                        break
                yield entry
                if entry is None:
                    return
                wanted = entry.parent


# Enough for `{"seq":N,"id":"<32 hex>","parent":"<32 hex>"`.
_PREFIX_BYTES = 128


def _lines_backwards(data: mmap.mmap) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the lines of `data`, last line first."""
    end = len(data)
    if end and data[end - 1 : end] == b"\n":
        end -= 1
    while end >= 0:
        start = data.rfind(b"\n", 0, end) + 1
        yield start, end
        end = start - 1


def history(path: Path, head: LogHead, decode: Decoder, limit: int | None = None) -> tuple[list[LogEntry], bool]:
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
    from pohang_cli.storage import LazyTable

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
            table: Any = getattr(dataset, change.kind)
            current = table.documents().get(change.id) if isinstance(table, LazyTable) else None
            if current != change.after:
                drifted.append(f"{_SINGULAR[change.kind]} {change.id}")
        if drifted:
            more = f" and {len(drifted) - 5} more" if len(drifted) > 5 else ""
            raise InputError(
                f"cannot undo #{entry.seq}: {', '.join(drifted[:5])}{more} changed since "
                "(by a later change — undo that first — or by hand); nothing was undone"
            )
        inverse: list[ChangeDoc] = []
        for change in reversed(entry.changes):
            table = getattr(dataset, change.kind)
            documents = table.documents()
            current = documents.get(change.id)
            if change.before is None:
                del table[change.id]
            else:
                table.put_document(change.id, change.before)
            inverse.append(ChangeDoc(change.kind, change.id, current, change.before))
        database.write_documents(dataset, inverse, undoes=entry.seq)
        written = database.last_entry
    if written is None:  # pragma: no cover - a change always touches at least one record
        raise InputError(f"undo of #{entry.seq} changed nothing")
    return Undone(entry, written)
