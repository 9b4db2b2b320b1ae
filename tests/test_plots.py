import numpy as np
import pytest

from helpers import plots


def test_image_grid_draws_each_image_with_its_title():
    images = np.arange(5 * 4 * 4, dtype=np.uint8).reshape(5, 4, 4)
    fig = plots.plot_image_grid(images, titles=list("abcde"), ncols=3, suptitle="five")
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 5 and len(fig.axes) == 6  # a 2x3 grid, the last cell blank
    assert [ax.get_title() for ax in drawn] == list("abcde")
    np.testing.assert_array_equal(drawn[2].images[0].get_array(), images[2])
    assert drawn[0].images[0].get_clim() == (0.0, 79.0)  # one shared scale
    assert fig.get_figwidth() <= plots.MAX_WIDTH_IN


def test_image_grid_accepts_a_channel_axis_and_rejects_bad_shapes():
    fig = plots.plot_image_grid(np.zeros((2, 3, 3, 1)))
    assert sum(bool(ax.images) for ax in fig.axes) == 2
    for bad in (np.zeros((3, 3)), np.zeros((2, 3, 3, 3)), np.zeros((0, 3, 3))):
        with pytest.raises(ValueError, match="must have shape"):
            plots.plot_image_grid(bad)
    with pytest.raises(ValueError, match="must be numeric"):
        plots.plot_image_grid(np.array([[["a"]]]))
    with pytest.raises(ValueError, match="2 titles for 3"):
        plots.plot_image_grid(np.zeros((3, 2, 2)), titles=["x", "y"])


def test_signed_grid_is_centred_on_zero():
    arrays = np.array([[[-1.0, 0.5]], [[0.25, 0.0]]])
    fig = plots.plot_signed_grid(arrays)
    norm = fig.axes[0].images[0].norm
    assert (norm.vmin, norm.vcenter, norm.vmax) == (-1.0, 0.0, 1.0)


def test_counts_bar_chart_heights_and_labels():
    ax = plots.plot_counts([3, 0, 7], ["a", "b", "c"], title="t", xlabel="class")
    assert [p.get_height() for p in ax.patches] == [3, 0, 7]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "class", "count")
    with pytest.raises(ValueError, match="non-negative"):
        plots.plot_counts([1, -1], title="t", xlabel="x")
    with pytest.raises(ValueError, match="2 labels for 3"):
        plots.plot_counts([1, 2, 3], ["a", "b"], title="t", xlabel="x")


def test_history_plot_has_train_and_validation_curves():
    h = {"loss": [1.0, 0.5], "accuracy": [0.6, 0.8], "val_loss": [0.9, 0.6], "val_accuracy": [0.7, 0.8]}
    fig = plots.plot_history(h)
    assert len(fig.axes) == 2
    np.testing.assert_array_equal(fig.axes[1].lines[1].get_ydata(), [0.7, 0.8])
    assert all(ax.get_xlabel() == "epoch" for ax in fig.axes)
    with pytest.raises(ValueError, match="val_accuracy"):
        plots.plot_history({"loss": [1.0]})


def test_confusion_matrix_annotates_mistakes():
    m = np.array([[5, 1], [0, 3]])
    ax = plots.plot_confusion_matrix(m)
    assert sorted(t.get_text() for t in ax.texts) == ["1", "3", "5"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    with pytest.raises(ValueError, match="square"):
        plots.plot_confusion_matrix(np.zeros((2, 3), int))
    with pytest.raises(ValueError, match="integer counts"):
        plots.plot_confusion_matrix(np.zeros((2, 2)))
