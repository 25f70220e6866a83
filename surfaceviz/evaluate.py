"""Evaluate a model on a grid: ``evaluate_grid``, one path with pluggable strategies.

- **Chunks**: the grid's inputs are built batch by batch (never a full
  meshgrid) and each batch's output is written straight into the
  preallocated result, so memory beyond the result is one batch's worth of
  model work. ``batch_size`` sets the batch directly; ``max_memory`` derives
  it from the model's measured working memory per point.
- **Parallel**: ``n_jobs`` hands the batches to joblib (threads by default;
  any joblib backend, processes, Dask or Ray included, through
  ``joblib.parallel_config``). Results are identical to the serial path.
- **Adaptive**: ``strategy="adaptive"`` evaluates a coarse lattice and
  refines only the cells the boundary crosses (:mod:`surfaceviz.adaptive`).
- **Backends**: ``backend="cupy"`` (or ``"auto"``, or any array-API module)
  evaluates models that can run there from their fitted coefficients
  (:mod:`surfaceviz.compiled`); others fall back to NumPy with a warning.
"""

from __future__ import annotations

import numbers
import re
import sys
import warnings
from dataclasses import replace

import numpy as np

from ._validation import check_choice, check_positive_int, check_X
from .adaptive import default_step, refine
from .backend import resolve_backend, to_numpy
from .compiled import NotCompilable, compile_response
from .grid import GridSpec
from .response import resolve_response
from .surface import SurfaceGrid, predicted_index

#: Default grid points per model call on the CPU.
DEFAULT_BATCH_SIZE = 2**15
#: Default grid points per model call on a device (GPU).
DEFAULT_DEVICE_BATCH_SIZE = 2**22
#: Points evaluated (under tracemalloc) to size batches for ``max_memory``.
_PROBE_POINTS = 1024
STRATEGIES = ("dense", "adaptive")


