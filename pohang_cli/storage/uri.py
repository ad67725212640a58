"""Telling a PostgreSQL connection string from a file path, cheaply: file users never load the driver.

Parsing one (and naming it without its password) is libpq's work: storage/postgres/conninfo.py.
"""

from __future__ import annotations

import re
import sys

URI_SCHEME = re.compile(r"^(postgres(?:ql)?)://", re.IGNORECASE)


def is_uri(text: str) -> bool:
    """Whether `--db` is a PostgreSQL URI (`postgresql://` or `postgres://`, any case)."""
    return bool(URI_SCHEME.match(text))


def names_postgres(text: str) -> bool:
    """Whether `--db` names a PostgreSQL database: a URI, or a libpq keyword string (anything holding `=`).

    Neither is ever taken for a file name: a keyword string libpq cannot read is refused (exit 2), not created.
    """
    return is_uri(text) or "=" in text


def without_secrets(text: str) -> str:
    """`text` with every password this process parsed left out (nothing to do when no connection string was read).

    Looks the parser up rather than importing it: a file user's error or traceback does not load the driver.
    """
    conninfo = sys.modules.get("pohang_cli.storage.postgres.conninfo")
    return text if conninfo is None else str(conninfo.hide(text))
