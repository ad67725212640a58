"""The audit log as data: what one write changed (`ChangeDoc`), a log entry, its summary, and undo.

Every write of a database records one entry: `seq` (1, 2, ... along the history), `id` (random, unique),
`parent` (the `id` of the entry it follows, null for the first), `time` (UTC, ISO 8601), `user` and
`command` (the command line), `summary`, `undoes` (the `seq` of the entry an undo reverts, else null),
`records` (how many changed), `changes` (`kind`, `id`, `before`, `after`: stored documents, null for
"did not exist").

Each entry also carries `prev` and `hash`, the hash chain of chain.py. Where entries are kept is the backend's
business (storage/): a JSON-lines file beside a database file (storage/log.py), a table inside PostgreSQL that
the database writes itself. This module imports no backend; undo works through the `UndoSession` a backend's
write transaction provides.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pohang_cli.errors import DatabaseCorruptError, InputError
from pohang_cli.i18n import _
from pohang_cli.models import Kind, LogHead

Document = dict[str, Any]
Encoder = Callable[[Document], bytes]
Decoder = Callable[[bytes], Any]


_SINGULAR = {
    Kind.SECTORS: "sector",
    Kind.INDICATORS: "indicator",
    Kind.TARGETS: "target",
    Kind.OBSERVATIONS: "observation",
    Kind.MILESTONES: "milestone",
    Kind.ASSESSMENTS: "assessment",
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

# The id of the log entry the write in progress makes, when its request names it (`add-milestone
# --request-key`): set by the use case around its transaction, read where either backend makes the entry, so a
# retried request finds its first entry by id (and PostgreSQL's UNIQUE id refuses a second).
requested_entry: ContextVar[str | None] = ContextVar("requested_entry", default=None)
_REQUESTS = uuid.UUID("9d3c1a52-4f0e-5b7a-8c61-706f68616e67")


def request_entry_id(command: str, key: str) -> str:
    """The log entry id of the request `key` of `command`: the same for every retry of it."""
    return uuid.uuid5(_REQUESTS, f"{command}\0{key}").hex


def logged_entry(journal: Journal, entry_id: str) -> LogEntry | None:
    """The entry of the log with this id, if any."""
    return next((entry for entry in journal.history() if entry is not None and entry.id == entry_id), None)


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
    # Who made the change: the operating-system user and the machine for a file, the database user on a
    # server. None in entries written before pohang recorded them.
    user: str | None = None
    host: str | None = None
    # The hash chain (chain.py): the hash of the entry before this one, and this entry's own. None in entries
    # written before pohang chained its log (their hashes are derived).
    prev: str | None = None
    hash: str | None = None
    _changes: tuple[ChangeDoc, ...] | None = field(default=None, repr=False, compare=False)
    _load_changes: Callable[[], Any] | None = field(default=None, repr=False, compare=False)
    # The changes exactly as stored (what the chain hashes): read from the log on first use.
    _stored: bytes | None = field(default=None, repr=False, compare=False)
    _load_stored: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def changes(self) -> tuple[ChangeDoc, ...]:
        """The records this write changed, with their documents before and after."""
        if self._changes is None:
            raw = self._load_changes() if self._load_changes is not None else []
            self._changes = tuple(ChangeDoc(_KINDS[c["kind"]], c["id"], c.get("before"), c.get("after")) for c in raw)
        return self._changes

    def stored_changes(self, encode: Callable[[Any], bytes]) -> bytes:
        """The changes exactly as the log stores them (encoded with `encode` for an entry not yet stored)."""
        if self._stored is None:
            # orjson writes a dataclass as an object of its fields, and a StrEnum as its value.
            self._stored = self._load_stored() if self._load_stored is not None else encode(list(self.changes))
        return self._stored

    def header(self) -> Document:
        """Every field but the changes, in the order of a line of the log."""
        return {
            "seq": self.seq,
            "id": self.id,
            "parent": self.parent,
            "prev": self.prev,
            "hash": self.hash,
            "time": self.time,
            "user": self.user,
            "host": self.host,
            "command": self.command,
            "summary": self.summary,
            "undoes": self.undoes,
            "records": self.records,
        }

    def to_line(self, encode: Encoder) -> bytes:
        """The entry as one line of JSON (without the newline); `changes` is the last key, its stored bytes."""
        # Key order matters: storage/log.py reads the first three keys of a line and splits at the last one. The
        # changes are spliced in as stored, so the bytes the chain hashed are the bytes on the line.
        return encode(self.header())[:-1] + b',"changes":' + self.stored_changes(encode) + b"}"


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
    user: str | None = None,
    host: str | None = None,
) -> LogEntry:
    """The entry that follows `head` and records `changes`, made by `user` on `host`."""
    return LogEntry(
        seq=head.seq + 1,
        id=requested_entry.get() or uuid.uuid4().hex,
        parent=head.id,
        time=None if time is None else utc_timestamp(time),
        command=command,
        summary=summarize(changes, undoes),
        undoes=undoes,
        records=len(changes),
        user=user,
        host=host,
        prev=head.hash,
        _changes=tuple(changes),
    )


@dataclass(frozen=True, slots=True)
class LogView:
    """The history `pohang log` shows: newest first, and whether the log held all of it."""

    entries: tuple[LogEntry, ...]
    complete: bool


def take(entries: Iterable[LogEntry | None], limit: int | None = None) -> LogView:
    """The newest `limit` applied entries (all when None) of a walk that yields None where the log has a gap."""
    taken: list[LogEntry] = []
    for entry in entries:
        if entry is None:
            return LogView(tuple(taken), False)
        taken.append(entry)
        if limit is not None and len(taken) >= limit:
            break
    return LogView(tuple(taken), True)


class Journal(Protocol):
    """What `pohang log` and the choice of `pohang undo` need of a database: its applied history."""

    @property
    def name(self) -> str:
        """The database as users should see it named (never with a password)."""
        ...

    @property
    def log_name(self) -> str:
        """Where its log is kept, as users should see it named."""
        ...

    def history(self) -> Iterator[LogEntry | None]:
        """The applied entries, newest first; None (and the end) where the log lacks one."""
        ...


class UndoSession(Journal, Protocol):
    """One write transaction of a database, as undo uses it."""

    def document(self, kind: Kind, key: str | int) -> Document | None:
        """The stored document of a record, None when it does not exist."""
        ...

    def write_documents(self, changes: Sequence[ChangeDoc], *, undoes: int) -> LogEntry:
        """Apply changes given as stored documents (the exact documents the log kept) and log them."""
        ...


class UndoRepository(Journal, Protocol):
    def undo_transaction(self) -> AbstractContextManager[UndoSession]: ...


def read_log(journal: Journal, limit: int | None = None) -> LogView:
    """The newest `limit` changes the database has applied (all when None)."""
    return take(journal.history(), limit)


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


def _broken_log(journal: Journal, seq: int) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        _(
            "the audit log {log_name} has no entry for change #{seq} of {name} (was the log deleted, "
            "or the database copied without it?); nothing was undone"
        ).format(log_name=journal.log_name, seq=seq, name=journal.name)
    )


def choose(journal: Journal, seq: int | None = None, *, user: str | None = None) -> LogEntry:
    """The change `pohang undo [SEQ]` would revert.

    Args:
        journal: the database whose history is searched.
        seq: a change named by its number; None for the newest change still in effect.
        user: only a change this user made (`undo` without `--any`, on a database several people share);
            an entry from before pohang recorded users counts as anyone's. None: anyone's.

    Raises:
        InputError: nothing left to undo, no such change, or it was already undone.
        DatabaseCorruptError: the log lacks entries the database has applied.
    """
    reverted: dict[int, int] = {}  # seq of a change -> seq of the undo that reverted it
    missing: int | None = None
    for entry in journal.history():
        if entry is None:
            raise _broken_log(journal, missing if missing is not None else 1)
        missing = entry.seq - 1
        if seq is not None:
            if entry.seq == seq:
                if seq in reverted:
                    raise InputError(
                        _("change #{seq} was already undone by #{undo}; `pohang undo {undo}` re-applies it").format(
                            seq=seq, undo=reverted[seq]
                        )
                    )
                if not _made_by(entry, user):
                    raise InputError(
                        _("change #{seq} was made by {other}, not by you ({user}); add --any to undo it").format(
                            seq=seq, other=entry.user, user=user
                        )
                    )
                return entry
            if entry.seq < seq:
                break
        elif entry.seq not in reverted and entry.undoes is None and _made_by(entry, user):
            return entry
        if entry.seq not in reverted and entry.undoes is not None:
            reverted[entry.undoes] = entry.seq
    if seq is not None:
        raise InputError(
            _("no change #{seq} in the history of {name} (see `pohang log`)").format(seq=seq, name=journal.name)
        )
    if user is not None:
        raise InputError(
            _(
                "nothing to undo: you ({user}) have no change in effect in {name}; `pohang undo --any` undoes the "
                "newest change of anyone (see `pohang log`)"
            ).format(user=user, name=journal.name)
        )
    raise InputError(_("nothing to undo: {name} has no change in effect (see `pohang log`)").format(name=journal.name))


def _made_by(entry: LogEntry, user: str | None) -> bool:
    return user is None or entry.user is None or entry.user == user


def pending(journal: Journal, seq: int | None = None, *, user: str | None = None) -> LogEntry:
    """The change `pohang undo [SEQ]` would revert now, to show it before asking."""
    return choose(journal, seq, user=user)


def undo(
    repo: UndoRepository, seq: int | None = None, *, expected: LogEntry | None = None, user: str | None = None
) -> Undone:
    """Revert one change as a new, logged change (so an undo can itself be undone).

    Args:
        repo: the database; the whole read-modify-write is one transaction of it.
        seq: the change to revert; None for the newest change still in effect.
        expected: the change the user confirmed; when another process wrote in between and the choice
            moved, nothing is undone.
        user: only a change this user made (see `choose`); None: anyone's.

    Raises:
        InputError: nothing to undo, the choice moved, or a record the change touched was changed since
            (by a later change, or by hand); nothing was written.
    """
    with repo.undo_transaction() as session:
        entry = choose(session, seq, user=user)
        if expected is not None and expected.id != entry.id:
            raise InputError(
                _(
                    "the database changed while you were deciding (the change to undo is now #{seq}: "
                    "{summary}); nothing was undone — run `pohang undo` again"
                ).format(seq=entry.seq, summary=entry.summary)
            )
        drifted = [
            f"{_SINGULAR[change.kind]} {change.id}"
            for change in entry.changes
            if session.document(change.kind, change.id) != change.after
        ]
        if drifted:
            more = _(" and {count} more").format(count=len(drifted) - 5) if len(drifted) > 5 else ""
            raise InputError(
                _(
                    "cannot undo #{seq}: {records}{more} changed since (by a later change — undo that first — or "
                    "by hand); nothing was undone"
                ).format(seq=entry.seq, records=", ".join(drifted[:5]), more=more)
            )
        inverse = [ChangeDoc(c.kind, c.id, c.after, c.before) for c in reversed(entry.changes)]
        written = session.write_documents(inverse, undoes=entry.seq)
    return Undone(entry, written)
