"""The audit log of a PostgreSQL database: the table `pohang.log`, which the database writes itself.

Triggers on the record tables make one entry per transaction as it commits (schema/005_chained_log.sql, built
faster since 006_faster_log.sql); the client only declares what the database cannot know (the command line), in
transaction-local settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pohang_cli.models import LogHead
from pohang_cli.storage.files import decode_json
from pohang_cli.storage.postgres.connection import SCHEMA

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit


def head(conn: psycopg.Connection[Any]) -> LogHead:
    """The newest entry's seq, id and hash, and whether the log holds every change since the database was made."""
    row = conn.execute(f"SELECT seq, id, hash, from_start FROM {SCHEMA}.log_head").fetchone()
    if row is None or row[1] is None:
        return LogHead(from_start=bool(row and row[3]))
    return LogHead(int(row[0]), str(row[1]), row[2], bool(row[3]))


def entries(conn: psycopg.Connection[Any]) -> Iterator[audit.LogEntry | None]:
    """Every entry, newest first, and None (then the end) where the log lacks one; changes are read when asked for.

    The database writes every entry, numbered without gaps: a missing number was deleted behind its back (or
    the newest, when the chain's head names a later one).
    """

    rows = conn.execute(f"SELECT {_FIELDS} FROM {SCHEMA}.log ORDER BY seq DESC").fetchall()
    expected = max(head(conn).seq, int(rows[0][0]) if rows else 0)
    for row in rows:
        if int(row[0]) != expected:
            yield None
            return
        expected -= 1
        yield _entry(conn, row)
    if expected > 0:
        yield None


_FIELDS = "seq, id, parent, time, command, summary, undoes, records, db_user, host, prev, hash"


def _entry(conn: psycopg.Connection[Any], row: Sequence[Any]) -> audit.LogEntry:
    from pohang_cli import audit

    seq, entry_id, parent, moment, command, summary, undoes, records, user, host, prev, hash_ = row
    return audit.LogEntry(
        seq=int(seq),
        id=str(entry_id),
        parent=parent,
        time=moment,
        command=str(command),
        summary=str(summary),
        undoes=undoes,
        records=int(records),
        user=user,
        host=host,
        prev=prev,
        hash=hash_,
        _load_changes=_changes_loader(conn, int(seq)),
        _load_stored=_stored_loader(conn, int(seq)),
    )


def _changes_loader(conn: psycopg.Connection[Any], seq: int) -> Callable[[], Any]:
    def load() -> Any:
        row = conn.execute(f"SELECT changes::text FROM {SCHEMA}.log WHERE seq = %s", (seq,)).fetchone()
        return [_as_stored(change) for change in decode_json(row[0])] if row else []

    return load


# The double precision columns: PostgreSQL writes 4.0 as 4 in the documents its triggers log, where pohang's
# documents hold the float (the stored text, which the chain hashes, is left as it is).
_FLOAT_COLUMNS = {"indicators": ("baseline",), "targets": ("value",), "observations": ("value",)}


def _as_stored(change: dict[str, Any]) -> dict[str, Any]:
    columns = _FLOAT_COLUMNS.get(change.get("kind", ""), ())
    for side in ("before", "after"):
        doc = change.get(side)
        if isinstance(doc, dict):
            for column in columns:
                value = doc.get(column)
                if isinstance(value, int) and not isinstance(value, bool):
                    doc[column] = float(value)
    return change


def _stored_loader(conn: psycopg.Connection[Any], seq: int) -> Callable[[], bytes]:
    def load() -> bytes:
        # The text of the json column is kept as written: what the chain hashes.
        row = conn.execute(f"SELECT changes::text FROM {SCHEMA}.log WHERE seq = %s", (seq,)).fetchone()
        return str(row[0]).encode() if row else b"[]"

    return load


def declare(conn: psycopg.Connection[Any], *, command: str, undoes: int | None, entry_id: str) -> None:
    """Say, in the caller's transaction, what the database cannot know of the entry it will write: the command
    line (passwords removed), the change an undo reverts, and the entry's id (a retried request reuses it)."""
    conn.execute(
        "SELECT set_config('pohang.command', %s, true), set_config('pohang.undoes', %s, true), "
        "set_config('pohang.entry', %s, true)",
        (command, "" if undoes is None else str(undoes), entry_id),
    )


def make_entry(conn: psycopg.Connection[Any], entry_id: str) -> audit.LogEntry | None:
    """Have the database write the transaction's entry now (it would at COMMIT), and read it back.

    Returns:
        The entry; None when the transaction changed no record.
    """
    conn.execute(f"SET CONSTRAINTS {SCHEMA}.log_entry IMMEDIATE")
    row = conn.execute(f"SELECT {_FIELDS} FROM {SCHEMA}.log WHERE id = %s", (entry_id,)).fetchone()
    return None if row is None else _entry(conn, row)


def restore(
    conn: psycopg.Connection[Any], entries: Sequence[audit.LogEntry], encode: Callable[[Any], bytes], from_start: bool
) -> None:
    """Put these entries in the log exactly as they were, and make the newest the chain's head."""
    with conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {SCHEMA}.log (seq, id, parent, prev, hash, time, db_user, host, command, summary, undoes, "
            "records, changes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::json)",
            [
                (e.seq, e.id, e.parent, e.prev, e.hash, e.time, e.user, e.host, e.command, e.summary, e.undoes,
                 e.records, e.stored_changes(encode).decode("utf-8"))
                for e in entries
            ],
        )  # fmt: skip
    newest = entries[-1] if entries else None
    conn.execute(
        f"UPDATE {SCHEMA}.log_head SET seq = %s, id = %s, hash = %s, from_start = %s",
        (newest.seq if newest else 0, newest.id if newest else None, newest.hash if newest else None, from_start),
    )
