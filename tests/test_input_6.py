"""Options anywhere (issue 18, point 6): every global option before or after every command means the same.

Each command runs once with the option before it and once after it, on identical copies of the sample: the
exit code, stdout and stderr are the same. Where the command gives the option a meaning of its own (`--format`
of export, import and report is a file format), it holds in both positions; an option that means nothing to
the command is refused with exit 2 in both positions, never ignored.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF, Invoke

from pohang_cli.storage import bundled_sample_path

# A run of each command that succeeds on the sample (an export of the milestones is the file `import` reads).
COMMANDS: dict[str, list[str]] = {
    "status": [],
    "sectors": [],
    "indicators": [],
    "targets": [],
    "history": ["battery.investment"],
    "milestones": [],
    "check": [],
    "report": ["-o", "-"],
    "site": ["-o", "{dir}/site"],
    "explain": ["battery.investment@2027"],
    "add-indicator": [
        "hydrogen",
        "stations2",
        "--name-ko",
        "수소충전소",
        "--name-en",
        "Stations",
        "--unit",
        "개",
        "--baseline",
        "3",
        "--baseline-date",
        "2023",
    ],
    "add-target": ["battery.cathode-output", "120만", "--by", "2032"],
    "revise-target": ["battery.cathode-output@2030", "--by", "2031", "--date", "2026-11-01", "--reason", "조정"],
    "record": ["battery.investment", "7조", "--date", "2025"],
    "add-milestone": ["바이오", "준공", "--due", "2027-12"],
    "update-milestone": ["12", "--note", "확인"],
    "init": ["--empty"],
    "add-sector": ["space", "--name-ko", "우주항공", "--name-en", "Space"],
    "update-sector": ["future-tech", "--name-ko", "미래신산업"],
    "update-indicator": ["battery.jobs", "--note", "확인"],
    "update-target": ["battery.cathode-output@2030", "--note", "확인"],
    "remove": ["observation", "battery.investment:2023", "--yes"],
    "assess": [
        "battery.investment@2027",
        "부진",
        "--basis",
        "부진",
        "--source",
        "https://example.org/a",
        "--date",
        "2024-12",
    ],
    "import": ["{dir}/milestones.csv"],
    "export": ["--kind", "milestones"],
    "template": ["-o", "{dir}/entry.xlsx"],
    "log": ["--limit", "3"],
    "undo": ["--yes"],
    "doctor": [],
    "roles": [],
    "migrate": ["--dry-run"],
}

# The value each global option takes in the walk; --format has the value that means something to the command.
FORMAT = {"export": "csv", "import": "csv", "report": "md"}
OPTIONS = ["--db", "--lang", "--as-of", "--format", "-q", "--color"]

# The options that mean nothing to a command, and are refused there (exit 2) in both positions.
WRITERS = {"add-indicator", "add-target", "revise-target", "record", "add-milestone", "update-milestone", "init"}
WRITERS |= {"add-sector", "update-sector", "update-indicator", "update-target", "remove", "template", "undo"}
WRITERS |= {"assess", "migrate"}
NO_AS_OF = {"sectors", "indicators", "targets", "init", "add-sector", "update-sector", "update-target", "remove"}
NO_AS_OF |= {"export", "log", "undo", "roles", "migrate"}
NO_COLOR_OPTION = WRITERS | {"report", "import", "export", "roles", "site"}
# The commands of a PostgreSQL database only, which the walk's file refuses (exit 2) whatever the option.
SERVER_ONLY = {"roles"}
MEANINGLESS = {
    "--format": WRITERS | {"site"},
    "--as-of": NO_AS_OF,
    "--color": NO_COLOR_OPTION,
}


def _words(option: str, command: str, directory: Path) -> list[str]:
    if option == "--db":
        return ["--db", str(directory / ("new.json" if command == "init" else "pohang.json"))]
    if option == "-q":
        return ["-q"]
    value = {"--lang": "ko", "--as-of": AS_OF, "--color": "never"}.get(option) or FORMAT.get(command, "json")
    return [option, value]


def _run(cli: Invoke, directory: Path, command: str, option: str, before: bool) -> tuple[int, str, str]:
    """`pohang [OPTION] COMMAND ARGS [OPTION]` on a fresh copy of the sample in `directory`."""
    shutil.copyfile(bundled_sample_path(), directory / "pohang.json")
    (directory / "new.json").unlink(missing_ok=True)
    (directory / "entry.xlsx").unlink(missing_ok=True)
    args = [word.format(dir=directory) for word in COMMANDS[command]]
    if command == "undo":  # the sample's own entries are not undone: give it one
        done = cli("record", *COMMANDS["record"], "--db", str(directory / "pohang.json"), "-q")
        assert done.exit_code == 0, done.stderr
    db = [] if option == "--db" else ["--db", str(directory / ("new.json" if command == "init" else "pohang.json"))]
    words = _words(option, command, directory)
    line = [*words, command, *args, *db] if before else [command, *args, *db, *words]
    result = cli(*line, env={"POHANG_AS_OF": AS_OF})
    # `undo` shows when the change it reverts was made: the two runs made theirs a second apart, at times.
    return result.exit_code, result.stdout, re.sub(r"\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST\)", "(TIME)", result.stderr)


@pytest.fixture(scope="module")
def milestones_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from pohang_cli.cli import app

    directory = tmp_path_factory.mktemp("walk")
    result = CliRunner().invoke(
        app, ["export", "--kind", "milestones", "--format", "csv", "--db", str(bundled_sample_path())]
    )
    assert result.exit_code == 0, result.stderr
    (directory / "milestones.csv").write_text(result.stdout, encoding="utf-8")
    return directory


def test_the_walk_covers_every_command() -> None:
    """A command added later must join the walk."""
    from pohang_cli.cli import app
    from pohang_cli.launcher import _command_name

    assert {_command_name(info) for info in app.registered_commands} == set(COMMANDS)


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_option_means_the_same_before_and_after_the_command(
    cli: Invoke, milestones_csv: Path, command: str, option: str
) -> None:
    before = _run(cli, milestones_csv, command, option, before=True)
    after = _run(cli, milestones_csv, command, option, before=False)
    assert before == after
    code, stdout, stderr = after
    if command in MEANINGLESS.get(option, set()):
        assert (code, stdout) == (2, "")
        if option != "--lang":
            assert f"means nothing to `pohang {command}`" in stderr or "쓸 데가 없습니다" in stderr, stderr
    elif command in SERVER_ONLY:
        assert (code, stdout) == (2, "")
        assert "PostgreSQL" in stderr, stderr
    else:
        assert code in (0, 3), stderr


def test_format_before_export_is_the_file_format(cli: Invoke, sample_db: Path) -> None:
    """`pohang --format csv export --kind milestones` writes CSV, not JSON."""
    result = cli("--format", "csv", "export", "--kind", "milestones", "--db", str(sample_db))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("id,sector,title,")


def test_format_before_report_is_the_report_format(cli: Invoke, sample_db: Path) -> None:
    result = cli("--format", "md", "report", "-o", "-", "--db", str(sample_db))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("#")


@pytest.mark.parametrize("position", ["before", "after"])
def test_a_format_that_means_nothing_to_export_is_refused(cli: Invoke, sample_db: Path, position: str) -> None:
    """A table is no file format: refused with exit 2 on either side, nothing written to stdout."""
    option = ["--format", "table"]
    line = [*option, "export"] if position == "before" else ["export", *option]
    result = cli(*line, "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "table" in result.stderr


def test_lang_after_a_writer(cli: Invoke, sample_db: Path) -> None:
    """`pohang record X 1 --lang ko`, refused before, now says what it stored in Korean."""
    result = cli("record", "battery.investment", "7조", "--date", "2025", "--db", str(sample_db), "--lang", "ko")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "battery.investment:2025\n"
    assert result.stderr.startswith("battery.investment:2025을(를) 기록했습니다: 2025 (연) 7조 원")


def test_format_after_a_writer_is_refused_in_its_words(cli: Invoke, sample_db: Path) -> None:
    before = sample_db.read_bytes()
    result = cli("record", "battery.investment", "7조", "--date", "2025", "--db", str(sample_db), "--format", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "pohang: --format means nothing to `pohang record`; leave it out\n"
    assert sample_db.read_bytes() == before


def test_a_global_option_word_after_double_dash_is_a_value(cli: Invoke, sample_db: Path) -> None:
    """After `--` nothing is an option, not even a global one: `--lang` there is an argument."""
    result = cli("record", "battery.investment", "--date", "2025", "--db", str(sample_db), "--", "--lang")
    assert result.exit_code == 2
    assert "means nothing" not in result.stderr


@pytest.mark.parametrize("line", [["record", "--help", "--format", "csv"], ["--as-of", "2025", "sectors", "-h"]])
def test_help_is_shown_whatever_else_was_typed(cli: Invoke, line: list[str]) -> None:
    result = cli(*line)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Usage: pohang {line[0] if line[0] != '--as-of' else 'sectors'} ")
