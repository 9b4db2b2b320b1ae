"""The answer key: one checker per exercise, computing the expected answer out of the student's sight.

A checker takes the student's ``answer`` (and what the exercise passes: ``model=``, or the data the
notebook used, such as ``validation=(x_val, y_val)``; no checker splits the data itself) and raises
:class:`mnist_exercises.Wrong` with a hint if it is not right.
"""

from __future__ import annotations

import functools

import numpy as np

from mnist_exercises import Wrong, compare

CHECKERS = {}


def checker(exercise: str):
    def register(function):
        CHECKERS[exercise] = function
        return function
    return register


@functools.cache
def _mnist():
    from helpers.data import load_mnist

    return load_mnist()


def _given(data, call: str):
    """The ``(images, labels)`` the notebook passed; if it passed none, a hint saying how: ``call``."""
    if isinstance(data, (tuple, list)) and len(data) == 2:
        x, y = np.asarray(data[0]), np.asarray(data[1])
        if x.ndim >= 3 and y.shape == x.shape[:1]:
            return x, y
    raise Wrong(f"this check needs the data your notebook used: call it as {call}")


def _network(model):
    if model is None or not hasattr(model, "predict"):
        raise Wrong("this check needs your network: call it as check(..., model=model)")
    return model


def _logits(model, images) -> np.ndarray:
    """``model``'s outputs for uint8 images (scaled here) or for images the notebook scaled already."""
    from helpers.training import to_model_input

    images = np.asarray(images)
    images = to_model_input(images.reshape(-1, 28, 28)) if images.dtype == np.uint8 else images.reshape(-1, 28, 28, 1)
    return _network(model).predict(images, batch_size=1000, verbose=0)


def _predictions(model, images) -> np.ndarray:
    return _logits(model, images).argmax(axis=1)


# --------------------------------------------------------------------------------------------
# 00 Getting started
# --------------------------------------------------------------------------------------------
@checker("00.1")
def _(answer):
    _, (_, y_test) = _mnist()
    compare(answer, int((y_test >= 5).sum()))


@checker("00.2")
def _(answer, model=None, validation=None):
    x_val, y_val = _given(validation, 'check("00.2", accuracy_on_8s, model=model, validation=(x_val, y_val))')
    number = isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool)
    if number and answer > 1:
        raise Wrong("give the accuracy as a fraction between 0 and 1, not a percentage")
    answers, is_8 = _predictions(model, x_val), y_val == 8
    try:
        compare(answer, float(np.mean(answers[is_8] == 8)), atol=1.5 / is_8.sum())  # one image
    except Wrong:
        if number and abs(answer - np.mean(answers == y_val)) < 1.5 / len(y_val):
            raise Wrong("that is the accuracy over all the validation digits: keep only the images whose "
                        "label is 8") from None
        if number and is_8.any() and abs(answer - np.mean(y_val[answers == 8] == 8)) < 1e-9:
            raise Wrong("that is the share of 8s among the images the network answers 8: take the images "
                        "whose label is 8 instead") from None
        raise


@checker("00.3")
def _(answer, model=None, validation=None):
    x_val, y_val = _given(validation, 'check("00.3", first_mistake, model=model, validation=(x_val, y_val))')
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)) or not 0 <= answer < len(y_val):
        raise Wrong(f"expected an index into x_val, between 0 and {len(y_val) - 1}")
    compare(answer, int(np.flatnonzero(_predictions(model, x_val) != y_val)[0]))


# --------------------------------------------------------------------------------------------
# 01 Exploring MNIST
# --------------------------------------------------------------------------------------------
@checker("01.1")
def _(answer):
    (_, y_train), _ = _mnist()
    if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and answer == (y_train == 0).sum():
        raise Wrong("that counts all 60,000 training images: count the 0s among the first 1,000 only")
    compare(answer, int((y_train[:1000] == 0).sum()))


