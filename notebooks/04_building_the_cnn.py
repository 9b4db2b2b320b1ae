# %% [markdown]
# # Building the CNN
#
# Build the classic two-convolution network layer by layer, account for every shape and parameter,
# write it again with raw TensorFlow ops, and meet the loss it will be trained on.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/04_building_the_cnn.ipynb)

# %% [markdown]
# ## What you will learn
# - How to build the network with Keras layers, one layer at a time, and the shape of every tensor on the way.
# - How to count its 3,274,634 parameters and 13.9 million multiply-adds by hand, and why they sit in different layers.
# - That a Keras layer is a thin wrapper around TensorFlow ops: the same network written "by hand" gives the same outputs.
# - What softmax and cross-entropy are, what loss an untrained network should have, and how to compute it
#   without overflow and without taking the log of 0.
# - How to save a model to a `.keras` file and load it back.

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
import math
import tempfile
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from helpers.data import load_mnist
from helpers.models import build_cnn, multiply_adds_per_image
from helpers.plots import plot_network_diagram, plot_probabilities
from helpers.training import to_model_input
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

(x_train, y_train), _ = load_mnist()  # the test set stays unused until notebook 05
x_digits, y_digits = to_model_input(x_train[:64]), y_train[:64].astype(np.int32)  # 64 training digits
print(f"a batch of digits: {x_digits.shape} {x_digits.dtype}, values in [0, 1]; labels {y_digits[:8]} ...")

# %% [markdown]
# ## The network, layer by layer
# The network is the one the TensorFlow 1 tutorial built: two stages of convolution and pooling,
# then a large dense layer and the output. It is written as in notebook 00, with the Keras
# *functional API* (start from a `keras.Input`, call each layer on the tensor so far), printing the
# new shape after each layer that changes it. The first number of each shape, `None`, is the batch size: the model
# accepts any number of images.
# Each layer gets a name, so later notebooks can read out what it computes.

# %%
inputs = keras.Input(shape=(28, 28, 1), name="image")
print("input:", inputs.shape)

# %% [markdown]
# **conv1** slides 32 filters of 5×5 weights over the image (notebook 02), adds a bias per filter and
# applies ReLU. `'same'` padding keeps the 28×28 size. **pool1** keeps the largest of each 2×2
# block (notebook 03), halving height and width.

# %%
x = keras.layers.Conv2D(32, 5, padding="same", activation="relu", name="conv1")(inputs)
print("conv1:", x.shape)
x = keras.layers.MaxPooling2D(pool_size=2, name="pool1")(x)
print("pool1:", x.shape)

# %% [markdown]
# **conv2** and **pool2** do the same again with 64 filters, each 5×5 *and* 32 channels deep, since
# its input has 32 channels.

# %%
x = keras.layers.Conv2D(64, 5, padding="same", activation="relu", name="conv2")(x)
print("conv2:", x.shape)
x = keras.layers.MaxPooling2D(pool_size=2, name="pool2")(x)
print("pool2:", x.shape)

# %% [markdown]
# **flatten** lines the 7×7×64 block up into one vector of 3,136 numbers. **dense** is a *fully
# connected* layer: each of its 1,024 units computes a weighted sum of all 3,136 inputs plus a bias,
# then ReLU. **dropout** sets each of those 1,024 values to zero with probability 0.4 (and scales the others up by
# 1/0.6), during training only
# (the tutorial's *keep* probability of 0.6; notebook 07 shows what it is for). **logits** is a
# dense layer with 10 units and no activation: ten raw scores, one per digit.

# %%
x = keras.layers.Flatten(name="flatten")(x)
print("flatten:", x.shape)
x = keras.layers.Dense(1024, activation="relu", name="dense")(x)
print("dense:", x.shape)
x = keras.layers.Dropout(0.4, name="dropout")(x)
outputs = keras.layers.Dense(10, name="logits")(x)
print("logits:", outputs.shape)
model = keras.Model(inputs, outputs, name="mnist_cnn")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the network above is the series' build_cnn(), layer for layer (click to open)
assert model.get_config() == build_cnn().get_config()  # later notebooks build it with helpers.models.build_cnn

