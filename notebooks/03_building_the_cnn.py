# %% [markdown]
# # Building the CNN
#
# Build the old tutorial's network twice, with Keras layers and with raw TensorFlow ops, account for
# every shape and parameter, and fix the original code's mistakes.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/03_building_the_cnn.ipynb)
#
# ## What you will learn
# - How the network's layers turn a 28×28 image into 10 scores, and the shape of every tensor on the way.
# - How to count its 3,274,634 parameters by hand, and why the parameters and the computation sit in different layers.
# - That a Keras layer is a thin wrapper around TensorFlow ops: the same network written "by hand" gives the same outputs.
# - What loss an untrained network should have, how to compute it without overflow, and what one training step does.
# - What was wrong in the original TensorFlow 1 code, what replaced its APIs, and how to save and reload a model.

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
import inspect
import math
import tempfile
import zipfile
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from helpers.data import load_mnist
from helpers.exercises import check
from helpers.models import LowLevelCNN, build_cnn, multiply_adds_per_image
from helpers.plots import plot_network_diagram, plot_signed_grid
from helpers.training import to_model_input

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}; random seed {SEED}")

# %% [markdown]
# You will feed the network real digits later on. `to_model_input` turns the stored `uint8` images
# into what the network expects: `float32` values in [0, 1], with a trailing *channel* axis (one
# channel, since the images are grey-scale). Take a *batch* (a group of images processed together) of
# 64 training digits and 8 test digits.

# %%
(x_train, y_train), (x_test, y_test) = load_mnist()
x_batch, y_batch = to_model_input(x_train[:64]), y_train[:64].astype(np.int32)
x_digits, y_digits = to_model_input(x_test[:8]), y_test[:8].astype(np.int32)
print(f"x_batch {x_batch.shape} {x_batch.dtype}, y_batch {y_batch.shape} {y_batch.dtype}")
print(f"x_digits {x_digits.shape}, labels {y_digits.tolist()}")
assert x_batch.shape == (64, 28, 28, 1) and x_digits.shape == (8, 28, 28, 1)
assert 0.0 <= x_batch.min() and x_batch.max() <= 1.0

# %% [markdown]
# ## The network, layer by layer
#
# The network is the one the TensorFlow 1 tutorial built, and `helpers.models.build_cnn()` builds it
# with Keras layers:
#
# 1. **conv1**: a *convolution* with 32 filters of 5×5 weights. Each filter slides over the image and
#    computes a weighted sum (plus a *bias*, one number per filter) at every position; *'same'
#    padding* adds a border of zeros so the output keeps the input's 28×28 size. Then *ReLU*
#    (rectified linear unit, `max(0, x)`) sets negative sums to zero.
# 2. **pool1**: *max-pooling* over 2×2 blocks keeps the largest value of each block, halving height and width.
# 3. **conv2** and **pool2**: the same again with 64 filters, each 5×5 *and* 32 channels deep, since its input has 32 channels.
# 4. **flatten**: the 7×7×64 block of numbers becomes one vector of 7 · 7 · 64 = 3,136 numbers.
# 5. **dense**: a *fully connected* layer: each of its 1,024 units computes a weighted sum of all
#    3,136 inputs plus a bias, then ReLU.
# 6. **dropout**: during training only, sets a random 40% of the 1,024 values to zero (the original
#    tutorial's *keep* probability 0.6), so the network cannot rely on any single unit.
# 7. **logits**: a dense layer with 10 units and no activation. Its outputs, the *logits*, are raw
#    scores, one per digit; the largest one is the prediction.

# %%
model = build_cnn()
print(f"{'layer':8s} {'type':13s} {'output shape':>14s} {'parameters':>11s}")
for layer in model.layers:
    shape = tuple(layer.output.shape[1:])  # drop the batch axis
    print(f"{layer.name:8s} {type(layer).__name__:13s} {str(shape):>14s} {layer.count_params():>11,}")
print(f"{'total':37s} {model.count_params():>11,}")

output_shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
assert output_shapes == {"image": (28, 28, 1), "conv1": (28, 28, 32), "pool1": (14, 14, 32),
                         "conv2": (14, 14, 64), "pool2": (7, 7, 64), "flatten": (3136,),
                         "dense": (1024,), "dropout": (1024,), "logits": (10,)}
assert 7 * 7 * 64 == 3136 and model.count_params() == 3_274_634
assert model.get_layer("dropout").rate == 0.4

# %% [markdown]
# Notice the pattern: the convolutions keep the height and width and change the number of
# channels; the pools halve the height and width and keep the channels (28 → 14 → 7). The first
# number of each shape, the batch size, is left out: the model accepts any number of images.
#
# Keras prints a similar table with `model.summary()` (its exact layout depends on your Keras version):

# %%
# NBVAL_IGNORE_OUTPUT
model.summary()

# %% [markdown]
# Here is the same network as a picture. Each box is one layer; beside it, its output shape and its
# number of parameters.

# %%
fig = plot_network_diagram(model, title="The tutorial's CNN: 3,274,634 parameters")
plt.show()

# %% [markdown]
# Notice that only four of the nine layers have parameters: pooling, flattening and dropout
# rearrange or select numbers but learn nothing.
#
# ## Count the parameters by hand
#
# A *parameter* is a number that training adjusts. A convolution with `k`×`k` filters, `c_in` input
# channels and `c_out` filters has `k·k·c_in` weights per filter plus one bias per filter. A dense
# layer from `n_in` to `n_out` units has one weight per (input, unit) pair plus one bias per unit.

