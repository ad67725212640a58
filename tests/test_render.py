"""Renderers: the machine formats byte for byte, output settings, and the pieces of the Rich tables."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from pohang_cli import service
from pohang_cli.errors import InputError
from pohang_cli.models import TargetStatus
from pohang_cli.progress import Judgement
from pohang_cli.render import Output, default_format, default_lang, parse_fields
from pohang_cli.render.machine import write_rows
from pohang_cli.render.rows import number
from pohang_cli.render.slide import progress_bar, sparkline, status_tables
from pohang_cli.storage import load_sample

ROWS = [
    {
        "id": 1,
        "title": "탭\t줄\n바꿈 | 파이프",
        "value": 14e12,
        "ratio": 1.5,
        "flags": ["a", "b"],
        "ok": True,
        "none": None,
    },
    {"id": 2, "title": 'say "hi", ok', "value": 0, "ratio": None, "flags": [], "ok": False, "none": None},
]
FIELDS = ("id", "title", "value", "ratio", "flags", "ok", "none")


def _render(fmt: str) -> str:
    sink = io.BytesIO()
    rows = [{**row, "value": number(row["value"])} for row in ROWS]
    write_rows(sink, rows, FIELDS, fmt)
    return sink.getvalue().decode("utf-8")


def test_tsv_escapes_tabs_and_newlines() -> None:
    """tsv has no quoting, so tabs, newlines and backslashes in data are escaped."""
    assert _render("tsv") == (
        "id\ttitle\tvalue\tratio\tflags\tok\tnone\n"
        "1\t탭\\t줄\\n바꿈 | 파이프\t14000000000000\t1.5\ta;b\ttrue\t\n"
        '2\tsay "hi", ok\t0\t\t\tfalse\t\n'
    )


def test_csv_quotes_what_needs_quoting() -> None:
    """csv quotes cells with separators, quotes or newlines, and leaves null empty."""
    assert _render("csv") == (
        "id,title,value,ratio,flags,ok,none\n"
        '1,"탭\t줄\n바꿈 | 파이프",14000000000000,1.5,a;b,true,\n'
        '2,"say ""hi"", ok",0,,,false,\n'
    )


def test_jsonl_has_raw_values_and_real_lists() -> None:
    """jsonl keeps numbers, booleans, null and lists as JSON types, Hangul unescaped."""
    assert _render("jsonl").splitlines()[0] == (
        '{"id":1,"title":"탭\\t줄\\n바꿈 | 파이프","value":14000000000000,"ratio":1.5,"flags":["a","b"],'
        '"ok":true,"none":null}'
    )


def test_json_is_one_array() -> None:
    """json is one array of objects with the fields in order."""
    import json

    parsed = json.loads(_render("json"))
    assert [list(row) for row in parsed] == [list(FIELDS), list(FIELDS)]


def test_markdown_escapes_pipes_and_newlines() -> None:
    """md escapes pipes and turns newlines into <br> so a row stays one row."""
    assert _render("md").splitlines()[2] == "| 1 | 탭\t줄<br>바꿈 \\| 파이프 | 14000000000000 | 1.5 | a;b | true |  |"


def test_number_turns_integral_floats_into_integers() -> None:
    """Integral values print without a decimal point; derived figures are rounded to the given digits."""
    assert number(14e12) == 14_000_000_000_000
    assert number(46.428571428, 4) == 46.4286
    assert number(None) is None


def test_unknown_field_is_refused_with_the_valid_ones() -> None:
    """An unknown --fields name lists every valid field."""
    with pytest.raises(InputError, match="unknown field 'x'; valid fields: a,b"):
        parse_fields("a,x", ("a", "b"))
    assert parse_fields(" b , a ", ("a", "b")) == ("b", "a")
    assert parse_fields(None, ("a", "b")) == ("a", "b")


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [({}, True, "table"), ({}, False, "tsv"), ({"POHANG_FORMAT": "JSON"}, True, "json")],
)
def test_default_format(environ: dict[str, str], tty: bool, expected: str) -> None:
    """Table on a terminal, tsv when piped, POHANG_FORMAT over both."""
    assert default_format(environ, tty) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "C"}, "ko"),
        ({"POHANG_LANG": "ko", "LANG": "C"}, "ko"),
        ({}, "en"),
    ],
)
def test_default_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    """POHANG_LANG wins, then the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    assert default_lang(environ) == expected


