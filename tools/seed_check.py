"""Run the notebooks that use the trained network against networks trained with other seeds.

    make seed-check                     # seeds 42 and 1-9; SEEDS="3 7" for others
    python tools/seed_check.py 1 2 3
    python tools/seed_check.py --only 09_where_the_network_looks   # re-run one notebook, keep the rest

For each seed, notebook 00 runs with that seed in its ``helpers.setup`` call (it trains a small network of
its own), and every notebook that loads the series' network (``cached_cnn()`` or notebook 05's own
training) is executed with a cell after its setup cell that replaces ``helpers.training.SERIES_RECIPE``
by the same recipe at that seed, so it gets the network trained with that seed (from the cache when
``make bench`` trained it; for seed 42 with an empty cache, the network that ships with the helpers, which
is that network in float16). Each run must pass every assert of its check cells. ``--only NAME`` re-runs
that notebook for the seeds of the last report and replaces its rows there (the report says so).
The numbers the notebooks print are collected line by line (a line's digits replaced by ``#`` is its
template) and written, with their range over the seeds, to ``benchmarks/results/seed_check.md``: the
ranges that the prose states and that the asserts' bounds are set from.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
# 00 trains a small network of its own: its setup seed is the one that changes.
OWN_NETWORK = ["00_getting_started"]
NOTEBOOKS = [*OWN_NETWORK, "05_training_the_cnn", "07_overfitting_and_dropout", "08_what_the_network_learned",
             "09_where_the_network_looks", "10_your_own_handwriting"]
NUMBER = re.compile(r"[-+]?\d[\d,]*\.?\d*")
CACHE_KEY = re.compile(r"cnn-[0-9a-f]{16}")  # a seed's own cache file name is not one of its numbers
OUT = ROOT / "benchmarks" / "results"


def printed_lines(nb) -> list[str]:
    """Every stdout line of the notebook's lesson cells: the body (before its Exercises heading) and any
    *Going further* section (after the exercises), where the prose also states numbers."""
    lines, lesson = [], True
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for heading in re.findall(r"^#+ (.*)$", cell.source, re.M):
                lesson = {"Exercises": False, "Going further": True, "Further reading": False}.get(
                    heading.strip(), lesson)
        if not lesson:
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                lines += [CACHE_KEY.sub("cnn-<key>", line) for line in out["text"].splitlines()
                          if NUMBER.search(line) and "━" not in line]
    return lines


def run(seed: int, name: str) -> tuple[str | None, list[str], float]:
    """Execute one notebook with the series network of ``seed``: (error or None, printed lines, seconds)."""
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:  # no committed output may stand in for one this run did not reach
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    after_setup = 1 + next(i for i, cell in enumerate(nb.cells) if "helpers.setup(" in cell.source)
    if name in OWN_NETWORK:
        setup = nb.cells[after_setup - 1]
        setup.source = re.sub(r"helpers\.setup\(seed=\d+\)", f"helpers.setup(seed={seed})", setup.source)
    nb.cells.insert(after_setup, nbformat.v4.new_code_cell(
        "import dataclasses\nimport helpers.training\n\n"
        f"helpers.training.SERIES_RECIPE = dataclasses.replace(helpers.training.SERIES_RECIPE, seed={seed})"))
    start = time.perf_counter()
    error = None
    try:
        NotebookClient(nb, timeout=1800, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    except CellExecutionError as exc:
        error = re.sub(r"\x1b\[[0-9;]*m", "", str(exc).strip().splitlines()[-1])[:300]
        failed = ROOT / "build" / "seed_check" / f"seed-{seed}-{name}.ipynb"  # to look at
        failed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, failed)
        error += f" (see {failed.relative_to(ROOT)})"
    return error, printed_lines(nb), time.perf_counter() - start


def main(seeds: list[int], only: list[str] | None = None) -> int:
    values: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(dict)
    failures, runs = [], [{"notebooks": only or NOTEBOOKS, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}]
    if only:  # keep the other notebooks' rows of the last report
        last = json.loads((OUT / "seed_check.json").read_text())
        seeds = last["seeds"]
        for row in last["values"]:
            if row["notebook"] not in only:
                values[(row["notebook"], row["line"])] = {int(k): v for k, v in row["by_seed"].items()}
        failures = [f for f in last["failures"] if f[1] not in only]
        runs = last.get("runs", [{"notebooks": NOTEBOOKS, "date": "earlier"}]) + runs
    for seed in seeds:
        for name in only or NOTEBOOKS:
            error, lines, seconds = run(seed, name)
            print(f"seed {seed} {name}: {'FAILED: ' + error if error else 'passed'} ({seconds:.0f} s)", flush=True)
            if error:
                failures.append((seed, name, error))
            for line in lines:
                values[(name, NUMBER.sub("#", line))][seed] = NUMBER.findall(line)
    rows = ["| notebook | printed line (numbers as #) | " + " | ".join(f"seed {s}" for s in seeds) + " |",
            "|---|---|" + "---|" * len(seeds)]
    for (name, template), by_seed in sorted(values.items(), key=lambda item: NOTEBOOKS.index(item[0][0])):
        cells = [", ".join(by_seed.get(s, ["-"])) for s in seeds]
        rows.append(f"| {name[:2]} | {template.replace('|', '/')} | " + " | ".join(cells) + " |")
    report = [f"Seed check of {', '.join(NOTEBOOKS)} with the series network trained with seeds "
              f"{', '.join(map(str, seeds))}: {'all asserts held' if not failures else f'{len(failures)} failed'}.", ""]
    if len(runs) > 1:
        report += ["Runs: " + "; ".join(f"{', '.join(r['notebooks'])} on {r['date']}" for r in runs)
                   + " (a later run replaces an earlier one's rows for its notebooks).", ""]
    report += [f"- FAILED: seed {s}, {n}: {e}" for s, n, e in failures] + ([""] if failures else []) + rows
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "seed_check.md").write_text("\n".join(report) + "\n")
    (OUT / "seed_check.json").write_text(json.dumps(
        {"seeds": seeds, "failures": failures, "runs": runs,
         "values": [{"notebook": n, "line": t, "by_seed": v} for (n, t), v in values.items()]}, indent=1))
    print(f"written to {OUT / 'seed_check.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    only = [args[i + 1] for i, a in enumerate(args) if a == "--only"]
    seeds = [int(a) for i, a in enumerate(args) if a != "--only" and (i == 0 or args[i - 1] != "--only")]
    sys.exit(main(seeds or [42, *range(1, 10)], only or None))
