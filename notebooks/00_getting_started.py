# %% [markdown]
# # Getting started with convolutional networks on MNIST
#
# Check that your set-up works, and see where this series is going.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/teaching-cnns/mnist-cnn-notebooks/blob/main/notebooks/00_getting_started.ipynb)
#
# ## What you will learn
# - What deep learning is, and how *learned* features differ from hand-made ones.
# - What a convolutional neural network (CNN) is, and what this series builds, notebook by notebook.
# - How to check your Python, TensorFlow and Keras versions, and whether a GPU is present (you do not need one).
# - How to load the MNIST digits through the series' `helpers` package.

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
import tensorflow as tf

from helpers.data import load_mnist_with_source
from helpers.exercises import check

SEED = helpers.seed_everything(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}; random seed {SEED}")

# %% [markdown]
# ## Deep learning in plain words
#
# A *machine-learning* model is a function with adjustable numbers, its *parameters*, which are
# tuned on examples until its outputs match the answers we want. For decades the hard part was
# *feature extraction*: before a classifier could tell a 3 from an 8, a person had to decide what to
# measure (the number of loops, the slant of a stroke, where the ink is), and write code for it.
#
# *Deep learning* stacks many simple, trainable layers. The early layers turn raw pixels into
# simple features, later layers combine them into more abstract ones, and the last layer makes the
# decision. All layers are trained together from labelled examples, so the features are *learned*
# rather than designed by hand.
#
# A *convolutional neural network* is a deep network whose early layers are *convolutions*: small
# filters (say 5×5 numbers) slid across the image, computing the same weighted sum at every
# position. Because the same filter is reused everywhere, a CNN has few parameters for what it
# sees, and a pattern is detected wherever it appears. *Pooling* layers then shrink the maps, so
# later layers see larger parts of the image.
#
# ## What this series builds
#
# | Notebook | What you do |
# |---|---|
# | 00 Getting started | check your set-up, load MNIST (this notebook) |
# | 01 Exploring MNIST | look at the data the network will be fed, and prepare it |
# | 02 Convolution and pooling | compute convolutions and pooling by hand, and see what they do to a digit |
# | 03 Building the CNN | build a classic two-convolution network, count its parameters, fix an old tutorial's bugs |
# | 04 Training with dropout | train it on the 60,000 training digits to 99.3% test accuracy or more, in a few minutes on a CPU |
# | 05 Inspecting filters | open the trained network: filters, feature maps, and where it looks |
#
# The network is the one of an old TensorFlow 1 tutorial: two convolution + pooling stages, a
# dense layer of 1,024 units with *dropout*, and 10 outputs, one per digit.

# %% [markdown]
# ## Check your set-up
# The series needs Python 3.10 or newer, TensorFlow 2.16 or newer, and Keras 3. The cell below
# stops with a clear message if something is older.

# %%
def version_tuple(version: str) -> tuple[int, ...]:
    """'2.21.0' -> (2, 21): the major and minor numbers of a version string."""
    return tuple(int(part) for part in version.split(".")[:2])


assert sys.version_info >= (3, 10), f"Python 3.10+ needed, found {sys.version.split()[0]}"
assert version_tuple(tf.__version__) >= (2, 16), f"TensorFlow 2.16+ needed, found {tf.__version__}"
assert version_tuple(keras.__version__) >= (3, 0), f"Keras 3 needed, found {keras.__version__}"
print("Versions are fine for this series.")

# %% [markdown]
# The versions on this machine (yours may differ; any that passed the check above will do):

# %%
# NBVAL_IGNORE_OUTPUT
print(f"Python {sys.version.split()[0]}, TensorFlow {tf.__version__}, Keras {keras.__version__}")
gpus = tf.config.list_physical_devices("GPU")
print(f"GPUs: {len(gpus)}" + ("" if gpus else " - fine: every notebook runs on a CPU in minutes"))

