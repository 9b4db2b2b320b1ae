# %% [markdown]
# # Convolution, by hand and by TensorFlow
#
# See what a convolution does to a handwritten digit, write the padding and the inner loop of a NumPy
# implementation of it, and check it against TensorFlow.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/02_convolution.ipynb)

# %% [markdown]
# ## What you will learn
# - What a convolution is, from its mathematical definition to the sum a deep-learning library
#   computes, and why that sum is really a *cross-correlation*.
# - How a NumPy `conv2d` with strides and `'valid'`/`'same'` padding works, and how it is tested
#   against `tf.nn.conv2d` (108 cases); how to predict the size of its output.
# - What classic hand-made kernels (blur, sharpen, edge and line detectors) do to a digit.
# - How a layer applies many kernels at once (*channels*), and where its bias goes.

# %% [markdown]
# ## Setup

# %%
# NBVAL_IGNORE_OUTPUT
import subprocess
import sys

if "google.colab" in sys.modules:  # in Colab only: install the series' helpers
    HELPERS = "mnist-cnn-helpers @ git+https://github.com/teaching-cnns/mnist-cnn-notebooks"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", HELPERS], check=True)

# %%
# NBVAL_IGNORE_OUTPUT
import helpers

versions = helpers.setup(seed=42)
print(versions)

# %%
import itertools
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib.patches import Rectangle

from helpers.data import load_mnist
from helpers.plots import plot_signed_grid
from helpers.widgets import kernel_explorer
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

# %% [markdown]
# You will work with a few training digits, scaled to floats in [0, 1] as in notebook 01.

# %%
(x_train, y_train), _ = load_mnist()
digits = x_train[:200].astype(np.float32) / 255.0  # 200 digits are plenty for this notebook
labels = y_train[:200]
digit = digits[0]  # a 5
print(f"digits: {digits.shape}; training image 0 is a {labels[0]}")

# %% [markdown]
# ## From definition to computation
#
# In mathematics, the *convolution* of two functions $f$ and $g$ is a new function: at each
# point $t$, flip $g$, shift it by $t$, multiply it with $f$ and integrate,
# $(f * g)(t) = \int f(\tau)\, g(t - \tau)\, d\tau$.
# An image is a grid of pixels $I(m, n)$ and a *kernel* (or *filter*) a small grid of weights
# $K(m, n)$, so the integral becomes a sum over both axes:
#
# $$(I * K)(i, j) = \sum_{m} \sum_{n} I(i - m,\, j - n)\, K(m, n) .$$
#
# Deep-learning libraries compute the same sum **without the flip** (the minus signs become plus):
#
# $$(I \star K)(i, j) = \sum_{m} \sum_{n} I(i + m,\, j + n)\, K(m, n) .$$
#
# This is a *cross-correlation*: the kernel is laid over the image as it is and slid across it.
# Libraries still call it convolution, for a good reason: in a network the kernel is *learned*, and
# if the flipped kernel is the one that works, training simply finds the flipped numbers. NumPy
# offers both in one dimension, which shows the relation before any image: convolving with `v` is
# correlating with `v` reversed.

# %%
signal = np.array([0.0, 1.0, 3.0, 2.0, 0.0, -1.0])
v = np.array([1.0, 0.0, -2.0])  # not symmetric, so the flip matters
print("np.convolve(signal, v)       :", np.convolve(signal, v, mode="valid"))
print("np.correlate(signal, v)      :", np.correlate(signal, v, mode="valid"))
print("np.correlate(signal, v[::-1]):", np.correlate(signal, v[::-1], mode="valid"))

# %% [markdown]
# The first and last lines agree; the middle one (no flip) does not.

# %% [markdown]
# ## Convolution by hand
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
print(out)

# %% [markdown]
# TensorFlow's `tf.nn.conv2d` wants 4-D arrays: images as `(batch, height, width, channels)` and
# kernels as `(height, width, in_channels, out_channels)`. A small wrapper adds and removes the
# extra axes, so you can hand it one 2-D image and one 2-D kernel:

