"""Writing a finished document (a report, a workbook) to a file or to stdout; choosing its format from its name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from pohang_cli.errors import InputError
from pohang_cli.i18n import _

STDOUT = "-"


def output_format(destination: str | None, chosen: str | None, writable: Mapping[str, str], default: str) -> str:
    """The format a file is written in: --format, else the extension after -o, else `default`.

    An extension pohang cannot write is refused rather than guessed (`report -o r.pdf` would otherwise be
    HTML in a file named .pdf), and so is a --format that the extension contradicts.

    Args:
        destination: the file after -o (`-` or None for stdout).
        chosen: the --format given, lower-cased and checked, or None.
        writable: the extensions the command writes (with the dot, lower-case) -> format.
        default: the format without --format and without an extension.

    Raises:
        InputError: the extension is not one of `writable`, or names another format than --format.
    """
    extension = Path(destination).suffix.casefold() if destination not in (None, STDOUT) else ""
    if extension and extension not in writable:
        grouped: dict[str, list[str]] = {}
        for ext, fmt in writable.items():
            grouped.setdefault(fmt, []).append(ext)
        formats = ", ".join(f"{fmt} ({' '.join(exts)})" for fmt, exts in grouped.items())
        raise InputError(
            _("cannot write '{file}': pohang writes {formats}; name the file with one of these extensions").format(
                file=destination, formats=formats
            )
        )
    named = writable.get(extension)
    if chosen is not None:
        if named is not None and named != chosen:
            raise InputError(
                _("--format {format} does not fit the file name '{file}'; name it *.{format}").format(
                    format=chosen, file=destination
                )
            )
        return chosen
    return named or default


def write_document(text: str | bytes, destination: str, stdout: TextIO) -> Path | None:
    """Write `text` to the file `destination`, or to `stdout` when it is `-`.

    A file is written next to its final name and then renamed over it, so a reader (or a browser
    reloading the page) never sees half a report, and an interrupted run leaves the old file whole.

    Args:
        text: The document.
        destination: A file path, or `-` for stdout.
        stdout: The standard output stream.

    Returns:
        The path written, or None for stdout.

    Raises:
        InputError: the file cannot be written (missing directory, no permission); nothing was written.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if destination == STDOUT:
        if isinstance(text, bytes) and stdout.isatty():
            raise InputError(_("a workbook is never written to a terminal: give -o FILE.xlsx, or redirect stdout"))
        stdout.flush()
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(text if isinstance(text, str) else text.decode("utf-8", errors="replace"))
            stdout.flush()
        return None
    path = Path(destination)
    if path.is_dir():
        raise InputError(
            _("cannot write the report to '{destination}': it is a directory; name a file").format(
                destination=destination
            )
        )
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise InputError(
            _("cannot write the report to '{destination}': {strerror}").format(
                destination=destination, strerror=error.strerror
            )
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp creates the file private (0600); a report is a document to share, like any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            _("cannot write the report to '{destination}': {strerror}").format(
                destination=destination, strerror=error.strerror
            )
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
