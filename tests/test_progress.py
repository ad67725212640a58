"""Tests of pohang_cli.progress against docs/progress-methodology.md (§3 figures, §4 ladder, §5 and §6 examples)."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable
from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pohang_cli.dates import PartialDate, Precision
from pohang_cli.models import (
    Direction,
    Flag,
    Indicator,
    IndicatorKind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Target,
    TargetRevision,
    TargetStatus,
    observation_id,
    target_id,
)
from pohang_cli.progress import (
    Judgement,
    MilestoneJudgement,
    Rule,
    is_at_or_below,
    judge_milestone,
    judge_target,
    judge_watched,
    rollup_sector,
    rollup_sector_at,
)
from pohang_cli.progress.milestones import is_overdue
from pohang_cli.progress.scan import scan_observations

AS_OF = dt.date(2025, 3, 1)
INDICATOR_ID = "battery.investment"

PACE_FIGURES = (
    "required_per_year",
    "observed_per_year",
    "needed_per_year",
    "pace_ratio",
    "acceleration",
    "projected_value",
    "projected_reach",
)
FLOAT_FIGURES = (
    "actual",
    "progress_pct",
    "time_elapsed_pct",
    "required_per_year",
    "observed_per_year",
    "needed_per_year",
    "pace_ratio",
    "acceleration",
    "projected_value",
)


# --- factories -------------------------------------------------------------------------------------------


def year(value: int) -> PartialDate:
    return PartialDate.of_year(value)


def month(year_: int, month_: int) -> PartialDate:
    return PartialDate.of_month(year_, month_)


def day(year_: int, month_: int, day_: int) -> PartialDate:
    return PartialDate.of_day(dt.date(year_, month_, day_))


def make_indicator(
    *,
    baseline: float | None = 0.0,
    baseline_date: PartialDate | None = None,
    direction: Direction = Direction.INCREASE,
    kind: IndicatorKind = IndicatorKind.CUMULATIVE,
    model: Model = Model.LINEAR,
    sector: str = "battery",
) -> Indicator:
    return Indicator(
        id=f"{sector}.investment",
        sector=sector,
        name_ko="투자 유치",
        name_en="Investment attracted",
        unit="조 원",
        baseline=baseline,
        baseline_date=year(2022) if baseline_date is None else baseline_date,
        direction=direction,
        kind=kind,
        model=model,
    )


def make_target(
    value: float = 14.0,
    deadline: PartialDate | None = None,
    *,
    revisions: tuple[TargetRevision, ...] = (),
    supersedes: str | None = None,
    superseded_by: str | None = None,
    indicator: str = INDICATOR_ID,
) -> Target:
    deadline = year(2027) if deadline is None else deadline
    return Target(
        id=target_id(indicator, deadline),
        indicator=indicator,
        value=value,
        deadline=deadline,
        revisions=revisions,
        supersedes=supersedes,
        superseded_by=superseded_by,
    )


def make_observation(date: PartialDate, value: float, *, provisional: bool = False) -> Observation:
    return Observation(
        id=observation_id(INDICATOR_ID, date), indicator=INDICATOR_ID, date=date, value=value, provisional=provisional
    )


def judge(
    observations: Iterable[Observation],
    *,
    indicator: Indicator | None = None,
    target: Target | None = None,
    as_of: dt.date = AS_OF,
) -> Judgement:
    return judge_target(
        make_indicator() if indicator is None else indicator,
        make_target() if target is None else target,
        observations,
        as_of,
    )


def example_a_observations() -> list[Observation]:
    return [make_observation(year(2023), 3.0), make_observation(year(2024), 6.5)]


def example_c_indicator() -> Indicator:
    return make_indicator(baseline=12.0)


def example_c_target() -> Target:
    return make_target(70.0, year(2030))


def example_d_indicator() -> Indicator:
    return make_indicator(baseline=10.0, direction=Direction.DECREASE, kind=IndicatorKind.LEVEL)


def example_d_target() -> Target:
    return make_target(6.0, year(2030))


def compound_indicator(*, direction: Direction = Direction.INCREASE) -> Indicator:
    return make_indicator(
        baseline=100.0, baseline_date=year(2020), direction=direction, kind=IndicatorKind.LEVEL, model=Model.COMPOUND
    )


def make_milestone(
    status: MilestoneStatus,
    *,
    due: PartialDate | None = None,
    done: PartialDate | None = None,
    original_due: PartialDate | None = None,
    sector: str = "battery",
) -> Milestone:
    return Milestone(
        id=1,
        sector=sector,
        title="이차전지 특화단지 지정",
        status=status,
        date=done,
        due=due,
        original_due=original_due,
    )


def make_judgement(status: TargetStatus, *, sector: str = "battery", superseded: bool = False) -> Judgement:
    return Judgement(
        indicator=make_indicator(sector=sector),
        target=make_target(superseded_by="battery.investment@2030" if superseded else None),
        status=status,
        flags=(),
        model=Model.LINEAR,
    )


def assert_pace_hidden(judgement: Judgement) -> None:
    for name in PACE_FIGURES:
        assert getattr(judgement, name) is None, name


# --- §5 worked examples ----------------------------------------------------------------------------------


def test_example_a() -> None:
    """Example A: cumulative increase ahead of pace is on track with every figure of §5."""
    result = judge(example_a_observations())
    assert result.status is TargetStatus.ON_TRACK
    assert result.model is Model.LINEAR
    assert result.actual == 6.5
    assert result.actual_date == year(2024)
    assert result.time_elapsed_pct == pytest.approx(40.0, abs=0.005)
    assert result.progress_pct == pytest.approx(46.4286, abs=0.005)
    assert result.required_per_year == pytest.approx(2.8, abs=0.005)
    assert result.observed_per_year == pytest.approx(3.25, abs=0.005)
    assert result.pace_ratio == pytest.approx(1.1607, abs=0.00005)
    assert result.needed_per_year == pytest.approx(2.5, abs=0.005)
    assert result.acceleration == pytest.approx(0.769, abs=0.0005)
    assert result.projected_value == pytest.approx(16.25, abs=0.005)
    assert result.projected_reach == month(2027, 4)
    assert result.flags == ()


def test_example_a2() -> None:
    """Example A2: a mid-year observation gives Δt = 2.5 years and reach 2027-05."""
    result = judge([make_observation(month(2025, 6), 8.0)], as_of=dt.date(2025, 9, 1))
    assert result.status is TargetStatus.ON_TRACK
    assert result.time_elapsed_pct == pytest.approx(50.0, abs=0.005)
    assert result.progress_pct == pytest.approx(57.14, abs=0.005)
    assert result.observed_per_year == pytest.approx(3.2, abs=0.005)
    assert result.pace_ratio == pytest.approx(1.1429, abs=0.00005)
    assert result.projected_value == pytest.approx(16.0, abs=0.005)
    assert result.projected_reach == month(2027, 5)


def test_example_c() -> None:
    """Example C: a cumulative increase far below pace is off track and needs 4.5 times its pace."""
    observations = [make_observation(year(2023), 15.0), make_observation(year(2024), 16.0)]
    result = judge(observations, indicator=example_c_indicator(), target=example_c_target())
    assert result.status is TargetStatus.OFF_TRACK
    assert result.progress_pct == pytest.approx(6.90, abs=0.005)
    assert result.required_per_year == pytest.approx(7.25, abs=0.005)
    assert result.observed_per_year == pytest.approx(2.0, abs=0.005)
    assert result.pace_ratio == pytest.approx(0.2759, abs=0.00005)
    assert result.needed_per_year == pytest.approx(9.0, abs=0.005)
    assert result.acceleration == pytest.approx(4.5, abs=0.0005)
    assert result.projected_value == pytest.approx(28.0, abs=0.005)
    assert result.projected_reach == month(2051, 12)


def test_example_d1() -> None:
    """Example D1: a decrease target whose value rose is regressing and never reached at this pace."""
    result = judge([make_observation(year(2024), 10.4)], indicator=example_d_indicator(), target=example_d_target())
    assert result.status is TargetStatus.REGRESSING
    assert result.progress_pct == pytest.approx(-10.0, abs=0.005)
    assert result.observed_per_year == pytest.approx(0.2, abs=0.005)
    assert result.required_per_year == pytest.approx(-0.5, abs=0.005)
    assert result.pace_ratio == pytest.approx(-0.4, abs=0.00005)
    assert result.projected_value == pytest.approx(11.6, abs=0.005)
    assert result.projected_reach is None
    assert result.acceleration is None


def test_example_e1() -> None:
    """Example E1: C's target passed before its deadline is achieved, with progress shown and pace hidden."""
    result = judge(
        [make_observation(year(2029), 72.0)],
        indicator=example_c_indicator(),
        target=example_c_target(),
        as_of=dt.date(2030, 3, 1),
    )
    assert result.status is TargetStatus.ACHIEVED
    assert result.progress_pct == pytest.approx(103.4, abs=0.05)
    assert_pace_hidden(result)


