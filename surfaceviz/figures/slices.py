"""Many slices of one model: a grid of slices and a pair matrix.

:func:`plot_slices` draws one panel per value of a third feature;
:func:`plot_decision_matrix` draws every pair of features as a slice through
the fill row (off the diagonal) and the response along each feature (on the
diagonal), in the manner of seaborn's ``pairplot``. Both share one colour
scale, one colour bar and one legend across their panels.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._utils.validation import check_bool, check_positive_int
from ..evaluation.lift import column_index, fill_row, is_average, read_table, resolve_features

#: Most features of a pair matrix unless ``features=`` lists them.
MAX_MATRIX_FEATURES = 8


def plot_slices(model, X, y=None, *, features=(0, 1), vary=2, values=None, n=4, fill=None,
                slice_width=None, ncols=None, figsize=None, resolution=120, **plot_kwargs):
    """Slices of ``model`` through two features, one panel per value of a third.

    Parameters
    ----------
    model : estimator or callable
        Fitted on all the columns of ``X``.
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data (at least 3 columns). Never modified.
    y : array-like of shape (n_samples,), default=None
    features : tuple of two int or str, default=(0, 1)
        The features of the two axes (indices, or names of a DataFrame's columns).
    vary : int or str, default=2
        The feature that changes from panel to panel.
    values : sequence of float, default=None
        Its value in each panel; default: ``n`` quantiles of its data (at the
        levels ``(k + 0.5) / n``).
    n : int, default=4
        Number of panels when ``values`` is None.
    fill : "median", "mean" or dict, default=None
        The other features' values (as for :func:`plot_decision_surface`).
    slice_width : float or dict, default=None
        A slab across the other held features. Each data point is drawn in the
        panel whose value of ``vary`` is nearest to its own (and, with
        ``slice_width``, only when it lies in the slab).
    ncols : int, default=None
        Panels per row (default: at most 4, leaving at most one cell empty).
    figsize : tuple, default=None
    resolution : int or tuple, default=120
        Grid points per axis of each panel.
    **plot_kwargs
        Passed to :func:`~surfaceviz.plot_decision_surface` for every panel
        (``response``, ``cmap``, ``class_colors``...).

    Returns
    -------
    fig : Figure
    displays : list of DecisionSurfaceDisplay
        One per panel; ``displays[k].grid.lift["fill"]`` holds panel ``k``'s values.

    Raises
    ------
    ValueError
        ``vary`` equal to one of ``features``, unknown or out-of-range
        features, bad ``values`` or ``n``.
    """
    import matplotlib.pyplot as plt

    from .compare import panel_columns

    table = read_table(X)
    features = resolve_features(table, features, "features", count=2)
    k = column_index(table, vary, "vary")
    if k in features:
        raise ValueError(f"vary={vary!r} is one of features={features!r}; it must be a third "
                         "feature.")
    column = table.column(k)
    if column.dtype.kind not in "iuf":
        raise TypeError(f"vary must name a numeric feature; {table.names[k]!r} holds "
                        f"{column.dtype}.")
    values = _panel_values(values, n, column.astype(np.float64))
    average = is_average(fill)
    held = None if average else _held(table, fill, features)
    nearest = np.abs(column.astype(np.float64)[:, None] - values[None, :]).argmin(axis=1)
    ncols = panel_columns(len(values)) if ncols is None else check_positive_int("ncols", ncols)
    nrows = int(np.ceil(len(values) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (3.6 * ncols + 1.2, 3.3 * nrows),
                             layout="constrained", squeeze=False)
    try:
        panels = []
        for p, value in enumerate(values):
            key = table.names[k] if table.is_frame else k
            if average:  # partial dependence, the varied feature held in every row
                panel = dict(features=features, fill="average", hold={key: float(value)})
            else:
                panel = dict(features=features, fill={**held, key: float(value)},
                             slice_width=slice_width)
            panels.append(dict(panel, keep=nearest == p,
                               title=f"{table.names[k]} = {value:.3g}"))
        displays = _draw_panels(model, X, y, list(axes.ravel()[:len(values)]), panels,
                                resolution, plot_kwargs)
        for ax in axes.ravel()[len(values):]:
            ax.set_axis_off()
        _shared_decorations(fig, list(axes.ravel()[:len(values)]), displays, plot_kwargs)
        fig.suptitle(_held_note(displays[0], exclude=table.names[k]), fontsize="medium")
    except BaseException:
        plt.close(fig)
        raise
    return fig, displays


def plot_decision_matrix(model, X, y=None, *, features=None, fill="median", resolution=60,
                         figsize=None, hist=True, **plot_kwargs):
    """A pair matrix of the model's slices, in the manner of seaborn's ``pairplot``.

    Panel ``(r, c)`` off the diagonal is the slice through features ``c``
    (horizontal) and ``r`` (vertical), every other feature at ``fill``; the
    diagonal shows the response along each feature (the others at ``fill``)
    with the classes' histograms. Panels share the x-axis of their column and
    (off the diagonal) the y-axis of their row, one colour scale, one colour
    bar and one legend.

    Parameters
    ----------
    model : estimator or callable
        Fitted on all the columns of ``X``.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), default=None
    features : sequence of int or str, default=None
        The features to show (default: all, at most 8).
    fill : "median", "mean", dict or one row, default="median"
    resolution : int, default=60
        Grid points per axis of each panel.
    figsize : tuple, default=None
    hist : bool, default=True
        Draw the classes' histograms on the diagonal.
    **plot_kwargs
        Passed to :func:`~surfaceviz.plot_decision_surface` for every panel.

    Returns
    -------
    fig : Figure
    displays : ndarray of DecisionSurfaceDisplay, shape (k, k)

    Raises
    ------
    ValueError
        More than 8 features without ``features=``; fewer than 2; unknown,
        duplicated or out-of-range features.
    """
    import matplotlib.pyplot as plt

    check_bool("hist", hist)
    table = read_table(X)
    if features is None:
        if table.n_features > MAX_MATRIX_FEATURES:
            raise ValueError(f"X has {table.n_features} features; a pair matrix shows at most "
                             f"{MAX_MATRIX_FEATURES} unless features= lists the ones to show.")
        cols = tuple(range(table.n_features))
    else:
        cols = resolve_features(table, features, "features")
    if len(cols) < 2:
        raise ValueError(f"a pair matrix needs at least 2 features; got {len(cols)}.")
    for c in cols:
        if table.column(c).dtype.kind not in "iuf":
            raise TypeError(f"features must be numeric; {table.names[c]!r} holds "
                            f"{table.column(c).dtype}.")
    k = len(cols)
    size = figsize or (2.2 * k + 1.6, 2.2 * k + 0.4)
    fig, axes = plt.subplots(k, k, figsize=size, layout="constrained", squeeze=False)
    try:
        panels = []
        for r in range(k):
            for c in range(k):
                pair = (cols[c], cols[r])
                held = _held(table, fill, pair if r != c else (cols[c],))
                panels.append(dict(features=pair if r != c else (cols[c],), fill=held,
                                   title="", diagonal=r == c))
        displays = _draw_panels(model, X, y, list(axes.ravel()), panels, resolution,
                                {**plot_kwargs, "scatter_kw": {"s": 8, "linewidths": 0.3,
                                                               **plot_kwargs.get("scatter_kw",
                                                                                 {})}},
                                hist=hist)
        _matrix_axes(axes, [table.names[c] for c in cols])
        if is_average(fill):
            fig.suptitle(_held_note(displays[1], exclude=None), fontsize="medium")
        _shared_decorations(fig, [a for i, a in enumerate(axes.ravel()) if i % (k + 1)],
                            [d for i, d in enumerate(displays) if i % (k + 1)], plot_kwargs,
                            all_axes=list(axes.ravel()))
    except BaseException:
        plt.close(fig)
        raise
    return fig, np.array(displays, dtype=object).reshape(k, k)


# ------------------------------------------------------------------ helpers
def _panel_values(values, n, column):
    if values is None:
        n = check_positive_int("n", n)
        return np.quantile(column, (np.arange(n) + 0.5) / n)
    arr = np.asarray(values, dtype=object).ravel()
    if arr.size == 0 or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                and np.isfinite(v) for v in arr):
        raise ValueError(f"values must be a non-empty sequence of finite numbers; got "
                         f"{values!r}.")
    return arr.astype(np.float64)


def _held(table, fill, features):
    """The fill of every feature not in ``features``, as a dict by name or index
    (``"average"`` stays as it is: nothing is held)."""
    if is_average(fill):
        return fill
    row = fill_row(table, fill, features)
    return {(table.names[j] if table.is_frame else j): v for j, v in enumerate(row)
            if j not in features}


def _draw_panels(model, X, y, axes, panels, resolution, plot_kwargs, hist=False):
    """Evaluate every panel, then draw each once on one colour scale (no colour
    bar, no legend: shared later)."""
    from .compare import shared_norm
    from .display import evaluated_display

    displays = []
    user = {key: v for key, v in plot_kwargs.items() if key not in ("colorbar", "legend")}
    norm = user.get("norm")  # the panels are refined around the bands it makes
    predictions = None  # the model at the data points: the same for every panel
    for ax, panel in zip(axes, panels):
        if panel.get("diagonal"):
            displays.append(_diagonal(model, X, y, ax, panel, resolution, user, hist))
            continue
        extra = {"hold": panel["hold"]} if panel.get("hold") else {}
        disp = evaluated_display(
            model, X, y, ax=ax, features=panel["features"], fill=panel["fill"],
            slice_width=panel.get("slice_width"), resolution=resolution, colorbar=False,
            legend=False, title=panel["title"], predictions=predictions, **extra, **user)
        predictions = (disp.y_pred, disp.y_test_pred)
        keep = panel.get("keep")
        if keep is not None:  # the data nearest to this panel's value only
            disp.in_slab = keep if disp.in_slab is None else keep & disp.in_slab
        displays.append(disp)
    norm = norm or shared_norm([d.grid for d in displays if not d.grid.is_strip])
    for ax, disp, panel in zip(axes, displays, panels):
        if not panel.get("diagonal"):
            disp.plot(ax=ax, **({"norm": norm} if norm is not None else {}))
    return displays


#: The evaluation options a diagonal panel (the response along one feature) sets
#: itself; the user's others apply to it as to every panel.
_DIAGONAL_DECIDES = frozenset({"features", "fill", "slice_width", "projection", "inverse",
                               "resolution", "xlim", "ylim", "feature_names", "refine_levels"})


def _diagonal(model, X, y, ax, panel, resolution, user, hist):
    """The response along one feature, the others held, with class histograms."""
    from ..evaluation.options import EvaluationOptions
    from ..evaluation.plan import plan
    from .display import DecisionSurfaceDisplay

    (f,) = panel["features"]
    table = read_table(X)
    other = next(j for j in range(table.n_features) if j != f)
    name_of = (lambda j: table.names[j] if table.is_frame else j)  # noqa: E731
    # the user's evaluation options, but for what this panel decides itself
    options = {key: v for key, v in user.items()
               if key in EvaluationOptions.names() and key not in _DIAGONAL_DECIDES}
    n = int(np.atleast_1d(resolution)[0])
    record = {"kind": "strip", "features": [str(table.names[f])],
              "n_features": table.n_features}
    if is_average(panel["fill"]):  # one-way partial dependence: the rest averaged
        grid = _average_curve(model, X, f, other, n, options)
        record["averaged_rows"] = grid.lift["rows"]
    else:
        held = {key: v for key, v in panel["fill"].items() if key != name_of(other)}
        value = panel["fill"][name_of(other)]
        grid = plan(model, X, options=EvaluationOptions(
            features=(f, other), fill=held, resolution=(n, 2), ylim=(value, value + 1.0),
            **options)).evaluate()
        record["held"] = grid.lift["fill"]
    from dataclasses import replace

    strip = replace(grid, y=grid.y[:1], values=grid.values[:1], lift=record)
    x = table.column(f).astype(np.float64)
    disp = DecisionSurfaceDisplay(strip, X=np.column_stack([x, np.zeros_like(x)]), y=y)
    style = {key: v for key, v in user.items() if key in ("class_colors", "class_names",
                                                          "scatter_kw")}
    disp.plot(ax=ax, legend=False, title="", **style)
    if hist and y is not None:
        _histograms(ax, x, disp, y)
    _curves_band(ax, strip)  # after the twin Axes of the histograms, which moves ticks
    return disp


def _average_curve(model, X, f, other, n, options):
    """The one-way partial dependence along feature ``f``: a grid of 2 rows whose
    values do not depend on the second feature (it is averaged over too)."""
    from dataclasses import replace

    from ..evaluation.options import EvaluationOptions
    from ..evaluation.plan import plan

    p = plan(model, X, options=EvaluationOptions(features=(f, other), fill="average",
                                                 resolution=(n, 2), refine=False, **{
                                                     k: v for k, v in options.items()
                                                     if k != "refine"}))
    along = p.prep.lift.along_first()
    p = replace(p, grid_plan=replace(p.grid_plan, prep=replace(p.prep, lift=along)))
    return p.evaluate()


#: A diagonal panel of the pair matrix, in fractions of its height: the class
#: band and the rug at the bottom (``render.mpl2d.STRIP_RUG``), the class
#: histograms above them, the response curves on top, with their own scale.
HIST_BAND = (0.22, 0.42)
CURVES_BAND = (0.46, 0.95)


def _curves_band(ax, strip):
    """The response curves in :data:`CURVES_BAND`, their scale on the right."""
    values = np.asarray(strip.values, dtype=float)
    finite = values[np.isfinite(values)]
    if strip.response == "predict_proba" or not finite.size:
        low, high = 0.0, 1.0
    else:
        low, high = float(finite.min()), float(finite.max())
    span = (high - low) or 1.0
    lo_f, hi_f = CURVES_BAND
    per_unit = span / (hi_f - lo_f)
    ax.set_ylim(low - lo_f * per_unit, high + (1 - hi_f) * per_unit)
    ax.yaxis.tick_right()
    ax.tick_params(axis="y", labelright=strip.task != "labels", labelleft=False,
                   labelsize="x-small")


def _histograms(ax, x, disp, y):
    """Each class's histogram along ``x``, on a hidden twin axis, in its own band
    (:data:`HIST_BAND`) between the class band and the curves."""
    from ..render.style import ClassPalette

    palette = ClassPalette.for_surface(disp.grid, np.asarray(y))
    codes, _ = palette.codes(np.asarray(y))
    twin = ax.twinx()
    bins = np.histogram_bin_edges(x, bins=15)
    top = 0
    for code in np.unique(codes):
        counts, _, _ = twin.hist(x[codes == code], bins=bins, color=palette.colors[code],
                                 alpha=0.35, histtype="stepfilled", zorder=1)
        top = max(top, counts.max())
    top = top or 1
    lo_f, hi_f = HIST_BAND  # counts 0..top fill their own band of the panel
    twin.set_ylim(-lo_f / (hi_f - lo_f) * top, (1 - lo_f) / (hi_f - lo_f) * top)
    twin.set_yticks([])
    disp.hist_ax_ = twin


def _shared_decorations(fig, axes, displays, plot_kwargs, all_axes=None):
    """One colour bar beside all panels and one legend of the data below them."""
    from .compare import shared_colorbar

    if plot_kwargs.get("colorbar", True):
        shared_colorbar(all_axes or axes, displays[0])
    if plot_kwargs.get("legend", True):
        handles, seen = [], set()
        for d in displays:
            for h in d.scatter_ + [d.misclassified_, d.disagreements_]:
                if h is not None and not h.get_label().startswith("_") \
                        and h.get_label() not in seen:
                    seen.add(h.get_label())
                    handles.append(h)
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6),
                       fontsize="small", frameon=False)


def _held_note(disp, exclude):
    from ..evaluation.lift import lift_note

    lift = disp.grid.lift or {}
    if lift.get("kind") == "average":  # the varied feature is in each panel's title
        return lift_note({**lift, "unlisted": [exclude]}) or ""
    fill = dict(lift.get("fill") or {})
    fill.pop(exclude, None)
    if not fill:
        return ""
    return lift_note({"kind": "slice", "fill": fill}) or ""


def _matrix_axes(axes, names):
    """Labels on the outer panels only; the column's feature below, the row's at left."""
    k = len(names)
    for r in range(k):
        for c in range(k):
            ax = axes[r, c]
            ax.set_title("")
            ax.set_xlabel(names[c] if r == k - 1 else "")
            ax.set_ylabel(names[r] if c == 0 else "")
            if r != k - 1:
                ax.tick_params(labelbottom=False)
            if c != 0 or r == c:
                ax.tick_params(labelleft=False)
            ax.tick_params(labelsize="small")
