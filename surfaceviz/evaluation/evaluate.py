"""The evaluation strategies behind :meth:`surfaceviz.evaluation.plan.Plan.evaluate`.

- **Chunks**: the grid's inputs are built batch by batch (never a full
  meshgrid) and each batch's output is written straight into the
  preallocated result, so memory beyond the result is one batch's worth of
  model work. ``batch_size`` sets the batch directly; ``max_memory`` derives
  it from the model's measured working memory per point.
- **Parallel**: ``n_jobs`` hands the batches to joblib (threads by default;
  any joblib backend, processes, Dask or Ray included, through
  ``joblib.parallel_config``). Results are identical to the serial path.
- **Adaptive**: ``refine=True`` evaluates a coarse lattice and
  refines only the cells the boundary crosses (:mod:`surfaceviz.evaluation.adaptive`).
- **Backends**: ``backend="cupy"`` (or ``"auto"``, or any array-API module)
  evaluates models that can run there from their fitted coefficients
  (:mod:`surfaceviz.evaluation.compiled`); others fall back to NumPy with a warning.

The options are declared once, in :mod:`surfaceviz.evaluation.options`.
"""

from __future__ import annotations

import threading
import time
import weakref
import numpy as np

from .._utils.labels import class_index
from .._utils.progress import progress_bar
from .._utils.validation import check_dtype, check_resolution
from .._utils.warnings import warn_external
from .adaptive import SubCellFeatures, default_step, refine
from .backend import resolve_backend, to_numpy
from .compiled import NotCompilable, compile_response
from .options import STRATEGIES, parse_memory  # noqa: F401
from .response import EvaluationError
from .surface import SurfaceGrid, class_margins, predicted_index

#: Default grid points per model call on the CPU.
DEFAULT_BATCH_SIZE = 2**15
#: Default grid points per model call on a device (GPU).
DEFAULT_DEVICE_BATCH_SIZE = 2**22
#: ``refine="auto"``: refine adaptively when a dense grid would take longer.
AUTO_REFINE_SECONDS = 0.1
#: ``refine="auto"``: fewest cells of the coarse lattice along the shorter axis.
AUTO_REFINE_CELLS = 40
#: ``refine="auto"``: smaller grids are evaluated densely.
_AUTO_MIN_POINTS = 4096
#: ``refine="auto"``: coarse cells whose centres test the refinement's caveat
#: (too many hiding another label there: the grid is evaluated densely).
AUTO_CHECK_CELLS = 256
#: Points evaluated (under tracemalloc) to size batches for ``max_memory``.
_PROBE_POINTS = 1024


