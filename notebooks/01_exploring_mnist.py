# %% [markdown]
# # Exploring MNIST
#
# Look closely at the digits before any network sees them, and prepare them the way the network expects.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/01_exploring_mnist.ipynb)
#
# ## What you will learn
# - What the MNIST arrays hold: their shapes, types, value ranges and size in memory.
# - How balanced the ten classes are, what an "average" digit looks like, and which pixels never carry ink.
# - Why pixels are scaled to floats in [0, 1], and why labels can be integers or *one-hot* vectors.
# - Why a *validation set* is carved out of the training data while the test set stays untouched.
# - Which digits look alike, seen through a 2-D projection (PCA), and how batches reach the network (`tf.data`).

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
from helpers.projections import nearest_class_mean, principal_components
from helpers.training import make_dataset, split_train_validation, to_model_input

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, NumPy {np.__version__}; random seed {SEED}")

# %% [markdown]
# ## Load the data and check what you got
# `load_mnist()` returns two pairs of NumPy arrays: the training images and labels, and the test
# images and labels. Before doing anything with an array, look at its *shape* (how many entries
# along each axis), its *dtype* (the type of each entry) and its range of values. Its size in
# memory is `array.nbytes`; here 1 MB means 1,000,000 bytes.

# %%
(x_train, y_train), (x_test, y_test) = load_mnist()

for name, array in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
    print(f"{name:8s} shape {str(array.shape):15s} dtype {str(array.dtype):6s} "
          f"values {array.min()}..{array.max():<4d} {array.nbytes / 1e6:6.2f} MB")
total_mb = sum(a.nbytes for a in (x_train, y_train, x_test, y_test)) / 1e6
print(f"total: {total_mb:.2f} MB")

assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
assert all(a.dtype == np.uint8 for a in (x_train, y_train, x_test, y_test))
assert (x_train.min(), x_train.max(), y_train.min(), y_train.max()) == (0, 255, 0, 9)
assert x_train.nbytes == 60000 * 28 * 28 == 47_040_000  # one byte per pixel
assert round(total_mb, 1) == 55.0

# %% [markdown]
# Every array is `uint8`: unsigned 8-bit integers, one byte each, holding 0 to 255. The 60,000
# training images take 47.04 MB, and all four arrays together about 55 MB, so the whole data set
# fits comfortably in memory.
#
# ## Look at the digits
# Numbers alone hide a lot, so draw some images. Here are the first 20 training images with their
# labels:

# %%
fig = plots.plot_image_grid(x_train[:20], [f"label {label}" for label in y_train[:20]], ncols=10,
                            suptitle="The first 20 training images")
plt.show()

# %% [markdown]
# One row per class shows how differently people write the same digit. Each row below holds the
# first ten training images of one class:

# %%
first_ten = np.concatenate([np.flatnonzero(y_train == k)[:10] for k in range(10)])
titles = [f"class {y_train[i]}" if n % 10 == 0 else "" for n, i in enumerate(first_ten)]
assert (y_train[first_ten] == np.repeat(np.arange(10), 10)).all()
fig = plots.plot_image_grid(x_train[first_ten], titles, ncols=10, cell_inches=0.8,
                            suptitle="The first ten training images of each class (one row per class)")
plt.show()

# %% [markdown]
# Notice the variety inside a row: slanted and upright 1s, 7s with and without a bar, 4s open and
# closed at the top. A classifier has to treat all of them alike.
#
# ## An image is a grid of numbers
# To the computer, an image is nothing but a 28×28 table of integers: 0 is black (no ink), 255 is
# white (full ink). Here is training image 0, printed with `.` for the zeros so the 5 stands out:

# %%
image = x_train[0]
for row in image:
    print("".join(f"{v:4d}" if v else "   ." for v in row))
assert image.shape == (28, 28) and y_train[0] == 5

# %% [markdown]
# A close-up of part of the stroke, with each pixel's value written on it:

# %%
rows, cols = slice(4, 16), slice(12, 24)
patch = image[rows, cols]
ax = plots.plot_array_values(patch, title="Training image 0, rows 4-15 and columns 12-23", vmin=0, vmax=255)
ax.set_xticks(range(12), [str(c) for c in range(12, 24)])  # label with the full image's indices
ax.set_yticks(range(12), [str(r) for r in range(4, 16)])
plt.show()

