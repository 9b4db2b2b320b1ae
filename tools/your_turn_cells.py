"""The lessons' your-turn cells: find them, strip or stub their solutions, and write the references.

A your-turn cell holds only definitions (functions, constants, imports). Its answer lines sit
between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers; nothing else of
nbgrader is stored in the lessons). One of the next two cells checks it with
``name = your_turn("NN.x", name)``. ``python tools/your_turn_cells.py`` writes
``mnist_exercises/references.py`` from the main notebooks; a test keeps it fresh.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "mnist_exercises" / "references.py"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CALL = re.compile(r"^(\w+)\s*=\s*your_turn\(\s*\"(\d\d\.[a-z])\"\s*,\s*(\w+)\s*\)", re.MULTILINE)
DEFINITIONS = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)


def regions(source: str) -> list[tuple[int, int]]:
    """(begin, end) line indices of each solution region's markers in ``source``."""
    found, begin = [], None
    for i, line in enumerate(source.splitlines()):
        if line.strip() == BEGIN:
            if begin is not None:
                raise ValueError(f"{BEGIN} inside another region (line {i + 1})")
            begin = i
        elif line.strip() == END:
            if begin is None:
                raise ValueError(f"{END} without {BEGIN} (line {i + 1})")
            found.append((begin, i))
            begin = None
    if begin is not None:
        raise ValueError(f"{BEGIN} (line {begin + 1}) is never closed")
    return found


def solution(source: str) -> str:
    """``source`` without the markers: the worked answer."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END))


def stub(source: str, replacements: list[str] | None = None) -> str:
    """``source`` with each region replaced by ``...`` (the student edition) or by ``replacements[k]``."""
    lines, out, last = source.splitlines(), [], 0
    for k, (begin, end) in enumerate(regions(source)):
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        text = "..." if replacements is None else replacements[k]
        out += lines[last:begin] + [indent + line if line else line for line in text.splitlines()]
        last = end + 1
    return "\n".join(out + lines[last:])


def turns(nb) -> list[dict]:
    """Each your-turn of a notebook: key, name, the cell's index and source, the checking cell's index."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not regions(cell.source):
            continue
        calls = [(j, m) for j in range(index + 1, min(index + 3, len(nb.cells))) if nb.cells[j].cell_type == "code"
                 for m in CALL.finditer(nb.cells[j].source)]
        if not calls:
            raise ValueError(f"cell {index} has a solution region but no your_turn(...) in the next two cells")
        for j, match in calls:
            target, key, name = match.groups()
            if target != name:
                raise ValueError(f"{key}: write `{name} = your_turn(\"{key}\", {name})`")
            found.append({"key": key, "name": name, "cell": index, "check_cell": j, "source": cell.source})
    return found


def definitions_only(source: str, key: str) -> str:
    """The worked answer, after checking that it only defines things (so it can be run anywhere)."""
    code = solution(source)
    for node in ast.parse(code).body:
        if not isinstance(node, DEFINITIONS) and not (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            raise ValueError(f"{key}: a your-turn cell holds only definitions; line {node.lineno} does something")
    return code


def imports(nb) -> str:
    """The notebook's top-level import statements, in order (what its your-turn cells may use)."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    line = ast.unparse(node)
                    if line not in lines:
                        lines.append(line)
    return "\n".join(lines)


def lesson_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def references_module() -> str:
    entries, imported = [], []
    for path in lesson_notebooks():
        nb = nbformat.read(path, as_version=4)
        found = turns(nb)
        if found:
            imported.append(f"    {path.name[:2]!r}: {imports(nb)!r},")
        for turn in found:
            code = definitions_only(turn["source"], turn["key"])
            entries.append(f"    {turn['key']!r}: ({turn['name']!r}, {code!r}),")
    return "\n".join([
        '"""The reference answers of the your-turn cells, from the main notebooks\' solution regions.',
        "",
        "Generated by tools/your_turn_cells.py; do not edit (tests/test_your_turn.py keeps it fresh).",
        '"""',
        "",
        "# key: (the function's name, the your-turn cell's source without its markers)",
        "REFERENCES = {", *entries, "}",
        "",
        "# notebook: its import statements (what a reference may use when a test runs it on its own)",
        "IMPORTS = {", *imported, "}",
        "",
    ])


if __name__ == "__main__":
    REFERENCES.write_text(references_module())
    print(f"wrote {REFERENCES.relative_to(ROOT)}", file=sys.stderr)
