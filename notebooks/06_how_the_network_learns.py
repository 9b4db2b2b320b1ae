# %% [markdown]
# # How the network learns
#
# Open the box `fit` hid in notebook 05: how the gradients are computed and turned into training steps.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/student/06_how_the_network_learns.ipynb)

# %% [markdown]
# ## What you will learn
# - Backpropagation by hand: a tiny network's gradients in NumPy, checked against `tf.GradientTape`.
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
from mnist_exercises.your_turn import your_turn

(x_all, y_all), _ = load_mnist()
(x_train, y_train), (x_val, y_val) = split_train_validation(x_all, y_all, 5000, seed=42)
X_val = to_model_input(x_val[:2000])  # 2,000 validation digits are enough to compare runs
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# %% [markdown]
# ## Gradients by backpropagation
# Training minimises the loss $L(w)$ over the network's weights $w$. The
# *gradient* $\nabla L(w)$ says, for every weight, how much the loss changes when that weight is
# nudged; stepping against it lowers the loss. *Gradient descent* repeats
#
# $$w \leftarrow w - \eta \, \nabla L(w)$$
#
# with a small *learning rate* $\eta$. *Backpropagation* computes the gradients with the chain rule,
# from the loss back to the first layer. Take a tiny network: a batch $x$ of $B$ examples of 4 numbers,
# shape (B, 4); $z_1 = x W_1 + b_1$ with $W_1$ (4, 3) and $b_1$ (3,); $h = \max(z_1, 0)$ (ReLU);
# logits $z_2 = h W_2 + b_2$ with $W_2$ (3, 2) and $b_2$ (2,); and $L$ the mean cross-entropy of their
# softmax $p$. Write $dz_2$ for the gradient of $L$ with respect to $z_2$, and so on: each has its
# variable's shape. With $Y$ the labels one-hot (notebook 01), backwards:
#
# - $dz_2 = (p - Y) / B$: for one example with logits $z$, $-\log p_y = -z_y + \log \sum_j e^{z_j}$,
#   whose derivative with respect to $z_i$ is $p_i$, minus 1 if $i = y$; the mean divides by $B$.
# - Layer 2, one entry at a time: $z_2[n,j] = \sum_i h[n,i]\, W_2[i,j] + b_2[j]$. Weight $W_2[i,j]$
#   acts in every example $n$, times $h[n,i]$, so $dW_2[i,j] = \sum_n h[n,i]\, dz_2[n,j]$: that is
#   $dW_2 = h^\top dz_2$, (3, B) times (B, 2) giving $W_2$'s (3, 2). Each $h[n,i]$ feeds every logit $j$
#   of its example, so $dh[n,i] = \sum_j dz_2[n,j]\, W_2[i,j]$: $dh = dz_2 W_2^\top$, (B, 2) times (2, 3)
#   giving $h$'s (B, 3).
#   And $db_2[j] = \sum_n dz_2[n,j]$: $dz_2$ summed over the examples.
# - ReLU passes the gradient only where its input was positive: $dz_1$ is $dh$ where $z_1 > 0$, 0 elsewhere.
# - Layer 1 is linear like layer 2, with $x$ for $h$ and $dz_1$ for $dz_2$: $dW_1$ and $db_1$ follow
#   the same pattern.
#
# `tf.GradientTape` (notebook 03) records the operations run in its `with` block; then
# `tape.gradient(loss, variables)` applies the chain rule backwards through them. Below, it checks yours.

# %% [markdown]
# **Your turn (06.a).** In `backward`, write the backward pass in NumPy: `dz2`, layer 2's `dW2` and
# `db2`, `dz1`, then layer 1's `dW1` and `db1` by layer 2's pattern. `.T` transposes, `@` multiplies
# matrices, `.sum(axis=0)` sums over the examples, and `z1 > 0` is an array of True and False that
# multiplies as 1 and 0. The forward pass, `p` and `Y` are given.

# %%
def forward(x, W1, b1, W2, b2):
    """The tiny network: x (batch, 4) -> z1 and h (batch, 3) -> logits z2 (batch, 2)."""
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)  # ReLU
    return z1, h, h @ W2 + b2


