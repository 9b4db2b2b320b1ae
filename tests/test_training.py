import numpy as np
import pytest

from helpers import training
from helpers.training import Recipe, make_dataset, split_train_validation, to_model_input, trained_cnn

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


def test_recipe_key_changes_with_any_field():
    assert Recipe().key() == Recipe().key()
    assert Recipe(epochs=4).key() != Recipe().key()
    assert Recipe(dropout_rate=0.5).key() != Recipe().key()
    assert Recipe(init="original").key() != Recipe().key()


@pytest.mark.slow
def test_trained_model_is_cached_and_reused(tmp_path, monkeypatch, mnist):
    monkeypatch.setenv("MNIST_CNN_CACHE", str(tmp_path))
    monkeypatch.setattr(training, "load_mnist", lambda: mnist)  # the verified arrays, already loaded
    first = trained_cnn(TINY)
    assert not first.from_cache and first.path.exists()
    assert set(first.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert first.history["val_accuracy"][-1] > 0.5  # 1,024 images, 2 epochs: far above chance (0.1)
    again = trained_cnn(TINY)
    assert again.from_cache and again.history == first.history
    x = to_model_input(mnist[1][0][:8])
    np.testing.assert_array_equal(again.model(x).numpy(), first.model(x).numpy())
    first.path.write_bytes(b"damaged")  # a damaged entry is replaced, not used
    healed = trained_cnn(TINY)
    assert not healed.from_cache
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == sorted(
        [first.path.name, first.path.with_suffix(".json").name])
    with pytest.raises(TypeError, match="Recipe"):
        trained_cnn({"epochs": 1})
