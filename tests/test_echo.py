"""Issue point 1: every write says what it stored, whole and in the reader's language; `-q` silences it.

The echo is a note on stderr: the value unrounded with its unit, the date with its precision, and for a
change each changed field as old → new. stdout keeps the id alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.cli import transfer as transfer_cli


def test_record_echoes_the_value_unrounded_and_the_date_with_its_precision(cli: Invoke, db: str) -> None:
    """A value a table would round to 1억 is said back whole, on both backends."""
    run = cli("record", "hydrogen.sales", "100,002,000", "--date", "2024", "--db", db)
    assert (run.exit_code, run.stdout) == (0, "hydrogen.sales:2024\n")
    assert run.stderr == "recorded hydrogen.sales:2024: KRW 100,002,000 for 2024 (year)\n"


def test_record_echoes_in_korean_in_myriads_where_they_read_one_way(cli: Invoke, sample_db: Path) -> None:
    """Korean says 1억 2,000만 원 in myriads, and 100,002,000 원 in digits (1억 2,000 would be shorthand)."""
    db = str(sample_db)
    first = cli("--lang", "ko", "record", "hydrogen.sales", "1억 2천만", "--date", "2024", "--db", db)
    assert first.stderr == "hydrogen.sales:2024을(를) 기록했습니다: 2024 (연) 1억 2,000만 원\n"
    second = cli("--lang", "ko", "record", "hydrogen.sales", "100,002,000", "--date", "2025", "--db", db)
    assert second.stderr == "hydrogen.sales:2025을(를) 기록했습니다: 2025 (연) 100,002,000 원\n"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2025", "2025 (year)"),
        ("2025년 상반기", "2025-H1 (half-year)"),
        ("2025Q2", "2025-Q2 (quarter)"),
        ("2025.06", "2025-06 (month)"),
        ("2025-06-30", "2025-06-30 (day)"),
    ],
)
def test_the_date_is_said_with_its_precision(cli: Invoke, sample_db: Path, typed: str, said: str) -> None:
    """Each precision a date can have is named."""
    run = cli("record", "hydrogen.sales", "3억", "--date", typed, "--db", str(sample_db))
    assert run.exit_code == 0, run.stderr
    assert run.stderr.endswith(f": KRW 300,000,000 for {said}\n")


def test_a_revision_says_old_and_new_with_units(cli: Invoke, sample_db: Path) -> None:
    """A second value for the same date says the stored and the new value, each with its unit."""
    db = str(sample_db)
    cli("record", "hydrogen.sales", "1조", "--date", "2024", "--db", db)
    run = cli("record", "hydrogen.sales", "1조 2000억", "--date", "2024", "--db", db, "--source", "https://b")
    assert run.stderr == (
        "revised hydrogen.sales:2024: value KRW 1,000,000,000,000 → KRW 1,200,000,000,000 for 2024 (year); the "
        "earlier value is kept as a revision (see `pohang history`); also changed: source — → https://b\n"
    )


def test_add_target_and_revise_target_echo(cli: Invoke, sample_db: Path) -> None:
    """A new target says its value and deadline; a revision says each changed field old → new."""
    db = str(sample_db)
    added = cli("add-target", "hydrogen.sales", "2조", "--by", "2040", "--db", db)
    assert added.stderr == "added target hydrogen.sales@2040: KRW 2,000,000,000,000 by 2040 (year)\n"
    revised = cli("revise-target", "hydrogen.sales@2040", "--value", "2.5조", "--reason", "상향", "--db", db)
    assert revised.stderr == (
        "revised target hydrogen.sales@2040: value KRW 2,000,000,000,000 → KRW 2,500,000,000,000; "
        "revised on 2026-11-25 (day): 상향\n"
    )
    moved = cli("revise-target", "hydrogen.sales@2040", "--by", "2041-06", "--reason", "연기", "--db", db)
    assert moved.stdout == "hydrogen.sales@2041\n"
    assert moved.stderr == (
        "revised: hydrogen.sales@2040 is superseded by hydrogen.sales@2041: deadline 2040 (year) → 2041-06 (month); "
        "adopted — → 2026-11-25 (day); revised on 2026-11-25 (day): 연기\n"
    )


def test_update_commands_echo_old_and_new(cli: Invoke, sample_db: Path) -> None:
    """update-indicator, update-target, update-milestone and update-sector say what changed, old → new."""
    db = str(sample_db)
    indicator = cli(
        "update-indicator", "hydrogen.sales", "--baseline", "3,500억", "--baseline-date", "2022", "--db", db
    )
    assert indicator.stderr.startswith(
        "updated indicator hydrogen.sales: baseline — → KRW 350,000,000,000; baseline_date — → 2022 (year)\n"
    )
    target = cli("update-target", "hydrogen.sales@2035", "--note", "확인", "--db", db)
    assert target.stderr.startswith("updated target hydrogen.sales@2035: note ")
    assert target.stderr.endswith(" → 확인\n")
    milestone = cli("update-milestone", "21", "--status", "done", "--date", "2026-03-05", "--db", db)
    assert milestone.stderr == (
        "updated milestone 21 (그린바이오 벤처캠퍼스 조성): status in progress → done; date — → 2026-03-05 (day)\n"
    )
    sector = cli("update-sector", "bio", "--name-en", "Biotech", "--db", db)
    assert sector.stderr == "updated sector bio: name_en Bio → Biotech\n"


def test_add_indicator_echoes_unit_and_baseline(cli: Invoke, sample_db: Path) -> None:
    """A new indicator says its unit and its baseline with the date's precision."""
    run = cli(
        "add-indicator", "hydrogen", "stations", "--name-ko", "수소충전소", "--name-en", "Stations",
        "--unit", "개", "--baseline", "3", "--baseline-date", "2023-06", "--db", str(sample_db),
    )  # fmt: skip
    assert (
        run.stderr == "added indicator hydrogen.stations (수소충전소): unit 개, baseline 3 units at 2023-06 (month)\n"
    )


