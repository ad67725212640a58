"""The hash chain of the audit log: the one canonical encoding of an entry, its SHA-256, and checking a chain.

Each entry carries `prev`, the hash of the entry before it, and `hash`, its own. An entry's hash is the SHA-256
(lower-case hex) of its canonical encoding: these fields, in this order, each written as `-` when null, else as
the byte length of its UTF-8 text, a colon and the text; every field ends with a newline (0x0A):

    pohang-log-1, seq, id, parent, prev, time, user, host, command, summary, undoes, records, changes

Integers (seq, undoes, records) are their decimal text. `changes` is the SHA-256 (hex) of the entry's changes
exactly as stored: the bytes of the JSON array on the file's log line, the text of the `changes` column on
PostgreSQL. The first field is the encoding's name, so a later encoding can never be mistaken for this one.
PostgreSQL computes the same (`pohang.entry_hash` in schema/005_chained_log.sql); docs/audit-log.md gives a
test vector that both sides reproduce (tests/test_chain.py).

Entries written before pohang chained its log have no stored `prev` or `hash`: their hashes are derived along
the history (the `prev` of such an entry is the derived hash of its parent), so the first chained entry's
`prev` covers the whole history before it, and nothing needs rewriting on upgrade.

A chain cannot stop someone who may rewrite every file, or who owns the schema; it makes such a rewrite
detectable against a head hash noted earlier (`pohang doctor --head HASH`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pohang_cli.audit import LogEntry

ENCODING = "pohang-log-1"


def _field(value: str | int | None) -> bytes:
    if value is None:
        return b"-\n"
    text = str(value).encode("utf-8")
    return str(len(text)).encode() + b":" + text + b"\n"


def changes_digest(stored: bytes) -> str:
    """The SHA-256 of an entry's changes exactly as stored."""
    return hashlib.sha256(stored).hexdigest()


def canonical(entry: LogEntry, prev: str | None, digest: str) -> bytes:
    """The bytes an entry's hash is taken over (see the module's docstring)."""
    fields: tuple[str | int | None, ...] = (
        ENCODING,
        entry.seq,
        entry.id,
        entry.parent,
        prev,
        entry.time,
        entry.user,
        entry.host,
        entry.command,
        entry.summary,
        entry.undoes,
        entry.records,
        digest,
    )
    return b"".join(_field(value) for value in fields)


def entry_hash(entry: LogEntry, prev: str | None, digest: str) -> str:
    """The hash of an entry that follows the entry of hash `prev`, with changes of SHA-256 `digest`."""
    return hashlib.sha256(canonical(entry, prev, digest)).hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    """One entry as the chain finds it: the hash it should have, and what is wrong with it, if anything."""

    entry: LogEntry
    computed: str
    changed: bool  # its stored hash is not the hash of its content: the entry was edited
    broken: bool  # its stored prev is not the hash of the entry it follows: one was removed or replaced


@dataclass(frozen=True, slots=True)
class Chain:
    """A history checked link by link, oldest first."""

    links: tuple[Link, ...]

    @property
    def head(self) -> str | None:
        """The hash of the newest entry: what `pohang log` prints, and `doctor --head` looks for."""
        if not self.links:
            return None
        newest = self.links[-1]
        return newest.entry.hash or newest.computed

    def holds(self, hash_: str) -> bool:
        """Whether an entry of this chain has this hash (stored or computed)."""
        wanted = hash_.lower()
        return any(wanted in (link.computed, link.entry.hash) for link in self.links)

    @property
    def unchained(self) -> int:
        """How many entries predate the chain (no stored hash): their hashes are derived."""
        return sum(1 for link in self.links if link.entry.hash is None)


def check(entries: Iterable[LogEntry], digest_of: Any) -> Chain:
    """Check a history, oldest first, entry by entry.

    Args:
        entries: the applied entries, oldest first.
        digest_of: gives the SHA-256 of an entry's stored changes (`changes_digest` of its bytes).
    """
    links: list[Link] = []
    previous: str | None = None
    for entry in entries:
        prev = entry.prev if entry.hash is not None else previous
        computed = entry_hash(entry, prev, digest_of(entry))
        changed = entry.hash is not None and entry.hash != computed
        # An entry written before the chain has no prev of its own; a chained one must follow its parent's hash.
        broken = entry.hash is not None and prev != previous
        links.append(Link(entry, computed, changed, broken))
        # The next entry is checked against this one's stored hash: an edited entry is named once, as changed,
        # and a link whose hash was rewritten to match shows as broken at the entry after it.
        previous = entry.hash if entry.hash is not None else computed
    return Chain(tuple(links))


def replay(entries: Sequence[LogEntry]) -> dict[tuple[str, Any], Any]:
    """What the log says each record it touched holds now: (kind, id) -> the last document (None: removed)."""
    state: dict[tuple[str, Any], Any] = {}
    for entry in entries:
        for change in entry.changes:
            state[(change.kind.value, change.id)] = change.after
    return state
