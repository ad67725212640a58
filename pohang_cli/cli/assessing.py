"""`pohang assess`: a person's assessment of a target, beside the computed status (methodology §8.3)."""

from typing import Annotated

import typer

from pohang_cli.cli.common import (
    app,
    as_of_date,
    handle_errors,
    make_output,
    open_existing_database,
    parse_date_option,
)
from pohang_cli.cli.options import AsOfOption, BasisEnOption, DbOption, QuietOption, TargetArgument
from pohang_cli.i18n import N_, _


@app.command("assess")
@handle_errors
def assess(
    target: TargetArgument,
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help=N_("achieved/달성, on_track/순항, behind/지연, off_track/부진 or regressing/후퇴."),
        ),
    ],
    basis: Annotated[
        str, typer.Option("--basis", metavar="TEXT", help=N_("Why, in Korean (판단근거): what the evidence says."))
    ],
    sources: Annotated[
        list[str],
        typer.Option("--source", metavar="URL", help=N_("A document the assessment rests on; repeat for each.")),
    ],
    date_: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help=N_("When the assessment was made. Default: today.")),
    ] = None,
    basis_en: BasisEnOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Record a person's assessment of a target beside the computed status; prints the target's id.

    It never replaces the status the figures give: both are shown everywhere, and where they differ the
    target is flagged `disputed` and `check` reports it. Assessing a target again replaces its assessment;
    `pohang remove assessment TARGET` removes it, `pohang undo` brings the earlier one back.

    \b
    Example:
      pohang assess battery.investment@2027 부진 --date 2024-12-16 \\
        --basis '2024년 투자 유치 부진(5년 중 최저), 1.2조 공장 투자 철회' \\
        --source https://example.org/2024-12-16 \\
        --source https://example.org/2024-09-04
    """
    from pohang_cli.render import echo
    from pohang_cli.service import assessing
    from pohang_cli.statuses import parse_assessed_status

    output = make_output("tsv", None, "never", None, quiet)
    request = assessing.AssessmentRequest(
        target=target,
        status=parse_assessed_status(status),
        basis=basis,
        sources=sources,
        date=parse_date_option(date_, as_of, "--date"),
        basis_en=basis_en,
    )
    written = assessing.assess(open_existing_database(db, output), request, as_of_date(as_of))
    assessment = written.record
    output.line(assessment.target)
    if written.before is None:
        message = _("assessed {id}: {stored}").format(
            id=assessment.target, stored=echo.describe(assessment, None, output.lang)
        )
    else:
        message = _("changed the assessment of {id}: {stored}").format(
            id=assessment.target, stored=echo.changed_text(written.before, assessment, None, output.lang)
        )
    output.note(message)
