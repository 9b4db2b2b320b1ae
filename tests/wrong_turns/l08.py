WRONG = {
    "08.a": [
        # a list of outputs instead of a dict
        "reader = keras.Model(model.inputs[0], [model.get_layer(name).output for name in layer_names])\n"
        "return [output.numpy() for output in reader(images)]",
        # each layer's input instead of its output
        "reader = keras.Model(model.inputs[0], {name: model.get_layer(name).input for name in layer_names})\n"
        "return {name: output.numpy() for name, output in reader(images).items()}",
        # the tensors themselves, not NumPy arrays
        "reader = keras.Model(model.inputs[0], {name: model.get_layer(name).output for name in layer_names})\n"
        "return reader(images)",
        # each layer run on the raw images, not on what the layers before it made of them
        "return {name: model.get_layer(name)(images).numpy() for name in layer_names}",
        # the network's final output under every name
        "return {name: model(images).numpy() for name in layer_names}",
    ],
    "08.b": [
        # the weakest images first
        "flat = responses.reshape(len(responses), -1)\n"
        "best = np.argsort(flat.max(axis=1))[:k]\n"
        "rows, cols = np.divmod(flat[best].argmax(axis=1), responses.shape[2])",
        # divides by the height, not the width
        "flat = responses.reshape(len(responses), -1)\n"
        "best = np.argsort(-flat.max(axis=1))[:k]\n"
        "rows, cols = np.divmod(flat[best].argmax(axis=1), responses.shape[1])",
        # the strongest units of the first k images, not of the k picked
        "flat = responses.reshape(len(responses), -1)\n"
        "best = np.argsort(-flat.max(axis=1))[:k]\n"
        "rows, cols = np.divmod(flat.argmax(axis=1)[:k], responses.shape[2])",
        # sorts by where the strongest unit is, not by how strong it is
        "flat = responses.reshape(len(responses), -1)\n"
        "best = np.argsort(-flat.argmax(axis=1))[:k]\n"
        "rows, cols = np.divmod(flat[best].argmax(axis=1), responses.shape[2])",
    ],
}
