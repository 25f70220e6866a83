"""Direct access to the GEMM of the BLAS that NumPy itself uses.

NumPy's ``matmul`` cannot accumulate into its output (``C <- beta C + alpha A B``),
which is what a momentum update wants. Calling scipy's BLAS would load a
second OpenBLAS whose threads fight NumPy's for the cores; so this module
finds the CBLAS ``sgemm``/``dgemm`` inside the library NumPy loaded and calls
it through ctypes. Where it cannot be found, :func:`numpy_gemm` returns None
and callers use plain NumPy.
"""

from __future__ import annotations

import ctypes
import functools
import os

import numpy as np

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112


@functools.lru_cache(maxsize=None)
def _cblas(kind):
    """The CBLAS ``{kind}gemm`` of NumPy's BLAS and its integer type, or None."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        return None
    np_dir = os.path.dirname(os.path.dirname(np.__file__))
    for info in threadpool_info():
        path = info.get("filepath", "")
        if info.get("user_api") != "blas" or not path.startswith(np_dir) or "numpy" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        prefix = info.get("prefix", "")
        for name, int_type in ((f"scipy_cblas_{kind}gemm64_", ctypes.c_int64),
                               (f"cblas_{kind}gemm64_", ctypes.c_int64),
                               (f"{prefix}_cblas_{kind}gemm", ctypes.c_int),
                               (f"cblas_{kind}gemm", ctypes.c_int)):
            fn = getattr(lib, name, None)
            if fn is not None:
                real = ctypes.c_float if kind == "s" else ctypes.c_double
                fn.restype = None
                fn.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, int_type, int_type,
                               int_type, real, ctypes.c_void_p, int_type, ctypes.c_void_p,
                               int_type, real, ctypes.c_void_p, int_type]
                return fn
    return None


def numpy_gemm(dtype):
    """``gemm_at_b(alpha, A, B, beta, C)``: ``C <- beta C + alpha A^T B`` in place.

    For C-contiguous float arrays of ``dtype`` (float32 or float64) with
    ``A`` of shape (k, m), ``B`` (k, n), ``C`` (m, n). Returns None when
    NumPy's BLAS does not expose CBLAS GEMM.
    """
    dtype = np.dtype(dtype)
    kind = {np.float32: "s", np.float64: "d"}.get(dtype.type)
    fn = _cblas(kind) if kind else None
    if fn is None:
        return None

    def gemm_at_b(alpha, A, B, beta, C):
        if not (A.flags.c_contiguous and B.flags.c_contiguous and C.flags.c_contiguous):
            raise ValueError("gemm_at_b needs C-contiguous arrays.")
        if not (A.dtype == B.dtype == C.dtype == dtype):
            raise ValueError(f"gemm_at_b needs {dtype} arrays.")
        k, m = A.shape
        k2, n = B.shape
        if k != k2 or C.shape != (m, n):
            raise ValueError(f"shapes {A.shape}^T x {B.shape} -> {C.shape} do not match.")
        fn(_ROW_MAJOR, _TRANS, _NO_TRANS, m, n, k, alpha, A.ctypes.data, m, B.ctypes.data,
           n, beta, C.ctypes.data, n)

    return gemm_at_b