def test_example_e3() -> None:
    """Example E3: A's target without observations after the baseline has no data."""
    result = judge([])
    assert result.status is TargetStatus.NO_DATA
    for name in FLOAT_FIGURES:
        assert getattr(result, name) is None, name
    assert result.actual_date is None
    assert result.projected_reach is None


# --- §7 worked examples: thin, old or odd data -----------------------------------------------------------

S_AS_OF = dt.date(2026, 11, 25)


def test_example_s1() -> None:
    """Example S1′ (§8.6, replacing S1): one 2023 actual of A judged in 2026-11 is 35 months old, past the annual
    limit of 15: too little evidence, on track by the figures alone; stale and low-confidence."""
    result = judge([make_observation(year(2023), 3.0)], as_of=S_AS_OF)
    assert result.status is TargetStatus.INSUFFICIENT
    assert result.indication is TargetStatus.ON_TRACK
    assert result.rule is Rule.STALE
    # R as A's 2023 point: r = 3.0/yr against r0 = 2.8/yr.
    assert result.pace_ratio == pytest.approx(1.0714, abs=0.00005)
    assert result.data_age_months == 35
    assert result.flags == (Flag.LOW_CONFIDENCE, Flag.STALE)
    assert result.as_of_elapsed_pct == pytest.approx(78.3, abs=0.05)
    # time_elapsed_pct stays at the latest actual, where progress is measured.
    assert result.time_elapsed_pct == pytest.approx(20.0)


def test_example_s2() -> None:
    """Example S2′ (§8.6, replacing S2): a provisional 2023: 5.6 gives R = 2.0 and a reach in 2025-06, already
    past: too little evidence, on track by the figures; the flags keep reach_passed, stale and provisional."""
    result = judge([make_observation(year(2023), 5.6, provisional=True)], as_of=S_AS_OF)
    assert result.status is TargetStatus.INSUFFICIENT
    assert result.indication is TargetStatus.ON_TRACK
    assert result.pace_ratio == pytest.approx(2.0)
    assert result.projected_reach == month(2025, 6)
    assert result.flags == (Flag.LOW_CONFIDENCE, Flag.PROVISIONAL, Flag.STALE, Flag.REACH_PASSED)


def test_example_s3() -> None:
    """Example S3: a 2025 target with no actual, judged in 2026-11, is no_data with deadline_passed."""
    indicator = make_indicator(baseline=150_000, kind=IndicatorKind.LEVEL)
    result = judge([], indicator=indicator, target=make_target(686_000, year(2025)), as_of=S_AS_OF)
    assert result.status is TargetStatus.NO_DATA
    assert result.flags == (Flag.DEADLINE_PASSED,)
    assert result.as_of_elapsed_pct == 100
    assert result.data_age_months is None


def test_example_s4() -> None:
    """Example S4′ (§8.6, replacing S4): without a baseline the target is not judged, and the 2024 actual 58 is
    shown with its age and its level against the target."""
    indicator = replace(make_indicator(baseline=None, kind=IndicatorKind.LEVEL), baseline_date=None)
    result = judge_target(indicator, make_target(70, year(2035)), [make_observation(year(2024), 58.0)], S_AS_OF)
    assert result.status is TargetStatus.NOT_JUDGED
    assert result.indication is None
    assert result.level_pct == pytest.approx(82.857, abs=0.0005)
    assert Flag.NO_BASELINE in result.flags
    assert result.actual == 58
    assert result.actual_date == year(2024)
    assert result.data_age_months == 23
    assert result.flags == (Flag.STALE, Flag.NO_BASELINE)
    for name in PACE_FIGURES:
        assert getattr(result, name) is None, name
    assert result.progress_pct is None
    assert result.as_of_elapsed_pct is None


def test_example_s5() -> None:
    """Example S5: a watched indicator with no target; previous 14.7825조 (2024), change −6.17 %, −0.912조/yr."""
    indicator = make_indicator(kind=IndicatorKind.LEVEL)
    observations = [make_observation(year(2024), 14.7825e12), make_observation(year(2025), 13.8705e12)]
    result = judge_watched(indicator, observations, S_AS_OF)
    assert result.status is TargetStatus.NO_TARGET
    assert (result.actual, result.actual_date) == (13.8705e12, year(2025))
    assert (result.previous, result.previous_date) == (14.7825e12, year(2024))
    assert result.change_pct == pytest.approx(-6.17, abs=0.005)
    assert result.change_per_year == pytest.approx(-0.912e12)
    assert result.data_age_months == 11
    assert result.flags == ()


def test_stale_starts_after_fifteen_months() -> None:
    """A 2023 figure is stale from 2025-04 on (§7: data_age_months > 15), not on 2025-03-31."""
    observations = [make_observation(year(2023), 3.0)]
    assert Flag.STALE not in judge(observations, as_of=dt.date(2025, 3, 31)).flags
    assert judge(observations, as_of=dt.date(2025, 3, 31)).data_age_months == 15
    assert Flag.STALE in judge(observations, as_of=dt.date(2025, 4, 1)).flags


def test_reach_passed_only_once_the_reach_month_has_ended() -> None:
    """S2's reach 2025-06 is not passed on 2025-06-30, and is on 2025-07-01."""
    observations = [make_observation(year(2023), 5.6)]
    assert Flag.REACH_PASSED not in judge(observations, as_of=dt.date(2025, 6, 30)).flags
    assert Flag.REACH_PASSED in judge(observations, as_of=dt.date(2025, 7, 1)).flags


