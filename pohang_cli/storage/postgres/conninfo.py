"""Reading `--db` as libpq does, and naming a database without its password.

A URI (`postgresql://`, `postgres://`, any case of the scheme) or a keyword string (`host=… dbname=…`) is
parsed by libpq itself, through psycopg's conninfo functions. What pohang keeps, logs or prints is rebuilt
from the parsed parts with the secrets left out, never made by editing the text as typed: a password
holding `#`, `?`, `/`, `@` or `%` is wherever libpq found it, not where a URL library would look.

libpq reads only a lower-case scheme as a URI, and would take `POSTGRESQL://…` for a malformed keyword
string and quote all of it back in its error; pohang lower-cases the scheme before handing it over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.storage.uri import URI_SCHEME

# Parameters whose values are secrets: never kept, logged or shown.
SECRET_KEYS = frozenset({"password", "sslpassword"})
# A libpq parse error quotes the token it stumbled on, which may be part of a password.
_QUOTED = re.compile(r'"[^"]*"')

# Every secret seen by this process, so a traceback or an unforeseen message can still be cleaned.
_secrets: set[str] = set()


@dataclass(frozen=True, slots=True)
class ConnInfo:
    """A parsed `--db`: libpq's parameters, whether it was a URI (and its scheme), and what may be shown."""

    params: dict[str, str]
    scheme: str | None  # "postgresql" or "postgres" for a URI, None for a keyword string

    @property
    def has_password(self) -> bool:
        return bool(self.params.get("password"))

    @property
    def text(self) -> str:
        """The conninfo libpq is given: the parsed parameters, password included."""
        from psycopg.conninfo import make_conninfo

        return str(make_conninfo("", **self.params))

    @property
    def shown(self) -> str:
        """How pohang names this database: rebuilt from the parts, without a password."""
        public = {key: value for key, value in self.params.items() if key not in SECRET_KEYS}
        if self.scheme is None:
            from psycopg.conninfo import make_conninfo

            return str(make_conninfo("", **public))
        return _as_uri(self.scheme, public)


def parse(text: str) -> ConnInfo:
    """`--db` as libpq reads it.

    Raises:
        InputError: libpq cannot read it (exit 2); the message quotes nothing of the text, which may hold a
            password.
    """
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    match = URI_SCHEME.match(text)
    scheme = None
    given = text
    if match is not None:
        scheme = match.group(1).lower()
        given = scheme + text[match.end(1) :]
    try:
        raw = conninfo_to_dict(given)
    except ProgrammingError as exc:
        if scheme is None:
            raise InputError(
                _(
                    "--db holds '=' but is not a connection string libpq can read ({reason}); write "
                    "key=value pairs such as `host=db.city.local dbname=pohang`, quoting a value with spaces "
                    "in single quotes — a file name may not contain '='"
                ).format(reason=parse_reason(exc))
            ) from None
        raise InputError(
            _(
                "--db is not a PostgreSQL URI libpq can read ({reason}); a password holding / @ : % or a space "
                "must be percent-encoded (%2F %40 %3A %25 %20), or kept in ~/.pgpass"
            ).format(reason=parse_reason(exc))
        ) from None
    params = {str(key): str(value) for key, value in raw.items() if value is not None}
    for key in SECRET_KEYS:
        if params.get(key):
            remember_secret(params[key])
    info = ConnInfo(params, scheme)
    port = params.get("port", "")
    if port and not all(part.strip().isdigit() for part in port.split(",") if part.strip()):
        # libpq took part of the text for a port: the usual cause is a password with an unencoded `/`.
        remember_secret(text)
        raise InputError(
            _(
                "the port in --db is not a number; a password holding / @ : % or a space must be "
                "percent-encoded (%2F %40 %3A %25 %20), or kept in ~/.pgpass"
            )
        )
    return info


def parse_reason(exc: BaseException) -> str:
    """libpq's complaint without the token it quotes (which may be a piece of a password)."""
    text = " ".join(str(exc).split()).rstrip(".")
    return _QUOTED.sub("…", text) or type(exc).__name__


