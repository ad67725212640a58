"""Use cases of the service layer, run on both the file database and its in-memory twin."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pohang_cli import service
from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError, NotFoundError
from pohang_cli.models import Direction, IndicatorKind, MilestoneStatus, Model, TargetStatus
from pohang_cli.quantities import ParsedValue
from pohang_cli.service import milestone_writing, writing
from pohang_cli.service.transaction import Repository
from pohang_cli.storage import Database, MemoryDatabase, bundled_sample_path, load_sample

TODAY = date(2026, 11, 25)


@pytest.fixture(params=["file", "memory", "postgres"])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Repository:
    """The sample database, as a file, in memory and in PostgreSQL."""
    if request.param == "memory":
        return MemoryDatabase(load_sample())
    if request.param == "postgres":
        from pohang_cli.storage.postgres import PostgresDatabase

        database = PostgresDatabase(request.getfixturevalue("pg_uri"))
        database.create(load_sample())
        return database
    path = tmp_path / "pohang.json"
    shutil.copyfile(bundled_sample_path(), path)
    return Database(path)


def _v(value: float, unit: str | None = None) -> ParsedValue:
    return ParsedValue(value, unit)


def _new_indicator(**overrides: object) -> writing.NewIndicator:
    fields: dict[str, object] = {
        "sector": "수소",
        "slug": "stations",
        "name_ko": "수소충전소",
        "name_en": "Hydrogen stations",
        "unit": "stations",
        "baseline": _v(3),
        "baseline_date": PartialDate.of_year(2023),
    }
    fields.update(overrides)
    return writing.NewIndicator(**fields)  # type: ignore[arg-type]


def _fingerprint(repo: Repository) -> tuple[int, int, int, int, int]:
    data = repo.read()
    return (len(data.sectors), len(data.indicators), len(data.targets), len(data.observations), len(data.milestones))


def test_sector_resolves_by_id_korean_name_and_case() -> None:
    """A sector is found by its id, its Korean name or its English name, ignoring case."""
    data = load_sample()
    assert service.resolve_sector(data, "BATTERY").id == "battery"
    assert service.resolve_sector(data, "수소").id == "hydrogen"
    assert service.resolve_sector(data, "future technology").id == "future-tech"


def test_unknown_sector_suggests_the_closest_name() -> None:
    """A misspelt sector is refused with the closest valid name."""
    with pytest.raises(NotFoundError, match=r"unknown sector 'batery' — did you mean 'battery'\?"):
        service.resolve_sector(load_sample(), "batery")


def test_nfd_hangul_sector_name_matches() -> None:
    """A Korean name pasted in decomposed (NFD) form finds the same sector."""
    import unicodedata

    assert service.resolve_sector(load_sample(), unicodedata.normalize("NFD", "바이오")).id == "bio"


def test_add_indicator_creates_sector_dot_slug(repo: Repository) -> None:
    """A new indicator gets the id SECTOR.SLUG and keeps every given field."""
    indicator = writing.add_indicator(
        repo, _new_indicator(direction=Direction.INCREASE, basis="executed"), TODAY
    ).record
    assert indicator.id == "hydrogen.stations"
    stored = repo.read().indicators["hydrogen.stations"]
    assert (stored.baseline, stored.baseline_date, stored.basis) == (3, PartialDate.of_year(2023), "executed")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Bad Slug"}, "invalid indicator slug 'Bad Slug'"),
        ({"slug": "companies"}, "indicator 'hydrogen.companies' already exists"),
        ({"sector": "hydrgen"}, "did you mean 'hydrogen'"),
        ({"model": Model.COMPOUND, "baseline": _v(0)}, "compound model needs a level indicator with a baseline above"),
        ({"model": Model.COMPOUND, "kind": IndicatorKind.CUMULATIVE}, "compound model"),
        ({"baseline_date": PartialDate.of_year(2027)}, "baseline date 2027 is in the future"),
        ({"unit": "KRW", "baseline": _v(3, "t")}, "the baseline is in 't' but the indicator is measured in 'KRW'"),
        ({"unit": "  "}, "the unit is empty"),
    ],
)
def test_add_indicator_refuses_bad_input_and_writes_nothing(
    repo: Repository, overrides: dict[str, object], message: str
) -> None:
    """Each kind of bad indicator is refused with a sentence naming the problem, and nothing is written."""
    before = _fingerprint(repo)
    with pytest.raises(InputError, match=message):
        writing.add_indicator(repo, _new_indicator(**overrides), TODAY)
    assert _fingerprint(repo) == before


def test_add_target_gets_indicator_at_year(repo: Repository) -> None:
    """A target's id is INDICATOR@YYYY of its deadline."""
    target = writing.add_target(
        repo, "battery.investment", _v(20e12, "KRW"), PartialDate.of_year(2030), "https://a"
    ).record
    assert target.id == "battery.investment@2030"
    assert repo.read().targets["battery.investment@2030"].value == 20e12


