"""Fixing and removing what was typed: sectors, update-indicator/-target, remove, record keeping fields, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.cli import editing as cli_editing


def _rows(cli: Invoke, db: Path, kind: str) -> dict[str, dict[str, object]]:
    result = cli("export", "--db", str(db), "--kind", kind, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {str(row["id"]): row for row in json.loads(result.stdout)}


def _refused(cli: Invoke, db: Path, *args: str) -> str:
    """Run a command that must be refused: exit 2, nothing on stdout, one line on stderr, the file untouched."""
    before = db.read_bytes()
    result = cli(*args, "--db", str(db))
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith("pohang: ")
    assert result.stderr.count("\n") == 1
    assert db.read_bytes() == before
    return result.stderr


# ---------------------------------------------------------------------------------------------------
# Sectors


def test_init_empty_keeps_the_five_sectors(cli: Invoke, empty_db: Path) -> None:
    """`init --empty` gives the policy's five sectors and nothing else, so an indicator can be added at once."""
    assert sorted(_rows(cli, empty_db, "sectors")) == ["battery", "bio", "future-tech", "hydrogen", "steel"]
    for kind in ("indicators", "targets", "observations", "milestones"):
        assert _rows(cli, empty_db, kind) == {}
    added = cli(
        "add-indicator", "수소", "stations", "--name-ko", "수소충전소", "--name-en", "Hydrogen stations",
        "--unit", "기", "--baseline", "3", "--baseline-date", "2023", "--db", str(empty_db),
    )  # fmt: skip
    assert (added.exit_code, added.stdout) == (0, "hydrogen.stations\n")


def test_add_sector_then_update_it_then_undo(cli: Invoke, empty_db: Path) -> None:
    """add-sector and update-sector print the id, are logged, and undo reverts each."""
    db = str(empty_db)
    added = cli("add-sector", "space", "--name-ko", "우주항공", "--name-en", "Space", "--db", db)
    assert (added.exit_code, added.stdout, added.stderr) == (0, "space\n", "added sector space (우주항공)\n")
    sector = _rows(cli, empty_db, "sectors")["space"]
    assert (sector["name_ko"], sector["order"]) == ("우주항공", 6)
    updated = cli("update-sector", "우주항공", "--name-ko", "우주항공산업", "--db", db)
    assert (updated.exit_code, updated.stdout) == (0, "space\n")
    assert updated.stderr == "updated sector space: name_ko 우주항공 → 우주항공산업\n"
    assert _rows(cli, empty_db, "sectors")["space"]["name_ko"] == "우주항공산업"
    assert cli("undo", "--yes", "--db", db, "-q").exit_code == 0
    assert _rows(cli, empty_db, "sectors")["space"]["name_ko"] == "우주항공"
    assert cli("undo", "--yes", "--db", db, "-q").exit_code == 0
    assert "space" not in _rows(cli, empty_db, "sectors")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-sector", "battery", "--name-ko", "x", "--name-en", "y"), "sector 'battery' already exists"),
        (("add-sector", "space", "--name-ko", "수소", "--name-en", "Space"), "'수소' already names sector 'hydrogen'"),
        (("add-sector", "Space Age", "--name-ko", "우주", "--name-en", "Space"), "invalid sector id 'Space Age'"),
        (("add-sector", "space", "--name-en", "Space"), "a sector needs a name in both languages"),
        (("update-sector", "bio"), "nothing to update"),
        (("update-sector", "bio", "--name-ko", "바이오"), "sector 'bio' already has these values"),
        (("update-sector", "bio", "--name-en", "Hydrogen"), "'Hydrogen' already names sector 'hydrogen'"),
        (("update-sector", "biology", "--name-ko", "생명"), "unknown sector 'biology'"),
    ],
)
def test_sector_mistakes_are_refused(cli: Invoke, sample_db: Path, args: tuple[str, ...], message: str) -> None:
    """Duplicates, bad ids, missing names and no-op updates exit 2 and write nothing."""
    assert message in _refused(cli, sample_db, *args)


