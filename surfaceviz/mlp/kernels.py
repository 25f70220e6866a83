"""Fused kernels of one training step, for a device and for reference.

A training step on a GPU at batch 128 is bound by kernel launches, not by
arithmetic: the unfused step launches a kernel per operation (bias add,
activation, its derivative, the mask, softmax's several, the loss's,
the optimiser's several per parameter...). The kernels here do each of
these groups in one launch:

- ``bias_act(z, b, act)``: ``z <- f(z + b)``;
- ``act_grad(g, a, act, mask)``: ``g <- g * mask * f'(a)`` (``f'`` from the
  output ``a``, as :mod:`~surfaceviz.mlp.activations` defines it);
- ``output(z, b, y, err, cost, correct)``: the output layer's activation
  (softmax, or a sigmoid for one unit), the clipped log loss and the right
  predictions added to two on-device sums, and the output error
  ``(p - onehot(y)) / m`` written to ``err``: one launch for what the loss,
  the accuracy and the error took separately;
- ``sgd(p, v, g, lr, mu, c, nesterov)`` and ``adam(...)``: the optimiser's
  whole update of one parameter, with the L2 term ``c * p`` folded in; the
  learning rate and Adam's step count are 0-d device arrays, so a captured
  CUDA graph replays them as they are when it runs, not as they were when
  it was captured.

:class:`CupyKernels` holds them as CuPy ``ElementwiseKernel`` / ``RawKernel``
objects (compiled once per dtype, on first use). :class:`ReferenceKernels`
computes the same with the array namespace's own functions; it runs on
NumPy, array-api-strict or any namespace, and is what the tests compare the
device kernels with.
"""

from __future__ import annotations

import functools

import numpy as np

from .activations import inplace

#: hidden activations with a fused form: name -> (f(x), f'(a)) in C, where
#: ``ALPHA`` is the leaky ReLU's slope
FUSED_ACTIVATIONS = {
    "identity": ("x", "(T)1"),
    "relu": ("(x > (T)0 ? x : (T)0)", "(a > (T)0 ? (T)1 : (T)0)"),
    "leaky_relu": ("(x > (T)0 ? x : (T)ALPHA * x)", "(a > (T)0 ? (T)1 : (T)ALPHA)"),
    "tanh": ("tanh(x)", "((T)1 - a * a)"),
    "sigmoid": ("((T)1 / ((T)1 + exp(-x)))", "(a * ((T)1 - a))"),
}


def _alpha(act):
    return repr(float(getattr(act, "alpha", 0.0)))


