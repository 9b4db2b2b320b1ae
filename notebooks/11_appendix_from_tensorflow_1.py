# %% [markdown]
# # Appendix: from the TensorFlow 1 tutorial to this series
#
# The series modernises an old TensorFlow 1 tutorial, a GitHub README (not linked here) that built the
# same network. Each section below names or quotes the part of the tutorial's code it is about. As
# published, the code could not even start, and it holds mistakes worth knowing; here is each, shown
# running wherever TensorFlow 2 can run it, and what replaced it. (TensorFlow's own "Deep MNIST for
# experts", linked at the end, is a different tutorial that gets the bias, the dropout, the loss and the
# training loop right; its starting weights and learning rate are this one's, and it too scores only
# the batch it is about to train on (with dropout off), never a validation set: the subject of
# exercise 11.3.)
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/11_appendix_from_tensorflow_1.ipynb)

# %% [markdown]
# ## What you will learn
# - Why adding the bias to a convolution's kernel is not the same as adding it to its output.
# - Why the tutorial's dropout would stay on at test time, and why the same call means something else in TensorFlow 2.
# - Why its loss could turn into `NaN`, even for a network that is right.
# - Why its script could never run, and why its loop would have trained far less than it seemed to.
# - Which TensorFlow 1 APIs it used and what replaced them.

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

from helpers.data import load_mnist
from helpers.plots import plot_signed_grid
from helpers.training import to_model_input
from mnist_exercises import check

_, (x_test, y_test) = load_mnist()
digit = to_model_input(x_test[:1])  # (1, 28, 28, 1): a 7

# %% [markdown]
# ## 1. The bias was added to the kernel
# The tutorial wrote `conv2d(x_image, w_conv1 + b_conv1)`: it added the bias to every *weight* of the
# filter instead of once to the convolution's *output* (notebook 02, *Bias and ReLU*). Write
# $x \star w$ for the convolution `conv2d(x, w)` computes and $\mathbf{1}$ for a 5×5 kernel of ones,
# so that $x \star \mathbf{1}$ is the sum of the pixels under each window. Because a convolution is
# linear, $x \star (w + b) = x \star w + b \cdot (x \star \mathbf{1})$: the bias gets
# multiplied by the sum of the pixels under the 5×5 window. Where the window sees no ink it vanishes;
# where it sees a lot, it is multiplied many times. Compare both on one colour scale, with the
# tutorial's starting weights (standard deviation 0.1, biases 0.1):

# %%
# stateless: the same weights on every run, whatever random numbers were drawn before this cell
w = tf.random.stateless_truncated_normal([5, 5, 1, 1], seed=[0, 0], stddev=0.1)
b = 0.1
right = tf.nn.conv2d(digit, w, strides=1, padding="SAME") + b
wrong = tf.nn.conv2d(digit, w + b, strides=1, padding="SAME")
ink_under_window = tf.nn.conv2d(digit, tf.ones([5, 5, 1, 1]), strides=1, padding="SAME")
plot_signed_grid(np.stack([right[0, ..., 0], wrong[0, ..., 0], (wrong - right)[0, ..., 0]]),
                 titles=["conv2d(x, w) + b", "conv2d(x, w + b)", "difference"], ncols=3, cell_inches=2.4,
                 suptitle="One filter on a 7: the bias in the right place and in the tutorial's")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the difference is b times (the ink under the window, minus 1) (click to open)
np.testing.assert_allclose(wrong - right, b * (ink_under_window - 1.0), atol=1e-5)
difference = (wrong - right).numpy()
assert np.allclose(difference[ink_under_window.numpy() == 0], -b)  # no ink under the window: -0.1
assert 1.4 < difference.max() < 1.5 and 15 < ink_under_window.numpy().max() < 16  # the most ink: ~15.6 pixels

# %% [markdown]
# The difference has the shape of the digit: it is -0.1 (the missing bias) on the empty background and
# grows with the ink under the window, up to about 1.46 where the window holds the most ink, almost 15
# times the bias itself. On a digit that reached the edge of the image it would shrink there, because
# part of the window lies on the padding's zeros (exercise 11.1 counts how much). The fix, which Keras's
# `Conv2D` uses, is `conv2d(x, w) + b`.

