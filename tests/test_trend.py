"""Tests of pohang_cli.trend: the chart geometry shared by the terminal chart and the report's SVG."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.dates import PartialDate, Precision
from pohang_cli.models import Direction, Indicator, IndicatorKind, Model, Observation, Target, observation_id
from pohang_cli.progress import judge_target
from pohang_cli.service import IndicatorHistory
from pohang_cli.trend import Point, nice_ticks, thin, trend, x_of, year_ticks

AS_OF = dt.date(2025, 3, 1)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    precision = draw(st.sampled_from(list(Precision)))
    year = draw(st.integers(1900, 2100))
    if precision is Precision.YEAR:
        return PartialDate.of_year(year)
    if precision is Precision.QUARTER:
        return PartialDate.of_quarter(year, draw(st.integers(1, 4)))
    if precision is Precision.MONTH:
        return PartialDate.of_month(year, draw(st.integers(1, 12)))
    return PartialDate.of_day(draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))))


def _history(
    observations: list[tuple[PartialDate, float, bool]],
    targets: list[tuple[int, float]],
    *,
    model: Model = Model.LINEAR,
    kind: IndicatorKind = IndicatorKind.CUMULATIVE,
    baseline: float = 0.0,
    unit: str = "KRW",
) -> IndicatorHistory:
    indicator = Indicator(
        id="battery.investment",
        sector="battery",
        name_ko="투자",
        name_en="Investment",
        unit=unit,
        baseline=baseline,
        baseline_date=PartialDate.of_year(2022),
        direction=Direction.INCREASE,
        kind=kind,
        model=model,
    )
    observed = tuple(
        Observation(observation_id(indicator.id, when), indicator.id, when, value, provisional=provisional)
        for when, value, provisional in observations
    )
    goals = tuple(
        Target(f"{indicator.id}@{year}", indicator.id, value, PartialDate.of_year(year)) for year, value in targets
    )
    judgements = tuple(judge_target(indicator, t, observed, AS_OF) for t in goals)
    return IndicatorHistory(indicator, observed, goals, judgements, AS_OF)


def test_a_date_sits_at_the_middle_of_its_period() -> None:
    """§7: the tick Y is 1 January of Y; a year is drawn at its middle, a month at its middle, a day on itself."""
    assert x_of(PartialDate.of_year(2027)) == 2027.5
    # February 2023 lies between the ticks 2023 and 2024, never next to 2022's.
    assert 2023 < x_of(PartialDate.of_month(2023, 2)) < 2023.25
    assert x_of(PartialDate.of_month(2023, 2)) == pytest.approx(2023 + (31 + 14) / 365)
    assert x_of(PartialDate.of_quarter(2024, 2)) == pytest.approx(2024 + (91 + 45.5) / 366)
    assert x_of(PartialDate.of_day(dt.date(2025, 12, 31))) == pytest.approx(2026 - 0.5 / 365)
    assert x_of(PartialDate.of_day(dt.date(2025, 1, 1))) == pytest.approx(2025 + 0.5 / 365)


@given(partial_dates())
def test_property_a_date_is_drawn_inside_its_own_year(date: PartialDate) -> None:
    """Whatever its precision, a date's x lies strictly between its year's tick and the next year's."""
    assert date.year < x_of(date) < date.year + 1


def test_example_a_paths() -> None:
    """Worked example A: the required path runs baseline→target and the projection reaches 16.25 at 2027."""
    chart = trend(
        _history([(PartialDate.of_year(2023), 3.0, False), (PartialDate.of_year(2024), 6.5, True)], [(2027, 14.0)])
    )
    assert chart.baseline == Point(2022.5, 0.0, "2022")
    assert [(p.x, p.y, p.provisional) for p in chart.actuals] == [(2023.5, 3.0, False), (2024.5, 6.5, True)]
    (mark,) = chart.targets
    assert mark.point == Point(2027.5, 14.0, "2027")
    assert [(p.x, p.y) for p in mark.required] == [(2022.5, 0.0), (2027.5, 14.0)]
    assert [(p.x, p.y) for p in mark.projection] == [(2024.5, 6.5), (2027.5, pytest.approx(16.25))]
    assert chart.bounds() == (2022.5, 2027.5, 0.0, pytest.approx(16.25))


def test_observations_after_as_of_are_not_drawn() -> None:
    """An actual dated after the as-of date is left out, as the judgement leaves it out."""
    chart = trend(_history([(PartialDate.of_year(2023), 3.0, False), (PartialDate.of_year(2026), 9.0, False)], []))
    assert [p.when for p in chart.actuals] == ["2023"]


