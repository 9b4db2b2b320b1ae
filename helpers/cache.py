"""A disk cache of results and trained networks, keyed by :func:`key` on everything that decides them:
the arguments with defaults filled in; the source (no comments) of the function and of every notebook or
``helpers`` function and class it reaches; the globals they read (arrays by hash); CPU or GPU. No library
versions. A value it cannot describe (a trained network, say) is refused by name, never ignored."""

from __future__ import annotations

import dataclasses
import dis
import hashlib
import inspect
import io
import json
import os
import re
import tempfile
import textwrap
import tokenize
import types
import warnings
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf

from helpers import shipped
from helpers.data import series_cache_dir
from helpers.environment import python_random_kept


class Trained(NamedTuple):
    """A trained network from the cache (or just trained), with the recipe, and so the split, it was trained on."""

    model: keras.Model
    history: dict  # lists per metric, e.g. {"loss": [...], "val_accuracy": [...], "step_loss": [...]}
    seconds: float  # how long the training took, when it ran
    from_cache: bool
    path: Path
    recipe: object  # a helpers.training.Recipe

    def split(self):
        """The data exactly as this network was trained: ``(x_train, y_train), (x_val, y_val)``, uint8 images."""
        return self.recipe.split()


def cache_dir() -> Path:
    """Where trained networks and results are kept: ``<series cache>/models`` (``make clean`` empties it)."""
    return series_cache_dir() / "models"


def _ours(thing) -> bool:
    """Whether ``thing`` (a function, class or module) is the series' code: a notebook's or ``helpers``'."""
    module = getattr(thing, "__module__", None) if not isinstance(thing, types.ModuleType) else thing.__name__
    return module == "__main__" or module == "helpers" or str(module).startswith("helpers.")


def source_text(function) -> str:
    """``function``'s source without comments, blank lines and common indentation."""
    try:
        text = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError) as error:
        raise TypeError(f"cannot read the source of {function.__qualname__}, so it cannot be keyed on") from error
    first = re.match(r"\s*(?:@.*\n\s*)*(?:async\s+)?(?:def|class)\s+(\w+)", text)
    if not first or first.group(1) != function.__name__:  # the file was edited after it was imported
        raise TypeError(f"the source file of {function.__qualname__} changed since it was imported, so the code "
                        "that runs is not the code on disk: restart the kernel")
    lines = text.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:  # a comment runs to the end of its line
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    return "\n".join(line.rstrip() for line in lines if line.strip())


def _names_used(code: types.CodeType) -> tuple[set[str], set[str]]:
    """The global names ``code`` reads and the attribute names it uses, nested code (lambdas) included."""
    codes, read, attributes = [code], set(), set()
    while codes:
        for op in dis.get_instructions(codes.pop()):
            {"LOAD_GLOBAL": read, "LOAD_NAME": read, "LOAD_ATTR": attributes, "LOAD_METHOD": attributes}.get(
                op.opname, set()).add(op.argval)
            if isinstance(op.argval, types.CodeType):
                codes.append(op.argval)
    return read, attributes


def _unwrap(thing):
    """The Python function behind a decorated one (``functools.wraps``, ``tf.function``)."""
    inner = getattr(thing, "__wrapped__", None) or getattr(thing, "python_function", None)
    return thing if inner is None or inner is thing else _unwrap(inner)


