WRONG = {
    "07.a": [
        "return rng.random(shape) < rate",  # keeps `rate`, drops the rest
        "return np.random.random(shape) >= rate",  # NumPy's global generator, not rng
        "return rng.random() >= rate",  # one draw for the whole array
        "return rng.random(shape) >= 1 - rate",  # the keep probability taken for the rate
        "rng.random(shape) >= rate",  # the return forgotten
        "return rng.random(shape) > rate + 0.01",  # keeps a little too few
    ],
    "07.b": [
        'return run["train_loss"][-1] - run["val_loss"][-1]',  # training minus validation
        'return np.mean(run["val_loss"]) - np.mean(run["train_loss"])',  # averaged over the run
        'return run["val_loss"][0] - run["train_loss"][0]',  # the first measurement
        'return min(run["val_loss"]) - run["train_loss"][-1]',  # the best validation loss
        'run["val_loss"][-1] - run["train_loss"][-1]',  # the return forgotten
        'return [v - t for v, t in zip(run["val_loss"], run["train_loss"])]',  # every measurement's gap
    ],
}
