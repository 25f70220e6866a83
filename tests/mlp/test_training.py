"""The parts of the training loop: best-weights keeper and the epoch runner."""

import numpy as np
import pytest
from sklearn.datasets import make_moons

from surfaceviz.mlp import MLPClassifier
from surfaceviz.mlp.training import BestWeights, Diverged, EpochRunner


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
