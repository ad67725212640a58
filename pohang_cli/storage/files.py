"""The bytes of the file: UTF-8 JSON through orjson, written atomically with a backup of the previous version."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import stat
from pathlib import Path
from typing import Any

import orjson

from pohang_cli.errors import (
    DatabaseCorruptError,
)
from pohang_cli.i18n import _


def encode_tables(data: dict[str, Any]) -> bytes:
    # orjson writes UTF-8 (never \uXXXX for Hangul), refuses NaN/inf by raising instead of writing
    # invalid JSON, and is 13x faster than json.dumps (docs/perf-baselines.md §2a).
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def _fsync_directory(directory: Path) -> None:
    # Without this, os.replace can be lost on power failure even though the file's bytes were synced.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, backup: Path | None = None) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old or the new file, whole.

    Args:
        path: the file to replace.
        payload: its new content.
        backup: where to keep the previous version (a hard link, so it costs no copy).
    """
    import tempfile  # here: a reading command never writes, and tempfile loads random (~1 ms)

    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        # mkstemp creates 0600: keep the mode of the file being replaced (a database shared by a group of
        # officers must stay readable by them), or give a new file the usual 0666 less the umask.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and path.exists():
            link_backup(path, backup)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def link_backup(path: Path, backup: Path) -> None:
    staged = backup.with_name(backup.name + ".tmp")
    staged.unlink(missing_ok=True)
    try:
        os.link(path, staged)
    except OSError:  # filesystems without hard links
        shutil.copy2(path, staged)
    os.replace(staged, backup)


class AtomicJSONStorage:
    """A TinyDB storage that reads UTF-8 and writes through a temp file, fsync and `os.replace`.

    TinyDB's own JSONStorage writes in place (a crash tears the file) and opens with the locale
    encoding; this one keeps no handle open between calls. It has the read/write/close methods of
    `tinydb.storages.Storage` without subclassing it: importing tinydb costs every command 4 ms, and
    TinyDB only calls these methods.
    """

    def __init__(self, path: str | os.PathLike[str], backup: bool = True) -> None:
        self.path = Path(path)
        self.backup = backup

    def close(self) -> None:
        """Nothing to close: no handle is kept between calls."""

    def read(self) -> dict[str, dict[str, Any]] | None:
        # A plain read, not a memory map: a map of a file that another program truncates in place (a sync
        # client, an editor) kills the process with SIGBUS, where a read reports a damaged file (exit 4).
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw or raw.isspace():  # not raw.strip(): that copies the whole file first
            return None
        return decode_database(raw, self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        backup = backup_path(self.path) if self.backup else None
        atomic_write_bytes(self.path, encode_tables(data), backup=backup)


def backup_path(path: Path) -> Path:
    """Where the previous version of a database is kept."""
    return path.with_name(path.name + ".bak")


def restore_hint(path: Path) -> str:
    """What to tell a user whose database cannot be used: it was not touched, and where the backup is."""
    backup = backup_path(path)
    if backup.is_file():
        shown = shlex.quote(str(backup))
        return _(
            "the file was left untouched — check the previous version with `pohang doctor --db {backup}` "
            "and restore it with `cp {backup} {path}`"
        ).format(backup=shown, path=shlex.quote(str(path)))
    return _("the file was left untouched; there is no backup at {backup}").format(backup=backup)


def decode_database(raw: bytes | memoryview, path: Path) -> dict[str, Any]:
    """Parse the bytes of a database file, or explain what is wrong with it (exit 4)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = exc.msg.split(":", 1)[0]
        raise DatabaseCorruptError(
            _("{path} is not valid JSON ({reason} at line {lineno}, column {colno}); {hint}").format(
                path=path, reason=reason, lineno=exc.lineno, colno=exc.colno, hint=restore_hint(path)
            )
        ) from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise DatabaseCorruptError(
            _("{path} is not a pohang database (expected an object of tables); {hint}").format(
                path=path, hint=restore_hint(path)
            )
        )
    return data


def decode_json(raw: bytes | str) -> Any:
    """Parse one JSON document (a line of the audit log)."""
    return orjson.loads(raw)


def encode_line(document: dict[str, Any]) -> bytes:
    """One JSON document on one line, keys in insertion order (a line of the audit log)."""
    return orjson.dumps(document)


def read_table_documents(path: Path, table: str) -> dict[str, Any]:
    """The stored documents of one table, without parsing the others (shell completion reads a table per TAB).

    The file is found as `encode_tables` writes it: top-level keys two spaces in, on lines of their own, so a
    table runs from its key to the next one and the observations of a large database are skipped unparsed.
    A file laid out otherwise (edited by hand) is parsed whole.
    """
    import mmap

    marker = b'\n  "' + table.encode("utf-8") + b'": '
    # Mapped, not read: finding the table in a 36 MB file then touches only the pages it scans.
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        start = data.find(marker)
        if start >= 0:
            start += len(marker)
            end = data.find(b'\n  "', start)
            chunk = data[start : end if end >= 0 else data.rfind(b"}")].rstrip().rstrip(b",")
            with contextlib.suppress(orjson.JSONDecodeError):
                documents = orjson.loads(chunk)
                if isinstance(documents, dict):
                    return documents
        whole = orjson.loads(data[:])
    documents = whole.get(table, {}) if isinstance(whole, dict) else {}
    return documents if isinstance(documents, dict) else {}


def refuse_read_only(path: Path) -> None:
    """Refuse to write a database file whose every write bit is clear, as `ls -l` shows `-r--r--r--`.

    The bits are read with stat, not tried with access(): root may write any file, and the atomic replace of a
    write would put a new file in its place anyway. A file made read-only says "leave it as it is".

    Raises:
        PermissionDeniedError: the file exists and no one may write it (exit 4); nothing was written.
    """
    import stat

    from pohang_cli.errors import PermissionDeniedError
    from pohang_cli.i18n import _

    try:
        mode = path.stat().st_mode
    except OSError:  # missing: the caller says so, or creates it
        return
    if stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionDeniedError(
            _(
                "{path} is read-only (no write permission for anyone); nothing was written — make it writable "
                "with `chmod u+w {path}`, or work on a copy"
            ).format(path=path)
        )
