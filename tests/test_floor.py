"""benchmarks/floor.py and phases.py: the floors, bounds and steps the speed targets are read against.

A floor that skipped work, or a bound that wrote other bytes than pohang, would make every ratio in the
README's "Against the floor" a wrong one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scripts import load_script

from pohang_cli.storage import bundled_sample_path

FLOOR = Path(__file__).resolve().parent.parent / "benchmarks" / "floor.py"


def floor(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(FLOOR), *map(str, args)], capture_output=True, text=True, check=False)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.json"
    path.write_bytes(bundled_sample_path().read_bytes())
    return path


@pytest.mark.parametrize("mode", ["write", "least-write"])
def test_a_floor_write_writes_the_bytes_pohang_writes(sample: Path, tmp_path: Path, mode: str) -> None:
    scratch = tmp_path / "scratch.json"
    result = floor(mode, sample, scratch)
    assert (result.returncode, result.stderr) == (0, "")
    # The bundled sample was written by pohang's encoder: rewriting it unchanged gives the same bytes.
    assert scratch.read_bytes() == sample.read_bytes()
    log = tmp_path / "scratch.json.log"
    if mode == "least-write":
        assert log.read_bytes() == b'{"seq":1,"changes":[]}\n'
    else:
        assert not log.exists()


def test_regroup_keeps_every_observation_under_its_indicator(sample: Path, tmp_path: Path) -> None:
    dest = tmp_path / "regrouped.json"
    assert floor("regroup", sample, dest).returncode == 0
    before, after = json.loads(sample.read_text()), json.loads(dest.read_text())
    observations = before.pop("observations")
    regrouped = {name: after.pop(name) for name in list(after) if name.startswith("observations/")}
    assert after == before
    assert sum(map(len, regrouped.values())) == len(observations) > 0
    for name, table in regrouped.items():
        for doc_id, doc in table.items():
            assert {**doc, "indicator": name.removeprefix("observations/")} == observations[doc_id]


@pytest.mark.parametrize("regrouped", [False, True], ids=["as stored", "one table per indicator"])
def test_least_read_refuses_two_records_sharing_an_id(sample: Path, tmp_path: Path, regrouped: bool) -> None:
    assert floor("least-read", sample).returncode == 0
    tables = json.loads(sample.read_text())
    first = next(iter(tables["observations"].values()))
    tables["observations"]["999999"] = dict(first)
    sample.write_text(json.dumps(tables))
    if regrouped:
        assert floor("regroup", sample, sample).returncode == 0
    result = floor("least-read", sample)
    assert (result.returncode, result.stdout) == (4, "")


@pytest.mark.parametrize("regrouped", [False, True], ids=["as stored", "one table per indicator"])
def test_least_read_groups_every_observation_by_indicator_in_date_order(
    sample: Path, tmp_path: Path, regrouped: bool
) -> None:
    tables = json.loads(sample.read_text())
    # Stored newest first, so that the order read is not already the order wanted.
    tables["observations"] = dict(reversed(tables["observations"].items()))
    sample.write_text(json.dumps(tables))
    expected: dict[str, list[tuple[str, str]]] = {}
    for doc_id, doc in tables["observations"].items():
        expected.setdefault(doc["indicator"], []).append((doc["date"], doc_id))
    assert any(pairs != sorted(pairs) for pairs in expected.values())
    if regrouped:
        assert floor("regroup", sample, sample).returncode == 0
    groups = load_script(FLOOR).least_read(sample)
    assert groups == {indicator: sorted(pairs) for indicator, pairs in expected.items()}


def test_an_unknown_mode_prints_the_usage_and_exits_2(sample: Path) -> None:
    result = floor("parse", sample, "extra")
    assert result.returncode == 2
    assert result.stderr.startswith("The physical floor of a command")


def test_the_phases_of_a_status_are_timed_in_the_order_status_takes_them(sample: Path) -> None:
    phases = FLOOR.with_name("phases.py")
    argv = [sys.executable, str(phases), str(sample), "--runs", "1"]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    steps = [line.split("ms  ", 1)[1] for line in result.stdout.splitlines()]
    assert steps == [
        "load Typer",
        "load pohang's modules",
        "read and parse the file",
        "key the records by id",
        "group and rank the observations",
        "make the milestone records",
        "judge the targets, roll up the sectors",
        "write the rows",
        "in all (1 runs, medians)",
    ]