def test_add_target_refuses_a_deadline_not_after_the_baseline(repo: Repository) -> None:
    """A deadline at or before the baseline date cannot be judged and is refused."""
    with pytest.raises(InputError, match="the deadline 2022 is not after the baseline date 2022"):
        writing.add_target(repo, "battery.investment", _v(1), PartialDate.of_year(2022))


def test_add_target_refuses_an_existing_year(repo: Repository) -> None:
    """A second target for the same year points to revise-target instead."""
    with pytest.raises(
        InputError, match=r"already exists; change it with `pohang revise-target battery\.investment@2027"
    ):
        writing.add_target(repo, "battery.investment", _v(15e12), PartialDate.of_year(2027))


def test_revision_in_the_same_year_keeps_the_id_and_the_earlier_value(repo: Repository) -> None:
    """A new value for the same deadline year is a revision inside the same target."""
    request = writing.TargetRevisionRequest(
        "battery.investment@2027", "pipeline grew", value=_v(16e12), date=PartialDate.of_month(2025, 3)
    )
    current = writing.revise_target(repo, request).record
    assert current.id == "battery.investment@2027"
    stored = repo.read().targets["battery.investment@2027"]
    assert stored.value == 16e12
    assert [(r.value, r.reason, r.date) for r in stored.revisions] == [
        (14e12, "pipeline grew", PartialDate.of_month(2025, 3))
    ]


def test_revision_to_a_new_year_supersedes_the_old_target(repo: Repository) -> None:
    """A new deadline year creates INDICATOR@NEWYYYY and marks the old target superseded by it."""
    request = writing.TargetRevisionRequest("battery.investment@2027", "delayed", deadline=PartialDate.of_year(2029))
    current = writing.revise_target(repo, request).record
    data = repo.read()
    assert current.id == "battery.investment@2029"
    assert data.targets["battery.investment@2027"].superseded_by == "battery.investment@2029"
    assert data.targets["battery.investment@2029"].supersedes == "battery.investment@2027"
    assert data.targets["battery.investment@2029"].revisions[-1].deadline == PartialDate.of_year(2027)


def test_a_superseded_target_cannot_be_revised(repo: Repository) -> None:
    """Revising a superseded target names the target that replaced it."""
    request = writing.TargetRevisionRequest("hydrogen.companies@2030", "again", value=_v(80))
    with pytest.raises(InputError, match=r"superseded by 'hydrogen\.companies@2035'"):
        writing.revise_target(repo, request)


def test_revision_needs_a_change(repo: Repository) -> None:
    """A revision with neither value nor deadline is refused."""
    with pytest.raises(InputError, match="nothing to revise"):
        writing.revise_target(repo, writing.TargetRevisionRequest("battery.investment@2027", "why"))


def test_record_replaces_the_value_of_the_same_date(repo: Repository) -> None:
    """A second value for the same indicator and date replaces the first and reports it."""
    first = writing.record(repo, "battery.investment", _v(7e12), PartialDate.of_year(2024), TODAY)
    second = writing.record(repo, "battery.investment", _v(7.2e12), PartialDate.of_year(2024), TODAY)
    assert first.replaced is None
    assert second.replaced is not None
    assert second.replaced.value == 7e12
    assert repo.read().observations["battery.investment:2024"].value == 7.2e12


