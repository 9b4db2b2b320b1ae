# %% [markdown]
# # How the network learns
#
# Open the box `fit` hid in notebook 05: one training step written out, why the data comes in
# mini-batches, how Adam improves on plain gradient descent, and how to pick a learning rate.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/06_how_the_network_learns.ipynb)
#
# ## What you will learn
# - What one training step does, written out with `tf.GradientTape`: forward pass, loss, gradients, update.
# - Why the data is fed in mini-batches, and what the batch size trades: time against progress per image.
# - How momentum and Adam change plain gradient descent, with a NumPy version of Adam's update
#   checked against Keras's.
# - What too small and too large learning rates do, and why the series' schedule warms up to 3e-3,
#   then decays.

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
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from helpers.cache import cached_result
from helpers.data import load_mnist
from helpers.models import build_cnn
from helpers.training import make_dataset, split_train_validation, to_model_input
from mnist_exercises import check

(x_all, y_all), _ = load_mnist()
(x_train, y_train), (x_val, y_val) = split_train_validation(x_all, y_all, 5000, seed=42)
X_val = to_model_input(x_val[:2000])  # 2,000 validation digits are enough to compare runs
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %% [markdown]
# ## One training step, written out
# Training minimises the loss $L(w)$ of the network's weights $w$ on the training data. The
# *gradient* $\nabla L(w)$ says, for every weight, how much the loss changes when that weight is
# nudged; stepping against it lowers the loss. *Gradient descent* repeats
#
# $$w \leftarrow w - \eta \, \nabla L(w)$$
#
# with a small *learning rate* $\eta$. `tf.GradientTape` records the forward pass and then computes
# every gradient at once (*backpropagation*). Here is one step on one batch of 64 digits:

# %%
# NBVAL_IGNORE_OUTPUT
helpers.seed_everything(42)
model = build_cnn()
images, labels = to_model_input(x_train[:64]), y_train[:64]
learning_rate = 0.1

with tf.GradientTape() as tape:
    logits = model(images, training=True)  # training=True: dropout on, as during training
    loss = loss_fn(labels, logits)
gradients = tape.gradient(loss, model.trainable_variables)  # one gradient per weight tensor
loss_before = loss_fn(labels, model(images, training=False))  # dropout off: the same network function twice
for weight, gradient in zip(model.trainable_variables, gradients, strict=True):
    weight.assign_sub(learning_rate * gradient)  # w <- w - lr * gradient

loss_after = loss_fn(labels, model(images, training=False))
print(f"{len(gradients)} gradient tensors, shaped like the weights: {[tuple(g.shape) for g in gradients[:2]]} ...")
print(f"loss on this batch, dropout off: {float(loss_before):.3f} before the step, {float(loss_after):.3f} after")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the step lowered the loss on its batch (click to open)
assert float(loss_after) < float(loss_before) - 0.01

# %% [markdown]
# `fit` is this step in a loop over the batches, with an optimizer deciding the update, and
# bookkeeping around it (progress, metrics, validation). One step lowered the loss on its own batch
# (measured with dropout off both times, so that only the step differs); notebook 05's training took
# 1,720 of them.
#
# ## Why mini-batches
# The loss is an average over the training images. Computing its gradient on *all* 55,000 images
# for every step would give the exact direction but only one step per pass over the data. Using *one*
# image per step gives 55,000 steps per pass, each in a noisy direction, and leaves most of the
# processor's parallel arithmetic idle. A *mini-batch* of a few dozen images is the usual compromise:
# its gradient is a noisy but useful estimate, and the images of a batch are computed together.
#
# Measure it: train the network from the same start on the same 6,400 images with batches of 16, 64
# and 256, and record the time and the validation accuracy reached. A *callback* is an object whose
# methods `fit` calls at set moments (after each step, after each epoch); `LearningCurves` in notebook
# 05 was one. The one in `train_on_images` (made by `keras.callbacks.LambdaCallback` from a short
# `lambda` function) runs at the end of every step and appends two numbers to two lists:
# the loss Keras reports and the time on the clock. Keras reports, after each step, the
# mean loss of the steps so far, so `train_on_images` multiplies it back by the step count and takes
# differences to get each step's own loss. The clock is read from the end of step 1, so the first
# step's one-off set-up is not timed; the time of the steps after it is scaled up to all the steps.
# `cached_result(f, **arguments)` runs `f(**arguments)` once,
# saves what it returns on disk under a key made from the function's code and the arguments, and from then
# on reads it back instead of training again, so running the notebook again takes seconds.

