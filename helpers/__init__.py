"""Shared helpers for the MNIST CNN notebook series.

Import ``helpers`` before TensorFlow: it imports TensorFlow quietly, so TensorFlow's C++ start-up
lines (CUDA probing, oneDNN notices) do not land in a notebook's outputs as stderr noise.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # a value the user set wins


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with file descriptor 2 pointed at /dev/null.

    TensorFlow 2.21 logs through absl before its log-level filter exists, so TF_CPP_MIN_LOG_LEVEL
    cannot hide those lines; Jupyter kernels forward them to the notebook. Python errors are
    exceptions, not writes to fd 2, so a failed import still reports itself.
    """
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow

        tensorflow.config.list_logical_devices()  # device start-up logs too (e.g. cuInit)
        tensorflow.get_logger().setLevel("ERROR")  # e.g. retracing notices, printed on stdout
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_import_tensorflow_quietly()

from helpers.seeding import seed_everything  # noqa: E402

__all__ = ["seed_everything"]
__version__ = "0.1.0"
