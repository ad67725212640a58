"""The audit log of a database file: an append-only JSON-lines file `<db>.log` beside it.

Why a sidecar and not a table inside the file: every command reads the whole database file, so a log kept
inside it would be parsed by every `status` and rewritten by every write. One import of 100,000 records
writes ~25 MB of before/after documents; inside the file that would double every later read. Beside it, the
log costs a write one appended line and a read nothing. One entry per line, keys in the order of
`audit.LogEntry.to_line`.

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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pohang_cli.audit import LogEntry
from pohang_cli.models import LogHead

Encoder = Callable[[dict[str, Any]], bytes]
Decoder = Callable[[bytes], Any]

# The first keys of every line, so the history can be walked without parsing the (possibly huge) changes.
_HEAD = re.compile(rb'^\{"seq":(\d+),"id":"([0-9a-f]{32})","parent":(?:"([0-9a-f]{32})"|null)')
_CHANGES_KEY = b',"changes":'


def entry_from_span(data: mmap.mmap, start: int, end: int, decode: Decoder, path: Path) -> LogEntry:
    """Parse the header of the log line at data[start:end]; its changes are read from `path` on first use.

    Raises:
        ValueError, KeyError, TypeError: the line is not a whole entry.
    """
    # Inside a JSON string a quote is escaped, so the first `,"changes":` can only be the key itself.
    split = data.find(_CHANGES_KEY, start, end)
    if split < 0 or data[end - 1 : end] != b"}":
        raise ValueError("not a whole log entry")
    header = decode(data[start:split] + b"}")
    return LogEntry(
        seq=int(header["seq"]),
        id=str(header["id"]),
        parent=header.get("parent"),
        time=header.get("time"),
        command=str(header.get("command", "")),
        summary=str(header.get("summary", "")),
        undoes=header.get("undoes"),
        records=int(header.get("records", 0)),
        user=header.get("user"),
        host=header.get("host"),
        prev=header.get("prev"),
        hash=header.get("hash"),
        _load_changes=functools.partial(_read_changes, path, split + len(_CHANGES_KEY), end - 1, decode),
        _load_stored=functools.partial(_read_bytes, path, split + len(_CHANGES_KEY), end - 1),
    )


def _read_changes(path: Path, start: int, end: int, decode: Decoder) -> Any:
    return decode(_read_bytes(path, start, end))


def _read_bytes(path: Path, start: int, end: int) -> bytes:
    # The log is append-only, so the bytes of an entry stay where they were found.
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(end - start)


def stored_digest(entry: LogEntry) -> str:
    """The SHA-256 of an entry's changes as its log stores them (either backend's)."""
    from pohang_cli import chain
    from pohang_cli.storage.files import encode_line

    return chain.changes_digest(entry.stored_changes(encode_line))


def seal(entry: LogEntry, encode: Encoder) -> None:
    """Give a new entry its hash, over its changes as they will be stored (chain.py)."""
    from pohang_cli import chain

    entry.hash = chain.entry_hash(entry, entry.prev, chain.changes_digest(entry.stored_changes(encode)))


def append(path: Path, entry: LogEntry, encode: Encoder) -> None:
    """Append one entry and fsync it; a torn last line left by a crash is first terminated, not removed.

    Args:
        path: the log file (created when missing).
        entry: what to append.
        encode: the JSON encoder of storage (bytes of a document, one line, no newline).
    """
    if entry.hash is None:
        seal(entry, encode)
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


def append_all(path: Path, entries: Sequence[LogEntry], encode: Encoder) -> None:
    """Write a new log holding exactly these entries, as stored (`import --with-log`), and fsync it once."""
    payload = b"".join(entry.to_line(encode) + b"\n" for entry in entries)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
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
                            entry = entry_from_span(data, start, end, decode, path)
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


def _entry_id(line: bytes) -> str | None:
    # Lines of a later branch, orphans of a crash and torn lines are passed over by id.
    match = _HEAD.match(line)
    return None if match is None else match.group(2).decode()
