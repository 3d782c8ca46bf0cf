"""The house style's size limits (../shared/STYLE.md, docs/ARCHITECTURE.md): no module under
src/ past 500 lines and no function past 80, read with ``ast`` so a nested function counts
inside its parent and on its own.

Functions in files that another line of work is changing carry an explicit allow-list with
their length when it was written: the test fails if one of them grows, and when one is split
(or shrinks under 80 lines) its entry must go, so the list only shrinks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storytrace"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

# (module path under src/storytrace, qualified name) -> its length in lines when listed.
ALLOWED_FUNCTIONS: dict[tuple[str, str], int] = {
    # A released migration: a flat list of table definitions (one create call per table,
    # no logic to name), kept exactly as it shipped.
    ("web/migrations/versions/web0001_initial.py", "upgrade"): 98,
}


@dataclass(frozen=True, slots=True)
class Function:
    """One function or method: where it is and how many lines it spans (decorators out)."""

    module: str
    name: str
    line: int
    lines: int


def _functions(tree: ast.AST, module: str, prefix: str = "") -> list[Function]:
    """Every function in ``tree`` with its qualified name (``Class.method``, ``outer.inner``)."""
    found: list[Function] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            end = node.end_lineno or node.lineno
            found.append(Function(module, name, node.lineno, end - node.lineno + 1))
            found += _functions(node, module, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, module, f"{prefix}{node.name}.")
        else:
            found += _functions(node, module, prefix)
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@cache
def _all_functions() -> tuple[Function, ...]:
    found: list[Function] = []
    for path in _modules():
        module = path.relative_to(PACKAGE).as_posix()
        found += _functions(ast.parse(path.read_text("utf-8"), str(path)), module)
    return tuple(found)


def test_functions_counts_nested_and_methods_by_qualified_name() -> None:
    source = (
        "class A:\n    def m(self):\n        def inner():\n            pass\n        return 1\n"
    )
    got = {(f.name, f.lines) for f in _functions(ast.parse(source), "x.py")}
    assert got == {("A.m", 4), ("A.m.inner", 2)}


def test_house_style_sees_the_package() -> None:
    # A wrong PACKAGE path would make every other test here pass on nothing.
    assert len(_modules()) > 50
    assert any(f.name == "prepare" and f.module == "clean/prepare.py" for f in _all_functions())


def test_no_module_past_500_lines() -> None:
    long = {
        path.relative_to(PACKAGE).as_posix(): n
        for path in _modules()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules past {MAX_MODULE_LINES} lines (split by responsibility): {long}"


def test_no_function_past_80_lines() -> None:
    over = [
        f"{f.module}:{f.line} {f.name} ({f.lines} lines)"
        for f in _all_functions()
        if f.lines > ALLOWED_FUNCTIONS.get((f.module, f.name), MAX_FUNCTION_LINES)
    ]
    assert not over, (
        f"functions past {MAX_FUNCTION_LINES} lines (or past their allowed length); split "
        "them into named steps: " + "; ".join(over)
    )


@pytest.mark.parametrize("key", sorted(ALLOWED_FUNCTIONS), ids=lambda k: f"{k[0]}:{k[1]}")
def test_allowed_function_still_needs_its_entry(key: tuple[str, str]) -> None:
    lengths = {(f.module, f.name): f.lines for f in _all_functions()}
    assert key in lengths, f"{key} is gone: remove it from ALLOWED_FUNCTIONS"
    assert lengths[key] > MAX_FUNCTION_LINES, (
        f"{key} is now {lengths[key]} lines: remove it from ALLOWED_FUNCTIONS"
    )
