"""The roles of a pohang database, named for it: a reader may SELECT, an editor may also change the records.

Each database has its own pair, `pohang_<database>_reader` and `pohang_<database>_editor` (or another prefix
given to `init --roles`, kept in `pohang.settings`), so a grant on one database never reaches another in the
same cluster. The cluster-wide `pohang_reader`/`pohang_editor` of earlier versions are left in place for the
databases not yet upgraded; `pohang migrate` makes their members members of the new roles, so nobody loses
access, and takes the old roles' privileges on this database away.

Creating roles needs CREATEROLE, which a database's owner often lacks: then the grants that can be made are
made, and `sql` gives the exact statements for the DBA (`pohang roles sql`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pohang_cli.models import Kind
from pohang_cli.storage.postgres.connection import EDITOR_ROLE, READER_ROLE, SCHEMA

if TYPE_CHECKING:
    import psycopg

# PostgreSQL cuts identifiers at 63 bytes; "_reader" and "_editor" are 7.
_LONGEST_NAME = 63
_SUFFIX = 7
OLD_ROLES = {"reader": READER_ROLE, "editor": EDITOR_ROLE}


@dataclass(frozen=True, slots=True)
class Roles:
    """The two roles of one database."""

    reader: str
    editor: str

    def of(self, kind: str) -> str:
        return self.reader if kind == "reader" else self.editor


def prefix_for(text: str) -> str:
    """A role prefix that leaves room for `_reader` in 63 bytes: a long one is cut and ends with a hash."""
    room = _LONGEST_NAME - _SUFFIX
    if len(text.encode()) <= room:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    cut = text.encode()[: room - 9].decode(errors="ignore")
    return f"{cut}_{digest}"


def roles_of(conn: psycopg.Connection[Any]) -> Roles:
    """The roles of this database: the stored prefix, else `pohang_<database name>`."""
    row = conn.execute(
        f"SELECT (SELECT roles FROM {SCHEMA}.settings), current_database()"
        if _has_settings(conn)
        else "SELECT NULL, current_database()"
    ).fetchone()
    assert row is not None
    prefix = prefix_for(str(row[0] or f"pohang_{row[1]}"))
    return Roles(f"{prefix}_reader", f"{prefix}_editor")


def store_prefix(conn: psycopg.Connection[Any], prefix: str) -> None:
    conn.execute(f"UPDATE {SCHEMA}.settings SET roles = %s", (prefix_for(prefix),))


def _has_settings(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.settings",)).fetchone()
    return bool(row and row[0])


def statements(conn: psycopg.Connection[Any], roles: Roles, *, create: bool = True) -> list[str]:
    """The SQL that gives both roles their privileges on this database (and, with `create`, makes them)."""
    from psycopg import sql

    def name(text: str) -> str:
        return sql.Identifier(text).as_string(conn)

    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    database = name(str(row[0]))
    reader, editor = name(roles.reader), name(roles.editor)
    tables = ", ".join(
        f"{SCHEMA}.{table}" for table in [*(kind.value for kind in Kind), "log", "log_head", "schema_version"]
    )
    found = (
        [
            f"CREATE ROLE {reader} NOLOGIN;",
            f"CREATE ROLE {editor} NOLOGIN;",
        ]
        if create
        else []
    )
    return [
        *found,
        f"GRANT CONNECT ON DATABASE {database} TO {reader}, {editor};",
        f"GRANT TEMPORARY ON DATABASE {database} TO {editor};",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {reader}, {editor};",
        f"GRANT SELECT ON {tables}, {SCHEMA}.settings TO {reader}, {editor};",
        f"GRANT SELECT ON SEQUENCE {SCHEMA}.milestone_ids TO {reader};",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(f'{SCHEMA}.{kind.value}' for kind in Kind)} TO {editor};",
        # The database writes the log itself (schema/005): nobody else may add, change or remove an entry.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {SCHEMA}.log, {SCHEMA}.log_head FROM {editor};",
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {SCHEMA}.milestone_ids TO {editor};",
    ]


def existing(conn: psycopg.Connection[Any], names: list[str]) -> set[str]:
    rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (names,)).fetchall()
    return {str(r[0]) for r in rows}


def may_create_roles(conn: psycopg.Connection[Any], user: str | None = None) -> bool:
    """Whether `user` (default: this session's) may create roles."""
    row = conn.execute(
        "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = coalesce(%s, current_user)", (user,)
    ).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True, slots=True)
