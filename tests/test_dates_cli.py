"""`chronolane date`: prints how each text reads, honours --order and --after, and reports bad anchors."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from chronolane.cli import app

runner = CliRunner()


def test_prints_a_header_and_one_line_per_text_with_interval_precision_edtf_and_issues() -> None:
    """Each text gets a line with its interval, precision, EDTF and issues, in argument order."""
    result = runner.invoke(app, ["date", "03/04/2018", "autumn 2018", "c. 2014", "31/02/2018", "3/4/18 14:30"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["text", "start", "end", "precision", "approx", "time", "edtf", "issues"]
    assert lines[1].split() == ["03/04/2018", "2018-04-03", "2018-04-03", "day", "2018-04-03"]
    assert lines[2].split() == ["autumn", "2018", "2018-09-01", "2018-11-30", "season", "2018-23"]
    assert lines[3].split() == ["c.", "2014", "2014-01-01", "2014-12-31", "year", "yes", "2014~"]
    assert lines[4].split() == ["31/02/2018", "invalid-date"]
    assert lines[5].split() == ["3/4/18", "14:30", "2018-04-03", "2018-04-03", "day", "14:30", "2018-04-03",
                                "two-digit-year"]  # fmt: skip


def test_order_mdy_reads_month_first() -> None:
    """--order mdy reads 04/13/2018 as 13 April."""
    result = runner.invoke(app, ["date", "04/13/2018", "--order", "mdy"])
    assert result.exit_code == 0
    assert "2018-04-13" in result.stdout.splitlines()[1]


def test_after_anchors_relative_phrases() -> None:
    """--after gives relative phrases their anchor; without it they are unanchored."""
    anchored = runner.invoke(app, ["date", "six months later", "--after", "April 2015"])
    assert anchored.stdout.splitlines()[1].split()[3:] == ["2015-10-01", "2015-10-31", "month", "2015-10",
                                                            "relative-date"]  # fmt: skip
    unanchored = runner.invoke(app, ["date", "six months later"])
    assert unanchored.stdout.splitlines()[1].split()[-1] == "unanchored-relative-date"


def test_an_anchor_that_is_not_a_date_is_a_usage_error_naming_it() -> None:
    """--after with an unreadable date exits 2 with a message naming the value and the fix."""
    result = runner.invoke(app, ["date", "the next day", "--after", "sometime"])
    assert result.exit_code == 2
    assert "'sometime'" in result.stderr and "--after" in result.stderr


def test_unknown_order_is_refused() -> None:
    """--order accepts only auto, dmy and mdy."""
    assert runner.invoke(app, ["date", "03/04/2018", "--order", "ymd"]).exit_code == 2


def test_help_runs_as_a_real_command() -> None:
    """`python -m chronolane date --help` describes the command."""
    result = subprocess.run(
        [sys.executable, "-m", "chronolane", "date", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "--after" in result.stdout and "--order" in result.stdout


def test_year_style_reads_a_split_year_as_the_style_says() -> None:
    """--year-style academic reads 2018/19 as September 2018 to August 2019; the default covers both years."""
    academic = runner.invoke(app, ["date", "2018/19", "--year-style", "academic"])
    default = runner.invoke(app, ["date", "2018/19"])
    assert academic.stdout.splitlines()[1].split()[1:3] == ["2018-09-01", "2019-08-31"]
    assert default.stdout.splitlines()[1].split()[1:3] == ["2018-01-01", "2019-12-31"]


def test_after_gives_a_date_without_a_year_its_year() -> None:
    """--after 01/06/2017: '3rd March' is 3 March 2018, flagged year-inferred."""
    result = runner.invoke(app, ["date", "3rd March", "--after", "01/06/2017"])
    assert result.stdout.splitlines()[1].split()[2:] == ["2018-03-03", "2018-03-03", "day", "2018-03-03",
                                                         "year-inferred"]  # fmt: skip
