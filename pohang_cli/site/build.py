"""Every file of the site (pages, data, feeds), each made only when it is written.

The manifest `data/index.json` lists them with what they were built from (log head, as-of date, options),
so the next build knows which files are its own and `--if-changed` knows when nothing moved.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pohang_cli import __version__
from pohang_cli.models import Dataset, LogHead
from pohang_cli.site.content import SiteContent
from pohang_cli.site.downloads import database_workbook, database_zip, indicator_files
from pohang_cli.site.feed import atom_feed, sitemap
from pohang_cli.site.indicator_page import indicator_page
from pohang_cli.site.layout import Frame, data_name, page_name, render_page
from pohang_cli.site.pages import (
    Page,
    changes_page,
    coverage_page,
    home,
    method_page,
    milestones_page,
    sector_page,
)

MANIFEST = "data/index.json"
MANIFEST_VERSION = 1
WORKBOOK = "data/pohang.xlsx"

# A file's content: a function that writes it at a path. Each is called when its file is written, so a site
# of 100,000 actuals never holds all its pages at once.
Writer = Callable[[Path], None]


def _bytes(content: bytes) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(content)

    return write


@dataclass(frozen=True, slots=True)
class Built:
    """The files of one build, by path from the site's top, and how many pages and data files there are."""

    files: dict[str, Writer]
    pages: int
    data_files: int
    # Files that may be written in a process of their own while the rest are written.
    apart: frozenset[str] = frozenset()


def built_from(head: LogHead, as_of: date, frame: Frame) -> dict[str, Any]:
    """What a build depends on: `--if-changed` compares it with the last build's.

    Statuses move with time even when no record does, so the as-of date counts as much as the log head.
    """
    return {
        "as_of": as_of.isoformat(),
        "log_head": {"seq": head.seq, "id": head.id, "hash": head.hash},
        "languages": list(frame.languages),
        "base_url": frame.base_url,
        "pohang": __version__,
    }


def build(data: Dataset, content: SiteContent, frame: Frame) -> Built:
    """Every file of the site for `frame`'s languages and address, each made when it is written.

    Args:
        data: The whole database (the downloads are its records as `export` writes them).
        content: What the pages show, gathered from the same database.
        frame: The languages and the address of the site.
    """
    files: dict[str, Writer] = {}
    as_of = content.as_of.isoformat()
    pages: list[str] = []

    def page_writer(lang: str, page: str, make: Callable[[], Page]) -> Writer:
        def write(path: Path) -> None:
            shown = make()
            html = render_page(
                frame, lang, page, title=shown.title, description=shown.description, body=shown.body, as_of=as_of
            )
            path.write_bytes(html.encode("utf-8"))

        return write

    for lang in frame.languages:
        made: list[tuple[str, Callable[[], Page]]] = [
            ("index.html", functools.partial(home, frame, content, lang)),
            ("milestones.html", functools.partial(milestones_page, frame, content, lang)),
            ("coverage.html", functools.partial(coverage_page, frame, content, lang)),
            ("method.html", functools.partial(method_page, frame, content, lang)),
            ("changes.html", functools.partial(changes_page, frame, content, lang)),
        ]
        for section in content.report.sectors:
            sector = functools.partial(sector_page, frame, content, section, lang)
            made.append((page_name("sectors", section.status.sector.id), sector))
        for item in content.indicators:
            indicator = functools.partial(indicator_page, frame, content, item, lang)
            made.append((page_name("indicators", item.indicator.id), indicator))
        for page, make in made:
            path = frame.path(lang, page)
            files[path] = page_writer(lang, page, make)
            pages.append(path)
        files[frame.path(lang, "feed.xml")] = _bytes(atom_feed(frame, content, lang))
    data_files = indicator_files(data)
    files.update(data_files)
    files["data/pohang.zip"] = database_zip(data, content.as_of)
    files[WORKBOOK] = database_workbook(data)
    if frame.base_url is not None:
        files["sitemap.xml"] = _bytes(sitemap(frame, pages))
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "built_from": built_from(content.head, content.as_of, frame),
        "data": {
            "indicators": {
                indicator_id: {"csv": data_name(indicator_id, "csv"), "json": data_name(indicator_id, "json")}
                for indicator_id in sorted(data.indicators)
            },
            "workbook": WORKBOOK,
            "zip": "data/pohang.zip",
        },
        "files": sorted([*files, MANIFEST]),
    }
    files[MANIFEST] = _bytes((json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return Built(files, len(pages), len(data_files) + 2, frozenset({WORKBOOK}))
