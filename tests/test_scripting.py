"""pohang in shell pipelines: stable machine formats, encodings, terminals, closed pipes and cron-friendly exits.

Most tests run the real program in a subprocess, because what they check (the locale's encoding, a pipe
closed by `head`, a terminal on stdout or stderr) does not exist inside a test runner.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, Invoke

from pohang_cli import transfer
from pohang_cli.render import rows
from pohang_cli.storage import Database, bundled_sample_path

POHANG = [sys.executable, "-m", "pohang_cli"]
ACTUALS = "indicator,date,value,source,note\n"

# Each reading command with its arguments, and the columns of its machine output.
READERS: list[tuple[list[str], tuple[str, ...]]] = [
    (["status"], rows.STATUS_FIELDS),
    (["sectors"], rows.SECTOR_FIELDS),
    (["indicators"], rows.INDICATOR_FIELDS),
    (["targets", "--history"], rows.TARGET_FIELDS),
    (["history", "battery.investment"], rows.HISTORY_FIELDS),
    (["milestones"], rows.MILESTONE_FIELDS),
    (["check"], rows.CHECK_FIELDS),
]
MACHINE_FORMATS = ["tsv", "csv", "json", "jsonl", "md"]


def _environment(**changes: str | None) -> dict[str, str]:
    environment = dict(os.environ, POHANG_AS_OF=AS_OF)
    environment.pop("PYTHONIOENCODING", None)
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def _run(*args: str, env: dict[str, str] | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*POHANG, *args], input=stdin, capture_output=True, env=env or _environment(), timeout=60, check=False
    )


def _on_terminal(
    args: list[str], env: dict[str, str], *, stdout: bool = True, stderr: bool = False, stdin: bool = False
) -> tuple[bytes, subprocess.Popen[bytes]]:
    """Run pohang with the chosen streams on a pseudo-terminal; returns what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*POHANG, *args],
        stdin=follower if stdin else subprocess.DEVNULL,
        stdout=follower if stdout else subprocess.PIPE,
        stderr=follower if stderr else subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    shown = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(shown), process


def _actuals(count: int) -> str:
    """A csv of `count` daily actuals of battery.jobs, from 1 January 1900 on."""
    first = date(1900, 1, 1).toordinal()
    return ACTUALS + "".join(f"battery.jobs,{date.fromordinal(first + n).isoformat()},{n},,\n" for n in range(count))


# ---------------------------------------------------------------------------------------------------
# Machine output is a contract


@pytest.mark.parametrize(("command", "fields"), READERS, ids=lambda value: str(value[0]) if value else "")
def test_machine_output_ignores_language_width_colour_and_locale(
    cli: Invoke, db: str, command: list[str], fields: tuple[str, ...]
) -> None:
    """Every reading command prints the same bytes in every machine format whatever --lang, width or colour."""
    for fmt in MACHINE_FORMATS:
        korean = cli(
            *command, "--db", db, "--format", fmt, "--lang", "ko", "--color", "always",
            env={"COLUMNS": "40", "LANG": "ko_KR.UTF-8", "NO_COLOR": ""},
        )  # fmt: skip
        english = cli(
            *command, "--db", db, "--format", fmt, "--lang", "en", "--color", "never",
            env={"COLUMNS": "250", "LANG": "C"},
        )  # fmt: skip
        assert korean.exit_code == english.exit_code
        assert korean.stdout == english.stdout, fmt
        assert "\x1b" not in korean.stdout
    header = cli(*command, "--db", db, "--format", "csv").stdout.splitlines()[0]
    assert tuple(header.split(",")) == fields


@pytest.mark.parametrize(("command", "fields"), READERS, ids=lambda value: str(value[0]) if value else "")
def test_fields_choose_columns_in_every_reading_command(
    cli: Invoke, db: str, command: list[str], fields: tuple[str, ...]
) -> None:
    """--fields picks and orders columns; an unknown one exits 2 listing every valid field."""
    chosen = f"{fields[-1]},{fields[0]}"
    result = cli(*command, "--db", db, "--format", "csv", "--fields", chosen)
    assert result.exit_code in (0, 3)
    parsed = list(csv.reader(io.StringIO(result.stdout)))
    assert parsed[0] == [fields[-1], fields[0]]
    assert all(len(row) == 2 for row in parsed)
    wrong = cli(*command, "--db", db, "--fields", f"{fields[0]},colour")
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert wrong.stderr == f"pohang: unknown field 'colour'; valid fields: {','.join(fields)}\n"


