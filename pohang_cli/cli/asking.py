"""The one yes/no question pohang asks at a terminal (before `remove` and `undo`), answered in either language.

A Korean keyboard left in Hangul mode types `ㅛ` for y and `ㅜ` for n, and people answer in words (`예`, `네`,
`아니오`, `아니요`): each counts as typed. Anything else is asked again, saying in the run's language what to type.
"""

from __future__ import annotations

import sys

from pohang_cli.i18n import _

# Casefolded answers. `ㅛㄷㄴ` and `ㅜㅐ` are "yes" and "no" typed with the keyboard in Hangul mode.
YES = frozenset({"y", "yes", "예", "네", "응", "ㅛ", "ㅛㄷㄴ"})
NO = frozenset({"n", "no", "아니오", "아니요", "아니", "ㅜ", "ㅜㅐ"})


def answer_of(text: str) -> bool | None:
    """True for a yes, False for a no or nothing (the default is no), None for anything else."""
    word = text.strip().casefold()
    if word in YES:
        return True
    if not word or word in NO:
        return False
    return None


def ask(question: str) -> bool:
    """Ask `question` on stderr with `[y/N]` and read the answer from stdin, until it is a yes or a no.

    The end of input is a no. Read as Click's prompts read, so a test runner sees the answer as a terminal shows it.
    """
    from typer._click import termui

    while True:
        sys.stderr.write(f"{question} [y/N]:")
        sys.stderr.flush()
        try:
            typed = termui.visible_prompt_func(" ")
        except EOFError:
            sys.stderr.write("\n")
            return False
        answer = answer_of(typed)
        if answer is not None:
            return answer
        sys.stderr.write(_("please answer y or n (예 or 아니오)") + "\n")
