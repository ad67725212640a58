"""Tests of the §8 ladder (docs/progress-methodology.md §8): the worked examples S1′–S13, E1′, S2″ and S4″, which
fix the order of the rules, the stale limit of §8.2, a person's assessment (§8.3), judging as it was known (§8.5),
roll-ups and `check`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.dates import PartialDate
from pohang_cli.models import (
    Assessment,
    Dataset,
    Direction,
    Flag,
    Frequency,
    Indicator,
    IndicatorKind,
    Model,
    Observation,
    ObservationRevision,
    Sector,
    Target,
    TargetRevision,
    TargetStatus,
    observation_id,
    target_id,
)
from pohang_cli.progress import Judgement, Rule, is_at_or_below, judge_target, judge_watched, rollup_sector
from pohang_cli.progress.flags import next_expected, stale_after_months
from pohang_cli.progress.known import as_known, targets_in_force
from pohang_cli.service import check, dataset_as_of, status

TODAY = dt.date(2026, 11, 25)
ID = "battery.investment"


def year(value: int) -> PartialDate:
    return PartialDate.of_year(value)


def month(year_: int, month_: int) -> PartialDate:
    return PartialDate.of_month(year_, month_)


def day(year_: int, month_: int, day_: int) -> PartialDate:
    return PartialDate.of_day(dt.date(year_, month_, day_))


BASELINE_DATE = year(2022)
DEADLINE = year(2027)


def indicator(
    *,
    baseline: float | None = 0.0,
    baseline_date: PartialDate | None = BASELINE_DATE,
    kind: IndicatorKind = IndicatorKind.CUMULATIVE,
    unit: str = "KRW",
    frequency: Frequency = Frequency.ANNUAL,
    lag_months: int = 3,
    direction: Direction = Direction.INCREASE,
) -> Indicator:
    return Indicator(
        id=ID,
        sector="battery",
        name_ko="투자 유치",
        name_en="Investment attracted",
        unit=unit,
        baseline=baseline,
        baseline_date=baseline_date if baseline is not None else None,
        kind=kind,
        frequency=frequency,
        lag_months=lag_months,
        direction=direction,
    )


def target(value: float = 14.0, deadline: PartialDate = DEADLINE, **changes: object) -> Target:
    return replace(Target(target_id(ID, deadline), ID, value, deadline), **changes)  # type: ignore[arg-type]


def observation(date: PartialDate, value: float, *, provisional: bool = False, **changes: object) -> Observation:
    made = Observation(observation_id(ID, date), ID, date, value, provisional=provisional)
    return replace(made, **changes)  # type: ignore[arg-type]


def judge(observations: list[Observation], as_of: dt.date = TODAY, **kwargs: object) -> Judgement:
    return judge_target(
        kwargs.pop("indicator", None) or indicator(),  # type: ignore[arg-type]
        kwargs.pop("target", None) or target(),  # type: ignore[arg-type]
        observations,
        as_of,
        kwargs.pop("assessment", None),  # type: ignore[arg-type]
    )


# --- §8.6 worked examples --------------------------------------------------------------------------------


def test_s1_prime_stale_figure_is_too_little_evidence() -> None:
    """S1′: A's target with only 2023: 3.0, judged 2026-11-25, is insufficient (35 > 15); the figures say on track."""
    result = judge([observation(year(2023), 3.0)])
    assert (result.status, result.indication, result.rule) == (
        TargetStatus.INSUFFICIENT,
        TargetStatus.ON_TRACK,
        Rule.STALE,
    )
    assert result.data_age_months == 35
    assert Flag.STALE in result.flags


def test_s2_prime_keeps_its_machine_flags() -> None:
    """S2′: a provisional 2023: 5.6 is insufficient, indication on_track, with reach_passed, stale and provisional."""
    result = judge([observation(year(2023), 5.6, provisional=True)])
    assert result.status is TargetStatus.INSUFFICIENT
    assert result.indication is TargetStatus.ON_TRACK
    assert {Flag.REACH_PASSED, Flag.STALE, Flag.PROVISIONAL} <= set(result.flags)


def test_s2_double_prime_provisional_figure_over_the_target() -> None:
    """S2″: one provisional 2024 figure of 15, above 14, is insufficient with the indication achieved."""
    result = judge([observation(year(2024), 15.0, provisional=True)])
    assert result.status is TargetStatus.INSUFFICIENT
    assert result.indication is TargetStatus.ACHIEVED
    # Judged young, the same figure is still too little evidence: it meets the target but is provisional.
    young = judge([observation(year(2023), 3.0), observation(year(2024), 15.0, provisional=True)], dt.date(2025, 1, 1))
    assert (young.status, young.indication, young.rule) == (
        TargetStatus.INSUFFICIENT,
        TargetStatus.ACHIEVED,
        Rule.MET_PROVISIONAL,
    )