def test_pohang_format_sets_the_default_and_format_wins(cli: Invoke, db: str) -> None:
    """POHANG_FORMAT replaces the default format; --format on the command line overrides it."""
    from_env = cli("sectors", "--db", db, env={"POHANG_FORMAT": "json"})
    assert [row["id"] for row in json.loads(from_env.stdout)][:2] == ["battery", "hydrogen"]
    overridden = cli("sectors", "--db", db, "--format", "tsv", env={"POHANG_FORMAT": "json"})
    assert overridden.stdout.startswith("id\tname_ko\tname_en\t")


def test_machine_output_is_utf8_under_an_ascii_locale(db: str) -> None:
    """Under LC_ALL=C with Python's UTF-8 mode off, data, tables and messages are still UTF-8 and nothing fails."""
    ascii_locale = _environment(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    utf8_locale = _environment(LC_ALL="C.UTF-8", LANG="C.UTF-8")
    for fmt in MACHINE_FORMATS:
        plain = _run("sectors", "--db", db, "--format", fmt, env=ascii_locale)
        assert (plain.returncode, plain.stderr) == (0, b"")
        assert plain.stdout == _run("sectors", "--db", db, "--format", fmt, env=utf8_locale).stdout
        assert "이차전지".encode() in plain.stdout
    table = _run("sectors", "--db", db, "--format", "table", "--lang", "ko", env=ascii_locale)
    assert (table.returncode, table.stderr) == (0, b"")
    assert "이차전지".encode() in table.stdout
    refused = _run("import", "-", "--db", db, stdin='{"sector": "우주", "title": "발사"}\n'.encode(), env=ascii_locale)
    assert (refused.returncode, refused.stdout) == (2, b"")
    assert refused.stderr.decode("utf-8").startswith("pohang: stdin line 1, field 'sector': unknown sector '우주'")


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with 20,000 daily observations more: output far larger than a pipe's buffer."""
    path = tmp_path_factory.mktemp("big") / "pohang.json"
    path.write_bytes(bundled_sample_path().read_bytes())
    parsed = transfer.parse(_actuals(20_000).encode(), "many.csv", "csv")
    transfer.import_records(Database(path), parsed, today=date.fromisoformat(AS_OF))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_a_closed_pipe_ends_quietly(big_db: Path, fmt: str) -> None:
    """`pohang history ... | head -1` stops without a traceback or a message, exit 1 as Python's convention."""
    writer = subprocess.Popen(
        [*POHANG, "history", "battery.jobs", "--db", str(big_db), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(),
    )
    assert writer.stdout is not None
    head = subprocess.run(["head", "-n", "1"], stdin=writer.stdout, capture_output=True, timeout=60, check=True)
    writer.stdout.close()
    _, errors = writer.communicate(timeout=60)
    assert head.stdout.decode().startswith(("indicator", "[", "{", "| indicator"))
    assert (writer.returncode, errors) == (1, b"")


# ---------------------------------------------------------------------------------------------------
# Terminals and colour


def test_table_on_a_terminal_and_tsv_when_piped(db: str) -> None:
    """With no --format, a terminal gets the table and a pipe gets tsv."""
    shown, process = _on_terminal(["sectors", "--db", db], _environment(NO_COLOR="1"))
    assert process.returncode == 0
    assert "─".encode() in shown
    assert b"\t" not in shown
    piped = _run("sectors", "--db", db)
    assert piped.stdout.startswith(b"id\tname_ko\tname_en\tindicators\ttargets\tmilestones\tsource\n")


def test_no_escape_codes_with_no_color_or_when_piped(db: str) -> None:
    """NO_COLOR on a terminal, or a table piped to a file, carries no escape codes; a plain terminal gets colour."""
    coloured, _ = _on_terminal(["status", "--db", db], _environment(NO_COLOR=None, TERM="xterm"))
    assert b"\x1b[" in coloured
    plain, _ = _on_terminal(["status", "--db", db], _environment(NO_COLOR="1", TERM="xterm"))
    assert b"\x1b" not in plain
    piped = _run("status", "--db", db, "--format", "table", env=_environment(NO_COLOR=None))
    assert piped.returncode == 0
    assert b"\x1b" not in piped.stdout


# ---------------------------------------------------------------------------------------------------
# check for cron


def test_check_lists_problems_in_the_chosen_format_and_exits_3(db: str) -> None:
    """`check --format json` prints the problems as JSON on stdout, a count on stderr, and exits 3."""
    result = _run("check", "--db", db, "--format", "json")
    assert result.returncode == 3
    problems = json.loads(result.stdout)
    assert {problem["kind"] for problem in problems} == {"milestone", "target"}
    assert all(problem["days_overdue"] > 0 for problem in problems if problem["kind"] == "milestone")
    # §7, §8.1 and §8.3: a target awaiting its final figure, one whose assessment disputes its figures and one with
    # no data past its deadline are reported, their flags saying why, with what their figures indicate.
    targets = [problem for problem in problems if problem["kind"] == "target"]
    assert [(p["id"], p["status"], p["flags"], p["indication"]) for p in targets] == [
        (
            "battery.ecopro-cathode-capacity@2025",
            "pending_final",
            ["low_confidence", "awaiting_final_data", "stale", "deadline_passed"],
            "off_track",
        ),
        (
            "battery.investment@2027",
            "insufficient",
            ["low_confidence", "provisional", "stale", "reach_passed", "disputed"],
            "on_track",
        ),
        ("battery.cathode-output@2025", "no_data", ["no_baseline", "deadline_passed"], None),
    ]
    assert result.stderr == f"{len(problems)} problem(s) found\n".encode()


def test_check_exits_0_with_an_empty_result_when_nothing_is_wrong(db: str) -> None:
    """With nothing wrong, check exits 0: an empty JSON array on stdout and the summary on stderr."""
    result = _run("check", "--db", db, "--format", "json", "--as-of", "2024-01-01")
    assert (result.returncode, result.stdout) == (0, b"[]\n")
    # Two of the 14 targets in force today were adopted later in 2024 (EcoPro's and POSCO Future M's plans, §8.5).
    assert result.stderr == b"ok: 12 targets and 58 milestones checked, no problems\n"
    quiet = _run("check", "--db", db, "--format", "tsv", "--as-of", "2024-01-01", "-q")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (
        0,
        b"kind\tid\tsector\tname_ko\tname_en\tstatus\tdays_overdue\tflags\tindication\towner\tnext_expected\n",
        b"",
    )


def test_check_exits_3_for_a_target_at_or_below_fail_on(db: str) -> None:
    """--fail-on fails on targets at or below a verdict; a status that is no verdict catches itself alone (§8.1)."""
    # The sample's assessment disputes battery investment, which check reports whatever --fail-on says: taken away.
    assert _run("remove", "assessment", "battery.investment@2027", "--yes", "--db", db, "-q").returncode == 0
    lenient = _run("check", "--db", db, "--format", "csv", "--fail-on", "missed")
    strict = _run("check", "--db", db, "--format", "csv", "--fail-on", "on_track")
    wanting = _run("check", "--db", db, "--format", "csv", "--fail-on", "insufficient")
    assert (lenient.returncode, strict.returncode, wanting.returncode) == (3, 3, 3)
    # The no-data target past its deadline is reported whatever --fail-on says; the one with too little evidence
    # only when asked for by name: it is no verdict, so never "at or below on track".
    assert b"\ntarget,battery.cathode-output@2025," in lenient.stdout
    assert b"\ntarget,battery.investment@2027," not in lenient.stdout
    assert b"\ntarget,battery.investment@2027," not in strict.stdout
    assert b"\ntarget,battery.investment@2027," in wanting.stdout


# ---------------------------------------------------------------------------------------------------
# Writers in scripts


def test_writers_print_the_id_alone_and_never_prompt_without_a_terminal(db: str) -> None:
    """With stdin not a terminal, writers run without asking, print the id alone, and -q silences stderr."""
    record = _run("record", "battery.investment", "6조", "--date", "2024", "--db", db)
    assert (record.returncode, record.stdout, record.stderr) == (
        0,
        b"battery.investment:2024\n",
        b"recorded battery.investment:2024: KRW 6,000,000,000,000 for 2024 (year)\n",
    )
    quiet = _run("add-milestone", "수소", "충전소 준공", "--due", "2027", "-q", "--db", db)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, b"59\n", b"")
    piped = _run("import", "-", "--db", db, stdin=(ACTUALS + "battery.investment,2025,7조,,\n").encode())
    assert (piped.returncode, piped.stdout) == (0, b"")
    assert piped.stderr == b"imported stdin (UTF-8): 1 added, 0 updated, 0 unchanged (observations)\n"


def test_undo_without_a_terminal_refuses_instead_of_asking(sample_db: Path) -> None:
    """`undo` run by a script (stdin not a terminal) exits 2 without prompting and changes nothing."""
    assert _run("record", "battery.investment", "6조", "--date", "2024", "-q", "--db", str(sample_db)).returncode == 0
    before = sample_db.read_bytes()
    result = _run("undo", "--db", str(sample_db))
    assert (result.returncode, result.stdout) == (2, b"")
    assert b"add --yes" in result.stderr
    assert sample_db.read_bytes() == before


def test_import_from_stdin_on_a_terminal_is_refused(db: str) -> None:
    """`import -` typed at a terminal exits 2 with a hint instead of waiting for input."""
    shown, process = _on_terminal(["import", "-", "--db", db], _environment(), stdout=False, stderr=True, stdin=True)
    assert process.returncode == 2
    assert b"nothing to read: pipe a file into `pohang import -`" in shown


@pytest.mark.slow
def test_a_large_import_draws_a_progress_bar_only_on_a_terminal(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """On a terminal stderr shows a progress bar, the summary and the first rows as stored; piped, the summary alone."""
    many = tmp_path / "many.csv"
    many.write_text(_actuals(12_000), encoding="utf-8")
    copy = tmp_path / "copy.json"
    copy.write_bytes(sample_db.read_bytes())
    shown, process = _on_terminal(
        ["import", str(many), "--db", str(sample_db)], _environment(NO_COLOR="1"), stdout=False, stderr=True
    )
    assert process.returncode == 0
    assert b"checking" in shown
    assert b"12000/12000" in shown
    summary = f"imported {many} (UTF-8): 12000 added, 0 updated, 0 unchanged (observations)".encode()
    jobs = ["0 jobs", "1 job", "2 jobs", "3 jobs", "4 jobs"]
    assert shown.rstrip().split(summary)[1].split(b"\r\n")[1:] == [
        f"  added observation battery.jobs:1900-01-0{day}: {jobs[day - 1]} for 1900-01-0{day} (day)".encode()
        for day in range(1, 6)
    ]
    piped = _run("import", str(many), "--db", str(copy))
    assert piped.stderr == f"imported {many} (UTF-8): 12000 added, 0 updated, 0 unchanged (observations)\n".encode()


# --------------------------------------------------------------------------------------------------
# The README's pipelines (Scripting, "Pipe status into other tools"), run as printed.


def _readme_session(section: str) -> list[tuple[str, str]]:
    """Each `$ command` of the first console block under `section` in README.md, with the output printed below it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split(section, 1)[1].split("```console\n", 1)[1].split("\n```", 1)[0]
    session: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            session.append((line[2:], []))
        else:
            session[-1][1].append(line)
    return [(command, "".join(f"{line}\n" for line in printed)) for command, printed in session]


def _shell_with_pohang(directory: Path) -> dict[str, str]:
    """A shell environment where `pohang` is this pohang, on the README's database in `directory`."""
    bin_dir = directory / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "pohang"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m pohang_cli "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return _environment(PATH=f"{bin_dir}:{os.environ['PATH']}", POHANG_DB="pohang.json", NO_COLOR="1")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed: the README's pipelines use it")
def test_the_readme_pipelines_print_what_the_readme_shows(tmp_path: Path) -> None:
    """Every command of the README's status pipelines, run against the sample as the README sets it up."""
    environment = _shell_with_pohang(tmp_path)
    shutil.copyfile(bundled_sample_path(), tmp_path / "pohang.json")
    session = _readme_session("### Pipe status into other tools")
    assert len(session) >= 6
    for command, printed in session:
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command.replace("| head -3", "| sed -n 1,3p")],
            cwd=tmp_path,
            capture_output=True,
            env=environment,
            timeout=120,
            check=False,
        )
        assert (result.returncode, result.stderr.decode()) == (0, ""), command
        assert result.stdout.decode("utf-8") == printed, command
