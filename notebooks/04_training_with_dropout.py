# %% [markdown]
# # Training the CNN with dropout
#
# Train the network of notebook 03 on all of MNIST to 99.3% test accuracy or more in a few minutes
# on a CPU, watch dropout at work, and evaluate the result honestly.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/04_training_with_dropout.ipynb)
#
# ## What you will learn
# - How to feed a network with a `tf.data` input pipeline, and why the validation set is carved
#   out of the training set while the test set waits until the end.
# - What dropout does to a layer's output, in training and at test time.
# - How a learning-rate schedule (warm-up, then cosine decay) trains this network in 2 epochs.
# - What `model.fit` does, by writing a few steps of it yourself with `tf.GradientTape`.
# - How to evaluate a classifier: accuracy per class, the confusion matrix, its mistakes and its confidence.

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
from helpers.models import build_cnn
from helpers.training import (SERIES_RECIPE, Recipe, learning_rate_schedule, make_dataset,
                              split_train_validation, to_model_input, trained_cnn)

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}; random seed {SEED}")

# %% [markdown]
# ## The data, three ways split
#
# A network that is tuned while looking at the test set will look better on it than it really is.
# So you keep three sets apart:
# - the *training set* (55,000 images) that the weights are fitted to;
# - the *validation set* (5,000 images carved from the 60,000 training images) that you watch
#   while you choose settings such as the learning rate or the dropout rate;
# - the *test set* (10,000 images), used once, at the very end, to report the accuracy.

# %%
(x_all, y_all), (x_test, y_test) = load_mnist()
(x_train, y_train), (x_val, y_val) = split_train_validation(
    x_all, y_all, SERIES_RECIPE.validation_size, seed=SERIES_RECIPE.seed)
print(f"training {x_train.shape}, validation {x_val.shape}, test {x_test.shape}")
assert (len(x_train), len(x_val), len(x_test)) == (55000, 5000, 10000)

# %% [markdown]
# ### An input pipeline with `tf.data`
#
# `make_dataset` builds the pipeline the training uses. It keeps the `uint8` images in memory
# (`cache`), shuffles them into a new order every epoch (`shuffle`, seeded so runs repeat),
# groups them into batches of 64 (`batch`), scales each batch to floats in [0, 1] (`map`), and
# prepares the next batch while the model works on the current one (`prefetch`).

# %%
train_ds = make_dataset(x_train, y_train, SERIES_RECIPE.batch_size, shuffle=True, seed=SEED)
images, labels = next(iter(train_ds))
print(f"one batch: images {tuple(images.shape)} {images.dtype.name}, labels {tuple(labels.shape)} {labels.dtype.name}")
print(f"pixel range [{float(tf.reduce_min(images)):.0f}, {float(tf.reduce_max(images)):.0f}]; "
      f"batches per epoch: {len(train_ds)}")
assert images.shape == (64, 28, 28, 1) and len(train_ds) == 860

# %% [markdown]
# Notice that 55,000 / 64 is not a whole number: the last of the 860 batches is smaller.
#
# ## Dropout, watched
#
# *Dropout* sets a random fraction of a layer's outputs to zero at every training step, so no unit
# can rely on one particular other unit being there; the network has to spread what it knows.
# The units that survive are scaled up by 1 / (1 − rate), so the layer's output keeps the same
# average. At test time dropout does nothing. Keras's `Dropout(rate)` takes the fraction to *drop*:
# the original tutorial's *keep* probability of 0.6 is `rate=0.4`.

# %%
dropout = keras.layers.Dropout(rate=0.4, seed=SEED)
x = np.ones((1, 10), dtype="float32")
print("training=True :", np.round(dropout(x, training=True).numpy(), 3))
print("training=True :", np.round(dropout(x, training=True).numpy(), 3))
print("training=False:", dropout(x, training=False).numpy())

# %%
big = dropout(np.ones((1000, 1000), dtype="float32"), training=True).numpy()
survivors = big[big > 0]
print(f"fraction dropped: {np.mean(big == 0):.2f}; every survivor equals 1 / 0.6 = {1 / 0.6:.4f}: "
      f"{np.allclose(survivors, 1 / 0.6)}; mean output: {big.mean():.2f}")
assert abs(np.mean(big == 0) - 0.4) < 0.01 and np.allclose(survivors, 1 / 0.6) and abs(big.mean() - 1) < 0.01
assert np.array_equal(dropout(x, training=False).numpy(), x)

