# %% [markdown]
# # Pooling and receptive fields
#
# Shrink feature maps with pooling, measure what it buys when a digit moves, and work out how much
# of the image each unit (one number of a feature map) of the series' network can see.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/03_pooling_and_receptive_fields.ipynb)

# %% [markdown]
# ## What you will learn
# - What max and average pooling compute, with a `pool2d` in NumPy that is checked against TensorFlow.
# - What pooling throws away, and what it buys: maps that change less when a digit shifts by a pixel or two.
# - How the series' network shrinks a 28×28 digit to 7×7 maps.
# - What a *receptive field* is, how to compute it layer by layer, and how to measure it with a gradient.

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

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib.patches import Rectangle

from helpers.data import load_mnist
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

(x_train, y_train), _ = load_mnist()
digits = x_train[:200].astype(np.float32) / 255.0  # 200 digits, floats in [0, 1]
digit = digits[0]  # a 5

# %% [markdown]
# ## Pooling from scratch
# A *pooling* layer shrinks each feature map by summarising small windows: *max pooling* keeps the
# largest value of each window, *average pooling* their mean. The series' network uses 2×2 max
# pooling with stride 2, which halves both sides. Pooling has no weights, and it works on each
# channel separately.

# %% [markdown]
# **Your turn (03.a).** Complete `pool2d`: compute `out_h, out_w`, the number of window positions
# along each axis (notebook 02's output-size rule, with no padding), and the loop body: output pixel
# `(i, j)` summarises the `size`×`size` window of `x` whose top-left corner is `(i * stride, j * stride)`.

# %%
def pool2d(x, size=2, stride=2, mode="max"):
    """Max or average pooling of a 2-D map x (height, width) over size x size windows ('valid')."""
    x = np.asarray(x, dtype=float)
    if mode not in ("max", "avg"):
        raise ValueError(f"mode must be 'max' or 'avg'; got {mode!r}")
    if not all(isinstance(v, int) and v >= 1 for v in (size, stride)):
        raise ValueError(f"size and stride must be positive ints; got {size!r} and {stride!r}")
    if x.ndim != 2 or min(x.shape) < size:
        raise ValueError(f"x must be a 2-D map at least {size}x{size}; got shape {x.shape}")
    summarise = np.max if mode == "max" else np.mean
    ### BEGIN SOLUTION
    out_h, out_w = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    ### END SOLUTION
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            ### BEGIN SOLUTION
            out[i, j] = summarise(x[i * stride:i * stride + size, j * stride:j * stride + size])
            ### END SOLUTION
    return out


# %%
pool2d = your_turn("03.a", pool2d)
pooled_max, pooled_avg = pool2d(digit), pool2d(digit, mode="avg")
pooled_twice = pool2d(pooled_max)
fig, axes = plt.subplots(1, 4, figsize=(10, 2.9))
for ax, (title, image) in zip(axes, [("digit 28x28", digit), ("max pool 14x14", pooled_max),
                                     ("average pool 14x14", pooled_avg), ("max pool twice 7x7", pooled_twice)],
                              strict=True):
    ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    ax.set_title(title)
    ax.set_axis_off()
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: pool2d equals tf.nn.max_pool2d / avg_pool2d in 48 cases; what the figure shows (click to open)
for size, stride, mode, image in itertools.product([1, 2, 3, 4], [1, 2, 3], ("max", "avg"), digits[:2]):
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    theirs = pool(image[None, :, :, None], ksize=size, strides=stride, padding="VALID")[0, :, :, 0].numpy()
    assert np.allclose(pool2d(image, size, stride, mode), theirs, atol=1e-6)
assert (pooled_max > 0.5).mean() > 1.3 * (digit > 0.5).mean()  # max pooling: a larger share of bright pixels
assert pooled_avg[pooled_avg > 0].mean() < 0.8 * pooled_max[pooled_max > 0].mean()  # average: dimmer ink

# %% [markdown]
# The collapsed cell above checks `pool2d` against TensorFlow's pooling on two digits for window
# sizes 1 to 4, strides 1 to 3 and both modes: all 48 cases (2 × 4 × 3 × 2) agree. Notice in the
# figure that max pooling keeps strokes bright and even thickens them, while average pooling dims
# thin strokes that only partly cover a window. After two poolings only 49 pixels are left: the 5 is
# hard to recognise, but where the ink is, coarsely, survives.
#
# What is thrown away? A 2×2 max pool keeps 1 value of every 4 and discards the other three, and
# with them the *position* of the maximum: the pooled value says how large the window's maximum is,
# not which of its four pixels held it. These two 4×4 maps differ but pool to the same map:

