"""A model on one feature, drawn as a strip: the response along the feature
(curves), the predicted class as a band below them, the data as a rug.

:meth:`DecisionSurfaceDisplay.plot` draws a strip through :func:`plot_strip`
when its grid is one row (``grid.is_strip``).
"""

from __future__ import annotations

import numpy as np

from .._utils.validation import check_bool
from ..render import mpl2d
from ..render.layout import axes_or_new, close_if, set_label
from ..render.style import colorbar_label


def plot_strip(disp, *, ax, palette, scatter, legend, xlabel, ylabel, title, scatter_kw,
               legend_kw):
    """Draw ``disp`` (a display of a one-feature model) as a strip on ``ax``; set
    its artists and return it."""
    check_bool("scatter", scatter)
    check_bool("legend", legend)
    scatter_kw = mpl2d.check_kw("scatter_kw", scatter_kw)
    legend_kw = mpl2d.check_kw("legend_kw", legend_kw)
    ax, created = axes_or_new(ax)
    g = disp.grid
    try:
        disp.surface_ = strip_response(ax, g, palette)
        disp.scatter_ = []
        if scatter and disp.X is not None:
            codes, names = (palette.codes(disp.y) if disp.y is not None
                            and g.task != "continuous" else (None, None))
            disp.scatter_ = mpl2d.draw_rug(ax, disp.X[:, 0], codes, names, palette.colors,
                                           kw=scatter_kw)
        ax.set_xlim(g.x[0], g.x[-1])
        set_label(ax.set_xlabel, ax.get_xlabel(), xlabel, (g.feature_names or ["x"])[0])
        set_label(ax.set_ylabel, ax.get_ylabel(), ylabel, strip_ylabel(g))
        set_label(lambda t: ax.set_title(t, fontsize="medium"), ax.get_title(), title, None)
        disp.legend_ = None
        if legend:
            opts = {"fontsize": "small", "framealpha": 0.85, "loc": "best", **legend_kw}
            disp.legend_ = ax.legend(**opts)
    except BaseException:
        close_if(created, ax)
        raise
    disp.colorbar_, disp.boundary_, disp.misclassified_ = None, [], None
    disp.ax_, disp.figure_ = ax, ax.figure
    return disp


def strip_response(ax, g, palette):
    """Curves of the response of strip grid ``g`` (one per class for multiclass
    scores) and the band of the predicted class; returns the artists."""
    values = g.values[0]
    curves, artists = [], []
    if g.task in ("binary", "continuous"):
        color = (palette.class_colors[g.class_index(g.pos_label)] if g.task == "binary"
                 else "0.15")
        label = colorbar_label(g, palette) if g.task == "binary" else "response"
        curves = mpl2d.draw_curves(ax, g.x, [values], [color], [label], threshold=g.threshold)
    elif g.task == "multiclass":
        curves = mpl2d.draw_curves(ax, g.x, values.T, palette.class_colors,
                                   [f"{g.response}: {n}" for n in palette.class_names])
    if g.task != "continuous":
        artists = mpl2d.draw_class_band(ax, g.x, g.predicted()[0], palette.class_colors)
    finite = values[np.isfinite(values)] if g.task != "labels" else np.array([0.0, 1.0])
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if g.response == "predict_proba":
        low, high = 0.0, 1.0
    _strip_limits(ax, g, low, high)
    return curves + list(artists)


def _strip_limits(ax, g, low, high):
    """Room below the curves for the band and the rug; ticks only where the curves are."""
    span = (high - low) or 1.0
    room = mpl2d.STRIP_RUG[1] + 0.03  # the band and the rug sit below the curves
    ax.set_ylim(low - span * room / (1 - room) - 0.02 * span, high + 0.05 * span)
    if g.task == "labels":
        ax.set_yticks([])
        return
    from matplotlib.ticker import FixedLocator, MaxNLocator

    ticks = MaxNLocator(6).tick_values(low, high)
    ax.yaxis.set_major_locator(FixedLocator(
        ticks[(ticks >= low - 1e-9 * span) & (ticks <= high + 1e-9 * span)]))


def strip_ylabel(g):
    """The y label of a strip: what its curves show."""
    if g.task == "labels":
        return "predicted class"
    if g.task == "multiclass":
        return "probability" if g.response == "predict_proba" else g.response
    return colorbar_label(g, None) if g.task == "binary" else "response"
