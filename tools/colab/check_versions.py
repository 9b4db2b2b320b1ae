"""Assert that Python, TensorFlow, Keras and NumPy are the versions Colab ships (tools/colab/requirements.txt).

Run it after installing the helpers the way the notebooks' setup cell does (``pip install .``, lower
bounds only): it proves that the lane runs Colab's Python (major.minor, from the file's ``# python:``
line) and that installing the helpers did not replace Colab's TensorFlow, Keras or NumPy.
Exits 1, naming each difference, if not.

    python tools/colab/check_versions.py [path/to/requirements.txt]
"""

from __future__ import annotations

import platform
import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().with_name("requirements.txt")
CHECKED = ("tensorflow", "keras", "numpy")


def pins(text: str) -> dict[str, str]:
    """``{name: version}`` for every ``name==version`` line of a requirements file (names lower-cased)."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def python_pin(text: str) -> str | None:
    """The major.minor of the ``# python: 3.13`` line of a requirements file, or None."""
    match = re.search(r"^#\s*python:\s*(\d+\.\d+)\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def problems(pinned: dict[str, str], names=CHECKED, python: str | None = None) -> list[str]:
    """One line for each of ``names`` whose installed version differs from its pin (or that is missing),
    and one if this Python's major.minor is not ``python``."""
    lines = []
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if python is None:
        lines.append(f"python: no `# python: X.Y` line in {REQUIREMENTS.name}")
    elif running != python:
        lines.append(f"python: running {platform.python_version()}, Colab runs {python}")
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
    text = path.read_text()
    pinned = pins(text)
    found = problems(pinned, python=python_pin(text))
    if found:
        print(f"Colab lane: this is not what Colab ships ({path}):", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        print("The helpers' dependencies in pyproject.toml must stay lower bounds that Colab's versions satisfy.",
              file=sys.stderr)
        return 1
    print(f"Colab lane: Python {platform.python_version()}, "
          + ", ".join(f"{name} {pinned[name]}" for name in CHECKED))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
