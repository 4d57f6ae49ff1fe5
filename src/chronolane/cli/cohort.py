"""`chronolane cohort`: one row per case of a long-format extract, with each lane's contact measures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from chronolane.cli.app import app, reports_errors
from chronolane.cli.options import (
    cases_option,
    dask_output,
    engine_option,
    scheduler_option,
    table_output_option,
    threshold_option,
)
from chronolane.errors import UsageError
from chronolane.schema.measures import Engine, Window
from chronolane.schema.paper import Alignment, CohortChart, PageSize


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
    cases: Path | None = cases_option(),
    threshold: str = threshold_option(),
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
    output: Path | None = table_output_option(),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT and CHART if they exist."),
    chart: Path | None = typer.Option(
        None,
        "--chart",
        metavar="CHART",
        help="Also draw a cohort chart (--chart-kind) to CHART.png, .svg or .pdf (.pdf for swimlanes over pages).",
    ),
    chart_kind: CohortChart = typer.Option(
        CohortChart.LONGEST_GAPS,
        "--chart-kind",
        help="longest-gaps: each case's longest gap in --chart-lane (vague lengths as ranges); schedule: the "
        "share of subjects per outcome of each expected contact of --schedule; swimlanes: one small swimlane "
        "per case on one time axis (--chart-align), as many pages as the cases need.",
    ),
    chart_lane: str = typer.Option(
        "Health visiting", "--chart-lane", metavar="LANE", help="The lane of --chart-kind longest-gaps."
    ),
    chart_align: Alignment = typer.Option(
        Alignment.BIRTH,
        "--chart-align",
        help="Swimlanes' time axis: birth (age of each case's child) or review (time since its review started).",
    ),
    chart_size: PageSize = typer.Option(PageSize.A4, "--chart-size", help="Paper size of the chart (landscape)."),
    engine: Engine = engine_option(),
    scheduler: str | None = scheduler_option(),
) -> None:
    """One row per case (or per subject with --window life): contacts, longest gap (shortest and longest
    reading) and gaps over the threshold per lane, missed appointments and their longest run, each schedule
    outcome and each follow-up outcome counted. Columns are documented in docs/cohort.md.

    Example: chronolane cohort extract.parquet --cases cases.csv --threshold 6M -o cohort.csv
    """
    from chronolane.chronology.io import open_chronology
    from chronolane.cohort import summarise_cohort
    from chronolane.files.output import safe_output
    from chronolane.files.tables import write_table

    options: dict[str, Any] = {
        "threshold": threshold,
        "window": window,
        "schedule": None if no_schedule else schedule,
        "rules": () if no_follow_ups else rules,
    }
    if engine == Engine.DASK:
        from chronolane.engines.dask import Measure, measure_dataset

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
        from chronolane.swimlane.cohort_figures import draw_cohort_chart
        from chronolane.swimlane.save import save_figure, save_pages

        figures = draw_cohort_chart(
            opened,
            chart_kind,
            cohort=table,
            lane=chart_lane,
            threshold=threshold,
            schedule=schedule,
            align=chart_align,
            size=chart_size,
        )
        if len(figures) == 1:
            save_figure(figures[0], chart)
        else:
            save_pages(figures, chart)
