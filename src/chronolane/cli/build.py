"""`chronolane build` and `chronolane check`: the integrated chronology, and its problems."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import app, echo_summary, reports_errors
from chronolane.cli.options import cases_option, force_option
from chronolane.schema.limits import DEFAULT_LIMITS, LIMIT_DOCS
from chronolane.schema.reports import ReportFormat

ALLOW_OUTSIDE_HELP = (
    "Read source files that lie outside the case folder (a shared folder, a link elsewhere); each is named in "
    "the summary."
)
LIMIT_HELP = f"Raise a limit, as NAME=VALUE (repeatable): {', '.join(LIMIT_DOCS)}. See docs/RELIABILITY.md."

CASE_HELP = (
    "A case folder (agency files plus an optional case.toml), a single agency chronology (CSV or XLSX), "
    "or a long-format file holding many cases in a case_id column."
)


@app.command()
@reports_errors
def build(
    case: Path = typer.Argument(..., help=CASE_HELP, show_default=False),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the chronology CSV (or .parquet) here (default: CSV on standard output)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit with code 1 when any row has an error-level issue."),
    ages: bool = typer.Option(
        False, "--ages", help="Add each subject's age at each event (an interval when dates are vague)."
    ),
    pseudonymise: bool = typer.Option(
        False,
        "--pseudonymise",
        help="Replace names by the case's pseudonyms in every column, and in OUTPUT's file name.",
    ),
    force: bool = force_option(),
    allow_outside: bool = typer.Option(False, "--allow-outside", help=ALLOW_OUTSIDE_HELP),
    limit: list[str] = typer.Option([], "--limit", metavar="NAME=VALUE", help=LIMIT_HELP, show_default=False),
    cases: Path | None = cases_option(),
) -> None:
    """Merge a case's agency chronologies into one integrated chronology (CSV), every row traced to its source.

    A summary (files, encodings, records per agency, dated and undated counts, issues by code) goes to
    standard error. Exit codes: 0 written; 1 with --strict when a row has an error-level issue; 2 usage error.
    """
    from chronolane.chronology.build import build_chronology, pseudonymised_path
    from chronolane.chronology.io import write_chronology
    from chronolane.files.output import safe_output

    if output is not None:
        output = pseudonymised_path(case, output) if pseudonymise else output
        safe_output(output, inputs=[case, *([cases] if cases else [])], force=force)
    limits = DEFAULT_LIMITS.with_settings(limit)
    chronology = build_chronology(
        case, ages=ages, pseudonymise=pseudonymise, allow_outside=allow_outside, limits=limits, cases=cases
    )
    write_chronology(chronology, output)
    echo_summary(chronology.summary())
    if strict and chronology.has_errors():
        echo_summary(["--strict: error-level issues found (see the issues column; docs/issues.md explains each)."])
        raise typer.Exit(1)


@app.command()
@reports_errors
def check(
    case: Path = typer.Argument(..., help=CASE_HELP, show_default=False),
    output_format: ReportFormat = typer.Option(
        ReportFormat.TEXT, "--format", help="text: one 'file:row: code: value' line per problem; csv: a table."
    ),
    allow_outside: bool = typer.Option(False, "--allow-outside", help=ALLOW_OUTSIDE_HELP),
    limit: list[str] = typer.Option([], "--limit", metavar="NAME=VALUE", help=LIMIT_HELP, show_default=False),
) -> None:
    """Read a case and list every problem to fix, without writing any file.

    The summary (counts) goes to standard error; the problems go to standard output, grouped by file, most
    serious first, as 'file:row: code: value' lines or (--format csv) a table with the columns file, row,
    severity, code and value. Exit codes: 0 no error-level problem; 1 an error-level problem, or a file that
    cannot be read.

    Example: chronolane check chronologies/barking-dagenham-child-f-2018 --format csv > problems.csv
    """
    from chronolane.chronology.build import build_chronology
    from chronolane.chronology.problems import list_problems, problem_lines, write_problems

    limits = DEFAULT_LIMITS.with_settings(limit)
    chronology = build_chronology(case, allow_outside=allow_outside, limits=limits)
    echo_summary(chronology.summary())
    problems = list_problems(chronology)
    if output_format is ReportFormat.CSV:
        write_problems(problems)
    else:
        for line in problem_lines(problems):
            typer.echo(line)
    if chronology.has_errors():
        raise typer.Exit(1)
