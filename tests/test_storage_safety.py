"""The database file is never lost: lock, atomic replace, backups, and damaged files reported, never rewritten."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli import storage
from pohang_cli.audit import log_path
from pohang_cli.storage import backup_path

HOLD_LOCK = """
import sys, time
import filelock
lock = filelock.FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def lock_holder(sample_db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's lock until the test ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(sample_db) + ".lock"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()


def files_beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_a_writer_waiting_past_the_timeout_exits_4_and_writes_nothing(
    cli: Invoke, sample_db: Path, lock_holder: subprocess.Popen[str]
) -> None:
    """With the lock held elsewhere, a writer gives up after POHANG_LOCK_TIMEOUT with "database busy"."""
    before = sample_db.read_bytes()
    result = cli("add-milestone", "battery", "x", "--db", str(sample_db), env={"POHANG_LOCK_TIMEOUT": "0.2"})
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith("pohang: database busy: another pohang process has held ")
    assert "more than 0.2 s; nothing was written" in result.stderr
    assert sample_db.read_bytes() == before
    assert not log_path(sample_db).exists()


def test_readers_do_not_wait_for_a_writer(cli: Invoke, sample_db: Path, lock_holder: subprocess.Popen[str]) -> None:
    """Reading needs no lock: the file is only ever replaced whole, so a reader sees the old or the new one."""
    result = cli("milestones", "--db", str(sample_db), "--format", "json", env={"POHANG_LOCK_TIMEOUT": "0"})
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 58


@pytest.mark.parametrize("value", ["soon", "-1", "inf", "nan"])
def test_a_bad_lock_timeout_is_refused(cli: Invoke, sample_db: Path, value: str) -> None:
    """POHANG_LOCK_TIMEOUT must be a finite, non-negative number of seconds."""
    result = cli("add-milestone", "battery", "x", "--db", str(sample_db), env={"POHANG_LOCK_TIMEOUT": value})
    assert (result.exit_code, result.stdout) == (2, "")
    assert "POHANG_LOCK_TIMEOUT must be" in result.stderr


def test_a_write_keeps_the_previous_version_as_bak(cli: Invoke, sample_db: Path) -> None:
    """After a write, db.bak holds exactly the bytes the file had before it."""
    before = sample_db.read_bytes()
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0
    assert backup_path(sample_db).read_bytes() == before
    assert sample_db.read_bytes() != before


def test_a_write_keeps_the_file_mode(cli: Invoke, sample_db: Path) -> None:
    """A database shared by a group stays group-readable after a write (the temp file starts as 0600)."""
    sample_db.chmod(0o640)
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0
    assert stat.S_IMODE(sample_db.stat().st_mode) == 0o640


def test_a_failed_replace_leaves_the_file_and_no_temporary(
    cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When os.replace fails (disk full, permissions) the command exits 4 and the old file is intact."""
    before = sample_db.read_bytes()
    original_replace = os.replace

    def failing_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target) == sample_db:
            raise OSError(28, "No space left on device")
        original_replace(source, target)

    monkeypatch.setattr(storage.files.os, "replace", failing_replace)
    result = cli("add-milestone", "battery", "x", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert (
        result.stderr == f"pohang: cannot write {sample_db}: No space left on device; the database was left as it was\n"
    )
    assert sample_db.read_bytes() == before
    assert not [name for name in files_beside(sample_db) if name.endswith(".tmp")]


def test_a_failed_fsync_leaves_the_file(cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An I/O error while syncing the new content exits 4 and changes nothing."""
    before = sample_db.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(storage.files.os, "fsync", failing_fsync)
    result = cli("record", "battery.investment", "8조", "--date", "2025", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert "Input/output error" in result.stderr
    assert sample_db.read_bytes() == before


def test_temporaries_of_killed_writers_are_removed_by_the_next_write(cli: Invoke, sample_db: Path) -> None:
    """A temp file left by a writer killed before its rename is cleaned up under the lock."""
    stale = sample_db.with_name(f".{sample_db.name}.abc123.tmp")
    stale.write_bytes(b'{"half": ')
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0
    assert not stale.exists()


def test_a_missing_database_given_by_path_is_not_created(cli: Invoke, tmp_path: Path) -> None:
    """A typo in --db exits 4 with a hint to run init, and creates no file."""
    path = tmp_path / "typo.json"
    result = cli("add-milestone", "battery", "x", "--db", str(path))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == f"pohang: no database at {path} — create one with `pohang init --db {path}`\n"
    assert not path.exists()


# ---------------------------------------------------------------------------------------------------
# Damaged files: exit 4, the file and its backup untouched


def make_backup(cli: Invoke, db: Path) -> bytes:
    """Write once so that db.bak exists; returns the current bytes."""
    assert cli("add-milestone", "battery", "백업 만들기", "--db", str(db), "-q").exit_code == 0
    return db.read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ("status",),
        ("milestones",),
        ("add-milestone", "battery", "x"),
        ("record", "battery.investment", "1조", "--date", "2024"),
        ("update-milestone", "1", "--status", "done"),
        ("log",),
        ("undo", "--yes"),
        ("doctor",),
        ("init", "--force"),
    ],
)
def test_a_truncated_file_exits_4_and_keeps_its_bytes(cli: Invoke, sample_db: Path, command: tuple[str, ...]) -> None:
    """Every command on a truncated file exits 4 naming the file, line and column and the backup to restore."""
    whole = make_backup(cli, sample_db)
    truncated = whole[: len(whole) // 2]
    sample_db.write_bytes(truncated)
    backup = backup_path(sample_db).read_bytes()
    if command[0] == "init":
        # init --force replaces a broken file on purpose: the broken one is kept apart, the good .bak stays.
        result = cli(*command, "--db", str(sample_db), "-q")
        assert result.exit_code == 0
        assert sample_db.with_name(sample_db.name + ".damaged").read_bytes() == truncated
        assert backup_path(sample_db).read_bytes() == backup
        return
    result = cli(*command, "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    line = truncated.count(b"\n") + 1
    assert result.stderr.startswith(f"pohang: {sample_db} is not valid JSON (")
    assert f" at line {line}, column " in result.stderr
    assert f"restore it with `cp {backup_path(sample_db)} {sample_db}`" in result.stderr
    assert sample_db.read_bytes() == truncated
    assert backup_path(sample_db).read_bytes() == backup


def test_a_file_cut_anywhere_is_reported_never_rewritten(cli: Invoke, sample_db: Path) -> None:
    """Cut at 150 places, the file makes a write exit 4 (or succeed only if the cut left whole JSON)."""
    whole = sample_db.read_bytes()
    step = max(1, len(whole) // 150)
    for cut in range(0, len(whole), step):
        sample_db.write_bytes(whole[:cut])
        result = cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q")
        assert result.exit_code == 4, cut
        assert sample_db.read_bytes() == whole[:cut], cut
    sample_db.write_bytes(whole[:-1])  # only the final newline cut: still the whole database
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"[1, 2, 3]\n", "is not a pohang database (expected an object of tables)"),
        (b'{"sectors": []}\n', "is not a pohang database (expected an object of tables)"),
        (b'{"sectors": {}}\n', "is not a pohang database (no valid schema_version)"),
        (b'{"_meta": {"1": {"schema_version": "1"}}}\n', "is not a pohang database (no valid schema_version)"),
        (b'{"_meta": {"1": {"schema_version": -1}}}\n', "is not a pohang database (no valid schema_version)"),
        (b"\xff\xfe{}", "is not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_pohang_database_exits_4(
    cli: Invoke, sample_db: Path, content: bytes, message: str
) -> None:
    """Files that are not pohang databases are named, explained, and left as they are."""
    make_backup(cli, sample_db)
    sample_db.write_bytes(content)
    result = cli("add-milestone", "battery", "x", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"pohang: {sample_db} ")
    assert message in result.stderr
    assert "the file was left untouched" in result.stderr
    assert sample_db.read_bytes() == content


def test_a_newer_schema_version_exits_4_and_is_not_touched(cli: Invoke, sample_db: Path) -> None:
    """A file written by a newer pohang is refused with the versions, never downgraded."""
    data = json.loads(sample_db.read_text(encoding="utf-8"))
    data["_meta"]["1"]["schema_version"] = 99
    content = json.dumps(data, ensure_ascii=False).encode("utf-8")
    sample_db.write_bytes(content)
    for command in (("status",), ("add-milestone", "battery", "x"), ("doctor",)):
        result = cli(*command, "--db", str(sample_db))
        assert (result.exit_code, result.stdout) == (4, "")
        assert result.stderr == (
            f"pohang: {sample_db} has schema version 99, newer than this pohang understands (3); "
            "upgrade pohang — the file was left untouched\n"
        )
    assert sample_db.read_bytes() == content


def test_two_records_with_one_id_stop_writes_before_one_is_lost(cli: Invoke, sample_db: Path) -> None:
    """A synced or hand-merged file with a duplicate id exits 4 (writing it would drop a record); doctor lists it."""
    data = json.loads(sample_db.read_text(encoding="utf-8"))
    data["milestones"]["99"] = dict(data["milestones"]["1"], title="동기화로 생긴 사본")
    content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    sample_db.write_bytes(content)
    result = cli("add-milestone", "battery", "x", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert "shares it with another" in result.stderr
    assert "run `pohang doctor`" in result.stderr
    assert sample_db.read_bytes() == content
    doctor = cli("doctor", "--db", str(sample_db), "--format", "tsv")
    assert doctor.exit_code == 1
    assert "milestone\t1\tduplicate-id\t2 records share this id; a write would keep only one of them\terror\n" in (
        doctor.stdout
    )


def test_a_malformed_record_is_a_damaged_database_not_bad_input(cli: Invoke, sample_db: Path) -> None:
    """A hand-edited date no parser accepts makes reading commands exit 4 and point at doctor."""
    text = sample_db.read_text(encoding="utf-8").replace('"date": "2019-07-23"', '"date": "23.07.2019"')
    sample_db.write_text(text, encoding="utf-8")
    result = cli("milestones", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith("pohang: the stored record 1 is malformed (")
    assert result.stderr.endswith("run `pohang doctor` to list every problem\n")
