"""helpers.cache: what a key covers, and stored networks that survive damage and are written atomically."""

import keras
import numpy as np
import pytest

from helpers import cache
from helpers.models import build_cnn
from helpers.training import SERIES_RECIPE


def test_source_text_drops_comments_and_blank_lines_only():
    def f(x):  # a comment
        """A docstring stays."""

        return x * 2  # another, "# not a comment"

    assert cache.source_text(f) == 'def f(x):\n    """A docstring stays."""\n    return x * 2'
    with pytest.raises(TypeError, match="source of len"):
        cache.source_text(len)


def test_a_source_file_edited_after_import_is_refused(tmp_path, monkeypatch):
    """inspect reads the file on disk: after an edit that shifts lines it would key on other code."""
    module = tmp_path / "edited_module.py"
    module.write_text("def f(x):\n    return x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import edited_module

    assert cache.source_text(edited_module.f) == "def f(x):\n    return x"
    module.write_text("import os\n\n\ndef g(x):\n    return 2 * x\n\n\ndef f(x):\n    return x\n")
    with pytest.raises(TypeError, match="restart the kernel"):
        cache.source_text(edited_module.f)


def test_arguments_are_described_by_value_and_unknown_ones_refused():
    def f(a, b=(1, 2)):
        return a

    base = cache.key(f, a=np.zeros(3))
    assert cache.key(f, a=np.zeros(3), b=(1, 2)) == base
    assert cache.key(f, a=np.ones(3)) != base != cache.key(f, a=np.zeros(3, np.float32))
    assert cache.key(f, a=SERIES_RECIPE) != cache.key(f, a=SERIES_RECIPE.__class__(seed=1))
    with pytest.raises(TypeError, match="'a', a object"):
        cache.key(f, a=object())
    with pytest.raises(TypeError, match="does not take"):
        cache.key(f, c=1)


def test_save_then_load_gives_the_same_model_history_and_recipe(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    keras.utils.set_random_seed(0)
    model = build_cnn(filters=(4,), dense_units=8)
    assert cache.load("abc", SERIES_RECIPE) is None
    saved = cache.save("abc", model, {"loss": [np.float32(0.5), 0.25]}, 12.5, SERIES_RECIPE)
    assert not saved.from_cache and saved.path == tmp_path / "models" / "cnn-abc.keras"
    again = cache.load("abc", SERIES_RECIPE)
    assert again.from_cache and again.history == {"loss": [0.5, 0.25]} and again.seconds == 12.5
    assert again.recipe == SERIES_RECIPE
    x = np.random.default_rng(0).random((2, 28, 28, 1), dtype=np.float32)
    np.testing.assert_array_equal(again.model(x).numpy(), model(x).numpy())
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["cnn-abc.json", "cnn-abc.keras"]


def test_a_damaged_entry_counts_as_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    saved = cache.save("abc", build_cnn(filters=(4,), dense_units=8), {"loss": [1.0]}, 1.0, SERIES_RECIPE)
    saved.path.write_bytes(b"damaged")
    assert cache.load("abc", SERIES_RECIPE) is None
    saved.path.with_suffix(".json").unlink()
    assert cache.load("abc", SERIES_RECIPE) is None


def test_a_network_this_keras_cannot_read_counts_as_missing(tmp_path, monkeypatch, capsys):
    """Keys carry no versions, so a network saved by a newer Keras is found; if it cannot be read, it is missing."""
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    cache.save("abc", build_cnn(filters=(4,), dense_units=8), {"loss": [1.0]}, 1.0, SERIES_RECIPE)

    def newer_keras_file(path):
        raise TypeError("GlorotUniform.__init__() got an unexpected keyword argument 'input_axes'")

    monkeypatch.setattr(keras.saving, "load_model", newer_keras_file)
    assert cache.load("abc", SERIES_RECIPE) is None
    assert "cannot be read (TypeError): it is damaged, or was saved by a Keras" in capsys.readouterr().out


def test_a_recipe_network_another_keras_saved_is_read_by_its_weights(tmp_path, monkeypatch, capsys):
    """Where this Keras cannot read another's configuration, the recipe's own network gets the file's weights."""
    import dataclasses

    from helpers.training import _compiled_cnn, recipe_key

    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    recipe = dataclasses.replace(SERIES_RECIPE, filters=(4,), dense_units=8, train_size=256)
    key = recipe_key(recipe)
    trained = _compiled_cnn(recipe)
    cache.save(key, trained, {"loss": [1.0]}, 1.0, recipe)

    def other_keras_file(path):
        raise TypeError("GlorotUniform.__init__() got an unexpected keyword argument 'input_axes'")

    monkeypatch.setattr(keras.saving, "load_model", other_keras_file)
    found = cache.load(key, recipe)
    assert found is not None and found.model.compiled and "saved by another Keras" in capsys.readouterr().out
    for mine, theirs in zip(found.model.get_weights(), trained.get_weights(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    cache.save("abc", trained, {"loss": [1.0]}, 1.0, recipe)
    assert cache.load("abc", recipe) is None  # not the recipe's key: nothing to rebuild
