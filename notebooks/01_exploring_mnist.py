# %% [markdown]
# # Exploring MNIST
#
# Look closely at the digits notebook 00's network learned from, and prepare them as a network expects.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/01_exploring_mnist.ipynb)

# %% [markdown]
# ## What you will learn
# - What the MNIST arrays hold: their shapes, types, value ranges and size in memory.
# - How balanced the ten classes are, what an "average" digit looks like, and which pixels never carry ink.
# - Why pixels are scaled to floats in [0, 1], and why labels can be integers or *one-hot* vectors.
# - Why a *validation set* is carved out of the training data while the test set stays untouched.
# - Which digits look alike in a 2-D projection (PCA), and how many a simple baseline classifier already gets right.

# %% [markdown]
# ## Setup
# As in every notebook: install `helpers` in Colab, then start TensorFlow and seed the random
# generators.

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
import matplotlib.pyplot as plt
import numpy as np

from helpers import plots
from helpers.data import load_mnist
from helpers.projections import principal_components
from helpers.training import SERIES_RECIPE, split_train_validation, to_model_input
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

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

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: what the text says about the arrays (click to open)
assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
assert all(a.dtype == np.uint8 for a in (x_train, y_train, x_test, y_test))
assert x_train.nbytes == 47_040_000 and round(sum(a.nbytes for a in (x_train, y_train, x_test, y_test)) / 1e6) == 55

# %% [markdown]
# Every array is `uint8`: unsigned 8-bit integers, one byte each, holding 0 to 255; in an image, as
# in notebook 00, 0 is background (drawn black) and 255 full ink (drawn white). The 60,000
# training images take 47.04 MB, and all four arrays together about 55 MB, so the whole data set
# fits comfortably in memory.

# %% [markdown]
# ## Look at the digits
# Each row below holds the first ten training images of one class:

# %%
first_ten = np.concatenate([np.flatnonzero(y_train == k)[:10] for k in range(10)])
titles = [f"class {y_train[i]}" if n % 10 == 0 else "" for n, i in enumerate(first_ten)]
plots.plot_image_grid(x_train[first_ten], titles, ncols=10, cell_inches=0.8,
                      suptitle="The first ten training images of each class (one row per class)")
plt.show()

# %% [markdown]
# Notice the variety inside a row: slanted and upright 1s, 7s with and without a bar, 4s open and
# closed at the top. A classifier has to treat all of them alike.

# %% [markdown]
# ## Count the digits of each class
# If one class were much rarer than the others, a network could reach a good accuracy while
# neglecting it, and accuracy alone would hide that. `np.bincount` counts how often each label occurs.

# %%
train_counts, test_counts = np.bincount(y_train, minlength=10), np.bincount(y_test, minlength=10)
fig, (ax_train, ax_test) = plt.subplots(1, 2, figsize=(10, 3.2))
plots.plot_counts(train_counts, title="Training set (60,000 images)", xlabel="digit", ax=ax_train)
plots.plot_counts(test_counts, title="Test set (10,000 images)", xlabel="digit", ax=ax_test)
fig.tight_layout()
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the class counts in the text (click to open)
assert (train_counts.argmax(), train_counts.max(), train_counts.argmin(), train_counts.min()) == (1, 6742, 5, 5421)
assert (test_counts[1], test_counts[5]) == (1135, 892)
assert 0.09 < train_counts.min() / 60000 < train_counts.max() / 60000 < 0.12

# %% [markdown]
# The classes are close to balanced: every digit is between 9% and 12% of the training set. The
# most common is 1 (6,742 training images), the rarest 5 (5,421); the test set has 1,135 ones and
# 892 fives. Plain accuracy is therefore a fair summary of a classifier on MNIST.

# %% [markdown]
# ## Scale the pixels to [0, 1]
# How are the 256 possible values used? A *histogram* counts how many pixels take each value.

