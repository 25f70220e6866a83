"""Adapters from a model to a response function and its meaning.

:func:`resolve_response` turns a fitted scikit-learn estimator (classifier,
pipeline, regressor, clusterer, outlier detector), any object with
``predict``, or a plain callable ``f(points) -> values`` into a
:class:`Response`: a function of ``(n, 2)`` points whose output is already in
the form a :class:`~surfaceviz.SurfaceGrid` stores, plus what that output means
(task, classes, threshold).

Tasks
-----
``"binary"``
    One score per point for the positive class: the decision function
    (boundary at 0) or the positive class's probability (boundary at 0.5).
``"multiclass"``
    One score per class and point, shape ``(n, n_classes)``.
``"labels"``
    The predicted class as an index into ``classes`` (``predict``).
``"continuous"``
    A real value per point with no boundary (regressors, plain callables).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .._utils.labels import class_index, label_keys
from .._utils.validation import check_choice
from .._utils.warnings import warn_external
from .frameworks import FrameworkModel, classes_for, framework_model

RESPONSES = ("auto", "decision_function", "predict_proba", "predict")
_METHODS = ("decision_function", "predict_proba", "predict")


class EvaluationError(RuntimeError):
    """The model raised while it was evaluated on grid or data points."""


class LiftError(ValueError):
    """A part of the picture that is not the model failed (a map's inverse or its
    projection): raised as it is, never reported as the model's error."""


@dataclass(eq=False)  # hashable by identity: joblib's Dask backend hashes task functions
class Response:
    """A model's response, ready to evaluate on points.

    Attributes
    ----------
    method : str
        ``"decision_function"``, ``"predict_proba"``, ``"predict"`` or
        ``"callable"`` (a plain function without a named method).
    task : str
        ``"binary"``, ``"multiclass"``, ``"labels"`` or ``"continuous"``.
    classes : ndarray or None
        Class labels in the order of the model's outputs.
    threshold : float or None
        The boundary level of a binary score (0 or 0.5).
    pos_label : object or None
        The class a binary score speaks for.
    model_name : str
        For messages.
    supervised : bool
        Whether the labels can be compared with true labels (False for
        clusterers, whose cluster numbers are arbitrary).
    """

    method: str
    task: str
    classes: np.ndarray | None
    threshold: float | None
    pos_label: object
    model_name: str
    supervised: bool = True
    _raw: object = field(repr=False, default=None)
    _post: object = field(repr=False, default=None)
    _columns: tuple | None = field(repr=False, default=None)

    @property
    def n_outputs(self):
        """Values stored per point: ``n_classes`` for multiclass, else 1."""
        return len(self.classes) if self.task == "multiclass" else 1

    def rebuilt(self, raw, *, returns_class_index=False):
        """The same response computed by ``raw`` (a model rebuilt elsewhere).

        ``raw`` takes the points as they are (no DataFrame). When
        ``returns_class_index`` is True, ``raw`` returns indices into
        :attr:`classes` (integers or booleans), which are kept as they are:
        the stored form of a labels surface, with no round trip through the
        labels.
        """
        post = self._post
        if returns_class_index:
            post = _class_indices(len(self.classes), self.model_name)
        return replace(self, _raw=raw, _post=post, _columns=None)

    def __call__(self, points):
        """Evaluate on ``points`` of shape ``(n, 2)``; return the stored form."""
        n = points.shape[0]
        inputs = points
        if self._columns is not None:
            pd = _pandas()
            inputs = pd.DataFrame(points, columns=list(self._columns), copy=False)
        try:
            raw = self._raw(inputs)
        except LiftError:
            raise
        except Exception as exc:  # re-raised in the user's terms
            from .backend import to_numpy

            host = to_numpy(points)
            lo, hi = host.min(axis=0), host.max(axis=0)
            raise EvaluationError(
                f"{self.model_name}.{self.method} raised {type(exc).__name__} while "
                f"evaluating {n} points with x in [{lo[0]:.4g}, {hi[0]:.4g}] and "
                f"y in [{lo[1]:.4g}, {hi[1]:.4g}]: {exc}"
            ) from exc
        raw = np.asarray(raw)
        if raw.ndim == 0 or raw.shape[0] != n:
            raise ValueError(
                f"{self.description} returned shape {raw.shape} for {n} "
                f"points; expected ({n},) or ({n}, n_outputs)."
            )
        if self.task != "labels" and raw.dtype.kind not in "biuf":
            raw = self._as_numbers(raw)
        return self._post(raw)

    @property
    def description(self):
        """How messages name the response: ``"SVC.decision_function"``, or a function's name."""
        return self.model_name if self.method == "callable" else f"{self.model_name}.{self.method}"

    def _as_numbers(self, raw):
        try:
            return raw.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{self.description} returned values of dtype {raw.dtype} (e.g. "
                f"{raw.reshape(-1)[:1].tolist()!r}); a {self.task} surface needs numbers. A "
                "model that returns labels needs classes= (callables) or response='predict'."
            ) from exc