def test_output_refuses_unknown_settings() -> None:
    """An unknown format, language or colour setting is a usage error."""
    for output, message in [
        (Output(fmt="xml"), "unknown format 'xml'"),
        (Output(lang="jp"), "unknown language 'jp'"),
        (Output(color="sometimes"), "unknown colour setting"),
    ]:
        with pytest.raises(InputError, match=message):
            output.validate()


def test_progress_bar_is_clamped_but_the_number_is_not() -> None:
    """The bar fills to at most its width; below zero it is empty."""
    assert progress_bar(46.4).plain == "▰▰▰▰▰▱▱▱▱▱"
    assert progress_bar(130).plain == "▰" * 10
    assert progress_bar(-20).plain == "▱" * 10
    assert progress_bar(None).plain == "▱" * 10


def test_sparkline_scales_to_the_series() -> None:
    """A sparkline has one cell per value, lowest to highest dot."""
    assert sparkline([1, 2, 3]) == "⡀⣦⣿"
    assert sparkline([5, 5]) == "⣿⣿"
    assert sparkline([]) == ""


def test_bar_and_sparkline_use_no_ambiguous_width_characters() -> None:
    """Korean terminals set to 'ambiguous = wide' must not break the alignment of bars and sparklines."""
    import unicodedata

    for char in "▰▱⡀⣀⣄⣤⣦⣶⣷⣿":
        assert unicodedata.east_asian_width(char) == "N"


def test_status_table_is_exact_on_a_fixed_console() -> None:
    """The status slide renders the same text for the same data at the same width."""
    report = service.status(load_sample(), date(2026, 11, 25), ("hydrogen",))
    console = Console(file=io.StringIO(), width=100, color_system=None, highlight=False, emoji=False)
    console.print(status_tables(report, "ko", 100))
    lines = [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]
    assert lines == [
        "포항시 5대 신성장 산업 목표 점검 (기준일 2026-11-25)",
        "",
        "수소 Hydrogen   마일스톤 12/15 완료 · 기한 초과 1 · 자료 없음 2 · 추이 지표 4 · 최저 상태 자료 없음",
        "                                         기준 대비",
        "지표                 실적         목표   진척                 속도   상태",
        "─" * 80,
        "수소기업 유치           —       70개사   ▱▱▱▱▱▱▱▱▱▱       —      —   자료 없음",
        "hydrogen.companies          2035년까지                        선형   목표 수정",
        "                                                                     기준값 없음",
        # §8.5: a revision's date and reason under the row that carries the flag, in the reader's language.
        "  목표 수정 2024-11-01 2030→2035: 수소특화단지 지정 때 목표 연도를 2035년으로 조정",
        "수소산업 매출           —       1조 원   ▱▱▱▱▱▱▱▱▱▱       —      —   자료 없음",
        "hydrogen.sales              2035년까지                        선형   목표 수정",
        "                                                                     기준값 없음",
        "  목표 수정 2025-07-22 2030→2035: 수소특화단지 후속사업 용역 중간보고 때 목표 연도를 2035년으로 조정",
        "",
        "추이 지표 (목표 없음)",
        "지표                                 최근 실적   이전 실적        변화   상태",
        "─" * 87,
        "산업부 지정 수소전문기업 수              1개사           —           —   목표 없음",
        "(포항)                              2024-06-13                       ⣿   29개월 전 자료",
        "hydrogen.certified-firms",
        "수소특화단지 입주 긍정 응답 비율           58%           —           —   목표 없음",
        # A survey is irregular (§8.2): 16 months old is not yet stale.
        "(수요조사)                          2025-07-22                       ⣿",
        "hydrogen.cluster-demand",
        "수소연료전지 클러스터 장비 발주액     324억 원           —           —   목표 없음",
        "(집행)                              2026-03-10                       ⣿",
        "hydrogen.cluster-equipment-orders",
        "예비수소전문기업 육성사업 참여           4개사       7개사      -42.9%   목표 없음",
        "기업 (포항)                               2024        2023   -3개사/년   23개월 전 자료",
        "hydrogen.pre-specialist-firms                                       ⣿⡀",
    ]


