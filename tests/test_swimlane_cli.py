"""`chronolane plot`: writes the chart in the format of its suffix, shades gaps, refuses to overwrite inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.cli import app

runner = CliRunner()

AGENCY_FILE = """Date,Type,Details,Key event
12/12/2017,Incident,Police called to a fight at the family home,yes
05/01/2018,Birth,Baby born,
16/01/2018,Health visit,New birth visit by the health visitor,
March 2018,Health visit,Last health visiting contact,
12/10/2018,Health visit,Health visitor visits again,
unknown,Other,Undated note,
"""


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """A case folder holding one agency file."""
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "health-visiting.csv").write_text(AGENCY_FILE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("suffix", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_writes_the_chart_in_the_format_of_the_suffix(case_dir, tmp_path, suffix, magic):
    """-o chart.png / .svg / .pdf writes that format and says where."""
    out = tmp_path / f"chart.{suffix}"
    result = runner.invoke(app, ["plot", str(case_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert str(out) in result.stderr


def test_two_runs_write_identical_files(case_dir, tmp_path):
    """The command is reproducible: the same input gives the same bytes."""
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (a, b):
        assert runner.invoke(app, ["plot", str(case_dir), "-o", str(out), "--gaps", "6M"]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_an_existing_chart_is_replaced_only_with_force(case_dir, tmp_path):
    """Like every output, an existing file is kept unless --force says otherwise."""
    out = tmp_path / "chart.png"
    out.write_bytes(b"keep")
    refused = runner.invoke(app, ["plot", str(case_dir), "-o", str(out)])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert out.read_bytes() == b"keep"
    assert runner.invoke(app, ["plot", str(case_dir), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_gaps_option_shades_gaps(case_dir, tmp_path):
    """--gaps 6M shades the seven months without health visiting contact."""
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["plot", str(case_dir), "-o", str(out), "--gaps", "6M", "--ages", "x"])
    assert result.exit_code == 2  # no subject x in a case without case.toml
    result = runner.invoke(app, ["plot", str(case_dir), "-o", str(out), "--gaps", "6M", "--title", "A $5 case"])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert 'id="gap:' in svg


def test_refuses_to_overwrite_an_input_file(case_dir):
    """An output path that is one of the case's files is refused, and the file is left alone."""
    source = case_dir / "health-visiting.csv"
    before = source.read_bytes()
    result = runner.invoke(app, ["plot", str(case_dir), "-o", str(source.with_suffix(".csv"))])
    assert result.exit_code == 2
    assert source.read_bytes() == before


def test_refuses_an_output_that_is_the_input_file(tmp_path):
    """Plotting a single file onto itself is refused before anything is written."""
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF-not really")
    result = runner.invoke(app, ["plot", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "input" in result.stderr
    assert source.read_bytes() == b"%PDF-not really"


def test_unknown_suffix_is_a_usage_error(case_dir, tmp_path):
    result = runner.invoke(app, ["plot", str(case_dir), "-o", str(tmp_path / "chart.jpg")])
    assert result.exit_code == 2
    assert ".png, .svg or .pdf" in result.stderr


def test_pages_need_a_pdf(case_dir, tmp_path):
    """--pages 2 writes a two-page PDF, and is refused for PNG."""
    assert runner.invoke(app, ["plot", str(case_dir), "-o", str(tmp_path / "c.png"), "--pages", "2"]).exit_code == 2
    out = tmp_path / "c.pdf"
    assert runner.invoke(app, ["plot", str(case_dir), "-o", str(out), "--pages", "2"]).exit_code == 0
    assert len(re.findall(rb"/Type\s*/Page\b", out.read_bytes())) == 2


def test_no_dated_events_is_a_clear_error(tmp_path):
    """A case whose rows are all undated gets a one-line error, and no file."""
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "police.csv").write_text("Date,Details\nunknown,Something happened\n", encoding="utf-8")
    out = tmp_path / "chart.png"
    result = runner.invoke(app, ["plot", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "no dated events" in result.stderr
    assert not out.exists()
