"""What each row records: its event type, whether it happened (attendance) and how (mode), from phrase tables.

Each table is read in priority order and the first phrase that matches decides (docs/events.md, generated from
these tables). Phrases match whole words only, so "Disclosure" is not a "closure"; a rule's ``unless`` phrases
veto it ("death threats" is not a death). Every pattern is RE2-compatible so pyarrow runs it on whole columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.schema.characters import match_key
from chronolane.schema.columns import (
    DEFAULT_CONTACT_TYPES,
    DID_NOT_HAPPEN,
    Attendance,
    EventType,
    Mode,
)
from chronolane.schema.dtypes import text_array
from chronolane.schema.keys import spans

_GAP = r"[\s/_-]*"  # a space in a phrase: any run of spaces, hyphens, slashes or underscores (or none)


@dataclass(frozen=True)
class Rule:
    """One row of a phrase table: the value, the phrases naming it, and look-alike phrases that do not."""

    value: str
    phrases: tuple[str, ...]
    unless: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        """The phrases as one case-insensitive, word-bounded RE2 pattern."""
        return _words(self.phrases)

    @property
    def veto(self) -> str:
        """The ``unless`` phrases as one pattern ("" when none)."""
        return _words(self.unless) if self.unless else ""


def _words(phrases: Iterable[str]) -> str:
    return r"\b(?:" + "|".join(p.replace(" ", _GAP) for p in phrases) + r")\b"


def _t(value: EventType, *phrases: str, unless: tuple[str, ...] = ()) -> Rule:
    return Rule(value.value, phrases, unless)


_SIX_EIGHT = r"(?:6|six) ?(?:-|–|to) ?(?:8|eight) ?(?:weeks?|wks?)"
_NINE_TWELVE = r"(?:9|nine) ?(?:-|–|to) ?(?:12|twelve) ?(?:months?|mths?|m)"
_TWO_YEAR = r"(?:2|two) ?(?:-|–|to) ?(?:2\.5|2½|2 1/2|two and a half) ?(?:years?|yrs?)"

#: "Not seen" about someone other than the child is not a missed contact.
_NOT_SEEN_SOMEONE = (
    "(?:had|has|have|hasn'?t|haven'?t) not seen",
    "not (?:been )?seen (?:the |her |his |their )?(?:father|mother|dad|mum|partner|ex-partner|him|them)",
)

#: Event types in priority order: the first rule matching the type cell decides, else the first matching the
#: description. Specific phrases come before generic ones ("new birth visit" before "birth", "PPN" before
#: "MASH", "referral to MARAC" is a referral).
TYPE_RULES: tuple[Rule, ...] = (
    _t(
        EventType.DEATH,
        "died",
        "death",
        "deceased",
        "pronounced (?:dead|life extinct)",
        "life extinct",
        "passed away",
        "fatal(?:ly)?",
        "still ?(?:born|birth)",
        "sudi",
        unless=("death threats?", "threat(?:s|ened)? (?:of death|to kill)", "near death"),
    ),
    _t(
        EventType.HEALTH_VISIT,
        "new ?birth (?:visit|review|contact|check)",
        "nbv",
        "primary birth visit",
        "ante ?natal (?:contact|visit|home visit|review|hv contact|hv visit)",
        _SIX_EIGHT,
        r"(?:6|six|8|eight) ?(?:weeks?|wks?) (?:review|check|contact|visit|assessment)",
        _NINE_TWELVE,
        r"(?:1|one) ?(?:year|yr) (?:review|check|development)",
        r"(?:12|twelve) ?(?:months?|mths?) (?:review|check|development|contact|visit)",
        _TWO_YEAR,
        r"(?:2|two|2\.5|2½) ?(?:years?|yrs?) (?:review|check|development|contact|visit)",
        r"(?:24|27) ?(?:-|–|to)? ?(?:30)? ?(?:months?|mths?) (?:review|check)",
        "development(?:al)? (?:review|check)",
        "ages and stages",
        "asq(?:-?3)?",
        "health visit",
        "health visiting (?:contact|visit|review|home visit)",
        "health visitor (?:contact|visit|review|home visit)",
        "hv (?:visit|contact|review|home visit|check|appointment)",
        "(?:baby|child health|well baby|hv|weigh(?:ing)?) clinic",
        "listening visit",
        "health review",
        "maternal mood (?:review|assessment)",
    ),
    _t(
        EventType.IMMUNISATION,
        "immuni[sz]ations?",
        "vaccinations?",
        "vaccines?",
        "imms",
        "jabs?",
        "mmr",
        "(?:6|4|six|four) ?in ?(?:1|one)",
        "boosters?",
    ),
    _t(
        EventType.STRATEGY_DISCUSSION,
        "strategy (?:discussion|meeting|call|conversation)s?",
        "strat (?:disc|discussion|meeting|mtg)",
    ),
    _t(
        EventType.NOTIFICATION,
        "ppn",
        "public protection (?:notice|notification)",
        "operation encompass",
        "encompass (?:notification|call|alert)",
        "merlin",
        "information shar(?:ed|ing)",
        "shared (?:with|information)",
    ),
    _t(
        EventType.CONFERENCE,
        "(?:initial|review) child protection (?:case )?conference",
        "child protection (?:case )?conference",
        "icpc",
        "rcpc",
        "cpc",
        "case conference",
        "core group(?: meeting)?",
        "marac",
        "multi ?agency risk assessment conference",
        "mappa(?: meeting)?",
        "conference",
        unless=("refer(?:red|ral|ring)? to (?:the )?marac", "marac referral"),
    ),
    _t(
        EventType.MEETING,
        "(?:cp|child protection|cin|child in need|care|early help|tac|taf) (?:plan )?review(?: meeting)?",
        "plan review",
        "(?:lac|cla|looked after(?: child)?|iro) review",
        "(?:cin|child in need|tac|taf|team around the (?:family|child)|professionals|network|discharge planning) "
        "meeting",
    ),
    _t(
        EventType.PLAN_END,
        "plan (?:ended|ends|closed|ceased|discontinued|removed)",
        "(?:case|file) closed",
        "case closure",
        "closure",
        "closed to (?:[a-z']+ ){0,3}(?:services?|care|csc|help|team|visiting|hv)",
        "step(?:ped|s)? ?down",
        "de ?registered",
        "(?:ceased|no longer) (?:to be )?(?:subject|looked after|lac|cla|cin)",
        "removed from (?:the |a )?(?:cp |child protection |cin )?plan",
        "discharged from (?:the )?(?:[a-z']+ ){0,3}(?:service|team|caseload|clinic|visiting)",
    ),
    _t(
        EventType.LOOKED_AFTER,
        "looked after",
        "became looked after",
        "accommodated",
        "section 20",
        r"s\.? ?20",
        "(?:interim )?care order",
        "ico",
        "emergency protection order",
        "epo",
        "police protection",
        "placed (?:in|with) (?:foster )?(?:care|carers|foster carers)",
        "foster placement",
        "lac",
        "cla",
    ),
    _t(
        EventType.PLAN_START,
        "(?:child protection|cp|child in need|cin|care|safety|support|early help|tac|taf|family support) plan",
        "subject (?:of|to) (?:an? |the )?(?:cp |child protection |cin |child in need )?plan",
        "placed on (?:an? |the )?(?:cp |child protection |cin )?plan",
        "made subject",
        "cp registration",
        "registered (?:on|under) (?:the )?(?:cp|child protection)",
    ),
    _t(
        EventType.MASH_DECISION,
        "mash(?: enquiry| enquiries| decision| outcome| screening| triage| check)?",
        "multi ?agency safeguarding hub",
        "front door (?:decision|screening|triage)",
        "triage decision",
        unless=("(?:referr(?:al|ed)|sent|passed|forwarded|shared|notified|reported|ppn) (?:on )?to (?:the )?mash",),
    ),
    _t(
        EventType.ASSESSMENT,
        r"s\.? ?47(?: enquiry| enquiries| investigation)?",
        "section 47",
        r"s\.? ?17",
        "section 17",
        "dash(?: risk assessment| ric| checklist| form)?",
        "(?:child and family|c&f|single|core|initial|parenting|risk|early help|needs|carers?) assessment",
        "eha",
        "caf",
        "pams",
        "assessment",
        "assessed",
    ),
    _t(
        EventType.DISCLOSURE,
        "disclos(?:ure|ures|ed|es|ing)",
        "dvds",
        "clare'?s law",
        "sarah'?s law",
        "right to (?:ask|know)",
        unless=("no (?:further )?disclosures?", "(?:did|does) not disclose", "nothing disclosed", "non ?disclosure"),
    ),
    _t(
        EventType.ARREST,
        "arrest(?:ed|s)?",
        "bail(?:ed)?",
        "charged",
        "remand(?:ed)?",
        "in custody",
        "interviewed under caution",
        "police interview",
        "voluntary interview",
        "rui",
        "released under investigation",
        "convicted",
        "sentenced",
        "cautioned",
    ),
    _t(EventType.INTELLIGENCE, "intelligence", "intel", "crimint", "information report"),
    _t(
        EventType.HOSPITAL_ADMISSION,
        "admitted",
        "admission",
        "in ?patient",
        "transferred to (?:picu|nicu|scbu|the ward|ward)",
        unless=(
            "admitted (?:to )?(?:the |an |a )?(?:offence|assault|hitting|using|drinking|smoking|taking|that|he|she|"
            "they|it|being|having|to (?:police|officers|hitting|using))",
            "admission (?:of|that)",
            "school admissions?",
        ),
    ),
    _t(
        EventType.HOSPITAL_DISCHARGE,
        "discharged from hospital",
        "hospital discharge",
        "discharged home",
        "discharged",
        "discharge summary",
    ),
    _t(
        EventType.EMERGENCY_ATTENDANCE,
        "a ?& ?e(?: attendance)?",
        "a and e",
        "accident (?:and|&) emergency",
        "emergency department",
        "ed",
        "urgent care(?: centre)?",
        "ucc",
        "minor injur(?:y|ies) unit",
        "miu",
        "walk ?in centre",
        "presented (?:at|to) (?:the )?hospital",
    ),
    _t(
        EventType.BIRTH,
        "born",
        "birth",
        "gave birth",
        "delivered",
        "delivery",
        "caesarean(?: section)?",
        "c ?section",
        unless=(
            "(?:since|from|before|after|until|following|around) (?:the )?birth",
            "birth (?:certificate|registration|date|weight|father|mother|parents?|family|plan)",
            "date of birth",
            "delivered (?:to|by hand|by post)",
            "delivery (?:of|to) (?:a |the )?(?:letter|parcel|food|furniture|furniture|items)",
        ),
    ),
    _t(EventType.APPOINTMENT, "ante ?natal (?:appointment|appt|clinic|check)"),
    _t(
        EventType.PREGNANCY,
        "pregnan(?:t|cy)",
        "concealed pregnancy",
        "booking(?: appointment| visit| bloods)?",
        "dating scan",
        "(?:12|20) ?(?:weeks?|wk) scan",
        "anomaly scan",
        "scan",
        "concealed",
        "edd",
        "miscarri(?:age|ed|ages)",
        "termination",
        "gestation",
        "ante ?natal",
    ),
    _t(
        EventType.SCHOOL_EXCLUSION,
        "exclu(?:ded|sion)",
        "fixed ?term exclusion",
        "suspension",
        "suspended from school",
        "managed move",
    ),
    _t(
        EventType.SCHOOL_ATTENDANCE,
        "(?:school )?attendance (?:concern|concerns|below|meeting|panel|officer|letter|warning|review|fell|has fallen|"
        "dropped|is|was|of|at)",
        "persistent(?:ly)? absen(?:t|ce)",
        "absent from school",
        "unauthori[sz]ed absences?",
        "(?:school )?absences?",
        "truan(?:cy|t)",
        r"\d+ ?% attendance",
        "ewo",
        "education welfare",
        "child(?:ren)? missing (?:from )?education",
        "cme",
        "not in school",
        "elective home education",
        "ehe",
    ),
    _t(
        EventType.EVICTION,
        "evict(?:ed|ion)",
        "notice to quit",
        "section 21",
        "s21(?: notice)?",
        "possession (?:order|proceedings|hearing|claim)",
        "bailiffs?",
        "lost (?:the |their |her |his )?tenancy",
    ),
    _t(
        EventType.REFERRAL,
        "contact received",
        "referr(?:al|als|ed|ing)",
        "re ?referral",
        "refers?",
        "self ?referr(?:al|ed)",
    ),
    _t(
        EventType.EARLY_HELP,
        "early help",
        "team around the (?:family|child)",
        "tac",
        "taf",
        "family support (?:worker|service|team)",
        "family hub",
    ),
    _t(
        EventType.INCIDENT,
        "police attend(?:ed|ance)",
        "officers attended",
        "attended the (?:address|property|home|scene|flat|house)",
        "called to",
        "999",
        "101 call",
        "domestic(?: incident| abuse| violence| dispute| argument)?",
        "dv",
        "incident",
        "assault(?:ed|s)?",
        "disturbance",
        "breach(?:ed)?",
        "dispute",
        "fight(?:ing)?",
        "shoplift(?:ing)?",
        "crime",
        "offence",
        "injur(?:y|ies|ed)",
        "found (?:alone|wandering|crying|unattended)",
        "left alone",
        "abuse",
        "concern for welfare",
        "welfare check",
        "missing (?:person|from home|episode)",
        "harassment",
        "threat(?:s|ened)?",
        "stalking",
    ),
    _t(
        EventType.HOME_VISIT,
        "home visit",
        "housing (?:officer )?visit",
        "tenancy (?:visit|check|audit)",
        "visited (?:the )?(?:family )?home",
        "house visit",
        "visit to (?:the )?(?:family )?home",
        "(?:unannounced|announced|joint|statutory|cp|cin|lac) visit",
        "visit",
        "visited",
    ),
    _t(EventType.HEALTH_VISIT, "hv", "health visitor", "health visiting"),
    _t(
        EventType.APPOINTMENT,
        "appointment",
        "appts?",
        "clinic",
        "consultation",
        "out ?patient(?: appointment)?",
        "opa",
        "seen(?: by| at| in)?",
        "physio(?:therapy)?",
        "dental",
        "dentist",
        "audiology",
        "speech and language(?: therapy)?",
        "salt",
        "occupational therapy",
        "optician",
        "orthoptics?",
        "face to face(?: contact| visit| meeting)?",
        "f2f",
        "in person",
        "check ?up",
        "(?:telephone|phone|video) (?:call|contact|consultation|review|appointment)",
        "session",
        "attended",
        "review",
        unless=_NOT_SEEN_SOMEONE,
    ),
    _t(
        EventType.NOTIFICATION,
        "notification",
        "notified",
        "informed",
        "letters?",
        "e ?mail(?:ed)?",
        "copied to",
        "passed to",
        "sent to",
        "vulnerable (?:child|adult|person) (?:report|notification)",
    ),
    _t(EventType.MEETING, "meeting", "mtg", "professionals"),
    _t(
        EventType.HOME_VISIT,
        "no reply at (?:the )?(?:door|address|home|property)",
        "no access",
        "card left",
        "no answer at (?:the )?door",
        "unable to gain access",
        "child not seen",
    ),
    _t(
        EventType.APPOINTMENT,
        "did not attend",
        "dna(?:'?d|s)?",
        "was not brought",
        "wnb",
        "not brought",
        "missed (?:appointment|appt)",
        "failed to attend",
        "non ?attendance",
        "cancell?ed",
        "re ?(?:scheduled|arranged|booked)",
        "postponed",
    ),
)

_NEGATIVE_OWNER = r"(?:mother|mum|father|dad|parents?|family|carers?|client|patient|grandmother|grandfather|mo|fa)"
_SERVICE_OWNER = (
    r"(?:hv|health visitor|service|clinic|hospital|practitioner|worker|sw|social worker|gp|practice|school|nurse|"
    r"midwife|team|staff|consultant|professional|paediatrician|therapist|camhs|clinician|surgery|ward)"
)

#: Attendance in priority order within one cell: negative wording first, so "attended but child not brought"
#: is ``was-not-brought``; "attended" last.
ATTENDANCE_RULES: tuple[Rule, ...] = (
    Rule(
        Attendance.WAS_NOT_BROUGHT.value,
        (
            "(?:was|were) not brought",
            "not brought",
            "wnb",
            "failed to bring",
            "did not bring",
            "didn'?t bring",
            "not taken to (?:the )?(?:appointment|clinic|hospital)",
        ),
    ),
    Rule(
        Attendance.DID_NOT_ATTEND.value,
        (
            "did not attend",
            "didn'?t attend",
            "dna(?:'?d|s)?",
            "failed to attend",
            "non ?attendance",
            "not attend(?:ed|ing)?",
            "no show",
            "did not turn up",
            "missed (?:the |her |his |their |an? )?(?:appointment|appt|clinic|session|review|visit)",
            "did not keep",
            "^ ?no ?$",
        ),
    ),
    Rule(
        Attendance.NO_ACCESS.value,
        (
            "no access",
            "no reply",
            "no answer",
            "no response at (?:the )?door",
            "(?:calling )?card left",
            "uta",
            "unable to (?:gain access|access|contact|make contact)",
            "not at home",
            "(?:nobody|no one|no-one) (?:at )?home",
            "door not answered",
            "not (?:been )?seen",
            "left (?:before|without) (?:being )?(?:seen|assessed|assessment|treatment)",
        ),
        unless=_NOT_SEEN_SOMEONE,
    ),
    Rule(
        Attendance.CANCELLED_BY_FAMILY.value,
        (
            f"cancell?ed by (?:the )?{_NEGATIVE_OWNER}",
            f"{_NEGATIVE_OWNER} cancell?ed",
            f"cancell?ed at (?:the )?{_NEGATIVE_OWNER}'?s? request",
            f"{_NEGATIVE_OWNER} (?:rang|phoned|called|texted) to cancel",
        ),
    ),
    Rule(
        Attendance.CANCELLED_BY_SERVICE.value,
        (
            f"cancell?ed by (?:the )?{_SERVICE_OWNER}",
            f"{_SERVICE_OWNER} cancell?ed",
            "cancell?ed due to (?:staff|sickness|capacity|leave|illness|hv|workload)",
            "staff sickness",
        ),
    ),
    Rule(
        Attendance.RESCHEDULED.value,
        (
            "re ?(?:scheduled|arranged|booked)",
            "postponed",
            "deferred",
            "new (?:date|appointment) (?:given|offered|made|arranged|sent)",
            "appointment changed",
        ),
    ),
    Rule(Attendance.CANCELLED.value, ("cancell?ed", "cancell?ations?")),
    Rule(
        Attendance.ATTENDED.value,
        (
            "attended",
            "attends",
            "seen",
            "visit completed",
            "completed",
            "took place",
            "went ahead",
            "undertaken",
            "contact made",
            "spoke (?:to|with)",
            "present",
            "in attendance",
            "examined",
            "held",
            "^ ?(?:yes|y) ?$",
        ),
        unless=_NOT_SEEN_SOMEONE,
    ),
)

#: Modes a cell names outright, in priority order; they win over modes implied by another cell's wording.
MODE_RULES: tuple[Rule, ...] = (
    Rule(Mode.FACE_TO_FACE.value, ("face to face", "f2f", "in person")),
    Rule(
        Mode.VIDEO.value,
        (
            "video(?: call| consultation| contact)?",
            "(?:ms |microsoft )?teams",
            "zoom",
            "skype",
            "facetime",
            "virtual (?:visit|contact|appointment|meeting|review|consultation)",
        ),
    ),
    Rule(Mode.TELEPHONE.value, ("tele ?phon(?:e|ed)", "phon(?:e|ed)", "tel", "t/c", "tc", "rang")),
    Rule(
        Mode.LETTER.value,
        ("letters?", "written", "e ?mail(?:ed)?", "text(?:ed)?(?: message)?", "sms", "posted", "by post"),
    ),
)

#: Wording that implies a face-to-face contact: read only for planned-contact types, after ``MODE_RULES``.
IMPLIED_MODE_RULES: tuple[Rule, ...] = (
    Rule(
        Mode.FACE_TO_FACE.value,
        (
            "visit(?:ed|s)?",
            "seen",
            "clinic",
            "attended",
            "at (?:the )?(?:home|school|nursery|surgery|practice|hospital)",
            "examined",
            "observed",
            "weighed",
            "met with",
        ),
        unless=_NOT_SEEN_SOMEONE,
    ),
)

#: Types whose record says what was planned as a contact: their attendance is read from the wording and is
#: ``unknown`` when nothing says; every other type is ``not-applicable`` unless its outcome cell says more.
PLANNED_TYPES: frozenset[str] = frozenset(
    t.value
    for t in (*DEFAULT_CONTACT_TYPES, EventType.MISSED_APPOINTMENT, EventType.STRATEGY_DISCUSSION, EventType.OTHER)
)

#: Modes implied by the type when no wording names one: a home visit or an A&E attendance is face to face.
TYPE_MODES: dict[str, str] = {
    t.value: Mode.FACE_TO_FACE.value
    for t in (
        EventType.HOME_VISIT,
        EventType.EMERGENCY_ATTENDANCE,
        EventType.HOSPITAL_ADMISSION,
        EventType.HOSPITAL_DISCHARGE,
        EventType.IMMUNISATION,
    )
}

#: Exact type-column wordings (matching ignores case and punctuation) that the phrase rules would misread.
EXACT: dict[str, EventType] = {
    "other": EventType.OTHER,
    "contact": EventType.APPOINTMENT,
    "visit": EventType.HOME_VISIT,
    "hv": EventType.HEALTH_VISIT,
    "birth": EventType.BIRTH,
    "newbirthvisit": EventType.HEALTH_VISIT,
    "ed": EventType.EMERGENCY_ATTENDANCE,
    "attendance": EventType.SCHOOL_ATTENDANCE,
}
for _t_ in EventType:
    EXACT[match_key(_t_.value)] = _t_

#: Characters of a type cell that ``classify_text`` reads (a huge cell would otherwise cost seconds).
TYPE_CHARS = 2_000

_COMPILED = tuple(
    (r.value, re.compile(r.pattern, re.IGNORECASE), re.compile(r.veto, re.IGNORECASE) if r.unless else None)
    for r in TYPE_RULES
)


def classify_text(text: str, extra: Mapping[str, str] | None = None) -> EventType | None:
    """The event type one wording names, or None when nothing matches.

    Only the first ``TYPE_CHARS`` characters are read: a type cell names its type early, and a regular
    expression's cost grows with the text.
    """
    text = text[:TYPE_CHARS]
    key = match_key(text)
    if not key:
        return None
    if extra:
        for written, event_type in extra.items():
            if match_key(written) == key:
                return EventType(event_type)
    if key in EXACT:
        return EXACT[key]
    for value, pattern, veto in _COMPILED:
        if pattern.search(text) and not (veto and veto.search(text)):
            return EventType(value)
    return None


def first_match(texts: pd.Series, rules: Sequence[Rule]) -> np.ndarray:
    """Per text, the value of the first rule that matches it ("" when none), vectorised with pyarrow."""
    values = np.array([r.value for r in rules] + [""], dtype=object)
    return values[_first_rule(_lower(texts), rules)]


def _lower(texts: pd.Series) -> pa.Array:
    """The texts lower-cased, as one Arrow array: ASCII-only text byte by byte, any other by Unicode rules."""
    return _lower_array(text_array(texts))


def _lower_array(array: pa.Array) -> pa.Array:
    return pc.ascii_lower(array) if _is_ascii(array) else pc.utf8_lower(array)


def _is_ascii(array: pa.Array) -> bool:
    """Whether every byte of a string array's text is ASCII (one look at its data buffer)."""
    data = array.buffers()[2]
    if data is None or len(array) == 0:
        return True
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64 if pa.types.is_large_string(array.type) else np.int32)
    used = np.frombuffer(data, dtype=np.uint8)[offsets[array.offset] : offsets[array.offset + len(array)]]
    return not len(used) or int(used.max()) < 0x80


