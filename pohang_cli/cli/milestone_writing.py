"""The writing commands of milestones, and `init`: each prints the new or changed record's id alone on stdout.

Registered after writing.py's, so `pohang --help` lists them where they always stood.
"""

from typing import Annotated, Any

import typer

from pohang_cli.cli.common import (
    app,
    as_of_date,
    handle_errors,
    make_output,
    note_written,
    open_existing_database,
    parse_date_option,
    parse_milestone_status,
)
from pohang_cli.cli.completion import complete_milestone, complete_milestone_status
from pohang_cli.cli.options import (
    AsOfOption,
    DbOption,
    ForceOption,
    HappenedOption,
    NoteEnOption,
    NoteOption,
    QuietOption,
    SectorArgument,
    SourceOption,
)
from pohang_cli.i18n import _
from pohang_cli.limits import LARGEST_NUMBER


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
    note_en: str | None = None,
) -> Any:
    from pohang_cli.service import milestone_writing

    return milestone_writing.MilestoneFields(
        title=title,
        title_en=title_en,
        status=None if status_ is None else parse_milestone_status(status_),
        date=parse_date_option(date_, as_of, "--date"),
        due=parse_date_option(due, as_of, "--due"),
        source=source,
        note=note,
        note_en=note_en,
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
    note_en: NoteEnOption = None,
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
    from pohang_cli.service import milestone_writing

    output = make_output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note,
        note_en=note_en,
    )  # fmt: skip
    written = milestone_writing.add_milestone(
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
    note_en: NoteEnOption = None,
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
    from pohang_cli.service import milestone_writing

    output = make_output("tsv", None, "never", None, quiet)
    fields = _milestone_fields(
        as_of, title=title, title_en=title_en, status_=status_, date_=date_, due=due, source=source, note=note,
        note_en=note_en,
    )  # fmt: skip
    written = milestone_writing.update_milestone(
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
