"""What every exporter shares: the text of the cells, control-character markers, the format by extension."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import Case
from chronolane.case.pseudonyms import CODED_COLUMNS, Pseudonymiser
from chronolane.errors import UsageError
from chronolane.schema.agencies import lane_order
from chronolane.schema.characters import MARKED_CHARACTERS
from chronolane.schema.columns import Column

_BOOL_TEXT = {True: "true", False: "false"}


class ExportFormat(StrEnum):
    """The formats ``export`` writes, chosen by the output file's extension."""

    CSV = "csv"
    XLSX = "xlsx"
    DOCX = "docx"
    HTML = "html"
    MARKDOWN = "markdown"


SUFFIXES: dict[str, ExportFormat] = {
    ".csv": ExportFormat.CSV,
    ".xlsx": ExportFormat.XLSX,
    ".docx": ExportFormat.DOCX,
    ".html": ExportFormat.HTML,
    ".htm": ExportFormat.HTML,
    ".md": ExportFormat.MARKDOWN,
    ".markdown": ExportFormat.MARKDOWN,
}


def format_for(path: Path) -> ExportFormat:
    """The export format named by a path's extension."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIXES))
        raise UsageError(f"{path}: cannot tell the export format from '{path.suffix}'. Use one of {known}.") from None


def marker(char: str) -> str:
    """The visible text that stands for a control character ("[U+0000]")."""
    return f"[U+{ord(char):04X}]"


def mark_controls(text: str) -> tuple[str, int]:
    """The text with control characters replaced by visible markers, and how many were replaced."""
    return MARKED_CHARACTERS.subn(lambda m: marker(m.group()), text)


def map_unique(series: pd.Series, fn: Callable[[str], tuple[str, int]]) -> tuple[pd.Series, int]:
    """Apply ``fn`` (text -> new text, count) to each unique value of a text column; total count by rows."""
    if series.empty:
        return series, 0
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    results = [fn(u) for u in np.asarray(uniques, dtype=object)]  # iterating an Arrow-backed Index is slow
    counts = np.fromiter((n for _, n in results), dtype=np.int64, count=len(results))
    values = np.empty(len(results), dtype=object)
    values[:] = [v for v, _ in results]
    total = int(np.bincount(codes, minlength=len(uniques)) @ counts)
    return pd.Series(values[codes], index=series.index, name=series.name, dtype="str"), total


def text_column(series: pd.Series) -> tuple[pd.Series, int]:
    """A column as text the way the integrated CSV writes it (ISO dates, true/false, "" for missing), and
    the number of characters marked on the way (object columns can hold lone surrogates, which the text
    dtype cannot store)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.strftime("%Y-%m-%d").fillna("").astype("str"), 0
    if pd.api.types.is_bool_dtype(series):
        return series.map(_BOOL_TEXT).astype("str"), 0
    if series.dtype == object:
        values = series.where(series.notna(), "").map(str)
        return map_unique(values.astype(object), mark_controls)
    return series.astype("str").where(series.notna(), "").astype("str"), 0


@dataclass(frozen=True)
class Prepared:
    """The chronology as text cells ready to write, with the counts of what was changed on the way."""

    text: pd.DataFrame
    """Every column as text: pseudonymised, control characters marked."""
    typed: pd.DataFrame
    """The original frame (dates, numbers), for formats with typed cells."""
    title: str
    """Caption of the chronology (case titles, pseudonymised)."""
    case_titles: Mapping[str, str]
    """Case id as in ``text`` -> its title, pseudonymised."""
    lanes: tuple[str, ...]
    """Agencies in lane order (as in ``text``)."""
    pseudonymiser: Pseudonymiser
    control_characters: int
    pseudonym_replacements: int

    def label(self, text: str) -> str:
        """Any other text from the case for an output (chart labels, captions): pseudonymised and marked."""
        return mark_controls(self.pseudonymiser.apply(text))[0]


def prepare(frame: pd.DataFrame, cases: Mapping[str, Case], pseudonymiser: Pseudonymiser) -> Prepared:
    """Turn a chronology frame into text cells: every text column pseudonymised, controls made visible."""
    columns = {str(c): text_column(frame[c]) for c in frame.columns}
    text = pd.DataFrame({c: v for c, (v, _) in columns.items()}, index=frame.index)
    replaced = 0
    controls = sum(n for _, n in columns.values())
    for column in text.columns:
        if column not in CODED_COLUMNS:
            text[column], n = pseudonymiser.apply_series(text[column])
            replaced += n
        text[column], n = map_unique(text[column], mark_controls)
        controls += n
    titles = [c.title or c.case_id for c in cases.values()]
    title, _ = mark_controls(pseudonymiser.apply("; ".join(titles) or "Chronology"))
    case_titles = {
        mark_controls(pseudonymiser.apply(key))[0]: mark_controls(pseudonymiser.apply(c.title or c.case_id))[0]
        for key, c in cases.items()
    }
    configured = tuple(dict.fromkeys(lane for c in cases.values() for lane in c.lanes))
    lanes = lane_order(
        list(pd.unique(text[Column.AGENCY])), configured=tuple(pseudonymiser.apply(x) for x in configured)
    )
    return Prepared(
        text=text,
        typed=frame,
        title=title,
        case_titles=case_titles,
        lanes=tuple(lanes),
        pseudonymiser=pseudonymiser,
        control_characters=controls,
        pseudonym_replacements=replaced,
    )


def source_text(text: pd.DataFrame) -> pd.Series:
    """Where each row came from, for reader-facing tables ("police.csv, row 12")."""
    return (text[Column.SOURCE_FILE] + ", row " + text[Column.SOURCE_ROW]).astype("str")
