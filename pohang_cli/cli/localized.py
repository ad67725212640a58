"""Typer's command line in the user's language: help texts, the words of the help layout, and parser errors.

Typer vendors Click, whose help layout and parser errors are English strings in its code, not gettext
calls. So this module, the one place that knows Typer's internals:

* translates help texts (marked with `N_()` where commands and options are declared) when help is shown;
* sends the words Typer itself passes to gettext ("Options", "Commands", "default: {default}") through
  pohang's catalogue, and writes the usage line with a translated "Usage:";
* shows a usage error itself, matching Click's English messages to catalogue entries (`PARSER_MESSAGES`;
  tests/test_messages.py checks each pattern against the wording of the Typer it runs on);
* wraps help by terminal cells, so a Korean paragraph (two cells a syllable) fits the width as English does.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer
import typer.core
from typer._click import _textwrap as click_textwrap
from typer._click import exceptions as click_exceptions
from typer._click import formatting as click_formatting
from typer._click._textwrap import TextWrapper
from typer.models import Context

from pohang_cli.i18n import N_, _, requested_lang, set_language, translated

# Typer passes these to gettext's `_`, which it imported from the standard library; pointing its `_` at
# pohang's catalogue translates them. Listed here so the catalogue tools find them.
TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    # Help of the completion options Typer adds (typer/completion.py).
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
typer.core._ = translated  # type: ignore[attr-defined]

F = TypeVar("F", bound=Callable[..., Any])

HELP_OPTION_HELP = N_("Show this message and exit.")

# Click's parser errors, as its code words them, and the catalogue entry each becomes. The patterns match
# the whole message; a message none matches is shown as Click words it.
# Compiled on the first error only: every other call would pay ~1 ms for them.
PARSER_MESSAGES: tuple[tuple[str, str], ...] = (
        (r"No such option: (?P<option>.+) \(Possible options: (?P<possibilities>.+)\)",
         N_("No such option: {option} (Possible options: {possibilities})")),
        (r"No such option: (?P<option>.+)", N_("No such option: {option}")),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (r"Missing parameter (?P<name>.+)\.", N_("Missing parameter {name}.")),
        (r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)",
         N_("Got unexpected extra argument(s) ({arguments})")),
        (r"Option (?P<option>'.+') requires an argument\.", N_("Option {option} requires an argument.")),
        (r"Option (?P<option>'.+') requires (?P<count>\d+) arguments\.",
         N_("Option {option} requires {count} arguments.")),
        (r"Option (?P<option>'.+') does not take a value\.", N_("Option {option} does not take a value.")),
        (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not a valid (?:integer|int range)\.",
         N_("Invalid value for {name}: {value} is not a valid integer.")),
        (r"Invalid value for (?P<name>.+?): (?P<value>.+) is not in the range (?P<range>.+)\.",
         N_("Invalid value for {name}: {value} is not in the range {range}.")),
        (r"(?P<message>.+)\. Did you mean (?P<suggestions>.+)\?", N_("{message}. Did you mean {suggestions}?")),
)  # fmt: skip


def parser_message(english: str) -> str:
    """A parser error of Click's, in the language of this run."""
    for pattern, msgid in PARSER_MESSAGES:
        match = re.fullmatch(pattern, english)
        if match is not None:
            return translated(msgid).format(**match.groupdict())
    return english


# --------------------------------------------------------------------------------------------------
# Help laid out by terminal cells.


