"""Write an nbgrader course from the worked notebooks: `make course` writes build/course/.

One assignment per lesson, ``source/NN_name/NN_name.ipynb``, is the student edition (tools/student_edition.py)
with nbgrader's cell metadata added here, from the points table below (nothing of it is stored in the lessons):
- each exercise whose answer does not depend on a trained network (the keys of
  :data:`mnist_exercises.graded.FORMS`) becomes an autograded answer cell, holding its worked solution
  between nbgrader's solution markers, and a locked test cell after it whose hidden tests
  (tools/hidden_tests.py) decide its points;
- each open exercise gets a manually graded answer cell at the end of its part (its "What to expect"
  goes there, as the model answer, and out of the question);
- answers read off a trained network (the student's own, or the cached or shipped one), and the your-turn
  cells, stay ungraded practice.
The release's ``check`` is :func:`mnist_exercises.graded.check`, which reports an answer's form only.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hidden_tests  # noqa: E402
from student_edition import student_notebook  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mnist_exercises.graded import FORMS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "course"
# Points, roughly: 1 for a value found in a step or two, 2 for one that takes more, 3 for a function, 2 for an
# open answer (graded by hand).
POINTS = {
    "00.1": 1, "00.4": 2,
    "01.1": 1, "01.2": 2, "01.3": 3, "01.4": 2,
    "02.1": 1, "02.2": 2, "02.3": 3, "02.4": 2,
    "03.1": 1, "03.2": 2, "03.3": 3, "03.4": 2,
    "04.1": 1, "04.2": 2, "04.3": 2, "04.4": 2,
    "05.3": 2,
    "06.1": 3, "06.2": 2, "06.3": 2,
    "07.1": 1, "07.2": 3, "07.3": 2,
    "08.4": 2,
    "09.3": 2,
    "10.1": 1, "10.2": 3, "10.3": 2,
    "11.1": 1, "11.2": 3, "11.3": 2,
}
HELPERS = re.compile(r'(HELPERS = "mnist-cnn-helpers @ git\+https://[^"@]+)"')
CHECK_IMPORT = "from mnist_exercises import check"
GRADED_IMPORT = "from mnist_exercises.graded import check  # it says an answer's form; hidden tests grade it"
BADGE = re.compile(r"\n*\[!\[Open In Colab\]\(.*?\)\]\(.*?\)(\n*(?=\n)|\s*\Z)")
OPEN = re.compile(r"^\*\*(\d\d\.\d)\*\* \(Open\)", re.MULTILINE)
DETAILS = re.compile(r"\n*<details><summary>What to expect.*?</details>\n*", re.DOTALL)
GRADED_EDITION = """**The graded edition.** This notebook is an assignment: the exercises marked with points count.
- Write your answers where the `...` are, as in the practice edition.{graded}
- The your-turn cells inside the lesson are practice: they are not graded.
- Before you hand it in, run it from the top (JupyterLab: Kernel, Restart Kernel and Run All Cells; Colab: Runtime,
  Restart session and run all): grading runs it that way, without the widgets. Do not delete or copy the answer
  cells and the cells that follow them.
- To hand it in: on JupyterHub, *Submit* in nbgrader's Assignments panel; in Colab, File, Download, Download .ipynb,
  and upload that file where your teacher says."""
GRADED_CHECKS = """ For an exercise with points, `check` says only whether
  the answer has the form asked for (a number, a tuple, a function): hidden tests grade it once you hand the
  notebook in, so test your answer yourself before that. Open exercises are graded by hand, from the cell
  "Your answer to ..."."""
OPEN_ONLY = """ In this lesson only the open exercise has points, graded by hand from the
  cell "Your answer to ..."; `check` works as in the practice edition."""
CHECK_SENTENCE = re.compile(r"`check`\s+says\s+whether\s+you\s+are\s+right[^.]*\.")
GRADED_CHECK_SENTENCE = ("in this graded edition `check` says whether an answer is right only for the exercises "
                         "without points; for one with points it says whether the answer has the form asked for.")
GRADING_WORDS = [(re.compile(r"the value the check\s+accepted"), "the value you predicted, if you were right"),
                 (re.compile(r"\b([Tt])he check(\s)"), r"\1he grading\2"),
                 (re.compile(r"then check\."), "then check its form.")]
EXPECT_SENTENCE = re.compile(r"\s*Open exercises end with what to expect\.")  # in the course, that is the model answer
NO_MODEL_ANSWER = "(The lessons hold no worked answer to this one: it asks about the student's own run.)"
CONFIG = '''\
# nbgrader's configuration for this course, written by tools/course.py (make course).
import os

c = get_config()  # noqa: F821 - nbgrader provides it
# Grading kernels show no widgets (the explorer, the drawing pad): nobody is there to use them, and
# nbclient can hang on a cell that creates an ipywidgets `interactive` (jupyter/nbclient#312).
os.environ["MNIST_CNN_NO_WIDGETS"] = "1"
c.CourseDirectory.course_id = "mnist-cnn"
c.ClearSolutions.code_stub = {{"python": ""}}  # the release keeps the student edition's `... ` line above it
c.ClearOutput.enabled = False  # the release keeps the lesson's figures, as the student edition does
c.Execute.timeout = {timeout}  # seconds a cell may run when autograding (nbgrader's default is 30); 05's fit
# takes 190-386 s on 2 cores, and a student's 05.3 as long again
c.OverwriteCells.add_missing_cells = True  # a test cell deleted from a submission comes back (Colab locks none)
'''


def metadata(grade_id: str, *, solution: bool, grade: bool, points: int = 0) -> dict:
    cell = {"schema_version": 3, "grade_id": grade_id, "solution": solution, "grade": grade,
            "locked": grade and not solution, "task": False}
    return {"nbgrader": cell | ({"points": points} if grade else {})}


def check_call(source: str):
    """The ``check("NN.k", answer, ...)`` call in ``source``: (exercise, its other arguments' text), or None."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args
                and isinstance(node.args[0], ast.Constant)):
            rest = [ast.unparse(a) for a in node.args[1:]] + [ast.unparse(k) for k in node.keywords]
            return node.args[0].value, ", ".join(rest)
    return None