def test_age_changes_the_status_not_the_figures() -> None:
    """§8: the same 2023 figure is on track while young and too little evidence once stale, with the same pace and
    the young status as its indication."""
    for value in (3.0, 5.6):
        young = judge([make_observation(year(2023), value)], as_of=dt.date(2024, 3, 1))
        old = judge([make_observation(year(2023), value)], as_of=S_AS_OF)
        assert young.status is young.indication is old.indication is TargetStatus.ON_TRACK
        assert old.status is TargetStatus.INSUFFICIENT
        assert old.pace_ratio == young.pace_ratio


# --- §4 status ladder ------------------------------------------------------------------------------------


def test_not_judged_without_baseline_value() -> None:
    """A missing baseline value leaves a target with observations below it not judged (§8.1 rule 4)."""
    result = judge(example_a_observations(), indicator=make_indicator(baseline=None))
    assert result.status is TargetStatus.NOT_JUDGED
    assert result.rule is Rule.NO_BASELINE


def test_not_judged_without_baseline_date() -> None:
    """A missing baseline date leaves a target with observations below it not judged."""
    indicator = Indicator(
        id=INDICATOR_ID,
        sector="battery",
        name_ko="투자",
        name_en="Investment",
        unit="조 원",
        baseline=0.0,
        baseline_date=None,
    )
    assert judge(example_a_observations(), indicator=indicator).status is TargetStatus.NOT_JUDGED


def test_no_data_when_the_only_observation_is_in_the_baseline_month() -> None:
    """An observation in the baseline's month is not after it (t == t0), so no pace can be computed."""
    observations = [make_observation(day(2022, 12, 15), 1.0), make_observation(year(2021), 0.5)]
    assert judge(observations).status is TargetStatus.NO_DATA


def test_observations_not_after_the_baseline_are_ignored() -> None:
    """Observations up to the baseline's month leave the figures of example A unchanged."""
    observations = [*example_a_observations(), make_observation(year(2020), 99.0), make_observation(year(2022), 99.0)]
    assert judge(observations) == judge(example_a_observations())


def test_observations_after_as_of_are_ignored() -> None:
    """Observations whose period ends after as-of do not count, so example A is unchanged."""
    later = [
        make_observation(year(2025), 14.0),
        make_observation(month(2025, 3), 14.0),
        make_observation(day(2025, 3, 2), 14.0),
    ]
    assert judge([*example_a_observations(), *later]) == judge(example_a_observations())


def test_an_observation_counts_once_its_period_has_ended() -> None:
    """A monthly observation counts from the last day of its month on."""
    observations = [*example_a_observations(), make_observation(month(2025, 3), 7.0)]
    assert judge(observations, as_of=dt.date(2025, 3, 30)).actual == 6.5
    assert judge(observations, as_of=dt.date(2025, 3, 31)).actual == 7.0


def test_final_verdict_missed_by_the_earliest_observation_at_the_deadline() -> None:
    """The earliest observation dated at or after T decides, even when a later one meets the target."""
    observations = [
        make_observation(year(2026), 11.0),
        make_observation(year(2028), 15.0),
        make_observation(year(2027), 13.0),
    ]
    result = judge(observations, as_of=dt.date(2029, 6, 1))
    assert result.status is TargetStatus.MISSED
    assert result.actual == 13.0
    assert result.actual_date == year(2027)
    assert result.progress_pct == pytest.approx(92.857, abs=0.0005)
    assert result.time_elapsed_pct == pytest.approx(100.0, abs=0.005)
    assert_pace_hidden(result)
    assert Flag.AWAITING_FINAL_DATA not in result.flags


def test_final_verdict_achieved_by_the_earliest_observation_at_the_deadline() -> None:
    """A target met at the deadline stays achieved when a later observation falls back."""
    observations = [make_observation(year(2028), 12.0), make_observation(year(2027), 15.0)]
    result = judge(observations, as_of=dt.date(2029, 6, 1))
    assert result.status is TargetStatus.ACHIEVED
    assert result.actual == 15.0
    assert result.progress_pct == pytest.approx(107.14, abs=0.005)
    assert_pace_hidden(result)


def test_final_verdict_from_an_observation_in_the_deadline_month() -> None:
    """A daily observation in the deadline's month gives the verdict before the month has ended."""
    observations = [*example_a_observations(), make_observation(day(2027, 12, 15), 13.9)]
    result = judge(observations, as_of=dt.date(2027, 12, 20))
    assert result.status is TargetStatus.MISSED
    assert result.actual_date == day(2027, 12, 15)


def test_final_verdict_after_the_deadline_month_counts() -> None:
    """An observation later than T is a final verdict when none is dated exactly at T."""
    result = judge(
        [make_observation(year(2023), 3.0), make_observation(month(2028, 3), 14.0)], as_of=dt.date(2029, 3, 1)
    )
    assert result.status is TargetStatus.ACHIEVED
    assert result.time_elapsed_pct == pytest.approx(105.0, abs=0.005)


def test_awaiting_final_data_judges_the_latest_value_past_the_deadline() -> None:
    """Past T without an observation at T, the target awaits its final figure; the latest value's pace is its
    indication, and the flags stay for scripts."""
    observations = [make_observation(year(2023), 3.0), make_observation(year(2026), 11.0)]
    result = judge(observations, as_of=dt.date(2028, 3, 1))
    assert result.status is TargetStatus.PENDING_FINAL
    assert result.indication is TargetStatus.ON_TRACK
    assert result.pace_ratio == pytest.approx(0.9821, abs=0.00005)
    assert result.needed_per_year == pytest.approx(3.0, abs=0.005)
    # §7: the deadline has passed too, and at the 2026 pace 14 would have been reached in 2028-02.
    assert result.projected_reach == month(2028, 2)
    assert result.flags == (Flag.AWAITING_FINAL_DATA, Flag.REACH_PASSED, Flag.DEADLINE_PASSED)


def test_no_awaiting_final_data_on_the_deadline_day() -> None:
    """As-of on the last day of the deadline is not past it."""
    observations = [make_observation(year(2023), 3.0), make_observation(year(2026), 11.0)]
    assert judge(observations, as_of=dt.date(2027, 12, 31)).flags == ()
    assert judge(observations, as_of=dt.date(2028, 1, 1)).flags == (Flag.AWAITING_FINAL_DATA, Flag.DEADLINE_PASSED)


def test_achieved_before_the_deadline_overrides_a_falling_trend() -> None:
    """A value at or beyond the target is achieved whatever the trend, with progress and without pace."""
    observations = [make_observation(year(2023), 16.0), make_observation(year(2024), 14.0)]
    result = judge(observations)
    assert result.status is TargetStatus.ACHIEVED
    assert result.progress_pct == 100.0
    assert result.time_elapsed_pct == pytest.approx(40.0, abs=0.005)
    assert_pace_hidden(result)


def test_maintenance_target_achieved_while_still_met() -> None:
    """A target the baseline already meets is achieved while met, with no progress or pace."""
    indicator = make_indicator(baseline=10.0, kind=IndicatorKind.LEVEL)
    result = judge([make_observation(year(2024), 9.0)], indicator=indicator, target=make_target(8.0))
    assert result.status is TargetStatus.ACHIEVED
    assert result.progress_pct is None
    assert_pace_hidden(result)


