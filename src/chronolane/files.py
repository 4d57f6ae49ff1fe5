"""Writing output files: atomically, beside their destination, readable and writable by their owner only."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Permissions of every file chronolane writes, whatever the umask: chronologies are special category
#: personal data, so outputs are for their owner only until the owner decides to share them.
OUTPUT_MODE = 0o600


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path in ``path``'s folder that replaces ``path`` only when the block succeeds.

    No half-written file is ever left under the real name, and nothing is written anywhere else. The file
    is readable and writable by its owner only (:data:`OUTPUT_MODE`), whatever the umask, also when it
    replaces a file that had wider permissions.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, OUTPUT_MODE)
        os.close(fd)
        yield Path(name)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
