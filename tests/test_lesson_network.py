"""Notebook 04 writes the network out layer by layer, and again with raw TensorFlow ops: both are
the network later notebooks get from helpers.models.build_cnn()."""

import keras
import numpy as np
import tensorflow as tf
from lesson_code import load, statements

from helpers.models import build_cnn


def test_the_lessons_network_is_build_cnn_layer_for_layer():
    lesson = statements("04", "inputs", "model", keras=keras)["model"]
    assert lesson.get_config() == build_cnn().get_config()
    assert [layer.name for layer in lesson.layers] == [
        "image", "conv1", "pool1", "conv2", "pool2", "flatten", "dense", "dropout", "logits"]


def test_a_changed_layer_would_be_noticed():
    lesson = statements("04", "inputs", "model", keras=keras)["model"]
    assert lesson.get_config() != build_cnn(dense_units=512).get_config()
    assert lesson.get_config() != build_cnn(dropout_rate=0.5).get_config()


def test_raw_tensorflow_version_computes_the_keras_networks_logits():
    RawCNN = load("04", ["RawCNN"], tf=tf)["RawCNN"]
    keras.utils.set_random_seed(0)
    model, raw = build_cnn(), RawCNN(seed=3)
    assert sorted(tuple(v.shape) for v in raw.trainable_variables) == sorted(tuple(w.shape) for w in model.weights)
    for name in ("conv1", "conv2", "dense", "logits"):
        kernel, bias = model.get_layer(name).get_weights()
        getattr(raw, f"w_{name}").assign(kernel)
        getattr(raw, f"b_{name}").assign(bias)
    x = np.random.default_rng(0).random((4, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(raw(x).numpy(), model(x, training=False).numpy(), atol=1e-5)
    np.testing.assert_array_equal(raw(x).numpy(), raw(x).numpy())  # no dropout unless training
    assert not np.allclose(raw(x, training=True).numpy(), raw(x).numpy())


def test_raw_version_starts_like_the_original_tutorial():
    raw = load("04", ["RawCNN"], tf=tf)["RawCNN"](seed=1)
    kernel = raw.w_dense.numpy()
    assert np.abs(kernel).max() <= 0.2 + 1e-6 and 0.08 < kernel.std() < 0.095  # truncated normal, stddev 0.1
    assert np.allclose(raw.b_conv1.numpy(), 0.1)


def test_stable_cross_entropy_matches_tensorflow_and_stays_finite():
    ce = load("04", ["cross_entropy_from_logits"], tf=tf)["cross_entropy_from_logits"]
    logits = tf.constant([[120.0, 0.0, -120.0], [1.0, 2.0, 3.0]])
    labels = tf.constant([1, 0])
    np.testing.assert_allclose(ce(logits, labels).numpy(),
                               tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits).numpy(), rtol=1e-6)
