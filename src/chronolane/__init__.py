"""chronolane: integrated multi-agency chronologies for safeguarding case reviews.

The public API is imported lazily so that ``import chronolane`` stays cheap for scripts.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse_date": "chronolane.dates",
    "parse_dates": "chronolane.dates",
    "ParsedDate": "chronolane.dates",
    "read_source": "chronolane.ingest",
    "load_case": "chronolane.case.model",
    "Case": "chronolane.case.model",
    "build_chronology": "chronolane.chronology.build",
    "read_chronology": "chronolane.chronology.build",
    "Chronology": "chronolane.chronology.build",
    "write_chronology": "chronolane.chronology.build",
    "read_case_details": "chronolane.case.details",
    "summarise_cohort": "chronolane.measures.cohort",
    "draw_longest_gaps": "chronolane.swimlane.cohort_chart",
    "Limits": "chronolane.ingest.limits",
    "find_gaps": "chronolane.measures.gaps",
    "summarise_lanes": "chronolane.measures.gaps",
    "check_schedule": "chronolane.schedules.model",
    "find_follow_ups": "chronolane.follow_ups.find",
    "summarise_follow_ups": "chronolane.follow_ups.find",
    "summarise_recording_delays": "chronolane.follow_ups.find",
    "load_rules": "chronolane.follow_ups.rules",
    "load_schedule": "chronolane.schedules.model",
    "draw_swimlanes": "chronolane.swimlane",
    "export_chronology": "chronolane.export",
    "Pseudonymiser": "chronolane.privacy.pseudonyms",
    "pseudonymise_chronology": "chronolane.privacy.pseudonyms",
    "ChronolaneError": "chronolane.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'chronolane' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
