"""Arrows one way: no module of pohang_cli imports itself back, and none imports another's private names.

The imports are read from the source with `ast`, every one of them: at the top, inside functions, and under
`if TYPE_CHECKING:` (a circle of type hints is still a circle a reader has to hold in mind). An import of
`pohang_cli.a.b` is an arrow to that module, not to its package: importing a submodule runs the package's
`__init__`, but that is Python's doing, not the code's.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from scripts import load_script

PACKAGE = Path(__file__).resolve().parent.parent / "pohang_cli"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _owner(name: str) -> str | None:
    """The pohang_cli module `name` is, or is in (`pohang_cli.x.f` is in `pohang_cli.x`); None outside."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> Iterator[tuple[int, str, str | None]]:
    """(line, imported module, imported name or None) for every import of a pohang_cli module in `module`."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (owner := _owner(alias.name)) is not None:
                    yield node.lineno, owner, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    yield node.lineno, submodule, None
                elif (owner := _owner(source)) is not None:
                    yield node.lineno, owner, alias.name


def _arrows() -> dict[str, set[str]]:
    return {module: {target for _line, target, _name in _imports(module) if target != module} for module in MODULES}


def _circles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each listed from its first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(arrows[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(arrows):
        if module not in index:
            visit(module)
    return found


def _path_around(group: list[str], arrows: dict[str, set[str]]) -> list[str]:
    """One circle through the group's first module, for the message: a -> b -> a."""
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target in sorted(arrows[module] & set(group)):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    return group  # pragma: no cover - a strongly connected group always has a circle through each member


def _is_private(name: str) -> bool:
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def test_the_import_graph_is_read() -> None:
    """The walk sees the package: the CLI imports its commands, and the service imports the models."""
    arrows = _arrows()
    assert "pohang_cli.models" in arrows["pohang_cli.service.writing"]
    assert len(MODULES) > 50


def test_no_circle_of_imports() -> None:
    """No module imports, through any chain of imports, a module that imports it back."""
    arrows = _arrows()
    circles = [" -> ".join(_path_around(group, arrows)) for group in _circles(arrows)]
    assert not circles, "modules that import each other: " + "; ".join(circles)


def test_the_circle_finder_finds_a_circle() -> None:
    """The check above would fail on a circle, and name its modules in order."""
    arrows = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(arrows) == [["a", "b", "c"]]
    assert _path_around(["a", "b", "c"], arrows) == ["a", "b", "c", "a"]


def test_no_import_of_a_private_name() -> None:
    """A name with a leading underscore stays in its module: no other module imports it or reaches for it.

    `_` itself is gettext's, imported everywhere on purpose, and dunders (`__version__`) are public.
    """
    found = []
    for module, path in MODULES.items():
        imported_modules = set()
        for line, target, name in _imports(module):
            if target == module:
                continue
            if name is not None and _is_private(name):
                found.append(f"{module} line {line} imports {name} from {target}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    if isinstance(node, ast.ImportFrom) and node.module and f"{node.module}.{alias.name}" in MODULES:
                        imported_modules.add((bound, f"{node.module}.{alias.name}"))
                    elif isinstance(node, ast.Import) and alias.name in MODULES and alias.asname:
                        imported_modules.add((bound, alias.name))
        names = dict(imported_modules)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in names
                and _is_private(node.attr)
                and names[node.value.id] != module
            ):
                found.append(f"{module} line {node.lineno} uses {node.attr} of {names[node.value.id]}")
    assert not found, "private names used outside their module: " + "; ".join(sorted(found))


def test_every_repeated_option_is_declared_once() -> None:
    """No Typer option is declared inline, alike, by two commands: a shared one is an `Annotated` type in
    cli/options.py (tools/repeated_code.py counts them)."""
    repeated_code = load_script(PACKAGE.parent / "tools" / "repeated_code.py")
    files = {
        str(path.relative_to(PACKAGE.parent)): ast.parse(path.read_text(encoding="utf-8")) for path in MODULES.values()
    }
    declarations, blocks = repeated_code.option_counts(files, 4)
    assert not declarations, "options declared alike in two places: " + "; ".join(
        f"{text} at {places}" for text, places in declarations.items()
    )
    assert not blocks


def test_no_module_is_over_500_lines() -> None:
    """A room a person can hold: a module that grows past 500 lines is split where its parts meet."""
    sizes = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 500} == {}
    assert len(sizes) > 100  # the walk found the package


def test_the_service_package_re_exports_each_name_from_its_home_module() -> None:
    """`pohang_cli.service` names each re-exported name three times: the imports type checkers read, the table
    that loads it on first use, and `__all__` (a literal, as linters need it). All three agree: `__all__` lists
    the imported names, and each name, loaded on first use, is the object of the module it is imported from."""
    import importlib

    from pohang_cli import service

    tree = ast.parse((PACKAGE / "service" / "__init__.py").read_text(encoding="utf-8"))
    typed = {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pohang_cli.service.")
        for alias in node.names
    }
    assert sorted(service.__all__) == sorted(typed)
    for name, module in typed.items():
        assert getattr(service, name) is getattr(importlib.import_module(f"pohang_cli.service.{module}"), name)
