"""Cohort chart: the share of subjects meeting each expected contact of a schedule, one stacked bar a contact."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.errors import NoDataError, UsageError
from chronolane.schedules.model import SCHEDULE_COLUMNS, Outcome
from chronolane.schema.palette import (
    BLUE,
    GREEN,
    HATCHED_EDGE,
    NOT_APPLICABLE_FILL,
    NOT_CHECKED_FILL,
    ORANGE,
    VERMILION,
)
from chronolane.swimlane.style import LABEL_SIZE, TICK_SIZE

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class OutcomeLook:
    """How one schedule outcome is drawn: its words in the legend, a fill colour and a hatch for greyscale."""

    label: str
    colour: str
    hatch: str = ""


#: Every outcome in stacking order, left to right. "Cannot tell" outcomes (vague dates) are hatched segments of
#: their own beside the certain ones: never folded into met, late or missed.
OUTCOME_LOOKS: Mapping[Outcome, OutcomeLook] = {
    Outcome.MET: OutcomeLook("met", GREEN),
    Outcome.POSSIBLY_MET: OutcomeLook("cannot tell (vague dates): possibly met", GREEN, "////"),
    Outcome.LATE: OutcomeLook("met late", ORANGE),
    Outcome.POSSIBLY_LATE: OutcomeLook("cannot tell (vague dates): possibly late", ORANGE, "////"),
    Outcome.POSSIBLY_MISSED: OutcomeLook("cannot tell (vague dates): possibly missed", VERMILION, "////"),
    Outcome.MISSED: OutcomeLook("missed", VERMILION),
    Outcome.NOT_YET_DUE: OutcomeLook("not yet due when the window ended", BLUE, "...."),
    Outcome.NOT_APPLICABLE: OutcomeLook("not applicable (cannot occur)", NOT_APPLICABLE_FILL),
    Outcome.OUTSIDE_WINDOW: OutcomeLook("outside the review window: not checked", NOT_CHECKED_FILL, "xx"),
}

#: Segments narrower than this share of a bar carry no count (it would not fit); the legend still names them.
MIN_LABELLED_SHARE = 0.03


def count_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``check_schedule`` counted per expected contact (index: contact, in schedule order) and outcome
    (columns: every ``Outcome`` value, in ``OUTCOME_LOOKS`` order, zero where none), with a ``label`` column."""
    missing = [c for c in ("contact", "label", "outcome") if c not in outcomes.columns]
    if missing:
        raise UsageError(
            f"the schedule table has no column {missing[0]!r}: give the table check_schedule returns "
            f"(columns {', '.join(SCHEDULE_COLUMNS)})."
        )
    if outcomes.empty:
        raise NoDataError("the schedule table has no rows: no expected contact was checked, nothing to draw.")
    unknown = sorted(set(outcomes["outcome"].astype("str")) - {o.value for o in Outcome})
    if unknown:
        raise UsageError(f"schedule outcome {unknown[0]!r} is not known; outcomes are: {', '.join(Outcome)}.")
    order = pd.unique(outcomes["contact"].astype("str"))
    counts = outcomes.groupby("contact", sort=False)["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(index=order, columns=[o.value for o in OUTCOME_LOOKS], fill_value=0).astype(np.int64)
    labels = outcomes.drop_duplicates("contact").set_index("contact")["label"].astype("str")
    return counts.assign(label=labels.reindex(order))


def draw_schedule_shares(ax: Axes, outcomes: pd.DataFrame, *, title: str | None = None) -> Axes:
    """Draw, on ``ax``, one horizontal bar per expected contact of a ``check_schedule`` table; return ``ax``.

    Each bar is 100% of the subjects checked for that contact (of the visits, for a repeating contact),
    split into one segment per outcome in ``OUTCOME_LOOKS`` order, with its count written inside when it
    fits; "cannot tell" outcomes (vague dates) are hatched segments of their own. The number of subjects is
    written after each bar; the title counts subjects and cases. Never saves or shows.
    """
    counts = count_outcomes(outcomes)
    values = [o.value for o in OUTCOME_LOOKS]
    table = counts[values].to_numpy(dtype=float)
    totals = table.sum(axis=1)
    shares = table / totals[:, None]
    rows = np.arange(len(counts))
    left = np.zeros(len(counts))
    for k, (outcome, look) in enumerate(OUTCOME_LOOKS.items()):
        if not table[:, k].any():
            left += shares[:, k]
            continue
        bars = ax.barh(
            rows,
            shares[:, k],
            left=left,
            height=0.6,
            color=look.colour,
            hatch=look.hatch,
            edgecolor="white" if not look.hatch else HATCHED_EDGE,
            linewidth=0.5,
            label=look.label,
            gid=f"schedule-{outcome.value}",
        )
        for bar, count, share in zip(bars, table[:, k], shares[:, k], strict=True):
            bar.set_gid(f"schedule-{outcome.value}")
            if share >= MIN_LABELLED_SHARE:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{int(count)}",
                    ha="center",
                    va="center",
                    fontsize=LABEL_SIZE,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                    gid="schedule-count",
                )
        left += shares[:, k]
    for row, total in zip(rows, totals, strict=True):
        ax.text(1.01, float(row), f"n = {int(total)}", va="center", fontsize=LABEL_SIZE, gid="schedule-total")
    ax.set_yticks(rows, labels=counts["label"].tolist(), fontsize=TICK_SIZE)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.set_xlabel("share of subjects checked for the contact", fontsize=TICK_SIZE)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    subjects = outcomes[["case_id", "subject"]].drop_duplicates() if "case_id" in outcomes.columns else None
    who = f": {len(subjects)} subject(s) in {subjects['case_id'].nunique()} case(s)" if subjects is not None else ""
    if title is None:
        schedules = ", ".join(pd.unique(outcomes["schedule"].astype("str"))) if "schedule" in outcomes else ""
        title = f"Expected contacts met ({schedules})" if schedules else "Expected contacts met"
    ax.set_title(f"{title}{who}\nshare of subjects by outcome; hatched: cannot tell from vague dates", fontsize=9)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, fontsize=LABEL_SIZE, frameon=False)
    return ax
