"""Parallel writers: N processes each adding M milestones through the real command line lose nothing.

POHANG_PARALLEL="NxM" sets the size (default 4x25: 100 `pohang add-milestone` processes, 4 at a time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pohang_cli import audit
from pohang_cli.doctor import examine
from pohang_cli.storage import Database, bundled_sample_path

PROCESSES, WRITES = (int(n) for n in os.environ.get("POHANG_PARALLEL", "4x25").split("x"))


def add_milestones(db: Path, worker: int, count: int) -> list[tuple[int, str, str]]:
    """One writer: `count` add-milestone processes one after another; (exit code, stdout, stderr) of each."""
    environment = {**os.environ, "POHANG_AS_OF": "2026-11-25", "POHANG_LOCK_TIMEOUT": "120", "LC_ALL": "C.UTF-8"}
    outcomes = []
    for n in range(count):
        result = subprocess.run(
            [sys.executable, "-m", "pohang_cli", "add-milestone", "수소", f"작업자 {worker} 일정 {n}", "--db", str(db)],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        outcomes.append((result.returncode, result.stdout, result.stderr))
    return outcomes


@pytest.mark.slow
def test_parallel_writers_keep_every_milestone(tmp_path: Path) -> None:
    """N×M add-milestone processes in parallel give N·M distinct ids, all stored, a valid file and N·M log entries."""
    db = tmp_path / "shared.json"
    shutil.copyfile(bundled_sample_path(), db)
    with ThreadPoolExecutor(max_workers=PROCESSES) as pool:
        futures = [pool.submit(add_milestones, db, worker, WRITES) for worker in range(PROCESSES)]
        outcomes = [outcome for future in futures for outcome in future.result()]
    total = PROCESSES * WRITES
    assert [code for code, _out, _err in outcomes] == [0] * total, [err for code, _out, err in outcomes if code]
    ids = [int(out) for _code, out, _err in outcomes]
    assert len(set(ids)) == total
    assert sorted(ids) == list(range(59, 59 + total))

    data = json.loads(db.read_text(encoding="utf-8"))  # a valid JSON file
    titles = {doc["title"] for doc in data["milestones"].values()}
    assert {f"작업자 {w} 일정 {n}" for w in range(PROCESSES) for n in range(WRITES)} <= titles
    assert len(data["milestones"]) == 58 + total
    assert data["_meta"]["1"]["next_milestone_id"] == 59 + total

    snapshot = Database(db).read_snapshot()
    assert list(examine(snapshot.tables)) == []
    view = audit.take(Database(db).history())
    assert view.complete
    entries = view.entries
    assert [entry.seq for entry in entries] == list(range(total, 0, -1))
    assert sorted(change.id for entry in entries for change in entry.changes) == sorted(ids)


@pytest.mark.slow
def test_readers_never_see_a_half_written_file(tmp_path: Path) -> None:
    """While a child rewrites a 20,000-record batch in and out, every lock-free read parses as one whole state."""
    from test_crash import CHILD, records_of

    db = tmp_path / "busy.json"
    shutil.copyfile(bundled_sample_path(), db)
    before = records_of(db)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), "20000"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        sizes, reads, deadline = set(), 0, time.monotonic() + 120
        while (reads < 100 or len(sizes) < 2) and time.monotonic() < deadline:
            state = records_of(db)  # parses: a torn file would raise here
            sizes.add(len(state["observations"]))
            if state != before:
                assert len(state["observations"]) == len(before["observations"]) + 20000
            reads += 1
    finally:
        child.kill()
        child.wait()
    assert sizes == {len(before["observations"]), len(before["observations"]) + 20000}
