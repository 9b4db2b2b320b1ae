# %% [markdown]
# # Inspecting what the CNN learned
#
# Open up the trained network and see what it learned, layer by layer, and where it looks when it decides.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/05_inspecting_filters.ipynb)
#
# ## What you will learn
# - What the first layer's 32 kernels became during training, and how they compare with the
#   hand-made edge detectors of notebook 02.
# - How a digit turns into smaller, more abstract feature maps layer by layer, and which input
#   patches make a channel fire.
# - How to draw the image a channel or a class "wants to see" by gradient ascent on the input.
# - Three ways to ask *where* the network looks: gradient saliency, occlusion and Grad-CAM.
# - What the dense layer's representation buys over raw pixels, and what pooling did (and did
#   not do) for robustness to shifts, rotations and noise.

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
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from helpers import plots
from helpers.data import load_mnist
from helpers.exercises import check
from helpers.inspection import (grad_cam, maximise_activation, occlusion_map, receptive_field,
                                saliency_map, top_activating_patches)
from helpers.models import activation_model, build_cnn
from helpers.projections import class_means, nearest_class_mean, principal_components
from helpers.training import SERIES_RECIPE, to_model_input, trained_cnn

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}; random seed {SEED}")

# %% [markdown]
# ## The trained network and the test digits
# `trained_cnn()` returns the network of notebook 04, trained with that notebook's recipe (Adam with
# warm-up and cosine decay, 2 epochs). It is loaded from the series' cache if notebook 04 (or an
# earlier run of this one) trained it; otherwise it is trained now, which takes about 1.5 to 2
# minutes on a CPU. Whether it came from the cache depends on your machine.

# %%
# NBVAL_IGNORE_OUTPUT
trained = trained_cnn()
model = trained.model
print(f"from cache: {trained.from_cache} ({trained.path.name})")

# %% [markdown]
# You will need the test digits as the model's input: float32 arrays of shape (n, 28, 28, 1)
# with values in [0, 1]. One pass over the 10,000 test digits gives both the predictions and the
# 1,024 activations of the dense layer, which you will use near the end.
#
# `activation_model(model, names)` (from `helpers.models`) builds a model with the same input that
# returns the named layers' outputs as a dictionary.

# %%
(x_train, y_train), (x_test, y_test) = load_mnist()
X_test = to_model_input(x_test)
outputs = activation_model(model, ["dense", "logits"]).predict(X_test, batch_size=500, verbose=0)
dense_test, logits_test = outputs["dense"], outputs["logits"]
probs_test = tf.nn.softmax(logits_test).numpy()
pred_test = probs_test.argmax(axis=1)
test_accuracy = (pred_test == y_test).mean()
wrong = np.flatnonzero(pred_test != y_test)
assert X_test.shape == (10000, 28, 28, 1) and X_test.dtype == np.float32
assert dense_test.shape == (10000, 1024) and logits_test.shape == (10000, 10)
assert test_accuracy >= 0.993
print(f"{len(X_test)} test digits; dense activations {dense_test.shape}, logits {logits_test.shape}")
print("Test accuracy is at least 99.3%.")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"Test accuracy: {test_accuracy:.2%} ({len(wrong)} mistakes)")

# %% [markdown]
# The network gets at least 99.3% of the test digits right. The rest of this notebook asks *how*.
#
# ## First-layer kernels: before and after training
# The first convolution, `conv1`, holds 32 *kernels* (also called *filters*): 5×5 grids of weights,
# each slid over the image to produce one *feature map*. Before training, the kernels are random
# numbers (Keras's default *Glorot uniform* initialisation draws them uniformly from a small range).
#
# Which random numbers? `trained_cnn()` trains with the recipe's seed, which is this notebook's
# `SEED` (42): it calls `seed_everything(42)` and then builds its network with `build_cnn()`. So
# if you re-seed with `SEED` and build a fresh network, you draw the same starting kernels. The
# cell below checks that the seed is the same and that two such builds give identical kernels.

# %%
kernels = model.get_layer("conv1").get_weights()[0]  # (5, 5, 1, 32): height, width, in, out
assert SEED == SERIES_RECIPE.seed  # the seed trained_cnn() sets before it builds its network


def fresh_network():
    """An untrained build_cnn(), built right after seeding every generator with SEED."""
    helpers.seed_everything(SEED)
    return build_cnn()


initial_network = fresh_network()
initial_kernels = initial_network.get_layer("conv1").get_weights()[0]
assert np.array_equal(initial_kernels, fresh_network().get_layer("conv1").get_weights()[0])
K = kernels[:, :, 0, :].transpose(2, 0, 1)  # (32, 5, 5): one 5x5 kernel per output channel
K0 = initial_kernels[:, :, 0, :].transpose(2, 0, 1)
assert kernels.shape == initial_kernels.shape == (5, 5, 1, 32)
print(f"conv1 kernels: {kernels.shape} -> {K.shape} (32 kernels of 5x5)")
print("Two fresh builds after seeding with SEED have identical conv1 kernels.")

# %% [markdown]
# Both figures use a diverging colour map centred on zero: white is 0, red positive, blue negative.
# Each figure has its own scale (see its colour bar).

# %%
plots.plot_signed_grid(K0, titles=[str(c) for c in range(32)], ncols=8, cell_inches=0.9,
                       suptitle="conv1 kernels at initialisation (channel number above each)")
plt.show()

# %%
plots.plot_signed_grid(K, titles=[str(c) for c in range(32)], ncols=8, cell_inches=0.9,
                       suptitle="conv1 kernels after training (channel number above each)")
plt.show()

# %% [markdown]
# Notice that the initial kernels are salt-and-pepper noise, while in many trained kernels
# neighbouring weights agree: a patch of blue next to a patch of red. Such a kernel is an *edge
# detector*: it responds where brightness changes from dark to bright in one direction.
#
# Two numbers make that visible difference measurable. The *smoothness* of a kernel is the
# correlation between each weight and its right and lower neighbours: near 0 for noise, near 1 for
# a smooth pattern. The *norm* is the square root of the sum of squared weights: how strongly a
# kernel responds overall.

# %%
def smoothness(kernel):
    """Correlation between each weight and its right / lower neighbour (a 2-D kernel)."""
    a = np.concatenate([kernel[:, :-1].ravel(), kernel[:-1, :].ravel()])
    b = np.concatenate([kernel[:, 1:].ravel(), kernel[1:, :].ravel()])
    return np.corrcoef(a, b)[0, 1]


