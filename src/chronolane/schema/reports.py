"""How commands print what they found (``check``'s problems, ``redact-check``'s findings), kept apart from the
code that finds them so that the command line can offer the choice without loading it."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """How a list of problems or findings is printed."""

    TEXT = "text"  # one line each
    CSV = "csv"  # a table, formula-like cells escaped
