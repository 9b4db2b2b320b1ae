LOG_SUM_EXP = "log_sum_exp = m[:, 0] + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))"

WRONG = {
    "04.a": [
        "weights = math.prod(kernel_shape)\nbiases = 1",  # one bias for the whole layer
        "weights = math.prod(kernel_shape)\nbiases = kernel_shape[-2]",  # a bias per input channel
        "weights = kernel_shape[0] * kernel_shape[1] * kernel_shape[2]\nbiases = kernel_shape[-1]",  # one filter
        "weights = math.prod(kernel_shape)\nbiases = 0",  # forgets the biases
    ],
    "04.b": [
        "m = tf.reduce_max(logits, axis=1, keepdims=True)\n"
        "log_sum_exp = tf.math.log(tf.reduce_sum(tf.exp(logits), axis=1))",  # without the trick: overflows
        "m = tf.reduce_max(logits, axis=1, keepdims=True)\n"
        "log_sum_exp = tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))",  # forgets to add m back
        f"m = tf.reduce_max(logits, axis=0, keepdims=True)\n{LOG_SUM_EXP}",  # the max of each column
        "m = tf.reduce_max(logits, axis=1, keepdims=True)\n"
        "log_sum_exp = m[:, 0] + tf.math.log(tf.reduce_sum(tf.exp(logits - m)))",  # sums over the whole batch
        "m = tf.reduce_max(logits, axis=1)\n"
        "log_sum_exp = m + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))",  # m without keepdims
        "m = tf.reduce_max(logits, axis=1, keepdims=True)\n"
        "log_sum_exp = m + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1, keepdims=True))",  # (n, 1)
        "m = tf.reduce_max(logits)\n"
        "log_sum_exp = m + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))",  # the whole batch's max
    ],
}
