"""`DecisionSurfaceDisplay` and `plot_decision_surface`: drawing only.

The display holds an evaluated :class:`~surfaceviz.SurfaceGrid` and the data.
:meth:`DecisionSurfaceDisplay.from_estimator` (and :func:`plot_decision_surface`)
asks the planner (:mod:`surfaceviz.evaluation.plan`) for the grid, passing the
bands it will draw (:mod:`.bands`), then plots. :meth:`DecisionSurfaceDisplay.plot`
draws step by step: the surface (here), the decorations (:mod:`.decorations`),
the data (:mod:`.points`); its keywords are reconciled with the surface in
:mod:`.plot_options`, a one-feature model's strip is :mod:`.strip`, and the
plotly views are :mod:`.interactive`. Colours come from
:mod:`surfaceviz.render.style`, shared with every view.
"""

from __future__ import annotations

import functools

import numpy as np

from .._utils.deprecation import deprecated_keyword
from .._utils.validation import check_choice, check_levels
from .._utils.warnings import warn_external
from ..evaluation.options import accepts_evaluation_options
from ..evaluation.plan import plan
from ..evaluation.surface import SurfaceGrid
from ..render import mpl2d
from ..render.layout import axes_or_new, axes_pixels, close_if, use_constrained_layout
from ..render.style import (ClassPalette, region_levels, region_scale, scalar_style,
                            with_colormap_ends)
from . import interactive
from .decorations import (SURFACE_ZORDER, decorate_axes, draw_boundary_and_margins,
                          draw_colorbar, draw_legend, draw_no_value)
from .bands import (check_refined_for, planned_bands, region_bands, user_norm,
                    values_at_data)
from .plot_options import (check_flags, check_outside, check_style_kws, ignored_options,
                           reraise_unknown_keyword, shading_bands_for)
from .points import check_closeness, check_data, check_mask, check_predictions, draw_points
from .strip import plot_strip

KINDS = mpl2d.KINDS


#: The evaluation defaults of the display (``from_estimator``, ``evaluated_display``).
_DISPLAY_DEFAULTS = {"resolution": "auto", "refine": "auto"}


def _remembers_options(plot):
    """``plot`` keeps what it was told: a later call reuses the earlier options
    (all but ``ax``) unless it gives them again. Options of a call that fails
    are not kept."""
    @functools.wraps(plot)
    def wrapper(self, *, ax=None, **given):
        options = {**getattr(self, "_plot_options", {}), **given}
        result = plot(self, ax=ax, **options)
        self._plot_options = options
        return result

    return wrapper