# ---------------------------------------------------------------------------------------------------
# update-indicator, update-target


def test_update_indicator_changes_names_and_normalises_the_unit(cli: Invoke, sample_db: Path) -> None:
    """Names, basis, source and unit change; `명` is stored as jobs; nothing about judgement is said."""
    result = cli(
        "update-indicator", "battery.jobs", "--name-ko", "이차전지 신규 일자리", "--unit", "명",
        "--basis", "reported", "--db", str(sample_db),
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "battery.jobs\n")
    assert result.stderr == (
        "updated indicator battery.jobs: name_ko 이차전지 일자리 → 이차전지 신규 일자리; basis — → reported\n"
    )
    row = _rows(cli, sample_db, "indicators")["battery.jobs"]
    assert (row["name_ko"], row["unit"], row["basis"]) == ("이차전지 신규 일자리", "jobs", "reported")


def test_a_change_that_moves_a_judgement_says_so_even_quietly(cli: Invoke, sample_db: Path) -> None:
    """Turning the direction around re-judges the target; stderr names the move, under -q too."""
    capacity = "battery.ecopro-cathode-capacity"
    result = cli("update-indicator", capacity, "--direction", "decrease", "--db", str(sample_db), "-q")
    assert (result.exit_code, result.stdout) == (0, f"{capacity}\n")
    assert result.stderr == f"the judgement of {capacity}@2025 changes: awaiting final figure → achieved\n"
    assert cli("undo", "--yes", "--db", str(sample_db), "-q").exit_code == 0
    assert _rows(cli, sample_db, "indicators")[capacity]["direction"] == "increase"


def test_a_baseline_change_that_moves_no_status_still_says_it_alters_judgement(cli: Invoke, sample_db: Path) -> None:
    """A baseline change re-judges the figures even when no status moves."""
    result = cli("update-indicator", "battery.investment", "--baseline", "100억", "--db", str(sample_db))
    assert result.exit_code == 0
    assert result.stderr == (
        "updated indicator battery.investment: baseline KRW 0 → KRW 10,000,000,000\n"
        "this change alters how battery.investment's targets are judged (their figures; no status moved)\n"
    )
    assert _rows(cli, sample_db, "indicators")["battery.investment"]["baseline"] == 1e10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("update-indicator", "battery.jobs"), "nothing to update: give --name-ko"),
        (("update-indicator", "battery.jobs", "--name-ko", " "), "an indicator's name cannot be empty"),
        (("update-indicator", "battery.investment", "--model", "compound"), "compound model needs"),
        (("update-indicator", "battery.investment", "--baseline-date", "2030"), "is in the future"),
        (("update-indicator", "battery.investment", "--direction", "up"), "invalid --direction 'up'"),
        (
            ("update-indicator", "battery.investment", "--baseline", "3명"),
            "the baseline is in 'jobs' but the indicator is measured in 'KRW'",
        ),
        (("update-target", "battery.investment@2027"), "nothing to update: give --source, --note or --note-en"),
        (("update-target", "battery.investment@2027", "--note", "x", "--value", "3"), "No such option"),
    ],
)
def test_indicator_and_target_mistakes_are_refused(
    cli: Invoke, sample_db: Path, args: tuple[str, ...], message: str
) -> None:
    """Bad updates exit 2 with one sentence and leave the database as it was."""
    if "--value" in args:  # the parser's own refusal: exit 2 with its usage lines
        before = sample_db.read_bytes()
        result = cli(*args, "--db", str(sample_db))
        assert result.exit_code == 2
        assert message in result.stderr
        assert sample_db.read_bytes() == before
        return
    assert message in _refused(cli, sample_db, *args)