def _pandas():
    from .._utils.optional import import_optional

    return import_optional("pandas", purpose="models fitted on DataFrames")


def _model_name(model):
    name = getattr(model, "__name__", None)
    if name and callable(model) and not hasattr(model, "predict"):
        return name
    return type(model).__name__


def _available_methods(model):
    return [m for m in _METHODS if _has_method(model, m)]


def _has_method(model, name):
    try:
        return callable(getattr(model, name))
    except AttributeError:  # scikit-learn's available_if raises on access
        return False


def resolve_response(model, response="auto", *, X=None, y=None, classes=None,
                     class_of_interest=None, probe_labels=True):
    """Build the :class:`Response` of ``model``.

    Parameters
    ----------
    model : estimator or callable
        A fitted estimator with ``predict`` (and optionally
        ``decision_function`` / ``predict_proba``), or a callable
        ``f(points) -> values`` taking an array of shape ``(n, 2)``.
    response : {"auto", "decision_function", "predict_proba", "predict"}, default="auto"
        For estimators, ``"auto"`` tries ``decision_function``, then
        ``predict_proba``, then ``predict`` (``predict`` only for regressors).
        For callables it says how to read the output (see Notes).
    X : ndarray of shape (n_samples, 2), default=None
        The data; a callable with ``classes`` is probed on a few rows of it
        to tell labels from scores when ``response="auto"``.
    classes : array-like, default=None
        The labels a callable's output refers to. Ignored (with a warning)
        for estimators, which know their ``classes_``.
    class_of_interest : label, default=None
        For binary models, the class whose score is drawn (default: the
        second class). For multiclass models, stored so that the surface of
        that one class is drawn.
    y : array-like of shape (n_samples,), default=None
        True labels of ``X``. A model without ``classes_`` (a predict-only
        object, or a callable without ``classes``) whose outputs on ``X`` are
        all among them draws class regions of those labels.
    probe_labels : bool, default=True
        Call a model without ``classes_`` on rows of ``X`` (NumPy arrays) to
        tell labels from values; False when the model is meant for another
        array namespace (its surface is then continuous).

    Returns
    -------
    Response

    Raises
    ------
    sklearn.exceptions.NotFittedError
        For an unfitted scikit-learn estimator.
    AttributeError
        When the model lacks the requested response method.
    ValueError
        For an unknown ``response`` or a ``class_of_interest`` not among the classes.

    Notes
    -----
    A callable without ``classes`` gives a continuous surface. With
    ``classes`` and ``response="auto"``, the output on the data decides: an
    output of shape ``(n, n_classes)`` is read as labels when its rows are
    one-hot, as class probabilities when every row lies in [0, 1] and sums to
    1 (within 1e-3), and as scores (a decision function: logits, for
    example) otherwise; a 1-D (or ``(n, 1)``) output is read as labels when
    every value is one of ``classes``, as the positive class's probability
    when it lies in [0, 1] (a sigmoid's output), and as a decision function
    otherwise. Two score columns of a binary model are read as their
    difference. ``response=`` decides when given.
    """
    response = check_response(response)
    model = framework_model(model)
    if isinstance(model, FrameworkModel):
        classes = classes_for(model, classes, y)
        meaning = model.output_meaning
        if classes is not None and meaning is not None and (
                response == "auto" or (isinstance(response, tuple) and meaning in response)):
            response = meaning
    if not hasattr(model, "predict") and not any(_has_method(model, m) for m in _METHODS):
        if callable(model):
            return _callable_response(model, response, X if probe_labels else None,
                                      classes, class_of_interest, y)
        raise TypeError(
            "model must be a fitted estimator with predict (or decision_function / "
            "predict_proba), or a callable f(points) -> values; got "
            f"{type(model).__name__}."
        )
    if classes is not None:
        warn_external(f"classes= is ignored for {type(model).__name__}: an estimator's own "
                      "classes_ are used.")
    return _estimator_response(model, response, class_of_interest,
                               X if probe_labels else None, y)


