"""Your-turn checks of notebook 06: the backward pass of a tiny network, and one Adam step."""

import numpy as np

from mnist_exercises import Wrong, result_of

_SHAPES = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
_MATMUL_HINTS = [("mismatch in its core dimension",  # numpy's matmul error, e.g. for dz2 @ W2
                  "the shapes do not line up in a matrix product: check which factor needs a transpose (.T)")]


def _tape_gradients(x, y, weights):
    """The gradients of the tiny network's mean cross-entropy by tf.GradientTape, by name."""
    import tensorflow as tf

    variables = {name: tf.Variable(w) for name, w in weights.items()}
    with tf.GradientTape() as tape:
        h = tf.nn.relu(tf.matmul(x, variables["W1"]) + variables["b1"])
        logits = tf.matmul(h, variables["W2"]) + variables["b2"]
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    return {name: g.numpy() for name, g in zip(variables, tape.gradient(loss, list(variables.values())), strict=True)}


def _all_positive(x, weights):
    """The same weights with b1 raised until every z1 = x W1 + b1 is positive: ReLU lets everything through."""
    z1 = x @ weights["W1"] + weights["b1"]
    return dict(weights, b1=weights["b1"] - z1.min(axis=0) + 1.0)


def _layer2(x, y, weights):
    """z1, h and dz2 of the tiny network, for naming the slips in dW2 = h.T @ dz2."""
    z1 = x @ weights["W1"] + weights["b1"]
    h = np.maximum(z1, 0)
    z2 = h @ weights["W2"] + weights["b2"]
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    return z1, h, (p - np.eye(z2.shape[1])[y]) / len(x)


def backward(function):
    rng = np.random.default_rng(6)
    for batch in (3, 8):
        x, y = rng.normal(size=(batch, 4)), rng.integers(0, 2, size=batch)
        weights = {name: rng.normal(size=shape) for name, shape in _SHAPES.items()}
        gradients = result_of(function, x, y, *weights.values(), where=f"on a batch of {batch} random examples",
                              hints=_MATMUL_HINTS)
        got = dict(zip(("W1", "b1", "W2", "b2"), gradients, strict=True))
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
            z1, h, dz2 = _layer2(x, y, weights)
            if name == "W2" and np.allclose(value, z1.T @ dz2, rtol=1e-5, atol=1e-8):
                raise Wrong(f"{where} differs from tf.GradientTape's gradient and matches z1.T @ dz2: dW2 "
                            "is computed from layer 2's input, the ReLU's output h, not from z1 before the ReLU")
            if name == "W2" and h.shape[0] == h.shape[1] and np.allclose(value, h @ dz2, rtol=1e-5, atol=1e-8):
                raise Wrong(f"{where} has the right shape only because the batch has 3 examples: check which "
                            "factor needs a transpose (.T)")
            if name in ("W2", "b2"):  # the first gradients computed: the error may be in dz2
                raise Wrong(f"{where} differs from tf.GradientTape's gradient: check dz2, from which it is computed")
            right = "dW2 and db2 are right" if name == "W1" else "dW1, dW2 and db2 are right"
            shifted = _all_positive(x, weights)
            got_shifted = function(x, y, *shifted.values())
            if all(np.allclose(np.asarray(mine, dtype=float), tape, rtol=1e-5, atol=1e-8) for mine, tape in
                   zip(got_shifted, _tape_gradients(x, y, shifted).values(), strict=True)):
                raise Wrong(f"{where} differs from tf.GradientTape's gradient ({right}), but all four are right "
                            "when every z1 is positive: the difference comes from where z1 <= 0. ReLU passes "
                            "the gradient only where z1 > 0: is dz1 0 elsewhere?")
            if name == "b1":
                raise Wrong(f"{where} differs from tf.GradientTape's gradient ({right}): "
                            "a bias's gradient is its dz summed over the examples (axis 0)")
            raise Wrong(f"{where} differs from tf.GradientTape's gradient ({right}): "
                        "check dz1, and dW1 by dW2's pattern")


def _where(sizes, close) -> str:
    """Which gradient sizes (rows) are wrong, in words."""
    if close.sum() == 0:
        return "at every gradient size tried"
    wrong = [f"{size:g}" for size in sizes[~close, 0]]
    listed = wrong[0] if len(wrong) == 1 else ", ".join(wrong[:-1]) + " and " + wrong[-1]
    return "only on gradients of size about " + listed


def adam_step(function):
    import keras

    rng = np.random.default_rng(6)
    sizes = np.array([[1e-3], [1e-2], [1.0], [100.0]], dtype=np.float32)  # one gradient size per row
    w0 = (0.1 * rng.normal(size=(4, 5))).astype(np.float32)
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    m_keras, v_keras = np.zeros_like(w0), np.zeros_like(w0)  # Keras's moments, as its update_step computes them
    variable, keras_adam = keras.Variable(w0), keras.optimizers.Adam(learning_rate=1e-3)
    for t in range(1, 5):
        g = (sizes * rng.normal(size=w0.shape)).astype(np.float32)
        given = (w.copy(), g.copy(), m.copy(), v.copy())
        w_new, m_new, v_new = (np.asarray(a) for a in function(w, g, m, v, t))
        if not all(np.array_equal(a, b) for a, b in zip((w, g, m, v), given, strict=True)):
            raise Wrong("adam_step changed the arrays it was given in place (as `w -= ...` does): "
                        "compute new arrays (`w = w - ...`) and return them")
        m_keras, v_keras = 0.9 * m_keras + 0.1 * g, 0.999 * v_keras + 0.001 * g**2
        w_before = variable.numpy()
        keras_adam.apply_gradients([(g, variable)])
        expected = variable.numpy()
        for name, mine, keras_moment in (("m", m_new, m_keras), ("v", v_new, v_keras)):
            if mine.shape != keras_moment.shape:
                raise Wrong(f"at step {t}, the new {name} has the wrong shape")
            if not np.allclose(mine, keras_moment, rtol=1e-5, atol=1e-12):
                raise Wrong(f"at step {t}, the new m differs from Keras's first moment: it is a running mean of g, "
                            "with weights beta_1 and 1 - beta_1" if name == "m" else
                            f"at step {t}, the new v differs from Keras's second moment (m is right): it is a running "
                            "mean of g squared, with weights beta_2 and 1 - beta_2")
        w, m, v = w_new, m_new, v_new
        if w.shape != expected.shape:
            raise Wrong(f"at step {t}, the new weights have the wrong shape")
        close = np.isclose(w, expected, rtol=1e-6, atol=1e-7).all(axis=1)
        if close.all():
            continue
        where = f"at step {t}, m and v are right, but the weights differ from Keras's Adam {_where(sizes, close)}"
        if close[-1]:  # the largest gradients right, small ones wrong: where epsilon matters
            raise Wrong(f"{where}, which is where epsilon counts: Keras adds epsilon to the square root of v "
                        "itself, without v's bias correction (both corrections are folded into lr_t)")
        ratio = (w - given[0]) / (expected - w_before)
        if np.allclose(ratio, ratio.flat[0], rtol=1e-3):
            raise Wrong(f"{where}: every weight moved by the same multiple of Keras's step, so check the step size "
                        "lr_t and its two bias corrections")
        raise Wrong(f"{where}: check lr_t and the update of w")


CHECKS = {"06.a": backward, "06.b": adam_step}
