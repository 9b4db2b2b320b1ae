"""Execute notebooks in place, top to bottom, in a fresh kernel each: `make notebooks` calls this.

Outputs are written back so they can be committed; nbval later re-runs each notebook and compares.
Fails (exit 1) if a notebook errors or leaves stderr in its outputs, since CI would reject it.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def stderr_cells(nb) -> list[int]:
    return [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]


def main(paths: list[str]) -> int:
    failed = 0
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=1800, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        nbformat.write(nb, path)
        noisy = stderr_cells(nb)
        print(f"{path}: executed in {time.perf_counter() - start:.0f} s"
              + (f"; stderr in cells {noisy}" if noisy else ""))
        failed += bool(noisy)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