# %%
def tf_conv2d(image, kernel, stride=1, padding="valid"):
    """tf.nn.conv2d on one 2-D image and one 2-D kernel; returns a 2-D NumPy array."""
    x4 = tf.constant(image, tf.float32)[None, :, :, None]
    k4 = tf.constant(kernel, tf.float32)[:, :, None, None]
    return tf.nn.conv2d(x4, k4, strides=stride, padding=padding.upper())[0, :, :, 0].numpy()


print("TensorFlow, kernel as it is:\n", tf_conv2d(X, K))
print("TensorFlow, kernel flipped (the textbook convolution):\n", tf_conv2d(X, K[::-1, ::-1]))

# %% [markdown]
# TensorFlow gives exactly the numbers of the loop above, so its "convolution" is the un-flipped sum;
# flipping the kernel gives the textbook convolution. From here on, "convolution" means what the
# libraries compute.

# %% [markdown]
# ## A general `conv2d`
# Two more ideas make the loop useful:
#
# - The *stride* $s$ is the step between two kernel positions. With stride 2 the kernel visits every
#   second row and column, so the output has about half as many rows and half as many columns: about
#   a quarter of the pixels.
# - *Padding* says what happens at the border. `'valid'` uses only positions where the kernel fits
#   inside the image. `'same'` first surrounds the image with zeros so that an axis of $n$ pixels
#   gives $\lceil n/s \rceil$ outputs ($n/s$ rounded up): as many as the input at stride 1.
#
#   How many zeros? Along the padded axis, those $\lceil n/s \rceil$ windows start at
#   $0, s, 2s, \ldots$ (counted from the start of the padded axis), and the last one needs $k$
#   pixels. The zeros supply whatever the $n$ pixels lack for that; if the image is already long
#   enough, `'same'` adds none. TensorFlow puts half of
#   the zeros, rounded down, before (top or left) and the rest after (bottom or right). For $n = 28$,
#   $k = 5$, $s = 2$: 14 windows, 3 zeros, 1 before and 2 after.

# %% [markdown]
# **Your turn (02.a).** Complete `same_padding`: set `total`, the number of zeros `'same'` adds along
# an axis, from `n` (its pixels), `out_size` (the number of windows), `stride` and `k`, as the *How many
# zeros?* part of the *Padding* bullet above derives it.

# %%
PADDINGS = ("valid", "same")


