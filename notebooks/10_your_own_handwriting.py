# %% [markdown]
# # Your own handwriting
#
# Draw a digit and see what the trained network makes of it: first as drawn, then prepared the way
# MNIST's digits were, built up here one short function per step.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/10_your_own_handwriting.ipynb)

# %% [markdown]
# ## What you will learn
# - Why a network that reads 99% of MNIST's test digits can misread a digit you draw.
# - How MNIST's digits were prepared, and how to prepare a drawing the same way: crop to the ink, scale
#   into a 20×20 box, centre by the centre of mass in 28×28.
# - How to read your own drawing's class probabilities and first-layer feature maps, live.

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
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from PIL import Image

from helpers import plots
from helpers.drawing import drawing_pad, render, shipped_drawings
from helpers.models import activation_model
from helpers.training import cached_cnn
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

# %%
# NBVAL_IGNORE_OUTPUT
model = cached_cnn().model

# %% [markdown]
# ## A drawing, as drawn
# A drawing pad records *strokes*: lists of points the mouse or finger passed through, on a 280×280
# canvas. Drawn as lines of a fixed width, they give black ink on white paper. The series ships ten
# drawings stored as such strokes, though no hand drew them: a program in the series' repository
# (`tools/make_drawings.py`; a Colab install has only the helpers) built each from line segments and arcs,
# then placed, scaled and slanted it on the canvas, some large and centred, some small or off-centre (the
# drawing pad further down lets you add your own):

# %%
drawings = shipped_drawings()
pictures = np.stack([render(d.strokes) for d in drawings])  # (10, 280, 280) uint8, 255 = paper
plots.plot_image_grid(pictures, [d.name for d in drawings], ncols=5, cell_inches=1.8, suptitle="Ten drawings")
plt.show()

# %% [markdown]
# The network wants what it was trained on: 28×28 images, white ink on black, values in [0, 1]. The
# quickest conversion shrinks the whole canvas to 28×28, inverts it and scales it:

# %%
def as_drawn(picture):
    """The whole canvas shrunk to 28x28, inverted (ink bright) and scaled to [0, 1]: (28, 28, 1) float32."""
    small = np.asarray(Image.fromarray(picture).resize((28, 28), Image.Resampling.BOX), dtype=np.float32)
    return ((255 - small) / 255)[..., None]


def read(images):
    """The network's probabilities for images (n, 28, 28, 1): (n, 10)."""
    return tf.nn.softmax(model.predict(np.asarray(images), verbose=0)).numpy()


naive = np.stack([as_drawn(p) for p in pictures])
p_naive = read(naive)
titles = [f"{d.label}: read as {p.argmax()}\n({p.max():.0%})" for d, p in zip(drawings, p_naive, strict=True)]
plots.plot_image_grid(naive, titles, ncols=10, suptitle="The drawings shrunk to 28x28, and what the network reads")
plt.show()

# %% [markdown]
# The large, centred drawings are read right; the small ones in a corner are not: in the run shown the
# 3 is read as a 7 and the 9 as a 2, and the off-centre 2 and the small 6 are read right but with less
# conviction (80% and 71%). Shrunk whole, a small drawing becomes a digit about 10 pixels tall in a
# corner, unlike the digits the network saw, scaled to 20 pixels on their longer side and centred.

# %% [markdown]
# ## How MNIST's digits were prepared
# MNIST's digits were not raw scans. Each was cropped to its ink, scaled (keeping its aspect ratio) to
# fit a 20×20 box, which smooths its edges into greys, and placed in the 28×28 frame so that its *centre
# of mass*, the average position of its ink weighted by brightness, sits at the centre. Every digit the
# network saw was prepared that way; prepare a drawing the same way, one step at a time.
#
# **Step 1: invert and scale**, so that ink is bright (1) and paper dark (0), as in MNIST.

# %%
picture = pictures[1]  # the small 3 in the top-left corner
ink = (255 - picture.astype(np.float32)) / 255

# %% [markdown]
# **Step 2: crop to the ink.** Find the rows and columns that hold any ink and cut the rest away. An
# empty canvas has nothing to crop: say so rather than guess.

# %% [markdown]
# **Your turn (10.a).** Complete `crop_to_ink`: set `rows` and `cols` to the indices of the rows and of
# the columns that hold a pixel above 0 (`np.flatnonzero` gives the indices where an array is true),
# then return the part of `ink` from the first to the last of them, both included.

# %%
def crop_to_ink(ink):
    """The smallest rectangle of `ink` (h, w) holding every pixel above 0; an error if there is none."""
    ### BEGIN SOLUTION
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    ### END SOLUTION
    if len(rows) == 0:
        raise ValueError("the drawing is empty: draw a digit first")
    ### BEGIN SOLUTION
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    ### END SOLUTION


# %%
crop_to_ink = your_turn("10.a", crop_to_ink)