def evaluate_spec(resp, spec, options, *, model=None, feature_names=None, lift=None):
    """Evaluate a resolved :class:`~surfaceviz.evaluation.response.Response` on ``spec``.

    The one evaluation path behind every plan (:mod:`surfaceviz.evaluation.plan`).

    Parameters
    ----------
    resp : Response
    spec : GridSpec
    options : EvaluationOptions
        Its grid and response fields are already applied to ``spec`` and
        ``resp``; the strategy, backend and batching fields are used here.
    model : estimator or callable, default=None
        The model ``resp`` was resolved from (to rebuild it on a device).
    feature_names : tuple of (str, str), default=None
    lift : surfaceviz.evaluation.lift.Lift, default=None
        Maps grid points to the model's inputs (a slice, a map or a strip);
        None when the grid is the model's own plane. ``resp`` takes model
        inputs; every strategy evaluates ``resp(lift(points))``.

    Returns
    -------
    SurfaceGrid
    """
    check_resolution((spec.nx, max(spec.ny, 2)), n_outputs=resp.n_outputs)
    resp, xp, xdtype = place_response(resp, model, options.backend, options.dtype)
    if lift is not None:
        resp = lift.lifted(resp)
    n_jobs = options.n_jobs
    if xp is not np and n_jobs not in (None, 1):
        warn_external("n_jobs is ignored on a device backend: batches run on the device.")
        n_jobs = None
    if not options.adaptive and not options.auto_refine and (
            options.coarse_step is not None or options.refine_levels is not None):
        warn_external("coarse_step and refine_levels are ignored without refinement "
                      "(refine=False).")
    batch_size = _batch_size(resp, spec, options, on_device=xp is not np, n_jobs=n_jobs)
    adaptive, options = decide_refine(resp, spec, options)
    bar = progress_bar(options.progress, total=None if adaptive else spec.size,
                       desc=f"evaluating {resp.model_name}", unit="pt", unit_scale=True,
                       delay=0.5)
    try:
        if adaptive:
            try:
                values, n_evaluated = _evaluate_adaptive(resp, spec, options, batch_size,
                                                         n_jobs, bar, timed=adaptive == "auto")
            except (_DenseIsCheaper, SubCellFeatures):  # cheap model; or rough surface
                adaptive = False
        if not adaptive:
            values = _evaluate_dense(resp, spec, xp, xdtype, batch_size, n_jobs, bar)
            n_evaluated = spec.size
    finally:
        if bar is not None:
            bar.close()
    if resp.task == "labels":
        values = values.astype(np.int32, copy=False)
    else:
        _check_finite(values, resp)
    coi = options.class_of_interest
    x, y = spec.axes()
    return SurfaceGrid(
        x=x, y=y, values=values, response=resp.method, task=resp.task,
        classes=resp.classes, threshold=resp.threshold, pos_label=resp.pos_label,
        class_of_interest=coi if resp.task in ("multiclass", "labels") else None,
        feature_names=feature_names, n_evaluated=int(n_evaluated),
        lift=None if lift is None else lift.describe(),
    )


def decide_refine(resp, spec, options):
    """Whether to refine adaptively, and the options to do it with.

    ``refine="auto"`` refines class regions and binary surfaces around their
    class boundary (and around ``levels`` when given: the display passes the
    bands it will draw, or asks for a dense grid where it cannot know them), and
    a continuous surface with ``levels``, on grids of at least
    :data:`_AUTO_MIN_POINTS` points, from a coarse lattice of at least
    :data:`AUTO_REFINE_CELLS` cells along the shorter axis; the lattice's own
    evaluation is timed, and where the whole grid would take no more than
    :data:`AUTO_REFINE_SECONDS` at that pace (a cheap model) the grid is
    evaluated densely instead (:class:`_DenseIsCheaper`).

    Returns
    -------
    adaptive : bool or "auto"
        "auto": adaptive, unless the timed lattice says dense is cheap.
    options : EvaluationOptions
        With the coarse step an automatic refinement uses.
    """
    if options.adaptive:
        return True, options
    if not options.auto_refine:
        return False, options
    safe = resp.task != "continuous" or options.refine_levels is not None
    step = options.coarse_step or default_step(spec.nx, spec.ny, cells=AUTO_REFINE_CELLS)
    if not safe or step < 2 or spec.size < _AUTO_MIN_POINTS:
        return False, options
    return "auto", options.evolve(coarse_step=step)


class _DenseIsCheaper(Exception):
    """The timed coarse lattice says a dense grid takes under AUTO_REFINE_SECONDS."""


def _unless_dense_is_cheaper(evaluate_at, size):
    """``evaluate_at`` whose first call (the coarse lattice) is timed: where the
    whole grid of ``size`` points would take no more than
    :data:`AUTO_REFINE_SECONDS` at that pace, it raises :class:`_DenseIsCheaper`.
    The pace is the call's seconds per point (its fixed cost counted as if per
    point: an overestimate, which errs on the side of refining)."""
    first = [True]

    def timed(iy, ix):
        if not first[0]:
            return evaluate_at(iy, ix)
        first[0] = False
        start = time.perf_counter()
        values = evaluate_at(iy, ix)
        if (time.perf_counter() - start) * size / max(len(iy), 1) <= AUTO_REFINE_SECONDS:
            raise _DenseIsCheaper
        return values

    return timed


