"""Tests of pohang_cli.caveats and the notes of `record` and `import` (methodology §7): said, never refused."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pohang_cli.caveats import BEFORE_BASELINE, FALLING_TOTAL, OVERLAP, PERIOD_NOT_ENDED, caveats, describe
from pohang_cli.dates import PartialDate
from pohang_cli.i18n import set_language
from pohang_cli.models import Indicator, IndicatorKind, Observation, observation_id
from tests.conftest import Invoke

AS_OF = dt.date(2026, 12, 2)


def _indicator(kind: IndicatorKind = IndicatorKind.CUMULATIVE, *, baseline: bool = True) -> Indicator:
    return Indicator(
        "battery.investment", "battery", "투자 유치", "Investment attracted", "KRW",
        0.0 if baseline else None, PartialDate.of_year(2022) if baseline else None, kind=kind,
    )  # fmt: skip


def _observation(when: PartialDate, value: float) -> Observation:
    return Observation(observation_id("battery.investment", when), "battery.investment", when, value)


def _codes(observations: list[Observation], **kwargs: object) -> list[tuple[str, str]]:
    indicator = kwargs.pop("indicator", _indicator())
    assert isinstance(indicator, Indicator)
    return [(c.code, c.observation.id) for c in caveats(indicator, observations, AS_OF, **kwargs)]  # type: ignore[arg-type]


def test_a_running_total_that_falls_gives_both_readings_with_numbers() -> None:
    """§7's example: 2,000억 below the 2023 total 5조 6,000억; as the 2024 increment it would be 5조 8,000억."""
    series = [_observation(PartialDate.of_year(2023), 5.6e12), _observation(PartialDate.of_year(2024), 2e11)]
    (found,) = caveats(_indicator(), series, AS_OF)
    assert (found.code, found.observation.id, found.other) == (FALLING_TOTAL, "battery.investment:2024", series[0])
    set_language("ko")
    assert describe(found, _indicator(), AS_OF, "ko") == (
        "battery.investment:2024: 2,000억 원은(는) 2023 누계 5조 6,000억 원보다 작습니다. 2024 증가분이라면 "
        "누계 5조 8,000억 원을(를) 기록하고, 철회(MOU 취소 등)라면 비고에 그렇게 적으세요"
    )
    set_language("en")
    assert describe(found, _indicator(), AS_OF, "en") == (
        "battery.investment:2024: KRW 200.0 bn is below the 2023 total KRW 5.6 tn; if it is the 2024 increment, "
        "record KRW 5.8 tn; if it is a withdrawal (an MOU cancelled), say so in the note"
    )


def test_a_falling_level_is_no_caveat() -> None:
    """Only a running total must not fall: a level indicator may go down."""
    series = [_observation(PartialDate.of_year(2023), 5.0), _observation(PartialDate.of_year(2024), 2.0)]
    assert _codes(series, indicator=_indicator(IndicatorKind.LEVEL)) == []


def test_at_or_before_the_baseline_period() -> None:
    """2022 and 2022-06 are not after the baseline 2022; 2023-01 is."""
    series = [
        _observation(PartialDate.of_year(2022), 1.0),
        _observation(PartialDate.of_month(2022, 6), 1.0),
        _observation(PartialDate.of_month(2023, 1), 1.0),
    ]
    assert [code for code in _codes(series) if code[0] == BEFORE_BASELINE] == [
        (BEFORE_BASELINE, "battery.investment:2022-06"),
        (BEFORE_BASELINE, "battery.investment:2022"),
    ]
    assert [code for code, _ in _codes(series, indicator=_indicator(baseline=False))] == [OVERLAP]


def test_a_period_not_yet_ended() -> None:
    """ "2026" on 2026-12-02 counts from 2027-01-01; the note suggests the last ended month, 2026-11."""
    (found,) = caveats(_indicator(), [_observation(PartialDate.of_year(2026), 9e12)], AS_OF)
    assert found.code == PERIOD_NOT_ENDED
    assert describe(found, _indicator(), AS_OF, "en") == (
        "battery.investment:2026: the period 2026 has not ended on 2026-12-02; it counts from 2027-01-01. "
        "For a year-to-date figure record the month (2026-11)"
    )
    assert describe(found, _indicator(), dt.date(2026, 11, 30), "en").endswith("record the month (2026-11)")


