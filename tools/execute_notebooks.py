"""Execute notebooks in place, top to bottom, in a fresh kernel each: `make notebooks` calls this.

Outputs are written back so they can be committed; nbval later re-runs each notebook and compares.
Notebook 05 trains the series network in view: its cached copy is removed first, so the committed
output shows `fit` training, not a cache hit.
A live progress bar redraws its line with carriage returns and backspaces; only what it finally
shows is kept. Fails (exit 1) if a notebook errors (it is written anyway, error included, to be looked at) or
leaves stderr in its outputs, since CI would reject either.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def final_text(text: str) -> str:
    """What a terminal finally shows for ``text``: a backspace erases a character, a carriage return
    starts the line again (what follows overwrites it)."""
    lines = []
    for line in text.split("\n"):
        shown, cursor = [], 0
        for char in line:
            if char == "\b":
                cursor = max(cursor - 1, 0)
            elif char == "\r":
                cursor = 0
            else:
                shown[cursor:cursor + 1] = [char]
                cursor += 1
        lines.append("".join(shown))
    return "\n".join(lines)


def tidy_streams(nb) -> None:
    """Merge each run of stream outputs of the same name, keeping only the final text a terminal shows."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1]["name"] == out["name"]):
                merged[-1]["text"] += out["text"]
            else:
                merged.append(out)
        for out in merged:
            if out.get("output_type") == "stream":
                out["text"] = final_text(out["text"])
        if "outputs" in cell:
            cell["outputs"] = merged


def stderr_cells(nb) -> list[int]:
    return [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]


TRAINS_IN_VIEW = "05_training_the_cnn.ipynb"


def forget_series_network() -> None:
    """Remove the series network from the cache, so that notebook 05 trains it again."""
    from helpers import cache
    from helpers.training import SERIES_RECIPE, recipe_key

    for file in cache.cache_dir().glob(f"cnn-{recipe_key(SERIES_RECIPE)}.*"):
        file.unlink()


def main(paths: list[str]) -> int:
    failed = 0
    for path in map(Path, paths):
        if path.name == TRAINS_IN_VIEW:
            forget_series_network()
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=1800, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except CellExecutionError as error:  # keep what ran, the error included, to look at
            print(f"{path}: FAILED: {str(error).splitlines()[-1] if str(error) else error!r}", flush=True)
            failed += 1
        tidy_streams(nb)
        nbformat.write(nb, path)
        noisy = stderr_cells(nb)
        print(f"{path}: executed in {time.perf_counter() - start:.0f} s"
              + (f"; stderr in cells {noisy}" if noisy else ""), flush=True)
        failed += bool(noisy)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