def _first_rule(
    array: pa.Array, rules: Sequence[Rule], rows: np.ndarray | None = None, *, last_apart: bool = False
) -> np.ndarray:
    """Per lower-cased text, the index of the first rule matching it; -1 when none (and off ``rows``).

    Texts that repeat are read once. The rules are searched by halves: one pass of a half's phrases
    together sends each text on only if it can match there, so a text costs a few passes, not one per rule.
    With ``last_apart`` the last rule is the usual reading (attended): the rules before it are searched
    first as one half, so a text matching only the last rule is settled in two passes.
    """
    result = np.full(len(array), -1, dtype=np.int16)
    candidates = np.arange(len(array)) if rows is None else np.asarray(rows)
    if not len(candidates):
        return result
    subset = array if rows is None else array.take(pa.array(candidates))
    distinct = _distinct(subset)
    if distinct is None:
        found = np.full(len(subset), -1, dtype=np.int16)
        _search(subset, np.arange(len(subset)), tuple(rules), 0, len(rules), found, last_apart=last_apart)
    else:
        codes, uniques = distinct
        found = np.full(len(uniques), -1, dtype=np.int16)
        _search(uniques, np.arange(len(uniques)), tuple(rules), 0, len(rules), found, last_apart=last_apart)
        found = found[codes]
    result[candidates] = found
    return result


