"""Figures the notebooks share. Each function draws one kind of figure and returns it.

Every function checks its input and says what it expected. Notebooks end a plotting cell with
``plt.show()``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm

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


def _grid(n: int, ncols: int, cell_in: float, suptitle: str | None):
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    width = min(MAX_WIDTH_IN, cell_in * ncols)
    height = width / ncols * nrows * 1.15 + (0.4 if suptitle else 0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    return fig, axes.flat[:n]


def plot_image_grid(images, titles=None, *, ncols: int = 10, cmap: str = "gray", vmin=None, vmax=None,
                    suptitle: str | None = None, cell_inches: float = 1.0) -> plt.Figure:
    """Draw images ``(n, h, w)`` in a grid, one optional title each; axes ticks hidden.

    Grey-scale by default, with one colour scale for all images (``vmin``/``vmax``, default the
    data's range) so that brightness compares across the grid.
    """
    a = _as_image_stack(images)
    if titles is not None and len(titles) != len(a):
        raise ValueError(f"got {len(titles)} titles for {len(a)} images")
    vmin = float(a.min()) if vmin is None else vmin
    vmax = float(a.max()) if vmax is None else vmax
    fig, axes = _grid(len(a), ncols, cell_inches, suptitle)
    for i, ax in enumerate(axes):
        ax.imshow(a[i], cmap=cmap, vmin=vmin, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=9)
    fig.tight_layout()
    return fig


def plot_signed_grid(arrays, titles=None, *, ncols: int = 8, cmap: str = "RdBu_r",
                     suptitle: str | None = None, cell_inches: float = 1.0,
                     colorbar: bool = True) -> plt.Figure:
    """Draw signed arrays ``(n, h, w)`` (kernels, filter outputs) with a diverging map centred on 0.

    One symmetric colour scale for the whole grid: white is 0, red positive, blue negative.
    """
    a = _as_image_stack(arrays, "arrays").astype(float)
    if titles is not None and len(titles) != len(a):
        raise ValueError(f"got {len(titles)} titles for {len(a)} arrays")
    limit = float(np.abs(a).max()) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    fig, axes = _grid(len(a), ncols, cell_inches, suptitle)
    image = None
    for i, ax in enumerate(axes):
        image = ax.imshow(a[i], cmap=cmap, norm=norm)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=9)
    fig.tight_layout()
    if colorbar:
        fig.colorbar(image, ax=list(axes), shrink=0.8, label="value (0 = white)")
    return fig


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


def plot_history(history: dict, *, title: str = "Learning curves") -> plt.Figure:
    """Loss and accuracy per epoch, training vs validation, from a Keras ``History.history`` dict."""
    needed = {"loss", "accuracy", "val_loss", "val_accuracy"}
    if not isinstance(history, dict) or not needed <= set(history):
        raise ValueError(f"history must be a dict with keys {sorted(needed)}; got {sorted(history or {})}")
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, key, label in ((ax_loss, "loss", "loss (cross-entropy)"), (ax_acc, "accuracy", "accuracy")):
        ax.plot(epochs, history[key], "o-", label="training")
        ax.plot(epochs, history[f"val_{key}"], "s--", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.set_xticks(epochs)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix, *, title: str = "Confusion matrix", ax: plt.Axes | None = None) -> plt.Axes:
    """A labelled heat map of a square count matrix: rows true class, columns predicted class.

    Off-diagonal cells (the mistakes) are annotated with their counts; the colour scale is
    logarithmic so that a handful of mistakes is still visible next to a thousand hits.
    """
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
