"""Shared plumbing for the MNIST CNN notebook series: data, models, training cache, plots, checks.

Every notebook starts with ``versions = helpers.setup(seed=42)``. Importing ``helpers`` itself is
cheap: TensorFlow is imported by ``setup`` (quietly) or by the submodules that need it.
"""

from helpers.environment import Versions, seed_everything, setup

__all__ = ["Versions", "seed_everything", "setup"]
__version__ = "0.2.0"