def backward(x, y, W1, b1, W2, b2):
    """Gradients of the mean softmax cross-entropy (integer labels y) with respect to W1, b1, W2, b2."""
    z1, h, z2 = forward(x, W1, b1, W2, b2)
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)  # softmax
    Y = np.eye(z2.shape[1])[y]  # one-hot: row n is 1 at column y[n], 0 elsewhere
    ### BEGIN SOLUTION
    dz2 = (p - Y) / len(x)
    dW2, db2 = h.T @ dz2, dz2.sum(axis=0)
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
    ### END SOLUTION
    return dW1, db1, dW2, db2


# %%
# NBVAL_IGNORE_OUTPUT
backward = your_turn("06.a", backward)
rng = np.random.default_rng(0)
x_tiny, y_tiny = rng.normal(size=(5, 4)).astype(np.float32), np.array([0, 1, 1, 0, 1])  # 5 examples
tiny_weights = [rng.normal(size=shape).astype(np.float32) for shape in [(4, 3), (3,), (3, 2), (2,)]]
by_hand = backward(x_tiny, y_tiny, *tiny_weights)
variables = [tf.Variable(w) for w in tiny_weights]
with tf.GradientTape() as tape:  # the same forward pass in TensorFlow, recorded
    W1, b1, W2, b2 = variables
    tiny_loss = loss_fn(y_tiny, tf.nn.relu(x_tiny @ W1 + b1) @ W2 + b2)
by_tape = tape.gradient(tiny_loss, variables)
gap = max(float(np.abs(mine - tf_grad.numpy()).max()) for mine, tf_grad in zip(by_hand, by_tape, strict=True))
print(f"largest difference from tf.GradientTape over the four gradients: {gap:.1g} (below 1e-6: {gap < 1e-6})")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the backward pass by hand is tf.GradientTape's, to float32 rounding (click to open)
assert all(mine.shape == tuple(tf_grad.shape) for mine, tf_grad in zip(by_hand, by_tape, strict=True))
assert gap < 1e-6

# %% [markdown]
# The two agree to float32 rounding.

# %% [markdown]
# ## One training step, written out
# One gradient-descent step on a batch of 64 digits:

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
# One step lowered the loss on its batch (dropout off both times, so only the step differs).
# `fit` repeats this step over the batches, with an optimizer deciding the update; notebook 05's
# training took 1,720 steps.