# %%
def train_on_images(batch_size, optimizer="adam", learning_rate=1e-3, n_images=6400, seed=42):
    """Train a fresh series network on the first `n_images` training digits; return its curve and time."""
    helpers.seed_everything(seed)
    net = build_cnn()
    make_optimizer = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD,
                      "momentum": lambda learning_rate: keras.optimizers.SGD(learning_rate, momentum=0.9)}
    net.compile(optimizer=make_optimizer[optimizer](learning_rate=learning_rate), loss=loss_fn)
    losses, clock = [], []
    # After every step, fit calls this lambda, which appends the reported loss to `losses` and the time to
    # `clock`. (The lambda returns the pair of what the two appends return, None and None; nothing uses it.)
    record = keras.callbacks.LambdaCallback(on_train_batch_end=lambda step, logs: (
        losses.append(logs["loss"]), clock.append(time.perf_counter())))
    data = make_dataset(x_train[:n_images], y_train[:n_images], batch_size, shuffle=True, seed=seed)
    net.fit(data, epochs=1, callbacks=[record], shuffle=False)
    # The clock runs from the end of step 1 (its set-up left out) to the end of the last step: n - 1 steps.
    # Scaled by n / (n - 1), that is an estimate of the time all n steps take without the set-up.
    seconds = (clock[-1] - clock[0]) * len(clock) / (len(clock) - 1)  # timed from step 1's end: no set-up
    accuracy = float(np.mean(net.predict(X_val, verbose=0).argmax(axis=1) == y_val[:2000]))
    totals = np.array(losses) * np.arange(1, len(losses) + 1)  # Keras reports the mean so far: un-average it
    return {"seconds": seconds, "val_accuracy": accuracy, "step_losses": np.diff(totals, prepend=0.0).tolist()}

# %%
# NBVAL_IGNORE_OUTPUT
batch_sizes = [16, 64, 256]
by_batch = {}
for b in batch_sizes:
    print(f"batch size {b}:")
    by_batch[b] = cached_result(train_on_images, batch_size=b)

# %%
epoch_seconds = [by_batch[b]["seconds"] * 55000 / 6400 for b in batch_sizes]
fig, (ax_time, ax_acc) = plt.subplots(1, 2, figsize=(9, 3))
ax_time.bar([str(b) for b in batch_sizes], epoch_seconds, color="tab:blue")
ax_time.set(xlabel="batch size", ylabel="seconds per epoch (estimated)", title="Time for one pass over 55,000 images")
ax_acc.bar([str(b) for b in batch_sizes], [100 * by_batch[b]["val_accuracy"] for b in batch_sizes], color="tab:green")
ax_acc.set(xlabel="batch size", ylabel="validation accuracy (%)", ylim=(50, 100),
           title="After the same 6,400 images")
fig.tight_layout()
plt.show()