# %% [markdown]
# ## 2. Dropout would stay on at test time, and its argument changed meaning
# The tutorial called `tf.nn.dropout(fc, keep_rate)` with the constant `keep_rate = 0.6`. It also
# defined a `keep_prob` placeholder and fed it 0.1 when measuring the training accuracy and 1.0 for the
# test accuracy (and 0.5 in its garbled training line, section 4), but the network never reads it, so
# those values change nothing and dropout would run at full strength during evaluation too: each
# prediction would use a random 40% fewer units. And in TensorFlow 2 the second argument of
# `tf.nn.dropout` is the *drop* rate, so the same call now drops 60% of the units. The cell shows
# that, then the keyword `rate=` and Keras's `Dropout` layer, which both take a drop rate (0.2 here):

# %%
ones = tf.ones((1000, 1024))
for name, out in [("tf.nn.dropout(x, 0.6)  (the tutorial's call today)", tf.nn.dropout(ones, 0.6, seed=1)),
                  ("tf.nn.dropout(x, rate=0.2)", tf.nn.dropout(ones, rate=0.2, seed=1)),
                  ("keras.layers.Dropout(0.2), training", keras.layers.Dropout(0.2, seed=1)(ones, training=True))]:
    print(f"{name:52s} zeros: {float(tf.reduce_mean(tf.cast(out == 0, tf.float32))):.2f}")
layer = keras.layers.Dropout(0.2, seed=1)
print("Keras's layer at test time changes nothing:", bool(tf.reduce_all(layer(ones, training=False) == ones)))

# %% [markdown]
# Dropout must only run while training (notebook 07). A Keras model switches it with the `training`
# flag: `fit` turns it on, `predict` and `evaluate` leave it off, so a prediction does not change from
# one call to the next.

# %% [markdown]
# ## 3. The loss could turn into NaN
# The tutorial computed the softmax inside the network and then $-\sum_k y_k \log p_k$ with one-hot
# labels $y$. A probability too small for float32 underflows to 0, and its log is $-\infty$. If it
# is the true class's ($y_k = 1$), the loss is $+\infty$: the network is sure and wrong. If it is a
# wrong class's ($y_k = 0$), the product $0 \cdot (-\infty)$ is `NaN`, and that can happen to a
# network that is sure and *right*: one class scored far below the others is enough. Either way the
# gradients are `NaN`, and a single such image in a batch turns every weight into `NaN` at the next
# step. Notebook 04 (*Computing the loss without overflow or underflow*) explains the stable cross-entropy on
# logits that replaces it. Two logit vectors of a three-class problem, both of true class 0: the
# first sure and right, with class 2 scored far below; the second sure and wrong (class 1):

# %%
logits, labels = tf.constant([[20.0, 0.0, -90.0], [0.0, 120.0, 100.0]]), tf.constant([0, 0])
tutorial_loss = -tf.reduce_sum(tf.one_hot(labels, 3) * tf.math.log(tf.nn.softmax(logits)), axis=1)
stable_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)(labels, logits)
# a cross-entropy is never negative: abs() only turns the -0.0 that float32 rounding leaves into 0.0
print("the tutorial's loss:", tutorial_loss.numpy(), " the stable loss:", np.abs(stable_loss.numpy()))

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: NaN, then +inf, and NaN gradients only for the tutorial's loss (click to open)
assert np.isnan(tutorial_loss[0]) and np.isposinf(tutorial_loss[1])
np.testing.assert_allclose(stable_loss, [0.0, 120.0], atol=1e-5)  # the exact values: 2e-9 and 120 + 2e-9
with tf.GradientTape(persistent=True) as tape:
    tape.watch(logits)
    losses = {"tutorial": -tf.reduce_sum(tf.one_hot(labels, 3) * tf.math.log(tf.nn.softmax(logits)), axis=1),
              "stable": keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)}
assert np.all(np.isnan(tape.gradient(losses["tutorial"], logits)))
assert np.all(np.isfinite(tape.gradient(losses["stable"], logits)))

