"""The writing commands: each prints the new or changed record's id alone on stdout."""

from __future__ import annotations

from typing import Annotated, Any

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
    parse_milestone_status,
    parse_value_option,
)
from pohang_cli.cli.completion import (
    complete_direction,
    complete_indicator,
    complete_indicator_kind,
    complete_milestone,
    complete_milestone_status,
    complete_model,
    complete_target,
)
from pohang_cli.cli.options import (
    AsOfOption,
    BasisOption,
    DbOption,
    ForceOption,
    HappenedOption,
    NoteOption,
    QuietOption,
    SectorArgument,
    SourceOption,
)
from pohang_cli.i18n import _
from pohang_cli.limits import LARGEST_NUMBER


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
        --baseline-date 2023 --source https://example.org/report
    """
    from pohang_cli.models import Direction, IndicatorKind, Model
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
    value: Annotated[str | None, typer.Option("--value", metavar="VALUE", help="New value.")] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="DATE", help="New deadline; a new year creates INDICATOR@NEWYYYY.")
    ] = None,
    source: SourceOption = None,
    date_: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When the revision was announced.")
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
    )
    output.line(result.observation.id)
    note_written(output, echo.recorded(result, output.lang), result.accepted)
    note_caveats(output, result.indicator, result.caveats, as_of_date(as_of))


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
    from pohang_cli.service import writing

    return writing.MilestoneFields(
        title=title,
        title_en=title_en,
        status=None if status_ is None else parse_milestone_status(status_),
        date=parse_date_option(date_, as_of, "--date"),
        due=parse_date_option(due, as_of, "--due"),
        source=source,
        note=note,
    )


@app.command("add-milestone")
@handle_errors
def add_milestone(
    sector: SectorArgument,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What happens, in Korean.")],
    title_en: Annotated[str | None, typer.Option("--title-en", help="English title.")] = None,
    status_: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="planned (default), in_progress, on_hold, done, partial, cancelled, unknown, or 완료, 추진 중, ...",
            autocompletion=complete_milestone_status,
        ),
    ] = None,
    date_: HappenedOption = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="When it should happen, e.g. 2026 or 2026Q2.")
    ] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    request_key: Annotated[
        str | None, typer.Option("--request-key", metavar="KEY", help="Retried with the same KEY, adds it once.")
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a milestone; prints its id (an integer, never reused).

    \b
    Example:
      pohang add-milestone 바이오 '그린바이오 벤처캠퍼스 준공' --due 2025-12 \\
        --status in_progress
    """
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note
    )
    written = writing.add_milestone(
        open_existing_database(db, output), sector, fields, as_of_date(as_of), request_key=request_key
    )
    milestone = written.record
    output.line(str(milestone.id))
    if written.repeated:
        output.note(
            _("request {key} already added milestone {id}: {title}; nothing was added").format(
                key=request_key, id=milestone.id, title=milestone.title
            )
        )
        return
    output.note(
        _("added milestone {id}: {title} ({stored})").format(
            id=milestone.id, title=milestone.title, stored=echo.describe(milestone, None, output.lang)
        )
    )


@app.command("update-milestone")
@handle_errors
def update_milestone(
    milestone_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="Milestone id.", autocompletion=complete_milestone, min=1, max=LARGEST_NUMBER
        ),
    ],
    status_: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="New status: done, in_progress, ... or 완료, 추진 중, ...",
            autocompletion=complete_milestone_status,
        ),
    ] = None,
    date_: HappenedOption = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="New due date (the original one is kept).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="New Korean title.")] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", help="New English title.")] = None,
    source: SourceOption = None,
    note: NoteOption = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Change a milestone's status, dates, titles, source or note; prints its id.

    \b
    Example:
      pohang update-milestone 12 --status done --date 2025-12-18 \\
        --source https://example.org/news
    """
    from pohang_cli.render import echo
    from pohang_cli.service import writing

    output = make_output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note
    )
    written = writing.update_milestone(
        open_existing_database(db, output), milestone_id, fields, as_of_date(as_of), force=force
    )
    milestone = written.record
    output.line(str(milestone.id))
    note_written(
        output,
        _("updated milestone {id} ({title}): {stored}").format(
            id=milestone.id,
            title=milestone.title,
            stored=echo.changed_text(written.before, milestone, None, output.lang),
        ),
        written.accepted,
    )
