"""Contour and 3-D plots of any function z = f(x1, x2)."""

from __future__ import annotations

import numpy as np

from .._utils.validation import (check_choice, check_levels, check_limits, check_positive_int,
                          check_resolution)
from .._utils.warnings import warn_external
from ..evaluation.grid import GridSpec
from ..evaluation.response import EvaluationError
from ..render import mpl2d
from ..render.layout import set_label
from .._utils.deprecation import take_renamed


class FunctionDisplay:
    """A drawn function surface.

    Attributes
    ----------
    x : ndarray of shape (nx,)
    y : ndarray of shape (ny,)
    z : ndarray of shape (ny, nx)
    ax_, figure_ : the matplotlib Axes and Figure
    surface_ : the contour set
    colorbar_ : Colorbar or None
    """

    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z


def function_grid(f, *, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), resolution=200):
    """Evaluate ``f`` on a grid; or check and pass through given arrays.

    Parameters
    ----------
    f : callable or tuple of arrays
        ``f(x1, x2) -> z`` working on arrays of shape ``(ny, nx)`` (NumPy
        broadcasting); or ``(x, y, z)`` with ``x`` of shape (nx,) or (ny, nx),
        ``y`` of shape (ny,) or (ny, nx) and ``z`` of shape (ny, nx).
    xlim, ylim : tuple of (float, float), default=(-5, 5)
    resolution : int or tuple of (int, int), default=200

    Returns
    -------
    x : ndarray of shape (nx,)
    y : ndarray of shape (ny,)
    z : ndarray of shape (ny, nx)
    """
    if callable(f):
        nx, ny = check_resolution(resolution)
        spec = GridSpec(xlim=check_limits("xlim", xlim), ylim=check_limits("ylim", ylim),
                        nx=nx, ny=ny)
        x, y = spec.axes()
        xx, yy = np.meshgrid(x, y)  # f takes 2-D coordinate arrays (NumPy broadcasting)
        try:
            z = np.asarray(f(xx, yy), dtype=float)
        except Exception as exc:
            raise RuntimeError(f"f raised {type(exc).__name__} on the grid: {exc}") from exc
        if z.shape != xx.shape:
            z = np.broadcast_to(z, xx.shape).copy() if z.ndim == 0 else z
        if z.shape != xx.shape:
            raise ValueError(
                f"f(x1, x2) must return an array of the grid's shape {xx.shape}; got {z.shape}.")
        return x, y, z
    try:
        x, y, z = (np.asarray(a, dtype=float) for a in f)
    except (TypeError, ValueError) as exc:
        raise TypeError("f must be a callable f(x1, x2) or a tuple of arrays (x, y, z).") from exc
    if x.ndim == 2:
        x = x[0]
    if y.ndim == 2:
        y = y[:, 0]
    if z.shape != (len(y), len(x)):
        raise ValueError(
            f"z must have shape (len(y), len(x)) = ({len(y)}, {len(x)}); got {z.shape}.")
    return x, y, z


def plot_function(f, *, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), resolution=200, kind="contourf",
                  levels=20, cmap="viridis", alpha=1.0, ax=None, figsize=None, xlabel="x1",
                  ylabel="x2", title=None, colorbar=True, colorbar_label=None,
                  colorbar_ticks=None, colorbar_format=None, contour_lines=False,
                  colorbar_kw=None, **kwargs):
    """Contour plot of ``z = f(x1, x2)``.

    Parameters
    ----------
    f : callable or tuple of arrays
        See :func:`function_grid`.
    xlim, ylim : tuple of (float, float), default=(-5, 5)
    resolution : int or tuple of (int, int), default=200
    kind : {"contourf", "contour"}, default="contourf"
    levels : int or sequence of float, default=20
    cmap : str or Colormap, default="viridis"
        Any matplotlib colour map; append ``_r`` to reverse it.
    alpha : float, default=1.0
    ax : Axes, default=None
        A new figure (of ``figsize``) when None.
    figsize : tuple of (float, float), default=None
    xlabel, ylabel, title : str
        Labels, set only where the Axes has none yet.
    colorbar : bool, default=True
    colorbar_label : str, default=None
    colorbar_ticks : int, sequence of float or Locator, default=None
    colorbar_format : str, callable or Formatter, default=None
    contour_lines : bool, default=False
        Thin black lines over the filled contours.
    colorbar_kw : dict, default=None
    **kwargs
        Passed to ``contourf`` / ``contour``.

    Returns
    -------
    FunctionDisplay

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> disp = plot_function(lambda x1, x2: -0.5 * x1**2 + 4 * x2**2, xlim=(-5, 5),
    ...                      ylim=(-3, 3), levels=15, cmap="plasma")
    >>> disp.z.shape
    (200, 200)
    """
    check_choice("kind", kind, ("contourf", "contour"))
    check_levels(levels)
    x, y, z = function_grid(f, xlim=xlim, ylim=ylim, resolution=resolution)
    valid = _check_finite(z)
    created = ax is None
    if created:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    try:
        disp = _draw_function(ax, x, y, z, kind=kind, levels=levels, cmap=cmap, alpha=alpha,
                              contour_lines=contour_lines, colorbar=colorbar,
                              colorbar_label=colorbar_label, colorbar_ticks=colorbar_ticks,
                              colorbar_format=colorbar_format, colorbar_kw=colorbar_kw,
                              labels=(xlabel, ylabel, title), **kwargs)
        disp.no_value_ = None
        if not valid.all():  # hatched, never left blank
            disp.no_value_, _ = mpl2d.draw_no_value(ax, x, y, valid, zorder=-0.5)
        return disp
    except BaseException:
        if created:
            plt.close(ax.figure)
        raise


