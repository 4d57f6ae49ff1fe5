"""The fixed look of every timeline, printed or interactive: marker shape and colour per event type, colours
of periods, follow-up connectors and the chart's furniture."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chronolane.case.model import PeriodKind
from chronolane.follow_ups.find import FollowUpOutcome
from chronolane.schema.columns import DID_NOT_HAPPEN_TYPES, EventType
from chronolane.schema.palette import (
    BLACK,
    BLUE,
    GREEN,
    ORANGE,
    PLAIN_MARKER,
    PURPLE,
    SKY_BLUE,
    VAGUE_FILL,
    VERMILION,
    YELLOW,
)


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

    def marker_kwargs(self, *, missed: bool = False, remote: bool = False) -> dict[str, Any]:
        """Line2D keyword arguments drawing this marker: hollow and line markers are coloured on the edge.

        ``missed`` draws it hollow (the contact did not happen); ``remote`` half-filled (by telephone, video
        or letter).
        """
        hollow = self.hollow or missed
        edged = hollow or self.is_line or remote
        kwargs: dict[str, Any] = {
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
    EventType.OTHER: EventStyle("+", PLAIN_MARKER),
}
STYLES = {t: (EventStyle(s.marker, s.colour, True) if t in DID_NOT_HAPPEN_TYPES else s) for t, s in STYLES.items()}

#: Marker size in points.
MARKER_SIZE = 7.0

#: Fill colour per period kind.
PERIOD_COLOURS = {
    PeriodKind.PREGNANCY: PURPLE,
    PeriodKind.PLAN: BLUE,
    PeriodKind.ABROAD: YELLOW,
    PeriodKind.PLACEMENT: GREEN,
    PeriodKind.ADMISSION: VERMILION,
    PeriodKind.OTHER: VAGUE_FILL,
}

#: Colour and line style per outcome of a trigger that found its follow-up.
CONNECTOR_STYLES = {
    FollowUpOutcome.ON_TIME.value: (BLUE, "-"),
    FollowUpOutcome.POSSIBLY_LATE.value: (VERMILION, (0, (3, 2))),
    FollowUpOutcome.LATE.value: (VERMILION, "-"),
}