smooth_trained = np.array([smoothness(k) for k in K])
smooth_initial = np.array([smoothness(k) for k in K0])
norm_trained = np.linalg.norm(K.reshape(32, -1), axis=1)
norm_initial = np.linalg.norm(K0.reshape(32, -1), axis=1)
assert smooth_trained.mean() > 0.2 > 0.1 > abs(smooth_initial.mean())
assert norm_trained.mean() > 1.2 * norm_initial.mean()
print("Trained kernels are smoother (mean neighbour correlation > 0.2, initial < 0.1)")
print("and stronger (mean norm more than 1.2 times the initial one).")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"mean smoothness: initial {smooth_initial.mean():+.2f}, trained {smooth_trained.mean():+.2f}")
print(f"mean norm:       initial {norm_initial.mean():.2f}, trained {norm_trained.mean():.2f}")

# %% [markdown]
# ### Compared with hand-made edge detectors
# Notebook 02 used the 3×3 *Sobel* kernels: Sobel x responds to vertical edges (dark on the left,
# bright on the right), Sobel y to horizontal ones. Their 5×5 version, the size of your learned
# kernels, is a smoothing column $[1, 4, 6, 4, 1]$ (down the rows) times a difference row
# $[-1, -2, 0, 2, 1]$ (across the columns): it smooths vertically and takes differences
# horizontally, so it responds to vertical edges. Sobel y is its transpose.
#
# To compare a learned kernel with a Sobel kernel, use the *Pearson correlation* $r$ of their 25
# weights: $+1$ means the same pattern up to scale, $-1$ the same pattern with the opposite sign
# (an edge from bright to dark), 0 nothing in common. Because Sobel x and Sobel y are orthogonal,
# $\sqrt{r_x^2 + r_y^2}$ is the correlation with the best Sobel-like edge detector at *any*
# angle; call it the kernel's *edge score*.

# %%
smooth_1d = np.array([1, 4, 6, 4, 1], dtype=float)
diff_1d = np.array([-1, -2, 0, 2, 1], dtype=float)
sobel_x = np.outer(smooth_1d, diff_1d)  # [i, j] = smooth[i] * diff[j]: vertical edges
sobel_y = sobel_x.T


def correlation(a, b):
    """Pearson correlation of two arrays' entries."""
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


r_x = np.array([correlation(k, sobel_x) for k in K])
r_y = np.array([correlation(k, sobel_y) for k in K])
edge_score = np.hypot(r_x, r_y)
edge_score_initial = np.hypot([correlation(k, sobel_x) for k in K0], [correlation(k, sobel_y) for k in K0])
best_x, best_y = int(np.abs(r_x).argmax()), int(np.abs(r_y).argmax())
edgy, edgy_initial = int((edge_score > 0.5).sum()), int((edge_score_initial > 0.5).sum())
assert np.isclose((sobel_x * sobel_y).sum(), 0)  # orthogonal
assert edgy >= 10 and edgy >= 2 * edgy_initial + 4
assert abs(r_x[best_x]) > 0.6 and abs(r_y[best_y]) > 0.6
print("At least 10 trained kernels have an edge score above 0.5, far more than at initialisation;")
print("the best matches to Sobel x and to Sobel y each reach |r| > 0.6.")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"edge score > 0.5: {edgy} of 32 trained kernels, {edgy_initial} of 32 initial kernels")
for name, r in [("Sobel x", r_x), ("Sobel y", r_y)]:
    top = np.argsort(-np.abs(r))[:3]
    print(f"best matches to {name}: " + ", ".join(f"channel {c} (r = {r[c]:+.2f})" for c in top))

# %%
plots.plot_signed_grid(
    np.stack([sobel_x / np.abs(sobel_x).max(), K[best_x] / np.abs(K[best_x]).max(),
              sobel_y / np.abs(sobel_y).max(), K[best_y] / np.abs(K[best_y]).max()]),
    titles=["Sobel x", f"conv1 ch {best_x}\nr = {r_x[best_x]:+.2f}",
            "Sobel y", f"conv1 ch {best_y}\nr = {r_y[best_y]:+.2f}"],
    ncols=4, cell_inches=1.6, suptitle="Hand-made and learned edge detectors (each scaled to [-1, 1])")
plt.show()

# %% [markdown]
# Notice that nobody told the network about edges: gradient descent found edge detectors on its
# own, because they are useful for telling digits apart. A negative $r$ is no failure, just the
# opposite polarity.
#
# ## Second-layer kernels
# `conv2` has 64 filters, and each one is *not* a single 5×5 grid: it has one 5×5 slice for each
# of the 32 feature maps coming out of `pool1`, so 5×5×32 = 800 weights. A filter's output adds
# up what its 32 slices see in the 32 maps. This is much harder to picture, so start with one
# number per filter: its norm, before and after training.

# %%
kernels2 = model.get_layer("conv2").get_weights()[0]  # (5, 5, 32, 64)
initial_kernels2 = initial_network.get_layer("conv2").get_weights()[0]
norms2 = np.linalg.norm(kernels2.reshape(-1, 64), axis=0)
norms2_initial = np.linalg.norm(initial_kernels2.reshape(-1, 64), axis=0)
assert kernels2.shape == (5, 5, 32, 64) and np.prod(kernels2.shape[:3]) == 800
assert norms2.min() > norms2_initial.max()
print(f"conv2 kernels: {kernels2.shape}; {np.prod(kernels2.shape[:3])} weights per filter")
print("Every trained filter has a larger norm than any initial one.")

# %%
fig, ax = plt.subplots(figsize=(9, 3))
ax.bar(range(64), norms2, color="tab:blue", label="after training")
ax.plot(range(64), norms2_initial, "k_", markersize=8, label="at initialisation")
ax.set_title("Norm of each conv2 filter (5x5x32 weights)")
ax.set_xlabel("conv2 filter (output channel)")
ax.set_ylabel("norm (root of sum of squares)")
ax.set_xlim(-1, 64)
ax.set_ylim(0, 1.3 * norms2.max())
ax.legend(loc="upper left", ncols=2)
plt.show()

