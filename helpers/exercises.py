"""Feedback for exercise answers: a notebook calls ``check(...)`` and prints what it returns."""

from __future__ import annotations

import numpy as np


def check(name: str, answer, expected, *, atol: float = 1e-6) -> str:
    """Compare ``answer`` with ``expected`` and return one line of feedback.

    ``answer`` left as ``...`` (Ellipsis) means "not tried yet". Numbers and arrays compare with
    tolerance ``atol``; tuples and lists element by element; anything else by ``==``.
    """
    if not isinstance(name, str) or not name:
        raise TypeError("name must be a non-empty string, e.g. 'Exercise 1'")
    if answer is Ellipsis:
        return f"{name}: not answered yet - replace the ... with your answer and run the cell."
    problem = _difference(answer, expected, atol)
    return f"{name}: correct!" if problem is None else f"{name}: not yet - {problem}."


def _difference(answer, expected, atol: float) -> str | None:
    if isinstance(expected, (np.ndarray, np.generic)) or (
            isinstance(expected, (int, float)) and not isinstance(expected, bool)):
        try:
            a = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return f"expected a number or array, got {type(answer).__name__}"
        e = np.asarray(expected, dtype=float)
        if a.shape != e.shape:
            return f"expected shape {e.shape}, got shape {a.shape}"
        if not np.allclose(a, e, atol=atol, rtol=0):
            return "the shape is right but the values are not" if e.ndim else "the value is not right"
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)) or len(answer) != len(expected):
            return f"expected a sequence of {len(expected)} items"
        for i, (a, e) in enumerate(zip(answer, expected, strict=True)):
            problem = _difference(a, e, atol)
            if problem is not None:
                return f"item {i}: {problem}"
        return None
    return None if answer == expected else "that is not it"
