"""The exceptions chronolane raises for problems a user can fix."""

from __future__ import annotations


class ChronolaneError(Exception):
    """Any error chronolane reports to a user: the message names the file, row and value, and the fix."""

    exit_code = 1


class UsageError(ChronolaneError):
    """The command was called with options or paths that cannot work."""

    exit_code = 2


class CaseError(ChronolaneError):
    """A case folder or its case.toml cannot be used as it is."""


class MissingDetailsError(CaseError):
    """A measure needs case details (subjects, births, review period) that neither case.toml nor case details give."""


class SourceError(ChronolaneError):
    """An agency chronology file cannot be read."""


class NoDataError(ChronolaneError):
    """There is nothing to work on (no rows, or no dated events)."""


class OutputError(ChronolaneError):
    """An output file cannot be written (folder missing or read-only, disk full, permission denied)."""
