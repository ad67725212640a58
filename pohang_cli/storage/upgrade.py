"""What `pohang migrate` did, or with `--dry-run` would do, to a database of either backend."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Upgrade:
    """An upgrade of one database from the schema version it had to the one this pohang speaks.

    Attributes:
        database: the database as messages name it.
        version: the schema version it had.
        latest: the schema version this pohang speaks.
        owner: who may run the upgrade (PostgreSQL: the schema's owner); empty for a file.
        script: what `--dry-run` prints, line by line (PostgreSQL: an SQL script).
        kept_as: a file's copy of the original, kept before it is rewritten.
        moves: PostgreSQL: (user, old role, new role) for each member of the cluster-wide roles moved.
        left_for_dba: PostgreSQL: the statements this user may not run (creating or granting roles).
    """

    database: str
    version: int
    latest: int
    owner: str
    script: tuple[str, ...]
    kept_as: str | None = None
    moves: list[tuple[str, str, str]] = field(default_factory=list)
    left_for_dba: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.version >= self.latest
