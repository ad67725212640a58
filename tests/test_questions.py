"""Issue point 3: implausible values are questioned; `--force` means one thing on every writer.

A question exits 2 without a prompt, names the rule and the number, and writes nothing. `--force` accepts
every questioned input and names each on stderr, even with -q. `import` asks the same questions of each row
against what is stored, never against other rows of its file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.dates import PartialDate
from pohang_cli.models import Indicator
from pohang_cli.service import questions

NOTHING_WRITTEN = "; nothing was written: check the input, or add --force to store it as typed\n"


def test_a_unit_left_off_is_questioned_and_nothing_written(cli: Invoke, sample_db: Path) -> None:
    """`5.6` for an indicator whose latest actual is 5조 6,000억 is 1,000 times too small: exit 2, no prompt."""
    before = sample_db.read_bytes()
    run = cli("record", "battery.investment", "5.6", "--date", "2024", "--db", str(sample_db))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "pohang: [magnitude] the value KRW 5.6 is less than a thousandth of the latest actual of "
        "battery.investment, KRW 5,600,000,000,000 (2023) — was a unit left off?" + NOTHING_WRITTEN
    )
    assert sample_db.read_bytes() == before


def test_force_accepts_and_names_the_question_even_when_quiet(cli: Invoke, db: str) -> None:
    """With --force the value is stored as typed, and the accepted question is named even with -q."""
    run = cli("record", "battery.investment", "5.6", "--date", "2024", "--db", db, "--force", "-q")
    assert (run.exit_code, run.stdout) == (0, "battery.investment:2024\n")
    assert run.stderr == (
        "accepted with --force: [magnitude] the value KRW 5.6 is less than a thousandth of the latest actual of "
        "battery.investment, KRW 5,600,000,000,000 (2023) — was a unit left off?\n"
    )


def test_a_thousandfold_larger_value_is_questioned(cli: Invoke, sample_db: Path) -> None:
    """Digits typed too many (a target of 6조 for a series at 5조 6,000억 is fine; 6경 is not)."""
    fine = cli("add-target", "battery.investment", "6조", "--by", "2031", "--db", str(sample_db))
    assert fine.exit_code == 0, fine.stderr
    run = cli("add-target", "battery.investment", "60000조", "--by", "2032", "--db", str(sample_db))
    assert run.exit_code == 2
    assert run.stderr.startswith(
        "pohang: [magnitude] the target KRW 6e+16 is more than 1,000 times the latest actual "
        "of battery.investment, KRW 5,600,000,000,000 (2023)" + NOTHING_WRITTEN
    )


@pytest.mark.parametrize(("value", "word"), [("-3명", "negative"), ("12.5명", "fractional")])
def test_a_count_of_people_must_be_whole_and_not_negative(cli: Invoke, sample_db: Path, value: str, word: str) -> None:
    """A negative or fractional count of people is questioned, naming the number."""
    run = cli("record", "battery.jobs", value, "--date", "2025", "--db", str(sample_db))
    assert run.exit_code == 2
    shown = value.removesuffix("명")
    assert run.stderr.startswith(f"pohang: [count] the value {shown} jobs is a {word} count of jobs; nothing")


def test_a_year_long_before_the_baseline_is_questioned(cli: Invoke, sample_db: Path) -> None:
    """2011 for an indicator with a 2022-10-21 baseline is more than ten years early: a mistyped year."""
    run = cli("record", "battery.ecopro-cathode-capacity", "16만", "--date", "2011", "--db", str(sample_db))
    assert run.exit_code == 2
    assert run.stderr.startswith(
        "pohang: [early date] the date 2011 is more than ten years before the baseline date 2022-10-21 of "
        "battery.ecopro-cathode-capacity — a mistyped year?" + NOTHING_WRITTEN
    )
    near = cli("record", "battery.ecopro-cathode-capacity", "16만", "--date", "2015", "--db", str(sample_db))
    assert near.exit_code == 0, near.stderr


def test_a_past_deadline_is_one_case_of_the_questions(cli: Invoke, sample_db: Path) -> None:
    """add-target's past deadline is a question like the others; --force keeps a past plan for the record."""
    run = cli("add-target", "hydrogen.sales", "5000억", "--by", "2025", "--db", str(sample_db))
    assert run.exit_code == 2
    assert (
        run.stderr == "pohang: [past due] the deadline 2025 has already passed (today is 2026-11-25)" + NOTHING_WRITTEN
    )
    forced = cli("add-target", "hydrogen.sales", "5000억", "--by", "2025", "--db", str(sample_db), "--force")
    assert forced.exit_code == 0
    assert forced.stderr.endswith(
        "accepted with --force: [past due] the deadline 2025 has already passed (today is 2026-11-25)\n"
    )


def test_a_due_date_moved_into_the_past_is_questioned(cli: Invoke, sample_db: Path) -> None:
    """update-milestone --due into the past of an open milestone asks; a done one may be dated in the past."""
    run = cli("update-milestone", "21", "--due", "2026-06", "--db", str(sample_db))
    assert run.exit_code == 2
    assert run.stderr.startswith("pohang: [past due] the new due date 2026-06 has already passed")
    moved = cli("revise-target", "hydrogen.sales@2035", "--by", "2026-03", "--reason", "x", "--db", str(sample_db))
    assert moved.exit_code == 2
    assert moved.stderr.startswith("pohang: [past due] the new deadline 2026-03 has already passed")


