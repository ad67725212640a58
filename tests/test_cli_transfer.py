"""`pohang import` and `pohang export` on the command line: streams, exit codes, files left as they were."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Invoke

ACTUALS = "indicator,date,value,source,note\n"


def _export(cli: Invoke, db: Path, *options: str) -> str:
    result = cli("export", "--db", str(db), *options)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_export_import_export_is_byte_identical(cli: Invoke, sample_db: Path, empty_db: Path, tmp_path: Path) -> None:
    """`init --empty` + `import` of a whole-database export gives a database whose export is the same bytes.

    The empty database already holds the five sectors of the policy: they come out unchanged.
    """
    exported = tmp_path / "pohang-export.json"
    exported.write_text(_export(cli, sample_db), encoding="utf-8")
    result = cli("import", str(exported), "--db", str(empty_db))
    assert (result.exit_code, result.stdout) == (0, "")
    summary = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert summary == [
        f"imported {exported}: 147 added, 0 updated, 5 unchanged",
        "  sectors: 0 added, 0 updated, 5 unchanged",
        "  indicators: 34 added, 0 updated, 0 unchanged",
        "  targets: 16 added, 0 updated, 0 unchanged",
        "  observations: 37 added, 0 updated, 0 unchanged",
        "  milestones: 58 added, 0 updated, 0 unchanged",
        "  assessments: 2 added, 0 updated, 0 unchanged",
    ]
    # The notes of methodology §7 on the sample's observations follow the summary (they never stop an import).
    assert result.stderr.splitlines()[: len(summary)] == summary
    assert _export(cli, empty_db) == exported.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["sectors", "indicators", "targets", "observations", "milestones"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_each_kind_round_trips_through_a_file(
    cli: Invoke, sample_db: Path, empty_db: Path, tmp_path: Path, kind: str, fmt: str
) -> None:
    """Every kind, in every format, read back with the format taken from the file's extension."""
    for earlier in ("sectors", "indicators", "targets", "observations", "milestones"):
        if earlier == kind:
            break
        path = tmp_path / f"{earlier}.jsonl"
        path.write_text(_export(cli, sample_db, "--kind", earlier, "--format", "jsonl"), encoding="utf-8")
        assert cli("import", str(path), "--db", str(empty_db), "-q").exit_code == 0
    path = tmp_path / f"{kind}.{fmt}"
    result = cli("export", "--db", str(sample_db), "--kind", kind, "-o", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("exported ")
    assert result.stderr.endswith(f" record(s) to {path}\n")
    imported = cli("import", str(path), "--db", str(empty_db))
    assert (imported.exit_code, imported.stdout) == (0, "")
    # The summary, then any notes of methodology §7 (the sample has a running total that falls). An empty
    # database holds the five sectors already.
    unchanged = 5 if kind == "sectors" else 0
    assert imported.stderr.splitlines()[0].endswith(f"0 updated, {unchanged} unchanged ({kind})")
    assert all(line.startswith("note: ") for line in imported.stderr.splitlines()[1:])
    assert _export(cli, empty_db, "--kind", kind, "--format", fmt) == path.read_text(encoding="utf-8")


def test_a_bad_last_row_leaves_the_database_byte_identical(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Ninety-nine good rows and one bad one: exit 2 naming line, field and reason; the file is untouched."""
    rows = "".join(f"battery.jobs,{1900 + n},{n},,\n" for n in range(99)) + "battery.jobs,2024,many,,\n"
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(ACTUALS + rows, encoding="utf-8")
    before = sample_db.read_bytes()
    siblings = sorted(p.name for p in tmp_path.iterdir())
    result = cli("import", str(actuals), "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"pohang: {actuals} line 101, field 'value': invalid value 'many': ")
    assert result.stderr.endswith("; nothing was imported\n")
    assert sample_db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == siblings


def test_stdin_with_a_bom_and_korean_values(cli: Invoke, db: str) -> None:
    """`-` reads stdin; a csv of actuals with a BOM and values like 1조 6908억 is loaded."""
    text = "\ufeff" + ACTUALS + 'battery.investment,2024년,1조 6908억,https://example.org/stat,"잠정, 통계청"\n'
    result = cli("import", "-", "--db", db, input=text)
    assert (result.exit_code, result.stdout) == (0, "")
    # 1조 6908억 as the 2024 running total falls below 2023's 5조 6000억: imported, with a note saying so.
    assert result.stderr == (
        "imported stdin (UTF-8 BOM): 1 added, 0 updated, 0 unchanged (observations)\n"
        "note: battery.investment:2024: KRW 1.69 tn is below the 2023 total KRW 5.6 tn; if it is the 2024 "
        "increment, record KRW 7.3 tn; if it is a withdrawal (an MOU cancelled), say so in the note\n"
    )
    rows = json.loads(cli("history", "battery.investment", "--db", db, "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == "battery.investment:2024")
    assert (row["value"], row["note"]) == (1690800000000, "잠정, 통계청")


def test_stdin_format_is_recognised_from_its_content(cli: Invoke, sample_db: Path, empty_db: Path) -> None:
    """A whole-database json export piped into `import -` needs no --format."""
    result = cli("import", "-", "--db", str(empty_db), input=_export(cli, sample_db))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("imported stdin: 147 added")


def test_dry_run_reports_and_writes_nothing(cli: Invoke, sample_db: Path) -> None:
    """--dry-run prints the counts an import would give and leaves the file as it was."""
    before = sample_db.read_bytes()
    text = ACTUALS + "battery.investment,2023,5600000000000,,\nbattery.investment,2024,6조,,\n"
    result = cli("import", "-", "--format", "csv", "--dry-run", "--db", str(sample_db), input=text)
    assert (result.exit_code, result.stdout) == (0, "")
    lines = result.stderr.splitlines()
    assert (
        lines[0] == "dry run of stdin (UTF-8): would add 1, update 1; 0 unchanged; nothing was written (observations)"
    )
    # The update is named with what it would change: the row leaves out the stored source and note.
    assert lines[1].startswith("  updated observation battery.investment:2023: source https://")
    assert len(lines) == 2
    assert sample_db.read_bytes() == before


def test_quiet_import_prints_nothing(cli: Invoke, db: str) -> None:
    """-q silences the counts; the exit code still tells the story."""
    result = cli("import", "-", "-q", "--db", db, input=ACTUALS + "battery.investment,2024,6조,,\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_unknown_references_are_errors(cli: Invoke, db: str) -> None:
    """An observation of an unknown indicator and a milestone of an unknown sector are refused, not dropped."""
    lines = '{"indicator": "steel.furnaces", "date": "2024", "value": 1}\n{"sector": "space", "title": "발사"}\n'
    result = cli("import", "-", "--db", db, input=lines)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "pohang: stdin line 1, field 'indicator': unknown indicator 'steel.furnaces' (see `pohang indicators`)",
        "pohang: stdin line 2, field 'sector': unknown sector 'space' (see `pohang sectors`)",
        "pohang: 2 problems in stdin; nothing was imported",
    ]


def test_an_indicator_is_named_in_an_import_as_on_the_command_line(cli: Invoke, db: str) -> None:
    """Rows may name an indicator by its Korean name, its English name or a unique part, as the commands take it."""
    text = (
        ACTUALS
        + "양극재생산량,2023,16만,,\n"  # the Korean name without its space
        + "cathode-material sales,2023,2조,,\n"  # the English name, in another case
        + "jobs,2023,3,,\n"  # a unique part of an id
    )
    result = cli("import", "-", "--format", "csv", "--db", db, input=text)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("imported stdin (UTF-8): 3 added, 0 updated, 0 unchanged (observations)\n")
    ids = {row["id"] for row in json.loads(cli("export", "--kind", "observations", "--db", db).stdout)}
    assert {"battery.cathode-output:2023", "battery.cathode-sales:2023", "battery.jobs:2023"} <= ids


def test_an_import_naming_several_indicators_is_refused_with_the_choices(cli: Invoke, sample_db: Path) -> None:
    """A part that fits several indicators names them, and nothing is imported."""
    before = sample_db.read_bytes()
    result = cli("import", "-", "--format", "csv", "--db", str(sample_db), input=ACTUALS + "양극재,2023,1,,\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "pohang: stdin line 2, field 'indicator': '양극재' fits 6 indicators — did you mean "
        "battery.cathode-output (양극재 생산량), battery.cathode-rank (양극재 세계 순위), "
        "battery.cathode-sales (양극재 매출), battery.ecopro-cathode-capacity (에코프로 포항 양극재 생산능력), "
        "battery.ecopro-cathode-production (에코프로 포항 양극재 연간 생산 (보도 표현)) or "
        "battery.posco-cathode-capacity (포스코퓨처엠 포항 양극재 생산능력)?; nothing was imported\n"
    )
    assert sample_db.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "actuals.dat"], "pohang: cannot tell the format of 'actuals.dat' from its name; add --format"),
        (["import", "missing.csv"], "pohang: no file 'missing.csv'"),
        (["import", "-", "--format", "xml"], "pohang: unknown format 'xml' for import/export"),
        (["import", "-", "--kind", "people"], "pohang: unknown kind 'people'"),
        (["export", "--format", "csv"], "pohang: --format csv holds one kind of record: add --kind"),
        (["export", "--format", "table"], "pohang: unknown format 'table' for import/export"),
    ],
)
def test_bad_command_lines_exit_2(
    cli: Invoke, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    """A format, kind or file that cannot be used exits 2 with what to do."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "actuals.dat").write_text(ACTUALS, encoding="utf-8")
    result = cli(*args, "--db", db, input="")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message)


def test_a_missing_database_exits_4(cli: Invoke, tmp_path: Path) -> None:
    """Importing into a database that does not exist exits 4 and creates no database."""
    missing = tmp_path / "typo.json"
    result = cli("import", "-", "--db", str(missing), input=ACTUALS + "battery.investment,2024,1,,\n")
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"pohang: no database at {missing}")
    assert not missing.exists()
    assert cli("export", "--db", str(missing)).exit_code == 4


def test_an_empty_file_imports_nothing(cli: Invoke, db: str) -> None:
    """A header and no rows is not an error; stderr says there was nothing to import."""
    result = cli("import", "-", "--format", "csv", "--db", db, input=ACTUALS)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no records in stdin; nothing to import\n")


def test_export_of_one_kind_as_csv(cli: Invoke, sample_db: Path) -> None:
    """`export --kind observations --format csv` has the stored fields as columns and raw values."""
    lines = _export(cli, sample_db, "--kind", "observations", "--format", "csv").splitlines()
    assert lines[0] == "id,indicator,date,value,source,note,provisional,reported,revisions,recorded,note_en"
    assert lines[1].startswith("battery.city-investment-annual:2020,battery.city-investment-annual,2020,663300000000,")
    first = next(csv.DictReader(lines))
    assert (first["provisional"], first["reported"], first["revisions"]) == ("false", "2023-12-20", "")


def test_import_and_export_have_help_with_examples(cli: Invoke) -> None:
    """Both commands explain themselves with runnable examples."""
    for command in ("import", "export"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "pohang " in result.stdout.split("Example", 1)[1]
