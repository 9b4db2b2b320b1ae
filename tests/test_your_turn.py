"""Every lesson's your-turn cells: their checks catch wrong answers, accept the reference, and the
lesson goes on with the reference when the student's answer is missing, wrong or raises."""

import linecache
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

import your_turn_cells as cells  # noqa: E402
from wrong_turns import WRONG  # noqa: E402  (tests/ is on sys.path under pytest)

from mnist_exercises.references import IMPORTS, REFERENCES  # noqa: E402
from mnist_exercises.turns import CHECKS  # noqa: E402
from mnist_exercises.your_turn import verdict, your_turn  # noqa: E402

LESSONS = [p for p in cells.lesson_notebooks() if p.name[:2] <= "10"]  # the appendix has none
TURNS = {turn["key"]: dict(turn, notebook=path.name[:2]) for path in cells.lesson_notebooks()
         for turn in cells.turns(nbformat.read(path, as_version=4))}


def define(key: str, source: str):
    """Run a version of ``key``'s cell as the notebook would (its imports and earlier your-turn cells
    first); return the function and the namespace."""
    filename = f"<your-turn {key} {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # so getsource works
    scope: dict = {}
    turn = TURNS[key]
    exec(IMPORTS[turn["notebook"]], scope)
    for earlier in {t["cell"]: t for t in TURNS.values() if t["notebook"] == turn["notebook"]
                    and t["cell"] < turn["cell"]}.values():  # what an earlier your-turn cell defined
        exec(cells.solution(earlier["source"]), scope)
    exec(compile(source, filename, "exec"), scope)
    return scope[TURNS[key]["name"]], scope


def test_references_are_generated_from_the_notebooks_solution_regions():
    assert cells.REFERENCES.read_text() == cells.references_module(), "run: python tools/your_turn_cells.py"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_body_has_two_or_three_your_turn_cells(path):
    nb = nbformat.read(path, as_version=4)
    found = cells.turns(nb)
    assert 2 <= len({t["cell"] for t in found}) <= 3, f"{path.name}: {[t['key'] for t in found]}"
    exercises = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                     and re.search(r"^#+ .*Exercises", c.source, re.M))
    for turn in found:
        assert turn["check_cell"] < exercises, f"{turn['key']} is not in the lesson body"
        assert turn["key"][:2] == path.name[:2], f"{turn['key']} is in {path.name}"
        source = turn["source"]
        for begin, end in cells.regions(source):
            real = [line for line in source.splitlines()[begin + 1:end] if line.strip() and not
                    line.strip().startswith("#")]
            assert real, f"{turn['key']}: a region with no line of code"
            assert len(real) <= 8, f"{turn['key']}: {len(real)} lines to write; at most about 8"
        instruction = nb.cells[turn["cell"] - 1]
        assert instruction.cell_type == "markdown" and "Your turn" in instruction.source, \
            f"{turn['key']}: the cell before says what to write (**Your turn ...**)"


def test_every_your_turn_has_a_check_and_two_wrong_answers():
    assert set(TURNS) == set(CHECKS) == set(WRONG) == set(REFERENCES)
    assert all(len(WRONG[key]) >= 2 for key in TURNS)


@pytest.mark.parametrize("key", sorted(TURNS))
def test_the_reference_passes(key, capsys):
    function, scope = define(key, cells.solution(TURNS[key]["source"]))
    assert verdict(key, function) is None
    assert your_turn(key, function) is function
    assert capsys.readouterr().out.startswith(f"{key}: correct!")


@pytest.mark.parametrize("key", sorted(TURNS))
def test_the_stub_says_not_written_and_returns_the_reference(key, capsys):
    function, scope = define(key, cells.stub(TURNS[key]["source"]))
    assert verdict(key, function).startswith("not written yet")
    returned = your_turn(key, function)
    assert capsys.readouterr().out.startswith(f"{key}: not written yet: replace the ... with your code; the lesson")
    assert returned is not function and returned.__your_turn_reference__ == key
    assert verdict(key, returned).startswith("this is still the reference")  # checking it again says so
    del returned.__your_turn_reference__
    assert verdict(key, returned) is None  # and the reference itself is right


@pytest.mark.parametrize("key", sorted(TURNS))
def test_every_wrong_answer_is_caught_and_replaced_by_the_reference(key, capsys):
    for k, wrong in enumerate(WRONG[key]):
        replacements = [wrong] if isinstance(wrong, str) else list(wrong)
        function, scope = define(key, cells.stub(TURNS[key]["source"], replacements))
        reason = verdict(key, function)
        assert reason is not None and not reason.startswith("not written"), f"{key}: wrong answer {k} passes"
        returned = your_turn(key, function)
        out = capsys.readouterr().out
        assert "the lesson goes on with the reference" in out and "\n" not in out.strip(), out
        assert returned.__your_turn_reference__ == key
