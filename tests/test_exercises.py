"""Exercise feedback: every checker accepts the worked solution and rejects the mistakes students
make, check() never shows the expected answer, and every exercise has a checker."""

import re
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf
from lesson_code import load
from PIL import Image

from helpers.models import activation_model, build_cnn
from helpers.training import split_train_validation, to_model_input
from mnist_exercises import NOT_ANSWERED, Wrong, check, compare
from mnist_exercises.answers import CHECKERS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r'check\("(\d\d\.\d)", (\w+|\([\w, ]+\))(, model=model)?'
                        r'(, validation=\(x_val, y_val\)|, train=\(x_tr, y_tr\))?\)')


# --------------------------------------------------------------------------------------------
# What the table's answers are computed from
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def small_cnn(mnist):
    """A small series CNN (layers conv1, conv2, ... as build_cnn names them), 250 steps on 4,000 images."""
    (x, y), _ = mnist
    keras.utils.set_random_seed(0)
    model = build_cnn(filters=(8, 16), dense_units=32)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(to_model_input(x[:4000]), y[:4000], epochs=2, batch_size=32, verbose=0)
    return model


@pytest.fixture(scope="session")
def logits_on_test_set(small_cnn, mnist):
    _, (x_test, _) = mnist
    return small_cnn.predict(to_model_input(x_test), batch_size=1000, verbose=0)


@pytest.fixture(scope="session")
def validation(mnist):
    """A validation set scaled as notebook 00 scales its own, (n, 28, 28, 1) floats, not the checkers' choice."""
    (x, y), _ = mnist
    return x[50000:52000][..., None] / 255, y[50000:52000]


@pytest.fixture(scope="session")
def answers_on_validation(small_cnn, validation):
    x_val, _ = validation
    return small_cnn.predict(x_val, verbose=0).argmax(axis=1)  # as notebook 00's solutions


@pytest.fixture(scope="session")
def mistakes(small_cnn, validation):
    x_val, y_val = validation
    return np.flatnonzero(small_cnn.predict(x_val, verbose=0).argmax(axis=1) != y_val)  # as notebook 00's solution


@pytest.fixture(scope="session")
def train(mnist):
    """A training part of another split than notebook 01's: the check must follow the one it is given."""
    (x, y), _ = mnist
    return split_train_validation(x, y, 5000, seed=1)[0]


class Fixtures:
    """The fixtures a row of the table asks for, as attributes: created only when asked for."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


def lesson(notebook, name, **namespace):
    """The worked solution ``name`` as notebook ``notebook`` writes it (tests/lesson_code.py)."""
    return load(notebook, [name], np=np, tf=tf, Image=Image, **namespace)[name]


def one_hot_by_row(labels):  # the common mistake: the labels index the rows
    result = np.zeros((len(labels), 10), dtype=np.float32)
    result[labels] = 1.0
    return result


def channel_dream_descending(model):  # 08.3 with a step against the gradient
    def dream(layer_name, channel, steps=60):
        reader = activation_model(model, [layer_name])
        x = tf.Variable(tf.fill([1, 28, 28, 1], 0.5))
        for _ in range(steps):
            with tf.GradientTape() as tape:
                objective = tf.reduce_mean(reader(x)[layer_name][..., channel])
            g = tape.gradient(objective, x)
            x.assign(tf.clip_by_value(x - 0.05 * g / (tf.math.reduce_std(g) + 1e-8), 0.0, 1.0))
        return x.numpy()[0]
    return dream


def classes_by_distance_to_0(e):
    """The classes 1-9 ordered by the distance of their mean image to class 0's, over the given training part."""
    x_tr, y_tr = e.train
    means = np.stack([x_tr[y_tr == k].reshape(-1, 784).mean(axis=0) / 255 for k in range(10)])
    return [int(k) + 1 for k in np.argsort(np.linalg.norm(means[1:] - means[0], axis=1))]


