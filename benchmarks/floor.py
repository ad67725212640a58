"""The physical floor of a command on a database file: what a bare Python costs to read it, and to rewrite it.

    python benchmarks/floor.py parse FILE           # read the file and parse it with orjson
    python benchmarks/floor.py write FILE SCRATCH   # the same, then encode it as pohang does and write
                                                    # SCRATCH through a temp file, fsync and rename

No command reading FILE can do less than `parse`, none writing it less than `write`: benchmarks/run.py
measures `status`, `record` and `add-milestone` side by side with these. Only orjson and the standard
library are imported, nothing of pohang's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import orjson


def parse(path: Path) -> object:
    return orjson.loads(path.read_bytes())


def write(path: Path, scratch: Path) -> None:
    # The options of pohang's own encoder (storage/files.py), so the bytes are the same.
    payload = orjson.dumps(parse(path), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    fd, name = tempfile.mkstemp(prefix=f".{scratch.name}.", suffix=".tmp", dir=scratch.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(name, scratch)
    directory = os.open(scratch.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "parse":
        parse(Path(argv[1]))
    elif len(argv) == 3 and argv[0] == "write":
        write(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