def test_maintenance_target_regressing_once_no_longer_met() -> None:
    """A maintenance target that is no longer met is regressing, still with no progress or pace."""
    indicator = make_indicator(baseline=10.0, kind=IndicatorKind.LEVEL)
    result = judge([make_observation(year(2024), 7.0)], indicator=indicator, target=make_target(8.0))
    assert result.status is TargetStatus.REGRESSING
    assert result.progress_pct is None
    assert result.time_elapsed_pct == pytest.approx(40.0, abs=0.005)
    assert_pace_hidden(result)


@pytest.mark.parametrize(
    ("value", "deadline_year", "expected"),
    [
        (5.0, 2027, TargetStatus.ACHIEVED),
        (4.0, 2027, TargetStatus.REGRESSING),
        (4.0, 2024, TargetStatus.MISSED),
        (5.0, 2024, TargetStatus.ACHIEVED),
    ],
)
def test_target_equal_to_baseline_never_divides_by_zero(
    value: float, deadline_year: int, expected: TargetStatus
) -> None:
    """A target equal to its baseline is a maintenance target at any date, without a division by zero."""
    indicator = make_indicator(baseline=5.0, kind=IndicatorKind.LEVEL)
    result = judge(
        [make_observation(year(2024), value)], indicator=indicator, target=make_target(5.0, year(deadline_year))
    )
    assert result.status is expected
    assert result.progress_pct is None
    assert_pace_hidden(result)


@pytest.mark.parametrize(
    ("value", "expected_ratio", "expected"),
    [
        (47.5, 0.95, TargetStatus.ON_TRACK),
        (47.4, 0.948, TargetStatus.BEHIND),
        (25.0, 0.50, TargetStatus.BEHIND),
        (24.9, 0.498, TargetStatus.OFF_TRACK),
        (0.0, 0.0, TargetStatus.OFF_TRACK),
        (-1.0, -0.02, TargetStatus.REGRESSING),
    ],
)
def test_pace_ratio_thresholds_have_inclusive_lower_bounds(
    value: float, expected_ratio: float, expected: TargetStatus
) -> None:
    """R = 0.95, 0.50 and 0 fall in the better band; values just below fall in the worse one."""
    indicator = make_indicator(baseline=0.0, baseline_date=year(2020))
    result = judge(
        [make_observation(year(2024), value / 2), make_observation(year(2025), value)],
        indicator=indicator,
        target=make_target(100.0, year(2030)),
        as_of=dt.date(2026, 3, 1),
    )
    assert result.pace_ratio == pytest.approx(expected_ratio, abs=1e-12)
    assert result.status is expected


def test_pace_ratio_on_a_threshold_is_judged_by_its_true_value() -> None:
    """Decimal inputs whose pace ratio is exactly 0.95 are on track despite binary rounding."""
    # Computed naively in floats, r / r0 here is 0.9499999999999998.
    indicator = make_indicator(baseline=2.0)
    observations = [make_observation(year(2024), 20.0), make_observation(month(2025, 6), 34.3)]
    result = judge(observations, indicator=indicator, target=make_target(70.0), as_of=dt.date(2025, 7, 1))
    assert result.pace_ratio == 0.95
    assert result.status is TargetStatus.ON_TRACK


def test_decrease_target_on_track() -> None:
    """A decrease at exactly the required pace is on track and reached at the deadline."""
    observations = [make_observation(year(2023), 9.6), make_observation(year(2024), 9.0)]
    result = judge(observations, indicator=example_d_indicator(), target=example_d_target())
    assert result.status is TargetStatus.ON_TRACK
    assert result.progress_pct == pytest.approx(25.0, abs=0.005)
    assert result.observed_per_year == pytest.approx(-0.5, abs=0.005)
    assert result.pace_ratio == pytest.approx(1.0, abs=0.00005)
    assert result.needed_per_year == pytest.approx(-0.5, abs=0.005)
    assert result.acceleration == pytest.approx(1.0, abs=0.0005)
    assert result.projected_value == pytest.approx(6.0, abs=0.005)
    assert result.projected_reach == month(2030, 12)


def test_decrease_target_achieved_below_the_target() -> None:
    """A decrease target is achieved once the value is at or below it."""
    result = judge([make_observation(year(2024), 6.0)], indicator=example_d_indicator(), target=example_d_target())
    assert result.status is TargetStatus.ACHIEVED
    assert result.progress_pct == pytest.approx(100.0, abs=1e-12)


def test_input_order_does_not_matter() -> None:
    """Shuffled observations give the same judgement."""
    observations = [
        make_observation(year(2023), 3.0),
        make_observation(month(2024, 6), 5.0),
        make_observation(year(2024), 6.5),
        make_observation(month(2024, 12), 6.4),
        make_observation(day(2024, 12, 31), 6.3),
    ]
    expected = judge(observations)
    shuffled = observations.copy()
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert judge(shuffled) == expected


def test_observations_can_be_a_single_use_iterator() -> None:
    """A generator of observations is read in one pass and gives the same result as a list."""
    assert judge(observation for observation in example_a_observations()) == judge(example_a_observations())


def test_same_month_observations_ordered_by_period_end_then_start() -> None:
    """Within one month, the latest observation is the one whose period ends last, then the narrowest."""
    observations = [make_observation(day(2024, 12, 15), 6.0), make_observation(month(2024, 12), 6.5)]
    assert judge(observations).actual == 6.5
    observations = [make_observation(year(2024), 6.0), make_observation(day(2024, 12, 31), 6.5)]
    assert judge(observations).actual == 6.5


# --- §4 flags --------------------------------------------------------------------------------------------


def test_low_confidence_with_less_than_twelve_months_of_data() -> None:
    """Eleven months between the baseline and the latest observation raise low_confidence."""
    observations = [make_observation(month(2023, 6), 1.5), make_observation(month(2023, 11), 2.8)]
    assert judge(observations, as_of=dt.date(2024, 3, 1)).flags == (Flag.LOW_CONFIDENCE,)


def test_low_confidence_with_a_single_observation() -> None:
    """A single observation after the baseline raises low_confidence however far it is."""
    assert judge([make_observation(year(2024), 6.5)]).flags == (Flag.LOW_CONFIDENCE,)


def test_twelve_months_and_two_observations_are_confident() -> None:
    """Two observations with the latest twelve months after the baseline raise no flag."""
    observations = [make_observation(month(2023, 6), 1.5), make_observation(year(2023), 3.0)]
    assert judge(observations).flags == ()


def test_low_confidence_of_a_verdict_counts_observations_up_to_it() -> None:
    """A final verdict resting on one observation is low confidence even with later ones."""
    observations = [make_observation(year(2027), 15.0), make_observation(year(2028), 16.0)]
    result = judge(observations, as_of=dt.date(2029, 6, 1))
    assert result.status is TargetStatus.ACHIEVED
    assert result.flags == (Flag.LOW_CONFIDENCE,)


def test_provisional_flag_follows_the_latest_observation() -> None:
    """Only a provisional latest observation raises the provisional flag."""
    latest_provisional = [make_observation(year(2023), 3.0), make_observation(year(2024), 6.5, provisional=True)]
    earlier_provisional = [make_observation(year(2023), 3.0, provisional=True), make_observation(year(2024), 6.5)]
    assert judge(latest_provisional).flags == (Flag.PROVISIONAL,)
    assert judge(earlier_provisional).flags == ()


