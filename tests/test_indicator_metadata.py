"""The fields of methodology §8 stored, moved and written: indicator metadata (frequency, lag, owner), English
notes, the day a target came into force and the day a value was stored, on both backends and through export
and import in every format."""

from __future__ import annotations

import json
from typing import Any

import orjson
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