# %% [markdown]
# Each call drops different units; with `training=False` the layer returns its input unchanged.
#
# ## The learning-rate schedule
#
# The original tutorial ran only 20 steps (notebook 03 explains why that is not enough). TensorFlow's
# old "Deep MNIST for experts" tutorial trained the same network with Adam at a constant learning
# rate of 1e-4, in batches of 50, for 20,000 steps: 1,000,000 images, about 18 passes over its
# 55,000 training images. A larger learning rate learns faster but is unstable at the start, when
# the weights are random, and too coarse at the end, when the weights need fine adjustment. A
# *schedule* gets the best of both: a linear *warm-up* from 0 to a peak of 3e-3 over the first 10% of
# the steps, then a *cosine decay* back to 0.

# %%
steps_per_epoch = len(train_ds)
schedule = learning_rate_schedule(SERIES_RECIPE, steps_per_epoch)
steps = np.arange(SERIES_RECIPE.epochs * steps_per_epoch)
rates = np.array([float(schedule(s)) for s in steps])
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(steps / steps_per_epoch, rates)
ax.set_xlabel("epoch")
ax.set_ylabel("learning rate")
ax.set_title("Warm-up, then cosine decay")
plt.show()

# %%
print(f"{SERIES_RECIPE.epochs} epochs x {steps_per_epoch} steps; peak learning rate {rates.max():.0e} "
      f"at step {rates.argmax()}")
assert SERIES_RECIPE.epochs == 2 and np.isclose(rates.max(), 3e-3) and rates.argmax() == 172
assert 20_000 * 50 == 1_000_000 and round(1_000_000 / 55_000) == 18

# %% [markdown]
# ## Train on all of MNIST
#
# `trained_cnn()` builds the network of notebook 03 (`build_cnn()`), compiles it with Adam, the
# schedule and cross-entropy on logits, and calls `model.fit` on the pipeline for 2 epochs,
# checking the validation set after each. Training takes about a minute and a half on two CPU cores. The
# trained model is cached on disk under a key made from the whole recipe, so running this notebook
# again, or notebook 05, loads it in a second instead of training it again (`make clean` empties
# the cache). The log below is printed only when the model is actually trained.

# %%
# NBVAL_IGNORE_OUTPUT
trained = trained_cnn(SERIES_RECIPE, verbose=2)
model, history = trained.model, trained.history
print(("Loaded from the cache; it was trained in" if trained.from_cache else "Trained in")
      + f" {trained.seconds:.0f} s")

# %%
plots.plot_history(history, title="Training vs validation, 2 epochs")
plt.show()

# %% [markdown]
# In epoch 1 the training accuracy is *below* the validation accuracy, and the training loss above
# the validation loss: the training numbers are averaged over an epoch in which the weights were
# still far from good, and measured with dropout on. The validation loss keeps falling to the last
# epoch: no sign of overfitting in 2 epochs.

# %%
assert history["accuracy"][0] < history["val_accuracy"][0] and history["loss"][0] > history["val_loss"][0]
assert np.all(np.diff(history["val_loss"]) < 0)
print("Epoch 1: training accuracy below validation accuracy; validation loss falls every epoch.")
#
# ## Test accuracy: used once
#
# Now, and only now, the test set.

# %%
logits = model.predict(to_model_input(x_test), batch_size=1000, verbose=0)
probabilities = tf.nn.softmax(logits).numpy()
predicted = probabilities.argmax(axis=1)
test_accuracy = float(np.mean(predicted == y_test))
errors = int(np.sum(predicted != y_test))

# %%
# NBVAL_IGNORE_OUTPUT
print(f"Test accuracy: {test_accuracy:.2%} ({errors} of 10,000 test digits wrong)")

# %%
assert test_accuracy >= 0.993 and errors <= 70, test_accuracy
assert history["val_accuracy"][-1] >= 0.99
assert SERIES_RECIPE.epochs * len(x_train) == 110_000 and 1_000_000 / 110_000 > 9
print("Test accuracy is at least 99.3%: at most 70 of the 10,000 test digits are misclassified.")

# %% [markdown]
# After 2 epochs, 110,000 training images in all, the network gets at least 99.3% of the test
# digits right, from nine times fewer images than the old recipe's 1,000,000.
#
# ### Accuracy per class and the confusion matrix
#
# One number hides where the mistakes are. A *confusion matrix* counts, for each true class (row),
# how often each class was predicted (column); the diagonal holds the hits.

