"""The fields of methodology §8 stored, moved and written: indicator metadata (frequency, lag, owner), English
notes, the day a target came into force and the day a value was stored, on both backends and through export
and import in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st
from test_transfer import ROUND_TRIP, _import, _without, databases

from pohang_cli import transfer
from pohang_cli.models import Dataset, Kind
from pohang_cli.storage import MemoryDatabase

# One record of each kind with every new field set, as a whole-database export holds them.
DOCUMENT: dict[str, Any] = {
    "schema_version": 3,
    "next_milestone_id": 2,
    "sectors": [
        {
            "id": "battery", "name_ko": "이차전지", "name_en": "Secondary batteries", "order": 1,
            "source": "https://example.org/s", "note": "특화단지", "note_en": "special zone",
        },
    ],
    "indicators": [
        {
            "id": "battery.investment", "sector": "battery", "name_ko": "투자 유치", "name_en": "Investment",
            "unit": "KRW", "baseline": 1000.0, "baseline_date": "2022", "direction": "increase", "kind": "level",
            "model": "linear", "basis": "투자 협약액", "source": "https://example.org/i", "note": "시 집계",
            "frequency": "quarterly", "lag_months": 2, "owner": "포항시 투자기업지원과",
            "basis_en": "agreed investment", "note_en": "city count",
        },
    ],
    "targets": [
        {
            "id": "battery.investment@2030", "indicator": "battery.investment", "value": 5000.0, "deadline": "2030",
            "source": "https://example.org/t", "note": "계획", "note_en": "plan", "adopted": "2024-11-01",
            "revisions": [
                {
                    "value": 4000.0, "deadline": "2030", "date": "2024-11-01", "reason": "특화단지 지정",
                    "source": None, "note": None, "reason_en": "special zone designated", "note_en": "raised",
                },
            ],
            "supersedes": None, "superseded_by": None,
        },
    ],
    "observations": [
        {
            "id": "battery.investment:2024", "indicator": "battery.investment", "date": "2024", "value": 2000.0,
            "source": "https://example.org/o", "note": "잠정", "provisional": False, "reported": "2024-12-16",
            "revisions": [
                {
                    "value": 2500.0, "reported": "2024-06-30", "source": None, "note": None, "provisional": True,
                    "recorded": "2024-07-01", "note_en": "first count",
                },
            ],
            "recorded": "2024-12-17", "note_en": "final",
        },
    ],
    "milestones": [
        {
            "id": 1, "sector": "battery", "title": "착공", "title_en": "Ground broken", "status": "done",
            "date": "2024-05", "due": None, "original_due": None, "source": None, "note": "예정대로",
            "note_en": "as planned",
        },
    ],
    "assessments": [
        {
            "id": "battery.investment@2030", "status": "off_track", "basis": "2024년 투자 부진",
            "sources": ["https://example.org/a", "https://example.org/b"], "date": "2025-01-10",
            "basis_en": "sluggish 2024 investment",
        },
    ],
}  # fmt: skip


def _reordered(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every record's keys in the order `export` writes them."""
    out = dict(document)
    for kind in Kind:
        out[kind.value] = [{name: doc[name] for name in transfer.FIELDS[kind]} for doc in document[kind.value]]
    return out


def _ours(document: dict[str, Any]) -> dict[str, Any]:
    """An export without the records `init --empty` makes (the five sectors) that DOCUMENT does not hold."""
    out = dict(document)
    for kind in Kind:
        wanted = {doc["id"] for doc in DOCUMENT[kind.value]}
        out[kind.value] = [doc for doc in document[kind.value] if doc["id"] in wanted]
    return out


def test_every_new_field_round_trips_through_import_and_export_on_both_backends(cli: Invoke, new_db: str) -> None:
    """A whole-database document with every §8 field set, imported into an empty database, exports the same."""
    assert cli("init", "--empty", "--db", new_db, "-q").exit_code == 0
    imported = cli("import", "-", "--format", "json", "--db", new_db, "-q", input=json.dumps(DOCUMENT))
    assert (imported.exit_code, imported.stderr) == (0, "")
    exported = cli("export", "--db", new_db)
    assert exported.exit_code == 0
    assert _ours(json.loads(exported.stdout)) == _reordered(DOCUMENT)
    again = cli("import", "-", "--format", "json", "--db", new_db, input=exported.stdout)
    assert again.exit_code == 0
    assert "0 added, 0 updated" in again.stderr


