"""Exercise feedback: check() never shows the expected answer, and every exercise has a checker."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from mnist_exercises import NOT_ANSWERED, Wrong, check, compare
from mnist_exercises.answers import CHECKERS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r'check\("(\d\d\.\d)", (\w+|\([\w, ]+\))(, model=model)?\)')


def test_answers_not_yet_given_say_so(capsys):
    check("01.1", ...)
    check("05.1", (np.zeros(10), ...), model=None)
    check("01.3", lambda labels: ...)  # the exercise's stub: a function that still returns ...
    assert capsys.readouterr().out.splitlines() == [f"{e}: {NOT_ANSWERED}" for e in ("01.1", "05.1", "01.3")]


def test_right_and_wrong_answers(capsys, mnist):
    (_, y_train), _ = mnist
    right = int((y_train == 0).sum())
    check("01.1", right)
    check("01.1", right + 1)
    out = capsys.readouterr().out.splitlines()
    assert out == ["01.1: correct!", "01.1: not yet - that is not the right value."]
    assert str(right) not in out[1]


def test_feedback_never_contains_the_expected_value(capsys):
    for wrong in (12, (12, 12), [[1, 2], [3, 4]]):
        for exercise in ("02.1", "03.1", "03.2", "11.1"):
            check(exercise, wrong)
    out = capsys.readouterr().out
    assert "13" not in out and "10" not in out.replace("11.1", "").replace("03.1", "") and "9" not in out


def test_compare_explains_shapes_and_items_without_values():
    with pytest.raises(Wrong, match="expected shape \\(2,\\), got shape \\(3,\\)"):
        compare([1, 2, 3], np.array([1.0, 2.0]))
    with pytest.raises(Wrong, match="item 1: that is not the right value"):
        compare((1, 5), (1, 2))
    with pytest.raises(Wrong, match="a number or an array"):
        compare("seven", 7)
    compare((24, 24, 32), (24, 24, 32))


def test_an_unknown_exercise_is_a_clear_error():
    with pytest.raises(KeyError, match="no exercise '99.9'"):
        check("99.9", 1)


def _exercise_cells(nb):
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    return [c for c in nb.cells[start:] if c.cell_type == "code"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_visible_exercise_cells_hold_only_the_answer_and_a_check(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    number = nb_path.name[:2]
    visible = [c for c in _exercise_cells(nb) if "solution" not in c.metadata.get("tags", [])]
    checked = set()
    for cell in visible:
        calls = CHECK_CALL.findall(cell.source)
        if not calls:  # an open exercise's scaffold: no check, no answer
            assert "check(" not in cell.source
            continue
        (exercise, answer, _), = calls
        assert exercise.startswith(number + "."), exercise
        code = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        names = re.findall(r"\w+", answer)
        if code[0].startswith("def "):  # write-a-function exercise: a stub that returns ...
            assert code[0].startswith(f"def {names[0]}(") and re.fullmatch(r"\s+return \.\.\.\s+#.*", code[1])
        else:  # one `name = ...  # what to put there` line per name, nothing else
            assert [line.split(" = ")[0] for line in code[:-1]] == names, cell.source
            assert all(re.fullmatch(r"\w+ = \.\.\.\s+#.*", line) for line in code[:-1]), cell.source
        assert code[-1].startswith(f'check("{exercise}", {answer}'), cell.source
        checked.add(exercise)
    solutions = [c for c in _exercise_cells(nb) if "solution" in c.metadata.get("tags", [])]
    assert {CHECK_CALL.search(c.source).group(1) for c in solutions if "check(" in c.source} == checked
    assert 3 <= len(checked) + sum("(Open)" in c.source for c in nb.cells if c.cell_type == "markdown") <= 5


def test_every_checker_is_used_by_a_notebook():
    used = {m.group(1) for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells
            for m in CHECK_CALL.finditer(c.source)}
    assert used == set(CHECKERS)
