import keras
import pytest
from matplotlib.text import Annotation

from helpers import plots
from helpers.models import build_cnn


def test_diagram_has_one_box_per_layer_with_shapes_and_counts():
    model = build_cnn()
    fig = plots.plot_network_diagram(model)
    ax = fig.axes[0]
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
    fig = plots.plot_network_diagram(model, title="small")
    assert len(fig.axes[0].patches) == 7
    assert fig.axes[0].get_title() == "small"


def test_diagram_rejects_what_is_not_a_keras_model():
    with pytest.raises(TypeError, match="must be a keras.Model"):
        plots.plot_network_diagram("mnist_cnn")
    with pytest.raises(ValueError, match="no layers"):
        plots.plot_network_diagram(keras.Sequential(name="empty"))
