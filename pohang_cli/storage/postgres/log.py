"""The audit log of a PostgreSQL database: the table `pohang.log`, written in the transaction of its change."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from pohang_cli.models import LogHead
from pohang_cli.storage.files import decode_json
from pohang_cli.storage.postgres.connection import SCHEMA

if TYPE_CHECKING:
    import psycopg

    from pohang_cli import audit


def head(conn: psycopg.Connection[Any]) -> LogHead:
    """The newest entry's seq and id."""
    row = conn.execute(f"SELECT seq, id FROM {SCHEMA}.log ORDER BY seq DESC LIMIT 1").fetchone()
    return LogHead(int(row[0]), str(row[1])) if row else LogHead()


def entries(conn: psycopg.Connection[Any]) -> Iterator[audit.LogEntry]:
    """Every entry, newest first; the changes of each are read when asked for."""
    from pohang_cli import audit

    rows = conn.execute(
        f"SELECT seq, id, parent, time, command, summary, undoes, records, db_user, host FROM {SCHEMA}.log "
        "ORDER BY seq DESC"
    ).fetchall()
    for seq, entry_id, parent, moment, command, summary, undoes, records, user, host in rows:
        yield audit.LogEntry(
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
            _load_changes=_changes_loader(conn, int(seq)),
            _load_stored=_stored_loader(conn, int(seq)),
        )


def _changes_loader(conn: psycopg.Connection[Any], seq: int) -> Callable[[], Any]:
    def load() -> Any:
        row = conn.execute(f"SELECT changes::text FROM {SCHEMA}.log WHERE seq = %s", (seq,)).fetchone()
        return decode_json(row[0]) if row else []

    return load


def _stored_loader(conn: psycopg.Connection[Any], seq: int) -> Callable[[], bytes]:
    def load() -> bytes:
        # The text of the json column is kept as written: what the chain hashes.
        row = conn.execute(f"SELECT changes::text FROM {SCHEMA}.log WHERE seq = %s", (seq,)).fetchone()
        return str(row[0]).encode() if row else b"[]"

    return load


def append(
    conn: psycopg.Connection[Any],
    changes: Sequence[audit.ChangeDoc],
    undoes: int | None,
    *,
    command: str,
    time: datetime,
    host: str | None,
) -> audit.LogEntry:
    """Append the entry of these changes, in the caller's transaction, and return it."""
    from pohang_cli import audit

    # The user is the database's own name for whoever connected (session_user), not the OS user.
    user_row = conn.execute("SELECT session_user").fetchone()
    entry = audit.new_entry(
        head(conn),
        changes,
        command=command,
        time=time,
        undoes=undoes,
        user=str(user_row[0]) if user_row else None,
        host=host,
    )
    conn.execute(
        f"INSERT INTO {SCHEMA}.log (seq, id, parent, time, host, command, summary, undoes, records, changes) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            entry.seq,
            entry.id,
            entry.parent,
            entry.time,
            entry.host,
            entry.command,
            entry.summary,
            entry.undoes,
            entry.records,
            orjson.dumps(entry.changes).decode(),
        ),
    )
    return entry
