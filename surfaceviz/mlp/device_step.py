"""The device training step: static buffers, fused kernels, one graph per step.

On a GPU a mini-batch of 128 costs far less arithmetic than launching the
kernels that do it, and any read-back to the host stalls the pipeline. So
:class:`StaticStep` trains the full mini-batches of an epoch with

- the data, the labels, the epoch's order and every buffer resident on the
  device, allocated once (the same addresses every step);
- the fused kernels of :mod:`~surfaceviz.mlp.kernels` (per layer: the
  GEMMs, one bias-and-activation kernel, one derivative kernel, one bias
  sum; one kernel for the output layer, its loss and its error; one update
  kernel per parameter);
- the learning rate, Adam's step count, the summed cost and the count of
  right predictions as 0-d device arrays: nothing is read back until the
  epoch ends (one read-back per epoch);
- on CuPy, the whole step captured once as a CUDA graph
  (:class:`GraphReplay`) and replayed: one launch per step.

The last, shorter batch of an epoch goes through the generic step (its
shape differs). Where graph capture is refused (an older CuPy whose cuBLAS
calls cannot be captured), the fused kernels run eagerly; where the
namespace is not CuPy (array-api-strict, NumPy-like stand-ins) the same
step runs with :class:`~surfaceviz.mlp.kernels.ReferenceKernels`, which is
how the CPU tests check it.
"""

from __future__ import annotations

import contextlib

import numpy as np

from .activations import inplace
from .kernels import FUSED_ACTIVATIONS, kernels_for
from .losses import LogLoss
from .optimizers import SGD, Adam


def supports(est, loss):
    """Whether the fused device step applies to ``est``'s network, loss and optimiser."""
    net = est.network_
    return (isinstance(loss, LogLoss) and isinstance(est.optimizer_, (SGD, Adam))
            and all(a.name in FUSED_ACTIVATIONS for a in net.activations))


def _scalar(xp, dtype, value, shape=()):
    return xp.asarray(np.full(shape, value, dtype=dtype))


def _mm(xp, a, b, out):
    return xp.matmul(a, b, out=out) if inplace(xp) else xp.matmul(a, b)


def _transpose(xp, a):
    return a.T if inplace(xp) else xp.matrix_transpose(a)


