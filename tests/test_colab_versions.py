"""The Colab lane's version check: it reads Colab's Python from the requirements' ``# python:`` line and
fails on another Python, or on a TensorFlow, Keras or NumPy other than the pinned ones."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_versions", ROOT / "tools" / "colab" / "check_versions.py")
check_versions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_versions)


def test_the_requirements_name_colabs_python_and_pin_what_the_lane_checks():
    text = (ROOT / "tools" / "colab" / "requirements.txt").read_text()
    assert check_versions.python_pin(text) == "3.13"
    assert {"tensorflow", "keras", "numpy"} <= set(check_versions.pins(text))
    assert "googlecolab/backend-info" in text and "a724079" in text  # where the pins were read


def test_another_python_or_package_version_is_a_problem():
    from importlib.metadata import version

    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    same = {name: version(name) for name in check_versions.CHECKED}
    assert check_versions.problems(same, python=here) == []
    other = dict(same, numpy="0.0.1")
    assert [line.split(":")[0] for line in check_versions.problems(other, python="2.7")] == ["python", "numpy"]
    assert check_versions.problems(same, python=None)[0].startswith("python: no `# python")
