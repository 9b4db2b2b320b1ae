"""The project's own rules: pinned environment, paired and executed notebooks, Colab links, lesson shape."""

import json
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PYPROJECT = (ROOT / "pyproject.toml").read_text()
SLUG = re.search(r'^Repository = "https://github\.com/([\w.-]+/[\w.-]+)"$', PYPROJECT, re.M).group(1)
MAX_WORDS, MAX_CODE_LINES, MAX_TEACHING_ASSERTS = 1800, 220, 20


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


def test_environment_yml_installs_exactly_the_pins_on_the_python_of_the_outputs():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^channels:\n\s+- conda-forge\n", text, re.M)
    python = re.search(r"^\s*- python=(3\.\d+)\s*$", text, re.M)
    outputs = {".".join(json.loads(p.read_text())["metadata"]["language_info"]["version"].split(".")[:2])
               for p in NOTEBOOKS}
    assert python and outputs == {python.group(1)}, (
        f"environment.yml's Python must be the one the committed outputs come from ({outputs})")
    assert re.findall(r"^\s{6}- (.+)$", text, re.M) == ["-r requirements.txt", "-e ."], (
        "the conda route installs the pins and the helpers, nothing else")


def test_helpers_declare_lower_bounds_only():
    block = re.search(r"^dependencies = \[(.*?)^\]", PYPROJECT, re.M | re.S).group(1)
    deps = re.findall(r'"([^"]+)"', block)
    assert any(d.startswith("tensorflow>=") for d in deps)
    assert not [d for d in deps if "==" in d or "<" in d], "Colab's TensorFlow must not be replaced"


def _cells(nb):
    kept = ("tags", "jupyter", "cellView")
    return [(c.cell_type, c.source.strip(), {k: c.metadata[k] for k in kept if k in c.metadata}) for c in nb.cells]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_matches_its_text_source(nb_path):
    source = nb_path.with_suffix(".py")
    assert source.exists(), f"{source.name} is missing: run `make sync`"
    committed = nbformat.read(nb_path, as_version=4)
    assert _cells(jupytext.read(source)) == _cells(committed), f"{nb_path.name} and {source.name} disagree: make sync"


def test_every_text_source_has_a_notebook():
    for source in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"):
        assert source.with_suffix(".ipynb").exists(), f"run `make notebooks` for {source.name}"


def test_notebooks_are_numbered_without_gaps():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(NOTEBOOKS))), numbers


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
            assert not re.search(r"^WARNING:|Warning: ", text, re.M), f"code cell {i} shows a warning: {text[:200]}"


