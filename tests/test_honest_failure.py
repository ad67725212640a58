"""PostgreSQL failures said as they are: an unknown outcome, a lock held by another client, a reader's wait."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import Invoke
from postgres_server import Server

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")

RECORD = ("record", "battery.investment", "1조", "--date", "2025-06")


@pytest.fixture
def sample_pg(cli: Invoke, pg_uri: str) -> str:
    result = cli("init", "--db", pg_uri, "-q")
    assert result.exit_code == 0, result.stderr
    return pg_uri


def _lose_the_answer_to_commit(monkeypatch: pytest.MonkeyPatch, *, stored: bool) -> None:
    """COMMIT goes out (and is applied, or not); its answer never comes back."""
    real = psycopg.Connection.commit

    def lost(self: psycopg.Connection[object]) -> None:
        if stored:
            real(self)
        else:
            self.rollback()
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(psycopg.Connection, "commit", lost)


@pytest.mark.parametrize("stored", [True, False])
def test_a_connection_lost_after_commit_exits_5_and_a_retried_record_stores_once(
    cli: Invoke, sample_pg: str, monkeypatch: pytest.MonkeyPatch, stored: bool
) -> None:
    log_before = json.loads(cli("log", "--db", sample_pg, "--format", "json").stdout)
    _lose_the_answer_to_commit(monkeypatch, stored=stored)
    result = cli(*RECORD, "--db", sample_pg)
    assert (result.exit_code, result.stdout) == (5, "")
    assert result.stderr.endswith(
        f"pohang: lost the connection to {sample_pg} after sending COMMIT (server closed the connection "
        "unexpectedly): unknown whether it was written; check with `pohang log`\n"
    )
    monkeypatch.undo()
    log_after = json.loads(cli("log", "--db", sample_pg, "--format", "json").stdout)
    assert len(log_after) == len(log_before) + (1 if stored else 0)
    again = cli(*RECORD, "--db", sample_pg)
    assert (again.exit_code, again.stdout) == (0, "battery.investment:2025-06\n")
    rows = json.loads(cli("history", "battery.investment", "--db", sample_pg, "--format", "json").stdout)
    assert [row["date"] for row in rows].count("2025-06") == 1
    assert len(json.loads(cli("log", "--db", sample_pg, "--format", "json").stdout)) == len(log_before) + 1


def test_a_lock_held_by_another_client_is_named(cli: Invoke, sample_pg: str, postgres_server: Server) -> None:
    with psycopg.connect(sample_pg, application_name="psql") as holder:
        holder.execute("LOCK TABLE pohang.observations IN SHARE MODE")
        result = cli(*RECORD, "--db", sample_pg, env={"POHANG_LOCK_TIMEOUT": "0.3"})
        assert (result.exit_code, result.stdout) == (4, "")
        assert result.stderr == (
            f"pohang: database busy: psql (user {postgres_server.user}) has held a lock on {sample_pg} for more "
            "than 0.3 s; "
            "nothing was written — ask them to end their transaction, or raise POHANG_LOCK_TIMEOUT\n"
        )
        holder.rollback()


def test_a_reader_waits_behind_a_lock_no_longer_than_the_lock_timeout(
    cli: Invoke, sample_pg: str, postgres_server: Server
) -> None:
    with psycopg.connect(sample_pg, application_name="vacuum-script") as holder:
        holder.execute("LOCK TABLE pohang.observations IN ACCESS EXCLUSIVE MODE")
        result = cli("status", "--db", sample_pg, "--format", "tsv", env={"POHANG_LOCK_TIMEOUT": "0.3"})
        assert (result.exit_code, result.stdout) == (4, "")
        assert result.stderr == (
            f"pohang: database busy: vacuum-script (user {postgres_server.user}) has held a lock on {sample_pg} "
            "for more than "
            "0.3 s; nothing was read — ask them to end their transaction, or raise POHANG_LOCK_TIMEOUT\n"
        )
        holder.rollback()
    assert cli("status", "--db", sample_pg, "--format", "tsv").exit_code in (0, 3)


def test_add_milestone_with_a_request_key_adds_once_however_often_retried(
    cli: Invoke, sample_pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lose_the_answer_to_commit(monkeypatch, stored=True)
    args = ("add-milestone", "수소", "재시도 일정", "--request-key", "2026-12-07-a", "--db", sample_pg)
    assert cli(*args).exit_code == 5
    monkeypatch.undo()
    again = cli(*args)
    rows = json.loads(cli("milestones", "--db", sample_pg, "--format", "json").stdout)
    added = [row["id"] for row in rows if row["title"] == "재시도 일정"]
    assert len(added) == 1
    assert (again.exit_code, again.stdout) == (0, f"{added[0]}\n")
    assert again.stderr == f"request 2026-12-07-a already added milestone {added[0]}: 재시도 일정; nothing was added\n"
    other = cli("add-milestone", "수소", "재시도 일정", "--request-key", "2026-12-07-b", "--db", sample_pg, "-q")
    assert (other.exit_code, other.stdout) == (0, f"{added[0] + 1}\n")


def test_a_request_key_works_on_a_file_too(cli: Invoke, db: str) -> None:
    args = ("add-milestone", "수소", "파일 일정", "--request-key", "k1", "--db", db, "-q")
    first, second = cli(*args), cli(*args)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stdout == second.stdout
    assert cli("undo", "--yes", "--db", db, "-q").exit_code == 0
    gone = cli(*args)
    assert (gone.exit_code, gone.stdout) == (2, "")
    assert gone.stderr == (
        f"pohang: request k1 added milestone {first.stdout.strip()} (change #2), which has since been removed; "
        "nothing was added — use another --request-key to add it again\n"
    )


@pytest.fixture
def colleague(cli: Invoke, sample_pg: str, postgres_server: Server) -> Iterator[str]:
    """A second editor of the same database: their URI."""
    name = f"colleague_{sample_pg.rsplit('/', 1)[1]}"
    with psycopg.connect(sample_pg, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'pw-colleague'")
    assert cli("roles", "grant", name, "editor", "--db", sample_pg, "-q").exit_code == 0
    yield postgres_server.uri(sample_pg.rsplit("/", 1)[1], user=name, password="pw-colleague")
    with psycopg.connect(sample_pg, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {name}; DROP ROLE {name}")


def test_undo_on_a_shared_database_undoes_your_own_newest_change(
    cli: Invoke, sample_pg: str, colleague: str, postgres_server: Server
) -> None:
    colleague_user = colleague.split("//", 1)[1].split("@", 1)[0]
    assert cli(*RECORD, "--db", sample_pg, "-q").exit_code == 0  # mine (#2)
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", colleague, "-q").exit_code == 0  # #3
    mine = cli("undo", "--yes", "--db", sample_pg)
    assert mine.exit_code == 0, mine.stderr
    assert mine.stdout == "battery.investment:2025-06\n"
    assert "undid #2" in mine.stderr
    # Only the colleague's change is left in effect besides init: without --any, mine is init (#1).
    named = cli("undo", "3", "--yes", "--db", sample_pg)
    assert (named.exit_code, named.stdout) == (2, "")
    assert (
        named.stderr == f"pohang: change #3 was made by {colleague_user}, not by you ({postgres_server.user}); "
        "add --any to undo it\n"
    )
    theirs = cli("undo", "--any", "--yes", "--db", sample_pg, "-q")
    assert (theirs.exit_code, theirs.stdout) == (0, "hydrogen.companies:2025\n")


def test_undo_any_names_whose_change_it_is_when_asking(
    cli: Invoke, sample_pg: str, colleague: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pohang_cli.cli import safety

    colleague_user = colleague.split("//", 1)[1].split("@", 1)[0]
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", colleague, "-q").exit_code == 0
    monkeypatch.setattr(safety, "_stdin_is_terminal", lambda: True)
    asked = cli("undo", "--any", "--db", sample_pg, input="n\n")
    assert asked.exit_code == 0
    assert f"Undo change #2, made by {colleague_user}, not by you? [y/N]" in asked.stderr
    assert asked.stderr.endswith("nothing was undone\n")


def test_undo_without_a_change_of_your_own_says_how_to_undo_anyones(
    cli: Invoke, sample_pg: str, colleague: str
) -> None:
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", colleague, "-q").exit_code == 0
    assert cli("undo", "--yes", "--db", colleague, "-q").exit_code == 0
    colleague_user = colleague.split("//", 1)[1].split("@", 1)[0]
    result = cli("undo", "--yes", "--db", colleague)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"pohang: nothing to undo: you ({colleague_user}) have no change in effect in {colleague}; `pohang undo "
        "--any` undoes the newest change of anyone (see `pohang log`)\n"
    )
