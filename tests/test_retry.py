"""A write that collides with another session on PostgreSQL is run again, whole, and stored once."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from conftest import Invoke

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")


@pytest.fixture
def db(cli: Invoke, pg_uri: str) -> str:
    """The sample in PostgreSQL: a serialization failure is the server's (a file's writers take turns on its lock)."""
    result = cli("init", "--db", pg_uri, "-q")
    assert result.exit_code == 0, result.stderr
    return pg_uri


def test_a_serialization_failure_is_retried_and_the_value_stored_once(
    cli: Invoke, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pohang's transaction at SERIALIZABLE; another session changes the same row between its read and its write.

    The server refuses pohang's UPDATE ("could not serialize access due to concurrent update"); pohang runs
    the whole command again, which then succeeds: one row, holding pohang's value, and one log entry of pohang's.
    """
    from pohang_cli.storage.postgres import tables

    monkeypatch.setenv("PGOPTIONS", "-c default_transaction_isolation=serializable")
    apply_documents = tables.apply_documents
    attempts: list[int] = []

    def collide_once(conn: Any, docs: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            # pohang has read the observation in its snapshot; a DBA's script now changes it and commits.
            with psycopg.connect(db, autocommit=True) as other:
                other.execute(
                    "UPDATE pohang.observations SET note = 'changed by a script' WHERE id = 'battery.investment:2023'"
                )
        return apply_documents(conn, docs)

    monkeypatch.setattr(tables, "apply_documents", collide_once)
    [(entries_before,)] = _sql(db, "SELECT count(*) FROM pohang.log")
    # The log keeps the command line as typed (sys.argv), which in-process is the test runner's own.
    monkeypatch.setattr(sys, "argv", ["pohang", "record", "battery.investment", "6조", "--date", "2023", "--force"])
    result = cli("record", "battery.investment", "6조", "--date", "2023", "--force", "--db", db, "-q")
    assert (result.exit_code, result.stdout) == (0, "battery.investment:2023\n"), result.stderr
    assert len(attempts) == 2
    rows = _sql(db, "SELECT id, value FROM pohang.observations WHERE id = 'battery.investment:2023'")
    assert rows == [("battery.investment:2023", 6e12)]
    # Two entries: the database logs the script's change too (it writes the log itself), then pohang's, once.
    assert _sql(db, "SELECT count(*) FROM pohang.log") == [(entries_before + 2,)]
    newest = json.loads(cli("log", "-n", "2", "--db", db, "--format", "json").stdout)
    assert newest[0]["command"] == "pohang record battery.investment 6조 --date 2023 --force"
    assert not str(newest[1]["command"]).startswith("pohang")
    [entry] = json.loads(cli("log", "--records", "-n", "1", "--db", db, "--format", "json").stdout)
    assert entry["before"]["note"] == "changed by a script"  # the retry read what the other session wrote
    assert entry["after"]["value"] == 6e12


def test_a_conflict_that_persists_is_reported_after_the_retries(
    cli: Invoke, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six failures in a row: exit 4, one sentence saying nothing was written, and nothing was."""
    from pohang_cli.storage.postgres import tables

    def always_collide(conn: Any, docs: Any) -> Any:
        raise psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")

    monkeypatch.setattr(tables, "apply_documents", always_collide)
    before = _sql(db, "SELECT count(*) FROM pohang.log")
    result = cli("record", "battery.investment", "6조", "--date", "2023", "--force", "--db", db)
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.endswith(
        f"pohang: another session changed the same records of {db} at the same time; nothing was written\n"
    )
    assert _sql(db, "SELECT count(*) FROM pohang.log") == before


def _sql(uri: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(uri, autocommit=True) as conn:
        return list(conn.execute(statement).fetchall())
