"""`pohang explain TARGET`: how one target's status comes from its data (methodology §3, §8)."""

import os
from typing import Annotated

import typer

from pohang_cli.cli.common import app, given_before, handle_errors, known_as_of_dates, make_output, read_dataset
from pohang_cli.cli.completion import complete_target
from pohang_cli.cli.options import (
    AsOfOption,
    ColorOption,
    DbOption,
    FormatOption,
    KnownAsOfOption,
    LangOption,
    QuietOption,
)
from pohang_cli.errors import InputError
from pohang_cli.i18n import N_, _

# explain is no table of rows: tsv and csv have nothing to hold it. Piped without --format it prints as on a
# terminal (without colour), so `pohang explain X | less` reads as it does on screen.
EXPLAIN_FORMATS = ("table", "json", "jsonl", "md")


@app.command()
@handle_errors
def explain(
    target: Annotated[
        list[str],
        typer.Argument(
            metavar="TARGET",
            help=N_("Target id (INDICATOR@YYYY), or an indicator with one current target: battery.investment@2027."),
            autocompletion=complete_target,
        ),
    ],
    db: DbOption = None,
    as_of: AsOfOption = None,
    known_as_of: KnownAsOfOption = None,
    fmt: FormatOption = None,
    lang: LangOption = None,
    color: ColorOption = None,
    quiet: QuietOption = False,
) -> None:
    """How a target's status comes from its data: baseline, actuals, figures, rule, flags, assessment.

    Every figure with the numbers put into its formula, the rule of the ladder that decided, what each
    flag means, a person's assessment, the target's revisions, and what the next figure would have to be
    for each status. --format json (or jsonl) gives the same as data; md as Markdown.

    \b
    Examples:
      pohang explain battery.investment@2027
      pohang explain battery.investment@2027 --known-as-of 2024-06-30
      pohang explain battery.investment@2027 --format json | jq '.[0].change'
    """
    from pohang_cli.service.explaining import explain as explain_target

    chosen = fmt or given_before().fmt or os.environ.get("POHANG_FORMAT", "").strip() or "table"
    if chosen.strip().lower() not in EXPLAIN_FORMATS:
        raise InputError(
            _("explain has no '{format}' form; use --format table, json, jsonl or md").format(format=chosen)
        )
    output = make_output(chosen, lang, color, None, quiet)
    today, known = known_as_of_dates(as_of, known_as_of)
    explanation = explain_target(read_dataset(db, output), " ".join(target), today, known)
    if output.fmt == "md":
        from pohang_cli.render.explain_view import explanation_markdown

        output.out.write(explanation_markdown(explanation, output.lang))
        output.out.flush()
        return

    if not output.is_table:
        from pohang_cli.render.explain_view import explanation_row

        row = explanation_row(explanation, output.lang)
        output.emit(lambda: [row], tuple(row), str)
        return
    from pohang_cli.render.explain_view import explanation_view

    output.console().print(explanation_view(explanation, output.lang))
