"""Feedback on the series' exercises: ``check("02.3", answer)`` prints one line.

The expected answers are computed in :mod:`mnist_exercises.answers`, from the data or from what the
notebook passes (the student's own model as ``model=...``, the split it was trained on), so no
notebook cell shows them, and an answer that depends on a trained network follows the network the
student trained, whatever its seed. Feedback never states or narrows down the expected value.
"""

from __future__ import annotations

import numpy as np

NOT_ANSWERED = "not answered yet: replace the ... with your answer and run the cell again."


class Wrong(Exception):
    """Raised by a checker with a hint that does not give the answer away."""


def result_of(function, *args, where: str, hints=(), none_hint: str = "is a `return` missing?", **kwargs):
    """``function(*args, **kwargs)``, or :class:`Wrong` saying ``where`` it raised or returned None.

    ``hints`` pairs a fragment of an error (its type name or message) with the hint said instead of the
    error's own first line, for the slips a check knows: ``(("ncompatible shapes", "keep the axis"),)``.
    """
    try:
        got = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the student's code; say on which input it failed
        text = f"{type(error).__name__}: {error}"
        for fragment, hint in hints:
            if fragment in text:
                raise Wrong(f"{where}: {hint}") from None
        message = str(error).strip().split("\n")[0][:160].rstrip(".")
        raise Wrong(f"{where}: your code raised {type(error).__name__}"
                    + (f" ({message})" if message else "")) from error
    if got is None:
        raise Wrong(f"{where}: it returned None: {none_hint}")
    return got


def compare(answer, expected, *, rtol: float = 1e-4, atol: float = 0.0) -> None:
    """Raise :class:`Wrong` unless ``answer`` equals ``expected``: integers exactly, floats within ``rtol``
    of the expected values' magnitude (or ``atol``), so float32 arithmetic passes; a tuple as a whole.

    The feedback names neither the expected value nor its shape nor its number of items.
    """
    if isinstance(expected, (np.ndarray, np.generic, int, float)) and not isinstance(expected, bool):
        try:
            a = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"expected a number or an array, got {type(answer).__name__}") from None
        e = np.asarray(expected)
        if a.shape != e.shape:
            raise Wrong(f"your answer ({'a single number' if a.ndim == 0 else f'shape {a.shape}'}) "
                        "does not have the expected shape")
        tolerance = 0 if e.dtype.kind in "iub" else max(atol, rtol * float(np.abs(e).max(initial=0)))
        if not np.allclose(a, e, rtol=0, atol=tolerance):
            raise Wrong("the shape is right but some values are not" if e.ndim else "that is not the right value")
    elif isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list, np.ndarray)) or getattr(answer, "ndim", 1) == 0:
            raise Wrong(f"expected a tuple, got {type(answer).__name__}")
        if len(answer) != len(expected):
            raise Wrong(f"your answer has {len(answer)} items, which is not the expected number")
        try:
            for a, e in zip(answer, expected, strict=True):
                compare(a, e, rtol=rtol, atol=atol)
        except Wrong:
            raise Wrong("that is not the right answer") from None  # one verdict for the whole
    elif answer != expected:
        raise Wrong("that is not it")


class _NotAnswered(Exception):
    pass


def _answered(function):
    """``function``, raising _NotAnswered where it still returns ``...`` (the exercise's stub), and a
    one-line :class:`Wrong` where it raises: the student sees a hint, not a traceback."""
    def call(*args, **kwargs):
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - anything the student's code raises
            message = str(error).strip().split("\n")[0][:200].rstrip(".")
            raise Wrong(f"your function raised {type(error).__name__}" + (f": {message}" if message else "")) from error
        if result is Ellipsis:
            raise _NotAnswered
        return result

    return call


def check(exercise: str, answer, **given) -> None:
    """Print whether ``answer`` solves ``exercise`` ("NN.k"); ``given`` passes what the check needs
    (``model=``, or the data the notebook used, such as ``validation=(x_val, y_val)``)."""
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
