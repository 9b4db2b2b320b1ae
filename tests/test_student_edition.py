"""The student edition keeps every lesson and exercise and drops every worked solution."""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import student_edition  # noqa: E402


def test_no_solution_remains_and_everything_else_does(tmp_path):
    written = student_edition.build(tmp_path)
    originals = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in written] == [p.name for p in originals]
    for original, student in zip(originals, written, strict=True):
        main, edition = nbformat.read(original, as_version=4), nbformat.read(student, as_version=4)
        solutions = [c for c in main.cells if "solution" in c.metadata.get("tags", [])]
        assert solutions, f"{original.name} has no solution cells to remove"
        kept = [c for c in main.cells if "solution" not in c.metadata.get("tags", [])]
        assert [c.source for c in edition.cells] == [c.source for c in kept]
        text = "\n".join(c.source for c in edition.cells) + "".join(
            str(o) for c in edition.cells for o in c.get("outputs", []))
        assert "#@title Solution" not in text and "correct!" not in text, original.name
        assert not re.search(r"<summary>(Some|One) answers?\b", text), f"{original.name}: an answer block is left"
        def code(line):
            return line.split("  #")[0].strip()

        lesson_lines = {code(line) for c in kept for line in c.source.splitlines()}
        for cell in solutions:  # no line found only in a worked solution survives
            for line in cell.source.splitlines():
                line = code(line)
                if len(line) > 20 and line not in lesson_lines:
                    assert line not in text, f"{original.name}: {line!r}"
