"""The exceptions chronolane raises for problems a user can fix."""

from __future__ import annotations

import re
from collections.abc import Mapping


class ChronolaneError(Exception):
    """Any error chronolane reports to a user: the message names the file, row and value, and the fix.

    An error about an argument lists it in ``parameters`` and writes it as in a call: ``pages=0``,
    ``start='spring'``, ``force=True``. The command line names its flags instead (``--pages 0``,
    ``--from 'spring'``, ``--force``) through ``naming``.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, parameter: str | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.parameters: tuple[str, ...] = (parameter,) if isinstance(parameter, str) else tuple(parameter)

    def naming(self, flags: Mapping[str, str]) -> str:
        """The message with each ``parameter=value`` written ``--flag value`` (``parameter=True``: ``--flag``)."""
        text = str(self)
        for parameter in self.parameters:
            if parameter in flags:
                flag = flags[parameter]
                written = rf"(?<![\w-]){re.escape(parameter)}="
                text = re.sub(written + r"(?:True\b|(?=[\s),.;:/]|$))", flag, text)  # a switch, or a name only
                text = re.sub(written, flag + " ", text)
        return text


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
