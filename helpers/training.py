"""The series' training recipe (notebook 05 writes it out): split, input pipeline, schedule, compile, fit.

Later notebooks call :func:`cached_cnn` for the network it trains, with its split, from the cache when it is there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time

import keras
import numpy as np
import tensorflow as tf

from helpers import cache, shipped
from helpers.data import load_mnist
from helpers.environment import python_random_kept, seed_everything
from helpers.models import build_cnn


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything that determines a trained network: architecture, data, optimiser, schedule, seed."""

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

    def split(self):
        """MNIST's training images as this recipe splits them: ``(x_train, y_train), (x_val, y_val)``, uint8."""
        (x, y), _ = load_mnist()
        (x_tr, y_tr), validation = split_train_validation(x, y, self.validation_size, self.seed)
        if self.train_size is not None:
            x_tr, y_tr = x_tr[: self.train_size], y_tr[: self.train_size]
        return (x_tr, y_tr), validation


#: Notebook 05's recipe, :func:`cached_cnn`'s default (``make seed-check`` swaps in other seeds).
SERIES_RECIPE = Recipe()
#: The original tutorial's recipe: its initialisation, Adam at a constant 1e-4, batches of 50.
ORIGINAL_RECIPE = Recipe(init="original", peak_learning_rate=1e-4, warmup_fraction=0.0, batch_size=50, epochs=18)


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
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError(f"expected uint8 images of shape (n, height, width); got {images.dtype} {images.shape}")
    return (images.astype(np.float32) / 255.0)[..., np.newaxis]


def make_dataset(images, labels, batch_size: int = 64, *, shuffle: bool = False, seed: int = 0) -> tf.data.Dataset:
    """A ``tf.data`` pipeline of ``(images (b, 28, 28, 1) float32 in [0, 1], labels (b,) int32)``: uint8 kept,
    shuffled anew each epoch (fixed by ``seed``), scaled one batch at a time, prefetched (notebook 05)."""
    to_model_input(images[:1])  # the same input check
    labels = np.asarray(labels)
    if labels.shape != (len(images),):
        raise ValueError(f"expected {len(images)} labels of shape ({len(images)},); got {labels.shape}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int; got {batch_size!r}")
    ds = tf.data.Dataset.from_tensor_slices((images, labels.astype(np.int32))).cache()
    if shuffle:
        ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(batch_size).map(lambda x, y: (tf.cast(x, tf.float32)[..., None] / 255.0, y)).prefetch(2)


def learning_rate_schedule(recipe: Recipe, steps_per_epoch: int):
    """Linear warm-up to ``peak_learning_rate`` over ``warmup_fraction`` of training, then cosine to 0."""
    total = recipe.epochs * steps_per_epoch
    warmup = int(recipe.warmup_fraction * total)
    if warmup == 0:
        return recipe.peak_learning_rate
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, decay_steps=total - warmup, warmup_target=recipe.peak_learning_rate,
        warmup_steps=warmup, alpha=0.0)


def compile_cnn(model: keras.Model, recipe: Recipe, steps_per_epoch: int) -> keras.Model:
    """Adam on the recipe's schedule, cross-entropy on logits (the stable form), accuracy."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate_schedule(recipe, steps_per_epoch)),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


class LearningCurves(keras.callbacks.Callback):
    """``history``: each step's ``step_loss``/``step_accuracy``, and every ``every`` steps ``val_at_step``,
    ``val_loss_at_step``, ``val_accuracy_at_step`` on ``x_val`` ``(n, 28, 28, 1)``, ``y_val`` ``(n,)``."""

    def __init__(self, x_val, y_val, every: int = 200):
        super().__init__()
        self.x_val, self.y_val, self.every = x_val, np.asarray(y_val), every
        self.history = {k: [] for k in ("step_loss", "step_accuracy", "val_at_step", "val_loss_at_step",
                                        "val_accuracy_at_step")}

    def on_epoch_begin(self, epoch, logs=None):
        self._sums, self._n = (0.0, 0.0), 0

    def on_train_batch_end(self, batch, logs=None):
        # Keras reports the mean since the epoch began; un-average it to get this batch's own value.
        self._n += 1
        sums = (logs["loss"] * self._n, logs["accuracy"] * self._n)
        self.history["step_loss"].append(float(sums[0] - self._sums[0]))
        self.history["step_accuracy"].append(float(sums[1] - self._sums[1]))
        self._sums = sums
        if len(self.history["step_loss"]) % self.every == 0:
            self._validate()

    def on_train_end(self, logs=None):
        if self.history["val_at_step"][-1:] != [len(self.history["step_loss"])]:
            self._validate()

    def _validate(self):  # predict, not evaluate: evaluate would reset the running means fit reports
        logits = self.model.predict(self.x_val, batch_size=1000, verbose=0)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(self.y_val, logits)
        self.history["val_at_step"].append(len(self.history["step_loss"]))
        self.history["val_loss_at_step"].append(float(loss))
        self.history["val_accuracy_at_step"].append(float(np.mean(logits.argmax(axis=1) == self.y_val)))


def _compiled_cnn(recipe: Recipe) -> keras.Model:
    """A new network built and compiled as ``recipe`` says (its weights drawn from the generators as they are)."""
    left = 60000 - recipe.validation_size
    steps_per_epoch = -(-(left if recipe.train_size is None else min(recipe.train_size, left)) // recipe.batch_size)
    model = build_cnn(recipe.filters, recipe.kernel_size, recipe.dense_units, recipe.dropout_rate, init=recipe.init)
    return compile_cnn(model, recipe, steps_per_epoch)


def fit_cnn(recipe: Recipe, verbose="auto", callbacks=()):
    """Train a fresh :func:`build_cnn` network with ``recipe`` (no cache): ``(model, history)``, the
    latter ``fit``'s per-epoch lists and :class:`LearningCurves`' per-step ones."""
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a helpers.training.Recipe; got {type(recipe).__name__}")
    (x_tr, y_tr), (x_val, y_val) = recipe.split()
    train_ds = make_dataset(x_tr, y_tr, recipe.batch_size, shuffle=True, seed=recipe.seed)
    seed_everything(recipe.seed)  # right before building: the same starting weights every time
    model = _compiled_cnn(recipe)
    curves = LearningCurves(to_model_input(x_val), y_val)
    fitted = model.fit(train_ds, validation_data=make_dataset(x_val, y_val, 1000), epochs=recipe.epochs,
                       verbose=verbose, callbacks=[curves, *callbacks], shuffle=False)  # the pipeline shuffles
    return model, {**fitted.history, **curves.history}


def recipe_key(recipe: Recipe, device: str | None = None) -> str:
    """The cache key of the network ``recipe`` trains: the recipe and the code of :func:`fit_cnn` and all it calls,
    on this machine's device or on ``device`` ("CPU", "GPU")."""
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a helpers.training.Recipe; got {type(recipe).__name__}")
    return cache.key(fit_cnn, _device=device, recipe=recipe)


