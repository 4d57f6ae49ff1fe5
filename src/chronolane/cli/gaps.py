"""`chronolane gaps`: contact gaps per lane, lane summaries, or expected-contact schedule outcomes."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import (
    CASE_FOLDER_HELP,
    CASES_HELP,
    ENGINE_HELP,
    SCHEDULER_HELP,
    TABLE_OUTPUT_HELP,
    app,
    reports_errors,
)
from chronolane.errors import UsageError
from chronolane.measures.dask import Engine
from chronolane.measures.lanes import Lane

CHRONOLOGY_HELP = (
    "A case folder, an agency chronology file, a long-format file holding many cases (case_id column), "
    "or an integrated chronology written by `chronolane build`."
)


@app.command()
@reports_errors
def gaps(
    chronology: Path = typer.Argument(..., help=CHRONOLOGY_HELP, show_default=False, metavar="CASE|CHRONOLOGY"),
    lane: Lane = typer.Option(Lane.AGENCY, "--lane", help="Lanes: one per agency, per contact type, or all together."),
    agency: list[str] | None = typer.Option(
        None, "--agency", metavar="NAME", help="Only this agency (repeat for more)."
    ),
    event_type: list[str] | None = typer.Option(
        None, "--type", metavar="TYPE", help="Count only this event type as contact (repeat for more)."
    ),
    contact_mode: list[str] | None = typer.Option(
        None,
        "--contact-mode",
        metavar="MODE",
        help="Also count this mode as contact: telephone, video or letter (repeat for more). "
        "By default only face-to-face and unknown count.",
    ),
    threshold: str = typer.Option(
        "6M", "--threshold", metavar="DURATION", help="Gap length to flag: 6M (calendar months), 183D, 12W."
    ),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help="Window start (exact or vague date)."),
    date_to: str | None = typer.Option(None, "--to", metavar="DATE", help="Window end (exact or vague date)."),
    summary: bool = typer.Option(False, "--summary", help="One row per lane instead of one per gap."),
    schedule: str | None = typer.Option(
        None,
        "--schedule",
        metavar="NAME|FILE",
        help="Check expected contacts: hcp-england or a schedule file (docs/gaps.md).",
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar="OUT",
        help=TABLE_OUTPUT_HELP,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    case_folder: Path | None = typer.Option(None, "--case-folder", metavar="DIR", help=CASE_FOLDER_HELP),
    cases: Path | None = typer.Option(None, "--cases", metavar="CASES", help=CASES_HELP),
    engine: Engine = typer.Option(Engine.PANDAS, "--engine", help=ENGINE_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
) -> None:
    """Gaps between contacts in each lane, with shortest and longest lengths when dates are vague.

    The window is the review period in case.toml, or --from/--to. Names are replaced by the case's
    pseudonyms. Columns are documented in docs/gaps.md.
    """
    from chronolane.chronology.build import open_chronology
    from chronolane.files.tables import write_table
    from chronolane.measures.gaps import find_gaps, summarise_lanes
    from chronolane.privacy.pseudonyms import Pseudonymiser, case_mapping, pseudonymise_chronology
    from chronolane.schedules.model import check_schedule

    if summary and schedule:
        raise UsageError("--summary and --schedule give different tables; use one of them.")
    if engine == Engine.DASK:
        from chronolane.measures.dask import Measure, measure_dataset

        measure_dataset(
            chronology,
            dask_output(output, case_folder),
            Measure.SCHEDULE if schedule else Measure.LANE_SUMMARY if summary else Measure.GAPS,
            cases=cases,
            scheduler=scheduler,
            force=force,
            **(
                {"schedule": schedule, "start": date_from, "end": date_to}
                if schedule
                else {
                    "lane": lane,
                    "agencies": agency or None,
                    "types": event_type or None,
                    "contact_modes": contact_mode or None,
                    "threshold": threshold,
                    "start": date_from,
                    "end": date_to,
                }
            ),
        )
        return
    original = open_chronology(chronology, case=case_folder, cases=cases)
    mapper = Pseudonymiser(case_mapping(original.cases.values()))
    opened, _ = pseudonymise_chronology(original)
    agency = [mapper.apply(a) for a in agency or []]
    if output is not None:
        output = output.with_name(mapper.apply(output.name))
    if schedule:
        table = check_schedule(opened.frame, opened.cases, schedule, start=date_from, end=date_to)
    else:
        measure = summarise_lanes if summary else find_gaps
        table = measure(
            opened.frame,
            cases=opened.cases,
            lane=lane,
            agencies=agency or None,
            types=event_type or None,
            contact_modes=contact_mode or None,
            threshold=threshold,
            start=date_from,
            end=date_to,
        )
    write_table(table, output, inputs=[chronology, *([cases] if cases else [])], force=force)


def dask_output(output: Path | None, case_folder: Path | None) -> Path:
    """The output folder of --engine dask; UsageError for options it cannot take."""
    if output is None:
        raise UsageError("--engine dask writes a folder of Parquet files: give it with -o FOLDER.")
    if case_folder is not None:
        raise UsageError("--case-folder is for one case's chronology; with --engine dask give --cases.")
    return output