# %%
def conv_params(k: int, c_in: int, c_out: int) -> int:
    """Weights and biases of a k x k convolution from c_in to c_out channels."""
    return (k * k * c_in + 1) * c_out


def dense_params(n_in: int, n_out: int) -> int:
    """Weights and biases of a dense layer from n_in to n_out units."""
    return (n_in + 1) * n_out


params_by_hand = {"conv1": conv_params(5, 1, 32), "conv2": conv_params(5, 32, 64),
                  "dense": dense_params(7 * 7 * 64, 1024), "logits": dense_params(1024, 10)}
params_keras = {layer.name: layer.count_params() for layer in model.layers if layer.count_params()}
for name, count in params_by_hand.items():
    print(f"{name:7s} by hand {count:>9,}   Keras {params_keras[name]:>9,}")
print(f"total   by hand {sum(params_by_hand.values()):>9,}   Keras {model.count_params():>9,}")

assert params_by_hand == params_keras == {"conv1": 832, "conv2": 51_264, "dense": 3_212_288, "logits": 10_250}
assert sum(params_by_hand.values()) == model.count_params() == 3_274_634

# %% [markdown]
# The count is exact: 832 + 51,264 + 3,212,288 + 10,250 = 3,274,634.
#
# ## Where the parameters are, and where the computation is
#
# Parameters cost memory; *multiply-adds* (one multiplication and one addition, the unit of work
# in these layers) cost time. They are not in the same place. A convolution reuses each filter at
# every position of its output, so its weights are few but busy: conv1 does `28·28·32` outputs of
# `5·5·1` multiply-adds each. A dense weight is used exactly once per image. (Biases, ReLU and
# pooling add comparatively little work and are left out of the count.)

# %%
def conv_multiply_adds(h_out: int, w_out: int, k: int, c_in: int, c_out: int) -> int:
    """Multiply-adds of one image through a k x k convolution with an h_out x w_out x c_out output."""
    return h_out * w_out * c_out * k * k * c_in


macs_by_hand = {"conv1": conv_multiply_adds(28, 28, 5, 1, 32), "conv2": conv_multiply_adds(14, 14, 5, 32, 64),
                "dense": 3136 * 1024, "logits": 1024 * 10}
assert macs_by_hand == multiply_adds_per_image(model)  # the helper reads the same from the model

total_params, total_macs = sum(params_by_hand.values()), sum(macs_by_hand.values())
params_share = {name: 100 * count / total_params for name, count in params_by_hand.items()}
macs_share = {name: 100 * count / total_macs for name, count in macs_by_hand.items()}
print(f"{'layer':7s} {'parameters':>11s} {'share':>7s} {'multiply-adds':>14s} {'share':>7s}")
for name in params_by_hand:
    print(f"{name:7s} {params_by_hand[name]:>11,} {params_share[name]:>6.1f}% "
          f"{macs_by_hand[name]:>14,} {macs_share[name]:>6.1f}%")
print(f"{'total':7s} {total_params:>11,} {'':7s} {total_macs:>14,}")

assert round(total_macs / 1e6, 1) == 13.9
assert round(params_share["dense"]) == 98 and round(macs_share["conv2"]) == 72
assert 20 < macs_share["dense"] < 30  # about a quarter

# %%
fig, (ax_params, ax_macs) = plt.subplots(1, 2, figsize=(9, 3), sharey=True)
names = list(params_by_hand)
for ax, share, what, colour in ((ax_params, params_share, "parameters", "tab:green"),
                                (ax_macs, macs_share, "multiply-adds per image", "tab:blue")):
    bars = ax.barh(names, [share[n] for n in names], color=colour)
    ax.bar_label(bars, fmt="%.1f%%", fontsize=8, padding=2)
    ax.set_xlim(0, 115)
    ax.set_title(f"Share of {what}")
    ax.set_xlabel("percent of the network's total")
ax_params.set_ylabel("layer")
ax_params.invert_yaxis()  # conv1 at the top, as in the diagram
fig.tight_layout()
plt.show()

# %% [markdown]
# Notice the mirror image: the dense layer holds 98% of the parameters but does about a quarter of the
# work, while conv2 holds under 2% of the parameters and does 72% of the ~13.9 million multiply-adds.
# Each of conv2's weights is used once per output position, 14 · 14 = 196 times per image:

# %%
conv2_weights = 5 * 5 * 32 * 64  # the biases left out
print(f"conv2: {macs_by_hand['conv2']:,} multiply-adds / {conv2_weights:,} weights = "
      f"{macs_by_hand['conv2'] // conv2_weights} uses of each weight per image")
assert macs_by_hand["conv2"] == 196 * conv2_weights and params_share["conv2"] < 2

# %% [markdown]
# So if you need a smaller model file, shrink the dense layer; if you need a faster model, shrink the
# convolutions.
#
# ## The same network, the way the original wrote it
#
# The TensorFlow 1 tutorial did not use layers. It created the weights as *variables* (tensors that
# keep their value and can be changed by training) and wired them together with low-level ops:
# `tf.nn.conv2d`, `tf.nn.max_pool`, a matrix product, `tf.nn.dropout`. `helpers.models.LowLevelCNN`
# does the same in TensorFlow 2, inside a `tf.Module` (a class that keeps track of its variables).
# It starts its weights the way the original did: random values from a *truncated normal*
# distribution (a normal distribution with draws beyond two standard deviations redrawn) with
# standard deviation 0.1, and every bias at 0.1. Here is its forward pass:

# %%
print(inspect.getsource(LowLevelCNN.__call__))

