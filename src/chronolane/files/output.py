"""Writing output files: atomically, beside their destination, readable and writable by their owner only."""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from chronolane.errors import ChronolaneError, OutputError, UsageError

#: Permissions of every file chronolane writes, whatever the umask: chronologies are special category
#: personal data, so outputs are for their owner only until the owner decides to share them.
OUTPUT_MODE = 0o600

#: What to tell the user for the operating system's reasons a write fails.
_WRITE_FAILURES = {
    errno.ENOSPC: "the disk is full; free some space or write to another disk",
    errno.EDQUOT: "the disk quota is used up; free some space or write elsewhere",
    errno.EROFS: "the folder is on a read-only disk; write to another folder",
    errno.EACCES: "permission denied; write to a folder you can write to",
    errno.EPERM: "permission denied; write to a folder you can write to",
    errno.ENOENT: "its folder does not exist; create it first",
    errno.ENOTDIR: "part of the path is a file, not a folder; choose another path",
}


def output_error(path: Path, error: OSError) -> OutputError:
    """The OutputError for a failed write of ``path``: what happened and what to do, no file contents."""
    reason = _WRITE_FAILURES.get(
        error.errno or 0, f"{error.strerror or str(error) or type(error).__name__}; check the folder"
    )
    return OutputError(f"{path}: cannot be written: {reason}. Nothing was written under that name.")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path in ``path``'s folder that replaces ``path`` only when the block succeeds.

    No half-written file is ever left under the real name, and nothing is written anywhere else. The file
    is readable and writable by its owner only (:data:`OUTPUT_MODE`), whatever the umask, also when it
    replaces a file that had wider permissions.
    An operating-system failure (disk full, read-only folder) becomes an :class:`OutputError`.
    """
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise output_error(path, error) from error
    try:
        os.fchmod(fd, OUTPUT_MODE)
        os.close(fd)
        try:
            yield Path(name)
            os.replace(name, path)
        except ChronolaneError:
            raise
        except OSError as error:
            raise output_error(path, error) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_ESCAPING_ID = re.compile(r"(^|[/\\])\.\.($|[/\\])|^[/\\~]|^[A-Za-z]:")


def case_file_stem(case_id: str) -> str:
    """The file-name stem for a case's outputs: the case id with anything but letters, digits, ``.``, ``_`` and
    ``-`` turned into ``-``; UsageError for an id that names another place (``../x``, ``/etc/x``, ``C:x``)."""
    if _ESCAPING_ID.search(case_id):
        raise UsageError(
            f"case_id {case_id!r} looks like a path to another folder; output files are named from the case "
            "id and must stay in the output folder. Give the case a plain id (in case.toml or the case_id column)."
        )
    stem = _UNSAFE_NAME.sub("-", case_id).strip("-.")
    if not stem:
        raise UsageError(
            f"case_id {case_id!r} has no letters or digits to name its output files with. Give the case a plain id."
        )
    return stem[:120]


def in_same_folder(path: Path, name: str) -> Path:
    """``path`` renamed to ``name`` (a name made from data, such as a pseudonymised one) in the same folder:
    separators in ``name`` become ``-``, so it can never point at another folder."""
    safe = re.sub(r"[/\\\x00]", "-", name)
    if safe in ("", ".", ".."):
        raise UsageError(f"{path}: the output name would become {name!r}, which is not a file name. Choose another.")
    return path.with_name(safe)


def output_file(folder: Path, case_id: str, suffix: str) -> Path:
    """``folder/<case file stem><suffix>``, checked to resolve inside ``folder``."""
    path = folder / f"{case_file_stem(case_id)}{suffix}"
    if not path.resolve().is_relative_to(folder.resolve()):
        raise UsageError(f"{path}: would be written outside the output folder {folder}; give the case a plain id.")
    return path


#: Environment variable naming a folder where chronolane may keep caches between runs (matplotlib's fonts).
CACHE_ENV = "CHRONOLANE_CACHE"


def keep_matplotlib_out_of_home() -> None:
    """Point matplotlib's config and font cache at $CHRONOLANE_CACHE/matplotlib, or else at a temporary
    folder removed at exit, never ~/.cache or ~/.config. Call before matplotlib is imported; it does nothing
    when matplotlib is already loaded or MPLCONFIGDIR is set (the user's own choice)."""
    if "matplotlib" in sys.modules or os.environ.get("MPLCONFIGDIR"):
        return
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        folder = str(Path(chosen) / "matplotlib")
    else:
        folder = tempfile.mkdtemp(prefix="chronolane-matplotlib-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = folder
