"""`chronolane build` and `chronolane check` from the command line: output, summary, exit codes, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.chronology.io import read_chronology
from chronolane.cli import app
from chronolane.schema.columns import COLUMNS

MESSY = Path(__file__).parent / "data" / "messy-case"
runner = CliRunner()


def test_build_writes_the_chronology_and_a_summary_to_stderr(tmp_path: Path) -> None:
    out = tmp_path / "integrated.csv"
    result = runner.invoke(app, ["build", str(MESSY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "32 records from 5 file(s)" in result.stderr
    assert "Issues (rows):" in result.stderr
    assert len(read_chronology(out).frame) == 32


def test_build_without_output_writes_csv_to_stdout() -> None:
    result = runner.invoke(app, ["build", str(MESSY)])
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.startswith(",".join(f'"{c}"' for c in COLUMNS))


def test_strict_exits_1_when_a_row_has_an_error_level_issue(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(MESSY), "-o", str(tmp_path / "x.csv"), "--strict"])
    assert result.exit_code == 1
    assert (tmp_path / "x.csv").exists()  # the chronology is still written


def test_check_reports_without_writing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(MESSY)])
    assert result.exit_code == 1  # the messy case has malformed rows
    assert "malformed-row 3" in result.stderr
    # Issue 10: the problems themselves now go to standard output, one line each.
    assert sum(": malformed-row" in line for line in result.stdout.splitlines()) == 3
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["build", str(MESSY), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert runner.invoke(app, ["build", str(MESSY), "-o", str(out), "--force"]).exit_code == 0


def test_an_input_file_is_never_the_output(tmp_path: Path) -> None:
    source = tmp_path / "gp.csv"
    source.write_text("Date,Details\n01/02/2018,Seen\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(source), "-o", str(source), "--force"])
    assert result.exit_code == 2 and "input" in result.stderr
    assert source.read_text(encoding="utf-8") == "Date,Details\n01/02/2018,Seen\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"gp.csv": "Date\n2018\n", "police.pdf": "%PDF-1.7"}, "police.pdf: this is a PDF document"),
        ({"case.toml": 'date_order = "ymd"\n', "gp.csv": "Date\n2018\n"}, "'date_order' must be one of"),
        ({"old.doc": "x", "scan.pdf": "x"}, "2 files cannot be read"),
    ],
)
def test_errors_are_one_line_messages_without_traceback(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_case_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "build", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.exception is not None and type(result.exception).__name__ == "CaseError"


def test_python_dash_m_chronolane_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "chronolane", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    for command in ("build", "check", "date", "gaps", "plot", "export", "figures"):
        assert command in done.stdout