# %%
a = np.zeros((4, 4))
a[0, 0] = a[1, 3] = a[3, 1] = a[2, 2] = 1.0
b = np.zeros((4, 4))
b[1, 1] = b[0, 2] = b[2, 0] = b[3, 3] = 1.0
print("map A, pooled:\n", pool2d(a))
print("map B, pooled:\n", pool2d(b))

# %% [markdown]
# That loss is deliberate: the next layer learns *that* a feature is present in a region, not
# exactly where, with four times fewer positions to process.

# %% [markdown]
# ## Small shifts: what pooling buys
# Move a digit one pixel to the right and most of its *ink* pixels change value: a stroke's left
# edge turns black, and pixels inside it get a neighbour's brightness. Does a convolution or a
# pooling layer change less? The *norm* $\lVert m \rVert$ of a map $m$ is the square root of the sum
# of its squared values. Shift each of the 200 digits by 0 to 3 pixels and compute the *relative
# change* $\lVert f(\text{shifted}) - f(\text{original}) \rVert \,/\, \lVert f(\text{original})
# \rVert$ of the raw image, of a convolution's ReLU output, and of that output max-pooled once and
# twice, for a Gaussian blur and a Sobel x kernel (notebook 02). The cells below use TensorFlow's
# batched convolution and pooling, which notebook 02's `conv2d` and the `pool2d` above match, to
# process all 200 digits in one call: first the two helpers, then the changes, then their plot.

# %%
KERNELS = {"Gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16,
           "Sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])}


def shift_right(images, pixels):
    """Move images (n, h, w) right by `pixels`, filling the left with background (0)."""
    moved = np.zeros_like(images)
    moved[:, :, pixels:] = images[:, :, :images.shape[2] - pixels]
    return moved


def stages(images, kernel):
    """The raw images, ReLU(conv), then max-pooled once and twice, each flattened to (n, values)."""
    conv = tf.nn.relu(tf.nn.conv2d(images[..., None], kernel[:, :, None, None].astype(np.float32), 1, "SAME"))
    pool1 = tf.nn.max_pool2d(conv, 2, 2, "VALID")  # 2x2 windows (ksize), stride 2, no padding
    pool2 = tf.nn.max_pool2d(pool1, 2, 2, "VALID")
    return {name: np.reshape(t, (len(images), -1)) for name, t in
            [("raw image", images), ("ReLU(conv)", conv), ("max pool x1", pool1), ("max pool x2", pool2)]}


# %%
SHIFTS = [0, 1, 2, 3]
change = {}  # (kernel name, stage) -> mean relative change for each shift
for kernel_name, kernel in KERNELS.items():
    before = stages(digits, kernel)
    for s in SHIFTS:
        for stage, after in stages(shift_right(digits, s), kernel).items():
            ratio = np.linalg.norm(after - before[stage], axis=1) / np.linalg.norm(before[stage], axis=1)
            change.setdefault((kernel_name, stage), []).append(float(ratio.mean()))
for (kernel_name, stage), values in change.items():
    print(f"{kernel_name:13s} {stage:11s}: mean relative change at shifts 0-3 =",
          "  ".join(f"{v:.2f}" for v in values))

# %%
fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.4), sharey=True)
for ax, kernel_name in zip(axes, KERNELS, strict=True):
    for stage, marker in zip(["raw image", "ReLU(conv)", "max pool x1", "max pool x2"], "osd^", strict=True):
        ax.plot(SHIFTS, change[(kernel_name, stage)], marker=marker, label=stage)
    ax.set_title(f"kernel: {kernel_name}")
    ax.set_xlabel("shift to the right (pixels)")
    ax.set_xticks(SHIFTS)
