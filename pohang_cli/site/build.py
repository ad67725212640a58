"""Every file of the site, made in memory (the workbook excepted, which is written row by row): pages, data, feeds.

The manifest `data/index.json` lists them with what they were built from (log head, as-of date, options),
so the next build knows which files are its own and `--if-changed` knows when nothing moved.
"""

from __future__ import annotations

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

# A file's content: bytes, or a function that writes the file at a path (the workbook, in constant memory).
Content = bytes | Callable[[Path], None]


@dataclass(frozen=True, slots=True)
class Built:
    """The files of one build, by path from the site's top, and how many pages and data files there are."""

    files: dict[str, Content]
    pages: int
    data_files: int


def built_from(head: LogHead, as_of: date, frame: Frame) -> dict[str, Any]:
    """What a build depends on: `--if-changed` compares it with the last build's.

    Statuses move with time even when no record does, so the as-of date counts as much as the log head.
    """
    return {
        "as_of": as_of.isoformat(),
        "log_head": {"seq": head.seq, "id": head.id},
        "languages": list(frame.languages),
        "base_url": frame.base_url,
        "pohang": __version__,
    }


def build(data: Dataset, content: SiteContent, frame: Frame) -> Built:
    """Every file of the site for `frame`'s languages and address.

    Args:
        data: The whole database (the downloads are its records as `export` writes them).
        content: What the pages show, gathered from the same database.
        frame: The languages and the address of the site.
    """
    files: dict[str, Content] = {}
    as_of = content.as_of.isoformat()
    pages: list[str] = []
    for lang in frame.languages:
        made: list[tuple[str, Page]] = [
            ("index.html", home(frame, content, lang)),
            ("milestones.html", milestones_page(frame, content, lang)),
            ("coverage.html", coverage_page(frame, content, lang)),
            ("method.html", method_page(frame, content, lang)),
            ("changes.html", changes_page(frame, content, lang)),
        ]
        made += (
            (page_name("sectors", section.status.sector.id), sector_page(frame, content, section, lang))
            for section in content.report.sectors
        )
        made += (
            (page_name("indicators", item.indicator.id), indicator_page(frame, content, item, lang))
            for item in content.indicators
        )
        for page, shown in made:
            path = frame.path(lang, page)
            html = render_page(
                frame, lang, page, title=shown.title, description=shown.description, body=shown.body, as_of=as_of
            )
            files[path] = html.encode("utf-8")
            pages.append(path)
        files[frame.path(lang, "feed.xml")] = atom_feed(frame, content, lang)
    data_files = dict(indicator_files(data))
    files.update(data_files)
    files["data/pohang.zip"] = database_zip(data, content.as_of)
    files[WORKBOOK] = lambda path: database_workbook(data, path)
    if frame.base_url is not None:
        files["sitemap.xml"] = sitemap(frame, pages)
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
    files[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return Built(files, len(pages), len(data_files) + 2)
