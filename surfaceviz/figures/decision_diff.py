"""Decision diffs: one picture of where two models decide differently.

:func:`plot_decision_diff` evaluates two models on one grid (any lift: two
features, a slice, a map) and draws :func:`plot_surface_diff`: the regions
where the predicted class changes, coloured by the pair (class under A ->
class under B), over a faint map of A; the share of the plane and of the data
points that changed in the corner; the changed data points crossed.
"""

from __future__ import annotations

import numpy as np

from ..evaluation.diff import compare_surfaces
from ..render.layout import axes_or_new, box_samples, close_if, place_legend

#: Colours of the (A -> B) pairs of changed classes, most common first.
PAIR_COLORS = "Dark2"
#: Opacity of model A's class map under the changes.
BASE_ALPHA = 0.3


class DecisionDiffDisplay:
    """What :func:`plot_surface_diff` drew.

    Attributes
    ----------
    diff : SurfaceDiff
    grid_a, grid_b : SurfaceGrid
    share_plane_ : float
        Share of the grid whose class (or value) changed.
    share_points_ : float or None
        Share of the data points whose prediction changed (None without data).
    points_changed_ : ndarray of bool or None
    ax_, figure_ : matplotlib Axes and Figure
    changes_ : AxesImage
        The changed regions, coloured by pair.
    legend_ : Legend or None
    note_ : Text
        The shares, in the corner.
    """

    def __init__(self, diff, grid_a, grid_b):
        self.diff, self.grid_a, self.grid_b = diff, grid_a, grid_b
        self.share_plane_ = diff.share
        self.share_points_ = None
        self.points_changed_ = None


