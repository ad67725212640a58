"""Telling a PostgreSQL connection string from a file path, cheaply: file users never load the driver.

Parsing one (and naming it without its password) is libpq's work: storage/postgres/conninfo.py.
"""

from __future__ import annotations

import re

URI_SCHEME = re.compile(r"^(postgres(?:ql)?)://", re.IGNORECASE)


def is_uri(text: str) -> bool:
    """Whether `--db` is a PostgreSQL URI (`postgresql://` or `postgres://`, any case)."""
    return bool(URI_SCHEME.match(text))


def names_postgres(text: str) -> bool:
    """Whether `--db` names a PostgreSQL database: a URI, or a libpq keyword string (anything holding `=`).

    Neither is ever taken for a file name: a keyword string libpq cannot read is refused (exit 2), not created.
    """
    return is_uri(text) or "=" in text


def words_without_secrets(words: list[str]) -> list[str]:
    """A command line's words with every connection string named without its password (for the audit log)."""
    from pohang_cli.storage.postgres.conninfo import words_without_secrets as rebuild

    return rebuild(words)
