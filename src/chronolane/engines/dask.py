"""The per-case measures on a Dask DataFrame partitioned by case: each partition measured as pandas measures it.

A case's measures depend on that case's rows only, so a dataset in which no case is split over partitions is
measured partition by partition (``map_partitions``): no shuffle, and no rows brought to one machine. Each
function here takes a Dask DataFrame of an integrated chronology (or of long-format rows, built partition by
partition) and returns a Dask DataFrame with the columns and dtypes of its pandas namesake.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from chronolane.errors import MissingDetailsError, OutputError, SourceError, UsageError
from chronolane.schema.columns import COLUMNS, Column
from chronolane.schema.measures import Window

if TYPE_CHECKING:
    import dask.dataframe as dd

    from chronolane.case.details import CaseDetails
    from chronolane.case.model import Case

__all__ = [
    "Measure",
    "check_schedule",
    "connect",
    "find_follow_ups",
    "find_gaps",
    "measure_dataset",
    "read_dataset",
    "summarise_cohort",
    "summarise_follow_ups",
    "summarise_lanes",
    "whole_cases",
    "write_dataset",
]

#: How to get the engine, for the message when dask is not installed.
INSTALL = 'The Dask engine needs dask and distributed: pip install "chronolane[dask]".'

#: File names of the partitions that :func:`write_dataset` writes.
PART_NAME = "part.{:05d}.parquet"


class Measure(StrEnum):
    """The tables :func:`measure_dataset` computes, one per command of the CLI's --engine dask."""

    GAPS = "gaps"
    LANE_SUMMARY = "lane-summary"
    SCHEDULE = "schedule"
    FOLLOW_UPS = "follow-ups"
    FOLLOW_UP_SUMMARY = "follow-up-summary"
    COHORT = "cohort"


def _require_dask() -> None:
    """UsageError saying how to install dask when it is not installed."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as error:
        raise UsageError(INSTALL) from error


# ------------------------------------------------------------------------------------------------ the measures


def find_gaps(frame: dd.DataFrame, *, cases: CaseDetails | None = None, **options: Any) -> dd.DataFrame:
    """:func:`chronolane.measures.gaps.find_gaps` of every case, partition by partition (the same options but
    ``subject``)."""
    from chronolane.measures.gaps import find_gaps as measure

    return _map(frame, cases, _Step(measure, options, relax=_life_relaxed(options)))


def summarise_lanes(frame: dd.DataFrame, *, cases: CaseDetails | None = None, **options: Any) -> dd.DataFrame:
    """:func:`chronolane.measures.gaps.summarise_lanes` of every case, partition by partition (the same options but
    ``subject``)."""
    from chronolane.measures.gaps import summarise_lanes as measure

    return _map(frame, cases, _Step(measure, options, relax=_life_relaxed(options)))


def check_schedule(frame: dd.DataFrame, cases: CaseDetails | None, schedule: Any, **options: Any) -> dd.DataFrame:
    """:func:`chronolane.schedules.model.check_schedule` of every case with rows, partition by partition (the same
    options but ``subject``)."""
    from chronolane.schedules.model import load_schedule

    loaded = schedule if not isinstance(schedule, str | Path) else load_schedule(schedule)
    return _map(frame, cases, _Step(_schedule, {**options, "schedule": loaded}, relax={"require_births": False}))


def find_follow_ups(
    frame: dd.DataFrame, rules: Any, *, cases: CaseDetails | None = None, **options: Any
) -> dd.DataFrame:
    """:func:`chronolane.follow_ups.find.find_follow_ups` of every case, partition by partition (the same options)."""
    from chronolane.follow_ups.find import find_follow_ups as measure

    return _map(frame, cases, _Step(measure, {**options, "rules": rules}))


def summarise_follow_ups(follow_ups: dd.DataFrame) -> dd.DataFrame:
    """:func:`chronolane.follow_ups.find.summarise_follow_ups` of the follow-ups of :func:`find_follow_ups`: its
    rows are per case and rule, so partition by partition."""
    from chronolane.follow_ups.find import summarise_follow_ups as measure

    return follow_ups.map_partitions(measure, meta=measure(follow_ups._meta))


def summarise_cohort(
    frame: dd.DataFrame, *, cases: CaseDetails | None = None, lanes: Sequence[str] | None = None, **options: Any
) -> dd.DataFrame:
    """:func:`chronolane.cohort.summarise_cohort` of every case, partition by partition (the same options).

    The cohort's columns name the lanes found in the data. Given ``lanes`` (every lane name the data can have,
    as the pandas table names them), the result stays lazy; without, each partition's table is computed and
    kept on the workers first, to learn the lanes (one row per case: small), then given every lane's columns.
    """
    from chronolane.cohort import summarise_cohort as measure
    from chronolane.cohort import widen_lanes

    step = _Step(measure, options, relax={"require_births": False, **_life_relaxed(options)})
    if lanes is not None:
        return _map(frame, cases, step, finish=lambda table: widen_lanes(table, sorted(lanes)))
    import dask
    import dask.dataframe as dd

    partial = _map(frame, cases, step, enforce=False)  # each partition's table names its own lanes
    (tables,) = dask.persist(partial.to_delayed())
    names = sorted(set().union(*dask.compute(*[dask.delayed(_lane_names)(t) for t in tables])))
    meta = widen_lanes(partial._meta, names)
    return dd.from_delayed([dask.delayed(widen_lanes)(t, names) for t in tables], meta=meta, verify_meta=False)


def _schedule(frame: pd.DataFrame, *, cases: Mapping[str, Case], schedule: Any, **options: Any) -> pd.DataFrame:
    from chronolane.schedules.checks import check_schedule as measure

    return measure(frame, cases, schedule, **options)


def _lane_names(table: pd.DataFrame) -> set[str]:
    """The lane names of a cohort table's ``"<lane>: contacts"`` columns."""
    return {str(name)[: -len(": contacts")] for name in table.columns if str(name).endswith(": contacts")}


