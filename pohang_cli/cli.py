"""The Typer commands: parse options, call one service function, hand the result to the renderers.

Heavy modules (storage with TinyDB and orjson, Rich, dateutil, filelock) are imported inside the
commands that use them: every TAB completion and every cron call pays this module's imports.
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
from pohang_cli.errors import ExitCode, InputError, PohangError

if TYPE_CHECKING:
    from pohang_cli.models import Dataset, MilestoneStatus, TargetStatus
    from pohang_cli.render import Output
    from pohang_cli.storage import Database

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

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="POHANG_DB",
        metavar="PATH",
        help="Database file. Default: $XDG_DATA_HOME/pohang/pohang.json (created from the sample on first use).",
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


def _handle_errors(command: F) -> F:
    """Turn a PohangError into one sentence on stderr and its exit code (the only place that does)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PohangError as error:
            sys.stderr.write(f"pohang: {error}\n")
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _seoul_today() -> date:
    # Korea has kept UTC+9 without daylight saving since the end of 1988, so a fixed offset gives Seoul's date; it
    # spares every command importing zoneinfo and reading the tz database (2 ms).
    return datetime.now(_SEOUL).date()


_SEOUL = timezone(timedelta(hours=9), "KST")


def _as_of(text: str | None) -> date:
    """The as-of date: `--as-of` at day precision, or a period's last day; today in Seoul by default."""
    from pohang_cli.dates import parse_date

    today = _seoul_today()
    if text is None or not text.strip():
        return today
    return parse_date(text, today=today).end()


def _output(fmt: str | None, lang: str | None, color: str, fields: str | None, quiet: bool) -> Output:
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


def _lock_timeout() -> float:
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


def _utc_now() -> datetime:
    """The time the audit log records for a change (the one clock reading of a writing command)."""
    return datetime.now(UTC)


def _command_line() -> str:
    """The command line as typed, quoted so it can be run again; bytes that were not UTF-8 as escapes."""
    words = (word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for word in sys.argv[1:])
    return " ".join(["pohang", *(_shell_word(word) for word in words)])


def _shell_word(word: str) -> str:
    # shlex.quote quotes every non-ASCII word; Hangul needs no quoting in a shell, so keep it readable.
    if word and all(char.isalnum() or char in "@%+=:,./-_" for char in word):
        return word
    return shlex.quote(word)


def _database(db: Path | None, output: Output | None = None, *, create_default: bool = True) -> Database:
    """The database at `--db`/`POHANG_DB`, or the default one, created from the sample on first use."""
    from pohang_cli.storage import Database, default_database_path, install_sample

    command = _command_line()
    if db is not None:
        return Database(db, lock_timeout=_lock_timeout(), command=command, clock=_utc_now)
    path = default_database_path(os.environ)
    database = Database(path, lock_timeout=_lock_timeout(), command=command, clock=_utc_now)
    if create_default and not database.exists() and install_sample(database):
        message = f"created a new database at {path} from the bundled sample"
        if output is not None:
            output.note(message)
        else:
            sys.stderr.write(message + "\n")
    return database


def _read(db: Path | None, output: Output) -> Dataset:
    return _database(db, output).read()


def _empty(output: Output, what: str) -> None:
    output.note(f"no {what} match")


# --------------------------------------------------------------------------------------------------
# Reading


