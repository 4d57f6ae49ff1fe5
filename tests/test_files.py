"""Output files are written atomically, beside their destination, with the user's usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from chronolane.files import atomic_path, write_atomic


def test_a_written_file_follows_the_umask_not_the_temporary_files_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.csv", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_a_failed_write_leaves_neither_a_half_file_nor_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("drawing failed")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]