# %% [markdown]
# Notice the pattern: convolutions keep height and width and change the number of channels; pools
# halve height and width and keep the channels (28 → 14 → 7). This network is exactly what later
# notebooks get from `helpers.models.build_cnn()` (the collapsed check cell compares the two). Here
# it is as a picture, each box one layer with its output shape and its number of parameters:

# %%
plot_network_diagram(model, title="The tutorial's CNN: 3,274,634 parameters")
plt.show()

# %% [markdown]
# Only four of the nine layers have parameters: the input only passes the image on, and pooling,
# flattening and dropout rearrange or select numbers but learn nothing. (Keras prints a similar
# table with `model.summary()`.)

# %% [markdown]
# ## Count the parameters and the work by hand
# A *parameter* is a number that training adjusts. A convolution with `k`×`k` filters, `c_in` input
# channels and `c_out` filters has `k·k·c_in` weights per filter plus one bias per filter. A dense
# layer from `n_in` to `n_out` units has `n_in · n_out` weights plus `n_out` biases.
#
# Parameters cost memory; *multiply-adds* (one multiplication and one addition, the unit of work here)
# cost time. A convolution reuses each filter at every position of its output, so its weights are few
# but busy: conv1 computes 28·28·32 outputs of 5·5·1 multiply-adds each. A dense weight is used once
# per image. (Biases, ReLU and pooling add comparatively little work and are left out.)

# %% [markdown]
# **Your turn (04.a).** Complete `layer_params`: count the weights of a kernel of shape `kernel_shape`
# (`math.prod` multiplies the numbers of a tuple) and the biases, one per filter or unit.

# %%
def layer_params(kernel_shape):
    """Parameters of a layer whose kernel has this shape: (k, k, c_in, c_out) for Conv2D, (n_in, n_out) for Dense."""
    ### BEGIN SOLUTION
    weights = math.prod(kernel_shape)
    biases = kernel_shape[-1]
    ### END SOLUTION
    return weights + biases


# %%
layer_params = your_turn("04.a", layer_params)
params = {"conv1": layer_params((5, 5, 1, 32)), "conv2": layer_params((5, 5, 32, 64)),
          "dense": layer_params((3136, 1024)), "logits": layer_params((1024, 10))}
macs = {"conv1": 28 * 28 * 32 * (5 * 5 * 1), "conv2": 14 * 14 * 64 * (5 * 5 * 32),
        "dense": 3136 * 1024, "logits": 1024 * 10}
total_params, total_macs = sum(params.values()), sum(macs.values())
print(f"{'layer':7s} {'parameters':>11s} {'share':>7s} {'multiply-adds':>14s} {'share':>7s}")
for name in params:
    print(f"{name:7s} {params[name]:>11,} {params[name] / total_params:>7.1%} "
          f"{macs[name]:>14,} {macs[name] / total_macs:>7.1%}")
print(f"{'total':7s} {total_params:>11,} {'':7s} {total_macs:>14,}")
print(f"Keras counts {model.count_params():,} parameters")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the counts by hand equal Keras's and the text's (click to open)
assert params == {layer.name: layer.count_params() for layer in model.layers if layer.count_params()}
assert macs == multiply_adds_per_image(model) and total_params == 3_274_634 and round(total_macs / 1e6, 1) == 13.9
assert round(100 * params["dense"] / total_params) == 98 and round(100 * macs["conv2"] / total_macs) == 72

# %% [markdown]
# Notice the mirror image: the dense layer holds 98% of the parameters but does under a quarter of the
# work, while conv2 holds under 2% of the parameters and does 72% of the 13.9 million multiply-adds:
# each of its weights is used once per output position, 14 · 14 = 196 times per image. So if you need
# a smaller model file, shrink the dense layer; if you need a faster model, shrink the convolutions.

# %% [markdown]
# ## The same network with raw TensorFlow ops
# The TensorFlow 1 tutorial did not use layers. It created the weights as *variables* (tensors that
# keep their value and can be changed by training) and wired them together with low-level ops:
# `tf.nn.conv2d`, `tf.nn.max_pool` (its 2-D form in TensorFlow 2 is `tf.nn.max_pool2d`), a matrix
# product, `tf.nn.dropout`.
# Here is the same network in TensorFlow 2, as a `tf.Module` (a class that keeps track of its
# variables). Its weights start the way the original's did: a normal distribution with standard
# deviation 0.1, draws beyond two standard deviations redrawn (*truncated*), each layer its own
# independent draw, and every bias at 0.1.

