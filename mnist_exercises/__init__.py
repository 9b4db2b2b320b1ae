"""Feedback on the series' exercises: ``check("02.3", answer)`` prints one line.

The expected answers are computed in :mod:`mnist_exercises.answers`, from the data or from the
student's own model (passed as ``model=...``), so no notebook cell shows them, and an answer that
depends on a trained network follows the network the student trained, whatever its seed.
"""

from __future__ import annotations

import numpy as np

NOT_ANSWERED = "not answered yet: replace the ... with your answer and run the cell again."


class Wrong(Exception):
    """Raised by a checker with a hint that does not give the answer away."""


def compare(answer, expected, *, atol: float = 1e-6) -> None:
    """Raise :class:`Wrong` unless ``answer`` equals ``expected`` (numbers and arrays within ``atol``)."""
    if isinstance(expected, (np.ndarray, np.generic, int, float)) and not isinstance(expected, bool):
        try:
            a = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"expected a number or an array, got {type(answer).__name__}") from None
        e = np.asarray(expected, dtype=float)
        if a.shape != e.shape:
            raise Wrong(f"expected {'a single number' if e.ndim == 0 else f'shape {e.shape}'}, got shape {a.shape}")
        if not np.allclose(a, e, atol=atol, rtol=0):
            raise Wrong("the shape is right but some values are not" if e.ndim else "that is not the right value")
    elif isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != len(expected):
            raise Wrong(f"expected a tuple of {len(expected)} items")
        for i, (a, e) in enumerate(zip(answer, expected, strict=True)):
            try:
                compare(a, e, atol=atol)
            except Wrong as wrong:
                raise Wrong(f"item {i}: {wrong}") from None
    elif answer != expected:
        raise Wrong("that is not it")


class _NotAnswered(Exception):
    pass


def _answered(function):
    """``function``, raising _NotAnswered where it still returns ``...`` (the exercise's stub)."""
    def call(*args, **kwargs):
        result = function(*args, **kwargs)
        if result is Ellipsis:
            raise _NotAnswered
        return result

    return call


def check(exercise: str, answer, **given) -> None:
    """Print whether ``answer`` solves ``exercise`` ("NN.k"); ``given`` passes what the check needs (a model)."""
    from mnist_exercises.answers import CHECKERS

    if exercise not in CHECKERS:
        raise KeyError(f"no exercise {exercise!r}; the exercises are {sorted(CHECKERS)}")
    if answer is Ellipsis or (isinstance(answer, tuple) and any(a is Ellipsis for a in answer)):
        print(f"{exercise}: {NOT_ANSWERED}")
        return
    if callable(answer):
        answer = _answered(answer)
    try:
        CHECKERS[exercise](answer, **given)
    except _NotAnswered:
        print(f"{exercise}: {NOT_ANSWERED}")
    except Wrong as wrong:
        print(f"{exercise}: not yet - {wrong}.")
    else:
        print(f"{exercise}: correct!")
