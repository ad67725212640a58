"""The writing commands: each prints the new or changed record's id alone on stdout."""

from typing import Annotated

import typer

from pohang_cli.cli.common import (
    ValueCommand,
    app,
    as_of_date,
    handle_errors,
    make_output,
    note_caveats,
    note_written,
    open_existing_database,
    parse_choice,
    parse_date_option,
    parse_value_option,
)
from pohang_cli.cli.completion import (
    complete_direction,
    complete_indicator,
    complete_indicator_kind,
    complete_model,
    complete_target,
)
from pohang_cli.cli.options import (
    AsOfOption,
    BasisEnOption,
    BasisOption,
    DbOption,
    ForceOption,
    FrequencyOption,
    LagMonthsOption,
    NoteEnOption,
    NoteOption,
    OwnerOption,
    QuietOption,
    SectorArgument,
    SourceOption,
)
from pohang_cli.i18n import _


@app.command("add-indicator")
@handle_errors
def add_indicator(
    sector: SectorArgument,
    slug: Annotated[str, typer.Argument(help="Short name, lower-case with hyphens; the id becomes SECTOR.SLUG.")],
    name_ko: Annotated[str, typer.Option("--name-ko", help="Korean name.")],
    name_en: Annotated[str, typer.Option("--name-en", help="English name.")],
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            help="KRW/원, t/톤, companies/개사/개, jobs/명, MW/메가와트, %, beds, or any unit word (기, 개소); "
            "억원 or 조원 store KRW and count a bare --baseline in 억 or 조.",
        ),
    ],
    baseline: Annotated[
        str, typer.Option("--baseline", metavar="VALUE", help="Value at the baseline date, e.g. 15만 or 1.5e12.")
    ],
    baseline_date: Annotated[
        str, typer.Option("--baseline-date", metavar="DATE", help="e.g. 2022, 2023-07, 2023-07-20.")
    ],
    direction: Annotated[
        str,
        typer.Option(
            "--direction",
            metavar="increase|decrease",
            help="Whether more is better.",
            autocompletion=complete_direction,
        ),
    ] = "increase",
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="level|cumulative",
            help="A value at a date, or a running total.",
            autocompletion=complete_indicator_kind,
        ),
    ] = "level",
    model: Annotated[
        str,
        typer.Option(
            "--model",
            metavar="linear|compound",
            help="How pace is measured (compound: level indicators, baseline > 0).",
            autocompletion=complete_model,
        ),
    ] = "linear",
    basis: BasisOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    frequency: FrequencyOption = None,
    lag_months: LagMonthsOption = None,
    owner: OwnerOption = None,
    basis_en: BasisEnOption = None,
    note_en: NoteEnOption = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add an indicator; prints its id (SECTOR.SLUG).

    \b
    Example:
      pohang add-indicator hydrogen charging-stations --name-ko 수소충전소 \\
        --name-en 'Hydrogen stations' --unit stations --baseline 3 \\
        --baseline-date 2023 --frequency annual --owner '포항시 수소정책과' \\
        --source https://example.org/report
    """
    from pohang_cli.models import DEFAULT_LAG_MONTHS, Direction, Frequency, IndicatorKind, Model
    from pohang_cli.quantities import parse_unit
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    today = as_of_date(as_of)
    unit_word = parse_unit(unit)
    new = writing.NewIndicator(
        sector=sector,
        slug=slug,
        name_ko=name_ko,
        name_en=name_en,
        unit=unit,
        baseline=parse_value_option(baseline, "--baseline", unit_word),
        baseline_date=parse_date_option(baseline_date, as_of, "--baseline-date"),
        direction=parse_choice(direction, Direction, "--direction"),
        kind=parse_choice(kind, IndicatorKind, "--kind"),
        model=parse_choice(model, Model, "--model"),
        basis=basis,
        source=source,
        note=note,
        frequency=Frequency.ANNUAL if frequency is None else parse_choice(frequency, Frequency, "--frequency"),
        lag_months=DEFAULT_LAG_MONTHS if lag_months is None else lag_months,
        owner=owner,
        basis_en=basis_en,
        note_en=note_en,
    )
    written = writing.add_indicator(open_existing_database(db, output), new, today, force=force)
    indicator = written.record
    output.line(indicator.id)
    note_written(
        output,
        _("added indicator {id} ({name_ko}): {stored}").format(
            id=indicator.id, name_ko=indicator.name_ko, stored=echo.describe(indicator, indicator.unit, output.lang)
        ),
        written.accepted,
    )


@app.command("add-target", cls=ValueCommand)
@handle_errors
def add_target(
    indicator: Annotated[
        str, typer.Argument(metavar="INDICATOR", help="Indicator id or name.", autocompletion=complete_indicator)
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="Target value, e.g. 14조, 100만, 70 (quote values with spaces).")
    ],
    by: Annotated[str, typer.Option("--by", metavar="DATE", help="Deadline, e.g. 2030 or 2027-12.")],
    source: SourceOption = None,
    note: NoteOption = None,
    note_en: NoteEnOption = None,
    adopted: Annotated[
        str | None,
        typer.Option("--adopted", metavar="DATE", help="The day the target came into force. Default: from the start."),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a dated target to an indicator; prints its id (INDICATOR@YYYY).

    \b
    Example:
      pohang add-target battery.cathode-output 100만 --by 2030 \\
        --source https://m.segye.com/ampView/20230927521017
    """
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    written = writing.add_target(
        open_existing_database(db, output),
        indicator,
        parse_value_option(value, "VALUE"),
        parse_date_option(by, as_of, "--by"),
        source,
        note,
        today=as_of_date(as_of),
        force=force,
        note_en=note_en,
        adopted=parse_date_option(adopted, as_of, "--adopted"),
    )
    target = written.record
    output.line(target.id)
    note_written(
        output,
        _("added target {id}: {stored}").format(id=target.id, stored=echo.describe(target, written.unit, output.lang)),
        written.accepted,
    )


