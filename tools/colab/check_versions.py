"""Assert that TensorFlow and Keras are still the versions Colab ships (tools/colab/requirements.txt).

Run it after installing the helpers the way the notebooks' setup cell does (``pip install .``, lower
bounds only): it proves that installing the helpers did not replace Colab's TensorFlow or Keras.
Exits 1, naming each difference, if it did.

    python tools/colab/check_versions.py [path/to/requirements.txt]
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().with_name("requirements.txt")
CHECKED = ("tensorflow", "keras")


def pins(text: str) -> dict[str, str]:
    """``{name: version}`` for every ``name==version`` line of a requirements file (names lower-cased)."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def problems(pinned: dict[str, str], names=CHECKED) -> list[str]:
    """One line for each of ``names`` whose installed version differs from its pin (or that is missing)."""
    lines = []
    for name in names:
        if name not in pinned:
            lines.append(f"{name}: no `{name}==...` pin in {REQUIREMENTS.name}")
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned[name]:
            lines.append(f"{name}: installed {installed or 'nothing'}, Colab ships {pinned[name]}")
    return lines


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else REQUIREMENTS
    pinned = pins(path.read_text())
    found = problems(pinned)
    if found:
        print(f"Colab lane: installing the helpers changed what Colab ships ({path}):", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        print("The helpers' dependencies in pyproject.toml must stay lower bounds that Colab's versions satisfy.",
              file=sys.stderr)
        return 1
    print("Colab lane: " + ", ".join(f"{name} {pinned[name]}" for name in CHECKED)
          + " as Colab ships them, unchanged by installing the helpers.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
