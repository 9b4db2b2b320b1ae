OUT_SIZE = "out_h, out_w = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1"
WINDOW = "out[i, j] = summarise(x[i * stride:i * stride + size, j * stride:j * stride + size])"

WRONG = {
    "03.a": [
        [OUT_SIZE, "out[i, j] = summarise(x[i:i + size, j:j + size])"],  # ignores the stride
        ["out_h, out_w = x.shape[0] // stride, x.shape[1] // stride", WINDOW],  # counts as if size == stride
        ["out_h, out_w = (x.shape[0] - size) // stride, (x.shape[1] - size) // stride", WINDOW],  # one too few
        [OUT_SIZE, "out[i, j] = np.max(x[i * stride:i * stride + size, j * stride:j * stride + size])"],  # max only
    ],
    "03.b": [
        "jump = jump * s\nr = r + (k - 1) * jump\nstart = start - pad * jump",  # uses the new jump
        "r, start, jump = r + (k - 1) * s, start - pad * jump, jump * s",  # the stride instead of the jump
        "r, start, jump = r + (k - 1) * jump, start - pad, jump * s",  # padding counted in the layer's units
        "r, start, jump = r + k * jump, start - pad * jump, jump * s",  # k instead of k - 1
    ],
}
