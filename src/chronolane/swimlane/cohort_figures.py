"""The figures of one cohort chart, chosen by kind: what ``chronolane cohort --chart`` draws and saves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chronolane.errors import UsageError
from chronolane.schema.paper import Alignment, CohortChart, PageSize
from chronolane.swimlane.save import chart_style, make_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from chronolane.schedules.model import Schedule


def draw_cohort_chart(
    chronology: Any,
    kind: CohortChart | str = CohortChart.LONGEST_GAPS,
    *,
    cohort: pd.DataFrame | None = None,
    lane: str = "Health visiting",
    threshold: str = "6M",
    schedule: Schedule | str | Path | None = "hcp-england",
    align: Alignment | str = Alignment.BIRTH,
    size: PageSize | str = PageSize.A4,
) -> list[Figure]:
    """The pages of one cohort chart of a ``Chronology`` (rows and cases); never saves or shows.

    ``longest-gaps`` draws ``lane`` from ``cohort`` (a ``summarise_cohort`` table, computed with
    ``threshold`` when not given) on one page; ``schedule`` the outcomes of ``check_schedule`` with
    ``schedule`` on one page; ``swimlanes`` one panel per case aligned on ``align``, as many pages as the
    cases need (save several with ``save_pages``).
    """
    try:
        kind = CohortChart(kind)
    except ValueError:
        raise UsageError(f"chart {kind!r}: choose one of {', '.join(CohortChart)}.") from None
    if kind is CohortChart.SWIMLANES:
        from chronolane.swimlane.small_multiples import draw_small_multiples

        return draw_small_multiples(chronology, align=align, size=size)
    with chart_style():
        fig = make_figure(size)
        ax = fig.add_subplot()
        if kind is CohortChart.SCHEDULE:
            if schedule is None:
                raise UsageError("the schedule chart needs a schedule: give one (hcp-england or a file).")
            from chronolane.schedules.checks import check_schedule
            from chronolane.swimlane.cohort_schedule import draw_schedule_shares

            draw_schedule_shares(ax, check_schedule(chronology.frame, chronology.cases, schedule))
        else:
            from chronolane.swimlane.cohort_chart import draw_longest_gaps

            if cohort is None:
                from chronolane.cohort import summarise_cohort

                cohort = summarise_cohort(
                    chronology.frame, cases=chronology.cases, threshold=threshold, schedule=None, rules=()
                )
            draw_longest_gaps(ax, cohort, lane=lane, threshold=threshold)
    return [fig]