def test_provisional_flag_follows_the_verdict_observation() -> None:
    """A provisional verdict observation raises the provisional flag."""
    observations = [make_observation(year(2023), 3.0), make_observation(year(2027), 15.0, provisional=True)]
    assert Flag.PROVISIONAL in judge(observations, as_of=dt.date(2028, 6, 1)).flags


def test_flags_never_change_status_or_figures() -> None:
    """A provisional latest value is judged exactly like a final one."""
    plain = judge(example_a_observations())
    provisional = judge([make_observation(year(2023), 3.0), make_observation(year(2024), 6.5, provisional=True)])
    assert provisional.flags == (Flag.PROVISIONAL,)
    assert provisional.status is plain.status
    for name in (*FLOAT_FIGURES, "projected_reach"):
        assert getattr(provisional, name) == getattr(plain, name), name


@pytest.mark.parametrize(
    "target",
    [
        make_target(revisions=(TargetRevision(12.0, year(2027), year(2023), "new investment plan"),)),
        make_target(supersedes="battery.investment@2026"),
    ],
)
def test_revised_flag_for_a_revised_target(target: Target) -> None:
    """A target with revisions, or one that replaced another, carries the revised flag."""
    assert judge(example_a_observations(), target=target).flags == (Flag.REVISED,)
    assert judge([], target=target).flags == (Flag.REVISED,)


def test_flags_keep_a_fixed_order() -> None:
    """Flags come in the order of `Flag`: the §4 ones, then stale, reach_passed, no_baseline, deadline_passed."""
    target = make_target(supersedes="battery.investment@2026")
    result = judge([make_observation(year(2023), 3.0, provisional=True)], target=target, as_of=dt.date(2028, 1, 1))
    assert result.status is TargetStatus.PENDING_FINAL
    assert result.flags == (
        Flag.LOW_CONFIDENCE,
        Flag.PROVISIONAL,
        Flag.AWAITING_FINAL_DATA,
        Flag.REVISED,
        Flag.STALE,
        Flag.REACH_PASSED,
        Flag.DEADLINE_PASSED,
    )


# --- §3 compound model -----------------------------------------------------------------------------------

# The month after the compound examples' 2022 figure: judged later it would be stale (§8.6).
COMPOUND_AS_OF = dt.date(2023, 1, 1)


def test_compound_model_hand_computed() -> None:
    """100 → 121 in two years is c = 10 %/yr against c* = 2^(1/10) − 1 for doubling in ten years."""
    result = judge(
        [make_observation(year(2022), 121.0)],
        indicator=compound_indicator(),
        target=make_target(200.0, year(2030)),
        as_of=COMPOUND_AS_OF,
    )
    assert result.model is Model.COMPOUND
    assert result.status is TargetStatus.ON_TRACK
    # R = 0.1 / 0.0717734625 ; projected = 121 · 1.1^8 ; reach = 2022-12 + ⌈12 · ln(200/121) / ln 1.1⌉ = + 64.
    assert result.pace_ratio == pytest.approx(1.393273, abs=5e-7)
    assert result.projected_value == pytest.approx(259.374246, abs=5e-7)
    assert result.projected_reach == month(2028, 4)
    # The per-year rates stay linear whatever the model (§3).
    assert result.observed_per_year == pytest.approx(10.5, abs=0.005)
    assert result.required_per_year == pytest.approx(10.0, abs=0.005)
    assert result.progress_pct == pytest.approx(21.0, abs=0.005)


def test_compound_model_decrease_hand_computed() -> None:
    """100 → 81 in two years is c = −10 %/yr against c* = 0.5^(1/10) − 1 for halving in ten years."""
    result = judge(
        [make_observation(year(2022), 81.0)],
        indicator=compound_indicator(direction=Direction.DECREASE),
        target=make_target(50.0, year(2030)),
        as_of=COMPOUND_AS_OF,
    )
    assert result.status is TargetStatus.ON_TRACK
    # R = 0.1 / 0.0669670085 ; projected = 81 · 0.9^8 ; reach = 2022-12 + ⌈12 · ln(50/81) / ln 0.9⌉ = + 55.
    assert result.pace_ratio == pytest.approx(1.493273, abs=5e-7)
    assert result.projected_value == pytest.approx(34.867844, abs=5e-7)
    assert result.projected_reach == month(2027, 7)


def test_compound_reach_on_a_whole_month_is_not_pushed_a_month_later() -> None:
    """121 growing 10 %/yr reaches 161.051 = 121 · 1.1³ in exactly 36 months."""
    result = judge(
        [make_observation(year(2022), 121.0)], indicator=compound_indicator(), target=make_target(161.051, year(2030))
    )
    assert result.projected_reach == month(2025, 12)


def test_compound_model_judges_differently_from_linear() -> None:
    """Halfway to doubling, 141.43 is on track by compound growth but behind by linear pace."""
    observations = [make_observation(year(2025), 141.43)]
    target = make_target(200.0, year(2030))
    as_of = dt.date(2026, 3, 1)
    compound = judge(observations, indicator=compound_indicator(), target=target, as_of=as_of)
    linear = judge(
        observations,
        indicator=make_indicator(baseline=100.0, baseline_date=year(2020), kind=IndicatorKind.LEVEL),
        target=target,
        as_of=as_of,
    )
    assert compound.status is TargetStatus.ON_TRACK
    assert compound.pace_ratio == pytest.approx(1.0002, abs=0.00005)
    assert linear.status is TargetStatus.BEHIND
    assert linear.pace_ratio == pytest.approx(0.8286, abs=0.00005)


def test_compound_falls_back_to_linear_when_the_value_is_not_positive() -> None:
    """A zero value has no compound rate, so the linear pace judges it (regressing) and says so."""
    result = judge(
        [make_observation(year(2022), 0.0)],
        indicator=compound_indicator(),
        target=make_target(200.0, year(2030)),
        as_of=COMPOUND_AS_OF,
    )
    assert result.model is Model.LINEAR
    assert result.status is TargetStatus.REGRESSING
    assert result.pace_ratio == pytest.approx(-5.0, abs=0.00005)
    assert result.projected_reach is None


def test_compound_on_a_cumulative_indicator_is_judged_linearly() -> None:
    """A compound model outside §1's domain (cumulative, or b ≤ 0) is never used."""
    cumulative = make_indicator(baseline=100.0, baseline_date=year(2020), model=Model.COMPOUND)
    zero_baseline = make_indicator(baseline=0.0, kind=IndicatorKind.LEVEL, model=Model.COMPOUND)
    assert judge([make_observation(year(2022), 121.0)], indicator=cumulative, target=make_target(200.0)).model is (
        Model.LINEAR
    )
    result = judge(example_a_observations(), indicator=zero_baseline)
    assert result.model is Model.LINEAR
    assert result.pace_ratio == pytest.approx(1.1607, abs=0.00005)


# --- §6 milestones ---------------------------------------------------------------------------------------


