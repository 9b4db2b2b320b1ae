"""The graded course's hidden tests: one function per graded exercise, ``hidden_02_3(conv2d_multichannel)``.

`tools/course.py` copies each function's source into the exercise's nbgrader test cell, between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``, with the call: the release does not show them
(nbgrader's feedback does, after grading). No name a student's cell defines (a ``check`` of their own,
a global ``np`` or ``tuple``) reaches them, since each function imports what it uses and runs with
globals of its own; a cell that changes a shared module (NumPy's functions, ``types``) does.
Functions are tried on inputs the practice checks (:mod:`mnist_exercises.answers`) do not use; values
are computed here, from the data or the question. An assertion's message names no expected value.
"""


def hidden_00_1(answer):
    import numpy as np

    from helpers.data import load_mnist

    _, (_, y_test) = load_mnist()
    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a whole number is asked for"
    assert int(answer) == int((y_test >= 5).sum()), "not the number of test labels from 5 to 9"


def hidden_01_1(answer):
    import numpy as np

    from helpers.data import load_mnist

    (_, y_train), _ = load_mnist()
    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a whole number is asked for"
    assert int(answer) == int((y_train[:1000] == 0).sum()), "not the number of 0s among the first 1,000 labels"


def hidden_01_2(answer):
    import numpy as np

    assert np.isclose(float(answer), 10_000 * 28 * 28 * 4 / 1e6, rtol=1e-4), "not the size in MB of float32 images"


def hidden_01_3(one_hot):
    import numpy as np

    def forbidden(*args, **kwargs):
        raise AssertionError("the exercise asks for np.zeros, not np.eye")

    for labels in (np.array([9, 9, 0, 1, 5, 2, 8, 4]), np.array([6]), np.arange(10)[::-1]):
        eye, np.eye = np.eye, forbidden  # for the call only
        try:
            out = np.asarray(one_hot(labels))
        finally:
            np.eye = eye
        assert out.shape == (len(labels), 10) and out.dtype == np.float32, "not an (n, 10) float32 array"
        assert np.array_equal(out, np.eye(10, dtype=np.float32)[labels]), "not the one-hot vectors of the labels"


def hidden_01_4(answer, train=None):
    import numpy as np

    from helpers.data import load_mnist
    from helpers.training import SERIES_RECIPE, split_train_validation

    (x_train, y_train), _ = load_mnist()  # notebook 01's own split, whatever `train` holds now
    (x, y), _ = split_train_validation(x_train, y_train, 5000, seed=SERIES_RECIPE.seed)
    means = np.stack([x[y == k].reshape(-1, 784).astype(float).mean(axis=0) for k in range(10)])
    nearest = int(np.linalg.norm(means[1:] - means[0], axis=1).argmin()) + 1
    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a digit is asked for"
    assert int(answer) == nearest, "not the class whose mean image is nearest to 0's"


def hidden_02_1(answer):
    import numpy as np

    side = (28 - 3) // 2 + 1
    assert all(isinstance(v, (int, np.integer)) for v in answer), "whole numbers are asked for"
    assert tuple(int(v) for v in answer) == (side, side), "not the output shape"


def hidden_02_2(kernel):
    import numpy as np
    import tensorflow as tf

    kernel = np.asarray(kernel, dtype=float)
    assert kernel.shape == (3, 3), "not a 3x3 kernel"
    strokes = {name: np.zeros((9, 9)) for name in "/\\-|"}  # the four 9x9 strokes the exercise states
    strokes["/"], strokes["\\"] = np.eye(9)[::-1], np.eye(9)
    strokes["-"][4, :] = strokes["|"][:, 4] = 1.0
    best = {name: float(tf.nn.conv2d(image[None, :, :, None], kernel[:, :, None, None], 1, "VALID").numpy().max())
            for name, image in strokes.items()}
    assert best["/"] > 0, "its strongest response to '/' is not positive"
    assert all(best["/"] >= 2 * best[name] for name in "\\-|"), "it does not prefer '/' twice over the others"


