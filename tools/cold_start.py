"""Time every notebook from a cold start, as a fresh Colab runtime has it, and write README's "Cold start" table.

    make cold-start                      # every notebook; rewrites the table in README.md
    python tools/cold_start.py --print notebooks/08_what_the_network_learned.ipynb

Each notebook runs on its own, in a fresh kernel, against an empty cache of its own: MNIST downloaded (copied
in), no trained networks and no cached results, so what it needs it trains, or takes from what ships with the
helpers (the network, the experiments' results). Outputs are thrown away; the committed notebooks are not touched.
Given notebooks, it measures those and rewrites only their rows.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
HEADING = "## Cold start"
sys.path.insert(0, str(ROOT))


def what_it_does(source: str, name: str) -> str:
    """What a notebook does from a cold start that takes time, read off its text twin."""
    if name.startswith("05_"):
        return "trains the series' network, in view"
    does = []
    if "cached_cnn(" in source:
        does.append("loads the network that ships with the helpers")
    if "cached_result(" in source:
        does.append("takes its experiments' results from the helpers")
    if re.search(r"^\w+\.fit\(|^\s*\w+ = \w+\.fit\(|model\.fit\(", source, re.MULTILINE) and not does:
        does.append("trains its own small network")
    return "; ".join(does) or "trains nothing"


PEAK = "import re; print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))"


def cold_run(path: Path, mnist: Path) -> tuple[float, float]:
    """Seconds to execute ``path`` top to bottom against an empty cache holding only MNIST, and the kernel's
    peak memory (resident set, GB; Linux's VmHWM), read by a cell added at the end."""
    with tempfile.TemporaryDirectory(prefix="cold-") as cache:
        shutil.copy(mnist, Path(cache) / "mnist.npz")
        os.environ["MNIST_CNN_CACHE"] = cache  # the kernel inherits it
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PEAK))
        start = time.perf_counter()
        NotebookClient(nb, timeout=1800, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
        return seconds, int(nb.cells[-1].outputs[0]["text"]) * 1024 / 1e9  # VmHWM is in KiB


def table(rows: list[tuple[str, float, str, float]]) -> str:
    lines = ["| notebook | from cold | what takes the time | peak memory |", "|---|---|---|---|"]
    lines += [f"| {name} | {seconds:.0f} s | {does} | {gb:.1f} GB |" for name, seconds, does, gb in rows]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text()
    start = readme.index(HEADING)
    begin = readme.index("| notebook | from cold |", start)
    end = readme.index("\n\n", begin)
    README.write_text(readme[:begin] + text + readme[end:])


def main(argv: list[str]) -> int:
    from helpers.data import load_mnist_with_source

    _, source = load_mnist_with_source()  # downloaded and verified once, then copied into every cold cache
    mnist = source.path
    only_print = "--print" in argv
    paths = [Path(a) for a in argv if a != "--print"] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    rows = []
    for path in paths:
        seconds, gb = cold_run(path, mnist)
        rows.append((path.stem, seconds, what_it_does(path.with_suffix(".py").read_text(), path.name), gb))
        print(f"{path.stem}: {seconds:.0f} s from cold, peak memory {gb:.2f} GB", flush=True)
    print(table(rows))
    if not only_print:
        kept = {name: (float(seconds), does, float(gb)) for name, seconds, does, gb in re.findall(
            r"^\| (\d\d_\w+) \| (\d+) s \| ([^|]+?) \| ([\d.]+) GB \|$", README.read_text(), re.MULTILINE)}
        kept.update({name: (seconds, does, gb) for name, seconds, does, gb in rows})
        write_readme(table([(name, *kept[name]) for name in sorted(kept)]))
        print(f"wrote the table in {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
