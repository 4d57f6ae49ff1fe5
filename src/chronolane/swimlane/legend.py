"""What explains the chart: the legend, the notes under it, the label specs and the key table of callouts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from chronolane.case.model import PeriodKind
from chronolane.measures.contact import did_not_happen, remote
from chronolane.schema.columns import Column, EventType
from chronolane.schema.palette import (
    COUNT_FILL,
    GAP_CERTAIN_FILL,
    GAP_EDGE,
    GAP_POSSIBLE_FILL,
    KEY_LINE,
    PLAIN_MARKER,
    VAGUE_FILL,
)
from chronolane.swimlane import layout
from chronolane.swimlane.labels import LabelSpec, Offset, stacked_offsets
from chronolane.swimlane.marks import Mark
from chronolane.swimlane.style import LABEL_SIZE
from chronolane.timeline.palette import MARKER_SIZE, PERIOD_COLOURS, STYLES, EventStyle
from chronolane.timeline.wording import GAP_CERTAIN, GAP_POSSIBLE

#: Above this many key dates, all are labelled by their event numbers (listed in the key table) alone.
MAX_TEXT_LABELS = 14
LEVEL_STEP = 9.5  # points between stacked label levels


def chart_notes(view: layout.View, gaps_hidden: int, dense: int, *, listed: bool = False) -> list[str]:
    """Notes under the chart: what is not drawn and why; ``listed``: undated rows are in the key table."""
    notes = []
    if view.undated:
        where = "listed in the key, not on the chart" if listed else "not shown"
        notes.append(f"{view.undated} undated row{'s' if view.undated != 1 else ''} {where}")
    if view.outside:
        notes.append(f"{view.outside} row{'s' if view.outside != 1 else ''} outside these dates")
    if gaps_hidden:
        notes.append(f"{gaps_hidden} gap{'s' if gaps_hidden != 1 else ''} in lanes not shown")
    if dense:
        notes.append("grey bars: events per period (vague dates at their middle)")
    return notes


def _handle(kwargs: dict[str, Any], label: str) -> Line2D:
    return Line2D([], [], linestyle="none", markersize=MARKER_SIZE, label=label, **kwargs)


def draw_legend(
    ax: Axes,
    events: pd.DataFrame,
    period_kinds: set[PeriodKind],
    gap_kinds: set[str],
    keys: tuple[bool, bool],
    unit: str,
) -> None:
    """A legend of what is drawn, outside the plot on the right; ``keys``: any key dates, any vague ones."""
    any_keys, keys_vague = keys
    handles: list[Any] = []
    present = set(events[Column.EVENT_TYPE].astype("str"))
    for event_type in EventType:
        if event_type.value not in present:
            continue
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markersize=MARKER_SIZE,
                label=event_type.value.replace("-", " "),
                **STYLES[event_type].marker_kwargs(),
            )
        )
    plain = EventStyle("o", PLAIN_MARKER)
    if did_not_happen(events).any():
        handles.append(_handle(plain.marker_kwargs(missed=True), "hollow: did not happen (missed, cancelled)"))
    if remote(events).any():
        handles.append(_handle(plain.marker_kwargs(remote=True), "half filled: telephone, video or letter"))
    if events["vague"].any():
        handles.append(Patch(facecolor=VAGUE_FILL, alpha=0.3, label="vague date: possible dates"))
    for kind in sorted(period_kinds):
        handles.append(Patch(facecolor=PERIOD_COLOURS[kind], alpha=0.45, label=f"period: {kind.value}"))
    if GAP_CERTAIN in gap_kinds:
        handles.append(Patch(facecolor=GAP_CERTAIN_FILL, edgecolor=GAP_EDGE, hatch="////", label="gap: certain"))
    if GAP_POSSIBLE in gap_kinds:
        handles.append(
            Patch(facecolor=GAP_POSSIBLE_FILL, edgecolor=GAP_EDGE, hatch="..", ls="--", label="gap: possible")
        )
    if any_keys:
        handles.append(Line2D([], [], color=KEY_LINE, lw=0.9, label="key date"))
        if keys_vague:
            handles.append(
                Patch(
                    facecolor=(*to_rgb(KEY_LINE), 0.15), edgecolor=KEY_LINE, ls="--", label="key date, vague: its dates"
                )
            )
    if unit:
        handles.append(Patch(facecolor=COUNT_FILL, label=f"events per {unit}"))
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0,
        fontsize=LABEL_SIZE,
        frameon=False,
        handlelength=1.2,
    )
    legend.set_gid("legend")


def label_specs(
    ax: Axes,
    keys: Sequence[Mark],
    periods: Sequence[Mark],
    gaps: Sequence[Mark],
    collisions: Sequence[Mark],
    strip: float,
    lane_pt: float,
    key_numbers: Mapping[str, int],
    numbers: Sequence[LabelSpec] = (),
) -> list[LabelSpec]:
    """Labels in priority order: key dates, periods, event numbers (``numbers``), gaps and collision counts.

    A key date of an event is labelled with its text and event number (``key_numbers`` by the mark's gid),
    or its number alone when there are many; one from case.toml alone (a subject's birth) with its text.
    """
    strip_top = -0.5 - strip
    levels = max(int(strip * lane_pt // LEVEL_STEP), 1)

    def strip_box(r: RendererBase) -> Bbox:
        (x0, y0), (x1, y1) = ax.transData.transform([(ax.get_xlim()[0], -0.5), (ax.get_xlim()[1], strip_top)])
        return Bbox.from_extents(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def data_box(box: tuple[float, float, float, float] | None) -> Callable[[RendererBase], Bbox]:
        assert box is not None  # gap bars and collision counts always give their extent

        def bounds(r: RendererBase) -> Bbox:
            (x0, y0), (x1, y1) = ax.transData.transform([(box[0], box[2]), (box[1], box[3])])
            lim = ax.bbox
            return Bbox.from_extents(
                max(min(x0, x1), lim.x0), max(min(y0, y1), lim.y0), min(max(x0, x1), lim.x1), min(max(y0, y1), lim.y1)
            )

        return bounds

    numbered = len(keys) > MAX_TEXT_LABELS
    specs = []
    strip_offsets = stacked_offsets(levels, LEVEL_STEP)
    for m in periods:
        if m.box is None:
            specs.append(LabelSpec(m.x, strip_top, m.texts, strip_offsets, strip_box, f"label:{m.gid}"))
        else:  # inside the bar from its start, else just after its end
            offsets: list[Offset] = [(2, 0, "left", "center"), (2, 7, "left", "center"), (2, -7, "left", "center")]
            spec = LabelSpec(m.x, m.y, m.texts, offsets, data_box(m.box), f"label:{m.gid}", boxed=False)
            spec.more_anchors = [(m.x_end if m.x_end is not None else m.x, m.y)]
            specs.append(spec)
    for m in keys:
        number = key_numbers.get(m.gid)
        if number is None:
            specs.append(LabelSpec(m.x, strip_top, m.texts, strip_offsets, strip_box, f"label:{m.gid}"))
            continue
        texts = (str(number),) if numbered else (*m.texts, str(number))
        specs.append(LabelSpec(m.x, strip_top, texts, strip_offsets, strip_box, f"label:{m.gid}", len(texts) - 1))
    specs.extend(numbers)
    for m in gaps:
        offsets = [(0, 0, "center", "center"), (0, 7, "center", "center"), (0, -7, "center", "center")]
        specs.append(LabelSpec(m.x, m.y, m.texts, offsets, data_box(m.box), f"label:{m.gid}"))
    for m in collisions:
        offsets = [
            (4, 3, "left", "bottom"),
            (4, -3, "left", "top"),
            (-4, 3, "right", "bottom"),
            (-4, -3, "right", "top"),
        ]
        specs.append(
            LabelSpec(m.x, m.y, m.texts, offsets, data_box(m.box), m.gid, fontsize=6, boxed=False, avoid_markers=False)
        )
    return specs
