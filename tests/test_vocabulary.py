"""Header synonyms, agency names and event types: the vocabularies that turn each file's wording into columns."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.chronology.events import classify_events, classify_text
from chronolane.ingest.fields import Field, match_fields
from chronolane.schema.agencies import lane_order, normalise_agencies
from chronolane.schema.columns import EventType


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date", Field.DATE),
        ("Date of contact", Field.DATE),
        ("EVENT DATE", Field.DATE),
        ("When", Field.DATE),
        ("Organisation", Field.AGENCY),
        ("Service", Field.AGENCY),
        ("Event type", Field.TYPE),
        ("Contact_Type", Field.TYPE),
        ("Category", Field.TYPE),
        ("Details", Field.DESCRIPTION),
        ("Summary", Field.DESCRIPTION),
        ("Notes", Field.DESCRIPTION),
        ("Time", Field.TIME),
        ("Worker", Field.PRACTITIONER),
        ("Child", Field.SUBJECT),
        ("Case ID", Field.CASE_ID),
        ("Key event", Field.KEY),
    ],
)
def test_headers_match_by_synonym_ignoring_case_spaces_and_punctuation(header: str, field: Field) -> None:
    assert match_fields(["Other column", header]) == {field: header}


def test_explicit_mapping_wins_and_the_first_synonym_header_takes_a_field() -> None:
    found = match_fields(["Date", "Event date", "What"], {"description": "What", "date": "Event date"})
    assert found == {Field.DESCRIPTION: "What", Field.DATE: "Event date"}
    assert match_fields(["Date", "Event date"]) == {Field.DATE: "Date"}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("HV", "Health visiting"),
        ("health visitor", "Health visiting"),
        ("Health Visiting Service", "Health visiting"),
        ("CSC", "Children's social care"),
        ("children's services", "Children's social care"),
        ("MASH", "Children's social care"),
        ("Social care", "Children's social care"),
        ("A&E", "Emergency department"),
        ("Midwife", "Maternity"),
        ("GP surgery", "GP"),
        ("police", "Police"),
        ("health visiting", "Health visiting"),
        ("Bespoke Family Project", "Bespoke Family Project"),
    ],
)
def test_agency_names_normalise_through_the_synonym_table(written: str, canonical: str) -> None:
    assert normalise_agencies(pd.Series([written])).tolist() == [canonical]


def test_case_toml_agencies_extend_and_override_the_synonyms() -> None:
    extra = {"Rapid response nurse": "Health visiting", "MASH": "MASH"}
    result = normalise_agencies(pd.Series(["Rapid Response Nurse", "MASH", "csc"]), extra).tolist()
    assert result == ["Health visiting", "MASH", "Children's social care"]


def test_lanes_follow_case_toml_then_the_default_order_then_names() -> None:
    present = ["Zeta project", "Police", "Health visiting", "Family", "Housing"]
    assert lane_order(present) == ["Family", "Health visiting", "Police", "Housing", "Zeta project"]
    assert lane_order(present, ("Police", "Nobody")) == [
        "Police",
        "Family",
        "Health visiting",
        "Housing",
        "Zeta project",
    ]


@pytest.mark.parametrize(
    ("wording", "event_type"),
    [
        ("Referral", EventType.REFERRAL),
        ("Incident", EventType.INCIDENT),
        ("Birth", EventType.BIRTH),
        ("Death", EventType.DEATH),
        ("Booking appointment", EventType.PREGNANCY),
        ("Pregnancy found", EventType.PREGNANCY),
        ("Home visit", EventType.HOME_VISIT),
        ("New birth visit", EventType.HEALTH_VISIT),
        ("HV contact", EventType.HEALTH_VISIT),
        ("Attended appointment", EventType.APPOINTMENT),
        ("DNA", EventType.APPOINTMENT),  # what was planned; attendance says it did not happen
        ("Did not attend", EventType.APPOINTMENT),
        ("Was not brought", EventType.APPOINTMENT),
        ("No access visit", EventType.HOME_VISIT),
        ("Cancelled appointment", EventType.APPOINTMENT),
        ("Single assessment", EventType.ASSESSMENT),
        ("Strategy discussion", EventType.STRATEGY_DISCUSSION),
        ("Initial child protection conference", EventType.CONFERENCE),
        ("Core group", EventType.CONFERENCE),
        ("Professionals meeting", EventType.MEETING),
        ("CIN plan started", EventType.PLAN_START),
        ("Case closed", EventType.PLAN_END),
        ("Hospital admission", EventType.HOSPITAL_ADMISSION),
        ("Discharged from hospital", EventType.HOSPITAL_DISCHARGE),
        ("Notification to CSC", EventType.NOTIFICATION),
        ("hospital-admission", EventType.HOSPITAL_ADMISSION),
    ],
)
def test_type_wordings_map_to_the_event_vocabulary(wording: str, event_type: EventType) -> None:
    assert classify_text(wording) is event_type


def test_an_empty_or_unknown_type_falls_back_to_words_in_the_description() -> None:
    types = pd.Series(["", "Misc", "Home visit", "", "Other"])
    details = pd.Series(
        ["Mother did not attend the clinic", "Police called to a dispute", "Anything", "Tea with colleagues", ""]
    )
    event_type, fell_back = classify_events(types, details)
    assert event_type.tolist() == ["appointment", "incident", "home-visit", "other", "other"]
    assert fell_back.tolist() == [False, False, False, True, False]


def test_case_toml_event_types_extend_the_vocabulary() -> None:
    event_type, _ = classify_events(pd.Series(["TAF"]), pd.Series([""]), {"TAF": "meeting"})
    assert event_type.tolist() == ["meeting"]
