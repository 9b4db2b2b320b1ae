"""Training throughput, time-to-accuracy of the series' recipe vs the original tutorial's, and the
spread of the series' recipe over seeds.

    make bench                      # full run (~40 min on 2 CPU cores): writes benchmarks/results/
    python benchmarks/bench.py --parts seeds   # one part again; the other parts' results are kept
    python benchmarks/bench.py --smoke --out /tmp/b   # seconds: checks that the script works

Throughput: the series' path (helpers' tf.data pipeline + model.fit) vs model.fit on in-memory
NumPy arrays, same model and batch size, median of 5 interleaved repetitions, in images/s and GFLOP/s
(training FLOPs per image = 3 x forward multiply-adds x 2). Time-to-accuracy: each recipe trains
from scratch on full MNIST and is evaluated on the test set every half epoch; the clock counts
training time only (evaluation excluded). Three recipes: the series' (notebook 04's), the original
tutorial's (its initialisation, Adam 1e-4, batches of 50), and the original's with Keras's default
initialisation, which separates what the initialisation and the schedule each contribute.
Seed study: the series' recipe trained with seed 42 and nine others (through the model cache, so
notebooks can reuse the networks), with test accuracy, validation accuracy and training time.
Peak RSS is the process's maximum resident memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

import helpers
from helpers import seed_everything
from helpers.data import load_mnist
from helpers.models import build_cnn, multiply_adds_per_image
from helpers.training import (
    ORIGINAL_RECIPE,
    SERIES_RECIPE,
    Recipe,
    cached_cnn,
    compile_cnn,
    fit_cnn,
    make_dataset,
    to_model_input,
)

PARTS = ("throughput", "time_to_accuracy", "seeds")


@dataclasses.dataclass(frozen=True)
class Settings:
    throughput_steps: int = 150
    repetitions: int = 5
    targets: tuple[float, ...] = (0.990, 0.992)
    series: Recipe = SERIES_RECIPE
    original: Recipe = dataclasses.replace(ORIGINAL_RECIPE, epochs=20)  # cap: stated in the table
    original_keras_init: Recipe = dataclasses.replace(ORIGINAL_RECIPE, init="keras", epochs=20)
    original_cap_images: int = 1_000_000  # the original's own budget: 20,000 steps of 50 images
    test_size: int = 10_000
    seeds: tuple[int, ...] = (42, 1, 2, 3, 4, 5, 6, 7, 8, 9)


FULL = Settings()
SMOKE = Settings(
    throughput_steps=3, repetitions=1, targets=(0.3, 0.5), test_size=500,
    series=Recipe(filters=(4,), dense_units=16, epochs=1, train_size=2000),
    original=Recipe(filters=(4,), dense_units=16, epochs=1, train_size=2000, batch_size=50,
                    peak_learning_rate=1e-3, warmup_fraction=0.0, init="original"),
    original_keras_init=Recipe(filters=(4,), dense_units=16, epochs=1, train_size=2000, batch_size=50,
                               peak_learning_rate=1e-3, warmup_fraction=0.0),
    original_cap_images=2000, seeds=(1, 2))


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "tensorflow": tf.__version__, "keras": keras.__version__,
            "python": platform.python_version()}


def training_flops_per_image(model: keras.Model) -> int:
    """Forward multiply-adds x 2 (a multiply and an add) x 3 (forward + two backward products)."""
    return 3 * 2 * sum(multiply_adds_per_image(model).values())


def throughput(settings: Settings, x, y) -> dict:
    """Images/s of one epoch of ``throughput_steps`` batches, for both paths, repetitions interleaved
    (pipeline, NumPy, pipeline, ...) so that a slow spell of the machine hits both alike."""
    recipe = settings.series
    batch, steps = recipe.batch_size, settings.throughput_steps
    n = batch * steps
    x, y = x[:n], y[:n]
    fits = {}
    for name in ("pipeline", "numpy"):
        seed_everything(0)
        model = compile_cnn(build_cnn(recipe.filters, recipe.kernel_size, recipe.dense_units, recipe.dropout_rate,
                                      init=recipe.init),
                            dataclasses.replace(recipe, peak_learning_rate=1e-3, warmup_fraction=0.0), steps)
        if name == "pipeline":
            data = make_dataset(x, y, batch, shuffle=True, seed=0)
            fits[name] = lambda m=model, d=data: m.fit(d, epochs=1, verbose=0, shuffle=False)
        else:
            images, labels = to_model_input(x), y.astype(np.int32)
            fits[name] = lambda m=model, a=images, b=labels: m.fit(a, b, batch_size=batch, epochs=1, verbose=0,
                                                                 shuffle=True)
        fits[name]()  # warm-up: tracing, memory, the pipeline's cache
    times: dict[str, list[float]] = {name: [] for name in fits}
    for _ in range(settings.repetitions):
        for name, fit in fits.items():
            start = time.perf_counter()
            fit()
            times[name].append(time.perf_counter() - start)
    flops = training_flops_per_image(build_cnn(recipe.filters, recipe.kernel_size, recipe.dense_units))
    results = {}
    for name, ts in times.items():
        images_per_s = n / statistics.median(ts)
        results[name] = {"images_per_s": images_per_s, "gflops": images_per_s * flops / 1e9, "seconds": ts}
    results["ratio_pipeline_over_numpy"] = results["pipeline"]["images_per_s"] / results["numpy"]["images_per_s"]
    return results


class TestAccuracyClock(keras.callbacks.Callback):
    """Evaluates on the test set every half epoch; records training seconds and images seen."""

    def __init__(self, x_test, y_test, batch_size, targets, cap_images):
        super().__init__()
        self.x_test, self.y_test = x_test, y_test
        self.batch_size, self.every = batch_size, 1
        self.targets, self.cap = targets, cap_images
        self.reached: dict[str, dict] = {}
        self.curve: list[tuple[int, float, float]] = []
        self.train_seconds, self.images, self.steps = 0.0, 0, 0

    def on_train_begin(self, logs=None):
        self.every = max(1, self.params["steps"] // 2)  # every half epoch

    def on_train_batch_begin(self, batch, logs=None):
        self.t0 = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.train_seconds += time.perf_counter() - self.t0
        self.steps += 1
        self.images += self.batch_size
        if self.steps % self.every == 0 or self.images >= self.cap:
            pred = self.model.predict(self.x_test, batch_size=1000, verbose=0).argmax(1)
            acc = float(np.mean(pred == self.y_test))
            self.curve.append((self.images, round(self.train_seconds, 2), acc))
            for t in self.targets:
                if acc >= t and str(t) not in self.reached:
                    self.reached[str(t)] = {"seconds": self.train_seconds, "images": self.images}
            if len(self.reached) == len(self.targets) or self.images >= self.cap:
                self.model.stop_training = True


def time_to_accuracy(settings: Settings, recipe: Recipe, cap_images: int) -> dict:
    """Train ``recipe`` as notebook 05 does (``fit_cnn``), with a clock evaluating on the test set."""
    _, (x_test, y_test) = load_mnist()
    clock = TestAccuracyClock(to_model_input(x_test[: settings.test_size]), y_test[: settings.test_size],
                              recipe.batch_size, settings.targets, cap_images)
    fit_cnn(recipe, verbose=0, callbacks=[clock])
    return {"recipe": dataclasses.asdict(recipe), "reached": clock.reached, "curve": clock.curve,
            "cap_images": cap_images, "final_accuracy": clock.curve[-1][2] if clock.curve else None}


def seed_study(settings: Settings) -> dict:
    """The series' recipe with each of ``settings.seeds``: test and validation accuracy, training time."""
    _, (x_test, y_test) = load_mnist()
    x_test, y_test = to_model_input(x_test[: settings.test_size]), y_test[: settings.test_size]
    runs = []
    for seed in settings.seeds:
        trained = cached_cnn(dataclasses.replace(settings.series, seed=seed), verbose=0,
                             shipped_ok=False)  # this machine's own training, timed, never the shipped network
        predicted = trained.model.predict(x_test, batch_size=1000, verbose=0).argmax(axis=1)
        runs.append({"seed": seed, "test_accuracy": float(np.mean(predicted == y_test)),
                     "validation_accuracy": trained.history["val_accuracy"][-1],
                     "seconds": trained.seconds, "from_cache": trained.from_cache})
    summary = {}
    for key in ("test_accuracy", "validation_accuracy", "seconds"):
        values = [run[key] for run in runs]
        summary[key] = {"mean": float(np.mean(values)), "min": float(min(values)), "max": float(max(values))}
    return {"recipe": dataclasses.asdict(settings.series), "runs": runs, "summary": summary}