def test_overlapping_periods_are_reported_once_each() -> None:
    """§7's example: 2024, 2024-Q4 and 2024-03 overlap; 2023 and 2025 touch nothing."""
    series = [
        _observation(PartialDate.of_year(2023), 1.0),
        _observation(PartialDate.of_year(2024), 3.0),
        _observation(PartialDate.of_quarter(2024, 4), 3.0),
        _observation(PartialDate.of_month(2024, 3), 2.0),
        _observation(PartialDate.of_year(2025), 4.0),
    ]
    assert sorted(code for code in _codes(series) if code[0] == OVERLAP) == [
        (OVERLAP, "battery.investment:2024-03"),
        (OVERLAP, "battery.investment:2024-Q4"),
    ]


def test_about_keeps_the_caveats_of_the_named_observations_and_those_they_meet() -> None:
    """Recording an earlier total above a later one reports the later one, which now falls."""
    series = [_observation(PartialDate.of_year(2023), 7.0), _observation(PartialDate.of_year(2024), 6.0)]
    assert _codes(series, about={"battery.investment:2023"}) == [(FALLING_TOTAL, "battery.investment:2024")]
    assert _codes(series, about={"battery.investment:2022"}) == []


@st.composite
def _series(draw: st.DrawFn) -> list[Observation]:
    years = draw(st.lists(st.integers(2019, 2030), unique=True, max_size=8))
    return [_observation(PartialDate.of_year(y), draw(st.floats(-1e6, 1e6))) for y in years]


@given(_series())
def test_property_annual_series_never_overlap_and_fall_only_where_totals_fall(series: list[Observation]) -> None:
    """Distinct years never overlap; a falling-total caveat is exactly a drop between consecutive counted years."""
    found = _codes(series)
    assert all(code != OVERLAP for code, _ in found)
    counted = sorted((o for o in series if o.date.year > 2022), key=lambda o: o.date.year)
    drops = [later.id for earlier, later in itertools.pairwise(counted) if later.value < earlier.value]
    assert [oid for code, oid in found if code == FALLING_TOTAL] == drops


# --- the notes of record and import ---------------------------------------------------------------------


def test_record_notes_a_falling_total_and_stores_it(cli: Invoke, sample_db: Path) -> None:
    """`record` says how the value counts on stderr, stores it all the same, and prints the id alone."""
    result = cli(
        "record", "battery.investment", "2000억", "--date", "2024", "--db", str(sample_db), env={"POHANG_LANG": "ko"}
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "battery.investment:2024\n")
    assert result.stderr == (
        "battery.investment:2024을(를) 기록했습니다: 2024 (연) 2,000억 원\n"
        "참고: battery.investment:2024: 2,000억 원은(는) 2023 누계 5조 6,000억 원보다 작습니다. 2024 증가분이라면 "
        "누계 5조 8,000억 원을(를) 기록하고, 철회(MOU 취소 등)라면 비고에 그렇게 적으세요\n"
    )
    quiet = cli("record", "battery.investment", "2000억", "--date", "2024", "--db", str(sample_db), "-q")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


def test_record_notes_a_period_not_ended(cli: Invoke, sample_db: Path) -> None:
    """A year recorded before it has ended is kept, with a note on when it counts."""
    result = cli(
        "record", "battery.investment", "9조", "--date", "2026", "--db", str(sample_db), "--as-of", "2026-12-02",
        env={"POHANG_LANG": "en"},
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        "note: battery.investment:2026: the period 2026 has not ended on 2026-12-02; it counts from 2027-01-01. "
        "For a year-to-date figure record the month (2026-11)"
    )


def test_import_notes_the_files_observations(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """`import` notes, after its summary, the caveats of the file's observations, and imports them all."""
    source = tmp_path / "actuals.csv"
    source.write_text(
        "indicator,date,value,source,note\n"
        "battery.investment,2022-06,1조,https://example.org/a,\n"
        "battery.investment,2024,2000억,https://example.org/b,\n",
        encoding="utf-8",
    )
    result = cli("import", str(source), "--db", str(sample_db), env={"POHANG_LANG": "en"})
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"imported {source} (UTF-8): 2 added, 0 updated, 0 unchanged (observations)",
        "note: battery.investment:2022-06: 2022-06 is not after the baseline (2022); it is kept, but not used "
        "for progress",
        "note: battery.investment:2024: KRW 200.0 bn is below the 2023 total KRW 5.6 tn; if it is the 2024 "
        "increment, record KRW 5.8 tn; if it is a withdrawal (an MOU cancelled), say so in the note",
    ]
