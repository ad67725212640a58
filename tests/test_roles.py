"""Roles per database on PostgreSQL: named for the database, set up by least privilege, listed and changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from postgres_server import Server

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")


def _sql(uri: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(uri, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []


def _name(uri: str) -> str:
    return uri.rsplit("/", 1)[1]


@pytest.fixture
def logins(pg_uri: str, postgres_server: Server) -> Iterator[dict[str, str]]:
    """Login roles for this test (no privileges yet): name -> URI."""
    database = _name(pg_uri)
    made = {}
    for who in ("ana", "ben", "owner"):
        role = f"{who}_{database}"
        _sql(pg_uri, f"DROP ROLE IF EXISTS {role}")
        _sql(pg_uri, f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{who}'")
        made[who] = postgres_server.uri(database, user=role, password=f"pw-{who}")
    yield made
    for who in made:
        _sql(pg_uri, f"DROP OWNED BY {who}_{database}; DROP ROLE {who}_{database}")


def _drop_roles_of(uri: str, database: str | None = None) -> None:
    prefix = f"pohang_{database or _name(uri)}"
    for role in (f"{prefix}_reader", f"{prefix}_editor"):
        if _sql(uri, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)):
            _sql(uri, f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')


def test_init_creates_roles_named_for_the_database_and_a_grant_reaches_no_other(
    cli: Invoke, pg_uri: str, postgres_server: Server, logins: dict[str, str]
) -> None:
    other = f"{_name(pg_uri)}_other"
    _sql(postgres_server.uri("postgres"), f'CREATE DATABASE "{other}"')
    other_uri = postgres_server.uri(other)
    try:
        assert cli("init", "--db", pg_uri, "-q").exit_code == 0
        assert cli("init", "--db", other_uri, "-q").exit_code == 0
        roles = {r[0] for r in _sql(pg_uri, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'pohang_%%'")}
        assert {f"pohang_{_name(pg_uri)}_reader", f"pohang_{_name(pg_uri)}_editor"} <= roles
        ben = f"ben_{_name(pg_uri)}"
        assert cli("roles", "grant", ben, "editor", "--db", pg_uri, "-q").exit_code == 0
        listed = cli("roles", "--db", pg_uri, "--format", "tsv")
        assert (listed.exit_code, listed.stdout) == (0, f"user\trole\n{ben}\teditor\n")
        # ben writes here; in the other database of the same cluster he may not even read.
        mine = cli("record", "battery.investment", "1조", "--date", "2025-06", "--db", logins["ben"], "-q")
        assert mine.exit_code == 0, mine.stderr
        there = logins["ben"].replace(f"/{_name(pg_uri)}", f"/{other}")
        refused = cli("status", "--db", there)
        assert (refused.exit_code, refused.stdout) == (4, "")
        assert refused.stderr == (
            f"pohang: permission denied: {ben} may not read this database; its administrator can run "
            f"`pohang roles grant {ben} reader`\n"
        )
        assert cli("roles", "revoke", ben, "--db", pg_uri, "-q").exit_code == 0
        assert cli("roles", "--db", pg_uri, "--format", "tsv").stdout == "user\trole\n"
    finally:
        _sql(postgres_server.uri("postgres"), f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')
        _drop_roles_of(pg_uri, other)
        _drop_roles_of(pg_uri)


def test_roles_sql_prints_what_a_dba_runs(cli: Invoke, pg_uri: str) -> None:
    assert cli("init", "--roles", "planning", "--db", pg_uri, "-q").exit_code == 0
    try:
        result = cli("roles", "sql", "--db", pg_uri)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[:2] == ['CREATE ROLE "planning_reader" NOLOGIN;', 'CREATE ROLE "planning_editor" NOLOGIN;']
        database = _name(pg_uri)
        assert f'GRANT CONNECT ON DATABASE "{database}" TO "planning_reader", "planning_editor";' in lines
        assert f'GRANT TEMPORARY ON DATABASE "{database}" TO "planning_editor";' in lines
        # The database writes the log itself: an editor may not touch it.
        assert 'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON pohang.log, pohang.log_head FROM "planning_editor";' in lines
    finally:
        for role in ("planning_reader", "planning_editor"):
            _sql(pg_uri, f"DROP OWNED BY {role}; DROP ROLE {role}")


def test_an_owner_without_createrole_gets_exit_0_and_the_sql_for_the_dba(
    cli: Invoke, pg_uri: str, logins: dict[str, str]
) -> None:
    owner = f"owner_{_name(pg_uri)}"
    _sql(pg_uri, f'GRANT CREATE ON DATABASE "{_name(pg_uri)}" TO {owner}')
    try:
        result = cli("init", "--db", logins["owner"])
        assert result.exit_code == 0, result.stderr
        assert "could not create this database's roles (creating roles needs CREATEROLE)" in result.stderr
        prefix = f"pohang_{_name(pg_uri)}"
        assert f'  CREATE ROLE "{prefix}_reader" NOLOGIN;\n' in result.stderr
        statements = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
        assert statements == cli("roles", "sql", "--db", logins["owner"]).stdout.splitlines()
        # The DBA runs them; then the owner grants.
        for statement in statements:
            _sql(pg_uri, statement)
        ana = f"ana_{_name(pg_uri)}"
        _sql(pg_uri, f"GRANT {prefix}_reader TO {owner} WITH ADMIN OPTION")
        _sql(pg_uri, f"GRANT {prefix}_editor TO {owner} WITH ADMIN OPTION")
        granted = cli("roles", "grant", ana, "reader", "--db", logins["owner"])
        assert granted.exit_code == 0, granted.stderr
        assert cli("status", "--db", logins["ana"], "--format", "tsv").exit_code in (0, 3)
    finally:
        _drop_roles_of(pg_uri)


def test_an_editor_may_not_replace_every_record(
    cli: Invoke, pg_uri: str, logins: dict[str, str], postgres_server: Server
) -> None:
    assert cli("init", "--db", pg_uri, "-q").exit_code == 0
    try:
        ben = f"ben_{_name(pg_uri)}"
        assert cli("roles", "grant", ben, "editor", "--db", pg_uri, "-q").exit_code == 0
        before = cli("export", "--db", pg_uri).stdout
        result = cli("init", "--force", "--db", logins["ben"])
        assert (result.exit_code, result.stdout) == (4, "")
        assert result.stderr == (
            "pohang: permission denied: only the owner of pohang's schema in this database "
            f"({postgres_server.user}) may run "
            "`pohang init --force`\n"
        )
        assert cli("export", "--db", pg_uri).stdout == before
    finally:
        _drop_roles_of(pg_uri)


def test_upgrading_moves_the_members_of_the_old_cluster_wide_roles(
    cli: Invoke, pg_uri: str, logins: dict[str, str], postgres_server: Server
) -> None:
    """A version 2 database granted to pohang_reader: its members are sent to the owner, whose `migrate` moves them."""
    from pohang_cli.storage.postgres import latest, migrations

    ana = f"ana_{_name(pg_uri)}"
    with psycopg.connect(pg_uri) as conn:
        for migration in migrations()[:2]:
            conn.execute(migration.sql.encode())
        conn.execute("INSERT INTO pohang.schema_version (version) VALUES (2)")
        conn.execute("INSERT INTO pohang.sectors (id, name_ko, name_en) VALUES ('hydrogen', '수소', 'Hydrogen')")
        conn.execute("DO $$ BEGIN CREATE ROLE pohang_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN END $$")
        conn.execute("GRANT USAGE ON SCHEMA pohang TO pohang_reader")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA pohang TO pohang_reader")
        conn.execute(f"GRANT pohang_reader TO {ana}")
    try:
        refused = cli("sectors", "--db", logins["ana"], "--format", "tsv")
        assert (refused.exit_code, refused.stdout) == (4, "")
        assert refused.stderr == (
            f"pohang: {logins['ana']} has schema version 2, older than this pohang's ({latest()}); ask the owner "
            f"of its schema ({postgres_server.user}) to run `pohang migrate`\n"
        )
        denied = cli("migrate", "--db", logins["ana"])
        assert (denied.exit_code, denied.stdout) == (4, "")
        assert denied.stderr == (
            "pohang: permission denied: only the owner of pohang's schema in this database "
            f"({postgres_server.user}) may run `pohang migrate`\n"
        )
        new = f"pohang_{_name(pg_uri)}_reader"
        shown = cli("migrate", "--dry-run", "--db", logins["ana"])
        assert shown.exit_code == 0, shown.stderr
        assert f"--   {ana}: pohang_reader → {new}\n" in shown.stdout
        assert f'GRANT "{new}" TO "{ana}";\n' in shown.stdout
        assert _sql(pg_uri, "SELECT version FROM pohang.schema_version") == [(2,)]
        done = cli("migrate", "--db", pg_uri)
        assert (done.exit_code, done.stdout) == (0, f"{latest()}\n"), done.stderr
        assert done.stderr == (
            f"upgraded {pg_uri} from schema version 2 to {latest()}\n{ana} held pohang_reader and now holds {new}\n"
        )
        assert cli("roles", "--db", pg_uri, "--format", "tsv").stdout == f"user\trole\n{ana}\treader\n"
        assert cli("sectors", "--db", logins["ana"], "--format", "tsv").exit_code == 0
        left = _sql(pg_uri, "SELECT has_table_privilege('pohang_reader', 'pohang.sectors', 'SELECT')")
        assert left == [(False,)]
    finally:
        _sql(pg_uri, f"REVOKE pohang_reader FROM {ana}")
        _drop_roles_of(pg_uri)


def test_a_long_database_name_gives_role_names_within_63_bytes() -> None:
    from pohang_cli.storage.postgres.grants import prefix_for

    long = "pohang_" + "포항시_전략산업_" * 8
    prefix = prefix_for(long)
    assert len((prefix + "_reader").encode()) <= 63
    assert prefix != prefix_for(long + "x")
    assert prefix_for("pohang_city") == "pohang_city"


def test_roles_on_a_file_exit_2(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "pohang.json"
    assert cli("init", "--db", str(path), "-q").exit_code == 0
    result = cli("roles", "--db", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "pohang: roles belong to a PostgreSQL database; a file is shared through its file permissions\n"
    )


def test_a_large_import_needs_no_temp(cli: Invoke, pg_uri: str, logins: dict[str, str], tmp_path: Path) -> None:
    """An editor without TEMPORARY (revoked from PUBLIC by a DBA) imports 600 observations, then replaces them."""
    assert cli("init", "--db", pg_uri, "-q").exit_code == 0
    database, ben = _name(pg_uri), f"ben_{_name(pg_uri)}"
    try:
        assert cli("roles", "grant", ben, "editor", "--db", pg_uri, "-q").exit_code == 0
        _sql(pg_uri, f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
        _sql(pg_uri, f'REVOKE TEMPORARY ON DATABASE "{database}" FROM "pohang_{database}_editor"')
        rows = ["indicator,date,value,source"] + [
            f"hydrogen.companies,{1900 + n // 12}-{n % 12 + 1:02d},{n},https://example.org/{n}" for n in range(600)
        ]
        path = tmp_path / "many.csv"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = cli("import", str(path), "--force", "--db", logins["ben"], "-q")
        assert result.exit_code == 0, result.stderr
        count = _sql(pg_uri, "SELECT count(*) FROM pohang.observations WHERE indicator = 'hydrogen.companies'")
        assert count[0][0] >= 600
        # The same 600 again, each with another value: replaced, not added.
        path.write_text("\n".join(row.replace(",https", "5,https") for row in rows) + "\n", encoding="utf-8")
        result = cli("import", str(path), "--force", "--db", logins["ben"], "-q")
        assert result.exit_code == 0, result.stderr
        [(replaced,)] = _sql(
            pg_uri,
            "SELECT count(*) FROM pohang.observations WHERE indicator = 'hydrogen.companies' AND date < '1950'"
            " AND mod(value::numeric, 10) = 5",
        )
        assert replaced == 600
        [(summary,)] = _sql(pg_uri, "SELECT summary FROM pohang.log ORDER BY seq DESC LIMIT 1")
        assert summary == "changed 600 observations"
    finally:
        _drop_roles_of(pg_uri)
