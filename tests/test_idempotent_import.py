"""Issue point 5: imports are idempotent; milestones are matched with or without ids.

A row with an id matches that id. A row without one matches the stored milestone of the same sector and
title planned for the same date (its original due date, else its due date, else none). Two matches are
refused as ambiguous, naming both. A match that differs in a field is an update naming the fields.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

HEADER = "sector,title,status,due,source\n"


def _sheet(tmp_path: Path, rows: str, name: str = "milestones.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def _count(cli: Invoke, db: str) -> int:
    return len(cli("milestones", "--format", "tsv", "--db", db).stdout.splitlines()) - 1


def test_a_sheet_without_ids_imported_twice_adds_each_milestone_once(cli: Invoke, db: str, tmp_path: Path) -> None:
    """The second import of the same sheet leaves every row unchanged, on both backends."""
    sheet = _sheet(tmp_path, "hydrogen,충전소 착공,planned,2027-06,https://a\nbio,연구동 준공,planned,2027,https://a\n")
    before = _count(cli, db)
    first = cli("import", sheet, "--db", db)
    assert first.stderr.startswith(f"imported {sheet} (UTF-8): 2 added, 0 updated, 0 unchanged")
    second = cli("import", sheet, "--db", db)
    assert second.exit_code == 0
    assert second.stderr == f"imported {sheet} (UTF-8): 0 added, 0 updated, 2 unchanged (milestones)\n"
    assert _count(cli, db) == before + 2


def test_an_export_with_ids_imported_again_is_unchanged(cli: Invoke, sample_db: Path) -> None:
    """Rows with ids match those ids: the whole export of milestones comes back unchanged."""
    db = str(sample_db)
    exported = cli("export", "--kind", "milestones", "--format", "csv", "--db", db).stdout
    run = cli("import", "-", "--db", db, input=exported)
    assert run.stderr == "imported stdin (UTF-8): 0 added, 0 updated, 58 unchanged (milestones)\n"


def test_the_same_export_without_ids_is_unchanged_too(cli: Invoke, sample_db: Path) -> None:
    """Without the id column every stored milestone is found by sector, title and original due date."""
    db = str(sample_db)
    exported = cli("export", "--kind", "milestones", "--format", "csv", "--db", db).stdout
    without_ids = "".join(line.partition(",")[2] + "\n" for line in exported.splitlines())
    run = cli("import", "-", "--format", "csv", "--db", db, input=without_ids)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "imported stdin (UTF-8): 0 added, 0 updated, 58 unchanged (milestones)\n"


def test_a_changed_field_is_an_update_that_names_it(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A row matching a stored milestone with another status is an update, and the note says status changed."""
    db = str(sample_db)
    added = cli("add-milestone", "hydrogen", "충전소 착공", "--due", "2027-06", "--db", db, "-q").stdout.strip()
    sheet = _sheet(tmp_path, "hydrogen,충전소 착공,in_progress,2027-06,https://b\n")
    run = cli("import", sheet, "--db", db)
    assert run.stderr == (
        f"imported {sheet} (UTF-8): 0 added, 1 updated, 0 unchanged (milestones)\n"
        f"  updated milestone {added}: status planned → in progress; source — → https://b\n"
    )


def test_a_slipped_milestone_is_found_by_its_original_due_date(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """After its due date moved, a milestone is still the one its first sheet named: no second milestone."""
    db = str(sample_db)
    added = cli("add-milestone", "hydrogen", "충전소 착공", "--due", "2027-06", "--db", db, "-q").stdout.strip()
    cli("update-milestone", added, "--due", "2027-12", "--db", db, "-q")
    sheet = _sheet(tmp_path, "hydrogen,충전소 착공,planned,2027-06,\n")
    run = cli("import", sheet, "--db", db)
    assert run.stderr == (
        f"imported {sheet} (UTF-8): 0 added, 1 updated, 0 unchanged (milestones)\n"
        f"  updated milestone {added}: due 2027-12 (month) → 2027-06 (month)\n"
    )


def test_two_stored_matches_are_refused_naming_both(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Where two stored milestones fit a row without id, the row is refused as ambiguous and both are named."""
    db = str(sample_db)
    first = cli("add-milestone", "hydrogen", "보고회 개최", "--due", "2027", "--db", db, "-q").stdout.strip()
    second = cli("add-milestone", "hydrogen", "보고회 개최", "--due", "2027", "--db", db, "-q").stdout.strip()
    before = sample_db.read_bytes()
    sheet = _sheet(tmp_path, "hydrogen,보고회 개최,done,2027,https://a\n")
    run = cli("import", sheet, "--db", db)
    assert run.exit_code == 2
    assert run.stderr == (
        f"pohang: {sheet} line 2, field 'title': '보고회 개최' matches milestones {first} and {second} of hydrogen, "
        "planned for the same date; give the id of the one this row is; nothing was imported\n"
    )
    assert sample_db.read_bytes() == before


@pytest.mark.parametrize("kind", ["observations", "targets", "indicators", "sectors"])
def test_every_kind_imports_idempotently(cli: Invoke, sample_db: Path, kind: str) -> None:
    """Re-importing an export of any kind changes nothing."""
    db = str(sample_db)
    exported = cli("export", "--kind", kind, "--format", "jsonl", "--db", db).stdout
    run = cli("import", "-", "--db", db, input=exported)
    assert run.exit_code == 0, run.stderr
    assert " 0 added, 0 updated, " in run.stderr