@app.command()
@_handle_errors
def status(
    sectors: SectorsArgument = None,
    year: Annotated[int | None, typer.Option("--year", help="Only targets due in this year.")] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Every current target: actual against target, progress, pace, projection and status.

    \b
    Examples:
      pohang status
      pohang status 이차전지 --year 2030
      pohang status --format json | jq '.[] | select(.status == "off_track")'
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    report = service.status(_read(db, output), _as_of(as_of), sectors or (), year)

    def table() -> Any:
        from pohang_cli.render.tables import status_tables

        return status_tables(report, output.lang, output.console().width)

    if not any(block.assessments for block in report.sectors) and not output.is_table:
        _empty(output, "targets")
    output.emit(lambda: rows.status_rows(report), rows.STATUS_FIELDS, table)


@app.command()
@_handle_errors
def sectors(
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """The five sectors, with how many indicators, targets and milestones each has.

    \b
    Example:
      pohang sectors
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    data = _read(db, output)
    listed = list(rows.sector_rows(service.list_sectors(data), data))
    if not listed:
        _empty(output, "sectors")

    def table() -> Any:
        from pohang_cli.render.tables import sectors_table

        return sectors_table(listed, output.lang)

    output.emit(lambda: listed, rows.SECTOR_FIELDS, table)


@app.command()
@_handle_errors
def indicators(
    sectors: SectorsArgument = None,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Indicators (measured series) with their unit, baseline, kind, model and basis.

    \b
    Examples:
      pohang indicators
      pohang indicators hydrogen --format csv
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    listed = service.list_indicators(_read(db, output), sectors or ())
    if not listed:
        _empty(output, "indicators")

    def table() -> Any:
        from pohang_cli.render.tables import indicators_table

        return indicators_table(listed, output.lang)

    output.emit(lambda: map(rows.indicator_row, listed), rows.INDICATOR_FIELDS, table)


@app.command()
@_handle_errors
def targets(
    sectors: SectorsArgument = None,
    history: Annotated[
        bool, typer.Option("--history", help="Also show superseded targets and earlier values.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Current targets (value and deadline); with --history every earlier version too.

    \b
    Examples:
      pohang targets 수소 --history
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    data = _read(db, output)
    listed = list(rows.target_rows(service.list_targets(data, sectors or (), history=history), data, history=history))
    if not listed:
        _empty(output, "targets")

    def table() -> Any:
        from pohang_cli.render.tables import targets_table

        return targets_table(listed, dict(data.indicators.items()), output.lang)

    output.emit(lambda: listed, rows.TARGET_FIELDS, table)


@app.command()
@_handle_errors
def history(
    indicator: Annotated[str, typer.Argument(help="Indicator id, e.g. battery.investment.")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """One indicator over time: baseline, actuals, targets and the projection at each deadline.

    \b
    Examples:
      pohang history battery.investment
      pohang history battery.investment --format csv > investment.csv
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    result = service.history(_read(db, output), indicator, _as_of(as_of))

    def table() -> Any:
        from pohang_cli.render.chart import history_view

        return history_view(result, output.lang)

    output.emit(lambda: rows.history_rows(result), rows.HISTORY_FIELDS, table)


def _milestone_status(text: str) -> MilestoneStatus:
    from pohang_cli.models import MilestoneStatus
    from pohang_cli.render.labels import MILESTONE_STATUS

    wanted = text.strip().casefold().replace("-", "_").replace(" ", "_")
    for status_ in MilestoneStatus:
        names = {
            status_.value,
            *(MILESTONE_STATUS[lang][status_].casefold().replace(" ", "_") for lang in ("ko", "en")),
        }
        if wanted in names:
            return status_
    choices = ", ".join(s.value for s in MilestoneStatus)
    raise InputError(f"unknown milestone status '{text}'; use one of {choices} (or 완료, 추진중, ...)")


def _target_status(text: str) -> TargetStatus:
    from pohang_cli.models import TargetStatus
    from pohang_cli.render.labels import TARGET_STATUS

    wanted = text.strip().casefold().replace("-", "_").replace(" ", "_")
    for status_ in TargetStatus:
        names = {
            status_.value,
            *(TARGET_STATUS[lang][status_].casefold().replace(" ", "_") for lang in ("ko", "en")),
        }
        if wanted in names:
            return status_
    choices = ", ".join(s.value for s in TargetStatus)
    raise InputError(f"unknown target status '{text}'; use one of {choices}")


def _date_option(text: str | None, as_of: str | None, what: str) -> Any:
    from pohang_cli.dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today=_as_of(as_of))
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


@app.command()
@_handle_errors
def milestones(
    sectors: SectorsArgument = None,
    status_: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only these statuses (repeatable): planned, in_progress, done, ... or 완료."),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only milestones past their due date.")] = False,
    due_soon: Annotated[bool, typer.Option("--due-soon", help="Only milestones due within 30 days.")] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="Only milestones dated (or due) on/after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only milestones dated (or due) on/before this date.")
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Milestones with their status, dates, and whether they are overdue, due soon or late.

    \b
    Examples:
      pohang milestones
      pohang milestones 바이오 --status done --since 2024
      pohang milestones --overdue --format json
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    wanted = service.MilestoneFilter(
        sectors=tuple(sectors or ()),
        statuses=tuple(_milestone_status(s) for s in status_ or ()),
        overdue=overdue,
        due_soon=due_soon,
        since=_date_option(since, as_of, "--since"),
        until=_date_option(until, as_of, "--until"),
    )
    data = _read(db, output)
    listed = service.list_milestones(data, _as_of(as_of), wanted)
    if not listed:
        _empty(output, "milestones")

    def table() -> Any:
        from pohang_cli.render.tables import milestones_table

        return milestones_table(listed, dict(data.sectors.items()), output.lang)

    output.emit(lambda: rows.milestone_rows(listed), rows.MILESTONE_FIELDS, table)