# %%
pixel_counts = np.bincount(x_train.ravel(), minlength=256)
print(f"exactly 0: {pixel_counts[0] / pixel_counts.sum():.1%} of all pixels; "
      f"exactly 255: {pixel_counts[255] / pixel_counts.sum():.1%}")
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(np.arange(256), pixel_counts, width=1.0, color="tab:blue")
ax.set_yscale("log")
ax.set_title("Pixel values over all 60,000 training images")
ax.set_xlabel("pixel value (0 = background, drawn black; 255 = full ink, drawn white)")
ax.set_ylabel("number of pixels (log scale)")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the second peak and the three spikes of the histogram (click to open)
assert pixel_counts[1:].argmax() + 1 == 253 and pixel_counts[253] > 2 * pixel_counts[255]
greys = pixel_counts[1:253].sum()
assert round(100 * greys / pixel_counts.sum(), 1) == 13.5 and greys > pixel_counts[253:].sum()  # most of the ink
for v in (64, 128, 191):  # each at least twice as common as the mean of its two neighbours
    assert pixel_counts[v] > (pixel_counts[v - 1] + pixel_counts[v + 1]), v

# %% [markdown]
# Notice the two peaks: 80.9% of all pixels are exactly 0 (background), and a second peak sits just
# below white, highest at 253: the centres of the strokes. In between lie the greys of the stroke
# edges (*Going further* shows them in one digit): 13.5% of all pixels and most of the ink. Each grey
# value is rare (the log scale makes its bar look closer to the peaks than it is), but there are 252
# of them. They have narrow spikes at 64, 128 and 191 (a quarter, a half and three quarters of 255),
# of unknown cause.
#
# A network learns by nudging its weights in small steps, whose size its *learning rate* sets. Its
# first layer multiplies its inputs by weights and sums them, so pixels from 0 to 255 would make its
# outputs about 255 times larger than pixels in [0, 1] do, and each step of its weights would move
# them 255 times as far: the usual learning rates, chosen for inputs of about unit size, would take
# far too large steps. Dividing by
# 255 maps every pixel into [0, 1]. In NumPy, `/` on a `uint8` array already gives
# floats, but 8-byte *float64* ones: notebook 00's `prepare_images` gave float64, and Keras cast them
# to 4-byte *float32*, the type it computes in by default. Converting to float32 first, as the last
# line below does, gives the same values in half the memory. Other arithmetic on `uint8` arrays is a
# trap: adding or subtracting them wraps around instead of going past 255 or below 0.

