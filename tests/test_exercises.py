import numpy as np
import pytest

from helpers.exercises import check


def test_feedback_for_each_kind_of_answer():
    assert check("E1", ..., 3) == "E1: not answered yet - replace the ... with your answer and run the cell."
    assert check("E1", 3, 3).endswith("correct!")
    assert "value is not right" in check("E1", 4, 3)
    assert "expected shape (2,)" in check("E2", np.zeros(3), np.zeros(2))
    assert "values are not" in check("E2", np.ones(2), np.zeros(2))
    assert check("E2", [0.0, 0.0], np.zeros(2)).endswith("correct!")
    assert "item 1" in check("E3", (28, 27), (28, 28))
    assert check("E3", (28, 28), (28, 28)).endswith("correct!")
    assert "got str" in check("E4", "seven", 7)
    assert check("E5", "same", "same").endswith("correct!")
    assert check("E5", "valid", "same").endswith("that is not it.")


def test_name_is_required():
    with pytest.raises(TypeError, match="name"):
        check("", 1, 1)
