"""Plausible wrong answers to each your-turn cell, one module per lesson: ``WRONG["02.a"] = [...]``.

Each wrong answer is the text that replaces the cell's solution region (a list of texts, one per region,
when the cell has several); tests/test_your_turn.py checks that every one of them is caught.
"""

import importlib
import pkgutil

WRONG = {}
for _module in pkgutil.iter_modules(__path__):
    WRONG.update(importlib.import_module(f"{__name__}.{_module.name}").WRONG)