# %% [markdown]
# **Step 3: scale into a 20×20 box**, keeping the aspect ratio: the longer side becomes 20 pixels.
# Shrinking with a Lanczos filter makes each new pixel a weighted sum of the old pixels around it, which
# turns the hard edges into greys, as in MNIST; a few of its weights are negative, so near the edges
# the sums overshoot [0, 1] a little and are clipped back.

# %% [markdown]
# **Your turn (10.b).** In `scale_into_box`, set `size` to the new (width, height), the order PIL's
# `resize` takes: the longer side becomes `box` pixels, the other keeps the aspect ratio, rounded to
# whole pixels and at least 1.

# %%
def scale_into_box(ink, box=20):
    """`ink` resized so that its longer side is `box` pixels, keeping its aspect ratio."""
    h, w = ink.shape
    ### BEGIN SOLUTION
    scale = box / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))  # PIL sizes are (width, height)
    ### END SOLUTION
    return np.asarray(Image.fromarray(ink).resize(size, Image.Resampling.LANCZOS)).clip(0, 1)


# %%
scale_into_box = your_turn("10.b", scale_into_box)

# %% [markdown]
# **Step 4: centre by the centre of mass.** Paste the scaled digit into an empty 28×28 frame so that the
# brightness-weighted mean of its pixel positions lands within half a pixel (the paste moves by whole
# pixels) of the frame's centre, unless that would push part of the digit out of the frame. The centre
# is the middle of the pixels 0 to 27, (13.5, 13.5), counting from the top-left pixel's centre (0, 0).

# %% [markdown]
# **Your turn (10.c).** In `centre_in_frame`, compute `top` and `left`, the frame's row and column where
# the digit's top-left pixel goes. The digit's centre of mass is `(r, c)` in its own pixels, so after the
# paste it sits at `(top + r, left + c)` in the frame: choose the whole numbers that bring that nearest
# the centre of a `size`×`size` frame (the middle of its pixels 0 to `size` − 1), clipped (`np.clip`) so
# that the whole digit stays inside.