def _description(model: keras.Model) -> str:
    """What a compiled network is before training: its layers and its compile settings, as JSON."""
    if not isinstance(model, keras.Model) or not model.compiled:
        raise ValueError("key_for needs a compiled keras.Model: call model.compile(...) first")
    compiled = dict(model.get_compile_config())
    compiled["optimizer"] = {k: v for k, v in keras.optimizers.serialize(model.optimizer)["config"].items()
                             if k != "name"}  # Keras numbers optimizers' names as they are made
    return json.dumps([model.get_config(), compiled], sort_keys=True, default=repr)


def key_for(model: keras.Model, recipe: Recipe) -> str:
    """The cache key of training compiled ``model`` as ``recipe`` says: :func:`recipe_key` if ``model`` is
    the recipe's network as built and compiled (so 05 and :func:`cached_cnn` share it), else a key of its own."""
    mine = _description(model)
    with python_random_kept():  # the reference network changes none of the notebook's random draws
        reference = _description(_compiled_cnn(recipe))
    if mine == reference:
        return recipe_key(recipe)
    return hashlib.sha256(f"{recipe_key(recipe)} {mine}".encode()).hexdigest()[:16]


def shipped_cnn(recipe: Recipe) -> cache.Trained | None:
    """The network that ships with the helpers (:mod:`helpers.shipped`), compiled, if it was trained with
    ``recipe`` and today's code (so only the series' recipe at seed 42), else None. It was trained on a CPU;
    a GPU machine, whose own networks are keyed apart, gets it too."""
    info = shipped.about()
    if (info is None or info["key"] != recipe_key(recipe, device=info.get("device", "CPU"))
            or info["recipe"] != json.loads(json.dumps(dataclasses.asdict(recipe)))):
        return None
    with python_random_kept():  # building draws starting weights; the shipped ones replace them
        model = _compiled_cnn(recipe)
    model.set_weights(shipped.weights())
    return cache.Trained(model, info["history"], info["seconds"], True, shipped.WEIGHTS, recipe)


def cached_cnn(recipe: Recipe | None = None, verbose="auto", shipped_ok: bool = True) -> cache.Trained:
    """The network trained with ``recipe`` (default :data:`SERIES_RECIPE`): from the cache, else (``shipped_ok``) the
    network that ships with the helpers where it is that recipe's, else trained and cached now; prints which."""
    recipe = SERIES_RECIPE if recipe is None else recipe
    key = recipe_key(recipe)
    trained = cache.load(key, recipe)
    if trained is not None:
        print(f"Loaded from the cache: the network trained with seed {recipe.seed} (training took "
              f"{trained.seconds:.0f} s).")
        return trained
    trained = shipped_cnn(recipe) if shipped_ok else None
    if trained is not None:
        print(f"Loaded the network that ships with the helpers: the series' network, trained with seed "
              f"{recipe.seed} (training took {trained.seconds:.0f} s), weights kept in float16.")
        return trained
    if os.environ.get("MNIST_CNN_EXPECT_CACHED"):
        raise RuntimeError(f"no network of {recipe} is cached or shipped (key {key}), and MNIST_CNN_EXPECT_CACHED is "
                           "set: train it first (notebook 05, or `make reference` for the shipped one)")
    start = time.perf_counter()
    model, history = fit_cnn(recipe, verbose=verbose)
    trained = cache.save(key, model, history, time.perf_counter() - start, recipe)
    print(f"Trained in {trained.seconds:.0f} s and saved in the cache.")
    return trained
