"""Your-turn checks of notebook 05: the batch map of the tf.data pipeline and the compile call.

Neither trains: the compile check compiles a small model of its own (zero weights, so nothing is
drawn from any random generator; the generators are put back anyway) and reads its configuration.
"""

import random
import re

import numpy as np

from mnist_exercises import Wrong


def scale(function):
    import tensorflow as tf

    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)
    images[0, 0, :2] = (0, 255)  # both ends of the range
    labels = rng.integers(0, 10, 7).astype(np.int32)
    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).batch(4).map(function)  # as the pipeline does
    for start, batch in zip((0, 4), dataset, strict=True):
        if not isinstance(batch, tuple) or len(batch) != 2:
            raise Wrong("on a batch of digits it does not return a pair (images, labels)")
        x, y = (np.asarray(part) for part in batch)
        expected = images[start:start + 4].astype(np.float32)[..., None] / np.float32(255)
        if x.dtype != np.float32:
            raise Wrong("on a batch of uint8 digits the images it returns are not float32")
        if x.shape != expected.shape:
            raise Wrong("on a batch of digits the images it returns have the wrong shape (the channel axis?)")
        if not np.allclose(x, expected, rtol=0, atol=1e-6):
            raise Wrong("on a batch of digits the pixel values are not scaled to [0, 1] as the lesson says")
        if not np.array_equal(x, expected):  # the pipeline's check needs make_dataset's batches exactly
            raise Wrong("the pixel values are close to the lesson's but not equal: divide by 255 rather than "
                        "multiplying by 1/255, a rounded number that gives slightly different floats")
        if y.dtype != np.int32 or not np.array_equal(y, labels[start:start + 4]):
            raise Wrong("on a batch of digits the labels do not come back unchanged")


def _compiled_by(function, schedule):
    """A small model of zero weights, compiled by ``function``; every random generator left as it was."""
    import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(10, kernel_initializer="zeros")])
    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        function(model, schedule)
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
    return model


def compile_cnn(function):
    import keras

    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, warmup_target=2e-3, warmup_steps=10, decay_steps=90, alpha=0.0)
    try:
        model = _compiled_by(function, schedule)
    except TypeError as error:
        if not re.search(r"compile\(\) got an unexpected keyword argument '(learning_rate|lr)'", str(error)):
            raise
        raise Wrong("compile takes no learning rate: the optimizer does. Make the optimizer object with "
                    "keras.optimizers.Adam(...) and give it the schedule as its learning rate") from None
    if not model.compiled:
        raise Wrong("the model it is given is not compiled afterwards")
    optimizer = model.optimizer
    if type(optimizer) is not keras.optimizers.Adam:
        raise Wrong("the optimizer is not Adam")
    config = dict(keras.optimizers.serialize(optimizer)["config"])
    rate = config.pop("learning_rate")
    if not isinstance(rate, dict):  # a number: a constant rate
        if rate == keras.optimizers.Adam().get_config()["learning_rate"]:
            raise Wrong("the optimizer steps at Adam's default constant rate (what an optimizer named by a "
                        "string, \"adam\", gets): make the optimizer object with keras.optimizers.Adam(...), "
                        "passing the schedule the function is given as its learning rate")
        raise Wrong("the optimizer steps at a constant rate: pass the schedule the function is given as "
                    "Adam's learning rate, not a number")
    if rate != keras.optimizers.schedules.serialize(schedule):
        raise Wrong("the optimizer does not step by the learning-rate schedule the function is given")
    defaults = keras.optimizers.Adam().get_config()
    if {k: v for k, v in config.items() if k != "name"} != {k: v for k, v in defaults.items()
                                                           if k not in ("name", "learning_rate")}:
        raise Wrong("the optimizer's other settings are not Adam's defaults")
    loss = model.loss
    if not isinstance(loss, keras.losses.Loss):
        raise Wrong("the loss is not a keras.losses object, so it cannot be told what the network outputs")
    if type(loss) is not keras.losses.SparseCategoricalCrossentropy:
        raise Wrong("the loss is not the cross-entropy for labels given as class numbers")
    if not loss.get_config().get("from_logits"):
        raise Wrong("the loss takes the network's outputs for probabilities, not logits")
    if loss.get_config() != keras.losses.SparseCategoricalCrossentropy(from_logits=True).get_config():
        raise Wrong("the loss's other settings are not its defaults")
    compiled = model.get_compile_config()
    metrics = compiled["metrics"]
    if metrics != ["accuracy"]:
        only = metrics[0] if isinstance(metrics, list) and len(metrics) == 1 else None
        if only in ("acc", "sparse_categorical_accuracy") or (
                isinstance(only, dict) and only.get("class_name") == "SparseCategoricalAccuracy"):
            raise Wrong("that metric is the accuracy, but fit names its scores after the metric, and the lesson "
                        "reads them as history[\"accuracy\"] and history[\"val_accuracy\"]: ask for it by the "
                        "name \"accuracy\", as notebook 00 did")
        raise Wrong("the metrics are not the one accuracy the lesson's fit reports (asked for by name, as in "
                    "notebook 00)")
    plain = keras.Sequential([keras.Input((6,)), keras.layers.Dense(10, kernel_initializer="zeros")])
    plain.compile(optimizer="adam")  # compile's own defaults for everything else
    rest = {k for k in compiled if k not in ("optimizer", "loss", "metrics")}
    if {k: compiled[k] for k in rest} != {k: plain.get_compile_config()[k] for k in rest}:
        raise Wrong("compile gets settings beyond the optimizer, loss and metrics; leave the others at their defaults")


CHECKS = {"05.a": scale, "05.b": compile_cnn}
