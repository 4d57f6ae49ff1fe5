"""Options several commands share, each declared once with its help text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from chronolane.errors import UsageError
from chronolane.schema.measures import Engine

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


#: Help for --engine and --scheduler, shared by the commands that measure many cases.
ENGINE_HELP = (
    "pandas: measure in this process's memory. dask: the input is a folder of Parquet files (a dataset with no "
    "case split over files), measured file by file on a Dask cluster; -o names the output folder of Parquet files."
)
SCHEDULER_HELP = (
    "With --engine dask: the address of a running Dask cluster's scheduler (tcp://host:8786). "
    "Default: a local cluster with a worker per core."
)


def engine_option() -> Any:
    """``--engine pandas|dask``."""
    return typer.Option(Engine.PANDAS, "--engine", help=ENGINE_HELP)


def scheduler_option() -> Any:
    """``--scheduler ADDRESS`` of a running Dask cluster."""
    return typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP)


def dask_output(output: Path | None, case_folder: Path | None) -> Path:
    """The output folder of --engine dask; UsageError for options it cannot take."""
    if output is None:
        raise UsageError("--engine dask writes a folder of Parquet files: give it with -o FOLDER.")
    if case_folder is not None:
        raise UsageError("--case-folder is for one case's chronology; with --engine dask give --cases.")
    return output