def precision_recall(e):
    _, (_, y_test) = e.mnist
    confusion = tf.math.confusion_matrix(y_test, e.logits_on_test_set.argmax(axis=1), num_classes=10).numpy()
    return confusion.diagonal() / confusion.sum(axis=0), confusion.diagonal() / confusion.sum(axis=1)


def conv1_means(e):
    _, (x_test, _) = e.mnist
    maps = activation_model(e.small_cnn, ["conv1"]).predict(to_model_input(x_test[:1]), verbose=0)["conv1"]
    return maps[0].mean(axis=(0, 1)), maps


def edge_angle(e):
    """08.2: the angle in degrees at which a turned Sobel kernel matches the most edge-like kernel best."""
    sobel_x = np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]).astype(float)
    kernels = e.small_cnn.get_layer("conv1").get_weights()[0][:, :, 0, :].transpose(2, 0, 1)
    edge, r_x, r_y = lesson("08", "edge_scores", sobel_x=sobel_x)(kernels)
    c = int(edge.argmax())
    return float(np.degrees(np.arctan2(r_y[c], r_x[c]))), float(r_x[c]), float(r_y[c])


def confident_mistakes(e):
    _, (_, y_test) = e.mnist
    probabilities = tf.nn.softmax(e.logits_on_test_set).numpy()
    wrong = np.flatnonzero(probabilities.argmax(axis=1) != y_test)
    return probabilities, wrong, probabilities[wrong].max(axis=1)


def prepare_mistakes():
    steps = load("10", ["prepare", "crop_to_ink", "scale_into_box", "centre_in_frame"], np=np, Image=Image)
    crop, scale, centre = steps["crop_to_ink"], steps["scale_into_box"], steps["centre_in_frame"]

    def not_inverted(picture):
        return centre(scale(crop(np.asarray(picture, np.float32) / 255), box=28))

    def not_cropped(picture):
        return centre(scale((255 - np.asarray(picture, np.float32)) / 255, box=28))

    return [steps["prepare"], not_inverted, not_cropped]  # the first scales into a 20x20 box


def occlusion_filled(model, fill):
    """09.2 with the squares filled with ``fill`` instead of mid-grey."""
    return lambda image, label, patch=8, stride=2: _occlusion_with(model, image, label, fill, patch, stride)


def _occlusion_with(model, image, label, fill, patch, stride):
    corners = [(r, c) for r in range(0, 28 - patch + 1, stride) for c in range(0, 28 - patch + 1, stride)]
    batch = np.repeat(image[None], len(corners) + 1, axis=0)
    for k, (r, c) in enumerate(corners):
        batch[k, r:r + patch, c:c + patch] = fill
    p = tf.nn.softmax(model.predict(batch, verbose=0)).numpy()[:, label]
    total, count = np.zeros((28, 28)), np.zeros((28, 28))
    for drop, (r, c) in zip(p[-1] - p[:-1], corners, strict=True):
        total[r:r + patch, c:c + patch] += drop
        count[r:r + patch, c:c + patch] += 1
    return total / count


def occlusion_in_place(model):
    """09.2 that greys the squares in the image it was given, one position after another."""
    def occlusion_grey(image, label, patch=8, stride=2):
        def p(x):
            return float(tf.nn.softmax(model(x[None], training=False))[0, label])

        intact, total, count = p(image), np.zeros((28, 28)), np.zeros((28, 28))
        for r in range(0, 28 - patch + 1, stride):
            for c in range(0, 28 - patch + 1, stride):
                image[r:r + patch, c:c + patch] = 0.5  # no copy: the squares pile up in the image
                total[r:r + patch, c:c + patch] += intact - p(image)
                count[r:r + patch, c:c + patch] += 1
        return total / count
    return occlusion_grey


def with_model(e):
    return {"model": e.small_cnn}


