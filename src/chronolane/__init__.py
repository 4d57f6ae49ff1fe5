"""chronolane: integrated multi-agency chronologies for safeguarding case reviews.

The public API is imported lazily so that ``import chronolane`` stays cheap for scripts; the same names are
imported for type checkers under ``TYPE_CHECKING`` and listed by ``dir(chronolane)``, so editors, completion
and mypy see every one with its real type.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Every public name and the module that defines it, for the lazy loader; ``__all__`` and the imports for type
#: checkers below list the same names (tests/test_api.py keeps the three equal).
_EXPORTS = {
    "parse_date": "chronolane.dates",
    "parse_dates": "chronolane.dates",
    "ParsedDate": "chronolane.dates",
    "read_source": "chronolane.ingest",
    "load_case": "chronolane.case.model",
    "Case": "chronolane.case.model",
    "build_chronology": "chronolane.chronology.build",
    "read_chronology": "chronolane.chronology.io",
    "Chronology": "chronolane.chronology.build",
    "write_chronology": "chronolane.chronology.io",
    "read_case_details": "chronolane.case.details",
    "summarise_cohort": "chronolane.cohort",
    "draw_longest_gaps": "chronolane.swimlane.cohort_chart",
    "draw_schedule_shares": "chronolane.swimlane.cohort_schedule",
    "draw_small_multiples": "chronolane.swimlane.small_multiples",
    "draw_cohort_chart": "chronolane.swimlane.cohort_figures",
    "Limits": "chronolane.schema.limits",
    "find_gaps": "chronolane.measures.gaps",
    "summarise_lanes": "chronolane.measures.gaps",
    "check_schedule": "chronolane.schedules.checks",
    "find_follow_ups": "chronolane.follow_ups.find",
    "summarise_follow_ups": "chronolane.follow_ups.find",
    "summarise_recording_delays": "chronolane.follow_ups.find",
    "load_rules": "chronolane.follow_ups.rules",
    "load_schedule": "chronolane.schedules.model",
    "draw_swimlanes": "chronolane.swimlane",
    "export_chronology": "chronolane.workflows",
    "Pseudonymiser": "chronolane.case.pseudonyms",
    "pseudonymise_chronology": "chronolane.case.pseudonyms",
    "ChronolaneError": "chronolane.errors",
}

__all__ = [  # literal, so that tools read it without running the module; equal to _EXPORTS
    "Case",
    "ChronolaneError",
    "Chronology",
    "Limits",
    "ParsedDate",
    "Pseudonymiser",
    "build_chronology",
    "check_schedule",
    "draw_cohort_chart",
    "draw_longest_gaps",
    "draw_schedule_shares",
    "draw_small_multiples",
    "draw_swimlanes",
    "export_chronology",
    "find_follow_ups",
    "find_gaps",
    "load_case",
    "load_rules",
    "load_schedule",
    "parse_date",
    "parse_dates",
    "pseudonymise_chronology",
    "read_case_details",
    "read_chronology",
    "read_source",
    "summarise_cohort",
    "summarise_follow_ups",
    "summarise_lanes",
    "summarise_recording_delays",
    "write_chronology",
]

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from chronolane.case.details import read_case_details
    from chronolane.case.model import Case, load_case
    from chronolane.case.pseudonyms import Pseudonymiser, pseudonymise_chronology
    from chronolane.chronology.build import Chronology, build_chronology
    from chronolane.chronology.io import read_chronology, write_chronology
    from chronolane.cohort import summarise_cohort
    from chronolane.dates import ParsedDate, parse_date, parse_dates
    from chronolane.errors import ChronolaneError
    from chronolane.follow_ups.find import find_follow_ups, summarise_follow_ups, summarise_recording_delays
    from chronolane.follow_ups.rules import load_rules
    from chronolane.ingest import read_source
    from chronolane.measures.gaps import find_gaps, summarise_lanes
    from chronolane.schedules.checks import check_schedule
    from chronolane.schedules.model import load_schedule
    from chronolane.schema.limits import Limits
    from chronolane.swimlane import draw_swimlanes
    from chronolane.swimlane.cohort_chart import draw_longest_gaps
    from chronolane.swimlane.cohort_figures import draw_cohort_chart
    from chronolane.swimlane.cohort_schedule import draw_schedule_shares
    from chronolane.swimlane.small_multiples import draw_small_multiples
    from chronolane.workflows import export_chronology
else:  # hidden from type checkers, so that a misspelt name is an error there rather than Any

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'chronolane' has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """The public names and the version, for ``dir(chronolane)`` and completion (not the loader's own)."""
    return sorted([*__all__, "__version__"])