class StaticStep:
    """Full mini-batches of ``batch`` rows over buffers allocated once.

    Parameters
    ----------
    runner : EpochRunner
        Its network, optimiser, data (``X``, ``y_dev``), L2 coefficient and
        dropout are used.
    """

    def __init__(self, runner):
        self.runner = runner
        net = self.net = runner.net
        xp = self.xp = runner.xp
        self.kernels = kernels_for(xp, net.dtype)
        self.batch = B = runner.batch
        sizes = net.sizes
        self.idx = xp.zeros((B,), dtype=runner.y_dev.dtype)
        self.Xb = xp.empty((B, sizes[0]), dtype=net.xdtype)
        self.yb = xp.empty((B,), dtype=runner.y_dev.dtype)
        self.acts = [xp.empty((B, s), dtype=net.xdtype) for s in sizes[1:]]
        self.err = xp.empty((B, sizes[-1]), dtype=net.xdtype)
        self.deltas = [xp.empty((B, s), dtype=net.xdtype) for s in sizes[1:-1]]
        # with dropout: the masks, and each hidden layer's output after dropping
        self.masks = self.dropped = None
        if runner.dropout > 0:
            self.masks = [xp.empty((B, s), dtype=net.xdtype) for s in sizes[1:-1]]
            self.dropped = [xp.empty_like(m) for m in self.masks]
        self.grads = [xp.empty_like(p) for p in net.params]
        # read by the update kernels as raw arrays (lr[0], t[0]): one element each
        self.lr = _scalar(xp, net.dtype, 0.0, (1,))
        self.t = _scalar(xp, net.dtype, 0.0, (1,))
        self.cost = _scalar(xp, net.dtype, 0.0)
        self.correct = _scalar(xp, net.dtype, 0.0)
        self.one = _scalar(xp, net.dtype, 1.0, (1,))
        self.graph = GraphReplay(xp) if getattr(xp, "__name__", "") == "cupy" else None
        self.owner = self._owner()

    def _owner(self):
        """The arrays the step reads and writes in place (a graph holds their
        addresses; holding the arrays keeps those addresses theirs)."""
        opt = self.runner.opt
        state = opt.velocity if isinstance(opt, SGD) else opt.m + opt.v
        return (*self.net.params, *state)

    def valid(self):
        """False once the network's or optimiser's arrays were replaced (a reload)."""
        now = self._owner()
        return len(now) == len(self.owner) and all(a is b for a, b in zip(now, self.owner))

    @property
    def path(self):
        """``"graph"``, ``"fused"`` (CuPy, eager) or ``"reference"``."""
        if self.graph is None:
            return "reference"
        return "graph" if self.graph.usable else "fused"

    # ------------------------------------------------------------------ epoch
    def run(self, order_d, full, lr):
        """Train the batches ``order_d[0:full]``; return the 0-d sums (cost, right)."""
        xp, B = self.xp, self.batch
        self.lr = self._set(self.lr, lr)
        self.cost = self._set(self.cost, 0.0)
        self.correct = self._set(self.correct, 0.0)
        opt = self.runner.opt
        if isinstance(opt, Adam):
            self.t = self._set(self.t, opt.t)
        if self.graph is None:
            for s in range(0, full, B):
                self._load(order_d[s:s + B])
                self._compute()
        else:
            with self.graph.on_stream():
                for s in range(0, full, B):
                    self._load(order_d[s:s + B])
                    self.graph.run(self._compute)
        steps = full // B
        if isinstance(opt, Adam):
            opt.t += steps
        self.runner.est.t_ += steps
        return self.cost, self.correct

    def _set(self, arr, value):
        """``arr`` set to ``value``: in place under a graph (which holds its address)."""
        if self.graph is not None:
            arr.fill(value)
            return arr
        return _scalar(self.xp, self.net.dtype, value, arr.shape)

    def _load(self, idx):
        """The batch's indices (and dropout masks) into the static buffers."""
        xp = self.xp
        if inplace(xp):
            self.idx[...] = idx
        else:
            self.idx = idx
        if self.masks is not None:
            drawn = self.runner._dropout_masks(self.batch)
            for i, mask in enumerate(drawn):
                if inplace(xp):
                    self.masks[i][...] = mask
                else:
                    self.masks[i] = mask

    # ------------------------------------------------------------------- step
    def _compute(self):
        """One step on the static buffers; enqueues work, reads nothing back."""
        xp, k, net = self.xp, self.kernels, self.net
        if inplace(xp):
            Xb = xp.take(self.runner.X, self.idx, axis=0, out=self.Xb)
            yb = xp.take(self.runner.y_dev, self.idx, axis=0, out=self.yb)
        else:
            Xb = xp.take(self.runner.X, self.idx, axis=0)
            yb = xp.take(self.runner.y_dev, self.idx, axis=0)
        inputs = self._forward(Xb)
        z = _mm(xp, inputs[-1], net.weights[-1], self.acts[-1])
        err, self.cost, self.correct = k.output(z, net.biases[-1], yb, self.err, self.cost,
                                                self.correct)
        self._backward(inputs, err)
        self._update()

    def _forward(self, Xb):
        """Hidden layers; returns each layer's input (after dropout)."""
        xp, k, net = self.xp, self.kernels, self.net
        h, inputs = Xb, [Xb]
        for i, act in enumerate(net.activations):
            z = _mm(xp, h, net.weights[i], self.acts[i])
            self.acts[i] = a = k.bias_act(z, net.biases[i], act)
            if self.masks is not None:
                h = xp.multiply(a, self.masks[i], out=self.dropped[i]) if inplace(xp) \
                    else a * self.masks[i]
            else:
                h = a
            inputs.append(h)
        return inputs

    def _backward(self, inputs, delta):
        xp, k, net = self.xp, self.kernels, self.net
        L = len(net.weights)
        for i in range(L - 1, -1, -1):
            self.grads[i] = _mm(xp, _transpose(xp, inputs[i]), delta, self.grads[i])
            if inplace(xp):
                xp.sum(delta, axis=0, out=self.grads[L + i])
            else:
                self.grads[L + i] = xp.sum(delta, axis=0)
            if i == 0:
                break
            prev = _mm(xp, delta, _transpose(xp, net.weights[i]), self.deltas[i - 1])
            mask = None if self.masks is None else self.masks[i - 1]
            delta = k.act_grad(prev, self.acts[i - 1], net.activations[i - 1], mask)

    def _update(self):
        k, net, opt = self.kernels, self.net, self.runner.opt
        L = len(net.weights)
        l2 = self.runner.l2_coef
        if isinstance(opt, SGD):
            for i, (p, g) in enumerate(zip(net.params, self.grads)):
                k.sgd(p, opt.velocity[i], g, self.lr, opt.momentum, l2 if i < L else 0.0,
                      opt.nesterov)
            return
        if inplace(self.xp):
            self.t += self.one
        else:
            self.t = self.t + self.one
        for i, (p, g) in enumerate(zip(net.params, self.grads)):
            k.adam(p, opt.m[i], opt.v[i], g, self.lr, self.t, opt.beta_1, opt.beta_2,
                   opt.epsilon, l2 if i < L else 0.0)


