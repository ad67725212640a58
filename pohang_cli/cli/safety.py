"""The audit log, undo and the doctor."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from pohang_cli.cli.common import (
    ColorOption,
    DbOption,
    FieldsOption,
    FormatOption,
    LangOption,
    QuietOption,
    app,
    handle_errors,
    make_output,
    open_database,
    open_existing_database,
)
from pohang_cli.errors import InputError


@app.command("log")
@handle_errors
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
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """What changed, when, by whom (user and host) and by which command line, newest first.

    \b
    Every write is logged in DB.log beside the database; `pohang undo` reverts the newest change.
    Tables show times in Korea Standard Time (KST); tsv, csv, json and jsonl keep UTC.
    Examples:
      pohang log --limit 5
      pohang log --records --format json | jq '.[] | select(.kind == "milestones")'
    """
    from pohang_cli import audit
    from pohang_cli.render import safety

    output = make_output(fmt, lang, color, fields, quiet)
    database = open_database(db, output)
    view = audit.read_log(database, limit or None)
    if not view.complete:
        output.note(
            f"the audit log {database.log_name} lacks older entries (deleted, or not copied with the database); "
            "the history shown stops there"
        )
    elif not view.entries:
        output.note("no changes recorded yet")
    # People read times on Seoul's clock; machine formats keep the stored UTC.
    seoul = output.is_table
    if records:
        nested = output.fmt in ("json", "jsonl")
        row_fields: tuple[str, ...] = safety.LOG_RECORD_FIELDS
        listed = list(safety.log_record_rows(view.entries, nested=nested, seoul=seoul))
    else:
        row_fields = safety.LOG_FIELDS
        listed = list(safety.log_rows(view.entries, seoul=seoul))

    def table() -> Any:
        from pohang_cli.render.tables import generic_table

        return generic_table(listed, row_fields)

    output.emit(lambda: listed, row_fields, table)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command()
@handle_errors
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

    output = make_output("tsv", None, "never", None, quiet)
    database = open_existing_database(db, output)
    database.check_may_write()  # a reader is refused before being shown what would be undone
    entry = audit.pending(database, seq)
    from pohang_cli.render.safety import seoul_time

    which = "newest change" if seq is None else "change"
    output.note(f"{which} #{entry.seq} ({seoul_time(entry.time) or 'time unknown'}): {entry.summary}")
    who = "@".join(part for part in (entry.user, entry.host) if part)
    output.note(f"  by: {who + ': ' if who else ''}{entry.command}")
    if not yes:
        if not _stdin_is_terminal():
            raise InputError("undo asks for confirmation: run it in a terminal, or add --yes")
        if not typer.confirm(f"Undo change #{entry.seq}?", default=False, err=True):
            output.note("nothing was undone")
            return
    from pohang_cli.service.writing import retried

    undone = retried(audit.undo)(database, seq, expected=entry)
    for change in undone.entry.changes:
        output.line(str(change.id))
    output.note(
        f"undid #{undone.reverted.seq}; logged as #{undone.entry.seq} (`pohang undo {undone.entry.seq}` re-applies it)"
    )


@app.command()
@handle_errors
def doctor(
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
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

    output = make_output(fmt, lang, color, fields, quiet)
    diagnosis = doctor_module.diagnose(open_database(db, output))
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
