"""The command line: exit codes, stdout and stderr kept apart, for every command of the reading and writing lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli import __version__


def test_version_prints_the_version(cli: Invoke) -> None:
    """--version prints the name and version on stdout."""
    result = cli("--version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"pohang {__version__}\n", "")


def test_every_command_has_help_with_an_example(cli: Invoke) -> None:
    """Each command's help exits 0 and shows an example invocation."""
    commands = [
        "status", "sectors", "indicators", "targets", "history", "milestones", "check", "add-indicator",
        "add-target", "revise-target", "record", "add-milestone", "update-milestone", "init", "add-sector",
        "update-sector", "update-indicator", "update-target", "remove", "assess",
    ]  # fmt: skip
    for command in commands:
        result = cli(command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command
        assert "pohang " in result.stdout.split("Example", 1)[1], command


def test_status_tsv_has_the_contract_columns(cli: Invoke, db: str) -> None:
    """Piped status prints tsv with the contract's columns, raw numbers and ISO dates."""
    result = cli("status", "--db", db)
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "sector", "indicator", "target_id", "name_ko", "name_en", "unit", "direction", "kind", "model", "basis",
        "baseline", "baseline_date", "actual", "actual_date", "target", "deadline", "progress_pct",
        "time_elapsed_pct", "required_per_year", "observed_per_year", "needed_per_year", "pace_ratio",
        "acceleration", "projected_value", "projected_reach", "status", "flags", "data_age_months",
        "as_of_elapsed_pct", "previous", "previous_date", "change_pct", "change_per_year", "indication",
        "level_pct", "next_expected", "change_points", "change_points_per_year", "assessed_status",
        "assessed_basis", "assessed_basis_en", "assessed_sources", "assessed_on", "revised_on", "revision_reason",
        "revision_reason_en", "row_type",
    ]  # fmt: skip
    investment = next(line.split("\t") for line in lines if "\tbattery.investment@2027\t" in line)
    row = dict(zip(lines[0].split("\t"), investment, strict=True))
    assert row["actual"] == "5600000000000"
    assert row["target"] == "14000000000000"
    assert row["deadline"] == "2027"
    assert row["progress_pct"] == "40"
    # Judged on 2026-11-25 (the tests' as-of date): the 2023 figure is 35 months old, and the reach of 2025-06
    # at its pace has passed (methodology §7, S1 and S2): too little evidence, on track by the figures (§8.1).
    assert row["status"] == "insufficient"
    assert row["indication"] == "on_track"
    assert row["next_expected"] == "2025-03"
    assert row["level_pct"] == ""
    # The sample's assessment (§8.3, the city's sluggish 2024 and a withdrawn plant) says off track: disputed.
    assert row["flags"] == "low_confidence;provisional;stale;reach_passed;disputed"
    assert (row["assessed_status"], row["assessed_on"]) == ("off_track", "2024-12-16")
    assert row["data_age_months"] == "35"
    assert row["as_of_elapsed_pct"] == "78.3333"
    assert row["time_elapsed_pct"] == "20"


def test_status_json_is_identical_in_both_languages(cli: Invoke, db: str) -> None:
    """Machine output does not depend on --lang, width or colour."""
    korean = cli("status", "--db", db, "--format", "json", "--lang", "ko")
    english = cli("status", "--db", db, "--format", "json", "--lang", "en", env={"COLUMNS": "40"})
    assert korean.stdout == english.stdout
    rows = json.loads(korean.stdout)
    assert {row["status"] for row in rows} <= {"achieved", "on_track", "behind", "off_track", "regressing",
                                              "missed", "pending_final", "insufficient", "not_judged", "no_data",
                                              "no_target"}  # fmt: skip
    assert all(isinstance(row["flags"], list) for row in rows)


def test_status_table_in_korean(cli: Invoke, db: str) -> None:
    """The Korean table shows Korean labels, Korean value style and the sector roll-up."""
    result = cli("status", "--db", db, "--format", "table", "--lang", "ko")
    assert result.exit_code == 0
    out = result.stdout
    assert "포항시 5대 신성장 산업 목표 점검 (기준일 2026-11-25)" in out
    assert "5조 6,000억 원" in out
    assert "14조 원" in out
    assert "순항" in out
    assert "자료 없음" in out
    assert "마일스톤" in out
    assert "\x1b[" not in out


def test_status_table_in_english(cli: Invoke, db: str) -> None:
    """The English table shows compact values and English labels."""
    result = cli("status", "--db", db, "--format", "table", "--lang", "en")
    assert result.exit_code == 0
    assert "KRW 5.6 tn" in result.stdout
    assert "KRW 14.0 tn" in result.stdout
    assert "on track" in result.stdout


