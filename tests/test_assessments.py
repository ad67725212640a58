"""`pohang assess` and `pohang remove assessment` (methodology §8.3): a person's assessment beside the computed
status, checked as typed, shown in status, explain, history and export, logged and undoable, on both backends."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import Invoke

TARGET = "battery.investment@2027"
SOURCES = ("--source", "https://a.example/2024-12-16", "--source", "https://a.example/2024-09-04")


@pytest.fixture
def db(cli: Invoke, db: str) -> str:
    """The sample without its own assessments, so that each test sees only the ones it makes."""
    for row in json.loads(cli("export", "--db", db).stdout)["assessments"]:
        assert cli("remove", "assessment", row["id"], "--yes", "--db", db).exit_code == 0
    return db


def _assess(cli: Invoke, db: str, *args: str) -> tuple[int, str, str]:
    result = cli("assess", TARGET, *args, "--db", db)
    return result.exit_code, result.stdout, result.stderr


def _export(cli: Invoke, db: str) -> str:
    return cli("export", "--db", db).stdout


def test_assess_stores_the_assessment_and_says_what_it_stored(cli: Invoke, db: str) -> None:
    """The target's id on stdout, the status, date, sources and basis on stderr; status and export carry it."""
    done = _assess(
        cli, db, "부진", "--basis", "2024년 투자 부진", "--basis-en", "sluggish 2024", "--date", "2025-01-10", *SOURCES
    )
    assert done == (
        0,
        f"{TARGET}\n",
        f"assessed {TARGET}: off track on 2025-01-10 (day), 2 source(s); basis: 2024년 투자 부진\n",
    )
    [row] = [r for r in json.loads(cli("status", "--db", db, "--format", "json").stdout) if r["target_id"] == TARGET]
    assert (row["status"], row["assessed_status"], row["assessed_on"]) == ("insufficient", "off_track", "2025-01-10")
    assert (row["assessed_basis"], row["assessed_basis_en"]) == ("2024년 투자 부진", "sluggish 2024")
    assert row["assessed_sources"] == ["https://a.example/2024-12-16", "https://a.example/2024-09-04"]
    assert "disputed" in row["flags"]
    exported = cli("export", "--db", db, "--kind", "assessments", "--format", "csv").stdout
    assert exported == (
        "id,status,basis,sources,date,basis_en\n"
        f'{TARGET},off_track,2024년 투자 부진,"[""https://a.example/2024-12-16"",""https://a.example/2024-09-04""]",'
        "2025-01-10,sluggish 2024\n"
    )


def test_assessing_again_replaces_and_says_what_changed(cli: Invoke, db: str) -> None:
    """A second assessment of the same target replaces the first, naming each changed field old → new."""
    _assess(cli, db, "off_track", "--basis", "부진", "--date", "2025-01-10", *SOURCES)
    again = _assess(cli, db, "behind", "--basis", "부진", "--date", "2025-01-10", *SOURCES)
    assert again == (0, f"{TARGET}\n", f"changed the assessment of {TARGET}: status off track → behind\n")
    same = _assess(cli, db, "behind", "--basis", "부진", "--date", "2025-01-10", *SOURCES)
    assert same == (2, "", f"pohang: target '{TARGET}' already has this assessment; nothing changed\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("missed", "--basis", "x", *SOURCES),
            "'missed' is not a status an assessment may give; use one of achieved/달성, on_track/순항, "
            "behind/지연, off_track/부진, regressing/후퇴",
        ),
        (("insufficient", "--basis", "x", *SOURCES), "'insufficient' is not a status an assessment may give"),
        (("부진", "--basis", "x", "--source", "www.example.org"), "'www.example.org' is not a web address"),
        (("부진", "--basis", " ", *SOURCES), "an assessment needs its basis: add --basis '...' (판단근거, in Korean)"),
        (("부진", "--basis", "x", "--date", "2027-01", *SOURCES), "the assessment date 2027-01 is in the future"),
    ],
    ids=["missed", "not-a-verdict", "not-a-url", "no-basis", "future"],
)
def test_bad_assessments_exit_2_and_write_nothing(cli: Invoke, db: str, args: tuple[str, ...], message: str) -> None:
    """A status a person may not give, a source that is no URL, no basis, a future date: exit 2, nothing written."""
    before = _export(cli, db)
    code, out, err = _assess(cli, db, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"pohang: {message}")
    assert err.count("\n") == 1
    assert _export(cli, db) == before


def test_an_unknown_target_or_no_source_is_refused(cli: Invoke, db: str) -> None:
    """An unknown target names the closest id; a missing --source is a usage error (exit 2)."""
    unknown = cli("assess", "battery.nope@2027", "부진", "--basis", "x", *SOURCES, "--db", db)
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr == (
        f"pohang: unknown target 'battery.nope@2027' — did you mean '{TARGET}'? (see `pohang targets`)\n"
    )
    no_source = cli("assess", TARGET, "부진", "--basis", "x", "--db", db)
    assert (no_source.exit_code, no_source.stdout) == (2, "")
    assert "--source" in no_source.stderr


def test_korean_messages_under_lang_ko(cli: Invoke, db: str) -> None:
    """Under --lang ko (a global option before the command) the refusal is one Korean sentence."""
    result = cli("--lang", "ko", "assess", TARGET, "부진", "--basis", "x", "--source", "www.x", "--db", db)
    assert (result.exit_code, result.stderr) == (
        2,
        "pohang: 'www.x'은(는) 웹 주소가 아닙니다. 출처는 --source https://... 로 하나씩 주세요\n",
    )


