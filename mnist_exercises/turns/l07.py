"""Your-turn checks of notebook 07: dropout's keep mask and the generalisation gap of a run."""

import numpy as np

from mnist_exercises import Wrong, result_of


def keep_mask(function):
    for shape, rate in (((400, 500), 0.3), ((400, 500), 0.6), ((2000,), 0.5)):
        out = result_of(function, shape, rate, np.random.default_rng(0), where=f"keep_mask({shape}, {rate}, rng)")
        mask = np.asarray(out)
        if mask.shape != shape:
            raise Wrong(f"keep_mask({shape}, {rate}, rng): the mask has the wrong shape")
        if mask.dtype != bool:
            raise Wrong(f"keep_mask({shape}, {rate}, rng): the mask is not a boolean (True/False) array")
        # a correct mask keeps 1 - rate of the entries up to chance: 4 standard deviations, at most 0.03
        if abs(mask.mean() - (1 - rate)) > min(0.03, 4 * np.sqrt(rate * (1 - rate) / mask.size)):
            raise Wrong(f"keep_mask({shape}, {rate}, rng): the share of entries it keeps is off")
        if mask.ndim == 2 and max(np.abs(mask.mean(axis=0) - (1 - rate)).max(),
                                  np.abs(mask.mean(axis=1) - (1 - rate)).max()) > 0.12:
            raise Wrong(f"keep_mask({shape}, {rate}, rng): the kept entries are not spread at random")
        if not np.array_equal(mask, np.asarray(function(shape, rate, np.random.default_rng(0)))):
            raise Wrong("two generators seeded alike give different masks: draw the numbers from rng")
        if np.array_equal(mask, np.asarray(function(shape, rate, np.random.default_rng(1)))):
            raise Wrong("generators seeded differently give the same mask: draw the numbers from rng")
    if not np.asarray(function((50, 60), 0.0, np.random.default_rng(0))).all():
        raise Wrong("with rate 0 it drops entries")


def generalisation_gap(function):
    rng = np.random.default_rng(7)
    for n in (2, 5, 10):
        run = {"epoch": list(range(5, 5 * n + 1, 5)), "train_loss": list(rng.uniform(0.001, 1.0, n)),
               "val_loss": list(rng.uniform(0.2, 2.0, n)), "val_accuracy": list(rng.uniform(0.8, 1.0, n))}
        expected = run["val_loss"][-1] - run["train_loss"][-1]
        out = result_of(function, {k: list(v) for k, v in run.items()}, where=f"on a made-up run of {n} measurements")
        if np.ndim(out) != 0:
            raise Wrong(f"on a made-up run of {n} measurements it returns a {type(out).__name__}, "
                        "not a single number")
        got = float(out)
        if np.isclose(got, -expected):
            raise Wrong(f"on a made-up run of {n} measurements the gap has the wrong sign")
        if not np.isclose(got, expected, rtol=1e-9, atol=1e-12):
            raise Wrong(f"on a made-up run of {n} measurements it is not the gap after the last measurement")


CHECKS = {"07.a": keep_mask, "07.b": generalisation_gap}