class RolePlan:
    """What granting this database's roles takes: the statements this user may run, and those left for the DBA.

    `moves` are the members of the cluster-wide roles of earlier versions who become members of this
    database's roles: (user, old role, new role).
    """

    roles: Roles
    run: list[str]
    moves: list[tuple[str, str, str]]
    left: list[str]


def plan(conn: psycopg.Connection[Any], user: str | None = None) -> RolePlan:
    """The statements that create this database's roles, grant them the schema, and move the old roles' members.

    Read only: `grant` runs what it returns, `pohang migrate --dry-run` prints it.

    Args:
        user: whose privileges decide what is left for the DBA (default: this session's user); a dry run
            shown to someone else is the plan of the schema's owner, who runs it.
    """
    from psycopg import sql

    roles = roles_of(conn)
    found = existing(conn, [roles.reader, roles.editor])
    missing = [role for role in (roles.reader, roles.editor) if role not in found]
    creates = [sql.SQL("CREATE ROLE {} NOLOGIN;").format(sql.Identifier(role)).as_string(conn) for role in missing]
    if missing and not may_create_roles(conn, user):
        return RolePlan(roles, [], [], creates + statements(conn, roles, create=False))
    run, left = creates + statements(conn, roles, create=False), list[str]()
    moves: list[tuple[str, str, str]] = []
    for kind, old in OLD_ROLES.items():
        new = roles.of(kind)
        if old == new or not existing(conn, [old]):
            continue
        members = _members_of(conn, old)
        moves += [(member, old, new) for member in members]
        granted = [
            sql.SQL("GRANT {} TO {};").format(sql.Identifier(new), sql.Identifier(member)).as_string(conn)
            for member in members
        ]
        # The old role then loses its privileges here, so it reaches only the databases not yet upgraded.
        revoked = [
            sql.SQL("REVOKE ALL ON " + what + " {} FROM {};")
            .format(sql.Identifier(SCHEMA), sql.Identifier(old))
            .as_string(conn)
            for what in ("ALL TABLES IN SCHEMA", "ALL SEQUENCES IN SCHEMA", "SCHEMA")
        ]
        # Granting a role needs its ADMIN OPTION (or, before PostgreSQL 16, CREATEROLE).
        may = not members or new in missing or _may_grant(conn, new, user)
        (run if may else left).extend(granted + revoked)
    return RolePlan(roles, run, moves, left)


def grant(conn: psycopg.Connection[Any]) -> list[str]:
    """Create this database's roles where this user may, grant them the schema, and move the old roles' members.

    Returns:
        The statements that could not be run for want of a privilege (for the DBA), empty when all were.
    """
    planned = plan(conn)
    for statement in planned.run:
        conn.execute(statement.encode())
    return planned.left


def _may_grant(conn: psycopg.Connection[Any], role: str, user: str | None) -> bool:
    row = conn.execute(
        "SELECT rolsuper OR (rolcreaterole AND current_setting('server_version_num')::int < 160000) "
        "OR pg_has_role(rolname, %s, 'USAGE WITH ADMIN OPTION') FROM pg_roles "
        "WHERE rolname = coalesce(%s, current_user)",
        (role, user),
    ).fetchone()
    return bool(row and row[0])


def _members_of(conn: psycopg.Connection[Any], role: str) -> list[str]:
    rows = conn.execute(
        "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE r.rolname = %s ORDER BY 1",
        (role,),
    ).fetchall()
    return [str(row[0]) for row in rows]


def members(conn: psycopg.Connection[Any], roles: Roles) -> list[tuple[str, str]]:
    """Who holds which of this database's roles: (user, reader|editor), by user."""
    rows = conn.execute(
        "SELECT m.rolname, r.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE r.rolname = ANY(%s) ORDER BY 1, 2",
        ([roles.reader, roles.editor],),
    ).fetchall()
    return [(str(user), "reader" if role == roles.reader else "editor") for user, role in rows]


def set_role(conn: psycopg.Connection[Any], user: str, kind: str | None) -> None:
    """Make `user` hold exactly this role of the database (`reader` or `editor`), or none."""
    from psycopg import sql

    roles = roles_of(conn)
    for role in (roles.reader, roles.editor):
        if kind is None or role != roles.of(kind):
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(role), sql.Identifier(user)))
    if kind is not None:
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.of(kind)), sql.Identifier(user)))
