"""Start-up: help texts load no data library, reading a date loads no pandas, and only the commands that read,
write or draw workbooks, Word files or charts load those libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chronolane.cli import COMMANDS

#: Libraries that only the commands reading or writing workbooks, Word files or charts need.
WORKBOOK_WORD_PLOTTING = {"openpyxl", "docx", "matplotlib", "xlrd", "odf", "xlsxwriter", "defusedxml"}
#: Libraries of the data work itself: tables, arrays, date fallbacks, bank holidays, the Dask engine.
DATA = {"pandas", "pyarrow", "numpy", "dateparser", "holidays", "dask", "distributed"}


def imported(*args: str) -> set[str]:
    """Top-level packages imported by ``chronolane ARGS``, from Python's own import log."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chronolane", *args], capture_output=True, text=True, check=True
    )
    return {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}


@pytest.mark.parametrize("command", [(), *((name,) for name, _ in COMMANDS)], ids=lambda c: " ".join(c) or "-")
def test_help_imports_no_data_workbook_word_or_plotting_library(command: tuple[str, ...]) -> None:
    assert imported(*command, "--help") & (DATA | WORKBOOK_WORD_PLOTTING) == set()


def test_reading_a_date_imports_no_pandas_pyarrow_dask_workbook_word_or_plotting_library() -> None:
    assert imported("date", "March 2019") & ({"pandas", "pyarrow", "dask"} | WORKBOOK_WORD_PLOTTING) == set()


def test_the_import_log_does_show_pandas_when_a_command_uses_it(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Date,Details\n01/02/2020,Seen\n", encoding="utf-8")
    assert {"pandas", "pyarrow"} <= imported("build", str(tmp_path / "a.csv"), "-o", str(tmp_path / "out.csv"))


def test_the_import_log_does_show_a_library_a_command_uses(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Date,Details\n01/02/2020,Seen\n", encoding="utf-8")
    assert "xlsxwriter" in imported("export", str(tmp_path / "a.csv"), "-o", str(tmp_path / "a.xlsx"))


def arrow_pool(env: dict[str, str]) -> str:
    """The Arrow allocator a ``chronolane`` command runs with (the command itself replaced by a no-op)."""
    code = (
        "import importlib; cli = importlib.import_module('chronolane.cli.app'); cli.app = lambda: None; cli.main(); "
        "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return done.stdout.strip()


@pytest.mark.skipif(sys.platform != "linux", reason="jemalloc is chosen on Linux only")
def test_commands_use_jemalloc_unless_the_user_chose_an_arrow_allocator() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert arrow_pool(env) == "jemalloc"
    assert arrow_pool({**env, "ARROW_DEFAULT_MEMORY_POOL": "system"}) == "system"
