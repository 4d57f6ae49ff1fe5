"""Exporting a chronology for the review report: CSV, XLSX, DOCX, HTML and Markdown, safely and pseudonymised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from chronolane.case.model import Case
from chronolane.chronology.build import Chronology
from chronolane.export.common import ExportFormat, Prepared, format_for, prepare, safe_output
from chronolane.files.output import in_same_folder, write_atomic
from chronolane.privacy.pseudonyms import Pseudonymiser, case_mapping, pseudonymise_chronology
from chronolane.schema.columns import Column

__all__ = ["ExportFormat", "ExportReport", "export_chronology"]


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


def _as_chronology(chronology: Any) -> Chronology:
    """Accept a Chronology or a bare integrated-chronology DataFrame."""
    if isinstance(chronology, pd.DataFrame):
        ids = pd.unique(chronology[Column.CASE_ID]) if Column.CASE_ID in chronology else []
        return Chronology(frame=chronology, cases={str(c): Case(case_id=str(c)) for c in ids})
    return chronology


def _case_inputs(cases: Mapping[str, Case]) -> list[Path]:
    """The files and folders the cases were read from: never to be overwritten."""
    found: list[Path] = []
    for case in cases.values():
        if case.root is not None:
            found.append(case.root)
            if case.root.is_dir():
                found += [p for p in case.root.iterdir() if p.is_file()]
    return found


def _gaps(frame: pd.DataFrame, cases: Mapping[str, Case], threshold: str) -> pd.DataFrame:
    """Contact gaps that exceed, or may exceed, the threshold (a duration such as "6M")."""
    from chronolane.measures.gaps import Exceeds, find_gaps

    found = find_gaps(frame, cases=cases, threshold=threshold)
    return found[found["exceeds"] != Exceeds.NO.value].reset_index(drop=True)


def _timeline(
    frame: pd.DataFrame,
    cases: Mapping[str, Case],
    prepared: Prepared,
    chart: bool,
    follow_ups: pd.DataFrame | None = None,
) -> tuple[bytes, int]:
    """The HTML page: the interactive timeline (when ``chart`` and any row is dated) over the table, with
    ``follow_ups`` (find_follow_ups) drawn as connectors and missing marks."""
    from chronolane.export.html import to_html
    from chronolane.export.timeline import table_text, timeline_data

    table = table_text(prepared, cases)
    dated = bool(frame[Column.DATE_START].notna().any()) if len(frame) else False
    gap_table = _gaps(frame, cases, "6M") if chart and dated else None
    data = timeline_data(prepared, table, cases, gap_table, "6 months", follow_ups)
    notes = [] if dated or not chart else [f"No swimlane chart for {prepared.title}: it has no dated events."]
    return to_html(table, data, notes, timeline=chart and dated), int(chart and dated)


def export_chronology(
    chronology: Any,
    path: Path | str,
    *,
    force: bool = False,
    inputs: Iterable[Path | str] = (),
    pseudonyms: Mapping[str, str] | None = None,
    chart: bool = True,
    gaps: bool = True,
    gap_threshold: str = "6M",
    follow_ups: Iterable[str | Path] | None = None,
) -> ExportReport:
    """Write a chronology (a Chronology or its DataFrame) to ``path``, the format chosen by the extension.

    Every text column, the titles, chart labels and the file's own name are pseudonymised (by
    ``pseudonyms``, or else the cases' maps, through :func:`chronolane.privacy.pseudonyms.pseudonymise_chronology`
    before anything is drawn or written); control characters become visible markers; the file is
    written atomically. Raises UsageError when ``path`` is one of ``inputs`` (the files and folders the
    cases were read from always are), or exists and ``force`` is false. ``chart`` embeds the interactive
    timeline in HTML; ``gaps`` adds the sheet of contact gaps that exceed, or may exceed, ``gap_threshold``
    ("6M", "90D") to XLSX; ``follow_ups`` (rule sets or rule files) adds a Follow-ups sheet to XLSX with
    each trigger's follow-up (``chronolane.follow_ups.find.find_follow_ups``), and to HTML the same pairs drawn
    on the timeline.
    """
    given = _as_chronology(chronology)
    mapper = Pseudonymiser(case_mapping(given.cases.values(), pseudonyms))
    path = Path(path)
    path = in_same_folder(path, mapper.apply(path.name))
    fmt = format_for(path)
    safe_output(path, inputs=[*inputs, *_case_inputs(given.cases)], force=force)
    chronology, replaced = pseudonymise_chronology(given, pseudonyms)
    frame, cases = chronology.frame, chronology.cases
    prepared = prepare(frame, cases, Pseudonymiser())
    counts: dict[str, int] = {}
    found = None
    if follow_ups and fmt in (ExportFormat.XLSX, ExportFormat.HTML):
        from chronolane.follow_ups.find import find_follow_ups

        found = find_follow_ups(frame, list(follow_ups), cases=cases)
    if fmt is ExportFormat.CSV:
        from chronolane.export.csv import to_csv

        data, counts["escaped_cells"] = to_csv(prepared)
    elif fmt is ExportFormat.XLSX:
        from chronolane.export.xlsx import to_xlsx

        gap_table = _gaps(frame, cases, gap_threshold) if gaps else None
        subjects = {s.id: prepared.label(s.name) for case in cases.values() for s in case.subjects}
        follow_up_table = None
        if found is not None:
            follow_up_table = found.copy()
            for name in follow_up_table.select_dtypes(include=[object, "string"]).columns:
                follow_up_table[name] = follow_up_table[name].fillna("").astype("str").map(prepared.label)
        data, counts["over_long_cells"] = to_xlsx(prepared, gap_table, subjects, follow_up_table)
    elif fmt is ExportFormat.DOCX:
        from chronolane.export.docx import to_docx

        data = to_docx(prepared)
    elif fmt is ExportFormat.HTML:
        data, counts["charts"] = _timeline(frame, cases, prepared, chart, found)
    else:
        from chronolane.export.markdown import to_markdown

        data = to_markdown(prepared)
    write_atomic(path, data)
    return ExportReport(
        path=path,
        format=fmt,
        rows=len(frame),
        control_characters=prepared.control_characters,
        pseudonym_replacements=replaced,
        **counts,
    )
