"""The network that ships with the helpers (helpers/series_cnn.npz): what it is, and when cached_cnn gives it."""

import dataclasses
import json
import shutil

import keras  # noqa: F401 - keras.Model.fit is patched
import numpy as np
import pytest

from helpers import shipped
from helpers.models import build_cnn
from helpers.training import SERIES_RECIPE, cached_cnn, recipe_key, split_train_validation, to_model_input

INFO = shipped.about()


def test_it_is_the_series_network_in_float16_with_its_hash():
    assert INFO is not None, "no helpers/series_cnn.json: run `make reference`"
    assert shipped.sha256(shipped.WEIGHTS) == INFO["sha256"]
    with np.load(shipped.WEIGHTS) as arrays:
        assert list(arrays.files) == list(shipped.LAYOUT)
        shapes = {name: arrays[name].shape for name in arrays.files}
        assert all(arrays[name].dtype == np.float16 for name in arrays.files)
    assert shapes == {"conv1/kernel": (5, 5, 1, 32), "conv1/bias": (32,), "conv2/kernel": (5, 5, 32, 64),
                      "conv2/bias": (64,), "dense/kernel": (3136, 1024), "dense/bias": (1024,),
                      "logits/kernel": (1024, 10), "logits/bias": (10,)}
    assert INFO["parameters"] == 3_274_634 == sum(int(np.prod(s)) for s in shapes.values())
    assert shipped.WEIGHTS.stat().st_size < 7e6  # float16: 6.5 MB (float32 would be 13.1 MB)


def test_it_was_trained_with_todays_series_recipe_and_split():
    """A change to the training code changes the key: then `make reference` must rebuild it."""
    assert INFO["key"] == recipe_key(SERIES_RECIPE), "the training code changed: run `make reference`"
    assert INFO["recipe"] == json.loads(json.dumps(dataclasses.asdict(SERIES_RECIPE))) and SERIES_RECIPE.seed == 42
    index = np.arange(60000)
    _, (held_out, _) = split_train_validation(index, index, SERIES_RECIPE.validation_size, SERIES_RECIPE.seed)
    assert INFO["split"] == {"seed": 42, "validation_size": 5000, "validation_digest": shipped.split_digest(held_out)}
    assert len(INFO["history"]["step_loss"]) == 2 * 860 and len(INFO["history"]["val_accuracy"]) == 2


def test_it_loads_into_build_cnn_and_reads_the_test_set(mnist):
    model = build_cnn()
    model.set_weights(shipped.weights())
    _, (x_test, y_test) = mnist
    accuracy = np.mean(model.predict(to_model_input(x_test), batch_size=1000, verbose=0).argmax(axis=1) == y_test)
    assert accuracy >= 0.991 and np.isclose(accuracy, INFO["test_accuracy"], atol=2e-4)


def test_cached_cnn_gives_it_only_for_the_series_recipe_when_nothing_is_cached(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("helpers.cache.cache_dir", lambda: tmp_path)  # an empty cache

    def no_training(*args, **kwargs):
        raise AssertionError("trained")

    monkeypatch.setattr("keras.Model.fit", no_training)  # not fit_cnn: its source is part of the key
    trained = cached_cnn()
    assert trained.from_cache and trained.path == shipped.WEIGHTS and trained.model.compiled
    assert "ships with the helpers" in capsys.readouterr().out
    assert trained.history == INFO["history"] and trained.split()[1][0].shape == (5000, 28, 28)
    for other in (dataclasses.replace(SERIES_RECIPE, seed=3), dataclasses.replace(SERIES_RECIPE, epochs=1)):
        with pytest.raises(AssertionError, match="trained"):  # another seed or recipe is trained, never shipped
            cached_cnn(other)


def test_a_damaged_file_is_refused_by_its_hash(tmp_path, monkeypatch):
    damaged = tmp_path / "series_cnn.npz"
    shutil.copy(shipped.WEIGHTS, damaged)
    with damaged.open("r+b") as f:
        f.seek(-100, 2)
        byte = f.read(1)
        f.seek(-100, 2)
        f.write(bytes([byte[0] ^ 1]))
    monkeypatch.setattr(shipped, "WEIGHTS", damaged)
    with pytest.raises(ValueError, match="damaged or was replaced"):
        shipped.weights()


def test_a_gpu_machine_gets_it_too(tmp_path, monkeypatch):
    """Networks trained on a GPU are keyed apart; the shipped one (trained on a CPU) still serves there."""
    import tensorflow as tf

    monkeypatch.setattr("helpers.cache.cache_dir", lambda: tmp_path)
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: ["a GPU"] if kind == "GPU" else [])
    assert recipe_key(SERIES_RECIPE) != INFO["key"] and INFO["device"] == "CPU"
    monkeypatch.setattr("keras.Model.fit", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    assert cached_cnn().path == shipped.WEIGHTS


RESULTS = json.loads(shipped.RESULTS.read_text())


def test_the_shipped_results_are_notebook_06_and_07s_with_their_hashes():
    calls = sorted(entry["call"].split("(")[0] for entry in RESULTS.values())
    assert calls == ["train_on_images"] * 11 + ["train_small"] * 3
    for found_key, entry in RESULTS.items():
        assert shipped.result(found_key) == entry["result"]
    assert shipped.result("0000000000000000") is None


def test_a_changed_shipped_result_is_refused(tmp_path, monkeypatch):
    some_key = sorted(RESULTS)[0]
    changed = {k: dict(v) for k, v in RESULTS.items()}
    changed[some_key]["result"] = {**changed[some_key]["result"], "seconds": 0.0}
    (tmp_path / "results.json").write_text(json.dumps(changed))
    monkeypatch.setattr(shipped, "RESULTS", tmp_path / "results.json")
    with pytest.raises(ValueError, match="was changed after it was written"):
        shipped.result(some_key)
    (tmp_path / "results.json").write_text('{"truncated')
    with pytest.raises(ValueError, match="damaged"):
        shipped.result(some_key)
