"""Reproducibility: one call seeds every random number generator the series uses."""

import os
import random

import numpy as np


def seed_everything(seed: int = 42) -> int:
    """Seed Python, NumPy and TensorFlow/Keras, and make TensorFlow ops deterministic.

    Returns the seed, so a notebook can print it. Results still differ slightly between CPU
    types (different vector instructions), so notebooks assert bounds, never exact floats.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    seed = int(seed)
    import keras
    import tensorflow as tf

    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend (TensorFlow) generators
    tf.config.experimental.enable_op_determinism()
    return seed
