"""redact-check's name finding measured on a corpus of chronology rows with planted names.

The figures are the ones docs/export.md and the README state; a change to the name rules that moves them
fails here until the documents are updated.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from chronolane.privacy.redact_check import FindingKind, find_identifiers

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "data" / "redact_corpus.csv"


def measure(rows: list[dict[str, str]]) -> tuple[float, float, int, int]:
    """Precision and recall of name findings, the number of names planted and of name findings."""
    cells = pd.DataFrame(
        {"file": "corpus.csv", "row": range(2, len(rows) + 2), "column": "text", "text": [r["text"] for r in rows]}
    )
    found = find_identifiers(cells)
    found = found[found["kind"] == FindingKind.NAME.value]
    planted = {(i + 2, n) for i, r in enumerate(rows) for n in r["names"].split("|") if n}
    words = {row: {w for n in names for w in n.split()} for row, names in _by_row(planted).items()}
    pairs = zip(found["row"], found["text"], strict=True)
    hits = [bool(set(re.findall(r"\w+", t)) & words.get(row, set())) for row, t in pairs]
    caught = {
        (row, name)
        for row, name in planted
        if any(set(name.split()) & set(re.findall(r"\w+", t)) for t in found.loc[found["row"] == row, "text"])
    }
    precision = sum(hits) / len(hits) if hits else 1.0
    return precision, len(caught) / len(planted), len(planted), len(hits)


def _by_row(planted: set[tuple[int, str]]) -> dict[int, list[str]]:
    rows: dict[int, list[str]] = {}
    for row, name in planted:
        rows.setdefault(row, []).append(name)
    return rows


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_corpus_plants_names_among_ordinary_sentence_starts(corpus: list[dict[str, str]]) -> None:
    planted = [r for r in corpus if r["names"]]
    assert len(corpus) >= 100 and 30 <= len(planted) <= 60


def test_names_are_found_with_the_documented_precision_and_recall(corpus: list[dict[str, str]]) -> None:
    precision, recall, planted, reported = measure(corpus)
    figures = f"precision {precision:.2f}, recall {recall:.2f} ({planted} planted names, {reported} name findings)"
    for document in ("docs/export.md", "README.md"):
        assert figures in " ".join((ROOT / document).read_text(encoding="utf-8").split()), (document, figures)
    assert precision >= 0.9 and recall >= 0.85


def test_the_measure_counts_misses_and_false_alarms() -> None:
    rows = [
        {"text": "Seen with Kayleigh at home", "names": "Kayleigh"},
        {"text": "Visited by Sharon", "names": "Mandy"},  # planted name missed; Sharon is a false alarm
    ]
    precision, recall, planted, reported = measure(rows)
    assert (precision, recall, planted, reported) == (0.5, 0.5, 2, 2)
