import numpy as np
import pytest
from sklearn.datasets import load_iris, make_moons

from surfaceviz import evaluate_grid, plot_decision_surface
from surfaceviz.mlp import MLPClassifier, Network, TrainingDivergedError


@pytest.fixture(scope="module")
def moons_data():
    return make_moons(400, noise=0.15, random_state=0)


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 25, dtype=float)
XOR_Y = np.array([0, 1, 1, 0] * 25)


def test_learns_xor():
    clf = MLPClassifier((8,), activation="tanh", learning_rate_init=0.1, max_epochs=500,
                        random_state=0).fit(XOR_X, XOR_Y)
    assert clf.score(XOR_X, XOR_Y) > 0.95


@pytest.mark.parametrize("solver, lr", [("sgd", 0.05), ("adam", 0.01)])
def test_learns_moons(moons_data, solver, lr):
    X, y = moons_data
    clf = MLPClassifier((32, 32), solver=solver, learning_rate_init=lr, max_epochs=200,
                        random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.95


@pytest.mark.parametrize("options", [
    {"activation": "sigmoid", "loss": "mse", "learning_rate_init": 0.5},
    {"activation": ["relu", "leaky_relu"], "nesterov": True},
    {"activation": "relu", "dropout": 0.2},
    {"init": "uniform", "learning_rate": "step", "step_size": 50, "gamma": 0.5},
    {"learning_rate": "invscaling", "lr_decay": 0.01, "alpha": 1.0},
])
def test_options_train_iris(options):
    X, y = load_iris(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    hidden = (16, 16) if isinstance(options.get("activation"), list) else (16,)
    clf = MLPClassifier(hidden, max_epochs=300, random_state=0, **options).fit(X, y)
    assert clf.score(X, y) > 0.9


def test_random_state_makes_runs_identical(moons_data):
    X, y = moons_data
    a = MLPClassifier((16,), max_epochs=20, dropout=0.1, random_state=3).fit(X, y)
    b = MLPClassifier((16,), max_epochs=20, dropout=0.1, random_state=3).fit(X, y)
    for wa, wb in zip(a.network_.weights, b.network_.weights):
        np.testing.assert_array_equal(wa, wb)
    c = MLPClassifier((16,), max_epochs=20, random_state=4).fit(X, y)
    assert not np.array_equal(a.network_.weights[0], c.network_.weights[0])


def test_history_records(moons_data):
    X, y = moons_data
    clf = MLPClassifier((16,), max_epochs=5, alpha=2.0, learning_rate="step", step_size=2,
                        gamma=0.1, random_state=0, n_iter_no_change=100)
    clf.fit(X, y, validation_data=(X[:50], y[:50]))
    assert clf.n_iter_ == len(clf.history_) == 5
    first = clf.history_[0]
    assert set(first) == {"epoch", "cost", "l2", "train_accuracy", "val_accuracy", "lr", "seconds"}
    assert 0 < first["l2"] < first["cost"]
    assert [h["lr"] for h in clf.history_] == pytest.approx([0.05, 0.05, 0.005, 0.005, 0.0005])
    assert 0 <= first["val_accuracy"] <= 1
    costs = [h["cost"] for h in clf.history_]
    assert costs[-1] < costs[0]


def test_callbacks_called_and_can_stop(moons_data):
    X, y = moons_data
    seen = []

    def cb(model, record):
        seen.append(record["epoch"])
        return record["epoch"] == 3

    clf = MLPClassifier((8,), max_epochs=50, callbacks=[cb], random_state=0).fit(X, y)
    assert seen == [1, 2, 3] and clf.n_iter_ == 3


def test_save_load_round_trip(tmp_path, moons_data):
    X, y = moons_data
    labels = np.where(y == 1, "b", "a")
    clf = MLPClassifier((12, 6), activation="tanh", max_epochs=10, random_state=0).fit(X, labels)
    clf.save(tmp_path / "m.npz")
    back = MLPClassifier.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))
    assert back.get_params()["hidden_layer_sizes"] == (12, 6)
    assert back.history_ == clf.history_ and back.n_iter_ == clf.n_iter_
    back.partial_fit(X, labels)  # a loaded model keeps training
    with pytest.raises(ValueError, match="is not a surfaceviz MLPClassifier file"):
        np.savez(tmp_path / "x.npz", a=np.ones(2))
        MLPClassifier.load(tmp_path / "x.npz")


