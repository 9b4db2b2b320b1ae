"""The checks of the lessons' your-turn cells, one module per lesson: ``CHECKS["02.a"](conv2d)``.

Each check calls the student's function on inputs of its own and raises :class:`mnist_exercises.Wrong`
with a hint that names neither the expected value nor its shape when the result is not right.
Modules import TensorFlow or Keras inside the checks that need them, so importing this is cheap.
"""

from __future__ import annotations

import importlib
import pkgutil

CHECKS = {}
for _module in pkgutil.iter_modules(__path__):
    CHECKS.update(importlib.import_module(f"{__name__}.{_module.name}").CHECKS)
