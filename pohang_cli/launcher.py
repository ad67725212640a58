"""The console-script entry point: answers `--version` before importing anything heavy, then runs the app.

`pohang --version` is called by scripts and shell prompts; importing Typer alone costs 5x a bare
Python start-up, so the one answer that needs nothing is given first. Every other call imports only the
module of the command it names (`pohang_cli.cli.commands_for`) and builds only the part of the app its
command line needs (see `app_for`).
"""

from __future__ import annotations

import gc
import os
import sys

# Nothing else at the top: `--version` must cost no more than Python itself (typing alone is 2 ms, inspect 8).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

HELP_OPTIONS = ("--help", "-h")
# The options the root of the command line takes before the command, and whether each takes a value.
GLOBAL_OPTIONS = {
    "--db": True,
    "--lang": True,
    "--as-of": True,
    "--format": True,
    "--color": True,
    "-q": False,
    "--quiet": False,
}


def run(argv: list[str] | None = None) -> None:
    """Run pohang with `argv` (default: the process arguments) and exit with its exit code."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from pohang_cli import __version__

        sys.stdout.write(f"pohang {__version__}\n")
        return
    _utf8_streams()
    # One command creates up to a few million objects (a database of 100,000 records parsed, converted and
    # judged) and keeps nearly all of them to the end. At the default thresholds the collector walks them
    # again and again looking for cycles, ~15% of a large `status` (and 3% more at a threshold of 100,000);
    # this short-lived process makes few cycles, so it collects only after a million new containers.
    gc.set_threshold(1_000_000, 50, 100)
    try:
        from pohang_cli.cli import commands_for

        app_for(commands_for(command_named(args)), args)(args=args, prog_name="pohang")
    except KeyboardInterrupt:
        from pohang_cli.i18n import _

        sys.stderr.write("\npohang: " + _("interrupted") + "\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop quietly; point stdout at /dev/null so the
        # interpreter's final flush does not print a second error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception:
        # An unforeseen failure still prints its traceback (exit 1), but never a password it may quote.
        import traceback

        from pohang_cli.storage.uri import without_secrets

        sys.stderr.write(without_secrets(traceback.format_exc()))
        sys.exit(1)
    finally:
        # The interpreter's shutdown runs full collections over everything still alive, which after a large
        # command is nearly all it made (40 ms after a status of 100,000 records). Freezing takes it all out
        # of the collector's sight; the process frees it on exit anyway.
        gc.freeze()


def _utf8_streams() -> None:
    # pohang writes UTF-8 whatever the locale (contract: Machine output). Under a C locale with
    # PYTHONUTF8=0, or PYTHONIOENCODING=ascii, Hangul in a table would raise UnicodeEncodeError and notes
    # on stderr would turn into \uXXXX escapes.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8")


def main() -> None:
    """`pohang` console script."""
    run()


def app_for(app: Any, args: Sequence[str]) -> Any:
    """The Typer app `app`, reduced to what the command line `args` can use.

    Typer turns every registered command into a Click command on each run, reading each one's signature
    and annotations: about 1 ms a command, 14 ms for pohang's, paid by every call and every TAB. A command
    line runs at most one command, so:

    * `pohang COMMAND ...` gets an app that holds only COMMAND;
    * `pohang`, `pohang --help` and `pohang -h` list the commands, which needs each one's name and help
      text but not its parameters, so every command is registered with a parameterless callback;
    * anything else (an unknown command, a root option, shell completion) gets the whole app, so the
      errors and suggestions are Typer's own.

    The reduced apps print byte for byte what the whole app prints (tests/test_startup.py).
    """
    import copy
    import inspect

    commands = {_command_name(info): info for info in app.registered_commands}
    args = _from_command(args)
    if not args or args[0] in HELP_OPTIONS:
        summaries = []
        for name, info in commands.items():
            summary = copy.copy(info)
            summary.name = name
            summary.help = info.help if info.help is not None else inspect.getdoc(info.callback)
            summary.callback = _listed_only
            summaries.append(summary)
        return _with_commands(app, summaries)
    chosen = commands.get(args[0])
    if chosen is None:
        return app
    return _with_commands(app, [chosen])


def command_named(args: Sequence[str]) -> str | None:
    """The command the command line `args` names (for a TAB, the one typed before it), or None for help."""
    args = _from_command(args)
    return args[0] if args and args[0] not in HELP_OPTIONS else None


def _from_command(args: Sequence[str]) -> Sequence[str]:
    """`args` from the command on, past the global options typed before it; for a TAB, the words typed."""
    if os.environ.get("_POHANG_COMPLETE"):
        # A TAB: the words before the one being completed are the command line to reduce for.
        args = _completed_words(os.environ)
    return args[_command_index(args) :]


def _completed_words(environ: Any) -> list[str]:
    """The words a shell's completion script hands over, less the program and the word being completed."""

    if "COMP_WORDS" in environ:  # bash: every word and the index of the one under the cursor
        words = _split(environ["COMP_WORDS"])
        try:
            cursor = int(environ.get("COMP_CWORD", len(words)))
        except ValueError:
            cursor = len(words)
        return words[1:cursor]
    line = environ.get("_TYPER_COMPLETE_ARGS", "")  # zsh and fish: the line up to the cursor
    words = _split(line)[1:]
    return words if line.endswith(" ") or not words else words[:-1]


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(line)
    except ValueError:  # an open quote while typing
        return line.split()


def _command_index(args: Sequence[str]) -> int:
    """Where the command stands in `args`, after the global options given before it (`--lang ko status`)."""
    index = 0
    while index < len(args):
        name, equals, _ = args[index].partition("=")
        if name not in GLOBAL_OPTIONS:
            break
        index += 2 if GLOBAL_OPTIONS[name] and not equals else 1
    return index


def _command_name(info: Any) -> str:
    if info.name:
        return str(info.name)
    return str(info.callback.__name__).lower().replace("_", "-")


def _with_commands(app: Any, commands: list[Any]) -> Any:
    import copy

    reduced = copy.copy(app)
    reduced.registered_commands = commands
    return reduced


def _listed_only() -> None:
    """Stands in for a command in the command list; never called, as listing is all those apps do."""
    raise AssertionError("a command of the help-only app was run")
