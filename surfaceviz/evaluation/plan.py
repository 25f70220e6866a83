"""The planner: one place between every figure and the model.

``plan(model, X, y, options=..., pixels=..., bands=...)`` validates the data
and the options once and decides, before the model is called on the grid:

- the **lift** (the model's own plane, a slice, a map or a strip) and the data
  in both spaces (:func:`surfaceviz.evaluation.lift.prepare`);
- the **grid**: its bounds (the data and test points plus the margin, or
  ``xlim``/``ylim``) and its resolution, by the one rule of
  :func:`resolve_resolution`;
- the **response** and its meaning (:func:`~surfaceviz.evaluation.response.resolve_response`);
- the model's **labels and values at the data** (each set of rows evaluated
  once: a map's fidelity, the misclassified rings and a decision function's
  colour range ask for the same rows);
- the **bands to refine around**: the only plot input that reaches the
  evaluation, given as :class:`Bands` by the figure that will draw them.

:meth:`Plan.evaluate` then runs the strategies of
:mod:`surfaceviz.evaluation.evaluate` and returns a
:class:`~surfaceviz.SurfaceGrid`. Every entry point goes through here:
:func:`evaluate_grid`, the display, slices and the pair matrix, comparisons,
decision diffs, animations, neurons and the pytest plugin.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import numpy as np

from .._utils.validation import check_y
from .evaluate import evaluate_spec
from .grid import GridSpec
from .frameworks import evaluating, framework_model
from .lift import check_model_features, prepare
from .options import accepts_evaluation_options
from .response import check_response, resolve_response
from .surface import SurfaceGrid, predicted_index

#: Resolution of ``resolution="auto"`` where no Axes sets it (no pixels).
DEFAULT_RESOLUTION = 200
#: ``resolution="auto"``: bounds of the Axes' pixels used per axis.
AUTO_RESOLUTION_MIN, AUTO_RESOLUTION_MAX = 50, 500


def resolve_resolution(resolution, *, pixels=None, strip=False):
    """The one resolution rule, for every entry point.

    - An integer or ``(nx, ny)``: as given.
    - ``"auto"``: the pixels the picture has (``pixels``, the Axes' size less
      a colour bar), each clipped to 50-500, so that a finer grid would show
      nothing more; where there is no picture yet (``pixels=None``), 200 per
      axis.
    - A strip (one feature): ``(500, 2)`` for ``"auto"``.

    Parameters
    ----------
    resolution : int, tuple of (int, int) or "auto"
    pixels : tuple of (int, int), default=None
    strip : bool, default=False

    Returns
    -------
    int or tuple of (int, int)
    """
    if not isinstance(resolution, str):
        return resolution
    if strip:
        return (AUTO_RESOLUTION_MAX, 2)
    if pixels is None:
        return DEFAULT_RESOLUTION
    return tuple(int(min(max(p, AUTO_RESOLUTION_MIN), AUTO_RESOLUTION_MAX)) for p in pixels)


@dataclass(frozen=True)
class Bands:
    """What a figure will draw in bands: adaptive refinement is made exact around
    them, so that each pixel shows its own band.

    Parameters
    ----------
    levels : callable
        ``levels(resp, data_values, class_of_interest) -> 1-D array or None``:
        the band edges the figure will draw for this response (``data_values``:
        the model's values at the data, or None), or None where they are known only after
        the grid (then ``refine="auto"`` evaluates densely).
    banded : bool, default=True
        False where the colours are continuous (an image or a mesh): there
        ``refine="auto"`` evaluates densely; ``refine=True`` still refines
        around ``levels``.
    """

    levels: Callable
    banded: bool = True


class LabelsAt:
    """The model's response at sets of rows, each set evaluated once."""

    def __init__(self, resp):
        self.resp = resp
        self._done = []  # (rows, response values)

    def values(self, rows):
        """The response at ``rows``."""
        for seen, values in self._done:
            if seen is rows:
                return values
        values = self.resp(rows)
        self._done.append((rows, values))
        return values

    def __call__(self, rows):
        """Class indices at ``rows``."""
        r = self.resp
        return predicted_index(self.values(rows), r.task, r.classes, r.threshold, r.pos_label)

    def classes(self, rows):
        """The predicted labels at ``rows`` (None for unsupervised models)."""
        r = self.resp
        if r.task == "continuous" or r.classes is None or not r.supervised:
            return None
        return r.classes[self(rows)]


@dataclass
class GridPlan:
    """The model-free half of a plan: the data in both spaces, the lift and the
    grid (shared by the models of a diff and the snapshots of an animation)."""

    options: object
    prep: object
    spec: GridSpec
    feature_names: tuple | None
    y: np.ndarray | None = None
    y_test: np.ndarray | None = None

    def for_model(self, model, *, bands=None, with_y=True, response=None, name=None):
        """The :class:`Plan` of ``model`` on this grid (its response resolved now;
        ``response`` replaces the options' own, e.g. those of a model's form;
        ``name`` calls the model in error messages, e.g. ``"model_b"``)."""
        o = self.options
        model = framework_model(model)
        if self.prep.table is not None:  # every model, not only the one planned first
            check_model_features(model, self.prep.table, name)
        response = o.response if response is None else check_response(response)
        resp = resolve_response(model, response, X=self.prep.rows,
                                y=self.y if with_y else None, classes=o.classes,
                                class_of_interest=o.class_of_interest,
                                probe_labels=o.backend == "numpy")
        return Plan(grid_plan=self, model=model, resp=resp, labels_at=LabelsAt(resp),
                    bands=bands)


@dataclass
class Plan:
    """Everything decided before the grid is evaluated; :meth:`evaluate` runs it.

    Attributes
    ----------
    grid_plan : GridPlan
        Lift, data, grid and options.
    model : estimator or callable
    resp : Response
        The response evaluated and its meaning.
    labels_at : LabelsAt
        The model's response at the data, each set of rows evaluated once.
    bands : Bands or None
        The bands the figure will draw.
    """

    grid_plan: GridPlan
    model: object
    resp: object
    labels_at: LabelsAt
    bands: Bands | None = None

    # the grid plan's fields, for the callers
    options = property(lambda self: self.grid_plan.options)
    prep = property(lambda self: self.grid_plan.prep)
    spec = property(lambda self: self.grid_plan.spec)
    lift = property(lambda self: self.grid_plan.prep.lift)

    @cached_property
    def disagreements(self):
        """A map's points whose model class differs from the map's class there
        (None without a map or without classes); measured once."""
        return measure_fidelity(self.prep, self.resp, self.labels_at)

    @cached_property
    def data_values(self):
        """A binary decision function's values at the data and test points, from the
        model (the colour range its bands are planned with); None for other
        surfaces and for slices and maps (whose data lie off the drawn plane)."""
        resp, prep = self.resp, self.prep
        if resp.task != "binary" or resp.method == "predict_proba" or prep.lift is not None:
            return None
        rows = [r for r in (prep.rows, prep.test_rows) if r is not None]
        if not rows:
            return None
        return np.concatenate([np.asarray(self.labels_at.values(r), dtype=float).ravel()
                               for r in rows])

    def map_quality(self, **kwargs):
        """The measures of a map (:func:`surfaceviz.evaluation.quality.map_quality`),
        on the test points when given, else on the data.

        Raises
        ------
        ValueError
            For a slice, a strip or a two-feature plane (not a map), or a model
            without classes.
        """
        from .._utils.labels import differs
        from .quality import check_quality_request, map_quality

        lift, prep, gp, resp = self.lift, self.prep, self.grid_plan, self.resp
        check_quality_request(getattr(lift, "kind", None))
        if resp.task == "continuous" or resp.classes is None:
            raise ValueError("map quality measures classes; this model's surface is "
                             "continuous.")
        on_test = prep.test_rows is not None
        rows, y = (prep.test_rows, gp.y_test) if on_test else (prep.rows, gp.y)
        as_frame = lift.columns is not None
        classes = np.asarray(resp.classes, dtype=object)

        def labels_of(model_rows):
            if model_rows is rows:
                return self.labels_at(rows)
            return predicted_index(resp(model_rows), resp.task, resp.classes, resp.threshold,
                                   resp.pos_label)

        return map_quality(lift.to_view, lambda points: lift.to_model(points, as_frame=as_frame),
                           labels_of, rows, self.spec, y=y,
                           is_true=lambda idx, true: ~differs(classes[idx], true),
                           on="test points" if on_test else "data", **kwargs)

    def response_at(self, points):
        """The model's response at ``points`` of the drawn plane (an array of shape
        ``(n, 2)``), lifted to the model's features as the grid is (a slice's
        held values, a map's inverse): what the picture shows there, computed
        exactly rather than read off the grid."""
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2 or not np.isfinite(points).all():
            raise ValueError(f"points must be finite, of shape (n, 2); got shape "
                             f"{points.shape}.")
        rows = points if self.lift is None else self.lift.to_model(points)
        with evaluating(self.model):
            return self.resp(rows)

    def predictions(self):
        """The model's labels at the data and test points where ``y`` / ``y_test``
        were given (for the misclassified rings); None elsewhere."""
        gp = self.grid_plan
        y_pred = self.labels_at.classes(self.prep.rows) if gp.y is not None else None
        y_test_pred = (self.labels_at.classes(self.prep.test_rows) if gp.y_test is not None
                       else None)
        return y_pred, y_test_pred

    def point_masks(self):
        """Per-point flags from the lift: slab membership, a map's disagreements,
        and, for a slice without a slab, each point's closeness to the slice."""
        lift, prep = self.lift, self.prep
        out = {}
        if lift is None:
            return out
        out["in_slab"] = lift.inside(prep.rows)
        if prep.test_rows is not None:
            out["test_in_slab"] = lift.inside(prep.test_rows)
        closeness = getattr(lift, "closeness", None)
        if closeness is not None and out["in_slab"] is None:  # a slice without a slab
            out["closeness"] = closeness(prep.rows)
            if prep.test_rows is not None:
                out["test_closeness"] = closeness(prep.test_rows)
        disagree = self.disagreements
        if disagree is not None:
            out["test_disagrees" if prep.test_rows is not None else "disagrees"] = disagree
        return out

    @cached_property
    def evaluation_options(self):
        """The options the strategies run with: the bands to refine around folded
        in as ``levels`` (or a dense grid where they cannot be known first)."""
        options, resp = self.options, self.resp
        if (self.bands is None or options.refine_levels is not None or resp.task == "labels"
                or not (options.adaptive or options.auto_refine)):
            return options  # label regions: their class edges are all there is
        planned = self.bands.levels(resp, self.data_values, options.class_of_interest)
        if planned is not None and (self.bands.banded or options.adaptive):
            return options.evolve(refine_levels=np.sort(np.asarray(planned, dtype=float).ravel()))
        return options.evolve(refine=False) if options.auto_refine else options

    def evaluate(self):
        """Evaluate the model on the grid: a :class:`~surfaceviz.SurfaceGrid`."""
        self.disagreements  # noqa: B018 (a map's fidelity, measured before the grid)
        with evaluating(self.model):  # a network stays in eval mode throughout
            return evaluate_spec(self.resp, self.spec, self.evaluation_options, model=self.model,
                                 feature_names=self.grid_plan.feature_names, lift=self.lift)


def plan_grid(model, X, y=None, *, X_test=None, y_test=None, options, pixels=None,
              allow_strip=True):
    """The :class:`GridPlan` over ``X`` (and ``X_test``): the data validated once,
    the lift, the grid. ``model`` is checked against the data's columns (None:
    not yet, as for an animation's model before training)."""
    prep = prepare(framework_model(model), X, X_test, options, allow_strip=allow_strip, y=y)
    y_arr = None if y is None else check_y(y, len(prep.X))
    if y_test is not None and prep.X_test is None:
        raise ValueError("y_test was given without X_test; pass both or neither.")
    y_test_arr = None if y_test is None else check_y(y_test, len(prep.X_test), "y_test")
    strip = prep.lift is not None and prep.lift.kind == "strip"
    bounds = prep.X if prep.X_test is None else np.vstack([prep.X, prep.X_test])
    spec = GridSpec.around(bounds, resolution=resolve_resolution(
        options.resolution, pixels=pixels, strip=strip), margin=options.margin,
        xlim=options.xlim, ylim=options.ylim, strip=strip,
        what="the projection's embedding" if getattr(prep.lift, "kind", None) == "projection"
        else "X")
    return GridPlan(options=options, prep=prep, spec=spec,
                    feature_names=resolve_feature_names(options.feature_names, prep.names),
                    y=y_arr, y_test=y_test_arr)


def plan(model, X, y=None, *, X_test=None, y_test=None, options, pixels=None, bands=None,
         allow_strip=True):
    """Plan the evaluation of ``model`` over ``X``: see the module's docstring.

    Parameters
    ----------
    model : estimator or callable
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), default=None
        True labels (they also tell a predict-only model's classes).
    X_test, y_test : array-like, default=None
        Held-out points (they widen the grid) and their labels.
    options : EvaluationOptions
        Validated once, where the caller built them.
    pixels : tuple of (int, int), default=None
        The picture's size, for ``resolution="auto"`` (:func:`resolve_resolution`).
    bands : Bands, default=None
        The bands the figure will draw, to refine around.

    Returns
    -------
    Plan
    """
    grid_plan = plan_grid(model, X, y, X_test=X_test, y_test=y_test, options=options,
                          pixels=pixels, allow_strip=allow_strip)
    return grid_plan.for_model(model, bands=bands)


def measure_fidelity(prep, resp, labels_of=None):
    """A map's fidelity on the test rows (else the data); the rows where model and
    map disagree (None when there is no map or no classes). ``labels_of(rows)``
    gives the model's class indices (default: from ``resp``)."""
    lift = prep.lift
    if lift is None or lift.kind != "projection" or resp.task == "continuous":
        return None
    rows, on = (prep.test_rows, "test points") if prep.test_rows is not None \
        else (prep.rows, "data")
    return lift.measure(labels_of or LabelsAt(resp), rows, on)


def resolve_feature_names(given, from_data):
    """The two feature names: ``given`` (validated), else those of the data."""
    if given is None:
        return from_data
    names = tuple(str(n) for n in given)
    if len(names) != 2:
        raise ValueError(f"feature_names must name exactly 2 features; got {list(given)!r}.")
    return names


@accepts_evaluation_options()
def evaluate_grid(model, X, *, options):
    """Evaluate ``model`` on a grid over the range of ``X``.

    Parameters
    ----------
    model : estimator or callable
        A fitted scikit-learn estimator (classifier, pipeline, regressor,
        clusterer, outlier detector), any object with ``predict``, or a callable
        ``f(points) -> values`` taking an array of shape ``(n, 2)`` (an array of
        the backend's namespace when ``backend`` is not NumPy).
    X : array-like or DataFrame of shape (n_samples, 2)
        The data; sets the grid's range. Never modified.
    {evaluation_options}

    Returns
    -------
    SurfaceGrid

    Raises
    ------
    ValueError, TypeError
        For bad arguments (each message names the parameter).
    ImportError, RuntimeError
        ``backend="cupy"`` without CuPy, or without a GPU.
    sklearn.exceptions.NotFittedError
        When the model is not fitted.
    surfaceviz.EvaluationError
        When the model raises on grid points.

    Examples
    --------
    >>> from sklearn.datasets import make_moons
    >>> from sklearn.svm import SVC
    >>> X, y = make_moons(100, noise=0.2, random_state=0)
    >>> grid = evaluate_grid(SVC().fit(X, y), X, resolution=(60, 40))
    >>> grid.values.shape, grid.task, grid.threshold
    ((40, 60), 'binary', 0.0)
    >>> fast = evaluate_grid(SVC().fit(X, y), X, resolution=(60, 40), refine=True)
    >>> fast.n_evaluated < 60 * 40
    True
    """
    return plan(model, X, options=options).evaluate()


__all__ = ["Bands", "GridPlan", "Plan", "evaluate_grid", "plan", "plan_grid",
           "resolve_resolution", "SurfaceGrid"]
