"""Keep the message catalogue in step with the code: find the marked messages, merge them into each .po, compile.

pohang's messages are English in the code, marked with `_()` (translated where they are made), `N_()`
(translated later, e.g. help texts) or `NC_(context, ...)` (translated later, as meant in `context`: the words
of tables and reports, where one English word can need two Korean ones). Each language has one `.po` a translator edits,
`pohang_cli/locale/LANG/LC_MESSAGES/pohang.po`, and the `.mo` compiled from it, which ships in the wheel.

Usage:
    python tools/catalogue.py           # add new messages to each .po (msgstr empty), drop gone ones, compile
    python tools/catalogue.py --check   # list messages without a translation and stale .mo files; exit 1 if any

After editing a .po (or resolving a merge conflict in one), run it again to compile. On a conflict in a .mo,
take either side: the run compiles it anew from the .po. Babel does the work (a development dependency);
at run time pohang reads the .mo with the standard library's gettext.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pohang_cli"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "pohang"
LANGUAGES = ("ko",)
KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2), "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
HELP_COMMENT = "Help text: keep \\b lines, the indentation of examples and `commands` as they are."
# A fixed header date: the files change only when messages do, so parallel edits merge line by line.
HEADER_DATE = datetime(2026, 12, 1, tzinfo=UTC)
HEADER_COMMENT = """\
# {language} messages of pohang. Edit the msgstr lines (keep {{placeholders}} and `commands` as they are),
# then run `python tools/catalogue.py` to compile pohang.mo beside this file.
# This file is distributed under the same license as pohang (MIT)."""


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every message marked in the package's code, with the comments that start `TRANSLATORS:`."""
    template = Catalog(project="pohang", creation_date=HEADER_DATE, revision_date=HEADER_DATE, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for filename, lineno, message in help_texts():
        if message not in template:
            template.add(message, None, [(filename, lineno)], auto_comments=[HELP_COMMENT])
    return template


def help_texts() -> Iterator[tuple[str, int, str]]:
    """Help texts of the commands, found without marks: `help=` literals and the commands' docstrings.

    Typer takes a command's help from its docstring (`inspect.getdoc`, i.e. cleaned as `ast.get_docstring`
    cleans it) and an option's from `help=`; cli/localized.py translates both when help is shown.
    """
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        name = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg in ("help", "short_help", "epilog")
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                yield name, node.value.lineno, node.value.value
            if isinstance(node, ast.FunctionDef) and any(_registers_command(d) for d in node.decorator_list):
                docstring = ast.get_docstring(node, clean=True)
                if docstring:
                    yield name, node.lineno, docstring


def _registers_command(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in ("command", "callback")


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="pohang", creation_date=HEADER_DATE, revision_date=HEADER_DATE)
    with path.open("rb") as file:
        return read_po(file, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalogue: only translated, non-fuzzy messages, as gettext reads them."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def untranslated(catalog: Catalog, template: Catalog) -> Iterator[str]:
    """The marked messages `catalog` has no (non-fuzzy) translation for."""
    for message in template:
        if not message.id:
            continue
        entry: Message | None = catalog.get(message.id, context=message.context)
        strings = entry.string if entry is not None else None
        texts = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(texts):
            yield message.id if isinstance(message.id, str) else message.id[0]


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.revision_date = HEADER_DATE
        catalog.fuzzy = False
        catalog.header_comment = HEADER_COMMENT.format(language=catalog.locale.english_name)
        catalog.copyright_holder = catalog.last_translator = "pohang maintainers"
        catalog.msgid_bugs_address = ""
        catalog.language_team = catalog.locale.english_name
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(po_bytes(catalog))
        mo_path(lang).write_bytes(mo_bytes(read(lang)))
        missing = list(untranslated(catalog, template))
        print(f"{po_path(lang).relative_to(ROOT)}: {len(template)} messages, {len(missing)} without a translation")


def check() -> int:
    template = extract()
    failures = 0
    for lang in LANGUAGES:
        catalog = read(lang)
        for msgid in untranslated(catalog, template):
            print(f"{lang}: no translation: {msgid!r}")
            failures += 1
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != mo_bytes(catalog):
            print(f"{mo_path(lang).relative_to(ROOT)} is not compiled from its .po: run python tools/catalogue.py")
            failures += 1
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report; change nothing")
    if parser.parse_args().check:
        return check()
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
