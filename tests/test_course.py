"""The graded course (tools/course.py, `make course`): its hidden tests grade what the practice checks
grade, its release's check says only an answer's form, and nbgrader's real workflow gives each kind of
submission the score it deserves."""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
from test_exercises import TABLE, Fixtures, train  # noqa: F401 - `train` is a fixture TABLE's rows ask for

from mnist_exercises import graded

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402
import hidden_tests  # noqa: E402

GRADED_ROWS = [row for row in TABLE if row[0] in graded.FORMS]


def hidden_test(exercise):
    return getattr(hidden_tests, f"hidden_{exercise.replace('.', '_')}")


def passes(exercise, answer, given) -> bool:
    try:
        hidden_test(exercise)(answer, **given)
    except Exception:  # noqa: BLE001 - a hidden test fails by raising, as in the autograder
        return False
    return True


@pytest.mark.parametrize(("exercise", "right", "wrongs", "given"), GRADED_ROWS, ids=[r[0] for r in GRADED_ROWS])
def test_hidden_tests_pass_the_worked_solution_and_fail_the_mistakes(exercise, right, wrongs, given, request):
    e = Fixtures(request)
    arguments = given(e) if given else {}
    assert passes(exercise, right(e), arguments)
    for wrong in wrongs(e):
        assert not passes(exercise, wrong, arguments), f"{exercise}: hidden tests accept {wrong!r}"


def test_hidden_tests_hold_the_exercises_own_rules_and_compare_plain_values():
    import numpy as np
    import tensorflow as tf

    class AlwaysEqual(int):  # a cheat: equal to anything
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    assert not passes("03.2", AlwaysEqual(0), {}) and not passes("02.1", (AlwaysEqual(0), AlwaysEqual(0)), {})

    def one_hot(labels):  # right, but the exercise says: without np.eye
        return np.eye(10, dtype=np.float32)[labels]

    def avg_pool_by_conv(images):  # right, but the exercise says: with one tf.nn.conv2d call
        return tf.nn.avg_pool2d(images, 2, 2, "VALID")

    assert not passes("01.3", one_hot, {}) and not passes("03.3", avg_pool_by_conv, {})


def test_widgets_are_off_where_the_environment_says(monkeypatch, capsys):
    from helpers.drawing import drawing_pad
    from helpers.widgets import kernel_explorer

    monkeypatch.setenv("MNIST_CNN_NO_WIDGETS", "1")  # as the course's nbgrader_config.py sets it
    assert kernel_explorer(None, None, {}, None) is None and drawing_pad(print) is None
    assert capsys.readouterr().out.count("off here (MNIST_CNN_NO_WIDGETS)") == 2
    assert 'os.environ["MNIST_CNN_NO_WIDGETS"] = "1"' in course.CONFIG


def test_every_gradable_exercise_has_a_hidden_test_points_and_a_form():
    assert {row[0] for row in GRADED_ROWS} == set(graded.FORMS)  # each one also has practice right/wrong answers
    assert all(callable(hidden_test(exercise)) for exercise in graded.FORMS)
    opened = {m for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.py")
              for m in re.findall(r"^# \*\*(\d\d\.\d)\*\* \(Open\)", path.read_text(), re.MULTILINE)}
    assert set(course.POINTS) == set(graded.FORMS) | opened


def test_the_release_check_tells_the_form_only_without_the_answer_key(monkeypatch):
    monkeypatch.setitem(sys.modules, "mnist_exercises.answers", None)  # importing the key would fail
    said = io.StringIO()
    with redirect_stdout(said):
        graded.check("02.1", (13, 13))  # right
        graded.check("02.1", (12, 12))  # wrong, in the same form: the same words
        graded.check("02.1", 13.0)
        graded.check("02.1", ...)

        def conv2d_multichannel(x, kernels):
            return ...  # your code

        graded.check("02.3", conv2d_multichannel)
    lines = said.getvalue().splitlines()
    assert lines[0] == lines[1] and "answered" in lines[0] and "correct" not in said.getvalue()
    assert "not yet in the form" in lines[2] and "not answered yet" in lines[3] and "not answered yet" in lines[4]


