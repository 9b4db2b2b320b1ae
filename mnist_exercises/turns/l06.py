"""Your-turn checks of notebook 06: the backward pass of a tiny network, and one Adam step."""

import numpy as np

from mnist_exercises import Wrong

_SHAPES = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}


def _tape_gradients(x, y, weights):
    """The gradients of the tiny network's mean cross-entropy by tf.GradientTape, by name."""
    import tensorflow as tf

    variables = {name: tf.Variable(w) for name, w in weights.items()}
    with tf.GradientTape() as tape:
        h = tf.nn.relu(tf.matmul(x, variables["W1"]) + variables["b1"])
        logits = tf.matmul(h, variables["W2"]) + variables["b2"]
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    return {name: g.numpy() for name, g in zip(variables, tape.gradient(loss, list(variables.values())), strict=True)}


def backward(function):
    rng = np.random.default_rng(6)
    for batch in (3, 8):
        x, y = rng.normal(size=(batch, 4)), rng.integers(0, 2, size=batch)
        weights = {name: rng.normal(size=shape) for name, shape in _SHAPES.items()}
        got = dict(zip(("W1", "b1", "W2", "b2"), function(x, y, *weights.values()), strict=True))
        expected = _tape_gradients(x, y, weights)
        for name in ("W2", "b2", "W1", "b1"):  # in the order the backward pass computes them
            value = np.asarray(got[name], dtype=float)
            if value.shape != expected[name].shape:
                raise Wrong(f"on a batch of {batch} random examples, d{name} has the wrong shape")
            if np.allclose(value, expected[name], rtol=1e-5, atol=1e-8):
                continue
            where = f"on a batch of {batch} random examples, d{name}"
            if np.allclose(value, batch * expected[name], rtol=1e-5, atol=1e-8):
                raise Wrong(f"{where} is B times too large: is the mean's 1/B missing from dz2?")
            if np.allclose(value, expected[name] / batch, rtol=1e-5, atol=1e-8):
                raise Wrong(f"{where} is B times too small: divide by B once, in dz2, and sum over the examples")
            if name in ("W2", "b2"):  # the first gradients computed: the error may be in dz2
                raise Wrong(f"{where} differs from tf.GradientTape's gradient: check dz2, from which it is computed")
            raise Wrong(f"{where} differs from tf.GradientTape's gradient (dW2 and db2 are right)")


def adam_step(function):
    import keras

    rng = np.random.default_rng(6)
    sizes = np.array([[1e-3], [1e-2], [1.0], [100.0]], dtype=np.float32)  # one gradient size per row
    w0 = (0.1 * rng.normal(size=(4, 5))).astype(np.float32)
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    variable, keras_adam = keras.Variable(w0), keras.optimizers.Adam(learning_rate=1e-3)
    for t in range(1, 5):
        g = (sizes * rng.normal(size=w0.shape)).astype(np.float32)
        given = (w.copy(), g.copy(), m.copy(), v.copy())
        w_new, m_new, v_new = (np.asarray(a) for a in function(w, g, m, v, t))
        if not all(np.array_equal(a, b) for a, b in zip((w, g, m, v), given, strict=True)):
            raise Wrong("adam_step changed the arrays it was given in place (as `w -= ...` does): "
                        "compute new arrays (`w = w - ...`) and return them")
        w, m, v = w_new, m_new, v_new
        keras_adam.apply_gradients([(g, variable)])
        expected = variable.numpy()
        if w.shape != expected.shape:
            raise Wrong(f"at step {t}, the new weights have the wrong shape")
        close = np.isclose(w, expected, rtol=1e-6, atol=1e-7).all(axis=1)
        if not close.all():
            wrong = [f"{size:g}" for size in sizes[~close, 0]]
            where = "at every gradient size tried" if close.sum() == 0 else "on gradients of size about " + (
                " and ".join(wrong) if len(wrong) < 3 else ", ".join(wrong[:-1]) + " and " + wrong[-1])
            raise Wrong(f"at step {t}, {where}, the weights differ from keras.optimizers.Adam's")


CHECKS = {"06.a": backward, "06.b": adam_step}