def _life_relaxed(options: Mapping[str, Any]) -> dict[str, Any]:
    """Options for a partition none of whose cases has a subject born, when other partitions have one.

    A case without a subject born is measured over its review period in the life window, exactly as in the
    review window; pandas only refuses when no case at all has one, which the whole-dataset check reports.
    """
    return {"window": Window.REVIEW} if Window(options.get("window", Window.REVIEW)) == Window.LIFE else {}


# ------------------------------------------------------------------------------------------ partition by partition


@dataclass(frozen=True)
class _Step:
    """A pandas measure and its options, run on each partition's chronology with that partition's cases."""

    measure: Callable[..., pd.DataFrame]
    options: Mapping[str, Any]
    #: Options that replace the given ones in a partition whose cases lack a detail that others have.
    relax: Mapping[str, Any] = field(default_factory=dict)
    #: The empty result, with the pandas measure's columns and dtypes.
    meta: pd.DataFrame | None = None

    def __call__(self, part: pd.DataFrame, details: Mapping[str, Case]) -> pd.DataFrame:
        rows, cases = _partition_chronology(part, details)
        options = dict(self.options)
        if options.get("agencies"):  # measured where present; the whole dataset has each (checked before)
            options["agencies"] = _present(options["agencies"], rows[Column.AGENCY.value])
            if not options["agencies"]:
                assert self.meta is not None, "the empty result is set before the partitions are measured"
                return self.meta
        try:
            return self.measure(rows, cases=cases, **options)
        except MissingDetailsError:
            if not self.relax:
                raise
            return self.measure(rows, cases=cases, **{**options, **self.relax})


def _present(agencies: Sequence[str], column: pd.Series) -> list[str]:
    """The agencies of ``agencies`` that name an agency of ``column`` (as lanes match them)."""
    from chronolane.schema.agencies import agency_key

    found = {agency_key(str(a)) for a in pd.unique(column)}
    return [a for a in agencies if agency_key(a) in found]


def _map(
    frame: dd.DataFrame,
    details: CaseDetails | None,
    step: _Step,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    *,
    enforce: bool = True,
) -> dd.DataFrame:
    """``step`` on every partition, with the meta of the pandas measure on the whole dataset's cases.

    The pandas measure first runs on an undated row of each case that stands for the dataset's details (see
    :func:`_representatives`): it raises what pandas would raise for the whole dataset (a detail no case has),
    and its empty result is the declared meta. Each partition then uses its own cases' details only.
    """
    _require_dask()
    import dask

    if "subject" in step.options:
        raise UsageError("the Dask engine measures whole cases: subject= is for one case's chronology in pandas.")
    from chronolane.case.details import read_case_details

    known = read_case_details(details) if details is not None else {}
    probe_rows, probe_cases = _partition_chronology(_probe(_representatives(whole_cases(frame), known)), known)
    _check_agencies(frame, step.options.get("agencies"))
    probe_options = {k: v for k, v in step.options.items() if k != "agencies"}  # the probe has no agency
    meta = step.measure(probe_rows, cases=probe_cases, **probe_options).iloc[:0]
    step = replace(step, meta=meta)
    runner: _Step | _Finished = step
    if finish is not None:
        meta, runner = finish(meta), _Finished(step, finish)
    shared = dask.delayed(known, pure=False, traverse=False)  # hashing every case to name it took minutes
    return frame.map_partitions(runner, shared, meta=meta, enforce_metadata=enforce)


