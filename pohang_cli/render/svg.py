"""Inline SVG trend charts for the HTML report: no script, no font file, no external reference.

The chart draws what the terminal chart draws (pohang_cli.trend): the baseline (a square), the actuals (a
solid line with dots, hollow where provisional), each current target (a diamond coloured by its status),
the required path from the baseline to each target (dashed) and the projection to the deadline (dotted).
Text inherits the page's font stack, so Korean labels use the reader's system fonts. Coordinates are
rounded to one decimal, so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rich.cells import cell_len

from pohang_cli.quantities import format_value
from pohang_cli.render.report_text import STATUS_CLASS
from pohang_cli.render.words import chart_word
from pohang_cli.trend import Point, Trend, nice_ticks, thin, year_ticks

WIDTH = 560
HEIGHT = 280
_TOP, _BOTTOM, _RIGHT = 16, 34, 14
# Labels are 12 user units on a wide screen and 16 on a phone, where the chart is drawn at ~350 px (see the
# report's CSS): the margins leave room for the larger size.
_FONT_PX = 16
# A Latin digit is about 0.6 em wide in the usual sans-serif faces, a Hangul syllable about 1 em: 0.6 per cell
# leaves room for both (a wide character counts two cells).
_EM_PER_CELL = 0.6


def _f(number: float) -> str:
    text = f"{number:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


class _Frame:
    """The plot area of one chart and the mapping from (year, value) to SVG coordinates."""

    def __init__(self, trend: Trend, lang: str, bounds: tuple[float, float, float, float]) -> None:
        x_min, x_max, y_min, y_max = bounds
        self.unit = trend.indicator.unit
        self.lang = lang
        self.y_ticks = nice_ticks(y_min, y_max)
        self.y_labels = [format_value(v, self.unit, lang) for v in self.y_ticks]
        self.left = 10 + max(cell_len(label) for label in self.y_labels) * _FONT_PX * _EM_PER_CELL
        self.x_low, self.x_high = x_min - 0.35, x_max + 0.35
        self.y_low, self.y_high = self.y_ticks[0], self.y_ticks[-1]
        self.width = WIDTH - self.left - _RIGHT
        self.height = HEIGHT - _TOP - _BOTTOM

    def x(self, x: float) -> float:
        return self.left + (x - self.x_low) / (self.x_high - self.x_low) * self.width

    def y(self, y: float) -> float:
        return _TOP + (self.y_high - y) / (self.y_high - self.y_low) * self.height

    def points(self, line: Sequence[Point]) -> str:
        return " ".join(f"{_f(self.x(p.x))},{_f(self.y(p.y))}" for p in line)

    def value(self, amount: float) -> str:
        return escape(format_value(amount, self.unit, self.lang))

    def grid(self) -> list[str]:
        parts = ['<g class="grid">']
        for tick, label in zip(self.y_ticks, self.y_labels, strict=True):
            y = _f(self.y(tick))
            parts.append(f'<line x1="{_f(self.left)}" x2="{_f(WIDTH - _RIGHT)}" y1="{y}" y2="{y}"/>')
            parts.append(f'<text class="ylabel" x="{_f(self.left - 6)}" y="{y}" dy="0.35em">{escape(label)}</text>')
        for year in year_ticks(self.x_low, self.x_high):
            if self.x_low <= year <= self.x_high:
                x = _f(self.x(year))
                parts.append(f'<line x1="{x}" x2="{x}" y1="{_TOP}" y2="{_f(_TOP + self.height)}"/>')
                parts.append(f'<text class="xlabel" x="{x}" y="{_f(HEIGHT - 10)}">{year}</text>')
        parts.append("</g>")
        parts.append(
            f'<rect class="frame" x="{_f(self.left)}" y="{_TOP}" width="{_f(self.width)}" height="{_f(self.height)}"/>'
        )
        return parts


def trend_svg(trend: Trend, lang: str, *, title: str) -> str:
    """The chart of one indicator as an `<svg>` element sized by its container (100 % wide).

    Args:
        trend: What to draw; an empty trend gives an empty string.
        lang: `ko` or `en`, for the value labels.
        title: The accessible name of the chart (read by screen readers, shown as a tooltip).

    Returns:
        The SVG markup; every data string in it is escaped.
    """
    bounds = trend.bounds()
    if bounds is None:
        return ""
    frame = _Frame(trend, lang, bounds)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        *frame.grid(),
    ]
    # Paths first, then the actuals, then the marks on top.
    parts += (f'<polyline class="required" points="{frame.points(m.required)}"/>' for m in trend.targets if m.required)
    parts += (
        f'<polyline class="projection" points="{frame.points(m.projection)}"/>' for m in trend.targets if m.projection
    )
    parts += _actuals(trend, frame)
    if trend.baseline is not None:
        b = trend.baseline
        parts.append(
            f'<rect class="baseline" x="{_f(frame.x(b.x) - 4)}" y="{_f(frame.y(b.y) - 4)}" width="8" height="8">'
            f"<title>{escape(chart_word(lang, 'baseline'))} {escape(b.when)}: {frame.value(b.y)}</title></rect>"
        )
    parts += _targets(trend, frame)
    parts.append("</svg>")
    return "".join(parts)


def _actuals(trend: Trend, frame: _Frame) -> list[str]:
    """The line of actuals from the baseline, and a dot per actual while dots stay apart."""
    actuals = thin(trend.actuals, int(frame.width // 2))
    line = list(actuals)
    if trend.baseline is not None and actuals:
        line = [trend.baseline, *(p for p in actuals if p.x >= trend.baseline.x)]
    parts = []
    if len(line) > 1:
        parts.append(f'<polyline class="actual" points="{frame.points(line)}"/>')
    dotted = len(actuals) <= frame.width / 4
    for p in actuals:
        if dotted or p.provisional:
            kind = "provisional" if p.provisional else "actual"
            parts.append(
                f'<circle class="{kind}" cx="{_f(frame.x(p.x))}" cy="{_f(frame.y(p.y))}" r="3.5">'
                f"<title>{escape(p.when)}: {frame.value(p.y)}</title></circle>"
            )
    return parts


def _targets(trend: Trend, frame: _Frame) -> list[str]:
    """A diamond per current target, coloured by its status, labelled with its value and deadline.

    A label goes above its diamond, or below when that leaves the plot or would cover a label already
    placed; when both would, the label is left out (the diamond's tooltip still says it).
    """
    parts = []
    placed: list[tuple[float, float, float, float]] = []
    for mark in trend.targets:
        x, y = frame.x(mark.point.x), frame.y(mark.point.y)
        status = "no-data" if mark.status is None else STATUS_CLASS[mark.status]
        label = f"{format_value(mark.point.y, frame.unit, frame.lang)} ({mark.point.when})"
        parts.append(
            f'<path class="target {status}" d="M{_f(x)} {_f(y - 6)}l6 6l-6 6l-6 -6z">'
            f"<title>{escape(chart_word(frame.lang, 'target'))} {escape(label)}</title></path>"
        )
        anchor = "end" if x > frame.left + frame.width * 0.6 else "start"
        dx = -9 if anchor == "end" else 9
        width = cell_len(label) * _FONT_PX * _EM_PER_CELL
        left = x + dx - width if anchor == "end" else x + dx
        above = (y - 8 - _FONT_PX, "-0.6em")
        below = (y + 4, "1.3em")
        choices = [below] if y - _TOP < 16 else [above, below]
        for top, dy in choices:
            box = (left, top, left + width, top + _FONT_PX)
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                parts.append(
                    f'<text class="target-label" x="{_f(x + dx)}" y="{_f(y)}" dy="{dy}" text-anchor="{anchor}">'
                    f"{escape(label)}</text>"
                )
                break
    return parts


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend_html(trend: Trend, lang: str) -> str:
    """The chart's legend as HTML (it wraps on a phone, unlike text inside an SVG); only what is drawn."""
    items = []

    def swatch(shape: str) -> str:
        return f'<svg viewBox="0 0 24 12" width="24" height="12" aria-hidden="true">{shape}</svg>'

    if trend.baseline is not None:
        items.append((swatch('<rect class="baseline" x="8" y="2" width="8" height="8"/>'), "baseline"))
    if any(not p.provisional for p in trend.actuals):
        shape = '<line class="actual" x1="0" x2="24" y1="6" y2="6"/><circle class="actual" cx="12" cy="6" r="3.5"/>'
        items.append((swatch(shape), "actual"))
    if any(p.provisional for p in trend.actuals):
        items.append((swatch('<circle class="provisional" cx="12" cy="6" r="3.5"/>'), "provisional"))
    if trend.targets:
        items.append((swatch('<path class="target no-data" d="M12 0l6 6l-6 6l-6 -6z"/>'), "target"))
    if any(t.required for t in trend.targets):
        items.append((swatch('<line class="required" x1="0" x2="24" y1="6" y2="6"/>'), "required"))
    if any(t.projection for t in trend.targets):
        items.append((swatch('<line class="projection" x1="0" x2="24" y1="6" y2="6"/>'), "projection"))
    cells = "".join(f"<li>{shape}{escape(chart_word(lang, key))}</li>" for shape, key in items)
    return f'<ul class="legend">{cells}</ul>'
