"""Setting a database up: `init`, and `roles` for who may read and write a PostgreSQL database."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pohang_cli.cli.common import app, handle_errors, make_output, open_database, open_existing_database
from pohang_cli.cli.options import DbOption, FieldsOption, FormatOption, QuietOption
from pohang_cli.errors import InputError
from pohang_cli.i18n import _

ROLE_FIELDS = ("user", "role")


@app.command()
@handle_errors
def init(
    empty: Annotated[
        bool, typer.Option("--empty", help="Start with the five sectors and no other records instead of the sample.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing database (kept as .bak).")] = False,
    roles: Annotated[
        str | None,
        typer.Option("--roles", metavar="PREFIX", help="PostgreSQL: name the roles PREFIX_reader and PREFIX_editor."),
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Create the database from the bundled sample (or empty with --empty); prints its path.

    \b
    Examples:
      pohang init
      pohang init --empty --db council.json
    """
    from pohang_cli.models import Dataset
    from pohang_cli.storage import load_sample

    output = make_output("tsv", None, "never", None, quiet)
    database = open_database(db, output, create_default=False)
    if roles is not None:
        if not hasattr(database, "roles_prefix") or not roles.strip():
            raise InputError(_("--roles names the roles of a PostgreSQL database: give a prefix and a URI in --db"))
        database.roles_prefix = roles.strip()
    sample = load_sample()
    # An empty database keeps the five sectors of the policy: without a sector nothing can be entered.
    dataset = Dataset(sectors=dict(sample.sectors)) if empty else sample
    database.create(dataset, overwrite=force)
    output.line(database.name)
    output.note(
        (_("created an empty database at {path}") if empty else _("created a sample database at {path}")).format(
            path=database.name
        )
    )
    say_what_is_left(output, getattr(database, "left_for_dba", []))


def say_what_is_left(output: Any, statements: list[str]) -> None:
    """Name what could not be set up for want of CREATEROLE, and the SQL for the DBA; even with -q."""
    if not statements:
        return
    output.err.write(
        _(
            "could not create this database's roles (creating roles needs CREATEROLE), so nobody but you may use it "
            "yet; ask the DBA to run (also printed by `pohang roles sql`):"
        )
        + "\n"
    )
    for statement in statements:
        output.err.write(f"  {statement}\n")
    output.err.flush()


@app.command()
@handle_errors
def roles(
    action: Annotated[str | None, typer.Argument(metavar="[sql|apply|grant|revoke]", help="What to do.")] = None,
    user: Annotated[str | None, typer.Argument(metavar="[USER]", help="The database user to grant or revoke.")] = None,
    role: Annotated[str | None, typer.Argument(metavar="[reader|editor]", help="The role to grant.")] = None,
    db: DbOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Who may read and write a PostgreSQL database: list them, or grant, revoke and set up the roles.

    Each database has two roles of its own, pohang_<database>_reader and _editor (or the prefix given to
    `init --roles`). `roles` lists who holds which; `roles sql` prints the SQL that creates them and grants
    their privileges (for a DBA, when you may not create roles); `roles apply` grants them again once they
    exist; `roles grant USER reader|editor` and `roles revoke USER` change a user's role (the owner, with
    CREATEROLE or the roles' ADMIN OPTION).

    \b
    Examples:
      pohang roles
      pohang roles sql
      pohang roles grant minsu editor
      pohang roles revoke minsu
    """
    from pohang_cli.storage.postgres import grants

    output = make_output(fmt, None, None, fields, quiet)
    database: Any = open_existing_database(db, output)
    if not hasattr(database, "as_owner"):
        raise InputError(_("roles belong to a PostgreSQL database; a file is shared through its file permissions"))
    wanted = (action or "").strip().lower()
    if wanted in ("", "list"):
        members = database.inspect(lambda conn: grants.members(conn, grants.roles_of(conn)))
        if not members:
            output.note(_("nobody holds this database's roles yet (`pohang roles grant USER reader`)"))
        output.emit(
            lambda: ({"user": who, "role": kind} for who, kind in members),
            ROLE_FIELDS,
            lambda: _table(members, output),
        )
        return
    if wanted == "sql":
        for statement in database.inspect(lambda conn: grants.statements(conn, grants.roles_of(conn))):
            output.line(statement)
        return
    if wanted == "apply":
        say_what_is_left(output, database.as_owner("roles apply", grants.grant))
        output.note(_("granted this database's roles their privileges"))
        return
    if wanted == "grant" and user and role in ("reader", "editor"):
        database.as_owner("roles grant", lambda conn: grants.set_role(conn, user, role))
        output.note(_("{user} is now a {role} of this database").format(user=user, role=role))
        return
    if wanted == "revoke" and user and role is None:
        database.as_owner("roles revoke", lambda conn: grants.set_role(conn, user, None))
        output.note(_("{user} no longer holds a role of this database").format(user=user))
        return
    raise InputError(
        _("use `pohang roles`, `roles sql`, `roles apply`, `roles grant USER reader|editor` or `roles revoke USER`")
    )


def _table(members: list[tuple[str, str]], output: Any) -> Any:
    from pohang_cli.render.tables import generic_table

    rows = [{"user": who, "role": kind} for who, kind in members]
    return generic_table(rows, ROLE_FIELDS, width=output.console().width)
