"""Import and export (pohang_cli.transfer): lossless round trips, checks with line and field, one write."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pohang_cli import transfer
from pohang_cli.dates import PartialDate
from pohang_cli.errors import InputError
from pohang_cli.models import (
    Dataset,
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Sector,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)
from pohang_cli.service import normalize_text
from pohang_cli.storage import MemoryDatabase, empty_dataset, load_sample, record_to_doc

TODAY = date(2026, 11, 25)


def _import(repo: MemoryDatabase, data: bytes, fmt: str, kind: Kind | None = None, **options: Any) -> Any:
    parsed = transfer.parse(data, "input", fmt, kind)
    return transfer.import_records(repo, parsed, today=TODAY, **options)


def _problem(repo: MemoryDatabase, data: bytes, fmt: str, kind: Kind | None = None) -> str:
    with pytest.raises(InputError) as caught:
        _import(repo, data, fmt, kind)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------------
# Generated databases


def _stored_text(text: str) -> bool:
    # What the commands store: NFC, trimmed, no CR (the text rules of normalize_text).
    return bool(text) and unicodedata.is_normalized("NFC", text) and "\r" not in text and text == text.strip()


_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    include_characters='\n\t,"',
)
texts = st.text(_CHARACTERS, min_size=1, max_size=12).filter(_stored_text)
optional_texts = st.none() | texts
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
# Values are floats, as the commands store them (-0 is stored as 0, nothing beyond ±10^18); integral ones are
# common in documents.
numbers = st.integers(-(10**15), 10**15).map(float) | st.floats(-1e18, 1e18).map(lambda value: value + 0.0)


@st.composite
def partial_dates(draw: st.DrawFn, first_year: int = 1990, last_year: int = 2040) -> PartialDate:
    year = draw(st.integers(first_year, last_year))
    precision = draw(st.sampled_from(["year", "quarter", "month", "day"]))
    if precision == "year":
        return PartialDate.of_year(year)
    if precision == "quarter":
        return PartialDate.of_quarter(year, draw(st.integers(1, 4)))
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate.of_month(year, month)
    return PartialDate.of_day(date(year, month, draw(st.integers(1, 28))))


def _past(first_year: int = 1990) -> st.SearchStrategy[PartialDate]:
    return partial_dates(first_year, 2025)


@st.composite
def revisions(draw: st.DrawFn) -> TargetRevision:
    return TargetRevision(
        value=draw(numbers),
        deadline=draw(partial_dates()),
        date=draw(st.none() | partial_dates()),
        reason=draw(texts),
        source=draw(optional_texts),
        note=draw(optional_texts),
    )


@st.composite
def indicators_of(draw: st.DrawFn, sector: str) -> Indicator:
    kind = draw(st.sampled_from(IndicatorKind))
    baseline = draw(st.none() | numbers)
    compound = kind is IndicatorKind.LEVEL and baseline is not None and baseline > 0 and draw(st.booleans())
    has_date = draw(st.booleans())
    return Indicator(
        id=f"{sector}.{draw(slugs)}",
        sector=sector,
        name_ko=draw(texts),
        name_en=draw(texts),
        unit=draw(st.sampled_from(["KRW", "t", "companies", "%", "MW"]) | texts),
        baseline=baseline,
        baseline_date=draw(_past(1990)) if has_date else None,
        direction=draw(st.sampled_from(Direction)),
        kind=kind,
        model=Model.COMPOUND if compound else Model.LINEAR,
        basis=draw(optional_texts),
        source=draw(optional_texts),
        note=draw(optional_texts),
    )


@st.composite
def targets_of(draw: st.DrawFn, indicator: Indicator) -> list[Target]:
    first = 2000 if indicator.baseline_date is None else indicator.baseline_date.year + 1
    years = draw(st.lists(st.integers(first, 2100), max_size=3, unique=True))
    values = st.floats(min_value=1e-6, max_value=1e15) if indicator.model is Model.COMPOUND else numbers
    targets = []
    for year in years:
        deadline = draw(st.sampled_from([PartialDate.of_year(year), PartialDate.of_month(year, 12)]))
        targets.append(
            Target(
                id=target_id(indicator.id, deadline),
                indicator=indicator.id,
                value=draw(values),
                deadline=deadline,
                source=draw(optional_texts),
                note=draw(optional_texts),
                revisions=tuple(draw(st.lists(revisions(), max_size=2))),
            )
        )
    if len(targets) >= 2 and draw(st.booleans()):
        old, new = targets[0], targets[1]
        targets[0] = replace(old, superseded_by=new.id)
        targets[1] = replace(new, supersedes=old.id)
    return targets


@st.composite
def databases(draw: st.DrawFn) -> Dataset:
    data = empty_dataset()
    for order, sector_id in enumerate(draw(st.lists(slugs, min_size=1, max_size=3, unique=True))):
        data.sectors[sector_id] = Sector(sector_id, draw(texts), draw(texts), order, draw(optional_texts))
    sector_ids = sorted(data.sectors)
    for indicator in draw(st.lists(st.sampled_from(sector_ids).flatmap(indicators_of), max_size=4)):
        if indicator.id in data.indicators:
            continue
        data.indicators[indicator.id] = indicator
        for target in draw(targets_of(indicator)):
            data.targets[target.id] = target
        for when in draw(st.lists(_past(), max_size=4)):
            observation = Observation(
                observation_id(indicator.id, when),
                indicator.id,
                when,
                draw(numbers),
                draw(optional_texts),
                draw(optional_texts),
                draw(st.booleans()),
            )
            data.observations[observation.id] = observation
    for milestone_id in draw(st.lists(st.integers(1, 500), max_size=5, unique=True)):
        data.milestones[milestone_id] = Milestone(
            id=milestone_id,
            sector=draw(st.sampled_from(sector_ids)),
            title=draw(texts),
            status=draw(st.sampled_from(MilestoneStatus)),
            title_en=draw(optional_texts),
            date=draw(st.none() | partial_dates()),
            due=draw(st.none() | partial_dates()),
            original_due=draw(st.none() | partial_dates()),
            source=draw(optional_texts),
            note=draw(optional_texts),
        )
    data.next_milestone_id = max(data.milestones, default=0) + draw(st.integers(1, 3))
    return data


def _without(data: Dataset, kind: Kind) -> Dataset:
    copy = MemoryDatabase(data).read()
    getattr(copy, kind.value).clear()
    return copy


ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(databases())
def test_whole_database_json_round_trips_byte_for_byte(data: Dataset) -> None:
    """A generated database exported as json and imported into an empty one exports the same bytes."""
    exported, count = transfer.export_bytes(data, "json")
    target = MemoryDatabase()
    result = _import(target, exported, "json")
    assert transfer.export_bytes(target.read(), "json") == (exported, count)
    assert result.total().added == count
    assert target.writes == (1 if count else 0)


@ROUND_TRIP
@given(databases(), st.sampled_from(Kind), st.sampled_from(["json", "jsonl", "csv"]))
def test_one_kind_round_trips_in_every_format(data: Dataset, kind: Kind, fmt: str) -> None:
    """Each kind exported as json, jsonl or csv and imported where it is missing exports the same bytes.

    Generated values may be far from the stored series they join: --force accepts what import questions.
    """
    exported, _ = transfer.export_bytes(data, fmt, kind)
    target = MemoryDatabase(_without(data, kind))
    _import(target, exported, fmt, kind, force=True)
    assert transfer.export_bytes(target.read(), fmt, kind)[0] == exported
    assert transfer.export_bytes(target.read(), "json") == transfer.export_bytes(data, "json")


@ROUND_TRIP
@given(databases())
def test_importing_an_export_again_changes_nothing(data: Dataset) -> None:
    """Re-importing a database's own export counts every record unchanged and writes nothing."""
    repo = MemoryDatabase(data)
    exported, count = transfer.export_bytes(data, "json")
    result = _import(repo, exported, "json")
    assert (result.total().added, result.total().updated, result.total().unchanged) == (0, 0, count)
    assert repo.writes == 0