# %%
class RawCNN(tf.Module):
    """The network with TensorFlow ops: images (n, 28, 28, 1) -> logits (n, 10)."""

    def __init__(self, seed=0):
        def weights(layer, *shape):
            # the same seed pair always gives the same draw; [seed, layer] gives each layer its own
            return tf.Variable(tf.random.stateless_truncated_normal(shape, [seed, layer], stddev=0.1))

        self.w_conv1, self.b_conv1 = weights(1, 5, 5, 1, 32), tf.Variable(tf.fill([32], 0.1))
        self.w_conv2, self.b_conv2 = weights(2, 5, 5, 32, 64), tf.Variable(tf.fill([64], 0.1))
        self.w_dense, self.b_dense = weights(3, 3136, 1024), tf.Variable(tf.fill([1024], 0.1))
        self.w_logits, self.b_logits = weights(4, 1024, 10), tf.Variable(tf.fill([10], 0.1))

    def __call__(self, images, training=False):
        x = tf.nn.relu(tf.nn.conv2d(images, self.w_conv1, strides=1, padding="SAME") + self.b_conv1)
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        x = tf.nn.relu(tf.nn.conv2d(x, self.w_conv2, strides=1, padding="SAME") + self.b_conv2)
        x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID")
        x = tf.reshape(x, [-1, 3136])                                  # flatten
        x = tf.nn.relu(x @ self.w_dense + self.b_dense)
        if training:                                                   # dropout only while training
            x = tf.nn.dropout(x, rate=0.4)
        return x @ self.w_logits + self.b_logits

# %% [markdown]
# Every Keras layer has a counterpart: `Conv2D(activation="relu")` is `relu(conv2d(x, w) + b)`,
# `MaxPooling2D` is `max_pool2d`, `Flatten` is `reshape`, `Dense` is `x @ w + b`. Copy the Keras
# model's weights into the raw version and run both on the same 64 digits: if Keras layers really
# are these ops, the logits must agree, up to float rounding at most.

# %%
# NBVAL_IGNORE_OUTPUT
raw = RawCNN()
for name in ("conv1", "conv2", "dense", "logits"):
    kernel, bias = model.get_layer(name).get_weights()
    getattr(raw, f"w_{name}").assign(kernel)
    getattr(raw, f"b_{name}").assign(bias)
gap = np.abs(raw(x_digits).numpy() - model(x_digits, training=False).numpy()).max()
print(f"largest difference between the two networks' logits: {gap:.1g} (below 1e-5: {gap < 1e-5})")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the two networks agree to float rounding (click to open)
assert gap < 1e-5

# %% [markdown]
# They agree: the largest difference printed above is below 1e-5, and it is exactly 0 when both
# run the same kernels in the same order. With the TensorFlow backend, Keras's layers run these same
# operations underneath.

# %% [markdown]
# ## Softmax, cross-entropy and the untrained network
# What does the untrained network say about a digit? The *softmax* turns ten logits $z_i$ into
# probabilities $p_i = e^{z_i} / \sum_j e^{z_j}$: all positive, summing to 1. The loss used for
# training is the *cross-entropy* $-\log p_y$, minus the log of the probability given to the true
# class $y$: 0 for a certain, correct answer, and growing without bound as $p_y$ shrinks.

