"""Decision-surface regression tests: compare numbers, not pixels.

:func:`assert_surfaces_close` compares two :class:`~surfaceviz.SurfaceGrid`
objects (or ``.npz`` files saved from them): for class maps, the share of grid
points whose predicted class differs must not exceed ``max_changed``; for
continuous surfaces, the share of points whose values differ beyond the
tolerances. On failure the message gives the share changed, the largest
difference and where, and (with ``diff_path``) a picture is written:
expected | actual | where they differ.

The pytest plugin (:mod:`surfaceviz.pytest_plugin`, registered through the
``pytest11`` entry point) builds on it with the ``surface_regression`` fixture.
"""

from __future__ import annotations

import os

from .evaluation.diff import check_tolerances, compare_surfaces

#: Default share of a class map's grid points allowed to change.
MAX_CHANGED = 0.001


def _as_grid(value, name):
    from .evaluation.surface import SurfaceGrid

    if isinstance(value, SurfaceGrid):
        return value
    if isinstance(value, (str, os.PathLike)):
        return SurfaceGrid.load(value)
    raise TypeError(f"{name} must be a SurfaceGrid or the path of a saved one; got "
                    f"{type(value).__name__}.")


def assert_surfaces_close(actual, expected, *, max_changed=MAX_CHANGED, rtol=1e-7, atol=1e-12,
                          diff_path=None):
    """Fail unless two surfaces agree up to ``max_changed`` of their grid points.

    Parameters
    ----------
    actual, expected : SurfaceGrid or path
        Surfaces on the same grid (shape and bounds).
    max_changed : float, default=0.001
        Largest share of grid points allowed to differ: in class (class maps:
        binary, multiclass, labels) or beyond ``rtol``/``atol`` (continuous).
    rtol, atol : float, default=1e-7, 1e-12
        Tolerances of continuous values.
    diff_path : str or path-like, default=None
        Where to write the picture (expected | actual | where they differ) when
        the surfaces do not agree.

    Raises
    ------
    AssertionError
        When more than ``max_changed`` of the points differ; the message gives
        the share, the largest difference and where the changes lie.
    ValueError
        Surfaces on different grids, a class map against continuous values, or
        tolerances that are not finite numbers >= 0 (``max_changed`` <= 1).
    TypeError
        A tolerance that is not a number.
    surfaceviz.FileFormatError
        A path that is not a valid SurfaceGrid file (or not a regular file).
    """
    check_tolerances(rtol, atol, max_changed)
    a, b = _as_grid(actual, "actual"), _as_grid(expected, "expected")
    diff = compare_surfaces(a, b, rtol=rtol, atol=atol)
    if diff.share <= max_changed:
        return diff
    message = f"surfaces differ: {diff.summary()} (allowed: {max_changed:.4%})."
    if diff_path is not None:
        write_diff_picture(a, b, diff_path)
        message += f" Picture: {os.fspath(diff_path)}"
    raise AssertionError(message)


def write_diff_picture(actual, expected, path):
    """Write expected | actual | where they differ, whole or not at all."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ._utils.io import atomic_write
    from .figures.decision_diff import plot_surface_diff
    from .figures.display import DecisionSurfaceDisplay

    fig = Figure(figsize=(15, 4.4), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 3)
    for ax, grid, title in ((axes[0], expected, "expected"), (axes[1], actual, "actual")):
        DecisionSurfaceDisplay(grid).plot(ax=ax, title=title, colorbar=grid.task == "continuous")
    plot_surface_diff(expected, actual, ax=axes[2], names=("expected", "actual"))
    axes[2].set_title("where they differ")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fmt = os.path.splitext(os.fspath(path))[1].lstrip(".") or "png"
    atomic_write(path, lambda f: fig.savefig(f, format=fmt, dpi=80))
    return path
