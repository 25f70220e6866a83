"""Optimiser steps, schedules, initialisation and dropout against hand formulas."""

import numpy as np
import pytest

from surfaceviz.mlp.network import Network
from surfaceviz.mlp.optimizers import SGD, Adam, scheduled_lr


def test_sgd_classical_momentum_two_steps():
    p = np.array([1.0, -2.0])
    g1, g2 = np.array([0.5, 0.1]), np.array([-0.2, 0.3])
    opt = SGD(momentum=0.9)
    opt.init(np, [p])
    opt.step(np, [p], [g1.copy()], 0.1)
    v1 = -0.1 * g1
    np.testing.assert_allclose(p, [1.0, -2.0] + v1)
    opt.step(np, [p], [g2.copy()], 0.1)
    v2 = 0.9 * v1 - 0.1 * g2
    np.testing.assert_allclose(p, [1.0, -2.0] + v1 + v2)


def test_sgd_nesterov_step():
    p = np.array([1.0])
    opt = SGD(momentum=0.5, nesterov=True)
    opt.init(np, [p])
    opt.step(np, [p], [np.array([2.0])], 0.1)
    v = -0.2
    np.testing.assert_allclose(p, 1.0 + 0.5 * v - 0.1 * 2.0)


def test_sgd_without_momentum():
    p = np.array([1.0])
    opt = SGD(momentum=0.0)
    opt.init(np, [p])
    opt.step(np, [p], [np.array([3.0])], 0.1)
    np.testing.assert_allclose(p, 0.7)


def test_adam_two_steps():
    p = np.array([0.5])
    grads = [np.array([0.2]), np.array([-0.4])]
    opt = Adam(0.9, 0.999, 1e-8)
    opt.init(np, [p])
    m = v = 0.0
    expected = 0.5
    for t, g in enumerate(grads, start=1):
        opt.step(np, [p], [g.copy()], 0.01)
        m = 0.9 * m + 0.1 * g[0]
        v = 0.999 * v + 0.001 * g[0] ** 2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        expected -= 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8 * np.sqrt(1 - 0.999**t))
        np.testing.assert_allclose(p, expected, rtol=1e-6)


def test_schedules():
    assert scheduled_lr(0.1, "constant", 7) == 0.1
    assert scheduled_lr(0.1, "invscaling", 4, decay=0.5) == pytest.approx(0.1 / 3)
    assert scheduled_lr(0.1, "step", 17, step_size=8, gamma=0.5) == pytest.approx(0.025)
    with pytest.raises(ValueError, match="learning_rate must be one of"):
        scheduled_lr(0.1, "cosine", 0)


@pytest.mark.parametrize("scheme, check", [
    ("uniform", lambda w, n_in, n_out: np.abs(w).max() <= 0.5 / np.sqrt(n_in)),
    ("glorot", lambda w, n_in, n_out: np.abs(w).max() <= np.sqrt(6 / (n_in + n_out))),
    ("he", lambda w, n_in, n_out: abs(w.std() - np.sqrt(2 / n_in)) < 0.1 * np.sqrt(2 / n_in)),
])
def test_initialisation(scheme, check):
    net = Network(np, (400, 300, 10), ["relu"], dtype=np.float64)
    net.init_params(np.random.default_rng(0), scheme)
    for w, n_in, n_out in zip(net.weights, (400, 300), (300, 10)):
        assert w.shape == (n_in, n_out) and check(w, n_in, n_out)
    assert all((b == 0).all() for b in net.biases)


def test_dropout_masks_keep_rate_and_scale():
    from surfaceviz.mlp import MLPClassifier

    clf = MLPClassifier((50,), dropout=0.3)
    net = Network(np, (4, 50, 3), ["relu"], dtype=np.float32)
    (mask,) = clf._dropout_masks(np, net, 2000, np.random.default_rng(0))
    kept = mask > 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(mask[kept], 1 / 0.7, rtol=1e-3)
    assert abs(mask.mean() - 1.0) < 0.02  # inverted dropout keeps the expectation
