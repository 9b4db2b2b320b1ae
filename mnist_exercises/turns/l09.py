"""Your-turn checks of notebook 09: the gradient behind saliency, and Grad-CAM's weighted sum."""

import numpy as np

from mnist_exercises import Wrong, result_of


def _small_model():
    import keras

    def init(seed):  # seeded here, so that the check leaves the notebook's random generators alone
        return keras.initializers.RandomNormal(stddev=0.5, seed=seed)

    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Conv2D(3, 3, activation="tanh", kernel_initializer=init(1), bias_initializer=init(2))(inputs)
    outputs = keras.layers.Dense(4, kernel_initializer=init(3))(keras.layers.Flatten()(x))
    return keras.Model(inputs, outputs)


def logit_gradient(function):
    import tensorflow as tf

    model = _small_model()
    images = np.random.default_rng(9).random((3, 6, 6, 1)).astype(np.float32)
    classes = np.array([2, 0, 3])
    expected = []
    for image, c in zip(images, classes, strict=True):  # one image at a time, through a Variable
        v = tf.Variable(image[None])
        with tf.GradientTape() as tape:
            logit = model(v, training=False)[0, c]
        expected.append(tape.gradient(logit, v).numpy()[0])
    call = "logit_gradient on a small model and three images of its own, each with another class"
    misaligned = ("the logits and what picks the class do not line up. The check's model does not have 10 "
                  "classes, and the function must work for a model with any number of classes: take each "
                  "image's class logit by its index, with no 10 in the code")  # e.g. tf.one_hot(classes, 10)
    got = np.asarray(result_of(function, model, images, classes, where=call,
                               hints=[("ncompatible shapes", misaligned), ("broadcast", misaligned)],
                               none_hint="is a `return` missing? If not, the tape did not follow the images "
                               "to the logits: does it watch x, and does the model run on x inside the `with`?"))
    if got.shape != images.shape:
        raise Wrong(f"{call}: the gradient does not have the images' shape")
    if not np.allclose(got, np.stack(expected), rtol=1e-4, atol=1e-5):
        raise Wrong(f"{call}: the values differ from the gradient of each image's logit of its class")


def grad_cam_heat(function):
    rng = np.random.default_rng(9)
    maps = np.maximum(rng.normal(size=(2, 4, 5, 6)), 0).astype(np.float32)  # after a ReLU, as conv2's
    gradients = rng.normal(size=(2, 4, 5, 6)).astype(np.float32)
    weights = gradients.mean(axis=(1, 2))  # (n, channels)
    expected = np.maximum(np.einsum("nhwc,nc->nhw", maps, weights), 0)[..., None]
    call = "grad_cam_heat on random maps and gradients of its own"
    misaligned = "the weights and the maps do not line up: keep the averaged axes (keepdims=True)"
    got = np.asarray(result_of(function, maps, gradients, where=call,  # a reduction that dropped its axes
                               hints=[("ncompatible shapes", misaligned), ("broadcast", misaligned)]))
    if got.shape != expected.shape:
        raise Wrong(f"{call}: the result does not have the shape the docstring asks for "
                    "(one map per image, every axis kept)")
    if np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        return
    if got.min() < -1e-6:
        raise Wrong(f"{call}: some values are negative: keep the positive part of the weighted sum")
    if np.isclose(got.max(), 1):  # scaled, for each image or for all (Grad-CAM's own peak here is not 1)
        raise Wrong(f"{call}: the largest value is 1: leave the scaling to [0, 1] to grad_cam")
    factor = float((got * expected).sum() / (expected * expected).sum())  # the best constant multiple
    if np.allclose(got, factor * expected, rtol=1e-4, atol=1e-5):
        raise Wrong(f"{call}: the values are a constant multiple of Grad-CAM's: a sum where a mean belongs?")
    if np.allclose(got, np.einsum("nhwc,nc->nhw", maps, np.maximum(weights, 0))[..., None], rtol=1e-4, atol=1e-5):
        raise Wrong(f"{call}: the positive part was taken of each weighted map, not of their sum")
    raise Wrong(f"{call}: the values differ from Grad-CAM's: is each channel's weight the mean of its "
                "gradient over that map's positions?")


CHECKS = {"09.a": logit_gradient, "09.b": grad_cam_heat}
