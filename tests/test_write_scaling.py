"""Writes stay linear in the database size: one parse and one write per command, and an import writes once.

TinyDB parses the file twice per insert and rewrites it whole each time, so N inserts one at a time cost
O(N²) (10,000 took 258 s, against 33 ms in one batch: docs/perf-baselines.md §2b). These tests count
parses, file writes and the bytes of each write instead of timing anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from pohang_cli import storage
from tests.conftest import Invoke

OBSERVATION_DOC_MAX_BYTES = 400  # one observation document as stored (indented, with its TinyDB key)


@dataclass
class FileCounter:
    """The parses and writes of one database file."""

    path: Path
    parses: int = 0
    writes: list[int] = field(default_factory=list)  # bytes of each write, in order


@pytest.fixture
def counted(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> FileCounter:
    """Count the parses and atomic writes of the sample database copy."""
    counter = FileCounter(sample_db)
    decode, write = storage.decode_database, storage.atomic_write_bytes

    def counting_decode(raw: Any, path: Path) -> dict[str, Any]:
        if Path(path) == sample_db:
            counter.parses += 1
        return decode(raw, path)

    def counting_write(path: Path, payload: bytes, **kwargs: Any) -> None:
        if Path(path) == sample_db:
            counter.writes.append(len(payload))
        write(path, payload, **kwargs)

    # Patched where they are called: the file module reads and writes, the database module writes too.
    monkeypatch.setattr(storage.files, "decode_database", counting_decode)
    monkeypatch.setattr(storage.files, "atomic_write_bytes", counting_write)
    monkeypatch.setattr(storage.database, "atomic_write_bytes", counting_write)
    return counter


def _assert_linear(writes: list[int], start: int, per_record_max: int) -> None:
    """Each write is one copy of the file: it grows by at most one record's bytes per record added."""
    for number, size in enumerate(writes, start=1):
        assert start < size <= start + number * per_record_max, (number, size, start)


def test_each_record_parses_once_and_writes_once(cli: Invoke, counted: FileCounter) -> None:
    """N `record` commands parse the file N times and write it N times, each write one copy of the file."""
    start = counted.path.stat().st_size
    n = 12
    for month in range(1, n + 1):
        result = cli(
            "record", "battery.investment", f"{month}조", "--date", f"2024-{month:02d}", "--db", str(counted.path)
        )
        assert result.exit_code == 0, result.stderr
    assert counted.parses == n
    assert len(counted.writes) == n
    _assert_linear(counted.writes, start, OBSERVATION_DOC_MAX_BYTES)
    assert counted.writes == sorted(counted.writes)


def test_replacing_a_value_rewrites_the_file_at_the_same_size(cli: Invoke, counted: FileCounter) -> None:
    """Recording over an existing date writes once and grows the file by no more than the value it keeps."""
    for value in ("1조", "2조", "3조"):
        assert cli("record", "battery.investment", value, "--date", "2024-06", "--db", str(counted.path)).exit_code == 0
    assert counted.parses == 3
    assert len(counted.writes) == 3
    # Each write keeps the value it replaces as a vintage (with its report and storage days): one document at most.
    assert all(0 <= later - earlier < OBSERVATION_DOC_MAX_BYTES for earlier, later in pairwise(counted.writes))


def test_each_milestone_is_one_write(cli: Invoke, counted: FileCounter) -> None:
    """N `add-milestone` commands write N times, each write one copy of the file."""
    start = counted.path.stat().st_size
    for n in range(8):
        result = cli("add-milestone", "bio", f"시험 마일스톤 {n}", "--due", "2027-06", "--db", str(counted.path), "-q")
        assert result.exit_code == 0, result.stderr
    assert counted.parses == 8
    assert len(counted.writes) == 8
    _assert_linear(counted.writes, start, 600)


def test_unchanged_record_writes_nothing(cli: Invoke, counted: FileCounter) -> None:
    """Recording the value a date already has changes nothing and writes nothing."""
    args = ("record", "battery.investment", "7조", "--date", "2024-03", "--db", str(counted.path))
    assert cli(*args).exit_code == 0
    assert cli(*args).exit_code == 0
    assert len(counted.writes) == 1


@pytest.mark.parametrize("rows", [1, 50, 400])
def test_an_import_parses_once_and_writes_once(cli: Invoke, counted: FileCounter, tmp_path: Path, rows: int) -> None:
    """Importing N observations parses the database once and writes it once, whatever N is."""
    start = counted.path.stat().st_size
    lines = (
        json.dumps({"indicator": "battery.jobs", "date": f"{1990 + n // 12}-{n % 12 + 1:02d}", "value": n})
        for n in range(rows)
    )
    source = tmp_path / "actuals.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", str(source), "--db", str(counted.path), "-q")
    assert result.exit_code == 0, result.stderr
    assert counted.parses == 1
    assert len(counted.writes) == 1
    assert start < counted.writes[0] <= start + rows * OBSERVATION_DOC_MAX_BYTES


def test_a_dry_run_import_writes_nothing(cli: Invoke, counted: FileCounter, tmp_path: Path) -> None:
    """--dry-run checks every record with one parse and no write."""
    source = tmp_path / "actuals.jsonl"
    source.write_text(json.dumps({"indicator": "battery.jobs", "date": "2024-01", "value": 1}) + "\n")
    assert cli("import", str(source), "--dry-run", "--db", str(counted.path), "-q").exit_code == 0
    assert counted.parses == 1
    assert counted.writes == []
