import helpers  # noqa: F401  (first: imports TensorFlow quietly)
import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the backend Jupyter gives them

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.data import load_mnist  # noqa: E402


@pytest.fixture(scope="session")
def mnist():
    """The verified MNIST arrays, from the machine's cache (`make data` fetched them)."""
    return load_mnist()


@pytest.fixture(autouse=True)
def close_figures():
    """No test leaves figures open for the next one."""
    yield
    plt.close("all")
