"""The keywords of :meth:`DecisionSurfaceDisplay.plot`: checked, reconciled with
the surface they draw (an option this surface cannot use is warned about and
dropped; a deprecated spelling becomes its new name), before anything is drawn."""

from __future__ import annotations

import numpy as np

from .._utils.deprecation import deprecated_keyword
from .._utils.validation import check_bool, check_choice, check_positive_int
from .._utils.warnings import warn_external
from ..evaluation.lift import OUTSIDE
from ..render import mpl2d
from .bands import margin_levels


def shading_bands_for(grid, levels, shading_bands):
    """``(levels, shading_bands)`` for this surface: class regions take an integer
    ``levels=`` (deprecated) as their shading bands; a scalar surface has none."""
    if shading_bands is not None:
        shading_bands = check_positive_int("shading_bands", shading_bands)
    if grid.is_scalar:
        if shading_bands is not None:
            warn_external("shading_bands is ignored for a binary or continuous surface "
                          "(shading_bands shade class regions); levels= sets its bands.")
        return levels, None
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        if shading_bands is not None:
            raise TypeError("plot() got shading_bands= and its deprecated spelling "
                            "levels= (for class regions); give shading_bands= only.")
        deprecated_keyword("levels", "shading_bands", note=" for class regions")
        return None, int(levels)
    if levels is not None:
        warn_external("levels is ignored for class regions; shading_bands= sets how "
                      "many bands shade each region.")
    return None, shading_bands


def ignored_options(grid, kind, levels, cmap, margin_lines, colorbar, colorbar_ticks,
                     colorbar_ticklabels):
    """Warn about options this surface cannot use; return what is left of them.

    Returns ``(levels, cmap, margin_levels, colorbar_ticks,
    colorbar_ticklabels)``; an ignored option comes back as None.
    ``margin_lines`` comes back as its levels.
    """
    g = grid
    if levels is not None and kind in ("pcolormesh", "image"):
        warn_external(f"levels is ignored for kind={kind!r}.")
        levels = None
    if g.is_scalar:
        return (levels, cmap, margin_levels(g, margin_lines), colorbar_ticks,
                check_ticklabels(colorbar_ticks, colorbar_ticklabels))
    if cmap is not None:
        warn_external("cmap is ignored for class regions: they use the class colours.")
    if margin_lines is not False and margin_lines is not None:
        warn_external("margin_lines is ignored for class regions; use a binary model or "
                      "class_of_interest.")
    for name, value in (("colorbar_ticks", colorbar_ticks),
                        ("colorbar_ticklabels", colorbar_ticklabels)):
        if colorbar and value is not None:
            warn_external(f"{name} is ignored for a class colour bar (one tick per "
                          "class, named by class_names).")
    return levels, None, None, None, None


def check_outside(outside, in_slab, test_in_slab, *, faded=False):
    """``outside`` checked: what becomes of the points away from a slice. With a
    slab, the points outside it (default ``"hide"``); on a slice without one
    (``faded``), the points far from it (default ``"fade"``: by their distance;
    ``"hide"``: those beyond one standard deviation; ``"show"``: all alike).
    None where there is no slice."""
    if outside is not None:
        check_choice("outside", outside, OUTSIDE)
    if in_slab is None and test_in_slab is None:
        if faded:
            return outside or "fade"
        if outside is not None:
            warn_external("outside is ignored: it applies to a slice.")
        return None
    return outside or "hide"


def reraise_unknown_keyword(exc, kwargs, kind):
    """A keyword the surface artist rejected, as a TypeError naming it and the artist."""
    artist = {"contourf": "contourf", "contour": "contour", "pcolormesh": "pcolormesh",
              "image": "imshow"}[kind]
    for key in kwargs:
        if repr(key) in str(exc) or f" {key}" in str(exc):
            raise TypeError(
                f"{key!r} is not a keyword of the surface artist (Axes.{artist}, "
                f"kind={kind!r}); unknown keywords of plot() go to that artist. "
                f"matplotlib said: {exc}") from exc


def check_flags(**flags):
    for name, flag in flags.items():
        check_bool(name, flag)


def check_style_kws(**kws):
    """The ``*_kw`` options as dicts (TypeError naming one that is not a mapping)."""
    return {name: mpl2d.check_kw(name, value) for name, value in kws.items()}


def check_ticklabels(ticks, ticklabels):
    """``colorbar_ticklabels`` as a list of str, one per position of ``colorbar_ticks``."""
    if ticklabels is None:
        return None
    if isinstance(ticklabels, str) or not hasattr(ticklabels, "__len__"):
        raise TypeError(f"colorbar_ticklabels must be a sequence of labels; got "
                        f"{type(ticklabels).__name__} {ticklabels!r}.")
    if ticks is None or np.ndim(ticks) != 1 or len(ticks) != len(ticklabels):
        raise ValueError(f"colorbar_ticklabels needs colorbar_ticks as a sequence of as many "
                         f"positions ({len(ticklabels)}); got colorbar_ticks={ticks!r}.")
    return [str(t) for t in ticklabels]
