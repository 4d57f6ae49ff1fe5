"""The fixed look of a swimlane chart: marker and colour per event type, page sizes, text cleaning."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from chronolane.schema.columns import DID_NOT_HAPPEN_TYPES, EventType
from chronolane.schema.paper import PAGE_INCHES, PageSize  # noqa: F401  (re-exported)

#: Okabe-Ito colours (colour-blind safe); yellow is kept for fills only.
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"

#: Neutral greys for the furniture of the chart.
LANE_SHADE = "#F2F2F2"
KEY_LINE = "#404040"
GAP_EDGE = "#7F7F7F"
COUNT_FILL = "#8C8C8C"


@dataclass(frozen=True)
class EventStyle:
    """How one event type is drawn: a marker shape that alone tells it apart in greyscale, and a colour."""

    marker: str | int
    colour: str
    hollow: bool = False

    @property
    def is_line(self) -> bool:
        """True for markers drawn as lines only (tri, plus), which take their colour on the edge."""
        return self.marker in ("1", "2", "3", "+", "x", "|", "_")

    def marker_kwargs(self, *, missed: bool = False, remote: bool = False) -> dict[str, object]:
        """Line2D keyword arguments drawing this marker: hollow and line markers are coloured on the edge.

        ``missed`` draws it hollow (the contact did not happen); ``remote`` half-filled (by telephone, video
        or letter).
        """
        hollow = self.hollow or missed
        edged = hollow or self.is_line or remote
        kwargs: dict[str, object] = {
            "marker": self.marker,
            "markerfacecolor": "white" if hollow else self.colour,
            "markeredgecolor": self.colour if edged else "white",
            "markeredgewidth": 1.3 if edged else 0.4,
        }
        if remote and not hollow:
            kwargs |= {"fillstyle": "bottom", "markerfacecoloralt": "white", "markeredgewidth": 1.0}
        return kwargs


#: One distinct shape per type, so a greyscale print still tells the types apart; colour doubles the cue.
STYLES: Mapping[EventType, EventStyle] = {
    EventType.REFERRAL: EventStyle(">", ORANGE),
    EventType.INCIDENT: EventStyle("X", VERMILION),
    EventType.BIRTH: EventStyle("*", GREEN),
    EventType.DEATH: EventStyle("P", BLACK),
    EventType.PREGNANCY: EventStyle("h", PURPLE),
    EventType.HOME_VISIT: EventStyle("s", BLUE),
    EventType.HEALTH_VISIT: EventStyle("o", SKY_BLUE),
    EventType.APPOINTMENT: EventStyle("D", GREEN),
    EventType.MISSED_APPOINTMENT: EventStyle("o", VERMILION),
    EventType.ASSESSMENT: EventStyle("^", BLUE),
    EventType.STRATEGY_DISCUSSION: EventStyle("d", PURPLE),
    EventType.CONFERENCE: EventStyle("p", ORANGE),
    EventType.MEETING: EventStyle("2", BLUE),  # tri up, a line marker
    EventType.PLAN_START: EventStyle(5, BLACK),  # caret right: a plan begins
    EventType.PLAN_END: EventStyle(4, BLACK),  # caret left: a plan ends
    EventType.HOSPITAL_ADMISSION: EventStyle("v", VERMILION),
    EventType.HOSPITAL_DISCHARGE: EventStyle("<", SKY_BLUE),
    EventType.NOTIFICATION: EventStyle("1", BLACK),  # tri down, a line marker
    EventType.EMERGENCY_ATTENDANCE: EventStyle("H", VERMILION),
    EventType.IMMUNISATION: EventStyle("8", GREEN),
    EventType.MASH_DECISION: EventStyle("3", ORANGE),  # tri left, a line marker
    EventType.LOOKED_AFTER: EventStyle(6, PURPLE),  # caret up
    EventType.EARLY_HELP: EventStyle(7, GREEN),  # caret down
    EventType.ARREST: EventStyle("x", VERMILION),  # a line marker
    EventType.INTELLIGENCE: EventStyle(9, PURPLE),  # caret right with base
    EventType.DISCLOSURE: EventStyle("|", VERMILION),  # a line marker
    EventType.SCHOOL_EXCLUSION: EventStyle(10, ORANGE),  # caret up with base
    EventType.SCHOOL_ATTENDANCE: EventStyle(11, ORANGE),  # caret down with base
    EventType.EVICTION: EventStyle("_", BLUE),  # a line marker
    EventType.OTHER: EventStyle("+", "#777777"),
}
STYLES = {t: (EventStyle(s.marker, s.colour, True) if t in DID_NOT_HAPPEN_TYPES else s) for t, s in STYLES.items()}

#: Marker size in points; text sizes in points (7 pt or more at print size).
MARKER_SIZE = 7.0
LABEL_SIZE = 7.0
TICK_SIZE = 8.0
TITLE_SIZE = 11.0


Relabel = Callable[[str], str] | Mapping[str, str] | None

_REPLACEMENT = "□"  # drawn for characters the chart font has no glyph for (emoji, rare scripts)


#: The chart's font, and the fixed-width font of its key table.
FONT = "DejaVu Sans"
MONO_FONT = "DejaVu Sans Mono"


@functools.cache
def _font_charmap(family: str = FONT) -> frozenset[int]:
    """Code points a font of the chart can draw."""
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont(font_manager.FontProperties(family=family))
    return frozenset(ft2font.FT2Font(path).get_charmap())


def _drawable(text: str, family: str = FONT) -> str:
    """Text with control characters as spaces and glyphs missing from the font as a visible box."""
    charmap = _font_charmap(family)
    out = []
    for ch in text:
        if unicodedata.category(ch).startswith("C"):
            out.append(" ")
        elif ord(ch) in charmap or ch == " ":
            out.append(ch)
        else:
            out.append(_REPLACEMENT)
    return " ".join("".join(out).split())


def truncate(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters with an ellipsis when longer; long words are cut too."""
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


class Labeller:
    """The one road every text from the data takes onto the chart: pseudonymise, make drawable, shorten."""

    def __init__(self, relabel: Relabel = None) -> None:
        if relabel is None:
            self._relabel: Callable[[str], str] = str
        elif callable(relabel):
            self._relabel = relabel
        else:
            table = dict(relabel)
            self._relabel = functools.partial(_replace_all, table)
        self._cache: dict[tuple[str, int, str], str] = {}

    def __call__(self, text: str, limit: int = 60, family: str = FONT) -> str:
        """The pseudonymised form of ``text`` drawable in ``family``, at most ``limit`` characters."""
        key = (text, limit, family)
        if key not in self._cache:
            self._cache[key] = truncate(_drawable(self._relabel(str(text)), family), limit)
        return self._cache[key]


def _replace_all(table: Mapping[str, str], text: str) -> str:
    """Replace every key of ``table`` found in ``text``, longest first, so "Jane Smith" beats "Jane"."""
    for old in sorted(table, key=len, reverse=True):
        if old:
            text = text.replace(old, table[old])
    return text
