"""A disk cache of trained models, keyed on everything that determines the trained weights.

The key hashes what the training *does*: the network's configuration (``model.get_config()``),
its compile configuration (optimizer, learning-rate schedule, loss, metrics), the data and fit
settings, the bytecode of the input-pipeline code, the TensorFlow and Keras versions, and whether a
GPU trained it. Change any of them and the key changes, so a stale model is never loaded; reformat
or comment the code and it does not.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import types
from pathlib import Path
from typing import NamedTuple

import keras
import tensorflow as tf

from helpers.data import series_cache_dir


class Trained(NamedTuple):
    """A trained model from the cache (or just trained): what :func:`load` and :func:`save` hand back."""

    model: keras.Model
    history: dict  # lists per metric, e.g. {"loss": [...], "val_accuracy": [...], "step_loss": [...]}
    seconds: float  # how long the training took, when it ran
    from_cache: bool
    path: Path


def cache_dir() -> Path:
    """Where trained models are kept: ``<series cache>/models`` (``make clean`` empties it)."""
    return series_cache_dir() / "models"


def code_fingerprint(function) -> str:
    """A hash of what ``function`` does: its bytecode, constants and names, not its text.

    Comments, blank lines, docstrings and local variable names do not change it.
    """
    def describe(code: types.CodeType, consts):
        return [code.co_code.hex(), code.co_names,
                [describe(c, c.co_consts) if isinstance(c, types.CodeType) else repr(c) for c in consts]]

    if not isinstance(function, types.FunctionType):
        raise TypeError(f"expected a Python function; got {type(function).__name__}")
    code = function.__code__
    consts = code.co_consts
    if consts and (consts[0] is None or isinstance(consts[0], str)):  # the docstring's slot
        consts = consts[1:]
    return hashlib.sha256(json.dumps(describe(code, consts)).encode()).hexdigest()[:16]


def training_key(model: keras.Model, settings: dict, code=()) -> str:
    """The cache key of training the *compiled* ``model`` with ``settings`` (epochs, batch size, seed, ...).

    ``code`` lists the functions that prepare the data; their :func:`code_fingerprint` is part of the key.
    """
    if not isinstance(model, keras.Model) or not model.compiled:
        raise ValueError("training_key needs a compiled keras.Model: call model.compile(...) first")
    parts = {
        "network": model.get_config(),
        "compile": _without_names(model.get_compile_config()),
        "settings": settings,
        "code": {f"{f.__module__}.{f.__qualname__}": code_fingerprint(f) for f in code},
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
        "device": "GPU" if tf.config.list_physical_devices("GPU") else "CPU",
    }
    text = json.dumps(parts, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _without_names(config):
    """``config`` without its ``name`` entries: Keras numbers optimizers ("adam", "adam_1", ...) as they are made."""
    if isinstance(config, dict):
        return {k: _without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list):
        return [_without_names(v) for v in config]
    return config


def _paths(key: str) -> tuple[Path, Path]:
    model_path = cache_dir() / f"cnn-{key}.keras"
    return model_path, model_path.with_suffix(".json")


def load(key: str) -> Trained | None:
    """The model cached under ``key``, or ``None`` if there is none (a damaged entry counts as none)."""
    model_path, meta_path = _paths(key)
    try:
        meta = json.loads(meta_path.read_text())
        model = keras.saving.load_model(model_path)
    except (OSError, ValueError, KeyError):
        return None
    return Trained(model, meta["history"], meta["seconds"], True, model_path)


def save(key: str, model: keras.Model, history: dict, seconds: float) -> Trained:
    """Cache ``model`` and its ``history`` (lists of numbers) under ``key``; readers never see half an entry."""
    model_path, meta_path = _paths(key)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"history": {k: [float(v) for v in vs] for k, vs in history.items()}, "seconds": float(seconds)}
    with tempfile.TemporaryDirectory(dir=model_path.parent, prefix=".saving-") as tmp:
        model.save(Path(tmp) / model_path.name)
        (Path(tmp) / meta_path.name).write_text(json.dumps(meta))
        os.replace(Path(tmp) / meta_path.name, meta_path)
        os.replace(Path(tmp) / model_path.name, model_path)  # the model last: it always has its metadata
    return Trained(model, meta["history"], meta["seconds"], False, model_path)


def cached_result(compute, **arguments) -> dict:
    """``compute(**arguments)`` (a dict of numbers and lists), computed once and then read from the cache.

    The key covers ``compute``'s code, its ``arguments``, the TensorFlow and Keras versions and the
    device, as for trained models. Prints one line when it reads a stored result.
    """
    parts = {"code": code_fingerprint(compute), "name": compute.__qualname__, "arguments": arguments,
             "versions": {"tensorflow": tf.__version__, "keras": keras.__version__},
             "device": "GPU" if tf.config.list_physical_devices("GPU") else "CPU"}
    key = hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()[:16]
    path = cache_dir() / f"result-{key}.json"
    try:
        result = json.loads(path.read_text())
        print(f"{compute.__name__}({', '.join(f'{k}={v!r}' for k, v in arguments.items())}): from the cache")
        return result
    except (OSError, ValueError):
        pass
    result = compute(**arguments)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".saving-", suffix=".json", delete=False) as f:
        json.dump(result, f)
    os.replace(f.name, path)
    return result
