"""The commands that fix and remove what was typed: sectors, indicator and target fields, `remove`.

Each prints the changed record's id (or the removed ids) alone on stdout and a sentence on stderr; each
is one logged change that `pohang undo` reverts.
"""

import sys
from typing import Annotated, Any

import typer

from pohang_cli.cli.asking import ask
from pohang_cli.cli.common import (
    app,
    as_of_date,
    handle_errors,
    make_output,
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
    complete_removal,
    complete_sector,
)
from pohang_cli.cli.options import (
    AsOfOption,
    BasisEnOption,
    BasisOption,
    DbOption,
    ForceOption,
    FrequencyOption,
    LagMonthsOption,
    NameEnOption,
    NameKoOption,
    NoteEnOption,
    NoteOption,
    OrderOption,
    OwnerOption,
    QuietOption,
    SourceOption,
    TargetArgument,
    YesOption,
)
from pohang_cli.errors import InputError
from pohang_cli.i18n import N_, _


@app.command("add-sector")
@handle_errors
def add_sector(
    sector_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("Short id, lower-case with hyphens (space-industry)."))
    ],
    name_ko: NameKoOption = None,
    name_en: NameEnOption = None,
    order: OrderOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    note_en: NoteEnOption = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a sector (a sixth industry); prints its id. Default place: after the others.

    \b
    Example:
      pohang add-sector space --name-ko 우주항공 --name-en 'Space and aviation' \\
        --source https://example.org/plan
    """
    from pohang_cli.service import editing

    output = make_output("tsv", None, "never", None, quiet)
    given = editing.SectorFields(
        name_ko=name_ko, name_en=name_en, order=order, source=source, note=note, note_en=note_en
    )
    sector = editing.add_sector(open_existing_database(db, output), sector_id, given).record
    output.line(sector.id)
    output.note(_("added sector {id} ({name})").format(id=sector.id, name=sector.name_ko))


@app.command("update-sector")
@handle_errors
def update_sector(
    sector: Annotated[
        str,
        typer.Argument(
            metavar="SECTOR", help=N_("Sector id or Korean or English name."), autocompletion=complete_sector
        ),
    ],
    name_ko: NameKoOption = None,
    name_en: NameEnOption = None,
    order: OrderOption = None,
    source: SourceOption = None,
    note: NoteOption = None,
    note_en: NoteEnOption = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Rename a sector or change its order, source or note; prints its id (which stays).

    \b
    Example:
      pohang update-sector future-tech --name-ko 미래신산업 \\
        --name-en 'Future new industries'
    """
    from pohang_cli.render import echo
    from pohang_cli.service import editing

    output = make_output("tsv", None, "never", None, quiet)
    given = editing.SectorFields(
        name_ko=name_ko, name_en=name_en, order=order, source=source, note=note, note_en=note_en
    )
    written = editing.update_sector(open_existing_database(db, output), sector, given)
    updated = written.record
    output.line(updated.id)
    output.note(
        _("updated sector {id}: {stored}").format(
            id=updated.id, stored=echo.changed_text(written.before, updated, None, output.lang)
        )
    )


@app.command("update-indicator")
@handle_errors
def update_indicator(
    indicator: Annotated[
        list[str],
        typer.Argument(
            metavar="INDICATOR", help=N_("Indicator id or name (quotes optional)."), autocompletion=complete_indicator
        ),
    ],
    name_ko: NameKoOption = None,
    name_en: NameEnOption = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help=N_("New unit (KRW/원, t/톤, jobs/명, ...); stored values stay as they are.")),
    ] = None,
    basis: BasisOption = None,
    direction: Annotated[
        str | None,
        typer.Option(
            "--direction",
            metavar="increase|decrease",
            help=N_("Whether more is better."),
            autocompletion=complete_direction,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="level|cumulative",
            help=N_("A value at a date or a running total."),
            autocompletion=complete_indicator_kind,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", metavar="linear|compound", help=N_("How pace is measured."), autocompletion=complete_model
        ),
    ] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", metavar="VALUE", help=N_("New baseline value."))] = None,
    baseline_date: Annotated[
        str | None, typer.Option("--baseline-date", metavar="DATE", help=N_("New baseline date."))
    ] = None,
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
    """Change an indicator's names, unit, basis, direction, kind, model, baseline, source, note, publication
    frequency and lag, or owner; prints its id.

    A change to the unit, direction, kind, model, baseline, frequency or lag re-judges its targets: stderr says
    which targets' status it moves.

    \b
    Examples:
      pohang update-indicator battery.jobs --name-ko '이차전지 신규 일자리'
      pohang update-indicator 양극재 생산량 --note "도시 전체 생산량"
      pohang update-indicator battery.investment --frequency annual \\
        --lag-months 12 --owner '포항시 투자기업지원과'
      pohang update-indicator battery.investment --baseline 0 \\
        --baseline-date 2022 \\
        --source https://example.org
    """
    from pohang_cli.models import Direction, Frequency, IndicatorKind, Model
    from pohang_cli.quantities import parse_unit
    from pohang_cli.render import echo
    from pohang_cli.render.labels import TARGET_STATUS
    from pohang_cli.service import editing

    output = make_output("tsv", None, "never", None, quiet)
    today = as_of_date(as_of)
    given = editing.IndicatorFields(
        name_ko=name_ko,
        name_en=name_en,
        unit=unit,
        basis=basis,
        direction=None if direction is None else parse_choice(direction, Direction, "--direction"),
        kind=None if kind is None else parse_choice(kind, IndicatorKind, "--kind"),
        model=None if model is None else parse_choice(model, Model, "--model"),
        baseline=None
        if baseline is None
        else parse_value_option(baseline, "--baseline", None if unit is None else parse_unit(unit)),
        baseline_date=parse_date_option(baseline_date, as_of, "--baseline-date"),
        source=source,
        note=note,
        frequency=None if frequency is None else parse_choice(frequency, Frequency, "--frequency"),
        lag_months=lag_months,
        owner=owner,
        basis_en=basis_en,
        note_en=note_en,
    )
    result = editing.update_indicator(
        open_existing_database(db, output), " ".join(indicator), given, today, force=force
    )
    output.line(result.indicator.id)
    stored = echo.changed_text(result.before, result.indicator, result.indicator.unit, output.lang)
    note_written(
        output, _("updated indicator {id}: {stored}").format(id=result.indicator.id, stored=stored), result.accepted
    )
    labels = TARGET_STATUS[output.lang]
    for target_id, before, after in result.judgements:
        # A change of judgement is not chatter: it is said even under -q, like an error would be.
        output.err.write(
            _("the judgement of {target} changes: {before} → {after}").format(
                target=target_id, before=labels[before], after=labels[after]
            )
            + "\n"
        )
    if result.alters_judgement and not result.judgements:
        output.err.write(
            _("this change alters how {id}'s targets are judged (their figures; no status moved)").format(
                id=result.indicator.id
            )
            + "\n"
        )


