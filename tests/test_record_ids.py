"""Issue point 4: every record id pohang prints can be typed back, for every kind and date precision.

Ids shown by `history`, `targets`, `milestones`, `status`, `log` and `export` name their record wherever that
kind is named (`remove`, `update-*`, `revise-target`), in any letter case. A log's sequence numbers are not
record ids.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from pohang_cli.dates import PartialDate, Precision
from pohang_cli.models import Kind, observation_key
from pohang_cli.quantities import ParsedValue
from pohang_cli.service import removing, resolve_indicator, resolve_sector, resolve_target, writing
from pohang_cli.storage import MemoryDatabase, load_sample
from pohang_cli.transfer.export import export_documents

TODAY = dt.date(2026, 11, 25)


@st.composite
def dates(draw: st.DrawFn, precision: Precision, first: int, last: int) -> PartialDate:
    year = draw(st.integers(first, last))
    if precision is Precision.YEAR:
        return PartialDate.of_year(year)
    if precision is Precision.HALF:
        return PartialDate.of_half(year, draw(st.integers(1, 2)))
    if precision is Precision.QUARTER:
        return PartialDate.of_quarter(year, draw(st.integers(1, 4)))
    if precision is Precision.MONTH:
        return PartialDate.of_month(year, draw(st.integers(1, 12)))
    return PartialDate.of_day(draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))))


precisions = st.sampled_from(list(Precision))
typed_as = st.sampled_from([str, str.upper, str.lower, str.swapcase])


def _printed(data: object, kind: Kind) -> list[str]:
    """The ids `export` prints for a kind (the same ids history, targets, milestones and log show)."""
    return [str(doc["id"]) for doc in export_documents(data, kind)]  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(precision=precisions, data=st.data(), typed=typed_as)
def test_an_observation_id_of_any_precision_names_its_observation(
    precision: Precision, data: st.DataObject, typed: object
) -> None:
    """The id of an observation at any precision, typed in any case, names it for `remove` with or without kind."""
    repo = MemoryDatabase(load_sample())
    when = data.draw(dates(precision, 2023, 2025))
    stored = writing.record(repo, "hydrogen.sales", ParsedValue(1e8, "KRW"), when, TODAY).observation
    assert stored.id in _printed(repo.read(), Kind.OBSERVATIONS)
    shown = typed(stored.id)  # type: ignore[operator]
    assert observation_key(shown) == stored.id
    for kind in (None, removing.RemovableKind.OBSERVATION):
        removal = removing.plan_removal(repo, removing.RemovalRequest(shown, kind))
        assert (removal.kind, removal.id) == (Kind.OBSERVATIONS, stored.id)


@settings(max_examples=40, deadline=None)
@given(precision=precisions, data=st.data(), typed=typed_as)
def test_a_target_id_of_any_deadline_precision_names_its_target(
    precision: Precision, data: st.DataObject, typed: object
) -> None:
    """A target's id (INDICATOR@YYYY, whatever the deadline's precision) names it for every command."""
    repo = MemoryDatabase(load_sample())
    deadline = data.draw(dates(precision, 2036, 2060))
    target = writing.add_target(repo, "hydrogen.sales", ParsedValue(2e12, "KRW"), deadline, today=TODAY).record
    assert target.id in _printed(repo.read(), Kind.TARGETS)
    shown = typed(target.id)  # type: ignore[operator]
    assert resolve_target(repo.read(), shown).id == target.id
    for kind in (None, removing.RemovableKind.TARGET):
        assert removing.plan_removal(repo, removing.RemovalRequest(shown, kind)).id == target.id


@settings(max_examples=30, deadline=None)
@given(typed=typed_as, data=st.data())
def test_indicator_sector_and_milestone_ids_name_their_record(typed: object, data: st.DataObject) -> None:
    """Indicator and sector ids in any case, and milestone numbers, name their records."""
    repo = MemoryDatabase(load_sample())
    dataset = repo.read()
    indicator = data.draw(st.sampled_from(_printed(dataset, Kind.INDICATORS)))
    sector = data.draw(st.sampled_from(_printed(dataset, Kind.SECTORS)))
    milestone = data.draw(st.sampled_from(_printed(dataset, Kind.MILESTONES)))
    assert resolve_indicator(dataset, typed(indicator)).id == indicator  # type: ignore[operator]
    assert resolve_sector(dataset, typed(sector)).id == sector  # type: ignore[operator]
    request = removing.RemovalRequest(typed(indicator), removing.RemovableKind.INDICATOR, cascade=True)  # type: ignore[operator]
    assert removing.plan_removal(repo, request).id == indicator
    assert removing.plan_removal(repo, removing.RemovalRequest(milestone)).id == int(milestone)


# ---------------------------------------------------------------------------------------------------
# The ids the commands print, typed back into the commands


@pytest.mark.parametrize("typed", ["2025", "2025년 상반기", "2025Q3", "2025-06", "2025-06-30"])
def test_the_observation_id_history_prints_is_removed_by_remove(cli: Invoke, db: str, typed: str) -> None:
    """`remove battery.jobs:2025-H1` works, as does every id `history` prints, on both backends."""
    recorded = cli("record", "battery.jobs", "1200", "--date", typed, "--db", db, "-q").stdout.strip()
    rows = json.loads(cli("history", "battery.jobs", "--format", "json", "--db", db).stdout)
    printed = [row["id"] for row in rows if row["id"] == recorded]
    assert printed == [recorded]
    run = cli("remove", printed[0], "--yes", "--db", db)
    assert (run.exit_code, run.stdout) == (0, f"{recorded}\n"), run.stderr


def test_ids_from_log_and_export_are_typed_back(cli: Invoke, sample_db: Path) -> None:
    """The ids in `log --records` and `export` name observations, targets and milestones for the writers."""
    db = str(sample_db)
    cli("record", "battery.jobs", "1200", "--date", "2025Q2", "--db", db, "-q")
    logged = json.loads(cli("log", "--records", "--format", "json", "--limit", "1", "--db", db).stdout)
    assert [row["id"] for row in logged] == ["battery.jobs:2025-Q2"]
    exported = json.loads(cli("export", "--db", db).stdout)
    target = next(doc["id"] for doc in exported["targets"] if doc["superseded_by"] is None)
    milestone = str(exported["milestones"][0]["id"])
    for args in (
        ("update-target", target, "--note", "확인"),
        ("revise-target", target, "--value", "1", "--reason", "x", "--force"),
        ("update-milestone", milestone, "--note", "확인"),
        ("remove", "observation", logged[0]["id"], "--yes"),
    ):
        run = cli(*args, "--db", db, "-q")
        assert run.exit_code == 0, (args, run.stderr)


def test_the_target_ids_status_and_targets_print_name_targets(cli: Invoke, sample_db: Path) -> None:
    """Every target id of `status` and `targets --history` is known to update-target."""
    db = str(sample_db)
    shown = {row["target_id"] for row in json.loads(cli("status", "--format", "json", "--db", db).stdout)}
    shown |= {row["id"] for row in json.loads(cli("targets", "--history", "--format", "json", "--db", db).stdout)}
    shown.discard(None)
    assert shown
    for target in sorted(shown):
        run = cli("update-target", target, "--note", "확인", "--db", db, "-q")
        assert run.exit_code == 0, (target, run.stderr)
