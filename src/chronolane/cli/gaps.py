"""`chronolane gaps`: contact gaps per lane, lane summaries, or expected-contact schedule outcomes."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import app, reports_errors
from chronolane.cli.options import (
    case_folder_option,
    cases_option,
    chronology_argument,
    dask_output,
    engine_option,
    force_option,
    scheduler_option,
    table_output_option,
    threshold_option,
)
from chronolane.errors import UsageError
from chronolane.schema.measures import Engine, Lane


@app.command()
@reports_errors
def gaps(
    chronology: Path = chronology_argument(),
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
    threshold: str = threshold_option(),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help="Window start (exact or vague date)."),
    date_to: str | None = typer.Option(None, "--to", metavar="DATE", help="Window end (exact or vague date)."),
    summary: bool = typer.Option(False, "--summary", help="One row per lane instead of one per gap."),
    schedule: str | None = typer.Option(
        None,
        "--schedule",
        metavar="NAME|FILE",
        help="Check expected contacts: hcp-england or a schedule file (docs/gaps.md).",
    ),
    output: Path | None = table_output_option(),
    force: bool = force_option(),
    case_folder: Path | None = case_folder_option(),
    cases: Path | None = cases_option(),
    engine: Engine = engine_option(),
    scheduler: str | None = scheduler_option(),
) -> None:
    """Gaps between contacts in each lane, with shortest and longest lengths when dates are vague.

    The window is the review period in case.toml, or --from/--to. Names are replaced by the case's
    pseudonyms. Columns are documented in docs/gaps.md.
    """
    from chronolane.case.pseudonyms import Pseudonymiser, case_mapping, pseudonymise_chronology
    from chronolane.chronology.io import open_chronology
    from chronolane.files.tables import write_table
    from chronolane.measures.gaps import find_gaps, summarise_lanes
    from chronolane.schedules.checks import check_schedule

    if summary and schedule:
        raise UsageError("--summary and --schedule give different tables; use one of them.")
    if engine == Engine.DASK:
        from chronolane.engines.dask import Measure, measure_dataset

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
