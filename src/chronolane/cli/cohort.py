"""`chronolane cohort`: one row per case of a long-format extract, with each lane's contact measures."""

from __future__ import annotations

from pathlib import Path

import typer

from chronolane.cli.app import CASES_HELP, ENGINE_HELP, SCHEDULER_HELP, TABLE_OUTPUT_HELP, app, reports_errors
from chronolane.cli.gaps import dask_output
from chronolane.errors import UsageError
from chronolane.measures.dask import Engine
from chronolane.measures.windows import Window


@app.command()
@reports_errors
def cohort(
    data: Path = typer.Argument(
        ...,
        help="A long-format file of many cases (case_id column; CSV, Excel or Parquet), or an integrated "
        "chronology written by `chronolane build`.",
        show_default=False,
        metavar="LONG",
    ),
    cases: Path | None = typer.Option(None, "--cases", metavar="CASES", help=CASES_HELP),
    threshold: str = typer.Option(
        "6M", "--threshold", metavar="DURATION", help="Gap length to flag: 6M (calendar months), 183D, 12W."
    ),
    window: Window = typer.Option(
        Window.REVIEW,
        "--window",
        help="review: one row per case over its review period; life: one row per subject born, birth to death; "
        "none: one row per case over all its dated rows.",
    ),
    schedule: str = typer.Option(
        "hcp-england", "--schedule", metavar="NAME|FILE", help="Expected contacts to count outcomes of."
    ),
    no_schedule: bool = typer.Option(False, "--no-schedule", help="Leave out the schedule columns."),
    rules: list[str] = typer.Option(
        ["wt2023"], "--rules", metavar="NAME|FILE", help="Follow-up rule set to count outcomes of (repeat for more)."
    ),
    no_follow_ups: bool = typer.Option(False, "--no-follow-ups", help="Leave out the follow-up columns."),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar="OUT",
        help=TABLE_OUTPUT_HELP,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT and CHART if they exist."),
    chart: Path | None = typer.Option(
        None,
        "--chart",
        metavar="CHART",
        help="Also draw each case's longest gap in one lane (vague lengths as ranges) to CHART.png, .svg or .pdf.",
    ),
    chart_lane: str = typer.Option("Health visiting", "--chart-lane", metavar="LANE", help="The lane of --chart."),
    engine: Engine = typer.Option(Engine.PANDAS, "--engine", help=ENGINE_HELP),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
) -> None:
    """One row per case (or per subject with --window life): contacts, longest gap (shortest and longest
    reading) and gaps over the threshold per lane, missed appointments and their longest run, each schedule
    outcome and each follow-up outcome counted. Columns are documented in docs/cohort.md.

    Example: chronolane cohort extract.parquet --cases cases.csv --threshold 6M -o cohort.csv
    """
    from chronolane.chronology.build import open_chronology
    from chronolane.export.common import safe_output
    from chronolane.files.tables import write_table
    from chronolane.measures.cohort import summarise_cohort

    options = {
        "threshold": threshold,
        "window": window,
        "schedule": None if no_schedule else schedule,
        "rules": () if no_follow_ups else rules,
    }
    if engine == Engine.DASK:
        from chronolane.measures.dask import Measure, measure_dataset

        if chart is not None:
            raise UsageError("--chart draws from a cohort table file: with --engine dask, draw it from the output.")
        measure_dataset(
            data, dask_output(output, None), Measure.COHORT, cases=cases, scheduler=scheduler, force=force, **options
        )
        return
    inputs = [data, *([cases] if cases else [])]
    if chart is not None:
        from chronolane.swimlane.save import output_format

        output_format(chart)
        safe_output(chart, inputs=inputs, force=force)
    opened = open_chronology(data, cases=cases)
    table = summarise_cohort(opened.frame, cases=opened.cases, **options)
    write_table(table, output, inputs=inputs, force=force)
    if chart is not None:
        from chronolane.swimlane.cohort_chart import draw_longest_gaps
        from chronolane.swimlane.save import make_figure, save_figure

        fig = make_figure()
        draw_longest_gaps(fig.add_subplot(), table, lane=chart_lane, threshold=threshold)
        save_figure(fig, chart)
