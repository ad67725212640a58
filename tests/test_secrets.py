"""Passwords: `--db` read as libpq reads it, and no password in anything pohang writes, in any spelling."""

from __future__ import annotations

import html
import io
import json
import os
import shutil
import string
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from conftest import Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from postgres_server import Server

from pohang_cli.storage import bundled_sample_path

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")
sql = pytest.importorskip("psycopg.sql")

from pohang_cli.storage.postgres import conninfo  # noqa: E402

WARNING = (
    "warning: the password in --db is visible to other users of this computer in the process list; keep it "
    "in ~/.pgpass, PGPASSWORD or a PGSERVICE entry instead (see README: Connecting)\n"
)
EXAMPLES = int(os.environ.get("POHANG_FUZZ_EXAMPLES", "100"))
SECRETS = settings(
    max_examples=max(5, EXAMPLES // 10),  # fifteen commands per example
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Printable ASCII, space included: what a password manager may put in a password.
PRINTABLE = st.text(alphabet=st.sampled_from(string.printable[:95]), min_size=1, max_size=16)
# libpq ends the password of a URI's user part at `@` or `/`, and reads `%` as an escape; a space it refuses.
UNSAFE_IN_URI = "/@% "


def password_of(core: str) -> str:
    # Framed so that grepping the output for it finds it and nothing else ("2025" would be found anywhere).
    return f"Qx{core}9Zq"


def spellings(password: str) -> set[str]:
    """Every way the password could appear in text pohang writes."""
    forms = {password, quote(password, safe=""), quote(password), quote_plus(password)}
    forms |= {password.replace("\\", "\\\\").replace("'", "\\'"), json.dumps(password)[1:-1]}
    forms |= {html.escape(form) for form in list(forms)} | {html.escape(form, quote=False) for form in list(forms)}
    return forms


def uri_with(password: str, scheme: str, encode: str, host: str, port: int, database: str, user: str) -> str:
    if encode == "query":
        return f"{scheme}://{user}@{host}:{port}/{database}?password={quote(password, safe='')}"
    if encode == "all":
        secret = quote(password, safe="")
    else:  # only what libpq could not read otherwise
        secret = "".join(quote(char, safe="") if char in UNSAFE_IN_URI else char for char in password)
    return f"{scheme}://{user}:{secret}@{host}:{port}/{database}"


def keywords_with(password: str, host: str, port: int, database: str, user: str) -> str:
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"host={host} port={port} dbname={database} user={user} password='{quoted}'"


def scheme_case(data: st.DataObject) -> str:
    scheme = data.draw(st.sampled_from(["postgresql", "postgres"]))
    flips = data.draw(st.lists(st.booleans(), min_size=len(scheme), max_size=len(scheme)))
    return "".join(char.upper() if flip else char for char, flip in zip(scheme, flips, strict=True))


# --------------------------------------------------------------------------------------------------
# Parsing, as libpq does


@given(core=PRINTABLE, data=st.data())
@settings(SECRETS, max_examples=EXAMPLES)
def test_a_uri_or_keyword_string_is_named_by_its_parts_without_the_password(core: str, data: st.DataObject) -> None:
    """What libpq reads back from the shown name is what it read from the text, less the password."""
    password = password_of(core)
    form = data.draw(st.sampled_from(["uri", "keywords"]))
    if form == "uri":
        text = uri_with(
            password,
            scheme_case(data),
            data.draw(st.sampled_from(["all", "unsafe", "query"])),
            "db.city.local",
            5433,
            "pohang",
            "planner",
        )
    else:
        text = keywords_with(password, "db.city.local", 5433, "pohang", "planner")
    parsed = conninfo.parse(text)
    assert parsed.params["password"] == password
    assert parsed.params["host"] == "db.city.local"
    shown = parsed.shown
    assert not any(form in shown for form in spellings(password))
    again = conninfo.parse(shown)
    assert again.params == {k: v for k, v in parsed.params.items() if k != "password"}
    assert (again.scheme is None) == (form == "keywords")


def test_the_shown_name_keeps_what_identifies_the_database() -> None:
    assert conninfo.parse("POSTGRESQL://alice:s3cr%23t@db.example:5432/pohang").shown == (
        "postgresql://alice@db.example:5432/pohang"
    )
    assert conninfo.parse("postgresql://alice:p#x?y@db.example/pohang").params["password"] == "p#x?y"
    assert conninfo.parse("postgresql://db.example/pohang?sslmode=verify-full&password=zz").shown == (
        "postgresql://db.example/pohang?sslmode=verify-full"
    )
    assert conninfo.parse("host=db.example dbname=pohang password='a b'").shown == "dbname=pohang host=db.example"
    assert conninfo.parse("postgresql:///pohang").shown == "postgresql:///pohang"
    assert conninfo.parse("postgresql://%2Fvar%2Frun%2Fpostgresql/pohang").shown == (
        "postgresql://%2Fvar%2Frun%2Fpostgresql/pohang"
    )


@pytest.mark.parametrize(
    "text",
    [
        "host=db.example password=a b",  # a space not quoted: libpq reads `b` as a keyword
        "weird=name.json",
        "a=b=c",
        "./data=2026.json",
    ],
)
def test_a_db_holding_an_equals_sign_that_libpq_cannot_read_exits_2_and_is_never_a_file(
    cli: Invoke, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (("init",), ("status",), ("record", "battery.investment", "1조", "--date", "2025-06")):
        result = cli(*command, "--db", text)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith("pohang: --db holds '=' but is not a connection string libpq can read ("), (
            result.stderr
        )
        assert result.stderr.endswith(
            "write key=value pairs such as `host=db.city.local dbname=pohang`, quoting a value with spaces in single "
            "quotes — a file name may not contain '='\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_a_uri_whose_password_holds_an_unencoded_slash_exits_2_quoting_none_of_it(cli: Invoke) -> None:
    result = cli("status", "--db", "postgresql://alice:pa/ss9word@db.example/pohang")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "pohang: the port in --db is not a number; a password holding / @ : % or a space must be percent-encoded "
        "(%2F %40 %3A %25 %20), or kept in ~/.pgpass\n"
    )


def test_a_malformed_uri_exits_2_without_the_token_libpq_quotes(cli: Invoke) -> None:
    result = cli("status", "--db", "POSTGRES://alice:s3cret%zz@db.example/pohang")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "s3cret" not in result.stderr
    assert result.stderr.startswith("pohang: --db is not a PostgreSQL URI libpq can read (invalid percent-encoded")


def test_a_keyword_string_is_a_database(cli: Invoke, pg_uri: str, postgres_server: Server) -> None:
    database = pg_uri.rsplit("/", 1)[1]
    keywords = f"host={postgres_server.host} port={postgres_server.port} user={postgres_server.user} dbname={database}"
    assert cli("init", "--db", keywords, "-q").exit_code == 0
    result = cli("milestones", "--db", keywords, "--format", "tsv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == cli("milestones", "--db", pg_uri, "--format", "tsv").stdout


# --------------------------------------------------------------------------------------------------
# The warning


def test_a_password_typed_in_db_is_warned_about_even_with_q(cli: Invoke, pg_uri: str, postgres_server: Server) -> None:
    uri = postgres_server.uri_with_password(pg_uri.rsplit("/", 1)[1])
    assert cli("init", "--db", pg_uri, "-q").exit_code == 0
    for args in (("status", "-q", "--db", uri), ("--db", uri, "status", "-q")):
        result = cli(*args, "--format", "tsv")
        assert (result.exit_code, result.stderr) == (0, WARNING)
    # Through POHANG_DB it is not on the command line: no warning. Nor without a password.
    for env, args in (({"POHANG_DB": uri}, ()), ({}, ("--db", pg_uri))):
        result = cli("status", "-q", "--format", "tsv", *args, env=env)
        assert (result.exit_code, result.stderr) == (0, "")


# --------------------------------------------------------------------------------------------------
# Every output path


@pytest.fixture
def secret_user(pg_uri: str, cli: Invoke) -> str:
    """A superuser without a password file entry, whose password each example sets; the database initialised."""
    assert cli("init", "--db", pg_uri, "-q").exit_code == 0
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS pohang_secret_user")
        conn.execute("CREATE ROLE pohang_secret_user LOGIN SUPERUSER")
    yield "pohang_secret_user"
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS pohang_secret_user")


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


@given(core=PRINTABLE, data=st.data())
@settings(SECRETS)
def test_no_password_in_any_output_log_or_report(
    cli: Invoke, pg_uri: str, postgres_server: Server, secret_user: str, core: str, data: st.DataObject
) -> None:
    password = password_of(core)
    host, port, database = postgres_server.host, postgres_server.port, pg_uri.rsplit("/", 1)[1]
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(secret_user), sql.Literal(password)))
    form = data.draw(st.sampled_from(["uri", "keywords"]))
    if form == "uri":
        encode = data.draw(st.sampled_from(["all", "unsafe", "query"]))
        db = uri_with(password, scheme_case(data), encode, host, port, database, secret_user)
        missing = uri_with(password, scheme_case(data), encode, host, port, "no_such_database", secret_user)
    else:
        db = keywords_with(password, host, port, database, secret_user)
        missing = keywords_with(password, host, port, "no_such_database", secret_user)
    day = data.draw(st.integers(1, 28))
    runs = [
        cli("record", "battery.investment", "1조", "--date", f"2025-06-{day:02d}", "--db", db),
        cli("record", "battery.investment", "xyz", "--date", "2025-06", "--db", db),
        cli("--db", db, "status", "battery.nope"),
        cli("status", "--db", db, "--format", "tsv"),
        cli("log", "--records", "--format", "json", "--db", db),
        cli("log", "--db", db),
        cli("init", "--db", db),
        cli("doctor", "--db", db),
        cli("report", "-o", "-", "--format", "md", "--db", db),
        cli("report", "-o", "-", "--format", "html", "--db", db),
        cli("status", "--db", missing),
        cli("undo", "--db", db, input="n\n"),
    ]
    assert runs[0].exit_code == 0, runs[0].stderr
    assert runs[0].stderr.startswith(WARNING)
    texts = [run.stdout + run.stderr for run in runs]
    with tempfile.TemporaryDirectory() as directory:
        book = Path(directory) / "report.xlsx"
        assert cli("report", "-o", str(book), "--db", db).exit_code == 0
        texts.append(_xlsx_text(book.read_bytes()))
        # A file database whose command line also names the server: the file's log keeps the line.
        path = Path(directory) / "pohang.json"
        shutil.copyfile(bundled_sample_path(), path)
        written = cli("--db", db, "record", "battery.investment", "2조", "--date", "2025-07", "--db", str(path))
        assert written.exit_code == 0, written.stderr
        texts.append(written.stdout + written.stderr)
        texts.append(Path(f"{path}.log").read_text(encoding="utf-8"))
        texts.append(cli("log", "--db", str(path), "--format", "json").stdout)
    with psycopg.connect(pg_uri) as conn:
        texts.append(str(conn.execute("SELECT * FROM pohang.log").fetchall()))
    for text in texts:
        for spelling in spellings(password):
            assert spelling not in text, (spelling, text)


@pytest.mark.parametrize("password", ["Qx#?/@%:'\\ x9Zq", "Qxpohang%2F9Zq", "Qx&amp;=9Zq"])
def test_a_traceback_names_no_password(
    password: str,
    postgres_server: Server,
    pg_uri: str,
    secret_user: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unforeseen failure still shows its traceback (exit 1), with the password left out of every line."""
    from pohang_cli import launcher
    from pohang_cli.storage.postgres import tables

    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(secret_user), sql.Literal(password)))
    host, port, database = postgres_server.host, postgres_server.port, pg_uri.rsplit("/", 1)[1]
    uri = f"postgresql://{secret_user}:{quote(password, safe='')}@{host}:{port}/{database}"

    def broken(*_args: object) -> None:
        raise RuntimeError(f"lost in {uri} and {password}")

    monkeypatch.setattr(tables, "read_all", broken)
    monkeypatch.setattr(sys, "argv", ["pohang", "status", "--db", uri])
    with pytest.raises(SystemExit) as exited:
        launcher.run(["status", "--db", uri])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "RuntimeError: lost in" in err
    for spelling in spellings(password):
        assert spelling not in err
