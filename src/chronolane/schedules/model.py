"""Expected-contact schedules (docs/gaps.md): loading schedule files and checking a chronology against them."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from chronolane.case.model import Role
from chronolane.dates.calendar import NO_DAY
from chronolane.dates.durations import Duration, parse_duration
from chronolane.errors import MissingDetailsError, UsageError
from chronolane.measures.lanes import event_types
from chronolane.measures.windows import DateLike, date_bounds
from chronolane.schema.columns import Column

if TYPE_CHECKING:
    from chronolane.case.model import Case

BUNDLED = ("hcp-england",)

SCHEDULE_COLUMNS: tuple[str, ...] = (
    "case_id",
    "subject",
    "schedule",
    "contact",
    "label",
    "expected",
    "occurrence",
    "due_from",
    "due_by",
    "outcome",
    "event_id",
)


class Outcome(StrEnum):
    """What became of one expected contact within the window."""

    MET = "met"  # a contact certainly fell within the expected time
    POSSIBLY_MET = "possibly-met"  # a contact's vague dates allow on time, and also early or late
    LATE = "late"  # no contact on time; one certainly came after the deadline (within any late limit)
    POSSIBLY_LATE = "possibly-late"  # no contact on time; one may have come after the deadline
    MISSED = "missed"  # no contact, and the deadline certainly passed before the window ended
    POSSIBLY_MISSED = "possibly-missed"  # no contact, and the deadline may have passed before the window ended
    NOT_YET_DUE = "not-yet-due"  # no contact, and the window ended before the deadline
    NOT_APPLICABLE = "not-applicable"  # the expected time cannot occur (born before the antenatal window, or dead)
    OUTSIDE_WINDOW = "outside-window"  # the expected time lies wholly before or after the window: not checked


class Anchor(StrEnum):
    """What an expected contact's offsets are counted from."""

    BIRTH = "birth"
    DUE = "due"  # the expected date of delivery; the birth date when none is given


class Who(StrEnum):
    """Whose rows count for a subject's expected contact."""

    SUBJECT = "subject"  # rows about the subject, or with no subject (the family)
    ANY = "any"  # any row of the case (antenatal contacts recorded against the mother)


@dataclass(frozen=True)
class ExpectedContact:
    """One contact expected at a time after a subject's birth."""

    id: str
    label: str
    expected: str
    """The expected timing in words, as published."""
    start: Duration
    """Offset from the anchor at which contacts start to count."""
    by: Duration
    """Offset from the anchor of the deadline (inclusive)."""
    late_until: Duration | None = None
    """Contacts after the deadline and up to this offset count as late; None: any later contact."""
    anchor: Anchor = Anchor.BIRTH
    before_birth: bool = False
    """Only contacts before the birth count (antenatal)."""
    who: Who = Who.SUBJECT
    types: frozenset[str] = frozenset()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class RepeatingContact:
    """Contacts expected at most ``every`` apart from a start event until a stop event or the window's end."""

    id: str
    label: str
    expected: str
    every: Duration
    start_types: frozenset[str]
    stop_types: frozenset[str] = frozenset()
    who: Who = Who.SUBJECT
    types: frozenset[str] = frozenset()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """A named set of expected contacts, read from a schedule file."""

    name: str
    title: str
    roles: frozenset[Role]
    """Subjects checked: those with a birth date and one of these roles."""
    contacts: tuple[ExpectedContact, ...] = ()
    repeats: tuple[RepeatingContact, ...] = ()