# %% [markdown]
# Every Keras layer has a counterpart here: `Conv2D(activation="relu")` is `relu(conv2d(x, w) + b)`,
# `MaxPooling2D` is `max_pool2d`, `Flatten` is `reshape`, `Dense` is `x @ w + b`. The variables have
# the same shapes as the Keras layers' weights. A convolution kernel is stored as
# (height, width, input channels, output channels):

# %%
low_level = LowLevelCNN()
low_level_variables = [low_level.conv_kernels[0], low_level.conv_biases[0], low_level.conv_kernels[1],
                       low_level.conv_biases[1], low_level.w_dense, low_level.b_dense,
                       low_level.w_logits, low_level.b_logits]
for variable in low_level_variables:
    name = variable.name.split(":")[0]  # TensorFlow appends ":0" to variable names
    print(f"{name:9s} {str(tuple(variable.shape)):15s} {int(np.prod(variable.shape)):>10,} numbers")
keras_shapes = sorted(tuple(w.shape) for w in model.trainable_weights)
assert sorted(tuple(v.shape) for v in low_level_variables) == keras_shapes
assert sum(int(np.prod(v.shape)) for v in low_level.trainable_variables) == 3_274_634

# %% [markdown]
# Copy the Keras model's weights into the low-level version and run both on the same 8 test digits.
# If Keras layers really are these ops, the logits must agree (up to float rounding).

# %%
low_level.copy_weights_from(model)
logits_keras = model(x_digits, training=False).numpy()
logits_low_level = low_level(x_digits).numpy()
largest_gap = float(np.abs(logits_keras - logits_low_level).max())
print(f"logits shape: Keras {logits_keras.shape}, low-level {logits_low_level.shape}")
print(f"largest difference below 1e-5: {largest_gap < 1e-5}")
np.testing.assert_allclose(logits_low_level, logits_keras, atol=1e-5)

# %% [markdown]
# Notice that the outputs agree: with the TensorFlow backend, `Conv2D`, `MaxPooling2D`, `Flatten` and
# `Dense` run these same TensorFlow operations underneath. Only the two versions' starting weights
# differ, which is why you copied them first.
#
# ## The untrained network on a digit
#
# Before any training, what does the network say about a digit? Turn its 10 logits into
# probabilities with the *softmax* function, `p_i = exp(z_i) / Σ_j exp(z_j)`: every `p_i` is positive
# and they sum to 1. The *loss* used for training is the *cross-entropy*: `-log p_y`, minus the log of
# the probability given to the true class `y`. It is 0 for a certain, correct answer and grows without
# bound as `p_y` shrinks.

# %%
digit, label = x_digits[:1], int(y_digits[0])
logits = model(digit, training=False)
probabilities = tf.nn.softmax(logits)[0].numpy()
loss = float(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[label], logits=logits)[0])

fig, (ax_digit, ax_probs) = plt.subplots(1, 2, figsize=(8, 3), gridspec_kw={"width_ratios": [1, 2.2]})
ax_digit.imshow(digit[0, :, :, 0], cmap="gray")
ax_digit.set_title(f"Test image 0, label {label}")
ax_digit.set_xlabel("column (pixel)")
ax_digit.set_ylabel("row (pixel)")
ax_probs.bar(range(10), probabilities, color=["tab:orange" if d == label else "tab:blue" for d in range(10)])
ax_probs.axhline(0.1, color="black", linestyle="--", linewidth=1, label="1/10 (uniform)")
ax_probs.set_xticks(range(10))
ax_probs.set_ylim(0, 0.2)
ax_probs.set_title("Softmax probabilities of the untrained network")
ax_probs.set_xlabel("digit (orange: the true label)")
ax_probs.set_ylabel("probability")
ax_probs.legend(loc="upper right")
fig.tight_layout()
plt.show()

# %% [markdown]
# The exact values depend on the random starting weights (and slightly on your CPU):

# %%
# NBVAL_IGNORE_OUTPUT
print("logits:       ", np.round(logits.numpy()[0], 3))
print("probabilities:", np.round(probabilities, 3))
print(f"loss for this digit: {loss:.4f}   ln 10 = {math.log(10):.4f}")

# %%
assert logits.shape == (1, 10) and np.abs(logits.numpy()).max() < 1.0
assert np.isclose(probabilities.sum(), 1.0, atol=1e-5) and probabilities.min() > 0.05 and probabilities.max() < 0.2
assert abs(loss - math.log(10)) < 0.3
print(f"All 10 probabilities are between 0.05 and 0.2; the loss is within 0.3 of ln 10 = {math.log(10):.2f}.")

# %% [markdown]
# The logits are all close to zero, so the probabilities are all close to 1/10: the network has no
# opinion yet. With every `p_i` = 1/10 the loss would be `-log(1/10) = ln 10 ≈ 2.30`, whatever the
# label. That is a useful check before training: if the first loss of a 10-class network is far from
# 2.30, something is wrong. Over the batch of 64 training digits:

# %%
batch_loss = float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=y_batch, logits=model(x_batch, training=False))))
original_logits = LowLevelCNN()(x_batch)  # fresh weights, started the original's way
original_loss = float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=y_batch, logits=original_logits)))

# %%
# NBVAL_IGNORE_OUTPUT
print(f"mean loss over 64 digits, Keras's starting weights:   {batch_loss:.3f}")
print(f"mean loss over 64 digits, the original's starting weights: {original_loss:.3f}")

# %%
assert abs(batch_loss - math.log(10)) < 0.1
assert original_loss > 5 and np.abs(original_logits.numpy()).max() > 10
for name in ("conv1", "conv2", "dense", "logits"):  # Keras's defaults, described below
    layer = model.get_layer(name)
    assert isinstance(layer.kernel_initializer, keras.initializers.GlorotUniform)
    assert not layer.bias.numpy().any()
