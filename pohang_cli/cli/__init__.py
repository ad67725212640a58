"""The Typer commands: parse options, call one service function, hand the result to the renderers.

Importing this package registers every command on `app`; the import order below is the order in which
`pohang --help` lists them: reading, writing, editing, import/export, then the audit log and the doctor.
"""

# ruff: noqa: I001 -- the order of these imports is the order of the command list
from pohang_cli.cli.common import SEOUL, app
from pohang_cli.cli import reading
from pohang_cli.cli import explaining
from pohang_cli.cli import writing
from pohang_cli.cli import milestone_writing
from pohang_cli.cli import assessing
from pohang_cli.cli import sharing
from pohang_cli.cli import editing
from pohang_cli.cli import transfer
from pohang_cli.cli import publishing
from pohang_cli.cli import safety

__all__ = [
    "SEOUL",
    "app",
    "assessing",
    "editing",
    "explaining",
    "milestone_writing",
    "publishing",
    "reading",
    "safety",
    "sharing",
    "transfer",
    "writing",
]