def hidden_02_3(conv2d_multichannel):
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(23)
    for shape, kernel_shape in [((9, 5, 3), (4, 2, 3, 2)), ((4, 4, 1), (1, 1, 1, 3)), ((7, 10, 2), (3, 3, 2, 1))]:
        x, kernels = rng.normal(size=shape), rng.normal(size=kernel_shape)
        expected = tf.nn.conv2d(x[None], kernels, 1, "VALID")[0].numpy()
        out = np.asarray(conv2d_multichannel(x, kernels), dtype=float)
        assert out.shape == expected.shape, "the output does not have tf.nn.conv2d's shape"
        assert np.allclose(out, expected, atol=1e-6), "the values differ from tf.nn.conv2d's"


def hidden_03_1(answer):
    import numpy as np

    grid = np.array([[1, 3, 0, 2], [4, 2, 1, 0], [0, 0, 5, 6], [7, 1, 8, 0]])  # the map in the question
    assert np.array_equal(np.asarray(answer, dtype=float), grid.reshape(2, 2, 2, 2).max(axis=(1, 3))), \
        "not the max-pooled map"


def hidden_03_2(answer):
    import numpy as np

    size, jump = 1, 1
    for k, s in [(3, 1), (2, 2), (3, 1), (2, 2)]:  # conv1, pool1, conv2, pool2, with 3x3 convolutions
        size, jump = size + (k - 1) * jump, jump * s
    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a whole number is asked for"
    assert int(answer) == size, "not pool2's receptive field with 3x3 convolutions"


def hidden_03_3(avg_pool_by_conv):
    import numpy as np
    import tensorflow as tf

    calls = []
    conv2d, pools = tf.nn.conv2d, {name: getattr(tf.nn, name) for name in ("avg_pool", "avg_pool2d", "pool")}

    def counted(*args, **kwargs):
        calls.append(1)
        return conv2d(*args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("the exercise asks for one tf.nn.conv2d call, not a pooling function")

    rng = np.random.default_rng(33)
    for shape in [(1, 10, 4, 1), (2, 5, 11, 1), (4, 3, 3, 1)]:
        images = tf.constant(rng.random(shape), tf.float32)
        expected = tf.nn.avg_pool2d(images, 2, 2, "VALID").numpy()
        calls.clear()
        tf.nn.conv2d = counted  # for the call only
        for name in pools:
            setattr(tf.nn, name, forbidden)
        try:
            out = np.asarray(avg_pool_by_conv(images))
        finally:
            tf.nn.conv2d = conv2d
            for name, function in pools.items():
                setattr(tf.nn, name, function)
        assert len(calls) == 1, "the exercise asks for one tf.nn.conv2d call"
        assert out.shape == expected.shape, "the output does not have tf.nn.avg_pool2d's shape"
        assert np.allclose(out, expected, atol=1e-6), "the values differ from tf.nn.avg_pool2d's"


def hidden_04_1(answer):
    import numpy as np

    assert all(isinstance(v, (int, np.integer)) for v in answer), "whole numbers are asked for"
    side = 28 - 5 + 1
    assert tuple(int(v) for v in answer) == (side, side, 32), "not conv1's output shape with 'valid' padding"


def hidden_04_2(answer):
    import numpy as np

    from helpers.models import build_cnn

    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a whole number is asked for"
    assert int(answer) == build_cnn(filters=(16, 32), dense_units=128).count_params(), "not that network's parameters"


def hidden_04_3(answer):
    import numpy as np

    logits, label = np.array([100.0, 100.0, -10.0]), 2
    loss = logits.max() + np.log(np.exp(logits - logits.max()).sum()) - logits[label]
    assert np.isclose(float(answer), loss, rtol=1e-4), "not the cross-entropy of those logits"  # as practice checks


def hidden_06_1(momentum_step):
    import numpy as np

    rng = np.random.default_rng(61)
    for lr, mu in ((0.05, 0.9), (0.2, 0.5)):  # the default mu, and another one
        w, velocity = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
        for _ in range(4):
            g = rng.normal(size=(3, 2))
            new_w, new_velocity = momentum_step(w.copy(), g, velocity.copy(), lr, mu)
            velocity = mu * velocity + g
            w = w - lr * velocity
            assert np.allclose(new_velocity, velocity) and np.allclose(new_w, w), "not SGD with momentum's step"


def hidden_06_2(answer):
    import numpy as np

    assert np.isclose(float(answer), 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9), rtol=1e-4), "not Adam's lr_1"


