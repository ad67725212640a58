"""Output: where results go and in which form; owns the stdout and stderr streams and the consoles.

Rich is imported only when a table is drawn, so machine formats and writers never pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from pohang_cli.errors import InputError
from pohang_cli.i18n import _
from pohang_cli.i18n import default_lang as default_lang  # the language also decides the messages
from pohang_cli.render.machine import MACHINE_FORMATS, ByteSink, write_all, write_rows

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

FORMATS = ("table", *MACHINE_FORMATS)
COLORS = ("auto", "always", "never")
# A table piped to a pager (`| less`) takes the width of the terminal the pager shows it in (stderr's or
# stdin's); with no terminal at all (cron) a fixed width keeps redirected tables stable, where Rich would take 80.
PIPED_TABLE_WIDTH = 120


def default_format(environ: Mapping[str, str], stdout_is_tty: bool) -> str:
    """`POHANG_FORMAT`, else table on a terminal and tsv when piped."""
    fmt = environ.get("POHANG_FORMAT", "").strip().lower()
    if fmt:
        return fmt
    return "table" if stdout_is_tty else "tsv"


def parse_fields(text: str | None, valid: Sequence[str]) -> tuple[str, ...]:
    """The columns chosen with `--fields a,b,c`, all of them when not given.

    Raises:
        InputError: an unknown field; the message lists the valid ones.
    """
    if text is None or not text.strip():
        return tuple(valid)
    chosen = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in chosen if name not in valid]
    if unknown:
        raise InputError(
            _("unknown field '{field}'; valid fields: {fields}").format(field=unknown[0], fields=",".join(valid))
        )
    return chosen


class Output(NamedTuple):
    """How one invocation shows its results."""

    fmt: str = "table"
    lang: str = "en"
    color: str = "auto"
    fields: str | None = None
    quiet: bool = False
    stdout: TextIO | None = None
    stderr: TextIO | None = None
    environ: Mapping[str, str] | None = None
    bom: bool = False  # csv starts with a UTF-8 BOM, for Korean Excel (POHANG_CSV_BOM=1)

    @property
    def is_table(self) -> bool:
        return self.fmt == "table"

    @property
    def out(self) -> TextIO:
        return self.stdout or sys.stdout

    @property
    def err(self) -> TextIO:
        return self.stderr or sys.stderr

    def validate(self) -> None:
        """Refuse an unknown format, language or colour setting before anything runs."""
        if self.fmt not in FORMATS:
            choices = ", ".join(FORMATS)
            message = _("unknown format '{format}'; use one of {formats}")
            raise InputError(message.format(format=self.fmt, formats=choices))
        if self.lang not in ("ko", "en"):
            raise InputError(_("unknown language '{lang}'; use ko or en").format(lang=self.lang))
        if self.color not in COLORS:
            raise InputError(_("unknown colour setting '{color}'; use auto, always or never").format(color=self.color))

    def note(self, message: str) -> None:
        """A human sentence on stderr, unless `--quiet`."""
        if not self.quiet:
            self.err.write(message + "\n")
            self.err.flush()

    def line(self, text: str) -> None:
        """One line of data on stdout (a writer's new id)."""
        self.out.write(text + "\n")
        self.out.flush()

    def write_bytes(self, data: bytes) -> None:
        """Data already encoded as UTF-8 (an export) on stdout, whatever the locale."""
        write_all(self._binary_out(), data)

    def _binary_out(self) -> ByteSink:
        # Machine formats are UTF-8 whatever the locale: write bytes to the underlying buffer.
        stream = self.out
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return buffer  # type: ignore[no-any-return]
        return _TextBridge(stream)

    def console(self) -> Console:
        """A console for data tables: built per invocation so NO_COLOR, --color and COLUMNS apply."""
        from rich.console import Console

        environ = os.environ if self.environ is None else self.environ
        stream = self.out
        is_tty = stream.isatty()
        no_color = self.color == "never" or (self.color == "auto" and bool(environ.get("NO_COLOR")))
        width = None if is_tty else _env_width(environ) or _terminal_width() or PIPED_TABLE_WIDTH
        return Console(
            file=stream,
            width=width,
            force_terminal=True if self.color == "always" else None,
            color_system=None if no_color else "auto",
            no_color=no_color,
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=False,
        )

    def emit(
        self,
        rows: Callable[[], Iterable[dict[str, Any]]],
        all_fields: Sequence[str],
        table: Callable[[], RenderableType],
    ) -> int:
        """Show a result: a Rich table for people, or rows in the chosen machine format.

        With `--fields` the table shows just those columns. Returns the number of rows (0 means empty).
        """
        fields = parse_fields(self.fields, all_fields)
        if self.fmt != "table":
            spreadsheet = self.bom and self.fmt == "csv"
            if spreadsheet:
                write_all(self._binary_out(), b"\xef\xbb\xbf")
            return write_rows(self._binary_out(), rows(), fields, self.fmt, spreadsheet=spreadsheet)
        if self.fields:
            from pohang_cli.render.tables import generic_table

            materialized = list(rows())
            console = self.console()
            console.print(generic_table(materialized, fields, width=console.width))
            return len(materialized)
        self.console().print(table())
        return -1


def _terminal_width() -> int | None:
    """The width of the terminal stderr or stdin is on: `pohang status --format table | less` reads in it."""
    for fd in (2, 0):
        try:
            if os.isatty(fd):
                return os.get_terminal_size(fd).columns or None
        except OSError:
            continue
    return None


def _env_width(environ: Mapping[str, str]) -> int | None:
    try:
        width = int(environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return width if width > 0 else None


class _TextBridge:
    """A binary writer over a text stream (for test runners that capture stdout as text)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode("utf-8"))
        return len(data)
