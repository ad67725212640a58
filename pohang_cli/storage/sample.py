"""Where the database lives by default, and the sample database shipped in the wheel."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pohang_cli.models import Dataset
from pohang_cli.storage.database import Database


def default_database_path(environ: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/pohang/pohang.json`, with XDG's default `~/.local/share`."""
    data_home = environ.get("XDG_DATA_HOME", "").strip()
    base = Path(data_home) if data_home else Path(environ.get("HOME") or Path.home()) / ".local" / "share"
    return base / "pohang" / "pohang.json"


def bundled_sample_path() -> Path:
    """The sample database shipped in the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # pohang_cli/
    packaged = package / "sample_db.json"
    if packaged.is_file():
        return packaged
    return package.parent / "sample_db.json"


def load_sample() -> Dataset:
    """The records of the bundled sample database."""
    path = bundled_sample_path()
    return Database(path).read()


def install_sample(database: Database) -> bool:
    """Create `database` from the bundled sample unless another process already did; True if created."""
    database.path.parent.mkdir(parents=True, exist_ok=True)
    with database.locked(creating=True):
        if database.exists():
            return False
        database.write_new(load_sample())
    return True