@checker("01.2")
def _(answer):
    if isinstance(answer, (int, float, np.integer, np.floating)) and answer >= 1e6:
        raise Wrong("that looks like bytes: divide by 1,000,000 for MB")
    if isinstance(answer, (int, float, np.number)) and np.isclose(answer, 10000 * 28 * 28 / 1e6):
        raise Wrong("that is the size of the uint8 images (one byte a pixel), not of the float32 ones")
    compare(answer, 10000 * 28 * 28 * 4 / 1e6)


@checker("01.3")
def _(answer):
    if not callable(answer):
        raise Wrong("pass your function itself: check('01.3', one_hot)")
    labels = np.array([3, 0, 9, 3, 7])
    try:
        out = answer(labels)
    except Wrong as wrong:  # `result[labels] = 1` indexes rows by label: 5 rows have no row 9
        if isinstance(wrong.__cause__, IndexError):
            raise Wrong(f"{wrong}: `result[labels]` picks whole rows by label, while each row needs "
                        "a 1 in one column only") from wrong.__cause__
        raise
    if out is None:
        raise Wrong("your function returns nothing: end it with return")
    out = np.asarray(out)
    if out.shape != (len(labels), 10):
        raise Wrong(f"for n labels the result should have shape (n, 10), not {out.shape}")
    if out.dtype != np.float32:
        raise Wrong(f"the result should be float32, not {out.dtype}")
    compare(out, np.eye(10, dtype=np.float32)[labels])


@checker("01.4")
def _(answer, train=None):
    x, y = _given(train, 'check("01.4", nearest_to_0, train=(x_tr, y_tr))')
    means = np.stack([x[y == k].reshape(-1, 784).mean(axis=0) for k in range(10)])  # the scale changes no ranking
    if isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and answer == 0:
        raise Wrong("a class is not its own neighbour: which other class's mean is nearest?")
    compare(answer, int(np.linalg.norm(means[1:] - means[0], axis=1).argmin()) + 1)


# --------------------------------------------------------------------------------------------
# 02 Convolution
# --------------------------------------------------------------------------------------------
def _tf_conv(x, kernels):
    """x (h, w, c_in), kernels (kh, kw, c_in, c_out) -> 'valid', stride-1 cross-correlation (h', w', c_out)."""
    import tensorflow as tf

    return tf.nn.conv2d(tf.constant(x[None], tf.float64), tf.constant(kernels, tf.float64), 1, "VALID")[0].numpy()


@checker("02.1")
def _(answer):
    side = (28 - 3) // 2 + 1
    compare(answer, (side, side))


