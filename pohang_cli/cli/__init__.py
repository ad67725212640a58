"""The Typer commands: parse options, call one service function, hand the result to the renderers.

Importing this package loads Typer and what every command shares (common.py). A command is registered on the
app when the module that declares it is imported: asking for `app` (`from pohang_cli.cli import app`)
imports every one, and lists the commands in the order of `COMMAND_MODULES` (reading, writing, editing,
import/export, then the audit log and the doctor); `commands_for` imports only the module of the command a
command line names, which is all the launcher needs for one run: the other modules' declarations are
start-up that command does not use.

The command modules do without `from __future__ import annotations`: Typer reads every parameter's
annotation on each run, and an annotation kept as a string costs an eval and a compile each time
(common.py, whose root callback runs on every call, quotes the names it imports for type checking only).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pohang_cli.cli import common
from pohang_cli.cli.common import SEOUL

if TYPE_CHECKING:
    from pohang_cli.cli.common import app
    from pohang_cli.cli.localized import PohangTyper

# The modules that declare commands, in the order `pohang --help` lists their commands.
COMMAND_MODULES = (
    "reading",
    "explaining",
    "writing",
    "milestone_writing",
    "assessing",
    "sharing",
    "editing",
    "transfer",
    "publishing",
    "safety",
)
# The module that declares each command (tests/test_startup.py holds it to the commands the modules register).
COMMAND_MODULE = {
    **dict.fromkeys(("status", "sectors", "indicators", "targets", "history", "milestones", "check"), "reading"),
    "report": "reading",
    "explain": "explaining",
    **dict.fromkeys(("add-indicator", "add-target", "revise-target", "record"), "writing"),
    **dict.fromkeys(("add-milestone", "update-milestone"), "milestone_writing"),
    "assess": "assessing",
    **dict.fromkeys(("init", "roles", "migrate"), "sharing"),
    **dict.fromkeys(("add-sector", "update-sector", "update-indicator", "update-target", "remove"), "editing"),
    **dict.fromkeys(("import", "export", "template"), "transfer"),
    "site": "publishing",
    **dict.fromkeys(("log", "undo", "doctor"), "safety"),
}


def commands_for(name: str | None) -> PohangTyper:
    """The app with the command `name` registered; with every command when `name` is None or names none.

    Only the module that declares `name` is imported (its other commands come along): Typer builds just
    the command a command line names anyway (launcher.app_for), so nothing else of the app is looked at.
    """
    module = COMMAND_MODULE.get(name) if name is not None else None
    if module is None:
        return _whole_app()
    importlib.import_module(f"{__name__}.{module}")
    return common.app


def _whole_app() -> PohangTyper:
    for module in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    # A module imported on its own before (by the launcher or a test) registered its commands first.
    common.app.registered_commands.sort(key=lambda info: _listed_at(info.callback))
    globals()["app"] = common.app
    return common.app


def _listed_at(callback: object) -> int:
    module = str(getattr(callback, "__module__", "")).rpartition(".")[2]
    return COMMAND_MODULES.index(module) if module in COMMAND_MODULES else len(COMMAND_MODULES)


def __getattr__(name: str) -> PohangTyper:
    if name == "app":
        return _whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_MODULE", "COMMAND_MODULES", "SEOUL", "app", "commands_for"]