def test_a_file_without_the_new_fields_stores_none_of_them(cli: Invoke, tmp_path: Any) -> None:
    """The packed file leaves out the new fields at their defaults and an empty assessments table."""
    db = tmp_path / "p.json"
    assert cli("init", "--empty", "--db", str(db), "-q").exit_code == 0
    plain = _reordered(DOCUMENT)
    plain["assessments"] = []
    plain["indicators"][0].update(frequency="annual", lag_months=3, owner=None, basis_en=None, note_en=None)
    assert cli("import", "-", "--format", "json", "--db", str(db), "-q", input=json.dumps(plain)).exit_code == 0
    stored = json.loads(db.read_text(encoding="utf-8"))
    assert "assessments" not in stored
    [indicator] = stored["indicators"].values()
    assert not {"frequency", "lag_months", "owner", "basis_en", "note_en"} & set(indicator)


@ROUND_TRIP
@given(databases(), st.sampled_from(list(Kind)), st.sampled_from(["json", "jsonl", "csv", "tsv", "xlsx"]))
def test_every_kind_and_new_field_round_trips_in_every_format(data: Dataset, kind: Kind, fmt: str) -> None:
    """Generated records with the §8 fields (and assessments) exported in each format import back exactly."""
    exported, _count = transfer.export_bytes(data, fmt, kind)
    target = MemoryDatabase(_without(data, kind))
    _import(target, exported, fmt, kind, force=True)
    assert orjson.loads(transfer.export_bytes(target.read(), "json")[0]) == orjson.loads(
        transfer.export_bytes(data, "json")[0]
    )


NEW_INDICATOR = (
    "add-indicator", "hydrogen", "stations", "--name-ko", "수소충전소", "--name-en", "Hydrogen stations",
    "--unit", "stations", "--baseline", "3", "--baseline-date", "2023",
)  # fmt: skip


def test_add_and_update_indicator_store_frequency_lag_and_owner(cli: Invoke, db: str) -> None:
    """The metadata options are stored, said back, listed by `indicators` and exported, on both backends."""
    added = cli(
        *NEW_INDICATOR, "--frequency", "quarterly", "--lag-months", "2", "--owner", "포항시 수소정책과",
        "--basis-en", "stations open", "--note-en", "city count", "--db", db,
    )  # fmt: skip
    assert (added.exit_code, added.stdout) == (0, "hydrogen.stations\n")
    assert added.stderr == (
        "added indicator hydrogen.stations (수소충전소): unit stations, baseline 3 stations at 2023 (year); "
        "frequency quarterly; lag_months 2; owner 포항시 수소정책과; basis_en stations open; note_en city count\n"
    )
    updated = cli(
        "update-indicator", "hydrogen.stations", "--frequency", "annual", "--owner", "포항시 에너지과", "--db", db
    )
    assert (updated.exit_code, updated.stdout) == (0, "hydrogen.stations\n")
    assert updated.stderr.startswith(
        "updated indicator hydrogen.stations: frequency quarterly → annual; owner 포항시 수소정책과 → 포항시 에너지과\n"
    )
    [row] = [
        r
        for r in json.loads(cli("indicators", "--db", db, "--format", "json").stdout)
        if r["id"] == "hydrogen.stations"
    ]
    assert {k: row[k] for k in ("frequency", "lag_months", "owner", "basis_en", "note_en")} == {
        "frequency": "annual", "lag_months": 2, "owner": "포항시 에너지과", "basis_en": "stations open",
        "note_en": "city count",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ("--frequency", "weekly"),
            "invalid --frequency 'weekly'; use one of monthly, quarterly, half-yearly, annual, irregular",
        ),
        (
            ("--lag-months", "99"),
            "the publication lag 99 is not between 0 and 60 months; give whole months, e.g. --lag-months 3",
        ),
        (
            ("--lag-months", "-1"),
            "the publication lag -1 is not between 0 and 60 months; give whole months, e.g. --lag-months 3",
        ),
    ],
    ids=["frequency", "lag-too-long", "lag-negative"],
)
def test_bad_metadata_exits_2_and_writes_nothing(
    cli: Invoke, sample_db: Path, option: tuple[str, ...], message: str
) -> None:
    """An unknown frequency or a lag outside 0-60 months: exit 2, one sentence, nothing written."""
    before = sample_db.read_bytes()
    run = cli(*NEW_INDICATOR, *option, "--db", str(sample_db))
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"pohang: {message}\n")
    assert sample_db.read_bytes() == before