# %%
a, b = np.array([200], dtype=np.uint8), np.array([100], dtype=np.uint8)
print(f"uint8:   200 + 100 = {(a + b)[0]}   (wrapped around: 300 - 256)")
print(f"uint8:   100 - 200 = {(b - a)[0]}  (wrapped around: -100 + 256)")
print(f"a / 255 = {(a / 255)[0]:.4f}, dtype {(a / 255).dtype}")
print(f"a.astype(np.float32) / 255 = {(a.astype(np.float32) / 255)[0]:.4f}, dtype {(a.astype(np.float32) / 255).dtype}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: float64 then float32 gives the same values as float32 first (click to open)
levels = np.arange(256, dtype=np.uint8)
assert (levels / 255).dtype == np.float64
assert np.array_equal((levels / 255).astype(np.float32), levels.astype(np.float32) / 255)

# %% [markdown]
# A float32 is far more precise than 256 grey levels need. `helpers.training.to_model_input`
# converts whole arrays this way and adds the *channel* axis of notebook 00: shape (28, 28, 1), one
# grey channel, where a colour photo would have three.

# %%
x_model = to_model_input(x_train)
print(f"uint8:   {x_train.shape}    {x_train.nbytes / 1e6:7.2f} MB")
print(f"float32: {x_model.shape} {x_model.nbytes / 1e6:7.2f} MB, values {x_model.min()}..{x_model.max()}")
x_train_float = x_model[..., 0]  # (60000, 28, 28) floats, for the statistics below

# %% [markdown]
# The scaled training set takes four times the memory, 188.16 MB instead of 47.04 MB. It still
# fits here, but this is why notebook 05's input pipeline stores `uint8` and converts one batch at
# a time.

# %% [markdown]
# ## Look at the average digit
# Averaging all images of a class, pixel by pixel, gives its *mean image*: where the typical 3 puts
# its ink. Which pixels matter at all? A pixel that is 0 in every image can tell a classifier nothing.

# %% [markdown]
# **Your turn (01.a).** Complete `class_mean_images`: average the images of each class `k`
# (`labels == k` selects them) and stack the ten means into one NumPy array.

# %%
def class_mean_images(images, labels):
    """The mean image of each class 0-9, shape (10,) + one image's shape."""
    ### BEGIN SOLUTION
    return np.stack([images[labels == k].mean(axis=0) for k in range(10)])
    ### END SOLUTION


# %%
class_mean_images = your_turn("01.a", class_mean_images)
class_means = class_mean_images(x_train_float, y_train)
always_zero = (x_train == 0).all(axis=0)
print(f"pixels that are 0 in all 60,000 training images: {always_zero.sum()} of 784")
plots.plot_image_grid(class_means, [f"mean {k}" for k in range(10)], ncols=10, vmin=0, vmax=1,
                      suptitle="Mean training image of each class")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the dead pixels lie in the two outermost rows or columns (click to open)
rows, cols = np.nonzero(always_zero)
assert always_zero.sum() == 67 and np.minimum.reduce([rows, cols, 27 - rows, 27 - cols]).max() <= 1

# %% [markdown]
# Each mean is a blurry but recognisable digit, because MNIST digits are centred and scaled to the
# same size. Exactly 67 of the 784 pixels are 0 in every training image, all in the two outermost
# rows or columns of the frame: the information sits in the middle. A convolution layer does not
# mind these dead pixels: it applies the same small filter everywhere (notebook 00), so it wastes no parameters
# on them.

# %% [markdown]
# ## Labels: integers or one-hot vectors
# Each label is an integer from 0 to 9. The original TensorFlow 1 tutorial stored labels *one-hot*
# instead: ten numbers, all 0 except a 1 at the position of the class. Row `k` of the 10×10
# identity matrix, `np.eye(10)[k]`, is the one-hot vector of class `k`:

# %%
labels = y_train[:5]
one_hot = np.eye(10, dtype=np.float32)[labels]
print("integer labels:", labels)
print("one-hot labels:")
print(one_hot.astype(int))

# %% [markdown]
# Both forms carry the same information (`one_hot.argmax(axis=1)` gives the integers back), but
# the integers take 40 times less memory: 1 byte per label against 10 × 4. This series keeps
# the integers; notebook 04 shows the loss that goes with them.

# %% [markdown]
# ## Set a validation set aside
# You will tune choices such as the learning rate or the number of epochs by looking at a score.
# If that score came from the test set, you would slowly fit your choices to those 10,000 images,
# and the final test accuracy would be optimistic. So you carve a *validation set* out of the
# training data, use it for every decision, and use the test set only to measure finished networks.
# `split_train_validation` shuffles the 60,000 training images once, with a seed, and keeps 5,000
# for validation. `SERIES_RECIPE` is the series' training recipe (from `helpers.training`, used in
# notebook 05); its seed fixes which 5,000 images are held out, so every lesson that holds images out uses the same split.

# %%
(x_tr, y_tr), (x_va, y_va) = split_train_validation(x_train, y_train, 5000, seed=SERIES_RECIPE.seed)
print(f"training: {x_tr.shape}, validation: {x_va.shape}, test: {x_test.shape} (untouched)")
print("share of each class in the validation set:", np.round(np.bincount(y_va) / 5000, 3))
print("share of each class in all 60,000:        ", np.round(train_counts / 60000, 3))

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the validation shares are close to the full training set's (click to open)
val_shares = np.bincount(y_va, minlength=10) / 5000
assert np.abs(val_shares - train_counts / 60000).max() < 0.005 and 0.08 < val_shares.min() < val_shares.max() < 0.12

# %% [markdown]
# A random split keeps the class shares close to those of the full training set: no class's share
# differs by half a percentage point or more, and every class makes up 8% to 12% of the 5,000
# validation images.

# %% [markdown]
# ## See the data in two dimensions with PCA
# Each image is a point in a 784-dimensional space, one axis per pixel. You cannot draw that, but
# *principal component analysis* (PCA) finds the directions along which the images vary most, and
# projecting onto the first two keeps more of the variance (the spread of the points) than
# projecting onto any other plane.
#
# The first lines below do PCA on 5,000 training images `X` (one row per image): subtract the mean
# image (*centre* the data); the *singular value decomposition* (SVD) of the centred data,
# `X - mean_image = U S Vᵀ`, then gives the directions as the rows of `Vᵀ`, the *principal components*.
# The centred images' coordinates along component `i` have squares summing to `S[i]²` (the code's `S`
# is the vector of singular values), so its share of the variance, its *explained variance*, is
# `S[i]² / sum(S²)`.

# %%
X = x_tr[:5000].reshape(5000, 784).astype(np.float32) / 255  # one row per image
mean_image = X.mean(axis=0)
_, S, Vt = np.linalg.svd(X - mean_image, full_matrices=False)
explained = S**2 / (S**2).sum()
Z = (X - mean_image) @ Vt[:2].T  # each image's coordinates along the first two components
# searchsorted: the first index where the running sum reaches 90%; + 1 turns that index into a count
print(f"explained variance of components 1 and 2: {explained[:2].sum():.1%}; "
      f"components needed for 90%: {np.searchsorted(np.cumsum(explained), 0.9) + 1}")
centres = np.stack([Z[y_tr[:5000] == k].mean(axis=0) for k in range(10)])  # each class's mean point
fig, ax = plt.subplots(figsize=(6.5, 5.5))
order = np.random.default_rng(0).permutation(5000)  # draw the points in random order: no class hides another
ax.scatter(*Z[order].T, s=3, alpha=0.5, color=[f"C{k}" for k in y_tr[:5000][order]])
# Each class's centre as a dot where it lies, its label beside it on a thin line (offsets in points).
offsets = {0: (0, 22), 1: (0, 22), 2: (-34, -6), 3: (-26, -24), 4: (-34, 6), 5: (-36, 4), 6: (-26, 22),
           7: (22, 22), 8: (32, -4), 9: (30, -16)}
for k, (cx, cy) in enumerate(centres):
    ax.scatter(cx, cy, s=50, color=f"C{k}", edgecolor="black", zorder=3)
    ax.annotate(str(k), (cx, cy), xytext=offsets[k], textcoords="offset points", ha="center", va="center",
                fontsize=12, weight="bold", color=f"C{k}", arrowprops={"arrowstyle": "-", "lw": 0.7},
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "none"})
ax.set(title="5,000 training images, projected on 2 principal components",
       xlabel="component 1", ylabel="component 2")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: PCA as the text describes it (click to open)
