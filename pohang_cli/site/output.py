"""Writing the site into its folder: only the files of the last build are replaced or removed.

The folder may hold files of its own (`.git`, `CNAME`, a README): the manifest of the last build
(`data/index.json`) says which files are the site's. A file the new build would write over that the last
build did not write is refused, never overwritten. Each file is written beside its final name and renamed
over it, so a reader of the served folder sees an old file or a new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.site.build import MANIFEST, Built, Writer


def last_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest the last build left in `folder`, None when there is none (or it is not one)."""
    try:
        document = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("files"), list):
        return None
    return document


def is_up_to_date(folder: Path, built_from: dict[str, Any]) -> bool:
    """Whether the site in `folder` was built from this log head, as-of date and these options."""
    manifest = last_manifest(folder)
    return manifest is not None and manifest.get("built_from") == built_from


def _inside(folder: Path, name: str) -> Path | None:
    # A manifest is data a person could edit: never follow one out of the folder.
    if not isinstance(name, str) or name.startswith("/") or ".." in name.split("/"):
        return None
    return folder / name


def write_site(folder: Path, built: Built) -> int:
    """Write `built` into `folder`, removing the files of the last build it no longer has.

    Returns:
        How many files of the last build were removed.

    Raises:
        InputError: `folder` is a file, or holds a file the site would write that the last build did not.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError(_("{path} is a file, not a folder; give the folder the site goes in").format(path=folder))
    manifest = last_manifest(folder)
    previous = {name for name in (manifest or {}).get("files", []) if _inside(folder, name) is not None}
    for name in sorted(built.files):
        path = folder / name
        if name not in previous and name != MANIFEST and path.exists():
            raise InputError(
                _(
                    "{path} is not a file the last `pohang site` wrote; move it away or build the site in "
                    "another folder"
                ).format(path=path)
            )
    apart = {name: built.files[name] for name in built.apart if name in built.files}
    child = _start_apart(folder, apart)
    for name, writer in sorted(built.files.items()):
        if name != MANIFEST and (child is None or name not in apart):
            _write(folder / name, writer)
    if child is not None and not _finished(child):
        for name, writer in sorted(apart.items()):  # the other process failed: write its files here
            _write(folder / name, writer)
    removed = 0
    for name in sorted(previous - set(built.files)):
        path = folder / name
        if path.is_file():
            path.unlink()
            removed += 1
            _remove_empty_parents(path.parent, folder)
    # The manifest last: until it is written, the old one still lists every file of the old build.
    _write(folder / MANIFEST, built.files[MANIFEST])
    return removed


def _start_apart(folder: Path, apart: dict[str, Writer]) -> int | None:
    """Write `apart` in a forked process, beside the pages: the workbook of 100,000 rows takes as long as all
    the pages, and a second core halves the build. None where there is no fork (the caller writes them)."""
    if not apart or not hasattr(os, "fork"):
        return None
    for name in apart:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for name, writer in sorted(apart.items()):
            _write(folder / name, writer)
        code = 0
    finally:
        os._exit(code)  # never the parent's clean-up: this process only writes files


def _finished(pid: int) -> bool:
    """Whether the forked writer ended well."""
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _write(path: Path, writer: Writer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        writer(partial)
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
