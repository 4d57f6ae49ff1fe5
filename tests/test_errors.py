"""Library errors speak in the library's terms (``pages=0``); the command line names its flags (``--pages 0``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.chronology.build import build_chronology
from chronolane.cli import app
from chronolane.cli.app import FLAGS
from chronolane.dates.value import parse_texts
from chronolane.errors import ChronolaneError, UsageError
from chronolane.follow_ups.find import find_follow_ups
from chronolane.measures.gaps import find_gaps
from chronolane.schema.limits import DEFAULT_LIMITS
from chronolane.swimlane.save import draw_pages
from chronolane.workflows import export_chronology, plot_chronology

runner = CliRunner()

AGENCY_FILE = "Date,Type,Details\n05/01/2018,Birth,Baby born\n16/01/2018,Health visit,New birth visit\n"


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "health-visiting.csv").write_text(AGENCY_FILE, encoding="utf-8")
    return folder


def library_calls(case_dir: Path, tmp_path: Path) -> dict[str, Callable[[], object]]:
    """Library calls with one bad argument each, keyed by the text the message must hold."""
    frame = build_chronology(case_dir).frame
    taken = tmp_path / "taken.csv"
    taken.write_text("x", encoding="utf-8")
    return {
        "pages=0": lambda: draw_pages(frame, pages=0),
        "pages=2: several pages need a .pdf": lambda: plot_chronology(case_dir, tmp_path / "c.png", pages=2),
        "start='sometime' is not a date": lambda: find_gaps(frame, start="sometime"),
        "end='sometime' is not a date": lambda: find_follow_ups(frame, rules="wt2023", end="sometime"),
        "after='sometime' does not read as a date": lambda: parse_texts(["March 2018"], after="sometime"),
        "settings='rows=0'": lambda: DEFAULT_LIMITS.with_settings(["rows=0"]),
        "Use force=True": lambda: export_chronology(frame, taken, chart=False),
    }


@pytest.mark.parametrize(
    "expected",
    [
        "pages=0",
        "pages=2: several pages need a .pdf",
        "start='sometime' is not a date",
        "end='sometime' is not a date",
        "after='sometime' does not read as a date",
        "settings='rows=0'",
        "Use force=True",
    ],
)
def test_library_errors_name_the_parameter_not_a_command_line_flag(
    case_dir: Path, tmp_path: Path, expected: str
) -> None:
    with pytest.raises(ChronolaneError) as raised:
        library_calls(case_dir, tmp_path)[expected]()
    assert expected in str(raised.value)
    assert "--" not in str(raised.value)
    assert raised.value.parameters and set(raised.value.parameters) <= set(FLAGS)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plot", "{case}", "-o", "{tmp}/c.png", "--pages", "2"], "--pages 2: several pages need a .pdf"),
        (["plot", "{case}", "-o", "{tmp}/c.png", "--from", "sometime"], "--from 'sometime' is not a date"),
        (["gaps", "{case}", "--to", "sometime"], "--to 'sometime' is not a date"),
        (["follow-ups", "{case}", "--rules", "wt2023", "--from", "sometime"], "--from 'sometime' is not a date"),
        (["date", "March 2018", "--after", "sometime"], "--after 'sometime' does not read as a date"),
        (["build", "{case}", "-o", "{tmp}/b.csv", "--limit", "rows=0"], "--limit 'rows=0'"),
        (["export", "{case}", "-o", "{tmp}/taken.csv"], "Use --force to overwrite it"),
    ],
)
def test_the_command_line_names_its_flags_where_the_library_names_parameters(
    case_dir: Path, tmp_path: Path, args: list[str], expected: str
) -> None:
    (tmp_path / "taken.csv").write_text("x", encoding="utf-8")
    result = runner.invoke(app, [a.format(case=case_dir, tmp=tmp_path) for a in args])
    assert result.exit_code in (1, 2), result.output
    assert expected in result.stderr
    assert not re.search(r"\b(pages|start|end|after|settings|force)=", result.stderr)


def test_naming_writes_values_switches_and_bare_names_as_flags() -> None:
    error = UsageError(
        "start='x' is not a date; use force=True, or widen start=/end= and case_folder=.",
        parameter=("start", "end", "force", "case_folder"),
    )
    flags = {"start": "--from", "end": "--to", "force": "--force", "case_folder": "--case-folder"}
    assert error.naming(flags) == "--from 'x' is not a date; use --force, or widen --from/--to and --case-folder."


def test_naming_leaves_parameters_the_error_does_not_list_and_words_that_merely_contain_them() -> None:
    error = UsageError("restart=1 and pages=2 and start=3", parameter="start")
    assert error.naming({"start": "--from", "pages": "--pages"}) == "restart=1 and pages=2 and --from 3"
