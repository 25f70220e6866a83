"""The parts of the training loop: best-weights keeper and the epoch runner."""

import numpy as np
import pytest
from sklearn.datasets import make_moons

from surfaceviz.mlp import MLPClassifier
from surfaceviz.mlp.training import BestWeights, BlowUpGuard, Diverged, EpochRunner


class _Net:
    def __init__(self):
        self.calls = 0

    def get_params(self):
        self.calls += 1
        return (f"params {self.calls}",)


def test_best_weights_by_validation_keeps_the_best_params():
    net = _Net()
    best = BestWeights(tol=0.01, patience=2, by_validation=True)
    assert not best.update({"cost": 1.0, "val_accuracy": 0.5}, net)
    assert best.params == ("params 1",) and best.no_change == 0
    assert not best.update({"cost": 0.9, "val_accuracy": 0.505}, net)  # within tol
    assert best.params == ("params 1",) and best.no_change == 1
    assert best.update({"cost": 0.8, "val_accuracy": 0.4}, net)  # patience ran out
    assert best.score == 0.5 and best.cost == 1.0


def test_best_weights_by_cost_keeps_nothing():
    net = _Net()
    best = BestWeights(tol=0.1, patience=1, by_validation=False)
    assert not best.update({"cost": 1.0, "val_accuracy": None}, net)
    assert best.params is None and net.calls == 0
    assert best.update({"cost": 0.95, "val_accuracy": None}, net)


def test_epoch_runner_is_the_epoch_of_partial_fit():
    import copy

    X, y = make_moons(300, noise=0.2, random_state=0)
    clf = MLPClassifier((16,), max_epochs=2, random_state=0, dropout=0.1).fit(X, y)
    twin = copy.deepcopy(clf)
    clf.partial_fit(X, y)
    total, correct = EpochRunner(twin, X, y, twin._train_rng).run(twin.n_iter_, 0.05,
                                                                   shuffle=True)
    for a, b in zip(clf.network_.weights, twin.network_.weights):
        np.testing.assert_array_equal(a, b)
    assert clf.history_[-1]["train_accuracy"] == correct / len(X)
    assert clf.history_[-1]["cost"] == pytest.approx(total / len(X))
    assert twin.t_ == clf.t_


def test_epoch_runner_reports_divergence():
    X, y = make_moons(100, noise=0.2, random_state=0)
    clf = MLPClassifier((8,), max_epochs=1, random_state=0).fit(X, y)
    runner = EpochRunner(clf, X, y, np.random.default_rng(0))
    with np.errstate(all="ignore"), pytest.raises(Diverged) as info:
        for epoch in range(200):
            runner.run(epoch, 1e5, shuffle=True)
    assert info.value.where.startswith("epoch ") and "(batch 1)" in info.value.where
    assert not np.isfinite(info.value.cost)


# ---------------------------------------------------------- blow-ups (issue 11)
from surfaceviz.mlp import TrainingDivergedError  # noqa: E402


@pytest.fixture(scope="module")
def moons500():
    return make_moons(500, noise=0.2, random_state=0)


@pytest.mark.parametrize("params", [
    dict(solver="adam", learning_rate_init=1e6),
    dict(learning_rate_init=1e6),
    dict(activation="sigmoid", learning_rate_init=50),
    dict(loss="mse", learning_rate_init=1e3),
])
def test_blow_ups_that_keep_a_finite_cost_are_caught(moons500, params):
    X, y = moons500
    clf = MLPClassifier((32, 32), max_epochs=60, random_state=0, n_iter_no_change=1000,
                        **params)
    with np.errstate(all="ignore"), pytest.raises(TrainingDivergedError,
                                                  match=r"diverged in epoch \d+"):
        clf.fit(X, y)
    # rolled back to the start of that epoch: finite
    assert all(np.isfinite(w).all() for w in clf.network_.weights)


@pytest.mark.parametrize("params", [
    dict(), dict(solver="adam"), dict(learning_rate_init=1.0),
    dict(solver="adam", learning_rate_init=0.1), dict(activation="tanh", learning_rate_init=0.5),
    dict(hidden_layer_sizes=(64, 64), solver="adam", max_epochs=150),  # the README's recipe
])
def test_healthy_recipes_never_trip_the_guard(moons500, params):
    X, y = moons500
    params = {"hidden_layer_sizes": (32, 32), "max_epochs": 60, **params}
    clf = MLPClassifier(random_state=0, **params).fit(X, y)
    assert clf.score(X, y) > 0.85