def _distinct(array: pa.Array) -> tuple[np.ndarray, pa.Array] | None:
    """(codes, distinct texts) when texts repeat enough to be worth it (judged on a sample), else None."""
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    sample = array.slice(0, _SAMPLE)
    if len(array) < 2 or pc.count_distinct(sample).as_py() > len(sample) // 2:
        return None
    encoded = pc.dictionary_encode(array)
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary


_SAMPLE = 4096


def _search(
    texts: pa.Array,
    positions: np.ndarray,
    rules: tuple[Rule, ...],
    lo: int,
    hi: int,
    found: np.ndarray,
    known: np.ndarray | None = None,
    *,
    last_apart: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Set ``found`` at ``positions`` to the first rule of ``rules[lo:hi]`` matching each text; return which
    did, and which match a phrase of those rules (vetoed or not). ``known`` marks texts already known to
    match a phrase there, which are not searched again for it."""
    if known is None:
        can = _matches(texts, _range_pattern(rules, lo, hi))
    else:
        can, unsure = known.copy(), np.flatnonzero(~known)
        if len(unsure):
            can[unsure] = _matches(texts.take(pa.array(unsure)), _range_pattern(rules, lo, hi))
    if hi - lo == 1:
        rule, phrase = rules[lo], can.copy()
        if rule.unless and can.any():
            hits = np.flatnonzero(can)
            can[hits[_matches(texts.take(pa.array(hits)), rule.veto)]] = False
        found[positions[can]] = lo
        return can, phrase
    if not can.any():
        return can, can
    where = np.flatnonzero(can)
    texts, positions = texts.filter(pa.array(can)), positions[can]
    mid = hi - 1 if last_apart and hi == len(rules) else (lo + hi) // 2
    left, left_phrase = _search(texts, positions, rules, lo, mid, found)
    rest = np.flatnonzero(~left)
    taken = left.copy()
    if len(rest):
        # A text matching no phrase of the left half matches one of the right half: no need to look again.
        right, _ = _search(texts.take(pa.array(rest)), positions[rest], rules, mid, hi, found, ~left_phrase[rest])
        taken[rest[right]] = True
    out = np.zeros(len(can), dtype=bool)
    out[where[taken]] = True
    return out, can


@functools.cache
def _range_pattern(rules: tuple[Rule, ...], lo: int, hi: int) -> str:
    return _words(p for r in rules[lo:hi] for p in r.phrases)


def _matches(array: pa.Array, pattern: str) -> np.ndarray:
    # The texts are lower-cased already: a case-sensitive match is the same and much faster.
    return pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False)


class _Cells:
    """A column of short cells that repeat (type, outcome), factorised once: rules are searched per distinct cell."""

    def __init__(self, texts: pd.Series) -> None:
        encoded = pc.dictionary_encode(text_array(texts))
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self.uniques = encoded.dictionary.to_pylist()
        self.lower = _lower(pd.Series(encoded.dictionary, dtype="str"))

    def first_rule(self, rules: Sequence[Rule]) -> np.ndarray:
        """Per row, the index of the first rule matching its cell; -1 when none."""
        found = _first_rule(self.lower, rules)
        return found[self.codes] if len(self.codes) else np.zeros(0, dtype=np.int16)


def _codes_of(rules: Sequence[Rule], vocabulary: Sequence[str]) -> np.ndarray:
    """Each rule's value as its position in ``vocabulary``, with -1 (no rule) mapping to -1."""
    return np.array([vocabulary.index(r.value) for r in rules] + [-1], dtype=np.int16)


def _text_column(vocabulary: Sequence[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A categorical column of the vocabulary's values: no string is built per row."""
    dtype = pd.CategoricalDtype(pd.Index(list(vocabulary), dtype="str"))
    return pd.Series(pd.Categorical.from_codes(codes.astype(np.int64), dtype=dtype), index=index)


_TYPES = [t.value for t in EventType]
_ATTENDANCE = [a.value for a in Attendance]
_MODES = [m.value for m in Mode]
_TYPE_CODE = _codes_of(TYPE_RULES, _TYPES)
_ATTENDANCE_CODE = _codes_of(ATTENDANCE_RULES, _ATTENDANCE)
_MODE_CODE = _codes_of(MODE_RULES, _MODES)
_IMPLIED_CODE = _codes_of(IMPLIED_MODE_RULES, _MODES)
_PLANNED = np.array([t in PLANNED_TYPES for t in _TYPES])
_TYPE_MODE = np.array([_MODES.index(TYPE_MODES.get(t, Mode.UNKNOWN.value)) for t in _TYPES], dtype=np.int16)
_NEGATIVE_RULE = np.array([r.value in {a.value for a in DID_NOT_HAPPEN} for r in ATTENDANCE_RULES] + [False])
_ANY_ATTENDANCE_OR_MODE = _words(p for r in (*ATTENDANCE_RULES, *MODE_RULES, *IMPLIED_MODE_RULES) for p in r.phrases)
_ATTENDED_RULE = next(i for i, r in enumerate(ATTENDANCE_RULES) if r.value == Attendance.ATTENDED.value)


@dataclass(frozen=True)
class Classified:
    """Per row: event type, attendance and mode, and what needs flagging."""

    event_type: pd.Series
    attendance: pd.Series
    mode: pd.Series
    fell_back: pd.Series
    """The type fell back to ``other``: nothing in the type cell or the description matched."""
    contradiction: pd.Series
    """One cell says the contact happened and another that it did not."""


def classify_rows(
    type_text: pd.Series,
    description: pd.Series,
    outcome: pd.Series | None = None,
    extra: Mapping[str, str] | None = None,
) -> Classified:
    """Event type, attendance and mode of every row, vectorised (docs/events.md).

    The type cell decides the type where it matches (``extra`` maps exact wordings first); otherwise the
    description does. Attendance is read from the outcome cell, the type cell and the description: negative
    wording in any of them wins (the one earliest in the table), and a cell saying the opposite is a
    contradiction. The description's wording counts only for planned-contact types; other types are
    ``not-applicable`` unless the outcome cell says more. Work is on integer codes, strings only at the end.
    """
    index, n = type_text.index, len(type_text)
    types = _Cells(type_text)
    outcomes = _Cells(outcome) if outcome is not None else None
    codes, uniques = types.codes, types.uniques
    named = [classify_text(str(u), extra) for u in uniques]
    by_type = np.array([_TYPES.index(t.value) if t else -1 for t in named], dtype=np.int16)
    said_other = np.array([match_key(str(u)) == "other" for u in uniques], dtype=bool)
    none = np.full(n, -1, dtype=np.int16)
    cells = _CellRules(
        kind=by_type[codes] if n else np.zeros(0, dtype=np.int16),
        said_other=said_other[codes] if n else np.zeros(0, dtype=bool),
        outcome_attendance=outcomes.first_rule(ATTENDANCE_RULES) if outcomes is not None else none,
        type_attendance=types.first_rule(ATTENDANCE_RULES),
        mode=_MODE_CODE[types.first_rule(MODE_RULES)],
        outcome_mode=_MODE_CODE[outcomes.first_rule(MODE_RULES)] if outcomes is not None else none,
        implied=[types.first_rule(IMPLIED_MODE_RULES)]
        + ([outcomes.first_rule(IMPLIED_MODE_RULES)] if outcomes is not None else []),
    )
    descriptions = text_array(description)
    # The descriptions are read some rows at a time: their lower-cased copies, and the copies of those
    # still to search at each step, never all exist at once.
    parts = [
        _classified(_lower_array(descriptions.slice(lo, hi - lo)), cells.rows(lo, hi))
        for lo, hi in spans(pc.binary_length(descriptions).to_numpy(zero_copy_only=False), _TEXT_AT_A_TIME)
    ]
    kind, attendance, mode, fell_back, contradiction = (
        np.concatenate([p[i] for p in parts]) if parts else np.zeros(0, dtype=np.int16 if i < 3 else bool)
        for i in range(5)
    )
    return Classified(
        event_type=_text_column(_TYPES, kind, index),
        attendance=_text_column(_ATTENDANCE, attendance, index),
        mode=_text_column(_MODES, mode, index),
        fell_back=pd.Series(fell_back, index=index, dtype=bool),
        contradiction=pd.Series(contradiction, index=index, dtype=bool),
    )


#: Bytes of descriptions classified at a time (a bound on the memory their copies take).
_TEXT_AT_A_TIME = 32 * 2**20


@dataclass(frozen=True)
class _CellRules:
    """Per row, what the type and outcome cells say (rule indexes; -1: nothing)."""

    kind: np.ndarray
    said_other: np.ndarray
    outcome_attendance: np.ndarray
    type_attendance: np.ndarray
    mode: np.ndarray
    outcome_mode: np.ndarray
    implied: list[np.ndarray]

    def rows(self, lo: int, hi: int) -> _CellRules:
        return _CellRules(
            self.kind[lo:hi],
            self.said_other[lo:hi],
            self.outcome_attendance[lo:hi],
            self.type_attendance[lo:hi],
            self.mode[lo:hi],
            self.outcome_mode[lo:hi],
            [i[lo:hi] for i in self.implied],
        )


def _classified(text: pa.Array, cells: _CellRules) -> tuple[np.ndarray, ...]:
    """(event type, attendance, mode, fell back, contradiction) codes of rows with these lower-cased
    descriptions and cells; see :func:`classify_rows`."""
    n = len(text)
    kind = cells.kind.copy()
    todo = np.flatnonzero(kind < 0)
    kind[todo] = _TYPE_CODE[_first_rule(text, TYPE_RULES, todo)[todo]]
    unknown = kind < 0
    kind[unknown] = _TYPES.index(EventType.OTHER.value)
    fell_back = unknown & ~cells.said_other

    planned = _PLANNED[kind]
    # One pass over every description with all attendance and mode phrases: the rest never need reading.
    maybe = _matches(text, _ANY_ATTENDANCE_OR_MODE) if n else np.zeros(0, dtype=bool)
    found = [
        cells.outcome_attendance,
        np.where(planned, cells.type_attendance, -1),
        _first_rule(text, ATTENDANCE_RULES, np.flatnonzero(planned & maybe), last_apart=True),
    ]
    big = len(ATTENDANCE_RULES)
    negative = np.minimum.reduce([np.where(_NEGATIVE_RULE[c], c, big) for c in found])
    attended = np.logical_or.reduce([c == _ATTENDED_RULE for c in found])
    default = np.where(
        kind == _TYPES.index(EventType.MISSED_APPOINTMENT.value),
        _ATTENDANCE.index(Attendance.DID_NOT_ATTEND.value),
        np.where(planned, _ATTENDANCE.index(Attendance.UNKNOWN.value), _ATTENDANCE.index(Attendance.NOT_APPLICABLE)),
    )
    attendance = np.where(
        negative < big,
        _ATTENDANCE_CODE[np.minimum(negative, big)],
        np.where(attended, _ATTENDANCE.index(Attendance.ATTENDED.value), default),
    )
    contradiction = (negative < big) & attended

    mode = np.where(cells.mode < 0, cells.outcome_mode, cells.mode)
    open_rows = np.flatnonzero((mode < 0) & maybe)
    mode = np.where(mode < 0, _MODE_CODE[_first_rule(text, MODE_RULES, open_rows)], mode)
    for cell in cells.implied:
        mode = np.where((mode < 0) & planned, _IMPLIED_CODE[cell], mode)
    open_rows = np.flatnonzero((mode < 0) & planned & maybe)
    mode = np.where(mode < 0, _IMPLIED_CODE[_first_rule(text, IMPLIED_MODE_RULES, open_rows)], mode)
    mode = np.where(mode < 0, _TYPE_MODE[kind], mode)
    return kind, attendance, mode, fell_back, contradiction


def classify_events(
    type_text: pd.Series, description: pd.Series, extra: Mapping[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Event type per row, and whether it fell back to ``other``; see ``classify_rows``."""
    found = classify_rows(type_text, description, extra=extra)
    return found.event_type, found.fell_back


def _phrase_cell(phrases: Sequence[str]) -> str:
    return ", ".join(f"`{p}`" for p in phrases).replace("|", "\\|")


def _rule_table(rules: Sequence[Rule], what: str) -> list[str]:
    lines = [f"| priority | {what} | phrases (whole words) | except |", "|---|---|---|---|"]
    for i, rule in enumerate(rules, start=1):
        lines.append(f"| {i} | `{rule.value}` | {_phrase_cell(rule.phrases)} | {_phrase_cell(rule.unless)} |")
    return lines


def events_markdown() -> str:
    """The phrase tables as Markdown, as docs/events.md shows them (a test keeps the two equal)."""
    planned = ", ".join(f"`{t}`" for t in sorted(PLANNED_TYPES))
    implied = ", ".join(f"`{t}`" for t in sorted(TYPE_MODES))
    exact = ", ".join(f"`{k}` = `{v.value}`" for k, v in EXACT.items() if match_key(v.value) != k)
    lines = [
        "## Event types",
        "",
        "A cell is matched ignoring case. A space in a phrase stands for any run of spaces, hyphens, slashes or "
        "underscores, or none. Phrases are regular expressions (RE2 syntax): `(?:a|b)` means a or b, `?` makes "
        "the letter before it optional.",
        "",
        f"Exact type cells checked before the table (letters and digits only): {exact}, and every event type "
        f"written as itself. Only the first {TYPE_CHARS:,} characters of a type cell are read for its type.",
        "",
        *_rule_table(TYPE_RULES, "event type"),
        "",
        "## Attendance",
        "",
        f"Planned-contact types (attendance read from every cell, `unknown` when none says): {planned}. Other "
        "types are `not-applicable` unless the outcome cell says otherwise.",
        "",
        *_rule_table(ATTENDANCE_RULES, "attendance"),
        "",
        "## Mode",
        "",
        "Named outright, in any cell:",
        "",
        *_rule_table(MODE_RULES, "mode"),
        "",
        "Implied, for planned-contact types only, when no cell names a mode:",
        "",
        *_rule_table(IMPLIED_MODE_RULES, "mode"),
        "",
        f"Otherwise `face-to-face` for {implied}; else `unknown`.",
    ]
    return "\n".join(lines) + "\n"