class _Keyer:
    """Collects the source of the code a call runs (``code``) and a JSON description of every value it reads."""

    def __init__(self):
        self.code: dict[str, str] = {}
        self.values: dict[str, object] = {}

    def follow(self, thing) -> None:
        name = f"{thing.__module__}.{thing.__qualname__}"
        if name in self.code:
            return
        if isinstance(thing, type):
            self.code[name] = f"class {thing.__qualname__}{tuple(b.__qualname__ for b in thing.__bases__)}"
            for attribute, value in sorted(vars(thing).items()):
                value = _unwrap(getattr(value, "__func__", None) or getattr(value, "fget", None) or value)
                dunder = attribute.startswith("__") and attribute.endswith("__")
                if isinstance(value, types.FunctionType):  # not Python's own, nor a dataclass's generated __init__
                    skip = not _ours(value) or value.__code__.co_filename.startswith("<")
                else:  # class data; not a descriptor (a NamedTuple's fields) or Python's own (__doc__, __module__)
                    skip = dunder or hasattr(type(value), "__get__") or isinstance(value, dataclasses.Field)
                if not skip:
                    self.values[f"{name}.{attribute}"] = self.describe(value, f"{name}.{attribute}")
            for base in (b for b in thing.__bases__ if _ours(b)):
                self.follow(base)
            return
        self.code[name] = source_text(thing)
        read, attributes = _names_used(thing.__code__)
        scope = {n: thing.__globals__[n] for n in read if n in thing.__globals__}
        if thing.__closure__:  # the variables of an enclosing function that it uses
            scope.update(zip(thing.__code__.co_freevars, (c.cell_contents for c in thing.__closure__), strict=True))
        prefix = "" if thing.__module__ == "__main__" else f"{thing.__module__}."
        for used, value in sorted(scope.items()):
            if isinstance(value, types.ModuleType) and _ours(value):  # helpers.plots.show: what it uses of it
                for attribute in sorted(attributes & set(vars(value))):
                    self.values[f"{value.__name__}.{attribute}"] = self.describe(getattr(value, attribute), attribute)
            else:
                self.values[prefix + used] = self.describe(value, used)

    def describe(self, value, name: str):
        """``value`` as JSON the key can hash; the series' code is followed; a value it cannot describe is refused."""
        value = _unwrap(value)
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, (tuple, list)):
            return [type(value).__name__, [self.describe(v, f"{name}[{i}]") for i, v in enumerate(value)]]
        if isinstance(value, dict):
            return ["dict", [[self.describe(k, name), self.describe(v, f"{name}[{k!r}]")] for k, v in value.items()]]
        if isinstance(value, (np.ndarray, np.generic)):
            array = np.ascontiguousarray(value)
            return ["array", array.dtype.str, array.shape, hashlib.sha256(array.tobytes()).hexdigest()]
        if isinstance(value, (types.FunctionType, type)) and _ours(value):
            self.follow(value)
        if isinstance(value, (types.FunctionType, type, types.ModuleType, types.BuiltinFunctionType, np.ufunc)):
            module = str(getattr(value, "__module__", None)).split(".")[0]  # a library's inner modules move
            return ["code", module, getattr(value, "__qualname__", value.__name__)]
        if dataclasses.is_dataclass(value):
            self.describe(type(value), name)
            return [type(value).__qualname__, {f.name: self.describe(getattr(value, f.name), f"{name}.{f.name}")
                                               for f in dataclasses.fields(value)}]
        if isinstance(value, keras.losses.Loss):  # stateless: its configuration is all of it
            return [type(value).__qualname__, self.describe(value.get_config(), name)]
        raise TypeError(f"cannot key a cached result on {name!r}, a {type(value).__name__}: "
                        f"pass what decides the result as arguments (numbers, strings, arrays, recipes)")


def key(function, _device: str | None = None, **arguments) -> str:
    """The cache key of ``function(**arguments)``: see the module's docstring for what it covers. ``_device``
    ("CPU" or "GPU") keys it as if on that device instead of this machine's."""
    function = _unwrap(function)
    try:
        bound = inspect.signature(function).bind(**arguments)
    except TypeError as error:
        raise TypeError(f"{function.__qualname__}() does not take these arguments: {error}") from None
    bound.apply_defaults()
    keyer = _Keyer()
    keyer.follow(function)
    parts = {"function": f"{function.__module__}.{function.__qualname__}", "code": keyer.code,
             "arguments": {k: keyer.describe(v, k) for k, v in bound.arguments.items()}, "values": keyer.values,
             "device": _device or ("GPU" if tf.config.list_physical_devices("GPU") else "CPU")}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _paths(key: str) -> tuple[Path, Path]:
    return cache_dir() / f"cnn-{key}.keras", cache_dir() / f"cnn-{key}.json"


