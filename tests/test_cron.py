"""Safe for cron: `check` and every writer never create the sample database; a reading command says so when it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.storage import default_database_path


def _default_path() -> Path:
    import os

    return default_database_path(os.environ)


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "-q", "--format", "tsv"),
        ("record", "battery.investment", "7조", "--date", "2024"),
        ("add-target", "battery.investment", "20조", "--by", "2030"),
        ("revise-target", "battery.investment@2027", "--value", "15조", "--reason", "x"),
        ("add-indicator", "bio", "beds", "--name-ko", "병상", "--name-en", "Beds", "--unit", "beds",
         "--baseline", "0", "--baseline-date", "2023"),
        ("add-milestone", "bio", "착공"),
        ("update-milestone", "1", "--status", "done"),
        ("import", "-"),
        ("undo", "--yes"),
    ],
)  # fmt: skip
def test_check_and_writers_never_create_the_sample(cli: Invoke, args: tuple[str, ...]) -> None:
    """On a missing default database: exit 4, the `init` hint on stderr, nothing on stdout, no file made."""
    path = _default_path()
    result = cli(*args, input="")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        f"pohang: no database at {path} — create it with `pohang init` (the sample) or `pohang init --empty`, "
        "or name one with --db or POHANG_DB\n"
    )
    assert not path.exists()
    assert not path.parent.exists() or not any(path.parent.iterdir())


def test_a_writer_on_a_missing_db_path_exits_4_and_creates_nothing(cli: Invoke, tmp_path: Path) -> None:
    """A mistyped --db is not created either (the contract's rule, kept)."""
    missing = tmp_path / "typo.json"
    result = cli("record", "battery.investment", "7조", "--date", "2024", "--db", str(missing))
    assert (result.exit_code, result.stdout) == (4, "")
    assert "pohang init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_reading_command_that_creates_the_sample_says_so_even_quietly(cli: Invoke) -> None:
    """`status -q` on a first run creates the sample and says so on stderr: -q does not hide where data came from."""
    path = _default_path()
    result = cli("status", "-q", "--format", "tsv")
    assert result.exit_code == 0
    assert result.stderr == f"created a new database at {path} from the bundled sample\n"
    assert path.is_file()
    again = cli("status", "-q", "--format", "tsv")
    assert (again.exit_code, again.stderr) == (0, "")


def test_writers_work_once_init_made_the_default_database(cli: Invoke) -> None:
    """After `pohang init` the same writer succeeds: the hint leads somewhere."""
    assert cli("init", "-q").exit_code == 0
    result = cli("add-milestone", "bio", "착공", "-q")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.strip().isdigit()
    assert cli("check", "-q", "--format", "tsv").exit_code in (0, 3)
