"""The audit log, undo and the doctor."""

import re
import sys
from typing import Annotated, Any

import typer

from pohang_cli.cli.asking import ask
from pohang_cli.cli.common import app, as_of_date, handle_errors, make_output, open_database, open_existing_database
from pohang_cli.cli.options import (
    AsOfOption,
    ColorOption,
    DbOption,
    FieldsOption,
    FormatOption,
    LangOption,
    QuietOption,
    YesOption,
)
from pohang_cli.errors import InputError
from pohang_cli.i18n import _, ngettext
from pohang_cli.limits import LARGEST_NUMBER

_HASH = re.compile(r"[0-9a-fA-F]{64}")


@app.command("log")
@handle_errors
def log_(
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, metavar="N", help="Show the newest N changes (0: all).", show_default=True
        ),
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

    Every write is logged in DB.log beside the database; `pohang undo` reverts the newest change.
    Tables show times in Korea Standard Time (KST); tsv, csv, json and jsonl keep UTC.

    \b
    Examples:
      pohang log --limit 5
      pohang log --records --format json \\
        | jq '.[] | select(.kind == "milestones")'
    """
    from pohang_cli import audit
    from pohang_cli.render import safety

    output = make_output(fmt, lang, color, fields, quiet)
    database = open_database(db, output)
    view = audit.read_log(database, limit or None)
    if not view.complete:
        output.note(
            _(
                "the audit log {log_name} lacks older entries (deleted, or not copied with the database); "
                "the history shown stops there"
            ).format(log_name=database.log_name)
        )
    elif not view.entries:
        output.note(_("no changes recorded yet"))
    head = view.entries[0].hash if view.entries and view.entries[0].hash else None
    if view.entries and head is None:
        from pohang_cli.storage import head_hash

        head = head_hash(database)  # a log older than the chain: its head's hash is derived
    # People read times on Seoul's clock; machine formats keep the stored UTC.
    seoul = output.is_table
    if records:
        nested = output.fmt in ("json", "jsonl")
        row_fields: tuple[str, ...] = safety.LOG_RECORD_FIELDS
        listed = list(safety.log_record_rows(view.entries, nested=nested, seoul=seoul))
    else:
        row_fields = safety.LOG_FIELDS
        listed = list(safety.log_rows(view.entries, seoul=seoul))
    shown = tuple(field for field in row_fields if field != "hash")

    def table() -> Any:
        from pohang_cli.render.tables import generic_table

        return generic_table(listed, shown, safety.column_headers(), output.console().width)

    output.emit(lambda: listed, row_fields, table)
    if head is not None and output.is_table:  # machine formats carry it as the `hash` of each row
        output.note(
            _("head of the log: {hash} (`pohang doctor --head HASH` checks later that the log still holds it)").format(
                hash=head
            )
        )


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command()
@handle_errors
def undo(
    seq: Annotated[
        int | None,
        typer.Argument(
            metavar="[SEQ]",
            help="The change to revert (its # in `pohang log`). Default: the newest.",
            min=1,
            max=LARGEST_NUMBER,
        ),
    ] = None,
    yes: YesOption = False,
    any_: Annotated[bool, typer.Option("--any", help="Also someone else's change (the newest of anyone's).")] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Revert your newest change still in effect; prints the ids of the records it changed back.

    Each undo is a logged change: `pohang undo` again steps further back, and `pohang undo SEQ`
    with the undo's own number re-applies what it undid.

    Yours: on a database several people share, a change someone else made is undone only with `--any`
    (the newest change of anyone's, or SEQ), and the question names whose it is.

    \b
    Examples:
      pohang undo
      pohang undo --yes
      pohang undo 42 --yes
      pohang undo --any
    """
    from pohang_cli import audit

    output = make_output("tsv", None, "never", None, quiet)
    database = open_existing_database(db, output)
    database.check_may_write()  # a reader is refused before being shown what would be undone
    # Whose changes may be undone: on a database several people share, yours unless --any.
    user = None if any_ else _current_user(database)
    entry = audit.pending(database, seq, user=user)
    from pohang_cli.render.safety import seoul_time

    shown = seoul_time(entry.time) or _("time unknown")
    heading = _("newest change #{seq} ({time}): {summary}") if seq is None else _("change #{seq} ({time}): {summary}")
    output.note(heading.format(seq=entry.seq, time=shown, summary=entry.summary))
    who = "@".join(part for part in (entry.user, entry.host) if part)
    if who:
        output.note(_("  by: {who}: {command}").format(who=who, command=entry.command))
    else:
        output.note(_("  by: {command}").format(command=entry.command))
    # The change that made the database (`init`): the first of its log, and everything the database holds now.
    # Undoing it empties the database. (A first change to a database made before it kept a log is not one.)
    creating = entry.parent is None and entry.undoes is None and entry.records == _record_count(database)
    if creating:
        output.err.write(
            _(
                "warning: change #{seq} created this database; undoing it removes all {records} records it added "
                "and leaves the database empty"
            ).format(seq=entry.seq, records=entry.records)
            + "\n"
        )
    if not yes:
        if not _stdin_is_terminal():
            raise InputError(_("undo asks for confirmation: run it in a terminal, or add --yes"))
        if creating:
            question = _("Empty the database by undoing change #{seq}?").format(seq=entry.seq)
        elif any_ and entry.user is not None and entry.user != _current_user(database):
            question = _("Undo change #{seq}, made by {other}, not by you?").format(seq=entry.seq, other=entry.user)
        else:
            question = _("Undo change #{seq}?").format(seq=entry.seq)
        if not ask(question):
            output.note(_("nothing was undone"))
            return
    from pohang_cli.service.transaction import retried

    undone = retried(audit.undo)(database, seq, expected=entry, user=user)
    for change in undone.entry.changes:
        output.line(str(change.id))
    output.note(
        _("undid #{seq}; logged as #{undo} (`pohang undo {undo}` re-applies it)").format(
            seq=undone.reverted.seq, undo=undone.entry.seq
        )
    )
    if creating:  # said even with -q: an emptied database must say how to get its records back
        output.err.write(
            _("the database is now empty; `pohang undo {undo}` brings back everything it held").format(
                undo=undone.entry.seq
            )
            + "\n"
        )


