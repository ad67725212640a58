"""Tests of `pohang explain` (service/explaining.py, render/explain_*.py): the chain from data to verdict."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pohang_cli.dates import PartialDate
from pohang_cli.models import Assessment, Dataset, Indicator, Observation, Sector, Target, TargetRevision, TargetStatus
from pohang_cli.render.explain_text import bound_text, explanation_sections
from pohang_cli.service.explaining import explain
from tests.conftest import Invoke

TODAY = dt.date(2026, 11, 25)


def _investment() -> Dataset:
    """S2′ on the battery investment target: one provisional 2023 figure of 5.6조 against 14조 by 2027."""
    data = Dataset(sectors={"battery": Sector("battery", "이차전지", "Secondary batteries")})
    indicator = Indicator(
        "battery.investment", "battery", "투자 유치", "Investment", "KRW", 0.0, PartialDate.of_year(2022)
    )
    data.indicators[indicator.id] = indicator
    target = Target("battery.investment@2027", indicator.id, 14e12, PartialDate.of_year(2027))
    data.targets[target.id] = target
    data.observations["battery.investment:2023"] = Observation(
        "battery.investment:2023",
        indicator.id,
        PartialDate.of_year(2023),
        5.6e12,
        provisional=True,
        reported=PartialDate.of_day(dt.date(2023, 12, 21)),
    )
    return data


def test_what_would_change_is_the_threshold_of_the_issue() -> None:
    """A 2025 figure (the first that would not be stale, late from 2026-03) of 7.98조 makes it on track."""
    explained = explain(_investment(), "battery.investment@2027", TODAY)
    change = explained.change
    assert (change.kind, change.period, change.expected) == (
        "figure",
        PartialDate.of_year(2025),
        PartialDate.of_month(2026, 3),
    )
    thresholds = {t.status: t.value for t in change.thresholds}
    assert thresholds[TargetStatus.ON_TRACK] == pytest.approx(7.98e12)
    assert thresholds[TargetStatus.BEHIND] == pytest.approx(4.2e12)
    assert thresholds[TargetStatus.OFF_TRACK] == 0
    assert thresholds[TargetStatus.ACHIEVED] == 14e12
    assert thresholds[TargetStatus.REGRESSING] is None
    lines = {s.key: s.lines for s in explanation_sections(explained, "ko")}["change"]
    assert "2025 실적이 7조 9,800억 원 이상이면 순항" in lines
    english = {s.key: s.lines for s in explanation_sections(explained, "en")}["change"]
    assert "a 2025 figure of at least KRW 8.0 tn (7,980,000,000,000) would make it on track" in english


def test_the_sections_follow_the_chain_from_data_to_verdict() -> None:
    """Every section in order; the verdict names its rule, the figures put the numbers in the formula."""
    sections = explanation_sections(explain(_investment(), "battery.investment@2027", TODAY), "ko")
    assert [s.key for s in sections] == [
        "verdict", "target", "baseline", "actuals", "figures", "flags", "assessment", "change"
    ]  # fmt: skip
    by_key = {s.key: s.lines for s in sections}
    assert by_key["verdict"] == (
        "근거 부족",
        "수치만으로는 순항",
        "규칙 6: 최근 실적(2023)이 35개월 전 자료로, 연간 자료의 한도 15개월을 넘김",
    )
    assert (
        "기준 대비 진척 (progress_pct): 100·(y_t − b)/(y* − b) → 100·(5조 6,000억 원 − 0 원)/(14조 원 − 0 원) = 40%"
        in (by_key["figures"])
    )
    assert any(
        line.startswith("속도비 (pace_ratio): R = r/r₀ → ") and line.endswith("= 2.00") for line in by_key["figures"]
    )
    assert by_key["actuals"][0].startswith("2023: 5조 6,000억 원 (잠정치) · 2023-12-21 발표")
    assert by_key["assessment"] == ("담당자 평가 없음",)


def test_revisions_and_assessment_are_spelled_out() -> None:
    """A revised target lists each revision with its date and reason; an assessment its basis and sources."""
    data = _investment()
    target = data.targets["battery.investment@2027"]
    data.targets[target.id] = Target(
        target.id,
        target.indicator,
        14e12,
        target.deadline,
        revisions=(
            TargetRevision(10e12, target.deadline, PartialDate.of_day(dt.date(2024, 7, 9)), "상향", reason_en="raised"),
        ),
    )
    data.assessments[target.id] = Assessment(
        target.id,
        TargetStatus.OFF_TRACK,
        "2024년 투자 부진",
        ("https://example.org/1", "https://example.org/2"),
        PartialDate.of_day(dt.date(2025, 1, 10)),
        basis_en="investment sluggish in 2024",
    )
    sections = {s.key: s.lines for s in explanation_sections(explain(data, target.id, TODAY), "en")}
    assert "2024-07-09 KRW 10.0 tn (2027) → KRW 14.0 tn (2027): raised" in sections["target"]
    assert sections["assessment"] == (
        "assessed off track on 2025-01-10",
        "basis: investment sluggish in 2024",
        "sources: https://example.org/1, https://example.org/2",
        "it differs from what the figures say (on track)",
    )
    assert any(line.startswith("disputed (disputed): ") for line in sections["flags"])


def test_a_passed_deadline_waits_for_the_final_figure() -> None:
    """Past the deadline the figure of the deadline's period decides: at least the target, achieved; less, missed."""
    explained = explain(_investment(), "battery.investment@2027", dt.date(2028, 2, 1))
    assert explained.change.kind == "final"
    lines = {s.key: s.lines for s in explanation_sections(explained, "ko")}["change"]
    assert lines == ("2027 실적으로 확정됩니다(2028-03부터 늦음): 14조 원 이상이면 달성, 그보다 적으면 미달성",)