def test_update_target_changes_source_and_note_only(cli: Invoke, sample_db: Path) -> None:
    """update-target keeps value, deadline and revisions; undo restores the source."""
    before = _rows(cli, sample_db, "targets")["battery.investment@2027"]
    result = cli(
        "update-target", "battery.investment@2027", "--source", "https://example.org/new", "--note", "확인",
        "--db", str(sample_db),
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "battery.investment@2027\n")
    assert result.stderr.startswith(
        "updated target battery.investment@2027: source https://m.segye.com/ampView/20230927521017 → "
        "https://example.org/new; note 2027년까지 이차전지 투자 14조 원 유치라는 시의 목표"
    )
    assert result.stderr.endswith(" → 확인\n")
    after = _rows(cli, sample_db, "targets")["battery.investment@2027"]
    assert (after["source"], after["note"]) == ("https://example.org/new", "확인")
    assert {k: v for k, v in after.items() if k not in ("source", "note")} == {
        k: v for k, v in before.items() if k not in ("source", "note")
    }
    cli("undo", "--yes", "--db", str(sample_db), "-q")
    assert _rows(cli, sample_db, "targets")["battery.investment@2027"] == before


# ---------------------------------------------------------------------------------------------------
# remove


def test_remove_an_observation_and_a_milestone_by_id_alone(cli: Invoke, sample_db: Path) -> None:
    """`remove ID` tells the kind from the id; the removed id is printed; undo brings it back."""
    db = str(sample_db)
    observation = cli("remove", "observation", "battery.investment:2023", "--yes", "--db", db)
    assert (observation.exit_code, observation.stdout) == (0, "battery.investment:2023\n")
    assert observation.stderr == ("removed observation battery.investment:2023\n`pohang undo` brings it back\n")
    assert "battery.investment:2023" not in _rows(cli, sample_db, "observations")
    milestone = cli("remove", "3", "--yes", "--db", db, "-q")
    assert (milestone.exit_code, milestone.stdout, milestone.stderr) == (0, "3\n", "")
    assert "3" not in _rows(cli, sample_db, "milestones")
    cli("undo", "--yes", "--db", db, "-q")
    cli("undo", "--yes", "--db", db, "-q")
    assert "3" in _rows(cli, sample_db, "milestones")
    assert "battery.investment:2023" in _rows(cli, sample_db, "observations")


def test_removing_an_indicator_with_dependants_needs_cascade(cli: Invoke, sample_db: Path) -> None:
    """Refused while targets or actuals depend on it; --cascade names what goes and removes it all."""
    message = _refused(cli, sample_db, "remove", "indicator", "battery.investment", "--yes")
    assert message == (
        "pohang: indicator 'battery.investment' has 1 target(s) and 1 observation(s); "
        "remove with --cascade to remove them too\n"
    )
    result = cli("remove", "battery.investment", "--cascade", "--yes", "--db", str(sample_db))
    assert result.exit_code == 0
    # The target's assessment goes with it; an assessment's id is its target's.
    assert result.stdout == (
        "battery.investment\nbattery.investment@2027\nbattery.investment:2023\nbattery.investment@2027\n"
    )
    assert result.stderr.startswith("removed indicator battery.investment with 1 target, 1 observation, 1 assessment\n")
    assert "battery.investment" not in _rows(cli, sample_db, "indicators")
    assert "battery.investment@2027" not in _rows(cli, sample_db, "targets")
    undone = cli("undo", "--yes", "--db", str(sample_db), "-q")
    assert sorted(undone.stdout.splitlines()) == [
        "battery.investment",
        "battery.investment:2023",
        "battery.investment@2027",
        "battery.investment@2027",
    ]
    assert "battery.investment@2027" in _rows(cli, sample_db, "targets")