def test_export_columns_are_the_stored_document_keys() -> None:
    """The csv columns of each kind are the keys of its stored document, in the same order."""
    sample = load_sample()
    for kind in Kind:
        record = next(iter(getattr(sample, kind.value).values()))
        assert tuple(record_to_doc(kind, record)) == transfer.FIELDS[kind]


def test_whole_database_document_layout() -> None:
    """The whole-database document has the schema version, next milestone id and each kind sorted by id."""
    document = orjson.loads(transfer.export_bytes(load_sample(), "json")[0])
    assert list(document) == [
        "schema_version", "next_milestone_id", "sectors", "indicators", "targets", "observations", "milestones",
    ]  # fmt: skip
    assert document["schema_version"] == 2
    assert document["next_milestone_id"] == 59
    ids = [doc["id"] for doc in document["milestones"]]
    assert ids == sorted(ids)
    assert [doc["id"] for doc in document["sectors"]] == sorted(doc["id"] for doc in document["sectors"])


def test_csv_keeps_target_revisions_in_a_json_cell() -> None:
    """A revised target's earlier versions travel as a JSON array in the revisions cell, and come back."""
    sample = load_sample()
    exported, _ = transfer.export_bytes(sample, "csv", Kind.TARGETS)
    revised = next(line for line in exported.decode().splitlines() if '""reason""' in line)
    assert revised.count('""value""') >= 1
    target = MemoryDatabase(_without(sample, Kind.TARGETS))
    _import(target, exported, "csv")
    assert dict(target.read().targets.items()) == dict(sample.targets.items())