def test_course_notebooks_hold_their_solutions_and_hidden_tests_in_nbgrader_cells(tmp_path):
    written = course.build(tmp_path, ["02", "03"])
    for path in written:
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "nbgrader" in c.metadata]
        lesson = path.name[:2]
        expected = {k for k in course.POINTS if k.startswith(lesson)}
        assert set(course.points_of(nb)) == {f"ex{k.replace('.', '-')}" for k in expected}
        for cell in cells:
            meta = cell.metadata["nbgrader"]
            if meta["grade"] and not meta["solution"]:
                assert "### BEGIN HIDDEN TESTS" in cell.source and meta["locked"]
            else:
                assert "### BEGIN SOLUTION" in cell.source
        text = "\n".join(c.source for c in nb.cells)
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        assert f'mnist-cnn-notebooks@{commit}"' in text  # Colab installs the helpers the course was built from
        assert "colab-badge" not in text and course.GRADED_IMPORT in text
        questions = [c.source for c in nb.cells if c.cell_type == "markdown" and course.OPEN.search(c.source)]
        assert questions and not any("What to expect" in q for q in questions)  # it is the model answer now


def test_a_test_cell_cannot_be_shadowed_by_the_students_names():
    test_cell = course.test_cell("02.1", "shape_after").source
    student = {"shape_after": (14, 14), "tuple": lambda _: (13, 13), "all": lambda _: True, "np": None,
               "check": lambda *_: None, "hidden_02_1": lambda _: None}
    with pytest.raises(AssertionError, match="not the output shape"):
        exec(test_cell, student)  # noqa: S102 - as the autograder runs it, in the student's namespace
    exec(test_cell, {"shape_after": (13, 13), "tuple": lambda _: (14, 14)})  # noqa: S102


# --------------------------------------------------------------------------------------------
# nbgrader's workflow, as a course runs it: release, five submissions, autograde, manual grades, CSV
# --------------------------------------------------------------------------------------------
CHEAT_BY_REDEFINING = 'def check(exercise, answer, **given):\n    print(f"{exercise}: correct!")'
CHEAT_BY_ASSIGNING = ('import mnist_exercises\nimport mnist_exercises.graded\n\n'
                      'mnist_exercises.check = mnist_exercises.graded.check = lambda exercise, *_, **__: '
                      'print(f"{exercise}: correct!")\ncheck = mnist_exercises.check')
WRONG = {"02.1": 'shape_after = (14, 14)\ncheck("02.1", shape_after)',
         "03.2": 'field_3x3 = 9\ncheck("03.2", field_3x3)',
         "02.3": 'def conv2d_multichannel(x, kernels):  # one input channel only\n'
                 '    return np.stack([conv2d(x[:, :, 0], kernels[:, :, 0, o]) for o in range(kernels.shape[3])], -1)\n'
                 'check("02.3", conv2d_multichannel)'}
CHEATED, ONE_WRONG = ("02.1", "03.2"), "02.3"
JOBS = 3  # processes autograding at once: 105 s for the whole test on 2 idle cores, 120 s with 2


