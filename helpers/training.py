"""Input pipeline, the series' training recipe, and a cache of trained models keyed by recipe.

``trained_cnn()`` returns the network trained with notebook 04's recipe: from the cache if a model
trained with exactly that recipe is there, otherwise it trains (about 1.5 minutes on 2 CPU cores)
and caches the result, so no notebook trains the same model twice. ``make clean`` empties the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf

from helpers.data import load_mnist, series_cache_dir
from helpers.models import build_cnn
from helpers.seeding import seed_everything

CACHE_FORMAT = 1  # bump when the training code changes in a way that makes old models stale


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything that determines a trained model: architecture, data split, optimiser, schedule."""

    filters: tuple[int, ...] = (32, 64)
    kernel_size: int = 5
    dense_units: int = 1024
    dropout_rate: float = 0.4
    init: str = "keras"  # how weights start: see helpers.models.INITIALISATIONS
    epochs: int = 2
    batch_size: int = 64
    peak_learning_rate: float = 3e-3  # Adam; linear warm-up, then cosine decay to 0
    warmup_fraction: float = 0.1
    validation_size: int = 5000
    train_size: int | None = None  # None: all training images left after the validation split
    seed: int = 42

    def key(self) -> str:
        """A short hash of the recipe: the cache's file name."""
        text = json.dumps({"format": CACHE_FORMAT, **dataclasses.asdict(self)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


#: Notebook 04's recipe: >= 99.3% test accuracy after 2 epochs.
SERIES_RECIPE = Recipe()
#: The original tutorial's recipe: its initialisation, Adam at a constant 1e-4, batches of 50.
ORIGINAL_RECIPE = Recipe(init="original", peak_learning_rate=1e-4, warmup_fraction=0.0, batch_size=50, epochs=18)


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------
def split_train_validation(x, y, validation_size: int = 5000, seed: int = 0):
    """Shuffle once with ``seed`` and carve ``validation_size`` examples off: ``(x_tr, y_tr), (x_va, y_va)``."""
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length: {len(x)} vs {len(y)}")
    if not 0 < validation_size < len(x):
        raise ValueError(f"validation_size must be in (0, {len(x)}); got {validation_size}")
    order = np.random.default_rng(seed).permutation(len(x))
    val, train = order[:validation_size], order[validation_size:]
    return (x[train], y[train]), (x[val], y[val])


def to_model_input(images) -> np.ndarray:
    """uint8 images ``(n, 28, 28)`` -> float32 ``(n, 28, 28, 1)`` in [0, 1], as the model expects."""
    images = _checked_images(images)
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def _checked_images(images) -> np.ndarray:
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError(f"expected uint8 images of shape (n, height, width); got {images.dtype} {images.shape}")
    return images


def make_dataset(images, labels, batch_size: int = 128, *, shuffle: bool = False,
                 seed: int = 0) -> tf.data.Dataset:
    """A ``tf.data`` pipeline of ``(images (b, 28, 28, 1) float32 in [0, 1], labels (b,) int32)``.

    The uint8 arrays are cached in memory; batches are shuffled (a new order every epoch, fixed by
    ``seed``), scaled to [0, 1] one batch at a time, and prefetched while the model trains.
    """
    images, labels = _checked_images(images), np.asarray(labels)
    if labels.shape != (len(images),):
        raise ValueError(f"expected {len(images)} labels of shape ({len(images)},); got {labels.shape}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int; got {batch_size!r}")
    ds = tf.data.Dataset.from_tensor_slices((images, labels.astype(np.int32))).cache()
    if shuffle:
        ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)

    def scale(x, y):
        return tf.cast(x, tf.float32)[..., tf.newaxis] / 255.0, y

    # One map call per batch is cheap; a parallel map would only compete with training for the cores.
    return ds.batch(batch_size).map(scale).prefetch(tf.data.AUTOTUNE)


# --------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------
def learning_rate_schedule(recipe: Recipe, steps_per_epoch: int):
    """Linear warm-up to ``peak_learning_rate`` over ``warmup_fraction`` of training, then cosine to 0."""
    total = recipe.epochs * steps_per_epoch
    warmup = int(recipe.warmup_fraction * total)
    if warmup == 0:
        return recipe.peak_learning_rate
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, decay_steps=total - warmup, warmup_target=recipe.peak_learning_rate,
        warmup_steps=warmup, alpha=0.0)


