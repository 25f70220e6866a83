"""The training loop of :class:`~surfaceviz.mlp.MLPClassifier`, in three parts.

- :class:`EpochRunner` runs one epoch of mini-batches: it gathers each batch,
  runs the forward pass, sums the cost and the right predictions, asks for
  the output error and takes the optimiser's step (:meth:`EpochRunner.step`).
  It chooses once, when it is built, between the paths that give the same
  numbers faster where they can: a softmax with log loss on NumPy (cost,
  accuracy and output error from the true classes' indices, no one-hot
  targets), reused batch buffers where the namespace writes in place, the
  fused SGD weight update, and on-device sums (one read-back per epoch).
- :class:`BestWeights` keeps the best parameters seen and counts the epochs
  without improvement (early stopping and the plateau rule).
- :class:`Diverged` is raised by the runner when the cost stops being
  finite; the estimator rolls back and reports it in the user's terms.
- :class:`BlowUpGuard` catches the blow-ups that never make the cost
  infinite (the log loss is clipped): weights grown far beyond their size at
  the start of training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import device_step
from .activations import inplace
from .losses import LogLoss, get_loss
from .optimizers import SGD


class Diverged(Exception):
    """The cost of a batch or an epoch became NaN or infinite."""

    def __init__(self, where, cost):
        super().__init__(where, cost)
        self.where = where
        self.cost = cost


class BlowUpGuard:
    """Tells when training has blown up although the cost stayed finite.

    The log loss is clipped, so a run whose weights explode can go on with a
    finite cost at chance level. The sign checked after every epoch: a weight
    larger in magnitude than ``FACTOR`` times the largest weight at the start
    of training (and than ``FACTOR`` itself). Healthy runs grow their largest
    weight a few times over (the moons MLP at learning rate 1: 3.4 -> 14);
    Adam at learning rate 1e6, SGD at 1e6, sigmoid units at 50 and the MSE
    loss at 1e3 pass it within a few epochs.
    """

    FACTOR = 100.0

    def __init__(self, net):
        self.start = _largest_weight(net)
        self.limit = self.FACTOR * max(self.start, 1.0)

    def check(self, net):
        """None when all is well, else the reason, as words to follow the cost."""
        largest = _largest_weight(net)
        if largest > self.limit or not math.isfinite(largest):
            return (f" while the weights grew to {largest:.3g}, more than {self.FACTOR:g} "
                    f"times their size at the start of training ({self.start:.3g})")
        return None


def _largest_weight(net):
    xp = net.xp
    return max(float(xp.max(xp.abs(w))) for w in net.weights)


@dataclass
class BestWeights:
    """The best epoch so far, and how many epochs have not improved on it.

    With ``by_validation`` the score is the validation accuracy (higher is
    better, and the parameters are kept to be restored); otherwise the cost
    (lower is better; nothing is kept).
    """

    tol: float
    patience: int
    by_validation: bool
    cost: float = math.inf
    score: float = -math.inf
    params: tuple | None = None
    no_change: int = 0

    def update(self, record, net):
        """Take in an epoch's ``record``; return True when patience ran out."""
        if self.by_validation:
            improved = record["val_accuracy"] > self.score + self.tol
            if improved:
                self.cost, self.score = record["cost"], record["val_accuracy"]
                self.params = net.get_params()
        else:
            improved = record["cost"] < self.cost - self.tol
            if improved:
                self.cost, self.params = record["cost"], None
        self.no_change = 0 if improved else self.no_change + 1
        return self.no_change >= self.patience