def _strokes(size=9):
    diagonal = np.eye(size)
    horizontal, vertical = np.zeros((size, size)), np.zeros((size, size))
    horizontal[size // 2, :] = vertical[:, size // 2] = 1.0
    return {"/": diagonal[::-1], "\\": diagonal, "-": horizontal, "|": vertical}


@checker("02.2")
def _(answer):
    kernel = np.asarray(answer, dtype=float)
    if kernel.shape != (3, 3):
        raise Wrong(f"expected a 3x3 array, got shape {kernel.shape}")
    best = {name: _tf_conv(image[:, :, None], kernel[:, :, None, None]).max() for name, image in _strokes().items()}
    if best["/"] <= 0:
        raise Wrong("its strongest response to '/' is not positive")
    weak = [name for name in ("\\", "-", "|") if best["/"] < 2 * best[name]]
    if weak:  # say for each stroke what is true: more strongly, as strongly, or more than half as strongly
        def how(name):
            if np.isclose(best[name], best["/"]):
                return f"as strongly to '{name}'"  # '\', not the repr '\\'
            return f"more strongly to '{name}'" if best[name] > best["/"] else f"more than half as strongly to '{name}'"
        hint = "; row 0 of the array is the top row of the image" if best["\\"] > best["/"] else ""
        raise Wrong(f"compared with '/', it answers {' and '.join(how(name) for name in weak)}{hint}")


@checker("02.3")
def _(answer):
    if not callable(answer):
        raise Wrong("pass your function itself: check('02.3', conv2d_multichannel)")
    rng = np.random.default_rng(3)
    for shape, kernel_shape in [((6, 7, 2), (3, 2, 2, 4)), ((5, 5, 1), (5, 5, 1, 1)), ((8, 6, 3), (2, 2, 3, 1))]:
        x, kernels = rng.normal(size=shape), rng.normal(size=kernel_shape)
        out = answer(x, kernels)
        if out is None:
            raise Wrong("your function returns nothing: end it with return")
        compare(out, _tf_conv(x, kernels))


# --------------------------------------------------------------------------------------------
# 03 Pooling and receptive fields
# --------------------------------------------------------------------------------------------
@checker("03.1")
def _(answer):
    grid = np.array([[1, 3, 0, 2], [4, 2, 1, 0], [0, 0, 5, 6], [7, 1, 8, 0]])
    compare(answer, grid.reshape(2, 2, 2, 2).max(axis=(1, 3)))


@checker("03.2")
def _(answer):
    size, jump = 1, 1
    for k, s in [(3, 1), (2, 2), (3, 1), (2, 2)]:
        size, jump = size + (k - 1) * jump, jump * s
    compare(answer, size)


@checker("03.3")
def _(answer):
    import tensorflow as tf

    if not callable(answer):
        raise Wrong("pass your function itself: check('03.3', avg_pool_by_conv)")
    rng = np.random.default_rng(0)
    for shape in [(3, 8, 6, 1), (2, 7, 9, 1)]:  # even sizes, then odd ones ('SAME' padding differs there)
        images = tf.constant(rng.random(shape), tf.float32)
        try:
            out = answer(images)
        except Wrong as wrong:
            if "double tensor" in str(wrong):  # a float64 kernel, e.g. tf.constant of a NumPy array
                raise Wrong("your kernel is float64 (NumPy's default) but the images are float32: make the "
                            "kernel float32, e.g. with .astype(np.float32) or dtype=tf.float32") from None
            raise
        if out is None:
            raise Wrong("your function returns nothing: end it with return")
        expected = tf.nn.avg_pool2d(images, 2, 2, "VALID").numpy()
        if shape[1] % 2 and np.shape(out) != expected.shape:
            raise Wrong(f"right on an even-sized batch, but on a batch of 7x9 images your output has shape "
                        f"{tuple(np.shape(out))}, which is not the expected shape: check the padding")
        compare(out, expected)


# --------------------------------------------------------------------------------------------
# 04 Building the CNN
# --------------------------------------------------------------------------------------------
@checker("04.1")
def _(answer):
    import keras

    shape = keras.layers.Conv2D(32, 5, padding="valid").compute_output_shape((None, 28, 28, 1))[1:]
    compare(answer, tuple(shape))


@checker("04.2")
def _(answer):
    from helpers.models import build_cnn

    compare(answer, build_cnn(filters=(16, 32), dense_units=128).count_params())


@checker("04.3")
def _(answer):
    logits, label = np.array([100.0, 100.0, -10.0]), 2
    m = logits.max()
    loss = m + np.log(np.exp(logits - m).sum()) - logits[label]  # the log-sum-exp, in float64
    try:
        value = float(np.asarray(answer, dtype=float))
    except (TypeError, ValueError):
        value = None  # not one number: compare says so
    if value is not None and np.isinf(value):
        raise Wrong("an infinite loss is not the right value: compute it with the log-sum-exp formula")
    if value is not None and np.isclose(value, m - logits[label], rtol=0, atol=1e-3):
        raise Wrong("that is not the right value: work out the sum of e**(z_j - m) again, one term per "
                    "logit, the largest logits included")
    compare(answer, loss)


# --------------------------------------------------------------------------------------------
# 05 Training the CNN
# --------------------------------------------------------------------------------------------
def _test_confusion(model) -> np.ndarray:
    _, (x_test, y_test) = _mnist()
    predicted = _predictions(model, x_test)
    confusion = np.zeros((10, 10), int)
    np.add.at(confusion, (y_test, predicted), 1)
    return confusion


@checker("05.1")
def _(answer, model=None):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong("give both: check('05.1', (precision, recall), model=model)")
    confusion = _test_confusion(model)
    expected = (confusion.diagonal() / confusion.sum(axis=0), confusion.diagonal() / confusion.sum(axis=1))
    try:
        compare(answer, expected)
    except Wrong:
        try:
            compare(answer[::-1], expected)
        except Wrong:
            raise Wrong("that is not the right answer; check which axis of confusion holds what the network "
                        "said and which what the digit is") from None
        raise Wrong("precision and recall are swapped: check which axis of confusion holds what the network "
                    "said") from None


@checker("05.2")
def _(answer, model=None):
    confusion = _test_confusion(model)
    precision, recall = confusion.diagonal() / confusion.sum(axis=0), confusion.diagonal() / confusion.sum(axis=1)
    expected = int(np.argmin(precision))
    if isinstance(answer, (int, float, np.number, np.ndarray)) and not isinstance(answer, bool) and (
            np.asarray(answer).dtype.kind in "iuf"):
        number = np.asarray(answer, dtype=float)
        if number.shape == (10,):
            raise Wrong("that is an array of 10 values, one per class: answer with one class, a digit 0-9")
        value = float(number) if number.ndim == 0 else None
        if value is not None and value != expected and value == int(np.argmin(recall)):  # a slip, never the answer
            raise Wrong("precision is counted per predicted class: down a column of confusion, over the images "
                        "the network called that digit")
        if value is not None and not (value.is_integer() and 0 <= value <= 9):
            percent = 1 < value <= 100 and (np.asarray(answer).dtype.kind == "f" or not value.is_integer())  # 99.0
            kind = ("a precision" if 0 < value < 1 else "a percentage" if percent
                    else "a count" if value.is_integer() and value > 9 else None)
            raise Wrong((f"that looks like {kind}: " if kind else "") + "answer with the class itself, a digit 0-9")
    compare(answer, expected)


# --------------------------------------------------------------------------------------------
# 06 How the network learns
# --------------------------------------------------------------------------------------------
@checker("06.1")
def _(answer):
    if not callable(answer):
        raise Wrong("pass your function itself: check('06.1', momentum_step)")
    rng = np.random.default_rng(1)
    w, velocity = rng.normal(size=4), np.zeros(4)
    w_ref, v_ref = w.copy(), velocity.copy()
    for _ in range(3):
        g = rng.normal(size=4)
        out = answer(w, g, velocity, 0.1)
        if not isinstance(out, tuple) or len(out) != 2:
            raise Wrong("return a pair: (new w, new velocity)")
        w, velocity = out
        v_old, v_ref = v_ref, 0.9 * v_ref + g
        w_old, w_ref = w_ref, w_ref - 0.1 * v_ref
        try:
            compare(velocity, v_ref)
        except Wrong:
            raise Wrong("the new velocity is not right: keep mu times the old one and add the gradient") from None
        try:
            compare(w, w_ref)
        except Wrong:
            if np.allclose(np.asarray(w, dtype=float), w_old - 0.1 * v_old):
                raise Wrong("the velocity is right, but w moved with the old one: step with the new velocity") from None
            raise Wrong("the velocity is right, but the new w is not: step against the velocity, times lr") from None


@checker("06.2")
def _(answer):
    if isinstance(answer, (int, float, np.floating)) and np.isclose(answer, 1e-3, rtol=1e-3):
        raise Wrong("that is the learning rate itself, how far the first step moves: lr_t is the factor "
                    "before m / (sqrt(v) + epsilon), with both corrections folded in")
    compare(answer, 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9))