print(f"Keras start: loss within 0.1 of {math.log(10):.2f}; original start: loss above 5, logits beyond 10.")

# %% [markdown]
# Keras starts dense and convolution weights with the *Glorot uniform* scheme, which scales them to
# the numbers of inputs and outputs of each layer, and biases at zero, so the logits start small.
# Each weight is drawn uniformly between `-limit` and `limit`, with `limit = sqrt(6 / (fan_in + fan_out))`:
# `fan_in` is the number of inputs that feed one output value and `fan_out` the number of outputs
# that one input feeds. For `conv1` that is 5·5·1 = 25 and 5·5·32 = 800; for `dense`, 3,136 and 1,024.
# The original's fixed standard deviation of 0.1 is too large for a layer with 3,136 inputs: its
# logits start in the tens, the network is confidently wrong before it has seen a single label, and
# its loss starts above 5 instead of near 2.30.

# %%
for name, fan_in, fan_out in [("conv1", 5 * 5 * 1, 5 * 5 * 32), ("dense", 3136, 1024)]:
    limit = math.sqrt(6 / (fan_in + fan_out))
    kernel = model.get_layer(name).kernel.numpy()
    assert np.prod(kernel.shape[:-1]) == fan_in and np.prod(kernel.shape[:-2]) * kernel.shape[-1] == fan_out
    largest = float(np.abs(kernel).max())
    print(f"{name:6s} fan_in {fan_in:5,d}  fan_out {fan_out:5,d}  limit {limit:.3f}")
    assert 0.95 * limit < largest <= limit  # the weights fill the range up to the limit
assert np.isclose(math.sqrt(6 / 825), 0.0853, atol=1e-4) and np.isclose(math.sqrt(6 / 4160), 0.0380, atol=1e-4)

# %% [markdown]
# Notice that the wider `dense` layer gets the smaller limit: 0.038, against 0.085 for `conv1`.
#
# ## A numerically stable loss
#
# The original computed `softmax` inside the network and then `-Σ y·log(p)` with *one-hot* labels
# (a vector with a 1 at the true class and 0 elsewhere). On paper that is the cross-entropy. In
# floating point it breaks as soon as one probability *underflows*, that is, is too small for a
# `float32` (below about 1e-45) and is rounded to exactly 0: `log(0)` is `-inf`, and `0 · -inf` is
# `NaN` (not a number). A single `NaN` in the loss turns every weight into `NaN` at the next step.
#
# Large logits are all it takes. Take three classes with logits 120, 0 and -120, and true class 1:

# %%
big_logits = tf.constant([[120.0, 0.0, -120.0]])
true_class = tf.constant([1])
p = tf.nn.softmax(big_logits)
one_hot = tf.one_hot(true_class, depth=3)
original_formula = -tf.reduce_sum(one_hot * tf.math.log(p), axis=1)     # the tutorial's loss
log_of_true_class = -tf.math.log(tf.gather(p, true_class, axis=1))[0]  # -log p_y, still after softmax
stable = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=true_class, logits=big_logits)
keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(true_class, big_logits)

print("softmax probabilities:", p.numpy()[0])
print("original formula      :", original_formula.numpy())
print("-log p_y after softmax:", log_of_true_class.numpy())
print("cross-entropy on logits (tf.nn):", stable.numpy())
print("cross-entropy on logits (Keras, from_logits=True):", float(keras_loss))
assert np.isnan(original_formula.numpy()).all() and np.isinf(log_of_true_class.numpy()).all()
assert float(np.finfo(np.float32).smallest_subnormal) < 1.5e-45 and np.float32(1e-46) == 0  # float32 bottoms out near 1e-45
assert np.allclose(stable.numpy(), [120.0]) and np.isclose(float(keras_loss), 120.0)

# %% [markdown]
# The cross-entropy on logits never forms the probabilities. It uses `-log p_y = log Σ_j exp(z_j) - z_y`,
# and computes the *log-sum-exp* `log Σ_j exp(z_j)` as `m + log Σ_j exp(z_j - m)` with `m = max_j z_j`:
# every exponent is then at most 0, so nothing overflows, and the sum is at least 1, so its log is
# finite. Written out by hand it gives the same numbers as TensorFlow's:

# %%
def cross_entropy_from_logits(logits, labels):
    """Cross-entropy of each row of logits (n, classes) with integer labels (n,), computed stably."""
    m = tf.reduce_max(logits, axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))
    return log_sum_exp - tf.gather(logits, labels, axis=1, batch_dims=1)


mine = cross_entropy_from_logits(big_logits, true_class)
print("by hand:", mine.numpy())
np.testing.assert_allclose(mine.numpy(), stable.numpy())
np.testing.assert_allclose(cross_entropy_from_logits(logits_keras, y_digits).numpy(),
                           tf.nn.sparse_softmax_cross_entropy_with_logits(y_digits, logits_keras).numpy(), rtol=1e-5)

# %% [markdown]
# That is why the series' networks end in logits, with no softmax, and train with
# `SparseCategoricalCrossentropy(from_logits=True)`. *Sparse* means the labels are plain class numbers
# (0 to 9) rather than one-hot vectors. Apply the softmax only when you want to show probabilities.
#
# ## One training step by hand
#
# Training repeats one step: compute the loss on a batch, compute the *gradient* of the loss with
# respect to every weight (how much the loss changes when that weight is nudged), and move each
# weight a little against its gradient. `tf.GradientTape` records the forward pass and then computes
# all the gradients at once (*backpropagation*). Take a copy of the untrained model, so the original
# stays untrained for the rest of this notebook, and do one step of plain *gradient descent*,
# `w ← w - η · gradient`, with *learning rate* η = 0.1.

