import numpy as np
import pytest

from helpers.training import (
    SERIES_RECIPE,
    Recipe,
    cached_cnn,
    make_dataset,
    recipe_key,
    split_train_validation,
    to_model_input,
)

TINY = Recipe(filters=(4,), dense_units=16, epochs=2, train_size=1024, validation_size=500,
              batch_size=64, peak_learning_rate=1e-2, warmup_fraction=0.0)


def test_split_is_disjoint_complete_and_seeded():
    x, y = np.arange(100), np.arange(100) % 10
    (x_tr, y_tr), (x_va, y_va) = split_train_validation(x, y, 20, seed=1)
    assert len(x_va) == 20 and len(x_tr) == 80
    assert sorted(np.concatenate([x_tr, x_va]).tolist()) == list(range(100))
    np.testing.assert_array_equal(y_tr, x_tr % 10)
    assert split_train_validation(x, y, 20, seed=1)[1][0].tolist() == x_va.tolist()
    with pytest.raises(ValueError, match="validation_size"):
        split_train_validation(x, y, 100)
    with pytest.raises(ValueError, match="differ in length"):
        split_train_validation(x, y[:5], 2)


def test_dataset_batches_scaled_images_and_reshuffles_each_epoch(mnist):
    (x, y), _ = mnist
    ds = make_dataset(x[:300], y[:300], 100, shuffle=True, seed=3)
    batches = list(ds)
    assert len(batches) == 3
    images, labels = batches[0]
    assert images.shape == (100, 28, 28, 1) and images.dtype.name == "float32"
    assert labels.dtype.name == "int32"
    assert 0.0 <= float(np.min(images)) and float(np.max(images)) <= 1.0
    epoch1 = np.concatenate([b[1].numpy() for b in batches])
    epoch2 = np.concatenate([b[1].numpy() for b in ds])
    assert sorted(epoch1) == sorted(y[:300]) and not np.array_equal(epoch1, epoch2)
    plain = next(iter(make_dataset(x[:10], y[:10], 10)))
    np.testing.assert_allclose(plain[0].numpy(), to_model_input(x[:10]), atol=1e-7)


@pytest.mark.parametrize("images, labels, message", [
    (np.zeros((4, 28, 28), np.float32), np.zeros(4), "expected uint8"),
    (np.zeros((4, 28, 28, 1), np.uint8), np.zeros(4), "expected uint8"),
    (np.zeros((4, 28, 28), np.uint8), np.zeros(3), "expected 4 labels"),
])
def test_dataset_rejects_bad_input(images, labels, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(images, labels)


def test_recipe_key_is_stable_and_changes_with_any_field():
    assert recipe_key(TINY) == recipe_key(TINY)
    others = [Recipe(**{**TINY.__dict__, field: value}) for field, value in [
        ("epochs", 3), ("dropout_rate", 0.5), ("init", "original"), ("batch_size", 32), ("seed", 1),
        ("peak_learning_rate", 1e-3), ("train_size", 512), ("kernel_size", 3)]]
    assert len({recipe_key(r) for r in [TINY, *others]}) == 1 + len(others)
    with pytest.raises(TypeError, match="Recipe"):
        recipe_key({"epochs": 1})


def test_key_for_gives_the_recipe_key_only_to_the_network_the_recipe_builds():
    """Notebook 05 builds and compiles its own network: the same as the recipe's shares its cache entry."""
    import keras

    from helpers.training import _compiled_cnn, compile_cnn, key_for

    assert key_for(_compiled_cnn(SERIES_RECIPE), SERIES_RECIPE) == recipe_key(SERIES_RECIPE)
    other = compile_cnn(_compiled_cnn(SERIES_RECIPE), Recipe(peak_learning_rate=1e-3), 860)
    assert key_for(other, SERIES_RECIPE) != recipe_key(SERIES_RECIPE)
    with pytest.raises(ValueError, match="compiled"):
        key_for(keras.Sequential([keras.Input((28, 28, 1))]), SERIES_RECIPE)


@pytest.mark.slow
def test_cached_cnn_trains_once_then_loads(tmp_path, monkeypatch, mnist, capsys):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    monkeypatch.setattr("helpers.training.load_mnist", lambda: mnist)
    first = cached_cnn(TINY, verbose=0)
    assert not first.from_cache and "Trained in" in capsys.readouterr().out
    h = first.history
    assert len(h["step_loss"]) == len(h["step_accuracy"]) == 2 * 16  # 1,024 images in batches of 64, 2 epochs
    assert h["val_at_step"][-1] == 32 and len(h["loss"]) == 2
    # each batch's own value, recovered from Keras's running mean: their mean is that mean
    assert np.isclose(np.mean(h["step_loss"][16:]), h["loss"][1], rtol=1e-4)
    assert np.isclose(h["val_accuracy_at_step"][-1], h["val_accuracy"][-1], atol=1e-6)
    assert h["val_accuracy"][-1] > 0.5  # 1,024 images, 2 epochs: far above chance (0.1)
    again = cached_cnn(TINY)
    assert again.from_cache and again.history == first.history and "from the cache" in capsys.readouterr().out
    x = to_model_input(mnist[1][0][:8])
    np.testing.assert_array_equal(again.model(x).numpy(), first.model(x).numpy())
    assert again.split()[1][0].shape == (500, 28, 28)
    with pytest.raises(TypeError, match="Recipe"):
        cached_cnn({"epochs": 1})