# --------------------------------------------------------------------------------------------
# The table: (exercise, the right answer, wrong answers students give, what the check call passes),
# each a function of the fixtures `e`. The right answer is the notebook's worked solution where
# that is a function, loaded from the notebook's text twin.
# --------------------------------------------------------------------------------------------
TABLE = [
    ("00.1", lambda e: int((e.mnist[1][1] >= 5).sum()),
     lambda e: [int((e.mnist[0][1] >= 5).sum()),  # the training labels
                int((e.mnist[1][1] > 5).sum()),  # 5 left out
                int((e.mnist[1][1] < 5).sum()),  # the other digits
                e.mnist[1][1] >= 5],  # the mask, not its count
     None),
    ("00.2", lambda e: float(np.mean(e.answers_on_validation[e.validation[1] == 8] == 8)),
     lambda e: [100 * float(np.mean(e.answers_on_validation[e.validation[1] == 8] == 8)),  # a percentage
                float(np.mean(e.answers_on_validation[e.validation[1] == 8] != 8)),  # the error rate
                int((e.answers_on_validation[e.validation[1] == 8] == 8).sum()),  # the count of right answers
                float(np.mean(e.answers_on_validation == e.validation[1])),  # over all digits
                float(np.mean(e.validation[1][e.answers_on_validation == 8] == 8))],  # among answers 8
     lambda e: {"model": e.small_cnn, "validation": e.validation}),
    ("00.3", lambda e: int(e.mistakes[0]),
     lambda e: [int(e.mistakes[0]) + 1,  # counted from 1
                int(e.mistakes[-1]),  # the last mistake
                e.mistakes,  # all the mistakes
                float(e.mistakes[0])],  # not an index
     lambda e: {"model": e.small_cnn, "validation": e.validation}),
    ("01.1", lambda e: int((e.mnist[0][1][:1000] == 0).sum()),
     lambda e: [int((e.mnist[0][1] == 0).sum()),  # all 60,000
                int((e.mnist[1][1][:1000] == 0).sum()),  # the test labels
                float(np.mean(e.mnist[0][1][:1000] == 0))],  # the share
     None),
    ("01.2", lambda e: 10000 * 28 * 28 * 1 * 4 / 1e6,
     lambda e: [10000 * 28 * 28 / 1e6,  # uint8, 1 byte each
                10000 * 28 * 28 * 4,  # bytes
                np.int64(10000 * 28 * 28 * 4),  # bytes, as x.size * 4 gives them
                10000 * 28 * 28 * 4 / 2 ** 20],  # MiB
     None),
    ("01.3", lambda e: lesson("01", "one_hot"),
     lambda e: [one_hot_by_row,  # raises IndexError
                lambda labels: np.eye(10)[labels],  # float64
                lambda labels: np.eye(10, dtype=np.float32)[labels].T,  # transposed
                lambda labels: np.eye(10, dtype=np.float32)[np.asarray(labels) - 1],  # off by one
                lambda labels: np.zeros((len(labels), 10), np.float32)],  # ignores its input
     None),
    ("01.4", lambda e: classes_by_distance_to_0(e)[0],
     lambda e: [0,  # the diagonal left in: a class's distance to itself
                classes_by_distance_to_0(e)[-1],  # the farthest class
                classes_by_distance_to_0(e)[1],  # the second nearest
                (4, 9)],  # the closest pair of all
     lambda e: {"train": e.train}),
    ("02.1", lambda e: (13, 13),
     lambda e: [(26, 26), (14, 14), 13],  # stride ignored; 28 / 2; one number
     None),
    ("02.2", lambda e: np.array([[-1, -1, 2], [-1, 2, -1], [2, -1, -1]]),
     lambda e: [np.array([[2, -1, -1], [-1, 2, -1], [-1, -1, 2]]),  # mirrored: '\'
                np.array([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]]),  # '-'
                np.ones((3, 3))],
     None),
    ("02.3", lambda e: lesson("02", "conv2d_multichannel"),
     lambda e: [lambda x, k: np.moveaxis(lesson("02", "conv2d_multichannel")(x, k), -1, 0),  # channels first
                lambda x, k: lesson("02", "conv2d_multichannel")(x, k[::-1, ::-1]),  # flipped kernel
                lambda x, k: lesson("02", "conv2d_multichannel")(x[:, :, :1], k[:, :, :1])],  # one input channel
     None),
    ("03.1", lambda e: [[4, 2], [7, 8]],
     lambda e: [[[4, 7], [2, 8]], [[1, 0], [0, 0]], [4, 2, 7, 8]],  # transposed; min; flat
     None),
    ("03.2", lambda e: 10, lambda e: [7, 16], None),  # without the jumps; with 5x5 kernels
    ("03.3", lambda e: lesson("03", "avg_pool_by_conv"),
     lambda e: [lambda images: tf.nn.conv2d(images, tf.fill([2, 2, 1, 1], 0.25), 1, "VALID"),  # stride 1
                lambda images: tf.nn.conv2d(images, tf.ones([2, 2, 1, 1]), 2, "VALID"),  # sums
                lambda images: tf.nn.max_pool2d(images, 2, 2, "VALID"),
                lambda images: tf.nn.conv2d(images, tf.fill([2, 2, 1, 1], 0.25), 2, "SAME")],  # pads odd sizes
     None),
    ("04.1", lambda e: (24, 24, 32), lambda e: [(28, 28, 32), (23, 23, 32), (24, 24)], None),
    ("04.2", lambda e: (5 * 5 * 1 + 1) * 16 + (5 * 5 * 16 + 1) * 32 + (7 * 7 * 32 + 1) * 128 + (128 + 1) * 10,
     lambda e: [5 * 5 * 16 + 5 * 5 * 16 * 32 + 7 * 7 * 32 * 128 + 128 * 10,  # no biases
                (5 * 5 + 1) * 16 + (5 * 5 * 16 + 1) * 32 + (14 * 14 * 32 + 1) * 128 + (128 + 1) * 10,  # one pool
                3_274_634],  # the full network
     None),
    ("04.3", lambda e: 100 + np.log(2 + np.exp(-110.0)) + 10,
     lambda e: [110.0,  # m - z_y alone: the log of the sum left out
                float("inf"),  # softmax, then -log p_y in float32
                100 + np.log(2),  # the log-sum-exp alone, without - z_y
                90 + np.log(2)],  # + z_y instead of - z_y
     None),
    ("05.1", precision_recall,
     lambda e: [precision_recall(e)[::-1],  # swapped
                tuple(100 * a for a in precision_recall(e)),  # percentages
                precision_recall(e)[0]],  # only one
     with_model),
    ("05.2", lambda e: int(np.argmin(precision_recall(e)[0])),
     lambda e: [int(np.argmax(precision_recall(e)[0])),  # the highest
                float(precision_recall(e)[0].min())],  # the precision, not the class
     with_model),
    ("06.1", lambda e: lesson("06", "momentum_step"),
     lambda e: [lambda w, g, v, lr, mu=0.9: (w + lr * (mu * v + g), mu * v + g),  # against the gradient
                lambda w, g, v, lr, mu=0.9: (w - lr * v, mu * v + g),  # the old velocity
                lambda w, g, v, lr, mu=0.9: (w - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),  # average
                lambda w, g, v, lr, mu=0.9: w - lr * (mu * v + g)],  # w only
     None),
    ("06.2", lambda e: 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9),
     lambda e: [1e-3, 1e-3 * (1 - 0.999) / (1 - 0.9), 1e-3 * np.sqrt(0.999) / 0.9],  # no correction; no sqrt; betas
     None),
    ("07.1", lambda e: float(keras.layers.Dropout(0.25)(np.ones((1, 1000)), training=True).numpy().max()),
     lambda e: [0.75, 1.0, 1.25],  # times the keep rate; unscaled; 1 + rate
     None),
    ("07.2", lambda e: lesson("07", "dropout_by_hand"),
     lambda e: [lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, 1 / (1 - rate), 0.0),  # ignores x
                lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x, 0.0),  # not scaled
                lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x * (1 - rate), 0.0),  # scaled down
                lambda x, rate, rng: np.where(rng.random(x.shape) < rate, x / (1 - rate), 0.0),  # keeps `rate`
                lambda x, rate, rng: np.where(rng.random(x.shape) >= 0.3, x / 0.7, 0.0)],  # the rate written in
     None),
    ("08.1", lambda e: int(conv1_means(e)[0].argmax()),
     lambda e: [int(conv1_means(e)[0].argmin()),  # the quietest
                int(conv1_means(e)[1].argmax())],  # a position in the flattened maps
     with_model),
    ("08.2", lambda e: edge_angle(e)[0],
     lambda e: [float(np.radians(edge_angle(e)[0])),  # in radians
                edge_angle(e)[0] + 180,  # the opposite polarity, as np.arctan(r_y / r_x) gives when r_x < 0
                float(np.degrees(np.arctan2(edge_angle(e)[1], edge_angle(e)[2]))),  # arctan2's arguments swapped
                float(np.hypot(edge_angle(e)[1], edge_angle(e)[2])),  # its edge score, not its angle
                np.array([edge_angle(e)[0], 0.0])],  # more than one number
     with_model),
    ("08.3", lambda e: lesson("08", "channel_dream", model=e.small_cnn, activation_model=activation_model),
     lambda e: [lambda layer_name, channel: np.ones((28, 28)),
                lambda layer_name, channel, steps=60: np.full((28, 28, 1), 0.5),  # the grey start
                lambda layer_name, channel, steps=60: np.random.default_rng(1).random((28, 28, 1)),  # noise
                channel_dream_descending(e.small_cnn)],  # against the gradient
     with_model),
    ("09.1", lambda e: int(confident_mistakes(e)[1][np.argmax(confident_mistakes(e)[2])]),
     lambda e: [int(np.argmax(confident_mistakes(e)[0].max(axis=1))),  # the most confident of all
                int(np.argmax(confident_mistakes(e)[2])),  # a position in `wrong`
                float(confident_mistakes(e)[2].max()),  # its probability
                int(confident_mistakes(e)[1][np.argmin(confident_mistakes(e)[2])])],  # the least confident
     with_model),
    ("09.2", lambda e: lesson("09", "occlusion_grey", model=e.small_cnn),
     lambda e: [lesson("09", "occlusion", model=e.small_cnn),  # black
                lambda image, label: -lesson("09", "occlusion_grey", model=e.small_cnn)(image, label),  # sign
                lambda image, label: lesson("09", "occlusion_grey", model=e.small_cnn)(image, label, patch=4),
                occlusion_filled(e.small_cnn, 1.0),  # white
                occlusion_in_place(e.small_cnn)],
     with_model),
    ("10.1", lambda e: ((1 * 10 + 3 * 14) / 4, (1 * 4 + 3 * 8) / 4),
     lambda e: [(12.0, 6.0), (7.0, 13.0), (52.0, 28.0)],  # unweighted; (column, row); not divided
     None),
    ("10.2", lambda e: lesson("10", "prepare_28"), lambda e: prepare_mistakes(), None),
    ("11.1", lambda e: 9, lambda e: [25, 16], None),  # the whole window; 4x4
    ("11.2", lambda e: lesson("11", "dropout_as_meant"),
     lambda e: [lambda fc, training: tf.nn.dropout(fc, rate=0.6) if training else fc,  # the keep rate as rate
                lambda fc, training: tf.nn.dropout(fc, rate=0.4),  # also at test time
                lambda fc, training: fc * tf.cast(tf.random.uniform(tf.shape(fc)) >= 0.4, fc.dtype) if training
                else fc,  # not scaled up
                lambda fc, training: fc],  # never
     None),
]