def same_padding(n, k, stride):
    """TensorFlow's 'same' padding along one axis of n pixels: (before, after); any odd pixel goes after."""
    out_size = -(-n // stride)  # ceil(n / stride)
    ### BEGIN SOLUTION
    total = max((out_size - 1) * stride + k - n, 0)
    ### END SOLUTION
    return total // 2, total - total // 2


# %%
same_padding = your_turn("02.a", same_padding)

# %% [markdown]
# **Your turn (02.b).** Write the body of the inner loop of `conv2d`: output pixel `(i, j)` is the sum
# of the kernel times the `kh`×`kw` patch of `x` whose top-left corner is `(i * stride, j * stride)`.
# The cell after `conv2d` checks your loop, then prints a table: for 28 pixels and four pairs of kernel size and
# strides, the zeros `'same'` adds (before, after) and the number of outputs with each padding.

# %%
def conv2d(x, kernel, stride=1, padding="valid"):
    """Cross-correlate a 2-D image x (height, width) with a 2-D kernel, as tf.nn.conv2d does."""
    x, kernel = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float)
    # input checks, so that a wrong call fails with a clear message
    if x.ndim != 2 or kernel.ndim != 2 or x.size == 0 or kernel.size == 0:
        raise ValueError(f"x and kernel must be non-empty 2-D arrays; got shapes {x.shape} and {kernel.shape}")
    if isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a positive int; got {stride!r}")
    if padding not in PADDINGS:
        raise ValueError(f"padding must be 'valid' or 'same'; got {padding!r}")
    kh, kw = kernel.shape
    # the convolution: pad for 'same', then one output pixel per kernel position
    if padding == "same":
        x = np.pad(x, (same_padding(x.shape[0], kh, stride), same_padding(x.shape[1], kw, stride)))
    elif kh > x.shape[0] or kw > x.shape[1]:
        raise ValueError(f"a {kh}x{kw} kernel does not fit in a {x.shape[0]}x{x.shape[1]} image with 'valid'")
    out_h, out_w = (x.shape[0] - kh) // stride + 1, (x.shape[1] - kw) // stride + 1
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            ### BEGIN SOLUTION
            out[i, j] = np.sum(x[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel)
            ### END SOLUTION
    return out


# %%
conv2d = your_turn("02.b", conv2d)
for k, s in [(5, 1), (4, 1), (5, 2), (2, 3)]:
    print(f"28 pixels, kernel {k}, stride {s}: 'same' pads {same_padding(28, k, s)} "
          f"-> {conv2d(digit, np.ones((k, k)), s, 'same').shape[0]} outputs; 'valid' -> "
          f"{conv2d(digit, np.ones((k, k)), s).shape[0]}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: conv2d equals tf.nn.conv2d in 108 cases (click to open)
rng = np.random.default_rng(0)
for (kh, kw), stride, padding, image in itertools.product(
        [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (2, 5)], [1, 2, 3], PADDINGS, digits[:3]):
    kernel = rng.normal(size=(kh, kw))
    assert np.allclose(conv2d(image, kernel, stride, padding), tf_conv2d(image, kernel, stride, padding), atol=1e-4)
assert np.allclose(conv2d(X, K), out) and same_padding(28, 4, 1) == same_padding(28, 5, 2) == (1, 2)

# %% [markdown]
# Along one axis, an input of $n$ pixels, a kernel of $k$, $p$ zeros in all (both sides together)
# and a stride $s$ give $n_\text{out} = \lfloor (n + p - k)/s \rfloor + 1$ outputs: the $n + p - k$
# pixels left after the first position are crossed in steps of $s$. For kernel 5 at stride 2,
# `'valid'` gives $\lfloor 23/2 \rfloor + 1 = 12$ and `'same'` $\lfloor 26/2 \rfloor + 1 = 14$, as
# the table under 02.b prints. (The guide under *Further reading* writes $2p$, with $p$ zeros per side.)
#
# The collapsed check just above runs `conv2d` and `tf.nn.conv2d` on three digits, six kernel shapes,
# strides 1 to 3 and both paddings: all 108 cases (3 × 6 × 3 × 2) agree to float32 rounding, odd
# padding totals (one more zero after than before) included.

# %% [markdown]
# ## Classic hand-made kernels
# Before networks learned their kernels, image processing used hand-designed ones:
#
# - *identity*: a single 1 in the middle; the output is the input.
# - *box blur* and *Gaussian blur*: positive weights adding up to 1; each pixel becomes a
#   (weighted) average of its neighbourhood.
# - *sharpen*: the identity plus "4 × centre minus its four neighbours"; it boosts local contrast.
# - *Sobel x / y*: brightness differences across columns / rows, that is vertical / horizontal *edges*.
# - *Laplacian*: the four neighbours minus 4 × centre; it responds to spots and thin lines.
# - *horizontal / vertical line* detectors: a positive middle row (column) between negative ones.

# %%
sobel_x = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=float)
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
titles = [name.replace(" ", "\n") for name in KERNELS]
outputs = np.stack([conv2d(digit, kernel, padding="same") for kernel in KERNELS.values()])
fig, axes = plt.subplots(2, 9, figsize=(10, 3.6), layout="constrained")
plot_signed_grid(np.stack(list(KERNELS.values())), titles=titles, axes=axes[0])  # one scale per row
for ax, kernel in zip(axes[0], KERNELS.values(), strict=True):
    for (r, c), w in np.ndenumerate(kernel):  # write each weight in its cell: 1/9 is too pale to see
        ax.text(c, r, str(Fraction(w).limit_denominator(16)), ha="center", va="center",
                fontsize=8, color="white" if abs(w) > 3 else "black")
plot_signed_grid(outputs, axes=axes[1])
fig.suptitle("Nine 3x3 kernels and their weights (top) and the 5 (image 0) through each (bottom); red > 0, blue < 0")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the kernels' sums, the outputs' ranges, Sobel x's sides and the 5's flat strokes (click to open)
for name, kernel in KERNELS.items():
    keeps = name in ("identity", "box blur", "Gaussian blur", "sharpen")
    assert np.isclose(kernel.sum(), 1 if keeps else 0)
    assert np.allclose(conv2d(np.full((8, 8), 0.7), kernel), 0.7 * keeps)
peaks = np.abs(outputs).max(axis=(1, 2))
assert (peaks[:3] <= 1).all() and (peaks[3:] > 2).all() and 3.5 < peaks.max() < 4.5

ink = digit > 0.5
left_edge, right_edge = ink & ~np.roll(ink, 1, axis=1), ink & ~np.roll(ink, -1, axis=1)
assert (outputs[4][left_edge] > 0).mean() > 0.9 and (outputs[4][right_edge] < 0).mean() > 0.9
horizontal = outputs[list(KERNELS).index("horizontal line")]
per_row = np.maximum(horizontal, 0).sum(axis=1)[np.flatnonzero(digit.sum(axis=1))]  # positive response per ink row
top_bar, steep, bottom = per_row[:4].mean(), per_row[4:-6].mean(), per_row[-6:].mean()  # ink rows 5-8, 9-18, 19-24
assert top_bar > 3 * steep and bottom > 3 * steep  # the flat strokes against the steep ones

# %% [markdown]
# The blurs, identity and sharpen kernels sum to 1, so they keep a flat region's brightness; the
# edge and line detectors sum to 0, so on a flat region, such as the black background, they give
# exactly 0. On the shared scale of the bottom row, the identity and the blurs are pale (they never
# exceed the brightest pixel, 1), while sharpen and the detectors reach 2 to 4. Notice that the blurs
# soften the strokes, Sobel x colours the left side of each stroke red and its right side blue, and
# the horizontal-line detector answers along the 5's two wide, nearly flat strokes, the top bar and the
# bottom of the curve, far more than along the steep strokes between them. A trained CNN's first layer
# learns kernels of this kind, many of them edge detectors (notebook 08).

# %% [markdown]
# ## Many kernels at once: channels
# One kernel gives one output map, a *feature map*: it shows where in the image that kernel's
# pattern (its *feature*) occurs. A convolution layer applies many kernels to the same input and
# stacks their maps along a last axis, the *channels*. TensorFlow keeps all kernels of a layer in
# one 4-D array of shape `(kernel height, kernel width, input channels, output channels)`; the nine
# kernels above form a `[3, 3, 1, 9]` array, and one `tf.nn.conv2d` call computes all nine maps above:

# %%
bank = np.stack(list(KERNELS.values()), axis=-1)[:, :, None, :]  # (3, 3, 1, 9)
maps = tf.nn.conv2d(digit[None, :, :, None], bank.astype(np.float32), strides=1, padding="SAME")[0].numpy()
print(f"kernel bank {bank.shape} -> feature maps {maps.shape}")
print(f"the same nine maps as conv2d gave above: {np.allclose(np.moveaxis(maps, -1, 0), outputs, atol=1e-5)}")

# %% [markdown]
# When the input has several channels too, each kernel has one 2-D slice per input channel, and its
# output is the *sum* over the input channels of the per-channel 2-D convolutions (exercise 02.3 has
# you write it). The series' network has kernel arrays of shape `[5, 5, 1, 32]` (32 kernels for the
# one grey channel) and `[5, 5, 32, 64]` (64 kernels, each with a 5×5 slice for every one of the 32
# maps of the layer before).

# %% [markdown]
# ## Bias and ReLU
# A convolution layer adds one *bias* per output channel to its maps, then applies an *activation
# function*, here the *ReLU* of notebook 00, $\max(0, z)$:
#
# $$\text{output} = \text{ReLU}(x \star w + b) .$$
#
# The bias is one number added to every position of a map: it shifts the threshold at which the
# ReLU lets a response through. (The TensorFlow 1 tutorial this series modernises added it to the
# kernel's weights instead; the appendix, notebook 11, shows why that is not the same.)

# %%
relu_maps = np.maximum(outputs[4:6] - 0.5, 0)  # Sobel x and y, bias -0.5: only strong edges pass
plot_signed_grid(np.concatenate([outputs[4:6], relu_maps]), ncols=4, cell_inches=1.8,
                 titles=["Sobel x", "Sobel y", "ReLU(Sobel x - 0.5)", "ReLU(Sobel y - 0.5)"],
                 suptitle="Before and after a bias of -0.5 and a ReLU")
plt.show()

# %% [markdown]
# Notice that after the ReLU only the strong, positive edges remain: a negative bias makes a
# channel pickier.

# %% [markdown]
# ## Explore: your own digit and kernel
# Pick a digit (its index among the 60,000 training images) and a kernel, or choose *custom* and type
# a 3×3 kernel, rows separated by `;`; the figure follows the controls. The controls (*widgets*) appear
# when you run the notebook in JupyterLab or Colab; where they cannot, the gallery below gives the same
# kind of result.

# %%
# NBVAL_IGNORE_OUTPUT
explorer = kernel_explorer(x_train, y_train, KERNELS, conv2d, first="Sobel x")

# %%
gallery = [int(np.flatnonzero(labels == d)[0]) for d in (0, 1, 4, 7)]
maps = np.stack([conv2d(digits[i], kernel, padding="same") for i in gallery for kernel in KERNELS.values()])
axes = plot_signed_grid(maps, titles=titles + [""] * 27, ncols=9,
                        suptitle="Four digits (rows) through the nine kernels (columns), on one scale")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the line detectors on the 1 and the 7 (click to open)
one, seven = digits[gallery[1]], digits[gallery[3]]
vertical, horizontal = (conv2d(one, KERNELS[name], padding="same") for name in ("vertical line", "horizontal line"))
ink_rows = np.flatnonzero(one.sum(axis=1))
strong_rows = np.nonzero(horizontal > 1)[0]  # rows where the horizontal detector answers above 1
assert np.all((strong_rows <= ink_rows[0] + 2) | (strong_rows >= ink_rows[-1] - 2))  # only near the two ends
assert (vertical > 1).sum() > 2 * (horizontal > 1).sum()
assert len(np.unique(np.nonzero(vertical > 1)[0])) > 0.7 * len(ink_rows)  # along most of the stroke
bar = np.maximum(conv2d(seven, KERNELS["horizontal line"], padding="same"), 0).sum(axis=1)
bar = bar[np.flatnonzero(seven.sum(axis=1))]  # per ink row, from the top
assert bar[:4].mean() > 3 * bar[4:].mean()  # per row, the top bar (the first 4 ink rows) against the rest

# %% [markdown]
# Notice that on the 1 (second row), a single slanted stroke, the vertical-line detector answers
# all along the stroke and the horizontal one only at its two ends, while on the 7 the horizontal
# detector answers most along the top bar.

# %% [markdown]
# ## Summary
# - Deep-learning "convolution" is cross-correlation: the kernel is not flipped, and flipping it
#   gives the textbook convolution.
# - The NumPy `conv2d` above, with strides and `'valid'`/`'same'` padding, agrees with `tf.nn.conv2d` in
#   all 108 cases tried; an output has $\lfloor (n + p - k)/s \rfloor + 1$ pixels per axis ($p$ zeros
#   in all, not per side).
# - Blur kernels sum to 1 and keep flat regions; edge and line detectors sum to 0 and answer only where
#   brightness changes.
# - A layer's kernels form one 4-D array (height, width, input channels, output channels), and each
#   produces one feature map; a bias per channel and a ReLU follow.

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **02.1** A 28×28 image goes through a 3×3 convolution with stride 2 and `'valid'` padding. What is
# the output shape, as a tuple `(height, width)`? Work it out with the formula, then check.

# %%
shape_after = ...  # e.g. (10, 10)
check("02.1", shape_after)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 02.1 (click to open)
side = (28 + 0 - 3) // 2 + 1  # no zeros (p = 0); the windows start at 0, 2, ..., 24; row and column 27 are never used
shape_after = (side, side)
check("02.1", shape_after)

# %% [markdown]
# **02.2** Design a 3×3 kernel that detects diagonal strokes running from bottom-left to top-right
# (`/`). The check draws four 9×9 strokes (`/`, `\`, `-`, `|`) and passes if your kernel's strongest
# response to `/` is positive and at least twice its strongest response to each of the others.

# %%
diagonal_kernel = ...  # a 3x3 NumPy array
check("02.2", diagonal_kernel)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 02.2 (click to open)
diagonal_kernel = np.array([[-1, -1, 2],   # positive on the rising diagonal, negative elsewhere:
                            [-1, 2, -1],   # the weights sum to 0, so flat regions give 0
                            [2, -1, -1]])
check("02.2", diagonal_kernel)

# %% [markdown]
# **02.3** Write `conv2d_multichannel(x, kernels)` for an input `x` of shape `(height, width, c_in)`
# and `kernels` of shape `(kh, kw, c_in, c_out)`, with `'valid'` padding and stride 1: output channel
# `o` is the sum over input channels `c` of `conv2d(x[:, :, c], kernels[:, :, c, o])`, with the
# lesson's `conv2d`. The check compares it with `tf.nn.conv2d` on inputs it chooses.

# %%
def conv2d_multichannel(x, kernels):
    return ...  # your code: an array of shape (out_h, out_w, c_out)


check("02.3", conv2d_multichannel)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 02.3 (click to open)
def conv2d_multichannel(x, kernels):
    c_in, c_out = kernels.shape[2], kernels.shape[3]
    return np.stack([sum(conv2d(x[:, :, c], kernels[:, :, c, o]) for c in range(c_in)) for o in range(c_out)],
                    axis=-1)


check("02.3", conv2d_multichannel)

# %% [markdown]
# **02.4** (Open) In the explorer, find a custom 3×3 kernel whose output tells a 4 from a 9 at a
# glance; try it on training digits 26 (a 4) and 33 (a 9). Then try a kernel whose weights sum to 9
# instead of 1 (say `1 1 1; 1 1 1; 1 1 1`): what happens to the output's range, and why would such a
# kernel be a bad start for a network?
#
# <details><summary>What to expect (click to open)</summary>
#
# With a good kernel, the strong colour lies in different places on the two digits: one digit's
# output has a band of it across its top, where the other's has a spot or two at most (its strong
# colour, if any, lies lower down). Each output has its own colour bar, so compare where the red lies,
# not only how much of it there is or how dark it is. The all-ones kernel adds up nine pixels, so its
# colour bar reaches nine times the box blur's (8.74 against 0.97 on image 0): every layer that does this
# multiplies the scale of the signal, which is why networks start from small random weights.
# </details>

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 02.4: a top-edge kernel, and the all-ones kernel's range (click to open)
top_edge = np.array([[-1, -1, -1],   # dark above,
                     [1, 1, 1],      # bright in the middle row:
                     [0, 0, 0]])     # the top edge of a horizontal stroke
four, nine = x_train[26] / 255, x_train[33] / 255  # as the explorer shows them
assert (y_train[26], y_train[33]) == (4, 9)
for name, image in (("digit 26, a 4", four), ("digit 33, a 9", nine)):
    response = conv2d(image, top_edge, padding="same")
    limit = np.abs(response).max()  # the colour bar's top, as in the explorer
    rows = np.nonzero(response > limit / 2)[0]  # dark red: above half the colour bar's top
    ink_rows = np.flatnonzero(image.sum(axis=1))
    on_top = int((rows <= ink_rows[0] + 1).sum())  # in the digit's top two ink rows
    print(f"{name}: colour bar to {limit:.2f}; {len(rows)} dark-red outputs, in rows {sorted(set(rows.tolist()))} "
          f"(ink rows {ink_rows[0]}-{ink_rows[-1]}), {on_top} of them in the top two ink rows")
    if name.endswith("9"):
        assert on_top >= 5  # a band across the closed top of the loop
    else:
        assert on_top <= 2  # the 4 is open at the top: a spot at an arm's tip at most
blur_top, ones_top = (conv2d(x_train[0] / 255, k, padding="same").max() for k in (KERNELS["box blur"], np.ones((3, 3))))
print(f"on image 0, a 5, box blur reaches {blur_top:.2f} and all ones {ones_top:.2f}")
assert 0.9 < blur_top <= 1 and 8 < ones_top <= 9

# %% [markdown]
# ## Going further
# Optional, after class: nothing in the lesson or in later notebooks relies on this section.

# %% [markdown]
# ### Trace one output back to its window
# Each output pixel comes from one input patch the size of the kernel. The figure follows the
# largest positive output of `sobel_x` (it responds where the image gets brighter from left to
# right) back to the 3×3 patch it came from.

# %%
response = conv2d(digit, sobel_x)  # 'valid': output (i, j) <- input rows i..i+2, columns j..j+2
i, j = np.unravel_index(np.argmax(response), response.shape)
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), layout="constrained")
axes[0].imshow(digit, cmap="gray")
axes[0].add_patch(Rectangle((j - 0.5, i - 0.5), 3, 3, fill=False, edgecolor="red", linewidth=2))
axes[0].set_title(f"input 28x28: patch at row {i}, column {j}")
axes[1].imshow(digit[i:i + 3, j:j + 3], cmap="gray", vmin=0, vmax=1)
for (r, c), value in np.ndenumerate(digit[i:i + 3, j:j + 3]):
    axes[1].text(c, r, f"{value:.2f}\n×{sobel_x[r, c]:+.0f}", ha="center", va="center", fontsize=9, color="darkred",
                 bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
axes[1].set_xticks(range(3), labels=range(j, j + 3))  # the patch's own columns and rows in the digit
axes[1].set_yticks(range(3), labels=range(i, i + 3))
axes[1].set_title("patch values,\n× kernel weights")
plot_signed_grid(response[None], axes=axes[2:])
axes[2].add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=2))
axes[2].set_xticks(range(0, 26, 5))  # output coordinates, to match the title's pixel
axes[2].set_yticks(range(0, 26, 5))
axes[2].set_title(f"output 26x26, row {i}, column {j}:\nsum of products = {response[i, j]:.2f}")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the strongest Sobel x output and its patch (click to open)
patch = digit[i:i + 3, j:j + 3]
assert response.shape == (26, 26) and np.isclose(response[i, j], np.sum(patch * sobel_x))
assert patch[:, 0].max() < 0.1 and patch[:, 2].min() > 0.5  # dark on the patch's left, a bright stroke on its right

# %% [markdown]
# Notice that the output is 26×26, two pixels smaller than the digit (a 3×3 window has only 26
# positions along each axis with `'valid'`), and that the strongest response sits where a dark
# background meets a bright stroke on the patch's right. Output pixel $(i, j)$ (black square) comes
# from the 3×3 patch in the red square, whose top-left corner is input pixel $(i, j)$. The patch's
# centre is $(i + 1, j + 1)$, so to line the 26×26 output up with the 28×28 input, shift it one pixel
# down and right. Drawn on the input's grid without that shift, each response appears one pixel up
# and to the left of the feature it describes.

# %% [markdown]
# ## Further reading
# - [Dive into Deep Learning, chapter 7](https://d2l.ai/chapter_convolutional-neural-networks/index.html):
#   convolutions, padding, stride and channels, each from scratch.
# - V. Dumoulin and F. Visin, [A guide to convolution arithmetic for deep learning](https://arxiv.org/abs/1603.07285)
#   (2016): output sizes for every padding and stride, with animations.
# - TensorFlow API: [`tf.nn.conv2d`](https://www.tensorflow.org/api_docs/python/tf/nn/conv2d).