def test_milestone_example_m1() -> None:
    """M1: in progress one day after its due date is overdue by 1 day."""
    result = judge_milestone(make_milestone(MilestoneStatus.IN_PROGRESS, due=day(2024, 6, 30)), dt.date(2024, 7, 1))
    assert result.overdue
    assert result.days_overdue == 1
    assert not result.due_soon


def test_milestone_example_m2() -> None:
    """M2: in progress on its due date is not overdue but due soon."""
    result = judge_milestone(make_milestone(MilestoneStatus.IN_PROGRESS, due=day(2024, 6, 30)), dt.date(2024, 6, 30))
    assert not result.overdue
    assert result.days_overdue is None
    assert result.due_soon


def test_milestone_example_m3() -> None:
    """M3: done 46 days after its due date is late by 46 days and not overdue."""
    milestone = make_milestone(MilestoneStatus.DONE, due=day(2024, 6, 30), done=day(2024, 8, 15))
    result = judge_milestone(milestone, dt.date(2024, 9, 1))
    assert not result.overdue
    assert result.late
    assert result.slip_days == 46


def test_milestone_example_m5() -> None:
    """M5: a cancelled milestone past its due date is not overdue."""
    result = judge_milestone(make_milestone(MilestoneStatus.CANCELLED, due=day(2023, 12, 31)), dt.date(2024, 6, 1))
    assert not result.overdue
    assert result.days_overdue is None
    assert not result.due_soon
    assert not result.late
    assert result.slip_days is None


@pytest.mark.parametrize(
    ("due", "last_day_not_overdue"),
    [
        (year(2026), dt.date(2026, 12, 31)),
        (month(2026, 5), dt.date(2026, 5, 31)),
        (PartialDate.of_quarter(2026, 2), dt.date(2026, 6, 30)),
    ],
)
def test_due_date_of_reduced_precision_means_the_end_of_its_period(
    due: PartialDate, last_day_not_overdue: dt.date
) -> None:
    """A milestone due in a year, month or quarter is overdue only after the period's last day."""
    milestone = make_milestone(MilestoneStatus.PLANNED, due=due)
    assert not judge_milestone(milestone, last_day_not_overdue).overdue
    result = judge_milestone(milestone, last_day_not_overdue + dt.timedelta(days=1))
    assert result.overdue
    assert result.days_overdue == 1


_DUE_DATES = st.one_of(
    st.none(),
    st.integers(2020, 2030).map(year),
    st.tuples(st.integers(2020, 2030), st.integers(1, 12)).map(lambda ym: month(*ym)),
    st.tuples(st.integers(2020, 2030), st.integers(1, 4)).map(lambda yq: PartialDate.of_quarter(*yq)),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(lambda d: day(d.year, d.month, d.day)),
)


@given(
    st.lists(st.tuples(st.sampled_from(MilestoneStatus), _DUE_DATES, st.sampled_from(["battery", "bio"])), max_size=8),
    st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)),
)
def test_the_overdue_shortcut_of_status_agrees_with_the_full_judgement(
    specs: list[tuple[MilestoneStatus, PartialDate | None, str]], as_of: dt.date
) -> None:
    """`is_overdue` and `rollup_sector_at`, which `status` uses, give what judging each milestone gives."""
    milestones = [make_milestone(status, due=due, sector=sector) for status, due, sector in specs]
    for milestone in milestones:
        assert is_overdue(milestone, as_of) == judge_milestone(milestone, as_of).overdue
    judged = [judge_milestone(milestone, as_of) for milestone in milestones]
    assert rollup_sector_at("battery", [], milestones, as_of) == rollup_sector("battery", [], judged)


def test_due_soon_window_is_thirty_days() -> None:
    """Due in 30 days is due soon; due in 31 days is not."""
    milestone = make_milestone(MilestoneStatus.PLANNED, due=day(2024, 6, 30))
    assert judge_milestone(milestone, dt.date(2024, 5, 31)).due_soon
    assert not judge_milestone(milestone, dt.date(2024, 5, 30)).due_soon


@pytest.mark.parametrize("status", [MilestoneStatus.ON_HOLD, MilestoneStatus.UNKNOWN, MilestoneStatus.PLANNED])
def test_open_milestones_of_any_status_can_be_overdue(status: MilestoneStatus) -> None:
    """On-hold, unknown and planned items past their due date are overdue."""
    result = judge_milestone(make_milestone(status, due=year(2023)), dt.date(2024, 1, 10))
    assert result.overdue
    assert result.days_overdue == 10


@pytest.mark.parametrize("status", [MilestoneStatus.DONE, MilestoneStatus.PARTIAL, MilestoneStatus.CANCELLED])
def test_terminal_milestones_are_neither_overdue_nor_due_soon(status: MilestoneStatus) -> None:
    """Done, partial and cancelled items are never overdue or due soon."""
    milestone = make_milestone(status, due=day(2024, 6, 30))
    assert not judge_milestone(milestone, dt.date(2024, 7, 1)).overdue
    assert not judge_milestone(milestone, dt.date(2024, 6, 20)).due_soon


def test_milestone_done_early_has_a_negative_slip() -> None:
    """A partial milestone done ten days early is not late and slips −10 days."""
    milestone = make_milestone(MilestoneStatus.PARTIAL, due=day(2024, 6, 30), done=day(2024, 6, 20))
    result = judge_milestone(milestone, dt.date(2024, 9, 1))
    assert not result.late
    assert result.slip_days == -10


def test_done_date_of_reduced_precision_is_late_only_when_certainly_late() -> None:
    """A done month overlapping the due date is not late; a later month is, by its first day."""
    in_due_month = make_milestone(MilestoneStatus.DONE, due=day(2024, 8, 15), done=month(2024, 8))
    after_due_month = make_milestone(MilestoneStatus.DONE, due=day(2024, 8, 15), done=month(2024, 9))
    assert not judge_milestone(in_due_month, dt.date(2024, 12, 1)).late
    assert judge_milestone(in_due_month, dt.date(2024, 12, 1)).slip_days == -14
    assert judge_milestone(after_due_month, dt.date(2024, 12, 1)).late
    assert judge_milestone(after_due_month, dt.date(2024, 12, 1)).slip_days == 17


def test_milestone_without_due_date() -> None:
    """Without a due date nothing is overdue, due soon, late or slipped."""
    result = judge_milestone(make_milestone(MilestoneStatus.DONE, done=day(2024, 6, 1)), dt.date(2024, 7, 1))
    assert result == MilestoneJudgement(
        milestone=result.milestone,
        overdue=False,
        days_overdue=None,
        due_soon=False,
        late=False,
        slip_days=None,
        rescheduled=False,
    )


@pytest.mark.parametrize(
    ("original_due", "due", "expected"),
    [
        (year(2025), year(2026), True),
        (day(2026, 6, 30), PartialDate.of_quarter(2026, 3), True),
        (year(2026), year(2026), False),
        (year(2026), day(2026, 12, 31), False),
        (None, year(2026), False),
    ],
)
def test_rescheduled_when_the_due_date_moved(
    original_due: PartialDate | None, due: PartialDate, expected: bool
) -> None:
    """A milestone is rescheduled when its original due date ends on another day than its due date."""
    milestone = make_milestone(MilestoneStatus.PLANNED, due=due, original_due=original_due)
    assert judge_milestone(milestone, dt.date(2024, 1, 1)).rescheduled is expected