def test_jsonl_and_csv_need_a_kind() -> None:
    """Exporting every kind at once is only possible as one json document."""
    with pytest.raises(InputError, match="add --kind"):
        transfer.export_bytes(load_sample(), "csv")


# ---------------------------------------------------------------------------------------------------
# Actuals as a statistics office sends them

ACTUALS = "indicator,date,value,source,note\n"


def test_actuals_csv_in_the_value_and_date_grammar() -> None:
    """Korean myriad values, Korean dates and a unit word in a cell are read as the commands read them."""
    repo = MemoryDatabase(load_sample())
    rows = (
        'battery.investment,2024년 6월,1조 6908억,https://example.org/a,"잠정, 통계청"\n'
        "battery.investment,2025.03.31,7조 2000억 원,,\n"
        "hydrogen.companies,2024,70개사,,\n"
    )
    result = _import(repo, (ACTUALS + rows).encode(), "csv")
    assert result.counts[Kind.OBSERVATIONS].added == 3
    data = repo.read()
    june = data.observations["battery.investment:2024-06"]
    assert (june.value, june.note, june.provisional) == (1.6908e12, "잠정, 통계청", False)
    assert data.observations["battery.investment:2025-03-31"].value == 7.2e12
    assert data.observations["hydrogen.companies:2024"].value == 70


def test_a_bom_is_not_part_of_the_first_column() -> None:
    """A UTF-8 BOM, as Excel writes it, is ignored."""
    repo = MemoryDatabase(load_sample())
    result = _import(repo, b"\xef\xbb\xbf" + (ACTUALS + "battery.investment,2024,5조,,\n").encode(), "csv")
    assert result.counts[Kind.OBSERVATIONS].added == 1


def test_kind_is_recognised_from_the_columns() -> None:
    """Without --kind, a csv header or a json record's keys say which kind of record it is."""
    assert transfer.parse((ACTUALS + "battery.investment,2024,1,,\n").encode(), "x", "csv").records[0].kind is (
        Kind.OBSERVATIONS
    )
    lines = b'{"sector": "bio", "title": "t"}\n{"indicator": "bio.x", "value": 1, "deadline": "2030"}\n'
    assert [r.kind for r in transfer.parse(lines, "x", "jsonl").records] == [Kind.MILESTONES, Kind.TARGETS]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.csv", "csv"),
        ("A.JSON", "json"),
        ("x.jsonl", "jsonl"),
        ("x.ndjson", "jsonl"),
        ("x.tsv", "tsv"),
        ("Unicode.txt", "tsv"),
        ("x.xlsx", "xlsx"),
        ("x.pdf", None),
    ],
)
def test_format_from_the_extension(name: str, expected: str | None) -> None:
    """The file extension names the format; an unknown one names none."""
    assert transfer.format_from_name(name) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"[\n{}]", "json"), (b'{\n "schema_version": 1}', "json"), (b'{"a": 1}\n{"a": 2}\n', "jsonl"), (b"a,b\n", "csv")],
)
def test_format_of_stdin_from_its_content(data: bytes, expected: str) -> None:
    """Unnamed input is json when it opens an array or a multi-line object, jsonl for one object a line."""
    assert transfer.sniff_format(data) == expected