def test_checkpoints(tmp_path, moons_data):
    X, y = moons_data
    MLPClassifier((8,), max_epochs=6, checkpoint_every=2, checkpoint_dir=tmp_path / "ck",
                  random_state=0, n_iter_no_change=100).fit(X, y)
    names = sorted(p.name for p in (tmp_path / "ck").iterdir())
    assert names == ["epoch_0002.npz", "epoch_0004.npz", "epoch_0006.npz"]
    assert MLPClassifier.load(tmp_path / "ck" / "epoch_0004.npz").n_iter_ == 4
    with pytest.raises(ValueError, match="checkpoint_every needs checkpoint_dir"):
        MLPClassifier(checkpoint_every=2).fit(X, y)


def test_divergence_is_a_clear_error(moons_data):
    X, y = moons_data
    clf = MLPClassifier((32,), learning_rate_init=1e4, momentum=0.9, random_state=0)
    # issue 11: the blow-up is now caught at the end of the first epoch (weights), before
    # the cost turns NaN in a later batch, so the message may name the epoch alone
    with pytest.raises(TrainingDivergedError,
                       match=r"diverged in epoch \d+\b.* smaller learning_rate_init \(it was 10000\)"):
        clf.fit(X * 100, y)
    # the parameters were rolled back to the epoch's start: still finite
    assert all(np.isfinite(w).all() for w in clf.network_.weights)


def test_early_stopping_restores_best(moons_data):
    X, y = moons_data
    clf = MLPClassifier((16,), early_stopping=True, n_iter_no_change=3, max_epochs=200,
                        random_state=0).fit(X, y)
    vals = [h["val_accuracy"] for h in clf.history_]
    assert clf.n_iter_ < 200 and all(v is not None for v in vals)


def test_warm_start_continues(moons_data):
    X, y = moons_data
    clf = MLPClassifier((8,), max_epochs=3, warm_start=True, n_iter_no_change=100,
                        random_state=0).fit(X, y)
    w = clf.network_.weights[0].copy()
    clf.fit(X, y)
    assert clf.n_iter_ == 6 and not np.array_equal(w, clf.network_.weights[0])


def test_partial_fit_needs_classes(moons_data):
    X, y = moons_data
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        MLPClassifier().partial_fit(X, y)
    clf = MLPClassifier((8,), random_state=0).partial_fit(X, y, classes=[0, 1])
    assert clf.n_iter_ == 1


@pytest.mark.parametrize("param, value, match", [
    ("hidden_layer_sizes", (0,), "hidden_layer_sizes must hold integers >= 1"),
    ("activation", "swish", "activation must be one of"),
    ("activation", ["relu"], "one name or one per hidden layer"),
    ("solver", "lbfgs", "solver must be 'sgd' or 'adam'"),
    ("loss", "hinge", "loss must be one of"),
    ("learning_rate", "cosine", "learning_rate must be one of"),
    ("init", "zeros", "init must be one of"),
    ("learning_rate_init", -1.0, "learning_rate_init must be a positive number"),
    ("batch_size", 0, "batch_size must be an integer >= 1"),
    ("dropout", 1.0, r"dropout must be in \[0, 1\)"),
    ("dtype", "float16", "dtype must be 'float32' or 'float64'"),
    ("momentum", 1.0, r"momentum must be in \[0, 1\)"),
    ("validation_fraction", 0.0, r"validation_fraction must be in \(0, 1\)"),
    ("alpha", -1.0, "alpha must be >= 0"),
    ("max_epochs", 0, "max_epochs must be an integer >= 1"),
    ("checkpoint_every", 0, "checkpoint_every must be an integer >= 1"),
])
def test_bad_params(moons_data, param, value, match):
    X, y = moons_data
    kwargs = {param: value}
    if param == "activation" and isinstance(value, list):
        kwargs["hidden_layer_sizes"] = (4, 4)
    with pytest.raises(ValueError, match=match):
        MLPClassifier(**kwargs).fit(X, y)


def test_one_class_rejected():
    with pytest.raises(ValueError, match="needs at least 2 classes"):
        MLPClassifier().fit(np.zeros((5, 2)), np.ones(5))


def test_float64_and_array_api_training_agree(moons_data):
    xps = pytest.importorskip("array_api_strict")
    X, y = moons_data
    kw = dict(hidden_layer_sizes=(8, 8), max_epochs=3, dtype="float64", random_state=0,
              n_iter_no_change=100)
    a = MLPClassifier(**kw).fit(X, y)
    b = MLPClassifier(**kw, backend=xps).fit(X, y)
    for wa, wb in zip(a.network_.get_params()[0], b.network_.get_params()[0]):
        np.testing.assert_allclose(wa, wb, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-10)
    # the NumPy fast path (cost and accuracy from the true classes' indices)
    # reports what the generic path computes
    for ha, hb in zip(a.history_, b.history_):
        assert ha["cost"] == pytest.approx(hb["cost"], rel=1e-9)
        assert ha["train_accuracy"] == hb["train_accuracy"]