class ReferenceKernels:
    """The fused step computed with ``xp``'s functions (any namespace).

    Every method returns the array holding its result; where ``xp`` writes
    in place (NumPy, CuPy) that is the array it was given.
    """

    def __init__(self, xp, dtype):
        self.xp = xp
        self.dtype = getattr(xp, np.dtype(dtype).name)
        self.eps = float(np.finfo(np.dtype(dtype)).eps)
        self.inplace = inplace(xp)

    def _store(self, target, value):
        if self.inplace:
            target[...] = value
            return target
        return value

    def bias_act(self, z, b, act):
        xp, x = self.xp, z + b
        name = act.name
        if name == "relu":
            y = xp.where(x > 0, x, xp.zeros_like(x))
        elif name == "leaky_relu":
            y = xp.where(x > 0, x, x * act.alpha)
        elif name == "tanh":
            y = xp.tanh(x)
        elif name == "sigmoid":
            y = 1.0 / (1.0 + xp.exp(-x))
        else:
            y = x
        return self._store(z, y)

    def act_grad(self, g, a, act, mask=None):
        xp, name = self.xp, act.name
        if mask is not None:
            g = g * mask
        if name in ("relu", "leaky_relu"):
            slope = 0.0 if name == "relu" else act.alpha
            d = xp.where(a > 0, g, g * slope)
        elif name == "tanh":
            d = g * (1.0 - a * a)
        elif name == "sigmoid":
            d = g * (a * (1.0 - a))
        else:
            d = g
        return d

    def output(self, z, b, y, err, cost, correct):
        """Returns ``(err, cost, correct)`` (the sums as 0-d arrays)."""
        xp = self.xp
        x = z + b
        m, k = x.shape
        if k == 1:
            p = 1.0 / (1.0 + xp.exp(-x))
            target = xp.reshape(xp.astype(y, self.dtype), (m, 1))
            pc = xp.clip(p, self.eps, 1.0 - self.eps)
            loss = -xp.sum(target * xp.log(pc) + (1.0 - target) * xp.log(1.0 - pc))
            right = xp.count_nonzero((p[:, 0] > 0.5) == (y == 1))
        else:
            e = xp.exp(x - xp.max(x, axis=1, keepdims=True))
            p = e / xp.sum(e, axis=1, keepdims=True)
            target = xp.astype(xp.reshape(y, (m, 1)) == xp.arange(k, dtype=y.dtype),
                               self.dtype)
            p_true = xp.sum(p * target, axis=1)
            loss = -xp.sum(xp.log(xp.clip(p_true, self.eps, 1.0 - self.eps)))
            right = xp.count_nonzero(xp.argmax(x, axis=1) == y)
        err = self._store(err, (p - target) / m)
        return err, cost + loss, correct + xp.astype(right, self.dtype)

    def sgd(self, p, v, g, lr, mu, c, nesterov):
        """One SGD step of ``p`` (velocity ``v``) in place."""
        grad = g + p * c if c else g
        step = grad * lr
        if mu == 0.0:
            p -= step
            return
        v *= mu
        v -= step
        if nesterov:
            p += v * mu - step
        else:
            p += v

    def adam(self, p, m1, m2, g, lr, t, beta_1, beta_2, eps, c):
        """One Adam step of ``p`` in place; ``t`` is the step's number (0-d)."""
        xp = self.xp
        grad = g + p * c if c else g
        m1 *= beta_1
        m1 += grad * (1 - beta_1)
        m2 *= beta_2
        m2 += grad * grad * (1 - beta_2)
        step = lr * (1 - beta_2**t) ** 0.5 / (1 - beta_1**t)
        p -= step * m1 / (xp.sqrt(m2) + eps)


