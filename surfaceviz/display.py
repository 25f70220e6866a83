"""`DecisionSurfaceDisplay` and `plot_decision_surface`.

The display holds an evaluated :class:`~surfaceviz.SurfaceGrid` and the data;
:meth:`DecisionSurfaceDisplay.plot` draws them with the functions of
:mod:`surfaceviz.render.mpl2d` and can be called again on other Axes without
evaluating the model again. :meth:`DecisionSurfaceDisplay.from_estimator`
(and its alias :func:`plot_decision_surface`) validates, evaluates and plots.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._validation import check_bool, check_choice, check_X, check_y
from .evaluate import _feature_names, evaluate_spec
from .grid import GridSpec
from .render import colors as _colors
from .render import mpl2d
from .response import resolve_response
from .surface import pos_index, predicted_index

KINDS = mpl2d.KINDS
#: Upper bound of the automatic resolution along each axis.
AUTO_RESOLUTION_MAX = 500
#: Lower bound of the automatic resolution along each axis.
AUTO_RESOLUTION_MIN = 50
#: Share of the Axes width a default colour bar takes (fraction + pad).
_COLORBAR_SHARE = 0.2


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
    """

    def __init__(self, grid, *, X=None, y=None, y_pred=None, X_test=None, y_test=None,
                 y_test_pred=None):
        self.grid = grid
        self.X = X
        self.y = y
        self.y_pred = y_pred
        self.X_test = X_test
        self.y_test = y_test
        self.y_test_pred = y_test_pred

    # ------------------------------------------------------------ building
    @classmethod
    def from_estimator(
        cls,
        model,
        X,
        y=None,
        *,
        ax=None,
        response="auto",
        resolution="auto",
        margin=0.05,
        xlim=None,
        ylim=None,
        classes=None,
        class_of_interest=None,
        feature_names=None,
        X_test=None,
        y_test=None,
        strategy="dense",
        refine=False,
        coarse_step=None,
        n_jobs=None,
        backend="numpy",
        dtype=None,
        batch_size=None,
        max_memory=None,
        progress=None,
        **plot_kwargs,
    ):
        """Evaluate ``model`` on a grid over ``X`` and plot its surface.

        Parameters
        ----------
        model : estimator or callable
            A fitted scikit-learn classifier, pipeline, regressor, clusterer or
            outlier detector, any object with ``predict``, or a callable
            ``f(points) -> values`` on arrays of shape ``(n, 2)`` (pass
            ``classes=`` when it returns labels or probabilities).
        X : array-like or DataFrame of shape (n_samples, 2)
            The data: sets the grid's range and is drawn on top. Never modified.
        y : array-like of shape (n_samples,), default=None
            True labels (classifiers) or targets (regressors) of ``X``.
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        response : {"auto", "decision_function", "predict_proba", "predict"}, default="auto"
            The response drawn. ``"auto"`` uses ``decision_function``, then
            ``predict_proba``, then ``predict``.
        resolution : "auto", int or tuple of (int, int), default="auto"
            Grid points along each axis (``(nx, ny)`` for a pair). ``"auto"``
            matches the Axes' size in pixels (between 50 and 500 per axis):
            a finer grid shows nothing more.
        margin : float, default=0.05
            Room around the data on each side, as a fraction of its range.
        xlim, ylim : tuple of (float, float), default=None
            Explicit bounds of the grid.
        classes : array-like, default=None
            Labels a callable model's output refers to.
        class_of_interest : label, default=None
            Binary: the class whose score is drawn (default: the second).
            Multiclass: draw that one class's score instead of all regions.
        feature_names : sequence of two str, default=None
            Axis labels; default: the columns of a DataFrame ``X``.
        X_test, y_test : array-like, default=None
            Held-out points and labels, drawn with hollow markers.
        strategy : {"dense", "adaptive"}, default="dense"
            ``"adaptive"`` (or ``refine=True``) evaluates a coarse lattice and
            refines only near the boundary (see :func:`evaluate_grid`).
        refine : bool, default=False
            Shorthand for ``strategy="adaptive"``.
        coarse_step : int, default=None
            Adaptive: the coarse lattice's spacing (a power of two).
        n_jobs : int, default=None
            Parallel batches through joblib.
        backend : {"numpy", "cupy", "auto"} or array namespace, default="numpy"
            Where the grid is evaluated (GPU with CuPy).
        dtype : {"float32", "float64"}, default=None
            Floating type of device evaluation.
        batch_size : int, default=None
            Grid points per model call (bounds the evaluation's memory;
            32,768 on the CPU by default).
        max_memory : int or str, default=None
            Working-memory budget (``"256MB"``) from which the batch size is
            derived.
        progress : bool or None, default=None
            Progress bar (tqdm): on a terminal for long evaluations when None.
        **plot_kwargs
            Passed to :meth:`plot` (``kind``, ``cmap``, ``colorbar_ticks``...).

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
        surfaceviz.response.EvaluationError
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
        """
        X_arr, names = check_X(X)
        y_arr = check_y(y, len(X_arr))
        if y_test is not None and X_test is None:
            raise ValueError("y_test was given without X_test; pass both or neither.")
        X_test_arr, _ = check_X(X_test, "X_test", allow_none=True)
        y_test_arr = None if X_test_arr is None else check_y(y_test, len(X_test_arr), "y_test")
        check_choice("kind", plot_kwargs.get("kind", "contourf"), KINDS)
        names = _feature_names(feature_names, names)
        resp = resolve_response(model, response, X=X_arr, classes=classes,
                                class_of_interest=class_of_interest)
        bounds = X_arr if X_test_arr is None else np.vstack([X_arr, X_test_arr])
        auto = isinstance(resolution, str)
        if auto:
            check_choice("resolution", resolution, ("auto",))
        # validate the grid's arguments before a figure is made
        GridSpec.from_data(bounds, resolution=2 if auto else resolution, margin=margin,
                           xlim=xlim, ylim=ylim)
        created = ax is None
        if created:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots()
        grid_kw = dict(resolution=resolution, margin=margin, xlim=xlim, ylim=ylim)
        eval_kw = dict(model=model, strategy=strategy, refine=refine, coarse_step=coarse_step,
                       n_jobs=n_jobs, backend=backend, dtype=dtype, batch_size=batch_size,
                       max_memory=max_memory, progress=progress, feature_names=names,
                       class_of_interest=class_of_interest)
        data = dict(X=X_arr, y=y_arr, X_test=X_test_arr, y_test=y_test_arr)
        try:
            return cls._evaluate_and_plot(resp, ax, bounds, grid_kw, eval_kw, data, plot_kwargs)
        except BaseException:
            if created:  # leave no empty figure behind after an error
                import matplotlib.pyplot as plt

                plt.close(ax.figure)
            raise

    @classmethod
    def _evaluate_and_plot(cls, resp, ax, bounds, grid_kw, eval_kw, data, plot_kwargs):
        if isinstance(grid_kw["resolution"], str):  # "auto": the Axes' pixels
            grid_kw = dict(grid_kw, resolution=_auto_resolution(
                ax, colorbar=bool(plot_kwargs.get("colorbar", True))))
        spec = GridSpec.from_data(bounds, **grid_kw)
        levels = plot_kwargs.get("levels")
        grid = evaluate_spec(
            resp, spec,
            levels=levels if resp.task == "continuous" and np.ndim(levels) == 1 else None,
            **eval_kw)
        y_pred = _labels_at(resp, data["X"]) if data["y"] is not None else None
        y_test_pred = _labels_at(resp, data["X_test"]) if data["y_test"] is not None else None
        disp = cls(grid, y_pred=y_pred, y_test_pred=y_test_pred, **data)
        return disp.plot(ax=ax, **plot_kwargs)

    # ------------------------------------------------------------- drawing
    def plot(
        self,
        *,
        ax=None,
        kind="contourf",
        cmap=None,
        levels=None,
        boundary=True,
        margin_lines=False,
        scatter=True,
        misclassified=True,
        legend=True,
        colorbar=True,
        colorbar_label=None,
        colorbar_ticks=None,
        colorbar_format=None,
        xticks=None,
        yticks=None,
        xtick_format=None,
        ytick_format=None,
        xlabel=None,
        ylabel=None,
        downsample=True,
        scatter_kw=None,
        test_kw=None,
        misclassified_kw=None,
        boundary_kw=None,
        margin_kw=None,
        colorbar_kw=None,
        legend_kw=None,
        **kwargs,
    ):
        """Draw the surface and the data; return ``self``.

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
        levels : int or sequence of float, default=None
            Contour levels (``contourf`` and ``contour`` only).
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
        **kwargs
            Passed to the surface artist (``contourf``, ``contour``,
            ``pcolormesh`` or ``imshow``).

        Returns
        -------
        self
        """
        check_choice("kind", kind, KINDS)
        for name, flag in (("boundary", boundary), ("scatter", scatter),
                           ("misclassified", misclassified), ("legend", legend),
                           ("colorbar", colorbar), ("downsample", downsample)):
            check_bool(name, flag)
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots()
        g = self.grid
        if downsample:
            px, py = _axes_pixels(ax, colorbar=colorbar)
            g = g.downsample(px, py)
        if levels is not None and kind in ("pcolormesh", "image"):
            warnings.warn(f"levels is ignored for kind={kind!r}.", UserWarning, stacklevel=2)
            levels = None
        x, y = g.x, g.y
        colors = self._colors()
        self.boundary_, self.margin_lines_ = [], None
        scalar = g.task in ("binary", "continuous") or g.class_of_interest is not None
        if scalar:
            z = g.surface()
            style = _scalar_style(g, z, colors, cmap, levels)
            if kind in ("contourf", "contour") and np.ndim(style["levels"]) == 1:
                kwargs.setdefault("extend", style["extend"])
            self.surface_ = mpl2d.draw_scalar(ax, x, y, z, kind=kind, cmap=style["cmap"],
                                              norm=style["norm"], levels=style["levels"],
                                              **kwargs)
            mappable, ticklabels = self.surface_, None
            if boundary:
                self.boundary_ = self._draw_scalar_boundary(ax, g, z, boundary_kw)
            self.margin_lines_ = self._draw_margin_lines(ax, g, z, margin_lines, margin_kw)
        else:
            if cmap is not None:
                warnings.warn("cmap is ignored for class regions: they use the class colours.",
                              UserWarning, stacklevel=2)
            margins = g.class_margins()
            conf = g.confidence()
            scale = 1.0 if g.response == "predict_proba" or g.task == "labels" else max(
                float(margins.max()), 1e-12)
            n_levels = levels if isinstance(levels, (int, np.integer)) else 8
            self.surface_ = mpl2d.draw_regions(ax, x, y, margins, g.predicted(), conf,
                                               colors[: g.n_classes], kind=kind, scale=scale,
                                               n_levels=n_levels, **kwargs)
            mappable = mpl2d.class_mappable(colors[: g.n_classes])
            ticklabels = [str(c) for c in g.classes]
            if boundary:
                self.boundary_ = mpl2d.draw_class_edges(ax, x, y, margins, **(boundary_kw or {}))
            if margin_lines is not False:
                warnings.warn("margin_lines is ignored for class regions; use a binary "
                              "model or class_of_interest.", UserWarning, stacklevel=2)
        self.scatter_, self.misclassified_, self.test_scatter_ = [], None, []
        if scatter:
            self._draw_data(ax, g, colors, scalar, mappable, misclassified, scatter_kw,
                            test_kw, misclassified_kw)
        self.colorbar_ = None
        if colorbar:
            if ticklabels is not None and colorbar_ticks is not None:
                warnings.warn("colorbar_ticks is ignored for a class colour bar (one tick "
                              "per class).", UserWarning, stacklevel=2)
                colorbar_ticks = None
            self.colorbar_ = mpl2d.draw_colorbar(
                ax, mappable, label=colorbar_label if colorbar_label is not None
                else _colorbar_label(g), ticks=colorbar_ticks, ticklabels=ticklabels,
                fmt=colorbar_format, **(colorbar_kw or {}))
        ax.set_xlim(self.grid.x[0], self.grid.x[-1])
        ax.set_ylim(self.grid.y[0], self.grid.y[-1])
        mpl2d.apply_ticks(ax.xaxis, xticks, xtick_format)
        mpl2d.apply_ticks(ax.yaxis, yticks, ytick_format)
        names = self.grid.feature_names or (None, None)
        _set_label(ax.set_xlabel, ax.get_xlabel(), xlabel, names[0])
        _set_label(ax.set_ylabel, ax.get_ylabel(), ylabel, names[1])
        self.legend_ = None
        if legend:
            handles = [h for h in self.scatter_ + [self.misclassified_] + self.test_scatter_
                       if h is not None and not h.get_label().startswith("_")]
            if handles:
                opts = {"loc": "best", "fontsize": "small", "framealpha": 0.85}
                opts.update(legend_kw or {})
                self.legend_ = ax.legend(handles=handles, **opts)
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    # ---------------------------------------------------------- plotly views
    def plot_3d(self, *, cmap=None, boundary=True, scatter=True, colorbar=True,
                colorbar_title=None, colorbar_tickvals=None, colorbar_ticktext=None,
                colorbar_nticks=None, zticks=None, eye=None, elev=None, azim=None,
                width=800, height=600, title=None, xlabel=None, ylabel=None, zlabel=None,
                max_points=200):
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
        boundary : bool, default=True
            Draw the boundary level.
        scatter : bool, default=True
            Draw the data.
        colorbar : bool, default=True
        colorbar_title : str, default=None
        colorbar_tickvals, colorbar_ticktext : sequence, default=None
            Tick positions and their text.
        colorbar_nticks : int, default=None
            Number of ticks.
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

        Returns
        -------
        plotly.graph_objects.Figure

        Raises
        ------
        ImportError
            Without plotly (with the pip line).
        """
        from . import interactive
        from .render import plotly as pl

        L = interactive.layers(self, max_points=max_points, cmap=cmap)
        g = L["grid"]
        names = g.feature_names or ("x1", "x2")
        cb = interactive.colorbar(L, colorbar_title, colorbar_tickvals, colorbar_ticktext,
                                  colorbar_nticks)
        return pl.surface_3d(
            g.x, g.y, L["z"], colorscale=L["colorscale"], cmin=L["cmin"], cmax=L["cmax"],
            surfacecolor=L["color"], colorbar=cb, showscale=colorbar,
            hovertext=interactive.hover_text(g, names),
            contour_level=L["level"] if boundary else None,
            points=interactive.point_traces(self, L, three_d=True) if scatter else (),
            xlabel=xlabel or names[0], ylabel=ylabel or names[1],
            zlabel=zlabel or (L["title"] if L["scalar"] else "confidence"),
            zticks=zticks, camera_spec=pl.camera(eye=eye, elev=elev, azim=azim),
            width=width, height=height, title=title)

    def to_plotly(self, kind="contour", *, cmap=None, boundary=True, scatter=True,
                  colorbar=True, colorbar_title=None, colorbar_tickvals=None,
                  colorbar_ticktext=None, colorbar_nticks=None, width=800, height=600,
                  title=None, xlabel=None, ylabel=None, max_points=300):
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
        from . import interactive
        from .render import plotly as pl

        check_choice("kind", kind, ("contour", "heatmap"))
        L = interactive.layers(self, max_points=max_points, cmap=cmap)
        g = L["grid"]
        names = g.feature_names or ("x1", "x2")
        z = L["z"] if L["scalar"] else L["color"]
        if not L["scalar"]:
            kind = "heatmap"  # class regions: flat colours, no interpolated levels
        cb = interactive.colorbar(L, colorbar_title, colorbar_tickvals, colorbar_ticktext,
                                  colorbar_nticks)
        levels = None
        if L["scalar"]:
            levels = np.linspace(L["cmin"], L["cmax"], 11)
        return pl.view_2d(
            g.x, g.y, z, kind=kind, colorscale=L["colorscale"], zmin=L["cmin"], zmax=L["cmax"],
            colorbar=cb, showscale=colorbar, hovertext=interactive.hover_text(g, names),
            levels=levels, boundary_level=L["level"] if boundary else None,
            points=interactive.point_traces(self, L, three_d=False) if scatter else (),
            xlabel=xlabel or names[0], ylabel=ylabel or names[1], width=width, height=height,
            title=title)

    # ------------------------------------------------------------- helpers
    def _colors(self):
        """Colours of the model's classes, then of labels only ``y`` has."""
        g = self.grid
        n = g.n_classes
        extra = self._extra_labels()
        base = _colors.class_colors(n) if n else np.zeros((0, 4))
        if extra:
            more = _colors.class_colors(n + len(extra))[n:]
            base = np.vstack([base, more])
        return base

    def _extra_labels(self):
        g = self.grid
        if g.task == "continuous" or self.y is None:
            return []
        labels = [self.y] + ([self.y_test] if self.y_test is not None else [])
        known = set(_as_keys(g.classes)) if g.classes is not None else set()
        seen = []
        for arr in labels:
            for label in np.unique(arr):
                key = _key(label)
                if key not in known and key not in seen:
                    seen.append(key)
        return seen

    def _codes(self, labels):
        g = self.grid
        keys = (list(_as_keys(g.classes)) if g.classes is not None else []) + self._extra_labels()
        index = {k: i for i, k in enumerate(keys)}
        return np.array([index[_key(v)] for v in labels], dtype=np.intp), [str(k) for k in keys]

    def _draw_scalar_boundary(self, ax, g, z, boundary_kw):
        opts = {"linewidths": 1.5}
        opts.update(boundary_kw or {})
        if g.task == "binary":
            cs = mpl2d.draw_levels(ax, g.x, g.y, z, [g.threshold], **opts)
            return [cs] if cs is not None else []
        if g.task == "continuous":
            return []
        # one class of a multiclass surface: where that class wins
        idx = g.class_index(g.class_of_interest)
        m = g.class_margins()[..., idx]
        cs = mpl2d.draw_levels(ax, g.x, g.y, m, [0.0], **opts)
        return [cs] if cs is not None else []

    def _draw_margin_lines(self, ax, g, z, margin_lines, margin_kw):
        if margin_lines is False or margin_lines is None:
            return None
        if margin_lines is True:
            if g.task != "binary" or g.response == "predict_proba":
                raise ValueError(
                    "margin_lines=True draws the -1 and +1 levels of a binary decision "
                    f"function; this surface is {g.task} {g.response}. Pass the levels "
                    "to draw instead, e.g. margin_lines=[0.25, 0.75]."
                )
            levels = [g.threshold - 1.0, g.threshold + 1.0]
        else:
            try:
                levels = [float(v) for v in margin_lines]
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"margin_lines must be True, False or a sequence of levels; got {margin_lines!r}."
                ) from exc
        opts = {"linestyles": "dashed", "linewidths": 1.0}
        opts.update(margin_kw or {})
        return mpl2d.draw_levels(ax, g.x, g.y, z, levels, **opts)

    def _draw_data(self, ax, g, colors, scalar, mappable, misclassified, scatter_kw,
                   test_kw, misclassified_kw):
        X, y = self.X, self.y
        if X is None:
            return
        scatter_kw = dict(scatter_kw or {})
        continuous_y = y is not None and g.task == "continuous" and y.dtype.kind in "fiub"
        if y is None:
            scatter_kw.setdefault("c", "white")
            scatter_kw.setdefault("edgecolors", "black")
            scatter_kw.setdefault("linewidths", 0.6)
            scatter_kw.setdefault("zorder", 3)
            scatter_kw.setdefault("label", "data")
            self.scatter_ = [ax.scatter(X[:, 0], X[:, 1], **scatter_kw)]
        elif continuous_y:
            self.scatter_ = [mpl2d.draw_values_scatter(ax, X, y, cmap=mappable.get_cmap(),
                                                       norm=mappable.norm, **scatter_kw)]
            self.scatter_[0].set_label("_data")
        else:
            codes, names = self._codes(y)
            self.scatter_ = mpl2d.draw_classes_scatter(ax, X, codes, names, colors, **scatter_kw)
            if misclassified and self.y_pred is not None:
                wrong = _differs(self.y_pred, y)
                if wrong.any():
                    self.misclassified_ = mpl2d.draw_misclassified(
                        ax, X[wrong], **(misclassified_kw or {}))
        if self.X_test is not None:
            test_kw = dict(test_kw or {})
            if self.y_test is None or continuous_y:
                test_kw.setdefault("marker", "o")
                self.test_scatter_ = [ax.scatter(
                    self.X_test[:, 0], self.X_test[:, 1], facecolors="none",
                    edgecolors="black", label="test", zorder=3, **test_kw)]
            else:
                codes, names = self._codes(self.y_test)
                self.test_scatter_ = mpl2d.draw_classes_scatter(
                    ax, self.X_test, codes, names, colors, hollow=True, name_suffix=" (test)",
                    **test_kw)
                if misclassified and self.y_test_pred is not None:
                    wrong = _differs(self.y_test_pred, self.y_test)
                    if wrong.any():
                        opts = {"label": "_misclassified test"}
                        opts.update(misclassified_kw or {})
                        ring = mpl2d.draw_misclassified(ax, self.X_test[wrong], **opts)
                        if self.misclassified_ is None:
                            ring.set_label("misclassified")
                            self.misclassified_ = ring


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


