"""`pohang doctor`: a clean database exits 0; a damaged one exits 1 with every problem and its record id.

The tests of what the doctor says of a sound database run on both backends (the `db` fixture); those that
damage a file in ways PostgreSQL's constraints refuse run on a file.
"""

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


def errors(stdout: str) -> list[str]:
    """The tsv rows of errors, without their severity column: what the tests of damage compare."""
    rows = stdout.splitlines()[1:]
    return [row.removesuffix("\terror") for row in rows if row.endswith("\terror")]


def write(path: Path, tables: Tables) -> None:
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")


def test_the_sample_is_clean(cli: Invoke, db: str) -> None:
    """The bundled sample has no errors: exit 0, and the notes of methodology §7 listed as notes."""
    result = cli("doctor", "--db", db, "--format", "tsv")
    assert result.exit_code == 0
    assert errors(result.stdout) == []
    rows = result.stdout.splitlines()[1:]
    assert rows
    assert all(row.endswith("\tnote") for row in rows)
    assert result.stderr == f"ok: 152 records checked, no problems; {len(rows)} notes\n"


def test_clean_machine_output_is_the_header_alone(cli: Invoke, new_db: str) -> None:
    """A script reading tsv of a database with nothing to say gets the header row alone."""
    assert cli("init", "--empty", "--db", new_db, "-q").exit_code == 0
    result = cli("doctor", "--db", new_db, "--format", "tsv", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "kind\tid\tcode\tproblem\tseverity\n", "")


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
    assert result.stderr.startswith("9 problem(s) found in 152 records; ")
    lines = result.stdout.splitlines()
    assert lines[0] == "kind\tid\tcode\tproblem\tseverity"
    assert sorted(errors(result.stdout)) == sorted(
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
            "counted on basis 'executed', but indicator 'battery.zone-investment-mou' has basis 'MOU 기준'",
        ]
    )


def test_json_output_has_the_contract_keys(cli: Invoke, sample_db: Path) -> None:
    """json rows carry kind, id, code and problem."""
    tables = sample_tables()
    find(tables, "milestones", 2)["status"] = "finished"
    write(sample_db, tables)
    result = cli("doctor", "--db", str(sample_db), "--format", "json", "-q")
    assert (result.exit_code, result.stderr) == (1, "")
    assert [row for row in json.loads(result.stdout) if row["severity"] == "error"] == [
        {
            "kind": "milestone",
            "id": "2",
            "code": "bad-value",
            "problem": "status is 'finished', not one of "
            "planned, in_progress, on_hold, done, partial, cancelled, unknown",
            "severity": "error",
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
    assert errors(result.stdout) == [
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
    assert errors(result.stdout) == [
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
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: 152 records checked, no problems; ")


def test_a_backup_is_checked_against_the_database_log(cli: Invoke, sample_db: Path) -> None:
    """doctor on `<db>.bak` reads the history from the database's log and finds nothing wrong."""
    cli("init", "--force", "--db", str(sample_db), "-q")
    cli("record", "battery.investment", "7조", "--date", "2024", "--db", str(sample_db), "-q")
    result = cli("doctor", "--db", f"{sample_db}.bak")
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: ")


# --- methodology §7: notes, not errors ------------------------------------------------------------------


def test_the_doctor_lists_what_counts_differently_as_notes(cli: Invoke, db: str) -> None:
    """Each §7 case of an observation is a note with its numbers; the database is still without errors."""
    for value, when in (("2000억", "2024"), ("1조", "2022-06"), ("6조", "2025-Q4"), ("5조 9000억", "2025-11")):
        recorded = cli("record", "battery.investment", value, "--date", when, "--db", db, "-q")
        assert recorded.exit_code == 0
    tables = sample_tables()
    result = cli("doctor", "--db", db, "--format", "tsv", "--as-of", "2025-11-20")
    assert result.exit_code == 0, result.stdout
    rows = [row.split("\t") for row in result.stdout.splitlines()[1:]]
    found = {(row[1], row[2]): row[3] for row in rows if row[1].startswith("battery.investment:")}
    assert found == {
        ("battery.investment:2024", "falling-total"): "KRW 200.0 bn is below the 2023 total KRW 5.6 tn; if it is "
        "the 2024 increment, record KRW 5.8 tn; if it is a withdrawal (an MOU cancelled), say so in the note",
        ("battery.investment:2022-06", "before-baseline"): "2022-06 is not after the baseline (2022); it is kept, "
        "but not used for progress",
        ("battery.investment:2025-Q4", "period-not-ended"): "the period 2025-Q4 has not ended on 2025-11-20; it "
        "counts from 2026-01-01. For a year-to-date figure record the month (2025-10)",
        ("battery.investment:2025-11", "period-not-ended"): "the period 2025-11 has not ended on 2025-11-20; it "
        "counts from 2025-12-01. For a year-to-date figure record the month (2025-10)",
        ("battery.investment:2025-11", "overlapping-periods"): "the period 2025-11 overlaps "
        "battery.investment:2025-Q4 (2025-Q4); the value whose period ends later counts as the latest",
        ("battery.investment:2022-06", "no-source"): "the observation has no source",
        ("battery.investment:2024", "no-source"): "the observation has no source",
        ("battery.investment:2025-Q4", "no-source"): "the observation has no source",
        ("battery.investment:2025-11", "no-source"): "the observation has no source",
    }
    assert all(row[4] == "note" for row in rows)
    assert tables  # the sample itself is untouched


def test_targets_without_a_baseline_are_unjudgeable(cli: Invoke, db: str) -> None:
    """Every current target of an indicator without a baseline is listed as unjudgeable; superseded ones not."""
    result = cli("doctor", "--db", db, "--format", "tsv", "--as-of", "2026-11-25")
    unjudgeable = [row.split("\t")[1] for row in result.stdout.splitlines() if "\tunjudgeable\t" in row]
    tables = sample_tables()
    without = {doc["id"] for doc in tables["indicators"].values() if doc.get("baseline") is None}
    expected = sorted(
        doc["id"]
        for doc in tables["targets"].values()
        if doc["indicator"] in without and doc.get("superseded_by") is None
    )
    assert unjudgeable == expected
    assert "hydrogen.companies@2035" in unjudgeable


def test_a_note_saying_provisional_on_a_figure_not_flagged_so() -> None:
    """잠정 or "provisional" in the note of an unflagged figure is a note; a flagged one is fine."""
    import datetime as dt

    from pohang_cli.doctor import notes

    tables = sample_tables()
    observation = find(tables, "observations", "battery.investment:2023")
    observation["note"] = "잠정치 (연말 확정 전)"
    assert observation["provisional"] is True
    assert not [n for n in notes(tables, dt.date(2026, 11, 25)) if n.code == "provisional-in-note"]
    observation["provisional"] = False
    found = [n for n in notes(tables, dt.date(2026, 11, 25)) if n.code == "provisional-in-note"]
    assert [(n.id, n.severity) for n in found] == [("battery.investment:2023", "note")]
    observation["note"] = "A Provisional figure"
    assert [n.id for n in notes(tables, dt.date(2026, 11, 25)) if n.code == "provisional-in-note"] == [
        "battery.investment:2023"
    ]
