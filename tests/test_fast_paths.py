"""Fast paths taken for large databases give exactly what the plain code gives.

Each optimisation for 100,000-record databases keeps a slower, obvious path for the rare case (a malformed
document, a suspicious character) or caches a derived value; these tests pin that both paths agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pohang_cli import storage
from pohang_cli.dates import PartialDate, Precision, parse_iso
from pohang_cli.errors import DatabaseBusyError, DatabaseCorruptError, InputError
from pohang_cli.models import Indicator, Kind, Milestone, Observation, ObservationRevision
from pohang_cli.progress import judge_watched, series
from pohang_cli.progress.scan import scan_observations
from pohang_cli.progress.series import Series, series_by_indicator
from pohang_cli.service import reading
from pohang_cli.storage.tables import ObservationFileTable
from pohang_cli.text import text_problem


def _refused_by_category(char: str) -> bool:
    """The rule of text.py spelled out per character, as its loop applies it."""
    if char in "\n\t":
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Zl", "Zp") or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_text_check_refuses_exactly_the_characters_of_its_rule() -> None:
    """The one-regex pre-check of text_problem lets through no character the per-character rule refuses."""
    disagreements = [
        code
        for code in range(sys.maxunicode + 1)
        if (text_problem(chr(code)) is not None) != _refused_by_category(chr(code))
    ]
    assert disagreements == []


def test_text_check_reports_the_first_problem_with_its_position() -> None:
    """A refused character is still reported by the loop, with its position."""
    assert text_problem("ok\x1b[31m") == "a control character U+001B at position 3"
    assert text_problem("이차전지\u202e") == "a bidirectional override U+202E at position 5"
    assert text_problem("tab\tand\nnewline") is None


@pytest.mark.parametrize(
    "date",
    [
        PartialDate.of_year(2024),
        PartialDate.of_quarter(2026, 2),
        PartialDate.of_month(2024, 2),
        PartialDate.of_month(2023, 2),
        PartialDate.of_day(dt.date(2024, 2, 29)),
    ],
    ids=str,
)
def test_partial_date_bounds_are_the_periods(date: PartialDate) -> None:
    """start, end and sort_key, kept after the first call, are the period's first and last day."""
    if date.precision is Precision.DAY:
        first = dt.date(date.year, date.last_month, date.day or 1)
    elif date.precision is Precision.QUARTER:
        first = dt.date(date.year, date.last_month - 2, 1)
    elif date.precision is Precision.MONTH:
        first = dt.date(date.year, date.last_month, 1)
    else:
        first = dt.date(date.year, 1, 1)
    next_month = dt.date(date.year + date.last_month // 12, date.last_month % 12 + 1, 1)
    last = first if date.precision is Precision.DAY else next_month - dt.timedelta(days=1)
    for _ in range(2):
        assert (date.start(), date.end(), date.sort_key()) == (first, last, (last, first))


def test_partial_date_cache_is_not_part_of_its_value() -> None:
    """A date whose bounds were worked out equals, hashes and prints like one whose were not."""
    used, fresh = PartialDate.of_month(2023, 7), PartialDate.of_month(2023, 7)
    used.end()
    assert used == fresh
    assert hash(used) == hash(fresh)
    assert (
        repr(used) == repr(fresh) == "PartialDate(year=2023, month=7, day=None, precision=<Precision.MONTH: 'month'>)"
    )


def _table(count: int) -> storage.LazyTable[str, object]:
    docs = {
        f"x:{n:04d}": {"id": f"x:{n:04d}", "indicator": "x", "date": f"{2000 + n % 100}", "value": float(n)}
        for n in range(count)
    }
    return storage.LazyTable(docs, storage.documents.observation_from_doc, storage.documents.observation_to_doc)


def test_lazy_table_iteration_matches_lookups_in_stored_order() -> None:
    """values() and items() give the records __getitem__ gives, in the order of the documents."""
    table = _table(50)
    looked_up = table["x:0007"]
    items = list(table.items())
    assert [key for key, _ in items] == list(table.documents())
    assert [record for _, record in items] == [table[key] for key in table.documents()]
    assert list(table.values()) == [record for _, record in items]
    assert items[7][1] is looked_up
    assert len(table.values()) == 50


def test_lazy_table_iteration_keeps_stored_order_whatever_was_converted_or_set_first() -> None:
    """Records set or looked up in any order, before or after a full pass, iterate in the documents' order."""
    table = _table(6)
    keys = list(table.documents())

    def fresh(key: str) -> Observation:
        return Observation(id=key, indicator="x", date=PartialDate.of_year(2030), value=1.0)

    for key in reversed(keys):  # set, never looked up: the records fill in the reverse order
        table[key] = fresh(key)
    assert [key for key, _ in table.items()] == keys
    table[keys[0]] = fresh(keys[0])
    table["x:9999"] = fresh("x:9999")
    del table[keys[2]]
    expected = [key for key in keys if key != keys[2]] + ["x:9999"]
    assert [key for key, _ in table.items()] == expected
    assert list(table.values()) == [table[key] for key in expected]
    other = _table(4)
    looked_up = [other[key] for key in reversed(list(other.documents()))]
    assert list(other.values()) == looked_up[::-1]


def test_lazy_table_iteration_reports_a_malformed_document_like_a_lookup() -> None:
    """A document that cannot be read fails iteration with the database's own error, naming its key."""
    table = _table(5)
    del table.documents()["x:0003"]["value"]
    with pytest.raises(DatabaseCorruptError, match="x:0003") as from_lookup:
        table["x:0003"]
    with pytest.raises(DatabaseCorruptError) as from_iteration:
        list(table.values())
    assert str(from_iteration.value) == str(from_lookup.value)


OBSERVATION_DOCS = [
    {
        "id": "a:2024",
        "indicator": "a",
        "date": "2024",
        "value": 1.5,
        "source": "https://example.org",
        "note": "비고",
        "provisional": True,
    },
    {"id": "b:2023-07", "indicator": "b", "date": "2023-07", "value": -3},
]


@pytest.mark.parametrize("doc", OBSERVATION_DOCS, ids=lambda doc: doc["id"])
def test_observations_read_from_documents_write_back_the_same(doc: dict[str, object]) -> None:
    """An observation read from its document writes the same document back, absent fields as their defaults."""
    observation = storage.record_from_doc(Kind.OBSERVATIONS, doc)
    assert isinstance(observation, Observation)
    assert (
        storage.record_to_doc(Kind.OBSERVATIONS, observation)
        == {
            "source": None,
            "note": None,
            "provisional": False,
            "reported": None,
            "revisions": [],
            "recorded": None,
            "note_en": None,
        }
        | doc
    )


def test_observation_documents_without_a_value_are_refused() -> None:
    """A document missing a required field is refused with KeyError (reported as a damaged record)."""
    with pytest.raises(KeyError):
        storage.record_from_doc(Kind.OBSERVATIONS, {"id": "a:2024", "indicator": "a", "date": "2024"})


def test_database_lock_and_filelock_exclude_each_other(tmp_path: Path) -> None:
    """The write lock is filelock's lock on `<db>.lock`: another FileLock on it waits, and makes a writer wait."""
    import filelock

    database = storage.Database(tmp_path / "pohang.json", lock_timeout=0)
    database.create(storage.empty_dataset())
    with database.locked(), pytest.raises(filelock.Timeout):
        filelock.FileLock(str(database.lock_path), timeout=0).acquire()
    other = filelock.FileLock(str(database.lock_path), timeout=0)
    other.acquire()
    try:
        with pytest.raises(DatabaseBusyError), database.locked():
            pass
    finally:
        other.release()
    with database.locked():
        pass


def test_seoul_is_a_fixed_utc_offset() -> None:
    """`today` is taken at UTC+9 without zoneinfo: the tz database agrees for every month from 1989 on."""
    from zoneinfo import ZoneInfo

    from pohang_cli.cli import SEOUL

    seoul = ZoneInfo("Asia/Seoul")
    for year in range(1989, 2101):
        for month in range(1, 13):
            instant = dt.datetime(year, month, 15, 12, tzinfo=dt.UTC)
            assert instant.astimezone(seoul).utcoffset() == instant.astimezone(SEOUL).utcoffset()


@pytest.mark.parametrize("padding", [0, 2 << 20], ids=["small", "mapped"])
def test_database_files_read_alike_whatever_their_size(tmp_path: Path, padding: int) -> None:
    """Files of 1 MiB and more are parsed from a memory map: same tables, same verdict on bad files."""
    path = tmp_path / "pohang.json"
    reader = storage.AtomicJSONStorage(path, backup=False)
    path.write_bytes(b'{"_meta": {"1": {"schema_version": 1}}}' + b" " * padding)
    assert reader.read() == {"_meta": {"1": {"schema_version": 1}}}
    path.write_bytes(b"\n" * (padding + 3))
    assert reader.read() is None
    path.write_bytes(b" " * padding + b'{"_meta": [')
    with pytest.raises(DatabaseCorruptError, match="not valid JSON"):
        reader.read()
    path.write_bytes(b"[1, 2]" + b" " * padding)
    with pytest.raises(DatabaseCorruptError, match="not a pohang database"):
        reader.read()


MILESTONE_DOCS = [
    {
        "id": 7,
        "sector": "bio",
        "title": "센터 준공",
        "title_en": "Centre completed",
        "status": "done",
        "date": "2025-12-18",
        "due": "2025-12",
        "original_due": "2025-06",
        "source": "https://example.org",
        "note": "비고",
    },
    {"id": 8, "sector": "hydrogen", "title": "지정"},
]


@pytest.mark.parametrize("doc", MILESTONE_DOCS, ids=lambda doc: str(doc["id"]))
def test_milestones_read_from_documents_write_back_the_same(doc: dict[str, object]) -> None:
    """A milestone read from its document writes the same document back, absent fields as their defaults."""
    milestone = storage.record_from_doc(Kind.MILESTONES, doc)
    assert isinstance(milestone, Milestone)
    defaults = dict.fromkeys(("title_en", "date", "due", "original_due", "source", "note", "note_en"))
    defaults |= {"status": "planned"}
    assert storage.record_to_doc(Kind.MILESTONES, milestone) == defaults | doc


def test_milestone_documents_with_an_unknown_status_or_no_title_are_refused() -> None:
    """An unknown status fails with ValueError and a missing title with KeyError."""
    with pytest.raises(ValueError, match="finished"):
        storage.record_from_doc(Kind.MILESTONES, {"id": 1, "sector": "bio", "title": "t", "status": "finished"})
    with pytest.raises(KeyError):
        storage.record_from_doc(Kind.MILESTONES, {"id": 1, "sector": "bio"})


# ---------------------------------------------------------------------------------------------------
# Status over a series in rank order, and writes that keep the file's doc ids


_DATES = st.one_of(
    st.builds(PartialDate.of_year, st.integers(2018, 2028)),
    st.builds(PartialDate.of_quarter, st.integers(2018, 2028), st.integers(1, 4)),
    st.builds(PartialDate.of_month, st.integers(2018, 2028), st.integers(1, 12)),
    st.builds(PartialDate.of_day, st.dates(dt.date(2018, 1, 1), dt.date(2028, 12, 31))),
)


def _series(observations: list[Observation]) -> Series:
    by_id = {o.id: o for o in observations}
    return series_by_indicator(by_id)["x"] if by_id else Series([], [], by_id.__getitem__)


def _observations(dates: list[PartialDate], provisional: list[bool]) -> list[Observation]:
    # One observation a date, as ids INDICATOR:DATE make it; values and flags vary by position.
    unique = list(dict.fromkeys(dates))
    return [
        Observation(f"x:{d.iso()}", "x", d, float(n % 7) * 10, provisional=provisional[n % len(provisional)])
        for n, d in enumerate(unique)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_DATES, max_size=30),
    st.lists(st.booleans(), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(12 * 2017, 12 * 2029)),
    st.integers(12 * 2018, 12 * 2030),
    st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
)
def test_a_scan_of_a_series_finds_what_the_loop_finds(
    dates: list[PartialDate],
    provisional: list[bool],
    baseline_month: int | None,
    deadline_month: int,
    as_of: dt.date,
) -> None:
    """Bisecting the ranks of a series counts and picks the same observations as one pass in any order."""
    observations = _observations(dates, provisional)
    expected = scan_observations(list(reversed(observations)), baseline_month, deadline_month, as_of)
    assert scan_observations(_series(observations), baseline_month, deadline_month, as_of) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_DATES, max_size=30),
    st.lists(st.booleans(), min_size=1, max_size=3),
    st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
)
def test_watched_indicators_and_sparklines_read_a_series_as_a_list(
    dates: list[PartialDate], provisional: list[bool], as_of: dt.date
) -> None:
    """A watched indicator's latest change and a sparkline's last values are the same from a series."""
    observations = _observations(dates, provisional)
    indicator = Indicator("x", "battery", "엑스", "X", "t", None, None)
    assert judge_watched(indicator, _series(observations), as_of) == judge_watched(indicator, observations, as_of)
    for count in (1, 12):
        assert reading._latest_values(_series(observations), as_of, count) == reading._latest_values(
            list(reversed(observations)), as_of, count
        )


