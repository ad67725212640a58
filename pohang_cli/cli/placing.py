"""Where the global options stand: before the command or after it, they mean the same (contract: Global options).

`--db`, `--lang`, `--as-of`, `--format`, `-q` and `--color` are options of the root of the command line and,
where a command uses them, of the command too. Click reads an option only on the side where it is declared, so
before the command line is parsed the words are moved to where they are read:

* a global option the command declares is handed to the command, even when typed before it, so that a
  meaning the command gives it holds in both positions (`pohang --format csv export` writes CSV);
* a global option the command does not declare goes to the root, even when typed after the command
  (`pohang record X 1 --lang ko`); the root refuses one that means nothing to the command (`--format` of a
  writer), see `meaningless_options`.

Given on both sides, the one after the command counts: it is moved behind the other, and Click keeps the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# The options that may stand on either side of every command.
GLOBAL_OPTIONS = frozenset({"--db", "--lang", "--as-of", "--format", "--color", "-q", "--quiet"})
# Of those, the ones whose every value is meaningless to a command that does not declare them. --db, --lang
# and -q mean something to every command (the database, the language of its notes, silence), so the root
# reads them for any command that leaves them undeclared.
COMMAND_OPTIONS = {"as_of": "--as-of", "fmt": "--format", "color": "--color"}


def place_global_options(group: Any, ctx: Any, args: Sequence[str]) -> list[str]:
    """`args` with each global option moved to the side of the command that reads it (module docstring)."""
    words = list(args)
    root = _value_taking(group.params)
    index, before = 0, []
    while index < len(words):
        name, equals, _ = words[index].partition("=")
        if name not in root:
            break
        width = 2 if root[name] and not equals else 1
        before.append(words[index : index + width])
        index += width
    if index >= len(words):
        return words
    command = group.get_command(ctx, words[index])
    if command is None:
        return words
    declared = _value_taking(command.params)
    to_root: list[str] = []
    to_command: list[str] = []
    for option in before:
        name = option[0].partition("=")[0]
        if name in GLOBAL_OPTIONS and name in declared:
            to_command.extend(option)
        else:
            to_root.extend(option)
    rest: list[str] = []
    position = index + 1
    while position < len(words):
        word = words[position]
        if word == "--":
            rest.extend(words[position:])
            break
        name, equals, _ = word.partition("=")
        if name in GLOBAL_OPTIONS and name not in declared and name in root:
            width = 2 if root[name] and not equals else 1
            to_root.extend(words[position : position + width])
            position += width
            continue
        width = 2 if declared.get(name) and not equals else 1
        rest.extend(words[position : position + width])
        position += width
    return [*to_root, words[index], *to_command, *rest]


def _value_taking(params: Sequence[Any]) -> dict[str, bool]:
    """Each option name of `params` and whether it takes a value (`--db PATH`) or not (`-q`)."""
    names: dict[str, bool] = {}
    for param in params:
        takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
        for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())):
            if name.startswith("-"):
                names[name] = takes_value
    return names


def refuse_meaningless(ctx: Any, command: str) -> None:
    """Refuse a global option the command has no use for (it reaches the root only then): never ignore it."""
    from typer._click.core import ParameterSource

    from pohang_cli.errors import InputError
    from pohang_cli.i18n import _

    for name, option in COMMAND_OPTIONS.items():
        if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
            raise InputError(
                _("{option} means nothing to `pohang {command}`; leave it out").format(option=option, command=command)
            )