# %%
confusion = tf.math.confusion_matrix(y_test, predicted, num_classes=10).numpy()
per_class = confusion.diagonal() / confusion.sum(axis=1)
fig, (ax_bar, ax_cm) = plt.subplots(1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [1, 1.2]})
ax_bar.bar(range(10), per_class * 100, color="tab:blue")
ax_bar.set_ylim(97, 100)
ax_bar.set_xticks(range(10))
ax_bar.set_xlabel("digit")
ax_bar.set_ylabel("test accuracy (%)")
ax_bar.set_title("Accuracy per class")
plots.plot_confusion_matrix(confusion, ax=ax_cm, title="Confusion matrix (test set)")
plt.show()

# %%
assert confusion.sum() == 10000 and per_class.min() > 0.97
off_diagonal = confusion - np.diag(confusion.diagonal())
pairs = sorted(((off_diagonal[i, j], i, j) for i in range(10) for j in range(10) if off_diagonal[i, j]), reverse=True)
both_ways = sorted(((off_diagonal[i, j] + off_diagonal[j, i], i, j) for i in range(10) for j in range(i + 1, 10)),
                   reverse=True)
top5_share = sum(n for n, _, _ in both_ways[:5]) / errors
assert top5_share > 0.3, both_ways[:5]
print("Every class is recognised more than 97% of the time.")
print("The 5 most-confused of the 45 pairs of digits account for more than 30% of the mistakes.")

# %%
# NBVAL_IGNORE_OUTPUT
print("Most-confused pairs, either way (count):", ", ".join(f"{i}↔{j}: {n}" for n, i, j in both_ways[:5]))
print(f"They hold {top5_share:.0%} of the {errors} mistakes.")
print("Most frequent single mistakes (true -> predicted: count):",
      ", ".join(f"{i}->{j}: {n}" for n, i, j in pairs[:5]))
print(f"Hardest class: {per_class.argmin()} ({per_class.min():.1%}); easiest: {per_class.argmax()} ({per_class.max():.1%})")

# %% [markdown]
# The mistakes are not spread evenly over the 45 possible pairs of digits: a handful of pairs whose
# shapes overlap take a large share, such as a 4 with a closed top and a 9 (the pair notebook 01
# found closest in pixel space), a 3 and a 5, or a 5 and a 9. Which pairs lead differs a little
# from one training run to the next; the list above is this model's.
#
# ### The mistakes, looked at
#
# Here are the misclassified test digits on which the model was most confident. Many of them are
# hard for people too.

# %%
wrong = np.flatnonzero(predicted != y_test)
wrong = wrong[np.argsort(-probabilities[wrong].max(axis=1))][:20]
titles = [f"{y_test[i]}→{predicted[i]} ({probabilities[i].max():.0%})" for i in wrong]
plots.plot_image_grid(x_test[wrong], titles, ncols=10, suptitle="Misclassified: true→predicted (confidence)")
plt.show()

# %% [markdown]
# ### Is the confidence honest?
#
# A model is *calibrated* when, among the predictions it makes with 90% confidence, about 90% are
# right. Group the test predictions by their confidence and compare:

# %%
confidence = probabilities.max(axis=1)
bins = np.array([0.0, 0.6, 0.8, 0.9, 0.99, 0.999, 1.0])
which = np.digitize(confidence, bins[1:-1])
rows = [(bins[b], bins[b + 1], np.sum(which == b), np.mean((predicted == y_test)[which == b]))
        for b in range(len(bins) - 1) if np.any(which == b)]
fig, ax = plt.subplots(figsize=(6, 3))
ax.bar([f"{lo:.3g}–{hi:.3g}" for lo, hi, _, _ in rows], [acc * 100 for *_, acc in rows], color="tab:green")
ax.set_xlabel("confidence of the prediction")
ax.set_ylabel("accuracy in that group (%)")
ax.set_title("Confidence vs accuracy (test set)")
plt.show()

# %%
high, low = confidence > 0.99, confidence < 0.9
assert high.mean() > 0.9 and np.mean(predicted[high] == y_test[high]) > 0.998
assert np.mean(predicted[low] == y_test[low]) < 0.9 and np.sum(predicted[low] != y_test[low]) > errors / 3
print("More than 90% of the predictions are made with more than 99% confidence, and those are right more than "
      "99.8% of the time.")
print("Below 90% confidence, fewer than 90% of the predictions are right, and more than a third of all mistakes are there.")

# %% [markdown]
# Most predictions are made with very high confidence, and those are almost always right; the few
# predictions made with less than 90% confidence hold a large share of the mistakes.

