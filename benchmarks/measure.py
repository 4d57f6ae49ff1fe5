"""Run a command in a child process and measure it: wall time, the child's own CPU time and peak memory.

The machine is shared, so wall times vary with other people's jobs; the CPU time (user + system of the child,
from ``os.wait4``) is the steadier figure. Figures are medians over repeats.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, CPU seconds (user + system) and peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


def run_child(command: list[str]) -> Run:
    """Run ``command`` to completion (its output discarded, errors raised) and measure it."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[2:4]} failed ({child.returncode}):\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_of(command: list[str], repeats: int) -> Run:
    """The median wall, CPU and peak memory of ``repeats`` runs."""
    runs = [run_child(command) for _ in range(repeats)]
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall", "cpu", "peak_mb")))


def load() -> str:
    """The machine's load averages, to print beside the figures."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
