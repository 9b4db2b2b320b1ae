"""Plausible wrong answers to notebook 10's your-turn cells."""

WRONG = {
    "10.a": [
        [  # rows and columns swapped: axis=0 runs down the rows, so its maximum is per column
            "rows, cols = np.flatnonzero(ink.max(axis=0) > 0), np.flatnonzero(ink.max(axis=1) > 0)",
            "return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]",
        ],
        [  # the last row and column left out (a slice stops before its end)
            "rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)",
            "return ink[rows[0]:rows[-1], cols[0]:cols[-1]]",
        ],
        [  # faint ink (the greys at a stroke's edge) does not count
            "rows, cols = np.flatnonzero(ink.max(axis=1) > 0.5), np.flatnonzero(ink.max(axis=0) > 0.5)",
            "return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]",
        ],
        [  # every row and column: ">= 0" holds for paper too, so nothing is cropped and a blank passes
            "rows, cols = np.flatnonzero(ink.max(axis=1) >= 0), np.flatnonzero(ink.max(axis=0) >= 0)",
            "return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]",
        ],
        [  # the crop computed but not returned
            "rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)",
            "crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]",
        ],
    ],
    "10.b": [
        # (height, width): NumPy's order, not PIL's
        "scale = box / max(h, w)\nsize = (max(1, round(h * scale)), max(1, round(w * scale)))",
        # the shorter side made box pixels: the digit no longer fits the box
        "scale = box / min(h, w)\nsize = (max(1, round(w * scale)), max(1, round(h * scale)))",
        # stretched to fill the box: the aspect ratio is lost
        "size = (box, box)",
        # truncated instead of rounded
        "scale = box / max(h, w)\nsize = (max(1, int(w * scale)), max(1, int(h * scale)))",
        # not rounded: PIL wants whole pixels
        "scale = box / max(h, w)\nsize = (w * scale, h * scale)",
        # no minimum of 1: a very thin ink's shorter side rounds to 0
        "scale = box / max(h, w)\nsize = (round(w * scale), round(h * scale))",
    ],
    "10.c": [
        # not clipped: a digit whose mass is near an edge is pushed out of the frame
        "top = round((size - 1) / 2 - r)\nleft = round((size - 1) / 2 - c)",
        # the centre taken as size / 2 (14 for 28), not the middle of pixels 0 to 27
        "top = int(np.clip(round(size / 2 - r), 0, size - digit.shape[0]))\n"
        "left = int(np.clip(round(size / 2 - c), 0, size - digit.shape[1]))",
        # the shift the wrong way round
        "top = int(np.clip(round(r - (size - 1) / 2), 0, size - digit.shape[0]))\n"
        "left = int(np.clip(round(c - (size - 1) / 2), 0, size - digit.shape[1]))",
        # row and column mixed up
        "top = int(np.clip(round((size - 1) / 2 - c), 0, size - digit.shape[0]))\n"
        "left = int(np.clip(round((size - 1) / 2 - r), 0, size - digit.shape[1]))",
        # 13.5 written in: right for 28x28 only
        "top = int(np.clip(round(13.5 - r), 0, size - digit.shape[0]))\n"
        "left = int(np.clip(round(13.5 - c), 0, size - digit.shape[1]))",
        # not rounded: a fractional row cannot index the frame
        "top = np.clip((size - 1) / 2 - r, 0, size - digit.shape[0])\n"
        "left = np.clip((size - 1) / 2 - c, 0, size - digit.shape[1])",
    ],
}
