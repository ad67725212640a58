"""`pohang doctor`: a clean database exits 0; a damaged one exits 1 with every problem and its record id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

from pohang_cli.doctor import examine
from pohang_cli.storage import bundled_sample_path

Tables = dict[str, dict[str, Any]]


def sample_tables() -> Tables:
    data: Tables = json.loads(bundled_sample_path().read_text(encoding="utf-8"))
    return data


def find(tables: Tables, kind: str, record_id: object) -> dict[str, Any]:
    return next(doc for doc in tables[kind].values() if doc["id"] == record_id)


def problems_of(tables: Tables) -> list[tuple[str, str, str]]:
    return [(p.kind, p.id, p.code) for p in examine(tables)]


def write(path: Path, tables: Tables) -> None:
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")


def test_the_sample_is_clean(cli: Invoke, sample_db: Path) -> None:
    """The bundled sample passes: exit 0, nothing on stdout in a table, a count on stderr."""
    result = cli("doctor", "--db", str(sample_db), "--format", "table")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "ok: 66 records checked, no problems\n")


def test_clean_machine_output_is_the_header_alone(cli: Invoke, sample_db: Path) -> None:
    """A script reading tsv gets the header row and no problems."""
    result = cli("doctor", "--db", str(sample_db), "--format", "tsv", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "kind\tid\tcode\tproblem\n", "")


def test_every_problem_is_listed_with_its_record_id(cli: Invoke, sample_db: Path) -> None:
    """A file with many kinds of damage exits 1 and lists each, in tsv, by kind, id and code."""
    tables = sample_tables()
    find(tables, "observations", "battery.investment:2023")["indicator"] = "battery.gone"
    find(tables, "targets", "battery.jobs@2030")["indicator"] = "battery.nothing"
    find(tables, "milestones", 10)["sector"] = "space"
    find(tables, "milestones", 1)["date"] = "2019/07/23"
    find(tables, "targets", "battery.investment@2027")["value"] = "14조"
    find(tables, "targets", "battery.cathode-output@2030")["source"] = None
    find(tables, "indicators", "battery.investment")["baseline"] = None
    find(tables, "observations", "battery.zone-investment-mou:2023-02-07")["basis"] = "executed"
    write(sample_db, tables)
    result = cli("doctor", "--db", str(sample_db), "--format", "tsv")
    assert result.exit_code == 1
    assert result.stderr == "9 problem(s) found in 66 records\n"
    lines = result.stdout.splitlines()
    assert lines[0] == "kind\tid\tcode\tproblem"
    assert sorted(lines[1:]) == sorted(
        [
            "target\tbattery.investment@2027\tbad-value\tvalue is '14조', not a number within ±10^18",
            "target\tbattery.cathode-output@2030\tno-source\t"
            "the target has no source: add one with `pohang revise-target ... --source URL`",
            "milestone\t1\tbad-date\tdate: '2019/07/23' is not an ISO date at its precision "
            "(2027, 2024-H1, 2026-Q2, 2023-07, 2023-07-20)",
            "target\tbattery.jobs@2030\tmissing-reference\t"
            "indicator 'battery.nothing' is no indicator of this database",
            "observation\tbattery.investment:2023\tmissing-reference\t"
            "indicator 'battery.gone' is no indicator of this database",
            "milestone\t10\tmissing-reference\tsector 'space' is no sector of this database",
            "target\tbattery.jobs@2030\tid-mismatch\tthe id should be 'battery.nothing@2030'",
            "observation\tbattery.investment:2023\tid-mismatch\tthe id should be 'battery.gone:2023'",
            "observation\tbattery.zone-investment-mou:2023-02-07\tmixed-basis\t"
            "counted on basis 'executed', but indicator 'battery.zone-investment-mou' has basis 'mou'",
        ]
    )


def test_json_output_has_the_contract_keys(cli: Invoke, sample_db: Path) -> None:
    """json rows carry kind, id, code and problem."""
    tables = sample_tables()
    find(tables, "milestones", 2)["status"] = "finished"
    write(sample_db, tables)
    result = cli("doctor", "--db", str(sample_db), "--format", "json", "-q")
    assert (result.exit_code, result.stderr) == (1, "")
    assert json.loads(result.stdout) == [
        {
            "kind": "milestone",
            "id": "2",
            "code": "bad-value",
            "problem": "status is 'finished', not one of "
            "planned, in_progress, on_hold, done, partial, cancelled, unknown",
        }
    ]


def test_the_doctor_reports_what_record_conversion_would_choke_on(cli: Invoke, sample_db: Path) -> None:
    """Duplicate ids, missing ids and non-objects stop other commands (exit 4) but are listed by the doctor."""
    tables = sample_tables()
    tables["milestones"]["900"] = dict(find(tables, "milestones", 5))
    tables["milestones"]["901"] = {"sector": "bio", "title": "번호 없음"}
    tables["observations"]["902"] = "not a record"
    write(sample_db, tables)
    assert cli("milestones", "--db", str(sample_db)).exit_code == 4
    result = cli("doctor", "--db", str(sample_db), "--format", "tsv", "-q")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "observation\t(document 902)\tnot-an-object\tdocument 902 is not a JSON object",
        "milestone\t(document 901)\tbad-id\tdocument 901 has id None, not a positive integer",
        "milestone\t5\tduplicate-id\t2 records share this id; a write would keep only one of them",
    ]


def test_a_table_pohang_does_not_know_is_reported(cli: Invoke, sample_db: Path) -> None:
    """A table added by hand would be dropped by the next write: the doctor says so."""
    tables = sample_tables()
    tables["notes"] = {"1": {"text": "메모"}}
    write(sample_db, tables)
    result = cli("doctor", "--db", str(sample_db), "--format", "tsv", "-q")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "table\tnotes\tunknown-table\ttable 'notes' is not one of pohang's; the next write would drop it"
    ]


@pytest.mark.parametrize(
    ("kind", "record_id", "edit", "code"),
    [
        ("indicators", "battery.jobs", {"direction": "up"}, "bad-value"),
        ("indicators", "battery.jobs", {"name_ko": ""}, "missing-field"),
        ("indicators", "battery.jobs", {"name_ko": "일자리\x1b[31m"}, "bad-text"),
        ("indicators", "battery.jobs", {"name_ko": "\u1112\u1161\u11ab"}, "bad-text"),
        ("indicators", "battery.jobs", {"baseline": float("inf")}, "bad-value"),
        ("indicators", "battery.jobs", {"baseline": 1e300}, "bad-value"),
        ("indicators", "battery.jobs", {"model": "compound", "baseline": 0}, "bad-model"),
        ("indicators", "battery.jobs", {"baseline_date": "2022-13"}, "bad-date"),
        ("targets", "battery.jobs@2030", {"deadline": "2031"}, "id-mismatch"),
        ("targets", "battery.jobs@2030", {"revisions": [{"value": 1, "reason": "조정"}]}, "bad-date"),
        ("targets", "battery.jobs@2030", {"superseded_by": "battery.jobs@2040"}, "missing-reference"),
        ("observations", "battery.investment:2023", {"value": True}, "bad-value"),
        ("observations", "battery.investment:2023", {"provisional": "yes"}, "bad-value"),
        ("milestones", 3, {"title": None}, "missing-field"),
        ("sectors", "bio", {"order": "3"}, "bad-value"),
    ],
)
def test_each_kind_of_damage_is_found(kind: str, record_id: object, edit: dict[str, Any], code: str) -> None:
    """One edit of the sample, one problem found, with the right record and code."""
    tables = sample_tables()
    find(tables, kind, record_id).update(edit)
    assert problems_of(tables) == [(kind.removesuffix("s"), str(record_id), code)]


def test_an_indicator_id_must_be_its_sector_and_slug() -> None:
    """An indicator id that is not SECTOR.SLUG is reported (its targets and observations then dangle too)."""
    tables = sample_tables()
    find(tables, "indicators", "battery.jobs")["id"] = "battery.Jobs"
    assert ("indicator", "battery.Jobs", "id-mismatch") in problems_of(tables)


def test_a_milestone_id_must_be_a_positive_integer() -> None:
    """A milestone with id 0 is reported by its document key."""
    tables = sample_tables()
    key = next(k for k, doc in tables["milestones"].items() if doc["id"] == 3)
    tables["milestones"][key]["id"] = 0
    assert problems_of(tables) == [("milestone", f"(document {key})", "bad-id")]


def test_a_milestone_counter_below_the_highest_id_is_reported() -> None:
    """next_milestone_id at or below an existing id would hand out a used id."""
    tables = sample_tables()
    tables["_meta"]["1"]["next_milestone_id"] = 5
    assert problems_of(tables) == [("database", "_meta", "id-reuse")]


def test_a_damaged_audit_log_is_reported(cli: Invoke, sample_db: Path) -> None:
    """A history the log cannot show (log deleted or not copied) is a problem of kind log."""
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0
    sample_db.with_name(sample_db.name + ".log").unlink()
    result = cli("doctor", "--db", str(sample_db), "--format", "tsv", "-q")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith("log\t#1\tlog-incomplete\tthe audit log ")


def test_an_unreadable_file_is_exit_4_not_a_problem_list(cli: Invoke, sample_db: Path) -> None:
    """The doctor cannot list problems of a file that is not JSON: that stays exit 4."""
    sample_db.write_bytes(sample_db.read_bytes()[:100])
    result = cli("doctor", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (4, "")
    assert "is not valid JSON" in result.stderr


def test_the_doctor_checks_a_backup_before_it_is_restored(cli: Invoke, sample_db: Path) -> None:
    """`pohang doctor --db DB.bak` works on the backup file the error messages point to."""
    assert cli("add-milestone", "battery", "x", "--db", str(sample_db), "-q").exit_code == 0
    result = cli("doctor", "--db", str(sample_db) + ".bak")
    assert (result.exit_code, result.stderr) == (0, "ok: 66 records checked, no problems\n")


def test_a_backup_is_checked_against_the_database_log(cli: Invoke, sample_db: Path) -> None:
    """doctor on `<db>.bak` reads the history from the database's log and finds nothing wrong."""
    cli("init", "--force", "--db", str(sample_db), "-q")
    cli("record", "battery.investment", "7조", "--date", "2024", "--db", str(sample_db), "-q")
    result = cli("doctor", "--db", f"{sample_db}.bak")
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: ")