def _alike(a, b) -> bool:
    """Both functions, or the same kind of numbers in the same shape."""
    if callable(a) or callable(b):
        return callable(a) and callable(b)
    return np.shape(a) == np.shape(b) and np.asarray(a).dtype.kind == np.asarray(b).dtype.kind


@pytest.mark.parametrize(("exercise", "right", "wrongs", "given"), TABLE, ids=[row[0] for row in TABLE])
def test_checker_accepts_the_solution_and_rejects_common_mistakes(exercise, right, wrongs, given, request, capsys):
    e = Fixtures(request)
    kwargs = given(e) if given else {}
    right, wrongs = right(e), wrongs(e)
    assert len(wrongs) >= 2 and any(_alike(w, right) for w in wrongs), "two mistakes, one of the right kind"
    check(exercise, right, **kwargs)
    assert capsys.readouterr().out == f"{exercise}: correct!\n"
    for wrong in wrongs:
        check(exercise, wrong, **kwargs)
        out = capsys.readouterr().out
        assert out.startswith(f"{exercise}: not yet - ") and out.count("\n") == 1, out


def test_the_table_covers_every_checker():
    assert sorted(row[0] for row in TABLE) == sorted(CHECKERS)


# --------------------------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------------------------
def test_answers_not_yet_given_say_so(capsys):
    check("01.1", ...)
    check("05.1", (np.zeros(10), ...), model=None)
    check("01.3", lambda labels: ...)  # the exercise's stub: a function that still returns ...
    assert capsys.readouterr().out.splitlines() == [f"{e}: {NOT_ANSWERED}" for e in ("01.1", "05.1", "01.3")]


