"""What tests that run on both backends ask of a database: its stored documents, and a state to compare.

`db` is what `--db` was given: a file path, or a PostgreSQL URI (the `db` fixture gives each in turn).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Tables = dict[str, dict[str, Any]]


def on_postgres(db: str) -> bool:
    return db.startswith("postgresql://")


def tables_of(db: str) -> Tables:
    """The stored documents of each kind, as `pohang doctor` examines them (a file's are packed)."""
    if on_postgres(db):
        from pohang_cli.storage.postgres import PostgresDatabase

        database = PostgresDatabase(db)
        try:
            return database.read_tables()[0]
        finally:
            database.close()
    from pohang_cli.storage import Database

    return Database(Path(db)).read_tables()[0]


def stored(db: str, kind: str, record_id: object) -> dict[str, Any]:
    """The stored document of one record."""
    return next(doc for doc in tables_of(db)[kind].values() if doc["id"] == record_id)


def state(db: str) -> bytes:
    """What "the database is untouched" compares: a file's bytes and its log's; a server's records and log."""
    if on_postgres(db):
        import psycopg

        with psycopg.connect(db) as conn:
            log = conn.execute("SELECT count(*), max(seq) FROM pohang.log").fetchone()
        records = {kind: docs for kind, docs in tables_of(db).items() if kind != "_meta"}
        return json.dumps([records, log], sort_keys=True, ensure_ascii=False, default=str).encode()
    path = Path(db)
    log_path = path.with_name(path.name + ".log")
    return path.read_bytes() + b"\0" + (log_path.read_bytes() if log_path.exists() else b"")
