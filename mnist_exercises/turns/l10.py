"""Your-turn checks of notebook 10: crop to the ink, scale into the box, centre by the centre of mass."""

import numpy as np

from mnist_exercises import Wrong, result_of


def _inks():
    """Float32 images with ink (values above 0, some faint) in known boxes, touching the edges in some."""
    rng = np.random.default_rng(10)
    cases = []
    for shape, (top, bottom, left, right) in [((12, 9), (3, 7, 2, 6)), ((9, 14), (0, 4, 5, 13)),
                                             ((10, 10), (6, 9, 0, 2)), ((7, 11), (2, 2, 4, 4)),
                                             ((8, 8), (0, 7, 0, 7)), ((15, 6), (1, 13, 3, 3))]:
        ink = np.zeros(shape, np.float32)
        ink[top, left], ink[bottom, right] = 1 / 255, 0.3  # two corners of the box, one of them faint
        inside = rng.random((bottom - top + 1, right - left + 1)) < 0.3
        ink[top:bottom + 1, left:right + 1] += inside * rng.uniform(0.01, 1, inside.shape).astype(np.float32)
        cases.append(ink)
    return cases


def _crop_hint(ink, got, box):
    """Why ``got`` is not the crop of ``ink`` to ``box`` (r0, r1, c0, c1), without saying what the crop is."""
    r0, r1, c0, c1 = box
    if got.shape == (r1 - r0, c1 - c0) and np.array_equal(got, ink[r0:r1, c0:c1]):
        return "the last inked row and column are left out (a slice stops before its end)"
    across, down = np.flatnonzero(ink.max(axis=0) > 0), np.flatnonzero(ink.max(axis=1) > 0)
    swapped = ink[across[0]:across[-1] + 1, down[0]:down[-1] + 1]
    if got.shape == swapped.shape and np.array_equal(got, swapped):
        return "`rows` and `cols` are swapped (a maximum along axis=0 is one per column)"
    if got.ndim == 2 and got.shape[0] >= r1 - r0 + 1 and got.shape[1] >= c1 - c0 + 1:
        return "it keeps rows or columns that hold no ink"
    if got.ndim == 2 and got.shape[0] <= r1 - r0 + 1 and got.shape[1] <= c1 - c0 + 1:
        return "it leaves out rows or columns that hold ink (some of it faint: every pixel above 0 counts)"
    return "it is not the smallest rectangle holding every pixel above 0"


def crop_to_ink(function):
    for ink in _inks():
        at = np.argwhere(ink > 0)  # every inked pixel: the box is their least and greatest row and column
        (r0, c0), (r1, c1) = at.min(axis=0), at.max(axis=0)
        expected = np.array([[ink[r, c] for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)], np.float32)
        where = f"on a {ink.shape[0]}x{ink.shape[1]} image with ink at a few places (some of it faint)"
        got = np.asarray(result_of(function, ink.copy(), where=where, hints=[(
            "empty", "it was reported as empty, though it holds ink (every pixel above 0 counts)")]))
        if got.shape != expected.shape or not np.array_equal(got, expected):
            raise Wrong(f"{where}: the crop is not right: {_crop_hint(ink, got, (r0, r1, c0, c1))}")
    try:
        function(np.zeros((6, 5), np.float32))
    except ValueError:
        return
    raise Wrong("a blank image (all 0) was not reported as empty (the lesson's function raises ValueError)")


def _size_hint(got, expected, box):
    """Why an image of shape ``got`` is not of shape ``expected``, without saying what that shape is."""
    if got == expected[::-1]:
        return "it came out turned on its side: PIL's `resize` takes (width, height), NumPy's shape is (height, width)"
    if len(got) != 2 or max(got) != box:
        return "its longer side is not `box` pixels"
    if np.argmax(got) == np.argmax(expected) and abs(min(got) - min(expected)) == 1:
        return "its shorter side is a pixel off: rounded to the nearest whole pixel?"
    return "the aspect ratio is not kept: both sides shrink or grow by the same factor"


