"""Output files are written atomically, beside their destination, readable by their owner only."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chronolane.errors import OutputError, UsageError
from chronolane.files.output import (
    CACHE_ENV,
    OUTPUT_MODE,
    atomic_path,
    case_file_stem,
    keep_matplotlib_out_of_home,
    output_file,
    write_atomic,
)


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


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the folder is on a read-only disk"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_full_or_read_only_disk_is_named_and_leaves_no_partial_file(tmp_path: Path, code: int, said: str) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(OutputError, match=f"out.csv: cannot be written: {said}"), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise OSError(code, os.strerror(code))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_take_a_temporary_file_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="its folder does not exist"):
        write_atomic(tmp_path / "missing" / "out.csv", b"x")


def test_a_write_over_the_file_size_limit_is_an_output_error_and_leaves_nothing(tmp_path: Path) -> None:
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from chronolane.files.output import write_atomic\n"
        "from chronolane.errors import OutputError\n"
        "try:\n"
        "    write_atomic(Path(sys.argv[1]), b'x' * 5000)\n"
        "except OutputError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "out.csv")], capture_output=True, text=True, timeout=120
    )
    assert "out.csv: cannot be written" in done.stdout, done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("case_id", "stem"),
    [("baby-b", "baby-b"), ("Case 1/2019", "Case-1-2019"), ("Ünal family", "Ünal-family"), ("..hidden", "hidden")],
)
def test_output_names_are_a_slug_of_the_case_id(tmp_path: Path, case_id: str, stem: str) -> None:
    assert case_file_stem(case_id) == stem
    assert output_file(tmp_path, case_id, ".png") == tmp_path / f"{stem}.png"


@pytest.mark.parametrize("case_id", ["../../../x", "/etc/cron.d/x", "a/../../x", "C:evil", "~root/x", "...", "/"])
def test_a_case_id_that_names_another_place_is_refused(tmp_path: Path, case_id: str) -> None:
    with pytest.raises(UsageError, match="case_id"):
        output_file(tmp_path, case_id, ".png")


def test_an_output_name_that_is_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "baby.png").symlink_to(tmp_path / "elsewhere.png")
    with pytest.raises(UsageError, match="outside the output folder"):
        output_file(out, "baby", ".png")


def test_plotting_writes_no_matplotlib_cache_or_config_under_home(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    (case / "police.csv").write_text("Date,Details\n01/02/2018,Visit\n03/04/2018,Visit\n", encoding="utf-8")
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_", "CHRONOLANE"))}
    env.update(HOME=str(home), TMPDIR=str(temp))
    done = subprocess.run(
        [sys.executable, "-m", "chronolane", "plot", str(case), "-o", str(tmp_path / "chart.png")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert list(home.rglob("*")) == []
    assert list(temp.iterdir()) == []  # the temporary matplotlib folder is removed at exit


def test_the_matplotlib_folder_can_be_kept_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", "")  # unset in effect, and restored after the test
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delitem(sys.modules, "matplotlib")  # as before matplotlib is first imported; put back after
    keep_matplotlib_out_of_home()
    assert os.environ["MPLCONFIGDIR"] == str(tmp_path / "cache" / "matplotlib")
