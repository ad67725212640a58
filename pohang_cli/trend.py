"""The geometry of an indicator's trend chart, shared by the terminal chart and the report's SVG.

A chart is drawn in (year, value) space where x = Y is 1 January of year Y, so a year's tick marks its
start (methodology §7). A date is drawn at the middle of its period: "2023" at 2023.5, between the ticks
2023 and 2024; "2023-02" in the middle of February 2023; a day on that day. So nobody takes a February
2023 figure for one of 2022. The pace maths (§2) still date an annual figure by its December: the chart
only places it where a reader looks for it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pohang_cli.dates import PartialDate
from pohang_cli.models import Indicator, Model, Target, TargetStatus
from pohang_cli.progress import Judgement
from pohang_cli.quantities import ZERO_BASED_UNITS
from pohang_cli.service import IndicatorHistory

# A compound path is exponential; this many segments draw it smoothly at report and terminal sizes.
_CURVE_SEGMENTS = 24


@dataclass(frozen=True, slots=True)
class Point:
    """One point of a chart: x in years (1 January of Y is Y), the value, and the date it stands for."""

    x: float
    y: float
    when: str
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class TargetMark:
    """A current target on the chart, with the path that reaches it and where the trend is heading."""

    target: Target
    point: Point
    status: TargetStatus | None
    # From the baseline to the target: straight (linear model) or exponential (compound model).
    required: tuple[Point, ...]
    # From the latest actual to the projected value at the deadline (methodology §3); empty when none.
    projection: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Trend:
    """Everything a trend chart draws for one indicator at an as-of date."""

    indicator: Indicator
    baseline: Point | None
    actuals: tuple[Point, ...]
    targets: tuple[TargetMark, ...]

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw: no baseline, no actual, no target."""
        return self.baseline is None and not self.actuals and not self.targets

    def points(self) -> list[Point]:
        """Every point the chart must show, for its bounds."""
        found = [] if self.baseline is None else [self.baseline]
        found += self.actuals
        for mark in self.targets:
            found.append(mark.point)
            found += mark.required
            found += mark.projection
        return found

    @property
    def has_actuals(self) -> bool:
        """Whether any actual is drawn; a chart without one is a line of text instead (methodology §7)."""
        return bool(self.actuals)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(x_min, x_max, y_min, y_max) to draw, or None for an empty chart.

        The value range of counts and money includes 0 (methodology §7), unless the data's range is under a
        tenth of its level, where an axis from 0 would flatten every change into one line.
        """
        found = self.points()
        if not found:
            return None
        xs = [p.x for p in found]
        ys = [p.y for p in found]
        y_min, y_max = min(ys), max(ys)
        level = max(abs(y_min), abs(y_max))
        if self.indicator.unit in ZERO_BASED_UNITS and y_max - y_min >= level / 10:
            y_min, y_max = min(0.0, y_min), max(0.0, y_max)
        return min(xs), max(xs), y_min, y_max


def x_of(when: PartialDate) -> float:
    """The x of a date: the middle of its period in years, where Y is 1 January of Y.

    "2023" is 2023.5, "2023-02" about 2023.12, "2023-Q4" about 2023.87, and a day its noon.
    """
    # Day d spans [d, d + 1) in ordinals, so a period from `start` to `end` has its middle at
    # (start + end + 1) / 2.
    middle = (when.start().toordinal() + when.end().toordinal() + 1) / 2
    year = dt.date.fromordinal(int(middle)).year
    first = dt.date(year, 1, 1).toordinal()
    return year + (middle - first) / (dt.date(year + 1, 1, 1).toordinal() - first)


def trend(history: IndicatorHistory) -> Trend:
    """The chart of one indicator: baseline, actuals up to as-of, and each current target with its paths.

    Args:
        history: The indicator's history, as `service.history` returns it.

    Returns:
        The points and lines to draw; observations after the as-of date are left out, as the
        judgement leaves them out.
    """
    indicator = history.indicator
    baseline = None
    if indicator.baseline is not None and indicator.baseline_date is not None:
        baseline = Point(x_of(indicator.baseline_date), indicator.baseline, indicator.baseline_date.iso())
    actuals = tuple(
        Point(x_of(o.date), o.value, o.date.iso(), o.provisional)
        for o in history.observations
        if o.date.end() <= history.as_of
    )
    judged = {a.target.id: a for a in history.judgements}
    marks = tuple(_target_mark(t, judged.get(t.id), baseline) for t in history.targets if t.is_current)
    return Trend(indicator, baseline, actuals, marks)


def _target_mark(target: Target, judgement: Judgement | None, baseline: Point | None) -> TargetMark:
    point = Point(x_of(target.deadline), target.value, target.deadline.iso())
    compound = judgement is not None and judgement.model is Model.COMPOUND
    required: tuple[Point, ...] = ()
    if baseline is not None and baseline.x < point.x:
        required = _path(baseline, point, compound=compound)
    projection: tuple[Point, ...] = ()
    if (
        judgement is not None
        and judgement.projected_value is not None
        and judgement.actual is not None
        and judgement.actual_date is not None
    ):
        start = Point(x_of(judgement.actual_date), judgement.actual, judgement.actual_date.iso())
        end = Point(point.x, judgement.projected_value, target.deadline.iso())
        if start.x < end.x:
            projection = _path(start, end, compound=compound)
    return TargetMark(target, point, None if judgement is None else judgement.status, required, projection)


def _path(start: Point, end: Point, *, compound: bool) -> tuple[Point, ...]:
    """A straight segment, or the exponential curve y = y0·(y1/y0)^τ when the model is compound."""
    if not compound or start.y <= 0 or end.y <= 0:
        return (start, end)
    ratio = math.log(end.y / start.y)
    inner = tuple(
        Point(start.x + (end.x - start.x) * k / _CURVE_SEGMENTS, start.y * math.exp(ratio * k / _CURVE_SEGMENTS), "")
        for k in range(1, _CURVE_SEGMENTS)
    )
    return (start, *inner, end)


def thin(points: Sequence[Point], buckets: int) -> list[Point]:
    """At most about 4·`buckets` points that draw the same line: first, lowest, highest and last per bucket.

    A chart is a few hundred pixels (or cells) wide; 100,000 points would cost time and bytes and draw
    nothing more. Keeping the extremes of each bucket keeps every spike visible (the M4 method).

    Args:
        points: Points in x order.
        buckets: How many equal slices of the x range to keep the extremes of; below 1 keeps all.

    Returns:
        The kept points, in x order; all of them when there are few enough.
    """
    if buckets < 1 or len(points) <= 4 * buckets:
        return list(points)
    x_min, x_max = points[0].x, points[-1].x
    span = x_max - x_min or 1.0
    kept: list[Point] = []
    group: list[Point] = []
    current = -1
    for point in points:
        index = min(buckets - 1, int((point.x - x_min) / span * buckets))
        if index != current and group:
            kept += _extremes(group)
            group = []
        current = index
        group.append(point)
    if group:
        kept += _extremes(group)
    return kept


def _extremes(group: list[Point]) -> list[Point]:
    chosen = {0, len(group) - 1}
    chosen.add(min(range(len(group)), key=lambda k: group[k].y))
    chosen.add(max(range(len(group)), key=lambda k: group[k].y))
    return [group[k] for k in sorted(chosen)]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering [low, high].

    Args:
        low: The smallest value to show.
        high: The largest value to show; equal to `low` gives ticks around that value.
        count: About how many ticks.

    Returns:
        Increasing tick values, the first at or below `low` and the last at or above `high`.
    """
    if high < low:
        low, high = high, low
    if high - low <= 1e-9 * max(1.0, abs(low)):
        # One value (or a difference lost in rounding): show ±10 % around it, or ±1 around zero.
        pad = abs(low) * 0.1 if abs(low) >= 1e-6 else 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    # Whole multiples of the step, so 0.1·3 is computed as 3·0.1 once and never accumulates float noise.
    ticks: list[float] = []
    for k in range(first, last + 1):
        value = 0.0 if k == 0 else k * step
        if not ticks or value > ticks[-1]:
            ticks.append(value)
    return ticks


def year_ticks(x_min: float, x_max: float, most: int = 8) -> list[int]:
    """Whole years to label on the x axis (each at 1 January of that year), at most `most` of them."""
    first, last = math.floor(x_min), math.ceil(x_max)
    step = max(1, math.ceil((last - first) / max(1, most - 1)))
    return list(range(first, last + 1, step))
