"""`pohang site`: the pages of each type, links that resolve, byte-identical rebuilds, downloads that import back.

The browser's view of the same site (layout at 375 and 1280 px, axe-core) is tests/test_site_browser.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import AS_OF, Invoke
from hypothesis import given
from hypothesis import strategies as st

PAGE_TYPES = {
    "home": "index.html",
    "sector": "sectors/battery.html",
    "indicator": "indicators/battery.investment.html",
    "milestones": "milestones.html",
    "coverage": "coverage.html",
    "method": "method.html",
    "changes": "changes.html",
}


class _Page(HTMLParser):
    """The parts of a page the tests look at: head tags, links, headings, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.links: list[str] = []
        self.tags: list[str] = []
        self.switch: str | None = None
        self.h1: list[str] = []
        self._in: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "meta":
            key = found.get("name") or found.get("property")
            if key:
                self.meta[key] = found.get("content", "")
        for name in ("href", "src"):
            if name in found:
                self.links.append(found[name])
        if tag == "a" and "lang" in found.get("class", "").split():
            self.switch = found["href"]
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _words(path: Path) -> str:
    """A page's text without its tags (dates are wrapped so that they never break)."""
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def _build(cli: Invoke, db: Path | str, out: Path, *extra: str) -> None:
    result = cli("site", "-o", str(out), "--db", str(db), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}\n"


@pytest.fixture
def built(cli: Invoke, sample_db: Path, tmp_path: Path) -> Path:
    """The sample's site with one change in its log (an actual recorded), as of the tests' day."""
    recorded = cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", str(sample_db), "-q")
    assert recorded.exit_code == 0, recorded.stderr
    out = tmp_path / "site"
    _build(cli, sample_db, out)
    return out


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_page_type_has_title_description_open_graph_and_a_switch_to_the_same_page(
    built: Path, kind: str, lang: str
) -> None:
    """Korean at the top, English under en/; each page links to itself in the other language."""
    page = PAGE_TYPES[kind]
    path = built / page if lang == "ko" else built / "en" / page
    parsed = _parse(path)
    assert parsed.title.strip()
    assert parsed.h1
    for key in ("description", "og:title", "og:description"):
        assert parsed.meta.get(key), key
    assert "og:url" not in parsed.meta  # no --base-url: no absolute address
    other = (path.parent / (parsed.switch or "")).resolve()
    assert other == ((built / "en" / page) if lang == "ko" else (built / page)).resolve()
    html = path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert "<script" not in html
    assert "@import" not in html
    assert "url(" not in html
    # Every asset is inline: no stylesheet, image or font is fetched.
    assert not any(link.startswith(("http:", "https:", "//")) for link in re.findall(r'\ssrc="([^"]*)"', html))
    assert '<link rel="stylesheet"' not in html


def test_the_pages_say_what_each_type_is_for(built: Path) -> None:
    """Home: sectors, the as-of date and the judged sentence; indicator: chart, every actual, metadata, explain."""
    home = _words(built / "en" / "index.html")
    assert "Judged as of 2026-11-25" in home
    assert "On 2026-11-25, none of the 14 targets can be judged: 10 have no actual yet; 2 rest on an old" in home
    # One target is one: "1 awaits", never "1 await".
    assert re.search(r"\b1 (has|rests|awaits) ", home), home
    assert not re.search(r"\b1 (have|rest|await) ", home), home
    assert (built / "en" / "index.html").read_text(encoding="utf-8").count('class="card"') == 5
    indicator = (built / "en" / "indicators" / "battery.investment.html").read_text(encoding="utf-8")
    assert '<svg class="chart"' in indicator
    assert 'role="img" aria-label="' in indicator
    for heading in ("Every actual", "About this indicator", "How this status was reached", "Download the data"):
        assert heading in indicator
    assert "Supplied by" in indicator
    assert "Next figure expected" in indicator
    assert "too little evidence" in indicator.lower() or "insufficient" in indicator.lower()
    korean = (built / "indicators" / "battery.investment.html").read_text(encoding="utf-8")
    assert "근거 부족" in korean
    assert "실적 전체" in korean
    coverage = (built / "coverage.html").read_text(encoding="utf-8")
    assert "자료 현황" in coverage
    assert "최근 자료" in coverage
    method = (built / "en" / "method.html").read_text(encoding="utf-8")
    assert "on track ≥ 0.95" in method
    assert "awaiting final figure" in method


