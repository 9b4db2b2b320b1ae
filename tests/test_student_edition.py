"""The student edition (`student/`, what students open) keeps every lesson and exercise, drops every
worked solution, leaves ``...`` in every your-turn cell, and is exactly what tools/student_edition.py
builds from the main notebooks."""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import student_edition  # noqa: E402
import your_turn_cells  # noqa: E402


def test_the_committed_student_edition_is_what_the_builder_writes(tmp_path):
    written = student_edition.build(tmp_path)
    committed = sorted((ROOT / "student").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in committed] == [p.name for p in written], "run: make student"
    for fresh, kept in zip(written, committed, strict=True):
        assert fresh.read_text() == kept.read_text(), f"student/{kept.name} is stale: run make student"


def test_no_solution_remains_and_everything_else_does(tmp_path):
    written = student_edition.build(tmp_path)
    originals = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in written] == [p.name for p in originals]
    for original, student in zip(originals, written, strict=True):
        main, edition = nbformat.read(original, as_version=4), nbformat.read(student, as_version=4)
        solutions = [c for c in main.cells if "solution" in c.metadata.get("tags", [])]
        assert solutions, f"{original.name} has no solution cells to remove"
        kept = [c for c in main.cells if "solution" not in c.metadata.get("tags", [])]
        def shown(source):  # what the edition shows of a kept cell
            source = "\n".join(line for line in source.splitlines() if line != student_edition.NBVAL_MARK)
            return your_turn_cells.stub(source) if your_turn_cells.regions(source) else source

        assert [shown(c.source) for c in kept] == [c.source for c in edition.cells]
        text = "\n".join(c.source for c in edition.cells) + "".join(
            str(o) for c in edition.cells for o in c.get("outputs", []))
        assert "#@title Solution" not in text and "correct!" not in text, original.name
        assert your_turn_cells.BEGIN not in text, original.name
        assert not re.search(r"<summary>(Some|One) answers?\b", text), f"{original.name}: an answer block is left"

        def code(line):
            return line.split("  #")[0].strip()

        lesson_lines = {code(line) for c in edition.cells for line in c.source.splitlines()}
        answers = [c.source for c in solutions] + [c.source for c in kept if your_turn_cells.regions(c.source)]
        for source in answers:  # no line found only in a worked solution or a your-turn answer survives
            for line in source.splitlines():
                line = code(line)
                if len(line) > 20 and line not in lesson_lines:
                    assert line not in text, f"{original.name}: {line!r}"


def test_every_badge_opens_the_student_edition_of_its_own_lesson():
    slug = re.search(r'Repository = "https://github.com/([^"]+)"', (ROOT / "pyproject.toml").read_text())[1]
    for path in sorted((ROOT / "student").glob("[0-9][0-9]_*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0].source
        links = re.findall(r"https://colab\.research\.google\.com/github/[^)\s]+", first)
        assert links == [f"https://colab.research.google.com/github/{slug}/blob/main/student/{path.name}"], path.name
