# %% [markdown]
# # Getting started: a CNN in ten lines, trained on digits
#
# Run ten lines of Keras that build a small convolutional network, train it on handwritten digits
# and watch it work, all in this first lesson. The rest of the series then opens each part
# of what you ran.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/00_getting_started.ipynb)

# %% [markdown]
# ## What you will learn
# - What deep learning and a convolutional neural network (CNN) are, in plain words.
# - How to load the MNIST digits and set some aside to check your network on.
# - What a CNN looks like in Keras, how `compile` and `fit` train it and how `evaluate` measures it.
# - Which later notebook explains which line of the code you ran.

# %% [markdown]
# ## Setup
# Run these cells first. In Colab, the first one installs the series' small `helpers` package
# (on your own machine, `make lab`, the README's one-command set-up that installs everything and
# starts JupyterLab, has done that). `helpers.setup` starts TensorFlow without its
# start-up notices, seeds every random number generator so that your results repeat, and reports
# the versions it found.

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
import time

import keras
import matplotlib.pyplot as plt
import numpy as np

from helpers import plots
from helpers.data import load_mnist_with_source
from helpers.training import split_train_validation
from mnist_exercises import check
from mnist_exercises.your_turn import your_turn

# %% [markdown]
# ## Deep learning in plain words
#
# A *machine-learning model* is a function with adjustable numbers, its *parameters*. It is shown
# examples with the right answers, and its parameters are nudged until its answers match. For
# decades the hard part was deciding what to measure in an image before any learning could start:
# loops, slants, where the ink is. People wrote that code by hand.
#
# *Deep learning* stacks many simple layers and trains all of them together, from the raw pixels to
# the answer, so the measurements themselves are learned. A *convolutional neural network* is a
# deep network whose first layers slide small learned filters across the image, the same filter at
# every position, so that a pattern is found wherever it appears.

# %% [markdown]
# ## Load the digits
# MNIST holds 70,000 grey-scale images of handwritten digits, 28×28 pixels each: 60,000 for
# training and 10,000 for testing. `load_mnist_with_source` finds the data on disk or downloads
# it, checks every array against a fingerprint (SHA-256 digest) of the official MNIST arrays, and
# says where it came from (that depends on your machine).

# %%
# NBVAL_IGNORE_OUTPUT
mnist, source = load_mnist_with_source()
(x_train, y_train), (x_test, y_test) = mnist
print(f"Loaded from: {source.name} ({source.path})")

# %%
print(f"training images {x_train.shape}, labels {y_train.shape}")
print(f"test images     {x_test.shape}, labels {y_test.shape}")
plots.plot_image_grid(x_train[:10], [f"label {k}" for k in y_train[:10]], suptitle="The first ten training images")
plt.show()

# %% [markdown]
# Each image is a grid of numbers from 0 (background, no ink) to 255 (full ink), and each label is
# the digit it shows. This series draws 0 black and 255 white, as above; MNIST's own page describes
# the background as white.

# %% [markdown]
# ## Keep some digits for checking
# A network can learn its training images by heart, so its score on them says little. Set 5,000 of
# the training images aside as a *validation set*: the network never trains on them, and you measure
# it there. (The 10,000 test images are kept for measuring finished networks, from notebook 05 on:
# no choice is ever made by looking at them.) Networks also learn best from small numbers, so divide
# the pixels by 255 to get values between 0 and 1.
#
# Convolution layers also expect an axis for the colour *channels* at the end: with one grey-scale
# channel, n images have shape (n, 28, 28, 1). In NumPy, `None` in an index adds an axis of length 1
# at its place: if `a` has shape (2, 3), `a[None]` has shape (1, 2, 3) and `a[:, None]` (2, 1, 3);
# `...` in an index stands for all the axes you do not name.

# %% [markdown]
# **Your turn (00.a).** This is the series' first *your turn*: a cell that defines a function, with a
# line holding only `...` where your code goes. Replace that line with your code and run the cell;
# the cell after it checks your function on inputs of its own. If the function is missing or wrong,
# that cell says why and the lesson goes on with the series' own version, so nothing below breaks.
# Here, complete `prepare_images`: return `images` with the channel axis added at the end and every
# pixel divided by 255.

# %%
def prepare_images(images):
    """uint8 images (n, 28, 28) as the network takes them: floats in [0, 1], shape (n, 28, 28, 1)."""
    ### BEGIN SOLUTION
    return images[..., None] / 255
    ### END SOLUTION


