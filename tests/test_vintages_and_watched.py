"""Revised observations kept as vintages, and indicators without a target watched (methodology §7)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.dates import PartialDate
from pohang_cli.models import (
    Direction,
    Flag,
    Indicator,
    IndicatorKind,
    Observation,
    ObservationRevision,
    TargetStatus,
)
from pohang_cli.progress import judge_watched

AS_OF = "2026-11-25"

# S5 of methodology §7: the steel complex's output, no target.
SECTORS_CSV = "id,name_ko,name_en,order\nsteel,철강신소재,Steel & new materials,4\n"
INDICATORS_CSV = (
    "id,sector,name_ko,name_en,unit,basis\n"
    "steel.complex-output,steel,철강산업단지 생산액,Steel complex output,KRW,production\n"
)
OBSERVATIONS_CSV = (
    "indicator,date,value,source\n"
    "steel.complex-output,2024,14조7825억,https://example.org/2024\n"
    "steel.complex-output,2025,13조8705억,https://example.org/2025\n"
)


@pytest.fixture
def steel_db(cli: Invoke, empty_db: Path, tmp_path: Path) -> Path:
    """An empty database with S5's watched indicator and its two actuals."""
    for name, text in (
        ("sectors.csv", SECTORS_CSV),
        ("indicators.csv", INDICATORS_CSV),
        ("observations.csv", OBSERVATIONS_CSV),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = cli("import", str(path), "--db", str(empty_db), "--as-of", AS_OF, "-q")
        assert result.exit_code == 0, result.stderr
    return empty_db


def _indicator() -> Indicator:
    return Indicator(
        "steel.complex-output",
        "steel",
        "생산액",
        "Output",
        "KRW",
        None,
        None,
        Direction.INCREASE,
        IndicatorKind.LEVEL,
    )


def _observation(date: PartialDate, value: float, **fields: object) -> Observation:
    return Observation(f"steel.complex-output:{date.iso()}", "steel.complex-output", date, value, **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# Watched indicators: the maths


def test_s5_change_since_the_previous_year() -> None:
    """S5: previous 14.7825조 (2024), change −6.17 %, −0.912조 a year."""
    watched = judge_watched(
        _indicator(),
        [
            _observation(PartialDate.of_year(2025), 13_870_500_000_000.0),
            _observation(PartialDate.of_year(2024), 14_782_500_000_000.0),
        ],
        dt.date(2026, 11, 25),
    )
    assert watched.status is TargetStatus.NO_TARGET
    assert (watched.actual, watched.actual_date) == (13_870_500_000_000.0, PartialDate.of_year(2025))
    assert (watched.previous, watched.previous_date) == (14_782_500_000_000.0, PartialDate.of_year(2024))
    assert watched.change_pct == pytest.approx(-6.1695, abs=1e-4)
    assert round(watched.change_pct or 0, 2) == -6.17
    assert watched.change_per_year == pytest.approx(-912_000_000_000.0)
    assert watched.flags == ()


def test_previous_is_of_an_earlier_period_not_an_overlapping_one() -> None:
    """A half-year inside the latest year is not its previous value; the year before is."""
    watched = judge_watched(
        _indicator(),
        [
            _observation(PartialDate.of_year(2024), 10.0),
            _observation(PartialDate.of_month(2025, 6), 4.0),
            _observation(PartialDate.of_year(2025), 12.0),
        ],
        dt.date(2026, 11, 25),
    )
    assert (watched.previous, watched.previous_date) == (10.0, PartialDate.of_year(2024))
    assert watched.change_pct == pytest.approx(20.0)


def test_a_period_not_yet_over_does_not_count_and_zero_has_no_percentage() -> None:
    """2026 on 2026-11-25 is not over; a previous value of 0 gives a change per year but no percentage."""
    watched = judge_watched(
        _indicator(),
        [
            _observation(PartialDate.of_month(2024, 6), 0.0),
            _observation(PartialDate.of_month(2025, 6), 30.0),
            _observation(PartialDate.of_year(2026), 99.0),
        ],
        dt.date(2026, 11, 25),
    )
    assert (watched.actual, watched.previous, watched.change_pct) == (30.0, 0.0, None)
    assert watched.change_per_year == pytest.approx(30.0)


def test_one_actual_has_no_change_and_none_has_no_actual() -> None:
    one = judge_watched(_indicator(), [_observation(PartialDate.of_year(2024), 5.0)], dt.date(2026, 1, 1))
    assert (one.actual, one.previous, one.change_pct, one.change_per_year) == (5.0, None, None, None)
    none = judge_watched(_indicator(), [], dt.date(2026, 1, 1))
    assert (none.status, none.actual, none.flags) == (TargetStatus.NO_TARGET, None, ())


def test_a_revised_latest_actual_is_flagged() -> None:
    revised = _observation(PartialDate.of_year(2024), 5.0, revisions=(ObservationRevision(7.0),), provisional=True)
    watched = judge_watched(_indicator(), [revised], dt.date(2026, 1, 1))
    assert watched.flags == (Flag.PROVISIONAL, Flag.REVISED_ACTUAL)


# ---------------------------------------------------------------------------------------------------
# Watched indicators in every format

EXPECTED_ROW = {
    "sector": "steel",
    "indicator": "steel.complex-output",
    "target_id": None,
    "actual": 13870500000000,
    "actual_date": "2025",
    "target": None,
    "deadline": None,
    "progress_pct": None,
    "pace_ratio": None,
    "projected_value": None,
    "status": "no_target",
    "flags": [],
    "previous": 14782500000000,
    "previous_date": "2024",
    "change_pct": -6.1695,
    "change_per_year": -912000000000,
}


def test_watched_row_in_json_and_jsonl(cli: Invoke, steel_db: Path) -> None:
    """Machine formats carry previous, previous_date, change_pct and change_per_year; target fields are empty."""
    for fmt in ("json", "jsonl"):
        result = cli("status", "--db", str(steel_db), "--as-of", AS_OF, "--format", fmt)
        assert (result.exit_code, result.stderr) == (0, "")
        rows = json.loads(result.stdout) if fmt == "json" else [json.loads(line) for line in result.stdout.splitlines()]
        [row] = [r for r in rows if r["indicator"] == "steel.complex-output"]
        assert {key: row[key] for key in EXPECTED_ROW} == EXPECTED_ROW


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_watched_row_in_csv_and_tsv(cli: Invoke, steel_db: Path, fmt: str, delimiter: str) -> None:
    result = cli("status", "--db", str(steel_db), "--as-of", AS_OF, "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
    [row] = [r for r in rows if r["indicator"] == "steel.complex-output"]
    assert (row["target_id"], row["target"], row["deadline"], row["status"]) == ("", "", "", "no_target")
    assert (row["previous"], row["previous_date"]) == ("14782500000000", "2024")
    assert (row["change_pct"], row["change_per_year"]) == ("-6.1695", "-912000000000")


def test_watched_row_in_markdown(cli: Invoke, steel_db: Path) -> None:
    result = cli("status", "--db", str(steel_db), "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "steel.complex-output" in line)
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    header = [cell.strip() for cell in result.stdout.splitlines()[0].strip("|").split("|")]
    row = dict(zip(header, cells, strict=True))
    assert (row["status"], row["previous"], row["change_pct"], row["target"]) == (
        "no_target",
        "14782500000000",
        "-6.1695",
        "",
    )


@pytest.mark.parametrize(
    ("lang", "title", "status", "change", "per_year", "rollup"),
    [
        ("ko", "추이 지표 (목표 없음)", "목표 없음", "-6.2%", "-9,120억 원/년", "추이 지표 1"),
        ("en", "Watched indicators (no target)", "no target", "-6.2%", "-KRW 912.0 bn/yr", "1 watched"),
    ],
)
def test_watched_table_in_both_languages(
    cli: Invoke, steel_db: Path, lang: str, title: str, status: str, change: str, per_year: str, rollup: str
) -> None:
    """The table view puts watched indicators in a second, compact table under the sector, titled in ko/en."""
    result = cli("status", "--db", str(steel_db), "--as-of", AS_OF, "--format", "table", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert title in lines
    assert any(rollup in line for line in lines)
    body = "\n".join(lines[lines.index(title) :])
    for text in (status, change, per_year, "2024", "2025"):
        assert text in body, text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_watched_rows_in_the_report(cli: Invoke, steel_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli("report", "--db", str(steel_db), "--as-of", AS_OF, "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Watched indicators (no target)" in text
    assert "-6.2%" in text
    assert "no target" in text


def test_check_refuses_no_target_as_a_threshold(cli: Invoke, steel_db: Path) -> None:
    result = cli("check", "--db", str(steel_db), "--fail-on", "no_target")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown target status 'no_target'" in result.stderr


# ---------------------------------------------------------------------------------------------------
# Vintages


def test_vintage_round_trip(cli: Invoke, steel_db: Path, tmp_path: Path) -> None:
    """Record twice, export, import into an empty database: history shows both values, the revision first."""
    db = str(steel_db)
    first = cli("record", "steel.complex-output", "7.4조", "--date", "2023", "--reported", "2023-12-20",
                "--source", "https://example.org/a", "--db", db, "--as-of", AS_OF)  # fmt: skip
    assert (first.exit_code, first.stdout) == (0, "steel.complex-output:2023\n")
    second = cli("record", "steel.complex-output", "5.4조", "--date", "2023", "--reported", "2024-12-16",
                 "--source", "https://example.org/b", "--db", db, "--as-of", AS_OF)  # fmt: skip
    assert second.exit_code == 0
    assert second.stderr == (
        "revised steel.complex-output:2023: value KRW 7,400,000,000,000 → KRW 5,400,000,000,000 for 2023 (year); "
        "the earlier value is kept as a revision (see `pohang history`); also changed: source https://example.org/a "
        "→ https://example.org/b; reported 2023-12-20 (day) → 2024-12-16 (day)\n"
    )
    export = tmp_path / "export.json"
    assert cli("export", "--db", db, "-o", str(export)).exit_code == 0
    fresh = tmp_path / "fresh.json"
    assert cli("init", "--empty", "--db", str(fresh), "-q").exit_code == 0
    assert cli("import", str(export), "--db", str(fresh), "--as-of", AS_OF, "-q").exit_code == 0
    again = tmp_path / "again.json"
    assert cli("export", "--db", str(fresh), "-o", str(again)).exit_code == 0
    assert again.read_bytes() == export.read_bytes()

    history = json.loads(cli("history", "steel.complex-output", "--db", str(fresh), "--format", "json").stdout)
    rows = [(r["kind"], r["date"], r["value"], r["source"], r["reported"]) for r in history if r["date"] == "2023"]
    assert rows == [
        ("revision", "2023", 7400000000000, "https://example.org/a", "2023-12-20"),
        ("observation", "2023", 5400000000000, "https://example.org/b", "2024-12-16"),
    ]
    table = cli("history", "steel.complex-output", "--db", str(fresh), "--format", "table", "--lang", "en").stdout
    assert "earlier value" in table
    assert "reported 2023-12-20" in table
    assert "revised actual" in table


def test_vintages_survive_csv_export_and_import(cli: Invoke, steel_db: Path, tmp_path: Path) -> None:
    """The revisions travel as JSON text in one csv cell, like target revisions."""
    db = str(steel_db)
    cli("record", "steel.complex-output", "1조", "--date", "2023", "--db", db, "--as-of", AS_OF)
    cli("record", "steel.complex-output", "2조", "--date", "2023", "--db", db, "--as-of", AS_OF)
    out = cli("export", "--db", db, "--kind", "observations", "--format", "csv").stdout
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["date"] == "2023")
    assert json.loads(row["revisions"]) == [
        {
            "value": 1000000000000.0,
            "reported": None,
            "source": None,
            "note": None,
            "provisional": False,
            "recorded": "2026-11-25",
        }
    ]
    path = tmp_path / "obs.csv"
    path.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    cli("init", "--empty", "--db", str(fresh), "-q")
    for name, text in (("sectors.csv", SECTORS_CSV), ("indicators.csv", INDICATORS_CSV)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert cli("import", str(tmp_path / name), "--db", str(fresh), "-q").exit_code == 0
    assert cli("import", str(path), "--db", str(fresh), "-q").exit_code == 0
    assert cli("export", "--db", str(fresh), "--kind", "observations", "--format", "csv").stdout == out


def test_an_import_of_another_value_keeps_the_stored_one(cli: Invoke, steel_db: Path, tmp_path: Path) -> None:
    """Importing a different value for a stored date revises it, as `record` does; the same value changes nothing."""
    path = tmp_path / "revised.csv"
    path.write_text(
        "indicator,date,value,reported\nsteel.complex-output,2025,13조9000억,2026-03-01\n", encoding="utf-8"
    )
    result = cli("import", str(path), "--db", str(steel_db), "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (
        0,
        f"imported {path} (UTF-8): 0 added, 1 updated, 0 unchanged (observations)\n"
        "  updated observation steel.complex-output:2025: value KRW 13,870,500,000,000 → KRW 13,900,000,000,000; "
        "source https://example.org/2025 → —; reported — → 2026-03-01 (day)\n",
    )
    history = json.loads(cli("history", "steel.complex-output", "--db", str(steel_db), "--format", "json").stdout)
    assert [(r["kind"], r["value"]) for r in history if r["date"] == "2025"] == [
        ("revision", 13870500000000),
        ("observation", 13900000000000),
    ]
    again = cli("import", str(path), "--db", str(steel_db), "--as-of", AS_OF)
    assert again.stderr == f"imported {path} (UTF-8): 0 added, 0 updated, 1 unchanged (observations)\n"


def test_undo_of_a_revision_restores_the_earlier_value(cli: Invoke, steel_db: Path) -> None:
    db = str(steel_db)
    cli("record", "steel.complex-output", "14조", "--date", "2025", "--db", db, "--as-of", AS_OF)
    assert cli("undo", "--yes", "--db", db).exit_code == 0
    history = json.loads(cli("history", "steel.complex-output", "--db", db, "--format", "json").stdout)
    assert [(r["kind"], r["value"]) for r in history if r["date"] == "2025"] == [("observation", 13870500000000)]


def test_a_revised_latest_actual_flags_the_target_row(cli: Invoke, sample_db: Path) -> None:
    db = str(sample_db)
    cli("record", "battery.investment", "9조", "--date", "2025", "--db", db, "--as-of", AS_OF)
    cli("record", "battery.investment", "8조", "--date", "2025", "--db", db, "--as-of", AS_OF)
    rows = json.loads(cli("status", "battery", "--db", db, "--as-of", AS_OF, "--format", "json").stdout)
    [row] = [r for r in rows if r["target_id"] == "battery.investment@2027"]
    assert row["actual"] == 8000000000000
    assert "revised_actual" in row["flags"]


def test_a_reported_date_in_the_future_is_refused(cli: Invoke, steel_db: Path) -> None:
    result = cli("record", "steel.complex-output", "1조", "--date", "2023", "--reported", "2027-01-01",
                 "--db", str(steel_db), "--as-of", AS_OF)  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "reported date" in result.stderr