@dataclass(frozen=True)
class _Finished:
    """A step followed by a change of its result (the cohort's columns for every lane)."""

    step: _Step
    finish: Callable[[pd.DataFrame], pd.DataFrame]

    def __call__(self, part: pd.DataFrame, details: Mapping[str, Case]) -> pd.DataFrame:
        return self.finish(self.step(part, details))


def _check_agencies(frame: dd.DataFrame, agencies: Sequence[str] | None) -> None:
    """UsageError, as pandas gives it, for a named agency with no rows in the whole dataset (reads only the
    agency column of an integrated chronology)."""
    if not agencies:
        return
    if tuple(frame.columns[: len(COLUMNS)]) != COLUMNS:
        raise UsageError(
            "agencies (--agency) with the Dask engine need a dataset of integrated chronologies: build each file "
            "first (chronolane build FILE -o FILE.parquet)."
        )
    names = frame[Column.AGENCY.value].map_partitions(_unique, meta=pd.Series(dtype="str")).compute()
    missing = [a for a in agencies if not _present([a], names)]
    if missing:
        raise UsageError(
            f"agency {missing[0]!r} has no rows in the dataset. Agencies present: {', '.join(sorted(set(names)))}."
        )


def _unique(column: pd.Series) -> pd.Series:
    return pd.Series(pd.unique(column.astype("str")), dtype="str")


def _partition_chronology(part: pd.DataFrame, details: Mapping[str, Case]) -> tuple[pd.DataFrame, dict[str, Case]]:
    """A partition's integrated chronology (built when it holds long-format rows) and its cases' details."""
    from chronolane.case.details import merge_case_details
    from chronolane.case.model import Case

    part = part.reset_index(drop=True)
    if tuple(part.columns[: len(COLUMNS)]) == COLUMNS:
        ids = pd.unique(part[Column.CASE_ID].astype("str"))
        cases, _ = merge_case_details({c: Case(case_id=c, title=c) for c in ids}, details)
        return part, cases
    from chronolane.chronology.build import build_chronology

    built = build_chronology(part, cases=details)
    return built.frame, dict(built.cases)


def _representatives(case_ids: Sequence[str], details: Mapping[str, Case]) -> list[str]:
    """The first case, and for each role the first case with a subject of that role born: what pandas checks
    before measuring (some case has a subject born, of a role a schedule covers) holds for these cases exactly
    when it holds for all, and measuring them costs little whatever the number of cases."""
    chosen = dict.fromkeys(case_ids[:1])
    roles: set[object] = set()
    for case_id in case_ids:
        case = details.get(case_id)
        for person in case.subjects if case is not None else ():
            if person.role not in roles and person.born is not None and person.born.start is not None:
                roles.add(person.role)
                chosen[case_id] = None
    return list(chosen)


def _probe(case_ids: Sequence[str]) -> pd.DataFrame:
    """Long-format rows: one undated row per case."""
    return pd.DataFrame({"case_id": pd.Series(case_ids, dtype="str"), "Date": "", "Description": ""})


def whole_cases(frame: dd.DataFrame) -> list[str]:
    """The case ids of a Dask DataFrame, in partition order; SourceError naming a case split over partitions.

    Reads only the case_id column; brings back one row per case and partition.
    """
    if Column.CASE_ID.value not in frame.columns:
        raise SourceError(
            "the dataset has no case_id column. The Dask engine measures each partition's cases alone, so "
            "every row needs its case_id."
        )
    found = frame[Column.CASE_ID.value].map_partitions(
        _case_ids, meta=pd.DataFrame({"case_id": pd.Series(dtype="str"), "partition": pd.Series(dtype="int64")})
    )
    ids = found.compute()
    split = ids["case_id"].duplicated(keep=False)
    if split.any():
        case_id = ids.loc[split, "case_id"].iat[0]
        parts = ids.loc[ids["case_id"] == case_id, "partition"].tolist()
        raise SourceError(
            f"case {case_id!r} is split over partitions {parts[0]} and {parts[1]} of the dataset. The Dask "
            "engine measures each partition alone, so write the dataset partitioned by case_id: every row of a "
            "case in one file (for example one file per group of cases)."
        )
    return ids["case_id"].tolist()


def _case_ids(column: pd.Series, partition_info: Mapping[str, int] | None = None) -> pd.DataFrame:
    number = (partition_info or {}).get("number", 0)
    ids = pd.unique(column.astype("str").str.strip())
    return pd.DataFrame(
        {"case_id": pd.Series(ids, dtype="str"), "partition": pd.Series(number, index=range(len(ids)), dtype="int64")}
    )