def test_s3_prime_no_data_past_deadline_is_reported_by_check() -> None:
    """S3′: 686,000 t by 2025 with no actual is no_data with deadline_passed."""
    result = judge(
        [], indicator=indicator(baseline=150_000, kind=IndicatorKind.LEVEL), target=target(686_000, year(2025))
    )
    assert result.status is TargetStatus.NO_DATA
    assert result.flags == (Flag.DEADLINE_PASSED,)


def test_s4_prime_without_baseline_is_not_judged() -> None:
    """S4′: no baseline, 2024: 58 against 70 by 2035 is not judged, with the actual 58 (2024) shown."""
    result = judge([observation(year(2024), 58.0)], indicator=indicator(baseline=None), target=target(70, year(2035)))
    assert result.status is TargetStatus.NOT_JUDGED
    assert (result.actual, result.actual_date) == (58.0, year(2024))
    assert Flag.NO_BASELINE in result.flags


def test_s4_double_prime_final_figure_needs_no_baseline() -> None:
    """S4″: the same plus 2035: 75, judged 2036-02, is achieved: rule 2 comes before rule 4."""
    result = judge(
        [observation(year(2024), 58.0), observation(year(2035), 75.0)],
        dt.date(2036, 2, 1),
        indicator=indicator(baseline=None),
        target=target(70, year(2035)),
    )
    assert (result.status, result.rule, result.actual) == (TargetStatus.ACHIEVED, Rule.FINAL_FIGURE, 75.0)


def test_e1_prime_met_early_stays_achieved_after_the_deadline() -> None:
    """E1′: C's target met in 2029 (72 ≥ 70 by 2030), judged 2031-01, is still achieved, never pending_final."""
    result = judge(
        [observation(year(2029), 72.0)],
        dt.date(2031, 1, 15),
        indicator=indicator(baseline=12.0),
        target=target(70.0, year(2030)),
    )
    assert (result.status, result.rule) == (TargetStatus.ACHIEVED, Rule.TARGET_MET)


def _s6(*extra: Observation, as_of: dt.date = TODAY) -> Judgement:
    return judge(
        [observation(month(2024, 9), 160_000), *extra],
        as_of,
        indicator=indicator(baseline=150_000, baseline_date=month(2022, 10), kind=IndicatorKind.LEVEL, unit="t"),
        target=target(270_000, year(2025)),
    )


def test_s6_past_deadline_awaits_the_final_figure() -> None:
    """S6: 160,000 of 270,000 t by 2025 (b = 150,000 in 2022-10): pending_final, off track, 8.3 %, level 59.3."""
    result = _s6()
    assert (result.status, result.indication) == (TargetStatus.PENDING_FINAL, TargetStatus.OFF_TRACK)
    assert result.progress_pct == pytest.approx(8.33, abs=0.005)
    assert result.level_pct == pytest.approx(59.26, abs=0.005)


def test_s7_a_late_final_figure_is_achieved_late() -> None:
    """S7: the same plus 2026-11: 270,000, judged 2026-12-07, is achieved with the flag late."""
    result = _s6(observation(month(2026, 11), 270_000), as_of=dt.date(2026, 12, 7))
    assert result.status is TargetStatus.ACHIEVED
    assert Flag.LATE in result.flags


def test_s8_monthly_figure_is_stale_after_four_months() -> None:
    """S8: a monthly indicator's 2026-06 figure is 5 > 4 months old on 2026-11-25; next expected 2026-10."""
    monthly = indicator(frequency=Frequency.MONTHLY)
    result = judge([observation(month(2026, 1), 1.0), observation(month(2026, 6), 3.0)], indicator=monthly)
    assert (result.status, result.rule) == (TargetStatus.INSUFFICIENT, Rule.STALE)
    assert result.next_expected == month(2026, 10)


def test_s9_percentage_changes_in_points() -> None:
    """S9: 91 % (2025-H1) then 89.5 % (2025-12-31): −1.5 %p, −3.0 %p a year, change_pct null."""
    percent = indicator(unit="%", kind=IndicatorKind.LEVEL)
    observations = [observation(PartialDate.of_half(2025, 1), 91.0), observation(day(2025, 12, 31), 89.5)]
    result = judge_watched(percent, observations, TODAY)
    assert result.status is TargetStatus.NO_TARGET
    assert result.change_points == pytest.approx(-1.5)
    assert result.change_points_per_year == pytest.approx(-3.0)
    assert result.change_pct is None


