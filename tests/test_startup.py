"""Start-up: what each entry path imports, and the reduced apps the launcher builds (launcher.py).

pohang runs from shell loops, cron and TAB completion, so import cost is most of a call. These tests pin
what must stay out of the import chain; they assert on modules, never on seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from pohang_cli.cli import COMMAND_MODULE, COMMAND_MODULES, app
from pohang_cli.launcher import _command_name, app_for
from pohang_cli.storage import bundled_sample_path

# psycopg: the postgres extra's driver; a file database never loads it, not even to check a URI.
HEAVY = ("tinydb", "rich", "dateutil", "filelock", "pydantic", "plotext", "python_calamine", "xlsxwriter", "psycopg")
SPREADSHEET = {"python_calamine", "xlsxwriter"}


def _loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter."""
    probe = (
        "import sys\n"
        f"{code}\n"
        "sys.stderr.write('\\nMODULES ' + __import__('json').dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    marker = done.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, done.stderr
    return set(json.loads(marker[1]))


def _run_launcher(*args: str) -> str:
    return f"from pohang_cli.launcher import run\ntry:\n    run({list(args)!r})\nexcept SystemExit:\n    pass"


def test_cli_module_imports_no_heavy_library() -> None:
    """`import pohang_cli.cli` loads Typer only: storage, Rich, dateutil and filelock come with the commands."""
    loaded = _loaded_after("import pohang_cli.cli")
    assert "typer" in loaded
    assert loaded.isdisjoint(HEAVY)


def test_cli_module_imports_no_rich_table() -> None:
    """The Rich table module in particular stays out of the CLI module's imports."""
    code = "import pohang_cli.cli\nassert 'rich.table' not in sys.modules and 'tinydb.storages' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def test_version_loads_no_typer() -> None:
    """`pohang --version` answers before Typer is imported."""
    loaded = _loaded_after(_run_launcher("--version"))
    assert "pohang_cli" in loaded
    assert loaded.isdisjoint({"typer", *HEAVY})


def test_version_loads_nothing_python_does_not() -> None:
    """`pohang --version` imports no module a bare `python -c pass` does not (typing alone costs 2 ms)."""
    bare = _loaded_after("pass")
    assert _loaded_after(_run_launcher("--version")) - bare <= {"pohang_cli", "__future__", "gc"}


@pytest.mark.parametrize("args", [("--help",), ("status", "--help"), ("record", "--help")])
def test_help_loads_no_heavy_library(args: tuple[str, ...]) -> None:
    """Help is plain Typer help: no Rich, no storage, no pydantic."""
    loaded = _loaded_after(_run_launcher(*args))
    assert "typer" in loaded
    assert loaded.isdisjoint(HEAVY)


@pytest.mark.parametrize("fmt", ["tsv", "json"])
def test_reading_loads_neither_tinydb_nor_zoneinfo(tmp_path: Path, fmt: str) -> None:
    """`status` reads the file with orjson alone and takes Seoul's date without the tz database."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    loaded = _loaded_after(_run_launcher("status", "--format", fmt, "--db", str(db)))
    assert {"pohang_cli", "orjson"} <= loaded
    assert loaded.isdisjoint({"zoneinfo", *HEAVY})


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_reading_loads_no_writer_no_log_and_no_rich_table(tmp_path: Path, fmt: str) -> None:
    """`status` leaves out the writing use cases, the audit log, Rich's Table and what only a writer uses (the
    temp file of an atomic write, the search for stale ones): start-up it does not need."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    code = (
        _run_launcher("status", "--format", fmt, "--db", str(db))
        + "\nwanted = {'pohang_cli.service.writing', 'pohang_cli.service.validate', 'pohang_cli.audit',"
        + " 'rich.table', 'pohang_cli.render.tables', 'tempfile', 'glob'}"
        + "\nassert not wanted & set(sys.modules), wanted & set(sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_writing_loads_only_what_it_needs(tmp_path: Path) -> None:
    """A write loads filelock for its lock, and no Rich, dateutil or plotext."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    args = ("record", "battery.investment", "1조", "--date", "2024-05", "--as-of", "2026-11-25", "--db", str(db), "-q")
    loaded = _loaded_after(_run_launcher(*args))
    assert "pohang_cli" in loaded
    assert "filelock" in loaded
    assert loaded.isdisjoint({"rich", "dateutil", "pydantic", "plotext", "psycopg"})
    assert "battery.investment:2024-05" in db.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("import", "-", "--dry-run"),
        ("export",),
        ("log",),
        ("doctor",),
        ("undo", "--yes"),
        ("init", "--force", "-q"),
    ],
)
def test_file_commands_never_load_the_postgres_driver(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Whatever a file user runs, psycopg and pohang's PostgreSQL backend stay out of the process."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    code = (
        "import io\nsys.stdin = io.TextIOWrapper(io.BytesIO(b'[]'))\n"
        + _run_launcher(*args, "--db", str(db))
        + "\nassert 'psycopg' not in sys.modules and 'pohang_cli.storage.postgres' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_log_records_import_no_backend() -> None:
    """audit.py is domain: the backends import it, it imports none of them (no circle with storage)."""
    loaded = _loaded_modules_after("import pohang_cli.audit")
    assert not {name for name in loaded if name.startswith("pohang_cli.storage")}, loaded


def _loaded_modules_after(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nsys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


def test_command_line_builds_only_its_command() -> None:
    """`pohang status ...` builds the status command alone, not every command of the app."""
    group = typer.main.get_command(app_for(app, ["status", "--format", "json"]))
    assert isinstance(group, typer.main.TyperGroup)
    assert list(group.commands) == ["status"]
    assert len(typer.main.get_command(app).commands) == len(app.registered_commands)


def test_each_command_is_declared_where_the_launcher_looks_for_it() -> None:
    """`COMMAND_MODULE` names, for every command of the app, the module that declares it, and nothing else."""
    declared = {
        _command_name(info): info.callback.__module__.rpartition(".")[2]
        for info in app.registered_commands
        if info.callback is not None
    }
    assert declared == COMMAND_MODULE
    assert set(COMMAND_MODULE.values()) == set(COMMAND_MODULES)


def test_a_command_line_imports_only_the_module_of_its_command(tmp_path: Path) -> None:
    """`pohang status` imports the reading commands alone: the writers' and the log's declarations stay out."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    loaded = _loaded_modules_after(_run_launcher("status", "--format", "tsv", "--db", str(db)))
    commands = {name for name in loaded if name.rpartition(".")[0] == "pohang_cli.cli"} & {
        f"pohang_cli.cli.{module}" for module in COMMAND_MODULES
    }
    assert commands == {"pohang_cli.cli.reading"}


