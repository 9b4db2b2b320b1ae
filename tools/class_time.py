"""Estimate each lesson's class time from its text, and write it into the README's table.

The lesson body is everything before its Exercises heading (exercises and *Going further* are not
class time). The estimate adds, for the body:
  reading    prose words at 100 words a minute (careful reading of technical text with formulas),
  code       lines of the code cells students read (not the collapsed checks, not the two setup cells,
             not the your-turn answers) at 10 lines a minute,
  figures    one minute for each figure to look at (each image in the committed outputs),
  running    the notebook's run time, from the README's "Run" column (measured by ``make notebooks``),
  your turn  five minutes for each your-turn cell,
  discussion five minutes for the lesson's questions (TEACHING.md),
and rounds the sum up to the next 5 minutes. ``python tools/class_time.py`` prints the parts and
rewrites the README's "Class time" column (``--print``: only prints); tests/test_project.py checks
that the column is current.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from your_turn_cells import regions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WORDS_PER_MINUTE, LINES_PER_MINUTE, PER_FIGURE, PER_TURN, DISCUSSION = 100, 10, 1, 5, 5
ROW = re.compile(r"^\| \[`(\d\d)_\w+\.ipynb`\].*\| (\d+) s \| ([^|]+) \|$", re.M)


def body(nb) -> list:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(r"^#+ .*Exercises", cell.source, re.M):
            return nb.cells[:i]
    return nb.cells


def code_lines(cell) -> int:
    lines = cell.source.splitlines()
    for begin, end in reversed(regions(cell.source)):
        del lines[begin:end + 1]
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def parts(path: Path, run_seconds: int) -> dict:
    cells = body(nbformat.read(path, as_version=4))
    code = [c for c in cells if c.cell_type == "code"][2:]  # after the install and setup cells
    read = [c for c in code if "check" not in c.metadata.get("tags", [])]
    words = sum(len(re.findall(r"[A-Za-z][\w'-]*", c.source)) for c in cells if c.cell_type == "markdown")
    turns = sum(len(regions(c.source)) > 0 for c in code)
    minutes = {
        "reading": words / WORDS_PER_MINUTE,
        "code": sum(code_lines(c) for c in read) / LINES_PER_MINUTE,
        "figures": PER_FIGURE * sum("image/png" in out.get("data", {}) for c in code for out in c.get("outputs", [])),
        "running": run_seconds / 60,
        "your turn": PER_TURN * turns,
        "discussion": DISCUSSION,
    }
    minutes["total"] = 5 * math.ceil(sum(minutes.values()) / 5)
    return minutes


def label(minutes: dict) -> str:
    turn = minutes["your turn"]
    return f"{minutes['total']} min" + (f" (incl. {turn} your-turn)" if turn else "")


def table() -> dict[str, dict]:
    rows = {}
    for number, run, _ in ROW.findall(README.read_text()):
        path = next((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
        rows[number] = parts(path, int(run))
    return rows


def updated_readme() -> str:
    rows = table()
    return ROW.sub(lambda m: m[0][: m.start(3) - m.start(0)] + label(rows[m[1]]) + " |", README.read_text())


if __name__ == "__main__":
    for number, minutes in table().items():
        print(number, "  ".join(f"{k} {v:.1f}" for k, v in minutes.items()))
    if "--print" not in sys.argv:
        README.write_text(updated_readme())