# %% [markdown]
# ## What `fit` does, made visible
#
# `model.fit` repeats one *training step* for every batch: run the batch forward, compute the loss,
# let `tf.GradientTape` compute the gradient of the loss with respect to every weight, and let the
# optimiser move the weights a little against the gradient. Here are 60 such steps written out, on a
# fresh network, next to `fit` running on the same 60 batches from the same starting weights (only
# the random dropout masks differ).

# %%
def fresh_model_and_optimizer():
    helpers.seed_everything(SEED)
    return build_cnn(), keras.optimizers.Adam(1e-3)


loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
few_batches = make_dataset(x_train[:60 * 128], y_train[:60 * 128], 128)  # already in random order

model_by_hand, optimizer = fresh_model_and_optimizer()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model_by_hand(images, training=True))
    gradients = tape.gradient(loss, model_by_hand.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model_by_hand.trainable_variables, strict=True))
    return loss


losses_by_hand = [float(train_step(images, labels)) for images, labels in few_batches]

model_fit, optimizer_fit = fresh_model_and_optimizer()
model_fit.compile(optimizer=optimizer_fit, loss=loss_fn)
losses_fit = []
record_loss = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: losses_fit.append(logs["loss"]))
history_fit = model_fit.fit(few_batches, epochs=1, verbose=0, shuffle=False, callbacks=[record_loss])

# %%
running_mean_by_hand = np.cumsum(losses_by_hand) / np.arange(1, len(losses_by_hand) + 1)
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(losses_by_hand, alpha=0.4, label="your loop, per step")
ax.plot(running_mean_by_hand, label="your loop, running mean")
ax.plot(losses_fit, "--", label="model.fit (reports the running mean)")
ax.set_xlabel("step")
ax.set_ylabel("training loss")
ax.set_title("60 training steps, two ways")
ax.legend()
plt.show()

# %%
first, last = np.mean(losses_by_hand[:5]), np.mean(losses_by_hand[-10:])
assert first > 1.5 and last < 0.6, (first, last)
assert len(losses_fit) == len(losses_by_hand) == 60
assert abs(running_mean_by_hand[-1] - losses_fit[-1]) < 0.1, (running_mean_by_hand[-1], losses_fit[-1])
acc_by_hand = float(np.mean(model_by_hand.predict(to_model_input(x_val[:2000]), verbose=0).argmax(1) == y_val[:2000]))
acc_fit = float(np.mean(model_fit.predict(to_model_input(x_val[:2000]), verbose=0).argmax(1) == y_val[:2000]))
assert acc_by_hand > 0.85 and abs(acc_by_hand - acc_fit) < 0.03, (acc_by_hand, acc_fit)
print("After 60 steps the running mean losses of the two agree within 0.1, and both networks classify more than "
      "85% of 2,000 validation digits correctly, within 3 points of each other.")

# %% [markdown]
# Notice that `fit` reports the *running mean* of the loss over the epoch so far, so its curve is
# smoother than the per-step loss of your loop; compare it with your loop's running mean. The two
# networks end up alike: `fit` is this loop, plus bookkeeping.
#
# ## Dropout against overfitting
#
# With 55,000 training images, this network barely overfits in 2 epochs. To see what dropout is
# for, give it few images and many epochs: 1,000 images, 15 epochs, at a constant learning rate,
# with dropout rates 0, 0.4 and 0.8. Each run is cached like the main model.

