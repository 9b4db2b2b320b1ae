"""Load code a lesson defines, from the notebook's text twin, to test it where it is written.

The methods the series teaches (convolution, pooling, saliency, occlusion, Grad-CAM, preparing a
drawing, ...) live in the notebooks that teach them, so the tests do not copy them: they parse
``notebooks/NN_*.py`` with ``ast`` and execute only the wanted top-level ``def``s and ``class``es,
the top-level functions and constants those use, in a namespace the test provides.
"""

from __future__ import annotations

import ast
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _source(notebook: str) -> tuple[Path, ast.Module]:
    path = next(NOTEBOOKS.glob(f"{notebook}*.py"))
    return path, ast.parse(path.read_text(), filename=str(path))


def _top_level(tree: ast.Module) -> dict[str, ast.stmt]:
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and isinstance(node.value, (ast.Constant, ast.Tuple))):
            found[node.targets[0].id] = node
    return found


def load(notebook: str, names, **namespace) -> dict:
    """Execute ``names`` (and the top-level definitions they use) of ``notebook`` ("02", ...) in ``namespace``."""
    path, tree = _source(notebook)
    available = _top_level(tree)
    missing = [name for name in names if name not in available]
    if missing:
        raise AssertionError(f"{path.name} defines no top-level {missing}")
    needed, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [n.id for n in ast.walk(available[name]) if isinstance(n, ast.Name) and n.id in available]
    nodes = [node for node in tree.body if any(available.get(name) is node for name in needed)]
    exec(compile(ast.Module(body=nodes, type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    return namespace


def statements(notebook: str, first_target: str, last_target: str, **namespace) -> dict:
    """Execute the top-level statements from the assignment to ``first_target`` to the one to
    ``last_target`` (calls to ``print`` left out) in ``namespace``; return it."""
    path, tree = _source(notebook)

    def assigns(node, name):
        return isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)

    start = next(i for i, node in enumerate(tree.body) if assigns(node, first_target))
    end = next(i for i, node in enumerate(tree.body) if i >= start and assigns(node, last_target))
    nodes = [node for node in tree.body[start:end + 1]
             if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                     and getattr(node.value.func, "id", None) == "print")]
    exec(compile(ast.Module(body=nodes, type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    return namespace