# %%
inked, grey, full = patch > 0, (patch > 0) & (patch < 253), patch >= 253
background = np.pad(patch == 0, 1)  # padded so every pixel has four neighbours
next_to_background = background[:-2, 1:-1] | background[2:, 1:-1] | background[1:-1, :-2] | background[1:-1, 2:]
print(f"inked pixels in the patch: {inked.sum()}, of which greys (1 to 252): {grey.sum()}")
print(f"near-white pixels (253 or more) that border a 0: {(full & next_to_background).sum()} of {full.sum()}")
assert (inked.sum(), grey.sum(), full.sum()) == (72, 50, 22)
assert (full & next_to_background).sum() == 1

# %% [markdown]
# Notice that the edge of a stroke is not sharp: 50 of the 72 inked pixels in this patch are
# greys, and only one of the 22 near-white pixels at the centre of the stroke borders the black
# background directly (left, right, above or below); everywhere else greys lie in between. The
# digits were anti-aliased when they were scaled to fit the frame.
#
# ## Count the digits of each class
# If one class were much rarer than the others, a network could reach a good accuracy while
# neglecting it, and accuracy alone would hide that. `np.bincount` counts how often each label occurs.

# %%
train_counts = np.bincount(y_train, minlength=10)
test_counts = np.bincount(y_test, minlength=10)
fig, (ax_train, ax_test) = plt.subplots(1, 2, figsize=(10, 3.2))
plots.plot_counts(train_counts, title="Training set (60,000 images)", xlabel="digit", ax=ax_train)
plots.plot_counts(test_counts, title="Test set (10,000 images)", xlabel="digit", ax=ax_test)
fig.tight_layout()
plt.show()

# %%
print("train:", train_counts.tolist())
print("test: ", test_counts.tolist())
assert train_counts.sum() == 60000 and test_counts.sum() == 10000
assert test_counts[1] == 1135 and test_counts[5] == 892
assert train_counts.argmax() == 1 and train_counts.max() == 6742
assert train_counts.argmin() == 5 and train_counts.min() == 5421
assert 0.09 < (train_counts / 60000).min() and (train_counts / 60000).max() < 0.12

# %% [markdown]
# The classes are close to balanced: every digit is between 9% and 12% of the training set. The
# most common is 1 (6,742 training images), the rarest 5 (5,421). The test set follows the same
# pattern, with 1,135 ones and 892 fives. Plain accuracy is therefore a fair summary of a
# classifier on MNIST.
#
# ## Scale the pixels to [0, 1]
# How are the 256 possible values used? A *histogram* counts how many pixels take each value.

# %%
pixel_counts = np.bincount(x_train.ravel(), minlength=256)
values = np.arange(256)
n_pixels = pixel_counts.sum()
fraction_zero = pixel_counts[0] / n_pixels
fraction_full = pixel_counts[255] / n_pixels
pixel_mean = (values * pixel_counts).sum() / n_pixels / 255
pixel_std = np.sqrt(((values / 255 - pixel_mean) ** 2 * pixel_counts).sum() / n_pixels)

fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(values, pixel_counts, width=1.0, color="tab:blue")
ax.set_yscale("log")
ax.set_title("Pixel values over all 60,000 training images")
ax.set_xlabel("pixel value (0 = black, 255 = white)")
ax.set_ylabel("number of pixels (log scale)")
plt.show()

# %%
print(f"exactly 0:   {fraction_zero:.1%} of all pixels")
print(f"exactly 255: {fraction_full:.1%}")
peak_ink = int(pixel_counts[1:].argmax()) + 1  # the most common non-zero value
print(f"most common non-zero value: {peak_ink}")
print(f"mean {pixel_mean:.4f}, standard deviation {pixel_std:.4f} (on the [0, 1] scale)")
assert round(fraction_zero, 3) == 0.809 and round(fraction_full, 3) == 0.007 and peak_ink == 253
assert round(pixel_mean, 4) == 0.1307 and round(pixel_std, 4) == 0.3081