class CupyKernels:
    """The fused step as CuPy kernels (same arguments as :class:`ReferenceKernels`)."""

    def __init__(self, xp, dtype):
        self.xp = xp
        self.dtype = np.dtype(dtype)
        self.eps = self.dtype.type(np.finfo(self.dtype).eps)

    def bias_act(self, z, b, act):
        _elementwise("bias_act", act.name, _alpha(act))(b, z)
        return z

    def act_grad(self, g, a, act, mask=None):
        if mask is None:
            _elementwise("act_grad", act.name, _alpha(act))(a, g)
        else:
            _elementwise("masked_act_grad", act.name, _alpha(act))(a, mask, g)
        return g

    def output(self, z, b, y, err, cost, correct):
        m, k = z.shape
        threads = 128
        _output_kernel(self.dtype.name)(
            ((m + threads - 1) // threads,), (threads,),
            (z, b, y, err, cost, correct, np.int32(m), np.int32(k),
             self.dtype.type(1.0 / m), self.eps))
        return err, cost, correct

    def sgd(self, p, v, g, lr, mu, c, nesterov):
        _elementwise("sgd")(g, lr, self.dtype.type(mu), self.dtype.type(c), np.int32(nesterov), p, v)

    def adam(self, p, m1, m2, g, lr, t, beta_1, beta_2, eps, c):
        T = self.dtype.type
        _elementwise("adam")(g, lr, t, T(beta_1), T(beta_2), T(eps), T(c), p, m1, m2)


def kernels_for(xp, dtype):
    """:class:`CupyKernels` on CuPy, :class:`ReferenceKernels` elsewhere."""
    if getattr(xp, "__name__", "") == "cupy":
        return CupyKernels(xp, dtype)
    return ReferenceKernels(xp, dtype)


# ---------------------------------------------------------------- CuPy sources
# Each elementwise kernel is a spec ``(in_params, out_params, operation, name)``
# in CuPy's ElementwiseKernel notation; the tests compile the same specs as C++
# on the CPU and compare them with ReferenceKernels.
def _activation_op(template, name, alpha):
    forward, derivative = FUSED_ACTIVATIONS[name]
    return (template.replace("FORWARD", forward).replace("DERIVATIVE", derivative)
            .replace("ALPHA", alpha))


def elementwise_specs(name, alpha="0.01"):
    """The elementwise kernels' specs for hidden activation ``name``."""
    return {
        "bias_act": ("T b", "T z", _activation_op("T x = z + b; z = FORWARD;", name, alpha),
                     f"surfaceviz_bias_{name}"),
        "act_grad": ("T a", "T g", _activation_op("g = g * DERIVATIVE;", name, alpha),
                     f"surfaceviz_grad_{name}"),
        "masked_act_grad": ("T a, T mask", "T g",
                            _activation_op("g = g * mask * DERIVATIVE;", name, alpha),
                            f"surfaceviz_mgrad_{name}"),
        "sgd": ("T g, raw T lr, T mu, T c, int32 nesterov", "T p, T v", _SGD_OP,
                "surfaceviz_sgd"),
        "adam": ("T g, raw T lr, raw T t, T b1, T b2, T eps, T c", "T p, T m1, T m2",
                 _ADAM_OP, "surfaceviz_adam"),
    }


_SGD_OP = """
T step = lr[0] * (g + c * p);
if (mu == (T)0) {
    p -= step;
} else {
    v = mu * v - step;
    p += nesterov ? mu * v - step : v;
}
"""

_ADAM_OP = """
T grad = g + c * p;
m1 = b1 * m1 + ((T)1 - b1) * grad;
m2 = b2 * m2 + ((T)1 - b2) * grad * grad;
T step = lr[0] * sqrt((T)1 - pow(b2, t[0])) / ((T)1 - pow(b1, t[0]));
p -= step * m1 / (sqrt(m2) + eps);
"""


@functools.lru_cache(maxsize=None)
def _elementwise(kind, name="identity", alpha="0.01"):
    import cupy

    return cupy.ElementwiseKernel(*elementwise_specs(name, alpha)[kind])


#: the output layer, one thread per row (``T`` is typedef'd by output_source)
OUTPUT_BODY = r"""
extern "C" __global__ void surfaceviz_output(
        const T* z, const T* b, const long long* y, T* err, T* cost, T* correct,
        int m, int k, T inv_m, T eps) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i >= m) return;
    const T* zi = z + (long long)i * k;
    T* ei = err + (long long)i * k;
    int yi = (int)y[i];
    T p_true, right;
    if (k == 1) {
        T p = (T)1 / ((T)1 + exp(-(zi[0] + b[0])));
        T pc = fmin(fmax(p, eps), (T)1 - eps);
        T target = (T)yi;
        p_true = target * pc + ((T)1 - target) * ((T)1 - pc);
        right = ((p > (T)0.5) == (yi == 1)) ? (T)1 : (T)0;
        ei[0] = (p - target) * inv_m;
    } else {
        T top = zi[0] + b[0];
        int best = 0;
        for (int j = 1; j < k; ++j) {
            T x = zi[j] + b[j];
            if (x > top) { top = x; best = j; }
        }
        T total = 0;
        for (int j = 0; j < k; ++j) total += exp(zi[j] + b[j] - top);
        p_true = 0;
        for (int j = 0; j < k; ++j) {
            T p = exp(zi[j] + b[j] - top) / total;
            if (j == yi) p_true = p;
            ei[j] = (p - (j == yi ? (T)1 : (T)0)) * inv_m;
        }
        p_true = fmin(fmax(p_true, eps), (T)1 - eps);
        right = (best == yi) ? (T)1 : (T)0;
    }
    atomicAdd(cost, -log(p_true));
    atomicAdd(correct, right);
}
"""


def output_source(dtype_name):
    """The output kernel's CUDA source for ``"float32"`` or ``"float64"``."""
    ctype = {"float32": "float", "float64": "double"}[dtype_name]
    return f"typedef {ctype} T;\n" + OUTPUT_BODY


@functools.lru_cache(maxsize=None)
def _output_kernel(dtype_name):
    import cupy

    return cupy.RawKernel(output_source(dtype_name), "surfaceviz_output")