# %%
prepare_images = your_turn("00.a", prepare_images)
(x_tr, y_tr), (x_val, y_val) = split_train_validation(x_train, y_train, validation_size=5000, seed=42)
x_tr, x_val = prepare_images(x_tr), prepare_images(x_val)
print(f"training on {len(x_tr):,} images, validating on {len(x_val):,}")

# %% [markdown]
# ## A CNN in ten lines
# Here is a whole network, in the two code cells below; the first, `conv_block`, you write
# yourself. Read it from top to bottom: an image goes in, ten scores come out, one per digit, and
# the largest score is the network's answer. `keras.Input` gives a *Keras tensor*: a symbolic
# placeholder for a batch of images, with a shape (one image's, the batch size n left open) and no
# values yet. A layer is made with its settings, then called on a Keras tensor, as in
# `keras.layers.Flatten()(x)`: that records the layer and gives its output, the next Keras tensor,
# which the next layer is called on. `keras.Model(inputs, outputs)` makes the network that runs
# from the one to the other.
#
# - `conv_block` is a pair of layers, used twice. `Conv2D(filters, 3)` slides `filters` filters over
#   its input, each 3×3 across all its input's channels (3×3×1 on the image, 3×3×32 in the second
#   block) plus a bias; each makes a map of where its pattern appears. `relu` keeps the positive
#   part of each value. `MaxPooling2D()` then shrinks each map to half its height and width
#   (rounded down), keeping the strongest values.
# - The second block, with 64 filters, finds patterns made of the first block's patterns.
# - `Flatten` lines the maps up into one long vector. Each output of a `Dense` layer is a learned
#   weighted sum of all its inputs plus a bias (put through ReLU in the first): the first makes 128
#   *features* (numbers, each computed from the whole image, that the network learns to make
#   useful), the second 10 scores.

# %% [markdown]
# **Your turn (00.b).** Complete `conv_block`: call a `keras.layers.Conv2D` layer with `filters` 3×3
# filters and ReLU (written as for the first `Dense` layer below) on `x`, then a
# `keras.layers.MaxPooling2D()` layer on its output, and return what the pooling gives.

# %%
def conv_block(x, filters):
    """A 3x3 convolution with `filters` filters and ReLU, then 2x2 max pooling, applied to the Keras tensor x."""
    ### BEGIN SOLUTION
    x = keras.layers.Conv2D(filters, 3, activation="relu")(x)
    return keras.layers.MaxPooling2D()(x)
    ### END SOLUTION


# %%
conv_block = your_turn("00.b", conv_block)
inputs = keras.Input(shape=(28, 28, 1))
x = conv_block(inputs, 32)
x = conv_block(x, 64)
x = keras.layers.Flatten()(x)
x = keras.layers.Dense(128, activation="relu")(x)
outputs = keras.layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
print(f"{model.count_params():,} parameters to learn")

# %% [markdown]
# ## Train it
# `compile` chooses how to learn. The *loss* measures how wrong the scores are; here it is the
# *cross-entropy* for labels given as integers 0-9 (hence *Sparse*), not as ten 0/1 flags
# (*one-hot*). It turns the ten scores into probabilities, and is small only when the right digit's
# probability is close to 1. `from_logits=True` tells it that the network puts out raw scores
# (*logits*), not probabilities. The *optimizer*, Adam, decides how to nudge every parameter to
# lower the loss, and `accuracy` is reported as you go.
#
# `fit` then shows the network all training images once (one *epoch*), in batches of 32. After each
# batch it nudges the parameters, using the *gradient* of the loss over that batch's images: for
# each parameter, how fast the loss changes as that parameter grows (notebook 06 computes it and
# shows how Adam turns it into a step). The progress bar counts the batches (55,000 / 32 makes
# 1,719, the last one smaller). The bar ends with the time it counted; the time printed below it
# is longer, since it covers the whole `fit` call, set-up included: from 37 s to 158 s in ten runs
# on two CPU cores, depending on how busy the machine was.

# %%
# NBVAL_IGNORE_OUTPUT
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
start = time.perf_counter()
history = model.fit(x_tr, y_tr, epochs=1, batch_size=32)
print(f"trained in {time.perf_counter() - start:.0f} s")

# %% [markdown]
# ## How good is it?
# `evaluate` runs the network on the 5,000 validation images it has never trained on:

