"""Figures the notebooks share, one kind per function: each checks its input, draws on the ``ax``/``axes``
given or a new figure, and returns them (grids: a 1-D array of Axes). Cells end with ``plt.show()``."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

MAX_WIDTH_IN = 10.0  # no figure wider than a notebook column


def _as_image_stack(images, name: str = "images") -> np.ndarray:
    """Accept ``(n, h, w)`` or ``(n, h, w, 1)``; return ``(n, h, w)``."""
    a = np.asarray(images)
    if a.ndim == 4 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim != 3 or a.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n, height, width) or (n, height, width, 1) with n >= 1; "
                         f"got {a.shape}")
    if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise ValueError(f"{name} must be numeric; got dtype {a.dtype}")
    return a


def _grid(n: int, ncols: int, cell_in: float, suptitle: str | None, axes=None):
    """``n`` Axes: the first ``n`` of ``axes`` if given, else a new grid of ``ncols`` columns."""
    if axes is not None:
        axes = np.asarray(axes, dtype=object).ravel()
        if len(axes) < n:
            raise ValueError(f"got {len(axes)} axes for {n} images")
        fig = axes[0].figure
    else:
        ncols = max(1, min(ncols, n))
        nrows = math.ceil(n / ncols)
        width = min(MAX_WIDTH_IN, cell_in * ncols)
        height = width / ncols * nrows * 1.15 + (0.4 if suptitle else 0)
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
        axes = axes.ravel()
        for ax in axes[n:]:
            ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    return fig, axes[:n]


def plot_image_grid(images, titles=None, *, ncols: int = 10, cmap: str = "gray", vmin=None, vmax=None,
                    suptitle: str | None = None, cell_inches: float = 1.0, axes=None) -> np.ndarray:
    """Draw images ``(n, h, w)`` in a grid, one optional title each, no ticks, on one colour scale
    (``vmin``/``vmax``, default the data's range) so that brightness compares across the grid."""
    a = _as_image_stack(images)
    if titles is not None and len(titles) != len(a):
        raise ValueError(f"got {len(titles)} titles for {len(a)} images")
    new = axes is None
    fig, axes = _grid(len(a), ncols, cell_inches, suptitle, axes)
    for i, ax in enumerate(axes):
        ax.imshow(a[i], cmap=cmap, vmin=a.min() if vmin is None else vmin, vmax=a.max() if vmax is None else vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=9)
    if new:
        fig.tight_layout()
    return axes


def plot_signed_grid(arrays, titles=None, *, ncols: int = 8, limit: float | None = None, colorbar: bool = True,
                     **grid) -> np.ndarray:
    """:func:`plot_image_grid` for signed arrays ``(n, h, w)`` (kernels, filter outputs): one diverging scale
    from ``-limit`` (blue) through 0 (white) to ``limit`` (red), default the largest magnitude; a colour bar."""
    a = _as_image_stack(arrays, "arrays").astype(float)
    limit = limit or float(np.abs(a).max()) or 1.0
    axes = plot_image_grid(a, titles, ncols=ncols, cmap="RdBu_r", vmin=-limit, vmax=limit, **grid)
    if colorbar:
        axes[0].figure.colorbar(axes[0].images[0], ax=list(axes), shrink=0.8, label="value (0 = white)")
    return axes


def plot_counts(counts, labels=None, *, title: str, xlabel: str, ylabel: str = "count",
                ax: plt.Axes | None = None) -> plt.Axes:
    """A bar chart of ``counts`` (1-D, non-negative), each bar labelled with its value."""
    c = np.asarray(counts)
    if c.ndim != 1 or len(c) == 0 or not np.issubdtype(c.dtype, np.number) or (c < 0).any():
        raise ValueError(f"counts must be a non-empty 1-D array of non-negative numbers; got {c!r}")
    labels = list(range(len(c))) if labels is None else list(labels)
    if len(labels) != len(c):
        raise ValueError(f"got {len(labels)} labels for {len(c)} counts")
    if ax is None:
        _, ax = plt.subplots(figsize=(min(MAX_WIDTH_IN, 0.6 * len(c) + 2), 3))
    bars = ax.bar([str(label) for label in labels], c, color="tab:blue")
    ax.bar_label(bars, fontsize=7)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(y=0.15)
    return ax


def plot_learning_curves(history: dict, *, smooth: int = 50, axes=None) -> np.ndarray:
    """Loss and accuracy against the step: each batch's (faint), their mean over ``smooth`` steps, and the
    validation scores, from a :class:`helpers.training.LearningCurves` ``history``. Returns 2 Axes."""
    needed = ("step_loss", "step_accuracy", "val_at_step", "val_loss_at_step", "val_accuracy_at_step")
    if not isinstance(history, dict) or not set(needed) <= set(history):
        raise ValueError(f"history must be a dict with keys {list(needed)}; got {sorted(history or {})}")
    new = axes is None
    if new:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    steps = np.arange(1, len(history["step_loss"]) + 1)
    for ax, key, label in zip(axes, ("loss", "accuracy"), ("loss (cross-entropy)", "accuracy"), strict=True):
        values = np.asarray(history[f"step_{key}"])
        ax.plot(steps, values, color="tab:blue", alpha=0.2, linewidth=0.5)
        if len(values) >= smooth:
            ax.plot(steps[smooth - 1:], np.convolve(values, np.ones(smooth) / smooth, "valid"), color="tab:blue",
                    label=f"training (mean of {smooth} steps)")
        ax.plot(history["val_at_step"], history[f"val_{key}_at_step"], "o-", color="tab:orange", label="validation")
        ax.set_xlabel("training step (one batch)")
        ax.set_ylabel(label)
        ax.legend()
    axes[0].set_yscale("log")
    axes[1].set_ylim(max(0.0, min(history["val_accuracy_at_step"]) - 0.05), 1.0)
    if new:
        axes[0].figure.tight_layout()
    return np.asarray(axes)


def plot_probabilities(probabilities, *, title: str, label: int | None = None, ax: plt.Axes | None = None) -> plt.Axes:
    """A bar chart of ten class probabilities ``(10,)``; the predicted class in orange, ``label`` outlined."""
    p = np.asarray(probabilities, dtype=float)
    if p.shape != (10,) or (p < 0).any() or not np.isclose(p.sum(), 1, atol=1e-3):
        raise ValueError(f"probabilities must be 10 non-negative numbers that sum to 1; got {p!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 2.6))
    colours = ["tab:orange" if k == p.argmax() else "tab:blue" for k in range(10)]
    bars = ax.bar(range(10), p, color=colours)
    if label is not None:
        bars[label].set_edgecolor("black")
        bars[label].set_linewidth(2)
    ax.set_xticks(range(10))
    ax.set_ylim(0, 1)
    ax.set_xlabel("digit" + ("" if label is None else f" (outlined: the true label, {label})"))
    ax.set_ylabel("probability")
    ax.set_title(title)
    return ax


def plot_confusion_matrix(matrix, *, title: str = "Confusion matrix", ax: plt.Axes | None = None) -> plt.Axes:
    """A heat map of a square count matrix (rows true class, columns predicted), non-zero counts written
    on it; the colour scale is logarithmic so that a handful of mistakes shows beside a thousand hits."""
    m = np.asarray(matrix)
    if m.ndim != 2 or m.shape[0] != m.shape[1] or not np.issubdtype(m.dtype, np.integer) or (m < 0).any():
        raise ValueError(f"matrix must be a square array of non-negative integer counts; got {m.dtype} {m.shape}")
    n = len(m)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    image = ax.imshow(np.log10(m + 1), cmap="Blues")
    for i in range(n):
        for j in range(n):
            if m[i, j]:
                ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if i == j else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="log10(count + 1)")
    return ax


def plot_array_values(array, *, title: str, ax: plt.Axes | None = None, cmap: str = "gray",
                      vmin=None, vmax=None, fontsize: float = 7) -> plt.Axes:
    """Draw a small 2-D array ``(h, w)`` as an image with each value written on it (floats to two decimals),
    rows and columns labelled with their indices."""
    a = np.asarray(array)
    if a.ndim != 2 or a.size == 0 or not np.issubdtype(a.dtype, np.number):
        raise ValueError(f"array must be a non-empty 2-D numeric array (height, width); got {a.dtype} {a.shape}")
    if max(a.shape) > 32:
        raise ValueError(f"array is {a.shape}; at most 32x32 values fit legibly - crop it first")
    vmin = float(a.min()) if vmin is None else vmin
    vmax = float(a.max()) if vmax is None else vmax
    if ax is None:
        side = min(MAX_WIDTH_IN, 0.35 * max(a.shape) + 1.5)
        _, ax = plt.subplots(figsize=(side, side * a.shape[0] / a.shape[1]))
    ax.imshow(a, cmap=cmap, vmin=vmin, vmax=vmax)
    middle = (vmin + vmax) / 2
    integer = np.issubdtype(a.dtype, np.integer)
    for (i, j), v in np.ndenumerate(a):
        ax.text(j, i, f"{v:d}" if integer else f"{v:.2f}", ha="center", va="center", fontsize=fontsize,
                color="black" if v > middle else "white")
    ax.set_xticks(range(a.shape[1]))
    ax.set_yticks(range(a.shape[0]))
    ax.tick_params(labelsize=fontsize)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    ax.set_title(title)
    return ax


def plot_class_scatter(points, labels, *, title: str, xlabel: str, ylabel: str,
                       ax: plt.Axes | None = None, size: float = 4) -> plt.Axes:
    """Scatter points ``(n, 2)`` coloured by class ``labels`` ``(n,)`` 0-9, each class's label at its centroid."""
    p, y = np.asarray(points), np.asarray(labels)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) == 0 or not np.issubdtype(p.dtype, np.number):
        raise ValueError(f"points must be a numeric array of shape (n, 2) with n >= 1; got {p.dtype} {p.shape}")
    if y.shape != (len(p),) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be {len(p)} integers, shape ({len(p)},); got {y.dtype} {y.shape}")
    if y.min() < 0 or y.max() > 9:
        raise ValueError(f"labels must be classes 0-9; got values from {y.min()} to {y.max()}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5.5))
    colours = plt.get_cmap("tab10")
    for k in np.unique(y):
        mine = p[y == k]
        ax.scatter(mine[:, 0], mine[:, 1], s=size, color=colours(int(k)), alpha=0.5, label=str(k))
        cx, cy = mine.mean(axis=0)
        ax.text(cx, cy, str(k), fontsize=14, weight="bold", ha="center", va="center", color=colours(int(k)),
                bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
    ax.legend(title="class", markerscale=3, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


_DIAGRAM_COLOURS = {"InputLayer": "#eeeeee", "Conv2D": "#cfe2f3", "MaxPooling2D": "#fde9c9",
                    "Flatten": "#eeeeee", "Dense": "#d9ead3", "Dropout": "#f4cccc"}


def _describe_layer(layer) -> str:
    """One line saying what a Keras layer does, e.g. ``conv 5×5, 32 filters, 'same', ReLU``."""
    kind = type(layer).__name__
    activation = getattr(getattr(layer, "activation", None), "__name__", "linear")
    act = "" if activation == "linear" else f", {'ReLU' if activation == 'relu' else activation}"
    if kind == "InputLayer":
        return "input image"
    if kind == "Conv2D":
        kh, kw = layer.kernel_size
        return f"conv {kh}×{kw}, {layer.filters} filters, '{layer.padding}'{act}"
    if kind == "MaxPooling2D":
        ph, pw = layer.pool_size
        return f"max-pool {ph}×{pw}, stride {layer.strides[0]}"
    if kind == "Flatten":
        return "flatten to a vector"
    if kind == "Dense":
        return f"dense, {layer.units} units{act}" if act else f"dense, {layer.units} units (logits)"
    if kind == "Dropout":
        return f"dropout, rate {layer.rate:g} (training only)"
    return kind


def plot_network_diagram(model, *, title: str | None = None, ax: plt.Axes | None = None) -> plt.Axes:
    """Draw a chain of Keras layers as boxes joined by arrows, input at the top: what each does, its output
    shape (e.g. ``28×28×32``) and its parameter count."""
    import keras  # here, so that importing helpers.plots does not need Keras
    from matplotlib.patches import FancyBboxPatch

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model (e.g. build_cnn()); got {type(model).__name__}")
    layers = list(model.layers)
    if not layers:
        raise ValueError(f"model {model.name!r} has no layers to draw")
    n = len(layers)
    new = ax is None
    if new:
        _, ax = plt.subplots(figsize=(7.5, 0.55 * n + 0.9))
    ax.set_xlim(0, 1)
    ax.set_ylim(n - 0.35, -0.9)  # row 0 (the input) at the top
    ax.axis("off")
    box_left, box_width, box_height = 0.0, 0.56, 0.62
    for col, head in ((box_left + box_width / 2, "layer: what it does"), (0.74, "output shape"),
                      (0.93, "parameters")):
        ax.text(col, -0.6, head, ha="center", va="center", fontsize=9, fontweight="bold")
    for row, layer in enumerate(layers):
        kind = type(layer).__name__
        ax.add_patch(FancyBboxPatch((box_left + 0.01, row - box_height / 2), box_width - 0.02, box_height,
                                    boxstyle="round,pad=0.0,rounding_size=0.02", mutation_aspect=0.3,
                                    facecolor=_DIAGRAM_COLOURS.get(kind, "#ffffff"), edgecolor="0.3"))
        ax.text(box_left + box_width / 2, row, f"{layer.name}: {_describe_layer(layer)}",
                ha="center", va="center", fontsize=9)
        shape = "×".join(str(d) for d in layer.output.shape[1:])
        ax.text(0.74, row, shape, ha="center", va="center", fontsize=9, family="monospace")
        ax.text(0.93, row, f"{layer.count_params():,}", ha="center", va="center", fontsize=9)
        if row:
            ax.annotate("", xy=(box_left + box_width / 2, row - box_height / 2),
                        xytext=(box_left + box_width / 2, row - 1 + box_height / 2),
                        arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_title(title or f"{model.name}: {model.count_params():,} parameters")
    if new:
        ax.figure.tight_layout()
    return ax