def test_targets_keep_adopted_and_revisions_their_day_and_reason(cli: Invoke, db: str) -> None:
    """add-target --adopted; a revision without --date is dated the day it was recorded; each row of
    `targets --history` carries the revision that made it, with its English reason."""
    cli(*NEW_INDICATOR, "--db", db, "-q")
    added = cli(
        "add-target",
        "hydrogen.stations",
        "12",
        "--by",
        "2030",
        "--adopted",
        "2024-11-01",
        "--note-en",
        "plan",
        "--db",
        db,
    )
    assert added.stderr == (
        "added target hydrogen.stations@2030: 12 stations by 2030 (year); adopted 2024-11-01 (day); note_en plan\n"
    )
    revised = cli(
        "revise-target", "hydrogen.stations@2030", "--value", "15", "--reason", "계획 상향",
        "--reason-en", "plan raised", "--db", db,
    )  # fmt: skip
    assert revised.stderr == (
        "revised target hydrogen.stations@2030: value 12 stations → 15 stations; "
        "revised on 2026-11-25 (day): 계획 상향\n"
    )
    rows = [
        r
        for r in json.loads(cli("targets", "--history", "--db", db, "--format", "json").stdout)
        if r["indicator"] == "hydrogen.stations"
    ]
    assert [(r["value"], r["state"], r["revised_on"], r["reason"], r["reason_en"], r["adopted"]) for r in rows] == [
        (12, "earlier", None, None, None, None),
        (15, "current", "2026-11-25", "계획 상향", "plan raised", "2024-11-01"),
    ]
    table = cli("targets", "hydrogen", "--history", "--db", db, "--format", "table", "--lang", "en").stdout
    assert "2026-11-25: plan raised" in table


def test_record_stores_the_day_it_was_recorded(cli: Invoke, db: str) -> None:
    """`recorded` is today (the as-of day), or --recorded for a value entered late; a note in English too."""
    cli(*NEW_INDICATOR, "--db", db, "-q")
    today = cli("record", "hydrogen.stations", "5", "--date", "2025", "--note-en", "five open", "--db", db)
    assert today.stderr == "recorded hydrogen.stations:2025: 5 stations for 2025 (year); note_en five open\n"
    late = cli("record", "hydrogen.stations", "6", "--date", "2026-06", "--recorded", "2026-07-01", "--db", db)
    assert late.stderr == (
        "recorded hydrogen.stations:2026-06: 6 stations for 2026-06 (month); stored as of 2026-07-01 (day)\n"
    )
    future = cli("record", "hydrogen.stations", "7", "--date", "2026-09", "--recorded", "2027-01-01", "--db", db)
    assert (future.exit_code, future.stderr) == (
        2,
        "pohang: the recorded date 2027-01-01 is in the future (today is 2026-11-25)\n",
    )
    exported = cli("export", "--db", db, "--kind", "observations", "--format", "jsonl").stdout
    stored = {doc["id"]: doc for doc in map(json.loads, exported.splitlines())}
    assert (stored["hydrogen.stations:2025"]["recorded"], stored["hydrogen.stations:2025"]["note_en"]) == (
        "2026-11-25",
        "five open",
    )
    assert stored["hydrogen.stations:2026-06"]["recorded"] == "2026-07-01"
    rows = json.loads(cli("history", "hydrogen.stations", "--db", db, "--format", "json").stdout)
    assert [(r["id"], r["recorded"], r["note_en"]) for r in rows if r["kind"] == "observation"] == [
        ("hydrogen.stations:2025", "2026-11-25", "five open"),
        ("hydrogen.stations:2026-06", "2026-07-01", None),
    ]


def test_check_stale_names_the_owner(cli: Invoke, db: str) -> None:
    """`check --stale` lists a stale target with the owner of its indicator."""
    cli(*NEW_INDICATOR, "--owner", "포항시 수소정책과", "--db", db, "-q")
    cli("add-target", "hydrogen.stations", "12", "--by", "2030", "--db", db, "-q")
    cli("record", "hydrogen.stations", "5", "--date", "2024", "--db", db, "-q")
    rows = json.loads(cli("check", "--stale", "--db", db, "--format", "json").stdout)
    [row] = [r for r in rows if r["id"] == "hydrogen.stations@2030"]
    assert (row["status"], row["owner"]) == ("insufficient", "포항시 수소정책과")


def test_history_shows_notes_in_the_readers_language(cli: Invoke, db: str) -> None:
    """A note in English shows in an English table, the Korean one in a Korean table; either where one is missing."""
    cli(*NEW_INDICATOR, "--note", "시 집계", "--note-en", "city count", "--db", db, "-q")
    cli("record", "hydrogen.stations", "5", "--date", "2025", "--note-en", "five open", "--db", db, "-q")
    english = cli("history", "hydrogen.stations", "--db", db, "--format", "table", "--lang", "en").stdout
    korean = cli("history", "hydrogen.stations", "--db", db, "--format", "table", "--lang", "ko").stdout
    assert "city count" in english
    assert "시 집계" not in english
    assert "시 집계" in korean
    assert "city count" not in korean
    assert "five open" in english
    assert "five open" in korean