# %% [markdown]
# ## Why mini-batches
# The loss is an average over the training images. Its gradient on *all* 55,000 gives the exact
# direction, but one step per pass over the data; *one* image per step gives 55,000 noisy steps per
# pass and leaves most of the processor's parallel arithmetic idle. A *mini-batch* of a few dozen
# images is the usual compromise: a noisy but useful gradient, its images computed together.
#
# The experiment: train from the same start on the same 6,400 images with batches of 16, 64 and 256,
# recording the time and the validation accuracy. In `train_on_images`, a callback (notebook
# 05) records the time and the loss after every step. Its `"momentum"` option is SGD with *momentum*,
# explained below. `make_dataset` shuffles with a fixed seed, so every run sees the images in the same
# order. `cached_result(f, **arguments)` looks up the result, keyed on the function's code, arguments
# and data: in this machine's cache, then among the runs shipped with the helpers (timed on a 2-core
# CPU); only then does it run `f(**arguments)` and cache the result.

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
ax_acc.set(xlabel="batch size", ylabel="validation accuracy (%)", ylim=(80, 100),  # from 80: the gaps show
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
assert min(acc) > 0.8  # every bar inside the figure's 80-100% axis

# %% [markdown]
# Per image, batches of 16 are slower than batches of 64: each step pays a fixed overhead. Batches of
# 256 were a little faster per image than 64, but the 6,400 images give them only 25 steps, and they
# learn least. Batches of 64 take 100 steps, learn about as much as batches of 16 (96.0% against
# 96.2%) and finish an epoch sooner. That balance is why the series uses 64.

# %% [markdown]
# ## From gradient descent to Adam
# Plain *stochastic gradient descent* (SGD) steps by each batch's gradient $g_t$:
# $w \leftarrow w - \eta\, g_t$. Two problems: in a narrow valley of the loss (steep across, shallow
# along) it zig-zags, worse with noisy gradients; and one learning rate must suit every weight, whether
# its gradients are large or tiny.
#
# - *Momentum* keeps a running direction $u$ (its *velocity*), $u \leftarrow \mu u + g_t$,
#   $w \leftarrow w - \eta u$ (with $\mu = 0.9$): across the valley, the alternating steps cancel out,
#   as does the noise; along it, steps add up.
# - *Adam* keeps, per weight, a running mean of the gradient (the *first moment*
#   $m \leftarrow \beta_1 m + (1-\beta_1) g_t$) and of its square (the *second moment*
#   $v \leftarrow \beta_2 v + (1-\beta_2) g_t^2$).
# - Both start at 0, so early on they are too small; the *bias correction* divides them by
#   $1 - \beta^t$ at step $t$: $\hat m = m / (1 - \beta_1^t)$, $\hat v = v / (1 - \beta_2^t)$. Adam steps
#   by $w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ (the small $\epsilon$ avoids
#   dividing by zero).
# - Dividing by $\sqrt{\hat v}$ makes the step independent of the gradient's size. The step is $\eta$
#   when the recent gradients agree in sign and size, smaller when their signs differ (they cancel in
#   $\hat m$, not in $\hat v$'s squares), larger when one gradient far exceeds the recent ones (about
#   $3\eta$ late in training, more if they keep growing).
#
# Keras folds both corrections into the step size,
# $\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)$, and adds $\epsilon$ to $\sqrt{v}$: the same
# update up to where $\epsilon$ sits. The cell after your turn gives five rows of weights the same
# random gradients, times 0.01, 0.1, 1, 10 and 100, and runs three steps in NumPy and in Keras:
# `keras.Variable(w0)` holds weights an optimizer may change in place, and
# `keras_adam.apply_gradients([(g, variable)])` does one Adam step on them.

# %% [markdown]
# **Your turn (06.b).** Write Adam's step as Keras computes it: the new moments `m` and `v`, the step
# size `lr_t` with both corrections folded in, and the new weights `w`, with $\epsilon$ added to $\sqrt{v}$.

# %%
def adam_step(w, g, m, v, t, lr=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam update of weights w with gradient g at step t (1, 2, ...); returns new (w, m, v)."""
    ### BEGIN SOLUTION
    m = beta_1 * m + (1 - beta_1) * g         # first moment: running mean of the gradient
    v = beta_2 * v + (1 - beta_2) * g**2      # second moment: running mean of its square
    lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)  # both bias corrections, folded into the step
    w = w - lr_t * m / (np.sqrt(v) + epsilon)
    ### END SOLUTION
    return w, m, v


# %%
adam_step = your_turn("06.b", adam_step)
rng = np.random.default_rng(0)
w0 = rng.normal(size=(5, 3)).astype(np.float32)
sizes = np.array([[0.01], [0.1], [1.0], [10.0], [100.0]], dtype=np.float32)  # one gradient size per row
grads = [(sizes * rng.normal(size=3)).astype(np.float32) for _ in range(3)]  # each row: the same numbers, scaled
w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
variable, keras_adam = keras.Variable(w0), keras.optimizers.Adam(learning_rate=1e-3)
steps = []
for t, g in enumerate(grads, start=1):
    w_before = w.copy()
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
# The rows' gradients differed in size 10,000-fold, yet Adam moved every row by the same mean step,
# 0.00056, while SGD's steps grew with the gradient, from 6e-06 to 6e-02. No step here exceeded the
# learning rate (one after a sudden large gradient can). The mean step is a little over half the
# learning rate because the gradients are random: step 1 moved every weight by the learning rate, but at
# step 2 two of the three weights in each row changed gradient sign and moved less than half as far.
# *Going further* compares SGD, momentum and Adam on the series' network.

# %% [markdown]
# ## Choosing the learning rate
# Too small a learning rate wastes steps; too large a one overshoots, and the loss stalls or blows up.
# A short *learning-rate sweep* shows the useful range: train from the same start for 40 steps with
# Adam at each of five learning rates, and score each run by its batch losses (dropout on) averaged
# over steps 36 to 40, as one batch's loss is noisy.

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
print(f"largest batch loss of any step at 0.1: {max(by_rate[1e-1]['step_losses']):.0f}")

# %% cellView="form" jupyter={"source_hidden": true} tags=["check"]
#@title Check: the sweep's shape, and 0.1's blow-up (click to open)
best = int(np.argmin(after_40))
assert rates[best] == 1e-3 and after_40[0] > 2 * after_40[best] and after_40[-1] > 2 * after_40[best]
assert after_40[3] < 0.5 * np.log(10)  # 1e-2 still learned
assert after_40[0] > 0.9 * np.log(10) and after_40[-1] > 0.8 * np.log(10)  # both ends: near guessing
assert max(by_rate[1e-1]["step_losses"]) > 100  # 0.1 blew up: its peak batch loss, printed above
assert max(after_40) < 2.7  # every point inside the plot, below its legend

# %% [markdown]
# At 1e-5 the loss has hardly moved from ln 10 ≈ 2.30 by steps 36 to 40. At 0.1 the steps overshoot: its
# batch loss blew up past 100, to 9587 at its peak in the run shown, and by steps 36 to 40 is back near
# guessing. These are Adam's rates, about each weight's step size; plain SGD's 0.1 (*One training step,
# written out*) meant 0.1 times the gradient. Between lies the useful range: 1e-3 trained best, and 1e-2
# still learned, to a higher loss. The series' schedule (notebook 05) peaks at 3e-3, inside that range;
# its warm-up spares the fragile first steps from random weights; its cosine decay makes the last steps
# small, for fine adjustment.

# %% [markdown]
# ## Summary
# - Backpropagation applies the chain rule from the loss back; written by hand for a tiny network, it
#   gives `tf.GradientTape`'s gradients. A training step moves every weight against them; `fit` repeats it.
# - Mini-batches trade time against progress: batches of 16 take longer per epoch than 64, batches of
#   256 learn least per image; 64 balances the two on a 2-core CPU.
# - Momentum steps by a decaying sum of recent gradients, which smooths their noise; Adam also divides
#   each weight's step by its gradient's typical size: the NumPy Adam step matches Keras's, with the same
#   mean step for gradients 10,000-fold apart.
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
# your prediction and with `train_on_images(batch_size=16)` timed the same way on your machine (the
# bars may come from another one: the 2-core CPU that timed the shipped runs).
#
# <details><summary>What to expect (click to open)</summary>
#
# Batches of 8 take longer per epoch than batches of 16: twice the steps, each paying the fixed
# overhead, with even less parallel arithmetic per step. How much longer depends on the machine and its
# load. Compare the accuracy with the bars too: in the runs shown, four times as many, smaller steps
# (batches of 16 against 64) learned about as much from the same 6,400 images (96.2% against 96.0%), so
# more steps need not mean a higher accuracy, while their price in time is certain.
# </details>

# %% [markdown]
# ## Going further
# This section is optional, for after class; nothing in the lesson or the later notebooks relies on it.

# %% [markdown]
# ### Three optimizers on the series' network
# Compare the three optimizers of *From gradient descent to Adam* on the series' network, from the same
# starting weights, for the same 120 batches of 64: SGD and momentum with a learning rate of 0.05, a usual
# choice for plain SGD, and Adam with its usual 1e-3. (With momentum 0.9, a gradient that stays the same
# makes momentum's step ten times SGD's at the same rate: part of any lead it shows.) The losses plotted are those `fit` computes on each
# training batch, with dropout on; every run has the same dropout on the same batches, so the curves
# compare fairly.

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

# %% [markdown]
# ## Further reading
# - D. P. Kingma and J. Ba, [Adam: a method for stochastic optimization](https://arxiv.org/abs/1412.6980) (2014).
# - S. Ruder, [An overview of gradient descent optimization algorithms](https://arxiv.org/abs/1609.04747) (2016).
# - L. N. Smith, [Cyclical learning rates for training neural networks](https://arxiv.org/abs/1506.01186) (2017): the learning-rate range test.
# - [Dive into Deep Learning, chapter 12: Optimization algorithms](https://d2l.ai/chapter_optimization/index.html).
