"""Event types: mapping a type column's wording, or failing that the description, to the controlled vocabulary."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.schema import EventType

#: Keyword rules in priority order: the first rule whose pattern occurs in the text decides the type.
#: Order matters: "did not attend the appointment" is a missed appointment, not an appointment.
RULES: tuple[tuple[EventType, str], ...] = (
    (
        EventType.MISSED_APPOINTMENT,
        r"did not attend|\bdna\b|was not brought|\bwnb\b|not brought|no access|no reply|no answer"
        r"|cancel+ed|\bmissed\b|failed to attend|not at home|did not engage|non-attendance|not attend",
    ),
    (EventType.DEATH, r"\bdied\b|\bdeath\b|\bdeceased\b|pronounced dead|passed away|\bfatal"),
    (EventType.HEALTH_VISIT, r"birth visit|\bnbv\b"),
    (EventType.BIRTH, r"\bborn\b|\bbirth\b|gave birth|\bdelivered of\b|delivery of baby"),
    (EventType.STRATEGY_DISCUSSION, r"strategy (discussion|meeting)|\bstrat\b"),
    (
        EventType.CONFERENCE,
        r"conference|\bicpc\b|\brcpc\b|core group|\bcpc\b",
    ),
    (
        EventType.PLAN_END,
        r"plan (ended|closed|ceased|discontinued)|(case|plan) closed|stepped down|step down|closure|"
        r"\bclosed\b|de-?registered",
    ),
    (
        EventType.PLAN_START,
        r"(child protection|\bcp\b|child in need|\bcin\b|care|safety|support) plan|subject to (a )?plan|"
        r"placed on (a )?plan|plan (started|agreed|began)",
    ),
    (EventType.HOSPITAL_DISCHARGE, r"discharged from hospital|hospital discharge|\bdischarged\b"),
    (
        EventType.HOSPITAL_ADMISSION,
        r"\badmitted\b|\badmission\b|in-?patient|taken to hospital|conveyed to hospital",
    ),
    (
        EventType.ASSESSMENT,
        r"assessment|\bs\.?\s?47\b|section 47|\bs\.?\s?17\b|section 17|enquir(y|ies)",
    ),
    (
        EventType.PREGNANCY,
        r"pregnan|\bbooking\b|dating scan|\bscan\b|antenatal|concealed|\bedd\b|miscarri",
    ),
    (
        EventType.HEALTH_VISIT,
        r"health visit|new birth visit|\bhv (visit|contact|review)\b|\d\s?-\s?\d\s?week review|"
        r"developmental review|(12|twelve).?month review|2.?(and a half|½|1/2|\.5)?.?year review|"
        r"health review|\bnbv\b|\bhv\b",
    ),
    (EventType.HOME_VISIT, r"home visit|visited (the )?(family )?home|house visit|visit to (the )?home|\bvisit\b"),
    (
        EventType.APPOINTMENT,
        r"appointment|\battended\b|\bclinic\b|seen by|consultation|seen at|\bseen\b|\breview\b",
    ),
    (
        EventType.NOTIFICATION,
        r"notification|notified|information shar|shared (with|information)|\binformed\b|letter (to|sent)|"
        r"sent to|passed to|\bemail(ed)?\b|\bpprn?\b|vulnerable person",
    ),
    (EventType.REFERRAL, r"referr|\breferred\b"),
    (EventType.MEETING, r"meeting|team around|\btac\b|\btaf\b|professionals"),
    (
        EventType.INCIDENT,
        r"incident|assault|arrest|domestic|disturbance|called to|found (alone|crying)|breach|dispute|fight|"
        r"shoplift|\bcrime\b|offence|injur|attended the address|999|police called|left alone|abuse",
    ),
)

#: Exact type-column wordings (matching ignores case and punctuation) that the keyword rules would misread.
EXACT: dict[str, EventType] = {
    "other": EventType.OTHER,
    "contact": EventType.APPOINTMENT,
    "visit": EventType.HOME_VISIT,
    "hv": EventType.HEALTH_VISIT,
    "dna": EventType.MISSED_APPOINTMENT,
    "wnb": EventType.MISSED_APPOINTMENT,
    "birth": EventType.BIRTH,
    "newbirthvisit": EventType.HEALTH_VISIT,
    "phonecall": EventType.OTHER,
    "telephonecall": EventType.OTHER,
}
for _t in EventType:
    EXACT[re.sub(r"[^0-9a-z]+", "", _t.value)] = _t

# The patterns are RE2-compatible (no look-arounds) so that whole columns run in pyarrow's regex engine.
_COMPILED = tuple((t, re.compile(p, re.IGNORECASE)) for t, p in RULES)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def classify_text(text: str, extra: Mapping[str, str] | None = None) -> EventType | None:
    """The event type one wording names, or None when nothing matches."""
    key = _key(text)
    if not key:
        return None
    if extra:
        for written, event_type in extra.items():
            if _key(written) == key:
                return EventType(event_type)
    if key in EXACT:
        return EXACT[key]
    for event_type, pattern in _COMPILED:
        if pattern.search(text):
            return event_type
    return None


def classify_events(
    type_text: pd.Series, description: pd.Series, extra: Mapping[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Event type per row, and whether it fell back to ``other`` (no match in type text or description).

    The type column decides where it matches; rows whose type is empty or unknown are classified from
    words in the description, one vectorised pass per rule over the rows still unclassified.
    """
    codes, uniques = pd.factorize(type_text, use_na_sentinel=False)
    by_type = np.array([classify_text(str(u), extra) or "" for u in uniques], dtype=object)
    result = by_type[codes] if len(codes) else np.array([], dtype=object)
    todo = np.flatnonzero(result == "")
    if len(todo):
        text = pa.array(description.iloc[todo].astype("str"))
        remaining = np.ones(len(todo), dtype=bool)
        for event_type, pattern in RULES:
            hit = remaining & pc.match_substring_regex(text, pattern, ignore_case=True).to_numpy(zero_copy_only=False)
            result[todo[hit]] = event_type.value
            remaining &= ~hit
            if not remaining.any():
                break
    unknown = result == ""
    result[unknown] = EventType.OTHER.value
    said_other = np.array([_key(str(u)) == "other" for u in uniques], dtype=bool)
    fell_back = unknown & ~said_other[codes] if len(codes) else unknown
    return (
        pd.Series(result, index=type_text.index, dtype="str"),
        pd.Series(fell_back, index=type_text.index, dtype=bool),
    )