# --------------------------------------------------------------------------------------------- datasets on disk


def _read_part(path: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One Parquet file of a dataset, only the ``columns`` a computation needs (Dask projects them)."""
    from chronolane.files.parquet import read_parquet_table

    return read_parquet_table(Path(path), columns=columns)


def read_dataset(path: Path | str) -> dd.DataFrame:
    """A Parquet dataset (a folder of .parquet files, or one file) as a Dask DataFrame, one partition per file
    in file-name order, with the dtypes :func:`chronolane.files.parquet.read_parquet_table` gives."""
    _require_dask()
    import dask.dataframe as dd
    import pyarrow.parquet as pq

    from chronolane.files.parquet import parquet_frame

    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path] if path.is_file() else []
    if not files:
        raise SourceError(
            f"{path}: no Parquet files. Give a folder of .parquet files (one or more cases in each) or one file."
        )
    try:
        meta = parquet_frame(pq.read_schema(files[0]).empty_table())
    except OSError as error:
        raise SourceError(f"{files[0]}: not a Parquet file ({type(error).__name__}).") from error
    return dd.from_map(_read_part, [str(f) for f in files], meta=meta, enforce_metadata=False)


def write_dataset(frame: dd.DataFrame, path: Path | str, *, force: bool = False) -> int:
    """Write each partition as ``part.NNNNN.parquet`` in the folder ``path`` (made if missing), written by the
    workers (so, on a cluster, a folder they all reach). Returns how many files were written.

    A folder holding anything is refused unless ``force``, which replaces only the part files it holds.
    """
    _require_dask()
    import dask

    from chronolane.files.output import atomic_path
    from chronolane.files.parquet import write_parquet

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a folder. The Dask engine writes a folder of Parquet files.")
    old = sorted(path.glob("part.*.parquet")) if path.is_dir() else []
    others = [p for p in path.iterdir() if p not in old] if path.is_dir() else []
    if others or (old and not force):
        raise OutputError(
            f"{path}: the folder is not empty. Give a new folder"
            + (", or --force to replace its part files." if not others else " (it holds other files).")
        )
    for stale in old:
        stale.unlink()
    path.mkdir(parents=True, exist_ok=True)

    def write(part: pd.DataFrame, number: int) -> int:
        with atomic_path(path / PART_NAME.format(number)) as tmp:
            write_parquet(part, tmp)
        return len(part)

    parts = frame.to_delayed()
    dask.compute(*[dask.delayed(write)(part, k) for k, part in enumerate(parts)])
    return len(parts)


@contextlib.contextmanager
def connect(scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: of the running cluster whose scheduler is at ``scheduler``, else of a LocalCluster on this
    machine (a worker process per core, listening on 127.0.0.1 only, no dashboard)."""
    _require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler!r} ({type(error).__name__}). Give the address its "
                "scheduler prints (tcp://host:8786), or leave --scheduler out to run on this machine."
            ) from error
        with client:
            yield client
        return
    workers = os.cpu_count() or 1
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def measure_dataset(
    source: Path | str,
    output: Path | str,
    measure: Measure | str,
    *,
    cases: CaseDetails | None = None,
    scheduler: str | None = None,
    force: bool = False,
    **options: Any,
) -> int:
    """Read the Parquet dataset ``source``, compute ``measure`` on a Dask cluster (``scheduler``'s, else a local
    one) and write its table as the Parquet dataset ``output``; returns how many files were written.

    ``options`` are those of the measure's function here (``schedule`` for SCHEDULE, ``rules`` for the
    follow-ups); ``cases`` a case details file or table.
    """
    from chronolane.case.details import read_case_details

    measure = Measure(measure)
    if Path(output).resolve() == Path(source).resolve():
        raise OutputError(f"{output}: is the input dataset. Give another folder for the output.")
    details = read_case_details(cases) if cases is not None and not isinstance(cases, Mapping) else cases
    with connect(scheduler):
        frame = read_dataset(source)
        if measure == Measure.SCHEDULE:
            schedule = options.pop("schedule")
            table = check_schedule(frame, details, schedule, **options)
        elif measure in (Measure.FOLLOW_UPS, Measure.FOLLOW_UP_SUMMARY):
            table = find_follow_ups(frame, options.pop("rules"), cases=details, **options)
            table = summarise_follow_ups(table) if measure == Measure.FOLLOW_UP_SUMMARY else table
        else:
            run = {Measure.GAPS: find_gaps, Measure.LANE_SUMMARY: summarise_lanes, Measure.COHORT: summarise_cohort}
            table = run[measure](frame, cases=details, **options)
        return write_dataset(table, output, force=force)
