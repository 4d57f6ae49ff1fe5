"""`chronolane date`: show how date texts are read, so a spelling can be checked before relying on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from chronolane.cli.app import app, reports_errors
from chronolane.schema.columns import DateOrder, YearStyle

if TYPE_CHECKING:
    from chronolane.dates import ParsedDate

_HEADER = ("text", "start", "end", "precision", "approx", "time", "edtf", "issues")


def _row(parsed: ParsedDate) -> tuple[str, ...]:
    return (
        parsed.text,
        parsed.start.isoformat() if parsed.start else "",
        parsed.end.isoformat() if parsed.end else "",
        parsed.precision.value if parsed.precision else "",
        "yes" if parsed.approx else "",
        parsed.time,
        parsed.edtf,
        ";".join(parsed.issues),
    )


@app.command()
@reports_errors
def date(
    texts: list[str] = typer.Argument(
        ..., help="Date texts to read, each as one argument.", metavar="TEXT", show_default=False
    ),
    order: DateOrder = typer.Option(
        DateOrder.DMY, "--order", help="Read numeric dates day-first (dmy), month-first (mdy), or decide (auto)."
    ),
    after: str | None = typer.Option(
        None,
        "--after",
        metavar="DATE",
        help="The date that relative phrases ('six months later') and dates without a year are relative to.",
    ),
    year_style: YearStyle = typer.Option(
        YearStyle.CALENDAR,
        "--year-style",
        help="Read a bare split year (2018/19) as both calendar years, an academic or a financial year.",
    ),
) -> None:
    """Print how each text reads: interval (inclusive), precision, approximate, time, EDTF and issues.

    Example: chronolane date "03/04/2018" "autumn 2018" "six months later" --after "April 2015"
    """
    from chronolane.dates import parse_texts

    rows = [_HEADER, *(_row(parsed) for parsed in parse_texts(texts, order=order, after=after, year_style=year_style))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