def load(key: str, recipe) -> Trained | None:
    """The network cached under ``key`` (trained with ``recipe``), or ``None`` (a damaged entry counts as none)."""
    model_path, meta_path = _paths(key)
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    try:
        with python_random_kept():  # looking a network up changes none of the notebook's random draws
            model = keras.saving.load_model(model_path)
    except Exception as error:  # noqa: BLE001 - damaged, or saved by a Keras this one cannot read
        model = _weights_only(model_path, key, recipe)
        if model is None:
            print(f"The cached network {model_path.name} cannot be read ({type(error).__name__}): it is damaged, "
                  "or was saved by a Keras this one cannot read.")
            return None
        print(f"The cached network {model_path.name} was saved by another Keras: its weights are loaded into the "
              "recipe's network as this Keras builds it.")
    return Trained(model, meta["history"], meta["seconds"], True, model_path, recipe)


def _weights_only(model_path: Path, key: str, recipe) -> keras.Model | None:
    """The recipe's own network, built and compiled by this Keras, with the weights of ``model_path``, where
    ``key`` is the recipe's key (another Keras wrote a configuration this one cannot read); else None."""
    from helpers import training  # here, not at the top: helpers.training imports this module

    if not isinstance(recipe, training.Recipe) or key != training.recipe_key(recipe):
        return None
    try:
        with python_random_kept(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Skipping variable loading for optimizer": it starts afresh
            model = training._compiled_cnn(recipe)
            model.load_weights(model_path)
    except Exception:  # noqa: BLE001 - damaged after all
        return None
    return model


def save(key: str, model: keras.Model, history: dict, seconds: float, recipe) -> Trained:
    """Cache ``model`` (trained with ``recipe``) and its ``history`` under ``key``; readers never see half an entry."""
    model_path, meta_path = _paths(key)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"history": {k: [float(v) for v in vs] for k, vs in history.items()}, "seconds": float(seconds),
            "recipe": dataclasses.asdict(recipe)}
    with tempfile.TemporaryDirectory(dir=model_path.parent, prefix=".saving-") as tmp:
        model.save(Path(tmp) / model_path.name)
        (Path(tmp) / meta_path.name).write_text(json.dumps(meta))
        os.replace(Path(tmp) / meta_path.name, meta_path)
        os.replace(Path(tmp) / model_path.name, model_path)  # the model last: it always has its metadata
    return Trained(model, meta["history"], meta["seconds"], False, model_path, recipe)


def cached_result(compute, **arguments) -> dict:
    """``compute(**arguments)`` (a dict of numbers and lists): from the cache; else as shipped with the helpers
    (:func:`helpers.shipped.result`, computed on a CPU); else computed now and cached. Prints which of the first two.

    Set ``MNIST_CNN_EXPECT_CACHED=1`` to make computing an error (CI: everything must be cached or shipped);
    ``MNIST_CNN_RECORD_RESULTS=<file>`` appends each call's CPU key and result to that file (``make reference``)."""
    here = key(compute, **arguments)
    on_cpu = key(compute, _device="CPU", **arguments) if tf.config.list_physical_devices("GPU") else here
    call = f"{compute.__name__}({', '.join(f'{k}={v!r}' for k, v in arguments.items())})"
    path = cache_dir() / f"result-{here}.json"
    try:
        result = json.loads(path.read_text())
        print(f"{call}: from the cache")
    except (OSError, ValueError):
        result = None
    if result is None:
        result = shipped.result(on_cpu)
        if result is not None:
            print(f"{call}: as shipped with the helpers (computed on a CPU)")
        elif os.environ.get("MNIST_CNN_EXPECT_CACHED"):
            raise RuntimeError(f"{call} is neither in the cache nor shipped with the helpers (key {on_cpu}), and "
                               "MNIST_CNN_EXPECT_CACHED is set: its code or arguments changed since `make reference` "
                               "ran; run `make notebooks`, then `make reference`")
        else:
            result = compute(**arguments)
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".saving-", suffix=".json",
                                             delete=False) as f:
                json.dump(result, f)
            os.replace(f.name, path)
    record = os.environ.get("MNIST_CNN_RECORD_RESULTS")
    if record:
        with open(record, "a") as f:
            f.write(json.dumps({"key": on_cpu, "call": call, "result": result}) + "\n")
    return result