def compile_for_training(model: keras.Model, learning_rate) -> keras.Model:
    """Adam, cross-entropy on logits (the numerically stable form), accuracy."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def train_cnn(recipe: Recipe = SERIES_RECIPE, verbose: int = 0, callbacks=()) -> tuple[keras.Model, dict]:
    """Train a fresh :func:`build_cnn` model with ``recipe``; return ``(model, history dict)``.

    The validation split is carved from the 60,000 training images; the test set is not touched.
    """
    seed_everything(recipe.seed)
    (x, y), _ = load_mnist()
    (x_tr, y_tr), (x_va, y_va) = split_train_validation(x, y, recipe.validation_size, recipe.seed)
    if recipe.train_size is not None:
        x_tr, y_tr = x_tr[: recipe.train_size], y_tr[: recipe.train_size]
    train_ds = make_dataset(x_tr, y_tr, recipe.batch_size, shuffle=True, seed=recipe.seed)
    val_ds = make_dataset(x_va, y_va, 1000)
    model = build_cnn(recipe.filters, recipe.kernel_size, recipe.dense_units, recipe.dropout_rate, init=recipe.init)
    steps = int(np.ceil(len(x_tr) / recipe.batch_size))
    compile_for_training(model, learning_rate_schedule(recipe, steps))
    history = model.fit(train_ds, validation_data=val_ds, epochs=recipe.epochs, verbose=verbose,
                        callbacks=list(callbacks), shuffle=False)  # the dataset shuffles itself
    return model, {k: [float(v) for v in vs] for k, vs in history.history.items()}


class TrainedModel(NamedTuple):
    """What :func:`trained_cnn` returns."""

    model: keras.Model
    history: dict  # per-epoch lists: loss, accuracy, val_loss, val_accuracy
    seconds: float  # training time when it was trained
    from_cache: bool
    path: Path


def model_cache_dir() -> Path:
    """Where trained models are cached: ``<series cache>/models``."""
    return series_cache_dir() / "models"


def trained_cnn(recipe: Recipe = SERIES_RECIPE, *, retrain: bool = False, verbose: int = 0) -> TrainedModel:
    """The model trained with ``recipe``: loaded from the cache, or trained now and cached."""
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a helpers.training.Recipe; got {type(recipe).__name__}")
    path = model_cache_dir() / f"cnn-{recipe.key()}.keras"
    meta_path = path.with_suffix(".json")
    if not retrain and path.exists() and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text())
            model = keras.saving.load_model(path)
            return TrainedModel(model, meta["history"], meta["seconds"], True, path)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache entry: train again and replace it
    start = time.perf_counter()
    model, history = train_cnn(recipe, verbose=verbose)
    seconds = time.perf_counter() - start
    meta = {"recipe": dataclasses.asdict(recipe), "history": history, "seconds": seconds}
    _save_atomically(model, meta, path, meta_path)
    return TrainedModel(model, history, seconds, False, path)


def _save_atomically(model: keras.Model, meta: dict, path: Path, meta_path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = tempfile.mkdtemp(dir=path.parent, prefix=".saving-")
    try:
        tmp_model = Path(tmp_dir) / path.name
        model.save(tmp_model)
        (Path(tmp_dir) / meta_path.name).write_text(json.dumps(meta, indent=1))
        os.replace(Path(tmp_dir) / meta_path.name, meta_path)
        os.replace(tmp_model, path)  # the model last: a model file always has its metadata
    finally:
        for p in Path(tmp_dir).glob("*"):
            with contextlib.suppress(OSError):
                p.unlink()
        with contextlib.suppress(OSError):
            os.rmdir(tmp_dir)