def check_response(response):
    """``response`` as one name, or a tuple of method names to try in order.

    Raises
    ------
    ValueError, TypeError
        For an unknown name, an empty list, or a list holding ``"auto"``.
    """
    if isinstance(response, (list, tuple)):
        if not response:
            raise ValueError("response must name at least one method; got an empty list.")
        for name in response:
            check_choice("response", name, _METHODS)
        return tuple(response)
    return check_choice("response", response, RESPONSES)


def _check_fitted(model):
    from sklearn.base import BaseEstimator

    if isinstance(model, BaseEstimator):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(model)


def _estimator_response(model, response, class_of_interest, X=None, y=None):
    _check_fitted(model)
    name = type(model).__name__
    kind, classes = _kind_and_classes(model)
    method = _pick_method(model, response, kind)
    labels_found = False
    if classes is None and kind == "other" and method == "predict" and X is not None:
        probe = Response(method=method, task="labels", classes=None, threshold=None,
                         pos_label=None, model_name=name, _raw=model.predict,
                         _post=lambda raw: raw, _columns=_fitted_feature_names(model))
        classes = _classes_from_outputs(probe(X[:_PROBE_ROWS]), y, name)
        labels_found = classes is not None
    if class_of_interest is not None:
        if classes is None:
            raise ValueError(
                f"class_of_interest={class_of_interest!r} needs a model with classes; "
                f"{name} has none."
            )
        class_index(classes, class_of_interest)

    def make(task, post, threshold=None, pos_label=None):
        return Response(
            method=method, task=task, classes=classes, threshold=threshold,
            pos_label=pos_label, model_name=name, supervised=kind != "clusterer",
            _raw=getattr(model, method), _post=post, _columns=_fitted_feature_names(model),
        )

    if labels_found:
        return make("labels", _encoder(classes, name, _LABELS_HINT))
    if classes is None or (method == "predict" and kind in ("regressor", "other")):
        return make("continuous", _as_1d_float(name, method))
    if method == "predict":
        return make("labels", _encoder(classes, name))
    if len(classes) == 1:  # fitted on one class: one region, whatever the scores say
        return make("labels", _single_class(name, method))
    # scores of a classifier or an outlier detector
    if kind == "outlier":
        # decision_function / score: > 0 for inliers (class 1)
        return make("binary", _as_1d_float(name, method), threshold=0.0, pos_label=1)
    if len(classes) == 2:
        pos = classes[1] if class_of_interest is None else class_of_interest
        col = class_index(classes, pos)
        if method == "predict_proba":
            return make("binary", _column(col, name, method), threshold=0.5, pos_label=pos)
        return make("binary", _signed(col == 0, name, method), threshold=0.0, pos_label=pos)
    return make("multiclass", _matrix(len(classes), name, method))


def _kind_and_classes(model):
    """The estimator's kind and its class labels (None for a regressor)."""
    classes = getattr(model, "classes_", None)
    if classes is not None and len(classes) and np.ndim(classes[0]) > 0:
        raise ValueError(
            f"{type(model).__name__} is a multi-output or multi-label classifier (classes_ "
            "is a list of arrays); surfaceviz draws single-output models only."
        )
    kind = _estimator_kind(model, classes)
    if kind == "outlier":
        classes = np.array([-1, 1])
    elif kind == "clusterer":
        classes = _cluster_labels(model)
    return kind, None if classes is None else np.asarray(classes)