# --------------------------------------------------------------------------------------------
# 07 Overfitting and dropout
# --------------------------------------------------------------------------------------------
@checker("07.1")
def _(answer):
    compare(answer, 1 / (1 - 0.25))


@checker("07.2")
def _(answer):
    if not callable(answer):
        raise Wrong("pass your function itself: check('07.2', dropout_by_hand)")
    x = np.random.default_rng(1).uniform(0.5, 2.0, (400, 500))  # varied values, none of them 0
    for rate in (0.3, 0.6):  # two rates: a rate written into the function does not pass
        out = answer(x.copy(), rate, np.random.default_rng(0))
        if out is None:
            raise Wrong("your function returns nothing: end it with return")
        out = np.asarray(out, dtype=float)
        if out.shape != x.shape:
            raise Wrong(f"the output should have the input's shape {x.shape}, not {out.shape}")
        kept = out != 0
        if abs(kept.mean() - (1 - rate)) > 0.01:
            raise Wrong(f"with rate {rate} it drops {1 - kept.mean():.0%} of the entries instead")
        if not np.allclose(out[kept], x[kept] / (1 - rate), rtol=1e-4, atol=0):
            raise Wrong("the kept entries do not have the right values: each should be its input entry, "
                        "scaled so that the mean stays what it was")