def _record_count(database: Any) -> int:
    from pohang_cli.models import Kind

    data = database.read()
    return sum(len(getattr(data, kind.value)) for kind in Kind)


def _current_user(database: Any) -> str | None:
    """Who runs this command, as the log names them: the database user on PostgreSQL, else the OS user."""
    who = getattr(database, "user", None)  # PostgreSQL's session_user
    return str(who()) if callable(who) else database.author()[0]  # as the file's log records it


@app.command()
@handle_errors
def doctor(
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            metavar="HASH",
            help="Also check that the log still holds the entry of this hash (a head `pohang log` printed earlier).",
        ),
    ] = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check the database: references, duplicate ids, dates and values, bases, sources, the audit log.

    The log's hash chain is checked link by link (an entry changed, the first broken link), and every record
    against the log (a record changed with no entry). With --head HASH, a rewritten history is found too.

    Also lists notes (severity `note`): targets that cannot be judged for want of a baseline, and
    observations that count differently from what their writer may think (at or before the baseline,
    a period not ended at the as-of date, a falling running total, overlapping periods, no source, a
    note saying 잠정 on a figure not flagged provisional). Exit 0 when nothing is wrong (notes alone
    are not errors), 1 with every problem listed by record id; exit 4 when the file cannot be read at
    all. Run it on a backup before restoring it.

    \b
    Examples:
      pohang doctor
      pohang doctor --db ~/.local/share/pohang/pohang.json.bak --format tsv
      pohang doctor --head 3f0c…  # the head `pohang log` printed
    """
    from pohang_cli import doctor as doctor_module
    from pohang_cli.render import safety

    output = make_output(fmt, lang, color, fields, quiet)
    if head is not None and not _HASH.fullmatch(head):
        raise InputError(
            _("--head takes the 64 hexadecimal digits `pohang log` prints as the head of the log, not '{head}'").format(
                head=head
            )
        )
    diagnosis = doctor_module.diagnose(
        open_database(db, output), as_of_date(as_of), None if head is None else head.lower()
    )
    listed = list(safety.doctor_rows(diagnosis.problems + diagnosis.notes))
    count = len(diagnosis.notes)
    noted = "; " + ngettext("{count} note", "{count} notes", count).format(count=count) if count else ""
    if not listed:
        output.note(_("ok: {records} records checked, no problems").format(records=diagnosis.records))
        if not output.is_table:
            output.emit(lambda: (), safety.DOCTOR_FIELDS, lambda: "")
        return

    def table() -> Any:
        from pohang_cli.render.tables import generic_table

        return generic_table(listed, safety.DOCTOR_FIELDS, safety.column_headers(), output.console().width)

    output.emit(lambda: listed, safety.DOCTOR_FIELDS, table)
    if not diagnosis.problems:
        output.note(_("ok: {records} records checked, no problems").format(records=diagnosis.records) + noted)
        return
    output.note(
        _("{count} problem(s) found in {records} records").format(
            count=len(diagnosis.problems), records=diagnosis.records
        )
        + noted
    )
    raise typer.Exit(1)  # problems found; an unreadable file exits 4 from the read