def test_right_and_wrong_answers(capsys, mnist):
    (_, y_train), _ = mnist
    right = int((y_train[:1000] == 0).sum())
    check("01.1", right)
    check("01.1", right + 1)
    out = capsys.readouterr().out.splitlines()
    assert out == ["01.1: correct!", "01.1: not yet - that is not the right value."]
    assert str(right) not in out[1]


def test_feedback_never_contains_the_expected_value(capsys):
    for wrong in (12, (12, 12), (12, 12, 12), [[1, 2], [3, 4]], [1, 2, 3, 4]):
        for exercise in ("02.1", "03.1", "03.2", "11.1"):
            check(exercise, wrong)
    out = capsys.readouterr().out
    assert "13" not in out and "10" not in out.replace("11.1", "").replace("03.1", "") and "9" not in out
    assert "item " not in out and "2 items" not in out  # no verdict per item, no number of items
    assert "(2, 2)" not in out.replace("(shape (2, 2))", "")  # no expected shape, only the student's own


def test_a_wrong_shape_does_not_give_the_expected_shape_away(capsys):
    check("03.3", lambda images: tf.nn.conv2d(images, tf.fill([2, 2, 1, 1], 0.25), 1, "VALID"))  # stride 1
    out = capsys.readouterr().out
    assert out.startswith("03.3: not yet - ") and "(3, 7, 5, 1)" in out  # the student's own shape
    assert "(3, 4, 3, 1)" not in out and "4, 3" not in out