class EpochRunner:
    """One epoch of mini-batch training of ``est.network_`` on ``X``, ``y``.

    Parameters
    ----------
    est : MLPClassifier
        Its network, optimiser, loss, batch size, dropout and ``alpha`` are used;
        ``est.t_`` counts the steps taken.
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Labels among ``est.classes_``.
    rng : numpy Generator
        Shuffling and dropout masks (and the seed of on-device masks).
    """

    def __init__(self, est, X, y, rng):
        self.est = est
        self.rng = rng
        net = self.net = est.network_
        xp = self.xp = net.xp
        self.n = n = X.shape[0]
        self.X = xp.asarray(np.ascontiguousarray(X, dtype=net.dtype))
        self.Y, self.y_idx = est._targets(xp, y, net.dtype)
        self.loss = get_loss(est.loss)
        self.batch = int(min(est.batch_size, n))
        self.grads = [xp.empty_like(p) for p in net.params]
        self.l2_coef = est.alpha / n
        self.dropout = est.dropout
        self.reuse_buffers = inplace(xp)
        self.buffers = {}
        self.canonical = isinstance(self.loss, LogLoss)
        # NumPy, log loss, softmax: cost, accuracy and output error from the
        # true classes' indices, without one-hot targets
        self.softmax_fast = self.canonical and xp is np and net.sizes[-1] > 1
        self.on_device = xp is not np
        self.y_dev = xp.asarray(self.y_idx) if self.on_device else None
        # CuPy draws dropout masks on the device (seeded from rng: reproducible)
        self.dev_rng = None
        if self.on_device and self.dropout > 0 and hasattr(getattr(xp, "random", None),
                                                           "default_rng"):
            self.dev_rng = xp.random.default_rng(int(rng.integers(2**31 - 1)))
        self.arange = np.arange(self.batch)
        self.tiny = float(np.finfo(net.dtype).eps)  # as LogLoss clips
        opt = self.opt = est.optimizer_
        self.gemm = opt.fused_gemm(xp, net.dtype) if isinstance(opt, SGD) else None
        self.lr = 0.0
        self.dev_cost, self.dev_correct = 0.0, 0  # on-device sums of an epoch
        # on a device: full batches through the fused, graph-replayed step
        self.static = None
        if (self.on_device and est._device_path != "generic"
                and device_step.supports(est, self.loss)):
            self.static = device_step.StaticStep(self)

    @property
    def path(self):
        """How batches are trained: ``"numpy"``, ``"generic"`` or the static step's path."""
        if not self.on_device:
            return "numpy"
        return "generic" if self.static is None else self.static.path

    # ------------------------------------------------------------------ epoch
    def run(self, epoch, lr, *, shuffle):
        """Train one epoch at learning rate ``lr``; return ``(total cost, right)``.

        ``total`` is the sum over samples of the cost (without the L2 term);
        ``right`` the number of right predictions made during the epoch.

        Raises
        ------
        Diverged
            When a batch's (or on a device, the epoch's) cost is not finite.
        """
        self.lr = lr
        self.dev_cost, self.dev_correct = 0.0, 0
        n, B = self.n, self.batch
        order = self.rng.permutation(n) if shuffle else np.arange(n)
        order_d = self.xp.asarray(order)
        if self.static is not None:
            return self._run_static(epoch, order, order_d)
        total, correct = 0.0, 0
        for s in range(0, n, B):
            idx = order_d[s:min(s + B, n)]
            cost, right = self.step(idx, order[s:s + int(idx.shape[0])])
            if not math.isfinite(cost):
                raise Diverged(f"epoch {epoch + 1} (batch {s // B + 1})", cost)
            total += cost * int(idx.shape[0])
            correct += right
        if self.on_device:
            total, correct = float(self.dev_cost), int(round(float(self.dev_correct)))
            if not math.isfinite(total):
                raise Diverged(f"epoch {epoch + 1}", total)
        return total, correct

    def _run_static(self, epoch, order, order_d):
        """The epoch on a device: full batches by the static step, the rest generically."""
        if not self.static.valid():  # parameters replaced since (a reload)
            self.static = device_step.StaticStep(self)
        n = self.n
        full = n - n % self.batch
        cost, right = self.static.run(order_d, full, self.lr)
        if full < n:
            self.step(order_d[full:], order[full:])
        # the epoch's read-back: the static sums, and the tail's where it ran
        total = float(cost) + float(self.dev_cost)
        correct = int(round(float(right))) + int(self.dev_correct)
        if not math.isfinite(total):
            raise Diverged(f"epoch {epoch + 1}", total)
        return total, correct

    # ------------------------------------------------------------------ batch
    def step(self, idx, rows):
        """One mini-batch: forward, cost, output error, backward, update.

        Parameters
        ----------
        idx : array of ``xp``
            The batch's sample indices (on the device).
        rows : ndarray
            The same indices on the host.

        Returns
        -------
        (mean cost, right predictions) of the batch (0, 0 on a device, where
        the sums stay on the device until the epoch ends).
        """
        m = int(idx.shape[0])
        Xb, Yb = self._gather(idx, m)
        masks = self._dropout_masks(m)
        acts = self.net.forward(Xb, dropout=self.dropout, masks=masks)
        out = acts[-1]
        cost, right = self._score(out, Yb, idx, rows, m)
        if math.isfinite(cost):
            self._update(acts, self._output_error(out, Yb, rows, m), masks)
        return cost, right

    def _gather(self, idx, m):
        xp = self.xp
        if not self.reuse_buffers:
            return xp.take(self.X, idx, axis=0), xp.take(self.Y, idx, axis=0)
        if m not in self.buffers:
            self.buffers[m] = (xp.empty((m, self.X.shape[1]), dtype=self.net.xdtype),
                               xp.empty((m, self.Y.shape[1]), dtype=self.net.xdtype))
        xbuf, ybuf = self.buffers[m]
        Xb = xp.take(self.X, idx, axis=0, out=xbuf)
        Yb = None if self.softmax_fast else xp.take(self.Y, idx, axis=0, out=ybuf)
        return Xb, Yb

    def _dropout_masks(self, m):
        if self.dropout <= 0:
            return None
        if self.dev_rng is not None:
            return self.est._device_dropout_masks(self.xp, self.net, m, self.dev_rng)
        return self.est._dropout_masks(self.xp, self.net, m, self.rng)

    def _score(self, out, Yb, idx, rows, m):
        """The batch's mean cost and right predictions (see :meth:`step`)."""
        xp = self.xp
        if self.on_device:
            # sums stay on the device: one read-back per epoch, not per batch
            self.dev_cost = self.dev_cost + self.loss.total(xp, out, Yb)
            self.dev_correct = self.dev_correct + self.est._device_correct(
                xp, out, xp.take(self.y_dev, idx, axis=0))
            return 0.0, 0
        if self.softmax_fast:
            # log loss of a softmax: only the true class's probability counts
            yb = self.y_idx[rows]
            p_true = out[self.arange[:m], yb]
            cost = -float(np.log(np.maximum(p_true, self.tiny)).sum()) / m
            return cost, int(np.count_nonzero(out.argmax(axis=1) == yb))
        return (self.loss.value(xp, out, Yb),
                self.est._batch_correct(xp, out, self.y_idx, rows))

    def _output_error(self, out, Yb, rows, m):
        """dCost/d(pre-activation) of the output layer, written over ``out`` where it can."""
        if self.softmax_fast:
            out[self.arange[:m], self.y_idx[rows]] -= 1.0  # (p - y) / m, y one-hot
            out /= m
            return out
        if self.canonical and self.reuse_buffers:
            out -= Yb
            out /= m
            return out
        return self.loss.output_error(self.xp, out, Yb, self.net.output)

    def _update(self, acts, delta, masks):
        """Back-propagate ``delta`` and take the optimiser's step."""
        net, xp, opt = self.net, self.xp, self.opt
        if self.gemm is not None:
            net.backward(acts, delta, self.grads, masks=masks,
                         weight_gradient=self._fused_weight_gradient)
            opt.fused_step(xp, net.params, self.grads, self.lr, len(net.weights))
        else:
            net.backward(acts, delta, self.grads, masks=masks)
            if self.l2_coef:
                for g, W in zip(self.grads, net.weights):
                    g += W * self.l2_coef
            opt.step(xp, net.params, self.grads, self.lr)
        self.est.t_ += 1

    def _fused_weight_gradient(self, i, h_in, delta):
        self.opt.fused_weight_gradient(self.gemm, i, h_in, delta, self.lr, self.l2_coef,
                                       self.net.weights[i])