def evaluate_grid(
    model,
    X,
    *,
    response="auto",
    resolution=200,
    margin=0.05,
    xlim=None,
    ylim=None,
    classes=None,
    class_of_interest=None,
    feature_names=None,
    strategy="dense",
    refine=False,
    coarse_step=None,
    levels=None,
    n_jobs=None,
    backend="numpy",
    dtype=None,
    batch_size=None,
    max_memory=None,
    progress=None,
):
    """Evaluate ``model`` on a grid over the range of ``X``.

    Parameters
    ----------
    model : estimator or callable
        A fitted scikit-learn estimator (classifier, pipeline, regressor,
        clusterer, outlier detector), any object with ``predict``, or a callable
        ``f(points) -> values`` taking an array of shape ``(n, 2)`` (an array of
        the backend's namespace when ``backend`` is not NumPy).
    X : array-like or DataFrame of shape (n_samples, 2)
        The data; sets the grid's range. Never modified.
    response : {"auto", "decision_function", "predict_proba", "predict"}, default="auto"
        Which response to evaluate; ``"auto"`` tries them in that order.
    resolution : int or tuple of (int, int), default=200
        Grid points along each axis, or ``(nx, ny)``.
    margin : float, default=0.05
        Extra room around the data on each side, as a fraction of its range.
    xlim, ylim : tuple of (float, float), default=None
        Explicit grid bounds; override the data range and ``margin``.
    classes : array-like, default=None
        Labels that a callable's output refers to (see
        :func:`surfaceviz.response.resolve_response`).
    class_of_interest : label, default=None
        The class whose score is drawn (binary: the positive class).
    feature_names : sequence of two str, default=None
        Names of the features; default: the columns of a DataFrame ``X``.
    strategy : {"dense", "adaptive"}, default="dense"
        ``"dense"`` evaluates every grid point. ``"adaptive"`` evaluates a
        coarse lattice and refines only cells whose corners disagree on the
        class (or straddle one of ``levels``), filling the rest by
        interpolation; see :mod:`surfaceviz.adaptive` for its guarantee and
        caveat.
    refine : bool, default=False
        Shorthand for ``strategy="adaptive"``.
    coarse_step : int, default=None
        Adaptive only: spacing of the coarse lattice, a power of two. Default:
        the largest leaving at least 64 cells along the shorter axis.
    levels : sequence of float, default=None
        Adaptive only: contour levels to refine around on a continuous
        surface (regressors, callables without classes).
    n_jobs : int, default=None
        Evaluate batches in parallel with joblib (``-1``: all cores), in
        threads unless ``joblib.parallel_config(backend=...)`` names another
        backend (``"loky"`` processes, Dask, Ray).
    backend : {"numpy", "cupy", "auto"} or array namespace module, default="numpy"
        Where to evaluate. ``"cupy"`` needs CuPy and a GPU; ``"auto"`` uses
        CuPy when usable, else NumPy. Models that cannot run there fall back
        to NumPy with a warning.
    dtype : {"float32", "float64"}, default=None
        Floating type of device evaluation (default float32 on a device,
        float64 on NumPy); float32 on NumPy speeds up the models that
        :mod:`surfaceviz.compiled` supports.
    batch_size : int, default=None
        Grid points per model call (default 32,768; 4,194,304 on a device).
    max_memory : int or str, default=None
        Working-memory budget beyond the output, in bytes or as ``"256MB"``,
        ``"1GiB"``...; the batch size is derived from the memory the model
        allocates per point (measured with tracemalloc on a small probe).
        Exclusive with ``batch_size``.
    progress : bool or None, default=None
        Show a tqdm progress bar: ``None`` shows one on a terminal when the
        evaluation takes more than half a second; ``False`` never; ``True``
        always (needs tqdm).

    Returns
    -------
    SurfaceGrid

    Raises
    ------
    ValueError, TypeError
        For bad arguments (each message names the parameter).
    ImportError, RuntimeError
        ``backend="cupy"`` without CuPy, or without a GPU.
    sklearn.exceptions.NotFittedError
        When the model is not fitted.
    surfaceviz.EvaluationError
        When the model raises on grid points.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.svm import SVC
    >>> X, y = make_moons(100, noise=0.2, random_state=0)
    >>> grid = evaluate_grid(SVC().fit(X, y), X, resolution=(60, 40))
    >>> grid.values.shape, grid.task, grid.threshold
    ((40, 60), 'binary', 0.0)
    >>> fast = evaluate_grid(SVC().fit(X, y), X, resolution=(60, 40), refine=True)
    >>> fast.n_evaluated < 60 * 40
    True
    """
    X_arr, names = check_X(X)
    spec = GridSpec.from_data(X_arr, resolution=resolution, margin=margin, xlim=xlim, ylim=ylim)
    resp = resolve_response(
        model, response, X=X_arr, classes=classes, class_of_interest=class_of_interest
    )
    return evaluate_spec(
        resp, spec, model=model, strategy=strategy, refine=refine, coarse_step=coarse_step,
        levels=levels, n_jobs=n_jobs, backend=backend, dtype=dtype, batch_size=batch_size,
        max_memory=max_memory, progress=progress,
        feature_names=_feature_names(feature_names, names), class_of_interest=class_of_interest,
    )


def _feature_names(given, from_data):
    if given is None:
        return from_data
    names = tuple(str(n) for n in given)
    if len(names) != 2:
        raise ValueError(f"feature_names must name exactly 2 features; got {list(given)!r}.")
    return names


