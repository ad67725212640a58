"""Schema migrations: each past version's fixture loads, reads unchanged on disk, and is upgraded once on write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli import migrations
from pohang_cli.storage import SCHEMA_VERSION, Database

FIXTURES = Path(__file__).parent / "fixtures"
LAST_VERSION_2 = "711548f"  # the last commit that wrote schema version 2


@pytest.fixture
def v0_db(tmp_path: Path) -> Path:
    """A writable copy of the version 0 fixture."""
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES / "schema_v0.json", path)
    return path


def test_every_past_version_has_a_fixture_and_a_migration() -> None:
    """Versions 0 .. current-1 each have tests/fixtures/schema_vN.json and a step to N+1."""
    assert migrations.current_version() == SCHEMA_VERSION
    for version in range(SCHEMA_VERSION):
        assert (FIXTURES / f"schema_v{version}.json").is_file()
        assert version in migrations.MIGRATIONS
        data = json.loads((FIXTURES / f"schema_v{version}.json").read_text(encoding="utf-8"))
        assert data["_meta"]["1"]["schema_version"] == version


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_each_past_fixture_reads_and_passes_the_doctor(cli: Invoke, tmp_path: Path, version: int) -> None:
    """Every past version's fixture is readable by every reading command and clean for the doctor."""
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES / f"schema_v{version}.json", path)
    for command in ("status", "sectors", "indicators", "targets", "milestones", "check", "log"):
        assert cli(command, "--db", str(path), "--format", "json").exit_code in (0, 3), command
    result = cli("doctor", "--db", str(path))
    assert (result.exit_code, result.stderr) == (0, "ok: 13 records checked, no problems\n")


def test_version_0_dates_keep_their_precision(cli: Invoke, v0_db: Path) -> None:
    """v0 day strings with a precision become ISO dates at that precision: year, quarter, month, day."""
    rows = json.loads(cli("milestones", "--db", str(v0_db), "--format", "json").stdout)
    assert [(r["id"], r["date"], r["due"], r["original_due"]) for r in rows] == [
        (1, "2019-07-23", None, None),
        (3, None, "2027", None),
        (2, None, "2026-Q2", None),
    ]
    history = json.loads(cli("history", "hydrogen.companies", "--db", str(v0_db), "--format", "json").stdout)
    assert [(r["kind"], r["id"], r["date"]) for r in history[:3]] == [
        ("baseline", "hydrogen.companies", "2023-Q3"),
        ("observation", "hydrogen.companies:2024-06", "2024-06"),
        ("observation", "hydrogen.companies:2024-11-01", "2024-11-01"),
    ]
    targets = json.loads(cli("targets", "--history", "--db", str(v0_db), "--format", "json").stdout)
    revised = next(t for t in targets if t["id"] == "hydrogen.companies@2035")
    assert (revised["deadline"], revised["revised_on"], revised["supersedes"]) == (
        "2035",
        "2024-11-01",
        "hydrogen.companies@2030",
    )


def test_reading_an_old_file_never_writes_it(cli: Invoke, v0_db: Path) -> None:
    """Reading commands migrate in memory only: the file, and the directory, stay as they were."""
    before = v0_db.read_bytes()
    for command in ("status", "milestones", "doctor", "log"):
        cli(command, "--db", str(v0_db))
    assert v0_db.read_bytes() == before
    assert sorted(p.name for p in v0_db.parent.iterdir()) == ["old.json"]


