"""``helpers.setup(seed=42)``, each notebook's first call: start TensorFlow quietly, seed, report versions."""

from __future__ import annotations

import contextlib
import os
import platform
import random
import re
import sys
import tempfile
from typing import NamedTuple

import numpy as np
from packaging.version import Version

#: Notices (not problems) TensorFlow's C++ core prints on a student's laptop; anything else reaches stderr.
STARTUP_NOISE = re.compile("|".join([
    r"All log messages before absl::InitializeLog\(\) is called",
    r"oneDNN custom operations are on",
    r"Could not find cuda drivers on your machine",
    r"failed call to cuInit",  # what the CUDA build says where there is no GPU
    r"cpu_feature_guard",
    r"^To enable the following instructions",
    r"Unable to register cu(DNN|FFT|BLAS) factory",
    r"computation placer already registered",
    r"TF-TRT Warning: Could not find TensorRT",
    # tf.data, when op determinism turns a parallel input map back into a sequential one (harmless):
    r"NodeDef mentions attribute use_unbounded_threadpool which is not in the op definition",
]))


class Versions(NamedTuple):
    """What :func:`setup` reports; ``print(versions)`` gives one line."""

    python: str
    tensorflow: str
    keras: str
    numpy: str
    gpus: int
    seed: int

    def __str__(self) -> str:
        device = f"{self.gpus} GPU(s)" if self.gpus else "CPU only (fine: every notebook runs on a CPU)"
        return (f"Python {self.python}, TensorFlow {self.tensorflow}, Keras {self.keras}, NumPy {self.numpy}; "
                f"{device}; random seed {self.seed}")


def without_startup_noise(text: str) -> str:
    """``text`` (captured stderr) without the lines that match :data:`STARTUP_NOISE`."""
    return "".join(line for line in text.splitlines(keepends=True) if not STARTUP_NOISE.search(line))


def drop_notices_from(stream) -> None:
    """Wrap ``stream.write`` so that it drops the known notices. (ipykernel copies file descriptor 2 to the
    kernel's terminal and to ``sys.stderr``; only the notebook's copy is filtered, so nothing can block.)"""
    write = stream.write
    if getattr(write, "drops_notices", False):
        return

    def write_without_notices(text):
        kept = without_startup_noise(text)
        return write(kept) if kept else len(text)

    write_without_notices.drops_notices = True
    stream.write = write_without_notices


def _drop_notices_in_every_cell() -> None:
    """IPython gives ``sys.stderr`` a fresh ``write`` for every cell it runs: filter each cell's too."""
    drop_notices_from(sys.stderr)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or any(getattr(f, "drops_notices", False) for f in shell.events.callbacks["pre_run_cell"]):
        return

    def each_cell(info):
        drop_notices_from(sys.stderr)

    each_cell.drops_notices = True
    shell.events.register("pre_run_cell", each_cell)


def _start_tensorflow_quietly() -> int:
    """Import and start TensorFlow (devices, one tiny ``predict``) with file descriptor 2 captured; pass on
    all but the known notices, or everything if it fails. Returns the number of GPUs."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:  # a file, not a pipe: writing to it never blocks
        try:
            os.dup2(captured.fileno(), 2)
            import keras
            import tensorflow as tf

            gpus = len(tf.config.list_physical_devices("GPU"))
            tf.config.list_logical_devices()  # device start-up prints too (e.g. cuInit)
            tf.config.experimental.enable_op_determinism()
            tiny = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
            tiny.predict(np.zeros((2, 1), np.float32), batch_size=8, verbose=0)
        except BaseException:  # a failed start: show everything it printed, notices included
            os.dup2(saved, 2)
            captured.seek(0)
            sys.stderr.write(captured.read().decode(errors="replace"))
            sys.stderr.flush()
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        rest = without_startup_noise(captured.read().decode(errors="replace"))
    if rest.strip():
        sys.stderr.write(rest)
    return gpus


def seed_everything(seed: int = 42) -> int:
    """Seed Python, NumPy and TensorFlow/Keras, make TensorFlow ops deterministic; return ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    import keras
    import tensorflow as tf

    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow generators
    tf.config.experimental.enable_op_determinism()
    return seed


@contextlib.contextmanager
def python_random_kept():
    """Put Python's ``random`` back as it was after the block (building a Keras network draws from it)."""
    state = random.getstate()
    try:
        yield
    finally:
        random.setstate(state)


def setup(seed: int = 42) -> Versions:
    """Start TensorFlow without its start-up notices, seed everything with ``seed``, return the versions.

    Its errors and warnings still reach stderr; in a notebook, its notices stay hidden all session."""
    if "ipykernel" in sys.modules:
        _drop_notices_in_every_cell()
    gpus = _start_tensorflow_quietly()
    import keras
    import tensorflow as tf

    for name, found, needed in (("TensorFlow", tf.__version__, "2.16"), ("Keras", keras.__version__, "3.0")):
        if Version(found) < Version(needed):
            raise RuntimeError(f"this series needs {name} {needed} or newer; found {found}. "
                               f"Upgrade it (pip install -U {name.lower()}) or use the pinned environment (make lab).")
    seed = seed_everything(seed)
    return Versions(platform.python_version(), tf.__version__, keras.__version__, np.__version__, gpus, seed)
