"""Your-turn checks of notebook 03: pool2d's window loop and the receptive-field recurrence."""

import itertools

import numpy as np

from mnist_exercises import Wrong


def pool2d(function):
    import tensorflow as tf

    rng = np.random.default_rng(3)
    for (h, w), size, stride, mode in itertools.product([(7, 9), (8, 8)], [1, 2, 3], [1, 2, 3], ["max", "avg"]):
        x = rng.normal(size=(h, w))
        name, pool = ("max_pool2d", tf.nn.max_pool2d) if mode == "max" else ("avg_pool2d", tf.nn.avg_pool2d)
        expected = pool(x[None, :, :, None], ksize=size, strides=stride, padding="VALID")[0, :, :, 0].numpy()
        got = np.asarray(function(x, size, stride, mode))
        case = f"a {h}x{w} map, {size}x{size} windows at stride {stride}, mode {mode!r}"
        if got.shape != expected.shape:
            raise Wrong(f"{case}: the output has the wrong size")
        if not np.allclose(got, expected, atol=1e-6):
            raise Wrong(f"{case}: the values differ from tf.nn.{name}")


def _fields_backwards(layers):
    """Unit 0 of each layer traced back to the input, one layer at a time: (name, size, jump, start)."""
    result = []
    for last in range(1, len(layers) + 1):
        first_unit, last_unit = 0, 0  # unit 0 of layer `last`, in that layer's coordinates
        for _, k, s, pad in reversed(layers[:last]):  # a unit u of a layer reads u*s - pad ... u*s - pad + k - 1
            first_unit, last_unit = first_unit * s - pad, last_unit * s - pad + k - 1
        jump = int(np.prod([s for _, _, s, _ in layers[:last]]))
        result.append((layers[last - 1][0], last_unit - first_unit + 1, jump, first_unit))
    return result


def receptive_fields(function):
    rng = np.random.default_rng(3)
    cases = [[("conv1", 5, 1, 2), ("pool1", 2, 2, 0), ("conv2", 5, 1, 2), ("pool2", 2, 2, 0)]]
    cases += [[(f"layer{i}", int(rng.integers(1, 8)), int(rng.integers(1, 4)), int(rng.integers(0, 4)))
               for i in range(int(rng.integers(1, 6)))] for _ in range(20)]
    for layers in cases:
        got, expected = list(function(layers)), _fields_backwards(layers)
        if len(got) != len(expected) or any(len(row) != 4 for row in got):
            raise Wrong(f"for {len(layers)} layer(s): expected one (name, size, jump, start) per layer")
        for what, column in (("field sizes", 1), ("jumps", 2), ("starts", 3)):
            if [row[column] for row in got] != [row[column] for row in expected]:
                raise Wrong(f"for the layers {layers}: the {what} are not right")


CHECKS = {"03.a": pool2d, "03.b": receptive_fields}
