"""Tests of the terminal pictures: the plotext trend chart of `pohang history` and the status sparklines."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text

from pohang_cli import service
from pohang_cli.dates import PartialDate
from pohang_cli.models import Indicator, IndicatorKind, Observation, Target
from pohang_cli.progress import judge_target
from pohang_cli.render.chart import chart_lines, legend, legend_lines, plain_chart
from pohang_cli.render.slide import sparkline
from pohang_cli.storage import Database
from pohang_cli.trend import trend
from tests.conftest import Invoke

AS_OF = dt.date(2026, 11, 25)
GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[")
HISTORY_TSV_HEADER = (
    "indicator\tkind\tid\tdate\tvalue\tprovisional\tsource\tnote\treported\tnote_en\trecorded\tstatus\tsources"
)


def _investment(sample_db: Path) -> service.IndicatorHistory:
    return service.history(Database(sample_db).read(), "battery.investment", AS_OF)


def test_chart_frame_is_aligned_with_korean_labels(sample_db: Path) -> None:
    """Korean value labels (`10조 원`) keep every row's frame in the same terminal column."""
    rows = [row.plain for row in chart_lines(trend(_investment(sample_db)), "ko", 80)]
    assert any("조 원┤" in row for row in rows)
    frame_columns = {cell_len(row[: _frame_index(row)]) for row in rows if _frame_index(row) >= 0}
    assert len(frame_columns) == 1
    assert all(cell_len(row) <= 80 for row in rows)


def _frame_index(row: str) -> int:
    for index, char in enumerate(row):
        if char in "┌│┤└":
            return index
    return -1


def test_chart_marks_baseline_provisional_target_and_paths(sample_db: Path) -> None:
    """The sample investment chart shows the baseline, the provisional 2023 actual, the target and both paths."""
    text = "\n".join(plain_chart(trend(_investment(sample_db)), "en", 80))
    assert "+" in text
    assert "o" in text
    assert "X" in text
    assert "..." in text
    assert "::" in text
    assert "2022" in text
    assert "2027" in text
    assert "KRW 10.0 tn┤" in text


def test_legend_names_only_what_is_drawn(sample_db: Path) -> None:
    """The legend lists the marks in the chart's language and leaves out a mark that is not drawn."""
    chart = trend(_investment(sample_db))
    assert _joined(legend(chart, "ko")) == "+ 기준 2022   o 잠정치   X 목표 2027   ... 목표 경로   ::: 전망"
    assert _joined(legend(chart, "en")) == (
        "+ baseline 2022   o provisional   X target 2027   ... required path   ::: projection"
    )


def _joined(entries: list[Text]) -> str:
    return "   ".join(entry.plain for entry in entries)


def test_legend_wraps_between_entries(sample_db: Path) -> None:
    """On a narrow console the legend breaks between entries, never inside one."""
    lines = [line.plain for line in legend_lines(trend(_investment(sample_db)), "en", 40)]
    assert lines == ["+ baseline 2022   o provisional", "X target 2027   ... required path", "::: projection"]


def test_chart_fits_a_narrow_console(sample_db: Path) -> None:
    """At 50 cells the chart is no wider than the console."""
    rows = chart_lines(trend(_investment(sample_db)), "ko", 50)
    assert rows
    assert max(cell_len(row.plain) for row in rows) <= 50


def test_history_table_draws_the_chart_without_colour(cli: Invoke, sample_db: Path) -> None:
    """`history --format table` prints the name, the chart, its legend and the table, with no escape codes."""
    result = cli("history", "battery.investment", "--db", str(sample_db), "--format", "table", "--lang", "ko")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "이차전지 투자 유치 (MOU 기준) (battery.investment)"
    assert any("조 원┤" in line for line in lines)
    assert "+ 기준 2022   o 잠정치   X 목표 2027   ... 목표 경로   ::: 전망" in lines
    assert any(line.startswith("실적") and "잠정치" in line for line in lines)
    assert not ANSI.search(result.stdout)


def test_history_chart_in_colour_when_asked(cli: Invoke, sample_db: Path) -> None:
    """`--color always` colours the chart."""
    result = cli(
        "history", "battery.investment", "--db", str(sample_db), "--format", "table", "--color", "always",
        env={"NO_COLOR": ""},
    )  # fmt: skip
    assert result.exit_code == 0
    assert ANSI.search(result.stdout)


def test_history_machine_formats_have_no_chart(cli: Invoke, sample_db: Path) -> None:
    """`history --format tsv` is the rows of the contract, nothing drawn."""
    result = cli("history", "battery.investment", "--db", str(sample_db), "--format", "tsv")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == HISTORY_TSV_HEADER
    assert [line.split("\t")[1] for line in lines[1:]] == [
        "baseline",
        "observation",
        "target",
        "assessment",
        "projection",
    ]


def test_history_of_an_indicator_without_data_is_one_line_not_an_empty_chart(cli: Invoke, sample_db: Path) -> None:
    """§7: an indicator with a baseline and targets but no actual says so in one line, then the table; one
    without a baseline (the city's cathode output, C-10) names only its targets."""
    for indicator, summary in [
        ("future-tech.datacenter-capacity", "baseline 0 MW (2023-09-08) · target 120 MW (2027) · no actual yet"),
        ("battery.cathode-output", "target 686,000 t (2025) · target 1.0 M t (2030) · no actual yet"),
    ]:
        result = cli("history", indicator, "--db", str(sample_db), "--format", "table", "--as-of", "2026-11-25")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[1:3] == [summary, ""]
        assert lines[0].endswith(f"({indicator})")
        assert "┤" not in result.stdout


