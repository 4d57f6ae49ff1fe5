"""The typer application and the one place where library errors become messages and exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

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

#: The flag of each library parameter that errors name, the same in every command (errors.ChronolaneError).
FLAGS: dict[str, str] = {
    "after": "--after",
    "agencies": "--agency",
    "ages": "--ages",
    "allow_outside": "--allow-outside",
    "case": "--case",
    "case_folder": "--case-folder",
    "cases": "--cases",
    "end": "--to",
    "force": "--force",
    "pages": "--pages",
    "rules": "--rules",
    "settings": "--limit",
    "start": "--from",
}

P = ParamSpec("P")
R = TypeVar("R")


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback when something fails."),
) -> None:
    """Build, chart, measure and export integrated multi-agency chronologies for safeguarding case reviews."""
    _state["debug"] = debug


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn chronolane errors into one-line messages on stderr with their exit code, naming flags; no traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
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
            typer.echo(f"Error: {error.naming(FLAGS)}", err=True)
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

    return wrapper


def echo_summary(lines: list[str]) -> None:
    """Print summary lines to stderr, keeping stdout for data."""
    for line in lines:
        print(line, file=sys.stderr)


#: Arrow's allocator for the command: on Linux jemalloc, which keeps freed memory for reuse (a build of a
#: million rows took 9% less CPU and 12% less peak memory than with mimalloc, the default). A user's own
#: ARROW_DEFAULT_MEMORY_POOL wins.
_ARROW_POOL = "jemalloc" if sys.platform == "linux" else None


def main() -> None:
    """Entry point of the ``chronolane`` command."""
    if _ARROW_POOL and "pyarrow" not in sys.modules:  # read by pyarrow when it loads, not after
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", _ARROW_POOL)
    app()
