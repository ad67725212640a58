"""Korean input forms on the command line and in imports: unit words, dates, statuses, minus signs, names."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.errors import InputError
from pohang_cli.models import Dataset
from pohang_cli.service import resolve_indicator
from pohang_cli.storage import load_sample


def _observations(cli: Invoke, db: Path) -> dict[str, dict[str, object]]:
    result = cli("export", "--db", str(db), "--kind", "observations", "--format", "json")
    return {row["id"]: row for row in json.loads(result.stdout)}


@pytest.mark.parametrize(
    "args",
    [
        ("-3조", "--date", "2025"),
        ("--date", "2025", "-3조"),
        ("--date", "2025", "--", "-3조"),
        ("−3조", "--date", "2025"),
        ("--source", "-3", "-3조", "--date", "2025"),
    ],
)
def test_a_negative_value_needs_no_double_dash(cli: Invoke, sample_db: Path, args: tuple[str, ...]) -> None:
    """`record X -3조` records minus three trillion; `--` and U+2212 work too; option values stay as typed."""
    result = cli("record", "--db", str(sample_db), "hydrogen.sales", *args)
    assert (result.exit_code, result.stdout) == (0, "hydrogen.sales:2025\n")
    assert result.stderr == "recorded hydrogen.sales:2025: -KRW 3,000,000,000,000 for 2025 (year)\n"
    stored = _observations(cli, sample_db)["hydrogen.sales:2025"]
    assert stored["value"] == -3e12
    assert stored["source"] == ("-3" if "--source" in args else None)


def test_add_target_takes_a_negative_value(cli: Invoke, sample_db: Path) -> None:
    """The VALUE of add-target may be negative without `--` too (here refused only by its own rule)."""
    result = cli("add-target", "hydrogen.sales", "-5", "--by", "2040", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, "hydrogen.sales@2040\n")


def test_a_korean_unit_word_is_stored_as_its_unit(cli: Invoke, sample_db: Path) -> None:
    """`--unit 명` stores jobs, and `1,200명` is then accepted as a value of it."""
    created = cli(
        "add-indicator", "bio", "researchers", "--name-ko", "연구 인력", "--name-en", "Researchers",
        "--unit", "명", "--baseline", "800명", "--baseline-date", "2023", "--db", str(sample_db),
    )  # fmt: skip
    assert (created.exit_code, created.stdout) == (0, "bio.researchers\n")
    recorded = cli("record", "bio.researchers", "1,200명", "--date", "2024년 상반기", "--db", str(sample_db))
    assert (recorded.exit_code, recorded.stdout, recorded.stderr) == (
        0,
        "bio.researchers:2024-H1\n",
        "recorded bio.researchers:2024-H1: 1,200 jobs for 2024-H1 (half-year)\n",
    )
    indicators = json.loads(cli("indicators", "bio", "--db", str(sample_db), "--format", "json").stdout)
    researchers = next(row for row in indicators if row["id"] == "bio.researchers")
    assert (researchers["unit"], researchers["baseline"]) == ("jobs", 800)
    assert _observations(cli, sample_db)["bio.researchers:2024-H1"]["value"] == 1200


def test_a_bare_baseline_in_eok_won_counts_eok(cli: Invoke, sample_db: Path) -> None:
    """`--unit 억원 --baseline 350` stores 350억 원 in KRW, and the table shows `350억 원`."""
    created = cli(
        "add-indicator", "bio", "venture-funds", "--name-ko", "바이오 펀드", "--name-en", "Bio funds",
        "--unit", "억원", "--baseline", "350", "--baseline-date", "2023", "--db", str(sample_db),
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    rows = json.loads(cli("indicators", "bio", "--db", str(sample_db), "--format", "json").stdout)
    funds = next(row for row in rows if row["id"] == "bio.venture-funds")
    assert (funds["unit"], funds["baseline"]) == ("KRW", 35_000_000_000)
    table = cli("indicators", "bio", "--db", str(sample_db), "--format", "table", "--lang", "ko").stdout
    assert "350억 원" in table


def test_a_hangul_counter_stays_attached_in_tables(cli: Invoke, sample_db: Path) -> None:
    """An indicator counted in 기 shows `6기`, not `6 기`."""
    created = cli(
        "add-indicator", "hydrogen", "fuel-cells", "--name-ko", "연료전지 발전소", "--name-en", "Fuel-cell plants",
        "--unit", "기", "--baseline", "6기", "--baseline-date", "2023", "--db", str(sample_db),
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    table = cli("indicators", "hydrogen", "--db", str(sample_db), "--format", "table", "--lang", "ko").stdout
    assert "6기" in table
    assert "6 기" not in table


@pytest.mark.parametrize(
    ("word", "status"),
    [("추진 중", "in_progress"), ("진행중", "in_progress"), ("진행 중", "in_progress"), ("취소", "cancelled"),
     ("일부완료", "partial"), ("보류", "on_hold"), ("미확인", "unknown"), ("계획", "planned")],
)  # fmt: skip
def test_milestone_status_words_on_the_command_line(cli: Invoke, sample_db: Path, word: str, status: str) -> None:
    """Every Korean status word of the issue is accepted by add-milestone and by milestones --status."""
    added = cli("add-milestone", "bio", "시험 과제", "--status", word, "--due", "2027", "--db", str(sample_db))
    assert added.exit_code == 0, added.stderr
    listed = cli("milestones", "bio", "--status", word, "--db", str(sample_db), "--format", "json")
    rows = json.loads(listed.stdout)
    assert {row["status"] for row in rows} == {status}
    assert added.stdout.strip() in {str(row["id"]) for row in rows}


@pytest.mark.parametrize(
    ("date", "stored"),
    [("2024년 하반기", "2024-H2"), ("2024년 말", "2024"), ("'24년 3월", "2024-03"), ("24.3.5", "2024-03-05"),
     ("2024-03-01 00:00:00", "2024-03-01"), ("2024-H1", "2024-H1")],
)  # fmt: skip
def test_korean_dates_on_the_command_line(cli: Invoke, sample_db: Path, date: str, stored: str) -> None:
    """Each new date form is accepted by `record --date` and stored at its precision."""
    result = cli("record", "hydrogen.sales", "1조", "--date", date, "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (0, f"hydrogen.sales:{stored}\n")


def test_a_refused_korean_date_lists_the_accepted_forms(cli: Invoke, sample_db: Path) -> None:
    """Exit 2, one sentence naming the accepted forms, the database untouched."""
    before = sample_db.read_bytes()
    result = cli("record", "hydrogen.sales", "1조", "--date", "2024년 중반기", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("pohang: --date: invalid date '2024년 중반기': not a date (accepted: 2027, ")
    assert "2024년 상반기" in result.stderr
    assert result.stderr.count("\n") == 1
    assert sample_db.read_bytes() == before


@pytest.mark.parametrize(
    "words",
    [("양극재", "생산량"), ("양극재 생산량",), ("양극재생산량",), ("cathode-material", "output"), ("cathode-output",)],
)
def test_history_by_name_or_a_unique_part(cli: Invoke, sample_db: Path, words: tuple[str, ...]) -> None:
    """`pohang history 양극재 생산량` (no quotes needed) shows battery.cathode-output."""
    result = cli("history", *words, "--db", str(sample_db), "--format", "tsv", "--fields", "indicator,kind")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "battery.cathode-output\ttarget"


def test_history_of_a_part_that_fits_several_lists_them(cli: Invoke, sample_db: Path) -> None:
    """Several matches: exit 2 and a "did you mean" naming each with its Korean name."""
    result = cli("history", "양극재", "--db", str(sample_db))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "pohang: '양극재' fits 6 indicators — did you mean battery.cathode-output (양극재 생산량), "
        "battery.cathode-rank (양극재 세계 순위), battery.cathode-sales (양극재 매출), "
        "battery.ecopro-cathode-capacity (에코프로 포항 양극재 생산능력), "
        "battery.ecopro-cathode-production (에코프로 포항 양극재 연간 생산 (보도 표현)) or "
        "battery.posco-cathode-capacity (포스코퓨처엠 포항 양극재 생산능력)?\n"
    )


def test_history_battery_lists_the_battery_indicators(cli: Invoke, sample_db: Path) -> None:
    """A sector's name lists its indicators; 수소 (named in Korean, in no indicator's name) too."""
    battery = cli("history", "battery", "--db", str(sample_db))
    assert battery.exit_code == 2
    assert battery.stderr.startswith("pohang: 'battery' fits 17 indicators — did you mean battery.cathode-output")
    hydrogen = cli("history", "수소", "--db", str(sample_db))
    assert hydrogen.exit_code == 2
    assert "hydrogen.companies (수소기업 유치)" in hydrogen.stderr
    assert "hydrogen.sales (수소산업 매출)" in hydrogen.stderr


def test_import_reads_korean_forms(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """An import reads the same forms: indicator by Korean name, Korean dates, unit words, status words."""
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        "indicator,date,value,source\n"
        "양극재 생산량,2024년 상반기,5만 톤,https://example.org/a\n"
        'battery.jobs,\'24년 3월,"1,200명",https://example.org/b\n'
        "hydrogen.sales,2024-03-01 00:00:00,−3억,https://example.org/c\n",
        encoding="utf-8",
    )
    imported = cli("import", str(actuals), "--db", str(sample_db))
    assert (imported.exit_code, imported.stdout) == (0, ""), imported.stderr
    stored = _observations(cli, sample_db)
    assert stored["battery.cathode-output:2024-H1"]["value"] == 50_000
    assert stored["battery.jobs:2024-03"]["value"] == 1200
    assert stored["hydrogen.sales:2024-03-01"]["value"] == -3e8
    milestones = tmp_path / "milestones.csv"
    milestones.write_text("sector,title,status,due\n수소,시험,추진 중,2027년 하반기\n", encoding="utf-8")
    imported = cli("import", str(milestones), "--db", str(sample_db))
    assert imported.exit_code == 0, imported.stderr
    rows = json.loads(cli("milestones", "hydrogen", "--db", str(sample_db), "--format", "json").stdout)
    added = next(row for row in rows if row["title"] == "시험")
    assert (added["status"], added["due"]) == ("in_progress", "2027-H2")


def test_every_sample_indicator_is_found_by_id_and_by_each_name() -> None:
    """Property over the sample: an indicator's id, Korean name and English name (any case, spaces dropped in
    Korean) all resolve to it."""
    data = _sample()
    for indicator in data.indicators.values():
        for name in (
            indicator.id,
            indicator.id.upper(),
            indicator.name_ko,
            indicator.name_ko.replace(" ", ""),
            indicator.name_en,
            indicator.name_en.upper(),
        ):
            assert resolve_indicator(data, name).id == indicator.id, name


@functools.cache
def _sample() -> Dataset:
    return load_sample()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz.- 양극재생산량수소", max_size=12))
def test_a_name_resolves_to_an_indicator_that_contains_it_or_is_refused(text: str) -> None:
    """Whatever is typed, resolve_indicator gives an indicator whose id or names contain each word, or refuses
    with an InputError (exit 2), never another exception."""
    data = _sample()
    try:
        found = resolve_indicator(data, text)
    except InputError:
        return
    haystack = " ".join((found.id, found.name_ko, found.name_ko.replace(" ", ""), found.name_en.casefold()))
    assert all(word in haystack for word in text.casefold().split())


def test_an_imported_unit_is_kept_as_written_and_values_fit_it(cli: Invoke, empty_db: Path, tmp_path: Path) -> None:
    """An indicator imported in `명` keeps `명` (exports re-import byte for byte); `1,200명` and `5 jobs` fit it."""
    indicators = tmp_path / "indicators.csv"
    indicators.write_text(
        "id,sector,name_ko,name_en,unit,baseline,baseline_date\nbio.staff,bio,인력,Staff,명,800,2023\n", "utf-8"
    )
    assert cli("import", str(indicators), "--db", str(empty_db), "-q").exit_code == 0
    actuals = tmp_path / "actuals.csv"
    actuals.write_text('indicator,date,value\nbio.staff,2024,"1,200명"\nbio.staff,2025,5 jobs\n', "utf-8")
    imported = cli("import", str(actuals), "--db", str(empty_db), "-q")
    assert (imported.exit_code, imported.stderr) == (0, "")
    rows = json.loads(cli("indicators", "--db", str(empty_db), "--format", "json").stdout)
    assert [(row["id"], row["unit"]) for row in rows] == [("bio.staff", "명")]
    assert _observations(cli, empty_db)["bio.staff:2024"]["value"] == 1200