def _as_uri(scheme: str, params: dict[str, str]) -> str:
    """A URI libpq reads back to `params`: user, one host and port, database, then the rest as a query."""
    rest = dict(params)
    user = rest.pop("user", None)
    dbname = rest.pop("dbname", None)
    host = rest.get("host")
    port = rest.get("port")
    netloc = ""
    if host is not None and "," not in host and (port is None or "," not in port):
        rest.pop("host")
        netloc = f"[{host}]" if ":" in host else quote(host, safe="")
        if port is not None:
            rest.pop("port")
            netloc += f":{port}"
    if user is not None:
        netloc = quote(user, safe="") + "@" + netloc
    path = "/" + quote(dbname, safe="") if dbname is not None else ("/" if rest else "")
    query = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in rest.items())
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


# A secret shorter than this is not looked for in text: hiding every "a" would garble each message, and
# such a password is guessed faster than read from a screen anyway.
_SHORTEST_HIDDEN = 4


def remember_secret(secret: str) -> None:
    """Note a secret this process holds, so `hide` can clean it from any text."""
    if len(secret) >= _SHORTEST_HIDDEN:
        _secrets.add(secret)


def spellings(secret: str) -> set[str]:
    """The ways a secret may appear in text: as is, percent-encoded, and quoted as in a keyword string."""
    escaped = secret.replace("\\", "\\\\").replace("'", "\\'")
    return {secret, quote(secret, safe=""), quote(secret), quote(secret, safe="").replace("%20", "+"), escaped}


def hide(text: str) -> str:
    """`text` with every secret this process has seen, in any spelling, replaced by `***`."""
    if not _secrets:
        return text
    for secret in sorted(_secrets, key=len, reverse=True):
        for spelling in sorted(spellings(secret), key=len, reverse=True):
            if spelling and spelling in text:
                text = text.replace(spelling, "***")
    return text


def shown(text: str) -> str:
    """How a `--db` text is named wherever pohang shows it: parsed, then rebuilt without its password."""
    return parse(text).shown


def name_or_placeholder(text: str) -> str:
    """`shown`, or for a text libpq cannot read only its scheme: nothing of it may leak."""
    try:
        return shown(text)
    except InputError:
        match = URI_SCHEME.match(text)
        return f"{match.group(1).lower()}://…" if match else "…"


def words_without_secrets(words: list[str]) -> list[str]:
    """A command line's words with each connection string in it named without its password.

    The value of `--db` (as the next word or after `--db=`) is parsed whole; any other word holding a URI
    has each URI in it rebuilt. Without the driver nothing can be parsed: each is named by its scheme only.
    """
    try:
        import psycopg.conninfo  # noqa: F401
    except ImportError:
        return [_placeholder(word) for word in words]
    result = []
    after_db = False
    for word in words:
        if after_db and _names_database(word):
            result.append(name_or_placeholder(word))
        elif word.startswith("--db=") and _names_database(word[5:]):
            result.append("--db=" + name_or_placeholder(word[5:]))
        elif "://" in word or "password" in word:
            result.append(_text_without_secrets(word))
        else:
            result.append(word)
        after_db = word == "--db"
    return result


def _placeholder(word: str) -> str:
    if "://" in word or "password" in word:
        prefix = word.split("=", 1)[0] + "=" if word.startswith("--") and "=" in word else ""
        match = URI_SCHEME.match(word[len(prefix) :])
        return prefix + (f"{match.group(1).lower()}://…" if match else "…")
    return word


def _names_database(text: str) -> bool:
    from pohang_cli.storage.uri import names_postgres

    return names_postgres(text)


_URI_IN_TEXT = re.compile(r"postgres(?:ql)?://\S+", re.IGNORECASE)


def _text_without_secrets(text: str) -> str:
    if URI_SCHEME.match(text) or ("=" in text and "://" not in text):
        try:
            return shown(text)
        except InputError:
            pass
    return hide(_URI_IN_TEXT.sub(lambda found: name_or_placeholder(found.group(0)), text))
