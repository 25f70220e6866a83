"""Property tests: random small inputs give a figure or a documented error."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from surfaceviz import EvaluationError, evaluate_grid, plot_decision_surface

DOCUMENTED = (ValueError, TypeError, AttributeError, NotFittedError, EvaluationError)

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=64)
anything = st.floats(allow_nan=True, allow_infinity=True, width=64)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    X=arrays(np.float64, st.tuples(st.integers(2, 12), st.just(2)), elements=finite),
    labels=st.lists(st.sampled_from([-3, 0, 5, 9]), min_size=12, max_size=12),
    resolution=st.one_of(st.integers(2, 25), st.tuples(st.integers(2, 25), st.integers(2, 25))),
    margin=st.floats(0, 2),
    kind=st.sampled_from(["contourf", "contour", "pcolormesh", "image"]),
    response=st.sampled_from(["auto", "predict_proba", "predict", "decision_function"]),
)
def test_random_classifier_inputs_draw(X, labels, resolution, margin, kind, response):
    y = np.array(labels[: len(X)])
    if len(np.unique(y)) < 2:
        y[0], y[1] = -3, 9
    X_before, y_before = X.copy(), y.copy()
    model = KNeighborsClassifier(n_neighbors=1).fit(X, y)
    try:
        disp = plot_decision_surface(model, X, y, resolution=resolution, margin=margin,
                                     kind=kind, response=response)
    except DOCUMENTED:
        pass
    else:
        ny, nx = disp.grid.shape
        assert (nx, ny) == ((resolution, resolution) if isinstance(resolution, int) else resolution)
        assert np.isfinite(disp.grid.values).all()
    finally:
        plt.close("all")
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    X=arrays(np.float64, st.tuples(st.integers(0, 6), st.integers(0, 4)), elements=anything),
    resolution=st.one_of(st.integers(-3, 6), st.floats(-2, 5), st.none()),
    margin=st.one_of(st.floats(-1, 1), st.just(float("nan")), st.integers(-2, 2)),
)
def test_bad_inputs_raise_documented_errors_only(X, resolution, margin):
    model = LogisticRegression()
    try:
        evaluate_grid(lambda p: p[:, 0], X, resolution=resolution, margin=margin)
    except DOCUMENTED:
        pass
    try:
        plot_decision_surface(model, X, resolution=resolution or 3, margin=margin)
    except DOCUMENTED:
        pass
    finally:
        plt.close("all")
