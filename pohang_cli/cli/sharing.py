"""Setting a database up: `init`, `migrate` to a newer schema, and `roles` for who may use a PostgreSQL database."""

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
    _print_for_dba(
        output,
        _(
            "could not create this database's roles (creating roles needs CREATEROLE), so nobody but you may use it "
            "yet; ask the DBA to run (also printed by `pohang roles sql`):"
        ),
        statements,
    )


def _print_for_dba(output: Any, what_and_why: str, statements: list[str]) -> None:
    """What could not be done and why, then the SQL that does it, indented, on stderr (even with -q)."""
    output.err.write(what_and_why + "\n")
    for statement in statements:
        output.err.write(f"  {statement}\n")
    output.err.flush()


@app.command()
@handle_errors
def migrate(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what the upgrade would do, and change nothing.")
    ] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Upgrade the database to this pohang's schema version; prints the version it then has.

    On PostgreSQL only the owner of pohang's schema may upgrade it, and only with this command: the
    migrations run in one transaction, and the members of the cluster-wide roles of earlier versions
    (pohang_reader, pohang_editor) become members of the database's own roles. --dry-run prints the SQL
    first. A file is rewritten in the new version, its original kept as .bak-vN (its first write does the
    same on its own).

    \b
    Examples:
      pohang migrate --dry-run --db postgresql://db.example.org/pohang
      pohang migrate --db postgresql://db.example.org/pohang
    """
    output = make_output("tsv", None, "never", None, quiet)
    database = open_existing_database(db, output)
    done = database.upgrade(dry_run=dry_run)
    if done.current:
        if not dry_run:
            output.line(str(done.version))
        output.note(
            _("{database} is at schema version {version}, this pohang's; nothing to do").format(
                database=done.database, version=done.version
            )
        )
        return
    if dry_run:
        for line in done.script:
            output.line(line)
        output.note(
            _(
                "dry run: nothing was changed; {owner}, the owner of pohang's schema, applies it with `pohang migrate`"
            ).format(owner=done.owner)
            if done.owner
            else _("dry run: nothing was changed; `pohang migrate` applies it, keeping the original as {path}").format(
                path=done.kept_as
            )
        )
        return
    output.line(str(done.latest))
    output.note(
        _("upgraded {database} from schema version {version} to {latest}").format(
            database=done.database, version=done.version, latest=done.latest
        )
    )
    if done.kept_as:
        output.note(_("the original is kept as {path}").format(path=done.kept_as))
    if done.left_for_dba:
        _say_what_is_left_of_roles(output, done.left_for_dba)
        return
    for member, old, new in done.moves:
        output.note(_("{user} held {old} and now holds {new}").format(user=member, old=old, new=new))


def _say_what_is_left_of_roles(output: Any, statements: list[str]) -> None:
    """An upgrade that could not create or grant the roles: who keeps access meanwhile, and the SQL; even with -q."""
    _print_for_dba(
        output,
        _(
            "could not create or grant this database's roles (that needs CREATEROLE, or the roles' ADMIN OPTION); "
            "whoever held pohang_reader or pohang_editor keeps that access until the DBA runs:"
        ),
        statements,
    )


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
