"""Sound measurements: a network is measured only on images it did not train on, and no cache returns a
stale result. Fast: nothing here trains a network."""

import dataclasses
import json
import linecache
import random
import re
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

import helpers
from helpers import cache
from helpers.training import SERIES_RECIPE, cached_cnn, recipe_key

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))


def _image_ids(images: np.ndarray) -> set[bytes]:
    return {image.tobytes() for image in images}


@pytest.mark.parametrize("seed", [42, 1])
def test_a_provided_network_brings_the_split_it_trained_on(seed, tmp_path, monkeypatch, mnist):
    """The split ``cached_cnn()`` hands over is the one its network trained on: disjoint validation images."""
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    recipe = dataclasses.replace(SERIES_RECIPE, seed=seed)
    seen = []
    monkeypatch.setattr("helpers.training.make_dataset", lambda x, y, *a, **k: seen.append((x, a, k)) or _Stop.go())
    with pytest.raises(_Stop):  # stop the training as soon as it asks for its training pipeline
        cached_cnn(recipe, verbose=0)
    trained_on, _, settings = seen[0]
    assert settings == {"shuffle": True, "seed": seed}
    provided = cache.Trained(None, {}, 0.0, True, tmp_path, recipe)
    (x_train, _), (x_val, _) = provided.split()
    assert np.array_equal(x_train, trained_on)
    (all_train, _), _ = mnist
    assert len(x_train) + len(x_val) == len(all_train) == 60000
    duplicates_in_mnist = len(all_train) - len(_image_ids(all_train))  # MNIST repeats a few images
    assert len(_image_ids(trained_on) & _image_ids(x_val)) <= duplicates_in_mnist


class _Stop(Exception):
    @classmethod
    def go(cls):
        raise cls


def test_the_split_follows_the_seed():
    (a, _), (va, _) = dataclasses.replace(SERIES_RECIPE, seed=42).split()
    (b, _), (vb, _) = dataclasses.replace(SERIES_RECIPE, seed=1).split()
    overlap = len(_image_ids(va) & _image_ids(b))
    assert overlap > 4000, "seed 1's network trains on most of seed 42's validation images: each needs its own"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_that_loads_a_network_trained_elsewhere_splits_the_data_itself(path):
    code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    if re.search(r"\bcached_cnn\s*\(", code):
        assert not re.search(r"split_train_validation\s*\(|\.permutation\s*\(", code), (
            f"{path.name} measures a network trained elsewhere: take its data from trained.split()")


def test_looking_up_a_cached_network_builds_nothing_and_draws_no_random_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    monkeypatch.setattr("helpers.training.build_cnn", lambda *a, **k: pytest.fail("cached_cnn built a network"))
    tiny = dataclasses.replace(SERIES_RECIPE, filters=(4,), dense_units=8, train_size=64, epochs=1)
    keras.utils.set_random_seed(0)
    cache.save(recipe_key(tiny), helpers.models.build_cnn(filters=(4,), dense_units=8), {"loss": [1.0]}, 1.0, tiny)

    def draws():
        return random.random(), float(np.random.rand()), float(tf.random.uniform(())), float(keras.random.uniform(()))

    helpers.seed_everything(3)
    expected = draws()
    helpers.seed_everything(3)
    trained = cached_cnn(tiny)
    assert trained.from_cache and draws() == expected


# --------------------------------------------------------------------------------------------
# Keys of cached results, for functions defined as a notebook cell defines them
# --------------------------------------------------------------------------------------------
_cells = iter(range(10**6))


def run_cell(source: str, namespace: dict) -> dict:
    """Execute ``source`` as IPython runs a cell: in ``__main__``, its text in ``linecache``."""
    filename = f"/tmp/ipykernel_0/{next(_cells)}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102
    return namespace


CELL = '''
import numpy as np
from helpers.training import to_model_input

SCALE = 2.0

def helper(x):
    return x + 1

def experiment(n_images=64, seed=0):
    """A stand-in for a notebook's training run."""
    return {"value": float(np.sum(helper(SCALE * n_images + seed)))}
'''


@pytest.fixture
def notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    return run_cell(CELL, {"__name__": "__main__"})


def _recomputes(namespace, capsys, **arguments) -> bool:
    cache.cached_result(namespace["experiment"], **arguments)
    return "from the cache" not in capsys.readouterr().out


def test_an_unchanged_function_and_a_comment_only_edit_are_read_from_the_cache(notebook, capsys):
    assert _recomputes(notebook, capsys)
    assert not _recomputes(notebook, capsys)
    run_cell(CELL.replace("    return {", "    # a comment, and a blank line\n\n    return {"), notebook)
    assert not _recomputes(notebook, capsys)
    assert not _recomputes(notebook, capsys, n_images=64), "the default, given explicitly, is the same call"


