"""`pohang migrate`: a file or a PostgreSQL database of an older schema brought up to this pohang's, shown first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.storage import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def _latest(db: str) -> int:
    if db.startswith("postgresql://"):
        from pohang_cli.storage.postgres import latest

        return latest()
    return SCHEMA_VERSION


def test_a_current_database_has_nothing_to_migrate(cli: Invoke, db: str) -> None:
    done = cli("migrate", "--db", db)
    assert (done.exit_code, done.stdout) == (0, f"{_latest(db)}\n")
    assert done.stderr == f"{db} is at schema version {_latest(db)}, this pohang's; nothing to do\n"
    shown = cli("migrate", "--dry-run", "--db", db)
    assert (shown.exit_code, shown.stdout, shown.stderr) == (0, "", done.stderr)


def test_migrate_where_there_is_no_database_exits_4(cli: Invoke, new_db: str) -> None:
    result = cli("migrate", "--db", new_db)
    assert (result.exit_code, result.stdout) == (4, "")
    assert "pohang init --db" in result.stderr
    assert cli("migrate", "--dry-run", "--db", new_db).exit_code == 4


def test_a_file_is_shown_then_rewritten_in_place_keeping_the_original(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES / "schema_v1.json", path)
    original = path.read_bytes()
    shown = cli("migrate", "--dry-run", "--db", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[0].startswith("schema version 1 → 2: observations keep the date")
    assert len(shown.stdout.splitlines()) == SCHEMA_VERSION - 1
    assert shown.stderr == (
        f"dry run: nothing was changed; `pohang migrate` applies it, keeping the original as {path}.bak-v1\n"
    )
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json"]
    before = cli("export", "--db", str(path)).stdout
    done = cli("migrate", "--db", str(path))
    assert (done.exit_code, done.stdout) == (0, f"{SCHEMA_VERSION}\n")
    assert done.stderr == (
        f"upgraded {path} from schema version 1 to {SCHEMA_VERSION}\nthe original is kept as {path}.bak-v1\n"
    )
    assert path.with_name("old.json.bak-v1").read_bytes() == original
    assert json.loads(path.read_text(encoding="utf-8"))["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert cli("export", "--db", str(path)).stdout == before
    assert cli("doctor", "--db", str(path)).exit_code == 0


def test_a_read_only_file_is_not_migrated(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    shutil.copyfile(FIXTURES / "schema_v2.json", path)
    path.chmod(0o444)
    try:
        result = cli("migrate", "--db", str(path))
        assert (result.exit_code, result.stdout) == (4, "")
        assert cli("migrate", "--dry-run", "--db", str(path)).exit_code == 0
    finally:
        path.chmod(0o644)


def test_no_message_sends_anyone_to_init_force_for_an_upgrade() -> None:
    """`init --force` replaces every record: no sentence about a schema version may suggest it."""
    from babel.messages.pofile import read_po

    catalogue = Path(__file__).parents[1] / "pohang_cli" / "locale" / "ko" / "LC_MESSAGES" / "pohang.po"
    with catalogue.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    about_versions = [m for m in messages if "schema version" in str(m.id) or "migrate" in str(m.id)]
    assert about_versions
    assert [m.id for m in about_versions if "init --force" in str(m.id) or "init --force" in str(m.string)] == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_migrate_has_help_with_an_example(cli: Invoke, lang: str) -> None:
    result = cli("migrate", "--help", "--lang", lang)
    assert result.exit_code == 0
    assert "pohang migrate --dry-run --db postgresql://" in result.stdout
