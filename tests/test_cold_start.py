"""README's "Cold start" table: every notebook's time from an empty cache, measured by tools/cold_start.py."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("cold_start", ROOT / "tools" / "cold_start.py")
cold_start = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cold_start)
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def rows() -> dict[str, tuple[int, str, float]]:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index(cold_start.HEADING):]
    found = re.findall(r"^\| (\d\d_\w+) \| (\d+) s \| ([^|]+) \| ([\d.]+) GB \|$", section, re.MULTILINE)
    return {name: (int(seconds), does.strip(), float(gb)) for name, seconds, does, gb in found}


def test_every_notebook_has_its_cold_start_time_right_after_its_name():
    assert sorted(rows()) == NOTEBOOKS, "run `make cold-start` to measure and write the table"


def test_notebooks_start_fast_from_cold():
    """Training nothing (what it needs ships with the helpers): under a minute; anything but 05: under 3."""
    for name, (seconds, does, _) in rows().items():
        source = (ROOT / "notebooks" / f"{name}.py").read_text()
        assert does == cold_start.what_it_does(source, name), f"{name}: the table is stale: `make cold-start`"
        if name.startswith("05_"):
            continue  # it trains the series' network in view, on purpose
        assert seconds < 180, f"{name} takes {seconds} s from cold"
        if does == "trains nothing" or "train" not in does:  # what it needs ships with the helpers, if anything
            assert seconds < 60, f"{name} trains nothing, yet takes {seconds} s"


def test_every_notebook_has_its_peak_memory_for_lab_sizing():
    """A kernel's peak resident memory, measured in the same cold run (TEACHING.md sizes a lab by it)."""
    peaks = {name: gb for name, (_, _, gb) in rows().items()}
    assert all(0.2 < gb < 8 for gb in peaks.values()), peaks
