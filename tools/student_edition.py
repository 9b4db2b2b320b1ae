"""Write the student edition: every notebook without its worked solutions (`make student`).

Solution cells carry the tag ``solution`` (collapsed in the main notebooks, for self-learners);
nbconvert's TagRemovePreprocessor drops them. The exercises stay, unanswered: their checks say
"not answered yet", so the edition runs top to bottom (`make test-student` runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parents[1]


def student_notebook(nb):
    """A copy of ``nb`` without the cells tagged ``solution``."""
    remover = TagRemovePreprocessor(remove_cell_tags={"solution"}, enabled=True)
    copy, _ = remover.preprocess(nbformat.from_dict(nb), {})
    return copy


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        target = out / path.name
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "student"
    paths = build(target)
    print(f"student edition: {len(paths)} notebooks in {target}")