def _revised_city_total() -> Observation:
    return observation(
        year(2023),
        5.4e12,
        reported=day(2024, 12, 16),
        revisions=(ObservationRevision(7.4e12, reported=day(2023, 12, 20)),),
    )


def test_s10_known_as_of_gives_the_vintage_current_then() -> None:
    """S10: 7.4조 reported 2023-12-20, revised to 5.4조 on 2024-12-16: known on 2024-06-30 it is 7.4조."""
    revised = _revised_city_total()
    assert as_known(revised, dt.date(2024, 6, 30)).value == 7.4e12  # type: ignore[union-attr]
    assert as_known(revised, dt.date(2025, 1, 1)).value == 5.4e12  # type: ignore[union-attr]
    assert as_known(revised, dt.date(2023, 12, 19)) is None


def _replaced_hydrogen_target() -> dict[str, Target]:
    old = Target(
        "hydrogen.companies@2030", "hydrogen.companies", 50, year(2030), superseded_by="hydrogen.companies@2035"
    )
    new = Target(
        "hydrogen.companies@2035",
        "hydrogen.companies",
        70,
        year(2035),
        revisions=(TargetRevision(50, year(2030), day(2024, 11, 1), "특화단지 지정 때 목표 연도 조정"),),
        supersedes="hydrogen.companies@2030",
        adopted=day(2024, 11, 1),
    )
    return {old.id: old, new.id: new}


def test_s11_as_of_shows_the_version_in_force() -> None:
    """S11: a 2035 target created 2024-11-01, replacing one by 2030: as of 2024-01-01 only the 2030 version stands."""
    standing = targets_in_force(_replaced_hydrogen_target(), dt.date(2024, 1, 1))
    assert list(standing) == ["hydrogen.companies@2030"]
    assert standing["hydrogen.companies@2030"].is_current
    later = targets_in_force(_replaced_hydrogen_target(), dt.date(2024, 11, 2))
    assert [t.id for t in later.values() if t.is_current] == ["hydrogen.companies@2035"]


def test_a_value_revision_shows_the_value_in_force() -> None:
    """A target revised in value on 2025-03-01 shows its earlier value as of 2025-01-01, unrevised."""
    revised = target(16.0, revisions=(TargetRevision(14.0, year(2027), day(2025, 3, 1), "상향"),))
    then = targets_in_force({revised.id: revised}, dt.date(2025, 1, 1))[revised.id]
    assert (then.value, then.is_revised) == (14.0, False)
    assert targets_in_force({revised.id: revised}, dt.date(2025, 3, 1))[revised.id].value == 16.0


def test_s13_assessment_disputes_the_figures() -> None:
    """S13: S2′ plus an assessment off_track of 2025-01-10 with two sources: insufficient, assessed off_track,
    disputed; the 2023 figure was reported before it, so the assessment is not outdated."""
    assessment = Assessment(
        "battery.investment@2027",
        TargetStatus.OFF_TRACK,
        "2024년 투자 부진",
        ("https://example.org/a", "https://example.org/b"),
        day(2025, 1, 10),
    )
    result = judge([observation(year(2023), 5.6, provisional=True, reported=day(2023, 12, 21))], assessment=assessment)
    assert result.status is TargetStatus.INSUFFICIENT
    assert result.assessment == assessment
    assert Flag.DISPUTED in result.flags
    assert Flag.ASSESSMENT_OUTDATED not in result.flags


def test_an_assessment_before_the_latest_report_is_outdated() -> None:
    """An assessment made before the latest actual was reported gets assessment_outdated (§8.3)."""
    assessment = Assessment(target().id, TargetStatus.ON_TRACK, "순항", ("https://example.org",), day(2024, 1, 1))
    result = judge(
        [observation(year(2023), 3.0), observation(year(2024), 6.5)], dt.date(2025, 1, 1), assessment=assessment
    )
    assert result.status is TargetStatus.ON_TRACK
    assert Flag.ASSESSMENT_OUTDATED in result.flags
    assert Flag.DISPUTED not in result.flags


# --- §8.2 the stale limit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "limit"),
    [
        (Frequency.MONTHLY, 4),
        (Frequency.QUARTERLY, 6),
        (Frequency.HALF_YEARLY, 9),
        (Frequency.ANNUAL, 15),
        (Frequency.IRREGULAR, 24),
    ],
)
def test_stale_limit_follows_the_frequency(frequency: Frequency, limit: int) -> None:
    """Monthly 4, quarterly 6, half-yearly 9, annual 15 months with the default lag; irregular 24."""
    assert stale_after_months(indicator(frequency=frequency)) == limit


