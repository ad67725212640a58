"""The site and the council report in real headless Chromium: axe-core, layout at 375 and 1280 px, screenshots.

Needs Debian's `chromium` and `chromium-driver` and the npm package `axe-core`, which .ci/run installs; each
test that needs one says so and is skipped only where it is not installed at all.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMEDRIVER, CHROMIUM, Browser, axe_script, chromium
from conftest import Invoke

AXE = axe_script()
PAGES = {
    "home": "index.html",
    "sector": "sectors/battery.html",
    "indicator": "indicators/battery.investment.html",
    "milestones": "milestones.html",
    "coverage": "coverage.html",
    "method": "method.html",
    "changes": "changes.html",
}
# axe-core's impact levels that fail the test (moderate and minor ones are advice).
FAILING = {"serious", "critical"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (.ci/run installs Debian's chromium)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="no chromedriver (.ci/run installs Debian's chromium-driver)"),
]
needs_axe = pytest.mark.skipif(AXE is None, reason="no axe-core (.ci/run installs it: npm install -g axe-core)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's site, with one change in its log."""
    import shutil

    from typer.testing import CliRunner

    from pohang_cli.cli import app
    from pohang_cli.storage import bundled_sample_path

    folder = tmp_path_factory.mktemp("site")
    db = folder / "pohang.json"
    shutil.copyfile(bundled_sample_path(), db)
    env = {"POHANG_AS_OF": "2026-11-25"}
    runner = CliRunner()
    recorded = runner.invoke(app, ["record", "hydrogen.companies", "61", "--date", "2025", "--db", str(db)], env=env)
    assert recorded.exit_code == 0, recorded.stderr
    built = runner.invoke(app, ["site", "-o", str(folder / "public"), "--db", str(db)], env=env)
    assert built.exit_code == 0, built.stderr
    return folder / "public"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


def _serious(violations: list[dict[str, object]]) -> list[tuple[object, object, int]]:
    return [
        (v["id"], v["help"], len(v["nodes"]))  # type: ignore[arg-type]
        for v in violations
        if v.get("impact") in FAILING
    ]


@needs_axe
@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_axe_finds_no_serious_or_critical_violation(site: Path, browser: Browser, kind: str, lang: str) -> None:
    """Every page type in both languages passes axe-core's serious and critical rules."""
    assert AXE is not None
    page = site / PAGES[kind] if lang == "ko" else site / "en" / PAGES[kind]
    browser.set_viewport_width(1280)
    browser.open(page.as_uri())
    assert _serious(browser.axe(AXE.read_text(encoding="utf-8"))) == []


@needs_axe
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_council_report_passes_axe_too(
    cli: Invoke, sample_db: Path, tmp_path: Path, browser: Browser, lang: str
) -> None:
    """The HTML report: no serious or critical violation, with a target on track (its green badge) among them."""
    assert AXE is not None
    # A final 2025 figure of 9조 against 14조 by 2027 from 0 in 2022: on track in March 2026.
    recorded = cli("record", "battery.investment", "9조", "--date", "2025", "--db", str(sample_db), "-q")
    assert recorded.exit_code == 0, recorded.stderr
    out = tmp_path / "report.html"
    made = cli("report", "-o", str(out), "--db", str(sample_db), "--lang", lang, "--as-of", "2026-03-31")
    assert made.exit_code == 0, made.stderr
    assert 'class="badge on-track"' in out.read_text(encoding="utf-8")
    browser.set_viewport_width(1280)
    browser.open(out.as_uri())
    assert _serious(browser.axe(AXE.read_text(encoding="utf-8"))) == []


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_page_scrolls_sideways_on_a_phone(site: Path, browser: Browser, kind: str, lang: str) -> None:
    """At 375 px the page is no wider than the screen (wide tables scroll inside their own box), no number broken."""
    page = site / PAGES[kind] if lang == "ko" else site / "en" / PAGES[kind]
    browser.set_viewport_width(375)
    browser.open(page.as_uri())
    width = browser.run("return document.documentElement.scrollWidth")
    assert browser.inner_width() == 375
    assert width <= 375
    # Dates, figures and status words kept whole: none of them drawn over two lines.
    broken = browser.run(
        "return [...document.querySelectorAll('.nw, .badge, td.num')]"
        ".filter(e => e.getClientRects().length > 1).map(e => e.textContent)"
    )
    assert broken == []


@pytest.mark.parametrize("kind", ["home", "indicator", "coverage"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_at_phone_and_desktop_width(
    site: Path, browser: Browser, tmp_path: Path, kind: str, width: int
) -> None:
    """The Korean pages draw at both widths; at 1280 the home page shows its sectors side by side."""
    browser.set_viewport_width(width, 900)
    browser.open((site / PAGES[kind]).as_uri())
    shot = browser.screenshot()
    (tmp_path / f"{kind}-{width}.png").write_bytes(shot)
    assert _png_size(shot)[0] == width
    if kind == "home":
        columns = browser.run(
            "return new Set([...document.querySelectorAll('.card')].map(c => c.getBoundingClientRect().left)).size"
        )
        assert columns == (1 if width == 375 else 3)