def _large_file(path: Path, observations: int) -> None:
    """The sample with its observations replaced by `observations` daily values of one indicator."""
    dataset = storage.load_sample()
    dataset.observations = {}
    for n in range(observations):
        date = PartialDate.of_day(dt.date(2022, 11, 1) + dt.timedelta(days=n))
        observation = Observation(f"battery.cathode-output:{date.iso()}", "battery.cathode-output", date, float(n))
        dataset.observations[observation.id] = observation
    storage.atomic_write_bytes(path, storage.encode_dataset(dataset))


def test_status_makes_records_only_of_the_observations_it_looks_at(tmp_path: Path) -> None:
    """Over 1,200 observations of one indicator, status makes two records a target, and judges as before."""
    path = tmp_path / "big.json"
    _large_file(path, 1_200)
    as_of = dt.date(2026, 11, 25)
    data = storage.Database(path).read()
    judged = [j for j in reading.status(data, as_of).judgements if j.indicator.id == "battery.cathode-output"]
    every = storage.Database(path).read()
    every.observations = dict(every.observations.items())  # all made, grouped the plain way
    assert judged == [j for j in reading.status(every, as_of).judgements if j.indicator.id == "battery.cathode-output"]
    assert judged[0].actual is not None
    assert 0 < len(data.observations._records) <= 2 * len(judged)