def test_lag_moves_the_limit_and_next_expected() -> None:
    """A lag of 6 months makes an annual figure stale after 18 months and due 18 months after its year."""
    slow = indicator(lag_months=6)
    assert stale_after_months(slow) == 18
    assert next_expected(slow, year(2023)) == month(2025, 6)
    assert next_expected(indicator(frequency=Frequency.IRREGULAR), year(2023)) is None


@given(age=st.integers(0, 60), lag=st.integers(0, 12), months=st.sampled_from([1, 3, 6, 12]))
def test_stale_exactly_when_the_next_figure_is_late(age: int, lag: int, months: int) -> None:
    """A latest figure is stale exactly when the as-of month is after its next figure's due month (§8.2)."""
    frequency = {1: Frequency.MONTHLY, 3: Frequency.QUARTERLY, 6: Frequency.HALF_YEARLY, 12: Frequency.ANNUAL}[months]
    rated = indicator(frequency=frequency, lag_months=lag)
    latest = month(2020, 12)
    as_of_month = latest.month_index() + age
    as_of = dt.date((as_of_month - 1) // 12, (as_of_month - 1) % 12 + 1, 15)
    due = next_expected(rated, latest)
    assert due is not None
    result = judge(
        [observation(latest, 1.0)],
        as_of,
        indicator=replace(rated, baseline_date=year(2019)),
        target=target(99.0, year(2060)),
    )
    assert (Flag.STALE in result.flags) == (as_of_month > due.month_index())


# --- the order of the rules ------------------------------------------------------------------------------


@given(
    values=st.lists(st.floats(0, 30, allow_nan=False), min_size=0, max_size=4),
    provisional=st.lists(st.booleans(), min_size=4, max_size=4),
    as_of_year=st.integers(2023, 2032),
    has_baseline=st.booleans(),
)
def test_a_non_verdict_never_hides_a_final_figure_or_a_met_target(
    values: list[float], provisional: list[bool], as_of_year: int, has_baseline: bool
) -> None:
    """Whatever the data: a figure at or after the deadline always gives achieved or missed (rule 2), a final
    figure meeting the target before it gives achieved (rule 3), and a verdict's indication is the verdict."""
    observations = [observation(year(2023 + n), v, provisional=provisional[n]) for n, v in enumerate(values)]
    result = judge(
        observations,
        dt.date(as_of_year, 6, 30),
        indicator=indicator(baseline=0.0 if has_baseline else None),
        target=target(14.0, year(2025)),
    )
    counted = [o for o in observations if o.date.end() <= dt.date(as_of_year, 6, 30)]
    final = [o for o in counted if o.date.year >= 2025]
    if final:
        assert result.status in (TargetStatus.ACHIEVED, TargetStatus.MISSED)
    elif counted and counted[-1].value >= 14.0 and not counted[-1].provisional:
        assert result.status is TargetStatus.ACHIEVED
    if result.status.is_verdict:
        assert result.indication is result.status
    if not counted:
        assert result.status is TargetStatus.NO_DATA
        assert result.indication is None


# --- roll-ups and check ----------------------------------------------------------------------------------


def _judged(status: TargetStatus, flags: tuple[Flag, ...] = ()) -> Judgement:
    return Judgement(indicator(), target(), status, flags, Model.LINEAR)


def test_rollup_never_calls_a_sector_achieved_beside_an_unknown() -> None:
    """A sector with an achieved target and one with too little evidence is, at worst, insufficient (§8.1)."""
    for unknown in (
        TargetStatus.NO_DATA,
        TargetStatus.NOT_JUDGED,
        TargetStatus.PENDING_FINAL,
        TargetStatus.INSUFFICIENT,
    ):
        rollup = rollup_sector("battery", [_judged(TargetStatus.ACHIEVED), _judged(unknown)], [])
        assert rollup.worst_status is unknown
        assert rollup.status_counts[TargetStatus.ACHIEVED] == rollup.status_counts[unknown] == 1


def test_rollup_keeps_a_bad_verdict_beside_an_unknown() -> None:
    """A verdict worse than on track is still the worst: it is true whatever the unknown target turns out to be."""
    rollup = rollup_sector("battery", [_judged(TargetStatus.OFF_TRACK), _judged(TargetStatus.INSUFFICIENT)], [])
    assert rollup.worst_status is TargetStatus.OFF_TRACK


def test_rollup_picks_the_most_pressing_unknown() -> None:
    """Without a verdict, awaiting a final figure comes before too little evidence, not judged and no data."""
    statuses = [TargetStatus.NO_DATA, TargetStatus.NOT_JUDGED, TargetStatus.INSUFFICIENT, TargetStatus.PENDING_FINAL]
    rollup = rollup_sector("battery", [_judged(s) for s in statuses], [])
    assert rollup.worst_status is TargetStatus.PENDING_FINAL


@pytest.mark.parametrize(
    "status", [TargetStatus.NO_DATA, TargetStatus.NOT_JUDGED, TargetStatus.PENDING_FINAL, TargetStatus.INSUFFICIENT]
)
def test_a_non_verdict_is_at_or_below_itself_only(status: TargetStatus) -> None:
    """`check --fail-on X` for a non-verdict catches X alone; no verdict threshold catches a non-verdict."""
    assert is_at_or_below(status, status)
    assert not is_at_or_below(status, TargetStatus.ACHIEVED)
    assert not is_at_or_below(TargetStatus.MISSED, status)


def _sample_like() -> Dataset:
    data = Dataset(sectors={"battery": Sector("battery", "이차전지", "Secondary batteries")})
    data.indicators[ID] = indicator()
    pending = Indicator(
        "battery.capacity", "battery", "생산능력", "Capacity", "t", 150_000.0, month(2022, 10), owner="에코프로"
    )
    data.indicators[pending.id] = pending
    data.targets[target().id] = target()
    capacity = Target("battery.capacity@2025", pending.id, 270_000, year(2025))
    data.targets[capacity.id] = capacity
    for made in (
        observation(year(2023), 5.6, provisional=True, reported=day(2023, 12, 21)),
        Observation("battery.capacity:2024-09", pending.id, month(2024, 9), 160_000),
    ):
        data.observations[made.id] = made  # a table is keyed by the records' ids
    return data


def test_check_reports_pending_final_and_insufficient_with_stale() -> None:
    """`check` reports pending_final by default; --stale adds insufficient (§8.1)."""
    data = _sample_like()
    reported = {p.id: p.status for p in check(data, TODAY).problems}
    assert reported == {"battery.capacity@2025": "pending_final"}
    with_stale = {p.id: p.status for p in check(data, TODAY, stale=True).problems}
    assert with_stale == {"battery.capacity@2025": "pending_final", "battery.investment@2027": "insufficient"}


def test_check_reports_a_disputed_target() -> None:
    """S13 in `check`: the disputed target is a problem without --stale."""
    data = _sample_like()
    data.assessments[target().id] = Assessment(
        target().id, TargetStatus.OFF_TRACK, "부진", ("https://example.org",), day(2025, 1, 10)
    )
    assert target().id in {p.id for p in check(data, TODAY).problems}


def test_status_ignores_an_assessment_made_after_the_as_of_date() -> None:
    """An assessment counts from its date: judged before it, the row has none and no flag of it."""
    data = _sample_like()
    data.assessments[target().id] = Assessment(
        target().id, TargetStatus.OFF_TRACK, "부진", ("https://example.org",), day(2025, 1, 10)
    )
    before = next(a for a in status(data, dt.date(2024, 6, 30)).judgements if a.target.id == target().id)
    after = next(a for a in status(data, TODAY).judgements if a.target.id == target().id)
    assert before.assessment is None
    assert Flag.DISPUTED not in before.flags
    assert after.assessment is not None


def test_status_known_as_of_drops_later_reports() -> None:
    """`--known-as-of 2023-12-01` knows nothing of the 2023 figure reported on 2023-12-21."""
    data = _sample_like()
    report = status(data, dt.date(2024, 1, 31), known_as_of=dt.date(2023, 12, 1))
    investment = next(a for a in report.judgements if a.target.id == target().id)
    assert investment.status is TargetStatus.NO_DATA
    assert report.known_as_of == dt.date(2023, 12, 1)
    assert dataset_as_of(data, TODAY).observations is data.observations


def test_s12_projection_is_rounded_for_people_only() -> None:
    """S12: S6's projection 166,521.7 t and reach 2045-10 read `17만 t` and `2045년경` in tables, exact in json."""
    from pohang_cli.render.labels import projection_text, reach_text
    from pohang_cli.render.rows import status_row

    result = _s6(as_of=dt.date(2025, 6, 1))
    assert result.projected_value == pytest.approx(166_521.7, abs=0.05)
    assert result.projected_reach == month(2045, 10)
    assert projection_text(result, "ko") == "17만 t"
    assert reach_text(result, "ko") == "2045년경 도달 전망"
    assert reach_text(result, "en") == "target reached around 2045"
    row = status_row(result)
    assert (row["projected_value"], row["projected_reach"]) == (166521.73913, "2045-10")
