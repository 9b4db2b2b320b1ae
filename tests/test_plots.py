"""helpers.plots: what each figure draws, on the axes given or new ones, and what it rejects."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Annotation

from helpers import plots
from helpers.models import build_cnn


def test_image_grid_draws_each_image_with_its_title():
    images = np.arange(5 * 4 * 4, dtype=np.uint8).reshape(5, 4, 4)
    axes = plots.plot_image_grid(images, titles=list("abcde"), ncols=3, suptitle="five")
    fig = axes[0].figure
    assert len(axes) == 5
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 5 and len(fig.axes) == 6  # a 2x3 grid, the last cell blank
    assert [ax.get_title() for ax in drawn] == list("abcde")
    np.testing.assert_array_equal(drawn[2].images[0].get_array(), images[2])
    assert drawn[0].images[0].get_clim() == (0.0, 79.0)  # one shared scale
    assert fig.get_figwidth() <= plots.MAX_WIDTH_IN


def test_image_grid_accepts_a_channel_axis_and_rejects_bad_shapes():
    axes = plots.plot_image_grid(np.zeros((2, 3, 3, 1)))
    assert sum(bool(ax.images) for ax in axes[0].figure.axes) == 2
    for bad in (np.zeros((3, 3)), np.zeros((2, 3, 3, 3)), np.zeros((0, 3, 3))):
        with pytest.raises(ValueError, match="must have shape"):
            plots.plot_image_grid(bad)
    with pytest.raises(ValueError, match="must be numeric"):
        plots.plot_image_grid(np.array([[["a"]]]))
    with pytest.raises(ValueError, match="2 titles for 3"):
        plots.plot_image_grid(np.zeros((3, 2, 2)), titles=["x", "y"])


def test_signed_grid_is_centred_on_zero():
    arrays = np.array([[[-1.0, 0.5]], [[0.25, 0.0]]])
    axes = plots.plot_signed_grid(arrays)
    assert axes[0].images[0].get_clim() == (-1.0, 1.0) and axes[0].images[0].get_cmap().name == "RdBu_r"
    assert plots.plot_signed_grid(arrays, limit=4.0)[1].images[0].get_clim() == (-4.0, 4.0)  # a shared scale


def test_grids_draw_on_given_axes_and_return_them():
    _, given = plt.subplots(2, 3)
    axes = plots.plot_image_grid(np.zeros((4, 3, 3)), axes=given)
    assert list(axes) == list(given.ravel()[:4]) and not given.ravel()[4].images
    assert list(plots.plot_signed_grid(np.ones((2, 3, 3)), axes=given[1], colorbar=False)) == list(given[1][:2])
    with pytest.raises(ValueError, match="3 axes for 4 images"):
        plots.plot_image_grid(np.zeros((4, 3, 3)), axes=given[0])


def test_counts_bar_chart_heights_and_labels():
    ax = plots.plot_counts([3, 0, 7], ["a", "b", "c"], title="t", xlabel="class")
    assert [p.get_height() for p in ax.patches] == [3, 0, 7]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "class", "count")
    with pytest.raises(ValueError, match="non-negative"):
        plots.plot_counts([1, -1], title="t", xlabel="x")
    with pytest.raises(ValueError, match="2 labels for 3"):
        plots.plot_counts([1, 2, 3], ["a", "b"], title="t", xlabel="x")


def test_learning_curves_show_each_step_its_moving_average_and_the_validation_points():
    steps = 120
    h = {"step_loss": list(np.linspace(2, 0.1, steps)), "step_accuracy": list(np.linspace(0.1, 0.99, steps)),
         "val_at_step": [60, 120], "val_loss_at_step": [0.5, 0.2], "val_accuracy_at_step": [0.9, 0.95]}
    ax_loss, ax_acc = plots.plot_learning_curves(h, smooth=20)
    raw, smoothed, validation = ax_acc.lines
    assert len(raw.get_xdata()) == steps and len(smoothed.get_xdata()) == steps - 19
    np.testing.assert_allclose(smoothed.get_ydata()[0], np.mean(h["step_accuracy"][:20]))
    np.testing.assert_array_equal(validation.get_xdata(), [60, 120])
    assert ax_loss.get_yscale() == "log" and ax_acc.get_xlabel() == "training step (one batch)"
    with pytest.raises(ValueError, match="val_accuracy_at_step"):
        plots.plot_learning_curves({"loss": [1.0]})


def test_probabilities_bar_chart_marks_prediction_and_label():
    p = np.full(10, 0.05)
    p[3] = 0.55
    ax = plots.plot_probabilities(p, title="t", label=8)
    assert [b.get_height() for b in ax.patches] == pytest.approx(list(p))
    assert ax.patches[3].get_facecolor() != ax.patches[0].get_facecolor()
    assert ax.patches[8].get_linewidth() == 2 and "8" in ax.get_xlabel()
    with pytest.raises(ValueError, match="sum to 1"):
        plots.plot_probabilities(np.ones(10), title="t")


def test_confusion_matrix_annotates_mistakes():
    m = np.array([[5, 1], [0, 3]])
    ax = plots.plot_confusion_matrix(m)
    assert sorted(t.get_text() for t in ax.texts) == ["1", "3", "5"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    with pytest.raises(ValueError, match="square"):
        plots.plot_confusion_matrix(np.zeros((2, 3), int))
    with pytest.raises(ValueError, match="integer counts"):
        plots.plot_confusion_matrix(np.zeros((2, 2)))


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


def test_diagram_has_one_box_per_layer_with_shapes_and_counts():
    model = build_cnn()
    ax = plots.plot_network_diagram(model)
    fig = ax.figure
    assert len(ax.patches) == len(model.layers) == 9
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    texts = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    for expected in ("28×28×1", "28×28×32", "14×14×32", "7×7×64", "3136", "1024", "10",
                     "832", "51,264", "3,212,288", "10,250",
                     "conv1: conv 5×5, 32 filters, 'same', ReLU", "pool1: max-pool 2×2, stride 2",
                     "dropout: dropout, rate 0.4 (training only)", "logits: dense, 10 units (logits)"):
        assert expected in texts, expected
    assert len(texts) == 3 + 3 * 9  # three column heads, three texts per layer
    assert len(arrows) == 8  # one arrow between each pair of consecutive layers
    assert ax.get_title() == "mnist_cnn: 3,274,634 parameters"
    assert fig.get_figwidth() <= plots.MAX_WIDTH_IN


def test_diagram_of_a_smaller_variant_and_a_custom_title():
    model = build_cnn(filters=(8,), dense_units=16)
    ax = plots.plot_network_diagram(model, title="small")
    assert len(ax.patches) == 7 and ax.get_title() == "small"


def test_diagram_rejects_what_is_not_a_keras_model():
    with pytest.raises(TypeError, match="must be a keras.Model"):
        plots.plot_network_diagram("mnist_cnn")
    with pytest.raises(ValueError, match="no layers"):
        plots.plot_network_diagram(keras.Sequential(name="empty"))
