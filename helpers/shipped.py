"""The series' network as it ships with the helpers: trained with ``SERIES_RECIPE`` (seed 42), weights in float16.

``series_cnn.npz`` holds the weights in Keras's layout (``conv1/kernel`` (5, 5, 1, 32) ... ``logits/bias`` (10,));
``series_cnn.json`` beside it holds the cache key and recipe it was trained under, its split (the seed and a hash
of the validation images' indices), its history and test accuracy, and the SHA-256 of the ``.npz``, which is
checked before the weights are used. ``shipped_results.json`` holds the results notebooks 06 and 07 compute with
``helpers.cache.cached_result``, under their cache keys on a CPU, each with its SHA-256. ``make reference`` rebuilds
all three (``tools/make_reference.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("series_cnn.npz")
ABOUT = Path(__file__).with_name("series_cnn.json")
RESULTS = Path(__file__).with_name("shipped_results.json")
#: The arrays of the .npz, in the order of ``model.get_weights()`` for :func:`helpers.models.build_cnn`'s network.
LAYOUT = ("conv1/kernel", "conv1/bias", "conv2/kernel", "conv2/bias",
          "dense/kernel", "dense/bias", "logits/kernel", "logits/bias")


def about() -> dict | None:
    """What ``series_cnn.json`` says of the shipped network, or None where none ships."""
    try:
        return json.loads(ABOUT.read_text())
    except FileNotFoundError:
        return None


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def split_digest(validation_indices) -> str:
    """A short hash of which training images a split holds out (their indices, in order)."""
    return hashlib.sha256(np.asarray(validation_indices, dtype=np.int64).tobytes()).hexdigest()[:16]


def weights() -> list[np.ndarray]:
    """The shipped weights as float32 arrays in :data:`LAYOUT` order, after checking the file's SHA-256."""
    info = about()
    if info is None or not WEIGHTS.exists():
        raise FileNotFoundError(f"no shipped network at {WEIGHTS}: `make reference` writes it")
    found = sha256(WEIGHTS)
    if found != info["sha256"]:
        raise ValueError(f"{WEIGHTS.name} is damaged or was replaced: its SHA-256 is {found[:12]}..., "
                         f"not the {info['sha256'][:12]}... that {ABOUT.name} records; reinstall the helpers")
    with np.load(WEIGHTS) as arrays:
        if sorted(arrays.files) != sorted(LAYOUT):
            raise ValueError(f"{WEIGHTS.name} holds {sorted(arrays.files)}, not the arrays {list(LAYOUT)}")
        return [arrays[name].astype(np.float32) for name in LAYOUT]


def result_digest(result: dict) -> str:
    """The SHA-256 of a result as ``shipped_results.json`` records it (keys sorted), in hex."""
    return hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()


def result(key: str) -> dict | None:
    """The result shipped under cache key ``key`` (computed on a CPU), after checking its SHA-256; None if none is."""
    try:
        results = json.loads(RESULTS.read_text())
    except FileNotFoundError:
        return None
    except ValueError as error:
        raise ValueError(f"{RESULTS.name} is damaged ({error}); reinstall the helpers") from None
    entry = results.get(key)
    if entry is None:
        return None
    if result_digest(entry["result"]) != entry["sha256"]:
        raise ValueError(f"the result {key} in {RESULTS.name} was changed after it was written "
                         "(its SHA-256 differs from the one recorded): reinstall the helpers")
    return entry["result"]