# %% [markdown]
# Notice the two peaks: 80.9% of all pixels are exactly 0 (background), and a second peak sits just
# below white, at 253 to 255 (only 0.7% of pixels are exactly 255): the centres of the strokes. In
# between lies a thin spread of greys, the stroke edges.
#
# A network learns by nudging its weights by small steps. Its initial weights and usual learning
# rates are chosen for inputs of roughly unit size, so inputs from 0 to 255 would make the first
# layer's outputs, and the steps, hundreds of times too large. Dividing by 255 maps every pixel
# into [0, 1]. The result must also be a float, because integer arithmetic has two traps:
# `uint8` wraps around instead of going past 255, and integer division throws away the fraction.

# %%
a, b = np.array([200], dtype=np.uint8), np.array([100], dtype=np.uint8)
print(f"uint8:   200 + 100 = {(a + b)[0]}   (wrapped around: 300 - 256)")
print(f"integer: 200 // 255 = {(a // 255)[0]}")
print(f"float32: 200 / 255 = {a.astype(np.float32)[0] / 255:.4f}")
assert (a + b)[0] == 44 and (a // 255)[0] == 0

# %% [markdown]
# *float32* (4 bytes a number) is the type TensorFlow computes in by default. Its precision is
# more than enough for 256 grey levels; the price is memory: each pixel now takes four bytes instead of one.
# `helpers.training.to_model_input` does the conversion for whole arrays, and also adds the
# *channel* axis that convolution layers expect: an image of shape (28, 28, 1) has one colour
# channel, where a colour photo would have three.

# %%
x_train_float = x_train.astype(np.float32) / 255  # (60000, 28, 28), used for the statistics below
x_model = to_model_input(x_train)  # what the network gets: (60000, 28, 28, 1)
print(f"uint8:   {x_train.shape}    {x_train.nbytes / 1e6:7.2f} MB")
print(f"float32: {x_model.shape} {x_model.nbytes / 1e6:7.2f} MB, values {x_model.min()}..{x_model.max()}")
assert x_model.shape == (60000, 28, 28, 1) and x_model.dtype == np.float32
assert (x_model.min(), x_model.max()) == (0.0, 1.0)
assert x_model.nbytes == 4 * x_train.nbytes and round(x_model.nbytes / 1e6, 2) == 188.16
np.testing.assert_array_equal(x_model[..., 0], x_train_float)
del x_model  # free the memory; the pipeline at the end of this notebook converts batch by batch

# %% [markdown]
# The scaled training set takes 188.16 MB instead of 47.04 MB. That still fits in memory here,
# but it is why the input pipeline at the end of this notebook stores `uint8` and converts one
# batch at a time. Another common choice is to *standardise*: subtract the mean (0.1307) and
# divide by the standard deviation (0.3081). For MNIST, plain [0, 1] scaling works as well.
#
# ## Look at the average digit
# Averaging all images of a class, pixel by pixel, gives its *mean image*: the ink that the
# typical 3 puts where.

# %%
class_means = np.stack([x_train_float[y_train == k].mean(axis=0) for k in range(10)])
assert class_means.shape == (10, 28, 28)
fig = plots.plot_image_grid(class_means, [f"mean {k}" for k in range(10)], ncols=10, vmin=0, vmax=1,
                            suptitle="Mean training image of each class")
plt.show()

# %% [markdown]
# Each mean is a blurry but recognisable digit, because MNIST digits are centred and scaled to the
# same size.
#
# Which pixels matter at all? The *standard deviation* of a pixel over the training set measures
# how much it varies from image to image. A pixel that is 0 in every image varies not at all, and
# can tell a classifier nothing.

# %%
pixel_std_map = x_train_float.std(axis=0)
fraction_inked = (x_train > 0).mean(axis=0)  # per pixel: the share of images with any ink there
always_zero = (x_train == 0).all(axis=0)
rarely_inked = fraction_inked < 0.01

fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
panels = [(pixel_std_map, "Standard deviation per pixel", "std (0-1 scale)"),
          (fraction_inked, "Share of images with ink", "share of images"),
          (always_zero.astype(float), "Zero in all 60,000 images", "1 = always zero")]
for ax, (data, title, label) in zip(axes, panels, strict=True):
    shown = ax.imshow(data, cmap="gray")
    fig.colorbar(shown, ax=ax, shrink=0.8, label=label)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
fig.tight_layout()
plt.show()

# %%
print(f"pixels that are 0 in every training image: {always_zero.sum()} of 784")
print(f"pixels with ink in fewer than 1% of the images: {rarely_inked.sum()} of 784")
assert always_zero.sum() == 67 and rarely_inked.sum() == 291
assert not always_zero[6:22, 6:22].any()  # the centre always carries ink somewhere

# %% [markdown]
# Exactly 67 of the 784 pixels are 0 in every one of the 60,000 training images, all near the
# border, and 291 carry ink in fewer than 1% of the images. The information sits in the middle of
# the frame. A convolution layer does not mind these dead pixels: it applies the same small filter
# everywhere, so it wastes no parameters on them.
#
# ## Find the hard examples
# Some digits are written so unusually that even a person hesitates. One simple way to find them
# is to measure each image's *Euclidean distance* to the mean image of its class: the square root
# of the summed squared pixel differences. The top row shows the most typical image of each class
# (the nearest to its mean), the bottom row the least typical (the farthest).

# %%
typical, unusual, average_distance = [], [], []
for k in range(10):
    members = np.flatnonzero(y_train == k)
    distance = np.sqrt(((x_train_float[members] - class_means[k]) ** 2).sum(axis=(1, 2)))
    typical.append(members[distance.argmin()])
    unusual.append(members[distance.argmax()])
    average_distance.append(distance.mean())
ink = x_train_float.sum(axis=(1, 2))  # total ink per image, on the [0, 1] scale
mean_ink = np.array([ink[y_train == k].mean() for k in range(10)])
shown = typical + unusual
titles = [f"typical {y_train[i]}" for i in typical] + [f"unusual {y_train[i]}" for i in unusual]
assert (y_train[unusual] == np.arange(10)).all()
assert np.argmin(average_distance) == 1  # 1s lie closest to their mean, on average
assert np.argmin(mean_ink) == 1  # ... and 1s use the least ink of all classes
assert np.corrcoef(mean_ink, average_distance)[0, 1] > 0.9  # more ink, farther from the mean
fig = plots.plot_image_grid(x_train[shown], titles, ncols=10,
                            suptitle="Nearest to (top) and farthest from (bottom) the class mean")
plt.show()

# %% [markdown]
# Notice that the farthest images are thick, rotated, off-centre or just odd; some you might label
# differently yourself. Every data set of hand-labelled images holds a few of these, and no model
# should be expected to get all of them right. On average, the 1s lie closest to their class mean.
# That does not mean people write 1s more alike: this distance grows with the amount of ink in an
# image, and 1s use the least ink of all ten classes, so they have the least to differ in. Across
# the ten classes, average ink and average distance rise together: their correlation coefficient
# is above 0.9, where 1 would mean they lie exactly on a rising straight line.
#
# ## Labels: integers or one-hot vectors
# Each label is an integer from 0 to 9. The original TensorFlow 1 tutorial stored labels
# *one-hot* instead: a vector of ten numbers, all 0 except a 1 at the position of the class. Row
# `k` of the 10×10 identity matrix, `np.eye(10)[k]`, is the one-hot vector of class `k`;
# `keras.utils.to_categorical` gives the same.

# %%
labels = y_train[:5]
one_hot = np.eye(10, dtype=np.float32)[labels]
print("integer labels:", labels)
print("one-hot labels:")
print(one_hot.astype(int))
np.testing.assert_array_equal(keras.utils.to_categorical(labels, num_classes=10), one_hot)
assert (one_hot.argmax(axis=1) == labels).all() and one_hot.shape == (5, 10)
print(f"all training labels: integers {y_train.nbytes / 1e6:.2f} MB, "
      f"one-hot float32 {np.eye(10, dtype=np.float32)[y_train].nbytes / 1e6:.2f} MB")
assert np.eye(10, dtype=np.float32)[y_train].nbytes == 40 * y_train.nbytes

# %% [markdown]
# Both forms carry the same information; `argmax` turns one-hot back into integers. The
# integers are 40 times smaller (1 byte against 10 × 4 bytes per label).
#
# The network outputs ten *logits*, unbounded scores, one per class; the *softmax* function turns
# them into probabilities. The *cross-entropy* loss is minus the log of the probability given to
# the true class: 0 for a confident right answer, large for a confident wrong one. Keras has one
# loss per label format, and `from_logits=True` tells it to apply the softmax itself, in the
# numerically stable way:
#
# - `keras.losses.SparseCategoricalCrossentropy` expects integer labels, shape `(n,)`;
# - `keras.losses.CategoricalCrossentropy` expects one-hot labels, shape `(n, 10)`.
#
# On the same four examples, both give the same loss, and so does the formula written out in NumPy:

# %%
logits = np.array([[4.0, 1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],   # confident and right (0)
                   [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],    # undecided
                   [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 5.0],    # confident and wrong: says 9
                   [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0]],   # right (7)
                  dtype=np.float32)
int_labels = np.array([0, 3, 4, 7])
sparse_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(int_labels, logits)
dense_loss = keras.losses.CategoricalCrossentropy(from_logits=True)(np.eye(10, dtype=np.float32)[int_labels], logits)

log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))  # log of softmax
by_hand = -log_probs[np.arange(4), int_labels]
print("loss per example (NumPy):", np.round(by_hand, 2))
print(f"mean: sparse {float(sparse_loss):.3f}, one-hot {float(dense_loss):.3f}, NumPy {by_hand.mean():.3f}")
assert np.isclose(float(sparse_loss), float(dense_loss), atol=1e-6)
assert np.isclose(float(sparse_loss), by_hand.mean(), atol=1e-5)
assert by_hand.argmax() == 2 and by_hand.argmin() == 0 and np.isclose(by_hand[1], np.log(10))
assert by_hand[2] > 2 * by_hand[1]

