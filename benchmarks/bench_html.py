"""Benchmark: the HTML page of a synthetic 5,000-event case in headless Chromium; prints size and milliseconds.

Measured in the browser: from navigation start to the first frame painted after the page's script has drawn
the timeline and wired the table (performance mark 'chronolane-painted'), and the time to redraw after a zoom,
a search and a sort.

Run: nice python benchmarks/bench_html.py [--events 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_plot import synthetic_case
from browser import headless_chromium
from chronolane.case.model import Case
from chronolane.chronology.build import Chronology
from chronolane.export import export_chronology

#: Runs an action, waits for the next drawn frame, returns the milliseconds it took.
TIMED = """
const done = arguments[arguments.length - 1], t0 = performance.now();
(new Function(arguments[0]))();
requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
"""

WAIT_PAINTED = """
const done = arguments[0];
(function poll() { performance.getEntriesByName('chronolane-painted').length ? done() : setTimeout(poll, 20); })();
"""

ACTIONS = {
    "zoom in": "document.getElementById('zoom-in').click()",
    "zoom out": "document.getElementById('zoom-out').click()",
    "search": "const s = document.getElementById('search'); s.value = s.value ? '' : 'event 12';"
    "s.dispatchEvent(new Event('input'))",
    "sort by date": "document.querySelector('th[data-key=date] button').click()",
}


def browser_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants, from /proc (Linux).

    On a shared machine wall-clock times swing with the load; the CPU the browser spent does not."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(stats[pid][1] for pid in tree if pid in stats) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    frame = synthetic_case(args.events)
    case = Case(case_id="bench", title=f"Synthetic case, {args.events:,} events")
    out = Path(tempfile.mkdtemp(prefix="chronolane-bench-")) / "page.html"
    t0 = time.perf_counter()
    export_chronology(Chronology(frame=frame, cases={"bench": case}), out)
    print(f"export: {time.perf_counter() - t0:.2f} s; page {out.stat().st_size / 1e6:.2f} MB")
    driver = headless_chromium()
    try:
        opened: list[float] = []
        cpu: list[float] = []
        root = driver.service.process.pid
        for _ in range(args.runs):
            driver.get("about:blank")
            before = browser_cpu_seconds(root)
            driver.get(out.as_uri())
            driver.execute_async_script(WAIT_PAINTED)
            cpu.append(browser_cpu_seconds(root) - before)
            opened.append(
                driver.execute_script("return performance.getEntriesByName('chronolane-painted')[0].startTime")
            )
        runs = ", ".join(f"{t:.0f}" for t in opened)
        print(f"open to first paint with the timeline: median {statistics.median(opened):.0f} ms (runs: {runs})")
        spent = ", ".join(f"{c:.2f}" for c in cpu)
        print(f"browser CPU time to open: median {statistics.median(cpu):.2f} s (runs: {spent})")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        markers = driver.execute_script("return document.querySelectorAll('#timeline .ev').length")
        print(f"markers drawn at fit-all: {markers}")
        for name, action in ACTIONS.items():
            times = [driver.execute_async_script(TIMED, action) for _ in range(args.runs)]
            print(f"{name}: median {statistics.median(times):.0f} ms (max {max(times):.0f})")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