def test_status_of_a_malformed_observation_it_does_not_look_at_still_exits_4(tmp_path: Path) -> None:
    """A stored observation without a value is reported as a damaged record, as when every record was made."""
    path = tmp_path / "big.json"
    _large_file(path, 100)
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["observations"].values()))
    del first["value"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DatabaseCorruptError, match=r"the stored record '[^']+' is malformed \(KeyError: 'value'\)"):
        reading.status(storage.Database(path).read(), dt.date(2026, 11, 25))


_OBSERVATIONS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        _DATES,
        st.integers(-5, 5),
        st.booleans(),  # revised: a revision only its record can check
        st.booleans(),  # looked at (converted) before the grouping
    ),
    max_size=40,
    unique_by=lambda o: (o[0], o[1]),
)


@settings(max_examples=200, deadline=None)
@given(_OBSERVATIONS, st.integers(0, 3))
def test_a_file_table_groups_its_documents_as_the_records_group(
    observations: list[tuple[str, PartialDate, int, bool, bool]], replaced: int
) -> None:
    """Grouping and ranking the stored documents gives what grouping the records gives, in the same order."""
    records = [
        Observation(
            f"{indicator}:{date.iso()}",
            indicator,
            date,
            float(value),
            revisions=(ObservationRevision(float(value + 1), date),) if revised else (),
        )
        for indicator, date, value, revised, _ in observations
    ]
    table = _observation_table(records)
    for record, (*_, looked_at) in zip(records, observations, strict=True):
        if looked_at:
            table[record.id]
    for record in records[:replaced]:  # set since the read, under another indicator
        table[record.id] = dataclasses.replace(record, indicator="z")
    expected = series._rank(table.values())
    assert table.ranked_by_indicator() == expected
    assert list(table.ranked_by_indicator() or {}) == list(expected)


