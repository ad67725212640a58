"""The HTML report of the sample in real headless Chromium: DOM, console, screenshot and A4 print-to-PDF.

Needs Debian's `chromium` and a Korean font (`fonts-noto-cjk`), both installed by `.ci/run`; skipped with the
reason otherwise. Chromium runs with a fresh profile and background networking off: the page must need
nothing from the network, and any console message (the page has no script) counts as an error.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Invoke

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
SECTORS = ["이차전지", "수소", "바이오", "철강신소재", "미래기술"]
STATUS_LABELS = {
    "달성", "기한 후 달성", "순항", "지연", "부진", "후퇴", "미달성", "최종 자료 대기", "근거 부족", "판정 불가",
    "자료 없음",
}  # fmt: skip
STATUS_CLASSES = {
    "achieved", "on-track", "behind", "off-track", "regressing", "missed", "pending-final", "insufficient",
    "not-judged", "no-data",
}  # fmt: skip
# A4 in PostScript points: 210 × 297 mm.
A4_POINTS = (595.0, 842.0)


def _has_korean_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (.ci/run installs Debian's chromium)"),
    pytest.mark.skipif(not _has_korean_font(), reason="no Korean font (.ci/run installs fonts-noto-cjk)"),
]


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def _console_messages(stderr: str) -> list[str]:
    """Lines Chromium logs for the page's console (`INFO:CONSOLE:1] "..."`), uncaught errors among them."""
    return [line for line in stderr.splitlines() if re.search(r":CONSOLE[:(]", line) or "Uncaught" in line]