# ---------------------------------------------------------------------------------------------------
# Checks: every problem with its line and field, nothing written


def test_problems_name_line_field_and_reason_in_file_order() -> None:
    """Each bad row is listed with its line, field and reason, in file order, and nothing is written."""
    repo = MemoryDatabase(load_sample())
    before = repo.payload
    rows = (
        "battery.investment,2024,5조,,\n"
        "battery.investmnt,2024,5조,,\n"
        "battery.investment,07/08/2023,abc,,\n"
        "battery.investment,2027,1,,\n"
    )
    message = _problem(repo, (ACTUALS + rows).encode(), "csv")
    lines = message.split("\npohang: ")
    assert lines[0].startswith("input line 3, field 'indicator': unknown indicator 'battery.investmnt'")
    assert "did you mean 'battery.investment'" in lines[0]
    assert lines[1].startswith("input line 4, field 'date': invalid date '07/08/2023'")
    assert lines[2].startswith("input line 4, field 'value': invalid value 'abc'")
    assert lines[3] == "input line 5, field 'date': the observation date 2027 is in the future (today is 2026-11-25)"
    assert lines[4] == "4 problems in input; nothing was imported"
    assert (repo.payload, repo.writes) == (before, 0)


def test_a_bad_record_of_a_json_document_is_found_by_its_line() -> None:
    """A problem inside a pretty-printed json document names the line where its record starts."""
    document = orjson.loads(transfer.export_bytes(load_sample(), "json")[0])
    document["observations"][2]["value"] = "lots"
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    start = text.decode().splitlines().index("    {", text.decode().splitlines().index('  "observations": [')) + 1
    third = [n for n, line in enumerate(text.decode().splitlines(), 1) if line == "    {" and n >= start]
    message = _problem(MemoryDatabase(), text, "json")
    assert message.startswith(f"input line {third[2]}, field 'value': invalid value 'lots'")


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ('{"indicator": "battery.investment", "date": "2024", "value": "NaN"}', "value", "invalid value 'NaN'"),
        ('{"indicator": "battery.investment", "date": "2024", "value": true}', "value", "expected a number"),
        ('{"indicator": "battery.investment", "date": "2024", "value": 1e19}', "value", "beyond ±10^18"),
        ('{"indicator": "battery.investment", "date": 2024, "value": 1}', "date", "expected a date as text"),
        ('{"indicator": "battery.investment", "date": "2024", "value": "5 t"}', "value", "measured in 'KRW'"),
        ('{"indicator": "battery.investment", "date": "2024", "value": 1, "id": "x"}', "id", "expected 'battery"),
        ('{"indicator": "battery.investment", "date": "2024", "valu": 1}', "valu", "unknown field"),
        ('{"sector": "nowhere", "title": "t"}', "sector", "unknown sector 'nowhere'"),
        ('{"id": 0, "sector": "bio", "title": "t"}', "id", "positive integers"),
        (
            '{"sector": "bio", "title": "t", "status": "finished"}',
            "status",
            "unknown milestone status 'finished'; use one of",
        ),
        ('{"sector": "bio", "title": " "}', "title", "is missing or empty"),
        ('{"indicator": "battery.investment", "value": 1, "deadline": "2020"}', "deadline", "is not after"),
        ('{"indicator": "battery.investment", "value": 7e12, "deadline": "2030", "supersedes": "x@1"}', "supersedes",
         "is not another target"),
        ('{"id": "battery.x", "sector": "hydrogen", "name_ko": "a", "name_en": "b", "unit": "t"}', "id",
         "is not SECTOR.SLUG"),
        ('{"id": "battery.x", "sector": "battery", "name_ko": "a", "name_en": "b", "unit": "t", "model": "compound",'
         ' "baseline": 0}', "model", "compound model"),
        ('{"id": "Bad Id", "name_ko": "a", "name_en": "b"}', "id", "invalid sector id"),
    ],
)  # fmt: skip
def test_each_rule_is_checked_with_its_field(row: str, field: str, reason: str) -> None:
    """Types, finiteness, units, ids, references and the commands' rules are each refused with the field named."""
    message = _problem(MemoryDatabase(load_sample()), row.encode() + b"\n", "jsonl")
    assert message.startswith(f"input line 1, field '{field}': ")
    assert reason in message


