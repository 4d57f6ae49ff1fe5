"""What every exporter shares: the text of the cells, control-character markers, safe and atomic writing."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import SOURCE_SUFFIXES, Case
from chronolane.chronology.cross_checks import BIDI_CONTROLS
from chronolane.errors import UsageError
from chronolane.files.output import output_error
from chronolane.privacy.pseudonyms import CODED_COLUMNS, Pseudonymiser
from chronolane.schema.agencies import lane_order
from chronolane.schema.columns import Column

#: Characters replaced by a visible marker such as "[U+0000]": C0 and C1 controls except tab and line
#: feed, lone surrogates and the two non-characters XML forbids. CR is included: ingest turns line ends
#: into LF, so a CR here is unexpected and would be read back differently by each format. Bidirectional
#: overrides and isolates are included so that no cell displays in an order other than the one stored.
CONTROL_CHARACTERS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{BIDI_CONTROLS}]")

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
    return CONTROL_CHARACTERS.subn(lambda m: marker(m.group()), text)


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


# ------------------------------------------------------------------------------------------------ writing


def safe_output(path: Path, *, inputs: Iterable[Path | str] = (), force: bool = False) -> Path:
    """Check that ``path`` may be written: not an input, not inside an input case folder as a source file,
    not an existing file unless ``force``; create its folder."""
    path = Path(path)
    target = path.resolve()
    sources = [Path(given).resolve() for given in inputs]
    for source in sources:
        if target == source or (path.exists() and source.exists() and os.path.samefile(path, source)):
            raise UsageError(
                f"{path}: is an input of this export. Choose another output file; inputs are never overwritten."
            )
    for source in sources:
        if source.is_dir() and target.parent == source and target.suffix.lower() in SOURCE_SUFFIXES:
            raise UsageError(
                f"{path}: a {target.suffix} file in the case folder {source} would be read as an agency file by "
                "the next build. Write the export outside the case folder."
            )
    if target.is_dir():
        raise UsageError(f"{path}: is a folder. Give a file name such as chronology.xlsx.")
    if target.exists() and not force:
        raise UsageError(f"{path}: already exists. Use --force (force=True) to overwrite it, or choose another name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(path, error) from error
    return path
