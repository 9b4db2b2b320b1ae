"""Tests for the plots notebook 01 added: plot_array_values and plot_class_scatter."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots


def test_array_values_writes_every_value_on_its_cell():
    a = np.array([[0, 255, 7], [128, 3, 0]], dtype=np.uint8)
    ax = plots.plot_array_values(a, title="patch")
    texts = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert len(ax.texts) == 6
    assert ((1, 0), "255") in texts and ((0, 1), "128") in texts
    np.testing.assert_array_equal(ax.images[0].get_array(), a)
    assert ax.get_title() == "patch" and ax.get_xlabel() == "column" and ax.get_ylabel() == "row"
    # contrast: white text on the dark 0, black text on the bright 255
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["255"] == "black" and colours["7"] == "white"
    assert ax.figure.get_figwidth() <= plots.MAX_WIDTH_IN


def test_array_values_formats_floats_and_draws_into_a_given_axes():
    _, ax = plt.subplots()
    out = plots.plot_array_values(np.array([[0.5, -1.0]]), title="floats", ax=ax, cmap="RdBu_r")
    assert out is ax
    assert sorted(t.get_text() for t in ax.texts) == ["-1.00", "0.50"]


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((2, 2, 2)), np.zeros((0, 3)),
                                 np.array([["a", "b"]]), np.zeros((33, 4))])
def test_array_values_rejects_what_it_cannot_draw(bad):
    with pytest.raises(ValueError, match="2-D numeric|at most 32x32"):
        plots.plot_array_values(bad, title="bad")


def test_class_scatter_draws_one_series_per_class_with_a_legend():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(30, 2))
    labels = np.repeat([0, 3, 9], 10)
    ax = plots.plot_class_scatter(points, labels, title="t", xlabel="x", ylabel="y")
    assert len(ax.collections) == 3
    np.testing.assert_allclose(ax.collections[1].get_offsets(), points[10:20])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "3", "9"]
    assert [t.get_text() for t in ax.texts] == ["0", "3", "9"]  # a label at each centroid
    assert ax.texts[2].get_position() == pytest.approx(tuple(points[20:].mean(axis=0)))
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "x", "y")
    assert ax.figure.get_figwidth() <= plots.MAX_WIDTH_IN


def test_class_scatter_rejects_bad_points_and_labels():
    good = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.plot_class_scatter(np.zeros((4, 3)), np.zeros(4, int), title="t", xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="4 integers"):
        plots.plot_class_scatter(good, np.zeros(3, int), title="t", xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="4 integers"):
        plots.plot_class_scatter(good, np.zeros(4), title="t", xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="classes 0-9"):
        plots.plot_class_scatter(good, np.array([0, 1, 2, 10]), title="t", xlabel="x", ylabel="y")