assert np.allclose(principal_components(X)[2][:2], explained[:2], atol=1e-5)  # the helper later notebooks use
gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1) + np.diag(np.full(10, np.inf))
assert {frozenset(p) for p in np.argwhere(gaps <= np.sort(gaps.ravel())[2])} == {frozenset({7, 9}), frozenset({4, 9})}
assert {centres[:, 0].argmin(), centres[:, 0].argmax()} == {0, 1}
assert 75 < np.searchsorted(np.cumsum(explained), 0.9) < 95

# %% [markdown]
# The first two components keep only 17% of the variance, and it takes about 85 components to keep
# 90%, so this picture squashes a lot. Still, 0s and 1s sit at opposite ends of component 1, while
# 4, 7 and 9 pile on top of each other. Points are coloured by class; ringed dots mark the class
# centres (mean points): 9's lies closest to 7's and 4's.
#
# Ten class means can also classify: a *nearest-class-mean* classifier gives each image the class
# whose mean image is nearest. It has nothing to learn beyond ten averages, so it makes a useful
# baseline. Its averages leave out the validation images it is scored on: they are taken over the
# other 55,000 training images only.

# %% [markdown]
# **Your turn (01.b).** Complete `nearest_class_mean`: return, for each row of `X`, the index of the
# mean at the smallest squared distance. `X[:, None]` adds an axis, so NumPy subtracts every mean
# from every row.

# %%
def nearest_class_mean(X, means):
    """For each row of X (n, pixels), the index of the nearest row of means (classes, pixels)."""
    ### BEGIN SOLUTION
    distances = ((X[:, None, :] - means[None]) ** 2).sum(axis=-1)  # (n images, classes)
    return distances.argmin(axis=1)
    ### END SOLUTION


