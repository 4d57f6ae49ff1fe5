"""`chronolane figures`: each case's swimlane chart (PNG and PDF) and summary (Markdown) into one folder."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import app, reports_errors


@app.command()
@reports_errors
def figures(
    cases: list[Path] = typer.Argument(
        ...,
        help="Case folders (or chronology files), for example chronologies/*.",
        show_default=False,
        metavar="CASE...",
    ),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        metavar="DIR",
        help="Folder for <case>.png, <case>.pdf and <case>.md (created if missing).",
    ),
    threshold: str = typer.Option(
        "6M", "--threshold", metavar="DURATION", help="Gaps in contact to report and shade: 6M, 183D, 12W."
    ),
    schedule: str = typer.Option(
        "hcp-england", "--schedule", metavar="NAME|FILE", help="Expected contacts to check (docs/gaps.md)."
    ),
) -> None:
    """Write each case's chart and a short summary: gaps, missed appointments, expected contacts, undated rows."""
    from chronolane.workflows import write_casebook

    for path in write_casebook(cases, output, threshold=threshold, schedule=schedule):
        typer.echo(str(path))
