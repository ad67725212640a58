"""import and export: whole databases or one kind of record, as json, jsonl or csv."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pohang_cli.cli.common import (
    AsOfOption,
    DbOption,
    QuietOption,
    app,
    as_of_date,
    handle_errors,
    make_output,
    note_caveats,
    open_existing_database,
    read_dataset,
)
from pohang_cli.errors import InputError
from pohang_cli.i18n import _

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
            raise InputError(_("nothing to read: pipe a file into `pohang import -`, or give the file's path"))
        return sys.stdin.buffer.read(), "stdin"
    try:
        return Path(file).read_bytes(), file
    except FileNotFoundError:
        raise InputError(_("no file '{file}'").format(file=file)) from None
    except OSError as error:
        raise InputError(_("cannot read '{file}': {strerror}").format(file=file, strerror=error.strerror)) from None


def _import_summary(result: Any) -> list[str]:
    total = result.total()
    kinds = [(kind, counts) for kind, counts in result.counts.items() if counts.total]
    counts = {"name": result.name, "added": total.added, "updated": total.updated, "unchanged": total.unchanged}
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


@app.command("import")
@handle_errors
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

    output = make_output("tsv", None, "auto", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    chosen = None if fmt is None else transfer.check_format(fmt)
    data, name = _read_input(file)
    if chosen is None:
        chosen = transfer.sniff_format(data) if file == "-" else transfer.format_from_name(file)
    if chosen is None:
        raise InputError(
            _("cannot tell the format of '{file}' from its name; add --format json, jsonl or csv").format(file=file)
        )
    parsed = transfer.parse(data, name, chosen, chosen_kind)
    today = as_of_date(as_of)
    database = open_existing_database(db, output)
    if not parsed.records:
        database.read()  # a missing or corrupt database is still an error (exit 4)
        output.note(_("no records in {name}; nothing to import").format(name=name))
        return
    with progress_bar(output) as progress:
        result = transfer.import_records(database, parsed, today=today, dry_run=dry_run, progress=progress)
    for line in _import_summary(result):
        output.note(line)
    for indicator, caveat in result.caveats:
        note_caveats(output, indicator, (caveat,), today)


@app.command()
@handle_errors
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

    output = make_output("tsv", None, "never", None, quiet)
    chosen_kind = None if kind is None else transfer.parse_kind(kind)
    chosen = None if fmt is None else transfer.check_format(fmt)
    if chosen is None and output_file is not None:
        chosen = transfer.format_from_name(output_file.name)
    payload, count = transfer.export_bytes(read_dataset(db, output), chosen or "json", chosen_kind)
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