# --- roll-ups and --fail-on ------------------------------------------------------------------------------


def test_rollup_worst_status_ignores_no_data() -> None:
    """The worst judged status wins, and no_data does not hide it."""
    judgements = [
        make_judgement(TargetStatus.ON_TRACK),
        make_judgement(TargetStatus.NO_DATA),
        make_judgement(TargetStatus.BEHIND),
        make_judgement(TargetStatus.ACHIEVED),
    ]
    rollup = rollup_sector("battery", judgements, [])
    assert rollup.worst_status is TargetStatus.BEHIND
    assert rollup.status_counts[TargetStatus.NO_DATA] == 1
    assert rollup.status_counts[TargetStatus.MISSED] == 0
    assert list(rollup.status_counts) == list(TargetStatus)


def test_rollup_worst_status_is_no_data_only_when_every_target_is() -> None:
    """A sector whose every target lacks data rolls up to no_data."""
    rollup = rollup_sector("battery", [make_judgement(TargetStatus.NO_DATA)] * 2, [])
    assert rollup.worst_status is TargetStatus.NO_DATA


def test_rollup_without_targets_or_milestones() -> None:
    """An empty sector has no worst status and no completion rate."""
    rollup = rollup_sector("battery", [], [])
    assert rollup.worst_status is None
    assert rollup.completion_rate is None
    assert rollup.milestones_total == 0


def test_rollup_completion_rate_keeps_cancelled_in_the_denominator() -> None:
    """Done and partial count as completed out of all milestones, cancelled ones included."""
    as_of = dt.date(2024, 7, 1)
    milestones = [
        judge_milestone(make_milestone(MilestoneStatus.DONE, due=year(2023), done=year(2023)), as_of),
        judge_milestone(make_milestone(MilestoneStatus.PARTIAL), as_of),
        judge_milestone(make_milestone(MilestoneStatus.CANCELLED, due=year(2023)), as_of),
        judge_milestone(make_milestone(MilestoneStatus.IN_PROGRESS, due=day(2024, 6, 30)), as_of),
    ]
    rollup = rollup_sector("battery", [], milestones)
    assert rollup.milestones_total == 4
    assert rollup.milestones_completed == 2
    assert rollup.milestones_cancelled == 1
    assert rollup.milestones_overdue == 1
    assert rollup.completion_rate == 0.5


def test_rollup_ignores_other_sectors_and_superseded_targets() -> None:
    """Only the sector's current targets and its own milestones are counted."""
    judgements = [
        make_judgement(TargetStatus.ON_TRACK),
        make_judgement(TargetStatus.MISSED, sector="hydrogen"),
        make_judgement(TargetStatus.REGRESSING, superseded=True),
    ]
    milestones = [judge_milestone(make_milestone(MilestoneStatus.DONE, sector="hydrogen"), dt.date(2024, 1, 1))]
    rollup = rollup_sector("battery", judgements, milestones)
    assert rollup.worst_status is TargetStatus.ON_TRACK
    assert sum(rollup.status_counts.values()) == 1
    assert rollup.milestones_total == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (TargetStatus.ACHIEVED, False),
        (TargetStatus.ON_TRACK, False),
        (TargetStatus.BEHIND, False),
        (TargetStatus.OFF_TRACK, True),
        (TargetStatus.REGRESSING, True),
        (TargetStatus.MISSED, True),
        (TargetStatus.NO_DATA, False),
    ],
)
def test_is_at_or_below_off_track(status: TargetStatus, expected: bool) -> None:
    """With the default off_track threshold, off_track, regressing and missed are problems."""
    assert is_at_or_below(status, TargetStatus.OFF_TRACK) is expected


def test_is_at_or_below_no_data_threshold_catches_no_data_alone() -> None:
    """A no_data threshold catches no_data and no judged status; no judged threshold catches no_data."""
    assert is_at_or_below(TargetStatus.NO_DATA, TargetStatus.NO_DATA)
    assert not any(
        is_at_or_below(status, TargetStatus.NO_DATA) for status in TargetStatus if status is not TargetStatus.NO_DATA
    )
    assert not any(
        is_at_or_below(TargetStatus.NO_DATA, threshold)
        for threshold in TargetStatus
        if threshold is not TargetStatus.NO_DATA
    )
    assert is_at_or_below(TargetStatus.BEHIND, TargetStatus.BEHIND)
    assert not is_at_or_below(TargetStatus.ACHIEVED, TargetStatus.MISSED)


# --- properties ------------------------------------------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False)
awkward_floats = st.one_of(
    finite_floats,
    st.sampled_from(
        [
            0.0,
            -0.0,
            1.0,
            -1.0,
            5e-324,
            -5e-324,
            2.2250738585072014e-308,
            1.7976931348623157e308,
            -1.7976931348623157e308,
        ]
    ),
)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    precision = draw(st.sampled_from(list(Precision)))
    year_ = draw(st.integers(2000, 2045))
    if precision is Precision.YEAR:
        return PartialDate.of_year(year_)
    if precision is Precision.QUARTER:
        return PartialDate.of_quarter(year_, draw(st.integers(1, 4)))
    if precision is Precision.MONTH:
        return PartialDate.of_month(year_, draw(st.integers(1, 12)))
    return PartialDate.of_day(draw(st.dates(dt.date(year_, 1, 1), dt.date(year_, 12, 31))))


def month_date(month_index: int) -> PartialDate:
    year_, month0 = divmod(month_index - 1, 12)
    return PartialDate.of_month(year_, month0 + 1)


@given(
    baseline=st.floats(-1e12, 1e12),
    goal=st.floats(-1e12, 1e12),
    values=st.lists(awkward_floats, min_size=2, max_size=2).map(sorted),
    baseline_month=st.integers(12 * 2000 + 1, 12 * 2030 + 12),
    horizon=st.integers(2, 600),
    elapsed_fraction=st.floats(0, 1, exclude_max=True),
)
def test_property_higher_value_never_worse_before_the_deadline(
    baseline: float, goal: float, values: list[float], baseline_month: int, horizon: int, elapsed_fraction: float
) -> None:
    """Before the deadline of a linear increase target, a higher latest value never gives a worse status."""
    elapsed = 1 + int(elapsed_fraction * (horizon - 1))  # 1 ≤ elapsed < horizon: after the baseline, before T
    observation_date = month_date(baseline_month + elapsed)
    indicator = make_indicator(baseline=baseline, baseline_date=month_date(baseline_month), kind=IndicatorKind.LEVEL)
    target = make_target(goal, month_date(baseline_month + horizon))
    lower, higher = (
        judge(
            [make_observation(observation_date, value)],
            indicator=indicator,
            target=target,
            as_of=observation_date.end(),
        )
        for value in values
    )
    # An observation after the baseline with a baseline set is always judged: no_data cannot hide a regression.
    assert lower.status is not TargetStatus.NO_DATA
    assert higher.status is not TargetStatus.NO_DATA
    assert higher.status.severity <= lower.status.severity


