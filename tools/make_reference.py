"""Write what ships with the helpers: the network (``helpers/series_cnn.npz``, ``helpers/series_cnn.json``) and the
results of notebooks 06 and 07's experiments (``helpers/shipped_results.json``).

    make reference        # or: python tools/make_reference.py

It takes the series' network (``SERIES_RECIPE``, seed 42) from the cache, where notebook 05 or ``cached_cnn()``
put it (it trains it first if the cache has none), stores its weights as float16 in Keras's layout, and records
beside them the cache key and recipe, the split, the history, the test accuracy of the float16 weights and the
file's SHA-256 (see :mod:`helpers.shipped`). Then it runs every notebook that calls ``cached_result`` (in a
kernel, outputs thrown away) with ``MNIST_CNN_RECORD_RESULTS`` set, and ships exactly the results those calls
returned, under their CPU cache keys (from the cache, else from the shipped file already there under the
same key, else computed). On a CPU only:
the keys say CPU. Prints what it wrote.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from helpers import cache, shipped  # noqa: E402
from helpers.data import load_mnist  # noqa: E402
from helpers.models import build_cnn  # noqa: E402
from helpers.training import SERIES_RECIPE, fit_cnn, recipe_key, split_train_validation, to_model_input  # noqa: E402,E501


def ship_results() -> None:
    """Run the notebooks that call ``cached_result`` and write ``shipped_results.json`` from what they got."""
    notebooks = [p.with_suffix(".ipynb") for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
                 if "cached_result(" in p.read_text()]
    results = {}
    with tempfile.TemporaryDirectory(prefix="results-") as tmp:
        record = Path(tmp) / "calls.jsonl"
        os.environ["MNIST_CNN_RECORD_RESULTS"] = str(record)  # the kernels inherit it
        for path in notebooks:
            start = time.perf_counter()
            NotebookClient(nbformat.read(path, as_version=4), timeout=1800, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            print(f"ran {path.name} in {time.perf_counter() - start:.0f} s")
        for line in record.read_text().splitlines():
            call = json.loads(line)
            results[call["key"]] = {"call": call["call"], "result": call["result"],
                                    "sha256": shipped.result_digest(call["result"])}
    tmp_path = shipped.RESULTS.with_suffix(".tmp.json")
    lines = [f"{json.dumps(k)}: {json.dumps(results[k], sort_keys=True)}" for k in sorted(results)]
    tmp_path.write_text("{\n" + ",\n".join(lines) + "\n}\n")  # one result a line: readable diffs
    os.replace(tmp_path, shipped.RESULTS)
    print(f"wrote {shipped.RESULTS.relative_to(ROOT)}: {len(results)} results of "
          f"{', '.join(p.stem for p in notebooks)} ({shipped.RESULTS.stat().st_size / 1e3:.0f} kB)")


def main() -> int:
    if tf.config.list_physical_devices("GPU"):
        sys.exit("make reference runs on a CPU only: what it ships is keyed and described as trained on a CPU")
    recipe, key = SERIES_RECIPE, recipe_key(SERIES_RECIPE)
    trained = cache.load(key, recipe)
    if trained is None:
        print(f"No series network cached under {key}: training it ({recipe})")
        start = time.perf_counter()
        model, history = fit_cnn(recipe, verbose=2)
        trained = cache.save(key, model, history, time.perf_counter() - start, recipe)
    arrays = dict(zip(shipped.LAYOUT, (w.astype(np.float16) for w in trained.model.get_weights()), strict=True))
    for name, array in arrays.items():
        layer, kind = name.split("/")
        expected = trained.model.get_layer(layer).kernel.shape if kind == "kernel" else \
            trained.model.get_layer(layer).bias.shape
        assert array.shape == tuple(expected), (name, array.shape, expected)
    weights_tmp = shipped.WEIGHTS.with_suffix(".tmp.npz")  # written whole, then moved into place
    np.savez(weights_tmp, **arrays)

    model = build_cnn()  # what a notebook gets: float32 weights, read back from the float16 file
    model.set_weights([arrays[name].astype(np.float32) for name in shipped.LAYOUT])
    _, (x_test, y_test) = load_mnist()
    predicted = model.predict(to_model_input(x_test), batch_size=1000, verbose=0).argmax(axis=1)
    full = trained.model.predict(to_model_input(x_test), batch_size=1000, verbose=0).argmax(axis=1)
    index = np.arange(len(load_mnist()[0][0]))
    _, (held_out, _) = split_train_validation(index, index, recipe.validation_size, recipe.seed)  # which images
    info = {
        "key": key,
        "device": "GPU" if tf.config.list_physical_devices("GPU") else "CPU",
        "recipe": json.loads(json.dumps(dataclasses.asdict(recipe))),
        "split": {"seed": recipe.seed, "validation_size": recipe.validation_size,
                  "validation_digest": shipped.split_digest(held_out)},
        "parameters": int(sum(a.size for a in arrays.values())),
        "test_accuracy": float(np.mean(predicted == y_test)),
        "test_accuracy_float32": float(np.mean(full == y_test)),
        "seconds": trained.seconds,
        "trained_with": {"tensorflow": tf.__version__, "keras": keras.__version__},
        "history": trained.history,
        "sha256": shipped.sha256(weights_tmp),
    }
    about_tmp = shipped.ABOUT.with_suffix(".tmp.json")
    about_tmp.write_text(json.dumps(info, indent=1) + "\n")
    os.replace(weights_tmp, shipped.WEIGHTS)  # a reader between the two moves sees a hash mismatch: an error
    os.replace(about_tmp, shipped.ABOUT)
    print(f"wrote {shipped.WEIGHTS.relative_to(ROOT)} ({shipped.WEIGHTS.stat().st_size / 1e6:.1f} MB, "
          f"{info['parameters']:,} parameters in float16) and {shipped.ABOUT.relative_to(ROOT)}: key {key}, "
          f"test accuracy {info['test_accuracy']:.2%} (float32: {info['test_accuracy_float32']:.2%})")
    ship_results()
    return 0


if __name__ == "__main__":
    sys.exit(main())
