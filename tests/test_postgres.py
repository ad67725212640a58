"""PostgreSQL as the shared database: schema, roles, the log table, secrets, connection failures, moving records."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from postgres_server import Server

from pohang_cli.storage import bundled_sample_path

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")


def _sql(uri: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(uri, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []


def _database_of(uri: str) -> str:
    return uri.rsplit("/", 1)[1]


@pytest.fixture
def sample_pg(cli: Invoke, pg_uri: str) -> str:
    result = cli("init", "--db", pg_uri, "-q")
    assert result.exit_code == 0, result.stderr
    return pg_uri


# --------------------------------------------------------------------------------------------------
# Schema


def test_init_creates_a_relational_schema_with_keys_and_checks(sample_pg: str) -> None:
    """Tables per kind in schema pohang, public ids as primary keys, foreign keys, a version row."""
    from pohang_cli.storage.postgres import latest

    tables = {
        r[0] for r in _sql(sample_pg, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pohang'")
    }
    assert tables == {
        "schema_version",
        "settings",
        "sectors",
        "indicators",
        "targets",
        "observations",
        "milestones",
        "assessments",
        "log",
        "log_head",
        "log_pending",
    }
    assert _sql(sample_pg, "SELECT version FROM pohang.schema_version") == [(latest(),)]
    foreign = set(
        _sql(
            sample_pg,
            "SELECT tc.table_name, ccu.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage ccu USING (constraint_schema, constraint_name) "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'pohang'",
        )
    )
    assert {
        ("indicators", "sectors"),
        ("targets", "indicators"),
        ("observations", "indicators"),
        ("milestones", "sectors"),
        ("assessments", "targets"),
    } <= foreign
    sample = json.loads(Path(bundled_sample_path()).read_text(encoding="utf-8"))
    assert _sql(sample_pg, "SELECT count(*) FROM pohang.observations") == [(len(sample["observations"]),)]
    # Ordered by id as Python orders text (code points): the order of the file and of every listing.
    ids = [r[0] for r in _sql(sample_pg, "SELECT id FROM pohang.observations ORDER BY id")]
    assert ids == sorted(o["id"] for o in sample["observations"].values())


def test_the_checks_of_the_schema_allow_exactly_the_vocabularies_of_the_models(sample_pg: str) -> None:
    """The CHECK lists written in schema/*.sql are the values of the enums in models.py, no more, no fewer."""
    from pohang_cli.models import Direction, Frequency, IndicatorKind, MilestoneStatus, Model, TargetStatus

    definitions = _sql(
        sample_pg,
        "SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'pohang' AND c.contype = 'c'",
    )
    allowed: dict[tuple[str, str], set[str]] = {}
    for table, definition in definitions:
        if "ANY" in definition:
            column = definition.split("((", 1)[1].split(" ", 1)[0]
            allowed[table.removeprefix("pohang."), column] = set(re.findall(r"'([a-z_-]+)'::text", definition))
    assert allowed == {
        ("indicators", "direction"): {v.value for v in Direction},
        ("indicators", "kind"): {v.value for v in IndicatorKind},
        ("indicators", "model"): {v.value for v in Model},
        ("indicators", "frequency"): {v.value for v in Frequency},
        ("milestones", "status"): {v.value for v in MilestoneStatus},
        # A person's assessment gives a status of the ladder from achieved to regressing (§8.3).
        ("assessments", "status"): {v.value for v in TargetStatus if v.is_verdict and v is not TargetStatus.MISSED},
    }


def test_the_migrations_are_numbered_files_shipped_in_the_package() -> None:
    """schema/ holds 001_*.sql, 002_*.sql, ... once each; the version pohang speaks is the last number."""
    from pohang_cli.storage.postgres import latest, migrations

    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert found[0].name == "001_schema.sql"
    assert latest() == found[-1].version


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("UPDATE pohang.milestones SET status = 'finished' WHERE id = 1", "CheckViolation"),
        ("UPDATE pohang.indicators SET direction = 'up' WHERE id = 'battery.investment'", "CheckViolation"),
        ("UPDATE pohang.observations SET date = '2024/05' WHERE id = 'battery.investment:2023'", "CheckViolation"),
        (
            "UPDATE pohang.observations SET indicator = 'battery.nope' WHERE id = 'battery.investment:2023'",
            "ForeignKeyViolation",
        ),
        ("INSERT INTO pohang.sectors (id, name_ko, name_en) VALUES ('battery', 'x', 'y')", "UniqueViolation"),
    ],
)
def test_constraints_refuse_what_no_record_may_hold(sample_pg: str, statement: str, error: str) -> None:
    """Closed vocabularies, date forms, references and ids are held by the database itself."""
    with pytest.raises(getattr(psycopg.errors, error)):
        _sql(sample_pg, statement)


def test_init_refuses_an_initialised_database_without_force(cli: Invoke, sample_pg: str) -> None:
    """A second init exits 2 and changes nothing; --force replaces the records and can be undone."""
    before = cli("export", "--db", sample_pg).stdout
    refused = cli("init", "--empty", "--db", sample_pg)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("pohang: ")
    assert "already holds a pohang database; add --force" in refused.stderr
    assert cli("export", "--db", sample_pg).stdout == before
    forced = cli("init", "--empty", "--force", "--db", sample_pg, "-q")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(cli("export", "--db", sample_pg).stdout)["observations"] == []
    assert cli("undo", "--yes", "--db", sample_pg, "-q").exit_code == 0
    assert cli("export", "--db", sample_pg).stdout == before


def test_a_database_without_pohang_exits_4_with_the_init_command(
    cli: Invoke, pg_uri: str, postgres_server: Server
) -> None:
    result = cli("status", "--db", pg_uri)
    shown = pg_uri.replace(f":{postgres_server.password}@", "@")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        f"pohang: {shown} holds no pohang database (no schema 'pohang') — create one with `pohang init --db {shown}`\n"
    )


# --------------------------------------------------------------------------------------------------
# Moving records between a file and PostgreSQL


def test_round_trip_file_to_postgres_to_file_is_byte_identical(
    cli: Invoke, sample_db: Path, pg_uri: str, tmp_path: Path
) -> None:
    """export (file) | import (PostgreSQL) | export | import (new file) | export: the same bytes every time."""
    from_file = cli("export", "--db", str(sample_db)).stdout
    assert cli("init", "--empty", "--db", pg_uri, "-q").exit_code == 0
    assert cli("import", "-", "--db", pg_uri, "-q", input=from_file).exit_code == 0
    from_pg = cli("export", "--db", pg_uri).stdout
    assert from_pg == from_file
    back = tmp_path / "back.json"
    assert cli("init", "--empty", "--db", str(back), "-q").exit_code == 0
    assert cli("import", "-", "--db", str(back), "-q", input=from_pg).exit_code == 0
    assert cli("export", "--db", str(back)).stdout == from_file


def test_round_trip_postgres_to_file_to_postgres_is_byte_identical(
    cli: Invoke, sample_pg: str, pg_uri: str, tmp_path: Path
) -> None:
    """After writes on PostgreSQL, PostgreSQL -> file -> PostgreSQL keeps every byte of the export."""
    assert cli("add-milestone", "수소", "충전소 2곳 개소", "--due", "2027", "--db", sample_pg, "-q").exit_code == 0
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", sample_pg, "-q").exit_code == 0
    from_pg = cli("export", "--db", sample_pg).stdout
    copy = tmp_path / "copy.json"
    assert cli("init", "--empty", "--db", str(copy), "-q").exit_code == 0
    assert cli("import", "-", "--db", str(copy), "-q", input=from_pg).exit_code == 0
    assert cli("export", "--db", str(copy)).stdout == from_pg
    _sql(pg_uri, "DROP SCHEMA pohang CASCADE")
    assert cli("init", "--empty", "--db", pg_uri, "-q").exit_code == 0
    assert cli("import", "-", "--db", pg_uri, "-q", input=cli("export", "--db", str(copy)).stdout).exit_code == 0
    assert cli("export", "--db", pg_uri).stdout == from_pg


# --------------------------------------------------------------------------------------------------
# Roles


WRITES = [
    ("record", "battery.investment", "1조", "--date", "2025-06"),
    ("add-milestone", "수소", "제목"),
    ("update-milestone", "1", "--status", "done"),
    (
        "add-indicator",
        "bio",
        "beds",
        "--name-ko",
        "병상",
        "--name-en",
        "Beds",
        "--unit",
        "beds",
        "--baseline",
        "1",
        "--baseline-date",
        "2023",
    ),
    ("add-target", "battery.investment", "30조", "--by", "2035"),
    ("revise-target", "battery.investment@2030", "--value", "25조", "--reason", "plan"),
    ("import", "-"),
    ("undo", "--yes"),
    ("init", "--force"),
]
READS = [
    ("status",),
    ("sectors",),
    ("indicators",),
    ("targets", "--history"),
    ("history", "battery.investment"),
    ("milestones",),
    ("check",),
    ("report", "-o", "-"),
    ("export",),
    ("log",),
    ("doctor",),
]


@pytest.fixture
def roles(cli: Invoke, sample_pg: str, postgres_server: Server) -> Iterator[dict[str, str]]:
    """Login roles alice (the database's reader) and bob (its editor), each with a password; their URIs."""
    database = _database_of(sample_pg)
    uris = {}
    for user, group in (("alice", "reader"), ("bob", "editor")):
        _sql(sample_pg, f"DROP ROLE IF EXISTS {user}_{database}")
        _sql(sample_pg, f"CREATE ROLE {user}_{database} LOGIN PASSWORD 'pw-{user}'")
        assert cli("roles", "grant", f"{user}_{database}", group, "--db", sample_pg, "-q").exit_code == 0
        uris[user] = postgres_server.uri(database, user=f"{user}_{database}", password=f"pw-{user}")
    # An edit so that undo has something a reader could try to revert.
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", sample_pg, "-q").exit_code == 0
    yield uris
    for user in uris:  # roles belong to the server, not to the test's database
        _sql(sample_pg, f"DROP OWNED BY {user}_{database}; DROP ROLE {user}_{database}")


def test_a_reader_is_refused_every_write_in_one_sentence_and_nothing_changes(
    cli: Invoke, sample_pg: str, roles: dict[str, str]
) -> None:
    """record, add-*, update-*, revise-target, import, undo and init --force all exit 4 for a reader."""
    reader = roles["alice"]
    user = reader.split("//", 1)[1].split("@", 1)[0]
    before = cli("export", "--db", sample_pg).stdout
    log_before = _sql(sample_pg, "SELECT count(*) FROM pohang.log")
    for step in WRITES:
        result = cli(*step, "--db", reader, input=before if step[0] == "import" else None)
        assert (step, result.exit_code, result.stdout) == (step, 4, "")
        assert result.stderr == f"pohang: permission denied: {user} may read this database but not change it\n", step
    assert cli("export", "--db", sample_pg).stdout == before
    assert _sql(sample_pg, "SELECT count(*) FROM pohang.log") == log_before


def test_a_reader_runs_every_reading_command(cli: Invoke, roles: dict[str, str], sample_pg: str) -> None:
    """Readers read everything, `report` included, with the output an owner gets."""
    for step in READS:
        as_reader = (
            cli(*step, "--db", roles["alice"], "--format", "tsv")
            if step[0] not in {"report", "export"}
            else cli(*step, "--db", roles["alice"])
        )
        assert as_reader.exit_code in (0, 3), (step, as_reader.stderr)
        assert as_reader.stdout, step


def test_an_editor_writes_and_may_only_append_to_the_log(cli: Invoke, roles: dict[str, str], sample_pg: str) -> None:
    """An editor records and undoes; the log names them by session_user; UPDATE and DELETE on it are refused."""
    editor = roles["bob"]
    user = editor.split("//", 1)[1].split("@", 1)[0]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pohang_cli",
            "record",
            "battery.investment",
            "1조",
            "--date",
            "2025-06",
            "--db",
            editor,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "POHANG_AS_OF": "2026-11-25"},
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "battery.investment:2025-06\n"), done.stderr
    next_id = _sql(sample_pg, "SELECT max(id) + 1 FROM pohang.milestones")[0][0]
    assert cli("add-milestone", "수소", "편집자 일정", "--db", editor, "-q").stdout == f"{next_id}\n"
    assert cli("undo", "--yes", "--db", editor, "-q").exit_code == 0
    rows = _sql(sample_pg, "SELECT db_user, command FROM pohang.log ORDER BY seq DESC LIMIT 3")
    assert [r[0] for r in rows] == [user, user, user]
    assert rows[2][1] == f"pohang record battery.investment 1조 --date 2025-06 --db {editor}"
    for statement in ("UPDATE pohang.log SET summary = 'x'", "DELETE FROM pohang.log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _sql(editor, statement)


# --------------------------------------------------------------------------------------------------
# Secrets and connection failures


def test_a_password_appears_in_no_output_log_entry_or_report(
    cli: Invoke, sample_pg: str, postgres_server: Server
) -> None:
    """The plain case; tests/test_secrets.py tries every printable password in every spelling."""
    secret = postgres_server.password
    uri = postgres_server.uri_with_password(_database_of(sample_pg))
    runs = [
        cli("record", "battery.investment", "1조", "--date", "2025-06", "--db", uri),
        cli("record", "battery.investment", "xyz", "--date", "2025-06", "--db", uri),
        cli("status", "battery.nope", "--db", uri),
        cli("report", "-o", "-", "--format", "md", "--db", uri),
        cli("log", "--records", "--format", "json", "--db", uri),
        cli("init", "--db", uri),
        cli("doctor", "--db", uri),
        cli("status", "--db", uri.replace("/pohang_test", "/no_such_db")),
    ]
    for run in runs:
        assert secret not in run.stdout + run.stderr
    report = runs[3].stdout
    assert sample_pg in report
    assert all(secret not in str(row) for row in _sql(sample_pg, "SELECT * FROM pohang.log"))


def test_a_file_report_names_the_file_not_the_home_path(cli: Invoke, sample_db: Path) -> None:
    report = cli("report", "-o", "-", "--format", "md", "--db", str(sample_db)).stdout
    assert "pohang.json" in report
    assert str(sample_db.parent) not in report


@pytest.mark.parametrize("failure", ["password", "port", "database"])
def test_connection_failures_exit_4_naming_host_port_and_database(
    cli: Invoke, postgres_server: Server, failure: str
) -> None:
    """A wrong password, nothing listening and a missing database: exit 4, one sentence, no password."""
    port = postgres_server.port
    if failure == "port":
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    password = "wrong-secret" if failure == "password" else postgres_server.password
    database = "no_such_database" if failure == "database" else "postgres"
    uri = f"postgresql://postgres:{password}@127.0.0.1:{port}/{database}"
    result = cli("status", "--db", uri)
    assert (result.exit_code, result.stdout) == (4, "")
    warning, _, result_stderr = result.stderr.partition("\n")
    assert warning.startswith("warning: the password in --db is visible to other users")
    assert result_stderr.startswith(
        f"pohang: cannot connect to PostgreSQL database '{database}' on host 127.0.0.1, port {port}: "
    )
    assert result_stderr.count("\n") == 1
    assert password not in result.stderr


def test_a_uri_without_the_postgres_extra_exits_4_with_the_pip_command(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = cli("status", "--db", "postgresql://someone@db.example/pohang")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        "pohang: a PostgreSQL database needs the postgres extra, which is not installed; "
        "run: pip install 'pohang-cli[postgres]'\n"
    )


def test_a_uri_is_never_taken_for_a_file(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    assert cli("init", "--db", "postgres://u@h/d").exit_code == 4
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# Concurrency


def test_a_writer_waiting_past_the_lock_timeout_exits_4_busy(cli: Invoke, sample_pg: str) -> None:
    with psycopg.connect(sample_pg, application_name="pohang") as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (0x706F68616E67,))
        before = cli("export", "--db", sample_pg).stdout
        result = cli(
            "record",
            "battery.investment",
            "1조",
            "--date",
            "2025-06",
            "--db",
            sample_pg,
            env={"POHANG_LOCK_TIMEOUT": "0.3"},
        )
        assert (result.exit_code, result.stdout) == (4, "")
        assert result.stderr.startswith("pohang: database busy: another pohang process has been writing to ")
        assert result.stderr.endswith(
            "for more than 0.3 s; nothing was written — try again, or raise POHANG_LOCK_TIMEOUT\n"
        )
        assert cli("status", "--db", sample_pg).exit_code == 0  # readers do not wait
        holder.rollback()
    assert cli("export", "--db", sample_pg).stdout == before


PROCESSES, PER_PROCESS = (int(n) for n in os.environ.get("POHANG_PG_PARALLEL", "4x10").split("x"))


def _writer(uri: str, worker: int) -> list[tuple[int, str, str]]:
    environment = {**os.environ, "POHANG_AS_OF": "2026-11-25", "POHANG_LOCK_TIMEOUT": "120"}
    outcomes = []
    for n in range(PER_PROCESS):
        step = (
            ["add-milestone", "수소", f"작업자 {worker} 일정 {n}"]
            if n % 2 == 0
            else ["record", "battery.jobs", str(1000 + worker * 10 + n), "--date", f"{2000 + n}-{worker + 1:02d}"]
        )
        done = subprocess.run(
            [sys.executable, "-m", "pohang_cli", *step, "--db", uri],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        outcomes.append((done.returncode, done.stdout.strip(), done.stderr))
    return outcomes


@pytest.mark.slow
def test_parallel_writers_on_separate_connections_lose_nothing(sample_pg: str) -> None:
    """PROCESSES processes each writing PER_PROCESS times: milestone ids distinct, every record and log entry kept."""
    [(milestones, first_id)] = _sql(sample_pg, "SELECT count(*), max(id) + 1 FROM pohang.milestones")
    [(observations,)] = _sql(sample_pg, "SELECT count(*) FROM pohang.observations")
    with ThreadPoolExecutor(max_workers=PROCESSES) as pool:
        outcomes = [o for f in [pool.submit(_writer, sample_pg, w) for w in range(PROCESSES)] for o in f.result()]
    assert [o for o in outcomes if o[0] != 0] == []
    milestone_ids = [int(out) for n, (_c, out, _e) in enumerate(outcomes) if (n % PER_PROCESS) % 2 == 0]
    added = len(milestone_ids)
    assert sorted(milestone_ids) == list(range(first_id, first_id + added))
    assert _sql(sample_pg, "SELECT count(*) FROM pohang.milestones") == [(milestones + added,)]
    recorded = PROCESSES * PER_PROCESS - added
    assert _sql(sample_pg, "SELECT count(*) FROM pohang.observations") == [(observations + recorded,)]
    assert _sql(sample_pg, "SELECT count(*), min(seq), max(seq) FROM pohang.log") == [
        (1 + PROCESSES * PER_PROCESS, 1, 1 + PROCESSES * PER_PROCESS)
    ]


def test_a_database_of_schema_version_1_is_upgraded_by_its_owners_migrate(cli: Invoke, pg_uri: str) -> None:
    """Other commands refuse an older schema, naming `migrate`; the owner's `migrate` upgrades, keeping the records."""
    from pohang_cli.storage.postgres import latest, migrations

    with psycopg.connect(pg_uri) as conn:
        conn.execute(migrations()[0].sql.encode())
        conn.execute("INSERT INTO pohang.schema_version (version) VALUES (1)")
        conn.execute("INSERT INTO pohang.sectors (id, name_ko, name_en) VALUES ('hydrogen', '수소', 'Hydrogen')")
        conn.execute("SELECT setval('pohang.milestone_ids', 1, false)")
    refused = cli("sectors", "--db", pg_uri, "--format", "tsv")
    assert (refused.exit_code, refused.stdout) == (4, "")
    assert refused.stderr == (
        f"pohang: {pg_uri} has schema version 1, older than this pohang's ({latest()}); upgrade it with "
        "`pohang migrate` (`pohang migrate --dry-run` shows first what it would do)\n"
    )
    assert "init --force" not in refused.stderr
    assert _sql(pg_uri, "SELECT version FROM pohang.schema_version") == [(1,)]
    upgraded = cli("migrate", "--db", pg_uri)
    assert (upgraded.exit_code, upgraded.stdout) == (0, f"{latest()}\n"), upgraded.stderr
    assert upgraded.stderr == f"upgraded {pg_uri} from schema version 1 to {latest()}\n"
    listed = cli("sectors", "--db", pg_uri, "--format", "tsv")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.splitlines()[1].startswith("hydrogen\t")
    assert _sql(pg_uri, "SELECT version FROM pohang.schema_version") == [(len(migrations()),)]
    columns = _sql(pg_uri, "SELECT column_name FROM information_schema.columns WHERE table_name = 'observations'")
    assert {"reported", "revisions"} <= {c[0] for c in columns}
    added = cli("add-milestone", "수소", "충전소", "--db", pg_uri)
    assert (added.exit_code, added.stdout) == (0, "1\n"), added.stderr
