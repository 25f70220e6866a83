"""The bands a display draws, planned before the grid is evaluated (for the
planner to refine around), and the plot keywords that decide them."""

from __future__ import annotations

import numpy as np

from .._utils.warnings import warn_external
from ..evaluation.plan import Bands
from ..evaluation.surface import sample
from ..render.style import planned_levels, planned_region_scale, region_levels


def user_norm(kwargs):
    """The user's ``norm=`` or ``vmin=``/``vmax=`` (taken out of the artist keywords)."""
    from matplotlib.colors import Normalize

    norm, vmin, vmax = kwargs.pop("norm", None), kwargs.pop("vmin", None), kwargs.pop("vmax", None)
    if norm is not None and (vmin is not None or vmax is not None):
        raise TypeError("give norm or vmin/vmax, not both.")
    if norm is None and (vmin is not None or vmax is not None):
        norm = Normalize(vmin, vmax)
    if norm is not None and not isinstance(norm, Normalize):
        raise TypeError(f"norm must be a matplotlib Normalize; got {type(norm).__name__}.")
    return norm


def planned_bands(plot_kwargs):
    """The :class:`~surfaceviz.evaluation.plan.Bands` that :meth:`plot` will draw with
    ``plot_kwargs``, for the planner to refine around.

    A continuous surface's ``levels=``; a binary or one-class surface's levels
    (known before evaluation: :func:`~surfaceviz.render.style.planned_levels`);
    class regions' confidence shading (the winner's margin, in bands of 0-1 for
    probabilities). Where they are known only after the grid (their range
    taken from it), None: ``refine="auto"`` then evaluates densely, as it does
    for the continuous colours of ``kind="image"`` and ``"pcolormesh"``.
    """
    levels = plot_kwargs.get("levels")
    # class regions' shading (an integer levels= is its deprecated spelling, which
    # plot() warns about)
    shading = plot_kwargs.get("shading_bands")
    if shading is None and isinstance(levels, (int, np.integer)):
        shading = levels

    def bands_of(resp, data_values, class_of_interest):
        if resp.task == "continuous":
            return levels if np.ndim(levels) == 1 else None
        if resp.task == "binary" or class_of_interest is not None:
            return planned_levels(resp.task, resp.method, resp.threshold,
                                  data_values=data_values, levels=levels,
                                  norm=user_norm(dict(plot_kwargs)))
        scale = planned_region_scale(resp.task, resp.method)
        return None if scale is None else region_levels(region_bands(shading), scale)

    return Bands(bands_of, banded=plot_kwargs.get("kind", "contourf") in ("contourf", "contour"))


def region_bands(shading_bands):
    """Shading bands per class region: ``shading_bands`` when given, else 8."""
    return int(shading_bands) if isinstance(shading_bands, (int, np.integer)) else 8


def margin_levels(g, margin_lines):
    """The levels ``margin_lines`` asks for on scalar surface ``g`` (None: no lines)."""
    if margin_lines is False or margin_lines is None:
        return None
    if margin_lines is True:
        if g.task != "binary" or g.response == "predict_proba":
            raise ValueError(
                "margin_lines=True draws the -1 and +1 levels of a binary decision "
                f"function; this surface is {g.task} {g.response}. Pass the levels "
                "to draw instead, e.g. margin_lines=[0.25, 0.75]."
            )
        return [g.threshold - 1.0, g.threshold + 1.0]
    try:
        return [float(v) for v in margin_lines]
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"margin_lines must be True, False or a sequence of levels; got {margin_lines!r}."
        ) from exc


def check_refined_for(refined, kind, levels):
    """Warn when an adaptively refined grid is drawn in bands it was not refined
    around: their edges would be placed by interpolation. (Continuous colours,
    ``kind="image"``, are within one refined band of the truth: documented.)"""
    if refined is None or kind not in ("contourf", "contour"):
        return
    drawn = np.atleast_1d(np.asarray(levels, dtype=float))
    if not all(np.isclose(refined, v, rtol=1e-9, atol=1e-12).any() for v in drawn):
        warn_external(f"this display's grid was refined around the levels "
                      f"{np.round(refined, 6).tolist()}; the band edges of levels "
                      f"{np.round(drawn, 6).tolist()} between them are interpolated. "
                      "Evaluate with refine=False for exact bands at any level.")


def values_at_data(disp, g, field):
    """The drawn field at the data points (training and test), for the colour range."""
    points = [P for P in (disp.X, disp.X_test) if P is not None]
    if not points or g.task != "binary" or g.response == "predict_proba":
        return None
    if disp._data_values is not None:  # the model's own (what the grid was refined for)
        return disp._data_values
    return sample(g.x, g.y, np.where(np.isfinite(field), field, np.nan), np.vstack(points))
