"""The convolution and pooling the lessons write (notebooks 02 and 03), checked against TensorFlow,
with fixed cases, property-based cases and impossible inputs."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_code import load

conv2d = load("02", ["conv2d"], np=np)["conv2d"]
NB03 = load("03", ["pool2d", "receptive_fields"], np=np)
pool2d, receptive_fields = NB03["pool2d"], NB03["receptive_fields"]


def tf_conv2d(x, kernel, stride, padding):
    x4 = tf.constant(x, tf.float64)[None, :, :, None]
    k4 = tf.constant(kernel, tf.float64)[:, :, None, None]
    return tf.nn.conv2d(x4, k4, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


def tf_pool2d(x, size, stride, mode, padding):
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    x4 = tf.constant(x, tf.float64)[None, :, :, None]
    return pool(x4, ksize=size, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


def assert_same(ours, theirs):
    assert isinstance(ours, np.ndarray) and ours.ndim == 2
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


# ------------------------------------------------------------------------------------------------
# Fixed cases
# ------------------------------------------------------------------------------------------------
def test_conv2d_tiny_example_by_hand():
    x = np.arange(1, 10, dtype=float).reshape(3, 3)
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(conv2d(x, kernel), [[37, 47], [67, 77]])


def test_conv2d_is_cross_correlation_not_flipped_convolution():
    x = np.arange(16, dtype=float).reshape(4, 4)
    kernel = np.array([[0.0, 1.0], [0.0, 0.0]])  # picks the pixel to the right, un-flipped
    np.testing.assert_array_equal(conv2d(x, kernel), x[:3, 1:])


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("kernel_shape", [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (3, 5)])
def test_conv2d_matches_tensorflow_on_mnist(mnist, kernel_shape, stride, padding):
    (x_train, _), _ = mnist
    x = x_train[7].astype(float) / 255
    kernel = np.random.default_rng(sum(kernel_shape) + 10 * stride).normal(size=kernel_shape)
    assert_same(conv2d(x, kernel, stride, padding), tf_conv2d(x, kernel, stride, padding))


@pytest.mark.parametrize("n, k, stride, expected", [(28, 5, 1, 28), (28, 4, 1, 28), (28, 3, 2, 14),
                                                    (28, 2, 3, 10), (7, 2, 2, 4)])
def test_same_padding_output_sizes(n, k, stride, expected):
    out = conv2d(np.ones((n, n)), np.ones((k, k)), stride, "same")
    assert out.shape == (expected, expected) == tf_conv2d(np.ones((n, n)), np.ones((k, k)), stride, "same").shape


def test_same_padding_puts_the_odd_pixel_at_the_bottom_right():
    # 4x4 kernel on 5x5 ones: 3 rows of zeros are needed, 1 on top and 2 at the bottom.
    out = conv2d(np.ones((5, 5)), np.ones((4, 4)), 1, "same")
    assert out[0, 0] == 9  # (3 real rows) x (3 real columns) under the window at the top-left
    assert out[-1, -1] == 4  # (2 x 2) at the bottom-right
    assert_same(out, tf_conv2d(np.ones((5, 5)), np.ones((4, 4)), 1, "same"))


def test_tutorial_chain_28_28_14_14_7(mnist):
    (x_train, _), _ = mnist
    x = x_train[0].astype(float) / 255
    sides = [x.shape[0]]
    for step in ("conv", "pool", "conv", "pool"):
        x = conv2d(x, np.ones((5, 5)) / 25, 1, "same") if step == "conv" else pool2d(x, 2, 2, "max")
        sides.append(x.shape[0])
    assert sides == [28, 28, 14, 14, 7]


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("size, stride", [(2, 2), (3, 2), (2, 1), (3, 3), (4, 3), (1, 2)])
def test_pool2d_matches_tensorflow_on_mnist(mnist, size, stride, mode):
    (x_train, _), _ = mnist
    x = x_train[3].astype(float) / 255 - 0.5  # negative values too
    assert_same(pool2d(x, size, stride, mode), tf_pool2d(x, size, stride, mode, "valid"))


def test_pool2d_by_hand():
    x = np.array([[1, 2, 0, -1], [3, 4, -2, -3], [5, 0, 1, 1], [0, 0, 1, 1]], dtype=float)
    np.testing.assert_array_equal(pool2d(x), [[4, 0], [5, 1]])
    np.testing.assert_array_equal(pool2d(x, mode="avg"), [[2.5, -1.5], [1.25, 1]])


def test_default_arguments():
    x = np.random.default_rng(0).normal(size=(6, 6))
    kernel = np.ones((3, 3))
    assert_same(conv2d(x, kernel), conv2d(x, kernel, 1, "valid"))
    assert_same(pool2d(x), pool2d(x, 2, 2, "max"))


# ------------------------------------------------------------------------------------------------
# Property-based cases
# ------------------------------------------------------------------------------------------------
@st.composite
def conv_cases(draw):
    padding = draw(st.sampled_from(["valid", "same"]))
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    max_k = (h, w) if padding == "valid" else (7, 7)  # 'same' also accepts kernels larger than x
    kh, kw = draw(st.integers(1, max_k[0])), draw(st.integers(1, max_k[1]))
    stride = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return rng.normal(size=(h, w)), rng.normal(size=(kh, kw)), stride, padding


@st.composite
def pool_cases(draw):
    mode = draw(st.sampled_from(["max", "avg"]))
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    size = draw(st.integers(1, min(h, w)))
    stride = draw(st.integers(1, 4))
    x = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(size=(h, w))
    return x, size, stride, mode


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_conv2d_matches_tensorflow_property(case):
    x, kernel, stride, padding = case
    assert_same(conv2d(x, kernel, stride, padding), tf_conv2d(x, kernel, stride, padding))


@settings(max_examples=30, deadline=None)
@given(pool_cases())
def test_pool2d_matches_tensorflow_property(case):
    x, size, stride, mode = case
    assert_same(pool2d(x, size, stride, mode), tf_pool2d(x, size, stride, mode, "valid"))


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_conv2d_output_size_formula_property(case):
    x, kernel, stride, padding = case
    out = conv2d(x, kernel, stride, padding)
    if padding == "valid":  # floor((n - k) / s) + 1
        expected = tuple((n - k) // stride + 1 for n, k in zip(x.shape, kernel.shape, strict=True))
    else:  # ceil(n / s)
        expected = tuple(-(-n // stride) for n in x.shape)
    assert out.shape == expected


# ------------------------------------------------------------------------------------------------
# Impossible inputs fail with a clear ValueError
# ------------------------------------------------------------------------------------------------
def test_conv2d_kernel_larger_than_input_with_valid_padding():
    with pytest.raises(ValueError, match="does not fit"):
        conv2d(np.ones((4, 4)), np.ones((5, 5)), padding="valid")
    with pytest.raises(ValueError, match="does not fit"):
        conv2d(np.ones((4, 6)), np.ones((5, 3)))


def test_pool2d_window_larger_than_input():
    with pytest.raises(ValueError, match="at least 4x4"):
        pool2d(np.ones((3, 3)), size=4, stride=1)


@pytest.mark.parametrize("stride", [0, -1])
def test_non_positive_stride(stride):
    with pytest.raises(ValueError, match="stride"):
        conv2d(np.ones((5, 5)), np.ones((3, 3)), stride=stride)
    with pytest.raises(ValueError, match="stride"):
        pool2d(np.ones((5, 5)), size=2, stride=stride)


def test_non_integer_stride_or_size():
    with pytest.raises(ValueError, match="stride"):
        conv2d(np.ones((5, 5)), np.ones((3, 3)), stride=1.5)
    with pytest.raises(ValueError, match="size"):
        pool2d(np.ones((5, 5)), size=0)


@pytest.mark.parametrize("x_shape, kernel_shape", [((1, 28, 28), (3, 3)), ((28,), (3, 3)), ((28, 28, 1), (3, 3)),
                                                   ((28, 28), (3,)), ((28, 28), (3, 3, 1, 1)), ((0, 5), (1, 1))])
def test_conv2d_wrong_rank_or_empty(x_shape, kernel_shape):
    with pytest.raises(ValueError, match="2-D"):
        conv2d(np.ones(x_shape), np.ones(kernel_shape))


@pytest.mark.parametrize("x_shape", [(1, 28, 28), (28,), ()])
def test_pool2d_wrong_rank(x_shape):
    with pytest.raises(ValueError, match="2-D"):
        pool2d(np.ones(x_shape))


@pytest.mark.parametrize("padding", ["full", "", None, 1])
def test_unknown_padding(padding):
    with pytest.raises(ValueError, match="padding"):
        conv2d(np.ones((5, 5)), np.ones((3, 3)), padding=padding)


@pytest.mark.parametrize("mode", ["min", "average", "MAX", None])
def test_unknown_pool_mode(mode):
    with pytest.raises(ValueError, match="mode"):
        pool2d(np.ones((4, 4)), mode=mode)


def test_receptive_fields_recurrence():
    fields = receptive_fields([("conv1", 5, 1, 2), ("pool1", 2, 2, 0), ("conv2", 5, 1, 2), ("pool2", 2, 2, 0)])
    assert [(r, jump, start) for _, r, jump, start in fields] == [(5, 1, -2), (6, 2, -2), (14, 2, -6), (16, 4, -6)]
    assert receptive_fields([("conv", 3, 1, 1), ("pool", 2, 2, 0), ("conv", 3, 1, 1), ("pool", 2, 2, 0)])[-1][1] == 10
