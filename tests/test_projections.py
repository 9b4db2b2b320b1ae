import numpy as np
import pytest

from helpers.projections import class_means, nearest_class_mean, principal_components


def test_pca_finds_the_direction_of_largest_variance():
    rng = np.random.default_rng(0)
    t = rng.normal(size=500)
    points = np.stack([3 * t, 3 * t, 0.1 * rng.normal(size=500)], axis=1) + [5, -2, 1]
    mean, components, explained = principal_components(points)
    np.testing.assert_allclose(mean, points.mean(axis=0))
    np.testing.assert_allclose(np.abs(components[0]), [2**-0.5, 2**-0.5, 0], atol=1e-3)
    assert explained.shape == (3,) and abs(explained.sum() - 1) < 1e-12 and explained[0] > 0.99
    np.testing.assert_allclose(components @ components.T, np.eye(3), atol=1e-12)


def test_pca_agrees_with_the_svd_and_fixes_each_components_sign():
    points = np.random.default_rng(1).normal(size=(300, 6)) * [5, 4, 3, 2, 1, 0.5]
    _, components, explained = principal_components(points)
    _, singular, rows = np.linalg.svd(points - points.mean(axis=0), full_matrices=False)
    np.testing.assert_allclose(explained, singular**2 / (singular**2).sum(), atol=1e-12)
    np.testing.assert_allclose(np.abs(np.sum(components * rows, axis=1)), 1, atol=1e-9)  # the same axes
    assert all(c[np.abs(c).argmax()] > 0 for c in components)
    assert principal_components(points[:4])[1].shape == (4, 6)  # fewer points than features: n components


def test_nearest_class_mean_on_separated_clusters():
    points = np.array([[0.0, 0.1], [0.2, 0.0], [10.0, 10.0], [9.0, 10.5]])
    labels = np.array([0, 0, 1, 1])
    means = class_means(points, labels, num_classes=2)
    np.testing.assert_allclose(means, [[0.1, 0.05], [9.5, 10.25]])
    assert nearest_class_mean([[1.0, 1.0], [8.0, 9.0]], means).tolist() == [0, 1]


@pytest.mark.parametrize("call, message", [
    (lambda: principal_components(np.zeros(5)), "shape \\(n, features\\)"),
    (lambda: class_means(np.zeros((3, 2)), [0, 1]), "expected 3 labels"),
    (lambda: class_means(np.zeros((2, 2)), [0, 0], num_classes=2), "classes \\[1\\] have no points"),
    (lambda: nearest_class_mean(np.zeros((2, 3)), np.zeros((2, 2))), "3 features but means have 2"),
])
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