class _Page(HTMLParser):
    """What the checks need of the rendered DOM: headings, status badges and the shapes inside each chart."""

    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.badges: list[str] = []
        self.charts: list[int] = []
        self._text: list[str] | None = None
        self._in_chart = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h2" or (tag == "span" and "badge" in classes and STATUS_CLASSES.intersection(classes)):
            self._text = []
            self._tag = tag
        if tag == "svg" and "chart" in classes:
            self._in_chart = True
            self.charts.append(0)
        elif self._in_chart and tag in ("polyline", "path", "rect", "circle"):
            self.charts[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if self._text is not None and tag == self._tag:
            text = "".join(self._text).strip()
            (self.h2 if tag == "h2" else self.badges).append(text)
            self._text = None
        if tag == "svg":
            self._in_chart = False

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Korean HTML report of the sample at the tests' as-of date."""
    from typer.testing import CliRunner

    from pohang_cli.cli import app
    from pohang_cli.storage import bundled_sample_path
    from tests.conftest import AS_OF

    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    result = CliRunner().invoke(
        app,
        ["report", "--db", str(bundled_sample_path()), "-o", str(path), "--lang", "ko", "--as-of", AS_OF, "-q"],
    )
    assert result.exit_code == 0, result.stderr
    return path


def test_console_check_catches_script_errors(tmp_path: Path) -> None:
    """The console check itself works: a page with a failing script is caught."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>", encoding="utf-8")
    result = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0
    assert any("Uncaught" in line for line in _console_messages(result.stderr))


def test_report_renders_without_console_errors(report_file: Path, tmp_path: Path) -> None:
    """Chromium renders the report with no console message; every sector, status and chart is in the DOM."""
    result = _chromium(tmp_path / "profile", "--dump-dom", report_file.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_messages(result.stderr) == []
    page = _Page()
    page.feed(result.stdout)
    for sector in SECTORS:
        assert any(heading.startswith(sector) for heading in page.h2), sector
    assert set(page.badges) <= STATUS_LABELS
    assert {"최종 자료 대기", "근거 부족"} <= set(page.badges)
    assert "자료 없음" in page.badges
    # §7: an indicator with no actual is a line of text, not an empty chart.
    assert len(page.charts) == _indicators_with_actuals()
    assert all(shapes >= 2 for shapes in page.charts)


def _indicators_with_actuals() -> int:
    from pohang_cli.storage import Database, bundled_sample_path
    from tests.conftest import AS_OF

    data = Database(bundled_sample_path()).read()
    as_of = date.fromisoformat(AS_OF)
    return len({o.indicator for o in data.observations.values() if o.date.end() <= as_of})


# Run after the page has loaded (only in this test's copy of the report: the report itself has no script):
# the centre of each drawn actual and year label, as laid out by the browser, written into the DOM.
_MEASURE = """<script>
const centre = (e) => { const r = e.getBoundingClientRect(); return (r.left + r.right) / 2; };
const chart = document.querySelector("svg.chart");
const points = {};
for (const dot of chart.querySelectorAll("circle")) {
  points[dot.querySelector("title").textContent.split(":")[0]] = centre(dot);
}
const ticks = {};
for (const label of chart.querySelectorAll("text.xlabel")) ticks[label.textContent] = centre(label);
document.body.setAttribute("data-measured", JSON.stringify({points, ticks}));
</script>"""


def test_a_february_2023_point_lies_between_the_2023_and_2024_ticks(cli: Invoke, tmp_path: Path) -> None:
    """§7 in a real browser: the chart draws a 2023-02 actual right of the 2023 tick and left of the 2024 one."""
    database = tmp_path / "february.json"
    assert cli("init", "--empty", "--db", str(database), "-q").exit_code == 0
    records = {
        "sectors": [{"id": "battery", "name_ko": "이차전지", "name_en": "Secondary batteries", "order": 1}],
        "indicators": [
            {
                "id": "battery.investment", "sector": "battery", "name_ko": "투자 유치", "name_en": "Investment",
                "unit": "KRW", "baseline": 0, "baseline_date": "2022", "kind": "cumulative",
            }
        ],
        "targets": [{"id": "battery.investment@2027", "indicator": "battery.investment", "value": 14e12,
                     "deadline": "2027", "source": "https://example.org/plan"}],
        "observations": [
            {"indicator": "battery.investment", "date": "2023-02", "value": 3e12, "source": "https://example.org/a"},
            {"indicator": "battery.investment", "date": "2024", "value": 6.5e12, "source": "https://example.org/b"},
        ],
    }  # fmt: skip
    for kind, rows in records.items():
        source = tmp_path / f"{kind}.jsonl"
        source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        imported = cli("import", str(source), "--kind", kind, "--db", str(database), "--as-of", "2025-03-01", "-q")
        assert imported.exit_code == 0, imported.stderr
    report = cli("report", "--db", str(database), "-o", "-", "--lang", "ko", "--as-of", "2025-03-01", "-q")
    assert report.exit_code == 0, report.stderr
    page = tmp_path / "measured.html"
    page.write_text(report.stdout.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")

    result = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'data-measured="([^"]*)"', result.stdout)
    assert found is not None, result.stdout[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    february, ticks = measured["points"]["2023-02"], measured["ticks"]
    assert ticks["2023"] < february < ticks["2024"]
    # February is early in its year: nearer the 2023 tick than the 2024 one.
    assert february - ticks["2023"] < (ticks["2024"] - ticks["2023"]) / 2
    # A year's figure sits at the middle of its year.
    assert measured["points"]["2024"] == pytest.approx((ticks["2024"] + ticks["2025"]) / 2, abs=1.5)


def test_screenshot_is_a_drawn_page(report_file: Path, tmp_path: Path) -> None:
    """A 1200×2400 screenshot comes out as a PNG of that size holding far more than a blank page."""
    shot = tmp_path / "report.png"
    result = _chromium(tmp_path / "profile", "--window-size=1200,2400", f"--screenshot={shot}", report_file.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 2400)
    # A blank 1200×2400 page compresses to a few kB; text, tables and charts take far more.
    assert len(data) > 60_000


def test_print_to_pdf_gives_a4_pages_with_a_break_per_sector(report_file: Path, tmp_path: Path) -> None:
    """Printing gives A4 pages: the summary, then each of the five sectors from a new page, and not too many."""
    pdf = tmp_path / "report.pdf"
    result = _chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report_file.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    # The report shows the notes of what it shows (methodology §8, with their fact ids): some 40 pages of A4.
    assert len(SECTORS) + 1 <= pages <= 45
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == pages
    for width, height in boxes:
        assert abs(float(width) - A4_POINTS[0]) < 1
        assert abs(float(height) - A4_POINTS[1]) < 1


def test_sample_report_from_the_cli_is_what_the_browser_gets(cli: Invoke, report_file: Path, tmp_path: Path) -> None:
    """The module's report file is the CLI's output for the sample (the browser checks test the real thing)."""
    from pohang_cli.storage import bundled_sample_path

    again = cli("report", "--db", str(bundled_sample_path()), "-o", "-", "--lang", "ko", "-q")
    assert again.exit_code == 0
    assert again.stdout == report_file.read_text(encoding="utf-8")