# %%
# NBVAL_IGNORE_OUTPUT
logits = model(x_digits, training=False)
probabilities = tf.nn.softmax(logits).numpy()
losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_digits, logits=logits).numpy()
plot_probabilities(probabilities[0], label=int(y_digits[0]), title="The untrained network on training image 0")
plt.show()
print(f"mean loss over the 64 digits: {losses.mean():.2f}; ln 10 = {math.log(10):.2f}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the untrained network has no opinion (click to open)
assert 0.05 < probabilities.min() and probabilities.max() < 0.2 and abs(losses.mean() - math.log(10)) < 0.1

# %% [markdown]
# All ten probabilities are close to 1/10: the network has no opinion yet. (The orange bar is the
# largest probability, the digit the network would predict; the outlined bar is the true label.)
# With every $p_i = 1/10$ the loss is $-\log(1/10) = \ln 10 \approx 2.30$ whatever the label, so a
# first loss far from 2.30 in a 10-class network means something is wrong. Keras starts weights with
# the *Glorot uniform* scheme, which draws each weight between
# $\pm\sqrt{6 / (\mathrm{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out})}$. The *fan-in* is the number of
# inputs each output sums over, `n_in` for a dense layer and `k·k·c_in` for a convolution; the
# *fan-out* is `n_out` or `k·k·c_out`. Biases start at zero. For the dense layer the limit is
# $\sqrt{6 / (3136 + 1024)} \approx 0.038$, a standard deviation of $0.038 / \sqrt 3 \approx 0.022$; the
# original's fixed standard deviation of 0.1 is over four times that:

# %%
# NBVAL_IGNORE_OUTPUT
raw_logits = RawCNN(seed=1)(x_digits)  # fresh weights, started the original's way
raw_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_digits, logits=raw_logits).numpy().mean()
raw_probabilities = tf.nn.softmax(raw_logits).numpy()
raw_top, raw_right = raw_probabilities.max(axis=1).mean(), np.mean(raw_probabilities.argmax(axis=1) == y_digits)
print(f"original's start: logits from {np.min(raw_logits):.0f} to {np.max(raw_logits):.0f}, "
      f"top probability {raw_top:.2f} on average, right on {raw_right:.0%} of the 64, mean loss {raw_loss:.1f}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the original's start is confidently wrong, in this draw and in others (click to open)
assert np.max(raw_logits) - np.min(raw_logits) > 10 and raw_loss > 4 and raw_top > 0.5 and raw_right < 0.3
glorot_limit = math.sqrt(6 / (3136 + 1024))  # the dense layer's; a uniform draw's std is its limit / sqrt(3)
assert round(glorot_limit, 3) == 0.038 and round(glorot_limit / math.sqrt(3), 3) == 0.022 < 0.1 / 4
for other_seed in range(2, 7):  # the draws the text calls "other draws"
    other_logits = RawCNN(seed=other_seed)(x_digits)
    other_losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_digits, logits=other_logits)
    assert other_losses.numpy().mean() > 5 and tf.nn.softmax(other_logits).numpy().max(axis=1).mean() > 0.6

# %% [markdown]
# With the original's start the logits spread from −11 to 22 in the draw shown, and nearly all the
# probability goes to one digit (1.00 on average), the right one for only 6% of the 64: the network is
# confidently wrong before it has seen a single label, and its loss starts at 15.3 instead of 2.30.
# Other draws, `RawCNN(seed=2)` to `RawCNN(seed=6)`, are alike: losses above 5, and
# top probabilities above 0.6 on average.

# %% [markdown]
# ### Computing the loss without overflow or underflow
# Computed as written, softmax and then $-\log p_y$, the loss breaks when the true class's
# probability is too small for a `float32`: it is rounded to exactly 0, and $-\log 0 = +\infty$. On a
# CPU, TensorFlow's softmax gives 0 below about $2 \cdot 10^{-38}$: where exactly depends on the CPU (at
# $2^{-125} \approx 2.4 \cdot 10^{-38}$ on one tried; near $1.2 \cdot 10^{-38}$, the smallest `float32` with
# full precision, on others). So it takes the true class's logit trailing the largest by about 87
# (from 86.6 to 87.5 on those CPUs): far beyond the logits above, but a badly trained network can get there.
#
# The TensorFlow 1 tutorial's $-\sum_i y_i \log p_i$ is worse: it also multiplies every *other* class's
# label 0 by $\log p_i$, so as soon as any other class's probability is rounded to 0 it computes
# $0 \cdot (-\infty)$, `NaN`, even for a network that is confidently right. The stable form never
# forms the probabilities: $-\log p_y = \log \sum_j e^{z_j} - z_y$, with the *log-sum-exp* computed as
# $m + \log \sum_j e^{z_j - m}$, $m = \max_j z_j$: no exponent is positive, so nothing overflows, and
# the sum is at least 1, so its log is never $\log 0$.

