"""import and export: whole databases or one kind of record, as json, jsonl, csv, tsv or an xlsx workbook."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pohang_cli.cli.common import (
    app,
    as_of_date,
    handle_errors,
    make_output,
    note_accepted,
    note_caveats,
    open_database,
    open_existing_database,
    read_dataset,
)
from pohang_cli.cli.completion import complete_record_kind
from pohang_cli.cli.options import AsOfOption, DbOption, ForceOption, QuietOption
from pohang_cli.errors import InputError
from pohang_cli.i18n import N_, _

KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="sectors, indicators, targets, observations or milestones.",
        show_default=False,
        autocompletion=complete_record_kind,
    ),
]


def _read_input(file: str) -> tuple[bytes, str]:
    """The bytes of FILE, or of stdin for `-`, and the name messages use for it."""
    if file == "-":
        if sys.stdin.isatty():
            raise InputError(_("nothing to read: pipe a file into `pohang import -`, or give the file's path"))
        return sys.stdin.buffer.read(), "stdin"
    try:
        return Path(file).read_bytes(), file
    except FileNotFoundError:
        raise InputError(_("no file '{file}'").format(file=file)) from None
    except OSError as error:
        raise InputError(_("cannot read '{file}': {strerror}").format(file=file, strerror=error.strerror)) from None


def _import_summary(result: Any, encoding: str | None) -> list[str]:
    total = result.total()
    # A csv names the encoding it was read in: `imported a.csv (CP949/EUC-KR): ...`.
    name = f"{result.name} ({encoding})" if encoding else result.name
    kinds = [(kind, counts) for kind, counts in result.counts.items() if counts.total]
    counts = {"name": name, "added": total.added, "updated": total.updated, "unchanged": total.unchanged}
    if result.dry_run:
        head = _(
            "dry run of {name}: would add {added}, update {updated}; {unchanged} unchanged; nothing was written"
        ).format(**counts)
    else:
        head = _("imported {name}: {added} added, {updated} updated, {unchanged} unchanged").format(**counts)
    if len(kinds) == 1:
        return [f"{head} ({kinds[0][0].value})"]
    each = _("  {kind}: {added} added, {updated} updated, {unchanged} unchanged")
    return [
        head,
        *(each.format(kind=kind.value, added=c.added, updated=c.updated, unchanged=c.unchanged) for kind, c in kinds),
    ]


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _say_back(output: Any, result: Any) -> None:
    """The records an import stored, as a write says them: the first few at a terminal, and every update."""
    from pohang_cli.render import echo

    first = list(result.first) if _stderr_is_terminal() else []
    shown = {(type(w.record), w.record.id) for w in first}
    for written in [*first, *(w for w in result.updated if (type(w.record), w.record.id) not in shown)]:
        output.note("  " + echo.stored_line(written, output.lang))
    hidden = result.total().updated - len(result.updated)
    if hidden > 0:
        output.note(_("  ... and {count} more updated").format(count=hidden))


@app.command("import")
@handle_errors
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="A json, jsonl, csv, tsv or xlsx file; - reads stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json, jsonl, csv, tsv or xlsx. Default: from the file's extension; for stdin, from its start.",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    ignore_extra: Annotated[
        bool,
        typer.Option(
            "--ignore-extra", help=N_("csv, tsv, xlsx: leave out columns that are no field, instead of refusing.")
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every record and report the counts; write nothing.")
    ] = False,
    with_log: Annotated[
        bool,
        typer.Option(
            "--with-log",
            help=N_("Restore a whole database with its history (from `export --with-log`) into a new one."),
        ),
    ] = False,
    force: ForceOption = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add or update records from a json, jsonl, csv, tsv or xlsx file, matched by id: all of them, or none.

    Every record is checked first, against the database and the rest of the file; one bad record exits 2
    naming its line (in a workbook: sheet, row and column), field and reason, and nothing is written.
    The database file is written once. Counts of added, updated and unchanged records go to stderr;
    nothing goes to stdout. Without --kind, each record's kind is recognised from its fields (a csv of
    actuals: indicator,date,value,source,note; Korean headings such as 지표,일자,값,출처,비고 too), and
    every sheet of a workbook named after a kind is read. A csv may be UTF-8 (with or without a BOM),
    UTF-16 (Excel's Unicode text) or CP949/EUC-KR (Korean Excel's CSV); the note names which it was.
    Formulas, error cells (#REF!), merged cells and password-protected workbooks are refused.

    \b
    Examples:
      pohang import actuals.csv
      pohang import 실적.xlsx --dry-run
      pohang import milestones.jsonl --dry-run
      pohang export | pohang import - --db copy.json
      pohang import --with-log backup.json --db postgresql://db.city.local/pohang
    """
    from pohang_cli import transfer
    from pohang_cli.render.progress_bar import progress_bar

    output = make_output("tsv", None, "auto", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    chosen = None if fmt is None else transfer.check_format(fmt)
    data, name = _read_input(file)
    if chosen is None:
        chosen = transfer.sniff_format(data) if file == "-" else transfer.format_from_name(file)
    if chosen is None:
        raise InputError(
            _("cannot tell the format of '{file}' from its name; add --format json, jsonl, csv, tsv or xlsx").format(
                file=file
            )
        )
    parsed = transfer.parse(data, name, chosen, chosen_kind, ignore_extra=ignore_extra)
    today = as_of_date(as_of)
    if with_log:
        _restore(output, db, parsed, today, chosen_kind is not None or dry_run)
        return
    database = open_existing_database(db, output)
    if not parsed.records:
        database.read()  # a missing or corrupt database is still an error (exit 4)
        output.note(_("no records in {name}; nothing to import").format(name=name))
        return
    with progress_bar(output) as progress:
        result = transfer.import_records(
            database, parsed, today=today, dry_run=dry_run, progress=progress, force=force, with_caveats=not quiet
        )
    for line in _import_summary(result, parsed.encoding):
        output.note(line)
    _say_back(output, result)
    note_accepted(output, result.accepted)
    for indicator, caveat in result.caveats:  # notes: none were looked for with -q
        note_caveats(output, indicator, (caveat,), today)


def _restore(output: Any, db: str | None, parsed: Any, today: Any, narrowed: bool) -> None:
    """`import --with-log`: a new database holding the export's records and history, as they were."""
    from pohang_cli.transfer.history import restore

    if narrowed or parsed.fmt != "json":
        raise InputError(
            _("import --with-log restores a whole database from the json of `pohang export --with-log`; leave out "
              "--kind and --dry-run")
        )  # fmt: skip
    database = open_database(db, output, create_default=False)
    restored = restore(database, parsed, today=today)
    output.note(
        _("restored {records} records and {entries} log entries into {database}").format(
            records=restored.records, entries=restored.entries, database=database.name
        )
    )
    if restored.head is not None:
        output.note(_("head of the log: {hash}").format(hash=restored.head))


BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        envvar="POHANG_CSV_BOM",
        help=N_("csv/tsv: start with a UTF-8 BOM, so Korean Excel shows Hangul ($POHANG_CSV_BOM=1)."),
    ),
]


