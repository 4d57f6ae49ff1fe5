"""Output files are written atomically, beside their destination, readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from chronolane.files import OUTPUT_MODE, atomic_path, write_atomic


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_a_written_file_is_owner_only_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "out.csv", b"x")
    finally:
        os.umask(old)
    assert OUTPUT_MODE == 0o600
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o600


def test_replacing_a_world_readable_file_leaves_it_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"new"


def test_a_failed_write_leaves_neither_a_half_file_nor_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("drawing failed")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]
