import helpers  # noqa: F401  (first: imports TensorFlow quietly)
import pytest

from helpers.data import load_mnist


@pytest.fixture(scope="session")
def mnist():
    """The verified MNIST arrays, from the machine's cache (`make data` fetched them)."""
    return load_mnist()