# %% [markdown]
# **Your turn (04.b).** Complete `cross_entropy_from_logits`: compute `m`, each row's largest logit,
# and `log_sum_exp`, each row's $\log \sum_j e^{z_j}$, the stable way above, with `tf.reduce_max` and
# `tf.reduce_sum` along `axis=1`, and the elementwise `tf.exp` and `tf.math.log`. Mind the shapes: `logits` is
# `(n, classes)`, and to subtract each row's maximum from that row `m` must be `(n, 1)`, which
# `keepdims=True` gives (the reduced axis is kept, with size 1). `log_sum_exp` must be `(n,)`, one
# value per row, like the true-class logits the `return` line subtracts from it.

# %%
def cross_entropy_from_logits(logits, labels):
    """Cross-entropy of each row of logits (n, classes) with integer labels (n,), computed stably."""
    ### BEGIN SOLUTION
    m = tf.reduce_max(logits, axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))
    ### END SOLUTION
    return log_sum_exp - tf.gather(logits, labels, axis=1, batch_dims=1)  # row i: logits[i, labels[i]]


# %%
cross_entropy_from_logits = your_turn("04.b", cross_entropy_from_logits)
big_logits, true_class = tf.constant([[120.0, 0.0, -120.0]]), tf.constant([1])
print("softmax, then -log p_y:", float(-tf.math.log(tf.nn.softmax(big_logits)[0, 1])))
print("stable, by hand:      ", cross_entropy_from_logits(big_logits, true_class).numpy()[0])
keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print("Keras, from_logits=True:", float(keras_loss(true_class, big_logits)))
one_hot_right = tf.one_hot([0], 3)  # the tutorial's form, when the answer (class 0) is right
tf1_loss = float(-tf.reduce_sum(one_hot_right * tf.math.log(tf.nn.softmax(big_logits))))
print("-sum(y log p), class 0 true:", tf1_loss)

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: where softmax rounds a probability to 0, and the tutorial's form gives NaN (click to open)
def trailing_probability(gap):  # the softmax probability of a logit `gap` below the largest
    return float(tf.nn.softmax(tf.constant([[gap, 0.0]]))[0, 1])


assert trailing_probability(86.0) > 0  # e^-86 = 4.5e-38
assert trailing_probability(120.0) == 0  # e^-120 = 7.7e-53, far below the smallest float32 (1.4e-45)
if not tf.config.list_physical_devices("GPU"):
    assert trailing_probability(87.5) == 0  # on the CPUs tried, 0 from a gap between 86.6 and 87.5
assert math.isnan(tf1_loss)

# %% [markdown]
# That is why the series' networks end in logits, with no softmax, and train with
# `SparseCategoricalCrossentropy(from_logits=True)`. *Sparse* means the labels are plain class
# numbers (0 to 9) rather than one-hot vectors. Apply the softmax only to show probabilities.

# %% [markdown]
# ## Save and reload the model
# Keras 3 saves a whole model (its layers, its weights and, once compiled, its optimizer) in one
# `.keras` file. Save the untrained model to a temporary folder and load it back:

# %%
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_cnn.keras"
    model.save(path)
    size_mb = path.stat().st_size / 1e6
    reloaded = keras.saving.load_model(path)
same = np.array_equal(reloaded(x_digits).numpy(), model(x_digits).numpy())
print(f"reloaded {reloaded.name}: {reloaded.count_params():,} parameters; identical logits: {same}; "
      f"file size about {size_mb:.0f} MB")

# %% [markdown]
# The file takes about 13 MB: 3,274,634 numbers of 4 bytes each, almost all of them the dense layer's.
# Notebook 05 saves its trained model this way, so that later notebooks load it instead of training again.