@app.command()
@handle_errors
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json (default), jsonl, csv, tsv or xlsx; with --output, from the file's extension.",
            show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (replaced whole) instead of stdout."),
    ] = None,
    bom: BomOption = False,
    with_log: Annotated[
        bool,
        typer.Option(
            "--with-log",
            help=N_("json: the whole database with its history and hash chain, for `import --with-log`."),
        ),
    ] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the database, or one kind of record, as json, jsonl, csv, tsv or an xlsx workbook.

    Records are the stored documents sorted by id, so `pohang import` reads an export back unchanged.
    Without --kind, json is the whole database as one document: schema_version, next_milestone_id,
    sectors, indicators, targets, observations, milestones; xlsx is a workbook with a sheet per kind.
    jsonl, csv and tsv hold one kind (target revisions are a JSON array in one cell). An -o file's
    extension picks the format; one pohang cannot write is refused. A workbook never goes to a terminal.

    \b
    Examples:
      pohang export -o pohang-export.json
      pohang export -o pohang.xlsx
      pohang export --kind observations --format csv --bom > observations.csv
      pohang export --kind milestones --format jsonl \\
        | jq -c 'select(.status == "done")'
      pohang export --with-log -o backup.json
    """
    from pohang_cli import transfer
    from pohang_cli.render.files import output_format

    output = make_output("tsv", None, "never", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    checked = None if fmt is None else transfer.check_format(fmt)
    destination = None if output_file is None else str(output_file)
    chosen = output_format(destination, checked, transfer.WRITABLE, "json")
    if chosen == "xlsx" and output_file is None and output.out.isatty():
        raise InputError(_("a workbook is never written to a terminal: give -o FILE.xlsx, or redirect stdout"))
    if with_log:
        if chosen != "json" or chosen_kind is not None:
            raise InputError(_("export --with-log writes the whole database as json; leave out --kind and --format"))
        from pohang_cli.transfer.history import export_with_log

        payload, count, _entries = export_with_log(open_database(db, output))
    else:
        payload, count = transfer.export_bytes(read_dataset(db, output), chosen, chosen_kind, bom=bom)
    if count == 0:
        output.note(
            _("no {kind} to export").format(kind=chosen_kind.value) if chosen_kind else _("no records to export")
        )
    if output_file is None:
        output.write_bytes(payload)
        return
    from pohang_cli.storage import atomic_write_bytes

    try:
        atomic_write_bytes(output_file, payload)
    except OSError as error:
        raise InputError(
            _("cannot write '{output_file}': {strerror}").format(output_file=output_file, strerror=error.strerror)
        ) from None
    output.note(_("exported {count} record(s) to {output_file}").format(count=count, output_file=output_file))


@app.command()
@handle_errors
def template(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="[observations|milestones]", help=N_("What the workbook collects. Default: observations.")
        ),
    ] = "observations",
    output_file: Annotated[
        str,
        typer.Option("--output", "-o", metavar="FILE.xlsx", help=N_("The workbook to write (replaced whole).")),
    ] = "",
    db: DbOption = None,
    as_of: AsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write an entry workbook a department fills in and `pohang import` reads back.

    The entry sheet's indicator (or sector) column is a drop-down of the ids in the database; a reference
    sheet lists every indicator with its Korean and English names, unit, basis, latest actual and current
    target (or the sectors and milestone statuses); an instructions sheet, in Korean and English, gives the
    value and date forms accepted. Filled in, it imports as it is.

    \b
    Examples:
      pohang template -o 실적입력.xlsx
      pohang template milestones -o milestones.xlsx
      pohang import 실적입력.xlsx --dry-run
    """
    from pohang_cli import transfer
    from pohang_cli.render.files import output_format, write_document
    from pohang_cli.render.workbooks import TEMPLATE_KINDS, template_workbook

    output = make_output("tsv", None, "never", None, quiet)
    chosen = transfer.parse_kind(kind)
    if chosen not in TEMPLATE_KINDS:
        raise InputError(_("there is no template for {kind}; use observations or milestones").format(kind=chosen.value))
    if not output_file:
        raise InputError(_("name the workbook to write: pohang template -o FILE.xlsx"))
    output_format(output_file, None, {".xlsx": "xlsx"}, "xlsx")
    workbook = template_workbook(read_dataset(db, output), chosen, as_of_date(as_of))
    written = write_document(workbook, output_file, output.out)
    if written is not None:
        output.line(str(written))
        output.note(
            _("wrote the {kind} template to {file}; fill in the '{kind}' sheet and import it").format(
                kind=chosen.value, file=written
            )
        )
