"""The schema and its migrations: numbered `.sql` files in `schema/`, run in order inside one transaction.

`schema/NNN_what.sql` brings a database from version NNN-1 to NNN; `001_schema.sql` creates it. Adding a
migration is adding a file: the version this pohang speaks is the highest number found. Each file runs
whole, in the caller's transaction, so a failed upgrade leaves the database as it was. After the files,
the grants are applied again, so a table a migration adds is covered by the roles too.

An existing database is upgraded only by its owner's `pohang migrate`, never as a side effect of another
command: `plan` is what `migrate --dry-run` prints, and `migrate` runs exactly those statements.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from pohang_cli.storage.postgres.connection import SCHEMA
from pohang_cli.storage.postgres.grants import RolePlan, grant, store_prefix
from pohang_cli.storage.postgres.grants import plan as plan_roles

if TYPE_CHECKING:
    import psycopg

_FILE_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One file of schema/: the version it brings the database to, its name and its SQL."""

    version: int
    name: str
    sql: str


@functools.cache
def migrations() -> tuple[Migration, ...]:
    """Every migration shipped with pohang, in order; numbered 1, 2, ... without gaps or repeats.

    Raises:
        RuntimeError: a file is misnamed, or two share a number (a packaging mistake, caught by the tests).
    """
    found = []
    for entry in resources.files(__package__).joinpath("schema").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.match(entry.name)
        if match is None:
            raise RuntimeError(f"schema/{entry.name}: a migration is named NNN_words.sql")
        found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    numbers = [migration.version for migration in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"schema/: migrations must be numbered 1, 2, ... once each, found {numbers}")
    return tuple(found)


def latest() -> int:
    """The schema version this pohang speaks: the number of its last migration."""
    return migrations()[-1].version


def version(conn: psycopg.Connection[Any]) -> int | None:
    """The database's schema version; None when it holds no pohang schema."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)).fetchone()
    if not row or not row[0]:
        return None
    found = conn.execute(f"SELECT version FROM {SCHEMA}.schema_version").fetchone()
    return int(found[0]) if found else None


def version_statement() -> str:
    """The statement that records this pohang's schema version (the table is empty in a new schema)."""
    return (
        f"INSERT INTO {SCHEMA}.schema_version (version) VALUES ({latest()}) "
        "ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version;"
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """What upgrading a database from `version` takes: the migration files after it, then the roles' statements."""

    version: int
    files: tuple[Migration, ...]
    roles: RolePlan

    def statements(self) -> list[str]:
        """Every statement the upgrade runs, in order (a file is one statement of many)."""
        return [*(migration.sql for migration in self.files), version_statement(), *self.roles.run]


def plan(conn: psycopg.Connection[Any], current: int, *, user: str | None = None) -> Plan:
    """The upgrade of a database of schema version `current`, run by `user` (default: this session's); reads only."""
    return Plan(current, tuple(m for m in migrations() if m.version > current), plan_roles(conn, user))


def run(conn: psycopg.Connection[Any], planned: Plan) -> None:
    """Run a plan in the caller's transaction: a failure leaves the database as it was."""
    for statement in planned.statements():
        # No parameters: psycopg sends the text as one simple query, every statement of it in order.
        conn.execute(statement.encode())


def migrate(conn: psycopg.Connection[Any], current: int, *, roles: str | None = None) -> list[str]:
    """Run every migration after version `current` (0: create the schema), then the grants.

    In the caller's transaction: a failure leaves the database as it was.

    Args:
        roles: the prefix of the database's roles (`init --roles`); None keeps the stored one.

    Returns:
        The SQL this user could not run (creating the roles needs CREATEROLE), for the DBA.
    """
    for migration in migrations():
        if migration.version > current:
            # No parameters: psycopg sends the file as one simple query, every statement of it in order.
            conn.execute(migration.sql.encode())
    conn.execute(version_statement().encode())
    if roles is not None:
        store_prefix(conn, roles)
    return grant(conn)
