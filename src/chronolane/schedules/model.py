"""Expected-contact schedules (docs/gaps.md): what a schedule holds, and loading schedule files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from chronolane.case.model import Role
from chronolane.dates.durations import Duration, parse_duration
from chronolane.errors import UsageError
from chronolane.files.toml import TomlReader, read_named
from chronolane.measures.lanes import event_types

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
    return _parse(
        *read_named(name_or_path, bundled=BUNDLED, package="chronolane.schedules", kind="schedule", docs="docs/gaps.md")
    )


def _parse(data: Mapping[str, Any], name: str, where: str) -> Schedule:
    reader = TomlReader(where, docs="docs/gaps.md")
    fail, texts, choice = reader.fail, reader.texts, reader.choice

    def duration(table: Mapping[str, Any], key: str, at: str, *, required: bool = True) -> Duration | None:
        if key not in table:
            if required:
                raise fail(f"{at}{key}", "given as a duration such as 14D, 8W or 12M", None)
            return None
        return parse_duration(str(table[key]), what=f"{where}: '{at}{key}'")

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
    for i, t in enumerate(reader.tables(data, "contacts")):
        at = f"contacts[{i}]."
        start, by = duration(t, "from", at), duration(t, "by", at)
        assert start is not None and by is not None
        contacts.append(
            ExpectedContact(
                id=reader.text(t, "id", at),
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
    for i, t in enumerate(reader.tables(data, "repeats")):
        at = f"repeats[{i}]."
        every = duration(t, "every", at)
        assert every is not None
        repeats.append(
            RepeatingContact(
                id=reader.text(t, "id", at),
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
