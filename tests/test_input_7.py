"""Korean where officers work (issue 18, point 7).

Government date forms, y/N answers in either language, errors that show the text as typed, the counter 개, the
entry template's Korean drop-downs and reference sheet, and `doctor` at 100 columns in Korean.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.cli import editing as cli_editing
from pohang_cli.cli.asking import answer_of
from pohang_cli.dates import Precision, parse_date
from pohang_cli.errors import InputError
from pohang_cli.text import shown

TODAY = dt.date(2026, 11, 25)

# Each Korean government date form, its spacing variants, the ISO date it is read as and its precision.
GOVERNMENT_DATES = [
    ("2025년도", "2025", Precision.YEAR),
    ("2025 년도", "2025", Precision.YEAR),
    ("2025년 도", "2025", Precision.YEAR),
    ("25년도", "2025", Precision.YEAR),
    ("'25년도", "2025", Precision.YEAR),
    ("2025년 6월말", "2025-06", Precision.MONTH),
    ("2025년6월말", "2025-06", Precision.MONTH),
    ("2025년 6월 말", "2025-06", Precision.MONTH),
    ("2025 년 6 월 말", "2025-06", Precision.MONTH),
    ("25년 12월말", "2025-12", Precision.MONTH),
    ("2025년 4/4분기", "2025-Q4", Precision.QUARTER),
    ("2025년4/4분기", "2025-Q4", Precision.QUARTER),
    ("2025년 4/4 분기", "2025-Q4", Precision.QUARTER),
    ("2025년 4 / 4분기", "2025-Q4", Precision.QUARTER),
    ("2025 4/4분기", "2025-Q4", Precision.QUARTER),
    ("2025년 1/4분기", "2025-Q1", Precision.QUARTER),
    ("20250630", "2025-06-30", Precision.DAY),
    ("２０２５０６３０", "2025-06-30", Precision.DAY),
]


@pytest.mark.parametrize(("text", "iso", "precision"), GOVERNMENT_DATES)
def test_government_date_forms_are_read(text: str, iso: str, precision: Precision) -> None:
    date = parse_date(text, today=TODAY)
    assert (date.iso(), date.precision) == (iso, precision)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025년 5/4분기", "quarter 5 does not exist, quarters are 1-4"),
        ("2025년 0/4분기", "quarter 0 does not exist, quarters are 1-4"),
        ("20250230", "February 2025 has no day 30"),
        ("20251301", "month 13 does not exist"),
        ("202506", "not a date"),
        ("2025도", "not a date"),
        ("2025년 13월말", "month 13 does not exist"),
    ],
)
def test_government_date_forms_out_of_range_are_refused(text: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        parse_date(text, today=TODAY)
    assert f"invalid date '{text}': {reason}" in str(error.value)


def test_a_government_date_is_stored_at_its_precision(cli: Invoke, sample_db: Path) -> None:
    result = cli("record", "battery.jobs", "1200", "--date", "2025년 4/4분기", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "battery.jobs:2025-Q4\n"), result.stderr
    result = cli("record", "battery.jobs", "1300", "--date", "20251231", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "battery.jobs:2025-12-31\n"), result.stderr


# ---------------------------------------------------------------------------------------------------
# y/N prompts


@pytest.mark.parametrize("typed", ["y", "Y", "yes", "예", "네", "ㅛ", " 네 "])
def test_yes_in_either_language(typed: str) -> None:
    assert answer_of(typed) is True


@pytest.mark.parametrize("typed", ["n", "N", "no", "아니오", "아니요", "ㅜ", ""])
def test_no_in_either_language(typed: str) -> None:
    assert answer_of(typed) is False


@pytest.mark.parametrize("typed", ["ok", "yy", "예스", "1"])
def test_other_answers_are_neither(typed: str) -> None:
    assert answer_of(typed) is None


def test_a_wrong_answer_is_asked_again_in_korean(cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_editing, "_stdin_is_terminal", lambda: True)
    result = cli("remove", "3", "--db", str(sample_db), "--lang", "ko", input="ok\n네\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("3\n")
    assert "예(y) 또는 아니오(n)로 답하세요\n" in result.stderr
    assert result.stderr.count("[y/N]:") == 2


def test_a_korean_no_removes_nothing(cli: Invoke, sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_editing, "_stdin_is_terminal", lambda: True)
    before = sample_db.read_bytes()
    result = cli("remove", "3", "--db", str(sample_db), input="ㅜ\n")
    assert result.exit_code == 0
    assert result.stderr.endswith("nothing was removed\n")
    assert sample_db.read_bytes() == before


# ---------------------------------------------------------------------------------------------------
# An error about one bad character escapes only that character


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("배터리\x1b[31m투자", "'배터리\\x1b[31m투자'"),
        ("수소\u200b판매", "'수소\\u200b판매'"),
        ("탭\t있음", "'탭\\t있음'"),
        ("\udcff이차전지", "'\\udcff이차전지'"),
        ("정상 텍스트", "'정상 텍스트'"),
    ],
)
def test_an_error_shows_the_text_as_typed_escaping_only_the_bad_character(text: str, printed: str) -> None:
    assert shown(text) == printed


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["history", "배터리\x1b투자"],
         "pohang: the text '배터리\\x1b투자' contains a control character U+001B at position 4; remove it"),
        (["record", "battery.investment", "1조\x07 2천억", "--date", "2024"],
         "pohang: VALUE: invalid value '1조\\x07 2천억': a control character U+0007 at position 3"),
        (["record", "battery.investment", "1조", "--date", "2024년\x016월"],
         "pohang: --date: invalid date '2024년\\x016월': a control character U+0001 at position 6"),
    ],
)  # fmt: skip
def test_commands_escape_only_the_bad_character(cli: Invoke, sample_db: Path, args: list[str], error: str) -> None:
    before = sample_db.read_bytes()
    result = cli(*args, "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(error)
    assert sample_db.read_bytes() == before


# ---------------------------------------------------------------------------------------------------
# The entry template: Korean drop-downs and reference sheet


def _reference(path: Path) -> list[tuple[object, ...]]:
    import openpyxl

    return list(openpyxl.load_workbook(path)["reference"].iter_rows(values_only=True))


def test_the_template_offers_korean_names_with_their_ids_and_every_current_target(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "실적입력.xlsx"
    assert cli("template", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    rows = _reference(path)
    assert all(str(header).split(" (")[0] and "(" in str(header) for header in rows[0])
    assert rows[0][0] == "선택 목록 (choice)"
    output = next(row for row in rows if row[1] == "battery.cathode-output")
    assert output[0] == "양극재 생산량 (battery.cathode-output)"
    assert output[-1] == "68만 6,000 t (2025) · 100만 t (2030)"  # both current targets, not only the first


def test_a_choice_from_the_drop_down_imports_as_its_id(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "filled.xlsx"
    assert cli("template", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    book = openpyxl.load_workbook(path)
    book["observations"].append(["이차전지 투자 유치 (MOU 기준) (battery.investment)", "2025년도", "7조", None, None])
    book.save(path)
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stderr) == (
        0,
        f"imported {path}: 1 added, 0 updated, 0 unchanged (observations)\n",
    )
    history = cli("history", "battery.investment", "--db", str(sample_db), "--format", "tsv", "--fields", "id")
    assert "battery.investment:2025\n" in history.stdout


def test_the_milestone_template_lists_sectors_and_statuses_in_korean(
    cli: Invoke, sample_db: Path, tmp_path: Path
) -> None:
    import openpyxl

    path = tmp_path / "m.xlsx"
    assert cli("template", "milestones", "-o", str(path), "--db", str(sample_db), "-q").exit_code == 0
    book = openpyxl.load_workbook(path)
    lists = [d.formula1 for d in book["milestones"].data_validations.dataValidation]
    assert lists == ["reference!$A$2:$A$6", '"계획,추진중,보류,완료,일부완료,폐기,미확인"']
    assert _reference(path)[1] == ("이차전지 (battery)", "battery", "이차전지", "Secondary batteries", "계획 (planned)")
    book["milestones"].append(["수소 (hydrogen)", "충전소 준공", None, "추진중", "2027년 6월말"])
    book.save(path)
    result = cli("import", str(path), "--db", str(sample_db))
    assert (result.exit_code, result.stderr) == (0, f"imported {path}: 1 added, 0 updated, 0 unchanged (milestones)\n")
    added = cli("milestones", "hydrogen", "--db", str(sample_db), "--format", "json", "--status", "in_progress")
    assert any(row["title"] == "충전소 준공" and row["due"] == "2027-06" for row in json.loads(added.stdout))


# ---------------------------------------------------------------------------------------------------
# doctor at 100 columns in Korean


@pytest.mark.parametrize("columns", ["100", "80", "120"])
def test_doctor_in_korean_keeps_every_id_whole(cli: Invoke, sample_db: Path, columns: str) -> None:
    """No id of a problem is folded across lines, and no line is wider than the console."""
    import re

    from rich.cells import cell_len

    env = {"COLUMNS": columns}
    rows = json.loads(cli("doctor", "--db", str(sample_db), "--lang", "ko", "--format", "json", env=env).stdout)
    assert rows
    table = cli("doctor", "--db", str(sample_db), "--lang", "ko", "--format", "table", env=env).stdout
    lines = table.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= int(columns)
    ids = {row["id"] for row in rows}
    ids |= {word for row in rows for word in re.findall(r"[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9@:.-]*", row["problem"])}
    for record_id in ids:
        assert any(record_id in line for line in lines), record_id
    for row in rows:  # each problem's words, in order, as written
        shown = " ".join(" ".join(lines).split())
        assert all(word in shown for word in row["problem"].split())


# ---------------------------------------------------------------------------------------------------
# The counter 개


def test_the_counter_gae_keeps_its_own_unit(cli: Invoke, sample_db: Path) -> None:
    """개 is stored as 개 (shown 개, in English "units"); only 개사 means companies."""
    db = str(sample_db)
    added = cli("add-indicator", "hydrogen", "plants", "--name-ko", "플랜트", "--name-en", "Plants", "--unit", "개",
                "--baseline", "3", "--baseline-date", "2023", "--db", db, "-q")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    units = {row["id"]: row["unit"] for row in json.loads(cli("indicators", "--db", db, "--format", "json").stdout)}
    assert units["hydrogen.plants"] == "개"
    english = cli("record", "hydrogen.plants", "5개", "--date", "2024", "--db", db)
    assert english.stderr == "recorded hydrogen.plants:2024: 5 units for 2024 (year)\n"
    korean = cli("record", "hydrogen.plants", "6", "--date", "2025", "--db", db, "--lang", "ko")
    assert korean.stderr == "hydrogen.plants:2025을(를) 기록했습니다: 2025 (연) 6개\n"
    companies = cli("record", "hydrogen.plants", "7개사", "--date", "2025-06", "--db", db)
    assert (companies.exit_code, companies.stderr) == (
        2,
        "pohang: the value is in 'companies' but the indicator is measured in '개'\n",
    )
