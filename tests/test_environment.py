"""helpers.setup: importing helpers is cheap, start-up notices are dropped, errors are not, seeds repeat."""

import io
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

import helpers
from helpers.environment import drop_notices_from, seed_everything, without_startup_noise


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


def test_seed_everything_returns_the_seed_and_makes_ops_deterministic():
    assert seed_everything(np.int64(7)) == 7
    from tensorflow.python.framework import config  # no public getter exists

    assert config.is_op_determinism_enabled()


def test_a_notebook_shows_everything_on_stderr_but_the_known_notices():
    stream = io.StringIO()
    drop_notices_from(stream)
    drop_notices_from(stream)  # twice changes nothing
    stream.write("I0000 00:00:1.0 1 port.cc:153] oneDNN custom operations are on.\nE0000 real trouble\n")
    stream.write("partial line, no newline")
    assert stream.getvalue() == "E0000 real trouble\npartial line, no newline"


# What setup does in a notebook: ipykernel is imported (a stand-in here, so that the real fd 2 is kept).
IN_A_NOTEBOOK = "import sys, types; sys.modules.setdefault('ipykernel', types.ModuleType('ipykernel'))\n"


@pytest.mark.parametrize("where", ["script", "notebook"])
def test_a_fatal_message_written_after_setup_is_not_lost(where):
    """A kernel that aborts right after its C++ core wrote why: the line reaches the kernel's stderr."""
    code = ((IN_A_NOTEBOOK if where == "notebook" else "") + "import os, helpers\nhelpers.setup()\n"
            "os.write(2, b'F0000 fatal: check failed, aborting\\n')\nos.abort()\n")
    done = _run(code)
    assert done.returncode != 0 and "fatal: check failed, aborting" in done.stderr


def test_writing_a_lot_to_stderr_after_setup_never_blocks(tmp_path):
    """1 MiB to fd 2 and to sys.stderr, far more than a pipe holds (64 KiB), with no one reading it."""
    code = (IN_A_NOTEBOOK + "import os, sys, helpers\nhelpers.setup()\n"
            "os.write(2, b'x' * 2**20 + b'\\n')\nsys.stderr.write('y' * 2**20 + '\\n')\nprint('done')\n")
    with open(tmp_path / "stderr", "w") as stderr:
        done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=stderr, text=True,
                              timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "done"
    text = (tmp_path / "stderr").read_text()
    assert text.count("x") == 2**20 and text.count("y") == 2**20


def test_a_failed_tensorflow_import_shows_what_it_printed(tmp_path):
    fake = tmp_path / "tensorflow"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "import os\nos.write(2, b'libcudart.so.12: cannot open shared object file\\n')\n"
        "raise ImportError('the fake TensorFlow fails to import')\n")
    done = subprocess.run([sys.executable, "-c", "import helpers; helpers.setup()"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode != 0
    assert "libcudart.so.12: cannot open shared object file" in done.stderr and "ImportError" in done.stderr


@pytest.mark.parametrize("bad, error", [("1", TypeError), (1.5, TypeError), (True, TypeError),
                                        (-1, ValueError), (2**32, ValueError)])
def test_bad_seed_is_a_clear_error(bad, error):
    with pytest.raises(error, match="seed"):
        helpers.setup(bad)


@pytest.mark.slow
def test_in_a_real_kernel_every_cell_hides_the_notices_and_shows_the_rest():
    """IPython swaps sys.stderr's write for every cell: the filter must follow, cell after cell."""
    from jupyter_client.manager import start_new_kernel

    # ipykernel reads fd 2 only outside pytest (it looks for PYTEST_CURRENT_TEST): a kernel as Jupyter starts it
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    manager, client = start_new_kernel(kernel_name="python3", env=env)

    def stderr_of(code: str) -> str:
        msg_id, text = client.execute(code), ""
        while True:
            msg = client.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                text += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return text

    notice = ("E0000 node_def_util.cc:682] NodeDef mentions attribute use_unbounded_threadpool"
              " which is not in the op definition")
    try:
        stderr_of("import helpers\nhelpers.setup()")
        for cell in range(2):
            written = stderr_of(f"import os, sys, time\nos.write(2, b'{notice}\\nE0000 trouble {cell}\\n')\n"
                                f"sys.stderr.write('{notice}\\nwarning {cell}\\n')\ntime.sleep(0.5)")
            assert sorted(written.splitlines()) == [f"E0000 trouble {cell}", f"warning {cell}"], repr(written)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
