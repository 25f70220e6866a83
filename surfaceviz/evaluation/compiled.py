"""Model responses rebuilt from fitted coefficients, in any array namespace.

:func:`compile_response` turns a fitted model into a function of points in an
array namespace ``xp`` (NumPy, CuPy, ``array_api_strict``...) that returns what
the model's own ``decision_function`` / ``predict_proba`` / ``predict`` would,
so that a grid can be evaluated on a GPU. Supported:

- linear models (``coef_`` and ``intercept_``: LogisticRegression, LinearSVC,
  SGDClassifier, RidgeClassifier, Perceptron, LinearRegression, Ridge, ...);
- scikit-learn's ``MLPClassifier`` and ``MLPRegressor``;
- two-class ``SVC`` / ``NuSVC`` (``decision_function`` and ``predict``) with the
  linear, polynomial, RBF or sigmoid kernel, from their support vectors;
- Pipelines of ``StandardScaler``, ``MinMaxScaler``, ``PolynomialFeatures``
  (and ``"passthrough"``) ending in one of the above;
- any object with a ``__surfaceviz_compile__(method, xp, dtype)`` method that
  returns such a function (the protocol surfaceviz's own models follow);
- estimators that support scikit-learn's array-API dispatch, called under
  ``sklearn.config_context(array_api_dispatch=True)``.

Anything else raises :class:`NotCompilable` with the reason, and the caller
falls back to the CPU.
"""

from __future__ import annotations

import numpy as np


class NotCompilable(Exception):
    """The model's response cannot be evaluated in the requested namespace."""


def compile_response(model, method, xp, dtype=np.float64):
    """A function ``f(points) -> output`` of ``model.method`` in namespace ``xp``.

    Parameters
    ----------
    model : fitted estimator
    method : {"decision_function", "predict_proba", "predict"}
    xp : array namespace module
    dtype : numpy dtype, default=float64
        Floating type of the computation (float32 is fastest on GPUs).

    Returns
    -------
    callable
        Takes an ``xp`` array of shape ``(n, 2)``; returns an ``xp`` array
        shaped like the model's own output (for ``predict`` of a classifier:
        indices into ``model.classes_``, integer or boolean, flagged by the
        attribute ``returns_class_index = True`` on the function).

    Raises
    ------
    NotCompilable
        With the reason, when the model is not supported.
    """
    hook = getattr(model, "__surfaceviz_compile__", None)
    if callable(hook):
        return hook(method, xp, dtype)
    steps = _pipeline_steps(model)
    if steps is not None:
        transforms = [_compile_transform(step, xp, dtype) for step in steps[:-1]]
        final = compile_response(steps[-1], method, xp, dtype)

        def run(points):
            for t in transforms:
                points = t(points)
            return final(points)

        run.returns_class_index = getattr(final, "returns_class_index", False)
        return run
    name = type(model).__name__
    if _is_sklearn_mlp(model):
        return _compile_mlp(model, method, xp, dtype)
    if name in ("SVC", "NuSVC") and type(model).__module__.startswith("sklearn."):
        return _compile_svc(model, method, xp, dtype)
    if hasattr(model, "coef_") and hasattr(model, "intercept_"):
        try:
            return _compile_linear(model, method, xp, dtype)
        except NotCompilable:
            pass  # e.g. LinearDiscriminantAnalysis.predict_proba: try dispatch below
    return _compile_array_api(model, method, xp, name, dtype)


# ------------------------------------------------------------------ helpers
def _pipeline_steps(model):
    steps = getattr(model, "steps", None)
    if steps is None or not isinstance(steps, list):
        return None
    return [est for _, est in steps if est is not None and est != "passthrough"]


def _const(xp, arr, dtype):
    return xp.asarray(np.asarray(arr, dtype=dtype))


