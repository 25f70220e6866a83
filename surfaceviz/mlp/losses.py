"""Costs: each an object with its value and its gradient (Nielsen's style).

``value(xp, a, y)`` is the mean cost over the batch; ``gradient(xp, a, y)``
is d(cost)/d(a) for the output activations ``a``; ``output_error(xp, a, y,
activation)`` is d(cost)/d(z) at the output layer, which the training loop
asks for. Targets ``y`` are one-hot rows (softmax) or a 0/1 column (sigmoid).
"""

from __future__ import annotations

from .activations import Sigmoid, Softmax


def _clip(xp, a):
    """Keep probabilities off 0 and 1 (by the dtype's epsilon) before a log."""
    eps = float(xp.finfo(a.dtype).eps)
    return xp.clip(a, eps, 1.0 - eps)


class LogLoss:
    """Cross-entropy: ``-mean(sum(y log a))`` (and the binary form for a sigmoid)."""

    name = "log_loss"

    def total(self, xp, a, y):
        """The summed (not averaged) cost as a 0-d array of ``xp`` (no device sync)."""
        a = _clip(xp, a)
        if a.shape[1] == 1:
            return -xp.sum(y * xp.log(a) + (1.0 - y) * xp.log(1.0 - a))
        return -xp.sum(y * xp.log(a))

    def value(self, xp, a, y):
        return float(self.total(xp, a, y)) / a.shape[0]

    def gradient(self, xp, a, y):
        n = a.shape[0]
        a = _clip(xp, a)
        if a.shape[1] == 1:
            return (a - y) / (a * (1.0 - a)) / n
        return -(y / a) / n

    def output_error(self, xp, a, y, activation):
        # with its canonical output (softmax / sigmoid) the error is (a - y) / n
        if isinstance(activation, (Softmax, Sigmoid)):
            return (a - y) / a.shape[0]
        return activation.backward(xp, self.gradient(xp, a, y), a)


class MSE:
    """Mean squared error: ``mean(0.5 * sum((a - y)^2))``."""

    name = "mse"

    def total(self, xp, a, y):
        """The summed (not averaged) cost as a 0-d array of ``xp`` (no device sync)."""
        d = a - y
        return xp.sum(d * d) * 0.5

    def value(self, xp, a, y):
        return float(self.total(xp, a, y)) / a.shape[0]

    def gradient(self, xp, a, y):
        return (a - y) / a.shape[0]

    def output_error(self, xp, a, y, activation):
        return activation.backward(xp, self.gradient(xp, a, y), a)


LOSSES = {"log_loss": LogLoss, "mse": MSE}


def get_loss(name):
    """A loss object from its name."""
    if isinstance(name, (LogLoss, MSE)):
        return name
    if isinstance(name, str) and name in LOSSES:
        return LOSSES[name]()
    raise ValueError(f"loss must be one of {', '.join(map(repr, LOSSES))}; got {name!r}.")