# %%
nearest_class_mean = your_turn("01.b", nearest_class_mean)
X_va = x_va.reshape(-1, 784).astype(np.float32) / 255
means_784 = class_mean_images(x_tr.reshape(-1, 784), y_tr) / 255
predicted = nearest_class_mean(X_va, means_784)
print(f"nearest class mean: {np.mean(predicted == y_va):.1%} of the validation digits right")

# %% [markdown]
# Ten averages already get 80.2% of the validation digits right; the CNN of notebook 05 has to do
# much better than 80%. Which digits the baseline mixes up is in *Going further*.

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the baseline's accuracy (click to open)
assert 0.80 < np.mean(predicted == y_va) < 0.84

# %% [markdown]
# ## Summary
# - MNIST is four `uint8` arrays: 60,000 + 10,000 images of 28×28 pixels with values 0 to 255,
#   and their labels 0 to 9; 47.04 MB for the training images.
# - The ten classes are nearly balanced (1,135 ones and 892 fives in the test set), so accuracy is a fair score.
# - 80.9% of all pixels are background; 67 pixels, all at the edge of the frame, are 0 in every training image.
# - Pixels are scaled to float32 in [0, 1] (four times the memory: 188.16 MB); labels stay integers.
# - 5,000 training images are held out for validation; the test set waits until the end.
# - In a 2-D PCA view (17% of the variance) 4, 7 and 9 overlap. A nearest-class-mean baseline gets
#   80.2% of validation digits right.

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **01.1** How many of the first 1,000 training images show the digit 0?

# %%
zeros = ...  # the number of 0s in y_train[:1000]
check("01.1", zeros)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 01.1 (click to open)
zeros = int((y_train[:1000] == 0).sum())  # True counts as 1
check("01.1", zeros)

# %% [markdown]
# **01.2** How many MB (1 MB = 1,000,000 bytes) do the 10,000 test images take once converted with
# `to_model_input`? Work it out from the shape and dtype before you convert anything.

# %%
test_mb = ...  # MB of the 10,000 test images after to_model_input
check("01.2", test_mb)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 01.2 (click to open)
test_mb = 10000 * 28 * 28 * 1 * 4 / 1e6  # 4 bytes per float32
check("01.2", test_mb)

# %% [markdown]
# **01.3** Write `one_hot(labels)` that turns integer labels of shape `(n,)` into one-hot float32
# vectors of shape `(n, 10)` without `np.eye` (start from `np.zeros`). The check tries it on labels
# it chooses.

# %%
def one_hot(labels):
    return ...  # your code: an (n, 10) float32 array


check("01.3", one_hot)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 01.3 (click to open)
def one_hot(labels):
    labels = np.asarray(labels)
    result = np.zeros((len(labels), 10), dtype=np.float32)
    result[np.arange(len(labels)), labels] = 1.0  # row i, column labels[i]
    return result


check("01.3", one_hot)

# %% [markdown]
# **01.4** This asks about distances between mean images: in all 784 pixels, which class has the
# mean image (`means_784`) closest to the mean image of 0, by *Euclidean distance* (the square root
# of the summed squared pixel differences)?
#
# (Open) Then measure the same distances in the PCA picture: project the ten mean images onto its
# two components, `(means_784 - mean_image) @ Vt[:2].T` (close to the dots in the figure, which
# average only 5,000 images), and print each class's distance to 0 there beside its distance in all
# 784 pixels. Which class is nearest 0 in the picture? Why can a picture of two directions rank
# distances differently from all 784?

# %%
nearest_to_0 = ...  # a digit from 1 to 9
check("01.4", nearest_to_0, train=(x_tr, y_tr))
# your code for the open part: the projected means, and each class's two distances to 0's

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 01.4 (click to open)
gaps_to_0 = np.linalg.norm(means_784[1:] - means_784[0], axis=1)  # classes 1 to 9
nearest_to_0 = int(gaps_to_0.argmin()) + 1  # + 1: position 0 is class 1
check("01.4", nearest_to_0, train=(x_tr, y_tr))
means_2d = (means_784 - mean_image) @ Vt[:2].T  # the ten mean images in the PCA picture
gaps_2d = np.linalg.norm(means_2d[1:] - means_2d[0], axis=1)
for k in range(1, 10):
    print(f"class {k}: {gaps_to_0[k - 1]:.2f} from 0's mean in 784 pixels, {gaps_2d[k - 1]:.2f} in the picture")