# %% [markdown]
# Notice that training grew every filter, but unevenly: compare the tallest and the shortest bars.
#
# Here are four filters in full: the three strongest and the weakest. Each panel lays out one
# filter's 32 slices (5×5 each) in 4 rows of 8, one slice per input channel: channel 0 at the top
# left, 7 at the top right, 31 at the bottom right. All four panels share one colour scale.

# %%
def slice_mosaic(filter_weights):
    """A conv2 filter (5, 5, 32) as a 20x40 mosaic: slice c at block row c // 8, block column c % 8."""
    return filter_weights.transpose(2, 0, 1).reshape(4, 8, 5, 5).transpose(0, 2, 1, 3).reshape(20, 40)


by_norm = np.argsort(-norms2)
shown_filters = [int(c) for c in by_norm[:3]] + [int(by_norm[-1])]
strongest = shown_filters[0]
mosaics = np.stack([slice_mosaic(kernels2[..., c]) for c in shown_filters])
assert mosaics.shape == (4, 20, 40)
assert np.array_equal(mosaics[0][5:10, 15:20], kernels2[:, :, 11, strongest])  # slice 11: row 1, column 3

weight_limit = float(np.abs(mosaics).max())
fig, axes = plt.subplots(2, 2, figsize=(10, 4.4), layout="constrained")
for ax, c, mosaic, label in zip(axes.flat, shown_filters, mosaics,
                                ["strongest", "2nd strongest", "3rd strongest", "weakest"], strict=True):
    shown = ax.imshow(mosaic, cmap="RdBu_r", vmin=-weight_limit, vmax=weight_limit)
    for k in range(1, 8):
        ax.axvline(5 * k - 0.5, color="0.5", linewidth=0.6)
    for k in range(1, 4):
        ax.axhline(5 * k - 0.5, color="0.5", linewidth=0.6)
    ax.set_title(f"conv2 filter {c} ({label}, norm {norms2[c]:.2f})", fontsize=10)
    ax.set_xticks(np.arange(2, 40, 5), [str(i) for i in range(8)])
    ax.set_yticks(np.arange(2, 20, 5), [str(8 * i) for i in range(4)])
    ax.set_xlabel("input channel = row's first channel + this", fontsize=8)
    ax.set_ylabel("row's first channel", fontsize=8)
fig.colorbar(shown, ax=list(axes.flat), shrink=0.8, label="weight (0 = white)")
fig.suptitle("Four conv2 filters, each as its 32 slices (one per input channel, 4 rows of 8)")
plt.show()

# %%
slice_shares = (kernels2[..., shown_filters] ** 2).sum(axis=(0, 1))  # (32 slices, 4 filters)
slice_shares = slice_shares / slice_shares.sum(axis=0)
top4_shares = np.sort(slice_shares, axis=0)[-4:].sum(axis=0)
assert (top4_shares > 4 / 32).all()
assert norms2[shown_filters[-1]] < norms2[strongest]
print("In each of the four filters, the 4 strongest slices hold more than 4/32 of the squared norm.")

# %%
# NBVAL_IGNORE_OUTPUT
for c, share in zip(shown_filters, top4_shares, strict=True):
    print(f"conv2 filter {c:2d}: norm {norms2[c]:.2f}; its 4 strongest slices hold {share:.0%} "
          f"of its squared norm (an even spread would give {4 / 32:.0%})")

# %% [markdown]
# Notice that the weight is not spread evenly: a few input channels carry more of it than an even
# spread would give them. A conv2 filter is a recipe that mixes a few first-layer features (say,
# a left edge here and a top edge there) into a larger pattern.
#
# ## Feature maps, layer by layer
# A *feature map* (or *activation map*) is a layer's output for one channel: where in the image
# that channel's pattern was found. Follow one test digit through the convolution stages.

# %%
stages = ["conv1", "pool1", "conv2", "pool2"]
reader = activation_model(model, stages)
digit_index = 0
maps = reader.predict(X_test[digit_index:digit_index + 1], verbose=0)
shapes = {name: maps[name].shape[1:] for name in stages}
assert shapes == {"conv1": (28, 28, 32), "pool1": (14, 14, 32), "conv2": (14, 14, 64), "pool2": (7, 7, 64)}
for name in stages:
    field = receptive_field(model, name)
    print(f"{name}: maps {str(shapes[name]):13s} {np.prod(shapes[name]):6d} numbers; "
          f"one unit sees {field.size}x{field.size} input pixels")
assert [receptive_field(model, n).size for n in stages] == [5, 6, 14, 16]
assert np.prod(shapes["pool2"]) == 3136 and receptive_field(model, "pool2").jump == 4  # pool2 cells: 4 px apart

# %% [markdown]
# The *receptive field* of a unit is the patch of the input it depends on. Each stage halves the
# map's side (28 → 14 → 7) while the receptive field grows (5 → 6 → 14 → 16 pixels): later units
# see more of the digit with coarser position. Here are the 32 `conv1` maps of test digit 0 (a 7).

# %%
assert y_test[digit_index] == 7
plots.plot_image_grid(np.moveaxis(maps["conv1"][0], -1, 0), titles=[str(c) for c in range(32)],
                      ncols=8, cell_inches=0.9, suptitle="conv1: 32 feature maps of a 7 (28x28 each)")
plt.show()

# %% [markdown]
# Bright means a strong response (after the ReLU every value is 0 or more). Notice that different
# maps light up along different sides of the strokes: the edge detectors at work. Max pooling
# keeps the strongest value of each 2×2 block, so `pool1` looks like `conv1` at half the resolution
# (drawn below at the same size, each pooled value as a 2×2 block):

# %%
pool1_drawn = np.moveaxis(maps["pool1"][0, ..., :8], -1, 0).repeat(2, axis=1).repeat(2, axis=2)
plots.plot_image_grid(np.concatenate([np.moveaxis(maps["conv1"][0, ..., :8], -1, 0), pool1_drawn]),
                      titles=[f"conv1 {c}" for c in range(8)] + [f"pool1 {c}" for c in range(8)],
                      ncols=8, cell_inches=1.1, suptitle="Channels 0-7 before (28x28) and after (14x14) pooling")
plt.show()

# %% [markdown]
# The second stage works on those pooled maps. Its 64 maps are coarser and harder to name:

