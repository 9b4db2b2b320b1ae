import keras
import numpy as np
import pytest

from helpers.inspection import (
    grad_cam,
    maximise_activation,
    occlusion_map,
    receptive_field,
    saliency_map,
    top_activating_patches,
)
from helpers.models import build_cnn


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(0)
    return build_cnn(filters=(4, 8), dense_units=16)


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)


@pytest.fixture(scope="module")
def left_half_model():
    """Logits that depend only on the left 14 columns of the image."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Cropping2D(((0, 0), (0, 14)))(inputs)
    x = keras.layers.Flatten()(x)
    return keras.Model(inputs, keras.layers.Dense(10)(x))


def test_saliency_shape_sign_and_per_image_classes(model, images):
    s = saliency_map(model, images, 3)
    assert s.shape == (3, 28, 28) and s.dtype == np.float32 and (s >= 0).all() and s.max() > 0
    per_image = saliency_map(model, images, [3, 3, 3])
    np.testing.assert_allclose(per_image, s, atol=1e-7)


def test_saliency_is_zero_where_the_logit_ignores_the_input(left_half_model, images):
    s = saliency_map(left_half_model, images, [0, 5, 9])
    assert (s[:, :, 14:] == 0).all() and (s[:, :, :14] > 0).all()


def test_occlusion_of_a_blank_region_changes_nothing(model):
    image = np.zeros((28, 28, 1), np.float32)
    image[10:18, 10:18] = 1.0  # ink in the middle, blank (0) everywhere else
    heat = occlusion_map(model, image, 2, patch=4, stride=2, fill=0.0)
    assert heat.shape == (28, 28) and heat.dtype == np.float32
    np.testing.assert_allclose(heat[:6, :], 0, atol=1e-6)  # patches here cover blank pixels only
    np.testing.assert_allclose(heat[:, 22:], 0, atol=1e-6)
    assert np.abs(heat[10:18, 10:18]).max() > 0


def test_occlusion_matches_the_probability_drop_of_a_single_patch(model, images):
    image = images[0]
    heat = occlusion_map(model, image, 4, patch=28, stride=1, fill=0.5)  # one patch: the whole image
    probs = keras.ops.softmax(model(np.stack([image, np.full_like(image, 0.5)]))).numpy()[:, 4]
    np.testing.assert_allclose(heat, probs[0] - probs[1], atol=1e-5)


def test_grad_cam_is_in_unit_range_with_input_size(model, images):
    cam = grad_cam(model, images, [0, 1, 2])
    assert cam.shape == (3, 28, 28) and cam.dtype == np.float32
    assert cam.min() >= 0 and cam.max() <= 1
    assert all(np.isclose(m.max(), 1) or m.max() == 0 for m in cam)
    assert grad_cam(model, images, 0, layer_name="pool1").shape == (3, 28, 28)


def test_receptive_fields_of_the_series_network(model):
    assert receptive_field(model, "conv1") == (5, 1, -2)
    assert receptive_field(model, "pool1") == (6, 2, -2)
    assert receptive_field(model, "conv2") == (14, 2, -6)


def test_top_activating_patches_are_the_receptive_fields(model, images):
    top = top_activating_patches(model, images, "conv2", channel=1, k=2)
    assert top.patches.shape == (2, 14, 14) and len(top.values) == 2
    assert top.values[0] >= top.values[1] and len(set(top.image_index)) == 2
    r, c = top.row[0], top.col[0]
    n = top.image_index[0]
    padded = np.pad(images[n, :, :, 0], 14)
    np.testing.assert_array_equal(top.patches[0], padded[r + 14:r + 28, c + 14:c + 28])
    # the strongest unit really is where the patch came from
    reader = keras.Model(model.inputs[0], model.get_layer("conv2").output)
    maps = reader(images).numpy()[..., 1]
    assert np.isclose(maps[n].max(), top.values[0], atol=1e-6)


def test_top_patch_at_a_border_is_padded_with_blank(model):
    image = np.zeros((1, 28, 28, 1), np.float32)
    image[0, 0:3, 0:3] = 1.0  # a blob in the corner
    top = top_activating_patches(model, image, "conv1", channel=0, k=1)
    assert top.patches.shape == (1, 5, 5)
    if top.row[0] < 0:
        assert (top.patches[0, : -top.row[0]] == 0).all()


def test_maximise_activation_stays_in_range_and_raises_the_objective(model):
    reader = keras.Model(model.inputs[0], model.get_layer("logits").output)
    start = np.full((1, 28, 28, 1), 0.5, np.float32)
    x = maximise_activation(model, "logits", [7, 2], steps=20, decay=0.0, blur_every=0)
    assert x.shape == (2, 28, 28, 1) and x.dtype == np.float32 and x.min() >= 0 and x.max() <= 1
    logits = reader(x).numpy()
    assert logits[0, 7] > reader(start).numpy()[0, 7] and logits[1, 2] > reader(start).numpy()[0, 2]
    assert maximise_activation(model, "conv2", [0], steps=3).shape == (1, 28, 28, 1)


@pytest.mark.parametrize("call, error, message", [
    (lambda m, x: saliency_map(m, x.astype(np.float64), 0), TypeError, "float32"),
    (lambda m, x: saliency_map(m, x[..., 0], 0), ValueError, "shape \\(n, 28, 28, 1\\)"),
    (lambda m, x: saliency_map(m, x.tolist(), 0), TypeError, "NumPy array"),
    (lambda m, x: saliency_map(m, x, 10), ValueError, "in \\[0, 10\\)"),
    (lambda m, x: saliency_map(m, x, [1, 2]), ValueError, "3 ints"),
    (lambda m, x: grad_cam(m, x, 0, layer_name="conv9"), ValueError, "unknown layer 'conv9'"),
    (lambda m, x: grad_cam(m, x, 0, layer_name="dense"), ValueError, "feature maps"),
    (lambda m, x: occlusion_map(m, x, 0), ValueError, "one image"),
    (lambda m, x: occlusion_map(m, x[0], 0, patch=30), ValueError, "patch"),
    (lambda m, x: occlusion_map(m, x[0], 0, stride=0), ValueError, "stride"),
    (lambda m, x: top_activating_patches(m, x, "conv1", channel=4), ValueError, "channel"),
    (lambda m, x: top_activating_patches(m, x, "conv1", channel=0, k=4), ValueError, "one patch per image"),
    (lambda m, x: top_activating_patches(m, x, "flatten", channel=0), ValueError, "feature maps"),
    (lambda m, x: maximise_activation(m, "logits", [10]), ValueError, "indices"),
    (lambda m, x: maximise_activation(m, "nope", [0]), ValueError, "unknown layer"),
])
def test_bad_input_fails_clearly(model, images, call, error, message):
    with pytest.raises(error, match=message):
        call(model, images)