def test_cell(exercise: str, arguments: str) -> nbformat.NotebookNode:
    function = getattr(hidden_tests, f"hidden_{exercise.replace('.', '_')}")
    points = POINTS[exercise]
    name = function.__name__
    source = (f"# {exercise}: {points} point{'s' * (points > 1)}, from hidden tests once you hand the notebook in.\n"
              "### BEGIN HIDDEN TESTS\n"
              "import builtins, types  # the test's own globals: no name a student's cell defines reaches it\n\n"
              f"{inspect.getsource(function)}\n"
              f'{name} = types.FunctionType({name}.__code__, {{"__builtins__": builtins}})\n'
              f"{name}({arguments})\n"
              "### END HIDDEN TESTS")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(metadata(f"ex{exercise.replace('.', '-')}", solution=False, grade=True, points=points))
    return cell


def answer_cell(stub_cell, solution_cell, exercise: str) -> nbformat.NotebookNode:
    """The student edition's answer cell with the worked solution between the markers, before its check."""
    stub = [line for line in stub_cell.source.splitlines() if not line.startswith("check(")]
    checks = [line for line in stub_cell.source.splitlines() if line.startswith("check(")]  # not the solution's,
    lines = [line for line in solution_cell.source.splitlines() if not line.startswith("#@title")]  # whose comments
    solution = "\n".join(line for line in lines if not line.startswith("check(")).strip("\n")
    source = "\n".join(stub).rstrip() + f"\n### BEGIN SOLUTION\n{solution}\n### END SOLUTION\n" + "\n".join(checks)
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(metadata(f"ex{exercise.replace('.', '-')}-answer", solution=True, grade=False))
    return cell


def open_answer_cell(exercise: str, model_answer: str) -> nbformat.NotebookNode:
    points = POINTS[exercise]
    cell = nbformat.v4.new_markdown_cell(
        f"**Your answer to {exercise}** ({points} points, graded by hand): write it here, in words, with the numbers "
        "you measured; code you ran for it goes in a code cell of your own above this one.\n\n"
        f"### BEGIN SOLUTION\n{model_answer}\n### END SOLUTION")
    cell.metadata.update(metadata(f"ex{exercise.replace('.', '-')}", solution=True, grade=True,
                                  points=POINTS[exercise]))
    return cell


def graded_wording(text: str) -> str:
    """``text`` with each graded question's sentences about "the check" saying "the grading" (hidden tests
    grade it); the parts about practice exercises are left as they are."""
    parts = re.split(r"(?=\*\*\d\d\.\d\*\*)", text)  # one part per question, "**NN.k**" at its start
    for i, part in enumerate(parts):
        numbered = re.match(r"\*\*(\d\d\.\d)\*\*", part)
        if numbered and numbered.group(1) in FORMS:
            for words, graded_words in GRADING_WORDS:
                part = words.sub(graded_words, part)
            parts[i] = part
    return "".join(parts)


