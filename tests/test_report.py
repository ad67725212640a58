"""Tests of `pohang report`: golden Markdown and HTML files of the sample, the file contract, escaping, scale."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pohang_cli.dates import PartialDate
from pohang_cli.models import Observation, observation_id
from pohang_cli.render.html import html_report
from pohang_cli.render.markdown import markdown_report
from pohang_cli.report import build_report
from pohang_cli.storage import Database, bundled_sample_path
from tests.conftest import AS_OF, Invoke

GOLDEN = Path(__file__).parent / "golden"
# Set POHANG_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then review the diff.
UPDATE = os.environ.get("POHANG_UPDATE_GOLDEN") == "1"
SECTOR_HEADINGS = {
    "ko": [
        "이차전지 · Secondary batteries",
        "수소 · Hydrogen",
        "바이오 · Bio",
        "철강신소재 · Steel &amp; new materials",
        "미래기술 · Future technology",
    ],
    "en": [
        "Secondary batteries · 이차전지",
        "Hydrogen · 수소",
        "Bio · 바이오",
        "Steel &amp; new materials · 철강신소재",
        "Future technology · 미래기술",
    ],
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample database as `pohang.json` in the working directory, so the report names it alike every run."""
    shutil.copyfile(bundled_sample_path(), tmp_path / "pohang.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; POHANG_UPDATE_GOLDEN=1 rewrites it"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_markdown_report_of_the_sample_matches_the_golden_file(cli: Invoke, in_tmp: Path, lang: str) -> None:
    """`report --format md -o -` of the sample prints the golden Markdown on stdout and nothing on stderr."""
    result = cli("report", "--db", "pohang.json", "--format", "md", "-o", "-", "--lang", lang, "-q")
    assert result.exit_code == 0
    assert result.stderr == ""
    _golden(f"report_sample_{lang}.md", result.stdout)


def test_html_report_of_the_sample_matches_the_golden_file(cli: Invoke, in_tmp: Path) -> None:
    """`report -o report.html` writes the golden HTML, prints its path on stdout and a (Korean) note on stderr."""
    result = cli("report", "--db", "pohang.json", "-o", "report.html", "--lang", "ko")
    assert result.exit_code == 0
    assert result.stdout == "report.html\n"
    assert result.stderr == "html 보고서를 report.html에 썼습니다: 분야 5개, 그래프 24개, 기준일 2026-11-25\n"
    _golden("report_sample_ko.html", (in_tmp / "report.html").read_text(encoding="utf-8"))


def test_markdown_is_chosen_by_the_file_extension(cli: Invoke, in_tmp: Path) -> None:
    """`-o council.md` writes Markdown without --format."""
    result = cli("report", "--db", "pohang.json", "-o", "council.md", "-q")
    assert result.exit_code == 0
    assert result.stdout == "council.md\n"
    assert result.stderr == ""
    assert (in_tmp / "council.md").read_text(encoding="utf-8").startswith("# ")


def test_report_is_the_same_every_time(cli: Invoke, in_tmp: Path) -> None:
    """Two runs at the same as-of date give the same bytes."""
    first = cli("report", "--db", "pohang.json", "-o", "-", "-q")
    second = cli("report", "--db", "pohang.json", "-o", "-", "-q")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_html_is_self_contained(cli: Invoke, in_tmp: Path) -> None:
    """The HTML loads nothing: no script, stylesheet link, import, url() or remote src; UTF-8 declared."""
    page = cli("report", "--db", "pohang.json", "-o", "-", "-q").stdout
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert "url(" not in page
    assert "@font-face" not in page
    assert not re.search(r"\ssrc=", page)
    assert '"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR"' in page
    # Every external address is a link a reader may follow, never something the page fetches.
    for match in re.finditer(r"(\w+)=\"https?://", page):
        assert match.group(1) in ("href", "xmlns")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_html_has_every_sector_page_and_chart(cli: Invoke, in_tmp: Path, lang: str) -> None:
    """Each sector gets a heading and a page that breaks before it; each indicator with data gets an SVG chart."""
    page = cli("report", "--db", "pohang.json", "-o", "-", "--lang", lang, "-q").stdout
    for heading in SECTOR_HEADINGS[lang]:
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<section class="sector"') == 5
    assert "section.sector{break-before:page" in page
    assert "@page{size:A4" in page
    # §7: an indicator with actuals gets a chart; one with a target or baseline but no actual, a line of text.
    assert page.count('<svg class="chart"') == 24
    no_actual = "실적 없음" if lang == "ko" else "no actual yet"
    assert page.count(f" · {no_actual}</p>") == 10
    assert f'<html lang="{lang}">' in page


def test_report_of_named_sectors(cli: Invoke, in_tmp: Path) -> None:
    """Naming sectors (by id or Korean name) limits the report to them, in the order given."""
    page = cli("report", "수소", "battery", "--db", "pohang.json", "-o", "-", "-q").stdout
    assert page.count('<section class="sector"') == 2
    assert page.index('id="sector-hydrogen"') < page.index('id="sector-battery"')


def test_data_is_escaped(cli: Invoke, in_tmp: Path) -> None:
    """A title with markup prints as typed in both formats, and a non-web source is not a link."""
    added = cli(
        "add-milestone", "bio", "<script>alert('x')</script> 용량 [mw] | 파이프", "--due", "2026-01",
        "--source", "javascript:alert(1)", "--db", "pohang.json", "-q",
    )  # fmt: skip
    assert added.exit_code == 0
    page = cli("report", "bio", "--db", "pohang.json", "-o", "-", "-q").stdout
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 용량 [mw] | 파이프" in page
    assert 'href="javascript:' not in page
    markdown = cli("report", "bio", "--db", "pohang.json", "-o", "-", "--format", "md", "-q").stdout
    assert "<script>alert('x')</script> 용량 [mw] \\| 파이프" in markdown
    assert "](javascript:" not in markdown


def test_output_is_required(cli: Invoke, in_tmp: Path) -> None:
    """Without -o the command fails with a usage error (exit 2) and writes nothing."""
    result = cli("report", "--db", "pohang.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--output" in result.stderr


def test_unknown_format_is_refused(cli: Invoke, in_tmp: Path) -> None:
    """`--format pdf` exits 2 with the accepted formats and writes no file."""
    result = cli("report", "--db", "pohang.json", "-o", "report.pdf", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "pohang: unknown report format 'pdf'; use html, md or xlsx\n"
    assert not (in_tmp / "report.pdf").exists()


def test_missing_directory_is_refused(cli: Invoke, in_tmp: Path) -> None:
    """A file in a directory that does not exist exits 2 and leaves no temporary file."""
    result = cli("report", "--db", "pohang.json", "-o", "nowhere/report.html")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pohang: cannot write the report to 'nowhere/report.html': ")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["pohang.json"]


def test_existing_file_is_replaced_whole(cli: Invoke, in_tmp: Path) -> None:
    """An existing report is replaced, and no temporary file is left beside it."""
    (in_tmp / "report.html").write_text("old", encoding="utf-8")
    result = cli("report", "--db", "pohang.json", "-o", "report.html", "-q")
    assert result.exit_code == 0
    assert (in_tmp / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["pohang.json", "report.html"]


def test_unknown_sector_exits_2(cli: Invoke, in_tmp: Path) -> None:
    """A misspelt sector exits 2 with a suggestion."""
    result = cli("report", "batery", "--db", "pohang.json", "-o", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "did you mean 'battery'" in result.stderr


def test_missing_database_exits_4(cli: Invoke, in_tmp: Path) -> None:
    """A --db path that does not exist exits 4 and writes no report."""
    result = cli("report", "--db", "typo.json", "-o", "report.html")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert not (in_tmp / "report.html").exists()


def test_overdue_milestones_are_on_the_summary(cli: Invoke, in_tmp: Path) -> None:
    """The sample's two overdue milestones (ids 21 and 26 at the fixed as-of) are listed on the summary."""
    markdown = cli("report", "--db", "pohang.json", "-o", "-", "--format", "md", "--lang", "en", "-q").stdout
    summary = markdown.split("\n## ", 2)[1]
    assert "| Bio | 21 |" in summary
    assert "| Steel & new materials | 26 |" in summary


def test_many_observations_are_thinned_in_charts_and_listed_briefly(in_tmp: Path) -> None:
    """With 20,000 daily actuals the chart keeps a few hundred points and the page lists the latest six."""
    data = Database(in_tmp / "pohang.json").read()
    # A baseline in 1960, so that 20,000 daily actuals up to 2022 all count.
    indicator = replace(data.indicators["battery.investment"], baseline_date=PartialDate.of_year(1960))
    data.indicators[indicator.id] = indicator
    first_day = dt.date(2022, 12, 31).toordinal() - 20_000
    for k in range(20_000):
        day = PartialDate.of_day(dt.date.fromordinal(first_day + k))
        observation = Observation(observation_id(indicator.id, day), indicator.id, day, float(k), None, None, False)
        data.observations[observation.id] = observation
    report = build_report(data, dt.date(2026, 11, 25), ["battery"], "big.json")
    page = html_report(report, "en")
    article = page.split('<article class="indicator" id="indicator-battery.investment">')[1].split("</article>")[0]
    chart = article.split('<svg class="chart"')[1].split("</svg>")[0]
    points = chart.split('class="actual" points="')[1].split('"')[0].split()
    assert 100 < len(points) < 1_200
    markdown = markdown_report(report, "en")
    assert "latest 6 of 20,001 actuals (all: `pohang history battery.investment --format csv`)" in markdown


def test_as_of_comes_from_the_option(cli: Invoke, in_tmp: Path) -> None:
    """`--as-of` sets the report's date; the default as-of of the tests is the fixed one."""
    dated = cli("report", "--db", "pohang.json", "-o", "-", "--format", "md", "--as-of", "2025-06-30", "-q").stdout
    assert "- As of: 2025-06-30" in dated or "- 기준일: 2025-06-30" in dated
    default = cli("report", "--db", "pohang.json", "-o", "-", "--format", "md", "-q").stdout
    assert AS_OF in default


def test_completion_rate_rounds_half_up() -> None:
    """5 of 8 milestones done is 62.5 %, shown as 63 % (half up), never as 62 % (half to even)."""
    from pohang_cli.models import TargetStatus
    from pohang_cli.progress import SectorRollup
    from pohang_cli.render.report_text import completion

    def rollup(done: int, total: int) -> SectorRollup:
        counts = dict.fromkeys(TargetStatus, 0)
        return SectorRollup("bio", counts, None, total, done, 0, 0, done / total if total else None)

    assert [completion(rollup(done, 8)) for done in (5, 1, 3, 7)] == ["63%", "13%", "38%", "88%"]
    assert completion(rollup(1, 2)) == "50%"
    assert completion(rollup(0, 0)) == "—"


def test_the_version_takes_the_particle_a_korean_reader_says() -> None:
    """ "0.1.0으로" (영 ends in a consonant), "0.1.2로" (이), "0.1.1로" (일: ㄹ takes 로)."""
    from pohang_cli.render.words import generated_by, instrumental

    assert generated_by("ko", "0.1.0") == "pohang 0.1.0으로 작성"
    assert [instrumental(v) for v in ("0.1.0", "0.1.1", "0.1.2", "0.1.3", "0.1.6", "0.1.7", "1.0b")] == [
        "으로", "로", "로", "으로", "으로", "로", "로",
    ]  # fmt: skip
    assert generated_by("en", "0.1.0") == "made with pohang 0.1.0"


def test_dates_in_the_html_report_never_break(cli: Invoke, in_tmp: Path) -> None:
    """Every ISO date with a hyphen in the report's text is kept on one line (`<span class="nw">`)."""
    page = cli("report", "--db", "pohang.json", "-o", "-", "--lang", "ko", "-q").stdout
    assert '<span class="nw">2024-09</span> 자료로는 부진' in page
    assert ".nw{white-space:nowrap}" in page
    body = page.split("<body>", 1)[1]
    # Charts' tooltips (<title>) and the timeline's dates (<span class="when">, nowrap in the CSS) aside, every
    # date in the text is the whole content of a nowrap span.
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    body = re.sub(r'<span class="(?:when|nw)">[^<]*</span>', "", body)
    assert re.findall(r"\d{4}-(?:Q[1-4]|\d{2})", re.sub(r"<[^>]*>", " ", body)) == []


def test_a_report_of_sectors_without_targets_has_no_empty_table(cli: Invoke, in_tmp: Path) -> None:
    """A report of the steel sector (no numeric targets) says so instead of drawing a table with no rows."""
    md = cli("report", "steel", "--db", "pohang.json", "-o", "-", "--format", "md", "--lang", "ko", "-q").stdout
    section = md.split("### 목표별 상태\n", 1)[1].split("###", 1)[0]
    assert section.strip() == "수치 목표 없음"
    page = cli("report", "steel", "--db", "pohang.json", "-o", "-", "--lang", "ko", "-q").stdout
    assert "<tbody></tbody>" not in page
    assert '<h3>목표별 상태</h3><p class="muted">수치 목표 없음</p>' in page
