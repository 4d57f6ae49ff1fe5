"""`chronolane plot`: the multi-agency swimlane chart of a case, as PNG, SVG or PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import CASE_FOLDER_HELP, app, echo_summary, reports_errors
from chronolane.schema.paper import PageSize

CHRONOLOGY_HELP = "A case folder, an agency chronology file, or an integrated chronology written by `chronolane build`."


@app.command()
@reports_errors
def plot(
    chronology: Path = typer.Argument(..., help=CHRONOLOGY_HELP, show_default=False, metavar="CASE|CHRONOLOGY"),
    output: Path = typer.Option(
        ..., "-o", "--output", metavar="FILE", help="The chart: FILE.png, FILE.svg or FILE.pdf.", show_default=False
    ),
    date_from: str | None = typer.Option(
        None, "--from", metavar="DATE", help="First date shown (default: the review period)."
    ),
    date_to: str | None = typer.Option(
        None, "--to", metavar="DATE", help="Last date shown (default: the review period)."
    ),
    agency: list[str] | None = typer.Option(
        None, "--agency", metavar="NAME", help="Show only this agency's lane (repeat for more)."
    ),
    gaps: str | None = typer.Option(
        None, "--gaps", metavar="DURATION", help="Shade contact gaps longer than this: 6M, 183D, 12W."
    ),
    follow_ups: list[str] | None = typer.Option(
        None,
        "--follow-ups",
        metavar="NAME|FILE",
        help="Join each trigger to its follow-up with the lag, and mark missing ones: wt2023, lac, sharing or a "
        "rule file (repeat for more).",
    ),
    ages: str | None = typer.Option(None, "--ages", metavar="SUBJECT", help="Add an axis with this subject's age."),
    size: PageSize = typer.Option(PageSize.A4, "--size", help="Page size, landscape."),
    title: str | None = typer.Option(None, "--title", metavar="TEXT", help="Chart title (default: the case title)."),
    case: str | None = typer.Option(None, "--case", metavar="ID", help="The case to draw when the file holds several."),
    pages: int = typer.Option(
        1, "--pages", min=1, metavar="N", help="Split the dates over N pages of a PDF, with the same lanes on each."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    case_folder: Path | None = typer.Option(None, "--case-folder", metavar="DIR", help=CASE_FOLDER_HELP),
) -> None:
    """Draw the swimlane chart: one lane per agency, events by type, vague dates as spans, key dates as lines.

    Output is byte-identical across runs. See docs/charts.md for how to read the chart.
    """
    from chronolane.swimlane import plot_chronology

    written = plot_chronology(
        chronology,
        output,
        pages=pages,
        gaps=gaps,
        follow_ups=follow_ups or None,
        force=force,
        case_folder=case_folder,
        case=case,
        start=date_from,
        end=date_to,
        agencies=agency or None,
        ages=ages,
        size=size,
        title=title,
    )
    echo_summary([f"Wrote {written}"])
