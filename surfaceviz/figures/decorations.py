"""The display's decorations around its surface: the "no value" hatching, the
boundary and margin lines, the colour bar, the axes (limits, ticks, labels,
title) and the legend. Each is a step of :meth:`DecisionSurfaceDisplay.plot`
that sets the display's artists."""

from __future__ import annotations

import numpy as np

from ..evaluation.lift import lift_note
from ..render import mpl2d
from ..render import style as _style
from ..render.layout import fit_title, path_samples, place_legend, set_label

#: Drawing order: the surface below anything already on the Axes (as
#: scikit-learn's DecisionBoundaryDisplay); the boundary lines and the "no
#: value" hatching just above it, the data above everything of ours.
SURFACE_ZORDER = -1.0
LINES_ZORDER = -0.5


def draw_no_value(disp, ax, g):
    """Hatch where the model gave no value (NaN or infinity), never leave it blank;
    sets ``disp.no_value_``."""
    disp.no_value_, disp._no_value_proxy = None, None
    valid = g.valid
    if not valid.all():
        disp.no_value_, disp._no_value_proxy = mpl2d.draw_no_value(
            ax, g.x, g.y, valid, zorder=LINES_ZORDER)

def draw_boundary_and_margins(disp, ax, g, field, boundary, margin_levels, kw):
    """The decision boundary (or class edges) and the margin lines."""
    disp.boundary_, disp.margin_lines_ = [], None
    source = disp.surface_ if field is disp._surface_field else None
    if boundary and not g.is_scalar:
        disp.boundary_ = mpl2d.draw_class_edges(ax, g.x, g.y, field, kw=kw["boundary_kw"],
                                                zorder=LINES_ZORDER)
    elif boundary and g.task != "continuous":
        if g.task == "binary":
            z, level = field, g.threshold
        else:  # one class of many: where that class wins
            z, level = g.class_margins()[..., g.class_index(g.class_of_interest)], 0.0
        cs = mpl2d.draw_levels(ax, g.x, g.y, z, [level],
                               defaults={"linewidths": 1.5, "zorder": LINES_ZORDER},
                               kw=kw["boundary_kw"],
                               source=source if z is field else None)
        disp.boundary_ = [cs] if cs is not None else []
    if margin_levels is not None:
        disp.margin_lines_ = mpl2d.draw_levels(
            ax, g.x, g.y, field, margin_levels,
            defaults={"linestyles": "dashed", "linewidths": 1.0, "zorder": LINES_ZORDER},
            kw=kw["margin_kw"],
            kw_name="margin_kw", source=source)

def draw_colorbar(ax, g, mappable, ticklabels, colorbar, label, ticks, fmt,
                   colorbar_kw, palette, user_ticklabels=None):
    """The colour bar (None when off): class blocks or the scalar scale."""
    if not colorbar:
        return None
    default = _style.colorbar_label(g, palette)
    cbar = mpl2d.draw_colorbar(
        ax, mappable, label=label if label is not None else default,
        ticks=ticks, ticklabels=ticklabels, fmt=fmt, **colorbar_kw)
    if user_ticklabels is not None:
        cbar.set_ticks(np.asarray(ticks, dtype=float), labels=list(user_ticklabels))
    mpl2d.fit_colorbar_label(cbar)
    return cbar

def decorate_axes(disp, ax, xticks, yticks, xtick_format, ytick_format, xlabel, ylabel,
                   title=None):
    """Limits at the grid's bounds, ticks, the feature names as labels, and
    what a slice or map shows as the title."""
    ax.set_xlim(disp.grid.x[0], disp.grid.x[-1])
    ax.set_ylim(disp.grid.y[0], disp.grid.y[-1])
    mpl2d.apply_ticks(ax.xaxis, xticks, xtick_format)
    mpl2d.apply_ticks(ax.yaxis, yticks, ytick_format)
    names = disp.grid.feature_names or (None, None)
    set_label(ax.set_xlabel, ax.get_xlabel(), xlabel, names[0])
    set_label(ax.set_ylabel, ax.get_ylabel(), ylabel, names[1])
    had_title = bool(ax.get_title())
    set_label(lambda t: ax.set_title(t, fontsize="medium"), ax.get_title(), title,
              _title_of(disp))
    if title is None and not had_title:  # our own note: wrapped rather than clipped
        fit_title(ax)


def _title_of(disp):
    """What a slice or map shows, and for a slice which points are drawn as on it:
    those within its slab (how many), or all, faded by their distance from it."""
    note = lift_note(disp.grid.lift)
    if note is None or (disp.grid.lift or {}).get("kind") != "slice":
        return note
    if disp.in_slab is not None:
        shown = int(disp.in_slab.sum())
        return f"{note}\n{shown} of {len(disp.in_slab)} points within the slab"
    if getattr(disp, "closeness", None) is not None:
        return f"{note}\npoints faded by their distance from the slice"
    return note

def draw_legend(disp, ax, legend, legend_kw):
    """A legend of the labelled point sets (None when off or empty)."""
    if not legend:
        return None
    handles = [h for h in disp.scatter_ + [disp.misclassified_] + disp.test_scatter_
               + [disp.disagreements_, disp._no_value_proxy]
               if h is not None and not h.get_label().startswith("_")]
    if not handles:
        return None
    opts = {"loc": "best", "fontsize": "small", "framealpha": 0.85, **legend_kw}
    boundary = path_samples(list(disp.boundary_ or []))
    box = place_legend(ax, handles, opts, [P for P in (disp.X, disp.X_test) if P is not None],
                       placed_by_user="loc" in legend_kw or "bbox_to_anchor" in legend_kw,
                       avoid=[boundary])
    for key, drawn in zip(box.legend_handles, handles):  # faded markers: opaque keys
        _strongest_colour(key, drawn)
    return box


def _strongest_colour(key, drawn):
    """Give a legend key its artist's colour at full strength (points faded by
    their distance from a slice must not fade their key; hollow stays hollow)."""
    for get, put in (("get_facecolor", "set_facecolor"), ("get_edgecolor", "set_edgecolor")):
        if not hasattr(drawn, get) or not hasattr(key, put):
            continue
        rgba = np.atleast_2d(np.asarray(getattr(drawn, get)(), dtype=float))
        if rgba.ndim == 2 and rgba.shape[0] > 1 and rgba.shape[1] == 4:
            colour = rgba[np.argmax(rgba[:, 3])].copy()
            if colour[3] > 0:  # drawn (not hollow): the key at full strength
                colour[3] = 1.0
            getattr(key, put)(colour)
