"""The ``chronolane`` command: each module registers its commands on the shared typer app."""

import importlib

from chronolane.cli.app import app, main

#: Every command and the module that registers it, in the order ``chronolane --help`` and the README list them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("build", "build"),
    ("check", "build"),
    ("cohort", "cohort"),
    ("date", "date"),
    ("export", "export"),
    ("figures", "figures"),
    ("gaps", "gaps"),
    ("follow-ups", "follow_ups"),
    ("plot", "plot"),
    ("redact-check", "redact_check"),
)

for _module in dict.fromkeys(module for _, module in COMMANDS):
    importlib.import_module(f"chronolane.cli.{_module}")

__all__ = ["COMMANDS", "app", "main"]
