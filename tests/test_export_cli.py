"""Tests for the `chronolane export` and `chronolane redact-check` commands."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.cli import app
from test_redact import make_case


@pytest.fixture
def run() -> CliRunner:
    return CliRunner()


def _text(path: Path) -> str:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8-sig")


class TestExport:
    @pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".html", ".md", ".csv"])
    def test_exports_a_case_folder_pseudonymised(self, run: CliRunner, tmp_path: Path, suffix: str) -> None:
        """The command writes the format named by the extension, with the case's pseudonyms applied."""
        case = make_case(tmp_path)
        out = tmp_path / "out" / f"Jane Smith chronology{suffix}"
        result = run.invoke(app, ["export", str(case), "-o", str(out)])
        assert result.exit_code == 0, result.output
        written = out.with_name(f"Ms X chronology{suffix}")
        assert written.is_file() and not out.exists()
        assert str(written) in result.stderr
        text = _text(written)
        assert "Ms X" in text and "Child F" in text
        assert "Jane" not in text and "Frank" not in text

    def test_existing_output_needs_force(self, run: CliRunner, tmp_path: Path) -> None:
        """An existing file is refused with exit code 2 unless --force is given."""
        case = make_case(tmp_path)
        out = tmp_path / "out.md"
        out.write_text("old", encoding="utf-8")
        refused = run.invoke(app, ["export", str(case), "-o", str(out)])
        assert refused.exit_code == 2 and "--force" in refused.stderr
        assert out.read_text(encoding="utf-8") == "old"
        assert run.invoke(app, ["export", str(case), "-o", str(out), "--force"]).exit_code == 0
        assert out.read_text(encoding="utf-8") != "old"

    def test_output_equal_to_input_is_refused(self, run: CliRunner, tmp_path: Path) -> None:
        """Writing over an agency file of the case is refused even with --force."""
        case = make_case(tmp_path)
        before = (case / "police.csv").read_text(encoding="utf-8")
        result = run.invoke(app, ["export", str(case), "-o", str(case / "police.csv"), "--force"])
        assert result.exit_code == 2 and "input" in result.stderr
        assert (case / "police.csv").read_text(encoding="utf-8") == before

    def test_pseudonyms_file_replaces_the_case_map(self, run: CliRunner, tmp_path: Path) -> None:
        """--pseudonyms gives a map for chronologies that carry none (an integrated CSV)."""
        case = make_case(tmp_path)
        built = tmp_path / "built.csv"
        assert (
            run.invoke(
                app, ["export", str(case), "-o", str(built), "--pseudonyms", str(tmp_path / "none.toml")]
            ).exit_code
            == 1
        )
        names = tmp_path / "names.toml"
        names.write_text('"PC Jones" = "Officer A"\n', encoding="utf-8")
        result = run.invoke(app, ["export", str(case), "-o", str(built), "--pseudonyms", str(names)])
        assert result.exit_code == 0, result.output
        text = built.read_text(encoding="utf-8-sig")
        assert "Officer A" in text and "Jones" not in text

    def test_gaps_option_sets_the_threshold_of_the_gaps_sheet(self, run: CliRunner, tmp_path: Path) -> None:
        """--gaps picks which contact gaps the workbook lists: a shorter threshold lists at least as many."""
        import openpyxl

        case = make_case(tmp_path)
        (case / "gp.csv").write_text(
            "Date,Details\n01/02/2018,GP appointment: child seen\n01/05/2018,GP appointment: child seen\n",
            encoding="utf-8",
        )
        counts = {}
        for threshold in ("1D", "20Y"):
            out = tmp_path / f"gaps-{threshold}.xlsx"
            result = run.invoke(app, ["export", str(case), "-o", str(out), "--gaps", threshold])
            assert result.exit_code == 0, result.output
            counts[threshold] = openpyxl.load_workbook(out)["Gaps"].max_row - 1
        assert counts["1D"] > counts["20Y"] == 0

    def test_unknown_extension_is_a_usage_error(self, run: CliRunner, tmp_path: Path) -> None:
        """An extension that names no format exits 2 with the list of formats."""
        result = run.invoke(app, ["export", str(make_case(tmp_path)), "-o", str(tmp_path / "out.pdf")])
        assert result.exit_code == 2 and ".xlsx" in result.stderr


class TestRedactCheck:
    def test_lists_findings_with_locations_and_exits_1(self, run: CliRunner, tmp_path: Path) -> None:
        """Findings are printed as FILE:ROW:COLUMN: KIND: TEXT; exit code 1 when anything is found."""
        result = run.invoke(app, ["redact-check", str(make_case(tmp_path))])
        assert result.exit_code == 1
        assert "police.csv:3:description: name: Jones" in result.stdout.splitlines()
        assert "gp.csv:2:description: nhs-number: 943 476 5919" in result.stdout.splitlines()
        assert "finding(s)" in result.stderr

    def test_clean_file_exits_0(self, run: CliRunner, tmp_path: Path) -> None:
        """Nothing found: exit code 0 and a note on standard error."""
        clean = tmp_path / "draft.md"
        clean.write_text("| Date | Event |\n|---|---|\n| March 2018 | Ms X seen at home |\n", encoding="utf-8")
        result = run.invoke(app, ["redact-check", str(clean)])
        assert result.exit_code == 0 and result.stdout == ""

    def test_pseudonyms_file_flags_real_names_left(self, run: CliRunner, tmp_path: Path) -> None:
        """With --pseudonyms, real names from the map still in a file are reported as mapped-name."""
        draft = tmp_path / "draft.md"
        draft.write_text("jane smith was seen\n", encoding="utf-8")
        names = tmp_path / "names.toml"
        names.write_text('[pseudonyms]\n"Jane Smith" = "Ms X"\n', encoding="utf-8")
        result = run.invoke(app, ["redact-check", str(draft), "--pseudonyms", str(names)])
        assert result.exit_code == 1
        assert result.stdout.splitlines() == ["draft.md:1:text: mapped-name: jane smith"]

    def test_help_documents_exit_codes(self, run: CliRunner) -> None:
        """The help text says what the exit codes mean."""
        result = run.invoke(app, ["redact-check", "--help"])
        assert result.exit_code == 0 and "Exit codes" in result.stdout
