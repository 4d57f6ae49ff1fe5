"""The ``chronolane`` command: each module registers one command on the shared typer app."""

from chronolane.cli import build as _build  # noqa: F401
from chronolane.cli import cohort as _cohort  # noqa: F401
from chronolane.cli import date as _date  # noqa: F401
from chronolane.cli import export as _export  # noqa: F401
from chronolane.cli import figures as _figures  # noqa: F401
from chronolane.cli import follow_ups as _follow_ups  # noqa: F401
from chronolane.cli import gaps as _gaps  # noqa: F401
from chronolane.cli import plot as _plot  # noqa: F401
from chronolane.cli import redact_check as _redact_check  # noqa: F401
from chronolane.cli.app import app, main

__all__ = ["app", "main"]
