"""Several models side by side on one data set."""

from __future__ import annotations

import numpy as np

from .._utils.labels import differs
from .._utils.validation import check_positive_int


def plot_comparison(models, X, y, *, X_test=None, y_test=None, fit=False, ncols=None,
                    figsize=None, titles=None, sharecolor=None, **plot_kwargs):
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
    sharecolor : bool, default=None
        One colour scale and one colour bar for all panels. ``None`` (default):
        when the surfaces are comparable as they are (class regions of the same
        classes, or probabilities of the same class); ``True``: also for decision
        functions and values, on one common range (known only once every panel is
        evaluated, so panels are evaluated densely unless ``refine=`` says
        otherwise); ``False``: no shared bar (pass ``colorbar=True`` for one per
        panel).
    **plot_kwargs
        Passed to :func:`~surfaceviz.plot_decision_surface` for every panel.

    Returns
    -------
    fig : Figure
    displays : list of DecisionSurfaceDisplay
        ``displays[0].colorbar_`` is the shared colour bar, when there is one.
    """
    import matplotlib.pyplot as plt
    from sklearn.base import clone

    from .display import evaluated_display

    if sharecolor is not None and not isinstance(sharecolor, (bool, np.bool_)):
        raise TypeError(f"sharecolor must be True, False or None; got {sharecolor!r}.")
    names, models = _named_models(models, titles)
    n = len(models)
    ncols = panel_columns(n) if ncols is None else check_positive_int("ncols", ncols)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (4.2 * ncols + 1.0, 3.6 * nrows),
                             layout="constrained", squeeze=False)
    per_panel_bar = plot_kwargs.pop("colorbar", False)
    plot_kwargs.setdefault("legend", False)
    if sharecolor is True:  # the common range is known after every panel: no panel
        plot_kwargs.setdefault("refine", False)  # is refined around bands of its own
    panel_axes = list(axes.ravel()[:n])
    try:
        displays = []
        for ax, model in zip(panel_axes, models):
            if fit:
                model = clone(model).fit(X, y)
            displays.append(evaluated_display(
                model, X, y, ax=ax, X_test=X_test, y_test=y_test,
                colorbar=per_panel_bar and sharecolor is False, **plot_kwargs))
        shared = _shares_colors([d.grid for d in displays], sharecolor)
        norm = (shared_norm([d.grid for d in displays])
                if shared and "norm" not in plot_kwargs else None)
        for ax, name, disp in zip(panel_axes, names, displays):  # each panel drawn once
            disp.plot(ax=ax, **({} if norm is None else {"norm": norm}))
            ax.set_title(name)
        if shared:
            shared_colorbar(panel_axes, displays[0])
        for ax, disp in zip(panel_axes, displays):
            _note_accuracy(ax, disp)
    except BaseException:
        plt.close(fig)
        raise
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    return fig, displays


def _shares_colors(grids, sharecolor):
    """Whether the panels of ``grids`` get one colour scale and one colour bar."""
    if sharecolor is False or (sharecolor is None and not comparable(grids)):
        return False
    if not all(g.is_scalar == grids[0].is_scalar for g in grids):
        raise ValueError("sharecolor=True needs surfaces of one kind: all class regions or "
                         "all scalar surfaces; these models mix them.")
    return True


def shared_norm(grids):
    """One colour scale for the scalar surfaces ``grids`` (None for class regions)."""
    if not grids or not grids[0].is_scalar:
        return None
    from matplotlib.colors import Normalize

    g = grids[0]
    fields = [np.asarray(gr.surface(), dtype=float) for gr in grids]
    finite = np.concatenate([f[np.isfinite(f)] for f in fields])
    if g.response == "predict_proba" and g.task != "continuous":
        return Normalize(0.0, 1.0)
    if g.task == "binary":
        reach = float(np.percentile(np.abs(finite - g.threshold), 95)) or 1.0
        return Normalize(g.threshold - reach, g.threshold + reach)
    return Normalize(float(finite.min()), float(finite.max()))


def shared_colorbar(axes, disp):
    """One colour bar beside all ``axes`` for the surfaces drawn like ``disp``'s."""
    from ..render import style as _style
    from ..render import mpl2d

    palette = disp._palette(None, None, {})
    if disp.grid.is_scalar:
        mappable, ticklabels = disp.surface_, None
        if isinstance(mappable, list):
            mappable = mappable[0]
    else:
        mappable = mpl2d.class_mappable(palette.class_colors)
        ticklabels = palette.class_names
    disp.colorbar_ = mpl2d.draw_colorbar(axes, mappable,
                                         label=_style.colorbar_label(disp.grid, palette),
                                         ticklabels=ticklabels, shrink=0.8)
    mpl2d.fit_colorbar_label(disp.colorbar_)
    return disp.colorbar_


def comparable(grids):
    """Whether the surfaces ``grids`` can share one colour scale as they are: the
    same classes drawn as regions, or probabilities of the same class."""
    first = grids[0]

    def same_classes(g):
        return (g.classes is None) == (first.classes is None) and (
            g.classes is None or np.array_equal(g.classes, first.classes))

    if not all(same_classes(g) and g.is_scalar == first.is_scalar for g in grids):
        return False
    if not first.is_scalar:
        return True
    return all(g.response == "predict_proba" and g.task == first.task
               and g.pos_label == first.pos_label and g.class_of_interest ==
               first.class_of_interest for g in grids)


def panel_columns(n, widest=4):
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
