"""helpers.setup: importing helpers is cheap, start-up notices are dropped, errors are not, seeds repeat."""

import random
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

import helpers
from helpers.environment import seed_everything, without_startup_noise


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_helpers_does_not_import_tensorflow():
    done = _run("import sys, helpers; assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_setup_starts_tensorflow_without_noise_and_reports_versions():
    done = _run("import helpers; v = helpers.setup(seed=7); print(v.seed, v.tensorflow, v.keras)")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", f"TensorFlow's start-up lines reached stderr:\n{done.stderr}"
    assert done.stdout.split() == ["7", tf.__version__, keras.__version__]
    plain = _run("import tensorflow as tf; tf.config.list_logical_devices()")
    assert plain.stderr.strip(), "without setup TensorFlow prints start-up lines here; this test would prove nothing"


def test_noise_filter_keeps_everything_that_is_not_a_known_notice():
    captured = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1.0 1 port.cc:153] oneDNN custom operations are on. You may see ...\n"
        "E0000 00:00:1.0 1 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error\n"
        "E0000 00:00:1.0 1 cuda_dnn.cc:9] Loaded runtime CuDNN library: 8.1.0 but source was compiled with 9.3.0\n"
        "W0000 00:00:1.0 1 bfc_allocator.cc:1] Allocator (GPU_0_bfc) ran out of memory trying to allocate 2.0GiB\n"
    )
    kept = without_startup_noise(captured)
    assert kept.splitlines() == captured.splitlines()[3:]


def test_same_seed_same_numbers_other_seed_other_numbers():
    def draws():
        weights = keras.initializers.GlorotUniform()((4, 4))
        return random.random(), np.random.rand(), float(tf.random.uniform(())), float(weights[0, 0])

    assert seed_everything(7) == 7
    first = draws()
    seed_everything(7)
    assert draws() == first
    seed_everything(8)
    assert draws() != first
    from tensorflow.python.framework import config  # no public getter exists

    assert config.is_op_determinism_enabled()


@pytest.mark.parametrize("bad, error", [("1", TypeError), (1.5, TypeError), (True, TypeError),
                                        (-1, ValueError), (2**32, ValueError)])
def test_bad_seed_is_a_clear_error(bad, error):
    with pytest.raises(error, match="seed"):
        helpers.setup(bad)