def test_references_may_point_into_the_same_file() -> None:
    """A new sector, its indicator, a target and an observation can arrive together in one file."""
    lines = [
        {"id": "space", "name_ko": "우주", "name_en": "Space"},
        {"id": "space.launches", "sector": "우주", "name_ko": "발사", "name_en": "Launches", "unit": "launches",
         "baseline": 0, "baseline_date": "2023"},
        {"indicator": "space.launches", "value": 4, "deadline": "2030"},
        {"indicator": "space.launches", "date": "2025", "value": 1},
    ]  # fmt: skip
    repo = MemoryDatabase(load_sample())
    result = _import(repo, b"".join(orjson.dumps(line) + b"\n" for line in lines), "jsonl")
    assert [result.counts[k].added for k in Kind] == [1, 1, 1, 1, 0]
    data = repo.read()
    assert data.indicators["space.launches"].sector == "space"
    assert "space.launches@2030" in data.targets


def test_the_same_id_twice_in_a_file_is_refused() -> None:
    """Two rows for the same indicator and date are a mistake in the file, not a silent last-wins."""
    rows = "battery.investment,2024,7조,,\nbattery.investment,2024,8조,,\n"
    message = _problem(MemoryDatabase(load_sample()), (ACTUALS + rows).encode(), "csv")
    assert message.startswith("input line 3, field 'id': 'battery.investment:2024' already appears on line 2")


def test_unreadable_input_is_refused_with_its_line() -> None:
    """Bytes that are not UTF-8, broken JSON and ragged CSV rows fail with the line."""
    with pytest.raises(InputError, match=r"x line 2: not text in UTF-8 or CP949/EUC-KR \(byte 4\)"):
        transfer.parse(b"a,b\n\xff,1\n", "x", "csv")
    with pytest.raises(InputError, match=r"x line 2: not UTF-8 \(byte 2\)"):
        transfer.parse(b"[\n\xff]\n", "x", "json")
    with pytest.raises(InputError, match=r"x line 2: not valid JSON"):
        transfer.parse(b'{"indicator": "x", "date": "2024", "value": 1}\n{"value": \n', "x", "jsonl")
    with pytest.raises(InputError, match=r"x line 3: 2 cells, but the header \(line 1\) has 5 columns"):
        transfer.parse((ACTUALS + "a,2024,1,,\nb,2024\n").encode(), "x", "csv")
    with pytest.raises(InputError, match=r"unknown column 'valeu'"):
        transfer.parse(b"indicator,date,valeu\n", "x", "csv")
    with pytest.raises(InputError, match=r"newer than this pohang"):
        transfer.parse(b'{"schema_version": 99}', "x", "json")


def test_many_problems_are_capped_with_a_count() -> None:
    """A file with hundreds of bad rows lists the first twenty and says how many there are."""
    rows = "".join(f"battery.investment,{1900 + n},x,,\n" for n in range(100))
    lines = _problem(MemoryDatabase(load_sample()), (ACTUALS + rows).encode(), "csv").split("\npohang: ")
    assert len(lines) == 22
    assert lines[-2:] == ["... and 80 more", "100 problems in input; nothing was imported"]


# ---------------------------------------------------------------------------------------------------
# Upserts


def test_upsert_counts_added_updated_unchanged() -> None:
    """Records are matched by id: new ones added, different ones replaced, equal ones left alone."""
    repo = MemoryDatabase(load_sample())
    rows = "battery.investment,2023,5600000000000,,\nbattery.investment,2024,6조,,\n"
    first = _import(repo, (ACTUALS + rows).encode(), "csv")
    assert (first.counts[Kind.OBSERVATIONS].added, first.counts[Kind.OBSERVATIONS].updated) == (1, 1)
    again = _import(repo, (ACTUALS + rows).encode(), "csv")
    assert again.counts[Kind.OBSERVATIONS].unchanged == 2
    assert repo.writes == 1