def _labels_at(resp, X):
    """The model's predicted labels at ``X`` (None for unsupervised models)."""
    if resp.task == "continuous" or resp.classes is None or not resp.supervised:
        return None
    idx = predicted_index(resp(X), resp.task, resp.classes, resp.threshold, resp.pos_label)
    return resp.classes[idx]


def _differs(pred, true):
    return np.array([_key(a) != _key(b) for a, b in zip(pred, true)], dtype=bool)


def _key(value):
    """A hashable, type-tolerant key for a label (1 == 1.0 == np.int64(1))."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _as_keys(classes):
    return [_key(c) for c in classes]


def _axes_pixels(ax, *, colorbar):
    """The Axes' size on the canvas in pixels, less a default colour bar's share."""
    bbox = ax.get_window_extent()
    width = bbox.width * (1 - _COLORBAR_SHARE if colorbar else 1.0)
    return max(int(np.ceil(width)), 2), max(int(np.ceil(bbox.height)), 2)


def _auto_resolution(ax, *, colorbar):
    px, py = _axes_pixels(ax, colorbar=colorbar)
    clip = lambda v: int(min(max(v, AUTO_RESOLUTION_MIN), AUTO_RESOLUTION_MAX))  # noqa: E731
    return clip(px), clip(py)


def _scalar_style(g, z, colors, cmap, levels):
    """Colour map, norm and default contour levels of a 2-D surface."""
    from matplotlib.colors import Normalize

    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if g.task == "binary":
        pos = pos_index(g.classes, g.pos_label)
        default_cmap = _colors.diverging_cmap(colors[1 - pos], colors[pos])
        if g.response == "predict_proba":
            norm = Normalize(0.0, 1.0)
        else:
            # the 95th percentile of |d|: far corners of a polynomial model
            # would otherwise wash out the region near the boundary
            dev = np.abs(finite - g.threshold)
            half = float(np.quantile(dev, 0.95)) if dev.size else 1.0
            half = half or float(dev.max(initial=0.0)) or 1.0
            norm = Normalize(g.threshold - half, g.threshold + half)
    elif g.task == "continuous":
        default_cmap = "viridis"
        if hi == lo:
            lo, hi = lo - 0.5, hi + 0.5
        norm = Normalize(lo, hi)
    else:  # one class of many
        idx = g.class_index(g.class_of_interest)
        default_cmap = _colors.class_cmap(colors[idx])
        if g.response == "predict_proba" or g.task == "labels":
            norm = Normalize(0.0, 1.0)
        else:
            norm = Normalize(lo, hi if hi > lo else lo + 1.0)
    if levels is None or isinstance(levels, (int, np.integer)):
        from matplotlib.ticker import MaxNLocator

        symmetric = g.task == "binary" and g.response != "predict_proba" and g.threshold == 0
        nbins = 10 if levels is None else max(int(levels), 1)
        levels = MaxNLocator(nbins=nbins, symmetric=symmetric).tick_values(norm.vmin, norm.vmax)
    else:
        levels = np.asarray(levels, dtype=float)
    extend = "neither"
    if finite.size and (lo < levels[0] or hi > levels[-1]):
        extend = "both"
    return {"cmap": cmap if cmap is not None else default_cmap, "norm": norm, "levels": levels,
            "extend": extend}


def _colorbar_label(g):
    if g.task == "binary":
        if g.response == "predict_proba":
            return f"probability of class {g.pos_label}"
        return f"decision function (> {g.threshold:g}: class {g.pos_label})"
    if g.task == "continuous":
        return "prediction" if g.response == "predict" else "value"
    if g.class_of_interest is not None:
        if g.response == "predict_proba":
            return f"probability of class {g.class_of_interest}"
        if g.task == "labels":
            return f"predicted class is {g.class_of_interest}"
        return f"decision function of class {g.class_of_interest}"
    return "predicted class (shade: confidence)"


def _set_label(setter, current, explicit, default):
    if explicit is not None:
        setter(explicit)
    elif default is not None and not current:
        setter(default)