print(f"nearest 0 in the picture: {gaps_2d.argmin() + 1}")
assert 0.55 < (gaps_2d / gaps_to_0).min() and (gaps_2d / gaps_to_0).max() < 1  # keeps about 60% to 97%
# A projection keeps only the part of each difference between two mean images that lies along the
# kept directions, so it never lengthens a distance, but it shortens some far more than others: here
# it keeps between about 60% and 97% of these distances, depending on how much of each difference lies
# along the two components. Two classes can lie close there yet differ along the directions PCA
# dropped, and which class is nearest can change.

# %% [markdown]
# <details><summary>What to expect (click to open)</summary>
#
# You should print nine lines, one per class 1 to 9, each with its two distances, and the class
# nearest 0 in the picture: set it beside your closed answer. For the why, look at each class's ratio
# of its two distances, not only at the nearest class. A good answer explains those ratios by what
# projecting onto two directions does to the difference between two mean images.
# </details>

# %% [markdown]
# ## Going further
# Optional, after class: nothing in the lesson, its exercises or the later notebooks relies on this
# section.

# %% [markdown]
# ### Read the numbers of one digit
# Here is part of the stroke of training image 0, a 5, with each pixel's value (0 to 255) written on
# it:

# %%
image = x_train[0]
patch = image[4:16, 12:24]
ax = plots.plot_array_values(patch, title="Training image 0, rows 4-15 and columns 12-23", vmin=0, vmax=255)
ax.set_xticks(range(12), [str(c) for c in range(12, 24)])  # label with the full image's indices
ax.set_yticks(range(12), [str(r) for r in range(4, 16)])
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the counts of grey and white pixels in the text (click to open)
inked, grey, full = patch > 0, (patch > 0) & (patch < 253), patch >= 253
background = np.pad(patch == 0, 1)  # is each pixel's neighbour (left, right, above, below) background?
borders_0 = background[:-2, 1:-1] | background[2:, 1:-1] | background[1:-1, :-2] | background[1:-1, 2:]
assert (inked.sum(), grey.sum(), full.sum(), (full & borders_0).sum()) == (72, 50, 22, 1)

# %% [markdown]
# Notice that the edge of a stroke is not sharp: 50 of the 72 inked pixels in this patch are
# greys, and only one of the 22 near-white pixels (253 or more) borders the black background
# directly; everywhere else greys lie in between. The digits were smoothed (*anti-aliased*) when
# they were scaled to fit the frame.

# %% [markdown]
# ### Which digits the baseline mixes up
# Does the nearest-class-mean baseline confuse the digits that overlap in the PCA picture? Below,
# `confusions[i, j]` counts the validation images of class `i` that it labels `j`: a *confusion
# matrix*, which notebook 05 draws for the CNN. `np.add.at` adds 1 for each image, where `+=` would
# count a repeated pair only once. Adding the transpose counts each pair of classes both ways;
# `np.triu(..., k=1)` keeps each pair once, without the right answers on the diagonal.
# `np.argsort(..., axis=None)` ranks the table's entries as one long row, and `np.unravel_index`
# turns positions back into rows and columns.

# %%
confusions = np.zeros((10, 10), int)
np.add.at(confusions, (y_va, predicted), 1)
both_ways = np.triu(confusions + confusions.T, k=1)
ranked = np.argsort(both_ways, axis=None)[::-1]  # positions in the flattened table, largest entry first
for i, j in np.column_stack(np.unravel_index(ranked[:4], both_ways.shape)):  # row and column of each
    print(f"{i} and {j}: {both_ways[i, j]} validation images mixed up")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the ranking of the baseline's confused pairs (click to open)
