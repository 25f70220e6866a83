"""Evaluate a model on a grid, in bounded chunks: ``evaluate_grid``.

The grid's inputs are built chunk by chunk (never a full meshgrid), and each
chunk's output is written straight into the preallocated result, so the
memory held beyond the result itself is one chunk's worth, whatever the grid
size.
"""

from __future__ import annotations

import sys

import numpy as np

from ._validation import check_X, check_positive_int
from .grid import GridSpec
from .response import resolve_response
from .surface import SurfaceGrid

#: Default number of grid points evaluated per model call.
DEFAULT_BATCH_SIZE = 2**15


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
    batch_size=DEFAULT_BATCH_SIZE,
    progress=None,
):
    """Evaluate ``model`` on a grid over the range of ``X``.

    Parameters
    ----------
    model : estimator or callable
        A fitted scikit-learn estimator (classifier, pipeline, regressor,
        clusterer, outlier detector), any object with ``predict``, or a callable
        ``f(points) -> values`` taking an array of shape ``(n, 2)``.
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
    batch_size : int, default=32768
        Grid points per model call. Memory beyond the output is about one
        batch's worth of model work.
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
    sklearn.exceptions.NotFittedError
        When the model is not fitted.
    surfaceviz.response.EvaluationError
        When the model raises on grid points.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.svm import SVC
    >>> X, y = make_moons(100, noise=0.2, random_state=0)
    >>> grid = evaluate_grid(SVC().fit(X, y), X, resolution=(60, 40))
    >>> grid.values.shape, grid.task, grid.threshold
    ((40, 60), 'binary', 0.0)
    """
    X_arr, names = check_X(X)
    spec = GridSpec.from_data(X_arr, resolution=resolution, margin=margin, xlim=xlim, ylim=ylim)
    resp = resolve_response(
        model, response, X=X_arr, classes=classes, class_of_interest=class_of_interest
    )
    return evaluate_spec(resp, spec, batch_size=batch_size, progress=progress,
                         feature_names=_feature_names(feature_names, names),
                         class_of_interest=class_of_interest)


def _feature_names(given, from_data):
    if given is None:
        return from_data
    names = tuple(str(n) for n in given)
    if len(names) != 2:
        raise ValueError(f"feature_names must name exactly 2 features; got {list(given)!r}.")
    return names


def evaluate_spec(resp, spec, *, batch_size=DEFAULT_BATCH_SIZE, progress=None,
                  feature_names=None, class_of_interest=None):
    """Evaluate a resolved :class:`~surfaceviz.response.Response` on ``spec``.

    The one evaluation path behind :func:`evaluate_grid` and the display.
    """
    batch_size = check_positive_int("batch_size", batch_size)
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"progress must be True, False or None; got {progress!r}.")
    axes = spec.axes()
    n = spec.size
    out = None
    bar = _progress_bar(progress, n, resp.model_name)
    try:
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            chunk = resp(spec.points(start, stop, axes))
            if out is None:
                dtype = np.int32 if resp.task == "labels" else np.float64
                out = np.empty((n,) + chunk.shape[1:], dtype=dtype)
            out[start:stop] = chunk
            if bar is not None:
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()
    values = out.reshape(spec.shape + out.shape[1:])
    return SurfaceGrid(
        x=axes[0], y=axes[1], values=values, response=resp.method, task=resp.task,
        classes=resp.classes, threshold=resp.threshold, pos_label=resp.pos_label,
        class_of_interest=class_of_interest if resp.task in ("multiclass", "labels") else None,
        feature_names=feature_names,
    )


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
