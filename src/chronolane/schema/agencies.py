"""Agency names: the canonical vocabulary, its synonyms, and the default lane order."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

#: Canonical agencies in the default lane order: the family's own events first, then health, police,
#: social care, housing, education, others.
DEFAULT_LANES: tuple[str, ...] = (
    "Family",
    "Maternity",
    "GP",
    "Health visiting",
    "School nursing",
    "Hospital",
    "Emergency department",
    "Ambulance",
    "Mental health",
    "Perinatal mental health",
    "Substance misuse",
    "Other health",
    "Police",
    "Probation",
    "Other legal",
    "Children's social care",
    "Early help",
    "Adult social care",
    "Housing",
    "School",
    "Early years",
    "Education services",
    "NSPCC",
    "Voluntary sector",
    "Individual",
    "Anonymous",
    "Other",
)

#: Written forms of each canonical agency (matching ignores case and punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Family": ("family", "family events", "household", "parents", "mother", "father", "child", "self"),
    "Maternity": (
        "maternity",
        "midwife",
        "midwifery",
        "community midwife",
        "maternity services",
        "antenatal",
        "obstetrics",
        "labour ward",
    ),
    "GP": ("gp", "general practice", "general practitioner", "gp surgery", "surgery", "primary care"),
    "Health visiting": (
        "hv",
        "health visitor",
        "health visiting",
        "health visiting service",
        "health visitors",
        "0-19 service",
        "0 19 service",
        "healthy child programme",
        "public health nursing",
    ),
    "School nursing": ("school nurse", "school nursing", "school health"),
    "Hospital": (
        "hospital",
        "paediatrics",
        "pediatrics",
        "acute trust",
        "nicu",
        "neonatal unit",
        "scbu",
        "ward",
        "paediatric ward",
    ),
    "Emergency department": ("a&e", "a and e", "ae", "emergency department", "ed", "accident and emergency"),
    "Ambulance": ("ambulance", "ambulance service", "paramedics", "paramedic", "emergency services"),
    "Mental health": ("mental health", "camhs", "adult mental health", "amhs", "cmht", "iapt"),
    "Perinatal mental health": ("perinatal mental health", "perinatal", "pmh", "perinatal mental health service"),
    "Substance misuse": (
        "substance misuse",
        "drug and alcohol",
        "drug and alcohol service",
        "drugs and alcohol",
        "alcohol service",
    ),
    "Other health": ("other health", "dental", "dentist", "sexual health", "pharmacy", "community health"),
    "Police": ("police", "constabulary", "met police", "metropolitan police", "mps", "police service"),
    "Probation": ("probation", "probation service", "nps", "crc", "youth offending", "yot", "youth justice"),
    "Other legal": ("other legal", "court", "cafcass", "courts", "solicitor", "legal"),
    "Children's social care": (
        "csc",
        "children's services",
        "childrens services",
        "children's social care",
        "childrens social care",
        "social care",
        "social services",
        "mash",
        "social worker",
        "children's trust",
        "childrens trust",
        "children social care",
        "local authority",
        "la",
        "first response",
        "front door",
        "cin team",
        "child protection",
    ),
    "Early help": ("early help", "family support", "targeted early help", "family hub", "children's centre"),
    "Adult social care": ("adult social care", "adult services", "asc"),
    "Housing": (
        "housing",
        "housing association",
        "housing provider",
        "council housing",
        "homelessness",
        "housing options",
        "landlord",
        "housing officer",
    ),
    "School": ("school", "schools", "education", "academy", "primary school", "secondary school", "dsl"),
    "Early years": ("nursery", "early years", "childminder", "pre-school", "preschool"),
    "Education services": ("education services", "education welfare", "ews", "send", "sen"),
    "NSPCC": ("nspcc",),
    "Voluntary sector": ("voluntary sector", "charity", "third sector", "women's aid", "refuge"),
    "Individual": ("individual", "member of public", "neighbour", "relative"),
    "Anonymous": ("anonymous", "anon"),
    "Other": ("other", "unknown", "not known"),
}

_NON_ALNUM = re.compile(r"[^0-9a-z&]+")


def agency_key(name: str) -> str:
    """The matching key of an agency name: lower case, letters, digits and '&' only."""
    return _NON_ALNUM.sub("", name.casefold())


def agency_table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Matching key -> canonical name: the built-in synonyms, then case.toml's additions and overrides."""
    table = {agency_key(name): name for name in SYNONYMS}
    for canonical, forms in SYNONYMS.items():
        for form in forms:
            table[agency_key(form)] = canonical
    for written, canonical in (extra or {}).items():
        table[agency_key(written)] = canonical
        table.setdefault(agency_key(canonical), canonical)
    return table


def normalise_agencies(names: pd.Series, extra: Mapping[str, str] | None = None) -> pd.Series:
    """Canonical agency names for a column of written names; unknown names are kept as written, trimmed."""
    table = agency_table(extra)
    codes, uniques = pd.factorize(names, use_na_sentinel=False)
    mapped = [table.get(agency_key(str(u)), " ".join(str(u).split())) for u in uniques]
    return pd.Series(pd.array(mapped, dtype="str").take(codes), index=names.index, dtype="str")


def lane_order(agencies: list[str] | tuple[str, ...], configured: tuple[str, ...] = ()) -> list[str]:
    """Lanes in display order: case.toml's order first, then the default order, then the rest by name."""
    present = list(dict.fromkeys(agencies))
    order = [a for a in configured if a in present]
    order += [a for a in DEFAULT_LANES if a in present and a not in order]
    order += sorted(a for a in present if a not in order)
    return order