def scale_into_box(function):
    from PIL import Image, ImageOps

    rng = np.random.default_rng(11)
    for (h, w), box in [((30, 13), 20), ((13, 30), 20), ((37, 37), 20), ((6, 4), 20), ((41, 23), 28),
                        ((9, 50), 20), ((200, 3), 20)]:
        ink = rng.random((h, w)).astype(np.float32)
        image = Image.fromarray(ink)
        expected = ImageOps.contain(image, (box, box), Image.Resampling.LANCZOS)  # PIL's own fit-in-a-box
        if min(expected.size) == 0:  # a side that rounds to nothing keeps one pixel
            expected = image.resize((max(1, expected.width), max(1, expected.height)), Image.Resampling.LANCZOS)
        expected = np.asarray(expected).clip(0, 1)
        where = f"a {h}x{w} ink (rows x columns) with box={box}"
        got = np.asarray(result_of(function, ink.copy(), box=box, where=where, hints=[
            ("must be > 0", "a side came out as 0 pixels: each side is at least 1"),
            ("cannot be interpreted as an integer", "`size` must be whole numbers of pixels: round them")]))
        if got.shape != expected.shape:
            raise Wrong(f"{where}: the result's size is off: {_size_hint(got.shape, expected.shape, box)}")
        if not np.allclose(got, expected, atol=1e-5):
            raise Wrong(f"{where}: the values differ from PIL's Lanczos resize to that size")


def _digits():
    """Digits (h, w) with their ink's mass in different places, and the frame sizes to centre them in."""
    rng = np.random.default_rng(12)
    digits = [(rng.random((20, 14)) * (rng.random((20, 14)) < 0.4), 28) for _ in range(6)]
    top_heavy = np.zeros((20, 20))
    top_heavy[:3] = 1  # the mass near the top: centring it exactly would push it out of the frame
    top_heavy[19, 18] = 0.3
    left_heavy = np.zeros((12, 20))
    left_heavy[:, :2], left_heavy[5, 19] = 1, 1
    digits += [(top_heavy, 28), (left_heavy, 28), (np.fliplr(np.flipud(top_heavy)).copy(), 28),
               (rng.random((28, 28)), 28), (rng.random((5, 3)), 28), (rng.random((11, 7)), 32),
               (rng.random((9, 16)), 23)]
    return [(d.astype(np.float32), size) for d, size in digits]


def _nearest(mass, middle, room):
    """The paste offset in 0..room that brings ``mass`` nearest ``middle``."""
    return min(range(room + 1), key=lambda t: abs(mass + t - middle))


def _placement(got, digit):
    """(top, left) where ``got`` holds ``digit`` unchanged on an empty frame, or None."""
    (h, w), size = digit.shape, got.shape[0]
    for top in range(size - h + 1):
        for left in range(size - w + 1):
            frame = np.zeros_like(got)
            frame[top:top + h, left:left + w] = digit
            if np.array_equal(got, frame):
                return top, left
    return None


def centre_in_frame(function):
    for digit, size in _digits():
        h, w = digit.shape
        rows, cols = np.indices(digit.shape)
        r, c = (rows * digit).sum() / digit.sum(), (cols * digit).sum() / digit.sum()
        middle = (size - 1) / 2
        top, left = _nearest(r, middle, size - h), _nearest(c, middle, size - w)  # every allowed paste, the nearest
        expected = np.zeros((size, size), np.float32)
        expected[top:top + h, left:left + w] = digit
        where = f"a {h}x{w} digit in a {size}x{size} frame"
        got = np.asarray(result_of(function, digit.copy(), size=size, where=where, hints=[(  # the paste fails
            "broadcast", "the digit does not fit in the frame where `top` and `left` put it: clip them so that "
            "the whole digit stays inside"),
            ("slice indices", "`top` and `left` must be whole numbers (int) to index the frame")]))
        if got.shape == expected.shape and np.array_equal(got, expected):
            continue
        at = _placement(got, digit) if got.shape == expected.shape else None
        if at == (_nearest(c, middle, size - h), _nearest(r, middle, size - w)):
            hint = "`top` and `left` are mixed up: `top` moves the rows, so it goes with r"
        elif at == (min(max(round(r - middle), 0), size - h), min(max(round(c - middle), 0), size - w)):
            hint = "the shift goes the wrong way: it should bring the centre of mass toward the frame's centre"
        elif size != 28 and at == (_nearest(r, 13.5, size - h), _nearest(c, 13.5, size - w)):
            hint = "that centres it as in a 28x28 frame: the centre depends on `size`"
        elif at is not None and abs(at[0] - top) <= 1 and abs(at[1] - left) <= 1:
            hint = ("it is a pixel off: is the centre the middle of the pixels 0 to size - 1, "
                    "and the shift rounded to the nearest whole pixel?")
        else:
            hint = ("the digit is not pasted at the whole-pixel shift that brings its centre of mass nearest "
                    "the centre of this frame while staying inside it")
        raise Wrong(f"{where}: {hint}")


CHECKS = {"10.a": crop_to_ink, "10.b": scale_into_box, "10.c": centre_in_frame}