# %%
# NBVAL_IGNORE_OUTPUT
val_loss, val_accuracy = model.evaluate(x_val, y_val, verbose=0)
print(f"validation accuracy: {val_accuracy:.2%}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the batch count and accuracies the text states (click to open)
assert -(-len(x_tr) // 32) == 1719  # -(-a // b) rounds a / b up: batches of 32, the last one smaller
assert 0.975 <= val_accuracy <= 0.992, val_accuracy  # 98.0-98.6% over 10 seeds on 2 CPU cores
assert history.history["accuracy"][0] < val_accuracy, history.history

# %% [markdown]
# After one pass over the data, the network reads 98.6% of unseen digits correctly in the run
# shown. Your number depends on the seed and on your machine: over ten seeds it ranged from 98.0%
# to 98.6%. That is higher than the `accuracy` at the end of `fit`'s progress bar, although those
# were training images: `fit` shows an average over all the epoch's batches, most of them scored
# while the network was still learning, and `evaluate` scores the finished network. `predict`
# gives each image's ten scores; `argmax(axis=1)` gives the position of the largest, the digit it answers. Here are
# the first twenty validation digits with those answers; a wrong one would read `says 2 (is 7)`.
# At this accuracy expect at most a few wrong answers among twenty (none in the run shown);
# exercise 00.3 finds the first digit the network gets wrong.

# %%
predicted = model.predict(x_val[:20], verbose=0).argmax(axis=1)
titles = [f"says {p}" + ("" if p == t else f" (is {t})") for p, t in zip(predicted, y_val[:20], strict=True)]
plots.plot_image_grid(x_val[:20], titles, ncols=10, suptitle="Validation digits and the network's answers")
plt.show()

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: at most a few (four) wrong answers among the twenty, as the text says (click to open)
assert (predicted != y_val[:20]).sum() <= 4, (predicted, y_val[:20])

# %% [markdown]
# ## What each line does, lesson by lesson
# You have just run the whole game: data, network, training, evaluation. Each later notebook opens
# one of the boxes you used without looking inside. The series' own network, which notebooks 02 and
# 03 refer to and notebook 04 builds, is a bigger one, the original TensorFlow 1 tutorial's (5×5
# filters, a 1,024-unit `Dense` layer, dropout), so the 99.4% in row 05 is that network's, trained
# for two epochs with a learning-rate schedule, not this one's:
#
# | Notebook | Opens |
# |---|---|
# | 01 Exploring MNIST | the data: what the arrays hold, why divide by 255, why a validation set |
# | 02 Convolution | what `Conv2D` computes, written in NumPy |
# | 03 Pooling and receptive fields | what `MaxPooling2D` does, and how much of the image a unit sees |
# | 04 Building the CNN | every layer of the classic network typed out, with its shapes and parameters; the loss |
# | 05 Training the CNN | `compile` and `fit` in detail, a learning-rate schedule (how big each step's nudge is, over time), about 99.4% on the test set in its run |
# | 06 How the network learns | gradients, mini-batches, from plain gradient descent to Adam |
# | 07 Overfitting and dropout | why a network learns its training images by heart, and what dropout does |
# | 08 What the network learned | its filters and feature maps |
# | 09 Where the network looks | saliency, occlusion, Grad-CAM, and its weak spots |
# | 10 Your own handwriting | draw a digit and see what the network makes of it |
# | 11 Appendix: from TensorFlow 1 | the old tutorial this series modernises, and its mistakes |

# %% [markdown]
# ## How the series is organised
# - `student/`: the student edition, the one you work in (the Colab badges and `make lab` open it),
#   with the your-turn cells and exercises left for you to write.
# - `notebooks/`: the worked edition, the same notebooks with every answer written in; look there
#   once you have tried.
# - Run each notebook top to bottom; each works on its own. Trained networks are cached, so
#   notebook 08 reuses the network notebook 05 trains (if you start there, the copy that ships with
#   the helpers).
# - `helpers/`: the plumbing the notebooks share (loading data, plotting, caching), and, once a
#   notebook has taught a piece of code, the copy later notebooks reuse. Every method the series
#   teaches is written out in the notebook that teaches it.
# - In Colab, *Runtime → Change runtime type → GPU* makes training faster; no notebook needs it.

# %% [markdown]
# ## Summary
# - A CNN learns its own filters from labelled examples, layer after layer.
# - MNIST is 60,000 training and 10,000 test images of 28×28 pixels; you set 5,000 training images
#   aside for validation and scaled the pixels to [0, 1].
# - Ten lines of Keras defined a CNN with 225,034 parameters; `compile`, `fit` and `evaluate` trained and measured it.
# - One epoch, with `fit`'s set-up, took 37 s to 158 s on two CPU cores in ten runs (the time printed
#   above) and got 98.0-98.6% of the validation digits right (over ten seeds).

# %% [markdown]
# ## Exercises
# Replace each `...` with your answer and run the cell: `check` says whether you are right, without
# giving the answer away. Open exercises end with what to expect.
#
# **00.1** How many of the 10,000 test images show a digit from 5 to 9? Count them in `y_test`
# (counting labels chooses nothing, so the test set stays unspoiled).

# %%
five_to_nine = ...  # the number of test labels from 5 to 9
check("00.1", five_to_nine)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 00.1 (click to open)
five_to_nine = int((y_test >= 5).sum())  # True counts as 1
check("00.1", five_to_nine)

# %% [markdown]
# **00.2** Does the network read every digit equally well? Work out its accuracy on the validation
# images that show an 8, without `evaluate`. `model.predict(x_val, verbose=0)` gives ten scores for
# each image; the network's answer is the position of the largest (`argmax(axis=1)`). Of the images
# whose label in `y_val` is 8, what fraction does it answer 8? Compare it with the accuracy over all
# digits that `evaluate` printed.

# %%
accuracy_on_8s = ...  # a fraction between 0 and 1
check("00.2", accuracy_on_8s, model=model, validation=(x_val, y_val))

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 00.2 (click to open)
answers = model.predict(x_val, verbose=0).argmax(axis=1)  # the position of each image's largest score
is_8 = y_val == 8  # True for the images that show an 8
accuracy_on_8s = float(np.mean(answers[is_8] == 8))  # True counts as 1, False as 0
check("00.2", accuracy_on_8s, model=model, validation=(x_val, y_val))

# %% [markdown]
# **00.3** Find the index of the first validation image your network gets wrong, and draw it with
# `plt.imshow(x_val[first_mistake], cmap="gray")`. Would you have read it right?

# %%
first_mistake = ...  # an index into x_val
check("00.3", first_mistake, model=model, validation=(x_val, y_val))

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 00.3 (click to open)
mistakes = np.flatnonzero(model.predict(x_val, verbose=0).argmax(axis=1) != y_val)
first_mistake = int(mistakes[0])
check("00.3", first_mistake, model=model, validation=(x_val, y_val))

# %% [markdown]
# **00.4** (Open) Train a second network like the first, but for 3 epochs, and compare its
# validation accuracy and its training time with the first. Pass `validation_data=(x_val, y_val)`
# to `fit`, and it reports the validation accuracy after every epoch. Is a second epoch worth its
# time? A third?

# %%
model_3 = keras.models.clone_model(model)  # the same layers, new random weights
# your code: compile model_3 as above, then time model_3.fit(..., epochs=3, validation_data=(x_val, y_val))

# %% [markdown]
# <details><summary>What to expect (click to open)</summary>
#
# Each epoch takes about as long as the first one did on its progress bar. The time you printed
# for the first `fit` was longer than that, because it also covers the set-up before the first
# step, which every `fit` call pays once; scoring the validation images after each epoch adds a
# little more. So three epochs take about three times the first progress bar's time, plus one
# set-up and the validation scoring; compare the times on the progress bars. After one epoch the
# network already reads 98.0% to 98.6% of the validation digits (over ten seeds), so the next
# epochs can win back at most the mistakes, about 70 to 100 of the 5,000 (one image is 0.02%).
# Within model_3, the accuracy after each epoch shows what that epoch added. Between model_3 and
# `model`, which started from different random weights, weigh the difference against that spread:
# a smaller one could be the luck of the start. Compare the training accuracy `fit` reports (an
# average over the epoch, so it starts out lower) with the validation accuracy too: a training
# accuracy that pulls ahead is the start of learning the training images by heart, which notebook
# 07 shows in full on 300 images over 50 epochs.
# </details>

# %% [markdown]
# ## Further reading
# - [TensorFlow 2 quickstart for beginners](https://www.tensorflow.org/tutorials/quickstart/beginner):
#   the same game with a smaller network.
# - [Dive into Deep Learning, chapter 7: Convolutional Neural Networks](https://d2l.ai/chapter_convolutional-neural-networks/index.html).
# - [Keras: the functional API](https://keras.io/guides/functional_api/): `keras.Input`, and layers
#   called on tensors.