# %% [markdown]
# ## Summary
# - The network maps a 28×28×1 image through 28×28×32, 14×14×32, 14×14×64 and 7×7×64 blocks to a
#   3,136-vector, 1,024 dense units and 10 logits; written out here layer by layer, it is the series' `build_cnn()`.
# - It has 3,274,634 parameters, 98% of them in the dense layer; conv2 does 72% of the 13.9 million multiply-adds.
# - The same network written with `tf.nn.conv2d`, `tf.nn.max_pool2d` and matrix products gives the same logits.
# - Untrained, it gives every digit a probability near 1/10 and a loss near ln 10 ≈ 2.30; the original's
#   starting weights give logits from −11 to 22, confident wrong answers and a loss of 15.3 in the draw
#   shown.
# - The cross-entropy is computed from the logits with the log-sum-exp trick, which neither overflows nor
#   takes $\log 0$; softmax then $-\log p_y$ gives infinity once the true class's probability rounds to
#   0, and the tutorial's one-hot form gives `NaN` once any other class's does.

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell; `check` says whether you are right.
#
# **04.1** Without `'same'` padding (`padding="valid"`), conv1's 5×5 filters fit only where they lie
# wholly inside the image. What would conv1's output shape be (height, width, channels)?

# %%
valid_shape = ...  # e.g. (28, 28, 32)
check("04.1", valid_shape)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 04.1 (click to open)
valid_shape = (28 - 5 + 1, 28 - 5 + 1, 32)  # a 5x5 window has 24 positions per row and column
check("04.1", valid_shape)

# %% [markdown]
# **04.2** How many parameters does `build_cnn(filters=(16, 32), dense_units=128)` have: the network
# above with 16 and 32 filters in conv1 and conv2 (still 5×5, 'same') and a dense layer of 128 units?
# Count by hand (write the sum), then check.

# %%
small_params = ...  # conv1 + conv2 + dense + logits
check("04.2", small_params)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 04.2 (click to open)
small_params = (5 * 5 * 1 + 1) * 16 + (5 * 5 * 16 + 1) * 32 + (7 * 7 * 32 + 1) * 128 + (128 + 1) * 10
check("04.2", small_params)  # 15 times fewer than the full network

# %% [markdown]
# **04.3** A badly trained network gives a digit of class 2 the logits $(100, 100, -10)$ for the
# classes 0, 1 and 2 (three classes keep the arithmetic short). Compute its cross-entropy by hand from
# the log-sum-exp formula above (`math.log` and `math.exp` help), then check. What does
# `tf.nn.softmax` (in `float32`) followed by $-\log p_y$ give for these logits, and why?

# %%
loss_by_hand = ...  # one number
check("04.3", loss_by_hand)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 04.3 (click to open)
m = 100  # the largest logit; the true class's logit is -10
loss_by_hand = m + math.log(math.exp(100 - m) + math.exp(100 - m) + math.exp(-10 - m)) - (-10)
check("04.3", loss_by_hand)  # 110 + ln 2: the gap to the largest logit, plus ln 2 as two logits share it
# softmax gives p_2 = e**-110 / 2, far below 1.2e-38, so float32 rounds it to 0 and -log p_2 is inf

# %% [markdown]
# **04.4** (Open) Replace `Flatten` by `keras.layers.GlobalAveragePooling2D()`, which averages each of
# the 64 channels of pool2 over the 7×7 positions. How many parameters does the dense layer have
# then? What would you expect this to do to the model's size, speed and accuracy? (Try it with
# notebook 05's training.)
#
# <details><summary>What to expect (click to open)</summary>
#
# The dense layer gets 64 inputs instead of 3,136, so its parameter count shrinks by a factor of about
# fifty, and the whole model to about a twenty-fifth of its 3,274,634 parameters. The total work
# shrinks by under a quarter, since conv2 dominates. Averaging throws away *where* each feature was
# found, which with only two convolutions may cost accuracy: the series has not measured it, so
# train both and compare.
# </details>

# %% [markdown]
# ## Further reading
# - [Dive into Deep Learning, 7.6: LeNet](https://d2l.ai/chapter_convolutional-neural-networks/lenet.html), a
#   close relative of this network, with its shapes worked out layer by layer.
# - [Keras: the functional API](https://keras.io/guides/functional_api/).
# - X. Glorot, Y. Bengio, [Understanding the difficulty of training deep feedforward neural networks](https://proceedings.mlr.press/v9/glorot10a.html), AISTATS 2010.
# - [Keras guide: saving, serialization and export](https://keras.io/guides/serialization_and_saving/).
