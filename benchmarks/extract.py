"""A synthetic long-format extract (many cases, eight agencies, a realistic mix of date spellings) for benchmarks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

AGENCIES = ("Police", "GP", "HV", "Maternity", "CSC", "Housing", "School", "A&E")
TYPES = (
    "Home visit",
    "Referral",
    "Incident",
    "DNA",
    "Assessment",
    "Strategy discussion",
    "Health visit",
    "Attended appointment",
    "Notification",
    "Core group",
    "Hospital admission",
    "",
)
WORDS = (
    "mother",
    "child",
    "father",
    "visit",
    "concerns",
    "home",
    "conditions",
    "reported",
    "attended",
    "school",
    "appointment",
    "referral",
    "police",
    "housing",
    "arrears",
    "injury",
    "bruise",
    "sleep",
    "weight",
    "feeding",
    "missed",
    "shared",
    "information",
    "plan",
    "review",
    "assessment",
    "worker",
    "called",
    "neighbour",
    "dispute",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_spellings(days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Date text for each day number (days since 1970), in a realistic mix of spellings."""
    d = pd.to_datetime(days, unit="D")
    day, month, year = d.day.to_numpy(), d.month.to_numpy(), d.year.to_numpy()
    kind = rng.choice(12, size=len(days), p=[0.52, 0.12, 0.08, 0.06, 0.05, 0.04, 0.03, 0.03, 0.02, 0.02, 0.02, 0.01])
    month_name = np.asarray(MONTHS, dtype=object)[month - 1]
    dd = np.char.zfill(day.astype(str), 2).astype(object)
    mm = np.char.zfill(month.astype(str), 2).astype(object)
    yyyy = year.astype(str).astype(object)
    yy = np.char.zfill((year % 100).astype(str), 2).astype(object)
    hh = np.char.zfill(rng.integers(8, 19, len(days)).astype(str), 2).astype(object)
    season = np.asarray(["winter", "spring", "summer", "autumn"], dtype=object)[(month % 12) // 3]
    part = np.asarray(["early", "mid", "late"], dtype=object)[np.minimum((month - 1) // 4, 2)]
    forms = [
        dd + "/" + mm + "/" + yyyy,
        dd + "/" + mm + "/" + yy,
        day.astype(str).astype(object) + " " + month_name + " " + yyyy,
        yyyy + "-" + mm + "-" + dd + " " + hh + ":30",
        month_name + " " + yyyy,
        season + " " + yyyy,
        part + " " + yyyy,
        np.full(len(days), "the following day", dtype=object),
        np.full(len(days), "six months later", dtype=object),
        np.full(len(days), "", dtype=object),
        np.full(len(days), "n/k", dtype=object),
        "c. " + yyyy,
    ]
    return np.choose(kind, forms)


def make_extract(path: Path, rows: int = 1_000_000, cases: int = 5_000, seed: int = 7, words: int = 8) -> Path:
    """Write the extract to ``path`` (CSV) and return it; rows are in file order per case and agency, and each
    description has ``words`` words and a reference number (8 words: about 60 characters; 80: about 550, the
    length of a practitioner's note)."""
    rng = np.random.default_rng(seed)
    case = np.sort(rng.integers(0, cases, rows))
    agency = rng.integers(0, len(AGENCIES), rows)
    start = rng.integers(15_000, 19_000, cases)[case]  # 2011 to 2022
    days = start + rng.integers(0, 1_500, rows)
    order = np.lexsort((days, agency, case))
    case, agency, days = case[order], agency[order], days[order]
    vocabulary = np.asarray(WORDS, dtype=object)
    details = vocabulary[rng.integers(0, len(vocabulary), rows)]
    for _ in range(words - 1):
        details = details + " " + vocabulary[rng.integers(0, len(vocabulary), rows)]
    frame = pd.DataFrame(
        {
            "case_id": np.char.add("case-", np.char.zfill(case.astype(str), 5)),
            "Agency": np.asarray(AGENCIES, dtype=object)[agency],
            "Date": date_spellings(days, rng),
            "Type": np.asarray(TYPES, dtype=object)[rng.integers(0, len(TYPES), rows)],
            "Details": details + " (ref " + rng.integers(0, 10**6, rows).astype(str).astype(object) + ")",
            "Practitioner": np.char.add("Worker ", rng.integers(0, 400, rows).astype(str)),
            "Subject": np.asarray(["child", "mother", "father", ""], dtype=object)[rng.integers(0, 4, rows)],
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path