def test_status_of_one_sector_by_korean_name(cli: Invoke, db: str) -> None:
    """Naming a sector in Korean restricts the rows to it."""
    result = cli("status", "수소", "--db", db, "--format", "jsonl")
    sectors = {json.loads(line)["sector"] for line in result.stdout.splitlines()}
    assert sectors == {"hydrogen"}


def test_unknown_sector_exits_2_with_a_suggestion(cli: Invoke, db: str) -> None:
    """An unknown sector is one sentence on stderr with the closest name, exit 2, nothing on stdout."""
    result = cli("status", "hydrogn", "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "pohang: unknown sector 'hydrogn' — did you mean 'hydrogen'? (see `pohang sectors`)\n"


def test_unknown_field_lists_the_valid_ones(cli: Invoke, db: str) -> None:
    """--fields with an unknown column exits 2 listing the valid columns."""
    result = cli("sectors", "--db", db, "--fields", "id,colour")
    assert result.exit_code == 2
    assert result.stderr == (
        "pohang: unknown field 'colour'; valid fields: id,name_ko,name_en,indicators,targets,milestones,source\n"
    )


def test_fields_choose_columns(cli: Invoke, db: str) -> None:
    """--fields prints just those columns, in that order."""
    result = cli("sectors", "--db", db, "--fields", "name_ko,id", "--format", "csv")
    assert (
        result.stdout
        == "name_ko,id\n이차전지,battery\n수소,hydrogen\n바이오,bio\n철강신소재,steel\n미래기술,future-tech\n"
    )


def test_missing_explicit_database_exits_4_and_creates_nothing(cli: Invoke, tmp_path: Path) -> None:
    """A --db path that does not exist is an error (exit 4) and no file is created."""
    missing = tmp_path / "typo.json"
    result = cli("status", "--db", str(missing))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert f"no database at {missing}" in result.stderr
    assert "pohang init" in result.stderr
    assert not missing.exists()


def test_default_database_is_created_from_the_sample(cli: Invoke, tmp_path: Path) -> None:
    """With no --db, the first command creates the default database from the sample and says so."""
    data_home = tmp_path / "xdg"
    result = cli("sectors", "--format", "tsv", env={"XDG_DATA_HOME": str(data_home)})
    assert result.exit_code == 0
    default = data_home / "pohang" / "pohang.json"
    assert result.stderr == f"created a new database at {default} from the bundled sample\n"
    assert default.is_file()
    assert result.stdout.startswith("id\tname_ko\tname_en")


def test_init_refuses_to_overwrite_without_force(cli: Invoke, sample_db: Path) -> None:
    """init on an existing database exits 2 and leaves the file as it was."""
    before = sample_db.read_bytes()
    result = cli("init", "--db", str(sample_db))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert sample_db.read_bytes() == before


def test_init_force_keeps_a_backup(cli: Invoke, sample_db: Path) -> None:
    """init --force replaces the database and keeps the old one as .bak."""
    before = sample_db.read_bytes()
    result = cli("init", "--empty", "--force", "--db", str(sample_db))
    assert result.exit_code == 0
    assert result.stdout == f"{sample_db}\n"
    assert Path(f"{sample_db}.bak").read_bytes() == before
    # --empty keeps the five sectors of the policy, and nothing that hangs on them.
    lines = cli("sectors", "--db", str(sample_db)).stdout.splitlines()
    assert [line.split("\t")[0] for line in lines[1:]] == ["battery", "hydrogen", "bio", "steel", "future-tech"]
    assert {tuple(line.split("\t")[3:6]) for line in lines[1:]} == {("0", "0", "0")}


def test_writers_print_the_new_id_alone(cli: Invoke, sample_db: Path) -> None:
    """Every writer prints the new or changed id alone on stdout and a sentence on stderr."""
    db = ("--db", str(sample_db))
    steps = [
        (("add-indicator", "hydrogen", "stations", "--name-ko", "수소충전소", "--name-en", "Hydrogen stations",
          "--unit", "stations", "--baseline", "3", "--baseline-date", "2023", *db), "hydrogen.stations\n"),
        (("add-target", "hydrogen.stations", "10", "--by", "2030", *db), "hydrogen.stations@2030\n"),
        (("record", "hydrogen.stations", "5", "--date", "2025", *db), "hydrogen.stations:2025\n"),
        (("revise-target", "hydrogen.stations@2030", "--value", "12", "--reason", "plan", *db),
         "hydrogen.stations@2030\n"),
        (("add-milestone", "수소", "충전소 준공", "--due", "2026Q2", *db), "59\n"),
        (("update-milestone", "59", "--status", "완료", "--date", "2026-05-02", *db), "59\n"),
    ]  # fmt: skip
    for args, expected in steps:
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (0, expected), result.stderr
        assert result.stderr.endswith("\n")
        assert result.stderr.count("\n") == 1


def test_quiet_silences_the_note(cli: Invoke, db: str) -> None:
    """-q leaves only the id."""
    result = cli("record", "battery.investment", "7조", "--date", "2024", "-q", "--db", db)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "battery.investment:2024\n", "")