# %%
step_model = build_cnn()
step_model.set_weights(model.get_weights())  # same starting point as `model`
learning_rate = 0.1


def batch_loss_of(network) -> float:
    """Mean cross-entropy of `network` on the 64-digit batch, dropout off."""
    logits = network(x_batch, training=False)
    return float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y_batch, logits)))


loss_before = batch_loss_of(step_model)
with tf.GradientTape() as tape:
    logits = step_model(x_batch, training=True)  # training=True: dropout is on, as in training
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y_batch, logits))
gradients = tape.gradient(loss, step_model.trainable_variables)

print(f"{'variable':14s} {'weight shape':16s} {'gradient shape':16s}")
for variable, gradient in zip(step_model.trainable_variables, gradients, strict=True):
    print(f"{variable.path:14s} {str(tuple(variable.shape)):16s} {str(tuple(gradient.shape)):16s}")
    assert gradient.shape == variable.shape
assert len(gradients) == 8

# %% [markdown]
# There is one gradient per weight tensor, with the same shape: each number in it belongs to one
# weight. Now take the step and measure the loss on the same batch again:

# %%
for variable, gradient in zip(step_model.trainable_variables, gradients, strict=True):
    variable.assign_sub(learning_rate * gradient)
loss_after = batch_loss_of(step_model)

# %%
# NBVAL_IGNORE_OUTPUT
print(f"loss on the batch before the step: {loss_before:.4f}")
print(f"loss on the batch after the step:  {loss_after:.4f}")

# %%
assert loss_after < loss_before
assert math.ceil(55_000 / 64) == 860 and 2 * 860 == 1_720  # notebook 04: 2 epochs of 860 batches of 64
print("The loss on the batch went down after one step.")

# %% [markdown]
# One step lowers the loss only a little; notebook 04 repeats it 1,720 times (2 epochs of 860
# steps). It also replaces
# plain gradient descent with *Adam* (`keras.optimizers.Adam`), which adapts the step size of each
# weight, and lets `model.fit` run the loop.
#
# ## What changed since the original tutorial
#
# The original TensorFlow 1 code is worth reading, but it has five problems. Here is each one, what
# it does, and the fix this series uses.
#
# ### 1. The bias was added to the kernel
#
# The original wrote `conv2d(x_image, w_conv1 + b_conv1)`: it added the bias to every *weight* of the
# filter, instead of adding it once to the convolution's *output*, `conv2d(x, w) + b`. Because a
# convolution is linear, `conv2d(x, w + b) = conv2d(x, w) + b · conv2d(x, ones)`: the bias gets
# multiplied by the sum of the pixels under the 5×5 window. Where the window sees no ink, the bias
# vanishes; where it sees a lot, it is multiplied many times. Compare both on a digit, with the
# original's starting weights (biases 0.1):

# %%
original_start = LowLevelCNN()
w, b = original_start.conv_kernels[0], original_start.conv_biases[0]
right = tf.nn.conv2d(digit, w, strides=1, padding="SAME") + b
wrong = tf.nn.conv2d(digit, w + b, strides=1, padding="SAME")
window_sum = tf.nn.conv2d(digit, tf.ones((5, 5, 1, 1)), strides=1, padding="SAME")  # ink under each window

difference = (wrong - right).numpy()
print(f"outputs differ: {not np.allclose(wrong, right)}; "
      f"largest difference above 0.5: {np.abs(difference).max() > 0.5}")
predicted = np.broadcast_to((0.1 * (window_sum - 1.0)).numpy(), difference.shape)  # b * (window sum - 1)
np.testing.assert_allclose(difference, predicted, atol=1e-4)
assert np.abs(difference).max() > 0.5

# %%
fig = plot_signed_grid(np.stack([right[0, :, :, 0], wrong[0, :, :, 0], difference[0, :, :, 0]]),
                       titles=["conv2d(x, w) + b", "conv2d(x, w + b)", "difference"], ncols=3,
                       cell_inches=2.4, suptitle="Filter 0 of conv1 on test image 0: bias in the right and wrong place")
plt.show()

# %% [markdown]
# Notice that the difference has the shape of the digit: it is -0.1 (the missing bias) on the empty
# background and large where there is ink. The fix, which `Conv2D` and `LowLevelCNN` both use, is
# `conv2d(x, w) + b`.
#
# ### 2. Dropout stayed on at test time, and its argument changed meaning
#
# The original called `tf.nn.dropout(fc, keep_rate)` with the constant `keep_rate = 0.6`. It also
# defined a `keep_prob` placeholder and fed it 0.5, 0.1 or 1.0, but never used it, so dropout ran at
# full strength during evaluation as well: each prediction used a random 40% fewer units. Worse, in
# TensorFlow 2 the second argument of `tf.nn.dropout` is the *drop* rate, so the same call now drops
# 60% of the units. Measure it on a large array of ones:

# %%
ones = tf.ones((1000, 1024))
dropped_as_written = tf.nn.dropout(ones, 0.6)  # the original call, read by TensorFlow 2
dropped_as_meant = tf.nn.dropout(ones, rate=0.4)  # keep 60%, as the original meant
keras_dropout = keras.layers.Dropout(0.4)(ones, training=True)
for name, out in [("tf.nn.dropout(x, 0.6)", dropped_as_written), ("tf.nn.dropout(x, rate=0.4)", dropped_as_meant),
                  ("keras.layers.Dropout(0.4)", keras_dropout)]:
    zeros = float(tf.reduce_mean(tf.cast(out == 0, tf.float32)))
    kept_value = float(tf.reduce_max(out))
    print(f"{name:27s} fraction of zeros {zeros:.2f}; kept values scaled to {kept_value:.2f}")
