WRONG = {
    "01.a": [
        "return np.stack([images[labels == k].mean() for k in range(10)])",  # one number per class
        "return np.stack([images[labels == k].sum(axis=0) for k in range(10)])",  # sums, not means
        "return np.stack([images[k].mean(axis=0) for k in range(10)])",  # image k, not the images of class k
        "return np.stack([images[labels == k].mean(axis=0) for k in range(9)])",  # forgets class 9
        "return [images[labels == k].mean(axis=0) for k in range(10)]",  # a list: the lesson's `/ 255` fails on it
    ],
    "01.b": [
        "return ((X[:, None, :] - means[None]) ** 2).sum(axis=-1).argmax(axis=1)",  # the farthest mean
        "return ((X[:, None, :] - means[None]) ** 2).sum(axis=-1).argmin(axis=0)",  # the wrong axis
        "return (X[:, None, :] - means[None]).sum(axis=-1).argmin(axis=1)",  # forgets to square
        "return ((X - means) ** 2).sum(axis=-1).argmin(axis=1)",  # no axes added: does not broadcast
        # 10 classes written in: IndexError on 4 means
        "return np.stack([((X - means[k]) ** 2).sum(axis=1) for k in range(10)], axis=1).argmin(axis=1)",
        # 784 pixels written in: cannot reshape
        "return ((X.reshape(-1, 784)[:, None] - means[None]) ** 2).sum(axis=-1).argmin(axis=1)",
    ],
}