def test_a_threshold_that_rounds_below_itself_shows_the_exact_figure() -> None:
    """ "At least 7조 9,833억" would be false of 7조 9,833억 3,333만: the exact number follows the rounded one."""
    assert bound_text(7.98e12, "KRW", "ko") == "7조 9,800억 원"
    assert bound_text(7983333333333.3, "KRW", "ko") == "7조 9,833억 원 (7,983,333,333,333.3)"
    assert bound_text(7983366666666.0, "KRW", "ko") == "7조 9,834억 원 (7,983,366,666,666)"
    assert bound_text(7983400000000.0, "KRW", "ko") == "7조 9,834억 원"


def test_explain_on_the_command_line(cli: Invoke, sample_db: Path) -> None:
    """Table in Korean, JSON with English keys and raw numbers; tsv is refused with the formats it has."""
    table = cli("explain", "battery.investment@2027", "--db", str(sample_db), "--format", "table", "--lang", "ko")
    assert (table.exit_code, table.stderr) == (0, "")
    assert table.stdout.startswith("이차전지 투자 유치 (MOU 기준) · battery.investment@2027 · 기준일 2026-11-25\n")
    assert "  2025 실적이 7조 9,800억 원 이상이면 순항\n" in table.stdout
    assert all(line == line.rstrip() for line in table.stdout.splitlines())
    machine = cli("explain", "battery.investment@2027", "--db", str(sample_db), "--format", "json")
    (row,) = json.loads(machine.stdout)
    assert (row["status"], row["indication"], row["rule"]) == (
        "insufficient",
        "on_track",
        {"number": 6, "code": "stale"},
    )
    assert {"status": "on_track", "value": 7980000000000} in row["change"]["thresholds"]
    progress = next(f for f in row["figures"] if f["code"] == "progress_pct")
    assert progress["worked"] == "100·(5600000000000 − 0)/(14000000000000 − 0) = 40%"
    refused = cli("explain", "battery.investment@2027", "--db", str(sample_db), "--format", "tsv")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == "pohang: explain has no 'tsv' form; use --format table, json, jsonl or md\n"
    markdown = cli("explain", "battery.investment@2027", "--db", str(sample_db), "--format", "md", "--lang", "en")
    assert markdown.stdout.startswith("# Secondary-battery investment attracted (MOU basis) · battery.investment@2027")
    assert "\n## What would change the verdict\n" in markdown.stdout


def test_explain_as_it_was_known(cli: Invoke, sample_db: Path) -> None:
    """`--known-as-of` before the 2023 figure was reported: no data then, and the figure is listed as later."""
    result = cli(
        "explain", "battery.investment@2027", "--db", str(sample_db), "--known-as-of", "2023-12-01", "--format", "json"
    )
    (row,) = json.loads(result.stdout)
    assert (row["as_of"], row["known_as_of"], row["status"]) == ("2023-12-01", "2023-12-01", "no_data")
    assert [a["role"] for a in row["actuals"]] == ["not_reported"]
