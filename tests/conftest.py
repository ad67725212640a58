"""Shared fixtures: an isolated environment, a copy of the sample database, and a CLI runner."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import postgres_server as postgres_server_module
import pytest
from postgres_server import Server
from typer.testing import CliRunner

from pohang_cli import i18n
from pohang_cli.cli import app
from pohang_cli.storage import bundled_sample_path

# Every CLI test is judged at this date unless it says otherwise: no test reads the real clock.
AS_OF = "2026-11-25"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the user's home, locale, or pohang settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    for name in (
        "POHANG_DB",
        "POHANG_AS_OF",
        "POHANG_FORMAT",
        "POHANG_LANG",
        "POHANG_LOCK_TIMEOUT",
        "POHANG_CSV_BOM",
        "LC_ALL",
        "LC_MESSAGES",
        "FORCE_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample database."""
    path = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), path)
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A database with no records, created by `pohang init --empty`."""
    path = tmp_path / "empty.json"
    result = CliRunner().invoke(app, ["init", "--empty", "--db", str(path), "-q"])
    assert result.exit_code == 0, result.stderr
    return path


@dataclass(frozen=True)
class Run:
    """The outcome of one CLI invocation, streams kept apart."""

    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""  # stdout as written, for byte-exact checks (a BOM, a workbook)


Invoke = Callable[..., Run]


@pytest.fixture
def cli() -> Invoke:
    """Run pohang in-process: `cli("status", "--db", path)`; env defaults to NO_COLOR, width 120, fixed as-of."""

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
        environment = {"POHANG_AS_OF": AS_OF}
        environment.update(env or {})
        result = CliRunner().invoke(app, list(args), env=environment, input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return invoke


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Messages start and end each test in English: the language of a run is process-wide."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


# --------------------------------------------------------------------------------------------------
# PostgreSQL: one server per test run (POHANG_TEST_POSTGRES, or a throw-away cluster), one database per test.


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The test run's PostgreSQL server; the tests that need it are skipped, saying why, where none is installed."""
    found = postgres_server_module.start()
    if isinstance(found, str):
        pytest.skip(found)
    try:
        pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[test]'")
        yield found
    finally:
        found.stop()


_databases = itertools.count(1)


@pytest.fixture
def pg_uri(postgres_server: Server) -> Iterator[str]:
    """The URI of a new, empty PostgreSQL database (no pohang schema yet), dropped after the test."""
    import psycopg

    name = f"pohang_test_{os.getpid()}_{next(_databases)}"
    admin = postgres_server.uri("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.uri(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["file", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend a test runs on: every test using `db` or `new_db` runs on both."""
    return str(request.param)


@pytest.fixture
def new_db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """`--db` of a place where no pohang database exists yet: a file path, or an empty PostgreSQL database."""
    if backend == "file":
        return str(tmp_path / "pohang.json")
    return str(request.getfixturevalue("pg_uri"))


@pytest.fixture
def db(new_db: str) -> str:
    """`--db` of a copy of the sample database, on each backend in turn."""
    result = CliRunner().invoke(app, ["init", "--db", new_db, "-q"])
    assert result.exit_code == 0, result.stderr
    return new_db
