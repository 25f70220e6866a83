"""The fused device kernels, checked on the CPU.

CuPy compiles the kernels' C sources for the GPU; here the very same sources
are compiled as C++ with a small shim (a loop over the elements or the
threads) and compared with :class:`ReferenceKernels`, which the CPU tests of
the training step use. A GPU run (tests/mlp/test_device_step.py) compares the
compiled CuPy kernels with the reference too.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess

import numpy as np
import pytest

from surfaceviz.mlp.activations import get_activation
from surfaceviz.mlp.kernels import (FUSED_ACTIVATIONS, ReferenceKernels, elementwise_specs,
                                    output_source)

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="needs a C++ compiler")

CTYPES = {"int32": "int"}  # C types of the non-T parameters
_SHIM = """
#include <cmath>
using namespace std;
"""


def _build(tmp_path, source, name):
    src = tmp_path / f"{name}.cpp"
    lib = tmp_path / f"{name}.so"
    src.write_text(source)
    subprocess.run(["g++", "-O1", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True,
                   capture_output=True)
    return ctypes.CDLL(str(lib))


def _params(spec):
    """[(name, type, raw)] of an ElementwiseKernel parameter string."""
    out = []
    for part in spec.split(","):
        words = part.split()
        raw = words[0] == "raw"
        out.append((words[-1], words[-2], raw))
    return out


def _elementwise(tmp_path, spec, dtype):
    """A callable running an ElementwiseKernel spec on NumPy arrays (broadcast, in place)."""
    in_params, out_params, op, name = spec
    ctype = "double" if dtype == np.float64 else "float"
    params = [(n, t, raw, False) for n, t, raw in _params(in_params)]
    params += [(n, t, raw, True) for n, t, raw in _params(out_params)]
    args, body = [], []
    for pname, ptype, raw, is_out in params:
        c = ctype if ptype == "T" else CTYPES[ptype]
        qual = "" if is_out else "const "
        args.append(f"{qual}{c}* {pname}_")
        if raw:
            body.append(f"{qual}{c}* {pname} = {pname}_;")
        elif is_out:
            body.append(f"{c}& {pname} = {pname}_[i];")
        else:
            body.append(f"const {c} {pname} = {pname}_[i];")
    source = (_SHIM + f"typedef {ctype} T;\nextern \"C\" void run(long n, {', '.join(args)}) {{\n"
              f"  for (long i = 0; i < n; ++i) {{ {' '.join(body)} {{ {op} }} }}\n}}\n")
    lib = _build(tmp_path, source, name)

    def call(*arrays):
        shape = np.broadcast_shapes(*(a.shape for a, (_, _, raw, _) in zip(arrays, params)
                                      if not raw))
        keep = []
        for a, (_, _, raw, is_out) in zip(arrays, params):
            if raw or is_out:
                keep.append(a)
            else:
                keep.append(np.ascontiguousarray(np.broadcast_to(a, shape)))
        lib.run(ctypes.c_long(int(np.prod(shape))),
                *(ctypes.c_void_p(a.ctypes.data) for a in keep))
    return call


@pytest.fixture(params=[np.float64, np.float32], ids=["float64", "float32"])
def dtype(request):
    return request.param


def _close(dtype):
    return dict(rtol=1e-12, atol=1e-14) if dtype == np.float64 else dict(rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(FUSED_ACTIVATIONS))
def test_activation_kernels_match_the_reference(tmp_path, name, dtype):
    rng = np.random.default_rng(0)
    act = get_activation(name)
    ref = ReferenceKernels(np, dtype)
    specs = elementwise_specs(name, repr(float(getattr(act, "alpha", 0.01))))
    z = rng.normal(size=(7, 5)).astype(dtype)
    b = rng.normal(size=5).astype(dtype)
    got = z.copy()
    _elementwise(tmp_path, specs["bias_act"], dtype)(b, got)
    np.testing.assert_allclose(got, ref.bias_act(z.copy(), b, act), **_close(dtype))
    a, g = got, rng.normal(size=(7, 5)).astype(dtype)
    out = g.copy()
    _elementwise(tmp_path, specs["act_grad"], dtype)(a, out)
    np.testing.assert_allclose(out, ref.act_grad(g.copy(), a, act), **_close(dtype))
    mask = (rng.random((7, 5)) < 0.7).astype(dtype) / dtype(0.7)
    out = g.copy()
    _elementwise(tmp_path, specs["masked_act_grad"], dtype)(a, mask, out)
    np.testing.assert_allclose(out, ref.act_grad(g.copy(), a, act, mask), **_close(dtype))


@pytest.mark.parametrize("mu,c,nesterov", [(0.9, 0.0, 0), (0.9, 1e-3, 1), (0.0, 1e-3, 0)])
def test_sgd_kernel_matches_the_reference(tmp_path, dtype, mu, c, nesterov):
    rng = np.random.default_rng(1)
    p, v, g = (rng.normal(size=(4, 6)).astype(dtype) for _ in range(3))
    lr = np.asarray(0.05, dtype=dtype)
    p1, v1 = p.copy(), v.copy()
    ReferenceKernels(np, dtype).sgd(p1, v1, g, lr, mu, c, bool(nesterov))
    p2, v2 = p.copy(), v.copy()
    run = _elementwise(tmp_path, elementwise_specs("relu")["sgd"], dtype)
    run(g, lr.reshape(1), np.asarray(mu, dtype), np.asarray(c, dtype),
        np.asarray(nesterov, np.int32), p2, v2)
    np.testing.assert_allclose(p2, p1, **_close(dtype))
    np.testing.assert_allclose(v2, v1, **_close(dtype))
    assert not np.array_equal(p2, p)


def test_adam_kernel_matches_the_reference(tmp_path, dtype):
    rng = np.random.default_rng(2)
    p, g = rng.normal(size=(3, 5)).astype(dtype), rng.normal(size=(3, 5)).astype(dtype)
    m1, m2 = rng.normal(size=(3, 5)).astype(dtype), rng.random((3, 5)).astype(dtype)
    lr, t = np.asarray(1e-3, dtype), np.asarray(7.0, dtype)
    expect = [a.copy() for a in (p, m1, m2)]
    ReferenceKernels(np, dtype).adam(*expect, g, lr, t, 0.9, 0.999, 1e-8, 1e-4)
    got = [a.copy() for a in (p, m1, m2)]
    run = _elementwise(tmp_path, elementwise_specs("relu")["adam"], dtype)
    run(g, lr.reshape(1), t.reshape(1), *(np.asarray(x, dtype) for x in (0.9, 0.999, 1e-8, 1e-4)),
        *got)
    for a, b in zip(got, expect):
        np.testing.assert_allclose(a, b, **_close(dtype))


_OUTPUT_SHIM = """
struct Dim { int x; };
static Dim blockDim, blockIdx, threadIdx;
#define __global__
template <typename U> U atomicAdd(U* p, U v) { U old = *p; *p += v; return old; }
"""

_LAUNCH = """
extern "C" void launch(int grid, int block, const T* z, const T* b, const long long* y, T* err,
                       T* cost, T* correct, int m, int k, T inv_m, T eps) {
    blockDim.x = block;
    for (int g = 0; g < grid; ++g)
        for (int t = 0; t < block; ++t) {
            blockIdx.x = g; threadIdx.x = t;
            surfaceviz_output(z, b, y, err, cost, correct, m, k, inv_m, eps);
        }
}
"""


@pytest.mark.parametrize("k", [1, 3, 10])
def test_output_kernel_matches_the_reference(tmp_path, dtype, k):
    rng = np.random.default_rng(3)
    m = 37
    z = (rng.normal(size=(m, k)) * 4).astype(dtype)
    z[0] = 60.0  # a saturated row: the clipped log loss
    b = rng.normal(size=k).astype(dtype)
    y = rng.integers(0, max(k, 2), m).astype(np.int64)
    ref = ReferenceKernels(np, dtype)
    err_ref, cost_ref, right_ref = ref.output(z, b, y, np.empty_like(z), np.asarray(0, dtype),
                                              np.asarray(0, dtype))
    source = _SHIM + output_source(np.dtype(dtype).name).replace(
        "typedef", _OUTPUT_SHIM + "typedef", 1) + _LAUNCH
    lib = _build(tmp_path, source, f"output_{k}")
    err, cost, right = np.empty_like(z), np.zeros(1, dtype), np.zeros(1, dtype)
    scalar = ctypes.c_double if dtype == np.float64 else ctypes.c_float
    lib.launch(ctypes.c_int(1), ctypes.c_int(64),
               *(ctypes.c_void_p(a.ctypes.data) for a in (z, b, y, err, cost, right)),
               ctypes.c_int(m), ctypes.c_int(k), scalar(1.0 / m),
               scalar(float(np.finfo(dtype).eps)))
    np.testing.assert_allclose(err, err_ref, **_close(dtype))
    np.testing.assert_allclose(cost[0], cost_ref, rtol=1e-10 if dtype == np.float64 else 1e-5)
    assert right[0] == right_ref
    assert 0 < right_ref < m