def test_record_replacing_a_value_says_so(cli: Invoke, db: str) -> None:
    """Recording a second value for the same date revises the first, keeps it, and says so on stderr."""
    cli("record", "battery.investment", "7조", "--date", "2024", "--db", db)
    result = cli("record", "battery.investment", "7조 2000억", "--date", "2024", "--db", db)
    assert result.exit_code == 0
    assert result.stderr == (
        "revised battery.investment:2024: value KRW 7,000,000,000,000 → KRW 7,200,000,000,000 for 2024 (year); "
        "the earlier value is kept as a revision (see `pohang history`)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("record", "battery.investment", "lots", "--date", "2024"), "VALUE: "),
        (("record", "battery.investment", "NaN", "--date", "2024"), "VALUE: "),
        (("record", "battery.investment", "7조", "--date", "07/08/2023"), "--date: "),
        (("record", "battery.investment", "7조", "--date", "2023-02-30"), "--date: "),
        (("record", "battery.invst", "7조", "--date", "2024"), "did you mean 'battery.investment'"),
        (("record", "battery", "7조", "--date", "2024"), "'battery' fits 17 indicators — did you mean battery."),
        (("add-milestone", "bio", "x", "--status", "finished"), "unknown milestone status 'finished'"),
        (("add-target", "battery.investment", "20조", "--by", "2021", "--force"), "is not after the baseline date"),
        (("add-target", "battery.investment", "20조", "--by", "2025"), "[past due] the deadline 2025 has already"),
        (("add-indicator", "bio", "beds", "--name-ko", "병상", "--name-en", "Beds", "--unit", "beds",
          "--baseline", "0", "--baseline-date", "2023", "--model", "compound"), "compound model"),
        (("milestones", "--status", "nope"), "unknown milestone status 'nope'"),
        (("check", "--fail-on", "bad"), "unknown target status 'bad'"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_and_writes_nothing(
    cli: Invoke, sample_db: Path, args: tuple[str, ...], message: str
) -> None:
    """Bad values, dates, names and statuses exit 2 with one sentence on stderr and leave the file untouched."""
    before = sample_db.read_bytes()
    result = cli(*args, "--db", str(sample_db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("pohang: ")
    assert result.stderr.count("\n") == 1
    assert sample_db.read_bytes() == before


def test_milestones_filters(cli: Invoke, db: str) -> None:
    """Status, sector, date-range and overdue filters combine."""
    done = cli("milestones", "bio", "--status", "done", "--since", "2024", "--db", db, "--format", "json")
    rows = json.loads(done.stdout)
    assert rows
    assert all(row["sector"] == "bio" and row["status"] == "done" and row["date"] >= "2024" for row in rows)
    overdue = json.loads(cli("milestones", "--overdue", "--db", db, "--format", "json").stdout)
    assert overdue
    assert all(row["overdue"] and row["days_overdue"] > 0 for row in overdue)


def test_empty_result_exits_0_and_says_so(cli: Invoke, db: str) -> None:
    """A filter that matches nothing exits 0 with a note on stderr."""
    result = cli("milestones", "--status", "partial", "--db", db, "--format", "tsv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["\t".join(
        ["id", "sector", "title", "title_en", "status", "date", "due", "original_due", "overdue", "days_overdue",
         "due_soon", "late", "slip_days", "source", "note"])]  # fmt: skip
    assert result.stderr == "no milestones match\n"


def test_check_exits_3_with_the_problems(cli: Invoke, db: str) -> None:
    """check exits 3 and lists overdue milestones, no-data targets past their deadline (§7, S3) and targets
    awaiting their final figure (§8.1, S6)."""
    result = cli("check", "--db", db, "--format", "tsv")
    assert result.exit_code == 3
    assert result.stdout.startswith(
        "kind\tid\tsector\tname_ko\tname_en\tstatus\tdays_overdue\tflags\tindication\towner\tnext_expected\n"
    )
    assert "milestone\t" in result.stdout
    row = ["target", "battery.cathode-output@2025", "battery", "양극재 생산량", "Cathode-material output", "no_data"]
    assert "\t".join([*row, "", "no_baseline;deadline_passed", "", "포항시", ""]) in result.stdout.splitlines()
    pending = next(line.split("\t") for line in result.stdout.splitlines() if "ecopro-cathode-capacity@2025" in line)
    assert (pending[5], pending[8]) == ("pending_final", "off_track")
    assert result.stderr.endswith("problem(s) found\n")


def test_check_reports_stale_rows_only_when_asked(cli: Invoke, db: str) -> None:
    """`--stale` adds targets with too little evidence (§8.1); without it they are not problems, unless an
    assessment disputes them (§8.3): the sample's battery investment is listed either way."""
    plain = cli("check", "--db", db, "--format", "tsv")
    stale = cli("check", "--stale", "--db", db, "--format", "tsv")
    assert plain.exit_code == stale.exit_code == 3
    [investment] = [line for line in plain.stdout.splitlines() if "\tbattery.investment@2027\t" in line]
    assert investment.split("\t")[5:] == [
        "insufficient", "", "low_confidence;provisional;stale;reach_passed;disputed", "on_track", "포항시", "2025-03"
    ]  # fmt: skip
    added = [line for line in stale.stdout.splitlines() if line not in plain.stdout.splitlines()]
    assert [line.split("\t")[1] for line in added] == ["battery.posco-cathode-capacity@2026"]
    assert added[0].split("\t")[5:] == ["insufficient", "", "low_confidence;stale", "behind", "포스코퓨처엠", ""]
    assert [line for line in stale.stdout.splitlines() if line not in added] == plain.stdout.splitlines()


def test_check_exits_3_for_a_stale_row_alone(cli: Invoke, db: str) -> None:
    """With --stale a stale row is a problem: on 2025-05-01 the 2023 actual (17 months old) alone exits 3."""
    # --fail-on missed: EcoPro's capacity is already off track then, a problem of another kind.
    judged = ("--db", db, "--as-of", "2025-05-01", "--format", "tsv", "--fail-on", "missed")
    # The sample's assessment disputes this target, a problem of its own: taken away, the row is only stale.
    assert cli("remove", "assessment", "battery.investment@2027", "--yes", "--db", db, "-q").exit_code == 0
    plain = cli("check", *judged)
    assert plain.exit_code == 0
    stale = cli("check", "--stale", *judged)
    assert stale.exit_code == 3
    assert [line.split("\t")[1] for line in stale.stdout.splitlines()[1:]] == ["battery.investment@2027"]
    assert stale.stderr == "1 problem(s) found\n"


def test_check_exits_0_when_nothing_is_wrong(cli: Invoke, db: str) -> None:
    """check exits 0 when judged at a date when nothing was overdue or off track."""
    result = cli("check", "--db", db, "--as-of", "2023-10-01")
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: ")


def test_targets_history_shows_superseded_versions(cli: Invoke, db: str) -> None:
    """targets --history includes superseded targets, plain targets does not."""
    current = cli("targets", "hydrogen", "--db", db, "--format", "json")
    history = cli("targets", "hydrogen", "--history", "--db", db, "--format", "json")
    assert {row["id"] for row in json.loads(current.stdout)} == {"hydrogen.companies@2035", "hydrogen.sales@2035"}
    states = {(row["id"], row["state"]) for row in json.loads(history.stdout)}
    assert ("hydrogen.companies@2030", "superseded") in states
    assert ("hydrogen.companies@2035", "current") in states


def test_history_lists_baseline_observations_targets(cli: Invoke, db: str) -> None:
    """history gives the baseline, each observation, each target and the projection."""
    result = cli("history", "battery.investment", "--db", db, "--format", "csv", "--fields", "kind,date,value")
    assert result.stdout == (
        "kind,date,value\nbaseline,2022,0\nobservation,2023,5600000000000\ntarget,2027,14000000000000\n"
        "assessment,2024-12-16,\nprojection,2027,28000000000000\n"
    )


def test_indicators_of_a_sector(cli: Invoke, db: str) -> None:
    """indicators SECTOR lists only that sector's indicators."""
    result = cli("indicators", "future-tech", "--db", db, "--fields", "id,unit")
    assert result.stdout == "id\tunit\nfuture-tech.datacenter-capacity\tMW\nfuture-tech.datacenter-investment\tKRW\n"


def test_rich_markup_in_data_prints_literally(cli: Invoke, db: str) -> None:
    """Titles that look like Rich markup are data: they print exactly as typed."""
    cli("add-milestone", "bio", "용량 [mw] [bold]확충 :fire:", "--db", db)
    result = cli("milestones", "bio", "--db", db, "--format", "table", env={"COLUMNS": "200"})
    assert "용량 [mw] [bold]확충 :fire:" in result.stdout


def test_a_writer_on_a_missing_database_leaves_no_file_behind(cli: Invoke, tmp_path: Path) -> None:
    """A mistyped --db for a writer exits 4 and creates neither the database nor its lock file."""
    missing = tmp_path / "typo.json"
    result = cli("record", "battery.investment", "7조", "--date", "2024", "--db", str(missing))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []
