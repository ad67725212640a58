"""Pipelines count targets right (issue 18, point 9): `row_type`, `--status` lists and `--targets-only`.

The README's pipelines themselves are run by tests/test_scripting.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from pohang_cli.render import rows


def _status(cli: Invoke, sample_db: Path, *args: str) -> list[dict[str, object]]:
    result = cli("status", "--db", str(sample_db), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    loaded: list[dict[str, object]] = json.loads(result.stdout)
    return loaded


def test_every_status_row_says_whether_it_is_a_target_or_a_watched_indicator(cli: Invoke, sample_db: Path) -> None:
    listed = _status(cli, sample_db)
    assert rows.STATUS_FIELDS[-1] == "row_type"
    assert {row["row_type"] for row in listed} == {"target", "watched"}
    for row in listed:
        assert (row["row_type"] == "target") == (row["target_id"] is not None)
        assert (row["row_type"] == "watched") == (row["status"] == "no_target")


def test_kind_stays_the_indicators_kind(cli: Invoke, sample_db: Path) -> None:
    indicators = cli("indicators", "--db", str(sample_db), "--format", "json").stdout
    kind_of = {row["id"]: row["kind"] for row in json.loads(indicators)}
    for row in _status(cli, sample_db):
        assert row["kind"] == kind_of[row["indicator"]]


def test_targets_only_leaves_the_watched_rows_out(cli: Invoke, sample_db: Path) -> None:
    everything = _status(cli, sample_db)
    targets = _status(cli, sample_db, "--targets-only")
    assert targets == [row for row in everything if row["row_type"] == "target"]
    assert targets


@pytest.mark.parametrize(
    "words",
    [
        ["--status", "pending_final,insufficient"],
        ["--status", "pending_final", "--status", "insufficient"],
        ["--status", "최종 자료 대기, 근거 부족"],
        ["--status", "pending final", "--status", "근거부족"],
    ],
)
def test_status_takes_a_comma_list_and_repeats(cli: Invoke, sample_db: Path, words: list[str]) -> None:
    everything = _status(cli, sample_db)
    chosen = _status(cli, sample_db, *words)
    assert chosen == [row for row in everything if row["status"] in ("pending_final", "insufficient")]
    assert {row["status"] for row in chosen} == {"pending_final", "insufficient"}


def test_status_no_target_chooses_the_watched_rows(cli: Invoke, sample_db: Path) -> None:
    everything = _status(cli, sample_db)
    watched = _status(cli, sample_db, "--status", "목표 없음")
    assert watched == [row for row in everything if row["row_type"] == "watched"]
    result = cli("status", "--db", str(sample_db), "--status", "no_target", "--targets-only", "--format", "tsv")
    assert (result.exit_code, result.stderr) == (0, "no targets match\n")


def test_an_unknown_status_is_refused(cli: Invoke, sample_db: Path) -> None:
    result = cli("status", "--db", str(sample_db), "--status", "off_track,bogus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("pohang: unknown target status 'bogus'; use one of achieved/달성,")
    assert result.stderr.endswith(", no_target/목표 없음\n")


@pytest.mark.parametrize("words", [["--status", "done,in_progress"], ["--status", "완료", "--status", "추진 중"]])
def test_milestones_take_a_comma_list_and_repeats(cli: Invoke, sample_db: Path, words: list[str]) -> None:
    every = json.loads(cli("milestones", "--db", str(sample_db), "--format", "json").stdout)
    result = cli("milestones", "--db", str(sample_db), "--format", "json", *words)
    assert result.exit_code == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen == [row for row in every if row["status"] in ("done", "in_progress")]
    assert {row["status"] for row in chosen} == {"done", "in_progress"}


def test_row_type_is_a_column_of_every_machine_format(cli: Invoke, sample_db: Path) -> None:
    result = cli("status", "--db", str(sample_db), "--format", "tsv", "--fields", "indicator,row_type")
    lines = result.stdout.splitlines()
    assert lines[0] == "indicator\trow_type"
    assert {line.split("\t")[1] for line in lines[1:]} == {"target", "watched"}