def test_compound_paths_are_exponential() -> None:
    """Under the compound model the required path is b·(y*/b)^τ, so its midpoint is the geometric mean."""
    chart = trend(
        _history(
            [(PartialDate.of_year(2023), 120.0, False), (PartialDate.of_year(2024), 150.0, False)],
            [(2030, 400.0)],
            model=Model.COMPOUND,
            kind=IndicatorKind.LEVEL,
            baseline=100.0,
        )
    )
    required = chart.targets[0].required
    assert len(required) > 2
    middle = required[len(required) // 2]
    assert middle.x == pytest.approx(2026.5)
    assert middle.y == pytest.approx(200.0)


def test_no_target_and_no_baseline_is_empty() -> None:
    """An indicator with nothing dated has nothing to draw."""
    history = _history([], [])
    empty = IndicatorHistory(
        history.indicator.__class__(**{**_fields(history.indicator), "baseline": None, "baseline_date": None}),
        (),
        (),
        (),
        AS_OF,
    )
    assert trend(empty).is_empty
    assert trend(empty).bounds() is None


def _fields(indicator: Indicator) -> dict[str, object]:
    return {name: getattr(indicator, name) for name in indicator.__dataclass_fields__}


def test_thin_keeps_extremes_and_ends() -> None:
    """Thinning 10,000 points keeps the first, the last, the spike and the dip."""
    points = [Point(k / 100, float(k % 7), "") for k in range(10_000)]
    points[5_000] = Point(50.0, 1_000.0, "")
    points[7_000] = Point(70.0, -1_000.0, "")
    kept = thin(points, 50)
    assert len(kept) <= 200
    assert kept[0] == points[0]
    assert kept[-1] == points[-1]
    assert points[5_000] in kept
    assert points[7_000] in kept
    assert [p.x for p in kept] == sorted(p.x for p in kept)


def test_thin_keeps_short_series() -> None:
    """A series shorter than the buckets can hold is returned whole."""
    points = [Point(k, k, "") for k in range(10)]
    assert thin(points, 50) == points


@given(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.floats(min_value=0, max_value=1e15, allow_nan=False),
)
def test_nice_ticks_cover_the_range(low: float, span: float) -> None:
    """Ticks are increasing, few, and cover the whole range."""
    high = low + span
    ticks = nice_ticks(low, high)
    slack = 1e-9 * (span + 1)  # below float resolution, a tick may round onto the value
    assert ticks[0] <= low + slack
    assert ticks[-1] >= high - slack
    assert ticks == sorted(ticks)
    assert 2 <= len(ticks) <= 12


def test_nice_ticks_are_round() -> None:
    """0 to 14조 gets ticks every 5조 (a 1-2-2.5-5 step)."""
    assert nice_ticks(0, 14e12) == [0, 5e12, 10e12, 15e12]
    assert nice_ticks(0, 16.25) == [0, 5, 10, 15, 20]


def test_year_ticks_thin_out_long_ranges() -> None:
    """Thirty years get at most eight labelled years."""
    assert year_ticks(2022, 2027) == [2022, 2023, 2024, 2025, 2026, 2027]
    assert len(year_ticks(2000, 2030)) <= 8


def test_axes_of_money_and_counts_start_at_zero() -> None:
    """§7: a chart of KRW or companies from 100 to 150 has its value axis from 0; one of tonnes does not."""
    observations = [(PartialDate.of_year(2023), 120.0, False), (PartialDate.of_year(2024), 150.0, False)]
    for unit in ("KRW", "companies", "jobs", "beds"):
        bounds = trend(_history(observations, [], kind=IndicatorKind.LEVEL, baseline=100.0, unit=unit)).bounds()
        assert bounds is not None
        assert bounds[2:] == (0.0, 150.0), unit
    bounds = trend(_history(observations, [], kind=IndicatorKind.LEVEL, baseline=100.0, unit="t")).bounds()
    assert bounds is not None
    assert bounds[2:] == (100.0, 150.0)


def test_axes_keep_their_range_when_it_is_under_a_tenth_of_the_level() -> None:
    """§7: money from 1,000 to 1,090 (a range under a tenth of its level) is not squashed onto an axis from 0."""
    observations = [(PartialDate.of_year(2023), 1_050.0, False), (PartialDate.of_year(2024), 1_090.0, False)]
    bounds = trend(_history(observations, [], kind=IndicatorKind.LEVEL, baseline=1_000.0)).bounds()
    assert bounds is not None
    assert bounds[2:] == (1_000.0, 1_090.0)


def test_a_chart_without_actuals_knows_it() -> None:
    """A target and a baseline but no actual: not empty, yet nothing to chart (drawn as a line of text)."""
    chart = trend(_history([], [(2027, 14.0)]))
    assert not chart.is_empty
    assert not chart.has_actuals
    assert trend(_history([(PartialDate.of_year(2023), 3.0, False)], [(2027, 14.0)])).has_actuals