#: The time-to-accuracy runs, in the table's column order: (key, column heading).
RUNS = (("series", "series recipe"), ("original", "original recipe"),
        ("original_keras_init", "original, Keras's initialisation"))


def describe(recipe: dict, cap_images: int | None = None) -> str:
    """One line that says what a recipe is, from its fields (and the cap on its training images)."""
    def rate(x):
        return f"{x:.0e}".replace("e-0", "e-")
    if recipe["warmup_fraction"]:
        schedule = f"warm-up + cosine to 0, peak {rate(recipe['peak_learning_rate'])}"
    else:
        schedule = f"constant {rate(recipe['peak_learning_rate'])}"
    init = "the tutorial's initialisation" if recipe["init"] == "original" else "Keras's default initialisation"
    length = (f"{recipe['epochs']} epoch{'s' * (recipe['epochs'] != 1)}" if cap_images is None
              else f"capped at {cap_images:,} training images")
    return f"Adam, {schedule}, batch {recipe['batch_size']}, dropout rate {recipe['dropout_rate']}, {init}, {length}"


def seeds_markdown(study: dict) -> str:
    """The seed study as a table: one row per seed, then mean and range."""
    lines = ["| Seed | test accuracy | validation accuracy | training time |", "|---:|---:|---:|---:|"]
    for run in study["runs"]:
        lines.append(f"| {run['seed']} | {run['test_accuracy']:.2%} | {run['validation_accuracy']:.2%} "
                     f"| {run['seconds']:.0f} s |")
    s = study["summary"]
    lines.append(f"| mean (min-max) | {s['test_accuracy']['mean']:.2%} ({s['test_accuracy']['min']:.2%}-"
                 f"{s['test_accuracy']['max']:.2%}) | {s['validation_accuracy']['mean']:.2%} "
                 f"({s['validation_accuracy']['min']:.2%}-{s['validation_accuracy']['max']:.2%}) "
                 f"| {s['seconds']['mean']:.0f} s ({s['seconds']['min']:.0f}-{s['seconds']['max']:.0f} s) |")
    lines += ["", f"- {describe(study['recipe'])}; {len(study['runs'])} seeds."]
    return "\n".join(lines)