@app.command()
@_handle_errors
def check(
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Fail when a target is at or below this status (off_track: off_track, regressing, missed).",
        ),
    ] = "off_track",
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Exit 3 and list the problems when a target is at or below --fail-on or a milestone is overdue.

    \b
    For cron jobs and CI. Exit 0 when nothing is wrong.
    Example (crontab, every Monday 08:00):
      0 8 * * 1  pohang check --format tsv || mail -s 'pohang check' planning@example.org
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = _output(fmt, lang, color, fields, quiet)
    threshold = _target_status(fail_on)
    result = service.check(_read(db, output), _as_of(as_of), threshold)
    if not result.problems:
        output.note(
            f"ok: {result.targets_checked} targets and {result.milestones_checked} milestones checked, no problems"
        )
        if not output.is_table:
            output.emit(lambda: (), rows.CHECK_FIELDS, lambda: "")
        return

    def table() -> Any:
        from pohang_cli.render.tables import check_table

        return check_table(result, output.lang)

    output.emit(lambda: rows.check_rows(result), rows.CHECK_FIELDS, table)
    output.note(f"{len(result.problems)} problem(s) found")
    raise typer.Exit(ExitCode.CHECK_FAILED)


REPORT_FORMATS = ("html", "md")


def _report_format(fmt: str | None, destination: str) -> str:
    """`--format`, else from the file's extension (.md, .markdown), else html."""
    if fmt is not None and fmt.strip():
        chosen = fmt.strip().lower()
        if chosen not in REPORT_FORMATS:
            raise InputError(f"unknown report format '{fmt}'; use html or md")
        return chosen
    return "md" if destination.lower().endswith((".md", ".markdown")) else "html"


@app.command()
@_handle_errors
def report(
    output_file: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE", help="File to write (replaced whole), or - for stdout."),
    ],
    sectors: SectorsArgument = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="html|md",
            help="html (default) or md; a FILE ending in .md means md.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the council report: a summary page, then a page per sector with charts and milestones.

    One self-contained file (HTML with inline SVG charts, no scripts, no web fonts) that prints on A4
    with a page break per sector and reads on a phone; --format md gives the same content as Markdown
    tables. Prints the file's path on stdout (nothing with -o -).

    \b
    Examples:
      pohang report -o report.html
      pohang report 이차전지 수소 -o council.md --as-of 2026-06-30 --lang ko
      pohang report -o - --format md | less
    """
    from pohang_cli.render.files import write_document
    from pohang_cli.report import build_report

    output = _output("tsv", lang, "never", None, quiet)
    chosen = _report_format(fmt, output_file)
    database = _database(db, output)
    result = build_report(database.read(), _as_of(as_of), sectors or (), str(database.path))
    if chosen == "md":
        from pohang_cli.render.markdown import markdown_report

        text = markdown_report(result, output.lang)
    else:
        from pohang_cli.render.html import html_report

        text = html_report(result, output.lang)
    written = write_document(text, output_file, output.out)
    charts = sum(not item.trend.is_empty for section in result.sectors for item in section.indicators)
    what = f"{chosen} report: {len(result.sectors)} sector(s), {charts} chart(s), as of {result.as_of.isoformat()}"
    if written is None:
        output.note(f"wrote the {what}")
        return
    output.line(str(written))
    output.note(f"wrote the {what} to {written}")


# --------------------------------------------------------------------------------------------------
# Writing


def _value(text: str, what: str) -> Any:
    from pohang_cli.quantities import parse_value

    try:
        return parse_value(text)
    except InputError as error:
        raise InputError(f"{what}: {error}") from None


def _choice(text: str, enum: Any, option: str) -> Any:
    try:
        return enum(text.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InputError(f"invalid {option} '{text}'; use one of {choices}") from None


@app.command("add-indicator")
@_handle_errors
def add_indicator(
    sector: Annotated[str, typer.Argument(help="Sector id or Korean name.")],
    slug: Annotated[str, typer.Argument(help="Short name, lower-case with hyphens; the id becomes SECTOR.SLUG.")],
    name_ko: Annotated[str, typer.Option("--name-ko", help="Korean name.")],
    name_en: Annotated[str, typer.Option("--name-en", help="English name.")],
    unit: Annotated[str, typer.Option("--unit", help="KRW, t, companies, %, MW, jobs, beds, or any unit word.")],
    baseline: Annotated[str, typer.Option("--baseline", help="Value at the baseline date, e.g. 15만 or 1.5e12.")],
    baseline_date: Annotated[str, typer.Option("--baseline-date", help="e.g. 2022, 2023-07, 2023-07-20.")],
    direction: Annotated[str, typer.Option("--direction", help="increase or decrease.")] = "increase",
    kind: Annotated[
        str, typer.Option("--kind", help="level (a value at a date) or cumulative (running total).")
    ] = "level",
    model: Annotated[
        str, typer.Option("--model", help="linear or compound (level indicators, baseline > 0).")
    ] = "linear",
    basis: Annotated[str | None, typer.Option("--basis", help="What is counted: mou, contract, executed, ...")] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add an indicator; prints its id (SECTOR.SLUG).

    \b
    Example:
      pohang add-indicator hydrogen charging-stations --name-ko 수소충전소 --name-en 'Hydrogen stations' \\
        --unit stations --baseline 3 --baseline-date 2023 --source https://example.org/report
    """
    from pohang_cli import service
    from pohang_cli.models import Direction, IndicatorKind, Model

    output = _output("tsv", None, "never", None, quiet)
    today = _as_of(as_of)
    new = service.NewIndicator(
        sector=sector,
        slug=slug,
        name_ko=name_ko,
        name_en=name_en,
        unit=unit,
        baseline=_value(baseline, "--baseline"),
        baseline_date=_date_option(baseline_date, as_of, "--baseline-date"),
        direction=_choice(direction, Direction, "--direction"),
        kind=_choice(kind, IndicatorKind, "--kind"),
        model=_choice(model, Model, "--model"),
        basis=basis,
        source=source,
        note=note,
    )
    indicator = service.add_indicator(_database(db, output), new, today)
    output.line(indicator.id)
    output.note(f"added indicator {indicator.id} ({indicator.name_ko})")


