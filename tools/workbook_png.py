"""Render a workbook as LibreOffice prints it, to one PNG: the picture of the report workbook in the README.

LibreOffice converts the workbook to PDF (each sheet as its print settings say: A4 landscape, one page
wide); pypdfium2 renders each page, the white margins are cut off, and the pages are stacked, one sheet
under the other, on a white background.

Needs `soffice` (Debian: libreoffice-calc-nogui) and, in the environment that runs this, `pip install
pypdfium2 pillow` (neither is a dependency of pohang).

Usage:
    pohang report --db sample_db.json --as-of 2026-11-25 --lang ko -o report.xlsx
    python tools/workbook_png.py report.xlsx docs/report-workbook.png
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageDraw

SCALE = 2.0  # 144 dpi: the small print of a one-page-wide sheet stays legible
GAP = 28  # pixels between two pages' content
MARGIN = 24


def pdf_of(workbook: Path, directory: Path) -> Path:
    """The PDF LibreOffice prints the workbook to (with a profile of its own, never the user's)."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(directory), str(workbook)],
        check=True,
        capture_output=True,
        env={**os.environ, "HOME": str(directory / "profile")},
        timeout=300,
    )
    return directory / (workbook.stem + ".pdf")


def content(page: Image.Image) -> Image.Image:
    """The page without its white margins."""
    background = Image.new(page.mode, page.size, (255, 255, 255))
    box = ImageChops.difference(page, background).getbbox()
    return page.crop(box) if box else page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("png", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        document = pypdfium2.PdfDocument(pdf_of(args.workbook, Path(temporary)))
        pages = [content(document[n].render(scale=SCALE).to_pil().convert("RGB")) for n in range(len(document))]
    width = max(page.width for page in pages) + 2 * MARGIN
    height = sum(page.height for page in pages) + GAP * (len(pages) - 1) + 2 * MARGIN
    picture = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    top = MARGIN
    for number, page in enumerate(pages):
        picture.paste(page, (MARGIN, top))
        top += page.height
        if number < len(pages) - 1:
            draw.line([(MARGIN, top + GAP // 2), (width - MARGIN, top + GAP // 2)], fill=(208, 215, 222), width=1)
        top += GAP
    args.png.parent.mkdir(parents=True, exist_ok=True)
    picture.save(args.png, optimize=True)
    print(f"{args.png}: {len(pages)} page(s), {width}x{height}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
