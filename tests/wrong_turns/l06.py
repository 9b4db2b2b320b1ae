WRONG = {
    "06.a": [
        # forgets the 1/batch of the mean
        "dz2 = p - Y\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
        # forgets the ReLU's mask
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = dz2 @ W2.T\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
        # transposes swapped in the weight gradients
        "dz2 = (p - Y) / len(x)\ndW2, db2 = dz2.T @ h, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = dz1.T @ x, dz1.sum(axis=0)",
        # no transpose on W2 going back (the shapes do not fit: the matmul hint says so)
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
        # no transpose on x in dW1 (the shapes do not fit either)
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x @ dz1, dz1.sum(axis=0)",
        # sums the first layer's bias gradient over the wrong axis (the right shape for a batch of 3)
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=1)",
        # the ReLU's mask applied to db1 only: dW1 right, db1 wrong where z1 <= 0
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndh = dz2 @ W2.T\n"
        "dW1, db1 = x.T @ (dh * (z1 > 0)), dh.sum(axis=0)",
        # averages the bias gradients, dividing by the batch a second time
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.mean(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.mean(axis=0)",
        # no transpose on h in dW2 (the right shape for a batch of 3 only)
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
        # layer 2's weight gradient from the ReLU's input z1 instead of its output h
        "dz2 = (p - Y) / len(x)\ndW2, db2 = z1.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * (z1 > 0)\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
        # multiplies by the ReLU's output instead of its slope
        "dz2 = (p - Y) / len(x)\ndW2, db2 = h.T @ dz2, dz2.sum(axis=0)\ndz1 = (dz2 @ W2.T) * h\n"
        "dW1, db1 = x.T @ dz1, dz1.sum(axis=0)",
    ],
    "06.b": [
        # no bias correction
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\nlr_t = lr\n"
        "w = w - lr_t * m / (np.sqrt(v) + epsilon)",
        # only the first moment's correction
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\nlr_t = lr / (1 - beta_1**t)\n"
        "w = w - lr_t * m / (np.sqrt(v) + epsilon)",
        # the second moment of the gradient's size, not of its square
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * np.abs(g)\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw = w - lr_t * m / (np.sqrt(v) + epsilon)",
        # the square root missing
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw = w - lr_t * m / (v + epsilon)",
        # epsilon inside the square root
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw = w - lr_t * m / np.sqrt(v + epsilon)",
        # momentum's running sum instead of a running mean
        "m = beta_1 * m + g\nv = beta_2 * v + (1 - beta_2) * g**2\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw = w - lr_t * m / (np.sqrt(v) + epsilon)",
        # the paper's form, epsilon added to the corrected sqrt(v_hat), not Keras's
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\n"
        "m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)\nw = w - lr * m_hat / (np.sqrt(v_hat) + epsilon)",
        # right values, but the weights updated in place (the demo's w_before would move with them)
        "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g**2\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw -= lr_t * m / (np.sqrt(v) + epsilon)",
        # right values, but the moments updated in place
        "m *= beta_1\nm += (1 - beta_1) * g\nv *= beta_2\nv += (1 - beta_2) * g**2\n"
        "lr_t = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)\nw = w - lr_t * m / (np.sqrt(v) + epsilon)",
    ],
}
