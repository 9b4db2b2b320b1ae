WRONG = {
    "00.a": [
        "return images / 255",  # forgets the channel axis
        "return images[..., None]",  # forgets to scale
        "return images[None] / 255",  # the new axis in front, not at the end
        "return images[..., None] // 255",  # integer division: 0 or 1
        "return images[:, None] / 255",  # the new axis second, not last
    ],
    "00.b": [
        'return keras.layers.Conv2D(filters, 3, activation="relu")(x)',  # no pooling
        'x = keras.layers.Conv2D(32, 3, activation="relu")(x)\n'
        "return keras.layers.MaxPooling2D()(x)",  # always 32 filters, whatever `filters` says
        "x = keras.layers.Conv2D(filters, 3)(x)\nreturn keras.layers.MaxPooling2D()(x)",  # no ReLU
        'x = keras.layers.MaxPooling2D()(x)\nreturn keras.layers.Conv2D(filters, 3, activation="relu")(x)',  # swapped
        'x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)\n'
        "return keras.layers.MaxPooling2D()(x)",  # notebook 04's padding, not this network's
        'keras.layers.Conv2D(filters, 3, activation="relu")\nreturn keras.layers.MaxPooling2D()(x)',  # never called
        'x = keras.layers.Conv2D(filters, 3)(x)\nx = keras.layers.Activation("sigmoid")(x)\n'
        "return keras.layers.MaxPooling2D()(x)",  # a separate activation layer, but not ReLU
        'x = keras.layers.Conv2D(filters, 3, activation="relu")(x)\n'
        "return keras.layers.MaxPooling2D(x)",  # x given to the constructor, not to the layer
    ],
}