# %% [markdown]
# Notice that the confident wrong answer (example 2) costs more than twice as much as the undecided
# one (example 1, loss ln 10 ≈ 2.30, a uniform guess over ten classes). This series keeps the integer labels and uses
# `SparseCategoricalCrossentropy(from_logits=True)`; notebook 03 shows why the old tutorial's
# hand-written softmax-then-log is risky.
#
# ## Set a validation set aside
# You will tune choices such as the learning rate or the number of epochs by looking at a score.
# If that score came from the test set, you would slowly fit your choices to those 10,000
# images, and the final test accuracy would be optimistic. So you carve a *validation set* out of
# the training data, use it for every decision, and touch the test set once, at the very end, to
# report how the finished model does on digits it has never influenced.
#
# `split_train_validation` shuffles the 60,000 training images once, with a seed, and keeps
# 5,000 for validation. With seed 42 it is the same split notebook 04 trains on.

# %%
(x_tr, y_tr), (x_va, y_va) = split_train_validation(x_train, y_train, validation_size=5000, seed=SEED)
print(f"training:   {x_tr.shape}, validation: {x_va.shape}, test: {x_test.shape} (untouched)")
val_counts = np.bincount(y_va, minlength=10)
print("validation class counts:", val_counts.tolist())
assert len(x_tr) == 55000 and len(x_va) == 5000 and len(y_tr) == 55000
assert np.array_equal(np.bincount(y_tr, minlength=10) + val_counts, train_counts)
assert 0.08 < (val_counts / 5000).min() and (val_counts / 5000).max() < 0.12

