"""Nothing that carries meaning is cut: every view of the sample at every width from 60 to 160, in ko and en.

A status word, an id and a number must appear whole on one line; a name or title may wrap, but each of its
words up to WORD_LIMIT cells appears whole (a longer one folds, losing nothing) and nothing is ever replaced by
an ellipsis; no line is wider than the console.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke
from rich.cells import cell_len
from typer.testing import CliRunner

from pohang_cli import service
from pohang_cli.cli import app
from pohang_cli.quantities import format_value
from pohang_cli.render import PIPED_TABLE_WIDTH, Output
from pohang_cli.render.grid import WORD_LIMIT
from pohang_cli.render.labels import (
    MILESTONE_STATUS,
    TARGET_STATUS,
    change_pct_text,
    flag_text,
    pct_text,
    value_text,
    word,
)
from pohang_cli.render.safety import seoul_time
from pohang_cli.render.verdict import shown_flags, status_text
from pohang_cli.storage import bundled_sample_path, load_sample

AS_OF = "2026-11-25"
WIDTHS = range(60, 161)
LANGS = ("ko", "en")
ELLIPSIS = "…"


def _words(text: str | None) -> set[str]:
    return set((text or "").split())


def _expected_status(lang: str) -> tuple[set[str], set[str]]:
    report = service.status(load_sample(), date.fromisoformat(AS_OF))
    whole: set[str] = set()
    words: set[str] = set()
    for block in report.sectors:
        if block.rollup.worst_status is not None:
            whole.add(word(lang, "worst", label=TARGET_STATUS[lang][block.rollup.worst_status]))
        for w in block.watched:  # indicators without a target, in the second table
            unit = w.indicator.unit
            whole |= {w.indicator.id, TARGET_STATUS[lang][w.status], change_pct_text(w.change_pct)}
            whole |= {value_text(w.actual, unit, lang), value_text(w.previous, unit, lang)}
            whole |= {flag_text(w, flag, lang) for flag in w.flags}
            words |= _words(w.indicator.name_ko if lang == "ko" else w.indicator.name_en)
    for a in report.judgements:
        unit = a.indicator.unit
        whole |= {a.indicator.id, status_text(a, lang), format_value(a.target.value, unit, lang)}
        # The flags a table prints: not those its status word already says (§8.1).
        whole |= {flag_text(a, flag, lang) for flag in shown_flags(a)}
        if a.indication is not None and not a.status.is_verdict:
            whole.add(TARGET_STATUS[lang][a.indication])
        whole |= {value_text(a.actual, unit, lang), pct_text(a.progress_pct)}
        whole.add(word(lang, "by", year=a.target.deadline.iso()))
        if a.actual_date is not None:
            whole.add(a.actual_date.iso())
        words |= _words(a.indicator.name_ko if lang == "ko" else a.indicator.name_en)
    return whole, words


def _expected_milestones(lang: str) -> tuple[set[str], set[str]]:
    data = load_sample()
    whole: set[str] = set()
    words: set[str] = set()
    for m in data.milestones.values():
        whole |= {str(m.id), MILESTONE_STATUS[lang][m.status]}
        whole |= {d.iso() for d in (m.date, m.due) if d is not None}
        words |= _words(m.title if lang == "ko" or not m.title_en else m.title_en)
    return whole, words


def _expected_targets(lang: str) -> tuple[set[str], set[str]]:
    data = load_sample()
    whole: set[str] = set()
    words: set[str] = set()
    for t in data.targets.values():
        if not t.is_current:
            continue
        indicator = data.indicators[t.indicator]
        whole |= {t.id, format_value(t.value, indicator.unit, lang), t.deadline.iso(), word(lang, "current")}
        words |= _words(indicator.name_ko if lang == "ko" else indicator.name_en)
    return whole, words


def _expected_indicators(lang: str) -> tuple[set[str], set[str]]:
    whole: set[str] = set()
    words: set[str] = set()
    for i in load_sample().indicators.values():
        whole |= {i.id, value_text(i.baseline, i.unit, lang)}
        if i.baseline_date is not None:
            whole.add(i.baseline_date.iso())
        words |= _words(i.name_ko if lang == "ko" else i.name_en)
    return whole, words


def _machine_rows(db: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, [*args, "--db", str(db), "--format", "json"], env={"POHANG_AS_OF": AS_OF})
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample with a few logged changes (for `log`), and a damaged copy (for `doctor`)."""
    folder = tmp_path_factory.mktemp("width")
    logged = folder / "logged.json"
    shutil.copyfile(bundled_sample_path(), logged)
    saved_argv = sys.argv
    try:
        for args in (
            ["record", "battery.jobs", "12000", "--date", "2026-06", "--source", "https://example.org/jobs"],
            ["add-milestone", "steel", "철강산업 재도약 기술개발사업 2단계 (1,354억 원) 착수 준비", "--due", "2027-06"],
            ["undo", "--yes"],
        ):
            sys.argv = ["pohang", *args]  # what the log records as the command line
            result = CliRunner().invoke(app, [*args, "--db", str(logged), "-q"], env={"POHANG_AS_OF": AS_OF})
            assert result.exit_code == 0, result.stderr
    finally:
        sys.argv = saved_argv
    damaged = folder / "damaged.json"
    tables = json.loads(bundled_sample_path().read_text(encoding="utf-8"))
    for doc in tables["targets"].values():
        if doc["id"] == "future-tech.datacenter-investment@2028":
            doc["source"] = None
        if doc["id"] == "battery.jobs@2030":
            doc["indicator"] = "battery.nothing"
    for doc in tables["milestones"].values():
        if doc["id"] == 10:
            doc["sector"] = "space"
    damaged.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"sample": bundled_sample_path(), "logged": logged, "damaged": damaged}


