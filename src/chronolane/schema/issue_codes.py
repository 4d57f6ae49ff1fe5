"""The ``issues`` column: joining codes per row, vectorised over distinct combinations, and counting them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from chronolane.schema.columns import ISSUE_SEPARATOR, ISSUES, Severity, severity_of
from chronolane.schema.keys import first_rows


def join_issues(
    texts: Sequence[pd.Series],
    flags: Sequence[tuple[np.ndarray, str]],
    details: np.ndarray | None = None,
) -> pd.Series:
    """Per row, the codes of ``texts`` (each "" or codes joined by ';'), then each flagged code, then
    ``details`` (codes with a per-row detail such as ``possible-duplicate:<id>``), joined by ';'; as a str
    column on a RangeIndex.

    Rows are grouped by their combination of codes, so strings are built once per combination.
    """
    n = len(texts[0]) if texts else len(flags[0][0])
    key = np.zeros(n, dtype=np.int64)
    decoded: list[tuple[np.ndarray, np.ndarray]] = []
    for text in texts:
        codes, uniques = pd.factorize(text, use_na_sentinel=False)
        decoded.append((codes, np.asarray(uniques, dtype=object)))
        key = pd.factorize(key * (len(uniques) + 1) + codes)[0]
    # Flags join the key as bits, a few at a time so that the key never outgrows int64.
    for start in range(0, len(flags), _FLAG_BITS):
        bits = np.zeros(n, dtype=np.int64)
        for bit, (mask, _) in enumerate(flags[start : start + _FLAG_BITS]):
            bits |= np.asarray(mask, dtype=np.int64) << bit
        key = key * (1 << _FLAG_BITS) + bits
        if start + _FLAG_BITS < len(flags):
            key = pd.factorize(key)[0]
    key = pd.factorize(key)[0]
    first = first_rows(key)
    names = []
    for row in first:
        parts = [str(uniques[codes[row]]) for codes, uniques in decoded]
        parts += [code for mask, code in flags if mask[row]]
        names.append(ISSUE_SEPARATOR.join(p for p in parts if p))
    lookup = np.array(names, dtype=object)
    if details is not None and (rows := np.flatnonzero(details != "")).size:
        # Rows with details (few) get a string of their own; the rest share one per combination.
        own = lookup[key[rows]]
        own = np.where(own != "", own + ISSUE_SEPARATOR + details[rows], details[rows])
        key = key.copy()
        key[rows] = len(lookup) + np.arange(len(rows))
        lookup = np.concatenate([lookup, own])
    joined = pa.array(lookup, type=pa.large_string()).take(pa.array(key))
    return pd.Series(joined, dtype="str")


#: Flags added to the combination key at once: with fewer distinct keys than rows (< 2**40), 2**20 more fit.
_FLAG_BITS = 20


def count_issues(issues: pd.Series) -> Counter[str]:
    """How many rows carry each issue code (details after ':' ignored), counted over unique cells."""
    counts: Counter[str] = Counter()
    for cell, n in issues[issues != ""].value_counts().items():
        if not n:  # a category no row holds
            continue
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


def issues_markdown() -> str:
    """The table of issue codes for docs/issues.md, generated from the one table in schema.py."""
    lines = [
        "| code | severity | meaning | how to fix |",
        "|---|---|---|---|",
        *(f"| `{code.value}` | {info.severity.value} | {info.meaning} | {info.fix} |" for code, info in ISSUES.items()),
    ]
    return "\n".join(lines) + "\n"