class DecisionSurfaceDisplay:
    """A model's decision surface with the data on top.

    Build one with :meth:`from_estimator` (or :func:`plot_decision_surface`);
    the constructor only stores what it is given.

    Parameters
    ----------
    grid : SurfaceGrid
        The evaluated surface.
    X : ndarray of shape (n_samples, 2), default=None
        Data drawn on top.
    y : ndarray of shape (n_samples,), default=None
        True labels (or targets) of ``X``.
    y_pred : ndarray of shape (n_samples,), default=None
        The model's labels for ``X``; points where they differ from ``y``
        are ringed as misclassified.
    X_test : ndarray of shape (n_test, 2), default=None
        Held-out points, drawn with hollow markers.
    y_test, y_test_pred : ndarray of shape (n_test,), default=None
        Their true and predicted labels.
    in_slab, test_in_slab : ndarray of bool, default=None
        For a slice with a slab (``slice_width``): which points lie in it
        (the others are hidden or faded, see ``outside`` of :meth:`plot`).
    disagrees, test_disagrees : ndarray of bool, default=None
        For a map: the points whose model prediction differs from the map's
        class at their position (marked with a cross).
    closeness, test_closeness : ndarray of float in (0, 1], default=None
        For a slice without a slab: how close each point lies to the slice
        (points far from it are drawn faint, see ``outside`` of :meth:`plot`).

    Attributes
    ----------
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure
    surface_ : artist or list of artists
        The filled contours, lines, mesh or image of the surface (a list, one
        per class, for class regions drawn with contours).
    boundary_ : list of ContourSet
        The decision boundary lines.
    margin_lines_ : ContourSet or None
    scatter_ : list of PathCollection
        One per class of the data (or one for unlabelled / continuous data).
    misclassified_ : PathCollection or None
    test_scatter_ : list of PathCollection
    colorbar_ : Colorbar or None
    legend_ : Legend or None
    disagreements_ : PathCollection or None
        The crosses on the points a map shows in another class than the model.
    fidelity_ : float or None
        A map's fidelity: the share of points (the test points when given) whose
        model prediction is the map's class at their position.
    lift_ : surfaceviz.evaluation.lift.Lift or None
        The slice, map or strip between the picture's plane and the model
        (None for a model on two features).
    """

    _surface_field = None  # the scalar field surface_ was drawn from
    _data_values = None  # the model's own values at the data (from_estimator)
    _refined_levels = None  # the levels an adaptive grid is exact around (None: dense)

    def __init__(self, grid, *, X=None, y=None, y_pred=None, X_test=None, y_test=None,
                 y_test_pred=None, in_slab=None, test_in_slab=None, disagrees=None,
                 test_disagrees=None, closeness=None, test_closeness=None):
        if not isinstance(grid, SurfaceGrid):
            raise TypeError(f"grid must be a SurfaceGrid (from evaluate_grid or "
                            f"SurfaceGrid.load); got {type(grid).__name__}.")
        data = check_data(X, y, X_test, y_test, allow_no_X=True)
        self._store(
            grid, X=data["X"], y=data["y"], X_test=data["X_test"], y_test=data["y_test"],
            y_pred=check_predictions("y_pred", y_pred, data["X"]),
            y_test_pred=check_predictions("y_test_pred", y_test_pred, data["X_test"]),
            in_slab=check_mask("in_slab", in_slab, data["X"]),
            test_in_slab=check_mask("test_in_slab", test_in_slab, data["X_test"]),
            disagrees=check_mask("disagrees", disagrees, data["X"]),
            test_disagrees=check_mask("test_disagrees", test_disagrees, data["X_test"]),
            closeness=check_closeness("closeness", closeness, data["X"]),
            test_closeness=check_closeness("test_closeness", test_closeness, data["X_test"]))

    # ------------------------------------------------------------ building
    @classmethod
    @accepts_evaluation_options(
        defaults=_DISPLAY_DEFAULTS,
        extra_doc={"resolution": '``"auto"`` (the default here) matches the Axes\' size in '
                                 "pixels (between 50 and 500 per axis): a finer grid shows "
                                 "nothing more."})
    def from_estimator(cls, model, X, y=None, *, ax=None, X_test=None, y_test=None, options,
                       **plot_kwargs):
        """Evaluate ``model`` on a grid over ``X`` and plot its surface.

        Parameters
        ----------
        model : estimator or callable
            A fitted scikit-learn classifier, pipeline, regressor, clusterer or
            outlier detector, any object with ``predict``, or a callable
            ``f(points) -> values`` on arrays of shape ``(n, 2)`` (pass
            ``classes=`` when it returns labels or probabilities).
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data the model was fitted on: sets the grid's range and is
            drawn on top. Never modified. Two columns: the plane of the
            picture. More: a slice (``features``) or a map (``projection``).
            One: a strip (the response along the feature).
        y : array-like of shape (n_samples,), default=None
            True labels (classifiers) or targets (regressors) of ``X``.
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        X_test, y_test : array-like, default=None
            Held-out points and labels, drawn with hollow markers.
        {evaluation_options}
        **plot_kwargs
            Passed to :meth:`plot` (``kind``, ``cmap``, ``levels``,
            ``colorbar_ticks``...). A 1-D ``levels`` on a continuous surface is
            also what adaptive refinement refines around.

        Returns
        -------
        DecisionSurfaceDisplay

        Raises
        ------
        ValueError
            Bad values (X's shape, NaN, y's length, resolution, margin,
            response, kind, class_of_interest...), each named in the message.
        TypeError
            Bad types.
        AttributeError
            When the model lacks the requested response method.
        sklearn.exceptions.NotFittedError
            For an unfitted estimator.
        surfaceviz.evaluation.response.EvaluationError
            When the model raises on the grid.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sklearn.datasets import make_moons
        >>> from sklearn.linear_model import LogisticRegression
        >>> X, y = make_moons(200, noise=0.25, random_state=0)
        >>> clf = LogisticRegression().fit(X, y)
        >>> disp = DecisionSurfaceDisplay.from_estimator(clf, X, y, response="predict_proba")
        >>> disp.grid.threshold
        0.5

        A model on four features, drawn as a slice through two of them:

        >>> from sklearn.datasets import load_iris
        >>> X4, y4 = load_iris(return_X_y=True, as_frame=True)
        >>> clf4 = LogisticRegression(max_iter=1000).fit(X4, y4)
        >>> disp = DecisionSurfaceDisplay.from_estimator(
        ...     clf4, X4, y4, features=("petal length (cm)", "petal width (cm)"))
        >>> disp.grid.lift["fill"]
        {'sepal length (cm)': 5.8, 'sepal width (cm)': 3.0}
        """
        ax, created = axes_or_new(ax)
        try:
            disp = cls._evaluated(model, X, y, ax, X_test, y_test, options, plot_kwargs)
            return disp.plot(ax=ax, **plot_kwargs)
        except BaseException:
            close_if(created, ax)
            raise

    @classmethod
    def _evaluated(cls, model, X, y, ax, X_test, y_test, options, plot_kwargs,
                   predictions=None):
        """The display of :meth:`from_estimator`, evaluated for ``ax`` but not drawn
        (``predictions``: the model's labels at the data and test points, when
        another panel of the same data already has them)."""
        check_choice("kind", plot_kwargs.get("kind", "contourf"), KINDS)
        p = plan(model, X, y, X_test=X_test, y_test=y_test, options=options,
                 pixels=axes_pixels(ax, colorbar=bool(plot_kwargs.get("colorbar", True))),
                 bands=planned_bands(plot_kwargs))
        grid = p.evaluate()
        y_pred, y_test_pred = p.predictions() if predictions is None else predictions
        disp = cls._of_checked(grid, X=p.prep.X, y=p.grid_plan.y, y_pred=y_pred,
                               X_test=p.prep.X_test, y_test=p.grid_plan.y_test,
                               y_test_pred=y_test_pred, **p.point_masks())
        disp.lift_ = p.lift
        disp._plan = p  # kept for the measures asked later (map_quality_)
        disp._data_values = p.data_values
        levels = p.evaluation_options.refine_levels
        if levels is not None and grid.n_evaluated < grid.x.size * grid.y.size:
            disp._refined_levels = levels
        return disp

    @classmethod
    def _of_checked(cls, grid, **data):
        """A display of data the planner validated (not checked or copied again)."""
        disp = cls.__new__(cls)
        disp._store(grid, **{"in_slab": None, "test_in_slab": None, "disagrees": None,
                             "test_disagrees": None, "closeness": None,
                             "test_closeness": None, **data})
        return disp

    def _store(self, grid, *, X, y, y_pred, X_test, y_test, y_test_pred, in_slab,
               test_in_slab, disagrees, test_disagrees, closeness, test_closeness):
        self.grid = grid
        self.X, self.y, self.X_test, self.y_test = X, y, X_test, y_test
        self.y_pred, self.y_test_pred = y_pred, y_test_pred
        self.in_slab, self.test_in_slab = in_slab, test_in_slab
        self.disagrees, self.test_disagrees = disagrees, test_disagrees
        self.closeness, self.test_closeness = closeness, test_closeness
        self.lift_ = None
        self._plan = None
        self._quality = None
        self.fidelity_ = (grid.lift or {}).get("fidelity")

    @property
    def map_quality_(self):
        """The map's measures (:class:`~surfaceviz.evaluation.quality.MapQuality`):
        accuracy, data and pixel consistency, class stability, the inverse's
        gradient. Computed on first use (round trips through the projection and
        the model) and kept in ``grid.lift["quality"]``, so saved with the grid.

        Raises
        ------
        ValueError
            When the picture is not a map (a slice, a strip, two features).
        """
        from ..evaluation.quality import MapQuality, check_quality_request

        if self._quality is not None:
            return self._quality
        stored = (self.grid.lift or {}).get("quality")
        if stored is not None and self._plan is None:
            return MapQuality(**stored)
        if self._plan is None:
            check_quality_request((self.grid.lift or {}).get("kind"))
            raise ValueError("map quality needs the model: draw the map with "
                             "plot_decision_surface or from_estimator.")
        quality = self._plan.map_quality()
        self.grid.lift["quality"] = quality.as_dict()
        self._quality = quality
        return quality

    def mark_unreliable(self, *, ax=None, style="hatch", gradient_quantile=0.95):
        """Mark where the map is unreliable: pixels whose class changes over round
        trips through the projection, or where the inverse stretches (see
        :meth:`MapQuality.unreliable`). ``style="hatch"`` hatches them,
        ``"fade"`` veils them in white. Returns the artist."""
        from .._utils.validation import check_choice, check_range
        from ..render.mpl2d import draw_unreliable

        check_choice("style", style, ("hatch", "fade"))
        check_range("gradient_quantile", gradient_quantile, 0, 1, include_high=True)
        u, v, mask = self.map_quality_.unreliable(gradient_quantile=gradient_quantile)
        return draw_unreliable(ax or self.ax_, u, v, mask, style)

    def __str__(self):
        from ..evaluation.lift import lift_note

        g = self.grid
        lines = [f"DecisionSurfaceDisplay: {g.task} surface ({g.response}) on a "
                 f"{g.x.size} x {g.y.size} grid"]
        note = lift_note(g.lift)
        if note:
            lines.append(note)
        if (g.lift or {}).get("kind") == "projection" and (
                self._plan is not None or "quality" in g.lift):
            lines.append(str(self.map_quality_))
        return "\n".join(lines)

    # ------------------------------------------------------------- drawing
    @_remembers_options
    def plot(self, *, ax=None, kind="contourf", cmap=None, class_colors=None, class_names=None,
             levels=None, shading_bands=None, boundary=True,
             margin_lines=False, scatter=True, misclassified=True, legend=True,
             colorbar=True, colorbar_label=None, colorbar_ticks=None, colorbar_ticklabels=None,
             colorbar_format=None,
             xticks=None, yticks=None, xtick_format=None, ytick_format=None, xlabel=None,
             ylabel=None, downsample=True, scatter_kw=None, test_kw=None,
             misclassified_kw=None, boundary_kw=None, margin_kw=None, colorbar_kw=None,
             legend_kw=None, outside=None, title=None, **kwargs):
        """Draw the surface and the data; return ``self``.

        Options are remembered: a later ``plot(...)`` on this display (for
        example ``disp.plot(kind="image", ax=other)``) reuses the options of the
        earlier calls, ``from_estimator``'s included, except those it gives
        again (pass an option's default to drop it).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        kind : {"contourf", "contour", "pcolormesh", "image"}, default="contourf"
            How to draw the surface. ``"image"`` (imshow) is the fastest for
            large grids.
        cmap : str or Colormap, default=None
            Colour map of a binary or continuous surface (default: the two
            class colours through white; ``viridis`` for continuous values).
            Multiclass regions always use the class colours.
        class_colors : sequence of colours, str or Colormap, default=None
            The class colours, used everywhere a class has one (regions and
            their shading, markers, legend, colour bar, the plotly views): one
            matplotlib colour per class (and per label only the data have), or
            a colormap name or object to draw them from. Kept for later views of
            this display. (``colors=`` for class regions, its old spelling, is
            deprecated.)
        class_names : sequence of str or dict, default=None
            Display names: a list aligned with the model's classes, or a dict
            label -> name; used in the legend, colour-bar ticks and titles, and
            hover text. Kept for later views of this display.
        levels : int or sequence of float, default=None
            Contour levels of a binary or continuous surface (``contourf`` and
            ``contour`` only): how many, or where.
        shading_bands : int, default=None
            Class regions: how many bands of confidence shade each region
            (default 8). (``levels=`` given an integer for class regions meant
            this until 0.1; it is deprecated there.)
        boundary : bool, default=True
            Draw the decision boundary (level 0 or 0.5; class edges).
        margin_lines : bool or sequence of float, default=False
            Dashed lines beside the boundary: True gives -1 and +1 of a
            decision function (an SVM's margins); a sequence gives those levels.
        scatter : bool, default=True
            Draw the data.
        misclassified : bool, default=True
            Ring the points whose predicted label differs from ``y``.
        legend : bool, default=True
            A legend with the class names (when there are labelled points).
        colorbar : bool, default=True
            Draw a colour bar.
        colorbar_label : str, default=None
            Its label (default: says what the colours mean).
        colorbar_ticks : int, sequence of float or Locator, default=None
            Number of ticks, their positions, or a Locator.
        colorbar_ticklabels : sequence of str, default=None
            The text at the positions ``colorbar_ticks`` gives (a sequence of
            the same length). Class colour bars name their classes
            (``class_names``).
        colorbar_format : str, callable or Formatter, default=None
            Tick format: ``"{x:.1f}"``, ``"%.1f"`` or ``f(value, pos) -> str``.
        xticks, yticks : int, sequence of float or Locator, default=None
            Tick count, positions or Locator of each axis.
        xtick_format, ytick_format : str, callable or Formatter, default=None
            Tick format of each axis.
        xlabel, ylabel : str, default=None
            Axis labels. Default: the feature names, set only where the Axes
            has no label yet.
        downsample : bool, default=True
            Draw at most one grid point per pixel of the Axes (the nearest
            grid points); False hands matplotlib the whole grid.
        scatter_kw, test_kw, misclassified_kw, boundary_kw, margin_kw, colorbar_kw, legend_kw : dict, default=None
            Keywords for the data scatter, the test points, the misclassified
            rings, the boundary and margin contours, the colour bar and the
            legend.
        outside : {"hide", "fade", "show"}, default=None
            A slice: what becomes of the points away from it. With a slab
            (``slice_width``), those outside it (default ``"hide"``); without
            one, those far from it (default ``"fade"``, by their distance;
            ``"hide"``: beyond one standard deviation; ``"show"``: all alike).
        title : str, default=None
            The Axes title. Default: what a slice holds fixed ("slice at petal
            width = 1.3...") or a map's projection and fidelity, set only where
            the Axes has no title yet.
        **kwargs
            Passed to the surface artist (``contourf``, ``contour``,
            ``pcolormesh`` or ``imshow``).

        Returns
        -------
        self
        """
        if self.grid.is_strip:
            return plot_strip(self, ax=ax, palette=self._palette(class_colors, class_names, {}),
                              scatter=scatter, legend=legend, xlabel=xlabel, ylabel=ylabel,
                              title=title, scatter_kw=scatter_kw, legend_kw=legend_kw)
        check_choice("kind", kind, KINDS)
        outside = check_outside(outside, self.in_slab, self.test_in_slab,
                                faded=self.closeness is not None)
        check_levels(levels)
        levels, shading_bands = shading_bands_for(self.grid, levels, shading_bands)
        check_flags(boundary=boundary, scatter=scatter, misclassified=misclassified,
                     legend=legend, colorbar=colorbar, downsample=downsample)
        palette, cmap = self._palette_and_cmap(class_colors, class_names, kwargs, cmap)
        kw = check_style_kws(scatter_kw=scatter_kw, test_kw=test_kw,
                              misclassified_kw=misclassified_kw, boundary_kw=boundary_kw,
                              margin_kw=margin_kw, colorbar_kw=colorbar_kw, legend_kw=legend_kw)
        levels, cmap, margin_levels, colorbar_ticks, colorbar_ticklabels = ignored_options(
            self.grid, kind, levels, cmap, margin_lines, colorbar, colorbar_ticks,
            colorbar_ticklabels)
        ax, created = axes_or_new(ax)
        use_constrained_layout(ax.figure)
        try:
            g = self.grid
            if downsample:
                g = g.downsample(*axes_pixels(ax, colorbar=colorbar))
            # the drawn field: the scalar surface, or the per-class margins
            field = g.surface() if g.is_scalar else g.class_margins()
            mappable, ticklabels = self._draw_surface(ax, g, field, kind, palette, cmap,
                                                      levels if g.is_scalar else shading_bands,
                                                      kwargs)
            draw_no_value(self, ax, g)
            draw_boundary_and_margins(self, ax, g, field, boundary, margin_levels, kw)
            draw_points(self, ax, g, palette, mappable, scatter, misclassified, kw, outside)
            self.colorbar_ = draw_colorbar(ax, g, mappable, ticklabels, colorbar,
                                                 colorbar_label, colorbar_ticks,
                                                 colorbar_format, kw["colorbar_kw"], palette,
                                                 colorbar_ticklabels)
            decorate_axes(self, ax, xticks, yticks, xtick_format, ytick_format, xlabel, ylabel,
                                title)
            self.legend_ = draw_legend(self, ax, legend, kw["legend_kw"])
        except BaseException:
            close_if(created, ax)
            raise
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    # ------------------------------------------------------------ plot steps
    def _palette(self, class_colors, class_names, kwargs):
        """The class palette; colours and names given once are kept for later views."""
        if not self.grid.is_scalar and "colors" in kwargs:  # colors= of class regions
            colors = kwargs.pop("colors")
            if class_colors is not None:  # as scikit-learn: class_colors wins, said so
                warn_external("colors is ignored: class_colors gives the class colours.")
            else:
                deprecated_keyword("colors", "class_colors", note=" for class regions")
                class_colors = colors
        style = getattr(self, "_class_style", {})
        style = {"class_colors": style.get("class_colors") if class_colors is None
                 else class_colors,
                 "class_names": style.get("class_names") if class_names is None
                 else class_names}
        palette = ClassPalette.for_surface(self.grid, self.y, self.y_test, **style)
        self._class_style = style
        return palette

    def _palette_and_cmap(self, class_colors, class_names, kwargs, cmap):
        """The palette and the colour map of a view, never against each other: a
        binary surface's class colours are the ends of the colour map used. A
        ``cmap`` given alone gives the classes its ends (the class the score
        speaks for at the high end); beside ``class_colors`` (given now or
        before) it is ignored, with a warning, and the map runs between them."""
        given = class_colors if class_colors is not None else getattr(
            self, "_class_style", {}).get("class_colors")
        if self.grid.task != "binary" or cmap is None:
            return self._palette(class_colors, class_names, kwargs), cmap
        if given is not None:
            warn_external("cmap is ignored: class_colors gives the colours of a binary surface "
                          "(its colour map runs between the two class colours).")
            return self._palette(class_colors, class_names, kwargs), None
        palette = self._palette(None, class_names, kwargs)
        return with_colormap_ends(palette, self.grid, cmap), cmap

    def _draw_surface(self, ax, g, field, kind, palette, cmap, levels, kwargs):
        """The surface, below what the Axes already hold (zorder -1); returns the
        colour bar's mappable and its tick labels."""
        kwargs.setdefault("zorder", SURFACE_ZORDER)
        self._surface_field = None
        try:
            if g.is_scalar:
                style = scalar_style(g, field, palette.colors, cmap, levels,
                                     data_values=values_at_data(self, g, field),
                                     norm=user_norm(kwargs))
                if kind in ("contourf", "contour") and np.ndim(style["levels"]) == 1:
                    kwargs.setdefault("extend", style["extend"])
                check_refined_for(self._refined_levels, kind, style["levels"])
                self.surface_ = mpl2d.draw_scalar(
                    ax, g.x, g.y, field, kind=kind, cmap=style["cmap"], norm=style["norm"],
                    levels=style["levels"], **kwargs)
                self._surface_field = field  # lines of this field can reuse its contours
                return self.surface_, None
            n_levels, scale = region_bands(levels), region_scale(g, field)
            check_refined_for(self._refined_levels, kind, region_levels(n_levels, scale))
            self.surface_ = mpl2d.draw_regions(
                ax, g.x, g.y, field, g.predicted(), g.confidence(), palette.class_colors,
                kind=kind, scale=scale, n_levels=n_levels, **kwargs)
        except (AttributeError, TypeError) as exc:
            reraise_unknown_keyword(exc, kwargs, kind)
            raise
        return mpl2d.class_mappable(palette.class_colors), palette.class_names

    def plot_3d(self, *, cmap=None, class_colors=None, class_names=None, boundary=True,
                scatter=True, colorbar=True, colorbar_label=None, colorbar_ticks=None,
                colorbar_ticklabels=None, zticks=None, eye=None, elev=None, azim=None,
                width=800, height=600, title=None, xlabel=None, ylabel=None, zlabel=None,
                max_points=200, **deprecated):
        """The surface in 3-D, as a plotly Figure (turnable in a browser).

        Binary and continuous surfaces (and one class of many) rise with the
        response; the boundary level is drawn on the surface and projected on
        the floor. Class regions rise with the confidence and take their
        class colour. The data stand at their response height as 3-D markers,
        one trace per class (test points hollow). Hovering shows the
        coordinates, the predicted class and the probabilities or decision
        value.

        Parameters
        ----------
        cmap : str or Colormap, default=None
            Colour map of a binary or continuous surface (as in :meth:`plot`).
        class_colors, class_names : default=None
            As in :meth:`plot` (default: what the last view was given).
        boundary : bool, default=True
            Draw the boundary level.
        scatter : bool, default=True
            Draw the data.
        colorbar : bool, default=True
        colorbar_label : str, default=None
            The colour bar's title (default: says what the colours mean).
        colorbar_ticks : int or sequence of float, default=None
            About how many ticks, or their positions (as in :meth:`plot`).
        colorbar_ticklabels : sequence of str, default=None
            The text at the positions ``colorbar_ticks`` gives.
        zticks : sequence of float, default=None
            Tick positions of the vertical axis.
        eye : dict or tuple of 3 floats, default=None
            Camera position; or give ``elev`` and ``azim`` in degrees.
        elev, azim : float, default=None
        width, height : int, default=800, 600
            Size in pixels.
        title, xlabel, ylabel, zlabel : str, default=None
        max_points : int, default=200
            At most this many grid points per axis are sent to the browser.
        **deprecated
            The names of 0.1, warned about: ``colorbar_title`` (now
            ``colorbar_label``), ``colorbar_tickvals`` and ``colorbar_nticks`` (now
            ``colorbar_ticks``), ``colorbar_ticktext`` (now ``colorbar_ticklabels``).

        Returns
        -------
        plotly.graph_objects.Figure

        Raises
        ------
        ImportError
            Without plotly (with the pip line).
        """
        bar = interactive.renamed_colorbar_options(
            deprecated, "plot_3d", colorbar_label=colorbar_label, colorbar_ticks=colorbar_ticks,
            colorbar_ticklabels=colorbar_ticklabels)
        interactive.check_view(self, "plot_3d", max_points, width, height)
        palette, cmap = self._palette_and_cmap(class_colors, class_names, {}, cmap)
        return interactive.surface_3d(
            self, palette=palette, cmap=cmap,
            boundary=boundary, scatter=scatter, colorbar=colorbar, **bar, zticks=zticks,
            eye=eye, elev=elev, azim=azim, width=width, height=height, title=title,
            xlabel=xlabel, ylabel=ylabel, zlabel=zlabel, max_points=max_points)

    def to_plotly(self, kind="contour", *, cmap=None, class_colors=None, class_names=None,
                  boundary=True, scatter=True,
                  colorbar=True, colorbar_label=None, colorbar_ticks=None,
                  colorbar_ticklabels=None, width=800, height=600, title=None, xlabel=None,
                  ylabel=None, max_points=300, **deprecated):
        """The 2-D view as an interactive plotly Figure.

        Parameters
        ----------
        kind : {"contour", "heatmap"}, default="contour"
        max_points : int, default=300
            At most this many grid points per axis are sent to the browser.
        Other parameters
            As in :meth:`plot_3d`.

        Returns
        -------
        plotly.graph_objects.Figure
        """
        bar = interactive.renamed_colorbar_options(
            deprecated, "to_plotly", colorbar_label=colorbar_label,
            colorbar_ticks=colorbar_ticks, colorbar_ticklabels=colorbar_ticklabels)
        check_choice("kind", kind, ("contour", "heatmap"))
        interactive.check_view(self, "to_plotly", max_points, width, height)
        palette, cmap = self._palette_and_cmap(class_colors, class_names, {}, cmap)
        return interactive.view_2d(
            self, kind, palette=palette, cmap=cmap,
            boundary=boundary, scatter=scatter, colorbar=colorbar, **bar, width=width,
            height=height, title=title, xlabel=xlabel, ylabel=ylabel, max_points=max_points)


