WRONG = {
    "05.a": [
        "return tf.cast(images, tf.float32) / 255.0, labels",  # no channel axis
        "return tf.cast(images, tf.float32)[..., None], labels",  # not scaled
        "return tf.cast(images, tf.float32)[..., None] / 255.0, tf.cast(labels, tf.float32)",  # labels changed
        "return tf.cast(images, tf.float32)[..., None] * (1 / 255), labels",  # rounded reciprocal: not exact
        "return tf.image.convert_image_dtype(images, tf.float32)[..., None], labels",  # multiplies by 1/255
    ],
    "05.b": [
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=["accuracy"])""",  # the loss takes logits for probabilities
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])""",  # the peak rate, constant: no schedule
        """model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])""",  # both by name: no schedule, and no logits
        """model.compile(optimizer="adam", learning_rate=schedule,
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])""",  # the schedule given to compile, not to the optimizer
        """model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])""",  # Adam by name: its default constant rate
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
              loss=keras.losses.CategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])""",  # the one-hot loss, for class numbers
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.Accuracy()])""",  # exact-match accuracy, on logits
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["acc"])""",  # the accuracy, but its scores named "acc", not "accuracy"
        """model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])""",  # named sparse_categorical_accuracy
    ],
}
