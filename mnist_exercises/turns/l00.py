"""Your-turn checks of notebook 00: preparing the images for the network, and a convolution block."""

import numpy as np

from mnist_exercises import Wrong, result_of


def prepare_images(function):
    rng = np.random.default_rng(0)
    for shape in [(5, 28, 28), (1, 28, 28)]:  # the docstring's (n, 28, 28)
        images = rng.integers(0, 256, size=shape, dtype=np.uint8)
        images[0, 0, 0], images[-1, -1, -1] = 0, 255  # both ends of the range
        original = images.copy()
        got = result_of(function, images, where=f"on uint8 images of shape {shape}")
        if not np.array_equal(images, original):
            raise Wrong(f"on uint8 images of shape {shape}: it changes the images it is given")
        if not isinstance(got, np.ndarray):
            raise Wrong(f"on uint8 images of shape {shape}: expected a NumPy array, got {type(got).__name__}")
        if got.shape != shape + (1,):
            raise Wrong(f"on uint8 images of shape {shape}: the result has shape {got.shape}: is the channel "
                        "axis there, and at the end?")
        if got.dtype.kind != "f":
            raise Wrong(f"on uint8 images of shape {shape}: the result holds {got.dtype} values, not floats")
        if not np.allclose(got[..., 0], original.astype(np.float64) / 255, rtol=0, atol=1e-6):
            raise Wrong(f"on uint8 images of shape {shape}: the values are not the pixels scaled to [0, 1] "
                        "as the text says")


def _oracle(x, kernel, bias):
    """Conv2D(3x3, 'valid', ReLU) then 2x2 max pooling, with TensorFlow's ops."""
    import tensorflow as tf

    y = tf.nn.relu(tf.nn.conv2d(x, kernel, strides=1, padding="VALID") + bias)
    return tf.nn.max_pool2d(y, ksize=2, strides=2, padding="VALID").numpy()


def conv_block(function):
    import keras

    from helpers.environment import python_random_kept

    rng = np.random.default_rng(1)
    with python_random_kept():  # building layers draws from Python's random: leave the lesson's draws alone
        for shape, filters in [((12, 10, 1), 4), ((9, 11, 3), 6)]:
            where = f"conv_block(keras.Input(shape={shape}), {filters})"
            inputs = keras.Input(shape=shape)
            outputs = result_of(function, inputs, filters, where=where, hints=[(
                "KerasTensor", "your code raised an error on a Keras tensor: was x passed where a layer's "
                "settings go? A layer is first created with its settings, then called on x: "
                "`keras.layers.Layer(settings)(x)`")])
            if not isinstance(outputs, keras.KerasTensor):
                raise Wrong(f"{where} returns {type(outputs).__name__}, not the Keras tensor the last layer gives")
            model = keras.Model(inputs, outputs)
            layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
            kinds = [type(layer).__name__ for layer in layers]
            relu_layer = kinds in (["Conv2D", "ReLU", "MaxPooling2D"], ["Conv2D", "Activation", "MaxPooling2D"])
            if kinds != ["Conv2D", "MaxPooling2D"] and not relu_layer:
                raise Wrong(f"{where} applies {kinds or 'no layer'}, not a Conv2D followed by a MaxPooling2D")
            conv, pool = layers[0], layers[-1]
            if conv.filters != filters:
                raise Wrong(f"{where}: its Conv2D does not have `filters` filters")
            if tuple(conv.kernel_size) != (3, 3) or tuple(conv.strides) != (1, 1) or conv.padding != "valid":
                raise Wrong(f"{where}: its Conv2D is not the lesson's `Conv2D(filters, 3)` with ReLU: "
                            "3x3 filters, and no other setting changed")
            if not conv.use_bias:
                raise Wrong(f"{where}: its Conv2D has no bias")
            if not relu_layer and conv.get_config()["activation"] != "relu":
                raise Wrong(f"{where}: its Conv2D does not apply relu")
            if tuple(pool.pool_size) != (2, 2) or tuple(pool.strides) != (2, 2) or pool.padding != "valid":
                raise Wrong(f"{where}: its MaxPooling2D is not the lesson's plain `MaxPooling2D()`, with no "
                            "setting changed")
            kernel = rng.normal(size=(3, 3, shape[-1], filters)).astype(np.float32)
            bias = rng.normal(size=filters).astype(np.float32)
            conv.set_weights([kernel, bias])
            x = rng.normal(size=(2, *shape)).astype(np.float32)
            if not np.allclose(np.asarray(model(x)), _oracle(x, kernel, bias), atol=1e-4):
                raise Wrong(f"{where}: its output differs from a 3x3 convolution, ReLU and 2x2 max pooling")


CHECKS = {"00.a": prepare_images, "00.b": conv_block}