@pytest.mark.parametrize(
    "doc",
    [
        {"indicator": "a", "value": 1},
        {"date": "2024", "value": 1},
        {"indicator": "a", "date": 2024, "value": 1},
        {"indicator": "a", "date": "2024"},
        {"indicator": "a", "date": "2024", "value": 1, "revisions": [{"reported": "2025"}]},
        {"indicator": "a", "date": "2024", "value": 1, "reported": "last week"},
    ],
    ids=["no date", "no indicator", "a date not text", "no value", "a revision without a value", "a bad report date"],
)
def test_a_file_table_leaves_a_malformed_document_to_its_record(doc: dict[str, object]) -> None:
    """A document the grouping cannot read makes it step aside (None), so the record's conversion reports it."""
    table = _observation_table([Observation("a:2023", "a", PartialDate.of_year(2023), 1.0)])
    table.put_document("a:2024", {"id": "a:2024", **doc})
    assert table.ranked_by_indicator() is None
    with pytest.raises(DatabaseCorruptError, match="the stored record 'a:2024' is malformed"):
        series.series_by_indicator(table)


def _observation_table(records: list[Observation]) -> ObservationFileTable:
    """The file's table of these observations, as read back from their stored documents."""
    dataset = storage.empty_dataset()
    dataset.observations = {record.id: record for record in records}
    table = storage.dataset_from_tables(json.loads(storage.encode_dataset(dataset))).observations
    assert isinstance(table, ObservationFileTable)
    return table


