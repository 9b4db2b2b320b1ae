"""Your-turn checks of notebook 01: the mean image of each class, and the nearest-class-mean classifier."""

import numpy as np

from mnist_exercises import Wrong, result_of


def class_mean_images(function):
    rng = np.random.default_rng(3)
    for shape, dtype in [((60, 5, 4), np.float32), ((50, 7), np.uint8)]:
        images = (rng.random(shape, dtype=np.float32) if dtype == np.float32
                  else rng.integers(0, 256, size=shape, dtype=np.uint8))
        labels = rng.permutation(np.arange(shape[0]) % 10).astype(np.uint8)  # every class, in random order
        counts = np.bincount(labels, minlength=10).reshape(10, *[1] * (len(shape) - 1))
        sums = np.zeros((10, *shape[1:]))
        np.add.at(sums, labels, images.astype(np.float64))
        where = f"on {shape[0]} {dtype.__name__} images of shape {shape[1:]} and their labels"
        got = result_of(function, images, labels, where=where)
        if not isinstance(got, np.ndarray):  # a list would pass here but break the lesson's `/ 255` later
            raise Wrong(f"{where}: it returns a {type(got).__name__}, not a NumPy array: stack the ten means "
                        "into one array")
        if got.shape != sums.shape:
            raise Wrong(f"{where}: the result has shape {got.shape}: one mean per class, each shaped like an image?")
        if not np.allclose(got, sums / counts, rtol=1e-5, atol=1e-5):
            raise Wrong(f"{where}: the values differ from the pixel-by-pixel average of each class's images")


def nearest_class_mean(function):
    rng = np.random.default_rng(4)
    for n, classes, size in [(37, 10, 6), (23, 4, 9)]:
        X, means = rng.normal(size=(n, size)), rng.normal(size=(classes, size))
        expected = [int(np.argmin([np.linalg.norm(x - m) for m in means])) for x in X]
        where = f"on {n} rows of X and {classes} means"
        fixed_sizes = "does it assume 10 classes or 784 pixels? Take the sizes from X and means"
        got = result_of(function, X, means, where=where,  # e.g. range(10) or 784 written in
                        hints=[("IndexError", f"your code raised IndexError: {fixed_sizes}"),
                               ("reshape", f"a reshape failed: {fixed_sizes}")])
        got = np.asarray(got)
        if got.shape != (n,):
            raise Wrong(f"{where}: the result has shape {got.shape}: one class per row of X?")
        farthest = [int(np.argmax([np.linalg.norm(x - m) for m in means])) for x in X]
        if not np.array_equal(got, expected) and np.array_equal(got, farthest):
            raise Wrong(f"{where}: each row gets the class of its farthest mean, not its nearest")
        if not np.array_equal(got, expected):
            raise Wrong(f"{where}: some rows get a class other than that of their nearest mean")


CHECKS = {"01.a": class_mean_images, "01.b": nearest_class_mean}
