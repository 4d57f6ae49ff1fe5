"""`chronolane export`: the chronology for the review report (XLSX, DOCX, HTML, Markdown or CSV), pseudonymised."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import app, echo_summary, reports_errors
from chronolane.cli.options import case_folder_option, chronology_argument, force_option


@app.command()
@reports_errors
def export(
    chronology: Path = chronology_argument(),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        metavar="FILE",
        help="The file to write; its extension picks the format: .xlsx .docx .html .md .csv.",
        show_default=False,
    ),
    pseudonyms: Path | None = typer.Option(
        None,
        "--pseudonyms",
        metavar="FILE",
        help='A TOML file of "real name" = "pseudonym" lines, instead of the case\'s own map.',
    ),
    chart: bool = typer.Option(True, "--chart/--no-chart", help="Embed the interactive timeline in HTML."),
    follow_ups: list[str] | None = typer.Option(
        None,
        "--follow-ups",
        metavar="NAME|FILE",
        help="Follow-ups between agencies, as a sheet in XLSX and drawn on the HTML timeline: wt2023, lac, "
        "sharing or a rule file (repeat for more).",
    ),
    gap_threshold: str = typer.Option(
        "6M",
        "--gaps",
        metavar="DURATION",
        help="XLSX: list on the Gaps sheet the contact gaps that exceed, or may exceed, this (6M, 90D, 2Y).",
    ),
    force: bool = force_option("FILE"),
    case_folder: Path | None = case_folder_option(),
) -> None:
    """Export the chronology for the review report, with names replaced by the case's pseudonyms.

    XLSX: chronology, issues and gaps sheets, printable on A4, and follow-ups with --follow-ups. DOCX: the
    appendix table (number, date as written with its normalised form, time, agency, event, source). HTML:
    one self-contained page with an interactive timeline (follow-ups drawn with --follow-ups), filters and the
    table. Markdown: a draft table.
    CSV: every field quoted, formula-like cells prefixed with '. The file's name is pseudonymised too; the
    path written is printed. Exit codes: 0 written; 1 the input cannot be read; 2 usage error (unknown
    extension, FILE is an input, or FILE exists without --force).
    """
    from chronolane.case.pseudonyms import load_pseudonyms
    from chronolane.chronology.io import open_chronology
    from chronolane.workflows import export_chronology

    mapping = load_pseudonyms(pseudonyms) if pseudonyms is not None else None
    opened = open_chronology(chronology, case=case_folder)
    inputs = [chronology, *(p for p in chronology.glob("*") if p.is_file())] if chronology.is_dir() else [chronology]
    if pseudonyms is not None:
        inputs.append(pseudonyms)
    report = export_chronology(
        opened,
        output,
        force=force,
        inputs=inputs,
        pseudonyms=mapping,
        chart=chart,
        gap_threshold=gap_threshold,
        follow_ups=follow_ups or None,
    )
    echo_summary(report.summary())
