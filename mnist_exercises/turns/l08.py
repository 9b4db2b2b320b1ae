"""Your-turn checks of notebook 08: reading feature maps out of a model, and the strongest units."""

from collections.abc import Mapping

import numpy as np

from mnist_exercises import Wrong


def _small_model():
    import keras

    def init(seed):  # seeded here, so that the check leaves the notebook's random generators alone
        return keras.initializers.RandomNormal(stddev=0.5, seed=seed)

    inputs = keras.Input((6, 7, 1))
    x = keras.layers.Conv2D(3, 3, padding="same", activation="relu", kernel_initializer=init(1),
                            bias_initializer=init(2), name="c")(inputs)
    x = keras.layers.MaxPooling2D(2, name="p")(x)
    outputs = keras.layers.Dense(4, kernel_initializer=init(3), name="d")(keras.layers.Flatten(name="f")(x))
    return keras.Model(inputs, outputs)


def feature_maps(function):
    model = _small_model()
    images = np.random.default_rng(8).random((2, 6, 7, 1)).astype(np.float32)
    conv = model.get_layer("c")(images)  # the layers run one after the other, by hand
    expected = {"p": model.get_layer("p")(conv).numpy(), "c": conv.numpy()}
    got = function(model, ["p", "c"], images)
    call = "feature_maps(model, ['p', 'c'], images) on a small model of its own"
    if not isinstance(got, Mapping):
        raise Wrong(f"{call} returned a {type(got).__name__}, not a dict from layer names to maps")
    if set(got) != set(expected):
        raise Wrong(f"{call}: the dict's keys are not the layer names asked for")
    for name, maps in expected.items():
        if not isinstance(got[name], np.ndarray):
            raise Wrong(f"{call}: the maps of {name!r} are of type {type(got[name]).__name__}, not NumPy arrays: "
                        "convert each output with .numpy()")
        value = got[name]
        if value.shape != maps.shape:
            raise Wrong(f"{call}: the maps of {name!r} have the wrong size for that layer's output")
        if not np.allclose(value, maps, atol=1e-5):
            raise Wrong(f"{call}: the maps of {name!r} differ from what that layer outputs inside the model")


def strongest_units(function):
    rng = np.random.default_rng(8)
    responses = rng.random((9, 4, 5))  # not square, so rows and columns cannot be mixed up unseen
    responses[0] *= 0.5  # the first images are not the strongest ones
    strongest = sorted(range(len(responses)), key=lambda n: -responses[n].max())
    for k in (1, 4, 9):
        best, rows, cols = (np.asarray(a) for a in function(responses, k))
        call = f"strongest_units(responses, {k}) on random maps of its own"
        if best.shape != (k,) or [int(n) for n in best] != strongest[:k]:
            raise Wrong(f"{call}: the images it picks are not the {k} with the strongest units, strongest first")
        units = [np.unravel_index(responses[n].argmax(), responses[n].shape) for n in strongest[:k]]
        found = [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)] if rows.shape == cols.shape else []
        by_height = [divmod(int(responses[n].argmax()), responses.shape[1]) for n in strongest[:k]]
        if rows.shape == (k,) and found != units and found == by_height:
            raise Wrong(f"{call}: the rows and columns are off: a flattened map holds one row after another, "
                        "so check what np.divmod divides by")
        if rows.shape != (k,) or found != units:
            raise Wrong(f"{call}: the rows or columns do not point at each image's strongest unit")


CHECKS = {"08.a": feature_maps, "08.b": strongest_units}