# %% [markdown]
# A random split keeps the class shares close to those of the full training set: every class
# makes up 8% to 12% of the 5,000 validation images.
#
# ## See the data in two dimensions with PCA
# Each image is a point in a 784-dimensional space, one axis per pixel. You cannot draw that, but
# *principal component analysis* (PCA) finds the directions along which the images vary most.
# Projecting onto the first two gives the most faithful flat picture a straight projection can.
#
# PCA in four lines of NumPy, on 5,000 training images: subtract the mean image (*centre* the
# data), then the *singular value decomposition* (SVD) `X = U S Vᵀ` gives the directions as the
# rows of `Vᵀ`, the *principal components*. The share of the total variance along component `i`
# is `S[i]² / sum(S²)`: its *explained variance*.

# %%
X = x_tr[:5000].reshape(5000, 784).astype(np.float32) / 255  # one row per image
labels_pca = y_tr[:5000]
mean_image = X.mean(axis=0)
_, S, Vt = np.linalg.svd(X - mean_image, full_matrices=False)
explained = S**2 / (S**2).sum()
Z = (X - mean_image) @ Vt[:2].T  # each image's coordinates along the first two components
assert Vt.shape == (784, 784) and Z.shape == (5000, 2)
# helpers.projections.principal_components is these lines, kept for notebook 05:
assert np.allclose(principal_components(X)[2][:2], explained[:2], atol=1e-5)

