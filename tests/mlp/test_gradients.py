"""Back-propagation against central finite differences (float64)."""

import numpy as np
import pytest

from surfaceviz.mlp.activations import ACTIVATIONS, Softmax, get_activation
from surfaceviz.mlp.losses import LogLoss, MSE
from surfaceviz.mlp.network import Network

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]


def _cost(net, X, Y, loss, alpha):
    out = net.forward(X, keep=True)[-1]
    n = X.shape[0]
    return loss.value(np, out.copy(), Y) + 0.5 * alpha / n * net.l2()


def _analytic(net, X, Y, loss, alpha):
    acts = net.forward(X, keep=True)
    delta = loss.output_error(np, acts[-1].copy(), Y, net.output)
    grads = [np.empty_like(p) for p in net.params]
    net.backward(acts, delta, grads)
    n = X.shape[0]
    for g, W in zip(grads, net.weights):
        g += alpha / n * W
    return grads


def _numeric(net, X, Y, loss, alpha, eps=1e-6):
    grads = []
    for p in net.params:
        g = np.empty_like(p)
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            up = _cost(net, X, Y, loss, alpha)
            flat[i] = old - eps
            down = _cost(net, X, Y, loss, alpha)
            flat[i] = old
            gflat[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def _relative_error(a, b):
    a = np.concatenate([x.ravel() for x in a])
    b = np.concatenate([x.ravel() for x in b])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("loss", [LogLoss(), MSE()], ids=["log_loss", "mse"])
@pytest.mark.parametrize("n_out", [1, 3], ids=["sigmoid-out", "softmax-out"])
@pytest.mark.parametrize("alpha", [0.0, 0.7], ids=["no-l2", "l2"])
def test_three_layer_network_gradients(activation, loss, n_out, alpha):
    rng = np.random.default_rng(42)
    net = Network(np, (4, 6, 5, n_out), [activation, activation], dtype=np.float64)
    net.init_params(rng, "glorot")
    net.biases = [rng.normal(0, 0.3, size=b.shape) for b in net.biases]
    X = rng.normal(size=(7, 4))
    if n_out == 1:
        Y = rng.integers(0, 2, size=(7, 1)).astype(float)
    else:
        Y = np.eye(n_out)[rng.integers(0, n_out, size=7)]
    analytic = _analytic(net, X, Y, loss, alpha)
    numeric = _numeric(net, X, Y, loss, alpha)
    assert _relative_error(analytic, numeric) < 1e-6


def _central_differences(f, x, eps):
    """d f / d x, entry by entry, by central differences (f: array -> scalar)."""
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        out[idx] = (f(up) - f(down)) / (2 * eps)
    return out


@pytest.mark.parametrize("name", sorted(set(ACTIVATIONS) - {"logistic"}) + ["softmax"])
def test_activation_backward_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    act = Softmax() if name == "softmax" else get_activation(name)
    z = rng.normal(size=(5, 4))
    z[np.abs(z) < 1e-3] += 0.01  # keep away from ReLU's kink
    g = rng.normal(size=(5, 4))
    a = act.forward(np, z.copy())
    analytic = act.backward(np, g.copy(), a)
    numeric = _central_differences(lambda v: np.sum(g * act.forward(np, v)), z, 1e-6)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("loss", [LogLoss(), MSE()], ids=["log_loss", "mse"])
def test_loss_gradient_matches_finite_differences(loss):
    rng = np.random.default_rng(3)
    a = rng.uniform(0.05, 0.95, size=(4, 3))
    y = np.eye(3)[[0, 2, 1, 1]]
    analytic = loss.gradient(np, a, y)
    numeric = _central_differences(lambda v: loss.value(np, v, y), a, 1e-7)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


def test_unknown_activation_and_loss():
    from surfaceviz.mlp.losses import get_loss

    with pytest.raises(ValueError, match="activation must be one of 'sigmoid'"):
        get_activation("swish")
    with pytest.raises(ValueError, match="loss must be one of 'log_loss', 'mse'; got 'hinge'"):
        get_loss("hinge")
