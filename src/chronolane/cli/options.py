"""Options several commands share, each declared once with its help text."""

from __future__ import annotations

from typing import Any

import typer

CHRONOLOGY_HELP = (
    "A case folder, an agency chronology file, a long-format file holding many cases (case_id column), "
    "or an integrated chronology written by `chronolane build`."
)

CASE_FOLDER_HELP = (
    "With an integrated chronology CSV: the case folder it was built from, for its subjects, review period and periods."
)

CASES_HELP = (
    "Case details for long-format data (CSV, Excel or Parquet): one row per case and subject with the columns "
    "case_id, subject, role, name, born, died, review_start, review_end."
)

TABLE_OUTPUT_HELP = "Write OUT.csv, OUT.json or OUT.parquet (default: CSV on standard output)."

THRESHOLD_HELP = "Gap length to flag: 6M (calendar months), 183D, 12W."


def chronology_argument(help: str = CHRONOLOGY_HELP) -> Any:
    """The chronology a command reads: a case folder, an agency file, long-format data or a built one."""
    return typer.Argument(..., help=help, show_default=False, metavar="CASE|CHRONOLOGY")


def force_option(what: str = "OUTPUT") -> Any:
    """--force: overwrite the output ``what`` if it exists."""
    return typer.Option(False, "--force", help=f"Overwrite {what} if it exists.")


def case_folder_option() -> Any:
    """--case-folder: the case.toml of an integrated chronology CSV."""
    return typer.Option(None, "--case-folder", metavar="DIR", help=CASE_FOLDER_HELP)


def cases_option() -> Any:
    """--cases: case details for long-format data."""
    return typer.Option(None, "--cases", metavar="CASES", help=CASES_HELP)


def table_output_option() -> Any:
    """-o/--output of a measure table: CSV, JSON or Parquet."""
    return typer.Option(None, "-o", "--output", metavar="OUT", help=TABLE_OUTPUT_HELP)


def threshold_option() -> Any:
    """--threshold: the gap length to flag."""
    return typer.Option("6M", "--threshold", metavar="DURATION", help=THRESHOLD_HELP)
