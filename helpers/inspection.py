"""Looking inside a trained CNN: where it looks (saliency, occlusion, Grad-CAM) and what it detects.

Every function takes a Keras model that maps float32 images ``(n, height, width, channels)`` to
logits ``(n, classes)``, such as :func:`helpers.models.build_cnn`, and returns NumPy arrays.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------
def _input_shape(model: keras.Model) -> tuple[int, int, int]:
    shape = tuple(model.inputs[0].shape[1:])
    if len(shape) != 3 or None in shape:
        raise ValueError(f"model must take images (n, height, width, channels); its input is {shape}")
    return shape


def _checked_images(model: keras.Model, images, name: str = "images") -> np.ndarray:
    """``images`` as float32 ``(n, h, w, c)`` matching the model's input, or a clear error."""
    if isinstance(images, tf.Tensor):
        images = images.numpy()
    if not isinstance(images, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array; got {type(images).__name__}")
    if images.dtype != np.float32:
        raise TypeError(f"{name} must be float32 in [0, 1] (helpers.training.to_model_input converts "
                        f"uint8 digits); got {images.dtype}")
    expected = _input_shape(model)
    if images.ndim != 4 or images.shape[1:] != expected or len(images) == 0:
        raise ValueError(f"{name} must have shape (n, {', '.join(map(str, expected))}) with n >= 1; "
                         f"got {images.shape}")
    return images


def _class_indices(model: keras.Model, class_index, n: int) -> np.ndarray:
    """One class per image: an int for all of them, or a sequence of ``n`` ints."""
    num_classes = int(model.outputs[0].shape[-1])
    idx = np.asarray(class_index)
    if idx.ndim == 0:
        idx = np.full(n, idx)
    if not np.issubdtype(idx.dtype, np.integer) or idx.shape != (n,):
        raise ValueError(f"class_index must be an int or {n} ints (one per image); got {class_index!r}")
    if idx.min() < 0 or idx.max() >= num_classes:
        raise ValueError(f"class_index must be in [0, {num_classes}); got {class_index!r}")
    return idx.astype(np.int32)


def _layer(model: keras.Model, layer_name: str) -> keras.layers.Layer:
    names = [layer.name for layer in model.layers]
    if layer_name not in names:
        raise ValueError(f"unknown layer {layer_name!r}; {model.name} has {names}")
    return model.get_layer(layer_name)


def _spatial_layer(model: keras.Model, layer_name: str) -> keras.layers.Layer:
    layer = _layer(model, layer_name)
    if len(layer.output.shape) != 4:
        raise ValueError(f"layer {layer_name!r} must output feature maps (n, h, w, channels); "
                         f"its output has shape {tuple(layer.output.shape)}")
    return layer


# --------------------------------------------------------------------------------------------
# Where the network looks
# --------------------------------------------------------------------------------------------
def saliency_map(model: keras.Model, images, class_index) -> np.ndarray:
    """Gradient saliency: ``|d logit[class] / d pixel|``, largest over colour channels.

    ``images`` float32 ``(n, h, w, c)``; ``class_index`` an int or one int per image.
    Returns ``(n, h, w)`` float32, >= 0: how strongly a tiny change of each pixel moves the logit.
    """
    x = tf.convert_to_tensor(_checked_images(model, images))
    idx = tf.constant(_class_indices(model, class_index, len(x)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        chosen = tf.gather(model(x, training=False), idx, axis=1, batch_dims=1)
    grads = tape.gradient(chosen, x)
    return np.abs(grads.numpy()).max(axis=-1)


def _positions(size: int, patch: int, stride: int) -> list[int]:
    starts = list(range(0, size - patch + 1, stride))
    if starts[-1] != size - patch:
        starts.append(size - patch)  # cover the last rows/columns too
    return starts


def occlusion_map(model: keras.Model, image, label: int, *, patch: int = 6, stride: int = 2,
                  fill: float = 0.0, batch_size: int = 256) -> np.ndarray:
    """Occlusion sensitivity of one image ``(h, w, c)`` float32 for class ``label``.

    A ``patch`` x ``patch`` square of value ``fill`` slides over the image in steps of ``stride``;
    each pixel gets the mean drop of the class's softmax probability over the squares covering it.
    Returns ``(h, w)`` float32: positive where hiding the pixel hurts the class, negative where it helps.
    """
    image = np.asarray(image) if not isinstance(image, tf.Tensor) else image.numpy()
    if image.ndim != 3:
        raise ValueError(f"image must be one image (height, width, channels); got shape {image.shape}")
    image = _checked_images(model, image[np.newaxis], "image")[0]
    label = int(_class_indices(model, label, 1)[0])
    h, w, _ = image.shape
    if not isinstance(patch, int) or not 1 <= patch <= min(h, w):
        raise ValueError(f"patch must be an int in [1, {min(h, w)}]; got {patch!r}")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError(f"stride must be a positive int; got {stride!r}")
    corners = [(r, c) for r in _positions(h, patch, stride) for c in _positions(w, patch, stride)]
    batch = np.repeat(image[np.newaxis], len(corners) + 1, axis=0)  # the last one stays intact
    for k, (r, c) in enumerate(corners):
        batch[k, r:r + patch, c:c + patch, :] = fill
    probs = np.concatenate([
        tf.nn.softmax(model(batch[i:i + batch_size], training=False)).numpy()[:, label]
        for i in range(0, len(batch), batch_size)])
    drops = probs[-1] - probs[:-1]
    total, count = np.zeros((h, w)), np.zeros((h, w))
    for drop, (r, c) in zip(drops, corners, strict=True):
        total[r:r + patch, c:c + patch] += drop
        count[r:r + patch, c:c + patch] += 1
    return (total / count).astype(np.float32)


def grad_cam(model: keras.Model, images, class_index, layer_name: str = "conv2") -> np.ndarray:
    """Grad-CAM (Selvaraju et al., 2017) on the feature maps of ``layer_name``.

    Each channel of the layer is weighted by the mean gradient of the class logit over its map; the
    weighted sum, through a ReLU, is resized to the input and scaled so each map's maximum is 1.
    Returns ``(n, h, w)`` float32 in [0, 1] (all zeros if nothing speaks for the class).
    """
    layer = _spatial_layer(model, layer_name)
    x = tf.convert_to_tensor(_checked_images(model, images))
    idx = tf.constant(_class_indices(model, class_index, len(x)))
    reader = keras.Model(model.inputs[0], [layer.output, model.outputs[0]])
    with tf.GradientTape() as tape:
        maps, logits = reader(x, training=False)
        chosen = tf.gather(logits, idx, axis=1, batch_dims=1)
    weights = tf.reduce_mean(tape.gradient(chosen, maps), axis=(1, 2), keepdims=True)
    cam = tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))
    cam = tf.image.resize(cam, x.shape[1:3], method="bilinear")[..., 0].numpy()
    peak = cam.max(axis=(1, 2), keepdims=True)
    return np.where(peak > 0, cam / np.where(peak > 0, peak, 1), 0).astype(np.float32)


# --------------------------------------------------------------------------------------------
# What a channel detects
# --------------------------------------------------------------------------------------------
class ReceptiveField(NamedTuple):
    """Unit ``(i, j)`` of a layer sees input rows ``start + jump*i ... start + jump*i + size - 1``
    (columns likewise); ``start`` is negative when 'same' padding reaches past the border."""

    size: int
    jump: int
    start: int


def receptive_field(model: keras.Model, layer_name: str) -> ReceptiveField:
    """The input window one unit of ``layer_name`` sees, through its Conv2D and pooling layers."""
    target = _spatial_layer(model, layer_name)
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


class TopPatches(NamedTuple):
    """What :func:`top_activating_patches` returns, best first."""

    patches: np.ndarray  # (k, size, size): the input window of the strongest unit of each image
    values: np.ndarray  # (k,): that unit's activation
    image_index: np.ndarray  # (k,): which image
    row: np.ndarray  # (k,): top-left corner of the window in the image (can be < 0 at a border)
    col: np.ndarray  # (k,)


def top_activating_patches(model: keras.Model, images, layer_name: str, channel: int, k: int = 9,
                           batch_size: int = 500) -> TopPatches:
    """The ``k`` input patches that drive channel ``channel`` of ``layer_name`` hardest.

    For each image, the strongest position of the channel's map is taken (so the ``k`` patches come
    from ``k`` different images); the patch is that unit's receptive field, cut from the image with
    zeros (the blank background) where it reaches past the border. Grey-scale images only.
    """
    x = _checked_images(model, images)
    if x.shape[-1] != 1:
        raise ValueError(f"images must be grey-scale (one channel); got {x.shape[-1]} channels")
    layer = _spatial_layer(model, layer_name)
    channels = int(layer.output.shape[-1])
    if not isinstance(channel, (int, np.integer)) or not 0 <= channel < channels:
        raise ValueError(f"channel must be an int in [0, {channels}) for {layer_name!r}; got {channel!r}")
    if not isinstance(k, int) or not 1 <= k <= len(x):
        raise ValueError(f"k must be an int in [1, {len(x)}] (one patch per image); got {k!r}")
    field = receptive_field(model, layer_name)
    reader = keras.Model(model.inputs[0], layer.output)  # one input tensor, as the callers pass
    best_value, best_pos = [], []
    for i in range(0, len(x), batch_size):
        maps = reader(x[i:i + batch_size], training=False).numpy()[..., channel]
        flat = maps.reshape(len(maps), -1)
        best_pos.append(flat.argmax(axis=1))
        best_value.append(flat.max(axis=1))
    values, positions = np.concatenate(best_value), np.concatenate(best_pos)
    order = np.argsort(-values, kind="stable")[:k]
    width = int(layer.output.shape[2])
    rows = field.start + field.jump * (positions[order] // width)
    cols = field.start + field.jump * (positions[order] % width)
    margin = field.size
    padded = np.pad(x[..., 0], ((0, 0), (margin, margin), (margin, margin)))
    patches = np.stack([padded[n, r + margin:r + margin + field.size, c + margin:c + margin + field.size]
                        for n, r, c in zip(order, rows, cols, strict=True)])
    return TopPatches(patches, values[order], order, rows, cols)


def maximise_activation(model: keras.Model, layer_name: str, indices, *, steps: int = 120,
                        step_size: float = 0.05, decay: float = 0.01, blur_every: int = 4,
                        seed: int = 0) -> np.ndarray:
    """Activation maximisation: one image per entry of ``indices`` that drives that unit up.

    For a feature-map layer, ``indices`` are channels and the objective is the channel's mean over
    its map; for a vector layer (such as the logits), they are units. Starting from grey with a
    little noise, each step moves the image along its normalised gradient, pulls it a fraction
    ``decay`` towards black (an L2 penalty: ink costs), blurs it every ``blur_every`` steps (3x3
    Gaussian) and clips it to [0, 1]. Returns float32 ``(len(indices), h, w, c)``.
    """
    layer = _layer(model, layer_name)
    units = int(layer.output.shape[-1])
    idx = np.asarray(indices)
    if idx.ndim != 1 or len(idx) == 0 or not np.issubdtype(idx.dtype, np.integer) \
            or idx.min() < 0 or idx.max() >= units:
        raise ValueError(f"indices must be a non-empty list of ints in [0, {units}) for {layer_name!r}; "
                         f"got {indices!r}")
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int; got {steps!r}")
    h, w, c = _input_shape(model)
    reader = keras.Model(model.inputs[0], layer.output)
    mask = tf.one_hot(idx, units)
    spatial = len(layer.output.shape) == 4
    blur = np.outer([1, 2, 1], [1, 2, 1]).astype(np.float32) / 16
    blur = tf.constant(np.tile(blur[:, :, None, None], (1, 1, c, 1)))

    @tf.function
    def step(x, smooth):
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = reader(x, training=False)
            if spatial:
                out = tf.reduce_mean(out, axis=(1, 2))
            objective = tf.reduce_sum(out * mask)
        g = tape.gradient(objective, x)
        g /= tf.math.reduce_std(g, axis=(1, 2, 3), keepdims=True) + 1e-8
        x = (x + step_size * g) * (1.0 - decay)
        if smooth:
            x = tf.nn.depthwise_conv2d(x, blur, strides=[1, 1, 1, 1], padding="SAME")
        return tf.clip_by_value(x, 0.0, 1.0)

    rng = np.random.default_rng(seed)
    x = tf.constant((0.5 + 0.05 * rng.standard_normal((len(idx), h, w, c))).clip(0, 1).astype(np.float32))
    for i in range(steps):
        x = step(x, tf.constant(blur_every > 0 and (i + 1) % blur_every == 0))
    return x.numpy()