# %%
plots.plot_image_grid(np.moveaxis(maps["conv2"][0], -1, 0), ncols=8, cell_inches=0.8,
                      suptitle="conv2: 64 feature maps of the same 7 (14x14 each)")
plt.show()

# %%
plots.plot_image_grid(np.moveaxis(maps["pool2"][0], -1, 0), ncols=8, cell_inches=0.8,
                      suptitle="pool2: 64 maps of 7x7, flattened into 3,136 numbers for the dense layer")
plt.show()

# %%
peaks2 = maps["conv2"][0].max(axis=(0, 1))  # each conv2 map's strongest response to the 7
dark_conv2 = int((peaks2 == 0).sum())
dark_pool2 = int((maps["pool2"][0].max(axis=(0, 1)) == 0).sum())
faint_conv2 = int((peaks2 < 0.2 * peaks2.max()).sum())
assert dark_conv2 == dark_pool2 <= 2  # a pool2 map is all zeros exactly when its conv2 map is
assert faint_conv2 >= 8
print("At most 2 of the 64 conv2 (and pool2) maps are all zeros; at least 8 peak below")
print("a fifth of the brightest map's peak.")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"entirely dark: {dark_conv2} conv2 maps, {dark_pool2} pool2 maps; "
      f"peaking below a fifth of the brightest: {faint_conv2} of 64")

# %% [markdown]
# Each grid draws its 64 maps on one brightness scale, set by the brightest map. Notice that few or
# no maps are entirely dark (at most 2 of the 64 are all zeros), but many are faint: at least 8 peak below a
# fifth of the brightest map's value. A second-layer channel responds strongly only to certain
# combinations of strokes, so this 7 drives some channels hard and others barely.
#
# ### One channel, several digits
# The same channel computes the same thing on every digit. Below, the first row shows eight test
# digits, the second row the response of the conv1 channel that best matches Sobel y
# (horizontal edges), the third row one conv2 channel (the strongest filter from above).

# %%
few = X_test[:8]
few_maps = reader.predict(few, verbose=0)
grid = np.concatenate([few[..., 0],
                       few_maps["conv1"][..., best_y] / max(few_maps["conv1"][..., best_y].max(), 1e-6),
                       tf.image.resize(few_maps["conv2"][..., strongest:strongest + 1], (28, 28),
                                       method="nearest")[..., 0].numpy()
                       / max(few_maps["conv2"][..., strongest].max(), 1e-6)])
titles = [f"digit {y}" for y in y_test[:8]] + [f"conv1 ch {best_y}"] * 8 + [f"conv2 ch {strongest}"] * 8
plots.plot_image_grid(grid, titles=titles, ncols=8, cell_inches=1.1, vmin=0, vmax=1,
                      suptitle="Eight digits, one conv1 channel, one conv2 channel (each row scaled to [0, 1])")
plt.show()

# %% [markdown]
# Notice that the conv1 channel draws the horizontal edges of every digit, whatever the digit is,
# whereas the conv2 channel responds to only some digits, and to only parts of them.
#
# ## What makes a channel fire
# A direct way to see what a channel detects: run many digits through the network, find the
# positions where the channel responds most, and cut out the receptive field of each of those units
# from the input. `top_activating_patches` does that, taking the strongest position of each image,
# so the patches come from different digits. Where a receptive field reaches past the border of the
# image (the 'same' padding), the crop is filled with black, the background colour.
#
# You will look at four conv1 channels (the best Sobel x and Sobel y matches, and two more with a
# high edge score) and the four strongest conv2 filters, using the first 3,000 test digits.

# %%
pool = X_test[:3000]
assert len(pool) == 3000
conv1_channels = [best_x, best_y] + [int(c) for c in np.argsort(-edge_score) if c not in (best_x, best_y)][:2]
conv2_channels = [int(c) for c in np.argsort(-norms2)[:4]]
top1 = {c: top_activating_patches(model, pool, "conv1", c, k=8) for c in conv1_channels}
top2 = {c: top_activating_patches(model, pool, "conv2", c, k=8) for c in conv2_channels}
assert all(t.patches.shape == (8, 5, 5) for t in top1.values())
assert all(t.patches.shape == (8, 14, 14) for t in top2.values())
print("conv1 patches: 8 per channel, 5x5; conv2 patches: 8 per channel, 14x14")

# %%
def row_titles(channels, per_row, layer):
    """A title over the first image of each row only."""
    return [f"{layer} ch {c}" if i == 0 else "" for c in channels for i in range(per_row)]


plots.plot_image_grid(np.concatenate([top1[c].patches for c in conv1_channels]),
                      titles=row_titles(conv1_channels, 8, "conv1"), ncols=8, cell_inches=0.9,
                      vmin=0, vmax=1, suptitle="The 5x5 input patches that drive four conv1 channels hardest")
plt.show()

# %%
plots.plot_image_grid(np.concatenate([top2[c].patches for c in conv2_channels]),
                      titles=row_titles(conv2_channels, 8, "conv2"), ncols=8, cell_inches=0.9,
                      vmin=0, vmax=1, suptitle="The 14x14 input patches that drive four conv2 channels hardest")
plt.show()

# %% [markdown]
# Notice that each conv1 channel's patches share a simple local pattern, an edge of one direction
# and polarity, while a conv2 channel's patches share a larger shape, such as an arc, a loop or a
# corner, seen through a 14×14 window and found in several different digits.
#
# ## The image a channel or a class wants to see
# *Activation maximisation* turns the question around: instead of searching the data, it *builds*
# an input. Start from a grey image with a little noise, and repeatedly change the pixels along the
# gradient of the chosen activation (*gradient ascent*, the same machinery as training, but the
# weights stay fixed and the input moves). Left alone, gradient ascent produces high-frequency
# noise that no digit contains, so `maximise_activation` adds two simple *regularisers*: each step
# pulls the pixels slightly towards black (an L2 penalty: ink costs), and every fourth step blurs
# the image. Pixel values are clipped to [0, 1].
#
# Each step runs as a compiled `tf.function`, so the 120 steps used below are quick. First the eight
# strongest conv2 filters (the objective is the mean of the channel's map):