# %% [markdown]
# ## 4. The script could not run, and its loop was far shorter than it looks
# As published, the line meant to run a training step is garbled into the `print` line before it:
# right after the complete `print(...)` call come a stray `{x: ..., keep_prob: 0.5}`, the values it
# would have fed, and one `)` that closes nothing, the last character of the line. That is all that is
# left of it. Python reads the whole file before running any of it, so that one line stops the script
# before its first line runs. A line of the same shape shows it:

# %%
garbled = 'print(f"step {i}, loss {loss:.2f}"){images: batch, labels: labels})'  # a whole call, a dict, one ")"
try:
    compile(garbled, "tutorial.py", "exec")
except SyntaxError as error:
    print(f"SyntaxError: {error.msg}")

# %% [markdown]
# Delete the stray fragment so that Python accepts the file, and two problems remain: no line runs
# `train_step`, so the weights would never change; and the text says to initialise the variables, but
# no line does, so the first `accuracy.eval(...)` would fail on uninitialised variables. Even with the
# training line restored, the loop trains little:
# `for i in range(20)`, with the invitation to use "as many epochs as you want", takes one *batch* of
# 50 images per pass (not the `batch_size = 128` it sets and never uses): 20 *steps*, 1,000 images,
# 1/55 of the 55,000 images its loader trains on. TensorFlow's old "Deep MNIST for experts" tutorial
# ran 20,000 such steps, 1,000,000 images or about 18 epochs, and reported about 99.2%; notebook 05's
# recipe reaches 99.2% to 99.4% in 2 epochs. And the "training accuracy" it prints every 5 steps is
# measured on the very batch it is about to train on, with dropout on (its `keep_prob: 0.1` changes
# nothing, section 2).

# %%
print(f"20 steps x 50 images = {20 * 50:,} images = 1/{55_000 // (20 * 50)} of an epoch of 55,000")
print(f"20,000 steps x 50 images = {20_000 * 50:,} images = {20_000 * 50 / 55_000:.1f} epochs")

# %% [markdown]
# ## 5. TensorFlow 1 APIs that no longer exist
# TensorFlow 1 first built a *graph*: a description of every operation and of what feeds what, which
# computes nothing yet. *Placeholders* stood in the graph for the inputs, and a *session* ran it,
# taking the inputs' values through `feed_dict`. TensorFlow 2 runs *eagerly*: every line computes its
# result at once, like NumPy. `tf.function` turns a Python function back into a graph when speed
# matters (`fit` does this for you).
#
# | TensorFlow 1 | What it did | TensorFlow 2 / Keras 3 (this series) |
# |---|---|---|
# | `from tensorflow.examples.tutorials.mnist import input_data` | download and batch MNIST | `helpers.data.load_mnist()` or `keras.datasets.mnist.load_data()`; batches with `tf.data` |
# | `tf.placeholder`, `feed_dict` | inputs of the graph | plain arrays passed to a function or a model |
# | `tf.InteractiveSession` (or `tf.Session`), `.eval()` | run the graph | eager execution; `tf.function` to compile |
# | `tf.global_variables_initializer()` | give variables their values (the tutorial never ran it) | variables get their value when created |
# | `tf.train.AdamOptimizer(1e-4).minimize(loss)` | one training step | `keras.optimizers.Adam(1e-4)` with `fit`, or `tf.GradientTape` (notebook 06) |
# | `tf.truncated_normal`, `tf.log`, `reduction_indices=` | ops and arguments | `tf.random.truncated_normal`, `tf.math.log`, `axis=` |
# | `tf.nn.dropout(x, keep_prob)` | dropout | `tf.nn.dropout(x, rate=...)` or `keras.layers.Dropout(rate)` |
#
# You can check that six of the old names are gone from TensorFlow 2's main namespace; all six survive
# under `tf.compat.v1`, for old code (the tutorial's MNIST loader survives nowhere):

# %%
old_names = ["placeholder", "Session", "InteractiveSession", "global_variables_initializer", "truncated_normal", "log"]
print("still in tf:", [name for name in old_names if hasattr(tf, name)])
print("in tf.compat.v1:", [name for name in old_names if hasattr(tf.compat.v1, name)])