def test_compare_explains_shapes_and_items_without_values():
    with pytest.raises(Wrong, match=r"your answer \(shape \(3,\)\) does not have the expected shape") as wrong:
        compare([1, 2, 3], np.array([1.0, 2.0]))
    assert "(2,)" not in str(wrong.value)
    with pytest.raises(Wrong, match="a single number") as wrong:
        compare(5, np.array([1.0, 2.0]))
    with pytest.raises(Wrong, match="^that is not the right answer$"):  # one verdict for the tuple
        compare((1, 5), (1, 2))
    with pytest.raises(Wrong, match="3 items, which is not the expected number") as wrong:
        compare((1, 2, 3), (1, 2))
    assert "2 items" not in str(wrong.value)
    with pytest.raises(Wrong, match="a number or an array"):
        compare("seven", 7)
    compare((24, 24, 32), (24, 24, 32))
    compare([24, 24, 32], (24, 24, 32))


def test_compare_fits_float32_and_counts_exactly():
    compare(np.float32(1 / 3), 1 / 3)
    compare(np.float32([1e3, 1e-3]) / 7, np.array([1e3, 1e-3]) / 7)  # to the values' magnitude
    compare(np.float32(np.sqrt(1e-3) / 100), np.sqrt(1e-3) / 100)
    for wrong, expected in [(1 / 3 + 1e-3, 1 / 3), (200_001, 200_000), (3.0e-4, 3.1623e-4)]:
        with pytest.raises(Wrong):
            compare(wrong, expected)