@app.command("add-target")
@_handle_errors
def add_target(
    indicator: Annotated[str, typer.Argument(help="Indicator id.")],
    value: Annotated[str, typer.Argument(help="Target value, e.g. 14조, 100만, 70.")],
    by: Annotated[str, typer.Option("--by", help="Deadline, e.g. 2030 or 2027-12.")],
    source: SourceOption = None,
    note: NoteOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a dated target to an indicator; prints its id (INDICATOR@YYYY).

    \b
    Example:
      pohang add-target battery.cathode-output 100만 --by 2030 --source https://m.segye.com/ampView/20230927521017
    """
    from pohang_cli import service

    output = _output("tsv", None, "never", None, quiet)
    target = service.add_target(
        _database(db, output),
        indicator,
        _value(value, "VALUE"),
        _date_option(by, as_of, "--by"),
        source,
        note,
    )
    output.line(target.id)
    output.note(f"added target {target.id}")


@app.command("revise-target")
@_handle_errors
def revise_target(
    target: Annotated[str, typer.Argument(help="Target id (INDICATOR@YYYY).")],
    reason: Annotated[str, typer.Option("--reason", help="Why the target changed.")],
    value: Annotated[str | None, typer.Option("--value", help="New value.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="New deadline; a new year creates INDICATOR@NEWYYYY.")] = None,
    source: SourceOption = None,
    date_: Annotated[str | None, typer.Option("--date", help="When the revision was announced.")] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Revise a target's value or deadline, keeping every earlier version; prints the current target's id.

    \b
    Example:
      pohang revise-target hydrogen.companies@2030 --by 2035 --date 2024-11-01 \\
        --reason '특화단지 지정으로 목표연도 조정' --source https://kukinews.com/article/view/kuk202411010081
    """
    from pohang_cli import service

    output = _output("tsv", None, "never", None, quiet)
    request = service.TargetRevisionRequest(
        target=target,
        reason=reason,
        value=None if value is None else _value(value, "--value"),
        deadline=_date_option(by, as_of, "--by"),
        source=source,
        date=_date_option(date_, as_of, "--date"),
    )
    current = service.revise_target(_database(db, output), request)
    output.line(current.id)
    if current.supersedes is not None and current.id != target:
        output.note(f"revised: {current.supersedes} is superseded by {current.id}")
    else:
        output.note(f"revised target {current.id}")


@app.command()
@_handle_errors
def record(
    indicator: Annotated[str, typer.Argument(help="Indicator id.")],
    value: Annotated[str, typer.Argument(help="Reported value, e.g. 5조 6000억 (running total for cumulative).")],
    date_: Annotated[str, typer.Option("--date", help="Date the value refers to, e.g. 2024 or 2024-06.")],
    source: SourceOption = None,
    note: NoteOption = None,
    provisional: Annotated[bool, typer.Option("--provisional", help="A preliminary figure.")] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record a reported actual; prints the observation id. A second value for the same date replaces the first.

    \b
    Example:
      pohang record battery.investment '7조 2000억' --date 2024 --source https://example.org/press
    """
    from pohang_cli import service

    output = _output("tsv", None, "never", None, quiet)
    result = service.record(
        _database(db, output),
        indicator,
        _value(value, "VALUE"),
        _date_option(date_, as_of, "--date"),
        _as_of(as_of),
        source=source,
        note=note,
        provisional=provisional,
    )
    output.line(result.observation.id)
    if result.replaced is not None:
        output.note(f"replaced the earlier value {result.replaced.value:g} of {result.observation.id}")
    else:
        output.note(f"recorded {result.observation.id}")


def _milestone_fields(
    as_of: str | None,
    *,
    title: str | None,
    title_en: str | None,
    status_: str | None,
    date_: str | None,
    due: str | None,
    source: str | None,
    note: str | None,
) -> Any:
    from pohang_cli import service

    return service.MilestoneFields(
        title=title,
        title_en=title_en,
        status=None if status_ is None else _milestone_status(status_),
        date=_date_option(date_, as_of, "--date"),
        due=_date_option(due, as_of, "--due"),
        source=source,
        note=note,
    )


@app.command("add-milestone")
@_handle_errors
def add_milestone(
    sector: Annotated[str, typer.Argument(help="Sector id or Korean name.")],
    title: Annotated[str, typer.Argument(help="What happens, in Korean.")],
    title_en: Annotated[str | None, typer.Option("--title-en", help="English title.")] = None,
    status_: Annotated[
        str | None, typer.Option("--status", help="planned (default), in_progress, done, ... or 완료.")
    ] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When it happened.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="When it should happen, e.g. 2026 or 2026Q2.")] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a milestone; prints its id (an integer, never reused).

    \b
    Example:
      pohang add-milestone 바이오 '그린바이오 벤처캠퍼스 준공' --due 2025-12 --status in_progress
    """
    from pohang_cli import service

    output = _output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note
    )
    milestone = service.add_milestone(_database(db, output), sector, fields)
    output.line(str(milestone.id))
    output.note(f"added milestone {milestone.id}: {milestone.title}")


@app.command("update-milestone")
@_handle_errors
def update_milestone(
    milestone_id: Annotated[int, typer.Argument(metavar="ID", help="Milestone id.")],
    status_: Annotated[str | None, typer.Option("--status", help="New status.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="When it happened.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="New due date (the original one is kept).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="New Korean title.")] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", help="New English title.")] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Change a milestone's status, dates, titles, source or note; prints its id.

    \b
    Example:
      pohang update-milestone 12 --status done --date 2025-12-18 --source https://example.org/news
    """
    from pohang_cli import service

    output = _output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note
    )
    milestone = service.update_milestone(_database(db, output), milestone_id, fields)
    output.line(str(milestone.id))
    output.note(f"updated milestone {milestone.id}: {milestone.title} ({milestone.status.value})")


@app.command()
@_handle_errors
def init(
    empty: Annotated[bool, typer.Option("--empty", help="Start with no records instead of the sample.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing database (kept as .bak).")] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Create the database from the bundled sample (or empty with --empty); prints its path.

    \b
    Examples:
      pohang init
      pohang init --empty --db council.json
    """
    from pohang_cli.storage import empty_dataset, load_sample

    output = _output("tsv", None, "never", None, quiet)
    database = _database(db, output, create_default=False)
    dataset = empty_dataset() if empty else load_sample()
    database.create(dataset, overwrite=force)
    output.line(str(database.path))
    output.note(f"created {'an empty' if empty else 'a sample'} database at {database.path}")


KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="sectors, indicators, targets, observations or milestones.",
        show_default=False,
    ),
]