assert abs(float(tf.reduce_mean(tf.cast(dropped_as_written == 0, tf.float32))) - 0.6) < 0.01
assert abs(float(tf.reduce_mean(tf.cast(dropped_as_meant == 0, tf.float32))) - 0.4) < 0.01
assert np.isclose(float(tf.reduce_max(dropped_as_written)), 1 / (1 - 0.6))

# %% [markdown]
# The call as written drops 60% of the values and scales the survivors by 1 / (1 - 0.6) = 2.5, so the
# expected sum stays the same. Dropout must only run while training. The Keras model switches it
# with the `training` flag: `model(x)` and `model.predict(x)` run without it, so they always give the
# same answer, while a network with dropout always on gives a different answer each time:

# %%
always_on_1 = low_level(x_digits, training=True).numpy()  # like the original: dropout at test time
always_on_2 = low_level(x_digits, training=True).numpy()
print(f"dropout always on, two calls give the same logits: {np.allclose(always_on_1, always_on_2)}")
print(f"Keras model, training=False, two calls give the same logits: "
      f"{np.array_equal(model(x_digits).numpy(), model(x_digits).numpy())}")
assert not np.allclose(always_on_1, always_on_2)
np.testing.assert_array_equal(model(x_digits).numpy(), model(x_digits).numpy())

# %% [markdown]
# ### 3. The loss was unstable
#
# Softmax followed by `-Σ y·log(p)` gives `NaN` as soon as a probability underflows to 0, which
# happens easily with the original's large starting logits. The fix is the cross-entropy on logits;
# see [A numerically stable loss](#A-numerically-stable-loss) above.
#
# ### 4. Twenty steps are not twenty epochs, and the training line was lost
#
# The loop ran `for i in range(20)` with a comment inviting "as many epochs as you want", but each
# pass took one *batch* of 50 images, so that is 20 *steps*. An *epoch* is one pass over all the
# training images.

# %%
steps, batch_size, train_images = 20, 50, 60_000
images_seen = steps * batch_size
print(f"{steps} steps x {batch_size} images = {images_seen:,} images = 1/{train_images // images_seen} of an epoch")
print(f"'Deep MNIST for experts': 20,000 steps x 50 = {20_000 * 50:,} images "
      f"= {20_000 * 50 / 55_000:.1f} epochs of 55,000 = {20_000 * 50 / train_images:.1f} epochs of 60,000")
assert images_seen == 1_000 and train_images / images_seen == 60 and 55_000 / images_seen == 55
assert round(20_000 * 50 / 55_000) == 18 and round(20_000 * 50 / train_images, 1) == 16.7

# %% [markdown]
# So the loop saw 1,000 images, 1/60 of an epoch over MNIST's 60,000 training images (the old loader
# kept 5,000 aside for validation, so 1/55 of its training split). TensorFlow's old "Deep MNIST for
# experts" tutorial ran 20,000 such steps, about 18 epochs of its 55,000-image training split (16.7
# of all 60,000), and reported about 99.2% test accuracy (its figure, not measured in this
# notebook; `make bench` measures this recipe on your machine). Worse, in the published
# code the line that runs the training step is garbled into the `print` call, so the loop never
# trained at all, and its evaluation fed `keep_prob: 0.1`, which (see problem 2) did nothing.
# Notebook 04 trains for whole epochs and reports each one.
#
# ### 5. TensorFlow 1 APIs that no longer exist
#
# TensorFlow 1 first built a *graph* of operations, with *placeholders* standing for the inputs, and
# then ran it in a *session*, feeding values through `feed_dict`. TensorFlow 2 runs *eagerly*: every
# line computes its result at once, like NumPy. For speed, `tf.function` compiles a Python function
# into a graph behind the scenes (`model.fit` does this for you).
#
# | TensorFlow 1 (the original) | What it did | TensorFlow 2 / Keras 3 (this series) |
# |---|---|---|
# | `from tensorflow.examples.tutorials.mnist import input_data` | download and batch MNIST | `helpers.data.load_mnist()` or `keras.datasets.mnist.load_data()`, batches with `tf.data` |
# | `tf.placeholder`, `feed_dict` | inputs of the graph | plain arrays passed to a function or a model |
# | `tf.Session`, `tf.InteractiveSession`, `.eval()` | run the graph | eager execution; `tf.function` to compile |
# | `tf.global_variables_initializer()` | give variables their values | variables get their value when created |
# | `tf.train.AdamOptimizer(1e-4).minimize(loss)` | one training step | `keras.optimizers.Adam(1e-4)` with `model.fit`, or `tf.GradientTape` |
# | `tf.truncated_normal`, `tf.log`, `reduction_indices=` | ops and arguments | `tf.random.truncated_normal`, `tf.math.log`, `axis=` |
# | `tf.nn.dropout(x, keep_prob)` | dropout | `tf.nn.dropout(x, rate=...)` or `keras.layers.Dropout(rate)` |
#
# You can check that the old names are gone:

# %%
gone = {"tf.placeholder": hasattr(tf, "placeholder"), "tf.Session": hasattr(tf, "Session"),
        "tf.InteractiveSession": hasattr(tf, "InteractiveSession"),
        "tf.global_variables_initializer": hasattr(tf, "global_variables_initializer"),
        "tf.train.AdamOptimizer": hasattr(tf.train, "AdamOptimizer"),
        "tf.truncated_normal": hasattr(tf, "truncated_normal"), "tf.log": hasattr(tf, "log")}
