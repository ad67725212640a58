"""Tests for the bundled sample database, sample_db.json, and the script that builds it."""

from __future__ import annotations

import csv
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest
from scripts import load_script
from tinydb import TinyDB

from pohang_cli import storage
from pohang_cli.dates import Precision
from pohang_cli.models import Dataset, MilestoneStatus, observation_id, target_id

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DB = PROJECT_ROOT / "sample_db.json"
BUILD_SCRIPT = PROJECT_ROOT / "tools" / "build_sample.py"
SAMPLE_DIR = PROJECT_ROOT / "sample"

SECTOR_NAMES_KO = {
    "battery": "이차전지",
    "hydrogen": "수소",
    "bio": "바이오",
    "steel": "철강신소재",
    "future-tech": "미래기술",
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return storage.Database(SAMPLE_DB).read()


@pytest.fixture(scope="module")
def build_sample() -> ModuleType:
    return load_script(BUILD_SCRIPT)


def _milestone_titled(dataset: Dataset, title: str) -> Any:
    matches = [m for m in dataset.milestones.values() if m.title == title]
    assert len(matches) == 1, title
    return matches[0]


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


def test_sample_loads_through_the_database(dataset: Dataset) -> None:
    """The sample file reads back through storage.Database with records in every table."""
    assert dataset.sectors
    assert dataset.indicators
    assert dataset.targets
    assert dataset.observations
    assert dataset.milestones


def test_sample_is_a_tinydb_file(tmp_path: Path) -> None:
    """TinyDB opens a copy of the sample with the project's storage and sees the same tables."""
    copy = tmp_path / "sample_db.json"
    shutil.copyfile(SAMPLE_DB, copy)
    db = TinyDB(copy, storage=storage.AtomicJSONStorage, backup=False)
    try:
        assert {"_meta", "sectors", "indicators", "targets", "observations", "milestones"} <= db.tables()
        assert len(db.table("sectors").all()) == 5
        assert db.table("_meta").all()[0]["schema_version"] == storage.SCHEMA_VERSION
    finally:
        db.close()
    assert copy.read_bytes() == SAMPLE_DB.read_bytes()


def test_five_sectors_with_korean_names(dataset: Dataset) -> None:
    """The sample holds exactly the five sectors, with their Korean names and orders 1 to 5."""
    assert {key: sector.name_ko for key, sector in dataset.sectors.items()} == SECTOR_NAMES_KO
    assert sorted(sector.order for sector in dataset.sectors.values()) == [1, 2, 3, 4, 5]


def test_every_record_has_a_source_url(dataset: Dataset) -> None:
    """Every sector, indicator, target, observation and milestone cites an http(s) source."""
    tables: list[Any] = [
        dataset.sectors,
        dataset.indicators,
        dataset.targets,
        dataset.observations,
        dataset.milestones,
    ]
    for table in tables:
        for key, record in table.items():
            assert record.source, key
            assert record.source.startswith("http"), key
    for target in dataset.targets.values():
        for revision in target.revisions:
            assert revision.source, target.id
            assert revision.source.startswith("http"), target.id
    for observation in dataset.observations.values():
        for vintage in observation.revisions:
            assert vintage.source, observation.id
            assert vintage.source.startswith("http"), observation.id


def test_no_observation_has_a_plan_basis(dataset: Dataset) -> None:
    """Plans, pipelines and budgets are never actuals: no observation belongs to an indicator counting a plan."""
    planned = {
        i.id for i in dataset.indicators.values() if i.basis_en and re.search(r"\bplan\b", i.basis_en.casefold())
    }
    assert "battery.complex-investment" in planned  # the test can fail: such an indicator exists
    assert not [o.id for o in dataset.observations.values() if o.indicator in planned]


def test_every_sample_row_names_its_fact_row() -> None:
    """Each row of sample/*.csv ends its note (Korean and English) with the fact-sheet rows it comes from, in
    brackets, and cites its source; an assessment does so in its basis and every one of its sources."""
    fact_row = re.compile(r"\[((?:[A-Z0-9]+-\d+|C-\d+|facts-2026 §\d)(?:, )?)+\]$")
    for path in sorted(SAMPLE_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for number, row in enumerate(csv.DictReader(file), start=2):
                where = f"{path.name} line {number}"
                if path.stem == "assessments":
                    texts, sources = [row["basis"], row["basis_en"]], row["sources"].split()
                else:
                    texts, sources = [row["note"], row["note_en"]], [row["source"]]
                for text in texts:
                    assert fact_row.search(text), f"{where}: {text!r}"
                assert sources, where
                assert all(source.startswith("http") for source in sources), where


def test_revised_2023_investment_is_kept_as_a_vintage(dataset: Dataset) -> None:
    """C-8: the city's 7.4조 for 2023 (2023-12-20) was restated as 5.4조 (2024-12-16); both are kept."""
    observation = dataset.observations["battery.city-investment-annual:2023"]
    assert observation.value == 5.4e12
    assert observation.reported is not None
    assert observation.reported.iso() == "2024-12-16"
    [earlier] = observation.revisions
    assert earlier.value == 7.4e12
    assert earlier.reported is not None
    assert earlier.reported.iso() == "2023-12-20"
    assert earlier.provisional


def test_steel_complex_output_is_the_worked_example(dataset: Dataset) -> None:
    """Methodology §7 S5 is the sample's steel complex output: 14.7825조 (2024) and 13.8705조 (2025), no target."""
    values = {o.date.iso(): o.value for o in dataset.observations.values() if o.indicator == "steel.complex-output"}
    assert values == {"2024": 14.7825e12, "2025": 13.8705e12}
    assert not [t for t in dataset.targets.values() if t.indicator == "steel.complex-output"]


def test_references_resolve(dataset: Dataset) -> None:
    """Targets and observations name existing indicators, indicators and milestones existing sectors."""
    for target in dataset.targets.values():
        assert target.indicator in dataset.indicators, target.id
        for link in (target.supersedes, target.superseded_by):
            assert link is None or link in dataset.targets, target.id
    for observation in dataset.observations.values():
        assert observation.indicator in dataset.indicators, observation.id
    for indicator in dataset.indicators.values():
        assert indicator.sector in dataset.sectors, indicator.id
    for milestone in dataset.milestones.values():
        assert milestone.sector in dataset.sectors, milestone.id


def test_ids_are_unique_and_milestone_ids_below_next(dataset: Dataset) -> None:
    """Stored ids are unique per table and every milestone id is below next_milestone_id."""
    raw = orjson.loads(SAMPLE_DB.read_bytes())
    for table in ("sectors", "indicators", "targets", "observations", "milestones"):
        ids = [doc["id"] for doc in raw[table].values()]
        assert len(ids) == len(set(ids)), table
    assert sorted(dataset.milestones) == list(range(1, dataset.next_milestone_id))


def test_record_ids_follow_the_id_rules(dataset: Dataset) -> None:
    """Indicator, target and observation ids are built from their sector, indicator, deadline and date."""
    for indicator in dataset.indicators.values():
        assert indicator.id.startswith(f"{indicator.sector}.")
    for target in dataset.targets.values():
        assert target.id == target_id(target.indicator, target.deadline)
    for observation in dataset.observations.values():
        assert observation.id == observation_id(observation.indicator, observation.date)


def test_battery_investment_target_and_2023_actual(dataset: Dataset) -> None:
    """The city's battery investment goal is 14조 by 2027, with 5.6조 reported for 2023."""
    target = dataset.targets["battery.investment@2027"]
    assert target.value == 14e12
    assert target.deadline.iso() == "2027"
    observation = dataset.observations["battery.investment:2023"]
    assert observation.value == 5.6e12
    assert observation.date.precision is Precision.YEAR
    indicator = dataset.indicators["battery.investment"]
    assert (indicator.basis, indicator.basis_en) == ("MOU 기준", "mou")
    assert indicator.kind == "cumulative"


def test_investment_bases_are_kept_apart(dataset: Dataset) -> None:
    """The government's 12.1조, the zone's reported and MOU totals each sit on their own indicator."""
    assert dataset.targets["battery.complex-investment@2027"].value == 12.1e12
    assert dataset.indicators["battery.zone-investment"].basis_en == "reported"
    assert dataset.indicators["battery.zone-investment-mou"].basis_en == "mou"
    assert dataset.observations["battery.zone-investment-mou:2023-08-03"].value == 5.9e12
    assert dataset.observations["battery.zone-investment:2022-07-06"].value == 1.6908e12


def test_cathode_output_has_no_capacity_baseline(dataset: Dataset) -> None:
    """C-10: the 15만 t of 2022 is EcoPro's capacity, the baseline of its capacity row, not of the city's output."""
    indicator = dataset.indicators["battery.cathode-output"]
    assert (indicator.basis, indicator.basis_en) == ("생산량", "production")
    assert (indicator.baseline, indicator.baseline_date) == (None, None)
    capacity = dataset.indicators["battery.ecopro-cathode-capacity"]
    assert capacity.baseline == 150000
    assert capacity.baseline_date is not None
    assert capacity.baseline_date.iso() == "2022-10-21"
    assert dataset.targets["battery.cathode-output@2025"].value == 686000
    assert dataset.targets["battery.cathode-output@2030"].value == 1000000
    assert not any(o.indicator == "battery.cathode-output" for o in dataset.observations.values())


def test_hydrogen_targets_keep_their_revision_history(dataset: Dataset) -> None:
    """The 2030 hydrogen goals are superseded by 2035 versions that record the earlier deadline."""
    for indicator in ("hydrogen.companies", "hydrogen.sales"):
        old = dataset.targets[f"{indicator}@2030"]
        new = dataset.targets[f"{indicator}@2035"]
        assert old.superseded_by == new.id
        assert new.supersedes == old.id
        assert [revision.deadline.iso() for revision in new.revisions] == ["2030"]
        assert new.revisions[0].value == old.value
    companies = dataset.targets["hydrogen.companies@2035"]
    assert companies.value == 70
    assert companies.revisions[0].date is not None
    assert companies.revisions[0].date.iso() == "2024-11-01"
    sales = dataset.targets["hydrogen.sales@2035"].revisions[0]
    assert sales.date is not None
    assert sales.date.iso() == "2025-07-22"


def test_key_milestones(dataset: Dataset) -> None:
    """The designations are done on their days; the global innovation zone, not selected twice and to be tried
    again (ACT-20), stays a plan, never a cancellation the facts do not report."""
    expected = {
        "이차전지 특화단지 지정": "2023-07-20",
        "바이오 국가첨단전략산업 특화단지 지정": "2024-06-27",
        "수소·연료전지 특화단지 지정": "2024-11-01",
    }
    for title, date in expected.items():
        milestone = _milestone_titled(dataset, title)
        assert milestone.status is MilestoneStatus.DONE
        assert milestone.date is not None
        assert milestone.date.iso() == date
    zone = _milestone_titled(dataset, "배터리 글로벌 혁신특구 지정")
    assert (zone.status, zone.date) == (MilestoneStatus.PLANNED, None)
    assert "2023-12-28" in zone.note
    assert "2024-12-08" in zone.note


def test_no_milestone_claims_more_than_its_facts(dataset: Dataset) -> None:
    """Only the joint plant the facts call cancelled is cancelled; the medical school, never established, is a plan."""
    cancelled = [m.title for m in dataset.milestones.values() if m.status is MilestoneStatus.CANCELLED]
    assert cancelled == ["포스코퓨처엠·화유코발트 전구체 합작공장 (1조 2000억)"]
    assert _milestone_titled(dataset, "연구중심 의대·스마트병원 건립").status is MilestoneStatus.PLANNED


@pytest.mark.parametrize(
    ("title", "status", "date", "due", "source", "fact"),
    [
        (
            "에코프로 포항 CAM7 준공 (양극재 생산능력 15만t)",
            "done",
            "2022-10-21",
            None,
            "https://m.hankookilbo.com/News/Read/Amp/A2022102115130005409",
            "C-10",
        ),
        (
            "장흥 상용 수소충전소 준공 (300kg/h)",
            "done",
            "2023-12-28",
            None,
            "https://www.kmib.co.kr/article/view_amp.asp?arcid=0019014476",
            "facts-2026 §2",
        ),
        (
            "수소환원제철(HyREX) 센터 개소",
            "done",
            "2024-01-26",
            None,
            "https://m.edaily.co.kr/amp/read?mediaCodeNo=257&newsId=02378006638761656",
            "facts-2026 §5",
        ),
        (
            "HyREX 시험설비 준공 (연산 30만t)",
            "planned",
            None,
            "2027",
            "https://m.edaily.co.kr/amp/read?mediaCodeNo=257&newsId=02378006638761656",
            "facts-2026 §5",
        ),
        (
            "포항 AI 데이터센터 1단계(40MW) 준공",
            "planned",
            None,
            "2027-06",
            "https://www.seoul.co.kr/news/society/2026/03/10/20260310500071",
            "C-12",
        ),
    ],
)
def test_audited_milestones_are_present_with_their_sources(
    dataset: Dataset, title: str, status: str, date: str | None, due: str | None, source: str, fact: str
) -> None:
    """The events and plans of the fact sheets that the sample lacked are milestones citing their reports."""
    milestone = _milestone_titled(dataset, title)
    assert milestone.status.value == status
    assert (milestone.date.iso() if milestone.date else None) == date
    assert (milestone.due.iso() if milestone.due else None) == due
    assert milestone.source == source
    assert milestone.note.endswith("]")
    assert fact in milestone.note


def test_audited_pipeline_figures_sit_in_notes_not_actuals(dataset: Dataset) -> None:
    """Pipeline figures the facts report (3.1조 under discussion, 24 firm places, 30 letters of intent) are words
    in a note, never observations."""
    assert "3조 1000억" in dataset.targets["battery.investment@2027"].note
    interim = _milestone_titled(dataset, "수소특화단지 후속사업 용역 중간보고 (2035 목표 재확인)")
    assert "24개사" in interim.note
    assert "24 firms" in interim.note_en
    assert "30 firms" in _milestone_titled(dataset, "수소연료전지 클러스터 예비타당성조사 통과").note_en
    values = {o.value for o in dataset.observations.values()}
    assert not values & {3.1e12, 24, 30}


def test_ecopro_output_as_worded_in_2023(dataset: Dataset) -> None:
    """ACT-02: EcoPro's Pohang output as a report worded it on 2023-03-15, on the as-worded row, not the city's."""
    observation = dataset.observations["battery.ecopro-cathode-production:2023-03-15"]
    assert observation.value == 150000
    assert observation.source == "https://www.hankyung.com/article/2023031514081"


def test_no_value_is_nan() -> None:
    """Every number in the file is finite."""
    raw = orjson.loads(SAMPLE_DB.read_bytes())
    assert all(math.isfinite(number) for number in _numbers(raw))


def test_build_script_reproduces_the_sample(tmp_path: Path, build_sample: ModuleType) -> None:
    """Importing sample/*.csv through `pohang import` gives a file identical to sample_db.json, byte for byte."""
    output = tmp_path / "sample_db.json"
    assert build_sample.main([str(output)]) == 0
    assert output.read_bytes() == SAMPLE_DB.read_bytes()


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_notes_reasons_and_bases_are_korean_with_the_english_kept(dataset: Dataset) -> None:
    """Issue 7: every note, revision reason and basis is Korean, its English kept beside it, with the same fact ids."""
    records: list[Any] = [
        *dataset.sectors.values(), *dataset.indicators.values(), *dataset.targets.values(),
        *dataset.observations.values(), *dataset.milestones.values(),
    ]  # fmt: skip
    records += [vintage for o in dataset.observations.values() for vintage in o.revisions]
    revisions = [revision for t in dataset.targets.values() for revision in t.revisions]
    for record in [*records, *revisions]:
        assert HANGUL.search(record.note or ""), record
        assert record.note_en, record
        assert record.note_en != record.note, record
        assert record.note.rsplit("[", 1)[1] == record.note_en.rsplit("[", 1)[1], record
    for revision in revisions:
        assert HANGUL.search(revision.reason), revision
        assert (revision.reason_en or "").startswith("retargeted to 2035"), revision
    bases = [indicator for indicator in dataset.indicators.values() if indicator.basis or indicator.basis_en]
    assert len(bases) == 32
    for indicator in bases:
        assert HANGUL.search(indicator.basis or ""), indicator.id
        assert indicator.basis_en, indicator.id
        assert not HANGUL.search(indicator.basis_en), indicator.id


def test_every_indicator_has_a_frequency_and_an_owner(dataset: Dataset) -> None:
    """§8.2: each indicator says how often it is published and who supplies it, from the facts sheets' publishers."""
    for indicator in dataset.indicators.values():
        assert indicator.owner, indicator.id
    frequency = {key: indicator.frequency.value for key, indicator in dataset.indicators.items()}
    assert frequency["steel.posco-pohang-crude"] == "monthly"
    assert frequency["steel.complex-output-h1"] == "half-yearly"
    assert frequency["battery.investment"] == "annual"
    assert frequency["battery.ecopro-cathode-capacity"] == "irregular"
    owners = {key: indicator.owner for key, indicator in dataset.indicators.items()}
    assert owners["battery.investment"] == "포항시"
    assert owners["steel.posco-pohang-crude"] == "한국은행 포항본부"
    assert owners["battery.complex-investment"] == "산업통상자원부"
    assert dataset.indicators["steel.complex-output"].lag_months == 2


def test_targets_are_adopted_on_their_announcement_days(dataset: Dataset) -> None:
    """§8.5: every target has the day it came into force; a revised target's is its revision's date."""
    adopted = {key: target.adopted.iso() for key, target in dataset.targets.items() if target.adopted}
    assert set(adopted) == set(dataset.targets)
    assert adopted["battery.investment@2027"] == "2023-09-27"
    assert adopted["battery.complex-investment@2027"] == "2023-07-20"
    for key in ("hydrogen.companies@2035", "hydrogen.sales@2035"):
        [revision] = dataset.targets[key].revisions
        assert revision.date is not None
        assert adopted[key] == revision.date.iso()


def test_observations_are_recorded_on_their_report_days(dataset: Dataset) -> None:
    """§8.5: an observation and each kept vintage are recorded on the day they were reported; a figure whose report
    date is unknown on the day the facts were checked."""
    for observation in dataset.observations.values():
        assert observation.recorded is not None, observation.id
        expected = observation.reported.iso() if observation.reported else "2026-12-02"
        assert observation.recorded.iso() == expected, observation.id
        for vintage in observation.revisions:
            assert vintage.recorded is not None
            assert vintage.reported is not None
            assert vintage.recorded.iso() == vintage.reported.iso()


def test_battery_investment_is_assessed_from_the_2024_rows(dataset: Dataset) -> None:
    """§8.3: the city's "sluggish" 2024 (2024-12-16) and the withdrawn 1.2조 plant (2024-09-04) are an assessment
    beside the computed status, with their sources."""
    assessment = dataset.assessments["battery.investment@2027"]
    assert assessment.status.value == "off_track"
    assert assessment.date.iso() == "2024-12-16"
    assert assessment.sources == (
        "https://www.kbmaeil.com/article/202412160414093",
        "https://m.newspic.kr/view.html?nid=2024121609350068438&pn=214",
        "https://m.wowtv.co.kr/NewsCenter/AMP/Read?articleId=202409048207b",
    )
    assert "2024-09-04" in assessment.basis
    assert assessment.basis_en is not None
    assert "sluggish" in assessment.basis_en
    capacity = dataset.assessments["battery.ecopro-cathode-capacity@2025"]
    assert capacity.status.value == "off_track"
    assert capacity.sources[0] == "https://biz.newdaily.co.kr/site/data/html/2024/10/22/2024102200312.html"
    assert set(dataset.assessments) == {"battery.investment@2027", "battery.ecopro-cathode-capacity@2025"}
