"""Array namespaces (NumPy, CuPy, any array-API module) and ``to_numpy``.

``backend=`` accepts ``"numpy"``, ``"cupy"``, ``"auto"`` (CuPy when a GPU is
usable, else NumPy) or an array-API namespace module itself (for example
``array_api_strict``, which the tests use as a stand-in for a device).
"""

from __future__ import annotations

import types

import numpy as np

from .._utils.validation import check_choice

BACKENDS = ("numpy", "cupy", "auto")


class BackendUnavailableError(RuntimeError):
    """The requested array backend cannot run here (e.g. CuPy without a GPU)."""


def cupy_usable():
    """Whether CuPy imports and sees a CUDA device (never raises)."""
    try:
        import cupy
    except Exception:  # ImportError, or a broken CUDA install
        return False
    try:
        return bool(cupy.cuda.is_available())
    except Exception:
        return False


def resolve_backend(backend):
    """Return ``(xp, name)`` for a ``backend`` argument.

    Raises
    ------
    ImportError
        ``backend="cupy"`` without CuPy installed (with the pip line).
    RuntimeError
        ``backend="cupy"`` with CuPy but no usable GPU.
    ValueError, TypeError
        An unknown backend name or type.
    """
    if isinstance(backend, types.ModuleType):
        if not hasattr(backend, "asarray") or not hasattr(backend, "matmul"):
            raise TypeError(
                f"backend module {backend.__name__} is not an array namespace "
                "(it lacks asarray/matmul)."
            )
        return backend, backend.__name__
    check_choice("backend", backend, BACKENDS)  # a name (modules were handled above)
    if backend == "numpy":
        return np, "numpy"
    if backend == "auto":
        if cupy_usable():
            import cupy

            return cupy, "cupy"
        return np, "numpy"
    from .._utils.optional import import_optional

    cupy = import_optional("cupy", purpose='backend="cupy"')
    if not cupy_usable():
        raise BackendUnavailableError(
            'backend="cupy" needs a CUDA GPU, and CuPy sees none '
            "(cupy.cuda.is_available() is False). Use backend=\"auto\" to fall back "
            "to NumPy quietly."
        )
    return cupy, "cupy"


def to_numpy(arr):
    """Bring an array from any namespace back to the host as a NumPy array."""
    if isinstance(arr, np.ndarray):
        return arr
    get = getattr(arr, "get", None)  # CuPy
    if callable(get) and type(arr).__module__.startswith("cupy"):
        return get()
    try:
        return np.asarray(arr)
    except Exception:
        # array-API arrays that refuse implicit conversion: go through DLPack
        return np.from_dlpack(arr)
