"""The writer protocol: one module per export format, each with a ``write`` function, found by format."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd

from chronolane.case.model import Case
from chronolane.export.common import ExportFormat, Prepared


@dataclass(frozen=True)
class Extras:
    """What an export shows beside the rows, computed by the caller (``chronolane.workflows``)."""

    cases: Mapping[str, Case]
    """The cases of the rows, pseudonymised."""
    gaps: pd.DataFrame | None = None
    """Contact gaps that exceed, or may exceed, the threshold: the XLSX sheet, the timeline's shading."""
    follow_ups: pd.DataFrame | None = None
    """Each trigger and its follow-up (``find_follow_ups``): the XLSX sheet, the timeline's connectors."""
    chart: bool = True
    """Whether HTML embeds the interactive timeline."""


@dataclass(frozen=True)
class Written:
    """A writer's output: the file's bytes and the counts of what it changed on the way (ExportReport fields)."""

    data: bytes
    counts: Mapping[str, int] = field(default_factory=dict)


class Writer(Protocol):
    """Turn the prepared chronology (and its extras) into the bytes of one file format."""

    def __call__(self, prepared: Prepared, extras: Extras) -> Written: ...


#: The module of each format's writer (its ``write`` function), imported only when that format is written
#: (the XLSX and DOCX libraries take a large share of start-up time).
WRITERS: Mapping[ExportFormat, str] = {
    ExportFormat.CSV: "chronolane.export.csv",
    ExportFormat.XLSX: "chronolane.export.xlsx",
    ExportFormat.DOCX: "chronolane.export.docx",
    ExportFormat.HTML: "chronolane.export.html",
    ExportFormat.MARKDOWN: "chronolane.export.markdown",
}


def writer_for(fmt: ExportFormat) -> Writer:
    """The writer of a format."""
    writer: Writer = importlib.import_module(WRITERS[fmt]).write
    return writer


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and what it had to change on the way (counts only, never cell text)."""

    path: Path
    """The file written (its name pseudonymised)."""
    format: ExportFormat
    rows: int
    escaped_cells: int = 0
    """CSV cells prefixed with ' because a spreadsheet would run them as formulas."""
    control_characters: int = 0
    """Control characters replaced with a visible marker such as [U+0000]."""
    over_long_cells: int = 0
    """XLSX cells over Excel's 32,767 characters, kept whole in the 'Long text' sheet."""
    pseudonym_replacements: int = 0
    """Names replaced by their pseudonyms in the table's text."""
    charts: int = 0
    """Interactive timelines embedded (HTML): 1, or 0 without dated events or with ``chart=False``."""

    def summary(self) -> list[str]:
        """Short lines for the command's output."""
        lines = [f"Wrote {self.rows} events to {self.path} ({self.format.value})."]
        if self.pseudonym_replacements:
            lines.append(f"Pseudonyms: {self.pseudonym_replacements} name(s) replaced.")
        if self.escaped_cells:
            lines.append(
                f"Escaped {self.escaped_cells} cell(s) starting with = + - @ or a tab/line break (prefixed ')."
            )
        if self.control_characters:
            lines.append(f"Replaced {self.control_characters} control character(s) with a visible [U+....] marker.")
        if self.format is ExportFormat.HTML:
            lines.append(f"Interactive timeline embedded: {'yes' if self.charts else 'no'}.")
        if self.over_long_cells:
            lines.append(
                f"{self.over_long_cells} cell(s) exceed Excel's 32,767 characters: shortened with a note, full text "
                "in the 'Long text' sheet."
            )
        return lines
