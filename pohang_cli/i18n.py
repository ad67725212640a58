"""Messages in the user's language: the gettext catalogue of domain `pohang` and the language of this run.

Every sentence a person reads is written in English in the code and marked where it is made:

    raise InputError(_("unknown sector '{sector}'; see `pohang sectors`").format(sector=text))

`_()` looks the English text up in the compiled catalogue of the language chosen for this run
(`pohang_cli/locale/ko/LC_MESSAGES/pohang.mo`, compiled from the `.po` a translator edits) and gives it
back unchanged in English. Placeholders are named and filled after the lookup, so a translation can put
them in its own order; `N_()` marks a text that is translated later (help texts, built before the
language of the run is known). English needs no catalogue and costs no import.
"""

from __future__ import annotations

import os
from typing import Generic, TypeVar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from gettext import GNUTranslations

Key = TypeVar("Key")

DOMAIN = "pohang"
LANGUAGES = ("ko", "en")
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")


class _Run:
    """The language of this run and its catalogue (None for English, whose texts are the code's own)."""

    language = "en"
    catalogue: GNUTranslations | None = None


def set_language(lang: str) -> None:
    """Make `lang` (ko or en) the language of every message from now on; another value means English."""
    if lang == _Run.language:
        return
    if lang not in LANGUAGES or lang == "en":
        _Run.language, _Run.catalogue = "en", None
        return
    import gettext

    _Run.catalogue = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    _Run.language = lang


def language() -> str:
    """The language messages are given in: ko or en."""
    return _Run.language


def _(message: str) -> str:
    """`message` in the language of this run (English when the catalogue has no translation)."""
    catalogue = _Run.catalogue
    return message if catalogue is None else catalogue.gettext(message)


def translated(message: str) -> str:
    """`message`, marked with `N_()` where it was written, in the language of this run."""
    catalogue = _Run.catalogue
    return message if catalogue is None else catalogue.gettext(message)


_CATALOGUES: dict[str, GNUTranslations] = {}


def _catalogue_of(lang: str) -> GNUTranslations:
    """The catalogue of `lang`, found once (gettext looks for its file on every call: seconds for a site)."""
    catalogue = _CATALOGUES.get(lang)
    if catalogue is None:
        import gettext

        catalogue = _CATALOGUES[lang] = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    return catalogue


def translated_in(lang: str, message: str) -> str:
    """`message`, marked with `N_()` where it was written, in `lang` whatever the language of the run.

    For views drawn in a language of their own (a report or a site in both languages from one run). The
    catalogue of each language is read once (gettext keeps it).
    """
    if lang not in LANGUAGES or lang == "en":
        return message
    if lang == _Run.language and _Run.catalogue is not None:
        return _Run.catalogue.gettext(message)
    return _catalogue_of(lang).gettext(message)


def pgettext_in(lang: str, context: str, message: str) -> str:
    """`message`, as meant in `context`, in `lang` whatever the language of the run (see `translated_in`)."""
    if lang not in LANGUAGES or lang == "en":
        return message
    if lang == _Run.language and _Run.catalogue is not None:
        return _Run.catalogue.pgettext(context, message)
    return _catalogue_of(lang).pgettext(context, message)


def pgettext(context: str, message: str) -> str:
    """`message` in the language of this run, as meant in `context` (a column name, not the same word in a sentence)."""
    catalogue = _Run.catalogue
    return message if catalogue is None else catalogue.pgettext(context, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` things, in the language of this run."""
    catalogue = _Run.catalogue
    if catalogue is None:
        return singular if count == 1 else plural
    return catalogue.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (the name gettext tools look for)."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark `message`, as meant in `context`, for the catalogue without translating it yet."""
    return message


class Labels(dict[str, dict[Key, str]], Generic[Key]):
    """The words of one kind of view (a table's, a report's) by language: `labels[lang][key]`.

    The code holds each word in English, marked `NC_(context, ...)` with the context given here; the
    catalogue holds the other languages, so a translator edits them in the .po. The same English word can
    need two Korean ones in two views (`Targets` is 목표 수 over a count, 목표 in a report's heading): the
    context keeps them apart. A language is translated once, the first time it is asked for.
    """

    def __init__(self, context: str, english: Mapping[Key, str]) -> None:
        super().__init__(en=dict(english))
        self.context = context

    def __missing__(self, lang: str) -> dict[Key, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        words = {key: pgettext_in(lang, self.context, text) for key, text in self["en"].items()}
        self[lang] = words
        return words


def default_lang(environ: Mapping[str, str]) -> str:
    """`POHANG_LANG`, else Korean when the locale (LC_ALL, LC_MESSAGES, LANG) is Korean, else English."""
    lang = environ.get("POHANG_LANG", "").strip().lower()
    if lang:
        return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def requested_lang(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line asks for: its `--lang`, before or after the command, else the environment.

    Help texts and the parser's own errors are made before any command runs, so the language is taken
    from the words of the command line first. A value that is neither ko nor en is left for the command
    to refuse, and the environment decides meanwhile.
    """
    chosen = None
    for index, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif word.startswith("--lang="):
            chosen = word.partition("=")[2]
    if chosen is not None and chosen.strip().lower() in LANGUAGES:
        return chosen.strip().lower()
    return default_lang(environ)