# --------------------------------------------------------------------------------------------
# 08 What the network learned
# --------------------------------------------------------------------------------------------
def _conv1_kernels(model) -> np.ndarray:
    return _network(model).get_layer("conv1").get_weights()[0][:, :, 0, :].transpose(2, 0, 1)


@checker("08.1")
def _(answer, model=None):
    from helpers.models import activation_model
    from helpers.training import to_model_input

    _conv1_kernels(model)
    _, (x_test, _) = _mnist()
    maps = activation_model(model, ["conv1"])(to_model_input(x_test[:1]), training=False)["conv1"].numpy()[0]
    compare(answer, int(maps.mean(axis=(0, 1)).argmax()))


@checker("08.2")
def _(answer, model=None):
    kernels = _conv1_kernels(model)
    sobel_x = np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]).astype(float)

    def r(a, b):
        a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
        return a @ b / np.sqrt((a @ a) * (b @ b))

    r_x, r_y = (np.array([r(k, s) for k in kernels]) for s in (sobel_x, sobel_x.T))
    c = int(np.hypot(r_x, r_y).argmax())  # the kernel with the highest edge score
    best = float(np.degrees(np.arctan2(r_y[c], r_x[c])))
    try:
        angle = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"expected an angle in degrees, a number, got {type(answer).__name__}") from None
    if angle.ndim != 0:
        raise Wrong(f"expected one angle in degrees, a single number, got shape {angle.shape}")

    def off(degrees):  # how far from the best angle, a whole turn more or less being the same
        return abs((float(degrees) - best + 180) % 360 - 180)

    if off(angle) <= 1:
        return
    if abs(float(angle)) <= 2 * np.pi + 1e-6 and off(np.degrees(angle)) <= 1:
        raise Wrong("that looks like radians: give the angle in degrees")
    raise Wrong("the turned Sobel kernel does not match that kernel best at your angle: check which kernel you "
                "took, and the quadrant (r_x and r_y can be negative)")


