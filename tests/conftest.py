import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the backend Jupyter gives them

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import helpers  # noqa: E402

helpers.setup(seed=0)  # TensorFlow without its start-up notices, as in the notebooks


@pytest.fixture(scope="session")
def mnist():
    """The verified MNIST arrays, from the machine's cache (`make data` fetched them)."""
    from helpers.data import load_mnist

    return load_mnist()


@pytest.fixture(autouse=True)
def close_figures():
    """No test leaves figures open for the next one."""
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def computing_allowed(monkeypatch):
    """Unit tests compute what they test; CI's MNIST_CNN_EXPECT_CACHED is for the notebooks it runs."""
    monkeypatch.delenv("MNIST_CNN_EXPECT_CACHED", raising=False)


def pytest_terminal_summary(terminalreporter):
    """The lines tests recorded as ``record_property("summary", line)``, after the run (xdist passes them on)."""
    for report in terminalreporter.stats.get("passed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "summary":
                terminalreporter.write_line(value)