def evaluate_spec(resp, spec, *, model=None, strategy="dense", refine=False, coarse_step=None,
                  levels=None, n_jobs=None, backend="numpy", dtype=None, batch_size=None,
                  max_memory=None, progress=None, feature_names=None, class_of_interest=None):
    """Evaluate a resolved :class:`~surfaceviz.response.Response` on ``spec``.

    The one evaluation path behind :func:`evaluate_grid` and the display;
    the parameters are those of :func:`evaluate_grid`.
    """
    check_choice("strategy", strategy, STRATEGIES)
    if not isinstance(refine, (bool, np.bool_)):
        raise TypeError(f"refine must be True or False; got {refine!r}.")
    if refine:
        strategy = "adaptive"
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"progress must be True, False or None; got {progress!r}.")
    n_jobs = _check_n_jobs(n_jobs)
    resp, xp, xdtype = place_response(resp, model, backend, dtype)
    on_device = xp is not np
    if on_device and n_jobs not in (None, 1):
        warnings.warn("n_jobs is ignored on a device backend: batches run on the device.",
                      UserWarning, stacklevel=3)
        n_jobs = None
    batch_size = _batch_size(resp, spec, batch_size, max_memory, on_device)
    if strategy == "adaptive":
        classify, interpolate = _classifier_of(resp, levels)
        step = default_step(spec.nx, spec.ny) if coarse_step is None else check_positive_int(
            "coarse_step", coarse_step)
    elif coarse_step is not None or levels is not None:
        warnings.warn("coarse_step and levels are ignored by strategy='dense'.", UserWarning,
                      stacklevel=3)
    axes = spec.axes()
    n = spec.size
    if on_device:  # grid points are built on the device, batch by batch
        dev_axes = tuple(xp.asarray(a, dtype=xdtype) for a in axes)

        def grid_points(start, stop):
            return spec.points(start, stop, dev_axes, xp=xp)
    else:
        def grid_points(start, stop):
            return spec.points(start, stop, axes)
    bar = _progress_bar(progress, n if strategy == "dense" else None, resp.model_name)
    try:
        if strategy == "dense":
            out = _gather(resp, grid_points, n, batch_size, n_jobs, bar)
            values, n_evaluated = out.reshape(spec.shape + out.shape[1:]), n
        else:
            x, y = axes

            def evaluate_at(iy, ix):
                def points_of(start, stop):
                    return np.stack([x[ix[start:stop]], y[iy[start:stop]]], axis=1)

                return _gather(resp, points_of, len(iy), batch_size, n_jobs)

            values, n_evaluated = refine_grid(
                evaluate_at, classify, spec, step, interpolate, bar)
    finally:
        if bar is not None:
            bar.close()
    if resp.task == "labels":
        values = values.astype(np.int32, copy=False)
    return SurfaceGrid(
        x=axes[0], y=axes[1], values=values, response=resp.method, task=resp.task,
        classes=resp.classes, threshold=resp.threshold, pos_label=resp.pos_label,
        class_of_interest=class_of_interest if resp.task in ("multiclass", "labels") else None,
        feature_names=feature_names, n_evaluated=int(n_evaluated),
    )


def refine_grid(evaluate_at, classify, spec, step, interpolate, bar):
    """Run :func:`surfaceviz.adaptive.refine` with progress updates."""
    update = bar.update if bar is not None else None
    return refine(evaluate_at, classify, spec.nx, spec.ny, step, interpolate=interpolate,
                  on_evaluated=update)


# ------------------------------------------------------------------ batches
def _batches(n, batch_size):
    return [(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]


def _map(resp, points_of, n, batch_size, n_jobs):
    """Yield ``(start, stop, values)`` for every batch, serially or with joblib."""
    ranges = _batches(n, batch_size)
    if n_jobs in (None, 1) or len(ranges) == 1:
        for start, stop in ranges:
            yield start, stop, resp(points_of(start, stop))
        return
    from joblib import Parallel, delayed

    # threads by default: scikit-learn's predictors release the GIL, and
    # threads share the model instead of pickling it per batch; a backend set
    # with joblib.parallel_config (loky, Dask, Ray...) takes precedence
    parallel = Parallel(n_jobs=n_jobs, return_as="generator", prefer="threads")
    results = parallel(delayed(resp)(points_of(s, e)) for s, e in ranges)
    for (start, stop), values in zip(ranges, results):
        yield start, stop, values


def _gather(resp, points_of, n, batch_size, n_jobs, bar=None):
    """Evaluate ``n`` points, batch by batch, into one preallocated array."""
    out = None
    for start, stop, chunk in _map(resp, points_of, n, batch_size, n_jobs):
        if out is None:
            out = np.empty((n,) + chunk.shape[1:], dtype=_out_dtype(resp))
        out[start:stop] = chunk
        if bar is not None:
            bar.update(stop - start)
    return out


def _out_dtype(resp):
    return np.int32 if resp.task == "labels" else np.float64


def _classifier_of(resp, levels):
    """The labels adaptive refinement compares, and whether to interpolate."""
    if resp.task == "continuous":
        if levels is None:
            raise ValueError(
                "strategy='adaptive' on a continuous surface needs levels= (the contour "
                "levels to refine around); got None."
            )
        edges = np.sort(np.asarray(levels, dtype=float).ravel())
        return (lambda v: np.digitize(v, edges)), True
    if levels is not None:
        warnings.warn("levels is ignored for a classifier's surface: cells are refined "
                      "where the class changes.", UserWarning, stacklevel=4)

    def classify(values):
        return predicted_index(values, resp.task, resp.classes, resp.threshold, resp.pos_label)

    return classify, resp.task != "labels"


# ----------------------------------------------------------- batch sizing
def _check_n_jobs(n_jobs):
    if n_jobs is None:
        return None
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs must be an integer or None; got {type(n_jobs).__name__} {n_jobs!r}.")
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive integer, -1 for all cores, or None; got 0.")
    return int(n_jobs)


_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20,
          "gib": 2**30}