# %%
# NBVAL_IGNORE_OUTPUT
components_90 = int(np.searchsorted(np.cumsum(explained), 0.90)) + 1
print(f"explained variance, components 1 and 2: {explained[0]:.4f} + {explained[1]:.4f} = {explained[:2].sum():.4f}")
print(f"components needed for 90% of the variance: {components_90}")

# %%
assert 0.15 < explained[:2].sum() < 0.19
assert 75 < components_90 <= 95
fig = plots.plot_class_scatter(Z, labels_pca, title="5,000 training images, projected on 2 principal components",
                               xlabel="component 1", ylabel="component 2", size=3)
plt.show()

# %% [markdown]
# The first two components keep only about 17% of the variance (between 15% and 19%), and it
# takes more than 75 components to keep 90%, so this picture squashes a lot. Still, 0s and 1s sit at
# opposite ends of component 1, while 4, 7 and 9 pile up on top of each other (their class labels,
# drawn at each class's centre, overlap).
#
# What are the two directions? Each is an image-shaped pattern of weights; a digit's coordinate
# is its pixels weighted by that pattern. Red pixels push the coordinate up, blue ones down:

# %%
fig = plots.plot_signed_grid(Vt[:2].reshape(2, 28, 28), ["component 1", "component 2"], ncols=2,
                             cell_inches=2.2, suptitle="The first two principal components")
plt.show()

# %% [markdown]
# Component 1 contrasts ink in a ring (a 0) with ink down the middle (a 1). Component 2 is harder
# to read as a picture, but the scatter shows what it does: it puts 4, 7 and 9 at one end and 1, 2
# and 3 at the other. (The sign of a component is arbitrary: another machine may draw it with red
# and blue swapped, and the scatter mirrored.)
#
# Digits whose class centres lie close together in this picture are candidates for confusion. The
# *centroid* of a class is the mean of its points; the next cell ranks pairs of classes by the
# distance between their centroids.

# %%
centroids_2d = np.stack([Z[labels_pca == k].mean(axis=0) for k in range(10)])
gaps = np.linalg.norm(centroids_2d[:, None] - centroids_2d[None], axis=-1)  # (10, 10)
pairs = sorted((gaps[i, j], i, j) for i in range(10) for j in range(i + 1, 10))
print("closest centroids:", ", ".join(f"{i}-{j}" for _, i, j in pairs[:4]))
print("farthest:", f"{pairs[-1][1]}-{pairs[-1][2]}")
assert {(i, j) for _, i, j in pairs[:2]} == {(7, 9), (4, 9)}
assert pairs[-1][1:] == (0, 1)
assert {centroids_2d[:, 0].argmin(), centroids_2d[:, 0].argmax()} == {0, 1}  # the two ends of component 1
side = np.sign(centroids_2d[:, 1])  # which end of component 2 each class's centre lies on
assert side[4] == side[7] == side[9] == -side[2] == -side[3]
order_2 = np.argsort(centroids_2d[:, 1])  # classes from one end of component 2 to the other
ends_2 = {frozenset(order_2[:3].tolist()), frozenset(order_2[-3:].tolist())}
assert ends_2 == {frozenset({4, 7, 9}), frozenset({1, 2, 3})}  # either sign of the component

