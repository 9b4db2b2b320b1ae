import keras
import numpy as np
import pytest

from helpers.models import activation_model, build_cnn, multiply_adds_per_image, receptive_field


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(0)
    return build_cnn()


def test_shapes_and_parameter_counts_of_the_original_network(model):
    per_layer = {layer.name: layer.count_params() for layer in model.layers if layer.count_params()}
    assert per_layer == {"conv1": 832, "conv2": 51264, "dense": 3212288, "logits": 10250}
    assert model.count_params() == 3274634
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    assert shapes["pool1"] == (14, 14, 32) and shapes["pool2"] == (7, 7, 64)
    assert shapes["flatten"] == (3136,) and shapes["logits"] == (10,)


def test_multiply_adds_match_the_reference_figures(model):
    macs = multiply_adds_per_image(model)
    assert macs == {"conv1": 627200, "conv2": 10035200, "dense": 3211264, "logits": 10240}
    total = sum(macs.values())
    assert round(total / 1e6, 1) == 13.9 and round(macs["conv2"] / total, 2) == 0.72


def test_activation_model_reads_out_named_layers(model):
    reader = activation_model(model, ["conv1", "pool2", "dense"])
    out = reader(np.zeros((3, 28, 28, 1), np.float32))
    assert {k: tuple(v.shape) for k, v in out.items()} == {
        "conv1": (3, 28, 28, 32), "pool2": (3, 7, 7, 64), "dense": (3, 1024)}
    with pytest.raises(ValueError, match="unknown layer names \\['conv3'\\]"):
        activation_model(model, ["conv3"])


@pytest.mark.parametrize("kwargs, message", [
    ({"kernel_size": 29}, "does not fit conv1"),
    ({"kernel_size": 0}, "positive int"),
    ({"dropout_rate": 1.0}, "in \\[0, 1\\)"),
    ({"dropout_rate": -0.1}, "keep probability 0.6"),
    ({"filters": 32}, "sequence of positive ints"),
    ({"filters": (32, 0)}, "sequence of positive ints"),
    ({"filters": (8,) * 6, "kernel_size": 1}, "too many conv stages"),
    ({"dense_units": 0}, "dense_units"),
    ({"num_classes": 1}, "num_classes"),
])
def test_bad_hyperparameters_are_rejected_clearly(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_cnn(**kwargs)


def test_initialisations_keras_defaults_or_the_original_tutorials():
    keras.utils.set_random_seed(0)
    keras_init, original = build_cnn(), build_cnn(init="original")
    for name in ("conv1", "conv2", "dense", "logits"):
        kernel, bias = keras_init.get_layer(name).get_weights()
        assert np.all(bias == 0) and np.abs(kernel).max() < 0.25
        kernel, bias = original.get_layer(name).get_weights()
        assert np.allclose(bias, 0.1) and np.abs(kernel).max() <= 0.2 + 1e-6  # truncated at 2 stddevs
        assert 0.08 < kernel.std() < 0.095  # a normal with stddev 0.1 truncated at 2 stddevs: 0.088
    first = [original.get_layer(n).kernel.numpy().ravel()[:20] for n in ("conv1", "conv2", "dense")]
    assert not np.allclose(first[0], first[1]) and not np.allclose(first[1], first[2])  # own random streams
    with pytest.raises(ValueError, match="init must be one of"):
        build_cnn(init="glorot")


def test_receptive_fields_of_the_series_network(model):
    assert receptive_field(model, "conv1") == (5, 1, -2)
    assert receptive_field(model, "pool1") == (6, 2, -2)
    assert receptive_field(model, "conv2") == (14, 2, -6)
    assert receptive_field(model, "pool2") == (16, 4, -6)
    with pytest.raises(ValueError, match="unknown layer 'conv9'"):
        receptive_field(model, "conv9")
    with pytest.raises(ValueError, match="feature maps"):
        receptive_field(model, "dense")
