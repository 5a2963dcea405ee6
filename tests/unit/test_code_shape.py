"""The limits docs/architecture.md sets on the code, held by a test: no
function over 60 lines and no module over 500 lines in ckanext/
(alembic migrations excepted: they are generated and never change).
A function or module that grows past them is split into named steps."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "ckanext"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500


def _modules():
    return sorted(p for p in ROOT.rglob("*.py")
                  if "migration" not in p.relative_to(ROOT).parts)


def _long_functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield f"{path.name}:{node.lineno} {node.name} " \
                      f"({length} lines)"


def test_the_modules_are_found():
    names = {p.name for p in _modules()}
    assert {"plugin.py", "labels.py", "screening.py"} <= names
    assert not any("migration" in str(p) for p in _modules())


def test_no_function_over_60_lines():
    long = [f"{path.parent.relative_to(ROOT)}/{f}"
            for path in _modules() for f in _long_functions(path)]
    assert long == []


def test_no_module_over_500_lines():
    large = [f"{p.relative_to(ROOT.parent)} ({n} lines)"
             for p in _modules()
             if (n := len(p.read_text(encoding="utf-8").splitlines()))
             > MAX_MODULE_LINES]
    assert large == []


@pytest.mark.parametrize("body_lines,found", [(60, True), (59, False)])
def test_the_function_check_counts_lines(tmp_path, body_lines, found):
    module = tmp_path / "m.py"
    module.write_text("def f():\n" + "    x = 1\n" * body_lines)
    assert bool(list(_long_functions(module))) == found