class GraphReplay:
    """Runs a step function eagerly once, then captures it as a CUDA graph and replays it.

    The first call compiles the kernels and caches the step's temporary
    blocks in a private memory pool (so that capture finds them there and
    allocates nothing from the device); the second is captured on a private
    stream, its temporaries from that pool, which is kept as long as the graph
    (so that no other array ever takes an address the graph writes to), and
    launched; later calls launch the graph. Where
    capture is refused, the step runs eagerly from then on and
    :attr:`reason` says why.
    """

    def __init__(self, cupy):
        self.cupy = cupy
        self.calls = 0
        self.graph = None
        self.usable = True
        self.reason = None
        self.stream = cupy.cuda.Stream(non_blocking=True)
        self.pool = cupy.cuda.MemoryPool()

    @contextlib.contextmanager
    def on_stream(self):
        """Make the private stream current, ordered after and before the caller's."""
        outer = self.cupy.cuda.get_current_stream()
        self.stream.wait_event(outer.record())
        with self.stream:
            yield
        outer.wait_event(self.stream.record())

    def run(self, step):
        """One step: eager, captured and launched, or launched (see the class)."""
        self.calls += 1
        if self.graph is not None:
            self.graph.launch(self.stream)
            return
        if self.calls == 1:  # through the private pool: its blocks are cached for capture
            with self.cupy.cuda.using_allocator(self.pool.malloc):
                step()
            return
        if not self.usable:
            step()
            return
        self.graph = self._capture(step)
        if self.graph is None:
            step()  # the captured work never ran: run this step for real
        else:
            self.graph.launch(self.stream)

    def _capture(self, step):
        cupy = self.cupy
        cublas = getattr(cupy.cuda, "cublas", None)
        allowed = getattr(cublas, "_allow_stream_graph_capture", None)
        if allowed is not None:
            cublas._allow_stream_graph_capture = True
        try:
            with cupy.cuda.using_allocator(self.pool.malloc):
                self.stream.begin_capture()
                try:
                    step()
                finally:
                    graph = self.stream.end_capture()
            return graph
        except Exception as exc:  # capture refused: eager from now on
            self.usable = False
            self.reason = f"{type(exc).__name__}: {exc}"
            return None
        finally:
            if allowed is not None:
                cublas._allow_stream_graph_capture = allowed