@app.command("revise-target")
@handle_errors
def revise_target(
    target: Annotated[str, typer.Argument(help="Target id (INDICATOR@YYYY).", autocompletion=complete_target)],
    reason: Annotated[str, typer.Option("--reason", help="Why the target changed.")],
    reason_en: Annotated[str | None, typer.Option("--reason-en", metavar="TEXT", help="The reason in English.")] = None,
    value: Annotated[str | None, typer.Option("--value", metavar="VALUE", help="New value.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="DATE", help="New deadline; a new year creates INDICATOR@NEWYYYY.")
    ] = None,
    source: SourceOption = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When the revision was announced. Default: today."),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Revise a target's value or deadline, keeping every earlier version; prints the current target's id.

    \b
    Example:
      pohang revise-target hydrogen.companies@2030 --by 2035 --date 2024-11-01 \\
        --reason '특화단지 지정으로 목표연도 조정' \\
        --source https://kukinews.com/article/view/kuk202411010081
    """
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    request = writing.TargetRevisionRequest(
        target=target,
        reason=reason,
        value=None if value is None else parse_value_option(value, "--value"),
        deadline=parse_date_option(by, as_of, "--by"),
        source=source,
        date=parse_date_option(date_, as_of, "--date"),
        today=as_of_date(as_of),
        force=force,
        reason_en=reason_en,
    )
    written = writing.revise_target(open_existing_database(db, output), request)
    current, earlier = written.record, written.before
    output.line(current.id)
    stored = echo.changed_text(earlier, current, written.unit, output.lang)
    if earlier is not None and earlier.id != current.id:
        message = _("revised: {supersedes} is superseded by {id}: {stored}").format(
            supersedes=earlier.id, id=current.id, stored=stored
        )
    else:
        message = _("revised target {id}: {stored}").format(id=current.id, stored=stored)
    revision = current.revisions[-1]  # what the revision stored: its date (today unless --date) and reason
    message += _("; revised on {date}: {reason}").format(date=echo.stored_date(revision.date), reason=revision.reason)
    note_written(output, message, written.accepted)


@app.command(cls=ValueCommand)
@handle_errors
def record(
    indicator: Annotated[
        str, typer.Argument(metavar="INDICATOR", help="Indicator id.", autocompletion=complete_indicator)
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="Reported value, e.g. '5조 6000억' (quoted: it has a space), 1,200명, -3조; a running total "
            "for cumulative.",
        ),
    ],
    date_: Annotated[
        str, typer.Option("--date", metavar="DATE", help="Date the value refers to, e.g. 2024 or 2024-06.")
    ],
    source: SourceOption = None,
    note: NoteOption = None,
    provisional: Annotated[
        bool | None,
        typer.Option(
            "--provisional/--final",
            help="A preliminary figure, or a final one. Default: as stored for this date, else final.",
            show_default=False,
        ),
    ] = None,
    reported: Annotated[
        str | None,
        typer.Option(
            "--reported",
            metavar="DATE",
            help="When the source published the value, e.g. 2024-12-16; kept with it if a later value revises it.",
        ),
    ] = None,
    recorded: Annotated[
        str | None,
        typer.Option(
            "--recorded", metavar="DATE", help="The day the value was stored, for a value entered late. Default: today."
        ),
    ] = None,
    note_en: NoteEnOption = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record a reported actual; prints the observation id. A second value for the same date revises the first.

    The revised value is the one judged; the earlier one is kept with its source and reported date, and
    `pohang history` shows both.

    \b
    Examples:
      pohang record battery.investment '7조 2000억' --date 2024 \\
        --source https://example.org/press
      pohang record battery.city-investment-annual '5조 4000억' --date 2023 \\
        --reported 2024-12-16
    """
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    result = writing.record(
        open_existing_database(db, output),
        indicator,
        parse_value_option(value, "VALUE"),
        parse_date_option(date_, as_of, "--date"),
        as_of_date(as_of),
        source=source,
        note=note,
        provisional=provisional,
        reported=None if reported is None else parse_date_option(reported, as_of, "--reported"),
        force=force,
        note_en=note_en,
        recorded=None if recorded is None else parse_date_option(recorded, as_of, "--recorded"),
    )
    output.line(result.observation.id)
    said = echo.recorded(result, output.lang)
    if recorded is not None:  # a value entered late says the day it is stored as
        said += _("; stored as of {date}").format(date=echo.stored_date(result.observation.recorded))
    note_written(output, said, result.accepted)
    note_caveats(output, result.indicator, result.caveats, as_of_date(as_of))
