"""The interactive timeline's data: events, lanes, marker shapes, periods, key dates and gaps, as JSON-ready
columns for the page's own script. Every text comes from the prepared (pseudonymised, marked) frame."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from chronolane.case.model import Case
from chronolane.chronology.numbering import event_numbers
from chronolane.export.common import Prepared, map_unique, source_text
from chronolane.follow_ups.find import FollowUpOutcome
from chronolane.schema.columns import Column, EventType, IssueCode
from chronolane.swimlane.follow_ups import CONNECTOR_STYLES, NONE_CAME, lag_text
from chronolane.swimlane.layout import KEY_TYPES, key_column, to_num
from chronolane.swimlane.marks import GAP_CERTAIN, PERIOD_COLOURS, gap_texts
from chronolane.swimlane.style import MARKER_SIZE, STYLES

#: Optional column shown when present (added by the attendance work); never required.
ATTENDANCE = Column.ATTENDANCE.value

#: Characters that could end or confuse a <script> block, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data: Any) -> str:
    """JSON safe to sit inside a <script> element: no character of it can close the element or start markup."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_SCRIPT_ESCAPES)


def type_words(event_type: str) -> str:
    """An event type as words ("home-visit" -> "Home visit")."""
    return event_type.replace("-", " ").capitalize()


@functools.cache
def marker_path(marker: str | int) -> str:
    """The SVG path of a matplotlib marker at the chart's marker size, centred on 0,0 (y down)."""
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle(marker)
    path = style.get_path().transformed(style.get_transform())
    scale = MARKER_SIZE * 1.6  # matplotlib's unit marker spans -0.5..0.5; a little larger on screen than in print
    parts: list[str] = []
    for vertices, code in path.iter_segments(simplify=False, curves=True):
        pts = " ".join(f"{x * scale:.2f} {-y * scale:.2f}" for x, y in vertices.reshape(-1, 2))
        parts.append({1: "M", 2: "L", 3: "Q", 4: "C", 79: "Z"}[int(code)] + ("" if code == 79 else " " + pts))
    return " ".join(parts)


def marker_table() -> list[dict[str, Any]]:
    """Every event type with its words and the printed chart's marker shape and colour (swimlane.style)."""
    return [
        {
            "key": t.value,
            "label": type_words(t.value),
            "colour": s.colour,
            "hollow": s.hollow,
            "line": s.is_line,
            "path": marker_path(s.marker),
        }
        for t, s in STYLES.items()
    ]


def _issue_words(numbers: Mapping[str, int]) -> Callable[[str], tuple[str, int]]:
    def words(text: str) -> tuple[str, int]:
        out = []
        for code in filter(None, text.split(";")):
            name, _, detail = code.partition(":")
            if name == IssueCode.POSSIBLE_DUPLICATE and detail:
                number = numbers.get(detail)
                out.append(f"possible duplicate of event {number}" if number else "possible duplicate")
            else:
                out.append(name.replace("-", " ") + (f" ({detail})" if detail else ""))
        return "; ".join(out), 0

    return words


def _subject_words(cases: Mapping[str, Case], prepared: Prepared) -> dict[str, str]:
    """Subject id (as in the prepared text) -> the subject's name, pseudonymised."""
    names: dict[str, str] = {}
    for case in cases.values():
        for subject in case.subjects:
            names[prepared.label(subject.id)] = prepared.label(subject.name)
    return names


def table_text(prepared: Prepared, cases: Mapping[str, Case]) -> pd.DataFrame:
    """The reader's table: event numbers, words not slugs (subject names, type words, issues in words)."""
    text = prepared.text
    numbers = event_numbers(prepared.typed)
    by_id = dict(zip(text[Column.EVENT_ID].tolist(), numbers.tolist(), strict=True))
    subjects = _subject_words(cases, prepared)
    out = pd.DataFrame(
        {
            "number": numbers.astype("str"),
            Column.DATE_TEXT: text[Column.DATE_TEXT],
            Column.TIME: text[Column.TIME],
            Column.AGENCY: text[Column.AGENCY],
            Column.SUBJECT: text[Column.SUBJECT].map(lambda s: subjects.get(s, s)).astype("str"),
            Column.EVENT_TYPE: map_unique(text[Column.EVENT_TYPE], lambda t: (type_words(t), 0))[0],
        },
        index=text.index,
    )
    if ATTENDANCE in text.columns:
        out[ATTENDANCE] = map_unique(text[ATTENDANCE], lambda t: (t.replace("-", " "), 0))[0]
    out[Column.DESCRIPTION] = text[Column.DESCRIPTION]
    out["source"] = source_text(text)
    out[Column.ISSUES] = map_unique(text[Column.ISSUES], _issue_words(by_id))[0]
    return out


def _days(values: pd.Series) -> np.ndarray:
    return to_num(pd.to_datetime(values).astype("datetime64[s]"))


def _int_list(values: np.ndarray) -> list[int | None]:
    return [None if np.isnan(v) else int(v) for v in values]