def _check_finite(z):
    """Where ``z`` has a value: as the model path does, all NaN or infinity is an
    ``EvaluationError``, some is a warning (those points are hatched)."""
    valid = np.isfinite(z)
    bad = int((~valid).sum())
    if bad == z.size:
        raise EvaluationError(f"f returned NaN or infinity at every one of the {z.size:,} "
                              "grid points; there is nothing to draw.")
    if bad:
        warn_external(f"f returned NaN or infinity at {bad:,} of {z.size:,} grid points "
                      f"({bad / z.size:.1%}); they are drawn as 'no value'.")
    return valid


def _draw_function(ax, x, y, z, *, kind, levels, cmap, alpha, contour_lines, colorbar,
                   colorbar_label, colorbar_ticks, colorbar_format, colorbar_kw, labels,
                   **kwargs):
    xlabel, ylabel, title = labels
    disp = FunctionDisplay(x, y, z)
    disp.surface_ = mpl2d.contour(ax, x, y, z, filled=kind == "contourf", levels=levels,
                                  cmap=cmap, alpha=alpha, **kwargs)
    if contour_lines and kind == "contourf":  # traced by the filled contours' generator
        ax.contour(disp.surface_, levels=disp.surface_.levels, colors="black", linewidths=0.4)
    disp.colorbar_ = None
    if colorbar:
        disp.colorbar_ = mpl2d.draw_colorbar(ax, disp.surface_, label=colorbar_label,
                                             ticks=colorbar_ticks, fmt=colorbar_format,
                                             **(colorbar_kw or {}))
    for setter, getter, text in ((ax.set_xlabel, ax.get_xlabel, xlabel),
                                 (ax.set_ylabel, ax.get_ylabel, ylabel),
                                 (ax.set_title, ax.get_title, title)):
        set_label(setter, getter(), None, text or None)
    disp.ax_, disp.figure_ = ax, ax.figure
    return disp


def plot_function_3d(f, *, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), resolution=100, cmap="viridis",
                     colorbar_label=None, colorbar_ticks=None, colorbar_ticklabels=None,
                     levels=None, zticks=None, eye=None, elev=None, azim=None, width=800,
                     height=600, title=None, xlabel="x1", ylabel="x2", zlabel="z",
                     **deprecated):
    """``z = f(x1, x2)`` as a 3-D plotly surface.

    Parameters
    ----------
    f, xlim, ylim, resolution
        As in :func:`plot_function` (default resolution 100).
    cmap : str or Colormap, default="viridis"
    colorbar_label, colorbar_ticks, colorbar_ticklabels
        Colour-bar title and ticks, as in :meth:`DecisionSurfaceDisplay.plot_3d`.
    levels : int, default=None
        Draw this many contour lines on the surface, projected on the floor.
    zticks : sequence of float, default=None
    eye : dict or tuple, default=None
        Camera position; or ``elev`` and ``azim`` in degrees.
    width, height : int, default=800, 600
    title, xlabel, ylabel, zlabel : str
    **deprecated
        The names of 0.1, warned about: ``contour_levels`` (now ``levels``) and
        the colour-bar names of :meth:`DecisionSurfaceDisplay.plot_3d`.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    from ..render import plotly as pl
    from .interactive import PLOTLY_RENAMES

    new = take_renamed(deprecated, {**PLOTLY_RENAMES, "contour_levels": "levels"},
                       func="plot_function_3d",
                       current=dict(colorbar_label=colorbar_label, levels=levels,
                                    colorbar_ticks=colorbar_ticks,
                                    colorbar_ticklabels=colorbar_ticklabels))
    levels = new.get("levels", levels)
    if levels is not None:
        check_positive_int("levels", levels)
    x, y, z = function_grid(f, xlim=xlim, ylim=ylim, resolution=resolution)
    fig = pl.surface_3d(
        x, y, z, colorscale=pl.colorscale(cmap),
        colorbar=pl.colorbar_dict(label=new.get("colorbar_label", colorbar_label),
                                  ticks=new.get("colorbar_ticks", colorbar_ticks),
                                  ticklabels=new.get("colorbar_ticklabels",
                                                     colorbar_ticklabels)),
        xlabel=xlabel, ylabel=ylabel, zlabel=zlabel, zticks=zticks,
        camera_spec=pl.camera(eye=eye, elev=elev, azim=azim), width=width, height=height,
        title=title)
    if levels is not None:
        lo, hi = float(np.min(z)), float(np.max(z))
        step = (hi - lo) / (int(levels) + 1) or 1.0
        fig.data[0].contours = {"z": {"show": True, "start": lo + step, "end": hi - step / 2,
                                      "size": step, "project": {"z": True},
                                      "usecolormap": True}}
    return fig
