"""The project's own rules: pinned environment, paired and executed notebooks, Colab links."""

import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PYPROJECT = (ROOT / "pyproject.toml").read_text()
SLUG = re.search(r'^Repository = "https://github\.com/([\w.-]+/[\w.-]+)"$', PYPROJECT, re.M).group(1)


def _pins(text: str) -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, _, rest = line.partition("==")
            pins.setdefault(name.strip().lower(), []).append(rest.split(";")[0].strip())
    return pins


def test_requirements_pin_every_package_exactly():
    pins = _pins((ROOT / "requirements.txt").read_text())
    assert all(v and all(v) for v in pins.values()), "every line of requirements.txt needs =="
    direct = _pins((ROOT / "requirements.in").read_text())
    assert set(direct) <= set(pins), f"not pinned: {set(direct) - set(pins)}"
    assert pins["tensorflow"] == ["2.21.0"]
    assert any(v.startswith("3.") for v in pins["keras"])


def test_environment_yml_agrees_with_requirements():
    text = (ROOT / "environment.yml").read_text()
    assert "conda-forge" in text
    assert re.search(r"^\s*- python=3\.(1[0-3])\s*$", text, re.M), "pin python 3.10-3.13"
    pip_lines = re.findall(r"^\s{6}- (.+)$", text, re.M)
    assert "-r requirements.txt" in pip_lines, "environment.yml must install requirements.txt"
    pins = _pins((ROOT / "requirements.txt").read_text())
    for line in pip_lines:  # anything else listed must not contradict the pins
        if "==" in line:
            name, version = line.split("==")
            assert version in pins.get(name.lower(), []), line


def test_helpers_declare_lower_bounds_only():
    block = re.search(r"^dependencies = \[(.*?)^\]", PYPROJECT, re.M | re.S).group(1)
    deps = re.findall(r'"([^"]+)"', block)
    assert any(d.startswith("tensorflow>=") for d in deps)
    assert not [d for d in deps if "==" in d or "<" in d], "Colab's TensorFlow must not be replaced"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_matches_its_text_source(nb_path):
    source = nb_path.with_suffix(".py")
    assert source.exists(), f"{source.name} is missing: run `make sync`"
    from_text = jupytext.read(source)
    committed = nbformat.read(nb_path, as_version=4)
    cells = lambda nb: [(c.cell_type, c.source.strip()) for c in nb.cells]  # noqa: E731
    assert cells(from_text) == cells(committed), f"{nb_path.name} and {source.name} disagree: make sync"


def test_every_text_source_has_a_notebook():
    for source in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"):
        assert source.with_suffix(".ipynb").exists(), f"run `make notebooks` for {source.name}"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_was_executed_cleanly_top_to_bottom(nb_path):
    nb = json.loads(nb_path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "not executed top to bottom: make notebooks"
    for i, cell in enumerate(code):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"code cell {i} has an error output"
            assert out.get("name") != "stderr", f"code cell {i} has stderr output: {out.get('text')}"
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r" at 0x[0-9a-f]+>", text), f"code cell {i} shows a memory address"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_title_colab_badge_and_install(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "JupyterLab/Colab would ask for a kernel"
    first = nb.cells[0].source
    assert first.startswith("# "), "the first cell starts with the notebook's H1 title"
    badge = (f"https://colab.research.google.com/github/{SLUG}/blob/main/notebooks/{nb_path.name}")
    links = re.findall(r"https://colab\.research\.google\.com/github/[^)\s]+", first)
    assert links == [badge], f"Colab badge must point to {badge}"
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    installs = re.findall(r"git\+https://github\.com/([\w.-]+/[\w.-]+)", setup)
    assert installs == [SLUG], "the setup cell installs helpers from this repository in Colab"
    assert 'if "google.colab" in sys.modules' in setup
    assert re.search(r"^import helpers\b", setup, re.M)


def test_readme_shows_the_two_commands_and_every_notebook():
    readme = (ROOT / "README.md").read_text()
    quick = readme.index("make lab")
    assert quick < readme.index("conda env create -f environment.yml")
    assert "make test" in readme
    for nb_path in NOTEBOOKS:
        assert nb_path.name in readme, f"README's table is missing {nb_path.name}"


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_performance_table_is_the_committed_benchmark_run():
    table = (ROOT / "benchmarks" / "results" / "results.md").read_text().strip()
    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text())
    assert not results["settings"]["smoke"], "commit the results of a full `make bench`"
    assert table in (ROOT / "README.md").read_text(), "README's Performance table differs from the results file"
    assert f"{results['throughput']['ratio_pipeline_over_numpy']:.2f}" in table
