"""The network: layers, forward propagation and error back-propagation.

Written against an array namespace ``xp`` (NumPy, CuPy, array-api-strict):
the same code trains on a CPU or a GPU. Each layer's backward step sits
beside its forward step; buffers are preallocated per batch size so that the
hot loop allocates almost nothing on NumPy and CuPy.
"""

from __future__ import annotations

import numpy as np

from .activations import Sigmoid, Softmax, get_activation, inplace

INITS = ("auto", "uniform", "he", "glorot")


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    xp : array namespace
    sizes : sequence of int
        Units per layer, input first, output last: ``(784, 512, 10)``.
    activations : sequence of Activation
        One per hidden layer.
    dtype : numpy dtype
        Floating type of parameters and activations.

    Attributes
    ----------
    weights : list of arrays of shape (n_in, n_out)
    biases : list of arrays of shape (n_out,)
    output : Activation
        Softmax for several outputs, sigmoid for one.
    """

    def __init__(self, xp, sizes, activations, dtype=np.float32):
        self.xp = xp
        self.sizes = tuple(int(s) for s in sizes)
        self.activations = [get_activation(a) for a in activations]
        if len(self.activations) != len(self.sizes) - 2:
            raise ValueError("one activation per hidden layer is needed.")
        self.output = Softmax() if self.sizes[-1] > 1 else Sigmoid()
        self.dtype = np.dtype(dtype)
        self.xdtype = getattr(xp, self.dtype.name)
        self.weights = []
        self.biases = []
        self._buffers = {}
        self._dropped = {}

    # ------------------------------------------------------------- pickling
    def __getstate__(self):
        weights, biases = self.get_params()
        return {"xp": self.xp.__name__, "sizes": self.sizes, "activations": self.activations,
                "dtype": self.dtype.name, "weights": weights, "biases": biases}

    def __setstate__(self, state):
        import importlib

        try:
            xp = importlib.import_module(state["xp"])
        except ImportError:  # e.g. pickled on a GPU machine, loaded without CuPy
            xp = np
        self.__init__(xp, state["sizes"], state["activations"], dtype=state["dtype"])
        self.set_params(state["weights"], state["biases"])

    # --------------------------------------------------------------- params
    def init_params(self, rng, scheme="auto"):
        """Draw weights (biases start at 0) from a NumPy ``Generator``.

        - ``"uniform"``: U(-r, r) with r = 0.5 / sqrt(n_in) (the classic rule);
        - ``"he"``: N(0, 2 / n_in) (ReLU family);
        - ``"glorot"``: U(-r, r) with r = sqrt(6 / (n_in + n_out));
        - ``"auto"``: He for ReLU and leaky ReLU layers, Glorot otherwise.
        """
        weights = []
        for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            act = self.activations[i].name if i < len(self.activations) else "output"
            kind = scheme
            if scheme == "auto":
                kind = "he" if act in ("relu", "leaky_relu") else "glorot"
            if kind == "uniform":
                r = 0.5 / np.sqrt(n_in)
                w = rng.uniform(-r, r, size=(n_in, n_out))
            elif kind == "he":
                w = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
            elif kind == "glorot":
                r = np.sqrt(6.0 / (n_in + n_out))
                w = rng.uniform(-r, r, size=(n_in, n_out))
            else:
                raise ValueError(f"init must be one of {', '.join(map(repr, INITS))}; got {scheme!r}.")
            weights.append(w)
        self.set_params(weights, [np.zeros(w.shape[1]) for w in weights])

    def set_params(self, weights, biases):
        """Set parameters from arrays of any namespace (copied, cast to dtype)."""
        from ..evaluation.backend import to_numpy

        self.weights = [self._asarray(to_numpy(w)) for w in weights]
        self.biases = [self._asarray(to_numpy(b)) for b in biases]
        self._buffers = {}

    def get_params(self):
        """Host (NumPy) copies of the weights and biases."""
        from ..evaluation.backend import to_numpy

        return ([np.array(to_numpy(w)) for w in self.weights],
                [np.array(to_numpy(b)) for b in self.biases])

    def _asarray(self, arr):
        return self.xp.asarray(np.ascontiguousarray(arr, dtype=self.dtype))

    @property
    def params(self):
        """Weights then biases, the order of :meth:`backward`'s gradients."""
        return self.weights + self.biases

    def l2(self):
        """Sum of squared weights (biases excluded)."""
        xp = self.xp
        return float(sum(float(xp.sum(w * w)) for w in self.weights))

    # ---------------------------------------------------------------- passes
    def _bufs(self, n):
        if n not in self._buffers:
            xp = self.xp
            self._buffers[n] = {
                "acts": [xp.empty((n, s), dtype=self.xdtype) for s in self.sizes[1:]],
                "deltas": [xp.empty((n, s), dtype=self.xdtype) for s in self.sizes[1:-1]],
            }
            if len(self._buffers) > 4:  # keep the full batch and a few tails
                self._buffers.pop(next(iter(self._buffers)))
        return self._buffers[n]

    def forward(self, X, *, dropout=0.0, masks=None, keep=False):
        """Forward propagation.

        Parameters
        ----------
        X : array of shape (n, n_in)
        dropout : float, default=0.0
            Drop probability of hidden units (training only).
        masks : list, default=None
            Filled with the dropout masks (scaled by 1 / (1 - p)), one per
            hidden layer, for :meth:`backward`.
        keep : bool, default=False
            Return fresh arrays instead of the reused buffers.

        Returns
        -------
        list of arrays
            ``[X, a_1, ..., a_L]``: the input and each layer's output. With
            dropout, hidden entries are the activations before dropping
            (what their derivative needs) and ``masks`` holds the drops.
        """
        xp = self.xp
        n = X.shape[0]
        fast = inplace(xp) and not keep
        bufs = self._bufs(n) if fast else None
        acts = [X]
        h = X
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            if fast:
                z = xp.matmul(h, W, out=bufs["acts"][i])
                z += b
            else:
                z = xp.matmul(h, W) + b
            if i < last:
                a = self.activations[i].forward(xp, z)
                acts.append(a)
                if dropout > 0 and masks is not None:
                    h = a * masks[i]
                    self._dropped[i] = h  # reused by backward as the next layer's input
                else:
                    h = a
            else:
                acts.append(self.output.forward(xp, z))
        return acts

    def backward(self, acts, delta, grads, *, masks=None, weight_gradient=None):
        """Error back-propagation: fill ``grads`` with the cost's gradients.

        Parameters
        ----------
        acts : list of arrays
            From :meth:`forward`.
        delta : array of shape (n, n_out)
            d(cost)/d(z) at the output layer (from the loss). Overwritten.
        grads : list of arrays
            Preallocated, shaped like :attr:`params` (weights, then biases).
        masks : list, default=None
            The dropout masks used in the forward pass.
        weight_gradient : callable, default=None
            ``weight_gradient(i, h_in, delta)`` consumes layer ``i``'s weight
            gradient ``h_in^T delta`` itself (a fused optimiser step) instead
            of writing it to ``grads[i]``. It must not change the weights.

        Notes
        -----
        The input layer needs no gradient, so the first layer's error is
        never propagated back to ``X``.
        """
        xp = self.xp
        L = len(self.weights)
        fast = inplace(xp)
        bufs = self._bufs(delta.shape[0]) if fast else None
        for i in range(L - 1, -1, -1):
            h_in = acts[i] if (i == 0 or masks is None) else self._dropped[i - 1]
            if weight_gradient is not None:
                weight_gradient(i, h_in, delta)
                xp.sum(delta, axis=0, out=grads[L + i])
            elif fast:
                xp.matmul(h_in.T, delta, out=grads[i])
                xp.sum(delta, axis=0, out=grads[L + i])
            else:
                grads[i] = xp.matmul(xp.matrix_transpose(h_in), delta)
                grads[L + i] = xp.sum(delta, axis=0)
            if i == 0:
                break
            if fast:
                prev = xp.matmul(delta, self.weights[i].T, out=bufs["deltas"][i - 1])
            else:
                prev = xp.matmul(delta, xp.matrix_transpose(self.weights[i]))
            if masks is not None:
                prev *= masks[i - 1]
            delta = self.activations[i - 1].backward(xp, prev, acts[i])
        return grads

    def output_logits(self, X):
        """The output layer's pre-activations (fresh arrays)."""
        xp = self.xp
        h = X
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = xp.matmul(h, W) + b
            if i < len(self.weights) - 1:
                h = self.activations[i].forward(xp, z)
            else:
                return z
        return h

    def predict_output(self, X):
        """The output activations (probabilities), fresh arrays."""
        return self.output.forward(self.xp, self.output_logits(X))
