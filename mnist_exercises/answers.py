"""The answer key: one checker per exercise, computing the expected answer out of the student's sight.

A checker takes the student's ``answer`` (and what the exercise passes, such as ``model=``) and
raises :class:`mnist_exercises.Wrong` with a hint if it is not right.
"""

from __future__ import annotations

import functools

import numpy as np

from mnist_exercises import Wrong, compare

CHECKERS = {}


def checker(exercise: str):
    def register(function):
        CHECKERS[exercise] = function
        return function
    return register


@functools.cache
def _mnist():
    from helpers.data import load_mnist

    return load_mnist()


@functools.cache
def _validation():
    from helpers.training import split_train_validation

    (x, y), _ = _mnist()
    return split_train_validation(x, y, 5000, seed=42)[1]


def _predictions(model, images) -> np.ndarray:
    from helpers.training import to_model_input

    if model is None or not hasattr(model, "predict"):
        raise Wrong("this check needs your network: call it as check(..., model=model)")
    return model.predict(to_model_input(images), batch_size=1000, verbose=0).argmax(axis=1)


# --------------------------------------------------------------------------------------------
# 00 Getting started
# --------------------------------------------------------------------------------------------
@checker("00.1")
def _(answer):
    _, (_, y_test) = _mnist()
    compare(answer, int((y_test == 7).sum()))


@checker("00.2")
def _(answer, model=None):
    _, (x_test, y_test) = _mnist()
    if isinstance(answer, (int, float)) and answer > 1:
        raise Wrong("give the accuracy as a fraction between 0 and 1, not a percentage")
    compare(answer, float(np.mean(_predictions(model, x_test) == y_test)), atol=5e-4)


@checker("00.3")
def _(answer, model=None):
    x_val, y_val = _validation()
    wrong = np.flatnonzero(_predictions(model, x_val) != y_val)
    if not isinstance(answer, (int, np.integer)) or not 0 <= answer < len(y_val):
        raise Wrong(f"expected an index between 0 and {len(y_val) - 1}")
    if answer not in wrong:
        raise Wrong(f"your network gets validation image {answer} right")
    compare(answer, int(wrong[0]))