def _pick_method(model, response, kind):
    """The response method to call: the requested one, or the first available."""
    name = type(model).__name__
    available = _available_methods(model)
    if isinstance(response, str) and response != "auto":
        if response not in available:
            raise AttributeError(
                f"{name} has no {response} (response={response!r}); it has: "
                f"{', '.join(available) or 'none of decision_function, predict_proba, predict'}."
            )
        return response
    if isinstance(response, tuple):  # the first of the listed methods the model has
        order = list(response)
    else:
        order = ["predict"] if kind in ("regressor", "clusterer", "other") else list(_METHODS)
    method = next((m for m in order if m in available), None)
    if method is None:
        raise AttributeError(
            f"{name} has none of the response methods {', '.join(order)}; "
            f"it has: {', '.join(available) or 'none of them'}."
        )
    return method


def _estimator_kind(model, classes):
    """"regressor", "outlier", "clusterer", "classifier" or "other"."""
    import sklearn.base as skbase

    if isinstance(model, skbase.BaseEstimator):
        for kind, test in (("regressor", "is_regressor"), ("outlier", "is_outlier_detector"),
                           ("clusterer", "is_clusterer")):
            check = getattr(skbase, test, None)  # is_clusterer is new in scikit-learn 1.6
            if check is not None and check(model):
                return kind
        if getattr(model, "_estimator_type", None) == "clusterer":
            return "clusterer"
    else:  # duck-typed objects: the old-style marker, if any
        kind = getattr(model, "_estimator_type", None)
        mapping = {"regressor": "regressor", "outlier_detector": "outlier",
                   "clusterer": "clusterer", "classifier": "classifier"}
        if kind in mapping:
            return mapping[kind]
    return "classifier" if classes is not None else "other"


def _final_step(model):
    """The last estimator of a (nested) Pipeline, else the model itself."""
    steps = getattr(model, "steps", None)
    while isinstance(steps, list) and steps:
        last = steps[-1][1]
        if last is None or last == "passthrough":
            break
        model, steps = last, getattr(last, "steps", None)
    return model


def _cluster_labels(model):
    model = _final_step(model)  # a Pipeline ending in a clusterer: its labels
    labels = getattr(model, "labels_", None)
    if labels is not None:
        return np.unique(labels)
    n = getattr(model, "n_clusters", None)
    if isinstance(n, (int, np.integer)):
        return np.arange(n)
    return None


def _fitted_feature_names(model):
    names = getattr(model, "feature_names_in_", None)
    if names is None:
        return None
    return tuple(names)


def _as_1d_float(name, method):
    def post(raw):
        if raw.ndim == 2 and raw.shape[1] == 1:
            raw = raw[:, 0]
        if raw.ndim != 1:
            raise ValueError(
                f"{name}.{method} returned shape {raw.shape}; a single value per point "
                "was expected (multi-output models are not supported)."
            )
        return raw.astype(np.float64, copy=False)

    return post


def _signed(flip, name, method):
    base = _as_1d_float(name, method)
    return (lambda raw: -base(raw)) if flip else base


def _column(col, name, method):
    def post(raw):
        if raw.ndim != 2:
            raise ValueError(f"{name}.{method} returned shape {raw.shape}; expected (n, 2).")
        return raw[:, col].astype(np.float64, copy=False)

    return post


def _matrix(n_classes, name, method):
    def post(raw):
        if raw.ndim != 2 or raw.shape[1] != n_classes:
            raise ValueError(
                f"{name}.{method} returned shape {raw.shape}; expected "
                f"(n, {n_classes}), one column per class."
            )
        return raw.astype(np.float64, copy=False)

    return post


#: Rows of the data a model is probed on to tell labels from values.
_PROBE_ROWS = 256
#: Most classes read from predictions before a warning.
_MAX_PREDICTED_CLASSES = 20
_LABELS_HINT = (" The classes were read from y (or from the predictions on the data); "
                "pass classes= to name them all.")