@checker("08.3")
def _(answer, model=None):
    import tensorflow as tf

    from helpers.models import activation_model
    from helpers.training import to_model_input

    _conv1_kernels(model)
    if not callable(answer):
        raise Wrong("pass your function itself: check('08.3', channel_dream, model=model)")
    reader = activation_model(model, ["conv2"])

    def responses(images):  # (images, channels): each image's mean conv2 map
        return reader(np.asarray(images, np.float32).reshape(-1, 28, 28, 1))["conv2"].numpy().mean(axis=(1, 2))

    plain = responses([np.zeros((28, 28)), np.full((28, 28), 0.5), np.ones((28, 28)),
                       np.random.default_rng(0).random((28, 28))]).max(axis=0)  # black, grey, white or noise
    _, (x_test, _) = _mnist()
    channel = int((responses(to_model_input(x_test[:100])).mean(axis=0) - plain).argmax())  # digits excite it most
    image = answer("conv2", channel)
    if image is None:
        raise Wrong("your function returns nothing: end it with return")
    image = np.asarray(image, dtype=np.float32)
    if image.size != 28 * 28:
        raise Wrong(f"expected a 28x28 image (with or without a channel axis), got shape {image.shape}")
    if image.min() < 0 or image.max() > 1:
        raise Wrong("keep the pixels in [0, 1] (clip after each step)")
    x = tf.Variable(tf.fill([1, 28, 28, 1], 0.5))  # the worked solution's ascent
    for _ in range(60):
        with tf.GradientTape() as tape:
            objective = tf.reduce_mean(reader(x)["conv2"][..., channel])
        g = tape.gradient(objective, x)
        x.assign(tf.clip_by_value(x + 0.05 * g / (tf.math.reduce_std(g) + 1e-8), 0.0, 1.0))
    gain = responses(x.numpy())[0, channel] - plain[channel]
    if responses(image)[0, channel] < plain[channel] + 0.5 * gain:  # half of what the ascent gains, at least
        raise Wrong("the channel responds hardly more to your image than to a plain black, grey, white or noisy "
                    "one: does each step move x along the gradient (not against it), by the gradient divided by its "
                    "spread, and does x keep the step for the next one?")


# --------------------------------------------------------------------------------------------
# 09 Where the network looks
# --------------------------------------------------------------------------------------------
@checker("09.1")
def _(answer, model=None):
    _, (x_test, y_test) = _mnist()
    logits = _logits(model, x_test)
    wrong = np.flatnonzero(logits.argmax(axis=1) != y_test)
    top = logits[wrong] - logits[wrong].max(axis=1, keepdims=True)
    confidence = 1 / np.exp(top).sum(axis=1)  # the softmax's largest probability
    expected = int(wrong[np.argmax(confidence)])
    if isinstance(answer, (float, np.floating)) and not float(answer).is_integer():
        raise Wrong(("that looks like a probability: " if 0 <= answer <= 1 else "an index is a whole number: ")
                    + "answer with the image's index into x_test")
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool) and (
            answer != expected):  # a slip the check knows, never the answer itself
        if answer == np.argmax(confidence):
            raise Wrong("that is a position in the list of mistakes, not an index into x_test: look that "
                        "position up in the mistakes' indices")
        if not 0 <= answer < len(y_test):
            raise Wrong(f"expected an index into x_test, between 0 and {len(y_test) - 1}")
        if answer <= 9 and int(answer) not in wrong:
            raise Wrong("is that a label or a class? Answer with the image's index into x_test")
        if int(answer) not in wrong:
            raise Wrong("the network reads that image right: look only among the images it misreads")
        if answer == wrong[np.argmin(confidence)]:
            raise Wrong("that is the mistake the network is *least* sure of: take the highest confidence")
    compare(answer, expected)


