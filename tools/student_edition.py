"""Write the student edition, the notebooks students open: `make student` writes `student/`.

From each main (worked) notebook: cells tagged ``solution`` (the exercises' worked solutions) are
dropped by nbconvert's TagRemovePreprocessor; each your-turn region (between ``### BEGIN SOLUTION``
and ``### END SOLUTION``) becomes ``...``; the outputs of your-turn cells and of the cells that check
them are cleared; the test-only ``# NBVAL_IGNORE_OUTPUT`` lines go. Everything else, outputs
included, is kept, so the edition reads like the lesson. Each cell gets its slide type for RISE (derived by
tools/slides.py from the headings and tags), so a teacher can present it.
The Colab badge of both editions opens the student edition. Run All on it reaches the end: every
check says "not written yet" or "not answered yet" and the lesson goes on with the reference.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from slides import with_slide_types  # noqa: E402
from your_turn_cells import CALL, regions, stub  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "student"
NBVAL_MARK = "# NBVAL_IGNORE_OUTPUT"


def student_notebook(nb):
    """A copy of ``nb`` without worked solutions, your-turn answers or the outputs that show them."""
    remover = TagRemovePreprocessor(remove_cell_tags={"solution"}, enabled=True)
    copy, _ = remover.preprocess(nbformat.from_dict(nb), {})
    for cell in copy.cells:
        if cell.cell_type != "code":
            continue
        cell.source = "\n".join(line for line in cell.source.splitlines() if line != NBVAL_MARK)  # for tests only
        answered = bool(regions(cell.source))
        if answered:
            cell.source = stub(cell.source)
        if answered or CALL.search(cell.source):
            cell.outputs, cell.execution_count = [], None
    return with_slide_types(copy)  # for RISE (tools/slides.py)


def build(out: Path = EDITION) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        target = out / path.name
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else EDITION
    paths = build(target)
    print(f"student edition: {len(paths)} notebooks in {target}")
