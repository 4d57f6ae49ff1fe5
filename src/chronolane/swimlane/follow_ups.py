"""Follow-up connectors on the swimlane chart: trigger to follow-up across lanes, and a mark where none came."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from chronolane.follow_ups.find import FollowUpOutcome
from chronolane.schema.columns import Column
from chronolane.swimlane.style import BLUE, LABEL_SIZE, VERMILION, Labeller

#: Colour and line style per outcome of a trigger that found its follow-up.
CONNECTOR_STYLES = {
    FollowUpOutcome.ON_TIME.value: (BLUE, "-"),
    FollowUpOutcome.POSSIBLY_LATE.value: (VERMILION, (0, (3, 2))),
    FollowUpOutcome.LATE.value: (VERMILION, "-"),
}
#: Outcomes with no follow-up that get the distinct "none came" mark on the trigger's lane.
NONE_CAME = (FollowUpOutcome.MISSING.value, FollowUpOutcome.POSSIBLY_MISSING.value)


def lag_text(lag_min: object, lag_max: object) -> str:
    """The lag in days as drawn: "3 d" when exact, "0-30 d" when the dates are vague."""
    lo, hi = int(lag_min), int(lag_max)  # type: ignore[call-overload]
    return f"{lo} d" if lo == hi else f"{lo}-{hi} d"


def draw_follow_ups(
    ax: Axes,
    follow_ups: pd.DataFrame | None,
    events: pd.DataFrame,
    lanes: Sequence[str],
    case_id: str,
    label: Labeller,
) -> int:
    """Draw each trigger-to-follow-up pair of the case whose events are on the chart; return how many were drawn.

    A pair is an arrow from the trigger to its follow-up, labelled with the lag (blue on time, vermilion
    late, dashed when possibly late); a missing follow-up is a black crossed square above the trigger,
    labelled "no <rule>" (dashed edge when possibly missing). Each artist's gid names the trigger event.
    """
    if follow_ups is None or follow_ups.empty:
        return 0
    rows = follow_ups[follow_ups["case_id"].astype("str") == case_id]
    lane_of = dict(zip(events[Column.EVENT_ID].astype("str"), events["lane_y"], strict=False))
    x_of = dict(zip(events[Column.EVENT_ID].astype("str"), events["xm"], strict=False))
    drawn = 0
    for trigger, follow, outcome, rule_label, lag_min, lag_max in zip(
        rows["trigger_event_id"].astype("str"),
        rows["follow_up_event_id"].astype("str"),
        rows["outcome"].astype("str"),
        rows["label"].astype("str"),
        rows["lag_min_days"],
        rows["lag_max_days"],
        strict=True,
    ):  # one artist per pair, findable by its gid; a case has few
        if trigger not in x_of:
            continue
        x0, y0 = float(x_of[trigger]), float(lane_of[trigger])
        if outcome in CONNECTOR_STYLES and follow in x_of:
            colour, style = CONNECTOR_STYLES[outcome]
            x1, y1 = float(x_of[follow]), float(lane_of[follow])
            arrow = FancyArrowPatch(
                (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=7, color=colour, linestyle=style, lw=0.9, zorder=4
            )
            arrow.set_gid(f"follow-up:{trigger}")
            ax.add_patch(arrow)
            ax.annotate(
                lag_text(lag_min, lag_max),
                xy=((x0 + x1) / 2, (y0 + y1) / 2),
                fontsize=LABEL_SIZE,
                color=colour,
                ha="center",
                va="bottom",
                parse_math=False,
                gid=f"follow-up-lag:{trigger}",
                zorder=5,
            )
            drawn += 1
        elif outcome in NONE_CAME:
            y = y0 - 0.3
            mark = Line2D(
                [x0],
                [y],
                linestyle="none",
                marker="X",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor="black",
                markeredgewidth=1.0,
                zorder=5,
            )
            mark.set_gid(f"follow-up-missing:{trigger}")
            ax.add_line(mark)
            text = f"no {label(rule_label, 40)}" + ("?" if outcome != FollowUpOutcome.MISSING.value else "")
            ax.annotate(
                text,
                xy=(x0, y),
                xytext=(5, 0),
                textcoords="offset points",
                fontsize=LABEL_SIZE,
                va="center",
                ha="left",
                parse_math=False,
                gid=f"follow-up-missing-label:{trigger}",
                zorder=5,
            )
            drawn += 1
    return drawn
