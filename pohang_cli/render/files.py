"""Writing a finished document (a report) to a file or to stdout, as UTF-8 whatever the locale."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from pohang_cli.errors import InputError
from pohang_cli.i18n import _

STDOUT = "-"


def write_document(text: str, destination: str, stdout: TextIO) -> Path | None:
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
    data = text.encode("utf-8")
    if destination == STDOUT:
        stdout.flush()
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(text)
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