def _check_finite(values, resp):
    """Non-finite values become NaN ("no value"), with a warning; all of them: an error."""
    bad = ~np.isfinite(values)
    if bad.ndim == 3:
        bad = bad.any(axis=-1)
    count = int(bad.sum())
    if not count:
        return
    if count == bad.size:
        raise EvaluationError(
            f"{resp.description} returned NaN or infinity at every one of the "
            f"{bad.size:,} grid points; there is nothing to draw."
        )
    values[bad] = np.nan
    warn_external(
        f"{resp.description} returned NaN or infinity at {count:,} of "
        f"{bad.size:,} grid points ({count / bad.size:.1%}); they are drawn as 'no value'.")


def _evaluate_dense(resp, spec, xp, xdtype, batch_size, n_jobs, bar):
    """Every grid point, batch by batch; shape ``spec.shape (+ outputs)``."""
    if xp is not np:  # grid points are built on the device, batch by batch
        axes = tuple(xp.asarray(a, dtype=xdtype) for a in spec.axes())

        def grid_points(start, stop):
            return spec.points(start, stop, axes, xp=xp)
    else:
        axes = spec.axes()

        def grid_points(start, stop):
            return spec.points(start, stop, axes)
    out = _gather(resp, grid_points, spec.size, batch_size, n_jobs, bar)
    return out.reshape(spec.shape + out.shape[1:])


def _evaluate_adaptive(resp, spec, options, batch_size, n_jobs, bar, *, timed=False):
    """Coarse lattice + refinement near the boundary: ``(values, n_evaluated)``.

    ``timed``: raise :class:`_DenseIsCheaper` after the coarse lattice where a
    dense grid would be cheap (``refine="auto"``)."""
    classify, interpolate = _classifier_of(resp, options.refine_levels,
                                           options.class_of_interest)
    step = (default_step(spec.nx, spec.ny) if options.coarse_step is None
            else int(options.coarse_step))
    x, y = spec.axes()

    def evaluate_at(iy, ix):
        def points_of(start, stop):
            return np.stack([x[ix[start:stop]], y[iy[start:stop]]], axis=1)

        return _gather(resp, points_of, len(iy), batch_size, n_jobs)

    if timed:
        evaluate_at = _unless_dense_is_cheaper(evaluate_at, spec.size)
    return refine_grid(evaluate_at, classify, spec, step, interpolate, bar,
                       check_centres=AUTO_CHECK_CELLS if timed else 0)


def refine_grid(evaluate_at, classify, spec, step, interpolate, bar, check_centres=0):
    """Run :func:`surfaceviz.evaluation.adaptive.refine` with progress updates."""
    update = bar.update if bar is not None else None
    return refine(evaluate_at, classify, spec.nx, spec.ny, step, interpolate=interpolate,
                  on_evaluated=update, check_centres=check_centres)


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


def _classifier_of(resp, levels, class_of_interest=None):
    """The labels adaptive refinement compares, and whether to interpolate.

    A continuous surface is refined where its values cross one of ``levels``;
    a classifier's where the predicted class changes and, for a binary or
    one-class surface (``class_of_interest``), also where the drawn score
    crosses one of ``levels`` (the bands of its filled contours); for class
    regions, where the winner's margin over the runner-up (their confidence
    shading) does."""
    edges = None if levels is None else np.sort(np.asarray(levels, dtype=float).ravel())
    if resp.task == "continuous":
        if edges is None:
            raise ValueError(
                "refine=True on a continuous surface needs refine_levels= (the contour "
                "levels to refine around); got None."
            )
        return (lambda v: np.digitize(v, edges)), True

    def classify(values):
        return predicted_index(values, resp.task, resp.classes, resp.threshold, resp.pos_label)

    if edges is None or resp.task == "labels":
        if edges is not None:
            warn_external("refine_levels is ignored for label regions: cells are refined where "
                          "the class changes.")
        return classify, resp.task != "labels"
    column = (None if resp.task == "binary" or class_of_interest is None
              else class_index(resp.classes, class_of_interest))

    def banded(values):
        if resp.task == "binary":  # the drawn score itself
            score = values
        elif column is not None:  # one class of many: its score
            score = values[:, column]
        else:  # class regions: the winner's margin, their confidence shading
            score = class_margins(values, resp.task, resp.classes, resp.threshold,
                                  resp.pos_label).max(axis=-1)
        return classify(values) * (edges.size + 1) + np.digitize(score, edges)

    return banded, True


