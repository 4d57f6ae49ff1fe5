"""`chronolane redact-check`: list what still looks identifying, with where it was found."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import app, echo_summary, reports_errors
from chronolane.schema.reports import ReportFormat

TARGET_HELP = (
    "A case folder (checked as its export would read, with its pseudonym map applied) or a file to check "
    "as it is: an export (.xlsx .docx .html .md .csv) or an agency file."
)


@app.command("redact-check")
@reports_errors
def redact_check(
    target: Path = typer.Argument(..., help=TARGET_HELP, show_default=False, metavar="CASE|FILE"),
    pseudonyms: Path | None = typer.Option(
        None,
        "--pseudonyms",
        metavar="FILE",
        help='A TOML file of "real name" = "pseudonym" lines: real names from it still present are reported.',
    ),
    output_format: ReportFormat = typer.Option(
        ReportFormat.TEXT,
        "--format",
        help="text: one FILE:ROW:COLUMN: KIND: TEXT line each; csv: rank, kind, file, row, column, text.",
    ),
) -> None:
    """List names not in the pseudonym map, dates of birth, postcodes, NHS numbers, phone numbers and email
    addresses, most identifying first, each with where it was found.

    Order: real names from the map, NHS numbers, names in context (a title, a family role, a full name),
    dates of birth, email addresses, phone numbers, postcodes, then other capitalised words that are not
    ordinary English. A heuristic: review every finding, and read the export yourself before it is shared.
    Exit codes: 0 nothing found; 1 findings listed (or the input cannot be read); 2 usage error.

    Example: chronolane redact-check appendix.docx --pseudonyms names.toml --format csv
    """
    from collections import Counter

    from chronolane.case.pseudonyms import load_pseudonyms
    from chronolane.privacy.redact_check import format_findings
    from chronolane.privacy.redact_check import redact_check as check

    mapping = load_pseudonyms(pseudonyms) if pseudonyms is not None else None
    findings = check(target, pseudonyms=mapping)
    if findings:
        typer.echo(format_findings(findings, output_format), nl=False)
    if not findings:
        echo_summary(["Nothing found that looks identifying (a heuristic: still read the output before sharing)."])
        return
    kinds = Counter(f.kind.value for f in findings)
    echo_summary([f"{len(findings)} finding(s): " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))])
    raise typer.Exit(1)