def test_a_function_that_raises_gets_a_one_line_hint(capsys):
    check("01.3", one_hot_by_row)
    out = capsys.readouterr().out
    assert out.startswith("01.3: not yet - your function raised IndexError: index 9 is out of bounds")
    assert out.count("\n") == 1 and "Traceback" not in out


def test_errors_of_the_checkers_own_code_are_not_hidden(monkeypatch):
    monkeypatch.setitem(CHECKERS, "99.1", lambda answer: answer() / 0)
    with pytest.raises(ZeroDivisionError):
        check("99.1", lambda: 1)


def test_a_check_without_what_it_needs_says_how_to_call_it(capsys):
    check("00.3", 12)
    check("01.4", 5)
    check("05.2", 3)
    assert capsys.readouterr().out.splitlines() == [
        '00.3: not yet - this check needs the data your notebook used: call it as '
        'check("00.3", first_mistake, model=model, validation=(x_val, y_val)).',
        '01.4: not yet - this check needs the data your notebook used: call it as '
        'check("01.4", nearest_to_0, train=(x_tr, y_tr)).',
        "05.2: not yet - this check needs your network: call it as check(..., model=model).",
    ]


def test_01_4_follows_the_data_it_is_given(capsys):
    levels = np.array([0, 40, 80, 120, 160, 200, 87, 240, 20, 255], np.uint8)  # 8's mean is nearest 0's
    x, y = np.repeat(levels, 3)[:, None, None] * np.ones((1, 28, 28), np.uint8), np.repeat(np.arange(10), 3)
    for answer in [8, np.int64(8), 1, 0]:
        check("01.4", answer, train=(x, y))
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["01.4: correct!"] * 2 and all(line.startswith("01.4: not yet") for line in out[2:])


class _Predicts:
    """A stand-in network whose test-set answers are ``predicted``: the confusion a 05 check sees is chosen."""

    def __init__(self, predicted):
        self.logits = np.eye(10, dtype=np.float32)[predicted]

    def predict(self, images, **kwargs):
        return self.logits[:len(images)]


def test_05_2_names_the_slips_without_the_answer(capsys, mnist):
    _, (_, y_test) = mnist
    predicted = y_test.copy()
    predicted[np.flatnonzero(y_test == 3)[:30]] = 5  # 3 has the lowest recall, 5 the lowest precision
    model = _Predicts(predicted)
    for answer in [5, np.int64(5), 3, 0.97, 97.1, 1010, 99.0, np.ones(10)]:
        check("05.2", answer, model=model)
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["05.2: correct!"] * 2 and all(line.startswith("05.2: not yet - ") for line in out[2:])
    assert "predicted class" in out[2] and "column" in out[2] and "recall" not in out[2]
    assert "a precision" in out[3] and "a percentage" in out[4] and "a count" in out[5]
    assert "a percentage" in out[6] and "10 values" in out[7]
    assert not any(re.search(r"\b5\b", line.removeprefix("05.2: not yet - ")) for line in out[2:])