@checker("09.2")
def _(answer, model=None):
    import tensorflow as tf

    from helpers.training import to_model_input

    _network(model)
    if not callable(answer):
        raise Wrong("pass your function itself: check('09.2', occlusion_grey, model=model)")
    _, (x_test, y_test) = _mnist()
    image, label = to_model_input(x_test[3:4])[0], int(y_test[3])
    given = image.copy()
    out = answer(given, label)
    if out is None:
        raise Wrong("your function returns nothing: end it with return")
    if not np.array_equal(given, image):
        raise Wrong("your function changed the image it was given: fill the squares in copies of it, as "
                    "occlusion's batch does")
    if np.shape(out) != (28, 28):
        raise Wrong(f"your map has shape {np.shape(out)}: return one mean drop per pixel of the image, a "
                    "(28, 28) array, as occlusion does")

    def grey_map(fill):
        corners = [(r, c) for r in range(0, 21, 2) for c in range(0, 21, 2)]
        batch = np.repeat(image[None], len(corners) + 1, axis=0)
        for k, (r, c) in enumerate(corners):
            batch[k, r:r + 8, c:c + 8] = fill
        p = tf.nn.softmax(model.predict(batch, verbose=0)).numpy()[:, label]
        total, count = np.zeros((28, 28)), np.zeros((28, 28))
        for drop, (r, c) in zip(p[-1] - p[:-1], corners, strict=True):
            total[r:r + 8, c:c + 8] += drop
            count[r:r + 8, c:c + 8] += 1
        return total / count

    expected = grey_map(0.5)
    try:
        compare(out, expected, atol=1e-5)  # probabilities: float32 gets them to about 1e-7
    except Wrong:
        out = np.asarray(out, dtype=float)
        for fill, name in ((0.0, "0 (black)"), (1.0, "1 (white)")):
            if np.allclose(out, grey_map(fill), atol=1e-5):
                raise Wrong(f"that is the map for a square filled with {name}: fill it with mid-grey, "
                            "0.5") from None
        if np.allclose(out, -expected, atol=1e-5):
            raise Wrong("the signs are reversed: a drop is the intact image's probability minus the hidden "
                        "one's") from None
        raise


# --------------------------------------------------------------------------------------------
# 10 Your own handwriting
# --------------------------------------------------------------------------------------------
@checker("10.1")
def _(answer):
    compare(answer, ((10 + 3 * 14) / 4, (4 + 3 * 8) / 4))


@checker("10.2")
def _(answer):
    from PIL import Image

    from helpers.drawing import render

    if not callable(answer):
        raise Wrong("pass your function itself: check('10.2', prepare_28)")
    picture = render([[(40, 60), (120, 60), (70, 200)]])  # a 7, small and off-centre
    out = answer(picture)
    if out is None:
        raise Wrong("your function returns nothing: end it with return")
    ink = (255 - picture.astype(np.float32)) / 255
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = 28 / max(ink.shape)
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
    digit = np.asarray(Image.fromarray(ink).resize(size, Image.Resampling.LANCZOS)).clip(0, 1)
    r, c = (np.indices(digit.shape) * digit).reshape(2, -1).sum(axis=1) / digit.sum()
    top, left = (int(np.clip(round(13.5 - m), 0, 28 - n)) for m, n in ((r, digit.shape[0]), (c, digit.shape[1])))
    expected = np.zeros((28, 28), np.float32)
    expected[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
    out = np.asarray(out, dtype=float)
    if out.size != 28 * 28:
        raise Wrong(f"expected a 28x28 image (with or without a channel axis), got shape {out.shape}")
    compare(out.reshape(28, 28), expected, atol=1e-4)  # pixels in [0, 1]


# --------------------------------------------------------------------------------------------
# 11 Appendix: from TensorFlow 1
# --------------------------------------------------------------------------------------------
@checker("11.1")
def _(answer):
    compare(answer, 3 * 3)


@checker("11.2")
def _(answer):
    import tensorflow as tf

    if not callable(answer):
        raise Wrong("pass your function itself: check('11.2', dropout_as_meant)")
    ones = tf.ones((500, 400))
    if not np.array_equal(np.asarray(answer(ones, training=False)), np.ones((500, 400))):
        raise Wrong("at test time (training=False) the input should come back unchanged")
    out = np.asarray(answer(ones, training=True))
    dropped = float(np.mean(out == 0))
    if abs(dropped - 0.4) > 0.01:
        raise Wrong(f"while training it drops {dropped:.0%} of the units, not 40%")
    if not np.allclose(out[out != 0], out[out != 0].mean()) or abs(float(out.mean()) - 1) > 0.02:
        raise Wrong("the units it keeps should be scaled so that the mean stays what it was (notebook 07)")
