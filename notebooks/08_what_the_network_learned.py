# %% [markdown]
# # What the network learned
#
# Open the trained network and see what its layers respond to, from single edges to whole digits.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/08_what_the_network_learned.ipynb)

# %% [markdown]
# ## What you will learn
# - What the first layer's 32 kernels became during training, and how they compare with the
#   hand-made edge detectors of notebook 02.
# - How to read feature maps out of a Keras model: each layer's output shape, and conv1's maps of a digit.
# - How to find the input patches that drive a channel hardest.
# - How to build, by gradient ascent on the image, an input that drives one class's output hard.

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
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from helpers import plots
from helpers.data import load_mnist
from helpers.models import build_cnn, receptive_field
from helpers.training import SERIES_RECIPE, cached_cnn, to_model_input
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

# %% [markdown]
# ## The trained network
# `cached_cnn()` returns the network notebook 05 trained, from the cache; else, if the training code is
# unchanged, that network as it ships with the helpers (trained on a CPU, weights kept in float16; a GPU
# gets it too); else it trains the network now. The line it prints says which.

# %%
# NBVAL_IGNORE_OUTPUT
model = cached_cnn().model

# %%
# NBVAL_IGNORE_OUTPUT
_, (x_test, y_test) = load_mnist()  # the test digits only
X_test = to_model_input(x_test)
accuracy = np.mean(model.predict(X_test, verbose=0).argmax(axis=1) == y_test)
print(f"test digits {X_test.shape}; the network gets {accuracy:.1%} right")

# %% [markdown]
# ## First-layer kernels, before and after training
# `conv1` holds 32 *kernels* of 5×5 weights, one per feature map, random before training. Training
# seeded every generator with the recipe's seed right before building the network (notebook 05), so
# seeding the same way and building a fresh one draws the same starting kernels.

# %%
helpers.seed_everything(SERIES_RECIPE.seed)
initial = build_cnn()
K0 = initial.get_layer("conv1").get_weights()[0][:, :, 0, :].transpose(2, 0, 1)  # (32, 5, 5)
K = model.get_layer("conv1").get_weights()[0][:, :, 0, :].transpose(2, 0, 1)
limit = float(max(np.abs(K0).max(), np.abs(K).max()))  # one colour scale for both halves
fig, axes = plt.subplots(4, 16, figsize=(10, 3.4), layout="constrained")
plots.plot_signed_grid(K0, titles=[str(c) for c in range(32)], axes=axes[:2], limit=limit, colorbar=False)
plots.plot_signed_grid(K, titles=[str(c) for c in range(32)], axes=axes[2:], limit=limit, colorbar=False)
for row, label in enumerate(["initial", "initial", "trained", "trained"]):
    axes[row, 0].set_ylabel(label, fontsize=9)
fig.colorbar(axes[0, 0].images[0], ax=axes, shrink=0.8, label="weight (0 = white)")
fig.suptitle("conv1's 32 kernels at initialisation (top two rows) and after training (bottom two rows)")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: on the shared scale the trained kernels are stronger (click to open)
assert np.abs(K).max() > 2 * np.abs(K0).max() and np.abs(K).mean() > 1.25 * np.abs(K0).mean()

# %% [markdown]
# On the shared colour scale (white 0, red positive, blue negative) the initial kernels are pale
# salt-and-pepper noise; the trained ones are stronger, and in many of them neighbouring weights agree,
# a patch of blue next to a patch of red. Such a kernel is an *edge detector*: it responds where the
# brightness changes in one direction. (*Going further* puts numbers on both differences.)

# %% [markdown]
# ### Compared with hand-made edge detectors
# Notebook 02's 3×3 Sobel kernels have 5×5 versions, the learned kernels' size, built here: *Sobel x*
# is a smoothing column $[1, 4, 6, 4, 1]$ times a difference row $[-1, -2, 0, 2, 1]$, for vertical
# edges; *Sobel y*, its transpose, for horizontal ones. The *Pearson correlation* $r$ of a learned kernel's 25 weights
# with a Sobel kernel's is $+1$ for the same pattern up to scale, $-1$ for the same pattern with the
# opposite sign (an edge from bright to dark), 0 for nothing in common. A kernel's *edge score* is its largest correlation with an edge detector turned to
# any angle $\theta$, $\cos\theta \cdot$ Sobel x $+ \sin\theta \cdot$ Sobel y: that correlation is
# $r_x \cos\theta + r_y \sin\theta$, so the score is $\sqrt{r_x^2 + r_y^2}$ (*Going further* shows why).