def load_schedule(name_or_path: str | Path) -> Schedule:
    """The bundled schedule of that name (``hcp-england``) or the schedule file at that path."""
    text_name = str(name_or_path)
    if text_name in BUNDLED:
        source = resources.files("chronolane.schedules").joinpath("bundled", f"{text_name}.toml")
        return _parse(tomllib.loads(source.read_text(encoding="utf-8")), text_name, text_name)
    path = Path(name_or_path)
    if not path.is_file():
        raise UsageError(
            f"{path}: no such schedule file. Give a TOML schedule file or a bundled schedule: {', '.join(BUNDLED)}."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    # RecursionError: a file nested thousands deep.
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise UsageError(f"{path}: not a UTF-8 TOML file ({error}). See docs/gaps.md.") from None
    return _parse(data, path.stem, str(path))


def _parse(data: Mapping[str, Any], name: str, where: str) -> Schedule:
    def fail(key: str, expected: str, value: Any) -> UsageError:
        return UsageError(f"{where}: '{key}' must be {expected}, got {value!r}. See docs/gaps.md.")

    def texts(table: Mapping[str, Any], key: str, at: str, default: Any = ()) -> tuple[str, ...]:
        value = table.get(key, default)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise fail(f"{at}{key}", "a list of texts", value)
        return tuple(value)

    def duration(table: Mapping[str, Any], key: str, at: str, *, required: bool = True) -> Duration | None:
        if key not in table:
            if required:
                raise fail(f"{at}{key}", "given as a duration such as 14D, 8W or 12M", None)
            return None
        return parse_duration(str(table[key]), what=f"{where}: '{at}{key}'")

    def choice(table: Mapping[str, Any], key: str, at: str, enum: type[StrEnum], default: Any) -> Any:
        try:
            return enum(table.get(key, default))
        except ValueError:
            allowed = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
            raise fail(f"{at}{key}", f"one of {allowed}", table.get(key)) from None

    def kinds(table: Mapping[str, Any], key: str, at: str, default: tuple[str, ...]) -> frozenset[str]:
        chosen = texts(table, key, at, list(default))
        try:
            return event_types(chosen, ())
        except UsageError as error:
            raise UsageError(f"{where}: '{at}{key}': {error}") from None

    unknown = sorted(set(data) - {"title", "roles", "types", "agencies", "contacts", "repeats"})
    if unknown:
        raise fail(unknown[0], "one of title, roles, types, agencies, contacts, repeats", data[unknown[0]])
    default_types = texts(data, "types", "", ["health-visit"])
    default_agencies = texts(data, "agencies", "")
    roles = frozenset(choice({"r": r}, "r", "roles.", Role, None) for r in texts(data, "roles", "", ["child"]))
    contacts = []
    for i, t in enumerate(_tables(data, "contacts", fail)):
        at = f"contacts[{i}]."
        start, by = duration(t, "from", at), duration(t, "by", at)
        assert start is not None and by is not None
        contacts.append(
            ExpectedContact(
                id=_text(t, "id", at, fail),
                label=str(t.get("label", t["id"])),
                expected=str(t.get("expected", "")),
                start=start,
                by=by,
                late_until=duration(t, "late_until", at, required=False),
                anchor=choice(t, "anchor", at, Anchor, Anchor.BIRTH),
                before_birth=bool(t.get("before_birth", False)),
                who=choice(t, "who", at, Who, Who.SUBJECT),
                types=kinds(t, "types", at, default_types),
                agencies=texts(t, "agencies", at, list(default_agencies)),
            )
        )
    repeats = []
    for i, t in enumerate(_tables(data, "repeats", fail)):
        at = f"repeats[{i}]."
        every = duration(t, "every", at)
        assert every is not None
        repeats.append(
            RepeatingContact(
                id=_text(t, "id", at, fail),
                label=str(t.get("label", t["id"])),
                expected=str(t.get("expected", f"at most every {every}")),
                every=every,
                start_types=kinds(t, "start_types", at, ()),
                stop_types=kinds(t, "stop_types", at, ()) if "stop_types" in t else frozenset(),
                who=choice(t, "who", at, Who, Who.SUBJECT),
                types=kinds(t, "types", at, default_types),
                agencies=texts(t, "agencies", at, list(default_agencies)),
            )
        )
        if not repeats[-1].start_types:
            raise fail(f"{at}start_types", "a non-empty list of event types that start the visits", [])
    title = data.get("title", name)
    return Schedule(name=name, title=str(title), roles=roles, contacts=tuple(contacts), repeats=tuple(repeats))


def _tables(data: Mapping[str, Any], key: str, fail: Any) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail(key, f"a list of tables ([[{key}]])", value)
    return value


def _text(table: Mapping[str, Any], key: str, at: str, fail: Any) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{at}{key}", "a non-empty text", value)
    return value


def _require_births(case_ids: set[str], cases: Mapping[str, Case], schedule: Schedule) -> None:
    """MissingDetailsError when no case has a subject with a birth date and a role the schedule covers, so
    that no expected contact could be checked (an empty table would read as nothing to find)."""
    for case_id in case_ids:
        case = cases.get(case_id)
        for person in case.subjects if case is not None else ():
            if person.role in schedule.roles and person.born is not None and person.born.start is not None:
                return
    from chronolane.case.details import HOW_TO_GIVE

    roles = " or ".join(sorted(r.value for r in schedule.roles))
    raise MissingDetailsError(
        f"schedule {schedule.title!r}: no case has a subject ({roles}) with a birth date, so no expected contact "
        f"can be checked. {HOW_TO_GIVE}"
    )


def check_schedule(
    frame: pd.DataFrame,
    cases: Mapping[str, Case] | None,
    schedule: Schedule | str | Path,
    *,
    start: DateLike = None,
    end: DateLike = None,
    subject: str | None = None,
    require_births: bool = True,
) -> pd.DataFrame:
    """Each expected contact of each subject born (or each repeating visit) with its outcome in the window.

    Every case in the frame or in ``cases`` is checked. The window ends at ``end``, else at the subject's
    death or the review period's end (the earlier), else at the case's latest dated row; it starts at
    ``start``, else at the review period's start. Expected contacts wholly outside the window are
    ``outside-window``; those due after the subject's death ``not-applicable``. Only rows that happened
    (attendance attended or unknown) can meet an expected contact. Columns: ``SCHEDULE_COLUMNS`` (docs/gaps.md).
    When the schedule has one-off contacts and no case has a subject born with a role it covers, raises
    MissingDetailsError (an empty table would read as "nothing to find") unless ``require_births`` is false.
    """
    if not isinstance(schedule, Schedule):
        schedule = load_schedule(schedule)
    if subject is not None and not any(c.subject(subject) for c in (cases or {}).values()):
        raise UsageError(
            f"subject {subject!r} is not listed under [[subjects]] in any case.toml. "
            "Give a subject id, name or alias from case.toml."
        )
    for name in (
        Column.CASE_ID,
        Column.EVENT_ID,
        Column.SUBJECT,
        Column.AGENCY,
        Column.DATE_START,
        Column.DATE_END,
        Column.EVENT_TYPE,
    ):
        if name.value not in frame.columns:
            raise UsageError(f"the chronology has no column {name.value!r}. Build it with `chronolane build`.")
    from chronolane.schedules.checks import candidate_rows, check_contacts, check_repeats

    rows = candidate_rows(frame)
    if schedule.contacts and subject is None and require_births:
        _require_births(set(rows["case_id"].unique()) | set(cases or {}), cases or {}, schedule)
    last_day = rows[rows["lo"] != NO_DAY].groupby("case_id")["hi"].max()
    given_end = date_bounds(end, what="--to date") if end is not None else None
    from_day = date_bounds(start, what="--from date")[0] if start is not None else NO_DAY
    parts = [
        check_contacts(rows, cases or {}, schedule, given_end, last_day, from_day, subject),
        check_repeats(rows, cases or {}, schedule, given_end, last_day),
    ]
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["case_id", "subject", "order", "occurrence"], kind="stable", ignore_index=True)
    for name in ("due_from", "due_by"):
        out[name] = out[name].to_numpy(dtype=np.int64).astype("datetime64[D]").astype("datetime64[us]")
    for name in ("case_id", "subject", "schedule", "contact", "label", "expected", "outcome", "event_id"):
        out[name] = out[name].astype("str")
    out["occurrence"] = out["occurrence"].astype(np.int64)
    return out[list(SCHEDULE_COLUMNS)]
