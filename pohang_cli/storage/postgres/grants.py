"""The roles of a pohang database: a reader may SELECT, an editor may also change the records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pohang_cli.models import Kind
from pohang_cli.storage.postgres.connection import EDITOR_ROLE, READER_ROLE, SCHEMA

if TYPE_CHECKING:
    import psycopg


def grant(conn: psycopg.Connection[Any]) -> None:
    """Create the two group roles where they are missing and this user may, and grant them pohang's schema."""
    may = conn.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    existing = {
        str(r[0])
        for r in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", ([READER_ROLE, EDITOR_ROLE],)
        ).fetchall()
    }
    for role in (READER_ROLE, EDITOR_ROLE):
        if role not in existing and may and may[0]:
            conn.execute(f"CREATE ROLE {role} NOLOGIN")
            existing.add(role)
    tables = ", ".join(f"{SCHEMA}.{kind.value}" for kind in Kind)
    if READER_ROLE in existing:
        conn.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {READER_ROLE}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {READER_ROLE}")
        conn.execute(f"GRANT SELECT ON SEQUENCE {SCHEMA}.milestone_ids TO {READER_ROLE}")
    if EDITOR_ROLE in existing:
        conn.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {EDITOR_ROLE}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {EDITOR_ROLE}")
        conn.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {EDITOR_ROLE}")
        conn.execute(f"GRANT INSERT ON {SCHEMA}.log TO {EDITOR_ROLE}")
        conn.execute(f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {SCHEMA}.milestone_ids TO {EDITOR_ROLE}")
