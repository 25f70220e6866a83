"""Optimisers and learning-rate schedules.

An optimiser keeps its state per parameter and updates the parameters in
place from their gradients: ``step(params, grads, lr)``. It may overwrite
the gradient arrays (they are scratch buffers of the training loop).
"""

from __future__ import annotations

import numpy as np

from .activations import inplace


class SGD:
    """Mini-batch SGD with momentum (classical or Nesterov).

    ``v <- momentum * v - lr * g``; then ``p <- p + v`` (classical) or
    ``p <- p + momentum * v - lr * g`` (Nesterov, in the form of Sutskever
    et al. that needs no look-ahead evaluation).
    """

    def __init__(self, momentum=0.9, nesterov=False):
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.velocity = None

    def init(self, xp, params):
        self.velocity = [xp.zeros_like(p) for p in params]

    def step(self, xp, params, grads, lr):
        mu = self.momentum
        for i, (p, g) in enumerate(zip(params, grads)):
            if mu == 0.0:
                g *= lr
                p -= g
                continue
            v = self.velocity[i]
            g *= lr
            v *= mu
            v -= g
            if self.nesterov:
                # p += mu * v - lr * g
                p -= g
                if inplace(xp):
                    p += mu * v
                else:
                    p += v * mu
            else:
                p += v

    def state(self):
        return {"velocity": self.velocity}

    # ---- fused path (NumPy, classical momentum): the weight-gradient product
    # and the velocity update are one BLAS call, v <- mu v - lr (h^T delta + c W)
    def fused_gemm(self, xp, dtype):
        """The GEMM of the fused path, or None where it does not apply."""
        if xp is not np or self.nesterov or self.momentum <= 0:
            return None
        from ._blas import numpy_gemm

        return numpy_gemm(dtype)

    def fused_weight_gradient(self, gemm, i, h_in, delta, lr, l2_coef, W):
        """Fold layer ``i``'s weight gradient into its velocity (before the step)."""
        v = self.velocity[i]
        beta = self.momentum
        if l2_coef:
            v *= beta
            v -= W * (lr * l2_coef)
            beta = 1.0
        gemm(-lr, np.ascontiguousarray(h_in), np.ascontiguousarray(delta), beta, v)

    def fused_step(self, xp, params, grads, lr, n_weights):
        """Apply the velocities of fused weights; update the biases as usual."""
        for p, v in zip(params[:n_weights], self.velocity[:n_weights]):
            p += v
        mu = self.momentum
        for p, g, v in zip(params[n_weights:], grads[n_weights:], self.velocity[n_weights:]):
            g *= lr
            v *= mu
            v -= g
            p += v


class Adam:
    """Adam (Kingma and Ba) with bias correction."""

    def __init__(self, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.m = self.v = None
        self.t = 0

    def init(self, xp, params):
        self.m = [xp.zeros_like(p) for p in params]
        self.v = [xp.zeros_like(p) for p in params]
        self.t = 0

    def step(self, xp, params, grads, lr):
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        step = lr * (1 - b2**self.t) ** 0.5 / (1 - b1**self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            g *= g
            g *= 1 - b2
            v += g
            p -= step * m / (xp.sqrt(v) + self.epsilon)

    def state(self):
        return {"m": self.m, "v": self.v, "t": self.t}


SCHEDULES = ("constant", "invscaling", "step")


def scheduled_lr(lr0, schedule, epoch, *, decay=0.0, step_size=10, gamma=0.5):
    """Learning rate of ``epoch`` (0-based).

    - ``"constant"``: ``lr0``;
    - ``"invscaling"``: inverse-time decay ``lr0 / (1 + decay * epoch)``;
    - ``"step"``: ``lr0 * gamma ** (epoch // step_size)``.
    """
    if schedule == "constant":
        return lr0
    if schedule == "invscaling":
        return lr0 / (1.0 + decay * epoch)
    if schedule == "step":
        return lr0 * gamma ** (epoch // step_size)
    raise ValueError(f"learning_rate must be one of {', '.join(map(repr, SCHEDULES))}; got {schedule!r}.")
