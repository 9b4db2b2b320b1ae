"""What notebooks 08 and 09 write to look inside the network: top-activating patches, gradient
saliency, occlusion and Grad-CAM, each on small networks whose answers are known."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from lesson_code import load

from helpers.models import activation_model, build_cnn, receptive_field


@pytest.fixture(scope="module")
def small_model():
    keras.utils.set_random_seed(0)
    return build_cnn(filters=(4, 8), dense_units=16)


@pytest.fixture(scope="module")
def left_half_model():
    """Logits that depend only on the left 14 columns of the image."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Flatten()(keras.layers.Cropping2D(((0, 0), (0, 14)))(inputs))
    return keras.Model(inputs, keras.layers.Dense(10)(x))


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)


def lesson(model, names):
    return load("09", names, np=np, tf=tf, keras=keras, model=model)


def test_saliency_is_zero_where_the_network_does_not_look(left_half_model, images):
    saliency = lesson(left_half_model, ["saliency"])["saliency"]
    s = saliency(images, np.array([3, 3, 3]))
    assert s.shape == (3, 28, 28) and (s >= 0).all()
    assert s[:, :, 14:].max() == 0 and s[:, :, :14].max() > 0


def test_saliency_is_the_gradient_of_the_chosen_logit(small_model, images):
    saliency = lesson(small_model, ["saliency"])["saliency"]
    x = tf.constant(images[:1])
    with tf.GradientTape() as tape:
        tape.watch(x)
        logit = small_model(x, training=False)[0, 5]
    np.testing.assert_allclose(saliency(images[:1], np.array([5]))[0], np.abs(tape.gradient(logit, x))[0, ..., 0])


def test_occlusion_is_zero_on_blank_regions_and_counts_every_pixel(left_half_model):
    occlusion = lesson(left_half_model, ["occlusion"])["occlusion"]
    image = np.zeros((28, 28, 1), np.float32)
    image[5:20, 2:10] = 1.0  # ink on the left only
    m = occlusion(image, 4)
    assert m.shape == (28, 28) and np.isfinite(m).all()
    assert np.abs(m[:, 20:]).max() < 1e-6  # hiding the blank right side changes nothing (float32 rounding aside)
    assert np.abs(m[5:20, 2:10]).max() > 1e-3


def test_grad_cam_is_in_zero_one_and_one_map_per_image(small_model, images):
    grad_cam = lesson(small_model, ["grad_cam"])["grad_cam"]
    cam = grad_cam(images, np.array([0, 1, 2]))
    assert cam.shape == (3, 28, 28) and cam.min() >= 0 and cam.max() <= 1 + 1e-6
    assert all(np.isclose(m.max(), 1) or m.max() == 0 for m in cam)
    assert grad_cam(images, np.array([0, 1, 2]), layer_name="pool1").shape == (3, 28, 28)


def test_top_patches_are_the_receptive_fields_of_the_strongest_units(small_model, images):
    top_patches = load("08", ["top_patches"], np=np, model=small_model, activation_model=activation_model,
                       receptive_field=receptive_field)["top_patches"]
    patches = top_patches("conv2", 1, images, k=2)
    assert patches.shape == (2, 14, 14)
    maps = activation_model(small_model, ["conv2"]).predict(images, verbose=0)["conv2"][..., 1]
    best = int(np.argmax(maps.reshape(3, -1).max(axis=1)))
    r, c = np.unravel_index(maps[best].argmax(), maps[best].shape)
    field = receptive_field(small_model, "conv2")
    padded = np.pad(images[best, ..., 0], 14)
    top, left = 14 + field.start + field.jump * r, 14 + field.start + field.jump * c
    np.testing.assert_array_equal(patches[0], padded[top:top + 14, left:left + 14])
