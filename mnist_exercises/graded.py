"""``check`` for a graded course's release: it tells the form of an answer only (a number, a tuple of
two whole numbers, a 3x3 array, a function), never whether it is right.

The course's hidden tests decide (``make course``, tools/course.py). Exercises whose answer is read off
a trained network are not graded; for them this ``check`` is the practice one. This
module does not import the answer key (:mod:`mnist_exercises.answers`) for a graded exercise.
"""

from __future__ import annotations

import inspect
import re

import numpy as np

from mnist_exercises import NOT_ANSWERED


def _whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _tuple_of(n: int, kind):
    return lambda value: isinstance(value, tuple) and len(value) == n and all(kind(v) for v in value)


def _array_of(shape):
    def test(value):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return False
        return array.shape == shape
    return test


WHOLE, NUMBER, FUNCTION = ("a whole number", _whole), ("a number", _number), ("a function", callable)
# What each graded exercise's answer is, as the exercise states it: (description, test).
FORMS = {
    "00.1": WHOLE, "01.1": WHOLE, "01.2": NUMBER, "01.3": FUNCTION, "01.4": WHOLE,
    "02.1": ("a tuple of two whole numbers", _tuple_of(2, _whole)),
    "02.2": ("a 3x3 array of numbers", _array_of((3, 3))), "02.3": FUNCTION,
    "03.1": ("a 2x2 nested list or array of numbers", _array_of((2, 2))), "03.2": WHOLE, "03.3": FUNCTION,
    "04.1": ("a tuple of three whole numbers", _tuple_of(3, _whole)), "04.2": WHOLE, "04.3": NUMBER,
    "06.1": FUNCTION, "06.2": NUMBER, "07.1": NUMBER, "07.2": FUNCTION,
    "10.1": ("a tuple of two numbers", _tuple_of(2, _number)), "10.2": FUNCTION,
    "11.1": WHOLE, "11.2": FUNCTION,
}


def _still_the_stub(function) -> bool:
    """Whether ``function`` still ends in the release's ``return ...`` line."""
    try:
        return bool(re.search(r"^\s*return \.\.\.", inspect.getsource(function), re.MULTILINE))
    except (OSError, TypeError):
        return False


def _described(value) -> str:
    """``value``'s kind, for a message: ``tuple of float, float``, ``ndarray of shape (2, 3)``, ``int``."""
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of {', '.join(type(v).__name__ for v in value[:4])}" if value else "empty"
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape}"
    return type(value).__name__


def check(exercise: str, answer, **given) -> None:
    """Print whether ``answer`` has the form ``exercise`` asks for (graded exercises), or the practice
    feedback (the others)."""
    if exercise not in FORMS:
        from mnist_exercises import check as practice_check

        practice_check(exercise, answer, **given)
        return
    description, has_form = FORMS[exercise]
    if (answer is Ellipsis or (isinstance(answer, tuple) and any(a is Ellipsis for a in answer))
            or (callable(answer) and _still_the_stub(answer))):
        print(f"{exercise}: {NOT_ANSWERED}")
    elif has_form(answer) and callable(answer):
        print(f"{exercise}: answered, as a function; check does not run it, so try it yourself. Hidden tests "
              "grade it after you hand it in.")
    elif has_form(answer):
        print(f"{exercise}: answered, as {description}; hidden tests grade it after you hand it in.")
    else:
        print(f"{exercise}: not yet in the form asked for: expected {description}, got {_described(answer)}.")