def _expected(view: str, lang: str, databases: dict[str, Path]) -> tuple[set[str], set[str]]:
    if view == "status":
        return _expected_status(lang)
    if view == "milestones":
        return _expected_milestones(lang)
    if view == "targets":
        return _expected_targets(lang)
    if view == "indicators":
        return _expected_indicators(lang)
    # The log's and the doctor's sentences are in the table's language: their words are those of the table drawn
    # wide enough for every line to fit unwrapped.
    if view == "log":
        rows = _machine_rows(databases["logged"], "log")
        assert len(rows) == 3
        whole = {str(r["seq"]) for r in rows} | {str(seoul_time(str(r["time"]))) for r in rows}
        return whole, _words(_table(view, databases["logged"], lang, 1000))
    rows = _machine_rows(databases["damaged"], "doctor")
    assert len(rows) >= 3
    whole = {str(r[key]) for r in rows for key in ("id", "code")}
    return whole, _words(_table(view, databases["damaged"], lang, 1000))


def _table(view: str, db: Path, lang: str, width: int) -> str:
    result = CliRunner().invoke(
        app,
        [view, "--db", str(db), "--format", "table", "--lang", lang],
        env={"POHANG_AS_OF": AS_OF, "COLUMNS": str(width), "NO_COLOR": "1"},
    )
    return result.stdout


VIEWS = ("status", "milestones", "targets", "indicators", "log", "doctor")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_nothing_is_cut_at_any_width(view: str, lang: str, databases: dict[str, Path]) -> None:
    """At 60 to 160 columns every status word, id and value appears whole, every word of a text too, no ellipsis."""
    whole, words = _expected(view, lang, databases)
    db = databases["logged" if view == "log" else "damaged" if view == "doctor" else "sample"]
    runner = CliRunner()
    for width in WIDTHS:
        result = runner.invoke(
            app,
            [view, "--db", str(db), "--format", "table", "--lang", lang],
            env={"POHANG_AS_OF": AS_OF, "COLUMNS": str(width), "NO_COLOR": "1"},
        )
        assert result.exit_code in (0, 1), (width, result.stderr)
        lines = result.stdout.splitlines()
        assert lines, (view, lang, width)
        too_wide = [line for line in lines if cell_len(line) > width]
        assert not too_wide, (view, lang, width, too_wide)
        assert ELLIPSIS not in result.stdout, (view, lang, width, result.stdout)
        missing = sorted(s for s in whole if not any(s in line for line in lines))
        assert not missing, (view, lang, width, missing, result.stdout)
        # A word longer than WORD_LIMIT folds across lines by design (no character is lost, and no ellipsis).
        cut = sorted(w for w in words if cell_len(w) <= WORD_LIMIT and not any(w in line for line in lines))
        assert not cut, (view, lang, width, cut, result.stdout)