axes[0].set_ylabel("relative change (mean of 200 digits)")
axes[1].legend()
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the claims above and below (click to open)
ink = digits > 0
assert (ink & (shift_right(digits, 1) != digits)).sum() > 0.75 * ink.sum()  # most ink pixels change value
c = {key: np.array(values) for key, values in change.items()}
for k in KERNELS:
    assert (c[k, "raw image"][1:] > 0.5).all() and (c[k, "max pool x1"][1:] < c[k, "ReLU(conv)"][1:]).all()
    assert (c[k, "max pool x2"][1:] < c[k, "max pool x1"][1:]).all()
    assert all((np.diff(c[k, s]) > 0).all() for s in before)
assert (c["Gaussian blur", "ReLU(conv)"][1:] < c["Gaussian blur", "raw image"][1:]).all()
assert (c["Sobel x", "raw image"][1:] < c["Sobel x", "ReLU(conv)"][1:]).all()
assert (c["Sobel x", "max pool x2"][1:] < c["Sobel x", "raw image"][1:]).all()
edges, moved = (stages(d, KERNELS["Sobel x"])["ReLU(conv)"] for d in (digits, shift_right(digits, 3)))
norms = np.linalg.norm(edges, axis=1)
overlap = (edges * moved).sum(axis=1) / norms**2  # 0 for maps that do not overlap, 1 for equal ones
assert np.allclose(np.linalg.norm(moved, axis=1), norms, rtol=0.01) and overlap.mean() < 0.1
assert 1.3 < c["Sobel x", "ReLU(conv)"][3] < np.sqrt(2) and max(v.max() for v in c.values()) < np.sqrt(2)

# %% [markdown]
# What to notice:
#
# - A one-pixel shift changes the raw image by more than half of its norm.
# - For two maps of equal norm, the change is above 1 exactly when their overlap (sum of products
#   divided by the squared norm) is below ½. For two such maps that do not overlap at all, the difference holds both, so its squared norm is the sum of
#   theirs and the change is $\sqrt 2 \approx 1.41$; Sobel x's thin edge maps, shifted 3 pixels,
#   come close.
# - Each max pooling reduces the change of the map it pools, and a second pooling reduces it more:
#   a feature that moves inside a 2×2 window leaves the pooled value as it was.
# - The kernel matters: a blur already changes less than the raw image, whereas an edge detector on
#   its own changes *more*; two poolings bring even the edge detector below the raw image.
# - Pooling gives robustness to *small* shifts, not invariance: every curve still grows with the
#   shift. Notebook 09 measures what shifts do to the trained network's accuracy.

# %% [markdown]
# ## From 28×28 to 7×7
# The series' network alternates a 5×5 convolution with `'same'` padding (which keeps the size) and a
# 2×2 max pool with stride 2 (which halves it), twice: 28 → 28 → 14 → 14 → 7. With TensorFlow's ops
# and random kernels of the network's shapes (notebook 02, *Many kernels at once: channels*):

# %%
h = digits[:1, :, :, None]  # (batch 1, 28, 28, 1 channel)
for name, op in [("conv1", lambda t: tf.nn.conv2d(t, tf.random.normal([5, 5, 1, 32]), 1, "SAME")),
                 ("pool1", lambda t: tf.nn.max_pool2d(t, 2, 2, "VALID")),
                 ("conv2", lambda t: tf.nn.conv2d(t, tf.random.normal([5, 5, 32, 64]), 1, "SAME")),
                 ("pool2", lambda t: tf.nn.max_pool2d(t, 2, 2, "VALID"))]:
    h = op(h)
    print(f"{name}: {tuple(h.shape)}")

# %% [markdown]
# ## Receptive fields
# The *receptive field* of a unit is the patch of the input image that can influence it. A conv1
# unit sees a 5×5 patch. A pool1 unit pools 2×2 conv1 units one pixel apart, so it sees 6×6. A conv2
# unit combines 5×5 pool1 units, which are 2 input pixels apart, so it sees 6 + 4 · 2 = 14. In
# general, with $r_0 = 1$ and *jump* $j_0 = 1$ (the distance, in input pixels, between neighbouring
# units), a layer with kernel $k_l$ and stride $s_l$ gives
#
# $$r_l = r_{l-1} + (k_l - 1)\, j_{l-1}, \qquad j_l = j_{l-1}\, s_l .$$
#
# To draw the fields in the right place, the recurrence also tracks where unit 0's field starts:
# $\text{start}_l = \text{start}_{l-1} - p_l\, j_{l-1}$, with $p_l$ the padding before the first row
# (starting from $\text{start}_0 = 0$: conv1 pads 2 rows, so its unit 0's field starts at row
# $0 - 2 \cdot 1 = -2$, outside the image).

