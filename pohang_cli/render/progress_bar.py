"""The progress bar of a long import, on stderr: drawn only on a terminal, so pipes, cron mail and logs stay clean."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from pohang_cli.render import Output

# Smaller imports finish in well under a second; a bar would only flicker.
MIN_RECORDS = 10_000


@contextmanager
def progress_bar(output: Output) -> Iterator[Callable[[str, int, int], None] | None]:
    """A callback `(phase, done, total)` that draws a bar on stderr, or None when nothing should be drawn.

    Nothing is drawn with `--quiet`, when stderr is not a terminal, or for fewer than MIN_RECORDS records;
    the bar is removed when the import ends, leaving only the summary line.
    """
    if output.quiet or not output.err.isatty():
        yield None
        return
    state: dict[str, tuple[Progress, TaskID]] = {}

    def update(phase: str, done: int, total: int) -> None:
        if total < MIN_RECORDS:
            return
        if "bar" not in state:
            state["bar"] = _start(output, phase, total)
        progress, task = state["bar"]
        progress.update(task, description=phase, completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"][0].stop()


def _start(output: Output, phase: str, total: int) -> tuple[Progress, TaskID]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    environ = os.environ if output.environ is None else output.environ
    no_color = output.color == "never" or (output.color == "auto" and bool(environ.get("NO_COLOR")))
    console = Console(
        file=output.err,
        color_system=None if no_color else "auto",
        no_color=no_color,
        highlight=False,
        emoji=False,
    )
    progress = Progress(
        TextColumn("{task.description:<9}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    progress.start()
    return progress, progress.add_task(phase, total=total)
