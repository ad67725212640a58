"""The row filters the reading commands share: `--status` as a comma list or repeated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from pohang_cli.cli.completion import complete_target_status
from pohang_cli.i18n import N_

if TYPE_CHECKING:
    from pohang_cli.models import TargetStatus

StatusFilterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS[,STATUS]",
        help=N_("Only rows of these statuses: a comma list, or the option repeated (off_track,behind; 부진,지연)."),
        show_default=False,
        autocompletion=complete_target_status,
    ),
]


def status_words(given: Sequence[str] | None) -> list[str]:
    """The words of a repeated, comma-separated `--status` (`--status off_track,behind --status 미흡`)."""
    return [word.strip() for text in given or () for word in text.split(",") if word.strip()]


def row_statuses(given: Sequence[str] | None) -> list[TargetStatus]:
    """The statuses `status --status` asks for, target statuses and `no_target` alike."""
    words = status_words(given)
    if not words:
        return []  # the status words and their Korean forms are loaded only to read some
    from pohang_cli.statuses import parse_row_status

    return [parse_row_status(word) for word in words]