def plot_surface_diff(grid_a, grid_b, *, ax=None, names=("A", "B"), X=None, y=None,
                      points_changed=None, rtol=1e-7, atol=1e-12, class_colors=None,
                      legend=True):
    """Draw where two surfaces on one grid differ.

    Parameters
    ----------
    grid_a, grid_b : SurfaceGrid
        On the same grid.
    ax : matplotlib Axes, default=None
    names : tuple of (str, str), default=("A", "B")
        How the legend names the two.
    X : ndarray of shape (n, 2), default=None
        Data points drawn on top (view coordinates).
    y : ndarray of shape (n,), default=None
        Their labels (colours).
    points_changed : ndarray of bool, default=None
        Which points' prediction changed (crossed, and counted in the corner).
    rtol, atol : float
        Tolerances of continuous values.
    class_colors : default=None
        As in :meth:`DecisionSurfaceDisplay.plot`.
    legend : bool, default=True

    Returns
    -------
    DecisionDiffDisplay
    """
    diff = compare_surfaces(grid_a, grid_b, rtol=rtol, atol=atol)
    ax, created = axes_or_new(ax)
    if created:  # room outside the Axes for a legend that would hide what changed
        ax.figure.set_layout_engine("constrained")
    try:
        out = DecisionDiffDisplay(diff, grid_a, grid_b)
        if diff.kind == "classes":
            handles = _draw_class_changes(ax, out, grid_a, names, class_colors, y)
        else:
            handles = []
            _draw_value_changes(ax, out, grid_a, grid_b, names)
        if diff.changed.any() and diff.changed.shape[0] > 1:
            ax.contour(grid_a.x, grid_a.y, diff.changed.astype(float), levels=[0.5],
                       colors="black", linewidths=0.8, zorder=-0.8)
        _draw_points(ax, out, X, y, points_changed, grid_a, class_colors, handles)
        corner = f"changed: {percent(diff.share)} of the plane"
        if out.share_points_ is not None:
            corner += (f", {percent(out.share_points_)} of the points "
                       f"({int(out.points_changed_.sum())}/{len(out.points_changed_)})")
        out.note_ = ax.text(0.01, 0.01, corner, transform=ax.transAxes, ha="left",
                            va="bottom", fontsize="small",
                            bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
        ax.set_xlim(grid_a.x[0], grid_a.x[-1])
        ax.set_ylim(grid_a.y[0], grid_a.y[-1])
        names_xy = grid_a.feature_names or (None, None)
        if names_xy[0] and not ax.get_xlabel():
            ax.set_xlabel(names_xy[0])
        if names_xy[1] and not ax.get_ylabel():
            ax.set_ylabel(names_xy[1])
        out.legend_ = None
        if legend and handles:
            out.legend_ = place_legend(
                ax, handles, {"fontsize": "small", "framealpha": 0.85},
                [] if X is None else [X], placed_by_user=False,
                avoid=[changed_cells(grid_a, diff.changed), box_samples(ax, out.note_)])
    except BaseException:
        close_if(created, ax)
        raise
    out.ax_, out.figure_ = ax, ax.figure
    return out


def _extent(g):
    return (g.x[0], g.x[-1], g.y[0], g.y[-1])


def _draw_class_changes(ax, out, grid_a, names, class_colors, y):
    """A's class map, faint, and the changed regions coloured by (A -> B) pair;
    returns the legend handles of the pairs."""
    from matplotlib import colormaps
    from matplotlib.patches import Patch

    from ..render.style import ClassPalette

    diff = out.diff
    palette = ClassPalette.for_surface(grid_a, y, class_colors=class_colors)
    base = palette.class_colors[grid_a.predicted()].copy()
    base[..., 3] = BASE_ALPHA
    ax.imshow(base, origin="lower", extent=_extent(grid_a), aspect="auto",
              interpolation="nearest", zorder=-1)
    overlay = np.zeros(diff.changed.shape + (4,))
    pair_colors = colormaps[PAIR_COLORS].colors
    handles = []
    for k, (la, lb, share) in enumerate(diff.pairs()):
        color = pair_colors[k % len(pair_colors)]
        where = diff.changed & (diff.labels_a == la) & (diff.labels_b == lb)
        overlay[where] = (*color[:3], 0.9)
        handles.append(Patch(color=color, label=f"{names[0]}: {palette.name_of(la)} \u2192 "
                                                f"{names[1]}: {palette.name_of(lb)} "
                                                f"({percent(share)})"))
        _mark_few(ax, grid_a, where, color)
    out.changes_ = ax.imshow(overlay, origin="lower", extent=_extent(grid_a), aspect="auto",
                             interpolation="nearest", zorder=-0.9)
    return handles


def _draw_value_changes(ax, out, grid_a, grid_b, names):
    """Continuous surfaces: the size of the difference where it exceeds the tolerances."""
    gap = np.abs(np.asarray(grid_a.values, float) - np.asarray(grid_b.values, float))
    if gap.ndim == 3:
        gap = gap.max(axis=-1)
    out.changes_ = ax.imshow(np.where(out.diff.changed, gap, np.nan), origin="lower",
                             extent=_extent(grid_a), aspect="auto", cmap="magma_r",
                             zorder=-0.9)
    ax.figure.colorbar(out.changes_, ax=ax, label=f"|{names[0]} - {names[1]}|")


def percent(share):
    """A share as a percentage that shows a single changed point of a large grid."""
    if share == 0 or share >= 0.001:
        return f"{share:.1%}"
    return f"{share * 100:.2g}%"


#: Changed grid points marked one by one when there are at most this many.
MARK_FEW = 20


def _mark_few(ax, grid, where, color):
    """A few changed pixels are invisible: mark each with a dot."""
    count = int(where.sum())
    if 0 < count <= MARK_FEW:
        iy, ix = np.nonzero(where)
        ax.scatter(grid.x[ix], grid.y[iy], s=18, c=[color[:3]], edgecolors="black",
                   linewidths=0.5, zorder=4)


def _draw_points(ax, out, X, y, points_changed, grid_a, class_colors, handles):
    """The data (faint class colours) and the crosses on the changed ones."""
    from matplotlib.lines import Line2D

    from ..render import mpl2d
    from ..render.style import ClassPalette

    if X is None:
        return
    if y is not None and grid_a.task != "continuous":
        palette = ClassPalette.for_surface(grid_a, y, class_colors=class_colors)
        codes, names = palette.codes(y)
        mpl2d.draw_classes_scatter(ax, X, codes, ["_" + n for n in names], palette.colors,
                                   kw={"s": 14, "alpha": 0.7})
    else:
        mpl2d.draw_plain_scatter(ax, X, kw={"s": 10, "alpha": 0.7, "label": "_data"})
    if points_changed is not None:
        points_changed = np.asarray(points_changed, dtype=bool)
        out.points_changed_ = points_changed
        out.share_points_ = float(points_changed.mean()) if len(points_changed) else 0.0
        if points_changed.any():
            ax.scatter(X[points_changed, 0], X[points_changed, 1], marker="x", c="black",
                       s=36, linewidths=1.4, zorder=5)
            handles.append(Line2D([], [], marker="x", color="black", linestyle="none",
                                  label="prediction changed"))


def plot_decision_diff(model_a, model_b, X, y=None, *, ax=None, names=None, resolution=300,
                       class_colors=None, legend=True, **options):
    """Where two models (or two versions of one) decide differently, in one picture.

    Parameters
    ----------
    model_a, model_b : fitted estimators or callables
        Classifiers (or clusterers) on the same features.
    X : array-like or DataFrame
        The data: sets the grid, is drawn on top, and says which points changed.
        More than two columns: a slice (``features=``) or a map (``projection=``),
        the same for both models.
    y : array-like, default=None
        Labels of ``X`` (colours of the points).
    ax : matplotlib Axes, default=None
    names : tuple of (str, str), default=None
        Legend names of the two models (default: their class names).
    resolution : int or tuple, default=300
    class_colors : default=None
    legend : bool, default=True
    **options
        Evaluation options for both (``response``, ``features``, ``fill``,
        ``projection``, ``n_jobs``...; see :func:`~surfaceviz.evaluate_grid`).

    Returns
    -------
    DecisionDiffDisplay
        ``share_plane_`` and ``share_points_`` say how much changed.

    Raises
    ------
    ValueError
        Models with a continuous output (a decision diff compares classes).
    """
    from ..evaluation.options import EvaluationOptions
    from ..evaluation.plan import plan_grid

    opts = EvaluationOptions(**{"resolution": resolution, **options})
    grid_plan = plan_grid(model_a, X, y, options=opts)
    plans = []
    for which, model in (("model_a", model_a), ("model_b", model_b)):
        # both models' responses resolved before either is evaluated
        p = grid_plan.for_model(model, name=which)
        if p.resp.task == "continuous":
            raise ValueError(f"{which} gives continuous values ({p.resp.description}); a "
                             "decision diff compares predicted classes.")
        plans.append(p)
    grids = [p.evaluate() for p in plans]
    labels = [np.asarray(p.resp.classes, dtype=object)[p.labels_at(p.prep.rows)] for p in plans]
    prep = grid_plan.prep
    if names is None:
        names = tuple(_name(m) for m in (model_a, model_b))
        if names[0] == names[1]:
            names = ("A", "B")
    changed = np.array([a != b for a, b in zip(labels[0].tolist(), labels[1].tolist())],
                       dtype=bool)
    y_arr = None if y is None else np.asarray(y)
    return plot_surface_diff(grids[0], grids[1], ax=ax, names=names, X=prep.X, y=y_arr,
                             points_changed=changed, class_colors=class_colors,
                             legend=legend)


def _name(model):
    if hasattr(model, "steps"):
        return model.steps[-1][0]
    return getattr(model, "__name__", type(model).__name__)


def changed_cells(grid, changed, most=2000):
    """Grid points where the decision changed (at most ``most``, evenly picked):
    what the legend should not hide."""
    iy, ix = np.nonzero(np.atleast_2d(changed))
    if len(iy) > most:
        keep = np.linspace(0, len(iy) - 1, most).astype(int)
        iy, ix = iy[keep], ix[keep]
    return np.column_stack([grid.x[ix], grid.y[iy]]) if len(iy) else np.zeros((0, 2))