# %%
conv2_to_draw = [int(c) for c in np.argsort(-norms2)[:8]]
dream_channels = maximise_activation(model, "conv2", conv2_to_draw, steps=120, seed=SEED)
assert dream_channels.shape == (8, 28, 28, 1) and 0 <= dream_channels.min() <= dream_channels.max() <= 1
plots.plot_image_grid(dream_channels, titles=[f"conv2 ch {c}" for c in conv2_to_draw], ncols=8,
                      cell_inches=1.15, vmin=0, vmax=1,
                      suptitle="Inputs built to maximise eight conv2 channels")
plt.show()

# %% [markdown]
# Notice the repeated textures: each channel's pattern (often oriented stripes, pieces of strokes)
# tiled across the image, since the objective rewards it at every position. A tile that stays dark
# belongs to a channel that is silent on the grey start image: its gradient is zero, so gradient
# ascent has nothing to climb. Now the ten class *logits* (the scores before the softmax):

# %%
dream_classes = maximise_activation(model, "logits", list(range(10)), steps=120, seed=SEED)
dream_predictions = model.predict(dream_classes, verbose=0).argmax(axis=1)
assert dream_classes.shape == (10, 28, 28, 1)
assert (dream_predictions == np.arange(10)).all()
print("Predicted class of each built image:", dream_predictions.tolist())
plots.plot_image_grid(dream_classes, titles=[f"class {c}" for c in range(10)], ncols=10,
                      cell_inches=1.0, vmin=0, vmax=1, suptitle="Inputs built to maximise each class logit")
plt.show()

# %% [markdown]
# Notice that many of these images contain a recognisable sketch of their digit, and that the
# network classifies each one as the class it was built for. They also show strokes no writer would
# draw: the network rewards evidence *for* a class, and it never learned what a digit must not contain.
#
# ## Where the network looks
# Three *attribution* methods ask which pixels mattered for one decision:
#
# - *Gradient saliency*: the absolute value of $\partial\,\text{logit}_c / \partial\,\text{pixel}$,
#   how much a tiny change of each pixel would move the class score. Cheap (one backward pass) but
#   noisy.
# - *Occlusion sensitivity*: hide an 8×8 square (set it to black, the background) at every
#   position in steps of 2 pixels, and record how much the true class's probability drops; each
#   pixel gets the mean drop over the squares that cover it. Slow (one forward pass per position,
#   121 here) but easy to trust: it measures the effect of actually removing ink.
# - *Grad-CAM* (gradient-weighted class activation mapping): weight each of conv2's 64 maps by the
#   average gradient of the class logit over that map, add them up, keep the positive part and
#   scale the result to [0, 1]. It is as coarse as conv2's 14×14 maps but tells classes apart well.
#
# For a correctly classified digit all three explain the (correct) prediction. For a mistake,
# saliency and Grad-CAM explain the *predicted* class, and occlusion tracks the *true* class: blue
# there means that hiding those pixels would *raise* the true class's probability, so they misled
# the network.

# %%
def plot_explanations(indices, title):
    """One row per test digit: the digit, saliency, occlusion and Grad-CAM."""
    images = X_test[indices]
    predicted, true = pred_test[indices], y_test[indices]
    saliency = saliency_map(model, images, predicted)
    cams = grad_cam(model, images, predicted, layer_name="conv2")
    occlusions = [occlusion_map(model, images[i], int(true[i]), patch=8, stride=2, fill=0.0)
                  for i in range(len(indices))]
    fig, axes = plt.subplots(len(indices), 4, figsize=(7.5, 1.9 * len(indices) + 0.6), squeeze=False)
    for row, i in enumerate(indices):
        limit = max(float(np.abs(occlusions[row]).max()), 1e-6)
        panels = [
            (images[row, ..., 0], "gray", 0, 1, f"test {i}: true {true[row]}, said {predicted[row]}"),
            (saliency[row], "magma", 0, None, f"saliency (class {predicted[row]})\nbright = high, per image"),
            (occlusions[row], "RdBu_r", -limit, limit, f"occlusion (class {true[row]})\nlargest |drop| {limit:.3f}"),
            (images[row, ..., 0], "gray", 0, 1, f"Grad-CAM (class {predicted[row]})\nbright = high, max 1 per image"),
        ]
        for ax, (image, cmap, vmin, vmax, label) in zip(axes[row], panels, strict=True):
            ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
            ax.set_title(label, fontsize=8)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 3].imshow(cams[row], cmap="inferno", alpha=0.6, vmin=0, vmax=1)
    fig.suptitle(title)
    fig.tight_layout()
    return saliency, np.stack(occlusions), cams


assert len(range(0, 28 - 8 + 1, 2)) ** 2 == 121  # 8x8 patch positions, stride 2, on 28x28
correct = np.flatnonzero(pred_test == y_test)
shown_correct = [int(correct[np.flatnonzero(y_test[correct] == d)[0]]) for d in (2, 4, 5, 9)]
sal_ok, occ_ok, cam_ok = plot_explanations(shown_correct, "Correctly classified test digits")
plt.show()

# %% [markdown]
# Every map has its own colour scale. Saliency and Grad-CAM are scaled per image (bright = high;
# each Grad-CAM map's maximum is 1), so compare *where* a map is bright, not how bright it is
# from one row to the next; each occlusion map's largest value is in its title. Notice that:
#
# - occlusion singles out the part that makes the digit what it is (in this run, for instance, the
#   top bar of the 5 and the loop of the 9), and that a confident digit can barely notice any 8×8
#   hole: its largest drop is tiny, because the evidence is spread over several strokes;
# - Grad-CAM, though coarse, lies on the strokes that speak for the class;
# - saliency is the noisiest; it also lights up background pixels next to the strokes, where a
#   little extra ink *would* change the score, which is what a gradient measures.
#
# Here are four of the network's mistakes:

# %%
shown_wrong = [int(i) for i in wrong[:4]]
sal_bad, occ_bad, cam_bad = plot_explanations(shown_wrong, "Misclassified test digits")
plt.show()

# %%
for name, values in [("saliency", sal_ok), ("Grad-CAM", cam_ok), ("saliency", sal_bad), ("Grad-CAM", cam_bad)]:
    assert values.shape[1:] == (28, 28) and values.min() >= 0, name