def test_the_first_write_upgrades_once_after_keeping_bak_v0(cli: Invoke, v0_db: Path) -> None:
    """A write saves the upgraded file once, keeps the original as .bak-v0, and later writes keep it."""
    original = v0_db.read_bytes()
    assert cli("add-milestone", "battery", "새 일정", "--db", str(v0_db), "-q").stdout == "4\n"
    assert v0_db.with_name("old.json.bak-v0").read_bytes() == original
    data = json.loads(v0_db.read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert "precision" not in v0_db.read_text(encoding="utf-8")
    assert {doc["id"] for doc in data["observations"].values()} == {
        "battery.cathode-output:2023",
        "hydrogen.companies:2024-06",
        "hydrogen.companies:2024-11-01",
    }
    assert cli("add-milestone", "battery", "하나 더", "--db", str(v0_db), "-q").exit_code == 0
    assert v0_db.with_name("old.json.bak-v0").read_bytes() == original
    assert not v0_db.with_name("old.json.bak-v0-2").exists()


def test_migrated_data_equals_what_the_current_version_reads(v0_db: Path, tmp_path: Path) -> None:
    """Upgrading the file and reading it again gives the same records as reading the old file."""
    database = Database(v0_db)
    in_memory = database.read_snapshot()
    with database.locked():
        database.read()
        database.write(database.read())
    upgraded = Database(v0_db).read_snapshot()
    assert (in_memory.schema_version, upgraded.schema_version) == (0, SCHEMA_VERSION)
    for kind in ("sectors", "indicators", "targets", "observations", "milestones"):
        assert dict(getattr(in_memory.dataset, kind).items()) == dict(getattr(upgraded.dataset, kind).items())


def test_an_old_file_that_breaks_its_layout_exits_4_untouched(cli: Invoke, v0_db: Path) -> None:
    """A v0 date with an unknown precision cannot be upgraded: exit 4, and the file is left as it is."""
    text = v0_db.read_text(encoding="utf-8").replace('"due_precision": "quarter"', '"due_precision": "fortnight"')
    v0_db.write_text(text, encoding="utf-8")
    result = cli("add-milestone", "battery", "x", "--db", str(v0_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"pohang: {v0_db} cannot be upgraded from schema version 0 to 1 (due '2026-04-01'")
    assert result.stderr.endswith("the file was left untouched\n")
    assert v0_db.read_text(encoding="utf-8") == text


def _leaves(value: object) -> Iterator[object]:
    """Every value inside a JSON document, the documents' own fields included."""
    if isinstance(value, dict):
        for item in value.values():
            yield item
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)


def test_version_3_packs_the_records_and_reads_them_back_whole(cli: Invoke, tmp_path: Path) -> None:
    """Upgrading v2 leaves out null, empty and default fields at the top of each record; nothing reads differently."""
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES / "schema_v2.json", path)
    reads = ("status", "indicators", "targets", "milestones", "export")
    before = {command: cli(command, "--db", str(path), "--format", "json").stdout for command in reads}
    assert cli("update-milestone", "1", "--note", "확인함", "--db", str(path), "-q").exit_code == 0
    cli("undo", "--yes", "--db", str(path), "-q")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    records = [doc for name, table in data.items() if name != "_meta" for doc in table.values()]
    defaults = {"provisional": False, "status": "planned", "direction": "increase", "kind": "level", "model": "linear"}
    for doc in records:
        assert None not in doc.values(), doc
        assert [] not in doc.values(), doc
        assert not [name for name, value in defaults.items() if name in doc and doc[name] == value], doc
    assert {command: cli(command, "--db", str(path), "--format", "json").stdout for command in reads} == before
    assert path.stat().st_size < 0.85 * (FIXTURES / "schema_v2.json").stat().st_size
    assert None in _leaves(json.loads(before["export"]))  # an export keeps every field


def test_an_older_pohang_refuses_a_version_3_file_with_exit_4(tmp_path: Path, sample_db: Path) -> None:
    """pohang as of the last version-2 commit, run from its own sources, refuses the packed file untouched."""
    root = Path(__file__).resolve().parent.parent
    older = tmp_path / "older"
    older.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", LAST_VERSION_2, "pohang_cli"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        pytest.skip(f"not a git checkout with commit {LAST_VERSION_2}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(older)], input=archive.stdout, check=True)
    content = sample_db.read_bytes()
    environment = {**os.environ, "PYTHONPATH": str(older)}
    for command in (("status",), ("add-milestone", "battery", "x")):
        result = subprocess.run(
            [sys.executable, "-c", "from pohang_cli.launcher import main; main()", *command, "--db", str(sample_db)],
            capture_output=True,
            text=True,
            env=environment,
            cwd=older,  # `-c` puts the working directory first on the path: not this checkout
            check=False,
        )
        assert (result.returncode, result.stdout) == (4, "")
        assert result.stderr == (
            f"pohang: {sample_db} has schema version 3, newer than this pohang understands (2); "
            "upgrade pohang — the file was left untouched\n"
        )
    assert sample_db.read_bytes() == content