# %%
# NBVAL_IGNORE_OUTPUT
sobel_x = np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]).astype(float)


def correlation(a, b):
    """Pearson correlation of two arrays' entries."""
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def edge_scores(kernels):
    r_x, r_y = (np.array([correlation(k, s) for k in kernels]) for s in (sobel_x, sobel_x.T))
    return np.hypot(r_x, r_y), r_x, r_y


edge, r_x, r_y = edge_scores(K)
best_x, best_y = int(np.abs(r_x).argmax()), int(np.abs(r_y).argmax())
edge0 = edge_scores(K0)[0]
print(f"edge score above 0.5: {np.sum(edge > 0.5)} of 32 trained kernels, {np.sum(edge0 > 0.5)} of 32 initial")
plots.plot_signed_grid(np.stack([sobel_x / 12, K[best_x] / np.abs(K[best_x]).max(), sobel_x.T / 12,
                                 K[best_y] / np.abs(K[best_y]).max()]),  # Sobel's largest weight is 6 x 2 = 12
                       titles=["Sobel x", f"conv1 ch {best_x}\nr = {r_x[best_x]:+.2f}", "Sobel y",
                               f"conv1 ch {best_y}\nr = {r_y[best_y]:+.2f}"],
                       ncols=4, cell_inches=1.6,
                       suptitle="Hand-made and learned edge detectors (each scaled to [-1, 1])")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: training produced edge detectors (click to open)
assert np.sum(edge > 0.5) >= 8 and np.sum(edge > 0.5) >= np.sum(edge0 > 0.5) + 4  # ten seeds: 10-17 against 0-4
assert max(abs(r_x[best_x]), abs(r_y[best_y])) > 0.6 and min(abs(r_x[best_x]), abs(r_y[best_y])) > 0.45

# %% [markdown]
# In the run shown, 14 of the 32 trained kernels have an edge score above 0.5 (10 to 17 over ten seeds),
# against 3 at initialisation, and the best matches correlate with Sobel x and y at $|r|$ about 0.7.
# Nobody told the network about edges: gradient descent found edge detectors on its own, because they
# help tell digits apart. A negative $r$ is no failure, only the opposite polarity.

# %% [markdown]
# ## Feature maps
# A Keras model runs from an input tensor to output tensors (notebook 04), and the outputs need not be
# the last layer's: a new model from the network's input to a dict {layer name: that layer's output}
# returns what those layers make of an image. A built network keeps its input tensor in the list
# `model.inputs`, each layer its output tensor in `output`, and `model.get_layer(name)` finds a layer by
# the name notebook 04 gave it. Follow test digit 0, a 7, through both stages: each layer's output
# shape, then conv1's 32 maps.

# %% [markdown]
# **Your turn (08.a).** Write `feature_maps`: build that model for `layer_names`, call it on `images`
# directly (as notebook 04 calls `model(x)`) and return its outputs as a dict of NumPy arrays (a tensor's
# `.numpy()`). Skip `predict`: it is meant for many images in batches, and it compiles a new TensorFlow
# graph for every new model.

# %%
def feature_maps(model, layer_names, images):
    """{name: the layer's output for images (n, 28, 28, 1), a NumPy array} for each name in layer_names."""
    ### BEGIN SOLUTION
    reader = keras.Model(model.inputs[0], {name: model.get_layer(name).output for name in layer_names})
    return {name: output.numpy() for name, output in reader(images).items()}
    ### END SOLUTION


# %%
feature_maps = your_turn("08.a", feature_maps)
maps = feature_maps(model, ["conv1", "pool1", "conv2", "pool2"], X_test[:1])
for name, m in maps.items():
    print(f"{name}: {m.shape[1:]}, one unit sees {receptive_field(model, name).size} pixels square")
digit = X_test[0, ..., 0]
axes = plots.plot_image_grid(np.moveaxis(maps["conv1"][0], -1, 0), titles=[f"ch {c}" for c in range(32)],
                             ncols=8, cmap="magma", cell_inches=0.9,
                             suptitle="conv1: the 32 feature maps of a 7 (bright = strong), its outline in cyan")