def test_remove_assessment_and_undo_bring_it_back(cli: Invoke, db: str) -> None:
    """remove assessment takes it away (logged); undo restores it; a second remove finds nothing (exit 2)."""
    _assess(cli, db, "부진", "--basis", "부진", "--date", "2025-01-10", *SOURCES)
    assessed = _export(cli, db)
    removed = cli("remove", "assessment", TARGET, "--yes", "--db", db)
    assert (removed.exit_code, removed.stdout) == (0, f"{TARGET}\n")
    assert removed.stderr == f"removed the assessment of {TARGET}\n`pohang undo` brings it back\n"
    assert json.loads(_export(cli, db))["assessments"] == []
    again = cli("remove", "assessment", TARGET, "--yes", "--db", db)
    assert (again.exit_code, again.stdout) == (2, "")
    assert again.stderr == (
        f"pohang: no assessment of target '{TARGET}' (`pohang explain {TARGET}` shows a target's assessment)\n"
    )
    log = cli("log", "--db", db, "--format", "json").stdout
    assert [entry["summary"] for entry in json.loads(log)[:2]] == [
        f"removed assessment {TARGET}",
        f"added assessment {TARGET}",
    ]
    assert cli("undo", "--yes", "--db", db).exit_code == 0
    assert _export(cli, db) == assessed


def test_a_target_with_an_assessment_is_removed_only_with_cascade(cli: Invoke, db: str) -> None:
    """The assessment depends on its target: removing the target is refused, and --cascade takes both."""
    _assess(cli, db, "부진", "--basis", "부진", "--date", "2025-01-10", *SOURCES)
    refused = cli("remove", "target", TARGET, "--yes", "--db", db)
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"pohang: target '{TARGET}' has a person's assessment; remove with --cascade to remove it too\n",
    )
    removed = cli("remove", "target", TARGET, "--cascade", "--yes", "--db", db)
    assert (removed.exit_code, removed.stdout) == (0, f"{TARGET}\n{TARGET}\n")
    assert removed.stderr.startswith(f"removed target {TARGET} with 1 assessment\n")
    assert json.loads(_export(cli, db))["assessments"] == []


def test_history_and_explain_show_the_assessment(cli: Invoke, db: str) -> None:
    """history has an `assessment` row (status, basis, sources); explain spells it out, in either language."""
    _assess(
        cli, db, "부진", "--basis", "2024년 투자 부진", "--basis-en", "sluggish 2024", "--date", "2025-01-10", *SOURCES
    )
    rows = json.loads(cli("history", "battery.investment", "--db", db, "--format", "json").stdout)
    [row] = [r for r in rows if r["kind"] == "assessment"]
    assert row == {
        "indicator": "battery.investment", "kind": "assessment", "id": TARGET, "date": "2025-01-10", "value": None,
        "provisional": False, "source": None, "note": "2024년 투자 부진", "reported": None,
        "note_en": "sluggish 2024", "recorded": None, "status": "off_track",
        "sources": ["https://a.example/2024-12-16", "https://a.example/2024-09-04"],
    }  # fmt: skip
    table = cli("history", "battery.investment", "--db", db, "--format", "table", "--lang", "ko").stdout
    assert "평가" in table
    assert "2024년 투자 부진" in table
    english = cli("history", "battery.investment", "--db", db, "--format", "table", "--lang", "en").stdout
    assert "sluggish 2024" in english
    [explained] = json.loads(cli("explain", TARGET, "--db", db, "--format", "json").stdout)
    assert explained["assessment"] == {
        "status": "off_track", "basis": "2024년 투자 부진", "basis_en": "sluggish 2024",
        "sources": ["https://a.example/2024-12-16", "https://a.example/2024-09-04"], "date": "2025-01-10",
    }  # fmt: skip


def test_an_assessment_import_is_checked_like_the_command(cli: Invoke, db: str) -> None:
    """An imported assessment needs a known target, a status a person may give, a source and a past date."""
    rows = (
        "target,status,basis,sources,date\n"
        f"{TARGET},부진,근거,https://a.example/1 https://a.example/2,2025-01-10\n"
        "battery.nope@2027,behind,근거,https://a.example/1,2025-01-10\n"
        f"{TARGET},missed,근거,,2027\n"
    )
    refused = cli("import", "-", "--format", "csv", "--kind", "assessments", "--db", db, input=rows)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "pohang: stdin line 3, field 'id': unknown target 'battery.nope@2027' — did you mean "
        f"'{TARGET}'? (see `pohang targets`)\n"
        "pohang: stdin line 4, field 'status': 'missed' is not a status an assessment may give; use one of "
        "achieved/달성, on_track/순항, behind/지연, off_track/부진, regressing/후퇴\n"
        "pohang: stdin line 4, field 'sources': is missing: an assessment needs at least one source URL\n"
        "pohang: 3 problems in stdin; nothing was imported\n"
    )
    good = cli("import", "-", "--format", "csv", "--kind", "assessments", "--db", db, input=rows.rsplit("\n", 3)[0])
    assert good.exit_code == 0, good.stderr
    exported = cli("export", "--db", db, "--kind", "assessments", "--format", "csv").stdout
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert (row["id"], row["status"], json.loads(row["sources"])) == (
        TARGET,
        "off_track",
        ["https://a.example/1", "https://a.example/2"],
    )