# %% [markdown]
# In this view 9 sits closest to 7 and to 4, and 0 and 1 are the farthest apart. Whether a real
# classifier confuses the same digits is something you can check: a *nearest-class-mean*
# classifier gives each image the class whose mean image is nearest. It has nothing to learn
# beyond ten averages, so it makes a useful baseline. `helpers.projections.nearest_class_mean`
# does the distance arithmetic (notebook 05 uses it too). Score it on the validation set, in all
# 784 pixels and in the 2-D PCA picture:

# %%
X_va = x_va.reshape(-1, 784).astype(np.float32) / 255
means_784 = np.stack([x_tr[y_tr == k].reshape(-1, 784).mean(axis=0) / 255 for k in range(10)]).astype(np.float32)
pred_784 = nearest_class_mean(X_va, means_784)
pred_2d = nearest_class_mean((X_va - mean_image) @ Vt[:2].T, centroids_2d)
accuracy_784, accuracy_2d = (pred_784 == y_va).mean(), (pred_2d == y_va).mean()

mistakes = np.zeros((10, 10), dtype=int)
np.add.at(mistakes, (y_va, pred_784), 1)
np.fill_diagonal(mistakes, 0)
both_ways = mistakes + mistakes.T
worst = np.unravel_index(np.triu(both_ways).argmax(), both_ways.shape)

# %%
# NBVAL_IGNORE_OUTPUT
print(f"nearest class mean, 784 pixels: {accuracy_784:.2%} of the validation images right")
print(f"nearest class mean, 2-D PCA:    {accuracy_2d:.2%}")
print(f"most confused pair (784 pixels): {worst[0]} and {worst[1]}, {both_ways[worst]} mistakes both ways")

# %%
assert 0.80 < accuracy_784 < 0.84 and 0.40 < accuracy_2d < 0.48
assert set(worst) == {4, 9}
print(f"most confused pair (784 pixels): {min(worst)} and {max(worst)}")

# %% [markdown]
# With all 784 pixels, ten averages already get over 80% of the validation digits right; in the
# 2-D picture, fewer than half. The pair it confuses most often is 4 and 9, one of the two closest
# pairs in the PCA view. Keep these numbers in mind: the CNN of notebook 04 has to do much better
# than 80%, and that notebook's confusion matrix shows which digits it still mixes up.
#
# ## Preview the input pipeline
# During training, the network does not get all 55,000 images at once but *batches* of 128.
# `helpers.training.make_dataset` builds a `tf.data` pipeline that keeps the `uint8` images in
# memory, *shuffles* them (a new order every *epoch*, one pass over the data, fixed by the seed),
# cuts them into batches, and scales each batch to float32 in [0, 1] with a channel axis while
# the previous batch is being trained on. Here is its first batch:

# %%
train_ds = make_dataset(x_tr, y_tr, batch_size=128, shuffle=True, seed=SEED)
batch_images, batch_labels = next(iter(train_ds))
n_batches = int(train_ds.cardinality())
print(f"images: shape {tuple(batch_images.shape)}, dtype {batch_images.dtype.name}, "
      f"values {float(tf.reduce_min(batch_images))}..{float(tf.reduce_max(batch_images))}")
print(f"labels: shape {tuple(batch_labels.shape)}, dtype {batch_labels.dtype.name}")
print("first 16 labels:", batch_labels[:16].numpy().tolist())
print(f"batches per epoch: {n_batches} (the last one holds {len(x_tr) - 128 * (n_batches - 1)} images)")
assert batch_images.shape == (128, 28, 28, 1) and batch_images.dtype == tf.float32
assert batch_labels.shape == (128,) and batch_labels.dtype == tf.int32
assert float(tf.reduce_min(batch_images)) == 0.0 and float(tf.reduce_max(batch_images)) == 1.0
assert n_batches == 430 == int(np.ceil(55000 / 128))

# %%
fig = plots.plot_image_grid(batch_images[:16].numpy(), [f"label {v}" for v in batch_labels[:16].numpy()],
                            ncols=8, vmin=0, vmax=1, suptitle="The first 16 images of the first shuffled batch")
plt.show()