for ax in axes:
    ax.contour(digit, levels=[0.5], colors="cyan", linewidths=0.5)  # where the ink is
axes[0].figure.colorbar(axes[0].images[0], ax=list(axes), shrink=0.8, label="activation (one scale for all)")
plt.show()

# %% [markdown]
# After the ReLU every value is 0 or more, so the maps use a one-sided colour map, one scale for all
# 32: dark is 0, bright a strong response. Some maps light up almost only on the 7's horizontal bar,
# others on its slanted stroke; and against the cyan outline, some inside the stroke, on the ink, others
# just outside its edges. (*Going further* shows conv2's maps of the same 7.) The next cell counts the
# second difference for every map: it removes what a positive bias alone puts on the black, then takes
# the digit's mean brightness (0 to 1) under what is left, weighted by the response: high on the ink,
# low beside it.

# %%
# NBVAL_IGNORE_OUTPUT
background = np.maximum(model.get_layer("conv1").get_weights()[1], 0)  # a positive bias shows on the black too
response = np.maximum(maps["conv1"][0] - background, 0)  # what the digit adds to each map
total = response.sum(axis=(0, 1))
# the digit's mean brightness (0 to 1) under each channel's response: high on the stroke, low beside it
ink = np.where(total > 0, (response * digit[..., None]).sum(axis=(0, 1)) / np.maximum(total, 1e-12), np.nan)
print(f"conv1 channels mostly on the ink (mean brightness under the response above 0.5): {np.sum(ink > 0.5)} of 32")
print(f"  of them with an edge score of 0.5 or less: {np.sum((ink > 0.5) & (edge <= 0.5))}")
print(f"mostly beside the ink (below 0.3): {np.sum(ink < 0.3)}; silent on this 7: {np.sum(total == 0)}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: maps on the bar or the slanted stroke, on the ink or beside it (click to open)
on_bar = np.where(total > 0, response[:12].sum(axis=(0, 1)) / np.maximum(total, 1e-12), np.nan)
assert (x_test[0][:7] == 0).all() and (x_test[0][7:11] > 0).sum() >= 40 and (x_test[0][12:] > 0).sum() >= 40
assert np.sum(on_bar > 0.7) >= 4 and np.sum(on_bar < 0.3) >= 4, np.round(on_bar, 2)  # seed 42: 13 and 10
assert np.sum(ink > 0.5) >= 4 and np.sum(ink < 0.3) >= 8, np.round(ink, 2)  # seed 42: 9 and 18; ten seeds: 9-13, 11-18

# %% [markdown]
# ## What makes a channel fire
# Turn the question round: which input patches drive a channel hardest? In each of 3,000 test digits,
# find the unit where the channel responds most and cut that unit's *receptive field* (notebook 03)
# out of the digit, black past the border; keep the 8 digits where it is strongest. `top_patches` reads
# the maps with `activation_model(model, names)` from `helpers.models`, which builds your
# `feature_maps` model but returns it, so that its `predict` can run the 3,000 digits in batches.

# %% [markdown]
# **Your turn (08.b).** Complete `strongest_units`: find the `k` images with the strongest unit (the
# largest value anywhere in the map), strongest first, and that unit's row and column in each. Flatten
# each map to one row; `np.divmod` turns a position in that row back into a row and a column.

# %%
def strongest_units(responses, k):
    """For one channel's maps (n, height, width): the k images with the strongest unit, strongest first,
    and that unit's row and column in each (three arrays of k integers)."""
    ### BEGIN SOLUTION
    flat = responses.reshape(len(responses), -1)
    best = np.argsort(-flat.max(axis=1))[:k]  # the k images with the strongest unit, one patch each
    rows, cols = np.divmod(flat[best].argmax(axis=1), responses.shape[2])
    ### END SOLUTION
    return best, rows, cols


# %%
from helpers.models import activation_model  # builds the model your feature_maps builds (08.a), and returns it

strongest_units = your_turn("08.b", strongest_units)


def top_patches(layer_name, channel, images, k=8):
    """The k receptive-field patches (k, size, size) of `images` (n, 28, 28, 1) that drive `channel` hardest."""
    field = receptive_field(model, layer_name)  # size, jump between units, start of unit 0's field
    responses = activation_model(model, [layer_name]).predict(images, verbose=0)[layer_name][..., channel]
    best, rows, cols = strongest_units(responses, k)
    padded = np.pad(images[..., 0], ((0, 0), (field.size, field.size), (field.size, field.size)))
    corners = field.size + field.start + field.jump * np.stack([rows, cols], axis=1)  # field.size: the padding
    return np.stack([padded[n, r:r + field.size, c:c + field.size] for n, (r, c) in zip(best, corners, strict=True)])


conv1_channels = [best_x, best_y]
conv2_channels = [int(c) for c in np.argsort(-maps["conv2"][0].max(axis=(0, 1)))[:3]]  # the 3 the 7 drives hardest
patches = [top_patches("conv1", c, X_test[:3000]) for c in conv1_channels]
patches += [top_patches("conv2", c, X_test[:3000]) for c in conv2_channels]
fig, axes = plt.subplots(5, 8, figsize=(8, 5.4), layout="constrained")
names = [f"conv1 ch {c}" for c in conv1_channels] + [f"conv2 ch {c}" for c in conv2_channels]
for row, (name, p) in enumerate(zip(names, patches, strict=True)):
    plots.plot_image_grid(p, axes=axes[row], vmin=0, vmax=1)
    axes[row, 0].set_ylabel(name, fontsize=9)  # the channel, on the left of its row
fig.suptitle("The 8 input patches that drive each channel hardest: two conv1 channels (rows 1-2, 5x5 pixels)\n"
             "and three conv2 channels (rows 3-5, 14x14 pixels), all drawn at one size")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: conv1 patches look like their kernel; conv2 patches come from several digit classes (click to open)
for c, p in zip(conv1_channels, patches[:2], strict=True):  # seed 42: mean 0.87 and 0.77, lowest 0.85 and 0.68
    assert np.mean([correlation(q, K[c]) for q in p]) > 0.5 and min(correlation(q, K[c]) for q in p) > 0.4, c
assert np.sum(edge <= 0.5) >= 13  # seed 42: 18 of 32; ten seeds: 15-22 (10-17 above 0.5)
assert np.sum((ink > 0.5) & (edge <= 0.5)) >= 3  # on the stroke itself, not edge-like; seed 42: 9, ten seeds 7-12
conv2_responses = activation_model(model, ["conv2"]).predict(X_test[:3000], verbose=0)["conv2"]
for c in conv2_channels:  # the digits the 8 patches were cut from, as top_patches picks them
    classes = y_test[np.argsort(-conv2_responses[..., c].max(axis=(1, 2)))[:8]]
    assert len(set(classes)) >= 2, (c, classes)

# %% [markdown]
# The two conv1 channels shown, the most Sobel-like, fire on edges of one direction and polarity:
# each of their patches correlates strongly with the channel's kernel. The edge score only measures
# likeness to a centred Sobel edge: 18 of the 32 score 0.5 or less in the run shown (15 to 22 over ten
# seeds), as an edge a pixel or more off centre, or one across only part of the kernel, would, and some of those answer on the stroke
# itself, inside the 7's outline (the count printed after its maps). A conv2 channel's patches share a
# larger shape, such as an arc or a corner, seen
# through its 14×14 field and cut from several different digits.

# %% [markdown]
# ## The image a class wants to see
# *Activation maximisation* builds an input instead of searching for one: start from a grey image with
# a little noise and repeatedly move the pixels along the gradient of the chosen logit (*gradient
# ascent*: training's machinery, but the weights stay fixed and the image moves). Each step is 0.05
# times the gradient divided by its standard deviation over the image, so its size does not depend on
# the gradient's scale. Two *regularisers*, additions that favour some images over others (here dark,
# smooth ones), act on the steps: each step pulls the pixels slightly towards black, and every fourth
# step blurs the image a little. Exercise 08.4 takes them out. `@tf.function` *traces* the step on its
# first call, running the Python once to record its operations as a TensorFlow graph; the other calls
# run that graph without Python's overhead.

# %%
blur = tf.constant((np.outer([1, 2, 1], [1, 2, 1]) / 16)[:, :, None, None], tf.float32)


@tf.function  # traced into a graph on the first call; the other 119 calls run the graph
def ascent_step(x, target, smooth):
    with tf.GradientTape() as tape:
        tape.watch(x)  # x is a plain tensor, not a Variable: tell the tape to follow it
        objective = tf.reduce_sum(model(x, training=False) * target)  # the chosen logit of each image
    g = tape.gradient(objective, x)
    x = (x + 0.05 * g / (tf.math.reduce_std(g, axis=(1, 2, 3), keepdims=True) + 1e-8)) * 0.99  # towards black
    x = tf.cond(smooth, lambda: tf.nn.conv2d(x, blur, 1, "SAME"), lambda: x)  # blur if smooth: a graph's `if`
    return tf.clip_by_value(x, 0.0, 1.0)


rng = np.random.default_rng(42)
dreams = tf.constant(np.clip(0.5 + 0.05 * rng.standard_normal((10, 28, 28, 1)), 0, 1), tf.float32)
targets = tf.one_hot(np.arange(10), 10)  # image k maximises class k's logit
for step in range(120):
    dreams = ascent_step(dreams, targets, tf.constant(step % 4 == 3))
dream_logits = model.predict(dreams, verbose=0)
dream_classes = dream_logits.argmax(axis=1)
plots.plot_image_grid(dreams.numpy(), titles=[f"built for {c}\nread as {p}\nlogit {dream_logits[c, c]:.0f}"
                                              for c, p in enumerate(dream_classes)],
                      ncols=10, vmin=0, vmax=1, suptitle="Inputs built to maximise each class's logit")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: each built image is read as its class (click to open)
assert (dream_classes == np.arange(10)).all(), dream_classes

# %% [markdown]
# The network reads each image as the class it was built for. In the run shown several hold a
# recognisable sketch of their digit, beside strokes no writer
# would draw: the objective is one class's logit alone, nothing penalises evidence for the other
# classes, and the regularisers favour dark, smooth images, not digit-like ones, so any stroke that
# raises the logit stays.

# %% [markdown]
# ## Summary
# - Training turned conv1's random 5×5 kernels into stronger ones in which neighbouring weights agree,
#   many of them edge detectors that correlate with Sobel kernels; nobody programmed that.
# - A digit becomes 32 maps of 28×28, 32 of 14×14 after pooling, then 64 of 14×14 and 64 of 7×7; each
#   stage's units see more of the digit (5, 6, 14, 16 pixels) with coarser position.
# - The two most Sobel-like conv1 channels fire on edges of one direction and polarity; other conv1
#   channels detect other patterns, some the stroke itself. conv2 channels fire on larger shapes (arcs,
#   corners) found in several digits.
# - Gradient ascent on the input builds, for every class, an image the network reads as that class.

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **08.1** Which conv1 channel responds most strongly *on average* (mean over its 28×28 map) to test
# digit 0? Use `maps["conv1"]`, of shape (1, 28, 28, 32). What is its edge score? Is its map bright
# only on the strokes? (Print its map's value on the blank background, e.g. its top-left corner, and the
# channel's bias, in `model.get_layer("conv1").get_weights()[1]`: the figure's scale hides small values.)

# %%
busiest_channel = ...  # a channel number 0-31
check("08.1", busiest_channel, model=model)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 08.1 (click to open)
busiest_channel = int(maps["conv1"][0].mean(axis=(0, 1)).argmax())
check("08.1", busiest_channel, model=model)
bias = model.get_layer("conv1").get_weights()[1][busiest_channel]
print(f"its edge score: {edge[busiest_channel]:.2f}; its bias {bias:+.3f}; "
      f"its value on the blank top-left corner: {maps['conv1'][0, 0, 0, busiest_channel]:.3f}")
# a positive bias lets a channel through on the black background, most of the map: that, not its edges,
# can give it the largest mean

# %% [markdown]
# **08.2** Take the trained conv1 kernel with the highest edge score. At which angle $\theta$, in
# degrees, does the turned edge detector $\cos\theta \cdot$ Sobel x $+ \sin\theta \cdot$ Sobel y
# correlate with it best? Use `edge`, `r_x` and `r_y` (a whole turn more or less is the same answer).

# %%
best_angle = ...  # in degrees
check("08.2", best_angle, model=model)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 08.2 (click to open)
c = int(edge.argmax())
best_angle = float(np.degrees(np.arctan2(r_y[c], r_x[c])))  # np.arctan(r_y / r_x) would lose the quadrant
check("08.2", best_angle, model=model)
print(f"conv1 ch {c}: edge score {edge[c]:.2f}, best at {best_angle:.0f} degrees")

# %% [markdown]
# **08.3** Write `channel_dream(layer_name, channel)` that builds, by gradient ascent, an image
# maximising the *mean* of one feature map of `layer_name`. `activation_model(model, [layer_name])`
# returns the Keras model `feature_maps` builds; calling it on a batch of images (rather than its
# `predict`) returns a dict `{layer_name: maps}` of tensors the tape can follow. Start from a plain
# grey image, every pixel 0.5 and no noise, and take `steps` steps of the same normalised size as
# `ascent_step`'s, clipping the pixels to [0, 1] after each; leave out both regularisers (the pull
# towards black and the blur). The check runs it for a conv2 channel of its choosing and runs its own
# 60-step ascent from the same grey start: your image passes if it raises the channel's mean response
# above the best plain image's (black, grey, white or noise) by at least half as much as the check's
# ascent does.

# %%
def channel_dream(layer_name, channel, steps=60):
    return ...  # your code: an array (28, 28, 1)


check("08.3", channel_dream, model=model)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 08.3 (click to open)
def channel_dream(layer_name, channel, steps=60):
    layer_reader = activation_model(model, [layer_name])
    x = tf.Variable(tf.fill([1, 28, 28, 1], 0.5))
    for _ in range(steps):
        with tf.GradientTape() as tape:
            objective = tf.reduce_mean(layer_reader(x)[layer_name][..., channel])
        g = tape.gradient(objective, x)
        x.assign(tf.clip_by_value(x + 0.05 * g / (tf.math.reduce_std(g) + 1e-8), 0.0, 1.0))
    return x.numpy()[0]


check("08.3", channel_dream, model=model)

# %% [markdown]
# **08.4** (Open) Build the class images without the blur and the pull towards black (remove the two
# regularisers from `ascent_step`). Are they still read as their class? Do they still look like digits?
#
# <details><summary>What to look at (click to open)</summary>
#
# Draw the new images beside the figure's and compare three things: the class each is read as (the
# `argmax` of its logits), its logit against the one in the figure's titles, and where its bright
# pixels lie, on a few strokes or all over the background. Then say which of the two regularisers
# mattered more: put each back alone.
# </details>

# %% [markdown] tags=["solution"]
# <details><summary>One answer (click to open)</summary>
#
# The ascent finds whatever raises the logit; the regularisers keep it to dark, smooth images. Without
# them, expect each image still to be read as its class, likely with a larger logit, and bright pixels
# to spread over the background as fine grain instead of staying on a few strokes. Which regulariser
# matters more, the series has not measured: your run answers it.
# </details>

# %% [markdown]
# ## Going further
# Optional, after class: nothing in the lesson or in later notebooks relies on this section.

# %% [markdown]
# ### Smoother and stronger, in numbers
# Two numbers measure how the trained kernels `K` differ from the initial ones `K0`: a kernel's
# *smoothness*, the correlation between each weight and its right and lower neighbours (near 0 for
# noise, near 1 for a smooth pattern), and its *norm*, the square root of the sum of its squared weights.

# %%
# NBVAL_IGNORE_OUTPUT
def smoothness(kernel):
    """Correlation between each weight of a 2-D kernel and its right / lower neighbour."""
    a = np.concatenate([kernel[:, :-1].ravel(), kernel[:-1, :].ravel()])
    b = np.concatenate([kernel[:, 1:].ravel(), kernel[1:, :].ravel()])
    return np.corrcoef(a, b)[0, 1]


smooth, smooth0 = np.array([smoothness(k) for k in K]), np.array([smoothness(k) for k in K0])
norm, norm0 = np.linalg.norm(K.reshape(32, -1), axis=1), np.linalg.norm(K0.reshape(32, -1), axis=1)
print(f"mean smoothness: initial {smooth0.mean():+.2f}, trained {smooth.mean():+.2f}")
print(f"mean norm:       initial {norm0.mean():.2f}, trained {norm.mean():.2f} "
      f"({norm.mean() / norm0.mean():.2f} times as large)")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: trained kernels are smoother and stronger (click to open)
assert smooth.mean() > 0.2 and abs(smooth0.mean()) < 0.15 and norm.mean() > 1.4 * norm0.mean()
# ten seeds: smoothness 0.28-0.34 (initial -0.10 to +0.01); norm ratio 1.67-1.85

# %% [markdown]
# Training made the kernels smoother (0.34 in the run shown, 0.28 to 0.34 over ten seeds, against about
# 0 at the start) and stronger: their mean norm grew by a factor of about 1.7 (1.67 to 1.85 over ten seeds).

# %% [markdown]
# ### Why the edge score is $\sqrt{r_x^2 + r_y^2}$
# Sobel x and y both have zero mean and the same norm, and they are orthogonal (the products of their
# weights sum to 0). So the turned detector $\cos\theta \cdot$ Sobel x $+ \sin\theta \cdot$ Sobel y has
# zero mean and that same norm at every angle, and its correlation with a learned kernel is
# $r_x \cos\theta + r_y \sin\theta$: the dot product of $(r_x, r_y)$ with the unit vector
# $(\cos\theta, \sin\theta)$, at most the length $\sqrt{r_x^2 + r_y^2}$ of the first (when the two
# point the same way).

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: zero mean, orthogonal, equal norm; the edge score is the best correlation over all angles (click to open)
assert sobel_x.sum() == 0 and (sobel_x * sobel_x.T).sum() == 0 and np.linalg.norm(sobel_x) == np.linalg.norm(sobel_x.T)
turned = [np.cos(t) * sobel_x + np.sin(t) * sobel_x.T for t in np.linspace(0, 2 * np.pi, 721)]
assert all(abs(max(correlation(k, s) for s in turned) - e) < 1e-3 for k, e in zip(K, edge, strict=True))

# %% [markdown]
# ### conv2's feature maps
# The second stage's 64 maps of the same 7 are coarser (14×14) and harder to name. Here are the 8 most
# active, with their channel numbers, and the digit's outline scaled to their grid:

# %%
# NBVAL_IGNORE_OUTPUT
active = np.argsort(-maps["conv2"][0].max(axis=(0, 1)))[:8]
axes = plots.plot_image_grid(np.moveaxis(maps["conv2"][0][..., active], -1, 0), titles=[f"ch {c}" for c in active],
                             ncols=8, cmap="magma", cell_inches=1.1,
                             suptitle="conv2: the 8 strongest of 64 maps (14x14), the 7's outline in cyan")
half = np.arange(28) / 2 - 0.25  # the centre of pixel p on conv2's 14x14 grid, two pixels per unit
for ax in axes:
    ax.contour(half, half, digit, levels=[0.5], colors="cyan", linewidths=0.6)
axes[0].figure.colorbar(axes[0].images[0], ax=list(axes), shrink=0.8, label="activation")
plt.show()
peaks = maps["conv2"][0].max(axis=(0, 1))
print(f"conv2 maps that peak below a fifth of the strongest one: {np.sum(peaks < 0.2 * peaks.max())} of 64")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: this 7 drives some conv2 channels hard and leaves many nearly silent (click to open)
assert np.sum(peaks >= 0.5 * peaks.max()) >= 4 and np.sum(peaks < 0.2 * peaks.max()) >= 8  # seed 42: 17 and 25

# %% [markdown]
# This 7 drives some conv2 channels hard and leaves many nearly silent (the printed count). Each conv2
# unit sees 14×14 pixels, which is why the lesson's conv2 patches hold larger shapes than conv1's.

# %% [markdown]
# ## Further reading
# - M. D. Zeiler and R. Fergus, [Visualizing and understanding convolutional networks](https://arxiv.org/abs/1311.2901) (2013): top-activating patches.
# - C. Olah, A. Mordvintsev and L. Schubert, [Feature visualization](https://distill.pub/2017/feature-visualization/) (Distill, 2017).
# - F. Chollet, [Deep Learning with Python, chapter 9](https://www.manning.com/books/deep-learning-with-python-second-edition): interpreting what convnets learn.
