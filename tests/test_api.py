"""The public API: every name listed, loaded on first use, and visible with its type to editors and mypy."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import chronolane
from chronolane import Chronology


def _type_checking_imports() -> dict[str, str]:
    """Name -> module of the imports under ``if TYPE_CHECKING:`` in chronolane/__init__.py."""
    tree = ast.parse(Path(chronolane.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {
        alias.asname or alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_dir_lists_every_public_name_and_the_version() -> None:
    assert dir(chronolane) == sorted([*chronolane.__all__, "__version__"])
    assert "find_gaps" in dir(chronolane) and "importlib" not in dir(chronolane)


def test_all_the_lazy_loader_and_the_type_checking_imports_name_the_same_things() -> None:
    assert chronolane.__all__ == sorted(chronolane._EXPORTS)
    assert _type_checking_imports() == chronolane._EXPORTS


@pytest.mark.parametrize("name", chronolane.__all__)
def test_every_public_name_resolves_to_the_object_its_module_defines(name: str) -> None:
    defined = getattr(importlib.import_module(chronolane._EXPORTS[name]), name)
    assert getattr(chronolane, name) is defined


def test_a_name_that_is_not_public_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'find_gap'"):
        chronolane.find_gap  # noqa: B018  (the misspelling is the point)


def _keyword_options(fn: Callable[..., object], leading: int) -> list[tuple[str, object, object]]:
    """(name, default, annotation text) of ``fn``'s parameters after the first ``leading``, less ``cases``."""
    params = list(inspect.signature(fn).parameters.values())[leading:]
    return [(p.name, p.default, p.annotation) for p in params if p.name != "cases"]


@pytest.mark.parametrize(
    ("method", "function", "leading"),
    [
        (Chronology.gaps, "find_gaps", 1),
        (Chronology.lane_summary, "summarise_lanes", 1),
        (Chronology.check_schedule, "check_schedule", 3),
        (Chronology.follow_ups, "find_follow_ups", 2),
        (Chronology.plot, "draw_swimlanes", 2),
        (Chronology.export, "export_chronology", 2),
    ],
)
def test_each_chronology_method_takes_the_options_of_the_function_it_calls(
    method: Callable[..., object], function: str, leading: int
) -> None:
    # The method's own leading parameters (self, then ax, path, schedule or rules) are checked by mypy below.
    own = sum(1 for p in inspect.signature(method).parameters.values() if p.kind is not p.KEYWORD_ONLY)
    assert _keyword_options(method, own) == _keyword_options(getattr(chronolane, function), leading)
    assert method.__doc__ and f"chronolane.{function}" in method.__doc__


_SCRIPT = """\
import matplotlib.pyplot as plt
import chronolane

chronology = chronolane.build_chronology("case")
reveal_type(chronolane.find_gaps)
reveal_type(chronology.gaps(threshold="3M"))
reveal_type(chronology.plot(plt.gca()))
reveal_type(chronology.export("out.docx"))
chronolane.find_gaps(chronology.frame, threshold=3)
chronolane.find_gap
"""


@pytest.mark.slow
def test_mypy_sees_the_public_names_with_their_types(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it comes with the test extra)")
    (tmp_path / "script.py").write_text(_SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), "script.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = run.stdout.splitlines()
    revealed = [line.split('Revealed type is "', 1)[1] for line in lines if "Revealed type is" in line]
    assert revealed[0].startswith("def (frame: pandas.core.frame.DataFrame, *, cases:"), run.stdout
    assert revealed[1:] == [
        'pandas.core.frame.DataFrame"',
        'matplotlib.axes._axes.Axes"',
        'chronolane.export.writer.ExportReport"',
    ], run.stdout
    assert any("script.py:9: error" in line and '"threshold"' in line for line in lines), run.stdout
    assert any('script.py:10: error: Module has no attribute "find_gap"' in line for line in lines), run.stdout