top_pairs = [set(pair) for pair in np.column_stack(np.unravel_index(ranked[:4], both_ways.shape)).tolist()]
assert (top_pairs[0], top_pairs[1], top_pairs[3]) == ({4, 9}, {3, 5}, {7, 9})
assert (both_ways[4, 9], both_ways[3, 5], both_ways[7, 9]) == (110, 98, 48)
assert gaps[3, 5] > 3 * gaps[4, 9] and gaps[7, 9] == gaps.min()  # in the PCA picture: 3-5 far, 7-9 closest

# %% [markdown]
# So does the classifier find what the picture shows? Partly. It mixes up 4 and 9 most often (110
# images), as their close centres suggest. But 3 and 5 come close behind (98), though their centres
# lie more than three times as far apart as those of 4 and 9, and 7 and 9, the closest centres, come
# only fourth (48): two dimensions keep only part of the distances between the images.

# %% [markdown]
# ### Find the hard examples
# Some digits are written so unusually that even a person hesitates. One simple way to find them
# is each image's Euclidean distance to the mean image of its class (exercise 01.4). The table
# gives, per class, the average *ink* (the sum of an image's pixel values, scaled to [0, 1]), the
# average distance, and how much of its class the farthest image out-inks; the images show the
# nearest (top) and the farthest (bottom) of each class.

# %%
typical, unusual, average_distance, mean_ink, outinked = [], [], [], [], []
for k in range(10):
    members = np.flatnonzero(y_train == k)
    distance = np.sqrt(((x_train_float[members] - class_means[k]) ** 2).sum(axis=(1, 2)))
    ink = x_train_float[members].sum(axis=(1, 2))  # each image's total ink
    typical.append(members[distance.argmin()])
    unusual.append(members[distance.argmax()])
    average_distance.append(distance.mean())
    mean_ink.append(ink.mean())
    outinked.append(np.mean(ink < ink[distance.argmax()]))  # share of the class with less ink than the farthest
print("class                     " + "".join(f"{k:6d}" for k in range(10)))
print("average ink               " + "".join(f"{v:6.0f}" for v in mean_ink))
print("average distance          " + "".join(f"{v:6.1f}" for v in average_distance))
print("farthest out-inks (%)     " + "".join(f"{100 * v:6.2f}" for v in outinked))
print(f"correlation of average ink and average distance across the classes: "
      f"{np.corrcoef(mean_ink, average_distance)[0, 1]:.2f}")
titles = [f"typical {y_train[i]}" for i in typical] + [f"unusual {y_train[i]}" for i in unusual]
plots.plot_image_grid(x_train[typical + unusual], titles, ncols=10,
                      suptitle="Nearest to (top) and farthest from (bottom) the class mean")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: what the text says about ink and distance (click to open)
assert np.argmin(average_distance) == 1 and np.argmin(mean_ink) == 1
assert round(np.corrcoef(mean_ink, average_distance)[0, 1], 2) == 0.92
assert (round(mean_ink[1]), round(average_distance[1], 1)) == (60, 4.6)
for k, i in enumerate(unusual):  # each farthest image has more ink than 97% of its class
    ink_of_class = x_train_float[y_train == k].sum(axis=(1, 2))
    assert np.mean(ink_of_class < x_train_float[i].sum()) > 0.97 and outinked[k] > 0.97

# %% [markdown]
# Notice that the farthest images are heavy: each has more ink than over 97% of its class (the
# table's last row), and some, like the 1 and the 7, you might label differently yourself. No model
# should be expected to get all of them right. On average the 1s lie closest to their class mean
# (4.6). That does not mean people write 1s more alike: this distance grows with the amount of
# ink, and 1s use the least ink of all ten classes (60). Across the classes, average ink and average
# distance rise together (their correlation is 0.92).

# %% [markdown]
# ## Further reading
# - Y. LeCun, C. Cortes, C. Burges, [The MNIST database of handwritten digits](https://yann.lecun.com/exdb/mnist/).
# - [Dive into Deep Learning, 4.2: The image classification dataset](https://d2l.ai/chapter_linear-classification/image-classification-dataset.html).
# - J. Shlens, [A tutorial on principal component analysis](https://arxiv.org/abs/1404.1100) (arXiv:1404.1100).