def parse_memory(value):
    """Bytes from an int or a string such as ``"512MB"`` or ``"1.5GiB"``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"max_memory must be a number of bytes or a string like '512MB'; got {value!r}.")
    if isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*", value)
        if not match or match.group(2).lower() not in _UNITS:
            raise ValueError(
                f"max_memory must look like '512MB', '1GiB' or a number of bytes; got {value!r}."
            )
        number = float(match.group(1)) * _UNITS[match.group(2).lower()]
    else:
        raise TypeError(
            f"max_memory must be a number of bytes or a string like '512MB'; got {type(value).__name__}."
        )
    if not np.isfinite(number) or number < 1:
        raise ValueError(f"max_memory must be a positive amount; got {value!r}.")
    return int(number)


def _batch_size(resp, spec, batch_size, max_memory, on_device):
    if batch_size is not None and max_memory is not None:
        raise ValueError("pass batch_size or max_memory, not both; got both.")
    if batch_size is not None:
        return check_positive_int("batch_size", batch_size)
    if max_memory is None:
        return DEFAULT_DEVICE_BATCH_SIZE if on_device else DEFAULT_BATCH_SIZE
    budget = parse_memory(max_memory)
    per_point = measure_bytes_per_point(resp, spec)
    return int(max(64, min(spec.size, budget // max(per_point, 1))))


def measure_bytes_per_point(resp, spec):
    """Peak bytes the model allocates per point, measured on a small probe."""
    import tracemalloc

    n = min(_PROBE_POINTS, spec.size)
    points = spec.points(0, n)
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        resp(points)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        if started:
            tracemalloc.stop()
    return max(int((peak - base) / n), 16)


# ---------------------------------------------------------------- backends
def place_response(resp, model, backend, dtype):
    """Move the response onto ``backend``; return ``(response, xp, xp_dtype)``.

    ``xp`` is NumPy when the response stays on the host.

    Models that cannot run there stay on NumPy, with a warning saying why
    (except for ``backend="auto"``, which falls back quietly only when no GPU
    is present).
    """
    xp, name = resolve_backend(backend)
    if dtype is not None:
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be 'float32' or 'float64'; got {dtype}.")
    if xp is np and dtype in (None, np.float64):
        return resp, np, np.float64
    dtype = dtype or np.dtype(np.float32)
    if resp.method == "callable" or (model is not None and resp._raw is model):
        fn, index = model, False  # a plain function: called with backend arrays
    else:
        try:
            fn = compile_response(model, resp.method, xp, dtype)
        except NotCompilable as exc:
            if xp is np:
                warnings.warn(f"dtype={dtype.name} is ignored for {resp.model_name}: {exc}.",
                              UserWarning, stacklevel=4)
            else:
                warnings.warn(
                    f"{resp.model_name} is evaluated on the CPU with NumPy, not on {name}: "
                    f"{exc}.", UserWarning, stacklevel=4)
            return resp, np, np.float64
        index = getattr(fn, "returns_class_index", False)
    xdtype = getattr(xp, dtype.name)
    classes = resp.classes

    def raw(points):
        if isinstance(points, np.ndarray):
            points = xp.asarray(np.ascontiguousarray(points), dtype=xdtype)
        out = to_numpy(fn(points))
        if index:
            out = classes[np.asarray(out).astype(np.intp)]
        return out

    return replace(resp, _raw=raw, _columns=None), xp, xdtype


# ---------------------------------------------------------------- progress
def _progress_bar(progress, total, name):
    if progress is False:
        return None
    if progress is None:
        stream = sys.stderr
        if stream is None or not getattr(stream, "isatty", lambda: False)():
            return None
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return None
        return tqdm(total=total, desc=f"evaluating {name}", unit="pt", unit_scale=True,
                    delay=0.5, leave=False)
    from ._optional import import_optional

    tqdm = import_optional("tqdm", purpose="progress=True").tqdm
    return tqdm(total=total, desc=f"evaluating {name}", unit="pt", unit_scale=True, leave=False)