# --------------------------------------------------------------------------------------------------
# The views share the sector order; an indicator's targets sit together.

SECTOR_ORDER = ["battery", "hydrogen", "bio", "steel", "future-tech"]


def _order_of(rows: list[dict[str, object]], key: str) -> list[str]:
    seen: list[str] = []
    for row in rows:
        if row[key] not in seen:
            seen.append(str(row[key]))
    return seen


def test_every_listing_follows_the_sectors_display_order(cli: Invoke, sample_db: Path) -> None:
    """status, targets, indicators and milestones list the sectors in one order, that of `pohang sectors`."""
    sectors = _order_of(json.loads(cli("sectors", "--db", str(sample_db), "--format", "json").stdout), "id")
    assert sectors == SECTOR_ORDER
    for view in ("status", "targets", "indicators", "milestones"):
        rows = json.loads(cli(view, "--db", str(sample_db), "--format", "json").stdout)
        listed = _order_of(rows, "sector")
        assert listed == [s for s in SECTOR_ORDER if s in listed], view


@pytest.mark.parametrize("view", ["status", "targets"])
def test_the_targets_of_one_indicator_sit_together(cli: Invoke, sample_db: Path, view: str) -> None:
    """battery.cathode-output's 2025 and 2030 targets are neighbours, the nearer deadline first."""
    rows = json.loads(cli(view, "--db", str(sample_db), "--format", "json").stdout)
    ids = [row["target_id" if view == "status" else "id"] for row in rows]
    first = ids.index("battery.cathode-output@2025")
    assert ids[first + 1] == "battery.cathode-output@2030"
    indicators = [row["indicator"] for row in rows]
    assert all(indicators.index(i) + indicators.count(i) - 1 == len(indicators) - 1 - indicators[::-1].index(i)
               for i in set(indicators))  # fmt: skip


def test_status_keeps_judged_indicators_first(cli: Invoke, sample_db: Path) -> None:
    """Within a sector the judged indicator comes first, then the rest by nearest deadline."""
    rows = json.loads(cli("status", "battery", "--db", str(sample_db), "--format", "json").stdout)
    assert [row["target_id"] for row in rows if row["target_id"]] == [
        "battery.ecopro-cathode-capacity@2025",
        "battery.posco-cathode-capacity@2026",
        "battery.investment@2027",
        "battery.cathode-output@2025",
        "battery.cathode-output@2030",
        "battery.complex-investment@2027",
        "battery.cathode-rank@2030",
        "battery.cathode-sales@2030",
        "battery.jobs@2030",
        "battery.materials-sales@2030",
    ]


# --------------------------------------------------------------------------------------------------
# A table piped to a pager stays a table when asked for.


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_piped_status_is_a_table_with_format_table(cli: Invoke, sample_db: Path, how: str) -> None:
    """`status --format table | less` and `POHANG_FORMAT=table status | less` draw the table, not tsv."""
    args = ["status", "--db", str(sample_db), "--lang", "ko"]
    env = {"COLUMNS": "80"}
    if how == "option":
        args += ["--format", "table"]
    else:
        env["POHANG_FORMAT"] = "table"
    result = cli(*args, env=env)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "포항시 5대 신성장 산업 목표 점검 (기준일 2026-11-25)"
    assert "\t" not in result.stdout
    assert 70 < max(cell_len(line) for line in lines) <= 80  # laid out for COLUMNS, not the piped default 120
    assert sum(set(line) == {"─"} for line in lines) >= 3  # tables, each with its header rule


def test_a_table_with_no_terminal_anywhere_is_laid_out_120_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """From cron (no terminal on any stream, no COLUMNS) a table is laid out 120 columns wide, every time."""
    monkeypatch.setattr(os, "isatty", lambda fd: False)
    assert Output(stdout=io.StringIO(), environ={}).console().width == PIPED_TABLE_WIDTH == 120
    assert Output(stdout=io.StringIO(), environ={"COLUMNS": "72"}).console().width == 72


def test_a_table_piped_to_a_pager_takes_the_terminals_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """`| less`: stdout is a pipe, stderr the terminal; the table is as wide as that terminal, or COLUMNS."""
    monkeypatch.setattr(os, "isatty", lambda fd: fd == 2)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((93, 40)))
    assert Output(stdout=io.StringIO(), environ={}).console().width == 93
    assert Output(stdout=io.StringIO(), environ={"COLUMNS": "72"}).console().width == 72


