# %% [markdown]
# # Convolution and pooling, by hand and by TensorFlow
#
# See what a convolution and a pooling layer do to a handwritten digit, compute both yourself in
# NumPy, and check your code against TensorFlow.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/02_convolution_and_pooling.ipynb)
#
# ## What you will learn
# - What a convolution is, from its mathematical definition to the sum a deep-learning library
#   computes, and why that sum is really a *cross-correlation*.
# - How to write `conv2d` and `pool2d` in NumPy, with strides and `'valid'`/`'same'` padding, and
#   prove them equal to `tf.nn.conv2d` and `tf.nn.max_pool2d`.
# - What classic hand-made kernels (blur, sharpen, edge and line detectors) do to a digit.
# - How to predict every layer's output shape, kernel shape and *receptive field* in the
#   series' network, and why the old tutorial's `conv2d(x, w + b)` is wrong.
# - How much pooling helps when a digit moves by a pixel or two.

# %% [markdown]
# ## Setup
# In Colab, the first cell installs the series' small `helpers` package; on your own machine,
# `make lab` has installed it already. Import `helpers` before TensorFlow: it keeps TensorFlow's
# start-up messages out of your notebook.

# %%
# NBVAL_IGNORE_OUTPUT
import subprocess
import sys

if "google.colab" in sys.modules:  # only in Colab: install the series' helpers
    HELPERS = "mnist-cnn-helpers @ git+https://github.com/teaching-cnns/mnist-cnn-notebooks"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", HELPERS], check=True)

import helpers  # first: imports TensorFlow without its start-up noise
import itertools

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Rectangle

from helpers.data import load_mnist
from helpers.exercises import check
from helpers.models import build_cnn
from helpers.plots import plot_signed_grid

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, NumPy {np.__version__}; random seed {SEED}")

# %% [markdown]
# You will work with a few training digits, scaled from the integers 0-255 to floats in [0, 1],
# the range the series' network is fed.

# %%
(x_train, y_train), _ = load_mnist()
digits = x_train[:200].astype(np.float32) / 255.0  # 200 digits are plenty for this notebook
labels = y_train[:200]
digit = digits[0]  # the 5 you met in notebook 00
print(f"digits: {digits.shape}, values in [{digits.min():.0f}, {digits.max():.0f}]; digit 0 is a {labels[0]}")
assert digits.shape == (200, 28, 28) and labels[0] == 5


# %% [markdown]
# ## From definition to computation
#
# In mathematics, the *convolution* of two functions $f$ and $g$ is a new function: at each
# point $t$, flip $g$, shift it by $t$, multiply it with $f$ and integrate,
#
# $$(f * g)(t) = \int_{-\infty}^{\infty} f(\tau)\, g(t - \tau)\, d\tau .$$
#
# An image is not a function of a real variable but a grid of pixels $I(m, n)$, and a *kernel*
# (also called a *filter*) is a small grid of weights $K(m, n)$. The integral becomes a sum over
# both axes:
#
# $$(I * K)(i, j) = \sum_{m} \sum_{n} I(i - m,\, j - n)\, K(m, n) .$$
#
# Read it as: to get output pixel $(i, j)$, lay the kernel over the image *upside down and back to
# front* (the minus signs), multiply the overlapping numbers and add them up.
#
# Deep-learning libraries compute the same sum **without the flip**:
#
# $$(I \star K)(i, j) = \sum_{m} \sum_{n} I(i + m,\, j + n)\, K(m, n) .$$
#
# This is a *cross-correlation*: the kernel is laid over the image as it is, and slid across it.
# Libraries still call it convolution, for a good reason: in a network the kernel is *learned*.
# If the flipped kernel is the one that works, training simply finds the flipped numbers. The two
# operations differ only by a relabelling of the weights, so skipping the flip loses nothing and
# makes the weights line up with the image patch they multiply.
#
# NumPy happens to offer both in one dimension, which lets you see the relation before any image:
# convolving with `v` is the same as correlating with `v` reversed.

# %%
signal = np.array([0.0, 1.0, 3.0, 2.0, 0.0, -1.0])
v = np.array([1.0, 0.0, -2.0])  # not symmetric, so the flip matters
print("np.convolve(signal, v)       :", np.convolve(signal, v, mode="valid"))
print("np.correlate(signal, v)      :", np.correlate(signal, v, mode="valid"))
print("np.correlate(signal, v[::-1]):", np.correlate(signal, v[::-1], mode="valid"))
assert np.allclose(np.convolve(signal, v, "valid"), np.correlate(signal, v[::-1], "valid"))
assert not np.allclose(np.convolve(signal, v, "valid"), np.correlate(signal, v, "valid"))

# %% [markdown]
# The first and last lines agree; the middle one (no flip) does not. You will check the same thing
# in two dimensions, against TensorFlow, once you can compute a 2-D cross-correlation yourself.
#
# ## Convolution from scratch
#
# ### A tiny example, by hand
# Take a 3×3 input and a 2×2 kernel. The kernel fits in 2 positions across and 2 down, so the
# output is 2×2. At each position, multiply the 4 overlapping pairs and add them.

# %%
X = np.array([[1, 2, 3],
              [4, 5, 6],
              [7, 8, 9]], dtype=float)
K = np.array([[1, 2],
              [3, 4]], dtype=float)

out = np.zeros((2, 2))
for i in range(2):          # output row
    for j in range(2):      # output column
        patch = X[i:i + 2, j:j + 2]          # the part of X under the kernel
        out[i, j] = np.sum(patch * K)        # multiply pairwise, add up
        terms = " + ".join(f"{p:.0f}*{k:.0f}" for p, k in zip(patch.ravel(), K.ravel(), strict=True))
        print(f"out[{i}, {j}] = {terms} = {out[i, j]:.0f}")
print(out.astype(int))
assert out.tolist() == [[37, 47], [67, 77]]

# %% [markdown]
# TensorFlow's `tf.nn.conv2d` wants 4-D arrays: images as `(batch, height, width, channels)` and
# kernels as `(height, width, in_channels, out_channels)`. A small wrapper adds and removes the
# extra axes, so you can hand it one 2-D image and one 2-D kernel.

