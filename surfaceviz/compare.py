"""Several models side by side on one data set."""

from __future__ import annotations

import numpy as np


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
        Panels per row (default: all in one row, at most 4).
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

    if isinstance(models, dict):
        names, models = list(models), list(models.values())
    else:
        models = list(models)
        names = [type(m).__name__ if not hasattr(m, "steps") else m.steps[-1][0] for m in models]
    if not models:
        raise ValueError("models is empty: give at least one model.")
    if titles is not None:
        if len(titles) != len(models):
            raise ValueError(f"titles must have one entry per model ({len(models)}); got {len(titles)}.")
        names = list(titles)
    n = len(models)
    ncols = ncols or min(n, 4)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (4.2 * ncols, 3.6 * nrows),
                             layout="constrained", squeeze=False)
    plot_kwargs.setdefault("colorbar", False)
    plot_kwargs.setdefault("legend", False)
    displays = []
    for ax, name, model in zip(axes.ravel(), names, models):
        if fit:
            model = clone(model).fit(X, y)
        disp = plot_decision_surface(model, X, y, ax=ax, X_test=X_test, y_test=y_test,
                                     **plot_kwargs)
        if X_test is not None and y_test is not None:
            score, which = np.mean(model.predict(X_test) == np.asarray(y_test)), "test"
        else:
            score, which = np.mean(model.predict(X) == np.asarray(y)), "train"
        ax.text(0.98, 0.03, f"{which} {score:.1%}", transform=ax.transAxes, ha="right",
                va="bottom", fontsize="medium",
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
        ax.set_title(name)
        disp.accuracy_ = float(score)
        displays.append(disp)
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    return fig, displays
