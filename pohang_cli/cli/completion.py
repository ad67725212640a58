"""Shell completion that knows the data: ids and names of sectors, indicators, targets and milestones, and choices.

bash, zsh and fish run pohang again on every TAB (Typer's `_POHANG_COMPLETE`; `pohang --install-completion`
sets it up). Each completer reads only the table it offers from the database's file (the observations, most
of a large one, only after `remove observation`), or with one query from a PostgreSQL database that `--db`
names, makes no records and creates nothing: a missing or unreachable database offers nothing.
Importing this module costs nothing; what a completer needs it imports when called.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Candidate = tuple[str, str]  # the value, and the help zsh and fish show beside it
Completer = Callable[..., list[Candidate]]


def _named_database(ctx: Any) -> str:
    """`--db` of the command or of the root (before the command), else POHANG_DB, else the default file."""
    context = ctx
    db = None
    while context is not None and not db:
        db = context.params.get("db") if context.params else None
        context = context.parent
    db = db or os.environ.get("POHANG_DB", "").strip()
    if db:
        return str(db)
    from pohang_cli.storage import default_database_path

    return str(default_database_path(os.environ))


def _documents(ctx: Any, table: str) -> Iterable[dict[str, Any]]:
    from pohang_cli.storage.uri import names_postgres

    db = _named_database(ctx)
    if names_postgres(db):
        return _server_documents(db, table)
    from pohang_cli.storage import read_table_documents

    path = Path(db)
    if not path.is_file():
        return ()  # no database yet: nothing to offer, and nothing is created
    try:
        return read_table_documents(path, table).values()
    except Exception:  # a damaged file: a TAB offers nothing and prints no traceback; `pohang doctor` says why
        return ()


def _server_documents(uri: str, table: str) -> Iterable[dict[str, Any]]:
    """The table's documents in a PostgreSQL database, read in one query; nothing when it cannot be read."""
    # A TAB waits for an unreachable server a few seconds, not libpq's default of for ever (or pohang's 10 s).
    os.environ.setdefault("PGCONNECT_TIMEOUT", "3")
    try:
        from pohang_cli.models import Kind
        from pohang_cli.storage.postgres import PostgresDatabase

        database = PostgresDatabase(uri, lock_timeout=1.0)
        try:
            return database.documents_of(Kind(table))
        finally:
            database.close()
    except Exception:  # no driver, no server, no right to read: a TAB offers nothing and prints nothing
        return ()


def _matching(candidates: Iterable[Candidate], incomplete: str, names: Iterable[Candidate] = ()) -> list[Candidate]:
    # Ids, then names (Korean), by their beginning: Typer offers only what starts with the typed word.
    chosen = [c for c in candidates if c[0].startswith(incomplete)]
    seen = {value for value, _ in chosen}
    chosen += [c for c in names if c[0].startswith(incomplete) and c[0] not in seen]
    return chosen


def complete_sector(ctx: Any, incomplete: str) -> list[Candidate]:
    """Sector ids, then Korean names: `battery`, `이차전지`."""
    docs = sorted(_documents(ctx, "sectors"), key=lambda d: (d.get("order") or 0, str(d.get("id"))))
    ids = [(str(d["id"]), f"{d.get('name_ko') or ''} · {d.get('name_en') or ''}") for d in docs]
    names = [(str(d["name_ko"]), str(d["id"])) for d in docs if d.get("name_ko")]
    return _matching(ids, incomplete, names)


def complete_indicator(ctx: Any, incomplete: str) -> list[Candidate]:
    """Indicator ids, then Korean names: `battery.investment`, `양극재 생산량`."""
    docs = sorted(_documents(ctx, "indicators"), key=lambda d: str(d.get("id")))
    ids = [(str(d["id"]), str(d.get("name_ko") or d.get("name_en") or "")) for d in docs]
    names = [(str(d["name_ko"]), str(d["id"])) for d in docs if d.get("name_ko")]
    return _matching(ids, incomplete, names)


def complete_target(ctx: Any, incomplete: str) -> list[Candidate]:
    """Target ids (`battery.investment@2027`), current ones first."""
    docs = sorted(_documents(ctx, "targets"), key=lambda d: (bool(d.get("superseded_by")), str(d.get("id"))))
    return _matching(((str(d["id"]), str(d.get("deadline") or "")) for d in docs), incomplete)


def complete_milestone(ctx: Any, incomplete: str) -> list[Candidate]:
    """Milestone numbers, with their titles beside them in zsh and fish."""
    docs = sorted(_documents(ctx, "milestones"), key=lambda d: int(d.get("id") or 0))
    return _matching(((str(d["id"]), str(d.get("title") or "")) for d in docs), incomplete)


def complete_observation(ctx: Any, incomplete: str) -> list[Candidate]:
    """Observation ids (`battery.investment:2023`): read only when asked for, as they are most of a database."""
    docs = sorted(_documents(ctx, "observations"), key=lambda d: str(d.get("id")))
    return _matching(((str(d["id"]), str(d.get("date") or "")) for d in docs), incomplete)


REMOVABLE = {
    "observation": complete_observation,
    "milestone": complete_milestone,
    "target": complete_target,
    "indicator": complete_indicator,
}


def complete_removal(ctx: Any, incomplete: str) -> list[Candidate]:
    """`pohang remove [KIND] ID`: the kinds first, then the ids of the kind given."""
    given = [str(word) for word in (ctx.params.get("words") or ())]
    if not given:
        return _matching(((kind, "") for kind in REMOVABLE), incomplete)
    complete = REMOVABLE.get(given[0].casefold())
    return complete(ctx, incomplete) if complete is not None and len(given) == 1 else []


def choices(values: Callable[[], Iterable[str]]) -> Completer:
    """A completer of an option's fixed choices, read from where the option's parser reads them."""

    def complete(incomplete: str) -> list[Candidate]:
        return _matching(((value, "") for value in values()), incomplete)

    return complete


def _formats() -> Iterable[str]:
    from pohang_cli.render import FORMATS

    return FORMATS


def _langs() -> Iterable[str]:
    return ("ko", "en")


def _colors() -> Iterable[str]:
    from pohang_cli.render import COLORS

    return COLORS


def _milestone_statuses() -> Iterable[str]:
    from pohang_cli.models import MilestoneStatus

    return [status.value for status in MilestoneStatus]


def _target_statuses() -> Iterable[str]:
    from pohang_cli.models import TargetStatus

    return [status.value for status in TargetStatus]


def _indicator_kinds() -> Iterable[str]:
    from pohang_cli.models import IndicatorKind

    return [kind.value for kind in IndicatorKind]


def _directions() -> Iterable[str]:
    from pohang_cli.models import Direction

    return [direction.value for direction in Direction]


def _models() -> Iterable[str]:
    from pohang_cli.models import Model

    return [model.value for model in Model]


def _record_kinds() -> Iterable[str]:
    from pohang_cli.models import Kind

    return [kind.value for kind in Kind]


def _report_formats() -> Iterable[str]:
    return ("html", "md", "xlsx")


complete_format = choices(_formats)
complete_lang = choices(_langs)
complete_color = choices(_colors)
complete_milestone_status = choices(_milestone_statuses)
complete_target_status = choices(_target_statuses)
complete_indicator_kind = choices(_indicator_kinds)
complete_direction = choices(_directions)
complete_model = choices(_models)
complete_report_format = choices(_report_formats)
complete_record_kind = choices(_record_kinds)
