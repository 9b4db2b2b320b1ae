"""Notebook 10's preparation of a drawing (crop, scale into 20x20, centre by mass), and helpers.drawing."""

import numpy as np
import pytest
from lesson_code import load
from PIL import Image

from helpers.drawing import CANVAS, render, shipped_drawings

NB = load("10", ["prepare", "centre_of_mass"], np=np, Image=Image)
prepare, centre_of_mass = NB["prepare"], NB["centre_of_mass"]


def _digit_on_canvas(left, top, size):
    """A '7'-like drawing whose box has its top-left corner at (left, top), size x size pixels."""
    return render([[(left, top), (left + size, top), (left + size * 0.4, top + size)]])


@pytest.mark.parametrize("left, top, size", [(20, 20, 60), (150, 160, 100), (40, 40, 200), (110, 10, 40)])
def test_a_digit_anywhere_and_any_size_comes_back_centred_in_a_20_pixel_box(left, top, size):
    digit = prepare(_digit_on_canvas(left, top, size))[..., 0]
    assert digit.shape == (28, 28) and digit.dtype == np.float32 and 0 <= digit.min() and digit.max() <= 1
    rows, cols = np.flatnonzero(digit.max(axis=1) > 0), np.flatnonzero(digit.max(axis=0) > 0)
    assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 in (20, 21)  # the longer side, edges smoothed
    np.testing.assert_allclose(centre_of_mass(digit), (13.5, 13.5), atol=1.0)


def test_shifting_a_drawing_does_not_change_the_prepared_digit_more_than_rounding():
    a, b = prepare(_digit_on_canvas(30, 30, 120)), prepare(_digit_on_canvas(140, 120, 120))
    assert np.abs(a - b).max() < 0.05


def test_an_empty_canvas_is_a_clear_error_not_a_prediction():
    with pytest.raises(ValueError, match="empty: draw a digit first"):
        prepare(np.full((CANVAS, CANVAS), 255, np.uint8))


def test_render_draws_round_black_strokes_on_white():
    image = render([[(10, 10), (100, 10)], [(50, 200)]])
    assert image.shape == (CANVAS, CANVAS) and image.dtype == np.uint8
    assert image[10, 50] == 0 and image[200, 50] == 0 and image[150, 150] == 255  # a line, a dot, paper
    with pytest.raises(ValueError, match="list of \\(x, y\\) points"):
        render([[(1, 2, 3)]])


def test_shipped_drawings_are_ten_digits_on_the_canvas():
    drawings = shipped_drawings()
    assert sorted(d.label for d in drawings) == list(range(10))
    for d in drawings:
        points = np.concatenate([np.asarray(s, float) for s in d.strokes])
        assert points.min() >= 0 and points.max() <= CANVAS, d.name
        assert (render(d.strokes) == 0).mean() > 0.01, d.name  # some ink
