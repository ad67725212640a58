"""The Atom feed of the changes (one per language) and, with `--base-url`, the sitemap.

An entry publishes what a change was (its kind, record id, action, date and a summary) and links to its
indicator page; never who made it, where, or with which command. Without `--base-url` the ids are `tag:`
URIs and the links are relative to the feed, so the feed is written whether or not the site's address
is known. Its `updated` is the newest change's time (or the as-of day): no build time, so rebuilding the
same database gives the same bytes.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from pohang_cli.models import Indicator
from pohang_cli.site.changes import ChangeItem
from pohang_cli.site.content import SiteContent
from pohang_cli.site.layout import Frame, relative
from pohang_cli.site.pages import change_summary
from pohang_cli.site.words import site_word

# The tagging entity of `tag:` ids (RFC 4151): the project's name and the year its feed began.
TAG_AUTHORITY = "pohang,2026"


def _time(item: ChangeItem, fallback: date) -> str:
    return item.time or f"{fallback.isoformat()}T00:00:00Z"


def atom_feed(frame: Frame, content: SiteContent, lang: str) -> bytes:
    """The feed of `lang`'s changes, newest first, as UTF-8 XML."""
    path = frame.path(lang, "feed.xml")
    indicators: dict[str, Indicator] = {i.indicator.id: i.indicator for i in content.indicators}
    home = frame.path(lang, "index.html")

    def address(target: str) -> str:
        absolute = frame.absolute(target)
        return absolute if absolute is not None else relative(path, target)

    feed_id = frame.absolute(path) or f"tag:{TAG_AUTHORITY}:feed/{lang}"
    updated = _time(content.changes[0], content.as_of) if content.changes else f"{content.as_of.isoformat()}T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"<title>{escape(site_word(lang, 'feed_title'))}</title>",
        f"<id>{escape(feed_id)}</id>",
        f"<updated>{updated}</updated>",
        f'<link rel="self" href={quoteattr(address(path))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(address(home))}/>',
        f"<author><name>{escape(site_word(lang, 'site_title'))}</name></author>",
    ]
    for item in content.changes:
        target = frame.path(lang, content.page_of(item) or "changes.html")
        kind = site_word(lang, f"kind_{item.kind.value}")
        title = f"{kind} {item.record}: {site_word(lang, item.action)}"
        entry_id = f"tag:{TAG_AUTHORITY}:change/{item.entry}/{item.kind.value}/{item.record}"
        summary = f"{item.day} · {kind} · {item.record} · {site_word(lang, item.action)} · " + change_summary(
            item, indicators, lang
        )
        lines += [
            "<entry>",
            f"<title>{escape(title)}</title>",
            f"<id>{escape(entry_id)}</id>",
            f"<updated>{_time(item, content.as_of)}</updated>",
            f"<link href={quoteattr(address(target))}/>",
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(frame: Frame, pages: list[str]) -> bytes:
    """The sitemap of every page, by absolute address; only with `--base-url`."""
    entries = [f"<url><loc>{escape(frame.absolute(page) or page)}</loc></url>" for page in pages]
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
    return text.encode("utf-8")
