"""fill="average": two-way partial dependence, against scikit-learn's own (issue 23)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LogisticRegression

from surfaceviz import (SurfaceGrid, evaluate_grid, plot_decision_matrix, plot_decision_surface,
                        plot_slices)
from surfaceviz.evaluation import lift as lift_module


@pytest.fixture(scope="module")
def interacting():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 4))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int)
    return GradientBoostingClassifier(n_estimators=30, random_state=0).fit(X, y), X, y


def _sklearn_pd(model, X, features, grid, response="predict_proba"):
    values = {f: axis for f, axis in zip(features, grid)}
    return partial_dependence(model, X, features=list(features), custom_values=values,
                              method="brute", kind="average",
                              response_method=response)["average"]


@pytest.mark.parametrize("response", ["predict_proba", "decision_function"])
def test_two_way_average_equals_sklearn(interacting, response):
    model, X, _ = interacting
    g = evaluate_grid(model, X, features=(0, 2), fill="average", resolution=(13, 9),
                      response=response, refine=False)
    expected = _sklearn_pd(model, X, (0, 2), (g.x, g.y), response)[0]
    np.testing.assert_allclose(g.values, expected.T, rtol=1e-10, atol=1e-12)
    assert g.lift["kind"] == "average" and g.lift["rows"] == 150


def test_multiclass_average_equals_sklearn():
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    g = evaluate_grid(model, X, features=(2, 3), fill="average", resolution=(7, 6),
                      response="predict_proba", refine=False)
    expected = _sklearn_pd(model, X, (2, 3), (g.x, g.y))  # (classes, nx, ny)
    np.testing.assert_allclose(g.values, np.transpose(expected, (2, 1, 0)), rtol=1e-10)


def test_the_bound_on_rows_is_a_fixed_subsample(interacting):
    model, X, _ = interacting
    g = evaluate_grid(model, X, features=(0, 1), fill="average", average_rows=40,
                      resolution=(6, 5), refine=False, response="predict_proba")
    rows = np.sort(np.random.default_rng(0).choice(len(X), 40, replace=False))
    expected = _sklearn_pd(model, X[rows], (0, 1), (g.x, g.y))[0]
    np.testing.assert_allclose(g.values, expected.T, rtol=1e-10)
    assert g.lift["rows"] == 40 and g.lift["of"] == 150


def test_model_calls_are_bounded(interacting, monkeypatch):
    model, X, _ = interacting
    monkeypatch.setattr(lift_module, "AVERAGE_ROWS_PER_CALL", 200)
    sizes = []

    def f(rows):
        sizes.append(len(rows))
        return model.predict_proba(rows)

    g = evaluate_grid(f, X, features=(0, 1), fill="average", average_rows=50, classes=[0, 1],
                      resolution=(20, 20), refine=False, response="predict_proba")
    assert max(sizes) <= 200 and g.values.shape == (20, 20)


def test_the_picture_says_it_is_an_average(interacting, tmp_path):
    model, X, y = interacting
    disp = plot_decision_surface(model, X, y, features=(0, 2), fill="average")
    title = disp.ax_.get_title().replace("\n", " ")  # wrapped to fit the figure
    assert title.startswith("partial dependence: averaged over all 150 rows of the data's "
                            "other 2 features")
    assert disp.closeness is None and disp.in_slab is None  # no point is faded
    disp.grid.save(tmp_path / "pd.npz")
    assert SurfaceGrid.load(tmp_path / "pd.npz").lift["kind"] == "average"
    plt.close(disp.figure_)


def test_slices_hold_the_varied_feature_in_every_averaged_row(interacting):
    model, X, y = interacting
    fig, displays = plot_slices(model, X, y, features=(0, 1), vary=2, values=[-1.0, 1.0],
                                fill="average", resolution=12, refine=False,
                                response="predict_proba")
    for value, disp in zip((-1.0, 1.0), displays):
        g = disp.grid
        held = X.copy()
        held[:, 2] = value
        expected = _sklearn_pd(model, held, (0, 1), (g.x, g.y))[0]
        np.testing.assert_allclose(g.values, expected.T, rtol=1e-10)
        assert g.lift["held"] == {"x2": value}
    assert fig._suptitle.get_text() == ("partial dependence: averaged over all 150 rows of "
                                        "the data's other 1 feature")
    plt.close(fig)


def test_matrix_diagonal_is_the_one_way_average():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(120, 3))
    y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype(int)
    model = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    fig, displays = plot_decision_matrix(model, X, y, fill="average", resolution=15,
                                         response="predict_proba")
    strip = displays[1, 1].grid
    expected = partial_dependence(model, X, features=[1], custom_values={1: strip.x},
                                  method="brute", kind="average",
                                  response_method="predict_proba")["average"][0]
    np.testing.assert_allclose(strip.values[0], expected, rtol=1e-10)
    assert strip.lift["averaged_rows"] == 120 and "held" not in strip.lift
    off = displays[0, 1].grid  # column 1 across, row 0 up
    expected2 = _sklearn_pd(model, X, (1, 0), (off.x, off.y))[0]
    np.testing.assert_allclose(off.values, expected2.T, rtol=1e-10)
    assert fig._suptitle.get_text() == ("partial dependence: averaged over all 120 rows of "
                                        "the data's other 1 feature")
    plt.close(fig)


def test_a_frame_with_a_categorical_column(mixed_frame):
    model, X, y = mixed_frame
    g = evaluate_grid(model, X, features=("a", "b"), fill="average", resolution=(5, 4),
                      refine=False, response="predict_proba", average_rows=30)
    rows = np.sort(np.random.default_rng(0).choice(len(X), 30, replace=False))
    sub = X.iloc[rows].reset_index(drop=True)
    expected = np.empty((4, 5))
    for iy, yv in enumerate(g.y):
        for ix, xv in enumerate(g.x):
            frame = sub.copy()
            frame["a"], frame["b"] = xv, yv
            expected[iy, ix] = model.predict_proba(frame)[:, 1].mean()
    np.testing.assert_allclose(g.values, expected, rtol=1e-10)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"fill": "average", "average_rows": 0}, ValueError,
     "average_rows must be an integer of at least 1; got 0"),
    ({"fill": "average", "average_rows": 151}, ValueError,
     "average_rows must be at most the data's 150 rows; got 151"),
    ({"fill": "average", "average_rows": 2.5}, TypeError, "average_rows must be an integer"),
    ({"fill": "median", "average_rows": 10}, ValueError,
     "average_rows applies to fill='average'"),
    ({"fill": "median", "hold": {2: 1.0}}, ValueError, "hold applies to fill='average'"),
    ({"fill": "average", "hold": {0: 1.0}}, ValueError, "hold: 0 is one of the drawn"),
    ({"fill": "average", "hold": [1.0]}, TypeError, "hold must be a dict"),
    ({"fill": "average", "hold": {2: "x"}}, TypeError, "hold: the value of 'x2' must be a finite"),
    ({"fill": "average", "slice_width": 0.5}, ValueError, "no slab"),
    ({"fill": "avg"}, ValueError, "fill must be 'median', 'mean', 'average'"),
])
def test_bad_average_options_fail_before_evaluation(interacting, kwargs, error, match):
    model, X, y = interacting
    calls = []

    def f(rows):
        calls.append(len(rows))
        return model.predict_proba(rows)

    with pytest.raises(error, match=match):
        plot_decision_surface(f, X, y, features=(0, 1), classes=[0, 1], **kwargs)
    assert all(n <= len(X) for n in calls)


def test_labels_cannot_be_averaged(interacting):
    model, X, y = interacting

    class Labels:
        def predict(self, rows):
            return model.predict(rows)

    with pytest.raises(ValueError, match="averages probabilities or scores; .* labels only"):
        plot_decision_surface(Labels(), X, y, features=(0, 1), fill="average")