for name, exists in gone.items():
    print(f"{name:32s} exists: {exists}")
try:
    from tensorflow.examples.tutorials.mnist import input_data  # noqa: F401
    old_mnist_loader = True
except ImportError:
    old_mnist_loader = False
print(f"{'tensorflow.examples.tutorials':32s} exists: {old_mnist_loader}")
assert not any(gone.values()) and not old_mnist_loader
assert hasattr(keras.optimizers, "Adam") and hasattr(tf.random, "truncated_normal")
assert hasattr(tf.compat.v1, "placeholder") and hasattr(tf.compat.v1.train, "AdamOptimizer")

# %% [markdown]
# (Most of them survive under `tf.compat.v1` for old code, but new code should not use them.) The
# replacement for sessions is simply calling the function; `tf.function` gives the graph back when you
# want speed, with the same results:

# %%
compiled = tf.function(low_level)
same = np.allclose(compiled(x_digits).numpy(), low_level(x_digits).numpy(), atol=1e-5)
print(f"tf.function-compiled and eager forward passes agree: {same}")
assert same

# %% [markdown]
# ## Save and reload the model
#
# A trained model is worth keeping. Keras 3 saves a whole model (its architecture, its weights and,
# if compiled, its optimizer state) in one `.keras` file, a zip archive. Save the untrained model to a
# temporary folder, load it back, and check that it computes exactly the same outputs:

# %%
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "mnist_cnn.keras"
    model.save(path)
    size_mb = path.stat().st_size / 1e6
    with zipfile.ZipFile(path) as archive:
        contents = sorted(archive.namelist())
    reloaded = keras.saving.load_model(path)

print(f"inside the .keras file: {contents}")
print(f"reloaded: {reloaded.name}, {reloaded.count_params():,} parameters")
same_outputs = np.array_equal(reloaded(x_digits).numpy(), model(x_digits).numpy())
print(f"identical logits on 8 digits: {same_outputs}")
assert contents == ["config.json", "metadata.json", "model.weights.h5"]
assert reloaded.count_params() == model.count_params() and same_outputs
assert 12.5 < size_mb < 14.0  # 3,274,634 float32 numbers of 4 bytes each, plus a little

# %%
# NBVAL_IGNORE_OUTPUT
print(f"file size: {size_mb:.2f} MB (3,274,634 parameters x 4 bytes = {3_274_634 * 4 / 1e6:.2f} MB)")

# %% [markdown]
# The file is about 13 MB, almost all of it the dense layer's weights. `config.json` describes the
# layers, `model.weights.h5` holds the numbers. Notebook 04 saves its trained model this way, in the
# series' cache, so that notebook 05 can load it without training again.
#
# ## Summary
# - The network maps a 28×28×1 image through 28×28×32, 14×14×32, 14×14×64 and 7×7×64 blocks to a
#   3,136-vector, 1,024 dense units and 10 logits; it has 3,274,634 parameters, counted by hand and by Keras.
# - The dense layer holds 98% of the parameters; conv2 does 72% of the ~13.9 million multiply-adds per image.
# - `LowLevelCNN`, written with `tf.nn.conv2d`, `tf.nn.max_pool2d` and matrix products, gives the same
#   logits as the Keras model once it has the same weights.
# - The untrained Keras model gives every digit a probability near 1/10 and a loss near ln 10 ≈ 2.30;
#   the original's starting weights give a loss above 5. One gradient step lowered the loss on a batch.
# - The original's loss gives `NaN` for large logits, while the cross-entropy on logits stays finite; its
#   bias-in-kernel, always-on dropout, 20-step loop and TensorFlow 1 APIs are fixed in this series.
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. Without 'same' padding (`padding="valid"`), conv1's 5×5 filters fit only where they lie wholly
#    inside the 28×28 image. What is conv1's output shape then (height, width, channels), as a tuple?
# 2. How many parameters does `build_cnn(filters=(16, 32), dense_units=128)` have? Count by hand first.
# 3. How many multiply-adds per image does conv2 do if both convolutions use 3×3 kernels
#    (`kernel_size=3`)?
# 4. The snippet `buggy_loss` below is the original's loss. Write `fixed_loss` that returns the same
#    cross-entropy, one value per row, but finite (no `inf`, no `NaN`) for the large logits given.
# 5. (Open-ended) Replace `Flatten` by `keras.layers.GlobalAveragePooling2D()`, which averages each of
#    the 64 channels of pool2 over the 7×7 positions. How many parameters does the dense layer have
#    then? What would you expect this to do to the model's size, speed and accuracy?

# %%
exercise_logits = tf.constant([[60.0, -60.0, 0.0, 5.0, -5.0, 10.0, -10.0, 1.0, 2.0, 3.0],
                               [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 120.0]])
exercise_labels = tf.constant([1, 9])


def buggy_loss(logits, labels):
    probabilities = tf.nn.softmax(logits)
    return -tf.reduce_sum(tf.one_hot(labels, 10) * tf.math.log(probabilities), axis=1)


def fixed_loss(logits, labels):
    return ...  # your stable version


print("buggy_loss:", buggy_loss(exercise_logits, exercise_labels).numpy())

answer_1 = ...  # conv1's output shape with padding="valid", e.g. (28, 28, 32)
answer_2 = ...  # parameters of build_cnn(filters=(16, 32), dense_units=128)
answer_3 = ...  # conv2's multiply-adds per image with kernel_size=3
answer_4 = fixed_loss(exercise_logits, exercise_labels)
answer_5 = ...  # parameters of the dense layer after GlobalAveragePooling2D