def test_training_lesson_shows_fit_training_not_a_cache_hit():
    nb = json.loads((ROOT / "notebooks" / "05_training_the_cnn.ipynb").read_text())
    [cell] = [c for c in nb["cells"] if c["cell_type"] == "code" and "model.fit(" in "".join(c["source"])
              and "trained = cache.load" in "".join(c["source"])]
    shown = "".join("".join(out.get("text", "")) for out in cell["outputs"])
    assert "Loaded from the cache" not in shown, "05's committed output is a cache hit: make notebooks"
    assert re.search(r"^Epoch 1/2\n.*val_accuracy.*\nEpoch 2/2\n.*val_accuracy", shown, re.M), shown
    assert re.search(r"^Trained in \d+ s", shown, re.M) and not re.search("[\r\b\x1b]", shown), shown


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_title_colab_badge_and_one_setup_call(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "JupyterLab/Colab would ask for a kernel"
    first = nb.cells[0].source
    assert first.startswith("# "), "the first cell starts with the notebook's H1 title"
    badge = f"https://colab.research.google.com/github/{SLUG}/blob/main/student/{nb_path.name}"  # what students open
    links = re.findall(r"https://colab\.research\.google\.com/github/[^)\s]+", first)
    assert links == [badge], f"Colab badge must point to {badge}"
    install, setup = [c.source for c in nb.cells if c.cell_type == "code"][:2]
    installs = re.findall(r"git\+https://github\.com/([\w.-]+/[\w.-]+)", install)
    assert installs == [SLUG], "the first code cell installs helpers from this repository in Colab"
    assert 'if "google.colab" in sys.modules' in install
    one_call = r"# NBVAL_IGNORE_OUTPUT\nimport helpers\n\nversions = helpers\.setup\(seed=\d+\)\nprint\(versions\)"
    assert re.fullmatch(one_call, setup), "the second code cell is the one explicit setup call"


def _lesson_body(nb):
    """The cells before the Exercises heading."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(r"^#+ .*Exercises", cell.source, re.M):
            return nb.cells[:i]
    return nb.cells


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][\w'-]*", text))


def _code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_fits_a_class_period_and_has_its_sections(nb_path):
    nb = jupytext.read(nb_path.with_suffix(".py"))
    body = _lesson_body(nb)
    words = sum(_words(c.source) for c in body if c.cell_type == "markdown")
    code = sum(len(_code_lines(c.source)) for c in body if c.cell_type == "code")
    assert words <= MAX_WORDS and code <= MAX_CODE_LINES, f"{words} prose words, {code} code lines"
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("#")]
    for section in ("What you will learn", "Summary", "Exercises"):
        assert any(section in h for h in headings), f"no {section!r} section"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_markdown_heading_is_stranded_in_a_code_cell(nb_path):
    nb = jupytext.read(nb_path.with_suffix(".py"))
    stranded = [line for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()
                if re.match(r"# #+ \w", line)]  # a markdown heading commented out in a code cell
    assert not stranded, f"a markdown heading sits in a code cell, so it never renders: {stranded}"


def test_checks_stay_out_of_the_students_way():
    """Asserts live in collapsed check cells; teaching cells keep at most a handful across the series."""
    teaching_asserts = 0
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tags = cell.metadata.get("tags", [])
            if "check" in tags or "solution" in tags:
                assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{nb_path.name}: not collapsed"
                assert cell.metadata.get("cellView") == "form" and cell.source.startswith("#@title"), (
                    f"{nb_path.name}: Colab collapses a cell with cellView 'form' and a #@title line")
        teaching_asserts += sum(line.lstrip().startswith("assert ") for c in _lesson_body(nb)
                                if c.cell_type == "code" and "check" not in c.metadata.get("tags", [])
                                for line in c.source.splitlines())
    assert teaching_asserts <= MAX_TEACHING_ASSERTS, f"{teaching_asserts} asserts in teaching cells"


def test_readme_shows_the_two_commands_and_every_notebook():
    readme = (ROOT / "README.md").read_text()
    quick = readme.index("make lab")
    assert quick < readme.index("conda env create -f environment.yml")
    assert "make test" in readme
    for nb_path in NOTEBOOKS:
        assert nb_path.name in readme, f"README's table is missing {nb_path.name}"


def test_readme_performance_section_is_the_committed_benchmark_run():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench

    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text())
    assert not results["settings"]["smoke"], "commit the results of a full `make bench`"
    table = (ROOT / "benchmarks" / "results" / "results.md").read_text().strip()
    assert table == bench.markdown(results).strip(), "results.md is not what results.json says: rerun make bench"
    assert table in (ROOT / "README.md").read_text(), "README's Performance section differs from results.md"


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors for a document's headings: lower case, spaces to dashes, punctuation dropped."""
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#+ (.+)$", markdown, re.M)}


def test_teaching_guide_covers_every_notebook_and_its_links_resolve():
    guide = (ROOT / "TEACHING.md").read_text()
    for nb_path in NOTEBOOKS:
        number = nb_path.name[:2]
        section = re.search(rf"^### {number} (.+?)$(.*?)(?=^### |\Z)", guide, re.M | re.S)
        assert section, f"TEACHING.md has no section for notebook {number}"
        body = section.group(2)
        assert "**Goals**" in body and "**Questions**" in body and "**Where students get stuck**" in body, number
    six = re.search(r"^\| 6 .*$", guide, re.M).group(0)
    assert sorted(re.findall(r"\b\d\d\b", six)) == [p.name[:2] for p in NOTEBOOKS], "the 6-session plan covers all"
    for target, anchor in re.findall(r"\]\(([^)#\s]+)(?:#([^)\s]+))?\)", guide):
        if target.startswith("http"):
            continue
        path = ROOT / target
        assert path.exists(), f"TEACHING.md links to a missing {target}"
        if anchor:
            assert anchor in _anchors(path.read_text()), f"no heading #{anchor} in {target}"
    assert "README.md#the-notebooks" in guide, "times live in the README's table; the guide links to it"


def test_readme_table_gives_every_notebook_a_run_time_and_a_class_time():
    readme = (ROOT / "README.md").read_text()
    for nb_path in NOTEBOOKS:
        row = next(line for line in readme.splitlines() if line.startswith(f"| [`{nb_path.name}`]"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+ s", cells[2]) and re.fullmatch(r"\d+ min( \(incl\. \d+ your-turn\))?", cells[3]), row


def test_readme_gives_each_lesson_its_class_time_and_none_is_above_a_period():
    sys.path.insert(0, str(ROOT / "tools"))
    import class_time

    assert (ROOT / "README.md").read_text() == class_time.updated_readme(), "run: python tools/class_time.py"
    rows = class_time.table()
    assert sorted(rows) == [p.name[:2] for p in NOTEBOOKS]
    for number, minutes in rows.items():
        assert minutes["total"] <= 50, f"{number}: {class_time.label(minutes)}"
        if number != "11":
            assert 10 <= minutes["your turn"] <= 15, f"{number}: two or three your-turn cells"


def test_the_package_ships_every_subpackage():
    """A wheel (the Colab cell's `pip install`) holds only the packages pyproject lists."""
    listed = set(re.search(r"^packages = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.M)[1]
                 .replace('"', "").replace(" ", "").split(","))
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("helpers", "mnist_exercises")
             for p in (ROOT / top).rglob("__init__.py")}
    assert found == listed


def test_the_package_ships_every_data_file_of_the_helpers():
    """The shipped network and the drawings reach Colab only as package data."""
    data = set(re.findall(r'"([^"]+)"', re.search(r"^helpers = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(),
                                                       re.M)[1]))
    found = {p.name for p in (ROOT / "helpers").iterdir() if p.is_file() and p.suffix not in (".py", ".pyc")}
    assert found == data


def test_the_licences_say_what_is_under_which_terms():
    """Code MIT, prose and figures CC BY 4.0, MNIST (and what is computed from it) CC BY-SA 3.0."""
    licence, text, notice = ((ROOT / name).read_text() for name in ("LICENSE", "LICENSE-text", "NOTICE"))
    assert licence.startswith("MIT License") and "Permission is hereby granted, free of charge" in licence
    assert "Creative Commons Attribution 4.0 International Public License" in text and "Section 8" in text
    for credit in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "helpers/drawings.json", "tools/make_drawings.py",
                   "helpers/series_cnn.npz", "helpers/shipped_results.json"):
        assert credit in notice, credit
