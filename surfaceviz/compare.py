"""Several models side by side on one data set."""

from __future__ import annotations

import numpy as np

from ._labels import differs
from ._validation import check_positive_int


def plot_comparison(models, X, y, *, X_test=None, y_test=None, fit=False, ncols=None,
                    figsize=None, titles=None, **plot_kwargs):
    """Each model's decision surface with the data and its accuracy in the corner.

    Parameters
    ----------
    models : dict of {str: estimator} or sequence of estimators
        Fitted models (or unfitted ones with ``fit=True``).
    X, y : array-like
        Training data, drawn on every panel.
    X_test, y_test : array-like, default=None
        Held-out data: drawn hollow, and the accuracy in the corner is theirs
        (else the training accuracy, marked "train").
    fit : bool, default=False
        Fit a clone of each model on ``X``, ``y`` first.
    ncols : int, default=None
        Panels per row (default: at most 4, leaving at most one cell empty).
    figsize : tuple, default=None
    titles : sequence of str, default=None
        Panel titles (default: the dict keys or the class names).
    **plot_kwargs
        Passed to :func:`~surfaceviz.plot_decision_surface` for every panel.

    Returns
    -------
    fig : Figure
    displays : list of DecisionSurfaceDisplay
    """
    import matplotlib.pyplot as plt
    from sklearn.base import clone

    from .display import plot_decision_surface

    names, models = _named_models(models, titles)
    n = len(models)
    ncols = _columns(n) if ncols is None else check_positive_int("ncols", ncols)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (4.2 * ncols, 3.6 * nrows),
                             layout="constrained", squeeze=False)
    plot_kwargs.setdefault("colorbar", False)
    plot_kwargs.setdefault("legend", False)
    displays = []
    try:
        for ax, name, model in zip(axes.ravel(), names, models):
            if fit:
                model = clone(model).fit(X, y)
            disp = plot_decision_surface(model, X, y, ax=ax, X_test=X_test, y_test=y_test,
                                         **plot_kwargs)
            _note_accuracy(ax, disp)
            ax.set_title(name)
            displays.append(disp)
    except BaseException:
        plt.close(fig)
        raise
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    return fig, displays


def _columns(n, widest=4):
    """Columns of a grid of ``n`` panels: at most ``widest``, leaving at most one
    cell empty (5 panels: 3 x 2, not 4 x 2), and as few rows as that allows."""
    fits = [c for c in range(min(n, widest), 0, -1) if (-n) % c <= 1]
    return fits[0] if fits else min(n, widest)


def _named_models(models, titles):
    """``(names, models)`` from a dict or a sequence of models, and optional titles."""
    if isinstance(models, dict):
        names, models = [str(k) for k in models], list(models.values())
    else:
        try:
            models = list(models)
        except TypeError as exc:
            raise TypeError("models must be a list or a dict of models; got "
                            f"{type(models).__name__}.") from exc
        names = [m.steps[-1][0] if hasattr(m, "steps") else
                 getattr(m, "__name__", type(m).__name__) for m in models]
    if not models:
        raise ValueError("models is empty: give at least one model.")
    if titles is not None:
        if isinstance(titles, str) or len(titles) != len(models):
            raise ValueError(f"titles must have one entry per model ({len(models)}); got "
                             f"{titles!r}.")
        names = [str(t) for t in titles]
    return names, models


def _note_accuracy(ax, disp):
    """The test (else training) accuracy in the panel's corner, from the display's labels."""
    disp.accuracy_ = None
    for pred, true, which in ((disp.y_test_pred, disp.y_test, "test"),
                              (disp.y_pred, disp.y, "train")):
        if pred is not None and true is not None:
            disp.accuracy_ = float(1.0 - differs(pred, true).mean())
            ax.text(0.98, 0.03, f"{which} {disp.accuracy_:.1%}", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize="medium",
                    bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
            return