valid_conv = keras.layers.Conv2D(32, 5, padding="valid")
dense_after_gap = keras.layers.Dense(1024)
dense_after_gap.build((None, model.get_layer("pool2").output.shape[-1]))
print(check("Exercise 1", answer_1, tuple(valid_conv.compute_output_shape((None, 28, 28, 1))[1:])))
print(check("Exercise 2", answer_2, build_cnn(filters=(16, 32), dense_units=128).count_params()))
print(check("Exercise 3", answer_3, multiply_adds_per_image(build_cnn(kernel_size=3))["conv2"]))
print(check("Exercise 4", answer_4,
            tf.nn.sparse_softmax_cross_entropy_with_logits(exercise_labels, exercise_logits).numpy(), atol=1e-4))
print(check("Exercise 5", answer_5, dense_after_gap.count_params()))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# 1. A 5×5 window fits in 28 - 5 + 1 = 24 positions per row and column:
#    ```python
#    answer_1 = (24, 24, 32)
#    ```
# 2. conv1 (5·5·1 + 1)·16 = 416, conv2 (5·5·16 + 1)·32 = 12,832, dense (7·7·32 + 1)·128 = 200,832,
#    logits (128 + 1)·10 = 1,290: fifteen times fewer than the full network.
#    ```python
#    answer_2 = 416 + 12_832 + 200_832 + 1_290  # 215,370
#    ```
# 3. The output is still 14×14×64 ('same' padding), and each output needs 3·3·32 multiply-adds:
#    ```python
#    answer_3 = 14 * 14 * 64 * 3 * 3 * 32  # 3,612,672, 36% of the 5x5 version (9/25)
#    ```
# 4. Never take the log of a probability; use the cross-entropy on logits:
#    ```python
#    def fixed_loss(logits, labels):
#        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
#    # or: cross_entropy_from_logits(logits, labels), written above
#    answer_4 = fixed_loss(exercise_logits, exercise_labels)
#    ```
# 5. The dense layer now has 64 inputs instead of 3,136: (64 + 1)·1,024 = 66,560 parameters, 48 times
#    fewer, so the model shrinks from 3,274,634 to 128,906 parameters. The dense layer's 3,211,264
#    multiply-adds drop to 65,536, but the total compute shrinks by under a quarter, since conv2 dominates.
#    Averaging throws away *where* in the 7×7 grid each feature was found, so with only two
#    convolutions accuracy usually drops somewhat; deeper networks, whose last features already cover
#    the whole image, use global pooling routinely. Try it with notebook 04's training recipe.
#    ```python
#    answer_5 = (64 + 1) * 1024
#    ```
# </details>

# %%
# Checks the worked solutions above against the same expected values (silent if they are right).
def solution_loss(logits, labels):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


gap_params = model.count_params() - params_by_hand["dense"] + (64 + 1) * 1024
gap_macs = total_macs - macs_by_hand["dense"] + 64 * 1024
solutions = {"Exercise 1": (24, 24, 32), "Exercise 2": 416 + 12_832 + 200_832 + 1_290,
             "Exercise 3": 14 * 14 * 64 * 3 * 3 * 32, "Exercise 4": solution_loss(exercise_logits, exercise_labels),
             "Exercise 5": (64 + 1) * 1024}
expected = {"Exercise 1": tuple(valid_conv.compute_output_shape((None, 28, 28, 1))[1:]),
            "Exercise 2": build_cnn(filters=(16, 32), dense_units=128).count_params(),
            "Exercise 3": multiply_adds_per_image(build_cnn(kernel_size=3))["conv2"],
            "Exercise 4": tf.nn.sparse_softmax_cross_entropy_with_logits(exercise_labels, exercise_logits).numpy(),
            "Exercise 5": dense_after_gap.count_params()}
for name in solutions:
    assert check(name, solutions[name], expected[name], atol=1e-4).endswith("correct!"), name
buggy = buggy_loss(exercise_logits, exercise_labels).numpy()
assert np.isinf(buggy[0]) and np.isnan(buggy[1]) and np.isfinite(expected["Exercise 4"]).all()
assert expected["Exercise 2"] == 215_370 and round(model.count_params() / expected["Exercise 2"]) == 15
assert expected["Exercise 3"] == 3_612_672 and expected["Exercise 3"] / macs_by_hand["conv2"] == 9 / 25
assert expected["Exercise 5"] == 66_560 and int(params_by_hand["dense"] / expected["Exercise 5"]) == 48
assert gap_params == 128_906 and 0.2 < 1 - gap_macs / total_macs < 0.25

# %% [markdown]
# ## Further reading
# - [Dive into Deep Learning, 7.6: LeNet](https://d2l.ai/chapter_convolutional-neural-networks/lenet.html), a
#   close relative of this network, with its shapes worked out layer by layer.
# - [TensorFlow guide: migrate from TensorFlow 1 to TensorFlow 2](https://www.tensorflow.org/guide/migrate).
# - [Keras guide: writing a training loop from scratch in TensorFlow](https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/).
# - [Keras guide: saving, serialization and export](https://keras.io/guides/serialization_and_saving/).
# - N. Srivastava et al., [Dropout: a simple way to prevent neural networks from overfitting](https://jmlr.org/papers/v15/srivastava14a.html), JMLR 2014.
# - X. Glorot, Y. Bengio, [Understanding the difficulty of training deep feedforward neural networks](https://proceedings.mlr.press/v9/glorot10a.html), AISTATS 2010.