def test_record_refuses_a_future_date(repo: Repository) -> None:
    """An actual cannot be dated after today."""
    with pytest.raises(InputError, match="the observation date 2027 is in the future"):
        writing.record(repo, "battery.investment", _v(1), PartialDate.of_year(2027), TODAY)


def test_milestone_ids_are_never_reused(repo: Repository) -> None:
    """New milestones continue after the highest id ever given, even past gaps."""
    data = repo.read()
    expected = data.next_milestone_id
    fields = milestone_writing.MilestoneFields(title="새 이정표", status=MilestoneStatus.PLANNED)
    first = milestone_writing.add_milestone(repo, "bio", fields).record
    second = milestone_writing.add_milestone(repo, "bio", fields).record
    assert (first.id, second.id) == (expected, expected + 1)
    assert repo.read().next_milestone_id == expected + 2


def test_update_milestone_keeps_the_original_due_date(repo: Repository) -> None:
    """Moving a due date twice keeps the first one as original_due."""
    milestone = milestone_writing.add_milestone(
        repo, "steel", milestone_writing.MilestoneFields(title="설비 구축", due=PartialDate.of_year(2025))
    ).record
    milestone_writing.update_milestone(
        repo, milestone.id, milestone_writing.MilestoneFields(due=PartialDate.of_quarter(2026, 2))
    )
    updated = milestone_writing.update_milestone(
        repo, milestone.id, milestone_writing.MilestoneFields(due=PartialDate.of_year(2027))
    ).record
    assert updated.due == PartialDate.of_year(2027)
    assert updated.original_due == PartialDate.of_year(2025)


def test_update_milestone_needs_a_field(repo: Repository) -> None:
    """An update without any field is refused."""
    with pytest.raises(InputError, match="nothing to update"):
        milestone_writing.update_milestone(repo, 1, milestone_writing.MilestoneFields())


def test_update_of_an_unknown_milestone_is_refused(repo: Repository) -> None:
    """An unknown milestone id is refused with a pointer to the listing."""
    with pytest.raises(NotFoundError, match="no milestone with id 999"):
        milestone_writing.update_milestone(repo, 999, milestone_writing.MilestoneFields(status=MilestoneStatus.DONE))


def test_status_judges_every_current_target_of_the_sample() -> None:
    """Status has one row per current target, superseded ones excluded, grouped in sector order."""
    report = service.status(load_sample(), TODAY)
    assert [block.sector.id for block in report.sectors] == ["battery", "hydrogen", "bio", "steel", "future-tech"]
    ids = [a.target.id for a in report.judgements]
    assert "hydrogen.companies@2035" in ids
    assert "hydrogen.companies@2030" not in ids
    # One provisional 2023 figure, 35 months old on the as-of date: too little evidence, on track by the figures.
    investment = next(a for a in report.judgements if a.target.id == "battery.investment@2027")
    assert investment.status is TargetStatus.INSUFFICIENT
    assert investment.indication is TargetStatus.ON_TRACK


def test_status_year_filter_keeps_targets_due_that_year() -> None:
    """--year keeps only the targets whose deadline falls in that year."""
    report = service.status(load_sample(), TODAY, (), 2030)
    assert {a.target.deadline.year for a in report.judgements} == {2030}


def test_check_reports_overdue_milestones() -> None:
    """check lists every overdue milestone as a problem."""
    result = service.check(load_sample(), TODAY)
    overdue = {p.id for p in result.problems if p.kind == "milestone"}
    expected = {
        str(j.milestone.id)
        for j in service.list_milestones(load_sample(), TODAY, service.MilestoneFilter(overdue=True))
    }
    assert overdue == expected
    assert overdue


def test_a_failed_write_leaves_the_memory_twin_unwritten() -> None:
    """A refused command performs no write at all."""
    repo = MemoryDatabase(load_sample())
    with pytest.raises(InputError):
        writing.record(repo, "battery.investment", _v(1, "t"), PartialDate.of_year(2024), TODAY)
    assert repo.writes == 0
