"""The reading commands: status, sectors, indicators, targets, history, milestones, check and report."""

from typing import Annotated, Any

import typer

from pohang_cli.cli.common import (
    app,
    as_of_date,
    handle_errors,
    known_as_of_dates,
    make_output,
    note_empty,
    open_database,
    open_existing_database,
    parse_date_option,
    parse_milestone_status,
    parse_target_status,
    read_dataset,
)
from pohang_cli.cli.completion import (
    complete_indicator,
    complete_milestone_status,
    complete_report_format,
    complete_target_status,
)
from pohang_cli.cli.filtering import StatusFilterOption, row_statuses, status_words
from pohang_cli.cli.localized import LegendCommand
from pohang_cli.cli.options import (
    AsOfOption,
    ColorOption,
    DbOption,
    FieldsOption,
    FormatOption,
    KnownAsOfOption,
    LangOption,
    QuietOption,
    SectorsArgument,
)
from pohang_cli.errors import ExitCode, InputError
from pohang_cli.i18n import N_, _


@app.command(cls=LegendCommand)
@handle_errors
def status(
    sectors: SectorsArgument = None,
    year: Annotated[int | None, typer.Option("--year", metavar="YYYY", help="Only targets due in this year.")] = None,
    status_: StatusFilterOption = None,
    targets_only: Annotated[bool, typer.Option("--targets-only", help=N_("Leave out watched indicators."))] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    known_as_of: KnownAsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """Every current target: actual against target, progress, pace, projection and status.

    A status is a verdict only where the figures carry one: awaiting the final figure, too little
    evidence and not judged say why not, with what the figures indicate beside them. Targets are those
    in force at --as-of; --known-as-of uses only what had been reported by then.

    \b
    Examples:
      pohang status
      pohang status 이차전지 --year 2030
      pohang status --as-of 2024-06-30 --known-as-of 2024-06-30
      pohang status --status off_track,behind --targets-only --format tsv
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = make_output(fmt, lang, color, fields, quiet)
    wanted = row_statuses(status_)
    today, known = known_as_of_dates(as_of, known_as_of)
    data = read_dataset(db, output)
    report = service.filter_status(service.status(data, today, sectors or (), year, known), wanted, targets_only)

    def table() -> Any:
        from pohang_cli.render.slide import status_tables

        return status_tables(report, output.lang, output.console().width)

    if not data.indicators:
        note_empty(
            output,
            _(
                "the database is empty: no indicators yet — add them with `pohang add-indicator` or "
                "`pohang import`, or start from the sample with `pohang init`"
            ),
        )
    elif not any(block.judgements or block.watched for block in report.sectors) and not output.is_table:
        note_empty(output, _("no targets match"))
    output.emit(lambda: rows.status_rows(report), rows.STATUS_FIELDS, table)


@app.command()
@handle_errors
def sectors(
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """The five sectors, with how many indicators, targets and milestones each has.

    \b
    Example:
      pohang sectors
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = make_output(fmt, lang, color, fields, quiet)
    data = read_dataset(db, output)
    listed = list(rows.sector_rows(service.list_sectors(data), data))
    if not listed:
        note_empty(output, _("no sectors match"))

    def table() -> Any:
        from pohang_cli.render.tables import sectors_table

        return sectors_table(listed, output.lang, output.console().width)

    output.emit(lambda: listed, rows.SECTOR_FIELDS, table)


@app.command()
@handle_errors
def indicators(
    sectors: SectorsArgument = None,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
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

    output = make_output(fmt, lang, color, fields, quiet)
    listed = service.list_indicators(read_dataset(db, output), sectors or ())
    if not listed:
        note_empty(output, _("no indicators match"))

    def table() -> Any:
        from pohang_cli.render.tables import indicators_table

        return indicators_table(listed, output.lang, output.console().width)

    output.emit(lambda: map(rows.indicator_row, listed), rows.INDICATOR_FIELDS, table)


@app.command()
@handle_errors
def targets(
    sectors: SectorsArgument = None,
    history: Annotated[
        bool, typer.Option("--history", help="Also show superseded targets and earlier values.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """Current targets (value and deadline); with --history every earlier version too.

    \b
    Examples:
      pohang targets 수소 --history
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = make_output(fmt, lang, color, fields, quiet)
    data = read_dataset(db, output)
    listed = list(rows.target_rows(service.list_targets(data, sectors or (), history=history), data, history=history))
    if not listed:
        note_empty(output, _("no targets match"))

    def table() -> Any:
        from pohang_cli.render.tables import targets_table

        return targets_table(listed, dict(data.indicators.items()), output.lang, output.console().width)

    output.emit(lambda: listed, rows.TARGET_FIELDS, table)


# A terminal shows an indicator's latest actuals; monthly figures over years would scroll the chart away.
HISTORY_ROWS = 20


@app.command()
@handle_errors
def history(
    indicator: Annotated[
        list[str],
        typer.Argument(
            metavar="INDICATOR",
            help="Indicator id, Korean or English name, or a unique part of them (quotes optional): "
            "battery.investment, 양극재 생산량, cathode.",
            autocompletion=complete_indicator,
        ),
    ],
    all_: Annotated[bool, typer.Option("--all", help="Every actual in the table (it shows the latest 20).")] = False,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only actuals dated on/after this date.")
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    known_as_of: KnownAsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """One indicator over time: baseline, actuals, targets and the projection at each deadline.

    \b
    The table lists the latest 20 actuals (the chart and machine formats all);
    --all lists every one, --since DATE those from a date on, in every format.
    Examples:
      pohang history battery.investment
      pohang history 양극재 생산량
      pohang history battery.investment --since 2024
      pohang history battery.investment --format csv > investment.csv
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = make_output(fmt, lang, color, fields, quiet)
    start = parse_date_option(since, as_of, "--since")
    today, known = known_as_of_dates(as_of, known_as_of)
    result = service.history(read_dataset(db, output), " ".join(indicator), today, known)
    chosen, _hidden = service.recent_observations(result, start)
    latest = None if all_ or start is not None or not output.is_table else HISTORY_ROWS
    shown, hidden = service.recent_observations(chosen, latest=latest)
    if hidden:
        output.note(
            _(
                "the table shows the latest {shown} of {count} actuals; "
                "--all shows every one, --since DATE those from a date on"
            ).format(shown=len(shown.observations), count=len(chosen.observations))
        )

    def table() -> Any:
        from pohang_cli.render.chart import history_view

        return history_view(result, output.lang, output.console().width, shown)

    output.emit(lambda: rows.history_rows(shown), rows.HISTORY_FIELDS, table)


@app.command()
@handle_errors
def milestones(
    sectors: SectorsArgument = None,
    status_: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only these statuses (a comma list, or repeated): planned, in_progress, on_hold, done, partial, "
            "cancelled, unknown, or a Korean word such as 완료 or 추진 중.",
            autocompletion=complete_milestone_status,
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only milestones past their due date.")] = False,
    due_soon: Annotated[bool, typer.Option("--due-soon", help="Only milestones due within 30 days.")] = False,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only milestones dated (or due) on/after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Only milestones dated (or due) on/before this date.")
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
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

    output = make_output(fmt, lang, color, fields, quiet)
    wanted = service.MilestoneFilter(
        sectors=tuple(sectors or ()),
        statuses=tuple(parse_milestone_status(word) for word in status_words(status_)),
        overdue=overdue,
        due_soon=due_soon,
        since=parse_date_option(since, as_of, "--since"),
        until=parse_date_option(until, as_of, "--until"),
    )
    data = read_dataset(db, output)
    listed = service.list_milestones(data, as_of_date(as_of), wanted)
    if not listed:
        note_empty(output, _("no milestones match"))

    def table() -> Any:
        from pohang_cli.render.tables import milestones_table

        return milestones_table(listed, dict(data.sectors.items()), output.lang, output.console().width)

    output.emit(lambda: rows.milestone_rows(listed), rows.MILESTONE_FIELDS, table)


@app.command()
@handle_errors
def check(
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="STATUS",
            help="Fail when a target is at or below this status (off_track: off_track, regressing, missed).",
            autocompletion=complete_target_status,
        ),
    ] = "off_track",
    stale: Annotated[
        bool,
        typer.Option(
            "--stale",
            help=N_(
                "Also report targets with too little evidence or a stale actual (older than its indicator's "
                "publication cycle), with who owes the figure."
            ),
        ),
    ] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    known_as_of: KnownAsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """Exit 3 and list the problems: targets at or below --fail-on, overdue milestones, passed deadlines.

    A target awaiting its final figure, one with no data whose deadline has passed, and one whose
    assessment disputes the figures are problems too; with --stale, so is one with too little evidence
    or a stale actual. For cron jobs and CI. Exit 0 when nothing is wrong.

    \b
    Examples:
      pohang check --stale
    A crontab line, every Monday at 08:00 (the full path: cron has no venv):
      0 8 * * 1  /opt/pohang/.venv/bin/pohang check --format tsv \\
        || mail -s 'pohang check' planning@example.org
    """
    from pohang_cli import service
    from pohang_cli.render import rows

    output = make_output(fmt, lang, color, fields, quiet)
    threshold = parse_target_status(fail_on)
    # Never the sample: a cron job on a machine without the city's database must fail, not judge the sample.
    today, known = known_as_of_dates(as_of, known_as_of)
    result = service.check(open_existing_database(db, output).read(), today, threshold, stale=stale, known_as_of=known)
    if not result.problems:
        output.note(
            _("ok: {targets_checked} targets and {milestones_checked} milestones checked, no problems").format(
                targets_checked=result.targets_checked, milestones_checked=result.milestones_checked
            )
        )
        if not output.is_table:
            output.emit(lambda: (), rows.CHECK_FIELDS, lambda: "")
        return

    def table() -> Any:
        from pohang_cli.render.tables import check_table

        return check_table(result, output.lang, output.console().width)

    output.emit(lambda: rows.check_rows(result), rows.CHECK_FIELDS, table)
    output.note(_("{count} problem(s) found").format(count=len(result.problems)))
    raise typer.Exit(ExitCode.CHECK_FAILED)


REPORT_FORMATS = ("html", "md", "xlsx")
# The files `report -o` writes, by extension; any other extension is refused (never HTML in a .pdf).
REPORT_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}


def _report_format(fmt: str | None, destination: str) -> str:
    """`--format`, else from the file's extension (.html, .md, .xlsx), else html; other extensions refused."""
    from pohang_cli.render.files import output_format

    chosen = None
    if fmt is not None and fmt.strip():
        chosen = fmt.strip().lower()
        if chosen not in REPORT_FORMATS:
            raise InputError(_("unknown report format '{fmt}'; use html, md or xlsx").format(fmt=fmt))
    return output_format(destination, chosen, REPORT_EXTENSIONS, "html")


@app.command()
@handle_errors
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
            metavar="html|md|xlsx",
            help="html (default), md or xlsx; a FILE ending in .md or .xlsx means that format.",
            show_default=False,
            autocompletion=complete_report_format,
        ),
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    known_as_of: KnownAsOfOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the council report: a summary page, then a page per sector with charts and milestones.

    One self-contained file (HTML with inline SVG charts, no scripts, no web fonts) that prints on A4
    with a page break per sector and reads on a phone; --format md gives the same content as Markdown
    tables; --format xlsx a workbook to sort and paste from (every target with numeric values and its
    status colour, the sectors, the overdue and due-soon milestones, the as-of date and data source).
    Prints the file's path on stdout (nothing with -o -). Other extensions (.pdf) are refused.

    \b
    Examples:
      pohang report -o report.html
      pohang report 이차전지 수소 -o council.md --as-of 2026-06-30 --lang ko
      pohang report -o - --format md | less
      pohang report --format xlsx -o council.xlsx --lang ko
    """
    from pohang_cli.render.files import write_document
    from pohang_cli.report import build_report

    output = make_output("tsv", lang, "never", None, quiet)
    chosen = _report_format(fmt, output_file)
    database = open_database(db, output)
    today, known = known_as_of_dates(as_of, known_as_of)
    result = build_report(database.read(), today, sectors or (), database.report_name, known, database.head_hash())
    text: str | bytes
    if chosen == "xlsx":
        from pohang_cli.render.report_workbook import report_workbook

        text = report_workbook(result, output.lang)
    elif chosen == "md":
        from pohang_cli.render.markdown import markdown_report

        text = markdown_report(result, output.lang)
    else:
        from pohang_cli.render.html import html_report

        text = html_report(result, output.lang)
    written = write_document(text, output_file, output.out)
    charts = sum(item.trend.has_actuals for section in result.sectors for item in section.indicators)
    what = {"format": chosen, "sectors": len(result.sectors), "as_of": result.as_of.isoformat(), "file": written}
    if chosen == "xlsx":  # a workbook has no charts: it counts the targets of its status sheet
        what["targets"] = len(result.judgements)
        to_stdout = _("wrote the {format} report: {sectors} sector(s), {targets} target(s), as of {as_of}")
        to_file = _("wrote the {format} report: {sectors} sector(s), {targets} target(s), as of {as_of} to {file}")
    else:
        what["charts"] = charts
        to_stdout = _("wrote the {format} report: {sectors} sector(s), {charts} chart(s), as of {as_of}")
        to_file = _("wrote the {format} report: {sectors} sector(s), {charts} chart(s), as of {as_of} to {file}")
    if written is None:
        output.note(to_stdout.format(**what))
        return
    output.line(str(written))
    output.note(to_file.format(**what))
