"""The frame of every page of the site: head (title, description, Open Graph), menu, language switch, footer.

Links are relative, so the site works from any folder of any web server (a GitHub Pages project site
lives under `/NAME/`). A page in one language links to the same page in the other. No script, no font, no
external asset: the style sheet is the report's, inline, with the site's own additions.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from pohang_cli import __version__
from pohang_cli.render.report_style import STYLE
from pohang_cli.site.words import site_word

SITE_STYLE = """
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:.3rem .6rem;z-index:9}
header.site{border-bottom:1px solid var(--line);background:var(--soft)}
header.site .bar{max-width:1040px;margin:0 auto;padding:.5rem 20px;display:flex;flex-wrap:wrap;gap:.3rem 1rem;
align-items:center;justify-content:space-between}
header.site .brand{font-weight:700;color:var(--ink);text-decoration:none}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .9rem}
.lang{font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:.8rem;margin:.8rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem}
.card h3{margin:0 0 .3rem}
.lead{font-size:1.05rem}
ul.plain{list-style:none;padding:0;margin:.3rem 0}ul.plain li{margin:.2rem 0}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.hash{overflow-wrap:anywhere}
@media print{header.site{display:none}}
"""


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the site's pages are: the languages built, and the address the site will be served from."""

    languages: tuple[str, ...]
    base_url: str | None = None

    def prefix(self, lang: str) -> str:
        """The folder of a language's pages: the first language at the top, the other under `en/` or `ko/`."""
        return "" if lang == self.languages[0] else f"{lang}/"

    def path(self, lang: str, page: str) -> str:
        """The path of `page` (`index.html`, `indicators/x.html`) in `lang`, from the site's top."""
        return self.prefix(lang) + page

    def absolute(self, path: str) -> str | None:
        """The address of a path, with `--base-url` only."""
        if self.base_url is None:
            return None
        # A folder's index is served at the folder's address: that is the address people share.
        return self.base_url.rstrip("/") + "/" + path.removesuffix("index.html")


def page_name(folder: str, record_id: str) -> str:
    """`indicators/battery.investment.html`: a record's page, its id quoted where a file name needs it."""
    return f"{folder}/{quote(record_id, safe='.-_')}.html"


def data_name(indicator_id: str, extension: str) -> str:
    """`data/battery.investment.csv`: where an indicator's data is downloaded, a stable address."""
    return f"data/{quote(indicator_id, safe='.-_')}.{extension}"


def relative(from_path: str, to_path: str) -> str:
    """The link from one page of the site to another file of it."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def link(from_path: str, to_path: str, text: str, current: bool = False) -> str:
    """An `<a>` from one page to another, its text escaped."""
    mark = ' aria-current="page"' if current else ""
    return f'<a href="{escape(relative(from_path, to_path))}"{mark}>{escape(text)}</a>'


_MENU_PAGES = {
    "home": "index.html",
    "milestones": "milestones.html",
    "coverage": "coverage.html",
    "method": "method.html",
    "changes": "changes.html",
}


def render_page(frame: Frame, lang: str, page: str, *, title: str, description: str, body: str, as_of: str) -> str:
    """A whole HTML document for `page` of the site in `lang`.

    Args:
        frame: The languages and address of the site.
        lang: `ko` or `en`.
        page: The page's path within a language (`index.html`, `sectors/battery.html`).
        title: The page's own title (the site's name is added after it).
        description: One or two sentences: the meta description and Open Graph description.
        body: The page's content, HTML already escaped.
        as_of: The date the site judges at, ISO.

    Returns:
        The document, ending with a newline.
    """
    path = frame.path(lang, page)
    site_title = site_word(lang, "site_title")
    full_title = title if page == "index.html" else f"{title} · {site_title}"
    menu = "".join(
        f"<li>{link(path, frame.path(lang, target), site_word(lang, key), current=target == page)}</li>"
        for key, target in _MENU_PAGES.items()
    )
    switch = ""
    others = [other for other in frame.languages if other != lang]
    if others:
        other = others[0]
        switch = (
            f'<a class="lang" href="{escape(relative(path, frame.path(other, page)))}" lang="{other}" '
            f'hreflang="{other}">{escape(site_word(lang, "language_switch"))}</a>'
        )
    og_url = ""
    address = frame.absolute(path)
    if address is not None:
        og_url = (
            f'<meta property="og:url" content="{escape(address)}">\n<link rel="canonical" href="{escape(address)}">\n'
        )
    feed = relative(path, frame.path(lang, "feed.xml"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="pohang {escape(__version__)}">\n'
        f"<title>{escape(full_title)}</title>\n"
        f'<meta name="description" content="{escape(description)}">\n'
        f'<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{escape(title)}">\n'
        f'<meta property="og:description" content="{escape(description)}">\n'
        f'<meta property="og:site_name" content="{escape(site_title)}">\n'
        f"{og_url}"
        f'<link rel="alternate" type="application/atom+xml" href="{escape(feed)}" '
        f'title="{escape(site_word(lang, "feed_title"))}">\n'
        f"<style>{STYLE}{SITE_STYLE}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#content">{escape(site_word(lang, "skip"))}</a>\n'
        f'<header class="site"><div class="bar">'
        f'<a class="brand" href="{escape(relative(path, frame.path(lang, "index.html")))}">{escape(site_title)}</a>'
        f'<nav aria-label="{escape(site_word(lang, "main_menu"))}"><ul>{menu}</ul></nav>{switch}</div></header>\n'
        f'<main id="content">\n{body}\n'
        f"<footer>{escape(site_word(lang, 'made_with', as_of=as_of))}</footer>\n</main>\n</body>\n</html>\n"
    )
