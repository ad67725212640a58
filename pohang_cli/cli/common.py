"""What every command shares: the Typer app, the options declared once, and turning options into inputs.

Heavy modules (storage with orjson, Rich, dateutil, filelock) are imported inside the functions that use
them: every TAB completion and every cron call pays this package's imports.
"""

import functools
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from pohang_cli import __version__
from pohang_cli.cli.invocation import author, command_line, warn_password_on_command_line
from pohang_cli.cli.localized import PohangCommand, PohangGroup, PohangTyper
from pohang_cli.cli.options import AS_OF_HELP, DB_HELP, ColorOption, FormatOption, LangOption, QuietOption
from pohang_cli.errors import InputError, PohangError
from pohang_cli.i18n import N_, _, set_language

if TYPE_CHECKING:
    from pohang_cli.caveats import Caveat
    from pohang_cli.models import Dataset, Indicator, MilestoneStatus, TargetStatus
    from pohang_cli.render import Output
    from pohang_cli.storage import Backend

app = PohangTyper(
    name="pohang",
    cls=PohangGroup,
    help=N_(
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

# `-3조`, `-1,200`, `-.5`: a negative number, never an option (no option of pohang starts with a digit).
_NEGATIVE_NUMBER = re.compile(r"-(?=\.?[0-9])")


class ValueCommand(PohangCommand):
    """A command whose positional VALUE may be negative without `--`: `pohang record X -3조 --date 2025`.

    The parser would take `-3조` for an option. A negative number standing where an argument stands gets
    the minus sign U+2212 instead, which the value grammar reads as a minus (as HWP and Excel write it);
    the values of options, and everything after `--`, are passed on untouched.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value = {
            name
            for param in self.params
            if getattr(param, "opts", None)
            and not getattr(param, "is_flag", False)
            and not getattr(param, "count", False)
            for name in param.opts
        }
        rewritten, option_value = [], False
        for position, arg in enumerate(args):
            if arg == "--":
                rewritten.extend(args[position:])
                break
            if option_value:
                rewritten.append(arg)
                option_value = False
            elif arg in takes_value:
                rewritten.append(arg)
                option_value = True
            elif _NEGATIVE_NUMBER.match(arg):
                rewritten.append("\u2212" + arg[1:])
            else:
                rewritten.append(arg)
        return super().parse_args(ctx, rewritten)


class GlobalOptions(NamedTuple):
    """The options given before the command (with the environment's defaults of --db and --as-of)."""

    db: str | None = None
    as_of: str | None = None
    fmt: str | None = None
    lang: str | None = None
    color: str | None = None
    quiet: bool = False
    db_from_environment: bool = False  # POHANG_DB, not the command line (not in the process list)


class _Before:
    """The global options of this run, as the root of the command line took them (it runs before any command)."""

    options = GlobalOptions()


def given_before() -> GlobalOptions:
    """The global options of this run, as the root of the command line took them."""
    return _Before.options


def handle_errors(command: F) -> F:
    """Turn a PohangError into one sentence on stderr and its exit code (the only place that does)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PohangError as error:
            from pohang_cli.storage.uri import without_secrets

            sys.stderr.write(without_secrets(f"pohang: {error}\n"))
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
    if text is None:
        text = _Before.options.as_of
    if text is None or not text.strip():
        return today
    return parse_date(text, today=today).end()


def known_as_of_dates(as_of: str | None, known_as_of: str | None) -> tuple[date, date | None]:
    """The as-of date and the `--known-as-of` date (§8.5); the latter is the as-of date too when only it is given."""
    if known_as_of is None or not known_as_of.strip():
        return as_of_date(as_of), None
    known = as_of_date(known_as_of)
    before = _Before.options.as_of
    # $POHANG_AS_OF is a default, as today is: --known-as-of replaces it; an --as-of on the command line does not.
    given = as_of if as_of is not None else (None if before == os.environ.get("POHANG_AS_OF") else before)
    return (known if given is None or not given.strip() else as_of_date(given)), known


def make_output(fmt: str | None, lang: str | None, color: str | None, fields: str | None, quiet: bool) -> "Output":
    """How this run shows its results: the command's options, else those before the command, else defaults.

    Also makes the chosen language that of every message from here on.
    """
    from pohang_cli.i18n import default_lang
    from pohang_cli.render import Output, default_format

    before = _Before.options
    output = Output(
        fmt=(fmt or before.fmt or default_format(os.environ, sys.stdout.isatty())).strip().lower(),
        lang=(lang or before.lang or default_lang(os.environ)).strip().lower(),
        color=(color or before.color or "auto").strip().lower(),
        fields=fields,
        quiet=quiet or before.quiet,
        bom=os.environ.get("POHANG_CSV_BOM", "").strip() in ("1", "true", "yes"),
    )
    output.validate()
    set_language(output.lang)
    return output


def lock_timeout() -> float:
    from pohang_cli.limits import LONGEST_LOCK_TIMEOUT_S
    from pohang_cli.storage import DEFAULT_LOCK_TIMEOUT_S

    text = os.environ.get("POHANG_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        timeout = float(text)
    except ValueError:
        raise InputError(_("POHANG_LOCK_TIMEOUT must be a number of seconds, not '{text}'").format(text=text)) from None
    if not 0 <= timeout <= LONGEST_LOCK_TIMEOUT_S:
        raise InputError(
            _("POHANG_LOCK_TIMEOUT must be from 0 to {longest} seconds, not '{text}'").format(
                longest=LONGEST_LOCK_TIMEOUT_S, text=text
            )
        )
    return timeout


def utc_now() -> datetime:
    """The time the audit log records for a change (the one clock reading of a writing command)."""
    return datetime.now(UTC)


def open_database(db: str | None, output: "Output | None" = None, *, create_default: bool = True) -> "Backend":
    """The database at `--db`/`POHANG_DB` (a file, or a PostgreSQL URI), or the default file.

    Args:
        create_default: whether a missing default database is created from the sample. Reading commands
            do so (zero set-up); `init` creates it itself; writers and `check` use `open_existing_database`.
    """
    from pohang_cli.storage import Database, default_database_path, install_sample
    from pohang_cli.storage.uri import names_postgres

    command = command_line()
    typed = db is not None or not _Before.options.db_from_environment
    if db is None:
        db = _Before.options.db
    if db is not None and names_postgres(db):
        from pohang_cli.storage.postgres import PostgresDatabase

        shared = PostgresDatabase(db, lock_timeout=lock_timeout(), command=command, clock=utc_now, author=author)
        if typed and shared.carries_password:
            warn_password_on_command_line(output)
        return shared
    if db is not None:
        if os.path.isdir(db):
            from pohang_cli.errors import DatabaseMissingError

            example = os.path.join(db, "pohang.json")
            raise DatabaseMissingError(
                _("{path} is a directory, not a database file; name a file in it, e.g. --db {example}").format(
                    path=db, example=example
                )
            )
        return Database(Path(db), lock_timeout=lock_timeout(), command=command, clock=utc_now, author=author)
    path = default_database_path(os.environ)
    database = Database(path, lock_timeout=lock_timeout(), command=command, clock=utc_now, author=author)
    if create_default and not database.exists() and install_sample(database):
        # Shown even under -q: a database appearing out of nowhere is not chatter, and a cron job must say so.
        stream = sys.stderr if output is None else output.err
        stream.write(_("created a new database at {path} from the bundled sample").format(path=path) + "\n")
        stream.flush()
    return database


def open_existing_database(db: str | None, output: "Output | None" = None) -> "Backend":
    """The database a writer or `check` works on; it is never created from the sample.

    A cron job that runs `pohang check` or `pohang import` on a machine without a database must fail
    loudly, not judge or extend the bundled sample as if it were the city's data.

    Raises:
        DatabaseMissingError: the default database does not exist (exit 4, with the `init` hint). A
            missing `--db`/`POHANG_DB` path is reported by the first read the same way.
    """
    from pohang_cli.errors import DatabaseMissingError

    database = open_database(db, output, create_default=False)
    if not database.exists() and db is None and _Before.options.db is None:
        raise DatabaseMissingError(
            _(
                "no database at {path} — create it with `pohang init` (the sample) or `pohang init --empty`, "
                "or name one with --db or POHANG_DB"
            ).format(path=database.name)
        )
    return database


def read_dataset(db: str | None, output: "Output") -> "Dataset":
    return open_database(db, output).read()


def note_empty(output: "Output", message: str) -> None:
    """Say on stderr that nothing matched (`message`, e.g. `_("no targets match")`); the result is still ok."""
    output.note(message)


def parse_milestone_status(text: str) -> "MilestoneStatus":
    """`--status` of the milestone commands: a code or a Korean or English word (`완료`, `추진 중`)."""
    from pohang_cli.statuses import parse_milestone_status as parse

    return parse(text)


def parse_target_status(text: str) -> "TargetStatus":
    """`--fail-on` of `pohang check`: a code or a Korean or English word (`부진`, `off track`)."""
    from pohang_cli.statuses import parse_target_status as parse

    return parse(text)


def parse_date_option(text: str | None, as_of: str | None, what: str) -> Any:
    from pohang_cli.dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today=as_of_date(as_of))
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def parse_value_option(text: str, what: str, unit: Any = None) -> Any:
    """A value option or argument; with `unit` (a UnitWord such as 억원) a bare number counts in its scale."""
    from pohang_cli.quantities import parse_value, parse_value_in

    try:
        return parse_value(text) if unit is None else parse_value_in(text, unit)
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def parse_choice(text: str, enum: Any, option: str) -> Any:
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(
            _("invalid {option} '{text}'; use one of {choices}").format(option=option, text=text, choices=choices)
        ) from None


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"pohang {__version__}\n")
        raise typer.Exit()


@app.callback()
@handle_errors
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help=N_("Show the version and exit.")),
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="POHANG_DB", show_envvar=False, metavar="PATH|URI", help=DB_HELP, show_default=False
        ),
    ] = None,
    lang: LangOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", envvar="POHANG_AS_OF", show_envvar=False, metavar="DATE", help=AS_OF_HELP, show_default=False
        ),
    ] = None,
    fmt: FormatOption = None,
    quiet: QuietOption = False,
    color: ColorOption = None,
) -> None:
    from typer._click.core import ParameterSource

    from_environment = ctx.get_parameter_source("db") is ParameterSource.ENVIRONMENT
    _Before.options = GlobalOptions(
        db=db, as_of=as_of, fmt=fmt, lang=lang, color=color, quiet=quiet, db_from_environment=from_environment
    )
    if ctx.invoked_subcommand is not None and not ctx.resilient_parsing:
        from pohang_cli.cli.placing import refuse_meaningless

        refuse_meaningless(ctx, ctx.invoked_subcommand)


def note_written(output: "Output", message: str, accepted: Sequence[Any] = ()) -> None:
    """Say what a write stored (a note, silent with -q), and each questioned input --force let through.

    The accepted questions are said even with -q: a value stored against a question is not chatter.
    """
    output.note(message)
    note_accepted(output, accepted)


def note_accepted(output: "Output", accepted: Sequence[Any]) -> None:
    """Name each questioned input --force let through, even with -q."""
    # One template and one write for all: an import under --force can name 50,000 questioned rows.
    template = _("accepted with --force: {question}") + "\n"
    output.err.write("".join([template.format(question=question) for question in accepted]))
    output.err.flush()


def note_caveats(output: "Output", indicator: "Indicator | None", found: Sequence["Caveat"], as_of: date) -> None:
    """Say on stderr how recorded values count (methodology §7): notes, never refusals; silent with -q."""
    from pohang_cli.caveats import describe

    if indicator is None or output.quiet:  # nothing said: no sentence to build
        return
    for caveat in found:
        output.note(_("note: {text}").format(text=describe(caveat, indicator, as_of, output.lang)))
