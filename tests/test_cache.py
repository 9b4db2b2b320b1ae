"""helpers.cache: keys follow what the training does, entries survive damage, saving is atomic."""

import shutil
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import cache
from helpers.cache import code_fingerprint, training_key
from helpers.models import build_cnn

ROOT = Path(__file__).resolve().parents[1]


def _compiled(learning_rate=1e-3, **kwargs):
    keras.utils.set_random_seed(0)
    model = build_cnn(filters=(4,), dense_units=8, **kwargs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def test_fingerprint_follows_what_the_code_does_not_its_text():
    def a(x):
        return x * 2 + 1

    def b(y):  # another name for the argument, a comment and a docstring: the same computation
        """Twice plus one."""

        return y * 2 + 1

    def c(x):
        return x * 3 + 1

    assert code_fingerprint(a) == code_fingerprint(b) != code_fingerprint(c)
    with pytest.raises(TypeError, match="Python function"):
        code_fingerprint(len)


def test_key_changes_with_the_network_the_compile_settings_and_the_data_settings():
    base = training_key(_compiled(), {"epochs": 1})
    assert training_key(_compiled(), {"epochs": 1}) == base
    assert training_key(_compiled(dropout_rate=0.5), {"epochs": 1}) != base
    assert training_key(_compiled(learning_rate=1e-2), {"epochs": 1}) != base
    assert training_key(_compiled(), {"epochs": 2}) != base
    with pytest.raises(ValueError, match="compiled"):
        training_key(build_cnn(filters=(4,), dense_units=8), {})


@pytest.mark.slow
def test_changing_the_network_code_changes_the_series_key_and_reformatting_does_not(tmp_path):
    """Edit a copy of helpers (as a maintainer would) and ask it for the series' cache key."""
    def key_of(edit=None):
        copy = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(ROOT / "helpers", copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
        if edit:
            path, old, new = edit
            text = (copy / "helpers" / path).read_text()
            assert old in text
            (copy / "helpers" / path).write_text(text.replace(old, new, 1))
        code = "import helpers; helpers.setup(); from helpers.training import recipe_key; print(recipe_key())"
        done = subprocess.run([sys.executable, "-c", code], cwd=copy, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()[-1]

    original = key_of()
    assert key_of(("models.py", 'activation="relu", name="dense"', 'activation="gelu", name="dense"')) != original
    assert key_of(("training.py", "ds.shuffle(len(images)", "ds.shuffle(1000")) != original
    reformatted = ("training.py", "    ds = tf.data.Dataset.from_tensor_slices(",
                   "    # a comment, and a blank line, change nothing\n\n    ds = tf.data.Dataset.from_tensor_slices(")
    assert key_of(reformatted) == original


def test_save_then_load_gives_the_same_model_and_history(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    keras.utils.set_random_seed(0)
    model = build_cnn(filters=(4,), dense_units=8)
    assert cache.load("abc") is None
    saved = cache.save("abc", model, {"loss": [np.float32(0.5), 0.25]}, 12.5)
    assert not saved.from_cache and saved.path == tmp_path / "models" / "cnn-abc.keras"
    again = cache.load("abc")
    assert again.from_cache and again.history == {"loss": [0.5, 0.25]} and again.seconds == 12.5
    x = np.random.default_rng(0).random((2, 28, 28, 1), dtype=np.float32)
    np.testing.assert_array_equal(again.model(x).numpy(), model(x).numpy())
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["cnn-abc.json", "cnn-abc.keras"]


def test_a_damaged_entry_counts_as_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    saved = cache.save("abc", build_cnn(filters=(4,), dense_units=8), {"loss": [1.0]}, 1.0)
    saved.path.write_bytes(b"damaged")
    assert cache.load("abc") is None
    saved.path.with_suffix(".json").unlink()
    assert cache.load("abc") is None
