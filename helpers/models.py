"""The series' CNN (notebook 04 writes it out layer by layer), read-outs and its geometry.

Defaults are the original tutorial's network::

    image 28x28x1 -> conv1 5x5x32 'same' ReLU -> pool1 2x2 -> conv2 5x5x64 'same' ReLU -> pool2 2x2
    -> flatten 3136 -> dense 1024 ReLU -> dropout (rate 0.4, i.e. keep 0.6) -> logits 10
"""

from __future__ import annotations

import math
from typing import NamedTuple

import keras
import numpy as np

INPUT_SHAPE = (28, 28, 1)
#: How weights start: Keras's defaults (Glorot uniform kernels, zero biases), or the original
#: tutorial's (kernels from a normal with stddev 0.1 truncated at 2 stddevs, biases 0.1).
INITIALISATIONS = ("keras", "original")


def _check_hyperparameters(filters, kernel_size, dense_units, dropout_rate, num_classes,
                           input_shape) -> tuple[int, ...]:
    if isinstance(filters, int) or not all(isinstance(f, int) and f > 0 for f in filters) or not filters:
        raise ValueError(f"filters must be a non-empty sequence of positive ints, e.g. (32, 64); got {filters!r}")
    if len(input_shape) != 3 or not all(isinstance(n, int) and n > 0 for n in input_shape):
        raise ValueError(f"input_shape must be (height, width, channels); got {input_shape!r}")
    if not isinstance(kernel_size, int) or kernel_size < 1:
        raise ValueError(f"kernel_size must be a positive int; got {kernel_size!r}")
    side = min(input_shape[:2])
    for i in range(1, len(filters) + 1):
        if kernel_size > side:
            raise ValueError(f"kernel_size {kernel_size} does not fit conv{i}'s {side}x{side} input")
        if side < 2:
            raise ValueError(f"pool{i} would get a {side}x{side} input: too many conv stages")
        side //= 2
    if not isinstance(dense_units, int) or dense_units < 1:
        raise ValueError(f"dense_units must be a positive int; got {dense_units!r}")
    if not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"num_classes must be an int >= 2; got {num_classes!r}")
    if not isinstance(dropout_rate, (int, float)) or not 0 <= dropout_rate < 1:
        raise ValueError(f"dropout_rate is the fraction of units dropped, in [0, 1); got {dropout_rate!r} "
                         "(the original tutorial's keep probability 0.6 is dropout_rate=0.4)")
    return tuple(filters)


def build_cnn(filters=(32, 64), kernel_size: int = 5, dense_units: int = 1024,
              dropout_rate: float = 0.4, num_classes: int = 10, input_shape=INPUT_SHAPE,
              name: str = "mnist_cnn", init: str = "keras") -> keras.Model:
    """The Keras model: images ``(batch, 28, 28, 1)`` floats in [0, 1] -> logits ``(batch, 10)``; one conv
    ('same', ReLU) + 2x2 max-pool stage per entry of ``filters``; layers named ``conv1, pool1, ..., flatten,
    dense, dropout, logits``. ``init`` is one of :data:`INITIALISATIONS`."""
    filters = _check_hyperparameters(filters, kernel_size, dense_units, dropout_rate,
                                     num_classes, tuple(input_shape))
    if init not in INITIALISATIONS:
        raise ValueError(f"init must be one of {INITIALISATIONS}; got {init!r}")

    def weights():  # a new initialiser per layer, so that no two layers share a random stream
        return {} if init == "keras" else {"kernel_initializer": keras.initializers.TruncatedNormal(stddev=0.1),
                                           "bias_initializer": keras.initializers.Constant(0.1)}

    inputs = keras.Input(shape=tuple(input_shape), name="image")
    x = inputs
    for i, n in enumerate(filters, start=1):
        x = keras.layers.Conv2D(n, kernel_size, padding="same", activation="relu", name=f"conv{i}", **weights())(x)
        x = keras.layers.MaxPooling2D(pool_size=2, name=f"pool{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(dense_units, activation="relu", name="dense", **weights())(x)
    x = keras.layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = keras.layers.Dense(num_classes, name="logits", **weights())(x)
    return keras.Model(inputs, outputs, name=name)


def activation_model(model: keras.Model, layer_names=None) -> keras.Model:
    """A model with ``model``'s input returning ``{layer name: its output}`` for ``layer_names`` (default all)."""
    names = [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    wanted = names if layer_names is None else list(layer_names)
    unknown = [n for n in wanted if n not in names]
    if unknown or not wanted:
        raise ValueError(f"unknown layer names {unknown}; {model.name} has {names}")
    return keras.Model(model.inputs[0], {n: model.get_layer(n).output for n in wanted},
                       name=f"{model.name}_activations")


def multiply_adds_per_image(model: keras.Model) -> dict[str, int]:
    """Multiply-adds of one forward pass of one image, per Conv2D / Dense layer of ``model``."""
    counts = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            _, h, w, c_out = layer.output.shape
            kh, kw, c_in, _ = layer.kernel.shape
            counts[layer.name] = int(h * w * c_out * kh * kw * c_in)
        elif isinstance(layer, keras.layers.Dense):
            counts[layer.name] = int(np.prod(layer.kernel.shape))
    return counts


class ReceptiveField(NamedTuple):
    """Unit ``(i, j)`` of a layer sees input rows ``start + jump*i ... start + jump*i + size - 1``
    (columns likewise); ``start`` is negative when 'same' padding reaches past the border."""

    size: int
    jump: int
    start: int


def receptive_field(model: keras.Model, layer_name: str) -> ReceptiveField:
    """The input window one unit of ``layer_name`` sees, through its Conv2D and pooling layers."""
    names = [layer.name for layer in model.layers]
    if layer_name not in names:
        raise ValueError(f"unknown layer {layer_name!r}; {model.name} has {names}")
    target = model.get_layer(layer_name)
    if len(target.output.shape) != 4:
        raise ValueError(f"layer {layer_name!r} must output feature maps (n, h, w, channels); "
                         f"its output has shape {tuple(target.output.shape)}")
    size, jump, start = 1, 1, 0
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if isinstance(layer, keras.layers.Conv2D):
            k, s = layer.kernel_size, layer.strides
            d = layer.dilation_rate[0]
        elif isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            k, s, d = layer.pool_size, layer.strides, 1
        else:
            raise ValueError(f"cannot follow the receptive field through layer {layer.name!r} "
                             f"({type(layer).__name__}) on the way to {layer_name!r}")
        if k[0] != k[1] or s[0] != s[1]:
            raise ValueError(f"layer {layer.name!r}: only square kernels and strides are supported")
        k, s = d * (k[0] - 1) + 1, s[0]
        pad = 0
        if layer.padding == "same":
            n = int(layer.input.shape[1])
            pad = max((math.ceil(n / s) - 1) * s + k - n, 0) // 2
        start -= jump * pad
        size += (k - 1) * jump
        jump *= s
        if layer is target:
            return ReceptiveField(size, jump, start)
    raise ValueError(f"layer {layer_name!r} not reached")  # pragma: no cover