def test_several_questions_are_all_named(cli: Invoke, sample_db: Path) -> None:
    """Input that breaks two rules names both, one a line."""
    run = cli("record", "battery.ecopro-cathode-capacity", "5", "--date", "2005", "--db", str(sample_db))
    lines = run.stderr.splitlines()
    assert run.exit_code == 2
    assert [line.split("]")[0] for line in lines] == ["pohang: [magnitude", "pohang: [early date"]
    assert lines[-1].endswith(NOTHING_WRITTEN.strip())


def test_questions_are_asked_in_korean(cli: Invoke, sample_db: Path) -> None:
    """The rule and the sentence are Korean under --lang ko."""
    run = cli("--lang", "ko", "record", "battery.investment", "5.6", "--date", "2024", "--db", str(sample_db))
    assert run.stderr.startswith(
        "pohang: [크기] 값 5.6 원은(는) battery.investment의 최근 실적 5조 6,000억 원 (2023)의 1,000분의 1도 "
        "되지 않습니다 — 단위를 빠뜨렸나요?; 아무것도 쓰지 않았습니다"
    )


# ---------------------------------------------------------------------------------------------------
# import


def test_import_questions_rows_against_what_is_stored_and_names_them(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    """Each questioned row is named with its line; --force imports them and names each."""
    sheet = tmp_path / "a.csv"
    sheet.write_text(
        "indicator,date,value,source\nbattery.investment,2025,5.6,https://x\nbattery.jobs,2025,12.5,https://x\n",
        encoding="utf-8",
    )
    run = cli("import", str(sheet), "--db", str(sample_db))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"pohang: {sheet} line 2, field 'value': [magnitude] the value KRW 5.6 is less than a thousandth of the "
        "latest actual of battery.investment, KRW 5,600,000,000,000 (2023) — was a unit left off?; "
        "import --force accepts it",
        f"pohang: {sheet} line 3, field 'value': [count] the value 12.5 jobs is a fractional count of jobs; "
        "import --force accepts it",
        f"pohang: 2 problems in {sheet}; nothing was imported",
    ]
    forced = cli("import", str(sheet), "--db", str(sample_db), "--force", "-q")
    assert forced.exit_code == 0
    assert forced.stderr.splitlines() == [
        f"accepted with --force: {sheet} line 2, field 'value': [magnitude] the value KRW 5.6 is less than a "
        "thousandth of the latest actual of battery.investment, KRW 5,600,000,000,000 (2023) — was a unit left off?",
        f"accepted with --force: {sheet} line 3, field 'value': [count] the value 12.5 jobs is a fractional count "
        "of jobs",
    ]


def test_import_never_questions_rows_against_rows_of_the_same_file(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    """A whole export, questioned values included, imports into an empty database without a question."""
    db = str(sample_db)
    cli("record", "battery.investment", "5.6", "--date", "2024", "--db", db, "--force", "-q")
    cli("record", "battery.jobs", "12.5", "--date", "2025", "--db", db, "--force", "-q")
    exported = tmp_path / "all.json"
    assert cli("export", "-o", str(exported), "--db", db).exit_code == 0
    empty = tmp_path / "empty.json"
    cli("init", "--empty", "--db", str(empty), "-q")
    run = cli("import", str(exported), "--db", str(empty))
    assert run.exit_code == 0, run.stderr
    assert "accepted" not in run.stderr
    assert json.loads(cli("export", "--db", str(empty)).stdout) == json.loads(exported.read_text(encoding="utf-8"))


def test_an_unchanged_row_asks_nothing(cli: Invoke, sample_db: Path) -> None:
    """Importing what is stored, questioned values included, is unchanged and asks nothing."""
    db = str(sample_db)
    cli("record", "battery.jobs", "12.5", "--date", "2025", "--db", db, "--force", "-q")
    exported = cli("export", "--kind", "observations", "--format", "csv", "--db", db).stdout
    run = cli("import", "-", "--db", db, input=exported)
    assert run.exit_code == 0, run.stderr
    assert "0 added, 0 updated" in run.stderr


# ---------------------------------------------------------------------------------------------------
# The rules, as functions


def _indicator(unit: str = "KRW", baseline: float | None = 100.0) -> Indicator:
    return Indicator("x.y", "x", "이름", "name", unit, baseline, PartialDate.of_year(2022))


@pytest.mark.parametrize(
    ("value", "asked"),
    [(100_000.0, False), (100_001.0, True), (0.1, False), (0.0999, True), (0.0, False), (-100_001.0, True)],
)
def test_magnitude_asks_beyond_a_thousandfold(value: float, asked: bool) -> None:
    """Exactly 1,000 times is still plausible; beyond it in either direction is asked; 0 is never asked."""
    reference = questions.Reference(100.0, PartialDate.of_year(2024), is_baseline=False)
    assert (questions.magnitude(_indicator(), value, reference, "the value") is not None) is asked


def test_a_zero_baseline_is_no_reference() -> None:
    """Without actuals the baseline is the reference, unless it is 0 (a cumulative series from nothing)."""
    assert questions.reference_of(_indicator(baseline=0.0), []) is None
    assert questions.reference_of(_indicator(baseline=5.0), []) == questions.Reference(
        5.0, PartialDate.of_year(2022), is_baseline=True
    )