# %%
# NBVAL_IGNORE_OUTPUT
ablation_rates = (0.0, 0.4, 0.8)
ablation = {}
for rate in ablation_rates:
    recipe = Recipe(dropout_rate=rate, epochs=15, train_size=1000, validation_size=1000,
                    peak_learning_rate=1e-3, warmup_fraction=0.0, batch_size=50)
    run = trained_cnn(recipe)
    ablation[rate] = run
    print(f"dropout {rate}: {'cached' if run.from_cache else f'trained in {run.seconds:.0f} s'}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True)
for ax, rate in zip(axes, ablation_rates, strict=True):
    h = ablation[rate].history
    epochs = np.arange(1, len(h["loss"]) + 1)
    ax.plot(epochs, h["loss"], label="training")
    ax.plot(epochs, h["val_loss"], "--", label="validation")
    ax.set_title(f"dropout rate {rate}")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("loss (cross-entropy)")
axes[0].legend()
fig.suptitle("1,000 training images, 15 epochs (training loss measured with dropout on)")
fig.tight_layout()
plt.show()

# %%
(x_small, y_small), (x_small_val, y_small_val) = split_train_validation(x_all, y_all, 1000, seed=SERIES_RECIPE.seed)
x_small, y_small = x_small[:1000], y_small[:1000]  # the images the ablation runs trained on


def loss_on(model, x, y):
    """Mean cross-entropy of ``model`` on uint8 images ``x``, with dropout off."""
    return float(loss_fn(y, model(to_model_input(x), training=False)))


gaps = {rate: loss_on(run.model, x_small_val, y_small_val) - loss_on(run.model, x_small, y_small)
        for rate, run in ablation.items()}
no_dropout = ablation[0.0].history
assert no_dropout["loss"][-1] < 0.01 and no_dropout["val_loss"][-1] > min(no_dropout["val_loss"]) + 0.01
assert gaps[0.8] < 0.85 * gaps[0.0], gaps
print("Without dropout the training loss ends below 0.01 while the validation loss is above its minimum.")
print("Validation loss minus training loss (both measured with dropout off) is at least 15% smaller with "
      "dropout rate 0.8 than without dropout.")

# %%
# NBVAL_IGNORE_OUTPUT
for rate, gap in gaps.items():
    print(f"dropout {rate}: gap {gap:.3f}, final validation accuracy {ablation[rate].history['val_accuracy'][-1]:.1%}")

# %% [markdown]
# Without dropout, the training loss falls towards zero while the validation loss stops falling and
# creeps up again: the network memorises its 1,000 images. The curves above measure the training
# loss with dropout on, which inflates it; measured fairly, with dropout off, the gap between
# validation and training loss is still clearly smaller with strong dropout.
#
# ## Summary
# - A `tf.data` pipeline feeds the network shuffled, scaled batches; the validation set comes out
#   of the training images, and the test set was used once, at the end.
# - Dropout zeroes a random 40% of the dense layer's outputs in training and scales the rest by
#   1/0.6; at test time it does nothing.
# - A warm-up + cosine schedule trains the network to at least 99.3% test accuracy in 2 epochs.
# - Every class is recognised more than 97% of the time; the confusion matrix shows which digits
#   are mistaken for which.
# - `fit` is a loop of `GradientTape` steps; on a small training set, strong dropout narrows the
#   gap between training and validation loss.
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. How many of the 10,000 test digits does the model get wrong?
# 2. Find the index of the misclassified test digit on which the model is *most* confident.
# 3. Which true class has the lowest accuracy?
# 4. (Open) Train with a constant learning rate of 1e-3 instead of the schedule
#    (`Recipe(peak_learning_rate=1e-3, warmup_fraction=0.0)`) and compare the test accuracy.
# 5. (Open) Try dropout rates 0.2 and 0.6 in the small-data experiment. Where is the validation loss lowest?

# %%
answer_1 = ...  # the number of misclassified test digits
answer_2 = ...  # the test index of the most confident mistake
answer_3 = ...  # the digit with the lowest per-class accuracy

print(check("Exercise 1", answer_1, errors))
print(check("Exercise 2", answer_2, int(wrong[0])))
print(check("Exercise 3", answer_3, int(per_class.argmin())))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# ```python
# answer_1 = int(np.sum(predicted != y_test))
# mistakes = np.flatnonzero(predicted != y_test)
# answer_2 = int(mistakes[np.argmax(probabilities[mistakes].max(axis=1))])
# answer_3 = int(per_class.argmin())
#
# # 4: constant learning rate
# constant = trained_cnn(Recipe(peak_learning_rate=1e-3, warmup_fraction=0.0))
# acc = np.mean(constant.model.predict(to_model_input(x_test), verbose=0).argmax(1) == y_test)
#
# # 5: more dropout rates
# for rate in (0.2, 0.6):
#     run = trained_cnn(Recipe(dropout_rate=rate, epochs=15, train_size=1000, validation_size=1000,
#                              peak_learning_rate=1e-3, warmup_fraction=0.0, batch_size=50))
#     print(rate, min(run.history["val_loss"]))
# ```
# </details>
#
# ## Further reading
# - N. Srivastava et al., [Dropout: a simple way to prevent neural networks from overfitting](https://jmlr.org/papers/v15/srivastava14a.html), JMLR 2014.
# - I. Loshchilov, F. Hutter, [SGDR: stochastic gradient descent with warm restarts](https://arxiv.org/abs/1608.03983) (cosine schedules).
# - [tf.data: build TensorFlow input pipelines](https://www.tensorflow.org/guide/data).
# - [Dive into Deep Learning: dropout](https://d2l.ai/chapter_multilayer-perceptrons/dropout.html).
