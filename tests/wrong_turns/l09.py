WRONG = {
    "09.a": [
        # the tape does not watch x, a plain tensor: the gradient is None
        "with tf.GradientTape() as tape:\n"
        "    chosen = tf.gather(model(x, training=False), classes, axis=1, batch_dims=1)\n"
        "return tape.gradient(chosen, x)",
        # the model runs on the NumPy images, not on the watched tensor
        "with tf.GradientTape() as tape:\n"
        "    tape.watch(x)\n"
        "    chosen = tf.gather(model(images, training=False), classes, axis=1, batch_dims=1)\n"
        "return tape.gradient(chosen, x)",
        # without batch_dims, every image's gradient sums the logits of all the classes asked for
        "with tf.GradientTape() as tape:\n"
        "    tape.watch(x)\n"
        "    chosen = tf.gather(model(x, training=False), classes, axis=1)\n"
        "return tape.gradient(chosen, x)",
        # the gradient of all ten logits' sum
        "with tf.GradientTape() as tape:\n"
        "    tape.watch(x)\n"
        "    chosen = tf.reduce_sum(model(x, training=False))\n"
        "return tape.gradient(chosen, x)",
        # notebook 08's style with ten classes hard-coded: right for the lesson's network, not for any model
        "with tf.GradientTape() as tape:\n"
        "    tape.watch(x)\n"
        "    chosen = tf.reduce_sum(model(x, training=False) * tf.one_hot(classes, 10))\n"
        "return tape.gradient(chosen, x)",
        # the probability, not the logit
        "with tf.GradientTape() as tape:\n"
        "    tape.watch(x)\n"
        "    chosen = tf.gather(tf.nn.softmax(model(x, training=False)), classes, axis=1, batch_dims=1)\n"
        "return tape.gradient(chosen, x)",
    ],
    "09.b": [
        # the mean over the channels, not over each map
        "weights = tf.reduce_mean(gradients, axis=-1, keepdims=True)\n"
        "return tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))",
        # forgets the positive part
        "weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)\n"
        "return tf.reduce_sum(weights * maps, axis=-1, keepdims=True)",
        # gradient times map pixel by pixel, with no channel weights
        "return tf.nn.relu(tf.reduce_sum(gradients * maps, axis=-1, keepdims=True))",
        # without keepdims the weights broadcast against the wrong axes
        "weights = tf.reduce_mean(gradients, axis=(1, 2))\n"
        "return tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))",
        # scaled to [0, 1] as the Grad-CAM item says, though grad_cam does that after resizing
        "weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)\n"
        "cam = tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))\n"
        "return cam / tf.reduce_max(cam, axis=(1, 2, 3), keepdims=True)",
        # the sum of each map's gradient, not its mean
        "weights = tf.reduce_sum(gradients, axis=(1, 2), keepdims=True)\n"
        "return tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))",
        # the positive part of each weighted map, before the sum
        "weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)\n"
        "return tf.reduce_sum(tf.nn.relu(weights * maps), axis=-1, keepdims=True)",
        # the channels summed without keeping their axis
        "weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)\n"
        "return tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1))",
        # no return
        "weights = tf.reduce_mean(gradients, axis=(1, 2), keepdims=True)\n"
        "cam = tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))",
    ],
}