def _callable_labels(model, name, X, y):
    """The classes of a callable without ``classes=`` whose outputs on the data are
    all labels of ``y``, or None.

    Only with ``y``: a plain function is otherwise called on grid points alone,
    in batches of at most ``batch_size`` (and in the backend's namespace).
    A function that fails here fails again, with its full report, on the grid.
    """
    if X is None or y is None:
        return None
    try:
        out = model(X[:_PROBE_ROWS])
    except Exception:
        return None
    return _classes_from_outputs(out, y, name)


def _classes_from_outputs(out, y, name):
    """Class labels for a model without ``classes_`` whose outputs are labels, or None.

    With ``y``: its labels, when every output is one of them. Without: the
    distinct outputs, when they are not floating-point numbers (a warning
    when there are more than 20).
    """
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.ndim != 1 or out.size == 0:
        return None
    try:
        if y is not None:
            labels = np.unique(np.asarray(y))
            known = set(label_keys(labels))
            return labels if all(k in known for k in label_keys(out)) else None
        if out.dtype.kind not in "biuUS" and not (
                out.dtype == object and all(isinstance(v, (str, int, np.integer)) for v in out)):
            return None
        labels = np.unique(out)
    except TypeError:  # labels of mixed types
        return None
    if len(labels) > _MAX_PREDICTED_CLASSES:
        warn_external(f"{name} predicted {len(labels)} distinct labels on the data; each is "
                      "drawn as a class region. Pass y or classes= if these are not classes.")
    return labels


def _encoder(classes, name, hint=""):
    """Map labels to indices into ``classes`` (any order, any label type)."""
    order = np.argsort(classes, kind="stable")
    sorted_classes = classes[order]

    def post(raw):
        if raw.ndim == 2 and raw.shape[1] == 1:
            raw = raw[:, 0]
        if raw.ndim != 1:
            raise ValueError(f"{name} returned labels of shape {raw.shape}; expected (n,).")
        pos = np.searchsorted(sorted_classes, raw)
        pos = np.clip(pos, 0, len(classes) - 1)
        bad = sorted_classes[pos] != raw
        if np.any(bad):
            unknown = np.unique(raw[bad])[:5]
            raise ValueError(
                f"{name} returned labels {unknown.tolist()!r} that are not among the "
                f"classes {np.asarray(classes).tolist()!r}.{hint}"
            )
        return order[pos].astype(np.intp, copy=False)

    return post


def _single_class(name, method):
    """Class index 0 everywhere (a model fitted on a single class)."""
    def post(raw):
        if raw.ndim not in (1, 2):
            raise ValueError(f"{name}.{method} returned shape {raw.shape}; expected (n,) "
                             "or (n, 1).")
        return np.zeros(raw.shape[0], dtype=np.intp)

    return post


def _class_indices(n_classes, name):
    """Check indices into the classes (a rebuilt ``predict``); keep them."""
    def post(raw):
        if raw.ndim == 2 and raw.shape[1] == 1:
            raw = raw[:, 0]
        idx = raw.astype(np.intp, copy=False)
        if raw.ndim != 1 or (idx.size and (idx.min() < 0 or idx.max() >= n_classes)):
            raise ValueError(
                f"{name}.predict rebuilt for the backend returned class indices outside "
                f"[0, {n_classes}) or of shape {raw.shape}."
            )
        return idx

    return post


