"""A database a department shares: pohang's records in PostgreSQL, schema `pohang`, one transaction per command.

The layout is relational: one table per kind of record whose primary key is the record's public id,
foreign keys from indicators to sectors, from targets and observations to indicators, from milestones
to sectors, CHECK constraints for the closed vocabularies and the forms of stored dates.

Writers take one advisory lock per database (waiting at most POHANG_LOCK_TIMEOUT, then "busy"), so the
history of the log is a line, as with the file; they read only the rows they validate against and write
only the rows they change. Serialisation failures (a conflicting session outside pohang) are retried by
the service (`writing.retried`).

- connection.py: the driver, the connection of a command, the server's refusals as pohang's errors;
- schema/NNN_*.sql: the schema and each migration, in order; migrate.py runs them;
- grants.py: the reader and editor roles;
- tables.py: records as rows, a snapshot read, changed rows written;
- session.py: one write transaction (the service's `Session`);
- log.py: the audit log table;
- database.py: `PostgresDatabase`, which puts them together.

psycopg lives in this package and only here: file users never import it.
"""

from pohang_cli.storage.postgres.connection import EDITOR_ROLE, INSTALL_HINT, READER_ROLE, SCHEMA
from pohang_cli.storage.postgres.database import PostgresDatabase
from pohang_cli.storage.postgres.migrate import Migration, latest, migrations
from pohang_cli.storage.postgres.session import PostgresSession

__all__ = [
    "EDITOR_ROLE",
    "INSTALL_HINT",
    "READER_ROLE",
    "SCHEMA",
    "Migration",
    "PostgresDatabase",
    "PostgresSession",
    "latest",
    "migrations",
]