assert cam_ok.max() <= 1 and cam_bad.max() <= 1
assert occ_ok.max() > 0.1  # hiding a part of some correct digit hurts
ink = X_test[shown_correct, ..., 0] > 0.5
blank = X_test[shown_correct, ..., 0] == 0
assert sal_ok[ink].mean() > 1.5 * sal_ok[blank].mean()  # saliency is higher on the ink
print("Saliency and Grad-CAM are >= 0 (Grad-CAM <= 1); occluding part of a correct digit can lower")
print("its probability by more than 0.1; saliency on ink is over 1.5 times that on the background.")

# %%
# NBVAL_IGNORE_OUTPUT
for i in shown_wrong:
    top_two = np.argsort(-probs_test[i])[:2]
    print(f"test digit {i}: true {y_test[i]}, predicted {pred_test[i]} with p = {probs_test[i, pred_test[i]]:.2f}; "
          f"p(true) = {probs_test[i, y_test[i]]:.2f}; top two: {top_two.tolist()}")

# %% [markdown]
# Notice that the mistakes are mostly digits a person might hesitate over too, and that Grad-CAM
# points at the strokes that resemble the predicted class. The blue patches of the occlusion maps
# show which strokes pushed the network away from the truth.
#
# ### The colour of the patch matters
# Occlusion answers "what if this part were replaced by X?", so X matters. On MNIST black is the
# background, so a black patch *erases* ink; a mid-grey patch (0.5), the usual choice for photos,
# also *adds* something ink-like wherever it lands, even on the background.

# %%
i = shown_correct[int(occ_ok.max(axis=(1, 2)).argmax())]  # the one most sensitive to occlusion
occ_black = occlusion_map(model, X_test[i], int(y_test[i]), patch=8, fill=0.0)
occ_grey = occlusion_map(model, X_test[i], int(y_test[i]), patch=8, fill=0.5)
limit = max(float(np.abs(occ_black).max()), float(np.abs(occ_grey).max()))
fig, axes = plt.subplots(1, 3, figsize=(9, 3), layout="constrained")
for ax, image, cmap, vmin, vmax, label in [
        (axes[0], X_test[i, ..., 0], "gray", 0, 1, f"test digit {i} ({y_test[i]})"),
        (axes[1], occ_black, "RdBu_r", -limit, limit, "black 8x8 patch"),
        (axes[2], occ_grey, "RdBu_r", -limit, limit, "grey (0.5) 8x8 patch")]:
    shown = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_title(label)
    ax.set_xlabel("column (pixel)")
    ax.set_ylabel("row (pixel)")
fig.colorbar(shown, ax=list(axes[1:]), shrink=0.8, label="drop of p(true class)")
plt.show()
# pixels with no ink within 7 pixels: every 8x8 patch covering them holds only background
windows = np.lib.stride_tricks.sliding_window_view(np.pad(X_test[i, ..., 0], 7), (15, 15))
far_from_ink = windows.max(axis=(2, 3)) == 0
assert far_from_ink.sum() > 0
assert np.abs(occ_black[far_from_ink]).max() < 1e-6  # 0 up to float rounding
assert np.abs(occ_grey[far_from_ink]).max() > 1e-3
print("Where no ink lies within 7 pixels, the black-patch map is 0 and the grey-patch map is not.")

# %% [markdown]
# Notice that the black patch leaves the map at 0 wherever every patch covering a pixel held only
# background (erasing nothing changes nothing), while the grey patch also changes the probability
# away from the ink.
#
# ## What the dense layer learned: a better space
# The dense layer turns the 3,136 numbers of `pool2` into 1,024 features, and the last layer
# separates the classes with a linear function of them. So the classes should be easy to tell apart
# in that 1,024-dimensional space. Two ways to check:
#
# - *Principal component analysis* (PCA) finds the directions along which a cloud of points varies
#   most; projecting on the first two gives the most faithful 2-D picture a linear map can give.
#   It is a singular value decomposition (SVD) of the centred data matrix.
# - A *nearest-class-mean* classifier computes the mean point of each class on training data and
#   labels a test point with the class whose mean is nearest. It does no learning of its own, so its
#   accuracy measures how well the space itself separates the classes.
#
# Notebook 01 built PCA from the SVD by hand; `helpers.projections` holds the same computation,
# and the nearest-class-mean classifier, for reuse.

# %%
def pca_2d(features):
    """Rows of ``features`` projected on their first two principal components, and the fraction of
    the variance those two components explain."""
    mean, components, explained = principal_components(features)
    return (features - mean) @ components[:2].T, float(explained[:2].sum())


pixels_test = X_test.reshape(len(X_test), -1)
pca_pixels, explained_pixels = pca_2d(pixels_test)
pca_dense, explained_dense = pca_2d(dense_test)
assert pca_pixels.shape == pca_dense.shape == (10000, 2)

fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
plots.plot_class_scatter(pca_pixels, y_test, ax=axes[0], size=2, title="Raw pixels (784 numbers)",
                         xlabel="principal component 1", ylabel="principal component 2")
plots.plot_class_scatter(pca_dense, y_test, ax=axes[1], size=2, title="Dense layer (1,024 activations)",
                         xlabel="principal component 1", ylabel="principal component 2")
axes[0].get_legend().remove()
fig.suptitle("The 10,000 test digits, projected on their first two principal components")
fig.tight_layout()
plt.show()

# %%
# NBVAL_IGNORE_OUTPUT
print(f"variance explained by 2 components: pixels {explained_pixels:.0%}, dense layer {explained_dense:.0%}")

# %% [markdown]
# Notice that in pixel space most classes pile on top of each other, while in the dense layer's space
# the clusters are far more distinct, even though two directions out of 1,024 show only part of the
# picture. The nearest-class-mean accuracy puts a number on it. The class means come from the first
# 10,000 training images (the network's activations on them take a few seconds).

# %%
n_means = 10000
X_some_train, y_some_train = to_model_input(x_train[:n_means]), y_train[:n_means]
dense_train = activation_model(model, ["dense"]).predict(X_some_train, batch_size=500, verbose=0)["dense"]


def nearest_class_mean_accuracy(train_features, train_labels, test_features, test_labels):
    """Accuracy of labelling each test point with the class whose training mean is nearest."""
    means = class_means(train_features, train_labels)
    return float((nearest_class_mean(test_features, means) == test_labels).mean())