# %%
# NBVAL_IGNORE_OUTPUT
for b, s in zip(batch_sizes, epoch_seconds, strict=True):
    print(f"batch {b:3d}: {6400 // b:3d} steps, about {s:.0f} s per epoch, "
          f"validation accuracy {by_batch[b]['val_accuracy']:.1%}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: 256 learns least from the same images, 16 and 64 about alike; 16 slower than 64 (click to open)
acc = [by_batch[b]["val_accuracy"] for b in batch_sizes]
assert min(acc[0], acc[1]) > acc[2] + 0.02 and acc[1] > 0.93 and abs(acc[0] - acc[1]) < 0.02
assert by_batch[16]["seconds"] > 1.2 * by_batch[64]["seconds"]  # the only timing asserted: the rest is noise

# %% [markdown]
# Per image, batches of 16 are slower than batches of 64: each step pays a fixed overhead, and small
# batches leave most of the processor's parallel arithmetic idle. In the run shown, batches of 256 were
# a little faster per image than 64, but the same 6,400 images give them only
# 25 steps, and they get the least far. Batches of 64 take 100 steps, learn about as much from the 6,400
# images as batches of 16 do (96.0% against 96.2% in the run shown), and finish an epoch sooner than 16
# (the bars show by how much on this machine; the exact times vary with its load). That balance is why
# the series uses 64. The original tutorial used 50, close to 64 (not measured here).
#
# ## From gradient descent to Adam
# Plain *stochastic gradient descent* (SGD) uses each batch's gradient $g_t$ as it is:
# $w \leftarrow w - \eta\, g_t$. Two problems: noisy gradients make it zig-zag, and one learning rate
# must suit every weight, although some weights get large gradients and some tiny ones.
#
# - *Momentum* keeps a running direction $u$ (its *velocity*), $u \leftarrow \mu u + g_t$,
#   $w \leftarrow w - \eta u$ (with $\mu = 0.9$): noise averages out, and steps grow along directions
#   that stay consistent.
# - *Adam* keeps, per weight, a running mean of the gradient (the *first moment*
#   $m \leftarrow \beta_1 m + (1-\beta_1) g_t$) and of its square (the *second moment*
#   $v \leftarrow \beta_2 v + (1-\beta_2) g_t^2$). Both start at 0 and would be too small for the
#   first steps, so the *bias correction* divides each by one minus its beta to the power $t$ at step
#   $t$: $\hat m = m / (1 - \beta_1^t)$, $\hat v = v / (1 - \beta_2^t)$. Adam then steps by
#   $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$, where the small $\epsilon$ avoids
#   dividing by zero.
#   Dividing by $\sqrt{\hat v}$ makes the step independent of the gradient's size: multiply a weight's
#   gradients by 100 and its steps stay the same. The step is $\eta$ when the recent gradients agree
#   in sign and size; it is smaller when their signs differ, because opposite signs cancel in $\hat m$ but not in the
#   squares that make up $\hat v$; and it can exceed $\eta$, by up to about 3 times with Keras's
#   defaults, when a large gradient follows a quiet stretch.
#
# Here is one Adam step in NumPy. Keras, like TensorFlow 1's `AdamOptimizer`, folds both corrections
# into the step size, $\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$, and adds $\epsilon$ to
# $\sqrt{v}$; that is the same update up to where $\epsilon$ sits. `adam_step` below does the same,
# so it matches Keras to float32 precision. The test below gives five rows of weights the same random gradients, multiplied
# by 0.01, 0.1, 1, 10 and 100 in turn, and runs three steps in NumPy and in Keras. On the Keras side,
# `keras.Variable(w0)` holds a copy of the weights that an optimizer may change in place (as a layer's
# weights are held), and `keras_adam.apply_gradients([(g, variable)])` does one Adam step on it with
# gradient `g`, what `fit` does for every weight after each batch.

# %%
def adam_step(w, g, m, v, t, lr=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam update of weights w with gradient g at step t (1, 2, ...); returns new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g         # first moment: running mean of the gradient
    v = beta_2 * v + (1 - beta_2) * g**2      # second moment: running mean of its square
    lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)  # both bias corrections, folded into the step
    return w - lr_t * m / (np.sqrt(v) + epsilon), m, v


rng = np.random.default_rng(0)
w0 = rng.normal(size=(5, 3)).astype(np.float32)
sizes = np.array([[0.01], [0.1], [1.0], [10.0], [100.0]], dtype=np.float32)  # one gradient size per row
grads = [(sizes * rng.normal(size=3)).astype(np.float32) for _ in range(3)]  # each row: the same numbers, scaled
w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
variable, keras_adam = keras.Variable(w0), keras.optimizers.Adam(learning_rate=1e-3)
steps = []
for t, g in enumerate(grads, start=1):
    w_before = w
    w, m, v = adam_step(w, g, m, v, t)
    steps.append(np.abs(w - w_before))  # how far each weight moved in this step
    keras_adam.apply_gradients([(g, variable)])
print(f"after 3 steps, the same weights as Keras's Adam (to 1e-6): {np.allclose(w, variable.numpy(), atol=1e-6)}")
adam_move = np.mean(steps, axis=(0, 2))  # per row: the mean size of one step
sgd_move = np.mean(np.abs(1e-3 * np.array(grads)), axis=(0, 2))  # SGD's steps, lr * g, for comparison
for size, adam, sgd in zip(sizes[:, 0], adam_move, sgd_move, strict=True):
    print(f"gradients of size {size:<5g} mean step: Adam {adam:.5f}, SGD with the same lr {sgd:.0e}")
print(f"largest single Adam step: {np.max(steps):.5f}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: NumPy's Adam is Keras's; its steps ignore the gradient's size, average 0.56 lr (click to open)
np.testing.assert_allclose(w, variable.numpy(), rtol=1e-6, atol=1e-7)
np.testing.assert_allclose(adam_move, adam_move[2], rtol=1e-2)  # every row alike
assert np.max(steps) <= 1e-3 * (1 + 1e-6) and np.isclose(sgd_move[-1] / sgd_move[0], 1e4, rtol=1e-3)
assert 0.5e-3 < adam_move.mean() < 0.6e-3  # "0.00056, a little over half the learning rate"
np.testing.assert_allclose(steps[0], 1e-3, rtol=1e-2)  # step 1: every weight moved by the learning rate
flipped = np.sign(grads[1]) != np.sign(grads[0])  # the weights whose gradient changed sign at step 2
assert (flipped.sum(axis=1) == 2).all()  # "two of the three weights in each row"
assert steps[1][flipped].max() < 0.5e-3 and (np.abs(steps[1][~flipped] / 1e-3 - 0.9) < 0.05).all()
assert steps[2].mean() < steps[1].mean()  # "step 3 was smaller again"

# %% [markdown]
# The rows' gradients differed in size by a factor of 10,000, yet Adam moved every row's weights by the
# same mean step, 0.00056, and in this demo no single step was larger than the learning rate; SGD's steps grew with
# the gradient, from 6e-06 to 6e-02. That is Adam's per-weight scaling: each weight's step is divided by
# its own gradient's typical size. The mean step is a little over half the learning rate because the
# demo's gradients are random: the first step moved every weight by the learning rate, but at step 2
# the gradient changed sign for two of the three weights in each row, and those two moved by less than
# half of it (the third by about 0.9 of it); step 3 was smaller again.
#
# Now compare the three optimizers on the series' network, from the same starting weights, for the
# same 120 batches of 64: SGD and momentum with a learning rate of 0.05, a usual choice for plain SGD,
# and Adam with its usual 1e-3. The losses plotted are the ones `fit`
# computes on each training batch as it trains, with dropout on. Notebook 07 turns dropout off to
# compare training with validation loss, where only one side would carry dropout; here every run has
# the same dropout layer on the same batches, so the curves can be compared with each other.

# %%
# NBVAL_IGNORE_OUTPUT
runs = {"SGD": ("sgd", 0.05), "SGD + momentum": ("momentum", 0.05), "Adam": ("adam", 1e-3)}
by_optimizer = {}
for name, (o, lr) in runs.items():
    print(f"{name}:")
    by_optimizer[name] = cached_result(train_on_images, batch_size=64, optimizer=o, learning_rate=lr, n_images=7680)

# %%
# NBVAL_IGNORE_OUTPUT
fig, ax = plt.subplots(figsize=(7, 3.2))
final = {}
for name, run in by_optimizer.items():
    losses = np.convolve(run["step_losses"], np.ones(10) / 10, mode="valid")  # mean of 10 steps
    ax.plot(np.arange(10, len(run["step_losses"]) + 1), losses, label=name)
    final[name] = float(np.mean(run["step_losses"][-20:]))
ax.set(yscale="log", xlabel="training step (batch of 64)", ylabel="batch loss, dropout on\n(mean of 10 steps)",
       title="Three optimizers, same network, same start, same batches")
ax.set_yticks([0.1, 0.2, 0.5, 1, 2], labels=["0.1", "0.2", "0.5", "1", "2"])  # plain numbers on the log axis
ax.minorticks_off()
ax.legend()
plt.show()
overall = {name: float(np.mean(run["step_losses"])) for name, run in by_optimizer.items()}
print("mean batch loss over all 120 steps:", ", ".join(f"{n} {v:.2f}" for n, v in overall.items()))
print("mean batch loss over the last 20 steps:", ", ".join(f"{n} {v:.2f}" for n, v in final.items()))

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: Adam leads most of the run, momentum is level only at the end, SGD lags (click to open)
first_40 = {name: float(np.mean(run["step_losses"][:40])) for name, run in by_optimizer.items()}
middle = {name: float(np.mean(run["step_losses"][40:100])) for name, run in by_optimizer.items()}
assert first_40["Adam"] < first_40["SGD + momentum"] < first_40["SGD"]
assert overall["Adam"] < overall["SGD + momentum"] < overall["SGD"]
assert middle["SGD + momentum"] > 1.1 * middle["Adam"]  # still behind over steps 41 to 100
assert final["SGD + momentum"] < 1.3 * final["Adam"]  # level by the end
assert first_40["SGD + momentum"] - first_40["Adam"] > 3 * abs(final["SGD + momentum"] - final["Adam"])
assert final["SGD"] > 2 * max(final["Adam"], final["SGD + momentum"])  # "more than twice as high"

# %% [markdown]
# Adam's loss falls fastest from the first steps: averaged over the 120 steps it is the lowest (the
# printout above gives all three). Momentum starts slower and stays behind Adam for most of the run;
# over the last 20 steps the two are level (0.19 for momentum, 0.18 for Adam, in the run shown), partly
# because Adam's loss rises again near the end. Plain SGD lags behind both and ends more than twice as
# high (0.44). With these learning rates, Adam's advantage is its fast start: its lead is largest over
# the first 40 steps.
#
# ## Choosing the learning rate
# Too small a learning rate wastes steps; too large a one overshoots, and the loss stalls or blows up.
# A short *learning-rate sweep* shows where the useful range lies: train from the same start for 40
# steps with Adam at each of five learning rates and compare the losses. As above, they are the
# losses `fit` computes on each training batch with dropout on, measured the same way in every run;
# each run's score is the mean of
# its last five steps, 36 to 40, as one batch's loss is noisy.

# %%
# NBVAL_IGNORE_OUTPUT
rates = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
by_rate = {}
for lr in rates:
    print(f"learning rate {lr:g}:")
    by_rate[lr] = cached_result(train_on_images, batch_size=64, learning_rate=lr, n_images=2560)

# %%
# NBVAL_IGNORE_OUTPUT
after_40 = [float(np.mean(by_rate[lr]["step_losses"][-5:])) for lr in rates]
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(rates, after_40, "o-")
ax.axhline(np.log(10), color="grey", linestyle="--", label="ln 10: no better than guessing")
ax.set(xscale="log", xlabel="learning rate (Adam)", ylabel="batch loss, dropout on\n(mean of steps 36-40)",
       title="A learning-rate sweep, 40 steps each", ylim=(0, 3))
ax.legend(loc="upper center")  # above the line, clear of the curve
plt.show()
print("batch loss, steps 36-40:", ", ".join(f"{lr:g}: {loss:.2f}" for lr, loss in zip(rates, after_40, strict=True)))

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the sweep's shape, and 0.1's blow-up (click to open)
best = int(np.argmin(after_40))
assert rates[best] == 1e-3 and after_40[0] > 2 * after_40[best] and after_40[-1] > 2 * after_40[best]
assert after_40[3] < 0.5 * np.log(10)  # 1e-2 still learned
assert after_40[0] > 0.9 * np.log(10) and after_40[-1] > 0.8 * np.log(10)  # both ends: near guessing
assert max(by_rate[1e-1]["step_losses"]) > 100  # 0.1 blew up in its first steps
assert max(after_40) < 2.7  # every point inside the plot, below its legend

# %% [markdown]
# At 1e-5 the loss has hardly moved from ln 10 ≈ 2.30 by steps 36 to 40; at 0.1 the steps overshoot and
# the loss is back near (or above) guessing; the useful range lies between, around 1e-3 to 1e-2: 1e-3
# trained best of the five, 1e-2 still learned, and 0.1 failed. (When the sweep trains rather than
# reading the cache, the progress bar of the 0.1 run ends at a loss in the hundreds: the bar shows the
# mean over all steps so far, and at 0.1 the loss blew up to thousands in the first steps before
# settling at guessing.) The series' schedule (notebook 05) keeps to that range: its peak, 3e-3, lies
# between 1e-3, which trained best, and 1e-2, which still learned well, far below 0.1; the *warm-up* climbs there gradually, because the
# very first steps, from random weights, are the most fragile; and the *cosine decay* takes ever smaller
# steps at the end, when the weights need fine adjustment rather than big moves.
#
# ## Summary
# - A training step computes the loss on a batch, its gradient with `tf.GradientTape`, and moves every
#   weight against the gradient; `fit` repeats it.
# - Mini-batches trade time against progress: batches of 16 take longer per epoch than 64, batches of
#   256 learn least per image; 64 balances the two on this CPU.
# - Momentum averages noisy gradients; Adam also divides each weight's step by its gradient's typical
#   size. The NumPy Adam step matches Keras's; Adam's loss falls fastest, momentum is level with it
#   only over the last steps, plain SGD lags.
# - A learning-rate sweep shows a useful range around 1e-3 to 1e-2; the series' schedule warms up to
#   3e-3 and decays to 0.

# %% [markdown]
# ## Exercises
# In 06.1 and 06.2, replace each `...` with your answer and run the cell; `check` says whether you are
# right. 06.3 is open: work it in a new cell.
#
# **06.1** Write `momentum_step(w, g, velocity, lr, mu=0.9)` that returns the new `(w, velocity)` of SGD
# with momentum, as in the equations above (`velocity` is $u$). The check runs it for a few steps on
# numbers it chooses.

# %%
def momentum_step(w, g, velocity, lr, mu=0.9):
    return ...  # your code: (new w, new velocity)


check("06.1", momentum_step)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 06.1 (click to open)
def momentum_step(w, g, velocity, lr, mu=0.9):
    velocity = mu * velocity + g  # keep a running direction
    return w - lr * velocity, velocity


check("06.1", momentum_step)

# %% [markdown]
# **06.2** At step $t = 1$, how large is Adam's bias-corrected step size $\eta_1$ (the `lr_t` of
# `adam_step`) for $\eta = 10^{-3}$ and the default betas? Compute it with a Python expression, not a
# rounded number typed in (the check compares to about four significant figures); then explain why it
# is smaller than $\eta$, although the first step moves every weight by almost exactly $\eta$ (write
# out $m$ and $\sqrt{v}$ after one step).

# %%
lr_1 = ...  # a number
check("06.2", lr_1)

# %% cellView="form" jupyter={"source_hidden": true} tags=["solution"]
#@title Solution 06.2 (click to open)
lr_1 = 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9)  # about 0.316 * lr
# After one step m = 0.1 g and sqrt(v) = sqrt(0.001) |g| = 0.0316 |g|, so m / sqrt(v) is 3.16 times the
# sign of g: too large. lr_1 = 0.316 lr undoes that, and the step lr_1 * m / sqrt(v) is lr, for any g.
check("06.2", lr_1)

# %% [markdown]
# **06.3** (Open) Predict, then measure: how long would an epoch take with batches of 8? In a new cell,
# run `train_on_images(batch_size=8)` (800 steps, twice as many as batches of 16). Its `"seconds"` are
# for the 6,400 images; multiply by 55000/6400, as the bars above do, to get an epoch, and compare with
# your prediction and the bars.
#
# <details><summary>What to expect (click to open)</summary>
#
# Batches of 8 take longer per epoch than batches of 16: twice the steps, each paying the fixed
# overhead, with even less parallel arithmetic per step. How much longer depends on the machine and its
# load. In one earlier run they reached 97.1% after the same 6,400 images, against 96.0% for 64:
# more, smaller steps learn more from each image, at a steep price in time.
# </details>
#
# ## Further reading
# - D. P. Kingma and J. Ba, [Adam: a method for stochastic optimization](https://arxiv.org/abs/1412.6980) (2014).
# - S. Ruder, [An overview of gradient descent optimization algorithms](https://arxiv.org/abs/1609.04747) (2016).
# - L. N. Smith, [Cyclical learning rates for training neural networks](https://arxiv.org/abs/1506.01186) (2017): the learning-rate range test.
# - [Dive into Deep Learning, chapter 12: Optimization algorithms](https://d2l.ai/chapter_optimization/index.html).