def _callable_response(model, response, X, classes, class_of_interest, y=None):
    name = _model_name(model)
    if isinstance(response, tuple):  # a callable has no methods to try: how to read it
        response = response[0]

    def make(method, task, post, classes=None, threshold=None, pos_label=None):
        return Response(
            method=method, task=task, classes=classes, threshold=threshold,
            pos_label=pos_label, model_name=name, _raw=model, _post=post,
        )

    labels = _callable_labels(model, name, X, y) if classes is None and response == "auto" \
        else None
    if labels is not None:
        if class_of_interest is not None:
            class_index(labels, class_of_interest)
        return make("predict", "labels", _encoder(labels, name, _LABELS_HINT), classes=labels)
    if classes is None:
        if response not in ("auto",):
            raise ValueError(
                f"response={response!r} for a callable model needs classes= (the labels "
                "its output refers to); without classes the surface is continuous."
            )
        if class_of_interest is not None:
            raise ValueError("class_of_interest needs classes= for a callable model.")
        return make("callable", "continuous", _as_1d_float(name, "__call__"))

    classes = np.asarray(classes)
    if classes.ndim != 1 or len(classes) < 2 or len(np.unique(classes)) != len(classes):
        raise ValueError(
            f"classes must be a 1-D list of at least 2 distinct labels; got {classes!r}."
        )
    n_classes = len(classes)
    if class_of_interest is not None:
        class_index(classes, class_of_interest)

    if response == "auto":
        response = _probe_callable(model, name, X, classes)

    if response == "one_hot":
        return make("predict", "labels", _one_hot(n_classes, name), classes=classes)
    if response == "predict":
        return make("predict", "labels", _encoder(classes, name), classes=classes)
    if n_classes == 2:
        pos = classes[1] if class_of_interest is None else class_of_interest
        col = class_index(classes, pos)
        threshold = 0.5 if response == "predict_proba" else 0.0

        def post(raw):
            if raw.ndim == 2 and raw.shape[1] == 2:
                values = raw.astype(np.float64, copy=False)
                if response == "predict_proba":
                    return values[:, col]
                return values[:, col] - values[:, 1 - col]  # two scores: their difference
            values = _as_1d_float(name, response)(raw)
            if col == 0:
                return (1.0 - values) if response == "predict_proba" else -values
            return values

        return make(response, "binary", post, classes=classes, threshold=threshold, pos_label=pos)
    return make(response, "multiclass", _matrix(n_classes, name, response), classes=classes)


#: How far a row of probabilities may sum from 1 (float32 softmax outputs).
_ROW_SUM_TOL = 1e-3


def _read_rows(out):
    """The meaning of an ``(n, k)`` output: one-hot rows are labels
    (``"one_hot"``), rows in [0, 1] summing to 1 probabilities, anything else
    (logits, unnormalised scores) a decision function."""
    if out.dtype.kind not in "fiub" or not np.isfinite(out).all():
        return "decision_function"
    values = out.astype(np.float64, copy=False)
    rows_sum_to_one = np.allclose(values.sum(axis=1), 1.0, rtol=0.0, atol=_ROW_SUM_TOL)
    if rows_sum_to_one and np.isin(values, (0.0, 1.0)).all():
        return "one_hot"
    if rows_sum_to_one and values.min() >= 0.0 and values.max() <= 1.0:
        return "predict_proba"
    return "decision_function"


def _one_hot(n_classes, name):
    """Class indices from one-hot rows (the position of each row's 1)."""
    def post(raw):
        if raw.ndim != 2 or raw.shape[1] != n_classes:
            raise ValueError(f"{name} returned shape {raw.shape}; expected one-hot rows of "
                             f"(n, {n_classes}).")
        return np.argmax(raw, axis=1).astype(np.intp, copy=False)

    return post


def _probe_callable(model, name, X, classes):
    """Guess how to read a callable's output from its values on a few rows."""
    if X is None:
        raise ValueError(
            "response='auto' for a callable model with classes= needs the data X to "
            "probe its output; pass response='predict', 'predict_proba' or "
            "'decision_function' explicitly."
        )
    rows = X[:_PROBE_ROWS]
    try:
        out = np.asarray(model(rows))
    except Exception as exc:
        raise EvaluationError(f"{name} raised {type(exc).__name__} on the data: {exc}") from exc
    if out.ndim == 2 and out.shape[1] > 1:
        return _read_rows(out)
    flat = out.reshape(-1)
    if np.isin(flat, classes).all():
        return "predict"
    if flat.dtype.kind in "fiu" and np.all((flat >= 0) & (flat <= 1)):
        return "predict_proba"
    return "decision_function"