def hidden_07_1(answer):
    import numpy as np

    assert np.isclose(float(answer), 1 / (1 - 0.25), rtol=1e-4), "not the value a surviving entry has"


def hidden_07_2(dropout_by_hand):
    import numpy as np

    x = np.random.default_rng(72).uniform(1.0, 3.0, (300, 700))
    for rate in (0.2, 0.5):
        out = np.asarray(dropout_by_hand(x.copy(), rate, np.random.default_rng(5)), dtype=float)
        assert out.shape == x.shape, "the output does not have the input's shape"
        kept = out != 0
        assert abs(kept.mean() - (1 - rate)) < 0.01, "it does not drop the share of entries the rate says"
        assert np.allclose(out[kept], x[kept] / (1 - rate), rtol=1e-4), "the kept entries are not scaled right"


def hidden_10_1(answer):
    import numpy as np

    image = np.zeros((28, 28))
    image[10, 4], image[14, 8] = 1, 3
    centre = (np.indices(image.shape) * image).reshape(2, -1).sum(axis=1) / image.sum()
    assert len(answer) == 2 and np.allclose(np.asarray(answer, dtype=float), centre), "not the centre of mass"


def hidden_10_2(prepare_28):
    import numpy as np
    from PIL import Image

    from helpers.drawing import render

    for strokes in ([[(150, 30), (150, 220)], [(110, 60), (150, 30)]],  # a 1, tall and thin
                    [[(30, 150), (200, 150), (200, 230)]]):  # an L on its side, wide and low
        picture = render(strokes)
        ink = (255 - picture.astype(np.float32)) / 255
        rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
        ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        scale = 28 / max(ink.shape)
        size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
        digit = np.asarray(Image.fromarray(ink).resize(size, Image.Resampling.LANCZOS)).clip(0, 1)
        r, c = (np.indices(digit.shape) * digit).reshape(2, -1).sum(axis=1) / digit.sum()
        top, left = (int(np.clip(round(13.5 - m), 0, 28 - n)) for m, n in ((r, digit.shape[0]), (c, digit.shape[1])))
        expected = np.zeros((28, 28), np.float32)
        expected[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
        out = np.asarray(prepare_28(picture), dtype=float)
        assert out.size == 28 * 28, "not a 28x28 image"
        assert np.allclose(out.reshape(28, 28), expected, atol=1e-4), "not the drawing scaled into 28x28 and centred"


def hidden_11_1(answer):
    import numpy as np
    import tensorflow as tf

    corner = tf.nn.conv2d(tf.ones([1, 28, 28, 1]), tf.ones([5, 5, 1, 1]), 1, "SAME")[0, 0, 0, 0]
    assert isinstance(answer, (int, np.integer)) and not isinstance(answer, bool), "a whole number is asked for"
    assert int(answer) == int(corner), "not the number of pixels under the window at a corner"


def hidden_11_2(dropout_as_meant):
    import numpy as np
    import tensorflow as tf

    x = 2.0 * tf.ones((300, 600))
    assert np.array_equal(np.asarray(dropout_as_meant(x, training=False)), x.numpy()), "it changes x at test time"
    out = np.asarray(dropout_as_meant(x, training=True))
    assert abs(float(np.mean(out == 0)) - 0.4) < 0.01, "it does not drop 40% of the units while training"
    kept = out[out != 0]
    assert np.allclose(kept, 2.0 / 0.6, rtol=1e-5), "the kept units are not scaled as dropout scales them"