def _doc_ids(path: Path, table: str) -> dict[str, str]:
    """Each record's doc id in the file: public id -> TinyDB key."""
    stored = json.loads(path.read_text(encoding="utf-8"))[table]
    return {str(doc["id"]): key for key, doc in stored.items()}


def test_a_write_keeps_every_other_record_under_its_doc_id(tmp_path: Path) -> None:
    """Adding, replacing and removing records leaves the others' doc ids alone; a new record gets a new one."""
    path = tmp_path / "pohang.json"
    path.write_bytes(storage.bundled_sample_path().read_bytes())
    before = _doc_ids(path, "observations")
    database = storage.Database(path)
    added = Observation("battery.cathode-output:1990", "battery.cathode-output", PartialDate.of_year(1990), 1.0)
    replaced, removed = sorted(before)[3], sorted(before)[7]
    with database.locked():
        data = database.read()
        data.observations[added.id] = added
        old = data.observations[replaced]
        data.observations[replaced] = Observation(old.id, old.indicator, old.date, old.value + 1)
        del data.observations[removed]
        database.write(data)
    after = _doc_ids(path, "observations")
    assert {k: v for k, v in after.items() if k != added.id} == {k: v for k, v in before.items() if k != removed}
    assert after[added.id] not in before.values()
    read = storage.Database(path).read()
    assert (read.observations[replaced].value, removed in read.observations) == (old.value + 1, False)
    assert read.observations[added.id] == added


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        _DATES.map(lambda d: d.iso()),
        st.builds("{:04d}-{:02d}".format, st.integers(1700, 2300), st.integers(0, 13)),
        st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(1700, 2300), st.integers(0, 13), st.integers(0, 32)),
        st.text(alphabet="0123456789-WQH²２ ", max_size=11),
    )
)
def test_ranking_a_stored_date_without_parsing_it_agrees_with_parsing_it(text: str) -> None:
    """A day or month ranked from its text has the rank of its PartialDate; anything else is parsed, or refused."""
    try:
        expected: int | None = parse_iso(text).rank()
    except InputError:
        expected = None
    if expected is None:
        with pytest.raises(InputError):
            storage.documents.date_rank(text)
    else:
        assert storage.documents.date_rank(text) == expected