ncm_pixels = nearest_class_mean_accuracy(X_some_train.reshape(n_means, -1), y_some_train, pixels_test, y_test)
ncm_dense = nearest_class_mean_accuracy(dense_train, y_some_train, dense_test, y_test)
assert dense_train.shape == (10000, 1024)
assert 0.7 < ncm_pixels < 0.9 and ncm_dense > 0.97 and ncm_dense - ncm_pixels > 0.1
print("Nearest class mean: below 90% on raw pixels, above 97% on the dense layer's activations.")

# %%
# NBVAL_IGNORE_OUTPUT
print(f"nearest-class-mean accuracy: raw pixels {ncm_pixels:.1%}, dense layer {ncm_dense:.1%}")

# %% [markdown]
# Notice the size of the gap: in pixel space, a digit's distance to the class means is dominated by
# where its ink happens to be; the dense layer has mapped each class to a compact cluster, so that
# even the simplest classifier gets almost every test digit right. Learning such a *representation*
# is what the convolution and dense layers were trained to do.
#
# ## How robust is it? Shifts, rotations and noise
# A convolution detects a pattern wherever it is (shift the input, and its maps shift along), and
# max pooling keeps the strongest response in each 2×2 block whatever its exact position. Does
# that make the whole network *invariant*, unaffected, to shifts? Test it: take 2,000 test digits,
# distort them in three ways and measure the accuracy at each strength.
#
# - *shift*: move each digit by 0 to 4 pixels in a random direction (up, down, left or right),
#   filling with black;
# - *rotation*: rotate about the image centre by 0 to 30 degrees (bilinear interpolation, with
#   TensorFlow's `ImageProjectiveTransformV3` op);
# - *noise*: add Gaussian noise with standard deviation 0 to 0.5, clipped to [0, 1].

# %%
rng = np.random.default_rng(SEED)
probe = rng.choice(len(X_test), size=2000, replace=False)
X_probe, y_probe = X_test[probe], y_test[probe]
directions = rng.integers(0, 4, size=len(probe))  # 0 right, 1 left, 2 down, 3 up


def shifted(images, pixels):
    """Move probe image k ``pixels`` pixels in direction ``directions[k]``; black comes in."""
    padded = np.pad(images, ((0, 0), (pixels, pixels), (pixels, pixels), (0, 0)))
    out = np.empty_like(images)
    mine = directions[:len(images)]
    for d, (dy, dx) in enumerate([(0, 1), (0, -1), (1, 0), (-1, 0)]):
        top, left = pixels - dy * pixels, pixels - dx * pixels
        out[mine == d] = padded[mine == d, top:top + 28, left:left + 28]
    return out


def rotated(images, degrees):
    """Rotate every image by ``degrees`` about its centre (bilinear, black outside)."""
    a = np.deg2rad(degrees)
    c, s, centre = np.cos(a), np.sin(a), 13.5
    # maps each output pixel (x, y) to the input pixel it comes from
    transform = [c, -s, centre - c * centre + s * centre, s, c, centre - s * centre - c * centre, 0, 0]
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images, transforms=tf.constant([transform], tf.float32), output_shape=[28, 28],
        fill_value=0.0, interpolation="BILINEAR", fill_mode="CONSTANT").numpy()


def noisy(images, sigma):
    """Add Gaussian noise of standard deviation ``sigma`` and clip to [0, 1]."""
    noise = np.random.default_rng(SEED).standard_normal(images.shape).astype(np.float32)
    return np.clip(images + sigma * noise, 0, 1)


def accuracy_on(images):
    return float((model.predict(images, batch_size=500, verbose=0).argmax(axis=1) == y_probe).mean())