# %%
def centre_of_mass(image):
    """The brightness-weighted mean (row, column) of a 2-D image."""
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def centre_in_frame(digit, size=28):
    """`digit` (h, w) pasted into a size x size frame with its centre of mass at the frame's centre."""
    r, c = centre_of_mass(digit)
    ### BEGIN SOLUTION
    top = int(np.clip(round((size - 1) / 2 - r), 0, size - digit.shape[0]))
    left = int(np.clip(round((size - 1) / 2 - c), 0, size - digit.shape[1]))
    ### END SOLUTION
    frame = np.zeros((size, size), dtype=np.float32)
    frame[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
    return frame


# %%
centre_in_frame = your_turn("10.c", centre_in_frame)
steps = {"1: inverted": ink, "2: cropped": crop_to_ink(ink), "3: in a 20x20 box": scale_into_box(crop_to_ink(ink)),
         "4: centred in 28x28": centre_in_frame(scale_into_box(crop_to_ink(ink)))}
fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
for i, (ax, (name, image)) in enumerate(zip(axes, steps.items(), strict=True)):
    ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    frame = ink.shape[0] if i < 2 else 28  # steps 1-2 on the canvas's scale, steps 3-4 on the 28x28 frame's
    ax.set(xlim=(-0.5, frame - 0.5), ylim=(frame - 0.5, -0.5), facecolor="lightsteelblue")
    ax.set_title(f"{name}\n{image.shape[0]}x{image.shape[1]} pixels", fontsize=9)
fig.suptitle("Preparing the small 3 (steps 1-2 in canvas pixels, 3-4 in 28x28-frame pixels; blue: outside the image)",
             fontsize=10)
plt.show()

# %% [markdown]
# Put the four steps together into one function, which is all a drawing needs before it meets the network:

# %%
def prepare(picture):
    """A drawing (h, w) uint8, dark ink on light paper -> an MNIST-style digit (28, 28, 1) float32 in [0, 1]."""
    ink = (255 - np.asarray(picture, dtype=np.float32)) / 255
    return centre_in_frame(scale_into_box(crop_to_ink(ink)))[..., None]


prepared = np.stack([prepare(p) for p in pictures])
p_prepared = read(prepared)
titles = [f"{d.label}: read as {p.argmax()}\n({p.max():.0%})" for d, p in zip(drawings, p_prepared, strict=True)]
plots.plot_image_grid(prepared, titles, ncols=10, suptitle="The same drawings, prepared like MNIST's digits")
plt.show()

# %%
# NBVAL_IGNORE_OUTPUT
labels = np.array([d.label for d in drawings])
print(f"read right: {np.sum(p_naive.argmax(axis=1) == labels)} of 10 as drawn, "
      f"{np.sum(p_prepared.argmax(axis=1) == labels)} of 10 prepared")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: preparing the drawings is what makes them readable (click to open)
assert np.sum(p_prepared.argmax(axis=1) == labels) >= 9  # and fewer as drawn (seed 42: 8, seed 5: 9)
assert np.sum(p_naive.argmax(axis=1) == labels) < np.sum(p_prepared.argmax(axis=1) == labels)
assert p_prepared[np.arange(10), labels].mean() > p_naive[np.arange(10), labels].mean() + 0.1
assert all(np.allclose(centre_of_mass(d[..., 0]), 13.5, atol=0.5) for d in prepared) and prepared.max() <= 1
crop = crop_to_ink((255 - pictures[1].astype(np.float32)) / 255)  # Lanczos overshoots [0, 1] before the clip
unclipped = np.asarray(Image.fromarray(crop).resize((14, 20), Image.Resampling.LANCZOS))
assert unclipped.min() < 0 < 1 < unclipped.max() and len(np.unique(crop)) == 2  # hard edges before, greys after
big, small = [0, 3, 4, 6, 7, 9], [1, 5]  # large and centred; small in a corner (the 3 and the 9)
assert np.all(p_naive[big].argmax(axis=1) == labels[big])
assert p_naive[small, labels[small]].mean() < p_naive[big, labels[big]].mean() - 0.3
assert all(np.ptp(np.flatnonzero(naive[i, ..., 0].max(axis=1) > 0.2)) + 1 <= 11 for i in small)  # 10 and 11 rows

# %% [markdown]
# Prepared, all ten drawings are read right in the run shown, each with a probability near 100%; the
# small 3 and 9 that were misread now look like MNIST digits. The network has not changed; only the
# match between its training data and what it is given.

# %% [markdown]
# ## Draw your own
# Draw a digit on the pad with the mouse (or a finger on a touch screen). When you lift the pen, the
# notebook shows your drawing, the drawing prepared, the ten class probabilities, and the 32 feature
# maps of the first convolution for it. *Clear* starts again. Below the pad the cell always shows the
# same for the shipped 7, so that there is a result to read even where widgets cannot run (a static
# viewer, a printout).

# %%
# NBVAL_IGNORE_OUTPUT
conv1 = activation_model(model, ["conv1"])


def show_reading(picture, name="your drawing"):
    """Draw a drawing, its prepared version, the class probabilities and the conv1 feature maps."""
    try:
        digit = prepare(picture)
    except ValueError as problem:
        print(f"Nothing to read: {problem}.")
        return
    probabilities = read(digit[None])[0]
    print(f"Read as {probabilities.argmax()}, with probability {probabilities.max():.0%}.")
    fig = plt.figure(figsize=(10, 4.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.3, 1])
    ax_raw, ax_digit, ax_p = top.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 2.4]})
    for ax, image, title in ((ax_raw, picture, name), (ax_digit, digit[..., 0], "prepared, 28x28")):
        ax.imshow(image, cmap="gray", vmin=0, vmax=255 if image is picture else 1)
        ax.set_title(title)
        ax.set_xticks([])  # no ticks, but keep the frame: it shows where on the pad the digit sits
        ax.set_yticks([])
    title = f"read as {probabilities.argmax()} ({probabilities.max():.0%})"
    plots.plot_probabilities(probabilities, ax=ax_p, title=title)
    maps = conv1.predict(digit[None], verbose=0)["conv1"][0]
    grid = bottom.subplots(2, 16).ravel()
    plots.plot_image_grid(np.moveaxis(maps, -1, 0), axes=grid, cmap="magma",
                          suptitle="conv1's 32 feature maps of the prepared drawing, on one scale")
    bottom.colorbar(grid[0].images[0], ax=grid.tolist(), shrink=0.9, label="activation")
    plt.show()


pad = drawing_pad(show_reading)
show_reading(pictures[0], "the shipped 7")  # so that the cell also shows a result without a pad

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: most conv1 maps of the 7 follow one of its two strokes (click to open)
maps_7 = conv1.predict(prepare(pictures[0])[None], verbose=0)["conv1"][0]  # (28, 28, 32)
rows = np.indices((28, 28))[0]
top = np.flatnonzero(prepare(pictures[0])[..., 0].max(axis=1) > 0.2)[0]  # the bar is the 7's top ink
on_bar = maps_7[(rows >= top - 2) & (rows <= top + 3)].sum(axis=0)  # per map: activation around the bar
on_stem = maps_7[rows >= top + 5].sum(axis=0)  # and below it, along the slanted stroke
share = on_bar / np.maximum(on_bar + on_stem, 1e-9)
assert np.sum((share > 2 / 3) | (share < 1 / 3)) >= 18  # seed 42: 24 of 32 (17 on the bar, 7 on the stroke)
assert np.sum(share > 2 / 3) >= 3 and np.sum(share < 1 / 3) >= 3