def test_the_whole_app_lists_the_commands_in_order_whichever_module_came_first() -> None:
    """A command module imported on its own before the whole app does not move its commands up the list."""
    probe = (
        "import sys, json\nimport pohang_cli.cli.safety\nfrom pohang_cli.cli import app\n"
        "print(json.dumps([info.callback.__module__ for info in app.registered_commands]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = [name.rpartition(".")[2] for name in json.loads(done.stdout)]
    assert modules == sorted(modules, key=COMMAND_MODULES.index)
    assert modules[0] == "reading"


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return list(group.commands)


CASES = [
    [],
    ["--help"],
    ["-h"],
    ["--help", "status"],
    ["--bogus"],
    ["statu"],
    ["status", "--bogus"],
    ["record"],
    ["--lang", "ko", "--help"],
    ["--lang", "ko", "status", "--help"],
    ["--lang", "ko", "statu"],
    ["--lang=ko", "-q", "status", "--bogus"],
    ["--db", "x.json", "record"],
    *([name, "--help"] for name in _command_names()),
]


@pytest.mark.parametrize("args", CASES, ids=lambda args: " ".join(args) or "(none)")
def test_reduced_app_prints_what_the_whole_app_prints(args: list[str]) -> None:
    """Help, usage errors and suggestions of the reduced apps are byte for byte the whole app's."""
    env = {"COLUMNS": "100"}
    whole = CliRunner().invoke(app, args, prog_name="pohang", env=env)
    reduced = CliRunner().invoke(app_for(app, args), args, prog_name="pohang", env=env)
    assert (reduced.exit_code, reduced.stdout, reduced.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@pytest.mark.parametrize(
    "args",
    [["--lang", "ko", "status"], ["--lang=ko", "-q", "--db", "x.json", "--format", "json", "status", "--year", "2030"]],
)
def test_options_before_the_command_still_build_only_the_command(args: list[str]) -> None:
    """Global options before the command do not make the launcher build every command."""
    group = typer.main.get_command(app_for(app, args))
    assert isinstance(group, typer.main.TyperGroup)
    assert list(group.commands) == ["status"]


def test_help_app_lists_every_command() -> None:
    """The help-only app registers every command (with a stand-in callback) so the list is complete."""
    reduced = app_for(app, ["--help"])
    assert len(reduced.registered_commands) == len(app.registered_commands)
    assert app.registered_commands[0].callback is not reduced.registered_commands[0].callback


def test_completion_is_reduced_to_the_command_being_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A TAB builds the command the shell's words name (after global options), or the list when none is typed."""
    monkeypatch.setenv("_POHANG_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "pohang --lang ko status --fo")
    monkeypatch.setenv("COMP_CWORD", "4")
    assert [command.callback for command in app_for(app, []).registered_commands] == [
        next(info.callback for info in app.registered_commands if info.callback.__name__ == "status")
    ]
    monkeypatch.setenv("COMP_WORDS", "pohang st")
    monkeypatch.setenv("COMP_CWORD", "1")
    listed = app_for(app, []).registered_commands
    assert len(listed) == len(app.registered_commands)
    assert {command.callback.__name__ for command in listed} == {"_listed_only"}
    monkeypatch.delenv("COMP_WORDS")
    monkeypatch.setenv("_POHANG_COMPLETE", "complete_zsh")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "pohang history ")
    assert [command.callback.__name__ for command in app_for(app, []).registered_commands] == ["history"]


def test_spreadsheet_libraries_load_only_in_the_commands_that_need_them(tmp_path: Path) -> None:
    """json export and csv import load neither; xlsx export loads XlsxWriter alone, xlsx import calamine alone."""
    db = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    book = tmp_path / "all.xlsx"
    text = tmp_path / "sectors.csv"
    assert _loaded_after(_run_launcher("export", "--db", str(db), "-o", str(tmp_path / "a.json"))).isdisjoint(
        SPREADSHEET
    )
    assert _loaded_after(_run_launcher("export", "--db", str(db), "--kind", "sectors", "-o", str(text))).isdisjoint(
        SPREADSHEET
    )
    assert _loaded_after(_run_launcher("import", str(text), "--db", str(db), "-q")).isdisjoint(SPREADSHEET)
    assert _loaded_after(_run_launcher("export", "--db", str(db), "-o", str(book))) & SPREADSHEET == {"xlsxwriter"}
    assert _loaded_after(_run_launcher("import", str(book), "--db", str(db), "-q")) & SPREADSHEET == {"python_calamine"}


@pytest.mark.parametrize(
    ("library", "home"), [("python_calamine", "transfer/workbook.py"), ("xlsxwriter", "render/xlsx.py")]
)
def test_each_spreadsheet_library_has_one_home_module(library: str, home: str) -> None:
    """Only its home module imports the library (ruff's banned-api cannot tell modules of one package apart)."""
    package = Path(__file__).parent.parent / "pohang_cli"
    importers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if any(
            line.lstrip().startswith((f"import {library}", f"from {library}"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    )
    assert importers == [home]