@pytest.mark.parametrize("cell", [
    CELL.replace("n_images=64", "n_images=128"),  # the cell again, with a changed default
    "def helper(x):\n    return x + 2\n",  # another cell redefines a function it calls
])
def test_a_changed_default_or_called_function_recomputes(notebook, capsys, cell):
    assert _recomputes(notebook, capsys)
    run_cell(cell, notebook)
    assert _recomputes(notebook, capsys)


def test_a_changed_global_recomputes_and_one_it_cannot_key_on_is_refused_by_name(notebook, capsys):
    assert _recomputes(notebook, capsys)
    notebook["SCALE"] = 3.0
    assert _recomputes(notebook, capsys)
    run_cell("SCALE = np.full(3, 2.0)", notebook)
    assert _recomputes(notebook, capsys)
    notebook["SCALE"][0] = 5.0  # an array changed in place: keyed by its bytes
    assert _recomputes(notebook, capsys)
    notebook["SCALE"] = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    with pytest.raises(TypeError, match="'SCALE'"):
        cache.cached_result(notebook["experiment"])


def test_a_changed_helpers_function_changes_the_key(notebook, monkeypatch):
    cell = CELL.replace("return x + 1", "return to_model_input(np.zeros((1, 2, 2), np.uint8)).sum() + x")
    run_cell(cell, notebook)
    before = cache.key(notebook["experiment"])
    fake_source = cache.source_text
    edited = "to_model_input"
    monkeypatch.setattr(cache, "source_text", lambda f: fake_source(f) + (" # edited" * (f.__name__ == edited)))
    assert cache.key(notebook["experiment"]) != before


def test_keys_carry_no_library_versions_and_name_the_device(notebook, monkeypatch):
    before = cache.key(notebook["experiment"])
    monkeypatch.setattr(tf, "__version__", "9.9.9")
    monkeypatch.setattr(keras, "__version__", "9.9.9")
    assert cache.key(notebook["experiment"]) == before
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["a GPU"] if kind == "GPU" else [])
    assert cache.key(notebook["experiment"]) != before


def test_the_series_key_covers_the_whole_training_code(monkeypatch):
    """``recipe_key`` follows fit_cnn into everything it calls, LearningCurves' defaults included."""
    before = recipe_key(SERIES_RECIPE)
    keyer = cache._Keyer()
    keyer.follow(helpers.training.fit_cnn)
    for name in ("LearningCurves.__init__", "to_model_input", "make_dataset", "split_train_validation",
                 "compile_cnn", "learning_rate_schedule", "Recipe.split"):
        assert f"helpers.training.{name}" in keyer.code, name
    assert "helpers.models.build_cnn" in keyer.code and "helpers.environment.seed_everything" in keyer.code
    assert recipe_key(dataclasses.replace(SERIES_RECIPE, seed=1)) != before


def test_a_result_comes_from_the_cache_then_the_helpers_then_is_computed(notebook, monkeypatch, capsys, tmp_path):
    """Shipped results are looked up under their CPU key; MNIST_CNN_EXPECT_CACHED makes computing an error;
    MNIST_CNN_RECORD_RESULTS records each call (make reference ships what it records)."""
    from helpers import shipped

    cpu_key = cache.key(notebook["experiment"], _device="CPU")
    shipped_file = tmp_path / "shipped.json"
    fake = {"value": -1.0}
    shipped_file.write_text(json.dumps({cpu_key: {"call": "experiment()", "result": fake,
                                                  "sha256": shipped.result_digest(fake)}}))
    monkeypatch.setattr(shipped, "RESULTS", shipped_file)
    monkeypatch.setenv("MNIST_CNN_RECORD_RESULTS", str(tmp_path / "calls.jsonl"))
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["a GPU"] if kind == "GPU" else [])
    assert cache.cached_result(notebook["experiment"]) == fake  # a GPU machine: keyed apart, served the CPU's
    assert "as shipped with the helpers" in capsys.readouterr().out
    monkeypatch.setenv("MNIST_CNN_EXPECT_CACHED", "1")
    with pytest.raises(RuntimeError, match="neither in the cache nor shipped"):
        cache.cached_result(notebook["experiment"], n_images=128)
    monkeypatch.delenv("MNIST_CNN_EXPECT_CACHED")
    computed = cache.cached_result(notebook["experiment"], n_images=128)
    assert computed == {"value": 2.0 * 128 + 1}
    assert cache.cached_result(notebook["experiment"], n_images=128) == computed
    assert "from the cache" in capsys.readouterr().out
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    assert [c["result"] for c in calls] == [fake, computed, computed] and calls[0]["key"] == cpu_key
