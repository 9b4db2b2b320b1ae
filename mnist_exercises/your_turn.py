"""The lesson's your-turn cells: ``conv2d = your_turn("02.a", conv2d)`` checks the student's version.

A your-turn cell defines what the lesson is about (a function), with the answer between
``### BEGIN SOLUTION`` and ``### END SOLUTION``; the student edition leaves ``...`` there. The check
runs the student's function on inputs of its own and compares it with the library (or a property it
must have). It prints one line and returns the student's function when it is right, or the reference
(the main notebook's own solution, from :mod:`mnist_exercises.references`) when it is not written, wrong
or raises, so the lesson goes on either way. Feedback never shows the expected value.
"""

from __future__ import annotations

import inspect
import sys

from mnist_exercises import Wrong


def _is_stub(function) -> bool:
    """Whether ``function`` still holds the student edition's ``...`` line."""
    try:
        lines = inspect.getsource(function).splitlines()
    except (OSError, TypeError):
        return False
    return any(line.strip() == "..." for line in lines)


def reference(key: str, namespace: dict | None = None):
    """The main notebook's solution for ``key``, defined in a copy of ``namespace`` (the notebook's globals)."""
    from mnist_exercises.references import REFERENCES

    name, source = REFERENCES[key]
    scope = dict(namespace or {})
    exec(compile(source, f"<reference {key}>", "exec"), scope)  # noqa: S102 - the series' own solution code
    function = scope[name]
    function.__your_turn_reference__ = key  # so that checking it again does not call it the student's
    return function


def verdict(key: str, student) -> str | None:
    """None if ``student`` passes ``key``'s check, else a one-line reason that gives nothing away."""
    from mnist_exercises.turns import CHECKS

    if student is None or student is Ellipsis:
        return "not written yet"
    if not callable(student):
        return f"expected a function, got {type(student).__name__}"
    if getattr(student, "__your_turn_reference__", None) == key:
        return "this is still the reference: run the cell that defines yours first"
    try:
        CHECKS[key](student)
    except Wrong as wrong:
        reason = f"not right yet: {wrong}"
    except Exception as error:  # noqa: BLE001 - anything the student's code raises
        message = str(error).strip().split("\n")[0][:160].rstrip(".")
        reason = f"your code raised {type(error).__name__}" + (f" ({message})" if message else "")
    else:
        return None
    return "not written yet: replace the ... with your code" if _is_stub(student) else reason


def your_turn(key: str, student):
    """Check the student's version of a lesson function; return it if right, else the reference."""
    from mnist_exercises.references import REFERENCES

    if key not in REFERENCES:
        raise KeyError(f"no your-turn cell {key!r}; they are {sorted(REFERENCES)}")
    name = REFERENCES[key][0]
    reason = verdict(key, student)
    if reason is None:
        print(f"{key}: correct! Your {name} is the one used from here on.")
        return student
    print(f"{key}: {reason}; the lesson goes on with the reference {name}.")
    namespace = getattr(student, "__globals__", None) or sys._getframe(1).f_globals  # the notebook's
    return reference(key, namespace)