@given(
    baseline=awkward_floats,
    goal=awkward_floats,
    direction=st.sampled_from(list(Direction)),
    observation_date=partial_dates(),
    extra=st.lists(st.tuples(partial_dates(), awkward_floats), max_size=3),
)
def test_property_progress_is_exactly_100_at_the_target(
    baseline: float,
    goal: float,
    direction: Direction,
    observation_date: PartialDate,
    extra: list[tuple[PartialDate, float]],
) -> None:
    """When the judged value equals the target, progress is exactly 100 % and the target is achieved."""
    assume(goal > baseline if direction is Direction.INCREASE else goal < baseline)  # not a maintenance target
    baseline_date = year(1999)
    # Earlier observations only, so the one at the target value is both the latest and any final verdict.
    earlier = [make_observation(date, value) for date, value in extra if date.sort_key() < observation_date.sort_key()]
    indicator = make_indicator(baseline=baseline, baseline_date=baseline_date, direction=direction)
    target = make_target(goal, year(2030))
    deadline_month = target.deadline.month_index()
    assume(
        observation_date.month_index() < deadline_month
        or all(
            date.month_index() < deadline_month for date, _ in extra if date.sort_key() < observation_date.sort_key()
        )
    )
    result = judge(
        [*earlier, make_observation(observation_date, goal)],
        indicator=indicator,
        target=target,
        as_of=observation_date.end(),
    )
    assert result.actual == goal
    assert result.status is TargetStatus.ACHIEVED
    assert result.progress_pct == 100.0


@given(
    baseline=st.one_of(st.none(), awkward_floats),
    baseline_date=st.one_of(st.none(), partial_dates()),
    goal=awkward_floats,
    deadline=partial_dates(),
    direction=st.sampled_from(list(Direction)),
    kind=st.sampled_from(list(IndicatorKind)),
    model=st.sampled_from(list(Model)),
    observations=st.lists(st.tuples(partial_dates(), awkward_floats, st.booleans()), max_size=6),
    as_of=st.dates(dt.date(1999, 1, 1), dt.date(2050, 12, 31)),
)
def test_property_assess_target_never_raises_for_finite_inputs(
    baseline: float | None,
    baseline_date: PartialDate | None,
    goal: float,
    deadline: PartialDate,
    direction: Direction,
    kind: IndicatorKind,
    model: Model,
    observations: list[tuple[PartialDate, float, bool]],
    as_of: dt.date,
) -> None:
    """Any finite inputs give a status of the enum, finite or absent figures and flags in their fixed order."""
    indicator = Indicator(
        id=INDICATOR_ID,
        sector="battery",
        name_ko="투자",
        name_en="Investment",
        unit="조 원",
        baseline=baseline,
        baseline_date=baseline_date,
        direction=direction,
        kind=kind,
        model=model,
    )
    records = [make_observation(date, value, provisional=provisional) for date, value, provisional in observations]
    result = judge(records, indicator=indicator, target=make_target(goal, deadline), as_of=as_of)

    assert result.status in set(TargetStatus)
    for name in FLOAT_FIGURES:
        value = getattr(result, name)
        assert value is None or math.isfinite(value), name
    assert list(result.flags) == [flag for flag in Flag if flag in result.flags]
    assert len(set(result.flags)) == len(result.flags)
    if result.projected_reach is not None:
        assert result.projected_reach.precision is Precision.MONTH
        assert result.actual_date is not None
        assert result.projected_reach.month_index() > result.actual_date.month_index()
    if result.status is TargetStatus.NO_DATA:
        # §8.1 rule 1: no_data means nothing was counted; an actual without a baseline is not_judged.
        assert result.actual is None
        assert result.indication is None
        assert set(result.flags) <= {Flag.REVISED, Flag.DEADLINE_PASSED, Flag.NO_BASELINE}
    if result.status is TargetStatus.NOT_JUDGED:
        assert Flag.NO_BASELINE in result.flags
        assert result.actual is not None
    # The indicator is annual with the default lag: stale after 15 months (§8.2).
    assert (Flag.STALE in result.flags) == (result.data_age_months is not None and result.data_age_months > 15)
    if result.as_of_elapsed_pct is not None:
        assert 0 <= result.as_of_elapsed_pct <= 100
    by_pace = {TargetStatus.ON_TRACK, TargetStatus.BEHIND, TargetStatus.OFF_TRACK, TargetStatus.REGRESSING}
    if result.pace_ratio is not None:
        # A pace is judged by, or indicates, a rung of rule 8; weak evidence or a passed deadline keep the verdict.
        assert result.indication in by_pace
        assert result.status in {result.indication, TargetStatus.PENDING_FINAL, TargetStatus.INSUFFICIENT}
    if result.status.is_verdict:
        assert result.indication is result.status


@given(
    dates=st.lists(partial_dates(), max_size=12),
    baseline_month=st.integers(12 * 2000 + 1, 12 * 2045 + 12),
    deadline_month=st.integers(12 * 2000 + 1, 12 * 2046 + 12),
    as_of=st.dates(dt.date(2000, 1, 1), dt.date(2046, 12, 31)),
)
def test_property_one_pass_scan_agrees_with_the_rules_in_month_terms(
    dates: list[PartialDate], baseline_month: int, deadline_month: int, as_of: dt.date
) -> None:
    """The scan's day comparisons pick what §2 and §4 say in months: counted, latest, and the deadline verdict."""
    # Observations of one date share an id in a database; here several may, so ids are made distinct.
    observations = [
        Observation(id=f"{n:02d}", indicator=INDICATOR_ID, date=date, value=float(n)) for n, date in enumerate(dates)
    ]
    counted = [o for o in observations if o.date.month_index() > baseline_month and o.date.end() <= as_of]
    found = scan_observations(reversed(observations), baseline_month, deadline_month, as_of)

    def order(o: Observation) -> tuple[int, tuple[dt.date, dt.date], str]:
        return o.date.month_index(), o.date.sort_key(), o.id

    final = [o for o in counted if o.date.month_index() >= deadline_month]
    assert found.counted == len(counted)
    assert found.before_deadline == len(counted) - len(final)
    assert found.latest == max(counted, key=order, default=None)
    assert found.verdict == min(final, key=order, default=None)


@given(
    fresh=st.lists(st.tuples(partial_dates(), st.floats(-1e6, 1e6)), max_size=6),
    stale=st.lists(st.tuples(partial_dates(), st.floats(-1e6, 1e6)), min_size=1, max_size=6),
    as_of=st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)),
    has_baseline=st.booleans(),
)
def test_property_more_stale_data_never_removes_the_stale_flag(
    fresh: list[tuple[PartialDate, float]],
    stale: list[tuple[PartialDate, float]],
    as_of: dt.date,
    has_baseline: bool,
) -> None:
    """Adding observations that are themselves more than 15 months old never clears a raised `stale` flag."""
    as_of_month = as_of.year * 12 + as_of.month
    old = [(date, value) for date, value in stale if as_of_month - date.month_index() > 15]
    assume(old)
    indicator = make_indicator(baseline=0.0 if has_baseline else None)
    target = make_target(14.0, year(2030))

    def observations(items: list[tuple[PartialDate, float]]) -> list[Observation]:
        # One value per date, as in a database.
        return list({o.id: o for o in (make_observation(date, value) for date, value in items)}.values())

    before = judge_target(indicator, target, observations(fresh), as_of)
    assume(Flag.STALE in before.flags)
    after = judge_target(indicator, target, observations(fresh + old), as_of)
    assert Flag.STALE in after.flags
