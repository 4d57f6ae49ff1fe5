"""Placing text on a drawn chart: deterministic first fit, measured after layout, so no two labels overlap."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from chronolane.swimlane.style import LABEL_SIZE

#: Candidate offsets in points from the anchor, with alignment, tried in order.
HorizontalAlignment = Literal["left", "center", "right"]
VerticalAlignment = Literal["bottom", "baseline", "center", "center_baseline", "top"]
#: (dx, dy) in points, then the text's alignment to its anchor.
Offset = tuple[float, float, HorizontalAlignment, VerticalAlignment]

_PAD = 1.0  # pixels of clearance kept between labels


def page_of(ax: Axes) -> Figure:
    """The figure that is the whole page ``ax`` is drawn on, also when ``ax`` sits in a subfigure."""
    page = ax.get_figure(root=True)
    assert page is not None  # an Axes is always made on a figure
    return page


@dataclass
class LabelSpec:
    """One label to place: its anchor, the texts it may take (longest first) and where it may go."""

    x: float
    y: float
    texts: Sequence[str]
    offsets: Sequence[Offset]
    #: The display-space box the label must stay inside, computed after layout.
    bounds: Callable[[RendererBase], Bbox]
    gid: str
    #: Index into ``texts`` of a numbered callout, which is listed in the key table; None if it has none.
    callout: int | None = None
    fontsize: float = LABEL_SIZE
    #: Draw on a white box, so lines and shading behind do not cross the text; off over a coloured bar.
    boxed: bool = True
    #: Keep clear of event markers (collision counts, which sit beside their markers, may touch them).
    avoid_markers: bool = True
    #: Further anchors (data coordinates) to try with every offset when none fits at the first.
    more_anchors: Sequence[tuple[float, float]] = ()
    artist: Annotation | None = field(default=None, repr=False)
    chosen: int | None = None
    """Index of the text drawn, or None when no candidate fitted (the label is hidden)."""


def make_artists(ax: Axes, specs: Sequence[LabelSpec]) -> None:
    """Create one hidden annotation per label; ``place_labels`` sets its text, offset and visibility."""
    for spec in specs:
        spec.artist = ax.annotate(
            spec.texts[0],
            xy=(spec.x, spec.y),
            xycoords="data",
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=spec.fontsize,
            parse_math=False,
            annotation_clip=False,
            zorder=6,
            gid=spec.gid,
            visible=False,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
            if spec.boxed
            else None,
        )


def _overlaps(box: Bbox, placed: np.ndarray) -> bool:
    if not len(placed):
        return False
    return bool(
        np.any(
            (box.x0 < placed[:, 2] + _PAD)
            & (box.x1 + _PAD > placed[:, 0])
            & (box.y0 < placed[:, 3] + _PAD)
            & (box.y1 + _PAD > placed[:, 1])
        )
    )


def place_labels(specs: Sequence[LabelSpec], renderer: RendererBase, markers: Sequence[Bbox] = ()) -> None:
    """Give each label, in order, the first text and offset that stays in bounds and overlaps nothing placed.

    Labels never overlap each other; those with ``avoid_markers`` also keep clear of the ``markers`` boxes.
    """
    marker_boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in markers], dtype=float).reshape(-1, 4)
    placed = np.zeros((0, 4))
    for spec in specs:
        art = spec.artist
        assert art is not None
        limits = spec.bounds(renderer)
        spec.chosen = None
        art.set_visible(True)  # an invisible text measures as an empty box
        tries = [(a, o) for a in [(spec.x, spec.y), *spec.more_anchors] for o in spec.offsets]
        for index, text in enumerate(spec.texts):
            art.set_text(text)
            for anchor, (dx, dy, ha, va) in tries:
                art.xy = anchor
                art.xyann = (dx, dy)
                art.set_horizontalalignment(ha)
                art.set_verticalalignment(va)
                box = art.get_window_extent(renderer)
                inside = (
                    box.x0 >= limits.x0 - _PAD
                    and box.x1 <= limits.x1 + _PAD
                    and box.y0 >= limits.y0 - _PAD
                    and box.y1 <= limits.y1 + _PAD
                )
                if inside and not _overlaps(box, placed) and not (spec.avoid_markers and _overlaps(box, marker_boxes)):
                    spec.chosen = index
                    placed = np.vstack([placed, [box.x0, box.y0, box.x1, box.y1]])
                    break
            if spec.chosen is not None:
                break
        art.set_visible(spec.chosen is not None)


def stacked_offsets(levels: int, step: float, *, down: bool = True) -> list[Offset]:
    """Offsets stacking labels in levels from the anchor, each to the right then to the left of it."""
    sign = -1.0 if down else 1.0
    va: VerticalAlignment = "top" if down else "bottom"
    out: list[Offset] = []
    for level in range(levels):
        dy = sign * (2.0 + level * step)
        out += [(3.0, dy, "left", va), (-3.0, dy, "right", va)]
    return out
