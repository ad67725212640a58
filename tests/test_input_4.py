"""Every record id pohang prints can be typed back (issue 18, point 4), through the command line.

tests/test_record_ids.py checks the service functions and a few commands; here Hypothesis makes records of every
kind, dates of every precision, through the commands a person types, takes each id as `history`, `targets`,
`milestones`, `status`, `log` and `export` print it, and types it back (in any letter case) wherever that kind of
record is named: `remove`, `update-*`, `revise-target` and `explain`. (Assessments have no command of their own
yet; a log's sequence numbers are not record ids.)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_record_ids import dates, precisions

from pohang_cli.dates import PartialDate
from pohang_cli.storage import bundled_sample_path

typed_as = st.sampled_from([str, str.upper, str.lower, str.swapcase])
EXAMPLES = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fresh(tmp_path: Path) -> str:
    path = tmp_path / "ids.json"
    shutil.copyfile(bundled_sample_path(), path)
    return str(path)


def _json(cli: Invoke, *args: str) -> list[dict[str, object]]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, (args, result.stderr)
    loaded = json.loads(result.stdout)
    return loaded if isinstance(loaded, list) else [loaded]


def _exported(cli: Invoke, db: str, kind: str) -> list[str]:
    result = cli("export", "--kind", kind, "--format", "json", "--db", db)
    assert result.exit_code == 0, result.stderr
    return [str(doc["id"]) for doc in json.loads(result.stdout)]


def _ok(cli: Invoke, *args: str) -> str:
    result = cli(*args, "-q")
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


@EXAMPLES
@given(precision=precisions, data=st.data(), typed=typed_as, with_kind=st.booleans())
def test_an_observation_id_of_any_precision_is_typed_back(
    cli: Invoke, tmp_path: Path, precision: object, data: st.DataObject, typed: Callable[[str], str], with_kind: bool
) -> None:
    db = _fresh(tmp_path)
    when: PartialDate = data.draw(dates(precision, 2023, 2025))  # type: ignore[arg-type]
    recorded = _ok(cli, "record", "battery.jobs", "1200", "--date", when.iso(), "--db", db).strip()
    history = {str(row["id"]) for row in _json(cli, "history", "battery.jobs", "--db", db)}
    logged = [str(row["id"]) for row in _json(cli, "log", "--records", "--limit", "1", "--db", db)]
    assert recorded in history
    assert logged == [recorded]
    assert recorded in _exported(cli, db, "observations")
    kind = ["observation"] if with_kind else []
    assert _ok(cli, "remove", *kind, typed(recorded), "--yes", "--db", db) == f"{recorded}\n"


@EXAMPLES
@given(precision=precisions, data=st.data(), typed=typed_as)
def test_a_target_id_of_any_deadline_precision_is_typed_back(
    cli: Invoke, tmp_path: Path, precision: object, data: st.DataObject, typed: Callable[[str], str]
) -> None:
    db = _fresh(tmp_path)
    deadline: PartialDate = data.draw(dates(precision, 2036, 2060))  # type: ignore[arg-type]
    added = _ok(cli, "add-target", "hydrogen.sales", "2조", "--by", deadline.iso(), "--db", db).strip()
    assert added in {str(row["id"]) for row in _json(cli, "targets", "--db", db)}
    assert added in {str(row["target_id"]) for row in _json(cli, "status", "hydrogen", "--db", db)}
    assert added in _exported(cli, db, "targets")
    shown = typed(added)
    assert _json(cli, "explain", shown, "--db", db)
    assert _ok(cli, "update-target", shown, "--note", "확인", "--db", db) == f"{added}\n"
    assert _ok(cli, "revise-target", shown, "--value", "3조", "--reason", "조정", "--db", db) == f"{added}\n"
    earlier = [row for row in _json(cli, "targets", "--history", "--db", db) if row["id"] == added]
    assert {row["state"] for row in earlier} >= {"current"}
    assert _ok(cli, "remove", "target", shown, "--yes", "--db", db) == f"{added}\n"


@EXAMPLES
@given(data=st.data(), typed=typed_as)
def test_sector_indicator_and_milestone_ids_are_typed_back(
    cli: Invoke, tmp_path: Path, data: st.DataObject, typed: Callable[[str], str]
) -> None:
    db = _fresh(tmp_path)
    slug = data.draw(st.sampled_from(["space", "marine", "ai-lab"]))
    sector = _ok(cli, "add-sector", slug, "--name-ko", "새 산업", "--name-en", "New", "--db", db).strip()
    indicator = _ok(
        cli, "add-indicator", sector, "output", "--name-ko", "생산", "--name-en", "Output", "--unit", "톤",
        "--baseline", "1", "--baseline-date", "2023", "--db", db,
    ).strip()  # fmt: skip
    due: PartialDate = data.draw(dates(data.draw(precisions), 2027, 2030))  # type: ignore[arg-type]
    milestone = _ok(cli, "add-milestone", sector, "착공", "--due", due.iso(), "--db", db).strip()
    assert sector in _exported(cli, db, "sectors")
    assert {str(row["id"]) for row in _json(cli, "sectors", "--db", db)} >= {sector}
    assert indicator in {str(row["id"]) for row in _json(cli, "indicators", "--db", db)}
    assert milestone in {str(row["id"]) for row in _json(cli, "milestones", sector, "--db", db)}
    assert _ok(cli, "update-sector", typed(sector), "--note", "확인", "--db", db) == f"{sector}\n"
    assert _ok(cli, "update-indicator", typed(indicator), "--note", "확인", "--db", db) == f"{indicator}\n"
    assert _ok(cli, "update-milestone", milestone, "--note", "확인", "--db", db) == f"{milestone}\n"
    assert _ok(cli, "remove", "milestone", milestone, "--yes", "--db", db) == f"{milestone}\n"
    assert _ok(cli, "remove", "indicator", typed(indicator), "--yes", "--db", db) == f"{indicator}\n"


def test_a_superseded_target_id_is_typed_back_where_it_can_be(cli: Invoke, tmp_path: Path) -> None:
    """`targets --history` prints earlier versions: explain and update-target take them; revising one says which."""
    db = _fresh(tmp_path)
    superseded = [row for row in _json(cli, "targets", "--history", "--db", db) if row["state"] == "superseded"]
    assert superseded
    for row in superseded:
        target = str(row["id"])
        assert _json(cli, "explain", target, "--db", db)
        assert _ok(cli, "update-target", target, "--note", "확인", "--db", db) == f"{target}\n"
        refused = cli("revise-target", target, "--value", "1", "--reason", "r", "--db", db)
        assert refused.exit_code == 2
        assert f"was superseded by '{row['superseded_by']}'; revise that one" in refused.stderr