# ---------------------------------------------------------------- functions
def plot_decision_surface(model, X, y=None, **kwargs):
    """Evaluate a model on a grid and draw its decision surface with the data.

    The same as :meth:`DecisionSurfaceDisplay.from_estimator`; see it for the
    parameters.

    Returns
    -------
    DecisionSurfaceDisplay

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.svm import SVC
    >>> X, y = make_moons(200, noise=0.25, random_state=0)
    >>> disp = plot_decision_surface(SVC().fit(X, y), X, y, margin_lines=True)
    >>> disp.grid.response
    'decision_function'
    """
    return DecisionSurfaceDisplay.from_estimator(model, X, y, **kwargs)


@accepts_evaluation_options(defaults=_DISPLAY_DEFAULTS)
def evaluated_display(model, X, y=None, *, ax, X_test=None, y_test=None, options,
                      predictions=None, **plot_kwargs):
    """The display :func:`plot_decision_surface` would draw on ``ax``, evaluated
    but not drawn: its first ``plot(ax=ax, ...)`` uses ``plot_kwargs`` (and what
    it is given then). For panels drawn once on a scale shared by all of them;
    ``predictions`` (``(y_pred, y_test_pred)`` of another panel of the same model
    and data) spares the model's calls at the data points.

    Returns
    -------
    DecisionSurfaceDisplay
    """
    disp = DecisionSurfaceDisplay._evaluated(model, X, y, ax, X_test, y_test, options,
                                             plot_kwargs, predictions)
    disp._plot_options = dict(plot_kwargs)
    return disp