def _read_input(file: str) -> tuple[bytes, str]:
    """The bytes of FILE, or of stdin for `-`, and the name messages use for it."""
    if file == "-":
        if sys.stdin.isatty():
            raise InputError("nothing to read: pipe a file into `pohang import -`, or give the file's path")
        return sys.stdin.buffer.read(), "stdin"
    try:
        return Path(file).read_bytes(), file
    except FileNotFoundError:
        raise InputError(f"no file '{file}'") from None
    except OSError as error:
        raise InputError(f"cannot read '{file}': {error.strerror}") from None


def _import_summary(result: Any) -> list[str]:
    total = result.total()
    kinds = [(kind, counts) for kind, counts in result.counts.items() if counts.total]
    if result.dry_run:
        head = (
            f"dry run of {result.name}: would add {total.added}, update {total.updated}; "
            f"{total.unchanged} unchanged; nothing was written"
        )
    else:
        head = f"imported {result.name}: {total.added} added, {total.updated} updated, {total.unchanged} unchanged"
    if len(kinds) == 1:
        return [f"{head} ({kinds[0][0].value})"]
    return [
        head,
        *(f"  {kind.value}: {c.added} added, {c.updated} updated, {c.unchanged} unchanged" for kind, c in kinds),
    ]


@app.command("import")
@_handle_errors
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="A json, jsonl or csv file; - reads stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json, jsonl or csv. Default: from the file's extension; for stdin, from its first line.",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every record and report the counts; write nothing.")
    ] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add or update records from a json, jsonl or csv file, matched by id: all of them, or none.

    \b
    Every record is checked first, against the database and the rest of the file; one bad record exits 2
    naming its line, field and reason, and nothing is written. The database file is written once.
    Counts of added, updated and unchanged records go to stderr; nothing goes to stdout. Without --kind,
    each record's kind is recognised from its fields (a csv of actuals: indicator,date,value,source,note).
    Examples:
      pohang import actuals.csv
      pohang import milestones.jsonl --dry-run
      pohang export | pohang import - --db copy.json
    """
    from pohang_cli import transfer
    from pohang_cli.render.progress_bar import progress_bar

    output = _output("tsv", None, "auto", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    chosen = None if fmt is None else transfer.check_format(fmt)
    data, name = _read_input(file)
    if chosen is None:
        chosen = transfer.sniff_format(data) if file == "-" else transfer.format_from_name(file)
    if chosen is None:
        raise InputError(f"cannot tell the format of '{file}' from its name; add --format json, jsonl or csv")
    parsed = transfer.parse(data, name, chosen, chosen_kind)
    today = _as_of(as_of)
    database = _database(db, output)
    if not parsed.records:
        database.read()  # a missing or corrupt database is still an error (exit 4)
        output.note(f"no records in {name}; nothing to import")
        return
    with progress_bar(output) as progress:
        result = transfer.import_records(database, parsed, today=today, dry_run=dry_run, progress=progress)
    for line in _import_summary(result):
        output.note(line)


@app.command()
@_handle_errors
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json (default), jsonl or csv; with --output, from the file's extension.",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (replaced whole) instead of stdout."),
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the database, or one kind of record, as json, jsonl or csv, for scripts and version control.

    \b
    Records are the stored documents sorted by id, so `pohang import` reads an export back unchanged.
    Without --kind, json is the whole database as one document: schema_version, next_milestone_id,
    sectors, indicators, targets, observations, milestones. jsonl and csv hold one kind (target revisions
    are a JSON array in one csv cell).
    Examples:
      pohang export -o pohang-export.json
      pohang export --kind observations --format csv > observations.csv
      pohang export --kind milestones --format jsonl | jq -c 'select(.status == "done")'
    """
    from pohang_cli import transfer

    output = _output("tsv", None, "never", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    chosen = None if fmt is None else transfer.check_format(fmt)
    if chosen is None and output_file is not None:
        chosen = transfer.format_from_name(output_file.name)
    payload, count = transfer.export_bytes(_read(db, output), chosen or "json", chosen_kind)
    if count == 0:
        output.note(f"no {chosen_kind.value if chosen_kind else 'records'} to export")
    if output_file is None:
        output.write_bytes(payload)
        return
    from pohang_cli.storage import atomic_write_bytes

    try:
        atomic_write_bytes(output_file, payload)
    except OSError as error:
        raise InputError(f"cannot write '{output_file}': {error.strerror}") from None
    output.note(f"exported {count} record(s) to {output_file}")


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


# --------------------------------------------------------------------------------------------------
# Safety: the audit log, undo and the doctor


@app.command("log")
@_handle_errors
def log_(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=0, help="Show the newest N changes (0: all).", show_default=True)
    ] = 20,
    records: Annotated[
        bool, typer.Option("--records", help="One row per changed record, with its document before and after.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """What changed, when (UTC) and by which command line, newest first.

    \b
    Every write is logged in DB.log beside the database; `pohang undo` reverts the newest change.
    Examples:
      pohang log --limit 5
      pohang log --records --format json | jq '.[] | select(.kind == "milestones")'
    """
    from pohang_cli import audit
    from pohang_cli.render import safety

    output = _output(fmt, lang, color, fields, quiet)
    database = _database(db, output)
    view = audit.read_log(database, limit or None)
    if not view.complete:
        output.note(
            f"the audit log {database.log_path} lacks older entries (deleted, or not copied with the database); "
            "the history shown stops there"
        )
    elif not view.entries:
        output.note("no changes recorded yet")
    if records:
        nested = output.fmt in ("json", "jsonl")
        row_fields: tuple[str, ...] = safety.LOG_RECORD_FIELDS
        listed = list(safety.log_record_rows(view.entries, nested=nested))
    else:
        row_fields = safety.LOG_FIELDS
        listed = list(safety.log_rows(view.entries))

    def table() -> Any:
        from pohang_cli.render.tables import generic_table

        return generic_table(listed, row_fields)

    output.emit(lambda: listed, row_fields, table)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command()
@_handle_errors
def undo(
    seq: Annotated[
        int | None,
        typer.Argument(metavar="[SEQ]", help="The change to revert (its # in `pohang log`). Default: the newest."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (needed when not run in a terminal).")] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Revert the newest change still in effect; prints the ids of the records it changed back.

    \b
    Each undo is a logged change: `pohang undo` again steps further back, and `pohang undo SEQ`
    with the undo's own number re-applies what it undid.
    Examples:
      pohang undo
      pohang undo --yes
      pohang undo 42 --yes
    """
    from pohang_cli import audit

    output = _output("tsv", None, "never", None, quiet)
    database = _database(db, output)
    entry = audit.pending(database, seq)
    output.note(f"newest change #{entry.seq} ({entry.time or 'time unknown'}): {entry.summary}")
    output.note(f"  by: {entry.command}")
    if not yes:
        if not _stdin_is_terminal():
            raise InputError("undo asks for confirmation: run it in a terminal, or add --yes")
        if not typer.confirm(f"Undo change #{entry.seq}?", default=False, err=True):
            output.note("nothing was undone")
            return
    undone = audit.undo(database, seq, expected=entry)
    for change in undone.entry.changes:
        output.line(str(change.id))
    output.note(
        f"undid #{undone.reverted.seq}; logged as #{undone.entry.seq} (`pohang undo {undone.entry.seq}` re-applies it)"
    )


@app.command()
@_handle_errors
def doctor(
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Check the database: references, duplicate ids, dates and values, bases, sources, the audit log.

    \b
    Exit 0 when nothing is wrong, 1 with every problem listed by record id; exit 4 when the
    file cannot be read at all. Run it on a backup before restoring it.
    Examples:
      pohang doctor
      pohang doctor --db ~/.local/share/pohang/pohang.json.bak --format tsv
    """
    from pohang_cli import doctor as doctor_module
    from pohang_cli.render import safety

    output = _output(fmt, lang, color, fields, quiet)
    diagnosis = doctor_module.diagnose(_database(db, output))
    listed = list(safety.doctor_rows(diagnosis.problems))
    if not listed:
        output.note(f"ok: {diagnosis.records} records checked, no problems")
        if not output.is_table:
            output.emit(lambda: (), safety.DOCTOR_FIELDS, lambda: "")
        return

    def table() -> Any:
        from pohang_cli.render.tables import generic_table

        return generic_table(listed, safety.DOCTOR_FIELDS)

    output.emit(lambda: listed, safety.DOCTOR_FIELDS, table)
    output.note(f"{len(listed)} problem(s) found in {diagnosis.records} records")
    raise typer.Exit(1)  # problems found; an unreadable file exits 4 from the read
