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
    Field.PRACTITIONER: ("practitioner", "worker", "professional", "staff", "author", "recorded by", "officer"),
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
}

#: Fields whose source column becomes a fixed column verbatim (and so is not repeated among the extras).
CONSUMED: frozenset[Field] = frozenset({Field.CASE_ID, Field.DATE, Field.TYPE, Field.DESCRIPTION})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """The matching key of a header: lower case, letters and digits only."""
    return _NON_ALNUM.sub("", header.casefold())


_LOOKUP: dict[str, Field] = {normalise_header(s): f for f, names in SYNONYMS.items() for s in names}


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
        field = _LOOKUP.get(normalise_header(header))
        if field is not None and field not in found and header not in taken:
            found[field] = header
            taken.add(header)
    return found


_TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "key", "✓", "✔"})


def is_marked(values: Iterable[str]) -> list[bool]:
    """Whether each cell of a yes/no column such as "Key event" says yes."""
    return [v.strip().casefold() in _TRUE_WORDS for v in values]
