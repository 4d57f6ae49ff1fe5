"""`chronolane follow-ups`: for each trigger event, the expected follow-up on time, late or missing."""

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
)
from chronolane.errors import UsageError
from chronolane.schema.measures import Engine


@app.command("follow-ups")
@reports_errors
def follow_ups(
    chronology: Path = chronology_argument(),
    rules: list[str] | None = typer.Option(
        None,
        "--rules",
        metavar="NAME|FILE",
        help="Rule set: wt2023, lac, sharing or a rule file (repeat for more; default: the case folder's "
        "follow-ups.toml).",
    ),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help="Leave out triggers before this date."),
    date_to: str | None = typer.Option(
        None, "--to", metavar="DATE", help="Window end (default: the review period's end)."
    ),
    summary: bool = typer.Option(False, "--summary", help="One row per case and rule instead of one per trigger."),
    recording: bool = typer.Option(
        False, "--recording-delays", help="Delays from event to recording, per agency, instead of follow-ups."
    ),
    output: Path | None = table_output_option(),
    force: bool = force_option(),
    case_folder: Path | None = case_folder_option(),
    cases: Path | None = cases_option(),
    engine: Engine = engine_option(),
    scheduler: str | None = scheduler_option(),
) -> None:
    """Follow-ups between agencies: after each trigger event, the expected follow-up on time, late or missing.

    Lags are in calendar days, shortest and longest when dates are vague. Rule files and columns are
    documented in docs/follow-ups.md.

    Example: chronolane follow-ups chronologies/hertfordshire-bath-drowning-2017
    """
    from chronolane.chronology.io import open_chronology
    from chronolane.files.tables import write_table
    from chronolane.follow_ups.find import find_follow_ups, summarise_follow_ups, summarise_recording_delays
    from chronolane.follow_ups.rules import case_rules

    if summary and recording:
        raise UsageError("--summary and --recording-delays give different tables; use one of them.")
    if engine == Engine.DASK:
        from chronolane.engines.dask import Measure, measure_dataset

        if recording or not rules:
            raise UsageError(
                "with --engine dask give --rules (a dataset has no case folder); --recording-delays "
                "is for the pandas engine."
            )
        measure_dataset(
            chronology,
            dask_output(output, case_folder),
            Measure.FOLLOW_UP_SUMMARY if summary else Measure.FOLLOW_UPS,
            cases=cases,
            scheduler=scheduler,
            force=force,
            rules=rules,
            start=date_from,
            end=date_to,
        )
        return
    opened = open_chronology(chronology, case=case_folder, cases=cases)
    if recording:
        table = summarise_recording_delays(opened.frame)
    else:
        table = find_follow_ups(
            opened.frame,
            rules or case_rules(case_folder or chronology),
            cases=opened.cases,
            start=date_from,
            end=date_to,
        )
        table = summarise_follow_ups(table) if summary else table
    write_table(table, output, inputs=[chronology], force=force)
