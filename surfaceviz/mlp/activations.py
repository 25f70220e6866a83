"""Activation functions, each with its forward step and, beside it, its backward step.

Every activation computes its derivative from its *output* ``a`` (never from
the pre-activation ``z``), so the network stores one array per layer.
Functions are written against an array namespace ``xp``; ``inplace`` says
whether ``xp`` accepts ``out=`` (NumPy, CuPy), which the hot loop uses to
avoid allocations.
"""

from __future__ import annotations

import numpy as np


def inplace(xp):
    """Whether ``xp``'s ufuncs take ``out=`` (NumPy and CuPy do)."""
    return xp is np or getattr(xp, "__name__", "") == "cupy"


class Activation:
    """Base class: ``forward(xp, z) -> a`` and ``backward(xp, grad, a) -> grad * f'(z)``.

    Both may overwrite their first array argument and return it.
    """

    name = "activation"

    def forward(self, xp, z):
        raise NotImplementedError

    def backward(self, xp, grad, a):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class Identity(Activation):
    name = "identity"

    def forward(self, xp, z):
        return z

    def backward(self, xp, grad, a):
        return grad


class Sigmoid(Activation):
    name = "sigmoid"

    def forward(self, xp, z):
        # 1 / (1 + exp(-z)), stable for large |z|
        if inplace(xp):
            xp.negative(z, out=z)
            xp.exp(z, out=z)
            z += 1.0
            xp.reciprocal(z, out=z)
            return z
        return 1.0 / (1.0 + xp.exp(-z))

    def backward(self, xp, grad, a):
        # f'(z) = a (1 - a)
        grad *= a
        grad *= 1.0 - a
        return grad


class Tanh(Activation):
    name = "tanh"

    def forward(self, xp, z):
        if inplace(xp):
            return xp.tanh(z, out=z)
        return xp.tanh(z)

    def backward(self, xp, grad, a):
        # f'(z) = 1 - a^2
        grad *= 1.0 - a * a
        return grad


class ReLU(Activation):
    name = "relu"

    def forward(self, xp, z):
        if inplace(xp):
            return xp.maximum(z, 0, out=z)
        return xp.where(z > 0, z, xp.zeros_like(z))

    def backward(self, xp, grad, a):
        # f'(z) = 1 where z > 0 (equivalently a > 0), else 0
        if inplace(xp):
            xp.multiply(grad, a > 0, out=grad)
            return grad
        return xp.where(a > 0, grad, xp.zeros_like(grad))


class LeakyReLU(Activation):
    name = "leaky_relu"

    def __init__(self, alpha=0.01):
        self.alpha = float(alpha)

    def forward(self, xp, z):
        return xp.where(z > 0, z, z * self.alpha)

    def backward(self, xp, grad, a):
        # f'(z) = 1 where z > 0 (a > 0 since alpha > 0), else alpha
        return xp.where(a > 0, grad, grad * self.alpha)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Softmax(Activation):
    """Softmax over the last axis (output layer)."""

    name = "softmax"

    def forward(self, xp, z):
        if inplace(xp):
            z -= z.max(axis=1, keepdims=True)
            xp.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            return z
        e = xp.exp(z - xp.max(z, axis=1, keepdims=True))
        return e / xp.sum(e, axis=1, keepdims=True)

    def backward(self, xp, grad, a):
        # Jacobian-vector product: a * (g - sum(g * a))
        return a * (grad - xp.sum(grad * a, axis=1, keepdims=True))


ACTIVATIONS = {
    "identity": Identity,
    "sigmoid": Sigmoid,
    "logistic": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")


def get_activation(spec):
    """An :class:`Activation` from a name or an instance."""
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, str) and spec in ACTIVATIONS:
        return ACTIVATIONS[spec]()
    raise ValueError(
        f"activation must be one of {', '.join(map(repr, HIDDEN_ACTIVATIONS))} (or a list of "
        f"them, one per hidden layer); got {spec!r}."
    )