def timeline_data(
    prepared: Prepared,
    table: pd.DataFrame,
    cases: Mapping[str, Case],
    gaps: pd.DataFrame | None,
    threshold: str,
    follow_ups: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Everything the page's script draws, as columns (one list per field, one entry per row); ``follow_ups``
    (``chronolane.follow_ups.find.find_follow_ups``) adds the trigger-to-follow-up connectors and missing marks."""
    frame, text = prepared.typed, prepared.text
    several = len(cases) > 1
    case_ids = text[Column.CASE_ID] if Column.CASE_ID in text.columns else pd.Series("", index=text.index)
    lane_names = _lane_name(prepared, case_ids, text[Column.AGENCY], several)
    order = {a: i for i, a in enumerate(prepared.lanes)}
    keys = pd.DataFrame({"case": pd.factorize(case_ids)[0], "name": lane_names})
    keys["rank"] = text[Column.AGENCY].map(order).fillna(len(order))
    lanes = keys.drop_duplicates("name").sort_values(["case", "rank"], kind="stable")  # cases in order of rows
    lane_list = lanes["name"].tolist()
    lane_index = {n: i for i, n in enumerate(lane_list)}
    start = _days(frame[Column.DATE_START])
    end = _days(frame[Column.DATE_END]) + 1.0
    end = np.where(np.isnan(end), start + 1.0, end)
    types = [t["key"] for t in marker_table()]
    type_index = {t: i for i, t in enumerate(types)}
    key = frame[Column.EVENT_TYPE].astype("str").isin(KEY_TYPES).to_numpy().copy()
    marked = key_column(frame)
    if marked is not None:
        from chronolane.ingest.fields import is_marked

        key |= np.asarray(is_marked(frame[marked].astype("str").tolist()), dtype=bool)
    precision = text[Column.DATE_PRECISION]
    approx = frame[Column.DATE_APPROX].astype(bool).to_numpy()
    events = {
        "number": table["number"].astype(int).tolist(),
        "case": case_ids.tolist(),
        "lane": lane_names.map(lane_index).astype(int).tolist(),
        "type": text[Column.EVENT_TYPE].map(lambda t: type_index.get(t, type_index[EventType.OTHER])).tolist(),
        "start": _int_list(start),
        "end": _int_list(end),
        "vague": ((end - start > 1.0) | approx).tolist(),
        "key": key.tolist(),
        "precision": (precision + np.where(approx, ", approximate", "")).tolist(),
        "date": table[Column.DATE_TEXT].tolist(),
        "time": table[Column.TIME].tolist(),
        "agency": table[Column.AGENCY].tolist(),
        "subject": table[Column.SUBJECT].tolist(),
        "description": table[Column.DESCRIPTION].tolist(),
        "issues": table[Column.ISSUES].tolist(),
    }
    if ATTENDANCE in table.columns:
        events["attendance"] = table[ATTENDANCE].tolist()
    return {
        "title": prepared.title,
        "lanes": lane_list,
        "types": marker_table(),
        "events": events,
        "periods": _periods(cases, prepared, lane_index, several),
        "keys": _keys(cases, prepared),
        "gaps": _gaps(gaps, frame, prepared, lane_index, several),
        "threshold": threshold,
        "followUps": _follow_ups(follow_ups, frame, table, prepared),
    }


def _span(date: Any) -> tuple[int, int] | None:
    if date is None or date.start is None or date.end is None:
        return None
    s = _days(pd.Series([date.start, date.end]))
    return int(s[0]), int(s[1]) + 1


def _lane_name(prepared: Prepared, case_id: Any, agency: Any, several: bool) -> Any:
    """A lane's name: the agency, after the case's title when the page holds several cases (text or columns,
    already pseudonymised)."""
    if not several:
        return agency
    if isinstance(case_id, pd.Series):
        return case_id.map(lambda c: prepared.case_titles.get(c, c)) + ": " + agency
    return f"{prepared.case_titles.get(case_id, case_id)}: {agency}"


def _lane_of(lane_index: Mapping[str, int], case: Case, agency: str, prepared: Prepared, several: bool) -> int:
    name = _lane_name(prepared, prepared.label(case.case_id), prepared.label(agency), several)
    return lane_index.get(name, -1)


def _periods(cases: Mapping[str, Case], prepared: Prepared, lane_index: Mapping[str, int], several: bool) -> list:
    """Periods of case.toml: in their lane, or across every lane (-1); an open end is None."""
    from chronolane.schema.agencies import normalise_agencies

    out = []
    for case in cases.values():
        agencies = normalise_agencies(
            pd.Series([p.agency or "" for p in case.periods], dtype="str"), dict(case.agencies)
        ).tolist()
        for period, agency in zip(case.periods, agencies, strict=True):
            start = _span(period.start)
            if start is None:
                continue
            end = _span(period.end)
            lane = _lane_of(lane_index, case, agency, prepared, several) if period.agency else -1
            if period.agency and lane < 0:
                continue
            out.append(
                {
                    "label": prepared.label(period.label),
                    "kind": period.kind.value,
                    "colour": PERIOD_COLOURS[period.kind],
                    "lane": lane,
                    "start": start[0],
                    "end": end[1] if end else None,
                }
            )
    return out


def _keys(cases: Mapping[str, Case], prepared: Prepared) -> list:
    """Births and deaths of the subjects in case.toml, as lines across the lanes (a band when vague)."""
    out = []
    for case in cases.values():
        for subject in case.subjects:
            for date, verb in ((subject.born, "born"), (subject.died, "died")):
                span = _span(date)
                if span is not None and date is not None:
                    label = f"{prepared.label(subject.name)} {verb} ({prepared.label(date.text)})"
                    out.append({"label": label, "start": span[0], "end": span[1]})
    return out


def _gaps(
    gaps: pd.DataFrame | None, frame: pd.DataFrame, prepared: Prepared, lane_index: Mapping[str, int], several: bool
) -> list:
    """Gaps over the threshold that follow a contact (as on the printed chart), in their lane."""
    if gaps is None or gaps.empty:
        return []
    rows = gaps[gaps["from_event_id"].astype("str") != ""]
    start, end = _days(rows["gap_start"]), _days(rows["gap_end"]) + 1.0
    out = []
    for i, (lane, case_id, exceeds, lo, hi, undated) in enumerate(
        zip(
            rows["lane"].astype("str"),
            rows[Column.CASE_ID].astype("str") if Column.CASE_ID in rows.columns else [""] * len(rows),
            rows["exceeds"].astype("str"),
            rows["gap_min_days"],
            rows["gap_max_days"],
            rows["undated_contacts"] if "undated_contacts" in rows.columns else [0] * len(rows),
            strict=True,
        )
    ):
        name = _lane_name(prepared, prepared.label(case_id), prepared.label(lane), several)
        if name not in lane_index or np.isnan(start[i]) or np.isnan(end[i]):
            continue
        certain = exceeds == GAP_CERTAIN
        out.append(
            {
                "lane": lane_index[name],
                "start": int(start[i]),
                "end": int(end[i]),
                "certain": certain,
                "label": gap_texts(float(lo), float(hi), certain, int(undated))[0],
            }
        )
    return out


#: Outcomes in words, for the connectors' hover text.
_OUTCOME_WORDS = {o.value: o.value.replace("-", " ") for o in FollowUpOutcome}


def _days_text(lo: pd.Series, hi: pd.Series) -> pd.Series:
    lo, hi = lo.astype("int64").astype("str"), hi.astype("int64").astype("str")
    return (lo + " to " + hi).where(lo != hi, lo) + " days"


def _follow_ups(
    follow_ups: pd.DataFrame | None, frame: pd.DataFrame, table: pd.DataFrame, prepared: Prepared
) -> list[dict[str, Any]]:
    """Follow-up pairs as the printed chart's ``--follow-ups`` draws them: a connector from the trigger to its
    follow-up (``to`` its row), labelled with the lag, or a mark on a trigger whose follow-up never came
    (``to`` None); ``late`` and ``vague`` pick the style, ``text`` is the hover text."""
    if follow_ups is None or follow_ups.empty:
        return []
    position = pd.Series(np.arange(len(frame)), index=frame[Column.EVENT_ID].astype("str").to_numpy())
    position = position[~position.index.duplicated()]
    outcome = follow_ups["outcome"].astype("str")
    src = follow_ups["trigger_event_id"].astype("str").map(position)
    dst = follow_ups["follow_up_event_id"].fillna("").astype("str").map(position)
    paired = outcome.isin(list(CONNECTOR_STYLES)) & dst.notna()
    rows = follow_ups[src.notna() & (paired | outcome.isin(NONE_CAME))]
    if rows.empty:
        return []
    src, dst, outcome, paired = src[rows.index].astype(int), dst[rows.index], outcome[rows.index], paired[rows.index]
    numbers, agencies = table["number"].to_numpy(), table[Column.AGENCY].to_numpy()
    label = rows["label"].fillna("").astype("str").map(prepared.label)
    expected = rows["expected"].fillna("").astype("str").map(prepared.label)
    trigger = "Event " + pd.Series(numbers[src], index=rows.index) + " (" + agencies[src] + ")"
    to = dst.fillna(0).astype(int)
    follow = " to event " + pd.Series(numbers[to], index=rows.index) + " (" + agencies[to] + ")"
    lag_min = rows["lag_min_days"].fillna(0)
    lag_max = rows["lag_max_days"].fillna(0)
    said = outcome.map(_OUTCOME_WORDS)
    what = (follow + ": " + _days_text(lag_min, lag_max) + ", " + said).where(paired, ": no follow-up, " + said)
    lag = pd.Series([lag_text(a, b) for a, b in zip(lag_min, lag_max, strict=True)], index=rows.index, dtype="str")
    out = pd.DataFrame(
        {
            "from": src,
            "to": dst.where(paired, None),
            "late": outcome.isin([FollowUpOutcome.LATE.value, FollowUpOutcome.POSSIBLY_LATE.value]),
            "vague": outcome.str.startswith("possibly"),
            "lag": lag.where(paired, ""),
            "text": label + "\n" + trigger + what + "\nExpected: " + expected,
        }
    )
    return [
        {**r, "to": None if pd.isna(r["to"]) else int(r["to"]), "from": int(r["from"])} for r in out.to_dict("records")
    ]
