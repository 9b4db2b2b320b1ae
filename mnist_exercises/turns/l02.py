"""Your-turn checks of notebook 02: 'same' padding and the inner loop of conv2d."""

import itertools

import numpy as np

from mnist_exercises import Wrong, result_of


def _tf_conv2d(image, kernel, stride, padding):
    import tensorflow as tf

    x4 = tf.constant(image, tf.float32)[None, :, :, None]
    k4 = tf.constant(kernel, tf.float32)[:, :, None, None]
    return tf.nn.conv2d(x4, k4, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


def same_padding(function):
    for n, k, stride in itertools.product([5, 7, 28], [1, 2, 3, 5], [1, 2, 3]):
        out_size = -(-n // stride)
        total = max((out_size - 1) * stride + k - n, 0)
        got = result_of(function, n, k, stride, where=f"same_padding({n}, {k}, {stride})",
                        none_hint="keep its `return` line")
        call = f"same_padding({n}, {k}, {stride})"
        if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in got):
            raise Wrong(f"{call} does not give whole numbers of zeros (np.pad needs integers): use integer "
                        "division // and no / or np.ceil")
        got = tuple(int(v) for v in got)
        if got == (total // 2, total - total // 2):
            continue
        if min(got) < 0:
            raise Wrong(f"{call} gives a negative number of zeros: 'same' adds none when the image is "
                        "already long enough")
        if sum(got) > total:
            raise Wrong(f"{call} adds more zeros than the last window needs: check where that window starts")
        if sum(got) < total:
            raise Wrong(f"{call} adds too few zeros: the last window does not get its {k} pixels")
        raise Wrong(f"{call} splits the zeros differently from tf.nn.conv2d: half, rounded down, go before")


def conv2d(function):
    rng = np.random.default_rng(2)
    for (kh, kw), stride, padding in itertools.product([(1, 1), (2, 3), (3, 3)], [1, 2], ["valid", "same"]):
        image, kernel = rng.normal(size=(7, 8)), rng.normal(size=(kh, kw))
        got = np.asarray(function(image, kernel, stride, padding))
        expected = _tf_conv2d(image, kernel, stride, padding)
        if got.shape != expected.shape:
            raise Wrong(f"a {kh}x{kw} kernel at stride {stride}, {padding!r}: the output has the wrong size")
        if not np.allclose(got, expected, atol=1e-4):
            raise Wrong(f"a {kh}x{kw} kernel at stride {stride}, {padding!r}: the values differ from tf.nn.conv2d")


CHECKS = {"02.a": same_padding, "02.b": conv2d}
