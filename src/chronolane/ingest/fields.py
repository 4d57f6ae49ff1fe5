"""Recognising an agency file's columns by their headers: the synonym table and the matching rule."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum


class Field(StrEnum):
    """What a source column holds, as far as the build needs to know."""

    CASE_ID = "case_id"
    DATE = "date"
    TIME = "time"
    AGENCY = "agency"
    TYPE = "type"
    DESCRIPTION = "description"
    SUBJECT = "subject"
    PRACTITIONER = "practitioner"
    KEY = "key"
    OUTCOME = "outcome"
    # agency files (issue 10)
    RECORDED = "recorded"
    LOCATION = "location"


#: Header synonyms per field, written naturally; matching ignores case, spaces and punctuation.
SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.CASE_ID: ("case_id", "case id", "case", "case ref", "case reference", "case number", "review id"),
    Field.DATE: (
        "date",
        "date of contact",
        "contact date",
        "event date",
        "date of event",
        "when",
        "date/period",
        "period",
        "date or period",
        "date of incident",
        "incident date",
        "date of visit",
        "visit date",
        "date of referral",
        "referral date",
        "date and time",
        "datetime",
        "date time",
        "start date",
        "date (approx)",
        "approx date",
        "date seen",
        "appointment date",
        "dates",
        "occurrence date",
        "date/time",
        "incident date/time",
        "date and time of contact",
        "date of consultation",
        "consultation date",
        "entry date",
    ),
    Field.TIME: ("time", "time of contact", "time of event", "start time", "time seen"),
    Field.AGENCY: (
        "agency",
        "organisation",
        "organization",
        "service",
        "agency name",
        "team",
        "provider",
        "source agency",
        "service area",
        "department",
    ),
    Field.TYPE: (
        "type",
        "event type",
        "contact type",
        "category",
        "type of contact",
        "type of event",
        "event category",
        "incident type",
        "type of incident",
        "visit type",
        "appointment type",
        "contact reason",
        "activity",
        "activity type",
        "contact method",
        "nature of contact",
        "event kind",
        "consultation type",
        "source / type",
        "occurrence type",
        "entry type",
        "record type",
        "type of entry",
        "event/contact type",
        "contact/event type",
        "intervention",
        "intervention type",
    ),
    Field.DESCRIPTION: (
        "details",
        "description",
        "summary",
        "event",
        "notes",
        "detail",
        "narrative",
        "event details",
        "details of contact",
        "description of event",
        "what happened",
        "summary of contact",
        "note",
        "information",
        "record",
        "contact details",
        "facts",
        "event description",
        "comments",
        "entry",
        "summary of event",
        "summary of events",
        "event summary",
        "concern / event",
        "concern",
        "concerns",
        "description of contact",
        "details of event",
        "details of incident",
        "incident details",
        "occurrence details",
        "summary of incident",
        "record of contact",
        "entry details",
        "contact summary",
    ),
    Field.SUBJECT: (
        "subject",
        "person",
        "child",
        "family member",
        "individual",
        "subject name",
        "person seen",
        "client",
        "patient",
        "service user",
        "who",
    ),
    Field.PRACTITIONER: (
        "practitioner",
        "worker",
        "professional",
        "staff",
        "author",
        "recorded by",
        "officer",
        "clinician",
        "practitioner name",
        "worker name",
        "staff member",
        "officer in case",
        "oic",
        "key worker",
        "seen by",
        "entered by",
    ),
    Field.OUTCOME: (
        "outcome",
        "outcome / decision",
        "outcome/decision",
        "decision",
        "action taken",
        "action",
        "actions",
        "outcome of contact",
        "contact outcome",
        "visit outcome",
        "appointment outcome",
        "result",
        "attendance",
        "attended",
        "attended?",
        "seen",
        "seen?",
        "child seen",
        "child seen?",
        "did not attend",
        "dna",
        "dna/wnb",
    ),
    Field.KEY: ("key", "key event", "key date", "key practice episode", "kpe", "significant", "key episode"),
    Field.RECORDED: (
        "reported date",
        "date reported",
        "date recorded",
        "recorded date",
        "recorded on",
        "date of report",
        "report date",
        "date logged",
        "logged date",
        "date entered",
        "reported",
        "recorded",
    ),
    Field.LOCATION: ("venue", "location", "place", "setting", "place of contact", "where seen", "location of contact"),
}

#: What each field's column becomes in the integrated chronology, for docs/case-format.md.
USES: dict[Field, str] = {
    Field.CASE_ID: "`case_id` in long-format files",
    Field.DATE: "`date_text` (verbatim) and the date interval",
    Field.TIME: "`time` when the date has none; the column is kept",
    Field.AGENCY: "`agency` (normalised); the column is kept",
    Field.TYPE: "`type_text` (verbatim) and `event_type`",
    Field.DESCRIPTION: "`description` (verbatim)",
    Field.SUBJECT: "`subject` (matched to subject ids); the column is kept",
    Field.PRACTITIONER: "kept as it is",
    Field.KEY: "kept; rows marked yes/y/true/x are key events on charts",
    Field.RECORDED: "`recorded_start`, `recorded_end`; dates a row whose date is blank or unreadable "
    "(flagged `dated-by-record`); the column is kept",
    Field.LOCATION: "kept as it is",
    Field.OUTCOME: "`attendance` and `mode` (read with the type and description); the column is kept",
}

#: Fields whose source column becomes a fixed column verbatim (and so is not repeated among the extras).
CONSUMED: frozenset[Field] = frozenset({Field.CASE_ID, Field.DATE, Field.TYPE, Field.DESCRIPTION})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")
#: Words that do not change what a header names ("Date of occurrence" is "Occurrence date").
_STOP_WORDS = frozenset({"of", "the", "a", "an", "and", "or", "on"})


def normalise_header(header: str) -> str:
    """The matching key of a header: lower case, letters and digits only."""
    return _NON_ALNUM.sub("", header.casefold())


def header_words(header: str) -> str:
    """The word key of a header: its words in lower case, without ``_STOP_WORDS``, sorted and deduplicated."""
    return " ".join(sorted(set(_WORD.findall(header.casefold())) - _STOP_WORDS))


_LOOKUP: dict[str, Field] = {normalise_header(s): f for f, names in SYNONYMS.items() for s in names}
_WORD_LOOKUP: dict[str, Field] = {header_words(s): f for f, names in SYNONYMS.items() for s in names}


def field_of(header: str) -> Field | None:
    """The field a header names by the synonym tables: exact letters first, then the same words in any order."""
    return _LOOKUP.get(normalise_header(header)) or _WORD_LOOKUP.get(header_words(header))


def match_fields(headers: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict[Field, str]:
    """Map fields to the header holding them: explicit ``mapping`` (field -> header) first, then synonyms.

    The first header matching a field wins; later headers matching the same field stay ordinary columns.
    """
    headers = list(headers)
    found: dict[Field, str] = {}
    for name, header in (mapping or {}).items():
        found[Field(name)] = header
    taken = set(found.values())
    for header in headers:
        field = field_of(header)
        if field is not None and field not in found and header not in taken:
            found[field] = header
            taken.add(header)
    return found


_TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "key", "✓", "✔"})


def is_marked(values: Iterable[str]) -> list[bool]:
    """Whether each cell of a yes/no column such as "Key event" says yes."""
    return [v.strip().casefold() in _TRUE_WORDS for v in values]


def fields_markdown() -> str:
    """The table of fields and every header recognised for each, for docs/case-format.md."""
    lines = ["| field | headers recognised | becomes |", "|---|---|---|"]
    for f in Field:
        names = ", ".join(SYNONYMS[f])
        lines.append(f"| `{f.value}` | {names} | {USES[f]} |")
    return "\n".join(lines) + "\n"
