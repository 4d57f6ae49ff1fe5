"""The typer application and the one place where library errors become messages and exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from chronolane.errors import ChronolaneError

app = typer.Typer(
    help="Build, chart, measure and export integrated multi-agency chronologies for safeguarding case reviews.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}

#: Help for --case-folder, shared by every command that reads an integrated chronology.
CASE_FOLDER_HELP = (
    "With an integrated chronology CSV: the case folder it was built from, for its subjects, review period and periods."
)

#: Help for --cases, shared by every command that reads long-format data.
TABLE_OUTPUT_HELP = "Write OUT.csv, OUT.json or OUT.parquet (default: CSV on standard output)."

#: Help for --engine and --scheduler, shared by the commands that measure many cases.
ENGINE_HELP = (
    "pandas: measure in this process's memory. dask: the input is a folder of Parquet files (a dataset with no "
    "case split over files), measured file by file on a Dask cluster; -o names the output folder of Parquet files."
)
SCHEDULER_HELP = (
    "With --engine dask: the address of a running Dask cluster's scheduler (tcp://host:8786). "
    "Default: a local cluster with a worker per core."
)

CASES_HELP = (
    "Case details for long-format data (CSV, Excel or Parquet): one row per case and subject with the columns "
    "case_id, subject, role, name, born, died, review_start, review_end."
)

F = TypeVar("F", bound=Callable[..., Any])


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback when something fails."),
) -> None:
    """Build, chart, measure and export integrated multi-agency chronologies for safeguarding case reviews."""
    _state["debug"] = debug


def reports_errors(fn: F) -> F:
    """Turn chronolane errors into one-line messages on stderr with their exit code; no traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # the reader of standard output stopped (| head): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except ChronolaneError as error:
            if _state["debug"]:
                raise
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except Exception as error:  # an unexpected failure: name its type only, never cell text
            if _state["debug"]:
                raise
            typer.echo(
                f"Internal error ({type(error).__name__}). Run again with --debug for the traceback, "
                "and report it without sharing case data.",
                err=True,
            )
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


def echo_summary(lines: list[str]) -> None:
    """Print summary lines to stderr, keeping stdout for data."""
    for line in lines:
        print(line, file=sys.stderr)


def main() -> None:
    """Entry point of the ``chronolane`` command."""
    app()