def test_changes_publish_kind_record_action_date_and_summary_never_who_or_how(built: Path, sample_db: Path) -> None:
    """The recorded actual is on the changes page and in the feed, linked to its indicator page."""
    log_line = json.loads(Path(str(sample_db) + ".log").read_text(encoding="utf-8").splitlines()[-1])
    changes = (built / "en" / "changes.html").read_text(encoding="utf-8")
    assert "hydrogen.companies:2025" in changes
    # The actual moved its target from no data to not judged (the indicator has no baseline).
    moved = 'hydrogen.companies@2035</a></td><td>status changed</td><td class="wide">no data → not judged</td>'
    assert moved in changes
    assert 'href="indicators/hydrogen.companies.html"' in changes
    feed = (built / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "<id>tag:pohang,2026:change/" in feed
    assert '<link href="indicators/hydrogen.companies.html"/>' in feed
    home = (built / "index.html").read_text(encoding="utf-8")
    for secret in (log_line["user"], log_line["host"], "record hydrogen.companies 61"):
        if secret:
            # The style sheet says `:root`; the user may be root.
            found = re.compile(rf"(?<![:\w]){re.escape(secret)}(?!\w)")
            for text in (changes, feed, home):
                assert not found.search(re.sub(r"<style>.*</style>", "", text, flags=re.S)), secret


def test_a_sector_or_milestone_change_links_to_its_sector_page(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """In the feed and on the changes page, a sector's or a milestone's change points to the sector's page."""
    db = str(sample_db)
    added = cli("add-milestone", "bio", "바이오 실증 센터 착공", "--title-en", "Bio centre ground-breaking", "--db", db)
    assert added.exit_code == 0, added.stderr
    renamed = cli("update-sector", "steel", "--note-en", "Steel and new materials", "--db", db, "-q")
    assert renamed.exit_code == 0, renamed.stderr
    milestone = added.stdout.split()[-1]
    out = tmp_path / "site"
    _build(cli, sample_db, out)
    feed = (out / "en" / "feed.xml").read_text(encoding="utf-8")
    links = dict(re.findall(r"<title>(\w+ [^:<]*): [^<]*</title>\s*<id>[^<]*</id>\s*<updated>[^<]*</updated>\s*"
                            r"<link href=\"([^\"]*)\"/>", feed))  # fmt: skip
    assert links[f"milestone {milestone}"] == "sectors/bio.html"
    assert links["sector steel"] == "sectors/steel.html"
    changes = (out / "en" / "changes.html").read_text(encoding="utf-8")
    assert f'<a href="sectors/bio.html">{milestone}</a>' in changes
    assert '<a href="sectors/steel.html">steel</a>' in changes


def _targets(root: Path) -> list[tuple[Path, str]]:
    found = []
    for page in sorted(root.rglob("*.html")):
        found += ((page, link) for link in _parse(page).links)
    for feed in sorted(root.rglob("feed.xml")):
        found += ((feed, link) for link in re.findall(r'href="([^"]*)"', feed.read_text(encoding="utf-8")))
    return found


def test_every_link_inside_the_site_resolves(built: Path) -> None:
    """Every href and src that is not an address elsewhere names a file of the site."""
    broken = []
    checked = 0
    for page, link in _targets(built):
        parts = urlsplit(link)
        if parts.scheme or link.startswith("//"):
            continue
        checked += 1
        if not parts.path:  # a fragment of the same page
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if built.resolve() not in target.parents or not target.is_file():
            broken.append((str(page.relative_to(built)), link))
    assert broken == []
    assert checked > 1000


def test_a_rebuild_gives_the_same_bytes_and_no_build_time(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Two builds of the same database and day are the same files, byte for byte."""
    first, second = tmp_path / "a", tmp_path / "b"
    _build(cli, sample_db, first)
    _build(cli, sample_db, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    with zipfile.ZipFile(first / "data" / "pohang.zip") as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 11, 25)}


def test_only_files_of_the_last_build_are_replaced_or_removed(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """CNAME and .git stay; English pages go when only Korean is built; a stranger's file is never overwritten."""
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "CNAME").write_text("pohang.example.org\n")
    _build(cli, sample_db, out)
    assert (out / "en" / "index.html").is_file()
    _build(cli, sample_db, out, "--lang", "ko")
    assert not (out / "en").exists()
    assert (out / "CNAME").read_text() == "pohang.example.org\n"
    assert (out / ".git" / "HEAD").is_file()
    manifest = json.loads((out / "data" / "index.json").read_text(encoding="utf-8"))
    assert "en/index.html" not in manifest["files"]
    assert "index.html" in manifest["files"]
    assert manifest["data"]["indicators"]["battery.investment"] == {
        "csv": "data/battery.investment.csv",
        "json": "data/battery.investment.json",
    }
    stranger = tmp_path / "other"
    stranger.mkdir()
    (stranger / "index.html").write_text("<p>mine</p>")
    refused = cli("site", "-o", str(stranger), "--db", str(sample_db))
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"pohang: {stranger / 'index.html'} is not a file the last `pohang site` wrote; move it away or build "
        "the site in another folder\n"
    )
    assert (stranger / "index.html").read_text() == "<p>mine</p>"


def test_the_home_page_and_manifest_carry_the_head_of_the_log_that_doctor_checks(
    cli: Invoke, sample_db: Path, built: Path
) -> None:
    """The hash `pohang log` prints is on the home page, so a reader can later check the history with doctor --head."""
    head = json.loads(cli("log", "--db", str(sample_db), "--format", "json").stdout)[0]["hash"]
    assert re.fullmatch(r"[0-9a-f]{64}", head)
    assert f"pohang doctor --head {head}" in (built / "en" / "index.html").read_text(encoding="utf-8")
    assert f"pohang doctor --head {head}" in (built / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((built / "data" / "index.json").read_text(encoding="utf-8"))
    assert manifest["built_from"]["log_head"]["hash"] == head
    assert cli("doctor", "--db", str(sample_db), "--head", head).exit_code == 0


def test_if_changed_writes_nothing_until_the_log_or_the_day_moves(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Same head and day: exit 0, nothing written; a new record or another as-of day builds again."""
    out = tmp_path / "site"
    _build(cli, sample_db, out)
    index = out / "index.html"
    index.write_text("stale")  # a build would replace it
    same = cli("site", "-o", str(out), "--db", str(sample_db), "--if-changed")
    assert (same.exit_code, same.stdout) == (0, "")
    assert same.stderr == f"the site in {out} is up to date (log #0, as of {AS_OF}); nothing written\n"
    assert index.read_text() == "stale"
    later = cli("site", "-o", str(out), "--db", str(sample_db), "--if-changed", "--as-of", "2026-12-01")
    assert later.exit_code == 0
    assert index.read_text() != "stale"
    index.write_text("stale")
    assert cli("record", "hydrogen.companies", "61", "--date", "2025", "--db", str(sample_db), "-q").exit_code == 0
    moved = cli("site", "-o", str(out), "--db", str(sample_db), "--if-changed", "--as-of", "2026-12-01")
    assert moved.exit_code == 0
    assert moved.stdout == f"{out}\n"
    assert index.read_text() != "stale"


def test_base_url_adds_sitemap_og_url_and_absolute_feed_links(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """Only --base-url writes what needs an absolute address."""
    out = tmp_path / "site"
    _build(cli, sample_db, out, "--base-url", "https://example.org/pohang")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/pohang/</loc>" in sitemap
    assert "<loc>https://example.org/pohang/en/indicators/battery.investment.html</loc>" in sitemap
    page = _parse(out / "en" / "index.html")
    assert page.meta["og:url"] == "https://example.org/pohang/en/"
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert '<link rel="self" href="https://example.org/pohang/feed.xml"/>' in feed
    _build(cli, sample_db, out)
    assert not (out / "sitemap.xml").exists()


def test_bad_options_are_refused_with_what_to_type(cli: Invoke, sample_db: Path, tmp_path: Path) -> None:
    """A base URL that is no address, and a language that is neither ko nor en: exit 2, nothing written."""
    out = tmp_path / "site"
    bad = cli("site", "-o", str(out), "--db", str(sample_db), "--base-url", "example.org")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == (
        "pohang: --base-url must be the site's address, e.g. --base-url https://example.org/pohang/, not "
        "'example.org'\n"
    )
    assert not out.exists()


def test_downloads_import_back(cli: Invoke, built: Path, tmp_path: Path, sample_db: Path) -> None:
    """An indicator's JSON and CSV, the workbook and the zip's CSV files are read back by `pohang import`."""
    copy = tmp_path / "copy.json"
    assert cli("init", "--empty", "--db", str(copy), "-q").exit_code == 0
    data = built / "data"
    imported = cli("import", str(data / "battery.investment.json"), "--db", str(copy), "-q")
    assert imported.exit_code == 0, imported.stderr
    exported = cli("export", "--kind", "observations", "--format", "csv", "--db", str(copy))
    assert exported.stdout_bytes == (data / "battery.investment.csv").read_bytes()
    again = cli("import", str(data / "battery.investment.csv"), "--db", str(copy))
    assert again.exit_code == 0
    assert "0 added, 0 updated" in again.stderr
    whole = tmp_path / "whole.json"
    assert cli("init", "--empty", "--db", str(whole), "-q").exit_code == 0
    workbook = cli("import", str(data / "pohang.xlsx"), "--db", str(whole), "-q")
    assert workbook.exit_code == 0, workbook.stderr
    original = json.loads(cli("export", "--db", str(sample_db)).stdout)
    restored = json.loads(cli("export", "--db", str(whole)).stdout)
    for kind in ("sectors", "indicators", "targets", "observations", "milestones", "assessments"):
        assert restored[kind] == original[kind], kind
    unzipped = tmp_path / "zip.json"
    assert cli("init", "--empty", "--db", str(unzipped), "-q").exit_code == 0
    with zipfile.ZipFile(data / "pohang.zip") as archive:
        names = archive.namelist()
        assert names == [f"{k}.csv" for k in original if k not in ("schema_version", "next_milestone_id")]
        for name in names:
            (tmp_path / name).write_bytes(archive.read(name))
            done = cli("import", str(tmp_path / name), "--db", str(unzipped), "-q")
            assert done.exit_code == 0, (name, done.stderr)
    assert json.loads(cli("export", "--db", str(unzipped)).stdout)["observations"] == original["observations"]


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def test_every_status_badge_carries_white_text_at_wcag_contrast() -> None:
    """White on each status colour is at least 4.5:1 (WCAG AA), so no badge fails axe's colour-contrast rule."""
    from pohang_cli.render.report_style import STYLE

    colours = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", STYLE))
    statuses = ["achieved", "on-track", "behind", "off-track", "regressing", "missed", "pending-final"]
    statuses += ["insufficient", "not-judged", "no-data"]
    low = {name: round(1.05 / (_luminance(colours[name]) + 0.05), 2) for name in statuses}
    assert {name: ratio for name, ratio in low.items() if ratio < 4.5} == {}


def test_the_readme_example_prints_what_the_readme_says(cli: Invoke, tmp_path: Path) -> None:
    """`pohang site -o public --db sample_db.json --as-of 2026-11-25`, as the README shows it."""
    from pohang_cli.storage import bundled_sample_path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ pohang site -o public --db sample_db.json --as-of 2026-11-25\n", 1)[1].split("$ ", 1)[0]
    out = tmp_path / "public"
    result = cli("site", "-o", str(out), "--db", str(bundled_sample_path()), "--as-of", "2026-11-25")
    assert result.exit_code == 0
    shown = (result.stdout + result.stderr).replace(str(out), "public")
    assert shown == block


def test_a_reader_of_a_postgresql_database_builds_the_same_site(
    cli: Invoke, tmp_path: Path, pg_uri: str, postgres_server: Any
) -> None:
    """A login with only the reader's role builds the site; its pages and data are those of the same file."""
    psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed: pip install -e '.[postgres]'")
    file_db = tmp_path / "pohang.json"
    for where in (str(file_db), pg_uri):
        assert cli("init", "--db", where, "-q").exit_code == 0
    database = pg_uri.rsplit("/", 1)[1]
    role = f"site_{database}"
    with psycopg.connect(pg_uri, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {role}")
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-site'")
    try:
        granted = cli("roles", "grant", role, "reader", "--db", pg_uri, "-q")
        assert granted.exit_code == 0, granted.stderr
        reader = postgres_server.uri(database, user=role, password="pw-site")
        _build(cli, reader, tmp_path / "from-pg")
        _build(cli, file_db, tmp_path / "from-file")
    finally:
        with psycopg.connect(pg_uri, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}; DROP ROLE {role}")
    same = ["indicators/battery.investment.html", "en/coverage.html", "data/battery.investment.csv"]
    same += ["data/battery.investment.json", "data/pohang.zip", "data/pohang.xlsx", "en/sectors/hydrogen.html"]
    for name in same:
        assert (tmp_path / "from-pg" / name).read_bytes() == (tmp_path / "from-file" / name).read_bytes(), name


# The units of the sample, and the languages in which pohang writes each as part of the figure (in English a
# count's noun follows the number as any word does: "70 companies").
FIGURE_UNITS = {"KRW": ("ko", "en"), "t": ("ko", "en"), "MW": ("ko", "en"), "㎡": ("ko", "en"), "companies": ("ko",)}


@given(value=st.integers(0, 9 * 10**17).map(lambda cents: cents / 100), unit=st.sampled_from(sorted(FIGURE_UNITS)))
def test_a_figure_in_a_page_keeps_its_parts_on_one_line(value: float, unit: str) -> None:
    """ "5조 6,000억 원" never wraps into "5조" over "6,000억 원": the spaces inside a figure do not break."""
    from pohang_cli.quantities import format_value
    from pohang_cli.render.html_parts import text

    for lang in FIGURE_UNITS[unit]:
        assert " " not in text(format_value(value, unit, lang))
