"""The colours of every chart and export, defined once: Okabe-Ito for meaning, greys for furniture."""

from __future__ import annotations

#: Okabe-Ito colours (colour-blind safe); yellow is kept for fills only.
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
WHITE = "#FFFFFF"

#: Neutral greys for the furniture of a chart.
LANE_SHADE = "#F2F2F2"
KEY_LINE = "#404040"
GAP_EDGE = "#7F7F7F"
COUNT_FILL = "#8C8C8C"
GRID_LINE = "#DDDDDD"
#: The pale span of a vague date's possible dates, and periods of no named kind.
VAGUE_FILL = "#999999"
#: Markers of "other" events and of the legend's entries that stand for no one type.
PLAIN_MARKER = "#777777"

#: Outcomes that were not checked (not applicable, outside the window), and the edge of hatched bars.
NOT_APPLICABLE_FILL = "#BBBBBB"
NOT_CHECKED_FILL = "#E5E5E5"
HATCHED_EDGE = "#444444"

#: Gaps in contact: light fills that never dominate the page, with a darker hatch.
GAP_CERTAIN_FILL = "#FFF4C2"
GAP_POSSIBLE_FILL = "#FFFBEA"
GAP_HATCH = "#B0A070"

#: Light tints of the Okabe-Ito colours, one band per agency lane in tables (cycled).
LANE_TINTS = ("#FBE3B3", "#D3ECFA", "#C2EBDF", "#FBF7C6", "#BFDDF0", "#F5CDB3", "#F1D6E6", "#E6E6E6")