def test_09_1_names_the_slips_without_the_answer(capsys, small_cnn, logits_on_test_set, mnist):
    _, (_, y_test) = mnist
    probabilities = tf.nn.softmax(logits_on_test_set).numpy()
    wrong = np.flatnonzero(probabilities.argmax(axis=1) != y_test)
    confidence = probabilities[wrong].max(axis=1)
    expected = int(wrong[np.argmax(confidence)])
    right = np.flatnonzero(probabilities.argmax(axis=1) == y_test)
    slips = {"a position in the list of mistakes": int(np.argmax(confidence)),
             "looks like a probability": float(confidence.min()),  # below 1, whatever the network
             "a label or a class": int(y_test[expected]),
             "reads that image right": int(right[np.argmax(probabilities[right].max(axis=1))]),
             "least* sure": int(wrong[np.argmin(confidence)])}
    for answer in slips.values():
        check("09.1", answer, model=small_cnn)
    out = capsys.readouterr().out.splitlines()
    for line, hint in zip(out, slips, strict=True):
        assert line.startswith("09.1: not yet - ") and hint in line, line
        assert str(expected) not in line


def test_09_2_names_the_slips_without_the_answer(capsys, small_cnn):
    grey = lesson("09", "occlusion_grey", model=small_cnn)
    slips = {"filled with 0 (black)": lesson("09", "occlusion", model=small_cnn),
             "filled with 1 (white)": occlusion_filled(small_cnn, 1.0),
             "shape (28, 28, 1)": lambda image, label: grey(image, label)[..., None],
             "changed the image": occlusion_in_place(small_cnn),
             "signs are reversed": lambda image, label: -grey(image, label)}
    for answer in slips.values():
        check("09.2", answer, model=small_cnn)
    out = capsys.readouterr().out.splitlines()
    for line, hint in zip(out, slips, strict=True):
        assert line.startswith("09.2: not yet - ") and hint in line, line


def test_an_unknown_exercise_is_a_clear_error():
    with pytest.raises(KeyError, match="no exercise '99.9'"):
        check("99.9", 1)


# --------------------------------------------------------------------------------------------
# The notebooks' exercise cells
# --------------------------------------------------------------------------------------------
def _exercise_cells(nb):
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    return [c for c in nb.cells[start:] if c.cell_type == "code"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_visible_exercise_cells_hold_only_the_answer_and_a_check(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    number = nb_path.name[:2]
    visible = [c for c in _exercise_cells(nb) if "solution" not in c.metadata.get("tags", [])]
    checked = set()
    for cell in visible:
        calls = CHECK_CALL.findall(cell.source)
        if not calls:  # an open exercise's scaffold: no check, no answer
            assert "check(" not in cell.source
            continue
        (exercise, answer, *_), = calls
        assert exercise.startswith(number + "."), exercise
        code = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        names = re.findall(r"\w+", answer)
        if code[0].startswith("def "):  # write-a-function exercise: a stub that returns ...
            assert code[0].startswith(f"def {names[0]}(") and re.fullmatch(r"\s+return \.\.\.\s+#.*", code[1])
        else:  # one `name = ...  # what to put there` line per name, nothing else
            assert [line.split(" = ")[0] for line in code[:-1]] == names, cell.source
            assert all(re.fullmatch(r"\w+ = \.\.\.\s+#.*", line) for line in code[:-1]), cell.source
        assert code[-1].startswith(f'check("{exercise}", {answer}'), cell.source
        checked.add(exercise)
    solutions = [c for c in _exercise_cells(nb) if "solution" in c.metadata.get("tags", [])]
    assert {CHECK_CALL.search(c.source).group(1) for c in solutions if "check(" in c.source} == checked
    assert 3 <= len(checked) + sum("(Open)" in c.source for c in nb.cells if c.cell_type == "markdown") <= 5


def test_every_checker_is_used_by_a_notebook():
    used = {m.group(1) for p in NOTEBOOKS for c in nbformat.read(p, as_version=4).cells
            for m in CHECK_CALL.finditer(c.source)}
    assert used == set(CHECKERS)
