"""Telling a PostgreSQL URI from a file path, and naming a database without its password."""

from __future__ import annotations

import re

_URI = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
_URI_IN_TEXT = re.compile(r"postgres(?:ql)?://\S+", re.IGNORECASE)


def is_uri(text: str) -> bool:
    """Whether `--db` names a PostgreSQL database (`postgresql://` or `postgres://`): never taken for a file."""
    return bool(_URI.match(text))


def redact(uri: str) -> str:
    """The URI without its password (in the user part or a `password=` parameter): how pohang names it."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return re.sub(r"(//[^:@/]*):[^@/]*@", r"\1@", uri)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, hosts = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{hosts}"
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() != "password"]
        query = urlencode(pairs, safe="/:")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_words(text: str) -> str:
    """`text` with every PostgreSQL URI in it shown without its password (a command line for the log)."""
    return _URI_IN_TEXT.sub(lambda match: redact(match.group(0)), text)