def test_removing_a_superseded_target_needs_cascade_and_the_earlier_one_comes_back(
    cli: Invoke, sample_db: Path
) -> None:
    """A target revised into a later one is refused without --cascade; removing the later one restores it."""
    db = str(sample_db)
    revised = cli("revise-target", "battery.investment@2027", "--by", "2030", "--reason", "연기", "--db", db, "-q")
    assert revised.stdout == "battery.investment@2030\n"
    message = _refused(cli, sample_db, "remove", "battery.investment@2027", "--yes")
    assert "superseded by battery.investment@2030; remove with --cascade" in message
    later = cli("remove", "target", "battery.investment@2030", "--yes", "--db", db)
    assert (later.exit_code, later.stdout) == (0, "battery.investment@2030\n")
    assert "battery.investment@2027 is current again\n" in later.stderr
    assert _rows(cli, sample_db, "targets")["battery.investment@2027"]["superseded_by"] is None


def test_remove_asks_at_a_terminal(cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal remove names what goes and asks; `n` removes nothing, `y` removes it."""
    monkeypatch.setattr(cli_editing, "_stdin_is_terminal", lambda: True)
    before = sample_db.read_bytes()
    declined = cli("remove", "indicator", "battery.investment", "--cascade", "--db", str(sample_db), input="n\n")
    # The test runner echoes the typed answer to stdout, as a terminal would show it.
    assert (declined.exit_code, declined.stdout) == (0, " n\n")
    assert "Remove indicator battery.investment with 1 target, 1 observation, 1 assessment? [y/N]" in declined.stderr
    assert declined.stderr.endswith("nothing was removed\n")
    assert sample_db.read_bytes() == before
    accepted = cli("remove", "3", "--db", str(sample_db), input="y\n")
    assert (accepted.exit_code, accepted.stdout) == (0, " y\n3\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remove", "3"), "remove asks for confirmation: run it in a terminal, or add --yes"),
        (("remove", "999", "--yes"), "no milestone with id 999"),
        (("remove", "battery.nothing", "--yes"), "no indicator 'battery.nothing'"),
        (("remove", "target", "battery.investment@2099", "--yes"), "no target 'battery.investment@2099'"),
        (("remove", "observation", "battery.investment:1999", "--yes"), "no observation 'battery.investment:1999'"),
        (("remove", "sector", "bio", "--yes"), "unknown kind 'sector'"),
        (("remove", "battery", "--yes"), "'battery' is not an id pohang can tell the kind of"),
        (("remove", "milestone", "x", "--yes"), "a milestone's id is a number, not 'x'"),
    ],
)
def test_remove_mistakes_are_refused(cli: Invoke, sample_db: Path, args: tuple[str, ...], message: str) -> None:
    """Without a terminal and --yes, or naming nothing, remove exits 2 and removes nothing."""
    assert message in _refused(cli, sample_db, *args)


# ---------------------------------------------------------------------------------------------------
# record keeps the fields not given; two plain mistakes refused


def test_record_of_a_recorded_date_keeps_the_fields_not_given(cli: Invoke, sample_db: Path) -> None:
    """A missing --source or --note does not erase the stored one; the note says what changed."""
    db = str(sample_db)
    first = cli(
        "record", "hydrogen.sales", "1조", "--date", "2024", "--source", "https://example.org/a", "--note", "잠정",
        "--provisional", "--db", db,
    )  # fmt: skip
    assert first.stderr == "recorded hydrogen.sales:2024: KRW 1,000,000,000,000 for 2024 (year), provisional\n"
    same = cli("record", "hydrogen.sales", "1조", "--date", "2024", "--db", db)
    assert (same.exit_code, same.stdout) == (0, "hydrogen.sales:2024\n")
    assert same.stderr == "hydrogen.sales:2024 already has these values; nothing changed\n"
    final = cli("record", "hydrogen.sales", "1조", "--date", "2024", "--final", "--db", db)
    assert final.stderr == "updated hydrogen.sales:2024: provisional yes → no; the other fields are kept\n"
    revised = cli("record", "hydrogen.sales", "1조 2000억", "--date", "2024", "--db", db, "--source", "https://b")
    assert revised.stderr == (
        "revised hydrogen.sales:2024: value KRW 1,000,000,000,000 → KRW 1,200,000,000,000 for 2024 (year); the "
        "earlier value is kept as a revision (see `pohang history`); also changed: source https://example.org/a → "
        "https://b\n"
    )
    korean = cli("--lang", "ko", "record", "hydrogen.sales", "1조 3000억", "--date", "2024", "--db", db)
    assert "1조 2,000억 원 → 1조 3,000억 원" in korean.stderr
    stored = _rows(cli, sample_db, "observations")["hydrogen.sales:2024"]
    assert (stored["value"], stored["source"], stored["note"], stored["provisional"]) == (
        1.3e12,
        "https://b",
        "잠정",
        False,
    )
    assert [revision["value"] for revision in stored["revisions"]] == [1e12, 1.2e12]


def test_a_milestone_done_on_a_future_date_is_refused(cli: Invoke, sample_db: Path) -> None:
    """Done (or partly done) after today cannot have happened; in progress with a due date can."""
    message = _refused(cli, sample_db, "add-milestone", "bio", "준공", "--status", "완료", "--date", "2027-03")
    assert message == (
        "pohang: milestone marked done on 2027-03, which is after today (2026-11-25); give the date it happened, "
        "or keep it in progress with --due 2027-03\n"
    )
    _refused(cli, sample_db, "update-milestone", "3", "--status", "partial", "--date", "2026-12-01")
    ok = cli("add-milestone", "bio", "준공", "--status", "추진 중", "--due", "2027-03", "--db", str(sample_db), "-q")
    assert ok.exit_code == 0


def test_a_target_whose_deadline_passed_needs_force(cli: Invoke, sample_db: Path) -> None:
    """A new target due before today is refused; --force keeps it for the record."""
    message = _refused(cli, sample_db, "add-target", "hydrogen.sales", "2조", "--by", "2025")
    assert message.startswith("pohang: [past due] the deadline 2025 has already passed (today is 2026-11-25)")
    assert "add --force" in message
    forced = cli("add-target", "hydrogen.sales", "2조", "--by", "2025", "--force", "--db", str(sample_db))
    assert (forced.exit_code, forced.stdout) == (0, "hydrogen.sales@2025\n")


@pytest.mark.parametrize(
    ("args", "korean"),
    [
        (("remove", "indicator", "battery.investment", "--yes"), "함께 삭제하려면 --cascade를 붙이세요"),
        (("remove", "3"), "remove는 확인을 받습니다"),
        (("add-sector", "bio", "--name-ko", "바이오", "--name-en", "Bio"), "분야 'bio'은(는) 이미 있습니다"),
        (("update-target", "battery.investment@2027"), "고칠 것이 없습니다"),
        (("update-indicator", "battery.jobs"), "고칠 것이 없습니다"),
        (("add-target", "hydrogen.sales", "2조", "--by", "2025"), "기한 2025은(는) 이미 지났습니다"),
        (("add-milestone", "bio", "준공", "--status", "완료", "--date", "2027"), "완료로 표시되었지만"),
        (("history", "양극재"), "'양극재'에 맞는 지표가 "),
        (("milestones", "--status", "끝"), "마일스톤 상태 '끝'을(를) 알 수 없습니다"),
    ],
)
def test_bad_input_in_korean_is_one_korean_sentence(
    cli: Invoke, sample_db: Path, args: tuple[str, ...], korean: str
) -> None:
    """Under a Korean locale the refusals of fixing, removing and naming are Korean: exit 2, one line, no write."""
    before = sample_db.read_bytes()
    result = cli(*args, "--db", str(sample_db), env={"LANG": "ko_KR.UTF-8"})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert korean in result.stderr
    assert sample_db.read_bytes() == before


def test_update_indicator_takes_a_name_of_several_words(cli: Invoke, sample_db: Path) -> None:
    """`pohang update-indicator 양극재 생산량 --basis output` needs no quotes, as history does."""
    result = cli("update-indicator", "양극재", "생산량", "--basis", "output", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "battery.cathode-output\n")
    assert _rows(cli, sample_db, "indicators")["battery.cathode-output"]["basis"] == "output"