# --------------------------------------------------------------------------------------------------
# history: the latest 20 actuals in a terminal, --all and --since for more.


@pytest.fixture
def monthly_db(sample_db: Path) -> Path:
    """The sample with 30 monthly actuals of battery.jobs, 2024-01 to 2026-06."""
    tables = json.loads(sample_db.read_text(encoding="utf-8"))
    observations = tables["observations"]
    for n in range(30):
        year, month = 2024 + n // 12, n % 12 + 1
        when = f"{year}-{month:02d}"
        observations[str(100 + n)] = {
            "date": when,
            "id": f"battery.jobs:{when}",
            "indicator": "battery.jobs",
            "note": None,
            "provisional": False,
            "source": "https://example.org/jobs",
            "value": float(1000 + 10 * n),
        }
    sample_db.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
    return sample_db


def _actual_dates(stdout: str) -> list[str]:
    return [line.split()[1] for line in stdout.splitlines() if line.startswith("Actual ")]


def test_history_table_shows_the_latest_20_actuals(cli: Invoke, monthly_db: Path) -> None:
    """The table lists the 20 newest of 30 actuals and says on stderr how to see the rest."""
    result = cli("history", "battery.jobs", "--db", str(monthly_db), "--format", "table")
    assert result.exit_code == 0
    assert _actual_dates(result.stdout) == [f"{2024 + n // 12}-{n % 12 + 1:02d}" for n in range(10, 30)]
    assert result.stderr == (
        "the table shows the latest 20 of 30 actuals; --all shows every one, --since DATE those from a date on\n"
    )


def test_history_all_shows_every_actual(cli: Invoke, monthly_db: Path) -> None:
    """--all lists all 30 actuals, and says nothing."""
    result = cli("history", "battery.jobs", "--all", "--db", str(monthly_db), "--format", "table")
    assert (len(_actual_dates(result.stdout)), result.stderr) == (30, "")


def test_history_since_shows_actuals_from_a_date_in_every_format(cli: Invoke, monthly_db: Path) -> None:
    """--since 2026 lists the actuals of 2026 on, in the table and in csv alike; machine formats need no --all."""
    table = cli("history", "battery.jobs", "--since", "2026", "--db", str(monthly_db), "--format", "table")
    assert (_actual_dates(table.stdout), table.stderr) == ([f"2026-{m:02d}" for m in range(1, 7)], "")
    csv = cli("history", "battery.jobs", "--since", "2026-05", "--db", str(monthly_db), "--format", "csv")
    assert [line for line in csv.stdout.splitlines() if ",observation," in line] == [
        "battery.jobs,observation,battery.jobs:2026-05,2026-05,1280,false,https://example.org/jobs,,,,,,",
        "battery.jobs,observation,battery.jobs:2026-06,2026-06,1290,false,https://example.org/jobs,,,,,,",
    ]
    every = cli("history", "battery.jobs", "--db", str(monthly_db), "--format", "tsv")
    assert every.stdout.count("\tobservation\t") == 30


def test_history_since_refuses_a_bad_date(cli: Invoke, sample_db: Path) -> None:
    """A --since that is no date exits 2 with one sentence, and nothing on stdout."""
    result = cli("history", "battery.jobs", "--since", "someday", "--db", str(sample_db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pohang: --since: ")
    assert result.stderr.count("\n") == 1


# --------------------------------------------------------------------------------------------------
# What a reader sees on an 80-column terminal, exactly.

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("view", "lang"),
    [("status", "ko"), ("status", "en"), ("milestones", "ko"), ("milestones", "en"), ("targets", "ko")],
)
def test_80_columns_of_the_sample(cli: Invoke, sample_db: Path, view: str, lang: str) -> None:
    """The sample's view at 80 columns is its golden file (POHANG_UPDATE_GOLDEN=1 rewrites it; review the diff)."""
    result = cli(view, "--db", str(sample_db), "--format", "table", "--lang", lang, env={"COLUMNS": "80"})
    assert (result.exit_code, result.stderr) == (0, "")
    golden = GOLDEN / f"{view}_80_{lang}.txt"
    if os.environ.get("POHANG_UPDATE_GOLDEN") == "1":
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