def test_history_of_a_target_without_actual_in_korean(cli: Invoke, sample_db: Path) -> None:
    """The line reads as methodology §7 shows it: `목표 70개사 (2035) · 실적 없음`."""
    result = cli("history", "hydrogen.companies", "--db", str(sample_db), "--format", "table", "--lang", "ko")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "목표 70개사 (2035) · 실적 없음"


def _example_history(as_of: dt.date = dt.date(2025, 3, 1)) -> service.IndicatorHistory:
    """Worked example A with its first actual in February 2023: the case a December-based axis misdrew."""
    indicator = Indicator(
        "battery.investment", "battery", "투자 유치", "Investment attracted", "KRW", 0.0, PartialDate.of_year(2022),
        kind=IndicatorKind.CUMULATIVE,
    )  # fmt: skip
    observations = (
        Observation("battery.investment:2023-02", indicator.id, PartialDate.of_month(2023, 2), 3e12),
        Observation("battery.investment:2024", indicator.id, PartialDate.of_year(2024), 6.5e12, provisional=True),
    )
    targets = (Target("battery.investment@2027", indicator.id, 14e12, PartialDate.of_year(2027)),)
    judgements = tuple(judge_target(indicator, t, observations, as_of) for t in targets)
    return service.IndicatorHistory(indicator, observations, targets, judgements, as_of)


def test_chart_golden() -> None:
    """The terminal chart of example A at 80 columns, exactly (POHANG_UPDATE_GOLDEN=1 rewrites it)."""
    text = "\n".join(plain_chart(trend(_example_history()), "en", 80)) + "\n"
    path = GOLDEN / "chart_example_a_en.txt"
    if os.environ.get("POHANG_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_a_february_point_lies_between_its_year_tick_and_the_next() -> None:
    """§7: the 2023-02 actual is drawn right of the 2023 tick and left of the 2024 tick, nearer 2023."""
    rows = [row.plain for row in chart_lines(trend(_example_history()), "en", 80)]
    axis = next(row for row in rows if "└" in row)
    labels = rows[rows.index(axis) + 1].split()
    ticks = dict(zip(labels, [n for n, char in enumerate(axis) if char == "┬"], strict=True))
    # The only non-provisional actual is 2023-02, drawn as "*".
    (column,) = [row.index("*") for row in rows if "*" in row]
    assert ticks["2023"] < column < ticks["2024"]
    assert column - ticks["2023"] < (ticks["2024"] - ticks["2023"]) / 2


def test_value_axis_of_money_starts_at_zero(sample_db: Path) -> None:
    """§7: the KRW chart's lowest tick is 0 원 even when the baseline is not drawn at 0."""
    history = _example_history()
    rows = [row.plain for row in chart_lines(trend(history), "ko", 80)]
    assert any(row.lstrip().startswith("0 원┤") for row in rows)


def test_plotext_is_imported_only_by_the_chart_module() -> None:
    """plotext lives in pohang_cli.render.chart, imported inside the function that draws."""
    package = Path(__file__).parent.parent / "pohang_cli"
    importers = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "plotext" for name in names):
                importers.append((path.relative_to(package).as_posix(), node.col_offset))
    assert importers == [("render/chart.py", 4)]


def test_sparkline_follows_the_series() -> None:
    """The sparkline rises with the values, one braille cell per value, last twelve at most."""
    assert sparkline([]) == ""
    assert sparkline([5.0]) == "⣿"
    assert sparkline([0.0, 5.0, 10.0]) == "⡀⣦⣿"
    assert len(sparkline([float(k) for k in range(30)])) == 12


def test_status_table_shows_a_sparkline_under_the_bar(cli: Invoke, sample_db: Path) -> None:
    """The status table draws the actuals' sparkline on the line under the progress of a row with data."""
    result = cli("status", "battery", "--db", str(sample_db), "--format", "table", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    (row,) = [k for k, line in enumerate(lines) if "40.0%" in line]
    progress_column = cell_len(lines[row][: lines[row].index("40.0%")])
    below = lines[row + 1]
    spark = [k for k, char in enumerate(below) if char in "⡀⣀⣄⣤⣦⣶⣷⣿"]
    assert spark
    assert cell_len(below[: spark[0]]) < progress_column


def test_svg_chart_golden() -> None:
    """The report's SVG of example A (a 2023-02 actual), exactly (POHANG_UPDATE_GOLDEN=1 rewrites it)."""
    from pohang_cli.render.svg import trend_svg

    text = trend_svg(trend(_example_history()), "ko", title="투자 유치") + "\n"
    path = GOLDEN / "chart_example_a_ko.svg"
    if os.environ.get("POHANG_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_svg_places_a_february_point_between_its_year_ticks() -> None:
    """In the SVG too, the 2023-02 dot's x lies between the 2023 and 2024 grid lines, nearer 2023."""
    from pohang_cli.render.svg import trend_svg

    svg = trend_svg(trend(_example_history()), "en", title="Investment")
    ticks = {
        int(year): float(x)
        for x, year in re.findall(r'<text class="xlabel" x="([\d.]+)" y="[\d.]+">(\d{4})</text>', svg)
    }
    (dot,) = re.findall(r'<circle class="actual" cx="([\d.]+)"[^>]*><title>2023-02:', svg)
    assert ticks[2023] < float(dot) < ticks[2024]
    assert float(dot) - ticks[2023] < (ticks[2024] - ticks[2023]) / 2
    # The axis of money starts at 0 (methodology §7).
    assert '<text class="ylabel" x=' in svg
    assert ">KRW 0</text>" in svg
