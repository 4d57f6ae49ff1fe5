#!/usr/bin/env python3
"""Mutation testing of chronolane's dates, measures and event classification (not run in CI).

Each mutant changes one thing in one module: a comparison flipped at its boundary (``<`` and ``<=``,
``==`` and ``!=``, ``in`` and ``not in``), an integer constant moved by one, ``and``/``or`` or ``&``/``|``
swapped, a ``not`` or ``~`` dropped. The mutated package is a copy of ``src/`` in a temporary folder put first
on ``PYTHONPATH``, so the working tree is never touched; only the test files named for the module run, with
``-x -q`` and a timeout. A mutant is killed when those tests fail (or time out), survives when they pass.

    nice -n 19 python tools/mutate.py                      # every target, every mutant
    nice -n 19 python tools/mutate.py --sample 20 --seed 1 # at most 20 mutants per module, drawn at random
    python tools/mutate.py --only measures/gaps.py --list  # the mutants of one module, without running them

Results go to stdout and, one JSON object per mutant, to ``--out`` (tools/mutation-results.jsonl, not committed).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "chronolane"

_DATES = ["test_dates_rules.py", "test_dates_spellings.py", "test_dates_column.py", "test_dates_practice.py"]
#: Module (a path under src/chronolane, or a folder for all its modules) -> the test files that check it, most
#: specific first so that ``-x`` stops early. The first matching entry wins.
TARGETS: dict[str, list[str]] = {
    "dates/durations.py": ["test_durations.py", "test_gaps.py", "test_schedules.py"],
    "dates/calendar.py": ["test_dates_calendar.py", "test_dates_years.py", "test_dates_relative.py", *_DATES],
    "dates/relative.py": ["test_dates_relative.py", *_DATES],
    "dates/labels.py": ["test_date_labels.py"],
    "dates/readings.py": ["test_dates_column.py", "test_dates_practice.py"],
    "dates/edtf.py": ["test_dates_edtf.py", *_DATES],
    "dates/order.py": ["test_dates_column.py", "test_chronology_order.py", *_DATES],
    "dates/fastpath.py": ["test_dates_fastpath.py", *_DATES, "test_dates_years.py"],
    "dates/single.py": ["test_dates_single.py", *_DATES, "test_dates_years.py"],
    "dates/": _DATES,
    "measures/gaps.py": ["test_gaps.py"],
    "measures/lanes.py": ["test_lanes.py", "test_gaps.py"],
    "measures/windows.py": ["test_gaps.py", "test_schedule_checks.py"],
    "measures/contact.py": ["test_contact.py", "test_gaps.py"],
    "schedules/checks.py": ["test_schedule_checks.py", "test_schedules.py"],
    "follow_ups/find.py": ["test_follow_ups_find.py", "test_follow_ups.py"],
    "chronology/events.py": ["test_events.py", "test_vocabulary.py"],
}

#: Test files given with --tests, used for every module instead of TARGETS.
_OVERRIDE: list[str] = []

#: Comparison operator -> its boundary or logical opposite.
_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.And: "and",
    ast.Or: "or",
    ast.BitAnd: "&",
    ast.BitOr: "|",
}
_BOOL = {ast.And: ast.Or, ast.Or: ast.And}
_BIT = {ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd}


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one module: where it is and what it does."""

    module: str
    """Path under src/chronolane."""
    index: int
    """Position among the module's mutation sites, in walk order."""
    line: int
    description: str


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (never mutated, and holding no ints anyway)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _skipped(tree: ast.AST) -> set[int]:
    """ids of nodes inside annotations, which change nothing at run time."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        notes = []
        if isinstance(node, ast.AnnAssign):
            notes.append(node.annotation)
        if isinstance(node, ast.arg) and node.annotation is not None:
            notes.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            notes.append(node.returns)
        for note in notes:
            skip.update(id(n) for n in ast.walk(note))
    return skip | _docstring_nodes(tree)


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, int, str]]:
    """(node, variant, description) for every mutation of the tree, in a fixed order."""
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in _COMPARE:
                    new = _COMPARE[type(op)]
                    yield node, k, f"{_SYMBOL[type(op)]} -> {_SYMBOL[new]}"
        elif isinstance(node, ast.BoolOp):
            yield node, 0, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[_BOOL[type(node.op)]]}"
        elif isinstance(node, ast.BinOp) and type(node.op) in _BIT:
            yield node, 0, f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[_BIT[type(node.op)]]}"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
            yield node, 0, "drop " + ("not" if isinstance(node.op, ast.Not) else "~")
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, +1, f"{node.value} -> {node.value + 1}"
            yield node, -1, f"{node.value} -> {node.value - 1}"


class _Apply(ast.NodeTransformer):
    """Applies the ``index``-th mutation of the walk order."""

    def __init__(self, target: ast.AST, variant: int) -> None:
        self.target, self.variant = target, variant

    def visit(self, node: ast.AST) -> ast.AST:
        node = self.generic_visit(node)
        if node is not self.target:
            return node
        if isinstance(node, ast.Compare):
            node.ops[self.variant] = _COMPARE[type(node.ops[self.variant])]()
        elif isinstance(node, ast.BoolOp):
            node.op = _BOOL[type(node.op)]()
        elif isinstance(node, ast.BinOp):
            node.op = _BIT[type(node.op)]()
        elif isinstance(node, ast.UnaryOp):
            return node.operand
        elif isinstance(node, ast.Constant):
            return ast.copy_location(ast.Constant(node.value + self.variant), node)
        return node


def mutants_of(module: str) -> list[Mutant]:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    return [Mutant(module, i, getattr(node, "lineno", 0), text) for i, (node, _, text) in enumerate(_sites(tree))]


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((PACKAGE / mutant.module).read_text(encoding="utf-8"))
    node, variant, _ = list(_sites(tree))[mutant.index]
    return ast.unparse(ast.fix_missing_locations(_Apply(node, variant).visit(tree)))


def tests_for(module: str) -> list[str]:
    if _OVERRIDE:
        return _OVERRIDE
    for key, tests in TARGETS.items():
        if module == key or (key.endswith("/") and module.startswith(key)):
            return [f"tests/{t}" for t in tests if (REPO / "tests" / t).is_file()]
    raise KeyError(module)


def target_modules(only: list[str]) -> list[str]:
    """Modules under test: every .py file each TARGETS key names (a folder's modules but __init__)."""
    found: list[str] = []
    for key in TARGETS:
        paths = sorted((PACKAGE / key).glob("*.py")) if key.endswith("/") else [PACKAGE / key]
        for path in paths:
            module = path.relative_to(PACKAGE).as_posix()
            if path.is_file() and path.name != "__init__.py" and module not in found:
                found.append(module)
    extra = [o for o in only if o.endswith(".py") and o not in found and (PACKAGE / o).is_file() and _OVERRIDE]
    return [m for m in found if not only or any(m.startswith(o) for o in only)] + extra


def run_tests(copy: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """("killed" | "survived" | "timeout", seconds) of the tests against the package in ``copy``."""
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "--no-header", *tests]
    began = time.monotonic()
    try:
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - began
    if done.returncode not in (0, 1):  # 2-5: interrupted, internal or usage error, no tests: not a verdict
        raise RuntimeError(f"pytest exited {done.returncode} on {tests}:\n{done.stdout.decode()[-2000:]}")
    return ("survived" if done.returncode == 0 else "killed"), time.monotonic() - began


def summarise(paths: list[Path]) -> None:
    """The score per module and overall, and each survivor with its source line, from result files."""
    results = [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    modules = sorted({r["module"] for r in results})
    for module in [*modules, None]:
        mine = [r for r in results if module is None or r["module"] == module]
        alive = sum(r["verdict"] == "survived" for r in mine)
        print(f"{module or 'all'}: {len(mine) - alive}/{len(mine)} killed ({(len(mine) - alive) / len(mine):.0%})")
    for r in results:
        if r["verdict"] == "survived":
            line = (PACKAGE / r["module"]).read_text(encoding="utf-8").splitlines()[r["line"] - 1].strip()
            print(f"{r['module']}:{r['line']}: {r['description']}    | {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="modules (or folders) under src/chronolane")
    parser.add_argument("--sample", type=int, default=0, help="at most this many mutants per module (0: all)")
    parser.add_argument("--seed", type=int, default=15, help="seed of the sample")
    parser.add_argument("--timeout", type=float, default=0, help="seconds per mutant (default: 3 x baseline + 30)")
    parser.add_argument("--tests", nargs="*", default=[], help="test files for every module (instead of TARGETS)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--out", type=Path, default=REPO / "tools" / "mutation-results.jsonl")
    parser.add_argument("--summarise", nargs="*", type=Path, help="print the score and survivors of result files")
    args = parser.parse_args(argv)
    _OVERRIDE[:] = args.tests
    if args.summarise:
        summarise(args.summarise)
        return 0

    modules = target_modules(args.only)
    if not modules:
        parser.error(f"no target module matches {args.only}")
    rng = random.Random(args.seed)
    plan: list[Mutant] = []
    for module in modules:
        mutants = mutants_of(module)
        if args.sample and len(mutants) > args.sample:
            mutants = sorted(rng.sample(mutants, args.sample), key=lambda m: m.index)
        plan += mutants
    if args.list:
        for m in plan:
            print(f"{m.module}:{m.line}: {m.description}  [{' '.join(tests_for(m.module))}]")
        return 0

    totals = {"killed": 0, "survived": 0, "timeout": 0}
    with tempfile.TemporaryDirectory(prefix="chronolane-mutants-") as tmp, args.out.open("w") as out:
        copy = Path(tmp)
        shutil.copytree(PACKAGE, copy / "chronolane", ignore=shutil.ignore_patterns("__pycache__"))
        # the unmutated modules, round-tripped through ast.unparse like the mutants, must pass their tests
        for module in modules:
            source = (PACKAGE / module).read_text(encoding="utf-8")
            (copy / "chronolane" / module).write_text(ast.unparse(ast.parse(source)), encoding="utf-8")
        baseline: dict[tuple[str, ...], float] = {}
        for module in modules:
            tests = tuple(tests_for(module))
            if tests in baseline:
                continue
            verdict, seconds = run_tests(copy, list(tests), timeout=3600)
            if verdict != "survived":
                print(f"baseline fails: {' '.join(tests)}; fix the tests first", file=sys.stderr)
                return 2
            baseline[tests] = seconds
        for n, mutant in enumerate(plan, start=1):
            tests = tests_for(mutant.module)
            target = copy / "chronolane" / mutant.module
            original = target.read_text(encoding="utf-8")
            target.write_text(mutated_source(mutant), encoding="utf-8")
            try:
                limit = args.timeout or 3 * baseline[tuple(tests)] + 30
                verdict, seconds = run_tests(copy, tests, limit)
            finally:
                target.write_text(original, encoding="utf-8")
            totals[verdict] += 1
            print(f"[{n}/{len(plan)}] {verdict:8} {mutant.module}:{mutant.line}: {mutant.description} ({seconds:.0f}s)")
            out.write(json.dumps({**dataclasses.asdict(mutant), "verdict": verdict, "seconds": round(seconds, 1)}))
            out.write("\n")
            out.flush()
    killed = totals["killed"] + totals["timeout"]
    score = killed / len(plan) if plan else 1.0
    print(
        f"mutants {len(plan)}: killed {totals['killed']}, timed out {totals['timeout']}, "
        f"survived {totals['survived']}; score {score:.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
