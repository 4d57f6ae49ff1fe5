"""Resource limits on what one build reads: each has a default, a clear message, and can be raised.

Kept below the readers so that the command line can list them in its help without loading pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from chronolane.errors import UsageError


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a damaged or hostile file from exhausting the machine; raise one when a real file needs it.

    From the command line: ``--limit columns=5000``; from Python: ``Limits(columns=5000)``.
    """

    #: Columns in one agency file (text or workbook sheet, counted up to the last cell that holds anything).
    columns: int = 1_000
    #: Characters in a date cell; a longer cell is kept and flagged ``date-too-long``, never read as a date.
    date_chars: int = 200
    #: Bytes a workbook's parts would unpack to (zip-bomb guard).
    unpacked_bytes: int = 2 * 1024**3
    #: Rows of one case sharing one date interval that the duplicate check compares with each other; a larger
    #: block is not compared, and its rows are flagged ``duplicate-check-skipped``.
    duplicate_block: int = 200
    #: Cells of an OpenDocument sheet once its repeated rows and cells are counted out, up to the last that
    #: holds anything (a few bytes can declare a cell repeated a billion times).
    sheet_cells: int = 20_000_000

    def with_settings(self, settings: list[str]) -> Limits:
        """These limits with ``name=value`` settings applied (UsageError naming a bad one)."""
        known = {f.name for f in fields(self)}
        changes: dict[str, int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().replace("-", "_")
            if name not in known:
                raise UsageError(
                    f"settings={setting!r}: unknown limit. Known limits: {', '.join(sorted(known))} "
                    "(docs/RELIABILITY.md).",
                    parameter="settings",
                )
            try:
                number = int(value.strip().replace(",", "").replace("_", ""))
            except ValueError:
                number = 0
            if number < 1:
                raise UsageError(
                    f"settings={setting!r}: give a whole number of 1 or more, as in {name}=5000.", parameter="settings"
                )
            changes[name] = number
        return replace(self, **changes)


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()

#: What each limit bounds, and what happens above it: the documentation of docs/RELIABILITY.md.
LIMIT_DOCS: dict[str, tuple[str, str]] = {
    "columns": (
        "Columns in one agency file: the header row of a CSV, or a sheet up to its last cell that holds anything "
        "(the sheet's declared size is not trusted).",
        "The file is refused with a message naming the column count (and for a workbook the far cell).",
    ),
    "date_chars": (
        "Characters in one date cell.",
        "The row is kept with its text and flagged `date-too-long`; the cell is not read as a date.",
    ),
    "unpacked_bytes": (
        "Bytes a workbook would unpack to (a zip bomb is a small file that unpacks to gigabytes).",
        "The workbook is refused before it is unpacked.",
    ),
    "duplicate_block": (
        "Rows of one case sharing one date interval that the duplicate check compares with each other.",
        "Those rows are not compared; each is flagged `duplicate-check-skipped` and the summary says how many.",
    ),
    "sheet_cells": (
        "Cells of an OpenDocument (.ods) sheet once its repeated rows and cells are counted out, up to the last "
        "that holds anything (a small file can declare one cell repeated a billion times).",
        "The spreadsheet is refused before its cells are read, with a message naming the sheet and the count.",
    ),
}


def limits_markdown() -> str:
    """The table of limits for docs/RELIABILITY.md, from the defaults and ``LIMIT_DOCS``."""
    lines = ["| limit | default | what it bounds | above it |", "|---|---|---|---|"]
    for f in fields(Limits):
        bounds, above = LIMIT_DOCS[f.name]
        lines.append(f"| `{f.name}` | {getattr(DEFAULT_LIMITS, f.name):,} | {bounds} | {above} |")
    return "\n".join(lines) + "\n"


def raise_hint(name: str, value: int, *, when: str = "If the file is genuine") -> str:
    """How to raise one limit, for the end of a message."""
    return f"{when}, raise the limit with --limit {name}={value} (Python: Limits({name}={value}))."
