WRONG = {
    "02.a": [
        "total = (out_size - 1) * stride + k - n",  # forgets that padding is never negative
        "total = max(out_size * stride + k - n, 0)",  # one window too many
        "total = k - 1",  # the stride-1 rule, at every stride
        "total = max((np.ceil(n / stride) - 1) * stride + k - n, 0)",  # a float: np.pad then fails
    ],
    "02.b": [
        "out[i, j] = np.sum(x[i:i + kh, j:j + kw] * kernel)",  # ignores the stride
        "out[i, j] = np.sum(x[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel[::-1, ::-1])",  # flips
        "out[i, j] = np.sum(x[i * stride:i * stride + kw, j * stride:j * stride + kh] * kernel.T)",  # swaps axes
    ],
}
