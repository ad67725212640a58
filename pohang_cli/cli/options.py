"""The options and arguments many commands take, declared once as annotated types and reused by each command.

A command names its parameter with one of these (`db: DbOption = None`), so `--source` reads, helps and
completes alike in every writer. An option one command alone takes stays with its command.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pohang_cli.cli.completion import (
    complete_color,
    complete_format,
    complete_lang,
    complete_sector,
    complete_target,
)
from pohang_cli.i18n import N_
from pohang_cli.limits import LARGEST_NUMBER, SMALLEST_NUMBER

# The six options every command may also take before the command (`pohang --lang ko status`), as git does.
# After the command they win over the same option before it; the environment comes last.
DB_HELP = N_(
    "Database file. Default: $POHANG_DB, else $XDG_DATA_HOME/pohang/pohang.json (created from the sample on first use)."
)
AS_OF_HELP = N_("Judge as of this date (also what 'today' means). Default: $POHANG_AS_OF, else today in Asia/Seoul.")
FORMAT_HELP = N_("Output format. Default: $POHANG_FORMAT, else table on a terminal and tsv when piped.")
LANG_HELP = N_("Language of tables and messages. Default: $POHANG_LANG, else from the locale (LC_ALL, LANG).")
COLOR_HELP = N_("Colour in tables (NO_COLOR and FORCE_COLOR are honoured). Default: auto.")
QUIET_HELP = N_("No notes on stderr.")
FORMAT_METAVAR = "table|tsv|csv|json|jsonl|md"

# Text, not a Path: a Path would fold the `//` of a `postgresql://` URI.
DbOption = Annotated[str | None, typer.Option("--db", metavar="PATH|URI", help=DB_HELP, show_default=False)]
AsOfOption = Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP, show_default=False)]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", metavar=FORMAT_METAVAR, help=FORMAT_HELP, show_default=False, autocompletion=complete_format
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help=N_("Comma-separated columns to show, e.g. --fields indicator,status."),
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", metavar="ko|en", help=LANG_HELP, show_default=False, autocompletion=complete_lang),
]
ColorOption = Annotated[
    str | None,
    typer.Option(
        "--color", metavar="auto|always|never", help=COLOR_HELP, show_default=False, autocompletion=complete_color
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]
KnownAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--known-as-of",
        metavar="DATE",
        help=N_(
            "Use only what had been reported by this date (revised figures as they stood then); also the as-of "
            "date unless --as-of is given."
        ),
        show_default=False,
    ),
]
SectorsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[SECTOR]...",
        help=N_("Sectors by id or Korean name (battery, 수소, ...). Default: all."),
        show_default=False,
        autocompletion=complete_sector,
    ),
]
SourceOption = Annotated[
    str | None, typer.Option("--source", metavar="URL", help=N_("URL of the document that says so."))
]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help=N_("Free text."))]
NoteEnOption = Annotated[str | None, typer.Option("--note-en", metavar="TEXT", help=N_("The note in English."))]
# Indicator metadata (methodology §8.2): when a figure is due, and who owes it.
FrequencyOption = Annotated[
    str | None,
    typer.Option(
        "--frequency",
        metavar="monthly|quarterly|half-yearly|annual|irregular",
        help=N_("How often the figure is published; sets when it is stale. Default: annual."),
    ),
]
LagMonthsOption = Annotated[
    int | None,
    typer.Option("--lag-months", metavar="N", help=N_("Months after its period a figure is published. Default: 3.")),
]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", metavar="TEXT", help=N_("Who supplies the figure, e.g. 포항시 투자기업지원과."))
]
BasisEnOption = Annotated[str | None, typer.Option("--basis-en", metavar="TEXT", help=N_("The basis in English."))]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help=N_(
            "Accept every questioned input, naming each on stderr: a value 1,000 times from the latest actual or "
            "the baseline, a count that is negative or not whole, a date ten years before the baseline, a "
            "deadline or due date in the past. Korean shorthand read two ways is never accepted: write it out."
        ),
    ),
]
NameKoOption = Annotated[str | None, typer.Option("--name-ko", metavar="TEXT", help=N_("Korean name."))]
NameEnOption = Annotated[str | None, typer.Option("--name-en", metavar="TEXT", help=N_("English name."))]
OrderOption = Annotated[
    int | None,
    typer.Option(
        "--order",
        metavar="N",
        help=N_("Place in the shared sector order of every view."),
        min=SMALLEST_NUMBER,
        max=LARGEST_NUMBER,
    ),
]
BasisOption = Annotated[str | None, typer.Option("--basis", help=N_("What is counted: mou, contract, executed, ..."))]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask (needed when not run in a terminal)."))]
SectorArgument = Annotated[
    str, typer.Argument(metavar="SECTOR", help=N_("Sector id or Korean name."), autocompletion=complete_sector)
]
TargetArgument = Annotated[
    str, typer.Argument(metavar="TARGET", help=N_("Target id (INDICATOR@YYYY)."), autocompletion=complete_target)
]
HappenedOption = Annotated[str | None, typer.Option("--date", metavar="DATE", help=N_("When it happened."))]
