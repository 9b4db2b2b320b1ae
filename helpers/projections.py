"""Flat views and a baseline for feature vectors: PCA and the nearest-class-mean classifier.

Notebook 01 derives PCA by hand on raw pixels (by the SVD); notebook 09 uses these on the network's features.
"""

from __future__ import annotations

import numpy as np


def _as_points(points, name: str = "points") -> np.ndarray:
    p = np.asarray(points)
    if p.ndim != 2 or len(p) == 0 or not np.issubdtype(p.dtype, np.number):
        raise ValueError(f"{name} must be a non-empty numeric array of shape (n, features); got {p.dtype} {p.shape}")
    return p.astype(np.float64)


def principal_components(points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PCA of ``points`` (n, d): ``(mean (d,), components (k, d) as rows, explained variance ratio (k,))``.

    Components are sorted by variance; project with ``(points - mean) @ components[:2].T``.
    """
    p = _as_points(points)
    mean = p.mean(axis=0)
    centred = p - mean
    # the eigenvectors of the (d, d) scatter matrix: several times faster than the SVD of the (n, d) points
    variances, vectors = np.linalg.eigh(centred.T @ centred)
    order = np.argsort(variances)[::-1][: min(p.shape)]
    variances, components = np.clip(variances[order], 0, None), vectors[:, order].T
    largest = components[np.arange(len(components)), np.abs(components).argmax(axis=1)]
    components *= np.where(largest < 0, -1.0, 1.0)[:, None]  # a fixed sign: each one's largest entry positive
    return mean, components, variances / variances.sum()


def class_means(points, labels, num_classes: int = 10) -> np.ndarray:
    """The mean point of each class: ``(num_classes, d)``. Every class must have a point."""
    p, y = _as_points(points), np.asarray(labels)
    if y.shape != (len(p),):
        raise ValueError(f"expected {len(p)} labels of shape ({len(p)},); got {y.shape}")
    missing = [k for k in range(num_classes) if not np.any(y == k)]
    if missing:
        raise ValueError(f"classes {missing} have no points; expected labels 0..{num_classes - 1}")
    return np.stack([p[y == k].mean(axis=0) for k in range(num_classes)])


def nearest_class_mean(points, means) -> np.ndarray:
    """For each row of ``points`` (n, d), the index of the nearest row of ``means`` (c, d): ``(n,)``."""
    p, m = _as_points(points), _as_points(means, "means")
    if p.shape[1] != m.shape[1]:
        raise ValueError(f"points have {p.shape[1]} features but means have {m.shape[1]}")
    # |p - m|^2 = |p|^2 - 2 p.m + |m|^2: one matrix product instead of an (n, c, d) array
    squared = (p**2).sum(axis=1)[:, None] - 2 * p @ m.T + (m**2).sum(axis=1)[None, :]
    return squared.argmin(axis=1)