def course_notebook(nb, commit: str | None = None) -> nbformat.NotebookNode:
    """The assignment's source notebook, from a worked notebook ``nb``; its Colab setup cell installs the
    helpers of ``commit`` (the repository's, where it has one), so that a later push changes no release."""
    student = student_notebook(nb)  # solution-tagged cells dropped; your-turn answers stubbed
    solutions = {check_call(c.source)[0]: c for c in nb.cells  # the worked solutions, by exercise
                 if "solution" in c.metadata.get("tags", []) and c.cell_type == "code" and check_call(c.source)}
    worked, current = {}, None  # each open exercise's worked solution cells, for the model answer
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "solution" not in cell.metadata.get("tags", []):
            opened = OPEN.search(cell.source)
            new_part = re.search(r"^\*\*\d\d\.\d\*\*|^#", cell.source)  # another exercise, or a heading
            current = opened.group(1) if opened else None if new_part else current
        elif current and "solution" in cell.metadata.get("tags", []):
            text = cell.source if cell.cell_type == "markdown" else f"```python\n{cell.source}\n```"
            worked.setdefault(current, []).append(text)
    cells, pending = [], None  # pending: the open exercise whose answer cell ends its part, and its model answer

    def close_pending():
        if pending:
            exercise, parts = pending
            model = re.sub(r"</?details>|<summary>.*?</summary>", "", "\n\n".join(parts + worked.get(exercise, [])))
            cells.append(open_answer_cell(exercise, model.strip() or NO_MODEL_ANSWER))

    for cell in student.cells:
        if cell.cell_type == "markdown":
            cell.source = BADGE.sub("\n", cell.source)  # it opens the practice edition in Colab, not this release
            cell.source = EXPECT_SENTENCE.sub("", CHECK_SENTENCE.sub(GRADED_CHECK_SENTENCE, cell.source))
            cell.source = graded_wording(cell.source)
            if pending and cell.source.lstrip().startswith("<details><summary>What to expect"):
                pending[1].append(cell.source)  # an open exercise's "What to expect" is its model answer
                continue
            opened = OPEN.search(cell.source)
            if opened or re.search(r"^\*\*\d\d\.\d\*\*|^#", cell.source):  # another exercise, or a heading
                close_pending()
                pending = None
            if opened:
                details = DETAILS.search(cell.source)
                pending = (opened.group(1), [details.group(0)] if details else [])
                cell.source = DETAILS.sub("\n", cell.source).rstrip()
        elif CHECK_IMPORT in cell.source:
            cell.source = cell.source.replace(CHECK_IMPORT, GRADED_IMPORT)
        elif commit and HELPERS.search(cell.source):  # Colab installs the helpers of the commit the course came from
            cell.source = HELPERS.sub(rf'\1@{commit}"', cell.source)
        found = check_call(cell.source) if cell.cell_type == "code" else None
        if found and found[0] in FORMS:
            exercise, arguments = found
            cells += [answer_cell(cell, solutions[exercise], exercise), test_cell(exercise, arguments)]
        else:
            cells.append(cell)
    close_pending()
    graded = any(c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"]["solution"] for c in cells)
    first = GRADED_EDITION.format(graded=GRADED_CHECKS if graded else OPEN_ONLY)
    cells.insert(1, nbformat.v4.new_markdown_cell(first))  # after the title and what it teaches
    student.cells = cells
    return student


def build(out: Path = OUT, lessons: list[str] | None = None, timeout: int = 1200) -> list[Path]:
    """Write the course's ``nbgrader_config.py`` and one source assignment per lesson (all, or ``lessons``)."""
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    paths = [p for p in paths if lessons is None or p.name[:2] in lessons]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    commit = head.stdout.strip() if head.returncode == 0 else None
    changed = subprocess.run(["git", "status", "--porcelain", "--", "helpers", "mnist_exercises", "pyproject.toml"],
                             cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if commit and changed:
        print(f"course: warning: helpers/ or mnist_exercises/ differ from commit {commit[:7]}, which the releases' "
              "Colab setup cell installs: commit (and push) them first")
    written = []
    for path in paths:
        target = out / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(course_notebook(nbformat.read(path, as_version=4), commit), target)
        written.append(target)
    (out / "nbgrader_config.py").write_text(CONFIG.format(timeout=timeout))
    return written


def points_of(nb) -> dict[str, int]:
    """Each graded cell's points in a course notebook: {grade_id: points}."""
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def nbgrader(course_dir: Path, *commands: list[str], jobs: int = 2) -> None:
    """Run ``nbgrader`` with each of ``commands`` in ``course_dir``, ``jobs`` at a time (they share its
    gradebook, SQLite, which serialises their writes); raise with the output of one that fails."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")  # alembic
    env.pop("MNIST_CNN_EXPECT_CACHED", None)  # grading runs what students handed in, whatever it trains

    def run(args):
        return args, subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    with ThreadPoolExecutor(jobs) as pool:
        for args, done in pool.map(run, commands):
            if done.returncode:
                raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-4000:]}")


def release(course_dir: Path, students=()) -> None:
    """nbgrader's release/ of every assignment in ``course_dir``'s source/, after the gradebook and its
    ``students``. One process for all: nbgrader's start-up, not the work, is most of it (14 s for 12)."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # alembic
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student in students:
            gradebook.update_or_create_student(student)
    nbgrader(course_dir, ["generate_assignment", "--force", "*"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    parser.add_argument("--lessons", nargs="*", help="two-digit lesson numbers (default: all)")
    parser.add_argument("--release", action="store_true", help="also run nbgrader generate_assignment on each")
    args = parser.parse_args()
    written = build(args.out, args.lessons)
    total = sum(sum(points_of(nbformat.read(p, as_version=4)).values()) for p in written)
    lessons = f"{len(written)} assignment{'s' * (len(written) != 1)}"
    print(f"course: {lessons}, {total} points, in {args.out} (nbgrader_config.py, source/)")
    if args.release:
        release(args.out)
        print(f"course: nbgrader released them to {args.out / 'release'}")