# %% [markdown]
# ## Load MNIST
# MNIST holds 70,000 grey-scale images of handwritten digits, 28×28 pixels each, split into 60,000
# for training and 10,000 for testing. `load_mnist_with_source()` looks for the data on disk first
# (Keras's cache, then the series' own), downloads it if needed, and checks every array against
# the official checksums before handing it over, so you never train on a damaged file. It also
# says where the data came from; that line depends on your machine.

# %%
# NBVAL_IGNORE_OUTPUT
mnist, source = load_mnist_with_source()
(x_train, y_train), (x_test, y_test) = mnist
print(f"Loaded from: {source.name} ({source.path})")

# %% [markdown]
# Whatever the source, the arrays are the same:

# %%
for name, array in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
    print(f"{name:8s} shape {str(array.shape):15s} dtype {array.dtype}")
assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
assert len(x_train) + len(x_test) == 70000
assert x_train.min() == 0 and x_train.max() == 255 and set(y_train) == set(range(10))

# %% [markdown]
# Each image is a 28×28 grid of integers from 0 (black) to 255 (white), and each label is the digit
# it shows. Here is the first training image:

# %%
fig, ax = plt.subplots(figsize=(3, 3))
ax.imshow(x_train[0], cmap="gray")
ax.set_title(f"Training image 0, label {y_train[0]}")
ax.set_xlabel("column (pixel)")
ax.set_ylabel("row (pixel)")
plt.show()

# %%
assert y_train[0] == 5
print(f"Label of training image 0: {y_train[0]}")

# %% [markdown]
# Notice that the digit fills the middle of the frame: MNIST digits were size-normalised and
# centred, which is one reason a small network does so well on them.
#
# ## How the series is organised
# - `notebooks/`: these notebooks. Run each top to bottom (*Run → Run All Cells*); each one works
#   on its own, in any order. A trained network is cached, so notebook 05 reuses the one that
#   notebook 04 trained (or trains it, if you start there).
# - `helpers/`: a small Python package for the plumbing shared by the notebooks: loading data,
#   plotting grids, building the model, seeding. What you are meant to learn stays in the notebooks.
# - On your machine, `make lab` starts JupyterLab; `make test` re-runs every notebook and checks
#   that its outputs still match the ones you see here.
# - In Colab, use the badge at the top of each notebook; its first cell installs `helpers`.
#   *Runtime → Change runtime type → GPU* makes training faster, but is not needed.

# %% [markdown]
# ## Summary
# - Deep learning learns its features from labelled examples instead of having a person design them.
# - A CNN slides small trainable filters over the image and pools the results, layer after layer.
# - Your Python, TensorFlow and Keras versions passed the series' checks.
# - MNIST loaded and verified: 60,000 training and 10,000 test images of 28×28 pixels, labels 0 to 9.
# - The first training image is a 5.
#
# ## Exercises
# Replace each `...` with your answer and run the cell; the check tells you if you are right.
#
# 1. What is the label of the *last* test image?
# 2. How many test images show the digit 7? (Hint: compare `y_test` with 7 and count.)
# 3. What is the largest pixel value in training image 0?

# %%
answer_1 = ...  # the label of the last test image
answer_2 = ...  # the number of sevens in the test set
answer_3 = ...  # the largest pixel value in x_train[0]

print(check("Exercise 1", answer_1, int(y_test[-1])))
print(check("Exercise 2", answer_2, int((y_test == 7).sum())))
print(check("Exercise 3", answer_3, int(x_train[0].max())))

# %% [markdown]
# <details>
# <summary>Solutions (click to open)</summary>
#
# ```python
# answer_1 = y_test[-1]
# answer_2 = (y_test == 7).sum()
# answer_3 = x_train[0].max()
# ```
# </details>
#
# ## Further reading
# - Y. LeCun, C. Cortes, C. Burges, [The MNIST database](https://en.wikipedia.org/wiki/MNIST_database) (overview).
# - [Dive into Deep Learning, chapter 7: Convolutional Neural Networks](https://d2l.ai/chapter_convolutional-neural-networks/index.html).
# - [Keras: getting started](https://keras.io/getting_started/).
