"""Your-turn checks of notebook 04: a layer's parameter count and the stable cross-entropy."""

import numpy as np

from mnist_exercises import Wrong, result_of


def layer_params(function):
    import keras

    layers = [(keras.layers.Conv2D(32, 5), (None, 28, 28, 1)), (keras.layers.Conv2D(7, (3, 2)), (None, 9, 9, 3)),
              (keras.layers.Conv2D(4, 1), (None, 6, 6, 5)), (keras.layers.Dense(10), (None, 1024)),
              (keras.layers.Dense(3), (None, 5)), (keras.layers.Dense(1), (None, 2))]
    for layer, input_shape in layers:
        layer.build(input_shape)
        shape = tuple(int(n) for n in layer.kernel.shape)
        got, case = function(shape), f"a {type(layer).__name__} with kernel shape {shape}"
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            raise Wrong(f"{case}: expected a count (an int), got {type(got).__name__}")
        if got != layer.count_params():
            raise Wrong(f"{case}: your count differs from Keras's count_params()")


def cross_entropy_from_logits(function):
    import tensorflow as tf

    rng = np.random.default_rng(4)
    cases = [(rng.normal(scale=3, size=(6, 10)), rng.integers(0, 10, size=6)),
             ([[120.0, 0.0, -120.0], [1.0, 2.0, 3.0]], [1, 0]),
             ([[1000.0, -1000.0], [-50.0, 50.0], [0.0, 0.0]], [1, 0, 1])]
    for values, classes in cases:
        logits, labels = tf.constant(values, tf.float32), tf.constant(classes, tf.int32)
        expected = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits).numpy()
        largest = float(np.abs(np.asarray(values)).max())
        case = f"on {logits.shape[0]} rows of logits up to {largest:.0f} in size"
        result = result_of(function, logits, labels, where=case, hints=[(
            "ncompatible shapes", "TensorFlow could not combine two tensors of incompatible shapes: m must keep "
            "its axis (keepdims=True) to be subtracted from each row, and log_sum_exp must hold one value per "
            "row")])
        got = np.asarray(result, dtype=float)
        if got.shape != expected.shape:
            raise Wrong(f"{case}: the result has shape {got.shape}, not one loss per row of logits: "
                        "log_sum_exp must hold one value per row, without the axis keepdims=True keeps")
        if not np.isfinite(got).all():
            raise Wrong(f"{case}: some losses are not finite: does tf.exp see each row's logits minus "
                        "that row's own maximum?")
        if not np.allclose(got, expected, rtol=1e-5, atol=1e-4):
            raise Wrong(f"{case}: the losses differ from tf.nn.sparse_softmax_cross_entropy_with_logits")


CHECKS = {"04.a": layer_params, "04.b": cross_entropy_from_logits}