def _compile_transform(step, xp, dtype):
    name = type(step).__name__
    if name == "StandardScaler":
        mean = None if step.mean_ is None or not step.with_mean else _const(xp, step.mean_, dtype)
        scale = None if step.scale_ is None or not step.with_std else _const(xp, step.scale_, dtype)

        def standard(x):
            if mean is not None:
                x = x - mean
            if scale is not None:
                x = x / scale
            return x

        return standard
    if name == "MinMaxScaler":
        scale, offset = _const(xp, step.scale_, dtype), _const(xp, step.min_, dtype)
        low, high = step.feature_range

        def minmax(x):
            x = x * scale + offset
            return xp.clip(x, low, high) if step.clip else x

        return minmax
    if name == "PolynomialFeatures":
        powers = np.asarray(step.powers_)

        def poly(x):
            cols = []
            for row in powers:
                col = xp.ones(x.shape[0], dtype=x.dtype)
                for i, p in enumerate(row):
                    if p:
                        col = col * x[:, i] ** int(p)
                cols.append(col)
            return xp.stack(cols, axis=1)

        return poly
    raise NotCompilable(
        f"the pipeline step {name} has no array-namespace version (supported: "
        "StandardScaler, MinMaxScaler, PolynomialFeatures)"
    )


def _index_fn(fn):
    fn.returns_class_index = True
    return fn


def _check_method(model, method, allowed):
    if method not in allowed:
        raise NotCompilable(f"{type(model).__name__}.{method} has no array-namespace version")


def _compile_linear(model, method, xp, dtype):
    from sklearn.base import is_classifier

    coef = np.asarray(model.coef_)
    intercept = np.asarray(model.intercept_)
    if coef.ndim > 2 or (coef.ndim == 2 and not is_classifier(model) and coef.shape[0] != 1):
        raise NotCompilable(f"{type(model).__name__} has multi-output coefficients")
    W = _const(xp, np.atleast_2d(coef).T, dtype)  # (n_features, n_outputs)
    b = _const(xp, np.atleast_1d(intercept), dtype)

    def decision(points):
        d = xp.matmul(points, W) + b
        return d[:, 0] if d.shape[1] == 1 else d

    if not is_classifier(model):
        _check_method(model, method, ("predict",))
        return decision
    binary = W.shape[1] == 1
    if method == "decision_function":
        return decision
    if method == "predict":
        if binary:
            return _index_fn(lambda p: decision(p) > 0)  # bool: index 1 where True
        return _index_fn(lambda p: xp.argmax(decision(p), axis=1))
    if method == "predict_proba" and type(model).__name__ == "LogisticRegression":
        if binary:
            def proba(points):
                p1 = 1.0 / (1.0 + xp.exp(-decision(points)))
                return xp.stack([1.0 - p1, p1], axis=1)

            return proba
        return lambda p: _softmax(xp, decision(p))
    raise NotCompilable(f"{type(model).__name__}.{method} has no array-namespace version")


#: Largest kernel matrix (points x support vectors) an SVC evaluation holds at once.
_SVC_KERNEL_ELEMENTS = 2**25