def test_softmax_fast_path_matches_generic_costs():
    xps = pytest.importorskip("array_api_strict")
    X, y = load_iris(return_X_y=True)
    kw = dict(hidden_layer_sizes=(8,), max_epochs=3, dtype="float64", random_state=0,
              n_iter_no_change=100)
    a = MLPClassifier(**kw).fit(X, y)
    b = MLPClassifier(**kw, backend=xps).fit(X, y)
    for ha, hb in zip(a.history_, b.history_):
        assert ha["cost"] == pytest.approx(hb["cost"], rel=1e-9)
        assert ha["train_accuracy"] == hb["train_accuracy"]


def test_decision_surface_and_device_hook(moons_data):
    xps = pytest.importorskip("array_api_strict")
    X, y = moons_data
    clf = MLPClassifier((16, 16), max_epochs=50, random_state=0).fit(X, y)
    disp = plot_decision_surface(clf, X, y, resolution=40)
    assert disp.grid.response == "decision_function"
    for method in ("decision_function", "predict_proba", "predict"):
        ref = evaluate_grid(clf, X, resolution=30, response=method)
        dev = evaluate_grid(clf, X, resolution=30, response=method, backend=xps,
                            dtype="float64")
        np.testing.assert_allclose(dev.values, ref.values, atol=1e-9)


def test_pickle_round_trip(moons_data):
    import pickle

    X, y = moons_data
    clf = MLPClassifier((8,), max_epochs=5, random_state=0).fit(X, y)
    back = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))


def test_progress_bar_with_running_cost(moons_data, capsys):
    pytest.importorskip("tqdm")
    X, y = moons_data
    MLPClassifier((8,), max_epochs=3, progress=True, random_state=0,
                  n_iter_no_change=100).fit(X, y)
    err = capsys.readouterr().err
    assert "training" in err and "cost=" in err
    MLPClassifier((8,), max_epochs=2, progress=False, random_state=0).fit(X, y)
    MLPClassifier((8,), max_epochs=2, random_state=0).fit(X, y)  # not a terminal: silent
    assert capsys.readouterr().err == ""


def test_divergence_on_an_array_namespace_backend(moons_data):
    xps = pytest.importorskip("array_api_strict")
    X, y = moons_data
    clf = MLPClassifier((32,), learning_rate_init=1e4, random_state=0, backend=xps)
    with pytest.raises(TrainingDivergedError, match=r"diverged in epoch \d+: the cost became"):
        clf.fit(X * 1e4, y)
    assert all(np.isfinite(np.asarray(w)).all() for w in clf.network_.get_params()[0])


def _numpy_like_namespace():
    """A module that behaves like NumPy but is not NumPy (no ``out=`` fast path):
    stands in for CuPy, including ``random.default_rng``."""
    import types

    fake = types.ModuleType("fake_device_xp")
    fake.__getattr__ = lambda name: getattr(np, name)
    return fake


def test_device_style_dropout_masks_are_reproducible(moons_data):
    X, y = moons_data
    fake = _numpy_like_namespace()
    kw = dict(hidden_layer_sizes=(32, 32), dropout=0.2, max_epochs=100, random_state=5,
              backend=fake, n_iter_no_change=200)
    a = MLPClassifier(**kw).fit(X, y)
    b = MLPClassifier(**kw).fit(X, y)
    np.testing.assert_array_equal(a.network_.get_params()[0][0], b.network_.get_params()[0][0])
    assert a.score(X, y) > 0.9
    clf = MLPClassifier((50,), dropout=0.3)
    masks = clf._device_dropout_masks(fake, Network(fake, (2, 4000, 2), ["relu"]), 50,
                                      fake.random.default_rng(0))
    kept = np.asarray(masks[0]) > 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(np.asarray(masks[0])[kept], 1 / 0.7, rtol=1e-6)


def test_label_errors_of_warm_start_and_partial_fit(moons_data):
    X, y = moons_data
    clf = MLPClassifier((8,), max_epochs=2, warm_start=True, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="y has labels unseen in the first fit"):
        clf.fit(X, y + 5)
    part = MLPClassifier((8,), random_state=0).partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match=r"classes=\[0, 1, 2\] differ from the first call's"):
        part.partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match=r"y has labels not in classes \[0, 1\]"):
        part.partial_fit(X, y + 3)
    with pytest.raises(TypeError, match="hidden_layer_sizes must be a tuple of ints"):
        MLPClassifier(hidden_layer_sizes=3.5).fit(X, y)