shifts, angles, sigmas = [0, 1, 2, 3, 4], [0, 10, 20, 30], [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
acc_shift = [accuracy_on(shifted(X_probe, p)) for p in shifts]
acc_rotation = [accuracy_on(rotated(X_probe, d)) for d in angles]
acc_noise = [accuracy_on(noisy(X_probe, s)) for s in sigmas]
assert X_probe.shape == (2000, 28, 28, 1)
assert np.allclose(shifted(X_probe, 0), X_probe) and np.allclose(rotated(X_probe, 0), X_probe, atol=1e-6)
print(f"{len(X_probe)} probe digits; {len(shifts)} shifts, {len(angles)} angles, {len(sigmas)} noise levels")

# %%
fig, axes = plt.subplots(1, 3, figsize=(10, 3.1), sharey=True)
for ax, xs, acc, label in [(axes[0], shifts, acc_shift, "shift (pixels)"),
                           (axes[1], angles, acc_rotation, "rotation (degrees)"),
                           (axes[2], sigmas, acc_noise, "noise standard deviation")]:
    ax.plot(xs, np.array(acc) * 100, "o-")
    ax.set_xlabel(label)
    ax.set_title(f"Accuracy vs {label.split(' ')[0]}")
    ax.set_xticks(xs)
    ax.grid(alpha=0.3)
axes[0].set_ylabel("accuracy on 2,000 test digits (%)")
plt.show()

# %%
k = int(np.flatnonzero(y_probe != 1)[0])  # a digit with more to see than a 1
one = X_probe[k:k + 1]
examples = np.concatenate([shifted(X_probe[:k + 1], p)[k:] for p in shifts[1:]]
                          + [rotated(one, d) for d in angles[1:]] + [noisy(one, s) for s in (0.3, 0.5)])
plots.plot_image_grid(examples, titles=[f"shift {p}" for p in shifts[1:]] + [f"{d} deg" for d in angles[1:]]
                      + ["noise 0.3", "noise 0.5"], ncols=9, cell_inches=1.05, vmin=0, vmax=1,
                      suptitle="One probe digit under each distortion")
plt.show()

# %%
assert acc_shift[1] > 0.95 and acc_shift[2] > 0.9 and acc_shift[4] < 0.85
assert acc_rotation[1] > 0.97 and acc_rotation[3] < acc_rotation[0] - 0.03
assert acc_noise[2] > 0.97 and acc_noise[5] < 0.9
print("shift 1 px: above 95%; 2 px: above 90%; 4 px: below 85%")
print("rotation 10 deg: above 97%; 30 deg: at least 3 points lower than without rotation")
print("noise sigma 0.2: above 97%; sigma 0.5: below 90%")

# %%
# NBVAL_IGNORE_OUTPUT
print("shift    ", {p: f"{a:.1%}" for p, a in zip(shifts, acc_shift, strict=True)})
print("rotation ", {d: f"{a:.1%}" for d, a in zip(angles, acc_rotation, strict=True)})
print("noise    ", {s: f"{a:.1%}" for s, a in zip(sigmas, acc_noise, strict=True)})

# %% [markdown]
# What pooling bought, and what it did not:
#
# - **Small shifts are nearly free.** At 1 pixel the accuracy stays above 95% (and at 2 pixels above
#   90%). The convolutions move their maps along with the digit, and two 2×2 max-pools absorb part
#   of the movement.
# - **Large shifts are not.** At 4 pixels the accuracy falls below 85%. After two poolings each cell
#   of the 7×7 `pool2` grid covers 4×4 input pixels, so a 4-pixel shift moves every feature into a
#   neighbouring cell, and the dense layer, which has one weight per cell, was rarely trained on
#   features there (every MNIST digit was centred by its centre of mass). Invariance to large
#   shifts comes from data (*augmentation*: training on shifted copies) or from global pooling,
#   not from two small pools.
# - **Rotation** is not built in at all: the kernels have one orientation each. Up to 10 degrees,
#   which handwriting already varies by, accuracy stays above 97%; at 30 degrees it has dropped by
#   at least 3 points.
# - **Noise** is tolerated up to a standard deviation of 0.2 (above 97%); by 0.5 the accuracy is
#   below 90%. The first layer's smooth kernels average out some of it, but never saw noise in training.
#
# ## Summary
# - Training turned conv1's random 5×5 kernels into smoother, stronger ones; at least 10 of the 32
#   correlate with a Sobel-like edge detector (edge score above 0.5), far more than at initialisation.
# - Each conv2 filter has 5×5×32 = 800 weights and mixes a few first-layer channels; its units see
#   14×14 input pixels, and its favourite patches are larger shapes such as arcs and loops.
# - Feature maps shrink from 28×28×32 to 7×7×64 through the two stages while the receptive field
#   grows from 5 to 16 pixels.
# - Gradient ascent on the input draws a recognisable digit for many class logits, and the network
#   classifies each of the ten built images as its target class.
# - Saliency, occlusion and Grad-CAM point at the strokes that decide; for mistakes they show which
#   strokes misled the network.
# - The dense layer's space separates the classes: nearest class mean is above 97% there and below
#   90% on raw pixels. The network shrugs off 1-pixel shifts (above 95%) but not 4-pixel ones (below 85%).
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. How many weights (without the bias) does one filter of `conv2` hold?
# 2. How wide, in input pixels, is the receptive field of one `pool2` unit? Work it out from the
#    sizes above (each pool adds one conv2 step: 2 pixels), then check with `receptive_field`.
# 3. Which `conv1` channel responds most strongly *on average* (mean over its 28×28 map) to
#    test digit 0, the 7 of the feature-map figures? Use `maps["conv1"]`, of shape (1, 28, 28, 32).
#    Is that channel one of the edge detectors (edge score above 0.5)?
# 4. Run `grad_cam` with `layer_name="conv1"` on the four correctly classified digits and compare
#    with conv2. Why is the conv1 map sharper, and why does it tell classes apart worse?
#    (Try the same digit with two different class indices.)
# 5. (Open) The robustness probe shows that large shifts hurt. Train a fresh `build_cnn()` for
#    one epoch (as in notebook 04) on training digits randomly shifted by up to 4 pixels, and
#    measure the shift accuracies again with `accuracy_on(shifted(X_probe, p))`. What did the
#    augmentation cost on unshifted digits?

# %%
answer_1 = ...  # weights in one conv2 filter
answer_2 = ...  # receptive field of a pool2 unit, in pixels
answer_3 = ...  # conv1 channel with the largest mean response to test digit 0

print(check("Exercise 1", answer_1, int(np.prod(kernels2.shape[:3]))))
print(check("Exercise 2", answer_2, receptive_field(model, "pool2").size))
print(check("Exercise 3", answer_3, int(maps["conv1"][0].mean(axis=(0, 1)).argmax())))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# ```python
# # 1: a 5x5 window over 32 input channels
# answer_1 = 5 * 5 * 32                     # 800
# # 2: conv2 units see 14 pixels; pool2 combines 2 neighbouring conv2 units, 2 input pixels apart
# answer_2 = 14 + 2                         # 16, = receptive_field(model, "pool2").size
# # 3: average each of the 32 maps over its rows and columns, then take the largest
# answer_3 = int(maps["conv1"][0].mean(axis=(0, 1)).argmax())
# print(f"edge score of channel {answer_3}: {edge_score[answer_3]:.2f}")
#
# # 4: conv1 maps are 28x28 and each unit sees only 5x5 pixels, so the map follows the strokes
# # closely; but conv1 is far from the output, and its features (edges) are shared by all digits,
# # so the maps for two different classes look alike.
# images = X_test[shown_correct]
# cam1 = grad_cam(model, images, pred_test[shown_correct], layer_name="conv1")
# cam1_other = grad_cam(model, images, (pred_test[shown_correct] + 1) % 10, layer_name="conv1")
# plots.plot_image_grid(np.concatenate([cam1, cam1_other]), ncols=4, suptitle="conv1 Grad-CAM")
# plt.show()
# ```
#
# 5: train with a `tf.data` map that pads each image by 4 pixels and crops a random 28×28 window
# (`tf.image.random_crop`); the accuracy at 4 pixels rises a lot, at little or no cost on
# unshifted digits.
# </details>
#
# ## Further reading
# - M. D. Zeiler and R. Fergus, [Visualizing and Understanding Convolutional Networks](https://arxiv.org/abs/1311.2901)
#   (2013): top-activating patches and occlusion sensitivity.
# - K. Simonyan, A. Vedaldi and A. Zisserman, [Deep Inside Convolutional Networks](https://arxiv.org/abs/1312.6034)
#   (2013): gradient saliency and class-model visualisation.
# - R. R. Selvaraju et al., [Grad-CAM](https://arxiv.org/abs/1610.02391) (2017).
# - C. Olah, A. Mordvintsev and L. Schubert, [Feature Visualization](https://distill.pub/2017/feature-visualization/)
#   (Distill, 2017): activation maximisation and its regularisers.
# - F. Chollet, [Deep Learning with Python, chapter 9](https://www.manning.com/books/deep-learning-with-python-second-edition):
#   interpreting what convnets learn, with Keras.
