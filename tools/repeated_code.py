"""Count the code pohang_cli repeats: blocks of identical statements, and Typer option declarations.

Usage:
    python tools/repeated_code.py [--min 4] [--list] [PATH]

Two counts, printed one a line:
- statement blocks: runs of at least `--min` consecutive statements (in one body: a module, a function, a
  branch) that occur, identical once normalised, at two places or more. Normalised means as `ast.unparse`
  prints them: comments, docstrings, line breaks and quoting do not count. A longer repeated run counts once,
  not once per window inside it.
- option declarations: the parameters of Typer commands declared inline with `typer.Option(...)` or
  `typer.Argument(...)`, identical once normalised (type, flags, help and default; not the name of the
  Python parameter), at two places or more; and the runs of at least `--min` consecutive parameters declared
  inline alike by two commands or more. A parameter whose type is a shared `Annotated[...]` alias is declared
  once, where the alias is, and is not counted.

Only the standard library: run it from any Python 3.11.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

Place = tuple[str, int]  # file, line
Repeats = dict[tuple[str, ...], list[Place]]


def bodies(tree: ast.AST) -> Iterator[list[ast.stmt]]:
    """Every list of statements in the tree: module, class and function bodies, branches, loops, handlers."""
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield body
        if isinstance(node, ast.Match):
            for case in node.cases:
                yield case.body


class _Unmarked(ast.NodeTransformer):
    """`N_("text")` read as `"text"`: marking a text for the catalogue does not make it another text."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "N_" and len(node.args) == 1 and not node.keywords:
            return node.args[0]
        return node


def _text(node: ast.AST) -> str:
    return ast.unparse(_Unmarked().visit(copy.deepcopy(node)))


def normalised(statement: ast.stmt) -> str:
    """The statement as `ast.unparse` prints it, without the docstrings of what it defines."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return "<docstring>"
    return _text(statement)


def statement_blocks(files: dict[str, ast.Module], size: int) -> dict[tuple[str, ...], list[Place]]:
    """Runs of `size` statements found at two places or more, each with its places (maximal runs only)."""
    windows: dict[tuple[str, ...], list[Place]] = defaultdict(list)
    starts: dict[Place, tuple[str, ...]] = {}
    for name, tree in files.items():
        for body in bodies(tree):
            texts = [normalised(statement) for statement in body]
            for start in range(len(body) - size + 1):
                window = tuple(texts[start : start + size])
                if all(text == "<docstring>" for text in window):
                    continue
                place = (name, body[start].lineno)
                windows[window].append(place)
                starts[place] = window
    repeated = {window: places for window, places in windows.items() if len(places) > 1}
    # A run of size+k repeated statements holds k+1 repeated windows: keep the first of each run.
    kept = {}
    for window, places in repeated.items():
        if not all(_continues(place, window, files, repeated) for place in places):
            kept[window] = places
    return kept


def _continues(place: Place, window: tuple[str, ...], files: dict[str, ast.Module], repeated: dict) -> bool:
    """The window at `place` is the tail of a longer repeated run that starts one statement earlier."""
    name, line = place
    for body in bodies(files[name]):
        for index, statement in enumerate(body):
            if statement.lineno == line and index > 0:
                earlier = (normalised(body[index - 1]), *window[:-1])
                return earlier in repeated
    return False


def _is_typer_parameter(node: ast.expr | None) -> bool:
    for part in ast.walk(node) if node is not None else ():
        if (
            isinstance(part, ast.Call)
            and isinstance(part.func, ast.Attribute)
            and isinstance(part.func.value, ast.Name)
            and part.func.value.id == "typer"
            and part.func.attr in ("Option", "Argument")
        ):
            return True
    return False


def command_parameters(files: dict[str, ast.Module]) -> Iterator[tuple[Place, list[tuple[str, bool]]]]:
    """Each function with a Typer parameter: its place and its parameters (normalised, declared inline?)."""
    for name, tree in files.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            defaults = [None] * (len(node.args.posonlyargs) + len(node.args.args) - len(node.args.defaults))
            defaults += [*node.args.defaults, *node.args.kw_defaults]
            parameters = []
            for argument, default in zip(arguments, defaults, strict=True):
                annotation = _text(argument.annotation) if argument.annotation else ""
                # The declaration, not the Python name it is bound to: `--source` twice is one option twice.
                text = f"{annotation} = {_text(default) if default else ''}"
                inline = _is_typer_parameter(argument.annotation) or _is_typer_parameter(default)
                parameters.append((text, inline))
            if any(inline for _text, inline in parameters):
                yield (name, node.lineno), parameters


def option_counts(
    files: dict[str, ast.Module], size: int
) -> tuple[dict[str, list[Place]], dict[tuple[str, ...], list[Place]]]:
    """Inline option declarations found at two places or more, and blocks of `size` parameters alike."""
    declarations: dict[str, list[Place]] = defaultdict(list)
    blocks: dict[tuple[str, ...], list[Place]] = defaultdict(list)
    for place, parameters in command_parameters(files):
        for text, inline in parameters:
            if inline:
                declarations[text].append(place)
        for start in range(len(parameters) - size + 1):
            run = parameters[start : start + size]
            if all(inline for _text, inline in run):
                blocks[tuple(text for text, _inline in run)].append(place)
    repeated_blocks = {block: places for block, places in blocks.items() if len(places) > 1}
    return (
        {text: places for text, places in declarations.items() if len(places) > 1},
        repeated_blocks,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "pohang_cli"))
    parser.add_argument("--min", type=int, default=4, help="statements (or parameters) in a block; default 4")
    parser.add_argument("--list", action="store_true", help="list each repeated block and its places")
    options = parser.parse_args()
    base = Path(options.path)
    files = {
        str(path.relative_to(base.parent)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(base.rglob("*.py"))
    }
    blocks = statement_blocks(files, options.min)
    declarations, parameter_blocks = option_counts(files, options.min)
    print(
        f"repeated statement blocks (>= {options.min} statements): {len(blocks)} blocks at "
        f"{sum(len(p) for p in blocks.values())} places"
    )
    print(
        f"repeated inline option declarations: {len(declarations)} declarations at "
        f"{sum(len(p) for p in declarations.values())} places"
    )
    print(
        f"repeated parameter blocks (>= {options.min} parameters): {len(parameter_blocks)} blocks at "
        f"{sum(len(p) for p in parameter_blocks.values())} places"
    )
    if options.list:
        for window, places in sorted(blocks.items(), key=lambda item: item[1]):
            print("\n# statements at " + ", ".join(f"{f}:{n}" for f, n in places))
            print("\n".join(window))
        for text, places in sorted(declarations.items(), key=lambda item: item[1]):
            print("\n# option at " + ", ".join(f"{f}:{n}" for f, n in places))
            print(text)
        for block, places in sorted(parameter_blocks.items(), key=lambda item: item[1]):
            print("\n# parameters at " + ", ".join(f"{f}:{n}" for f, n in places))
            print("\n".join(block))
    return 0


if __name__ == "__main__":
    sys.exit(main())