# ----------------------------------------------------------- batch sizing
def _batch_size(resp, spec, options, *, on_device, n_jobs=None):
    """Grid points per model call: given, derived from ``max_memory``, or the default.

    ``max_memory`` bounds the whole evaluation: with ``n_jobs`` workers running
    batches at once, each batch gets its share of the budget, less what joblib
    holds beside the running batches (the points of the batches dispatched
    ahead, twice as many as the workers, and results waiting their turn).
    """
    if options.batch_size is not None:
        return int(options.batch_size)
    if options.max_memory is None:
        return DEFAULT_DEVICE_BATCH_SIZE if on_device else DEFAULT_BATCH_SIZE
    workers = _concurrent_batches(n_jobs)
    budget = parse_memory(options.max_memory) // workers
    per_point = measure_bytes_per_point(resp, spec)
    if workers > 1:
        per_point += 2 * 8 + 8 * resp.n_outputs
    return int(max(64, min(spec.size, budget // max(per_point, 1))))


def _concurrent_batches(n_jobs):
    """How many batches run at once with ``n_jobs`` (joblib's reading of it)."""
    if n_jobs in (None, 1):
        return 1
    from joblib import effective_n_jobs

    return max(1, int(effective_n_jobs(n_jobs)))


def measure_bytes_per_point(resp, spec):
    """Peak bytes one batch needs per point: the model's work, measured on a
    probe of ``_PROBE_POINTS`` points, plus the points themselves.

    tracemalloc counts the whole process, so probes run one at a time (a
    lock) and a model's measurement is kept (per model object, response
    method and fitted state), so that threads evaluating one model at once
    share one quiet measurement instead of polluting each other's.
    """
    key = _probe_key(resp)
    with _PROBE_LOCK:
        cached = _PROBE_CACHE.get(key[0], {}).get(key[1]) if key else None
        if cached is None:
            cached = _probe(resp, spec)
            if key:
                _PROBE_CACHE.setdefault(key[0], {})[key[1]] = cached
    return cached + 2 * 8  # the (n, 2) float64 points of the batch


def _probe(resp, spec):
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
    # at least the output itself (another thread's frees can hide our allocations)
    return max(int((peak - base) / n), 8 * resp.n_outputs, 16)


def _probe_key(resp):
    """``(model, (method, fitted state))`` to cache a probe by, or None."""
    model = getattr(resp._raw, "__self__", None)
    if model is None:
        return None
    state = tuple(sorted((k, getattr(v, "shape", None)) for k, v in vars(model).items()
                         if k.endswith("_") and hasattr(v, "shape"))) if hasattr(
        model, "__dict__") else ()
    try:
        weakref.ref(model)
    except TypeError:
        return None
    return model, (resp.method, repr(model), state)


_PROBE_LOCK = threading.Lock()
_PROBE_CACHE = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------- backends
def place_response(resp, model, backend, dtype):
    """Move the response onto ``backend``; return ``(response, xp, xp_dtype)``.

    ``xp`` is NumPy when the response stays on the host.

    Models that cannot run there stay on NumPy, with a warning saying why
    (except for ``backend="auto"``, which falls back quietly only when no GPU
    is present).
    """
    xp, name = resolve_backend(backend)
    dtype = check_dtype(dtype)
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
                warn_external(f"dtype={dtype.name} is ignored for {resp.model_name}: {exc}.")
            else:
                warn_external(f"{resp.model_name} is evaluated on the CPU with NumPy, not on "
                              f"{name}: {exc}.")
            return resp, np, np.float64
        index = getattr(fn, "returns_class_index", False)
    xdtype = getattr(xp, dtype.name)

    def raw(points):
        if isinstance(points, np.ndarray):
            points = xp.asarray(np.ascontiguousarray(points), dtype=xdtype)
        return to_numpy(fn(points))

    return resp.rebuilt(raw, returns_class_index=index), xp, xdtype