def test_no_verdict_and_no_flag_is_drawn_in_a_verdict_colour() -> None:
    """§8.1: on S2′'s row (too little evidence) the status word is blue, the indication dim, and every flag in a
    colour of no status; none of them green, amber or red."""
    from rich.style import Style

    from pohang_cli.models import Flag
    from pohang_cli.render.labels import FLAG_STYLE, TARGET_STATUS_STYLE
    from pohang_cli.render.slide import status_cell

    report = service.status(load_sample(), date(2026, 11, 25), ("battery",))
    (row,) = [a for a in report.judgements if a.target.id == "battery.investment@2027"]
    assert (row.status, row.indication) == (TargetStatus.INSUFFICIENT, TargetStatus.ON_TRACK)
    assert {Flag.STALE, Flag.REACH_PASSED} <= set(row.flags)
    text = status_cell(row, "ko").to_text()
    verdict_colours = {Style.parse(TARGET_STATUS_STYLE[s]).color for s in TargetStatus if s.is_verdict}
    pieces = {}
    for span in text.spans:
        piece = text.plain[span.start : span.end]
        style = Style.parse(str(text.style)) + Style.parse(str(span.style))
        pieces[piece] = style
        assert style.color not in verdict_colours, piece
    assert pieces["근거 부족"].color == Style.parse("blue").color
    assert pieces["2023 자료로는"].dim
    assert pieces["순항"].dim
    assert all(pieces[p].color == Style.parse(FLAG_STYLE).color for p in ("잠정치", "35개월 전 자료", "도달 시점 경과"))


def test_a_passed_reach_reads_as_what_would_have_been() -> None:
    """§7 and §8.4: a projection whose reach has passed is phrased in the past, to the year, in both languages."""
    from pohang_cli.render.labels import reach_text

    def investment(as_of: date) -> Judgement:
        report = service.status(load_sample(), as_of, ("battery",))
        return next(a for a in report.judgements if a.target.id == "battery.investment@2027")

    row = investment(date(2026, 11, 25))
    assert reach_text(row, "ko") == "2023년 속도라면 2025년경 도달"
    assert reach_text(row, "en") == "would have reached around 2025 at the 2023 pace"
    row = investment(date(2024, 3, 1))
    assert reach_text(row, "ko") == "2025년경 도달 전망"
    assert reach_text(row, "en") == "target reached around 2025"


def test_a_passed_reach_in_the_status_table_reads_as_what_would_have_been() -> None:
    """At 140 columns the projection column shows S2's phrase in short lines, never "2025년경 도달 전망".

    (At 120 the projection gives way: the battery table's ids are whole, and the longest takes the room.)
    """
    report = service.status(load_sample(), date(2026, 11, 25), ("battery",))
    console = Console(file=io.StringIO(), width=140, color_system=None, highlight=False, emoji=False)
    console.print(status_tables(report, "ko", 140))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    lines = text.splitlines()
    (row,) = [n for n, line in enumerate(lines) if "2023년 속도라면" in line]
    assert "2025년경 도달" in lines[row + 1]
    assert "2025년경 도달 전망" not in text
    assert "35개월 전 자료" in text