# %% [markdown]
# **Your turn (03.b).** Write the loop body of `receptive_fields`: update `r`, `start` and `jump`
# for a layer with kernel `k`, stride `s` and padding `pad`, as the formulas above say. All three
# formulas use the previous layer's jump $j_{l-1}$, so do not change `jump` before the other two.

# %%
def receptive_fields(layers):
    """layers: [(name, kernel, stride, pad_before)] -> [(name, field size, jump, start of unit 0's field)]."""
    r, jump, start, result = 1, 1, 0, []
    for name, k, s, pad in layers:
        ### BEGIN SOLUTION
        r, start, jump = r + (k - 1) * jump, start - pad * jump, jump * s
        ### END SOLUTION
        result.append((name, r, jump, start))
    return result


# %%
receptive_fields = your_turn("03.b", receptive_fields)
fields = receptive_fields([("conv1", 5, 1, 2), ("pool1", 2, 2, 0), ("conv2", 5, 1, 2), ("pool2", 2, 2, 0)])
for name, r, jump, start in fields:
    print(f"{name}: sees {r:2d}x{r:<2d} pixels; neighbouring units are {jump} pixel(s) apart; unit 0 starts at {start}")

# %% [markdown]
# A negative start means that unit 0's field begins outside the image, where `'same'` padding
# supplies zeros: conv1's and pool1's corner units reach 2 pixels beyond the image's top and left
# edges, conv2's and pool2's 6.
#
# You can also *measure* a receptive field: make every kernel all ones, use average pooling (so that
# every pixel in the field has a positive effect), and ask TensorFlow for the gradient of one pool2
# unit with respect to the input image: for each pixel, how much the unit changes when that pixel
# changes a little. The pixels with a non-zero gradient are its field. The code needs three new
# tools, one line each (see the comments); notebook 06 explains gradients in full.

# %%
probe = tf.Variable(tf.zeros([1, 28, 28, 1]))  # a variable: a tensor TensorFlow can differentiate by
with tf.GradientTape() as tape:  # the tape records the operations run inside the `with` block
    h = tf.nn.avg_pool2d(tf.nn.conv2d(probe, tf.ones([5, 5, 1, 1]), 1, "SAME"), 2, 2, "VALID")
    h = tf.nn.avg_pool2d(tf.nn.conv2d(h, tf.ones([5, 5, 1, 1]), 1, "SAME"), 2, 2, "VALID")
    unit = h[0, 3, 3, 0]  # a pool2 unit near the middle of the 7x7 map