def submission(release, source, *, wrong=(), cheat=None):
    """The released notebook with the source's solutions, but ``wrong`` answers, and a ``cheat`` cell."""
    nb = nbformat.read(release, as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(source, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell.source = "\n".join(line for line in solutions[grade_id].splitlines() if "### " not in line)
            exercise = grade_id[2:].replace("-answer", "").replace("-", ".")
            if exercise in wrong:
                cell.source = WRONG[exercise]
    if cheat:
        setup = next(i for i, c in enumerate(nb.cells) if course.GRADED_IMPORT in c.source)
        nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(cheat))
    return nb


def scores(course_dir) -> dict[str, tuple[float, float]]:
    course.nbgrader(course_dir, ["export", "--to", "grades.csv"])
    totals = {}
    for row in csv.DictReader((course_dir / "grades.csv").open()):
        score, top = totals.get(row["student_id"], (0.0, 0.0))
        totals[row["student_id"]] = (score + float(row["score"]), top + float(row["max_score"]))
    return totals


@pytest.mark.slow
@pytest.mark.course
def test_nbgrader_grades_five_submissions_as_they_deserve(tmp_path, monkeypatch, record_property):
    start = time.monotonic()
    monkeypatch.setenv("PATH", os.environ["PATH"])  # course.release puts nbgrader's alembic on it
    course_dir = tmp_path / "course"
    # 02 and 03's slowest cell takes seconds: 120 s per cell, not the course's 1,200, says a hang in 2 minutes
    assignments = [p.parent.name for p in course.build(course_dir, ["02", "03"], timeout=120)]
    students = {"solutions": {}, "blank": None, "one_wrong": {"wrong": (ONE_WRONG,)},
                "cheat_redefines": {"wrong": CHEATED, "cheat": CHEAT_BY_REDEFINING},
                "cheat_assigns": {"wrong": CHEATED, "cheat": CHEAT_BY_ASSIGNING}}
    course.release(course_dir, students)  # the gradebook, its roster, and nbgrader's release/
    released = time.monotonic()
    for name in assignments:
        release = course_dir / "release" / name / f"{name}.ipynb"
        source = course_dir / "source" / name / f"{name}.ipynb"
        for student, how in students.items():
            target = course_dir / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            if how is None:
                shutil.copy(release, target)
            else:
                nbformat.write(submission(release, source, **how), target)
    # One process per student, three at a time: nbgrader grades one notebook after another
    course.nbgrader(course_dir, *(["autograde", "*", "--student", student] for student in students), jobs=JOBS)
    autograded = time.monotonic()
    from nbgrader.api import Gradebook

    # formgrader's part: the teacher marks each open answer
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for name in assignments:
            for student in students:
                for notebook in gradebook.find_submission(name, student).notebooks:
                    for grade in notebook.grades:
                        if grade.needs_manual_grade:
                            grade.manual_score = grade.max_score  # the model answer, handed in: full marks
            gradebook.db.commit()
    got = scores(course_dir)
    total = sum(course.POINTS[k] for k in course.POINTS if k[:2] in ("02", "03"))
    seconds = time.monotonic() - start
    line = (f"grading: solutions {got['solutions'][0]:g}/{total}, blank {got['blank'][0]:g}/{total}, "
            f"one wrong {got['one_wrong'][0]:g}/{total}, cheats {got['cheat_redefines'][0]:g}/{total} "
            f"({len(students)} submissions of 2 notebooks in {seconds:.0f} s: release {released - start:.0f} s, "
            f"autograde {autograded - released:.0f} s)")
    print(line)
    record_property("summary", line)  # conftest prints it after the run, also from a pytest-xdist worker
    assert all(top == total for _, top in got.values())
    for name in assignments:  # the unanswered release runs to the end: only hidden tests fail in it
        graded_nb = nbformat.read(course_dir / "autograded" / "blank" / name / f"{name}.ipynb", as_version=4)
        failed = [c for c in graded_nb.cells if any(o.output_type == "error" for o in c.get("outputs", []))]
        outside = [c.source[:80] for c in failed if not c.metadata.get("nbgrader", {}).get("grade")]
        assert failed and not outside, outside
    graded_02 = nbformat.read(course_dir / "autograded" / "blank" / assignments[0] / f"{assignments[0]}.ipynb", 4)
    explorer = next(c for c in graded_02.cells if "kernel_explorer(" in c.source and "import" not in c.source)
    assert "off here" in explorer.outputs[0]["text"]  # nbgrader_config.py turned the widgets off
    assert got["solutions"][0] == total and got["blank"][0] == 0
    assert got["one_wrong"][0] == total - course.POINTS[ONE_WRONG]
    cheated = total - sum(course.POINTS[k] for k in CHEATED)
    assert got["cheat_redefines"][0] == got["cheat_assigns"][0] == cheated