def test_quiet_silences_the_echo_and_keeps_the_id(cli: Invoke, db: str) -> None:
    """With -q stderr is empty and stdout still carries the id, on both backends."""
    run = cli("record", "hydrogen.sales", "1억", "--date", "2024", "--db", db, "-q")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "hydrogen.sales:2024\n", "")


def _sheet(tmp_path: Path) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text(
        "indicator,date,value,source\n"
        "hydrogen.sales,2024,1억 2천만,https://a\n"
        "hydrogen.sales,2025-H1,7천만,https://a\n",
        encoding="utf-8",
    )
    return path


def test_import_says_its_first_rows_as_stored_at_a_terminal(
    cli: Invoke, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal an import says its counts, then its first rows as stored."""
    monkeypatch.setattr(transfer_cli, "_stderr_is_terminal", lambda: True)
    run = cli("import", str(_sheet(tmp_path)), "--db", str(sample_db))
    assert run.stderr.splitlines()[1:] == [
        "  added observation hydrogen.sales:2024: KRW 120,000,000 for 2024 (year)",
        "  added observation hydrogen.sales:2025-H1: KRW 70,000,000 for 2025-H1 (half-year)",
    ]


def test_import_says_only_its_counts_in_a_pipeline_and_nothing_with_q(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    """Without a terminal an import gives its counts alone; -q silences them."""
    sheet = str(_sheet(tmp_path))
    run = cli("import", sheet, "--db", str(sample_db), "--dry-run")
    assert run.stderr == (
        f"dry run of {sheet} (UTF-8): would add 2, update 0; 0 unchanged; nothing was written (observations)\n"
    )
    quiet = cli("import", sheet, "--db", str(sample_db), "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_import_names_the_fields_each_update_changed(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A row that changes a stored record says which fields changed, old → new."""
    sheet = _sheet(tmp_path)
    cli("import", str(sheet), "--db", str(sample_db), "-q")
    sheet.write_text(
        "indicator,date,value,source\nhydrogen.sales,2024,1억 3천만,https://b\nhydrogen.sales,2025-H1,7천만,https://a\n",
        encoding="utf-8",
    )
    run = cli("import", str(sheet), "--db", str(sample_db))
    assert run.stderr == (
        f"imported {sheet} (UTF-8): 0 added, 1 updated, 1 unchanged (observations)\n"
        "  updated observation hydrogen.sales:2024: value KRW 120,000,000 → KRW 130,000,000; "
        "source https://a → https://b\n"
    )
