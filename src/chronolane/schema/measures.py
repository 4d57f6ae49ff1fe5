"""How measures group rows, which stretch of time they cover, and what computes them: the choices commands
offer, kept apart from the measuring code so that the command line can list them without loading pandas."""

from __future__ import annotations

from enum import StrEnum


class Lane(StrEnum):
    """How rows are grouped into lanes for gap measures."""

    AGENCY = "agency"  # one lane per agency
    TYPE = "type"  # one lane per contact event type, across agencies
    ALL = "all"  # one lane for every agency together ("no professional saw the child")


class Window(StrEnum):
    """Which stretch of time open gaps are measured against."""

    REVIEW = "review"  # the case's review period
    LIFE = "life"  # a subject's life: birth to death, or to the end of the review period
    NONE = "none"  # no edges beyond explicit start and end dates


class Engine(StrEnum):
    """What computes a measure."""

    PANDAS = "pandas"  # one DataFrame in this process's memory
    DASK = "dask"  # a Dask DataFrame partitioned by case, on a Dask cluster