def test_guard_limit_follows_the_starting_weights():
    class Net:
        xp = np

        def __init__(self, w):
            self.weights = [np.array(w)]

    guard = BlowUpGuard(Net([0.5, -2.0]))
    assert guard.start == 2.0 and guard.limit == 200.0
    assert guard.check(Net([199.0])) is None
    assert "grew to 201" in guard.check(Net([-201.0]))
    assert "grew to inf" in guard.check(Net([np.inf]))


@pytest.mark.parametrize("params, error, match", [
    (dict(dropout=0.999999), ValueError, "dropout must leave units to keep"),
    (dict(learning_rate="step", step_size=0), ValueError, "step_size must be an integer >= 1"),
    (dict(gamma=-1), ValueError, "gamma must be a positive number; got -1"),
    (dict(batch_size=True), TypeError, "batch_size must be an integer; got bool True"),
    (dict(n_iter_no_change=0), ValueError, "n_iter_no_change must be an integer >= 1"),
    (dict(tol=float("nan")), ValueError, "tol must be >= 0; got nan"),
    (dict(dropout="0.5"), TypeError, "dropout must be a number; got str '0.5'"),
    (dict(alpha=float("nan")), ValueError, "alpha must be >= 0; got nan"),
    (dict(beta_2=1.0), ValueError, r"beta_2 must be in \[0, 1\)"),
    (dict(epsilon=0.0), ValueError, "epsilon must be a positive number"),
    (dict(shuffle="yes"), TypeError, "shuffle must be True or False"),
    (dict(hidden_layer_sizes=(10**9,)), ValueError,
     r"hidden_layer_sizes=\(1000000000,\) needs about [\d.]+ GiB to train"),
])
def test_every_hyperparameter_is_checked(moons500, params, error, match):
    X, y = moons500
    with pytest.raises(error, match=match):
        MLPClassifier(max_epochs=1, **params).fit(X, y)


def test_validation_data_is_checked_up_front(moons500):
    X, y = moons500
    clf = MLPClassifier((4,), max_epochs=3)
    with pytest.raises(ValueError, match=r"y_val must be 1-D with one label per row of X_val "
                                         r"\(10\); got shape \(5,\)"):
        clf.fit(X, y, validation_data=(X[:10], y[:5]))
    assert not hasattr(clf, "network_")
    with pytest.raises(TypeError, match="validation_data must be a pair"):
        clf.fit(X, y, validation_data=X)


def test_the_readme_mnist_recipe_never_trips_the_guard():
    """The README's MNIST recipe (its exact hyperparameters) on a 6,000-image subset."""
    import pathlib

    from surfaceviz.datasets import load_digits_split, load_mnist

    folder = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mnist"
    try:
        X, y = load_mnist(folder, split="train")
        X, y = X[:6000], y[:6000]
    except (FileNotFoundError, OSError):
        X, _, y, _ = load_digits_split(random_state=0)  # offline stand-in
    clf = MLPClassifier((512,), activation="relu", solver="sgd", momentum=0.9,
                        learning_rate_init=0.1, learning_rate="step", step_size=8, gamma=0.3,
                        dropout=0.2, batch_size=128, max_epochs=20, random_state=0)
    clf.fit(X, y)
    assert clf.n_iter_ >= 10 and clf.score(X, y) > 0.9


def test_the_gallery_moons_mlp_trains_to_the_end():
    """Issue 10 (B7): without early_stopping, max_epochs epochs run (no plateau rule)."""
    from sklearn.linear_model import LogisticRegression

    from surfaceviz.datasets import load_moons

    X, y = load_moons(400, noise=0.2, random_state=0)
    mlp = MLPClassifier((32, 32), activation="tanh", learning_rate_init=0.05, max_epochs=150,
                        random_state=0).fit(X, y)
    assert mlp.n_iter_ == 150
    linear = LogisticRegression().fit(X, y).score(X, y)
    assert mlp.score(X, y) >= 0.95 > linear  # a curved boundary, not a line


def test_plateau_rule_when_asked_for(moons500):
    X, y = moons500
    clf = MLPClassifier((8,), max_epochs=300, n_iter_no_change=3, tol=0.5,
                        random_state=0).fit(X, y)
    assert clf.n_iter_ < 300