# %% [markdown]
# In the feature maps of the shipped 7, notice that the bright maps light up mainly along one of its two
# strokes, the horizontal bar or the slanted stroke, and little along the other (the check above finds
# that for most of the 32; on the shared scale the faint ones are too dark to judge by eye): a kernel
# responds to ink of some directions more than others, as the edge detectors of notebook 08 do.
#
# The pad's pen has a fixed width (20 of the canvas's 280 pixels), so how thick your strokes come out
# after preparation depends on how large you draw: a small digit is shrunk less to fit the 20×20 box,
# so its strokes stay bold, while a digit that fills the pad is shrunk more and its strokes come out thin.
#
# Try it: draw a small digit in a corner, one that fills the pad, a 7 with a bar, a 4 open or closed at the top.
# Which of your digits does the network misread even after preparation? Those are the ones that differ
# from MNIST in ways the four steps cannot fix: a style of writing rare among its training digits.

# %% [markdown]
# ## Summary
# - A drawing shrunk whole to 28×28 can be misread when it is small and in a corner (the 3 and the 9 in
#   the run shown): it does not look like the digits the network was trained on. The tall, narrow 4 and
#   the off-centre 2 were still read right.
# - MNIST's digits were cropped, scaled into a 20×20 box keeping their aspect ratio, and centred by
#   their centre of mass in 28×28; each step is one short function here.
# - Prepared the same way, all ten shipped drawings are read right in the run shown.
# - A network is only as good as the match between its training data and what it is given.

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **10.1** Where is the centre of mass (row, column) of a 28×28 image that is 0 everywhere except two
# pixels: value 1 at (10, 4) and value 3 at (14, 8)? Work it out, then check.

# %%
mass_centre = ...  # (row, column)
check("10.1", mass_centre)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 10.1 (click to open)
mass_centre = ((1 * 10 + 3 * 14) / 4, (1 * 4 + 3 * 8) / 4)  # brightness-weighted means: (13.0, 7.0)
check("10.1", mass_centre)

# %% [markdown]
# **10.2** MNIST's digits were *not* scaled to fill the whole 28×28 frame, only a 20×20 box. Write
# `prepare_28(picture)`, which scales the cropped ink into a 28×28 box instead (then centres it), and
# compare how the network reads the ten drawings. The check runs your function on a drawing of its own.
#
# <details><summary>What to expect (click to open)</summary>
#
# Count how many of the ten are read right with `prepare_28` and compare with `prepare`'s count above.
# Then look at any drawing read differently: how large is each digit in its frame now, and how large
# were the digits the network was trained on?
# </details>

# %%
def prepare_28(picture):
    return ...  # your code: a (28, 28, 1) digit


check("10.2", prepare_28)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 10.2 (click to open)
def prepare_28(picture):
    ink = (255 - np.asarray(picture, dtype=np.float32)) / 255
    return centre_in_frame(scale_into_box(crop_to_ink(ink), box=28))[..., None]


check("10.2", prepare_28)
read_28 = read(np.stack([prepare_28(p) for p in pictures])).argmax(axis=1)
print(f"read right with a 28x28 box: {np.sum(read_28 == labels)} of 10")

# %% [markdown]
# **10.3** (Open) On the drawing pad (so in JupyterLab or Colab), draw ten digits of your own, one of
# each class, and count how many the network reads right. Then draw them in a style unlike MNIST's
# (very slanted; very bold, which with the pad's fixed pen means drawing small or going over each
# stroke again slightly beside it; with serifs). Which preparation step, if any, could you add to fix
# the misreadings?
#
# <details><summary>What to expect (click to open)</summary>
#
# Most careful digits are read right; unusual styles often are not. For each misreading, ask whether the
# difference from MNIST is one that a single fixed change of the image could undo, or one only more
# varied training digits could fix.
# </details>

# %% [markdown] tags=["solution"]
# <details><summary>One answer (click to open)</summary>
#
# Some misreadings can be undone by a fifth step:
# *deskewing* measures the slant from the ink's second moments (the brightness-weighted variances and
# covariance of its pixel positions) and shears the digit upright (MNIST's page lists classifiers that
# deskew every digit), and thinning the strokes (a morphological erosion) tames a very bold digit. Serifs and other styles have no such inverse: for them the fix is training
# on more varied digits (or augmenting MNIST), not preprocessing.
# </details>

# %% [markdown]
# ## Further reading
# - Y. LeCun, C. Cortes, C. Burges, [The MNIST database](https://yann.lecun.com/exdb/mnist/): how the digits were normalised.
# - [ipycanvas documentation](https://ipycanvas.readthedocs.io/): the drawing canvas used here.
# - G. Cohen et al., [EMNIST: an extension of MNIST to handwritten letters](https://arxiv.org/abs/1702.05373) (2017).