def markdown(results: dict) -> str:
    m, tp, runs = results["machine"], results["throughput"], results["time_to_accuracy"]
    series = runs["series"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores; TensorFlow {m['tensorflow']}, Keras {m['keras']}, "
        f"Python {m['python']}.",
        "",
        f"| Training path (batch {series['recipe']['batch_size']}; median of {results['settings']['repetitions']} "
        "interleaved epochs) "
        "| images/s | GFLOP/s |",
        "|---|---:|---:|",
        *(f"| {label} | {tp[key]['images_per_s']:.0f} | {tp[key]['gflops']:.1f} |" for key, label in (
            ("pipeline", "helpers' `tf.data` pipeline + `fit`"), ("numpy", "`fit` on in-memory NumPy arrays"))),
        f"| ratio pipeline / NumPy | {tp['ratio_pipeline_over_numpy']:.2f} | |",
        "",
        "| Test accuracy first reached | " + " | ".join(
            f"{label}: s / images" + ("" if key == "series" else " | images ratio") for key, label in RUNS) + " |",
        "|---|" + "---:|" * (2 * len(RUNS) - 1),
    ]
    for t in results["settings"]["targets"]:
        a = series["reached"].get(str(t))
        cells = [f"{t:.1%}", f"{a['seconds']:.0f} s / {a['images']:,}" if a else "not reached"]
        for key, _ in RUNS[1:]:
            run = runs[key]
            b = run["reached"].get(str(t))
            cells.append(f"{b['seconds']:.0f} s / {b['images']:,}" if b
                         else f"not reached within {run['cap_images']:,} images")
            cells.append(f"{b['images'] / a['images']:.1f}x" if a and b
                         else f"> {run['cap_images'] / a['images']:.1f}x" if a else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for key, label in RUNS:
        cap = None if key == "series" else runs[key]["cap_images"]
        lines.append(f"- {label}: {describe(runs[key]['recipe'], cap)}.")
    lines += ["", f"Test accuracy is measured every half epoch; the clock counts training time only. "
              f"Peak RSS: {results['peak_rss_mb']:.0f} MB."]
    if "seeds" in results:
        lines += ["", "Seed study (the series' recipe, trained once per seed):", "", seeds_markdown(results["seeds"])]
    return "\n".join(lines)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that checks the script works")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    if not set(parts) <= set(PARTS):
        parser.error(f"unknown parts {sorted(set(parts) - set(PARTS))}; choose from {PARTS}")
    helpers.setup()
    settings = SMOKE if args.smoke else FULL
    start = time.perf_counter()
    (x, y), _ = load_mnist()
    previous = args.out / "results.json"
    results = json.loads(previous.read_text()) if previous.exists() and len(parts) < len(PARTS) else {}
    results.update({"machine": machine(), "settings": {"targets": list(settings.targets), "smoke": args.smoke,
                                                        "repetitions": settings.repetitions}})
    if "throughput" in parts:
        results["throughput"] = throughput(settings, x, y)
    if "time_to_accuracy" in parts:
        results["time_to_accuracy"] = {
            "series": time_to_accuracy(settings, settings.series, 10**9),
            "original": time_to_accuracy(settings, settings.original, settings.original_cap_images),
            "original_keras_init": time_to_accuracy(settings, settings.original_keras_init,
                                                    settings.original_cap_images),
        }
    if "seeds" in parts:
        results["seeds"] = seed_study(settings)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["total_seconds"] = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    table = markdown(results)
    (args.out / "results.md").write_text(table + "\n")
    print(table)
    print(f"\n(total {results['total_seconds']:.0f} s; written to {args.out})")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
