"""What every command shares: the Typer app, the options declared once, and turning options into inputs.

Heavy modules (storage with orjson, Rich, dateutil, filelock) are imported inside the functions that use
them: every TAB completion and every cron call pays this package's imports.
"""

from __future__ import annotations

import functools
import os
import shlex
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from pohang_cli import __version__
from pohang_cli.errors import InputError, PohangError

if TYPE_CHECKING:
    from pohang_cli.models import Dataset, MilestoneStatus, TargetStatus
    from pohang_cli.render import Output
    from pohang_cli.storage import Backend

app = typer.Typer(
    name="pohang",
    help=(
        "Track Pohang City's five new-growth industries (이차전지, 수소, 바이오, 철강신소재, 미래기술): "
        "targets, actuals, milestones, and whether each target is on track."
    ),
    # Plain help: Rich help costs ~75 ms more per call and eats "[mw]"-like text as markup.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

# --------------------------------------------------------------------------------------------------
# Options shared by many commands, declared once.

# Text, not a Path: a Path would fold the `//` of a `postgresql://` URI.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="POHANG_DB",
        metavar="PATH|URI",
        help=(
            "Database file, or a PostgreSQL URI postgresql://[user@]host[:port]/dbname. "
            "Default: $XDG_DATA_HOME/pohang/pohang.json (created from the sample on first use)."
        ),
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="POHANG_AS_OF",
        metavar="DATE",
        help="Judge as of this date (also what 'today' means). Default: today in Asia/Seoul.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="table, tsv, csv, json, jsonl or md. Default: $POHANG_FORMAT, else table on a terminal, tsv when piped.",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Comma-separated columns to show, e.g. --fields indicator,status.",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", metavar="ko|en", help="ko or en. Default: $POHANG_LANG, else from the locale.", show_default=False
    ),
]
ColorOption = Annotated[
    str, typer.Option("--color", metavar="WHEN", help="auto, always or never (NO_COLOR and FORCE_COLOR are honoured).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")]
SectorsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[SECTOR]...",
        help="Sectors by id or Korean name (battery, 수소, ...). Default: all.",
        show_default=False,
    ),
]
SourceOption = Annotated[str | None, typer.Option("--source", metavar="URL", help="URL of the document that says so.")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Free text.")]


def handle_errors(command: F) -> F:
    """Turn a PohangError into one sentence on stderr and its exit code (the only place that does)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PohangError as error:
            sys.stderr.write(f"pohang: {error}\n")
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def seoul_today() -> date:
    # Korea has kept UTC+9 without daylight saving since the end of 1988, so a fixed offset gives Seoul's date; it
    # spares every command importing zoneinfo and reading the tz database (2 ms).
    return datetime.now(SEOUL).date()


SEOUL = timezone(timedelta(hours=9), "KST")


def as_of_date(text: str | None) -> date:
    """The as-of date: `--as-of` at day precision, or a period's last day; today in Seoul by default."""
    from pohang_cli.dates import parse_date

    today = seoul_today()
    if text is None or not text.strip():
        return today
    return parse_date(text, today=today).end()


def make_output(fmt: str | None, lang: str | None, color: str, fields: str | None, quiet: bool) -> Output:
    from pohang_cli.render import Output, default_format, default_lang

    output = Output(
        fmt=(fmt or default_format(os.environ, sys.stdout.isatty())).strip().lower(),
        lang=(lang or default_lang(os.environ)).strip().lower(),
        color=color.strip().lower(),
        fields=fields,
        quiet=quiet,
    )
    output.validate()
    return output


def lock_timeout() -> float:
    from pohang_cli.storage import DEFAULT_LOCK_TIMEOUT_S

    text = os.environ.get("POHANG_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        timeout = float(text)
    except ValueError:
        raise InputError(f"POHANG_LOCK_TIMEOUT must be a number of seconds, not '{text}'") from None
    if not timeout >= 0 or timeout == float("inf"):
        raise InputError(f"POHANG_LOCK_TIMEOUT must be zero or more seconds, not '{text}'")
    return timeout


def utc_now() -> datetime:
    """The time the audit log records for a change (the one clock reading of a writing command)."""
    return datetime.now(UTC)


def command_line() -> str:
    """The command line as typed, quoted so it can be run again; bytes that were not UTF-8 as escapes.

    A PostgreSQL URI in it is shown without its password: the line goes into the audit log.
    """
    words = [word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for word in sys.argv[1:]]
    if any("://" in word for word in words):
        from pohang_cli.storage.uri import redact_words

        words = [redact_words(word) for word in words]
    return " ".join(["pohang", *(_shell_word(word) for word in words)])


def _shell_word(word: str) -> str:
    # shlex.quote quotes every non-ASCII word; Hangul needs no quoting in a shell, so keep it readable.
    if word and all(char.isalnum() or char in "@%+=:,./-_" for char in word):
        return word
    return shlex.quote(word)


def open_database(db: str | None, output: Output | None = None, *, create_default: bool = True) -> Backend:
    """The database at `--db`/`POHANG_DB` (a file, or a PostgreSQL URI), or the default file, made on first use."""
    from pohang_cli.storage import Database, default_database_path, install_sample
    from pohang_cli.storage.uri import is_uri

    command = command_line()
    if db is not None and is_uri(db):
        from pohang_cli.storage.postgres import PostgresDatabase

        return PostgresDatabase(db, lock_timeout=lock_timeout(), command=command, clock=utc_now)
    if db is not None:
        return Database(Path(db), lock_timeout=lock_timeout(), command=command, clock=utc_now)
    path = default_database_path(os.environ)
    database = Database(path, lock_timeout=lock_timeout(), command=command, clock=utc_now)
    if create_default and not database.exists() and install_sample(database):
        message = f"created a new database at {path} from the bundled sample"
        if output is not None:
            output.note(message)
        else:
            sys.stderr.write(message + "\n")
    return database


def read_dataset(db: str | None, output: Output) -> Dataset:
    return open_database(db, output).read()


def note_empty(output: Output, what: str) -> None:
    output.note(f"no {what} match")


def _parse_status(text: str, enum: Any, labels: dict[str, Any], what: str, hint: str = "") -> Any:
    """A status by its English code or its Korean or English label (`done`, `완료`, `in progress`)."""
    wanted = text.strip().casefold().replace("-", "_").replace(" ", "_")
    for member in enum:
        names = {member.value, *(labels[lang][member].casefold().replace(" ", "_") for lang in labels)}
        if wanted in names:
            return member
    choices = ", ".join(m.value for m in enum)
    raise InputError(f"unknown {what} status '{text}'; use one of {choices}{hint}")


def parse_milestone_status(text: str) -> MilestoneStatus:
    """`--status` of the milestone commands."""
    from pohang_cli.models import MilestoneStatus
    from pohang_cli.render.labels import MILESTONE_STATUS

    status: MilestoneStatus = _parse_status(
        text, MilestoneStatus, MILESTONE_STATUS, "milestone", " (or 완료, 추진중, ...)"
    )
    return status


def parse_target_status(text: str) -> TargetStatus:
    """`--fail-on` of `pohang check`."""
    from pohang_cli.models import TargetStatus
    from pohang_cli.render.labels import TARGET_STATUS

    status: TargetStatus = _parse_status(text, TargetStatus, TARGET_STATUS, "target")
    return status


def parse_date_option(text: str | None, as_of: str | None, what: str) -> Any:
    from pohang_cli.dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today=as_of_date(as_of))
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def parse_value_option(text: str, what: str) -> Any:
    from pohang_cli.quantities import parse_value

    try:
        return parse_value(text)
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def parse_choice(text: str, enum: Any, option: str) -> Any:
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(f"invalid {option} '{text}'; use one of {choices}") from None


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"pohang {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Track Pohang City's five new-growth industries: targets, actuals, milestones and progress."""