def test_dry_run_counts_and_writes_nothing() -> None:
    """A dry run checks and counts exactly as an import, then leaves the database alone."""
    repo = MemoryDatabase(load_sample())
    result = _import(repo, (ACTUALS + "battery.investment,2024,6조,,\n").encode(), "csv", dry_run=True)
    assert (result.dry_run, result.counts[Kind.OBSERVATIONS].added, repo.writes) == (True, 1, 0)


def test_a_large_import_writes_once_and_reports_progress() -> None:
    """Twenty thousand observations are staged in one transaction, with progress reported along the way."""
    repo = MemoryDatabase(load_sample())
    rows = "".join(f"battery.jobs,{date.fromordinal(700_000 + n).isoformat()},{n},,\n" for n in range(20_000))
    calls: list[tuple[str, int, int]] = []
    result = _import(repo, (ACTUALS + rows).encode(), "csv", progress=lambda *call: calls.append(call))
    assert result.counts[Kind.OBSERVATIONS].added == 20_000
    assert repo.writes == 1
    assert calls[0] == ("checking", transfer.planning.PROGRESS_EVERY, 20_000)
    assert ("checking", 20_000, 20_000) in calls
    assert calls[-1] == ("writing", 20_000, 20_000)


def test_milestones_without_ids_are_numbered_past_every_id() -> None:
    """Milestones with no id get new ids after the highest one ever given, and the counter moves on."""
    repo = MemoryDatabase(load_sample())
    rows = (
        b'{"sector": "bio", "title": "a"}\n{"id": 60, "sector": "bio", "title": "b"}\n{"sector": "bio", "title": "c"}\n'
    )
    _import(repo, rows, "jsonl")
    data = repo.read()
    assert {data.milestones[n].title for n in (60, 61, 62)} == {"a", "b", "c"}
    assert data.next_milestone_id == 63


def test_a_milestone_imported_with_a_new_due_date_keeps_the_original_one() -> None:
    """As with update-milestone, an import that moves a due date keeps the first one as original_due."""
    repo = MemoryDatabase(load_sample())
    before = repo.read().milestones[21]
    assert (before.due, before.original_due) == (PartialDate.of_month(2025, 12), None)
    _import(repo, b'{"id": 21, "sector": "bio", "title": "moved", "status": "in_progress", "due": "2027"}\n', "jsonl")
    after = repo.read().milestones[21]
    assert (after.title, after.due, after.original_due) == ("moved", PartialDate.of_year(2027), before.due)


def test_a_whole_database_import_keeps_its_next_milestone_id() -> None:
    """The next milestone id of an exported database survives the import, so deleted ids stay unused."""
    document = orjson.loads(transfer.export_bytes(load_sample(), "json")[0])
    document["next_milestone_id"] = 100
    repo = MemoryDatabase()
    _import(repo, orjson.dumps(document), "json")
    assert repo.read().next_milestone_id == 100


def test_kind_option_picks_one_table_of_a_whole_database_document() -> None:
    """--kind with a whole-database document imports only that kind."""
    exported, _ = transfer.export_bytes(load_sample(), "json")
    repo = MemoryDatabase(_without(load_sample(), Kind.MILESTONES))
    result = _import(repo, exported, "json", Kind.MILESTONES)
    assert [result.counts[k].total for k in Kind] == [0, 0, 0, 0, 58]


def test_a_database_file_is_not_taken_for_an_export() -> None:
    """Importing the database file itself explains how to copy a database instead."""
    sample = (transfer.export_bytes(empty_dataset(), "json")[0], b'{"_meta": {}}')[1]
    with pytest.raises(InputError, match="is a pohang database file, not an export"):
        transfer.parse(sample, "db.json", "json")


def test_text_is_stored_as_the_commands_store_it() -> None:
    """Imported text is NFC and trimmed, and an empty optional cell is null."""
    repo = MemoryDatabase(load_sample())
    nfd = unicodedata.normalize("NFD", "  통계청  ")
    _import(repo, (ACTUALS + f"battery.investment,2024,7조,{nfd},\n").encode(), "csv")
    observation = repo.read().observations["battery.investment:2024"]
    assert (observation.source, observation.note) == (normalize_text(nfd), None)