# %% [markdown]
# ## Summary
# - The tutorial's `conv2d(x, w + b)` multiplied its bias by the ink under each window; the bias belongs
#   after the convolution.
# - Its dropout would run at test time too (the `keep_prob` it fed is never read), and the same call drops
#   60% instead of 40% in TensorFlow 2; Keras's `Dropout` layer runs only while training.
# - Softmax followed by $-\sum y \log p$ gives `NaN` as soon as a wrong class's probability underflows,
#   even for a sure, right answer, and $+\infty$ when the true class's does; the cross-entropy on logits
#   gives about 0 for the right answer (log(1 + 2·10⁻⁹), and float32 rounds 1 + 2·10⁻⁹ to 1) and 120 for the wrong one.
# - Its script is a `SyntaxError` where the training line was garbled, and no line runs the training step
#   or initialises the variables; its loop is 20 steps, not 20 epochs, while 20,000 steps are about 18 epochs.
# - Placeholders, sessions and `tf.train.AdamOptimizer` are gone: TensorFlow 2 runs eagerly, and Keras
#   builds, trains and saves the model.

# %% [markdown]
# ## Exercises
# **11.1** On an image of all ones (ink everywhere), the tutorial's `conv2d(x, w + b)` adds $b$ times the
# number of image pixels under the window to each output value. With 'same' padding and a 5×5 kernel,
# how many image pixels lie under the window at a *corner* of a 28×28 image? Reason it out, then compute it: convolve `tf.ones([1, 28, 28, 1])` with a
# 5×5 kernel of ones and read the corner of the result.

# %%
pixels_at_corner = ...  # a count
check("11.1", pixels_at_corner)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 11.1 (click to open)
window_sums = tf.nn.conv2d(tf.ones([1, 28, 28, 1]), tf.ones([5, 5, 1, 1]), strides=1, padding="SAME")
pixels_at_corner = int(window_sums[0, 0, 0, 0])  # 'same' pads 2 on each side: 3 rows and 3 columns are inside
check("11.1", pixels_at_corner)

# %% [markdown]
# **11.2** Rewrite the tutorial's dropout line `tf.nn.dropout(fc, keep_rate)` (with `keep_rate = 0.6`)
# for TensorFlow 2 so that it drops 40% of the units (scaling up the rest, as dropout does), and make it
# run only while training: write
# `dropout_as_meant(fc, training)`. The check calls it with and without training.

# %%
def dropout_as_meant(fc, training):
    return ...  # your code


check("11.2", dropout_as_meant)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 11.2 (click to open)
def dropout_as_meant(fc, training):
    keep_rate = 0.6
    return tf.nn.dropout(fc, rate=1 - keep_rate) if training else fc


check("11.2", dropout_as_meant)

# %% [markdown]
# **11.3** (Open) Beyond the problems above, what else did the tutorial do that you would do
# differently today, after this series? Think of its starting weights, its evaluation and its learning rate.
#
# <details><summary>What to expect (click to open)</summary>
#
# No code: a short list, one item for each of the three, saying what the tutorial did, what the series
# does instead, and which notebook (or the README's *Performance* tables) shows why. Section 1 gives its
# starting weights, section 4 its evaluation, and its optimizer line in section 5's table its learning rate.
# </details>

# %% [markdown] tags=["solution"]
# <details><summary>Some answers (click to open)</summary>
#
# Its weights started with a fixed standard deviation of 0.1, whatever a layer's size (notebook 04 shows
# the loss that gives); it never used the validation images its loader set aside, so its only measure
# during training was the accuracy on the batch it was about to train on, with dropout on, and nothing
# could tell it when to stop (notebook 01, *Set a validation set aside*); and it trained at a constant
# learning rate of 1e-4, where the series' warm-up to 3e-3 and cosine decay reach 99.2% test accuracy
# with 4.7 times fewer training images when both start from Keras's initialisation (7.0 times fewer
# against the tutorial's own initialisation), with batches of 64 against its 50 (the README's
# *Performance* section).
# </details>

# %% [markdown]
# ## Further reading
# - [TensorFlow guide: migrate from TensorFlow 1 to TensorFlow 2](https://www.tensorflow.org/guide/migrate).
# - [TensorFlow 1's "Deep MNIST for experts"](https://github.com/tensorflow/tensorflow/blob/074d88ff06c93c0e97b46223e333d5d4756e31f6/tensorflow/docs_src/get_started/mnist/pros.md) (archived in TensorFlow's repository).