def cells(text: str) -> int:
    """Columns `text` takes in a terminal: two for a Hangul syllable or another wide character."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class CellTextWrapper(TextWrapper):
    """Click's wrapper measuring lines in terminal cells instead of characters."""

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        lines: list[str] = []
        chunks.reverse()
        while chunks:
            line: list[str] = []
            used = 0
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - cells(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks and used + cells(chunks[-1]) <= width:
                used += cells(chunks[-1])
                line.append(chunks.pop())
            if chunks and cells(chunks[-1]) > width:
                self._handle_long_word(chunks, line, used, width)
            if self.drop_whitespace and line and line[-1].strip() == "":
                del line[-1]
            if line:
                lines.append(indent + "".join(line))
        return lines


# Click's `wrap_text` imports its wrapper from this module each time it wraps.
click_textwrap.TextWrapper = CellTextWrapper  # type: ignore[misc]


class PohangFormatter(click_formatting.HelpFormatter):
    """Click's help layout, with "Usage:" in the language of this run."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class PohangContext(Context):
    formatter_class = PohangFormatter


# Metavars of options declared without one, by Click's type name.
METAVARS = {"text": "TEXT", "integer": "N", "integer range": "N", "int range": "N", "float": "NUMBER"}


def first_paragraph(text: str) -> str:
    """The first paragraph of a help text, joined into one line: the command's summary in the list."""
    import inspect

    paragraph = inspect.cleandoc(text).partition("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines() if line.strip() != "\b")


def _translate_texts(command: Any, ctx: Any) -> None:
    """Put the help texts of `command` and its parameters into the language of this run, once."""
    if getattr(command, "_pohang_translated", False):
        return
    command._pohang_translated = True
    if command.help:
        command.help = translated(command.help)
    if command.short_help:
        command.short_help = translated(command.short_help)
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            param.help = translated(param.help)
        if param.param_type_name == "option" and param.metavar is None and not getattr(param, "is_flag", False):
            # Typer would show `<str>`/`<int>`; pohang's metavars are words in capitals, as in the contract.
            param.metavar = METAVARS.get(param.type.name, "TEXT")


class PohangCommand(typer.core.TyperCommand):
    """A command whose help is shown in the language of this run."""

    context_class = PohangContext

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _translate_texts(self, ctx)
        super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        # Click cuts the summary at `limit` characters with "..."; the list wraps it whole instead.
        text = self.short_help or self.help
        return first_paragraph(translated(text)) if text else ""


class LegendCommand(PohangCommand):
    """A command whose help ends with the legend of every status and flag (`status --help`, methodology §8.4)."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        from pohang_cli.i18n import language
        from pohang_cli.render.legend import legend

        entries = legend(language())
        for title, listed in ((_("Statuses"), entries.statuses), (_("Flags"), entries.flags)):
            with formatter.section(title):
                # The code alone on the left: Click aligns by characters, and a Korean label is two cells each.
                formatter.write_dl([(entry.code, f"{entry.label}: {entry.meaning}") for entry in listed])
        super().format_epilog(ctx, formatter)


class PohangGroup(typer.core.TyperGroup):
    """The pohang command: resolves the language first, and reports usage errors in it."""

    context_class = PohangContext

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _translate_texts(self, ctx)
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from pohang_cli.cli.placing import place_global_options

        return super().parse_args(ctx, place_global_options(self, ctx, args))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        set_language(requested_lang(words, os.environ))
        try:
            result = super().main(words, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except click_exceptions.NoArgsIsHelpError as error:
            if not standalone_mode:
                raise
            error.show()
            code = error.exit_code
        except click_exceptions.UsageError as error:
            if not standalone_mode:
                raise
            show_usage_error(error)
            code = error.exit_code
        except click_exceptions.ClickException as error:
            if not standalone_mode:
                raise
            error.show()
            code = error.exit_code
        except typer.Abort:
            if not standalone_mode:
                raise
            sys.stderr.write(_("Aborted!") + "\n")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def show_usage_error(error: Any) -> None:
    """Click's report of a usage error (usage line, where to get help, the error), in the run's language."""
    ctx = error.ctx
    parts = []
    if ctx is not None:
        _translate_texts(ctx.command, ctx)
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        parts.append(f"{ctx.get_usage()}\n{hint}\n")
    parts.append(_("Error: {message}").format(message=parser_message(error.format_message())) + "\n")
    sys.stderr.write("".join(parts))
    sys.stderr.flush()


class PohangTyper(typer.Typer):
    """A Typer app whose commands show their help in the language of the run."""

    def command(
        self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[F], F]:
        decorator: Callable[[F], F] = super().command(name, cls=cls or PohangCommand, **kwargs)
        return decorator