# %% [markdown]
# Notice that the labels are a shuffled mix of classes, and each one matches its picture: the
# images and labels were shuffled together. This is exactly what the network of notebook 04 eats.
#
# ## Summary
# - MNIST is four `uint8` arrays: 60,000 + 10,000 images of 28×28 pixels with values 0 to 255,
#   and their labels 0 to 9; 47.04 MB for the training images.
# - The ten classes are nearly balanced (1,135 ones and 892 fives in the test set), so accuracy is a fair score.
# - 80.9% of all pixels are background; 67 pixels are 0 in every training image, all near the border.
# - Pixels are scaled to float32 in [0, 1] (four times the memory: 188.16 MB), and labels stay
#   integers for `SparseCategoricalCrossentropy`, which gives the same loss as one-hot labels with
#   `CategoricalCrossentropy`.
# - 5,000 training images are held out for validation; the test set waits until the end.
# - In a 2-D PCA view (about 17% of the variance) 4, 7 and 9 overlap, and a nearest-class-mean
#   baseline gets over 80% of validation digits right, mixing up 4 and 9 most often.
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. How many training images show the digit 0?
# 2. How many pixels of training image 0 are exactly zero?
# 3. What shape do the one-hot labels of the whole test set, `np.eye(10)[y_test]`, have? (Answer with a tuple.)
# 4. How many MB (1 MB = 1,000,000 bytes) do the 10,000 test images take once converted with
#    `to_model_input`? Work it out from the shape and dtype before you check.
# 5. Repeat the centroid ranking in all 784 pixels instead of in 2-D: which two classes have the
#    closest mean images? Answer with a tuple `(smaller, larger)`. Is it one of the pairs the PCA
#    view suggested? (Open question: why can the two rankings differ?)

# %%
answer_1 = ...  # the number of 0s in y_train
answer_2 = ...  # the number of zero pixels in x_train[0]
answer_3 = ...  # the shape of np.eye(10)[y_test], as a tuple
answer_4 = ...  # MB of the test images as float32, shape (10000, 28, 28, 1)
answer_5 = ...  # the closest pair of class means in 784-D, as (smaller, larger)

gaps_784 = np.linalg.norm(means_784[:, None] - means_784[None], axis=-1) + np.diag(np.full(10, np.inf))
closest_784 = tuple(int(k) for k in sorted(np.unravel_index(gaps_784.argmin(), gaps_784.shape)))

print(check("Exercise 1", answer_1, int((y_train == 0).sum())))
print(check("Exercise 2", answer_2, int((x_train[0] == 0).sum())))
print(check("Exercise 3", answer_3, np.eye(10)[y_test].shape))
print(check("Exercise 4", answer_4, to_model_input(x_test).nbytes / 1e6, atol=0.01))
print(check("Exercise 5", answer_5, closest_784))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# ```python
# answer_1 = (y_train == 0).sum()                    # 5,923
# answer_2 = (x_train[0] == 0).sum()
# answer_3 = (10000, 10)                             # one row per image, one column per class
# answer_4 = 10000 * 28 * 28 * 1 * 4 / 1e6           # 4 bytes per float32: 31.36 MB
#
# gaps = np.linalg.norm(means_784[:, None] - means_784[None], axis=-1)
# np.fill_diagonal(gaps, np.inf)                     # a class is not its own neighbour
# answer_5 = tuple(sorted(np.unravel_index(gaps.argmin(), gaps.shape)))
# ```
#
# For exercise 5, the 2-D ranking only sees the two directions of largest variance; two classes
# can overlap there yet differ along directions that PCA dropped, or the other way round. Distances
# in 784 pixels use everything, but treat every pixel as equally important, which is not how a
# person (or a CNN) compares digits.
# </details>
#
# ## Further reading
# - Y. LeCun, C. Cortes, C. Burges, [The MNIST database of handwritten digits](https://yann.lecun.com/exdb/mnist/).
# - [Dive into Deep Learning, 4.2: The image classification dataset](https://d2l.ai/chapter_linear-classification/image-classification-dataset.html).
# - J. Shlens, [A tutorial on principal component analysis](https://arxiv.org/abs/1404.1100) (arXiv:1404.1100).
# - [TensorFlow guide: tf.data, build TensorFlow input pipelines](https://www.tensorflow.org/guide/data).
# - [Keras: probabilistic losses](https://keras.io/api/losses/probabilistic_losses/) (the two cross-entropies).