def _compile_svc(model, method, xp, dtype):
    """Two-class SVC: sum_i alpha_i K(x, sv_i) + b, from the fitted support vectors."""
    import scipy.sparse as sp

    name = type(model).__name__
    if len(model.classes_) != 2:
        raise NotCompilable(f"{name} with {len(model.classes_)} classes (one-vs-one votes)")
    if sp.issparse(model.support_vectors_):
        raise NotCompilable(f"{name} fitted on sparse data")
    kernel = model.kernel
    if kernel not in ("linear", "poly", "rbf", "sigmoid") or not hasattr(model, "_gamma"):
        raise NotCompilable(f"{name} with kernel={kernel!r}")
    _check_method(model, method, ("decision_function", "predict"))
    sv = _const(xp, model.support_vectors_, dtype)            # (n_sv, n_features)
    alpha = _const(xp, model.dual_coef_[0], dtype)            # (n_sv,)
    b = float(model.intercept_[0])
    gamma, coef0, degree = float(model._gamma), float(model.coef0), int(model.degree)
    sv_sq = xp.sum(sv * sv, axis=1)
    sv_t = sv.T
    concat = getattr(xp, "concat", None) or xp.concatenate
    step = max(1, _SVC_KERNEL_ELEMENTS // max(int(sv.shape[0]), 1))

    def kernel_rows(x):
        dots = xp.matmul(x, sv_t)
        if kernel == "linear":
            return dots
        if kernel == "poly":
            return (gamma * dots + coef0) ** degree
        if kernel == "sigmoid":
            return xp.tanh(gamma * dots + coef0)
        d2 = xp.sum(x * x, axis=1)[:, None] - 2.0 * dots + sv_sq[None, :]
        return xp.exp(-gamma * xp.clip(d2, 0.0, None))

    def decision(points):
        # bounded kernel matrices: at most _SVC_KERNEL_ELEMENTS entries at once
        n = int(points.shape[0])
        parts = [xp.matmul(kernel_rows(points[s:min(s + step, n), :]), alpha) + b
                 for s in range(0, n, step)]
        return parts[0] if len(parts) == 1 else concat(parts)

    if method == "decision_function":
        return decision
    return _index_fn(lambda p: decision(p) > 0)


def _softmax(xp, z):
    z = z - xp.max(z, axis=1, keepdims=True)
    e = xp.exp(z)
    return e / xp.sum(e, axis=1, keepdims=True)


def _is_sklearn_mlp(model):
    return type(model).__name__ in ("MLPClassifier", "MLPRegressor") and type(
        model).__module__.startswith("sklearn.")


_HIDDEN = {
    "identity": lambda xp, z: z,
    "logistic": lambda xp, z: 1.0 / (1.0 + xp.exp(-z)),
    "tanh": lambda xp, z: xp.tanh(z),
    "relu": lambda xp, z: xp.maximum(z, 0.0),
}


def _compile_mlp(model, method, xp, dtype):
    weights = [_const(xp, w, dtype) for w in model.coefs_]
    biases = [_const(xp, b, dtype) for b in model.intercepts_]
    act = _HIDDEN[model.activation]
    out_act = model.out_activation_

    def forward(points):
        h = points
        for W, b in zip(weights[:-1], biases[:-1]):
            h = act(xp, xp.matmul(h, W) + b)
        return xp.matmul(h, weights[-1]) + biases[-1]

    if type(model).__name__ == "MLPRegressor":
        _check_method(model, method, ("predict",))
        if out_act not in ("identity", "exp"):
            raise NotCompilable(f"MLPRegressor output activation {out_act!r}")

        def predict(points):
            z = forward(points)
            z = xp.exp(z) if out_act == "exp" else z
            return z[:, 0] if z.shape[1] == 1 else z

        return predict
    _check_method(model, method, ("predict_proba", "predict"))
    if out_act == "logistic":
        if weights[-1].shape[1] != 1:
            raise NotCompilable("multi-label MLPClassifier")

        def proba(points):
            p1 = 1.0 / (1.0 + xp.exp(-forward(points)[:, 0]))
            return xp.stack([1.0 - p1, p1], axis=1)
    else:
        def proba(points):
            return _softmax(xp, forward(points))

    if method == "predict_proba":
        return proba
    return _index_fn(lambda p: xp.argmax(proba(p), axis=1))


def _compile_array_api(model, method, xp, name, dtype=np.float64):
    """scikit-learn's own array-API dispatch, for estimators that support it."""
    if xp is np:  # NumPy is the model's own home: nothing to rebuild it with
        raise NotCompilable(f"{name} has no float32 version of {method}")
    try:
        support = model.__sklearn_tags__().array_api_support
    except Exception:
        support = False
    if not support:
        raise NotCompilable(
            f"{name} is not among the models surfaceviz evaluates on a device (linear "
            "models, MLPs, their pipelines with scalers and PolynomialFeatures) and does "
            "not support scikit-learn's array-API dispatch"
        )
    import sklearn

    try:
        device_model = with_converted_arrays(model, xp.asarray)
        bound = getattr(device_model, method)

        def call(points):
            with sklearn.config_context(array_api_dispatch=True):
                return bound(points)

        # a probe: dispatch needs SCIPY_ARRAY_API=1 and a namespace it knows
        n = int(getattr(model, "n_features_in_", 2))
        call(xp.asarray(np.zeros((2, n)), dtype=getattr(xp, np.dtype(dtype).name)))
    except Exception as exc:
        raise NotCompilable(
            f"scikit-learn's array-API dispatch failed for {name}.{method} "
            f"({type(exc).__name__}: {str(exc)[:200]})") from exc
    return call


def with_converted_arrays(model, convert):
    """A shallow copy of ``model`` whose fitted NumPy arrays (attributes, and those of
    estimators held as attributes) are ``convert(array)``.

    scikit-learn's own helper for this lives in a private module
    (``sklearn.utils._array_api``), whose name and behaviour may change in any
    release; this is the same walk over public attributes, and the model passed
    in is never modified."""
    import copy

    device_model = copy.copy(model)
    for key, value in vars(model).items():
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            setattr(device_model, key, convert(value))
        elif hasattr(value, "get_params") and hasattr(value, "__dict__"):
            setattr(device_model, key, with_converted_arrays(value, convert))
    return device_model
