"""Milestone ids never go back, on either backend; numbers outside their range are refused at the door."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.limits import LARGEST_NUMBER


def _milestones(cli: Invoke, db: str) -> dict[int, str]:
    rows = json.loads(cli("milestones", "--db", db, "--format", "json").stdout)
    return {row["id"]: row["title"] for row in rows}


def _add(cli: Invoke, db: str, title: str) -> int:
    result = cli("add-milestone", "수소", title, "--db", db, "-q")
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def test_the_readmes_recovery_path_never_reuses_a_live_id(cli: Invoke, db: str) -> None:
    """`init --force`, then `undo`, then `add-milestone`: the new milestone gets a new id, the old ones stay."""
    first = _add(cli, db, "첫 일정")
    second = _add(cli, db, "둘째 일정")
    before = _milestones(cli, db)
    assert cli("init", "--force", "--db", db, "-q").exit_code == 0
    assert cli("undo", "--yes", "--db", db, "-q").exit_code == 0
    assert _milestones(cli, db) == before
    third = _add(cli, db, "셋째 일정")
    assert third > second > first
    after = _milestones(cli, db)
    assert after == {**before, third: "셋째 일정"}


def test_init_force_then_add_gives_an_id_never_given_before(cli: Invoke, db: str) -> None:
    given = _add(cli, db, "지워질 일정")
    assert cli("init", "--force", "--db", db, "-q").exit_code == 0
    assert _add(cli, db, "새 일정") > given


def test_an_undone_milestones_id_is_not_given_again(cli: Invoke, db: str) -> None:
    given = _add(cli, db, "되돌릴 일정")
    assert cli("undo", "--yes", "--db", db, "-q").exit_code == 0
    assert given not in _milestones(cli, db)
    assert _add(cli, db, "다음 일정") == given + 1


@pytest.mark.parametrize(
    "args",
    [
        ("update-milestone", str(LARGEST_NUMBER + 1), "--status", "done"),
        ("update-milestone", "99999999999999999999999", "--status", "done"),
        ("undo", str(LARGEST_NUMBER + 1), "--yes"),
        ("undo", "0", "--yes"),
        ("add-sector", "space", "--name-ko", "우주", "--name-en", "Space", "--order", str(LARGEST_NUMBER + 1)),
        ("update-sector", "hydrogen", "--order", str(-LARGEST_NUMBER - 2)),
        ("remove", "milestone", str(LARGEST_NUMBER + 1), "--yes"),
    ],
)
def test_numbers_out_of_range_exit_2_and_write_nothing(cli: Invoke, db: str, args: tuple[str, ...]) -> None:
    before = cli("export", "--db", db).stdout
    result = cli(*args, "--db", db)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    assert str(LARGEST_NUMBER) in result.stderr or "0" in result.stderr
    assert cli("export", "--db", db).stdout == before


@pytest.mark.parametrize("timeout", ["1e12", "2147484", "inf", "-1"])
def test_a_lock_timeout_out_of_range_exits_2(cli: Invoke, db: str, timeout: str) -> None:
    result = cli(
        "record", "battery.investment", "1조", "--date", "2025-06", "--db", db, env={"POHANG_LOCK_TIMEOUT": timeout}
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"pohang: POHANG_LOCK_TIMEOUT must be from 0 to 2147483 seconds, not '{timeout}'\n"


def test_the_longest_lock_timeout_is_accepted(cli: Invoke, db: str) -> None:
    result = cli(
        "record",
        "battery.investment",
        "1조",
        "--date",
        "2025-06",
        "--db",
        db,
        "-q",
        env={"POHANG_LOCK_TIMEOUT": "2147483"},
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"milestones": [{"id": LARGEST_NUMBER + 1, "sector": "hydrogen", "title": "먼 일정", "status": "planned"}]},
            f"milestone ids run from 1 to {LARGEST_NUMBER}, not {LARGEST_NUMBER + 1}",
        ),
        (
            {"milestones": [{"id": 2**63, "sector": "hydrogen", "title": "먼 일정", "status": "planned"}]},
            "expected an integer",
        ),
        (
            {"sectors": [{"id": "space", "name_ko": "우주", "name_en": "Space", "order": 2**40}]},
            f"a sector's order runs from {-(2**31)} to {LARGEST_NUMBER}, not {2**40}",
        ),
        ({"next_milestone_id": LARGEST_NUMBER + 1}, f"next_milestone_id runs from 1 to {LARGEST_NUMBER}"),
    ],
)
def test_an_import_past_the_32_bit_range_exits_2_and_writes_nothing(
    cli: Invoke, db: str, tmp_path: Path, document: dict[str, object], message: str
) -> None:
    path = tmp_path / "far.json"
    path.write_text(json.dumps({"schema_version": 2, **document}), encoding="utf-8")
    before = cli("export", "--db", db).stdout
    result = cli("import", str(path), "--db", db)
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert message in result.stderr
    assert cli("export", "--db", db).stdout == before
    # Later writes are not broken by it.
    assert _add(cli, db, "다음 일정") > 0


def test_the_largest_id_imports_and_a_later_add_still_gets_a_new_id_or_one_sentence(
    cli: Invoke, db: str, tmp_path: Path
) -> None:
    path = tmp_path / "top.json"
    row = {"id": LARGEST_NUMBER - 1, "sector": "hydrogen", "title": "끝 일정", "status": "planned"}
    path.write_text(json.dumps({"schema_version": 2, "milestones": [row]}), encoding="utf-8")
    assert cli("import", str(path), "--db", db, "-q").exit_code == 0, "import"
    assert _add(cli, db, "마지막 일정") == LARGEST_NUMBER
    assert cli("update-milestone", str(LARGEST_NUMBER), "--status", "done", "--db", db, "-q").exit_code == 0
