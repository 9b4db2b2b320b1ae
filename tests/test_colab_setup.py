"""The notebooks' Colab setup cell, run as Colab runs it.

Every notebook opens with the same setup cell, so running notebook 00's covers all of them. It runs
in a throw-away virtual environment that sees this environment's packages (TensorFlow, Keras, ...,
nothing is downloaded but the build backend), with ``google.colab`` in ``sys.modules`` as in a Colab
kernel. Its install source, ``git+https://github.com/<slug>``, is pointed at this checkout by a string
replacement made here, never in the notebooks. Afterwards the helpers must import, come from the
checkout, and TensorFlow and Keras must be exactly what they were before the cell ran.
"""

import json
import os
import re
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLUG = re.search(r'^Repository = "https://github\.com/([\w.-]+/[\w.-]+)"$',
                 (ROOT / "pyproject.toml").read_text(), re.M).group(1)
REMOTE = f"git+https://github.com/{SLUG}"

# What a Colab kernel has that a local one has not: google.colab, imported at start-up.
COLAB_KERNEL = """\
import sys
import types

sys.modules["google.colab"] = types.ModuleType("google.colab")
with open(sys.argv[1]) as cell:
    exec(compile(cell.read(), "setup cell", "exec"), {"__name__": "__main__"})
"""

# Where TensorFlow and Keras are, which version, and whether and from where the helpers are installed.
PROBE = """\
import importlib.metadata as md
import json

found = {name: [md.version(name), str(md.distribution(name).locate_file(""))] for name in ("tensorflow", "keras")}
try:
    import helpers
    import mnist_exercises

    found["helpers"] = [helpers.__file__, mnist_exercises.__file__,
                        json.loads(md.distribution("mnist-cnn-helpers").read_text("direct_url.json"))]
except ImportError as error:
    found["helpers"] = repr(error)
print(json.dumps(found))
"""

# Typos the test must catch: (what is mutated, the mutation).
TYPOS = {
    "package name": ('"mnist-cnn-helpers @ ', '"mnist-cnn-helper @ '),
    "pip arguments": ('"-m", "pip", "install"', '"-m", "pip", "instal"'),
}


def _code_cells(nb_path: Path) -> list[str]:
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


SETUP_CELL = _code_cells(ROOT / "notebooks" / "00_getting_started.ipynb")[0]


def test_every_notebook_opens_with_notebook_00s_setup_cell():
    """So running notebook 00's setup cell tests every notebook's."""
    assert 'if "google.colab" in sys.modules' in SETUP_CELL and REMOTE in SETUP_CELL
    differ = [p.name for p in NOTEBOOKS if _code_cells(p)[0].encode() != SETUP_CELL.encode()]
    assert not differ, f"first code cell differs from 00_getting_started.ipynb's in {differ}"


def _colab_like_venv(where: Path) -> Path:
    """A virtual environment that sees this one's packages, with nothing of its own yet; its Python.

    ``--system-site-packages`` alone would show the *base* interpreter's packages, not this virtual
    environment's, so a .pth file adds this environment's site-packages after the new one's.
    """
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(where)
    python = where / "bin" / "python"
    own = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    shared = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (Path(own) / "_this_project_env.pth").write_text("\n".join(shared) + "\n")
    return python


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return env | {"PYTHONNOUSERSITE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _probe(python: Path, cwd: Path) -> dict:
    out = subprocess.run([python, "-c", PROBE], cwd=cwd, env=_env(), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _run_setup_cell_as_in_colab(cell: str, tmp_path: Path) -> None:
    """Run ``cell`` in a fresh Colab-like environment; assert it installed the helpers from this
    checkout and left TensorFlow and Keras alone."""
    assert cell.count(REMOTE) == 1, f"the setup cell should install from {REMOTE} once"
    local = cell.replace(REMOTE, ROOT.as_uri())
    python = _colab_like_venv(tmp_path / "venv")
    (tmp_path / "cell.py").write_text(local)
    (tmp_path / "kernel.py").write_text(COLAB_KERNEL)
    before = _probe(python, tmp_path)
    assert isinstance(before["helpers"], str), "the helpers are importable before the setup cell ran"

    ran = subprocess.run([python, "kernel.py", "cell.py"], cwd=tmp_path, env=_env(), capture_output=True,
                         text=True, timeout=600)
    assert ran.returncode == 0, f"the setup cell failed in a Colab-like kernel:\n{ran.stderr[-3000:]}"

    after = _probe(python, tmp_path)
    assert not isinstance(after["helpers"], str), f"after the setup cell: {after['helpers']}"
    helpers_file, exercises_file, direct_url = after["helpers"]
    site = (tmp_path / "venv").resolve()
    for module in (helpers_file, exercises_file):
        assert site in Path(module).resolve().parents, f"{module} is not the installed copy"
    assert direct_url.get("url") == ROOT.as_uri() and not direct_url.get("dir_info", {}).get("editable"), (
        f"the helpers were not installed from the checkout: {direct_url}")
    for name in ("tensorflow", "keras"):
        assert after[name] == before[name], f"the setup cell changed {name}: {before[name]} -> {after[name]}"


@pytest.mark.network  # the helpers' build backend (setuptools) comes from the package index
@pytest.mark.slow
@pytest.mark.parametrize("typo", [None, *TYPOS], ids=lambda t: f"typo in {t}" if t else "as written")
def test_setup_cell_installs_the_helpers_in_colab_and_keeps_its_tensorflow(typo, tmp_path):
    if typo is None:
        _run_setup_cell_as_in_colab(SETUP_CELL, tmp_path)
        return
    # The same test, on a copy of the cell with a typo in its install line, must fail, and at the install.
    original, mutated = TYPOS[typo]
    assert SETUP_CELL.count(original) == 1, f"the setup cell no longer contains {original!r}: update TYPOS"
    with pytest.raises(AssertionError, match="the setup cell failed") as failed:
        _run_setup_cell_as_in_colab(SETUP_CELL.replace(original, mutated), tmp_path)
    assert "CalledProcessError" in str(failed.value), "it failed, but not where it runs pip"
