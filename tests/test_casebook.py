"""The casebook: one call writes each case's chart (PNG, PDF) and its summary, reproducibly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.cli import app
from chronolane.errors import UsageError
from chronolane.workflows import write_casebook

HV_CASE = """\
case_id = "{case_id}"
title = "Baby B"
[review_period]
start = "January 2018"
end = "autumn 2018"
[[subjects]]
id = "baby"
name = "Baby B"
role = "child"
born = "January 2018"
died = "autumn 2018"
"""
HV_ROWS = """\
Date,Type,Details,Subject
12/01/2018,New birth visit,Seen at home,baby
March 2018,Health visit,Seen at clinic,baby
,Did not attend,Clinic appointment not kept,baby
autumn 2018,Death,Baby died,baby
"""


def _case(root: Path, name: str, toml: str | None, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    if toml is not None:
        (folder / "case.toml").write_text(toml.format(case_id=name), encoding="utf-8")
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def cases(tmp_path: Path) -> tuple[Path, Path]:
    gp = "Date,Type,Details,Subject\n,Appointment,Seen by the GP,baby\n"
    dated = _case(tmp_path, "baby-b", HV_CASE, {"health-visiting.csv": HV_ROWS, "gp.csv": gp})
    undated = _case(tmp_path, "no-dates", None, {"police.csv": "Date,Type,Details\n,Incident,Called to the home\n"})
    return dated, undated


def test_writes_chart_and_summary_per_case_and_summary_only_without_dates(
    cases: tuple[Path, Path], tmp_path: Path
) -> None:
    """A dated case gets .png, .pdf and .md; a case with no dated row gets the .md saying why there is no chart."""
    out = tmp_path / "figures"
    written = write_casebook(list(cases), out)
    assert [p.name for p in written] == ["baby-b.png", "baby-b.pdf", "baby-b.md", "no-dates.md"]
    assert (out / "baby-b.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "baby-b.pdf").read_bytes().startswith(b"%PDF")
    assert "No chart: none of the rows has a date" in (out / "no-dates.md").read_text(encoding="utf-8")


def test_summary_reports_gap_missed_appointments_and_schedule(cases: tuple[Path, Path], tmp_path: Path) -> None:
    """The summary lists the open health visiting gap after March 2018, the missed appointment, the HCP outcomes."""
    write_casebook([cases[0]], tmp_path / "out")
    text = (tmp_path / "out" / "baby-b.md").read_text(encoding="utf-8")
    assert "| Health visiting |  | 2018-03-01 | (2018-11-30) | 154 to 274 | possibly | 0 |" in text
    assert "- Health visiting: 0 dated, 1 undated" in text
    assert "- undated, Health visiting: Clinic appointment not kept" in text
    assert "| baby | New birth visit |" in text
    assert "| GP |" not in text  # a lane whose contacts are all undated has no measurable gap
    assert "Not measured, every contact undated: GP (1)." in text
    assert "## Undated rows" in text


def test_summary_says_what_cannot_be_measured(cases: tuple[Path, Path], tmp_path: Path) -> None:
    """Without dates no gap is measured, and without a birth date no expected contact is checked; both are said."""
    write_casebook([cases[1]], tmp_path / "out")
    text = (tmp_path / "out" / "no-dates.md").read_text(encoding="utf-8")
    assert "None can be measured: no row is dated." in text
    assert "Not checked: no subject has a birth date." in text
    assert "- Police (Incident): Called to the home" in text


def test_summary_says_when_no_lane_has_a_dated_contact(tmp_path: Path) -> None:
    """Dated incidents and referrals alone give no gap: the summary says no lane has a dated contact."""
    case = _case(tmp_path, "incidents", None, {"police.csv": "Date,Type,Details\nMarch 2018,Incident,Called out\n"})
    write_casebook([case], tmp_path / "out")
    assert "no lane has a dated contact" in (tmp_path / "out" / "incidents.md").read_text(encoding="utf-8")


def test_output_is_byte_identical_across_runs(cases: tuple[Path, Path], tmp_path: Path) -> None:
    """Regenerating the figures changes no byte, so the committed figures only change with the data."""
    first = write_casebook([cases[0]], tmp_path / "a")
    second = write_casebook([cases[0]], tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("duplicate", "case_id 'baby-b' is also the case of"),
        ("out-is-file", "not a folder"),
        ("no-parent", "does not exist; create it first"),
        ("no-cases", "no case given"),
    ],
)
def test_refuses_what_cannot_work(cases: tuple[Path, Path], tmp_path: Path, problem: str, message: str) -> None:
    """Clashing case ids, an output that is a file or has no parent folder, and no case at all are refused."""
    dated, _ = cases
    out = tmp_path / "out"
    paths: list[Path] = [dated]
    if problem == "duplicate":
        twin = _case(tmp_path, "twin", HV_CASE.replace("{case_id}", "baby-b"), {"hv.csv": HV_ROWS})
        paths.append(twin)
    elif problem == "out-is-file":
        out.write_text("", encoding="utf-8")
    elif problem == "no-parent":
        out = tmp_path / "missing" / "out"
    else:
        paths = []
    with pytest.raises(UsageError, match=message):
        write_casebook(paths, out)
    if problem == "duplicate":
        assert not out.exists() or not any(out.iterdir())


def test_cli_figures_prints_the_written_paths(cases: tuple[Path, Path], tmp_path: Path) -> None:
    """`chronolane figures CASE... -o DIR` writes the files and prints one path per line."""
    out = tmp_path / "figs"
    result = CliRunner().invoke(app, ["figures", *map(str, cases), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(out / n) for n in ("baby-b.png", "baby-b.pdf", "baby-b.md", "no-dates.md")
    ]


def test_cli_figures_reports_a_missing_case_without_traceback(tmp_path: Path) -> None:
    """A case path that does not exist is a one-line error with a non-zero exit code."""
    result = CliRunner().invoke(app, ["figures", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_a_case_id_that_would_escape_the_output_folder_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    case = _case(tmp_path, "baby", HV_CASE.replace("{case_id}", "../../../escaped"), {"hv.csv": HV_ROWS})
    out = tmp_path / "deep" / "er" / "out"
    out.parent.mkdir(parents=True)
    with pytest.raises(UsageError, match=r"case_id '\.\./\.\./\.\./escaped' looks like a path"):
        write_casebook([case], out)
    assert not list(tmp_path.rglob("escaped*"))


def test_case_ids_from_a_long_format_cell_name_files_by_their_slug_inside_the_output_folder(tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    extract.write_text("Case,Date,Details\nCase 1/2019,01/02/2018,Home visit\nCase 2,01/03/2018,Home visit\n")
    out = tmp_path / "out"
    written = write_casebook([extract], out)
    assert {p.name for p in written} == {
        f"{stem}{suffix}" for stem in ("Case-1-2019", "Case-2") for suffix in (".png", ".pdf", ".md")
    }
    assert all(p.parent == out for p in written)
    assert "[Case-1-2019.png](Case-1-2019.png)" in (out / "Case-1-2019.md").read_text(encoding="utf-8")