@app.command("update-target")
@handle_errors
def update_target(
    target: TargetArgument,
    source: SourceOption = None,
    note: NoteOption = None,
    note_en: NoteEnOption = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Change a target's source or note; prints its id. A new value or deadline is `revise-target`.

    \b
    Example:
      pohang update-target battery.investment@2027 \\
        --source https://example.org/plan-2024
    """
    from pohang_cli.render import echo
    from pohang_cli.service import editing

    output = make_output("tsv", None, "never", None, quiet)
    written = editing.update_target(
        open_existing_database(db, output), target, editing.TargetFields(source=source, note=note, note_en=note_en)
    )
    updated = written.record
    output.line(updated.id)
    output.note(
        _("updated target {id}: {stored}").format(
            id=updated.id, stored=echo.changed_text(written.before, updated, written.unit, output.lang)
        )
    )


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command("remove")
@handle_errors
def remove(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[KIND] ID",
            help=N_(
                "observation, milestone, target, indicator or assessment, then the id (an assessment's is its "
                "target's); the kind may be left out where the "
                "id shows it (12, X@2030, X:2024, sector.slug)."
            ),
            autocompletion=complete_removal,
        ),
    ],
    cascade: Annotated[
        bool, typer.Option("--cascade", help=N_("Also remove what depends on it (an indicator's targets and actuals)."))
    ] = False,
    yes: YesOption = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Remove an observation, a milestone, a target, an indicator or a person's assessment; prints the removed ids.

    Refused while other records depend on it; --cascade removes them too and says which. It asks first
    at a terminal; scripts add --yes. `pohang undo` brings everything back.

    \b
    Examples:
      pohang remove observation battery.investment:2024
      pohang remove 29
      pohang remove indicator hydrogen.stations --cascade --yes
      pohang remove assessment battery.investment@2027 --yes
    """
    from pohang_cli.service import removing

    output = make_output("tsv", None, "never", None, quiet)
    request = _removal_request(words, cascade)
    database = open_existing_database(db, output)
    expected = None
    if not yes:
        if not _stdin_is_terminal():
            raise InputError(_("remove asks for confirmation: run it in a terminal, or add --yes"))
        expected = removing.plan_removal(database, request)
        question = _("Remove {what}?").format(what=removing.describe(expected.removed))
        if not ask(question):
            output.note(_("nothing was removed"))
            return
    removal = removing.remove(database, request, expected)
    for _kind, key in removal.removed:
        output.line(str(key))
    output.note(_("removed {what}").format(what=removing.describe(removal.removed)))
    for target_id in removal.restored:
        output.note(_("{target} is current again").format(target=target_id))
    output.note(_("`pohang undo` brings it back"))


def _removal_request(words: list[str], cascade: bool) -> Any:
    from pohang_cli.service import removing

    if len(words) == 1:
        return removing.RemovalRequest(words[0], None, cascade)
    if len(words) == 2:
        kind = removing.parse_removable_kind(words[0])
        if kind is None:
            raise InputError(
                _("unknown kind '{kind}'; use observation, milestone, target, indicator or assessment").format(
                    kind=words[0]
                )
            )
        return removing.RemovalRequest(words[1], kind, cascade)
    raise InputError(_("remove takes a kind and one id, e.g. `pohang remove target battery.investment@2030`"))
