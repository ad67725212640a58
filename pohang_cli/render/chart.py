"""The terminal trend chart of `pohang history`, drawn by plotext: the only module that imports it.

plotext builds the plot as text with ANSI colours, which is parsed into a Rich `Text`, so the data
console decides about colour (NO_COLOR, `--color never` and pipes get none). plotext pads the y labels by
terminal cells, so Korean value labels (`14조 원`) keep the frame aligned; the title and the legend are
drawn by Rich outside the plot all the same, where wrapping and cell widths are Rich's business. Glyphs
inside the plot are ASCII or braille, of neutral East Asian width (see slide.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from pohang_cli.models import TargetStatus
from pohang_cli.quantities import format_value
from pohang_cli.render.words import chart_word, no_actual_line
from pohang_cli.service import IndicatorHistory
from pohang_cli.trend import Point, Trend, nice_ticks, thin, year_ticks
from pohang_cli.trend import trend as trend_of

CHART_HEIGHT = 18
MAX_CHART_WIDTH = 120
MIN_CHART_WIDTH = 40

BASELINE_MARK = "+"
ACTUAL_MARK = "*"
PROVISIONAL_MARK = "o"
TARGET_MARK = "X"
REQUIRED_MARK = "."
PROJECTION_MARK = ":"
_GAP = "   "

# plotext colour names; None leaves the terminal's own foreground (readable on dark and light themes).
_ACTUAL_COLOR = "cyan"
_REQUIRED_COLOR = "gray"
_PROJECTION_COLOR = "orange"
_STATUS_COLOR: dict[TargetStatus | None, str | None] = {
    TargetStatus.ACHIEVED: "green",
    TargetStatus.ON_TRACK: "green",
    TargetStatus.BEHIND: "orange",
    TargetStatus.OFF_TRACK: "red",
    TargetStatus.REGRESSING: "red",
    TargetStatus.MISSED: "red",
    TargetStatus.PENDING_FINAL: None,
    TargetStatus.INSUFFICIENT: None,
    TargetStatus.NOT_JUDGED: None,
    TargetStatus.NO_DATA: None,
    TargetStatus.NO_TARGET: None,
    None: None,
}
# The same colours as Rich styles, for the legend drawn below the plot.
_LEGEND_STYLE = {"cyan": "cyan", "gray": "bright_black", "orange": "yellow"}


def history_view(
    history: IndicatorHistory, lang: str, width: int = 120, rows: IndicatorHistory | None = None
) -> RenderableType:
    """`pohang history` for people: the indicator's name, its trend chart with a legend, then the table.

    Args:
        history: the whole series, which the chart draws.
        lang: "ko" or "en".
        width: the console's width.
        rows: the part of the series the table lists (default: all of it).
    """
    from pohang_cli.render.tables import history_table

    indicator = history.indicator
    name = indicator.name_ko if lang == "ko" else indicator.name_en
    table = history_table(history if rows is None else rows, lang, width)
    parts: list[RenderableType] = [Text(f"{name} ({indicator.id})", style="bold")]
    chart = trend_of(history)
    if chart.has_actuals:
        parts.append(TrendChart(chart, lang))
    elif not chart.is_empty:
        # §7: a target with no actual is a line of text, not an empty chart.
        parts.append(Text(no_actual_line(chart, lang)))
    parts += [Text(""), table]
    return Group(*parts)


class TrendChart:
    """A Rich renderable: the chart of one indicator, sized to the console when it is printed."""

    def __init__(self, trend: Trend, lang: str, height: int = CHART_HEIGHT) -> None:
        self.trend = trend
        self.lang = lang
        self.height = height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(MIN_CHART_WIDTH, min(MAX_CHART_WIDTH, options.max_width))
        yield from chart_lines(self.trend, self.lang, width, self.height)
        yield from legend_lines(self.trend, self.lang, options.max_width)


def chart_lines(trend: Trend, lang: str, width: int, height: int = CHART_HEIGHT) -> list[Text]:
    """The plot as lines of styled text, at most `width` cells wide.

    Args:
        trend: What to draw.
        lang: `ko` or `en`, for the value labels of the y axis.
        width: The cells available.
        height: Rows of the whole plot, axes and labels included.

    Returns:
        One `Text` per row; nothing for an empty trend.
    """
    bounds = trend.bounds()
    if bounds is None:
        return []
    x_min, x_max, y_min, y_max = bounds
    unit = trend.indicator.unit
    y_ticks = nice_ticks(y_min, y_max)
    y_labels = [format_value(value, unit, lang) for value in y_ticks]
    # Half a year of room on each side, so that a point on the edge is not drawn on the frame.
    x_low, x_high = x_min - 0.5, x_max + 0.5
    years = [year for year in year_ticks(x_low, x_high) if x_low <= year <= x_high]

    import plotext

    figure = plotext.figure
    figure.clear()
    figure.plot_size(width, height)
    figure.theme("simple")
    figure.ruler("x").lim(x_low, x_high)
    figure.ruler("x").ticks(years, [str(year) for year in years])
    figure.ruler("y").lim(y_ticks[0], y_ticks[-1])
    figure.ruler("y").ticks(y_ticks, y_labels)

    def draw(points: list[Point], mark: str, color: str | None, *, lines: bool) -> None:
        if not points:
            return
        signal = figure.signal([p.x for p in points], [p.y for p in points], marker=plotext.marker(mark, color))
        if lines:
            signal.lines()
        figure.draw(signal)

    # Later signals are drawn over earlier ones: paths first, then the actuals, then the points.
    buckets = max(1, width)
    for target in trend.targets:
        draw(list(target.required), REQUIRED_MARK, _REQUIRED_COLOR, lines=True)
    for target in trend.targets:
        draw(list(target.projection), PROJECTION_MARK, _PROJECTION_COLOR, lines=True)
    actuals = thin(trend.actuals, buckets)
    line = ([trend.baseline] if trend.baseline is not None and actuals else []) + actuals
    draw([p for p in line if trend.baseline is None or p.x >= trend.baseline.x], "braille", _ACTUAL_COLOR, lines=True)
    if len(actuals) <= width // 2:  # point marks only where they do not merge into a bar
        draw([p for p in actuals if not p.provisional], ACTUAL_MARK, _ACTUAL_COLOR, lines=False)
    draw([p for p in actuals if p.provisional], PROVISIONAL_MARK, _ACTUAL_COLOR, lines=False)
    if trend.baseline is not None:
        draw([trend.baseline], BASELINE_MARK, None, lines=False)
    for target in trend.targets:
        draw([target.point], TARGET_MARK, _STATUS_COLOR[target.status], lines=False)

    built = figure.build().string()
    figure.clear()
    rows = Text.from_ansi(built).split("\n")
    for row in rows:
        row.rstrip()
    return [row for row in rows if row.plain]


def legend(trend: Trend, lang: str) -> list[Text]:
    """One entry per mark of the chart (`+ baseline 2022`), in `lang`; only the marks the chart has."""
    parts: list[tuple[str, str, str]] = []
    if trend.baseline is not None:
        parts.append((BASELINE_MARK, "", f"{chart_word(lang, 'baseline')} {trend.baseline.when}"))
    if any(not p.provisional for p in trend.actuals):
        parts.append((ACTUAL_MARK, "cyan", chart_word(lang, "actual")))
    if any(p.provisional for p in trend.actuals):
        parts.append((PROVISIONAL_MARK, "cyan", chart_word(lang, "provisional")))
    for target in trend.targets:
        style = {"green": "green", "orange": "yellow", "red": "red"}.get(_STATUS_COLOR[target.status] or "", "")
        parts.append((TARGET_MARK, style, f"{chart_word(lang, 'target')} {target.point.when}"))
    if any(t.required for t in trend.targets):
        parts.append((REQUIRED_MARK * 3, _LEGEND_STYLE[_REQUIRED_COLOR], chart_word(lang, "required")))
    if any(t.projection for t in trend.targets):
        parts.append((PROJECTION_MARK * 3, _LEGEND_STYLE[_PROJECTION_COLOR], chart_word(lang, "projection")))
    entries = []
    for mark, style, label in parts:
        entry = Text(mark, style=style)
        entry.append(" " + label)
        entries.append(entry)
    return entries


def legend_lines(trend: Trend, lang: str, width: int) -> list[Text]:
    """The legend packed into lines of at most `width` cells, wrapped between entries only."""
    lines: list[Text] = []
    line = Text()
    for entry in legend(trend, lang):
        if line.plain and cell_len(line.plain) + len(_GAP) + cell_len(entry.plain) > width:
            lines.append(line)
            line = Text()
        if line.plain:
            line.append(_GAP)
        line.append_text(entry)
    if line.plain:
        lines.append(line)
    return lines


def plain_chart(trend: Trend, lang: str, width: int, height: int = CHART_HEIGHT) -> Iterator[str]:
    """The chart and its legend as plain lines, for tests and documentation."""
    for row in chart_lines(trend, lang, width, height):
        yield row.plain
    for line in legend_lines(trend, lang, width):
        yield line.plain