# %%
def tf_conv2d(image, kernel, stride=1, padding="valid"):
    """tf.nn.conv2d on one 2-D image and one 2-D kernel; returns a 2-D NumPy array."""
    x4 = tf.constant(image, tf.float32)[None, :, :, None]
    k4 = tf.constant(kernel, tf.float32)[:, :, None, None]
    return tf.nn.conv2d(x4, k4, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


def convolve_by_definition(image, kernel):
    """The true convolution sum  sum_m sum_n I(i - m, j - n) K(m, n), where the kernel fits entirely."""
    kh, kw = kernel.shape
    h, w = image.shape
    result = np.zeros((h - kh + 1, w - kw + 1))
    for i in range(kh - 1, h):
        for j in range(kw - 1, w):
            result[i - kh + 1, j - kw + 1] = sum(image[i - m, j - n] * kernel[m, n]
                                                 for m in range(kh) for n in range(kw))
    return result


print("TensorFlow, kernel as is:\n", tf_conv2d(X, K).astype(int))
print("true convolution (flipped):\n", convolve_by_definition(X, K).astype(int))
print("TensorFlow, kernel flipped:\n", tf_conv2d(X, K[::-1, ::-1]).astype(int))
assert np.allclose(tf_conv2d(X, K), out)                                     # TF computes cross-correlation
assert not np.allclose(convolve_by_definition(X, K), out)                    # which is not convolution...
assert np.allclose(convolve_by_definition(X, K), tf_conv2d(X, K[::-1, ::-1]))  # ...until you flip the kernel

# %% [markdown]
# TensorFlow gives exactly your hand-computed numbers, so its "convolution" is the un-flipped
# sum; flipping the kernel turns it into the textbook convolution. From here on, "convolution"
# means what the libraries compute.
#
# ### A general `conv2d`
# Two more ideas make the loop useful:
#
# - The *stride* $s$ is the step between two kernel positions. With stride 2 the kernel visits every
#   second row and column, and the output is about half as large.
# - *Padding* says what happens at the border. `'valid'` uses only positions where the kernel fits
#   inside the image, so the output shrinks by $k - 1$ (at stride 1). `'same'` first surrounds the
#   image with zeros so that, at stride 1, the output is as large as the input. With stride $s$,
#   `'same'` gives $\lceil n / s \rceil$ outputs along an axis of $n$ pixels.
#
# When the padding needed is odd, it cannot be split evenly: TensorFlow puts the extra row at the
# bottom and the extra column at the right. `same_padding` computes the split exactly as
# TensorFlow does.

# %%
PADDINGS = ("valid", "same")


def same_padding(n, k, stride):
    """TensorFlow's 'same' padding along one axis of n pixels: (before, after); any odd pixel goes after."""
    out_size = -(-n // stride)  # ceil(n / stride)
    total = max((out_size - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def _as_2d(name, a):
    """a as a float array of shape (height, width), or a ValueError that says what was expected."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (height, width); got shape {a.shape}")
    return a


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive int; got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int (1 or more); got {value}")
    return int(value)


def _padding_amounts(shape, window, stride, padding):
    """((top, bottom), (left, right)) zeros to add for a window sliding with this stride and padding."""
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(f"padding must be 'valid' or 'same'; got {padding!r}")
    if padding.lower() == "same":
        return same_padding(shape[0], window[0], stride), same_padding(shape[1], window[1], stride)
    if window[0] > shape[0] or window[1] > shape[1]:
        raise ValueError(f"a {window[0]}x{window[1]} window does not fit in a {shape[0]}x{shape[1]} input "
                         "with padding='valid'; use a smaller window or padding='same'")
    return (0, 0), (0, 0)


def conv2d(x, kernel, stride=1, padding="valid"):
    """Cross-correlate a 2-D image x (height, width) with a 2-D kernel, as tf.nn.conv2d does."""
    x = _as_2d("x", x)
    kernel = _as_2d("kernel", kernel)
    stride = _positive_int("stride", stride)
    (top, bottom), (left, right) = _padding_amounts(x.shape, kernel.shape, stride, padding)
    x = np.pad(x, ((top, bottom), (left, right)))  # zeros around the image ('valid': none)
    kh, kw = kernel.shape
    out_h = (x.shape[0] - kh) // stride + 1
    out_w = (x.shape[1] - kw) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            patch = x[i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[i, j] = np.sum(patch * kernel)
    return out


for n, k, s in [(28, 5, 1), (28, 4, 1), (28, 3, 2), (28, 2, 3)]:
    (top, bottom) = same_padding(n, k, s)
    print(f"n={n}, k={k}, stride={s}: 'same' pads {top} before and {bottom} after -> {conv2d(digit, np.ones((k, k)), s, 'same').shape[0]} outputs")
assert same_padding(28, 4, 1) == (1, 2) and same_padding(28, 5, 1) == (2, 2)

# %% [markdown]
# Now the real test: on MNIST digits, for kernel sizes 1 to 5, strides 1 to 3 and both paddings,
# with random kernels (including non-square ones), your `conv2d` must agree with `tf.nn.conv2d`.

# %%
rng = np.random.default_rng(SEED)
cases = 0
for (kh, kw), stride, padding in itertools.product([(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (2, 5)],
                                                   [1, 2, 3], PADDINGS):
    for image in digits[:3]:
        kernel = rng.normal(size=(kh, kw))
        ours, theirs = conv2d(image, kernel, stride, padding), tf_conv2d(image, kernel, stride, padding)
        assert ours.shape == theirs.shape, (kh, kw, stride, padding, ours.shape, theirs.shape)
        assert np.allclose(ours, theirs, atol=1e-4), (kh, kw, stride, padding)
        cases += 1
print(f"conv2d matches tf.nn.conv2d in all {cases} cases (6 kernel shapes x 3 strides x 2 paddings x 3 digits)")
assert cases == 108

# %% [markdown]
# All 108 cases agree to within float32 rounding, including the lop-sided `'same'` padding of the
# even-sized kernels.
#
# ### Watch the window slide
# Each output pixel comes from one input patch the size of the kernel. The figure follows the
# strongest output of a *Sobel x* kernel (it responds where the image gets brighter from left to
# right) back to the 3×3 patch it came from.

# %%
sobel_x = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=float)
response = conv2d(digit, sobel_x)  # 'valid': output (i, j) <- input rows i..i+2, columns j..j+2
i, j = np.unravel_index(np.argmax(response), response.shape)
patch = digit[i:i + 3, j:j + 3]
assert np.isclose(response[i, j], np.sum(patch * sobel_x))
assert response.shape == (26, 26)  # 28 - 3 + 1 positions along each axis

fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), layout="constrained")
axes[0].imshow(digit, cmap="gray")
axes[0].add_patch(Rectangle((j - 0.5, i - 0.5), 3, 3, fill=False, edgecolor="red", linewidth=2))
axes[0].set_title(f"input {digit.shape[0]}x{digit.shape[1]}: patch at ({i}, {j})")
axes[1].imshow(patch, cmap="gray", vmin=0, vmax=1)
for (r, c), value in np.ndenumerate(patch):
    axes[1].text(c, r, f"{value:.2f}\nx{sobel_x[r, c]:+.0f}", ha="center", va="center", fontsize=8,
                 color="red")
axes[1].set_title("patch values,\nx kernel weights")
limit = np.abs(response).max()
image = axes[2].imshow(response, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
axes[2].add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=2))
axes[2].set_title(f"output {response.shape[0]}x{response.shape[1]}, pixel ({i}, {j}):\n"
                  f"sum of products = {response[i, j]:.2f}")
fig.colorbar(image, ax=axes[2], shrink=0.8, label="Sobel x response")
for ax in axes:
    ax.set_xlabel("column (pixel)")
    ax.set_ylabel("row (pixel)")
plt.show()

# %% [markdown]
# Notice that the output is 26×26, two pixels smaller than the digit, because with `'valid'`
# padding a 3×3 window has only 26 positions along each axis; and that the strongest response
# sits where a dark background meets a bright stroke on the patch's right.
#
# ## Classic hand-made kernels
# Before networks learned their kernels, image processing used hand-designed ones. Each is a 3×3
# grid of weights:
#
# - *identity*: a single 1 in the middle; the output is the input.
# - *box blur* and *Gaussian blur*: positive weights adding up to 1; each pixel becomes a
#   (weighted) average of its neighbourhood.
# - *sharpen*: the identity plus "centre minus neighbours"; it boosts local contrast.
# - *Sobel x / y*: brightness differences across columns / rows, i.e. vertical / horizontal *edges*.
# - *Laplacian*: neighbours minus centre; it responds to spots and thin lines.
# - *horizontal / vertical line* detectors: a positive middle row (column) between negative ones.

# %%
KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "box blur": np.ones((3, 3)) / 9,
    "Gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "Sobel x": sobel_x,
    "Sobel y": sobel_x.T,
    "Laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=float),
    "horizontal line": np.array([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]], dtype=float),
    "vertical line": np.array([[-1, 2, -1], [-1, 2, -1], [-1, 2, -1]], dtype=float),
}
for name, kernel in KERNELS.items():
    print(f"{name:16s} weights sum to {kernel.sum():+.0f}")
KERNEL_TITLES = [name.replace(" ", "\n") if len(name) > 9 else name for name in KERNELS]  # fit small maps
plot_signed_grid(np.stack(list(KERNELS.values())), titles=KERNEL_TITLES, ncols=9,
                 suptitle="The nine 3x3 kernels (red > 0, blue < 0)")
plt.show()

# %% [markdown]
# The blurs, identity and sharpen kernels sum to 1, so they keep a flat region's brightness; the
# edge and line detectors sum to 0, so on any flat region (the black background, or the inside of a
# thick stroke) their output is exactly 0. The cell below checks that on a constant image.

# %%
flat = np.full((8, 8), 0.7)
for name, kernel in KERNELS.items():
    expected = 0.0 if np.isclose(kernel.sum(), 0) else 0.7
    assert np.allclose(conv2d(flat, kernel), expected), name
print("On a flat image: detectors give 0, the others keep the value 0.7.")

# %% [markdown]
# Here is what the nine kernels do to the digit. Signed outputs are drawn with a diverging map:
# white is 0, red positive, blue negative. The outputs have very different ranges (a blur stays in
# [0, 1], a Sobel kernel can reach up to ±4), so each map is divided by its own largest absolute
# value before drawing.

# %%
def normalised(maps):
    """Divide each 2-D map by its largest absolute value, for drawing on one colour scale."""
    maps = np.asarray(maps, dtype=float)
    scale = np.abs(maps).max(axis=(-2, -1), keepdims=True)
    return maps / np.where(scale == 0, 1, scale)


outputs = np.stack([conv2d(digit, kernel, padding="same") for kernel in KERNELS.values()])
plot_signed_grid(normalised(outputs), titles=KERNEL_TITLES, ncols=9,
                 suptitle="Digit 0 through each kernel ('same' padding), each map scaled to [-1, 1]")
plt.show()
assert outputs.shape == (9, 28, 28)
assert np.allclose(outputs[0], digit)  # identity
by_kernel = dict(zip(KERNELS, outputs, strict=True))
assert all(0 <= by_kernel[name].min() and by_kernel[name].max() <= 1 for name in ("box blur", "Gaussian blur"))
assert np.abs(np.stack([by_kernel["Sobel x"], by_kernel["Sobel y"]])).max() <= 4  # 4 = sum of positive weights

# %% [markdown]
# Notice that the blurs thicken and soften the strokes, that Sobel x colours the left side of each stroke red
# (dark to bright, going right) and its right side blue, Sobel y does the same for top and bottom sides, and that the line detectors favour
# the strokes running in their direction. A CNN's first layer learns kernels much like these.
#
# ## Output-size arithmetic
# Along one axis, an input of $n$ pixels, a kernel of $k$, $p$ zeros added on each side and a stride
# $s$ give
#
# $$n_\text{out} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1 .$$
#
# The $n + 2p - k$ pixels left after the first position are crossed in steps of $s$; the floor
# drops a last step that would not fit. `tf.nn.conv2d` also accepts explicit padding, which lets
# you test the formula for any $p$.

# %%
def output_size(n, k, stride=1, pad=0):
    """Output length along one axis: floor((n + 2 pad - k) / stride) + 1."""
    return (n + 2 * pad - k) // stride + 1


print(" n   k  s  p | formula  TensorFlow")
for n, k, s, p in [(28, 5, 1, 2), (28, 5, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (28, 3, 2, 0),
                   (28, 2, 2, 0), (14, 5, 1, 2), (14, 2, 2, 0), (7, 3, 3, 0), (7, 7, 1, 0), (5, 3, 2, 1)]:
    pads = [[0, 0], [p, p], [p, p], [0, 0]]
    tf_size = tf.nn.conv2d(tf.zeros([1, n, n, 1]), tf.zeros([k, k, 1, 1]), strides=s, padding=pads).shape[1]
    print(f"{n:2d}  {k:2d} {s:2d} {p:2d} | {output_size(n, k, s, p):7d}  {tf_size:10d}")
    assert output_size(n, k, s, p) == tf_size

# %% [markdown]
# The formula and TensorFlow agree on every row. For the series' network, a 5×5 kernel with
# $p = 2$ keeps 28 at 28 (that is `'same'` padding), a 2×2 pooling window with stride 2 halves it,
# and the pattern repeats: 28 → 28 → 14 → 14 → 7. The next cell runs that chain with TensorFlow's own
# layers and compares every shape.

# %%
x4 = digits[:1, :, :, None]  # (batch 1, 28, 28, channels 1)
w1 = tf.random.normal([5, 5, 1, 32], stddev=0.1, seed=SEED)
w2 = tf.random.normal([5, 5, 32, 64], stddev=0.1, seed=SEED + 1)
h_conv1 = tf.nn.conv2d(x4, w1, strides=1, padding="SAME")
h_pool1 = tf.nn.max_pool2d(h_conv1, ksize=2, strides=2, padding="VALID")
h_conv2 = tf.nn.conv2d(h_pool1, w2, strides=1, padding="SAME")
h_pool2 = tf.nn.max_pool2d(h_conv2, ksize=2, strides=2, padding="VALID")
chain = [("input", x4), ("conv1", h_conv1), ("pool1", h_pool1), ("conv2", h_conv2), ("pool2", h_pool2)]
for name, tensor in chain:
    print(f"{name:6s} {tuple(tensor.shape)}")
sides = [28]
for k, s, p in [(5, 1, 2), (2, 2, 0), (5, 1, 2), (2, 2, 0)]:
    sides.append(output_size(sides[-1], k, s, p))
assert sides == [28, 28, 14, 14, 7] == [tensor.shape[1] for _, tensor in chain]

# %% [markdown]
# The last axis is the number of *channels*, the subject of the next section.
#
# ## Many filters: channels
# One kernel gives one output map. A convolution layer applies many kernels to the same input and
# stacks their maps along a last axis, the *channels*: the first layer of the series' network has 32
# kernels, so it turns a 28×28×1 digit into 28×28×32.
#
# The second layer's input therefore has 32 channels, and each of its kernels must have 32 channels
# too: one 5×5 slice per input channel. Its output is the *sum* over the input channels of the
# per-channel 2-D convolutions. TensorFlow stores all kernels of a layer in one 4-D array of shape
# `(kernel height, kernel width, input channels, output channels)`: `[5, 5, 1, 32]` for the first
# layer and `[5, 5, 32, 64]` for the second. Here is the multi-channel convolution, built on your
# 2-D `conv2d`:

# %%
def conv2d_multichannel(x, kernels, stride=1, padding="valid"):
    """x (height, width, c_in), kernels (kh, kw, c_in, c_out) -> (out_h, out_w, c_out), like tf.nn.conv2d."""
    x, kernels = np.asarray(x, dtype=float), np.asarray(kernels, dtype=float)
    if x.ndim != 3 or kernels.ndim != 4 or kernels.shape[2] != x.shape[2]:
        raise ValueError(f"expected x (h, w, c_in) and kernels (kh, kw, c_in, c_out) with the same c_in; "
                         f"got {x.shape} and {kernels.shape}")
    return np.stack([sum(conv2d(x[:, :, c], kernels[:, :, c, o], stride, padding) for c in range(x.shape[2]))
                     for o in range(kernels.shape[3])], axis=-1)


ours1 = conv2d_multichannel(x4[0], w1.numpy(), padding="same")
ours2 = conv2d_multichannel(h_pool1[0].numpy(), w2.numpy(), padding="same")
print(f"conv1: kernels {tuple(w1.shape)}, output {ours1.shape}")
print(f"conv2: kernels {tuple(w2.shape)}, output {ours2.shape}")
assert np.allclose(ours1, h_conv1[0], atol=1e-4) and np.allclose(ours2, h_conv2[0], atol=1e-4)

model = build_cnn()  # the series' Keras model: its kernels have the same shapes
conv_shapes = {name: tuple(model.get_layer(name).kernel.shape) for name in ("conv1", "conv2")}
conv_params = {name: model.get_layer(name).count_params() for name in ("conv1", "conv2")}
print("Keras kernel shapes:", conv_shapes, "parameters (weights + biases):", conv_params)
assert conv_shapes == {"conv1": (5, 5, 1, 32), "conv2": (5, 5, 32, 64)}
assert conv_params == {"conv1": 5 * 5 * 1 * 32 + 32, "conv2": 5 * 5 * 32 * 64 + 64} == {"conv1": 832, "conv2": 51264}
assert round(conv_params["conv2"] / conv_params["conv1"]) == 62

# %% [markdown]
# Your loop reproduces both of TensorFlow's layers, and the Keras model of the series has the same
# kernel shapes. Counting weights plus one bias per output channel, the first layer has 832
# parameters and the second 51,264: the second layer is about 62 times larger because each of its 64
# kernels looks at all 32 input channels.
#
# A layer with the nine hand-made kernels would be a `[3, 3, 1, 9]` kernel array; one
# `tf.nn.conv2d` call then computes the whole row of maps you drew above. Each of them is a
# *feature map*: the output of one filter over the whole image, which shows where in the image
# that filter's pattern (its *feature*) occurs. A layer produces one 2-D feature map per output
# channel, here nine maps of 28×28.

# %%
bank = np.stack(list(KERNELS.values()), axis=-1)[:, :, None, :]  # (3, 3, 1, 9)
maps = tf.nn.conv2d(x4, bank.astype(np.float32), strides=1, padding="SAME")[0].numpy()  # (28, 28, 9)
print(f"kernel bank {bank.shape} -> feature maps {maps.shape}")
assert maps.shape == (28, 28, 9)
assert np.allclose(np.moveaxis(maps, -1, 0), outputs, atol=1e-5)


# %% [markdown]
# ## Bias and ReLU
# A convolution layer adds one *bias* per output channel to its maps, then applies an *activation
# function*, here the *ReLU*, $\max(0, z)$, which keeps positive values and sets the rest to 0:
#
# $$\text{output} = \text{ReLU}(x \star w + b) .$$
#
# The old TF 1 tutorial wrote `conv2d(x, w + b)`: it added the bias to every *kernel weight*
# instead. Since the convolution is linear, $x \star (w + b) = x \star w + b \cdot (x \star
# \mathbf{1})$, where $x \star \mathbf{1}$ is the sum of the pixels under the window. So the
# tutorial's bias is not a constant at all: it is $b$ times the local brightness, zero on a black
# background, and smaller near the border, where part of the window lies on padding zeros.

# %%
w = rng.normal(scale=0.1, size=(5, 5))  # a random kernel, like an untrained layer's
b = 0.1                                 # the tutorial's initial bias
correct = conv2d(digit, w, padding="same") + b
tutorial = conv2d(digit, w + b, padding="same")
window_sums = conv2d(digit, np.ones((5, 5)), padding="same")
assert np.allclose(tutorial - correct, b * window_sums - b)

background = window_sums == 0  # windows that see only black pixels
print(f"on the {background.sum()} all-black windows: correct pre-activation {correct[background].max():.2f}, "
      f"tutorial's {np.abs(tutorial[background]).max():.2f}")
assert np.allclose(correct[background], b) and np.allclose(tutorial[background], 0)

ones = np.ones((28, 28))  # a plain white image shows the border effect alone
extra = conv2d(ones, w + b, padding="same") - conv2d(ones, w, padding="same")  # the tutorial's "bias"
print("tutorial's extra term on a white image, divided by b:")
print(f"  centre {extra[14, 14] / b:.0f}, middle of the top edge {extra[0, 14] / b:.0f}, corner {extra[0, 0] / b:.0f}")
assert np.allclose(extra / b, conv2d(ones, np.ones((5, 5)), padding="same"))  # pixels under each window
assert [round(extra[14, 14] / b), round(extra[0, 14] / b), round(extra[0, 0] / b)] == [25, 15, 9]

# %%
def show_signed(ax, a, title, label="value"):
    """One signed map with a diverging colour map centred on 0, and its colour bar."""
    limit = float(np.abs(a).max()) or 1.0
    image = ax.imshow(a, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("column (pixel)")
    ax.set_ylabel("row (pixel)")
    ax.figure.colorbar(image, ax=ax, shrink=0.7, label=label)


fig, axes = plt.subplots(2, 2, figsize=(8, 6.5), layout="constrained")
show_signed(axes[0, 0], np.maximum(correct, 0), "correct: ReLU(conv(x, w) + b)")
show_signed(axes[0, 1], np.maximum(tutorial, 0), "old tutorial: ReLU(conv(x, w + b))")
show_signed(axes[1, 0], tutorial - correct, "difference before the ReLU")
show_signed(axes[1, 1], extra / b, "white image: tutorial's extra term / b", label="pixels under the window")
fig.suptitle("Adding the bias to the output (correct) or to the kernel (old tutorial)")
plt.show()

# %% [markdown]
# Notice that the correct version lifts the whole map by 0.1 (the background turns faintly red),
# while the tutorial's version adds nothing on the background and a lot on bright strokes; on a
# white image its "bias" drops from 25 b in the middle to 9 b in the corners. The series' code
# adds the bias after the convolution.
#
# ## Pooling from scratch
# A *pooling* layer shrinks each map by summarising small windows: *max pooling* keeps the largest
# value of each window, *average pooling* their mean. The series' network uses 2×2 max pooling with
# stride 2, which halves both sides. Pooling has no weights, and it works on each channel
# separately. With `'same'` padding, TensorFlow ignores the padded positions: the maximum or mean is
# taken over the real pixels of the window only, which is what `pool2d` below does.

# %%
POOL_MODES = ("max", "avg")


def pool2d(x, size=2, stride=2, mode="max", padding="valid"):
    """Max or average pooling of a 2-D map x (height, width) over size x size windows, like tf.nn."""
    x = _as_2d("x", x)
    size = _positive_int("size", size)
    stride = _positive_int("stride", stride)
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be 'max' or 'avg'; got {mode!r}")
    (top, bottom), (left, right) = _padding_amounts(x.shape, (size, size), stride, padding)
    out_h = (x.shape[0] + top + bottom - size) // stride + 1
    out_w = (x.shape[1] + left + right - size) // stride + 1
    summarise = np.max if mode == "max" else np.mean
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * stride - top, j * stride - left  # window's top-left corner in x
            window = x[max(r, 0):r + size, max(c, 0):c + size]  # padded positions are left out
            out[i, j] = summarise(window)
    return out


def tf_pool2d(image, size=2, stride=2, mode="max", padding="valid"):
    """tf.nn.max_pool2d / avg_pool2d on one 2-D map; returns a 2-D NumPy array."""
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    x4 = tf.constant(image, tf.float32)[None, :, :, None]
    return pool(x4, ksize=size, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


cases = 0
for size, stride, mode, padding in itertools.product([1, 2, 3, 4], [1, 2, 3], POOL_MODES, PADDINGS):
    for image in (digits[1], outputs[4]):  # a digit and a signed Sobel-x map
        ours, theirs = pool2d(image, size, stride, mode, padding), tf_pool2d(image, size, stride, mode, padding)
        assert ours.shape == theirs.shape and np.allclose(ours, theirs, atol=1e-5), (size, stride, mode, padding)
        cases += 1
print(f"pool2d matches tf.nn.max_pool2d / avg_pool2d in all {cases} cases")
assert cases == 96

# %%
pooled_max = pool2d(digit, mode="max")
pooled_avg = pool2d(digit, mode="avg")
pooled_twice = pool2d(pooled_max, mode="max")
fig, axes = plt.subplots(1, 4, figsize=(10, 2.9))
for ax, (title, image) in zip(axes, [("digit 28x28", digit), ("max pool 14x14", pooled_max),
                                     ("average pool 14x14", pooled_avg), ("max pool twice 7x7", pooled_twice)],
                              strict=True):
    ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    ax.set_title(title)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
fig.suptitle("2x2 pooling with stride 2")
fig.tight_layout()
plt.show()
print(f"shapes: {digit.shape} -> {pooled_max.shape} -> {pooled_twice.shape}")
assert pooled_max.shape == (14, 14) and pooled_twice.shape == (7, 7)

# %% [markdown]
# Notice that max pooling keeps strokes bright and even thickens them, while average pooling
# dims thin strokes that only partly cover a window. After two poolings only 49 pixels are left:
# the 5 is hard to recognise, but where the ink is, coarsely, survives.
#
# What is thrown away? A 2×2 max pool keeps 1 value of every 4, so 75% of the values are dropped,
# and with them the *position* of the maximum inside its window. The two 4×4 maps below have their
# bright pixels in different places but pool to the same 2×2 map:

# %%
a = np.zeros((4, 4))
a[0, 0] = a[1, 3] = a[3, 1] = a[2, 2] = 1.0
shifted_inside = np.zeros((4, 4))
shifted_inside[1, 1] = shifted_inside[0, 2] = shifted_inside[2, 0] = shifted_inside[3, 3] = 1.0
print("map A, pooled:\n", pool2d(a).astype(int))
print("map B, pooled:\n", pool2d(shifted_inside).astype(int))
assert not np.array_equal(a, shifted_inside) and np.array_equal(pool2d(a), pool2d(shifted_inside))
assert pool2d(digit).size / digit.size == 0.25

# %% [markdown]
# That loss is deliberate: the next layer learns *that* a feature is present in a region, not
# exactly where, and it does so with four times fewer positions to process.
#
# ## Small shifts: what pooling buys
# If you move a digit one pixel to the right, every pixel takes its left neighbour's value. Most of
# the black background stays black, but most of the *ink* pixels (those brighter than 0) change:
# a stroke's left edge turns black, and pixels inside it often get a different brightness. Does a
# convolution or a pooling layer change less?
# To measure it, shift each of the 200 digits by 0 to 3 pixels and compute the *relative change*
# $\lVert f(\text{shifted}) - f(\text{original}) \rVert \,/\, \lVert f(\text{original}) \rVert$ of:
# the raw image, a convolution's ReLU output, that output max-pooled once, and max-pooled twice.
# Two kernels are tried: a Gaussian blur and Sobel x. Since your functions match TensorFlow, the
# cell uses TensorFlow's batched versions: they process all 200 digits in one call.

# %%
def shift_right(images, pixels):
    """Move images (n, h, w) right by `pixels`, filling the left with background (0)."""
    moved = np.zeros_like(images)
    moved[:, :, pixels:] = images[:, :, :images.shape[2] - pixels]
    return moved


changed = shift_right(digits, 1) != digits  # which pixel values a 1-pixel shift changes
print(f"a 1-pixel shift changes {changed[digits > 0].mean():.0%} of the ink pixels "
      f"and {changed.mean():.0%} of all pixels of the 200 digits")
assert changed[digits > 0].mean() > 0.5 and changed.mean() < 0.5


def relative_change(new, old):
    """Mean over images of ||new - old|| / ||old||."""
    new, old = new.reshape(len(new), -1), old.reshape(len(old), -1)
    return float(np.mean(np.linalg.norm(new - old, axis=1) / np.linalg.norm(old, axis=1)))


def stages(images, kernel):
    """Raw images, ReLU(conv), then max-pooled once and twice, all for a batch (n, 28, 28)."""
    conv = tf.nn.relu(tf.nn.conv2d(images[..., None], kernel[:, :, None, None].astype(np.float32), 1, "SAME"))
    pool1 = tf.nn.max_pool2d(conv, 2, 2, "VALID")
    pool2 = tf.nn.max_pool2d(pool1, 2, 2, "VALID")
    return {"raw image": images, "ReLU(conv)": conv.numpy(), "max pool x1": pool1.numpy(),
            "max pool x2": pool2.numpy()}


SHIFTS = [0, 1, 2, 3]
change = {}  # (kernel name, stage) -> relative change per shift
for kernel_name in ("Gaussian blur", "Sobel x"):
    before = stages(digits, KERNELS[kernel_name])
    for s in SHIFTS:
        after = stages(shift_right(digits, s), KERNELS[kernel_name])
        for stage in before:
            change.setdefault((kernel_name, stage), []).append(relative_change(after[stage], before[stage]))

fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.4), sharey=True)
for ax, kernel_name in zip(axes, ("Gaussian blur", "Sobel x"), strict=True):
    for stage, marker in zip(before, "osd^", strict=True):
        ax.plot(SHIFTS, change[(kernel_name, stage)], marker=marker, label=stage)
    ax.set_title(f"kernel: {kernel_name}")
    ax.set_xlabel("shift to the right (pixels)")
    ax.set_xticks(SHIFTS)
axes[0].set_ylabel("relative change (mean of 200 digits)")
axes[1].legend()
fig.suptitle("How much each stage changes when the digit moves")
fig.tight_layout()
plt.show()

# %% [markdown]
# The exact values depend a little on your CPU, so they are printed in a cell that the tests do not
# compare; the claims made below are asserted in the cell after it.

# %%
# NBVAL_IGNORE_OUTPUT
for (kernel_name, stage), values in change.items():
    print(f"{kernel_name:13s} {stage:11s}", "  ".join(f"{v:.3f}" for v in values))

# %%
for kernel_name in ("Gaussian blur", "Sobel x"):
    c = {stage: np.array(change[(kernel_name, stage)]) for stage in before}
    assert np.all(c["raw image"][1:] > 0.5)                          # a 1-pixel shift changes over half
    assert np.all(c["max pool x1"][1:] < c["ReLU(conv)"][1:])        # pooling always reduces the change
    assert np.all(c["max pool x2"][1:] < c["max pool x1"][1:])       # and a second pooling reduces it more
    assert all(np.all(np.diff(c[stage]) > 0) for stage in c)        # every curve still grows with the shift
gauss = {stage: change[("Gaussian blur", stage)] for stage in before}
sobel = {stage: change[("Sobel x", stage)] for stage in before}
assert gauss["ReLU(conv)"][1] < gauss["raw image"][1]    # a blur alone already reduces the change
assert gauss["max pool x1"][1] < gauss["raw image"][1]   # blur + pool: less change than raw pixels
assert sobel["ReLU(conv)"][1] > sobel["raw image"][1]    # an edge detector alone is *more* sensitive
assert sobel["max pool x2"][1] < sobel["raw image"][1]   # two poolings bring it below raw again
print("All claims about the shift experiment hold.")

# %% [markdown]
# What to notice:
#
# - A one-pixel shift changes the raw image by more than half of its size.
# - Each max pooling reduces the change of the map it pools, and two poolings reduce it more: a
#   feature that moves within a 2×2 window leaves the pooled value unchanged.
# - The kernel matters: a blur already reduces the change, whereas an edge detector on its own
#   is *more* sensitive than raw pixels; two poolings bring even it below the raw image.
# - Pooling gives robustness to *small* shifts, not invariance: every curve still grows with the shift.
#
# ## Receptive fields
# The *receptive field* of a unit is the patch of the input image that can influence it. A conv1
# unit sees a 5×5 patch. A pool1 unit pools 2×2 conv1 units one pixel apart, so it sees 6×6. A conv2
# unit combines 5×5 pool1 units, which are 2 input pixels apart, and so on. In general, with
# $r_0 = 1$ and *jump* $j_0 = 1$ (the distance, in input pixels, between neighbouring units), a
# layer with kernel $k_l$ and stride $s_l$ gives
#
# $$r_l = r_{l-1} + (k_l - 1)\, j_{l-1}, \qquad j_l = j_{l-1}\, s_l .$$
#
# To draw the fields at the right place, the recurrence also tracks where unit 0's field starts:
# $\text{start}_l = \text{start}_{l-1} - p_l\, j_{l-1}$, with $p_l$ the padding before the first row.

# %%
def receptive_fields(layers):
    """layers: [(name, kernel, stride, pad_before)] -> [(name, field size, jump, start of unit 0's field)]."""
    r, jump, start, result = 1, 1, 0, []
    for name, k, s, pad in layers:
        r, start, jump = r + (k - 1) * jump, start - pad * jump, jump * s
        result.append((name, r, jump, start))
    return result


SERIES_LAYERS = [("conv1", 5, 1, 2), ("pool1", 2, 2, 0), ("conv2", 5, 1, 2), ("pool2", 2, 2, 0)]
fields = receptive_fields(SERIES_LAYERS)
for name, r, jump, start in fields:
    print(f"{name}: receptive field {r:2d}x{r:<2d} pixels, units {jump} pixel(s) apart, unit 0 starts at row {start}")
assert [r for _, r, _, _ in fields] == [5, 6, 14, 16]
assert [jump for _, _, jump, _ in fields] == [1, 2, 2, 4]

# %% [markdown]
# You can also measure a receptive field: make every kernel all ones, use average pooling (so that
# every input pixel in the field has a positive effect), and ask TensorFlow for the gradient of one
# pool2 unit with respect to the input image. The pixels with a non-zero gradient are its field.

# %%
probe = tf.Variable(tf.zeros([1, 28, 28, 1]))
with tf.GradientTape() as tape:
    h = tf.nn.conv2d(probe, tf.ones([5, 5, 1, 1]), 1, "SAME")
    h = tf.nn.avg_pool2d(h, 2, 2, "VALID")
    h = tf.nn.conv2d(h, tf.ones([5, 5, 1, 1]), 1, "SAME")
    h = tf.nn.avg_pool2d(h, 2, 2, "VALID")
    unit = h[0, 3, 3, 0]  # a pool2 unit near the middle of the 7x7 map
rows, cols = np.nonzero(tape.gradient(unit, probe)[0, :, :, 0].numpy())
_, r_pool2, jump_pool2, start_pool2 = fields[-1]
print(f"pool2 unit (3, 3) is influenced by rows {rows.min()}-{rows.max()} and columns {cols.min()}-{cols.max()}")
assert rows.max() - rows.min() + 1 == cols.max() - cols.min() + 1 == r_pool2 == 16
assert rows.min() == start_pool2 + 3 * jump_pool2

# %%
units = {"conv1": 12, "pool1": 6, "conv2": 6, "pool2": 3}  # one nested unit per layer, near the centre
fig, axes = plt.subplots(1, 4, figsize=(10, 2.9), sharey=True)
for ax, (name, r, jump, start) in zip(axes, fields, strict=True):
    first = start + units[name] * jump  # first input row (and column) of the unit's field
    ax.imshow(digit, cmap="gray")
    ax.add_patch(Rectangle((first - 0.5, first - 0.5), r, r, fill=False, edgecolor="red", linewidth=2))
    ax.set_title(f"{name} unit ({units[name]}, {units[name]}): {r}x{r}", fontsize=10)
    ax.set_xlabel("column (pixel)")
axes[0].set_ylabel("row (pixel)")
fig.suptitle("Receptive fields in the series' network (red: the input pixels one unit sees)")
fig.tight_layout()
plt.show()

# %% [markdown]
# Notice that a pool2 unit sees 16×16 pixels, more than half of the digit's width, although every
# kernel is only 5×5: stacking layers and pooling between them is how a small-kernel network ends
# up seeing whole strokes and their arrangement.
#
# ## Explore: your own digit and kernel
# Pick a digit (its index among the 60,000 training images) and a kernel, or choose *custom* and
# type a 3×3 kernel, rows separated by `;`. The figure updates as you change the controls. The
# controls are *widgets*: they appear when you run the notebook in JupyterLab, Jupyter Notebook or
# Colab. Where they cannot be shown (a static viewer such as GitHub's, for instance), the cell shows
# one line of text instead, and the static gallery after it gives the same kind of result.

# %%
# NBVAL_IGNORE_OUTPUT
def parse_kernel(text):
    """'0 1 0; 1 -4 1; 0 1 0' -> a 3x3 array."""
    kernel = np.array([[float(v) for v in row.split()] for row in text.split(";")])
    if kernel.shape != (3, 3):
        raise ValueError(f"expected 3 rows of 3 numbers, got shape {kernel.shape}")
    return kernel


def show_filtered(index, kernel_name, custom_text):
    """Draw training digit `index`, the kernel, and the result of conv2d with 'same' padding."""
    try:
        kernel = parse_kernel(custom_text) if kernel_name == "custom" else KERNELS[kernel_name]
    except ValueError as exc:
        print(f"Cannot read the custom kernel: {exc}")
        return
    image = x_train[index].astype(float) / 255
    fig, axes = plt.subplots(1, 3, figsize=(9, 2.9))
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title(f"training digit {index} (label {y_train[index]})")
    show_signed(axes[1], kernel, f"kernel: {kernel_name}", label="weight")
    show_signed(axes[2], conv2d(image, kernel, padding="same"), "output", label="response")
    fig.tight_layout()
    plt.show()


def kernel_explorer():
    """Show an ipywidgets control and return it, or None (with a message) where ipywidgets is missing."""
    try:
        import ipywidgets as widgets
        from IPython.display import display

        explorer = widgets.interactive(
            show_filtered,
            index=widgets.BoundedIntText(value=0, min=0, max=len(x_train) - 1, description="digit"),
            kernel_name=widgets.Dropdown(options=[*KERNELS, "custom"], value="Sobel x", description="kernel"),
            custom_text=widgets.Text(value="0 1 0; 1 -4 1; 0 1 0", description="custom"),
        )
        view = explorer._repr_mimebundle_()  # the widget view, plus its text for non-widget viewers
        view["text/plain"] = "Kernel explorer: run this cell in JupyterLab or Colab to see its controls."
        display(view, raw=True)
        return explorer
    except Exception as exc:  # no ipywidgets, or no front end that can show them
        print(f"Widgets are not available here ({type(exc).__name__}); use the gallery below.")
        return None


explorer = kernel_explorer()

# %% [markdown]
# ### Static gallery
# The same computation for one digit of each of four classes (rows) and all nine kernels
# (columns), each map scaled to its own largest absolute value.

# %%
gallery_indices = [int(np.flatnonzero(labels == d)[0]) for d in (0, 1, 4, 7)]
gallery = normalised([conv2d(digits[i], kernel, padding="same")
                      for i in gallery_indices for kernel in KERNELS.values()])
titles = KERNEL_TITLES + [""] * (len(gallery) - len(KERNELS))  # kernel names above the first row
fig = plot_signed_grid(gallery, titles=titles, ncols=9, cell_inches=1.05,
                       suptitle="Four digits (rows) through nine kernels (columns), each map scaled to [-1, 1]")
for row, i in enumerate(gallery_indices):
    fig.axes[row * len(KERNELS)].set_ylabel(f"a {labels[i]}\n(index {i})")
plt.show()
print(f"gallery: {len(gallery_indices)} digits x {len(KERNELS)} kernels = {len(gallery)} maps")
assert gallery.shape == (36, 28, 28)

# %% [markdown]
# Notice how the 1, a single near-vertical stroke, lights up the vertical-line detector more than the
# horizontal-line one, while the 7, with its top bar, excites both about equally. The cell below
# measures it: the total positive response of each line detector, and their ratio.

# %%
one, seven = (digits[gallery_indices[k]] for k in (1, 3))


def total_response(image, name):
    """Sum of the positive part of the kernel's output on one image."""
    return float(np.maximum(conv2d(image, KERNELS[name], padding="same"), 0).sum())


for name, image in (("the 1", one), ("the 7", seven)):
    ratio = total_response(image, "vertical line") / total_response(image, "horizontal line")
    print(f"{name}: vertical-line / horizontal-line response = {ratio:.1f}")
    assert ratio > 1.5 if name == "the 1" else 0.9 < ratio < 1.1

# %% [markdown]
# ## Summary
# - Deep-learning "convolution" is cross-correlation: the kernel is not flipped. Flipping the
#   kernel turns one into the other, and you checked it against `tf.nn.conv2d`.
# - Your NumPy `conv2d` and `pool2d`, with strides and `'valid'`/`'same'` padding, agree with
#   TensorFlow in all 108 and 96 cases tried; `'same'` puts an odd extra pixel at the bottom/right.
# - Output sizes follow $\lfloor (n + 2p - k)/s \rfloor + 1$, giving 28 → 28 → 14 → 14 → 7 in the
#   series' network; its kernels are `[5, 5, 1, 32]` (832 parameters) and `[5, 5, 32, 64]` (51,264).
# - The bias belongs after the convolution: the old `conv2d(x, w + b)` adds $b$ times the local
#   brightness, 0 on the background and 9b instead of 25b in a corner.
# - Max pooling keeps one value in four; it makes the maps change less when a digit shifts by a
#   pixel or two, but not zero. A pool2 unit has a 16×16 receptive field.
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. A 28×28 image goes through a 3×3 convolution with stride 2 and `'valid'` padding. What is the
#    output shape, as a tuple `(height, width)`?
# 2. How many parameters (weights and biases) has a convolution layer with kernel shape
#    `[3, 3, 32, 16]`?
# 3. If both of the series' convolutions used 3×3 kernels (padding 1) instead of 5×5, how large
#    would a pool2 unit's receptive field be (one side, in pixels)?
# 4. Design a 3×3 kernel that detects diagonal strokes running from bottom-left to top-right (`/`).
#    The check draws four 9×9 strokes (`/`, `\`, `-`, `|`) and passes if your kernel's strongest
#    response to `/` is positive and at least twice its strongest response to each of the others.
# 5. (Open) Repeat the shift experiment with shifts *down* instead of right, with average instead
#    of max pooling, or with a 3×3 pooling window. Which change makes the pooled maps most robust,
#    and what does it cost in resolution?

# %%
answer_1 = ...  # the output shape, e.g. (10, 10)
answer_2 = ...  # the number of parameters
answer_3 = ...  # the receptive field of pool2, in pixels
answer_4 = ...  # a 3x3 NumPy array


def strokes(size=9):
    """Four size x size test images with one stroke each: '/', '\\', '-' and '|'."""
    diagonal = np.eye(size)
    horizontal, vertical = np.zeros((size, size)), np.zeros((size, size))
    horizontal[size // 2, :] = vertical[:, size // 2] = 1.0
    return {"/": diagonal[::-1], "\\": diagonal, "-": horizontal, "|": vertical}


def detects_rising_diagonals(kernel):
    """True if the kernel's strongest response to '/' is > 0 and at least twice that to each other stroke."""
    best = {name: conv2d(image, kernel).max() for name, image in strokes().items()}
    return bool(best["/"] > 0 and all(best["/"] >= 2 * best[name] for name in ("\\", "-", "|")))


layer = keras.layers.Conv2D(16, 3)
layer.build((None, 14, 14, 32))
print(check("Exercise 1", answer_1, tuple(conv2d(digit, np.ones((3, 3)), stride=2).shape)))
print(check("Exercise 2", answer_2, layer.count_params()))
print(check("Exercise 3", answer_3, receptive_fields([("conv1", 3, 1, 1), ("pool1", 2, 2, 0),
                                                      ("conv2", 3, 1, 1), ("pool2", 2, 2, 0)])[-1][1]))
print(check("Exercise 4", answer_4 if answer_4 is Ellipsis else detects_rising_diagonals(answer_4), True))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# 1. `(13, 13)`: $\lfloor (28 - 3)/2 \rfloor + 1 = 12 + 1 = 13$. The windows start at rows (and
#    columns) 0, 2, ..., 24; the last one covers 24-26, and one more step, starting at 26, would not
#    fit. So row and column 27 lie in no window at all and do not affect the output.
# 2. `4624`: $3 \cdot 3 \cdot 32 \cdot 16 = 4608$ weights plus 16 biases.
# 3. `10`: $r$ = 3 (conv1), 4 (pool1), 4 + 2·2 = 8 (conv2), 8 + 1·2 = 10 (pool2).
# 4. Put positive weights on the rising diagonal and negative ones elsewhere, so that the weights
#    sum to 0 (flat regions give 0):
#
#    ```python
#    answer_4 = np.array([[-1, -1,  2],
#                         [-1,  2, -1],
#                         [ 2, -1, -1]])
#    ```
#    Its strongest responses are 6 on `/`, 2 on `\` (where that stroke only touches a corner of
#    the window) and 0 on `-` and `|`.
# 5. Average pooling and larger windows smooth more; a 3×3 window with stride 3 turns 28×28 into
#    9×9, so finer details are lost. Shifting down behaves much like shifting right, since the
#    kernels and pooling treat both axes alike (Sobel x is the exception: compare it with Sobel y).
# </details>
#
# The cell below checks that the worked solutions above are right (run it after you have tried).

# %%
solution_4 = np.array([[-1, -1, 2], [-1, 2, -1], [2, -1, -1]])
assert (13, 13) == tuple(conv2d(digit, np.ones((3, 3)), stride=2).shape) and layer.count_params() == 4624
edited = digit.copy()
edited[27, :] = edited[:, 27] = 1.0  # row and column 27 are in no window: changing them changes nothing
assert list(range(0, 28 - 3 + 1, 2))[-1] == 24
assert np.array_equal(conv2d(edited, np.ones((3, 3)), stride=2), conv2d(digit, np.ones((3, 3)), stride=2))
assert receptive_fields([("c", 3, 1, 1), ("p", 2, 2, 0), ("c", 3, 1, 1), ("p", 2, 2, 0)])[-1][1] == 10
assert detects_rising_diagonals(solution_4) and not detects_rising_diagonals(np.ones((3, 3)))
assert {name: conv2d(image, solution_4).max() for name, image in strokes().items()} == {"/": 6, "\\": 2, "-": 0, "|": 0}
print("All worked solutions pass their checks.")

# %% [markdown]
# ## Further reading
# - [Dive into Deep Learning, chapter 7](https://d2l.ai/chapter_convolutional-neural-networks/index.html):
#   convolutions, padding, stride, channels and pooling, each from scratch.
# - V. Dumoulin and F. Visin, [A guide to convolution arithmetic for deep learning](https://arxiv.org/abs/1603.07285)
#   (2016): output sizes for every padding and stride, with animations.
# - I. Goodfellow, Y. Bengio, A. Courville, [Deep Learning, chapter 9: Convolutional Networks](https://www.deeplearningbook.org/contents/convnets.html).
# - A. Araujo, W. Norris, J. Sim, [Computing receptive fields of convolutional neural networks](https://distill.pub/2019/computing-receptive-fields/), Distill (2019).
# - A. Azulay and Y. Weiss, [Why do deep convolutional networks generalize so poorly to small image transformations?](https://arxiv.org/abs/1805.12177) (2019): the limits of pooling's robustness.
# - TensorFlow API: [`tf.nn.conv2d`](https://www.tensorflow.org/api_docs/python/tf/nn/conv2d) and
#   [`tf.nn.max_pool2d`](https://www.tensorflow.org/api_docs/python/tf/nn/max_pool2d).
