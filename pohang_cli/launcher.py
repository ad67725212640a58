"""The console-script entry point: answers `--version` before importing anything heavy, then runs the app.

`pohang --version` is called by scripts and shell prompts; importing Typer alone costs 5x a bare
Python start-up, so the one answer that needs nothing is given first.
"""

from __future__ import annotations

import os
import sys


def run(argv: list[str] | None = None) -> None:
    """Run pohang with `argv` (default: the process arguments) and exit with its exit code."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from pohang_cli import __version__

        sys.stdout.write(f"pohang {__version__}\n")
        return
    try:
        from pohang_cli.cli import app

        app(args=args, prog_name="pohang")
    except KeyboardInterrupt:
        sys.stderr.write("\npohang: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop quietly; point stdout at /dev/null so the
        # interpreter's final flush does not print a second error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def main() -> None:
    """`pohang` console script."""
    run()
