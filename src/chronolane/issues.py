"""The ``issues`` column: joining codes per row, vectorised, and counting them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from chronolane.schema import ISSUE_SEPARATOR, Severity, severity_of


def flag(mask: np.ndarray | pd.Series, code: str) -> np.ndarray:
    """An object array holding ``code`` where ``mask`` is true and "" elsewhere."""
    return np.where(np.asarray(mask, dtype=bool), code, "").astype(object)


def join_issues(parts: Iterable[np.ndarray | pd.Series], index: pd.Index) -> pd.Series:
    """Join per-row code columns (each "" or one or more codes) with the separator, skipping empties."""
    joined: np.ndarray | None = None
    for part in parts:
        values = np.asarray(part, dtype=object)
        if joined is None:
            joined = values.copy()
            continue
        both = (joined != "") & (values != "")
        joined = np.where(both, joined + ISSUE_SEPARATOR + values, np.where(values != "", values, joined))
    if joined is None:
        joined = np.full(len(index), "", dtype=object)
    return pd.Series(joined, index=index, dtype="str")


def count_issues(issues: pd.Series) -> Counter[str]:
    """How many rows carry each issue code (details after ':' ignored), counted over unique cells."""
    counts: Counter[str] = Counter()
    for cell, n in issues[issues != ""].value_counts().items():
        for code in {c.split(":", 1)[0] for c in str(cell).split(ISSUE_SEPARATOR)}:
            counts[code] += int(n)
    return counts


def error_rows(issues: pd.Series) -> pd.Series:
    """Whether each row carries an error-level issue."""
    codes, uniques = pd.factorize(issues, use_na_sentinel=False)
    has_error = np.array(
        [any(severity_of(c) is Severity.ERROR for c in str(u).split(ISSUE_SEPARATOR) if c) for u in uniques],
        dtype=bool,
    )
    return pd.Series(has_error[codes] if len(codes) else np.array([], dtype=bool), index=issues.index)
