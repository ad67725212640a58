"""Who runs this command and how: the audit log's author and command line, and the warning a typed password gets.

Kept apart from common.py: they are what a write records about its caller, not how a command reads its options.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

from pohang_cli.i18n import _

if TYPE_CHECKING:
    from pohang_cli.render import Output


def author() -> tuple[str | None, str | None]:
    """Who runs this command, for the audit log: the operating-system user and the machine's name.

    Called only when a change is logged, so reading commands pay nothing for it.
    """
    import getpass

    try:
        user: str | None = getpass.getuser()  # LOGNAME, USER, LNAME, USERNAME, then the password database
    except (OSError, KeyError):  # no name for this uid (a container run with an arbitrary uid)
        user = None
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME")
    return user or None, host or None


def command_line() -> str:
    """The command line as typed, quoted so it can be run again; bytes that were not UTF-8 as escapes.

    A connection string in it is named without its password (parsed as libpq does): the line goes into the
    audit log.
    """
    words = [word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for word in sys.argv[1:]]
    if any("://" in word or "=" in word for word in words):
        from pohang_cli.storage.postgres.conninfo import words_without_secrets

        words = words_without_secrets(words)
    return " ".join(["pohang", *(_shell_word(word) for word in words)])


def _shell_word(word: str) -> str:
    # shlex.quote quotes every non-ASCII word; Hangul needs no quoting in a shell, so keep it readable.
    if word and all(char.isalnum() or char in "@%+=:,./-_" for char in word):
        return word
    return shlex.quote(word)


def warn_password_on_command_line(output: Output | None) -> None:
    """Say that a password typed in --db shows in the process list; even with -q, as it is not chatter."""
    stream = sys.stderr if output is None else output.err
    stream.write(
        _(
            "warning: the password in --db is visible to other users of this computer in the process list; "
            "keep it in ~/.pgpass, PGPASSWORD or a PGSERVICE entry instead (see README: Connecting)"
        )
        + "\n"
    )
    stream.flush()
