"""The package structure: every import points down the declared layers, nothing imports in a circle, and
drawing and export stay apart.

Imports are read with ``ast`` from every module under src/chronolane, at module level and inside functions
alike. Imports under ``if TYPE_CHECKING:`` are left out: they never run, and annotations may name a type
from any layer. The one exception is :data:`UPWARD_METHODS`.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "chronolane"

#: The layers, lowest first. A package may import packages of lower layers only; the packages of one layer
#: never import each other. docs/architecture.md shows the same table.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("schema",),
    ("dates",),
    ("ingest",),
    ("files",),
    ("case",),
    ("chronology",),
    ("measures",),
    ("follow_ups", "schedules"),
    ("cohort", "timeline"),
    ("swimlane", "export", "engines"),
    ("privacy",),
    ("workflows",),
    ("cli",),
)

#: The one exception: the thin methods of ``Chronology`` hand the object to the function of a higher layer
#: that does the work, importing it when called (so that ``chronology`` does not depend on them at import).
UPWARD_METHODS = frozenset(
    {
        "chronolane.chronology.build.Chronology.gaps",
        "chronolane.chronology.build.Chronology.lane_summary",
        "chronolane.chronology.build.Chronology.check_schedule",
        "chronolane.chronology.build.Chronology.follow_ups",
        "chronolane.chronology.build.Chronology.plot",
        "chronolane.chronology.build.Chronology.export",
    }
)

#: Modules outside any package, and the layer they belong to. The package's own ``__init__`` (the public
#: names, imported on first use) sits above everything and is not part of the graph.
TOP_LEVEL = {"__main__": "cli"}


@dataclass(frozen=True)
class Import:
    """One import statement between two chronolane modules."""

    source: str
    target: str
    line: int
    scope: str
    """The qualified name of the function or method the import is in; the module name at module level."""


def module_name(path: Path) -> str:
    """The dotted name of a module file under src/chronolane."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str) -> str | None:
    """The chronolane module an imported dotted name lives in (a module, or the module holding the name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, text: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import of another chronolane module in ``text`` (the source of ``module``), outside
    ``if TYPE_CHECKING:`` blocks."""
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST, scope: str) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                yield from visit(ast.Module(body=child.orelse, type_ignores=[]), scope)
                continue
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from visit(child, f"{scope}.{child.name}")
                continue
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - child.level + 1] + ([base] if base else []))
                names = [f"{base}.{alias.name}" for alias in child.names]
            for name in names:
                target = _resolve(name) if name.startswith("chronolane.") else None
                if target is not None and target != module:
                    yield Import(module, target, child.lineno, scope)
            yield from visit(child, scope)

    yield from visit(ast.parse(text), module)


IMPORTS = [
    found
    for module, path in MODULES.items()
    for found in _imports(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
]


def package_of(module: str) -> str | None:
    """The package (layer entry) a module belongs to; None for the public ``chronolane/__init__``."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    return TOP_LEVEL.get(parts[1], parts[1])


def _layer_of() -> dict[str, int]:
    return {package: level for level, packages in enumerate(LAYERS) for package in packages}


def _checked() -> list[Import]:
    """The imports the rules apply to: all but those of :data:`UPWARD_METHODS`."""
    return [i for i in IMPORTS if i.scope not in UPWARD_METHODS and package_of(i.source) is not None]


def _cycle(edges: set[tuple[str, str]]) -> list[str]:
    """One cycle of the graph, or [] when it has none."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


class TestTheGraph:
    def test_every_module_and_package_has_a_place_in_the_layer_table(self) -> None:
        layer = _layer_of()
        missing = sorted({p for m in MODULES if (p := package_of(m)) is not None and p not in layer})
        assert not missing, f"add these packages to LAYERS and docs/architecture.md: {missing}"
        assert len(layer) == sum(map(len, LAYERS)), "a package is listed in two layers"

    def test_the_reader_finds_imports_at_module_level_and_inside_functions(self) -> None:
        found = {(i.source, i.target, i.scope) for i in IMPORTS}
        assert ("chronolane.workflows", "chronolane.errors", "chronolane.workflows") in found
        gaps = "chronolane.chronology.build.Chronology.gaps"
        assert ("chronolane.chronology.build", "chronolane.measures.gaps", gaps) in found

    def test_the_reader_leaves_out_type_checking_imports_and_reads_the_rest(self) -> None:
        source = (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from chronolane.cli import app\n"
            "else:\n    from chronolane.errors import ChronolaneError\n"
            "class C:\n    def f(self):\n        from . import paper\n        import chronolane.dates.model\n"
        )
        found = list(_imports("chronolane.schema.columns", source))
        assert {(i.target, i.scope) for i in found} == {
            ("chronolane.errors", "chronolane.schema.columns"),
            ("chronolane.schema.paper", "chronolane.schema.columns.C.f"),
            ("chronolane.dates.model", "chronolane.schema.columns.C.f"),
        }

    def test_no_package_imports_another_that_imports_it_back(self) -> None:
        edges = {(package_of(i.source), package_of(i.target)) for i in _checked()}
        cycle = _cycle({(a, b) for a, b in edges if a != b and a and b})
        assert not cycle, " -> ".join(cycle)

    def test_no_module_imports_another_that_imports_it_back(self) -> None:
        cycle = _cycle({(i.source, i.target) for i in _checked()})
        assert not cycle, " -> ".join(cycle)

    def test_every_import_points_to_a_lower_layer(self) -> None:
        layer = _layer_of()
        upward = [
            f"{i.source}:{i.line} imports {i.target}"
            for i in _checked()
            if package_of(i.source) != package_of(i.target)
            and layer[package_of(i.source) or ""] <= layer[package_of(i.target) or ""]
        ]
        assert not upward, "\n".join(upward)

    def test_drawing_and_export_never_import_each_other_not_even_inside_a_function(self) -> None:
        crossing = [
            f"{i.source}:{i.line} imports {i.target}"
            for i in IMPORTS
            if {package_of(i.source), package_of(i.target)} == {"swimlane", "export"}
        ]
        assert not crossing, "\n".join(crossing)


class TestTheException:
    def test_only_the_listed_chronology_methods_import_upward(self) -> None:
        layer = _layer_of()
        upward = {
            i.scope
            for i in IMPORTS
            if (a := package_of(i.source)) and (b := package_of(i.target)) and a != b and layer[a] <= layer[b]
        }
        assert upward == UPWARD_METHODS, "UPWARD_METHODS lists a method that no longer imports upward, or misses one"

    @pytest.mark.parametrize("method", sorted(UPWARD_METHODS))
    def test_each_exception_is_a_method_that_imports_when_called(self, method: str) -> None:
        found = [i for i in IMPORTS if i.scope == method]
        assert found and all(i.source == "chronolane.chronology.build" for i in found)
        assert all(i.scope.count(".") == i.source.count(".") + 2 for i in found)  # module.Class.method


class TestTheDocument:
    def test_docs_architecture_md_shows_the_layer_table_of_this_test(self) -> None:
        text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
        rows = [line for line in text.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
        shown = [tuple(p.strip(" `") for p in row.split("|")[2].split(",")) for row in rows]
        assert shown == list(LAYERS), "docs/architecture.md's layer table differs from LAYERS in this test"

    def test_docs_architecture_md_names_each_exception(self) -> None:
        text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
        assert all(f"`.{method.rpartition('.')[2]}(" in text for method in UPWARD_METHODS)