gradient = tape.gradient(unit, probe)[0, :, :, 0].numpy()  # d unit / d pixel, for all 28x28 pixels
rows, cols = np.nonzero(gradient)
print(f"pool2 unit (3, 3) depends on rows {rows.min()}-{rows.max()} and columns {cols.min()}-{cols.max()}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the recurrence and the measurement agree (click to open)
assert [f[1] for f in fields] == [5, 6, 14, 16] and [f[2] for f in fields] == [1, 2, 2, 4]
assert rows.max() - rows.min() + 1 == cols.max() - cols.min() + 1 == 16 and rows.min() == fields[-1][3] + 3 * 4

# %%
units = {"conv1": 12, "pool1": 6, "conv2": 6, "pool2": 3}  # one nested unit per layer, near the centre
fig, axes = plt.subplots(1, 4, figsize=(10, 3.2), sharey=True, layout="constrained")
for ax, (name, r, jump, start) in zip(axes, fields, strict=True):
    first = start + units[name] * jump  # first input row (and column) of the unit's field
    ax.imshow(digit, cmap="gray")
    ax.add_patch(Rectangle((first - 0.5, first - 0.5), r, r, fill=False, edgecolor="red", linewidth=2))
    side = 28 // jump  # the side of the layer's map: 28 input pixels over the distance between its units
    ax.set_title(f"{name} unit ({units[name]}, {units[name]}) of its\n{side}x{side} map sees {r}x{r} pixels",
                 fontsize=10)
fig.suptitle("Receptive fields in the series' network (red: the input pixels one unit sees)")
plt.show()

# %% [markdown]
# A unit's coordinates are on its own layer's map (28×28 for conv1, 14×14 for pool1 and conv2, 7×7
# for pool2), not on the image. Notice that a pool2 unit sees 16×16 pixels, more than half the
# image's width, although every kernel is only 5×5: stacking layers and pooling between them is how
# a small-kernel network ends up seeing whole strokes and how they are arranged. Neighbouring pool2
# units are 4 pixels apart, so their fields overlap by 12 pixels.

# %% [markdown]
# ## Summary
# - Max pooling keeps the largest value of each window, average pooling the mean; the `pool2d`
#   above agrees with TensorFlow's in all 48 cases tried. A 2×2 pool keeps one value in four.
# - Max pooling makes maps change less when a digit shifts by a pixel or two, and a second pooling
#   helps more; but the change still grows with the shift: robustness, not invariance.
# - The series' network turns a 28×28 digit into 28×28, 14×14, 14×14 and 7×7 maps.
# - Receptive fields grow as $r_l = r_{l-1} + (k_l - 1) j_{l-1}$: 5, 6, 14 and 16 pixels in the
#   series' network; the gradient measurement confirms the last, 16 (rows 6–21).

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **03.1** Max-pool this 4×4 map by hand (2×2 windows, stride 2), then answer with the 2×2 result as a
# nested list or array. Check with `pool2d` only afterwards.
#
# ```
# 1 3 0 2
# 4 2 1 0
# 0 0 5 6
# 7 1 8 0
# ```

# %%
pooled_by_hand = ...  # e.g. [[1, 2], [3, 4]]
check("03.1", pooled_by_hand)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 03.1 (click to open)
pooled_by_hand = [[4, 2],   # top-left window 1 3 / 4 2 -> 4; top-right 0 2 / 1 0 -> 2
                  [7, 8]]   # bottom-left 0 0 / 7 1 -> 7; bottom-right 5 6 / 8 0 -> 8
check("03.1", pooled_by_hand)

# %% [markdown]
# **03.2** If both of the series' convolutions used 3×3 kernels (padding 1) instead of 5×5, how
# large would a pool2 unit's receptive field be (one side, in pixels)? Use `receptive_fields`.

# %%
field_3x3 = ...  # one side, in pixels
check("03.2", field_3x3)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 03.2 (click to open)
field_3x3 = receptive_fields([("conv1", 3, 1, 1), ("pool1", 2, 2, 0), ("conv2", 3, 1, 1), ("pool2", 2, 2, 0)])[-1][1]
check("03.2", field_3x3)  # 3, then 4, then 4 + 2 * 2 = 8, then 8 + 1 * 2 = 10

# %% [markdown]
# **03.3** Average pooling is a convolution with a fixed kernel. Write `avg_pool_by_conv(images)` that
# 2×2-average-pools a batch `(n, h, w, 1)` of `float32` images with **one** `tf.nn.conv2d` call (which
# kernel, which stride, which padding?). Like `pool2d`, it drops a last row or column that fills no
# window. The check compares it with `tf.nn.avg_pool2d`, on even and on odd image sizes.

# %%
def avg_pool_by_conv(images):
    return ...  # your code: one tf.nn.conv2d call


check("03.3", avg_pool_by_conv)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 03.3 (click to open)
def avg_pool_by_conv(images):
    kernel = tf.fill([2, 2, 1, 1], 0.25)  # each of the four pixels weighs a quarter
    return tf.nn.conv2d(images, kernel, strides=2, padding="VALID")


check("03.3", avg_pool_by_conv)

# %% [markdown]
# **03.4** (Open) Repeat the shift experiment twice: once with average instead of max pooling, and
# once with a 3×3 pooling window and stride 3. Which change makes the pooled maps most robust, and what does it cost?
#
# <details><summary>What to expect (click to open)</summary>
#
# Average pooling helps less than max pooling: over the 200 digits, its maps change *more* on average than max
# pooling's at every shift after one pooling (at 1 pixel, 0.383 against 0.341 with the Gaussian blur,
# 0.695 against 0.641 with Sobel x), and after two poolings at every shift but one, where the two are
# about even (Sobel x at 1 pixel: 0.401 against 0.405). A mean moves whenever any
# pixel of its window changes; a maximum stays put while the window's brightest pixel stays inside.
# The 3×3 window with stride 3 is the change that helps: after two poolings a 1-pixel shift changes
# the maps by 0.174 and 0.255 (0.255 and 0.405 with 2×2 windows). These are means, and single digits can
# go the other way (the larger window wins for 73% to 100% of the digits, depending on kernel, pooling
# and shift). The cost: 28×28 becomes 9×9 (the last row and column are dropped) and then 3×3, so the
# next layer learns where a feature is only to within 3, then 9 pixels, and fine details are lost.
# </details>

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 03.4: the shift experiment with other poolings (click to open)
def pooled_stages(images, kernel, pool, size):
    """ReLU(conv) pooled once and twice over size x size windows at stride `size`, each flattened."""
    conv = tf.nn.relu(tf.nn.conv2d(images[..., None], kernel[:, :, None, None].astype(np.float32), 1, "SAME"))
    pool1 = pool(conv, size, size, "VALID")
    pool2 = pool(pool1, size, size, "VALID")
    return {"once": np.reshape(pool1, (len(images), -1)), "twice": np.reshape(pool2, (len(images), -1))}


VARIANTS = {"max 2x2": (tf.nn.max_pool2d, 2), "average 2x2": (tf.nn.avg_pool2d, 2), "max 3x3": (tf.nn.max_pool2d, 3)}
ratios = {}  # (kernel, variant, once/twice, shift) -> the relative change of each of the 200 digits
for (kernel_name, kernel), (variant, (pool, size)) in itertools.product(KERNELS.items(), VARIANTS.items()):
    unshifted = pooled_stages(digits, kernel, pool, size)
    for s in SHIFTS[1:]:
        for stage, after in pooled_stages(shift_right(digits, s), kernel, pool, size).items():
            ratios[kernel_name, variant, stage, s] = (np.linalg.norm(after - unshifted[stage], axis=1)
                                                      / np.linalg.norm(unshifted[stage], axis=1))
mean = {key: float(r.mean()) for key, r in ratios.items()}
for kernel_name, stage, variant in itertools.product(KERNELS, ("once", "twice"), VARIANTS):
    print(f"{kernel_name:13s} pooled {stage:5s} {variant:11s}: mean change at shifts 1, 2, 3 = "
          + "  ".join(f"{mean[kernel_name, variant, stage, s]:.3f}" for s in SHIFTS[1:]))
wins = [np.mean(ratios[k, "max 3x3", stage, s] < ratios[k, "max 2x2", stage, s])
        for k, stage, s in itertools.product(KERNELS, ("once", "twice"), SHIFTS[1:])]
print(f"max 3x3 changes less than max 2x2 for {min(wins):.0%} to {max(wins):.0%} of the digits")
for k, s in itertools.product(KERNELS, SHIFTS[1:]):
    assert mean[k, "average 2x2", "once", s] > mean[k, "max 2x2", "once", s]
    assert mean[k, "average 2x2", "twice", s] > mean[k, "max 2x2", "twice", s] - 0.01
    assert (mean[k, "average 2x2", "twice", s] > mean[k, "max 2x2", "twice", s]) == ((k, s) != ("Sobel x", 1))
    assert all(mean[k, "max 3x3", stage, s] < mean[k, "max 2x2", stage, s] for stage in ("once", "twice"))
quoted = [mean[k, v, "once", 1] for k in KERNELS for v in ("average 2x2", "max 2x2")]
quoted += [mean[k, v, "twice", 1] for v in ("max 3x3", "max 2x2") for k in KERNELS]
quoted.append(mean["Sobel x", "average 2x2", "twice", 1])
assert np.allclose(quoted, [0.383, 0.341, 0.695, 0.641, 0.174, 0.255, 0.255, 0.405, 0.401], atol=6e-4)
assert 0.725 <= min(wins) < 0.735 and max(wins) == 1.0

# %% [markdown]
# ## Further reading
# - A. Araujo, W. Norris, J. Sim, [Computing receptive fields of convolutional neural networks](https://distill.pub/2019/computing-receptive-fields/), Distill (2019).
# - A. Azulay and Y. Weiss, [Why do deep convolutional networks generalize so poorly to small image transformations?](https://arxiv.org/abs/1805.12177) (2019): the limits of pooling's robustness.
# - [Dive into Deep Learning, 7.5: Pooling](https://d2l.ai/chapter_convolutional-neural-networks/pooling.html).
