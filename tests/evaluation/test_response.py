"""Responses against an independent oracle: scikit-learn's DecisionBoundaryDisplay."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.ensemble import IsolationForest, RandomForestRegressor
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC, LinearSVC

from surfaceviz import evaluate_grid
from surfaceviz.evaluation.response import resolve_response

RES = 37
EPS = 0.7


def _oracle(model, X, response_method="auto", class_of_interest=None):
    disp = DecisionBoundaryDisplay.from_estimator(
        model, X, grid_resolution=RES, eps=EPS, response_method=response_method,
        class_of_interest=class_of_interest,
    )
    return disp


def _ours(model, X, response="auto", class_of_interest=None):
    xlim = (X[:, 0].min() - EPS, X[:, 0].max() + EPS)
    ylim = (X[:, 1].min() - EPS, X[:, 1].max() + EPS)
    return evaluate_grid(model, X, response=response, resolution=RES, xlim=xlim, ylim=ylim,
                         class_of_interest=class_of_interest, batch_size=100)


def _compare(model, X, response="auto", class_of_interest=None):
    disp = _oracle(model, X, response, class_of_interest)
    grid = _ours(model, X, response, class_of_interest)
    np.testing.assert_allclose(grid.x, disp.xx0[0])
    np.testing.assert_allclose(grid.y, disp.xx1[:, 0])
    np.testing.assert_allclose(grid.values, disp.response, rtol=1e-12, atol=1e-12)
    return grid


def test_svc_decision_function(moons):
    X, y = moons
    grid = _compare(SVC().fit(X, y), X)
    assert (grid.task, grid.response, grid.threshold) == ("binary", "decision_function", 0.0)


def test_svc_first_class_of_interest_flips_sign(moons):
    X, y = moons
    grid = _compare(SVC().fit(X, y), X, class_of_interest=0)
    assert grid.pos_label == 0


def test_logistic_binary_proba(moons):
    X, y = moons
    grid = _compare(LogisticRegression().fit(X, y), X, "predict_proba")
    assert grid.threshold == 0.5 and grid.values.min() >= 0 and grid.values.max() <= 1


@pytest.mark.parametrize("response", ["predict_proba", "decision_function", "predict"])
def test_logistic_three_classes(iris2, response):
    X, y = iris2
    grid = _compare(LogisticRegression(max_iter=500).fit(X, y), X, response)
    expected = "labels" if response == "predict" else "multiclass"
    assert grid.task == expected


def test_string_labels_multiclass_predict(iris2):
    X, y = iris2
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    model = LogisticRegression(max_iter=500).fit(X, labels)
    grid = _compare(model, X, "predict")
    assert list(grid.classes) == ["setosa", "versicolor", "virginica"]


def test_class_of_interest_multiclass(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    disp = _oracle(model, X, "predict_proba", class_of_interest=2)
    grid = _ours(model, X, "predict_proba", class_of_interest=2)
    np.testing.assert_allclose(grid.surface(), disp.response)


def test_pipeline(moons):
    X, y = moons
    pipe = make_pipeline(PolynomialFeatures(3), StandardScaler(), LinearSVC(C=10)).fit(X, y)
    _compare(pipe, X)


def test_regressor(moons):
    X, y = moons
    reg = RandomForestRegressor(n_estimators=10, random_state=0).fit(X, X[:, 0] + y)
    grid = _compare(reg, X)
    assert grid.task == "continuous" and grid.classes is None


def test_kmeans(moons):
    X, _ = moons
    grid = _compare(KMeans(n_clusters=3, n_init=2, random_state=0).fit(X), X)
    assert grid.task == "labels"
    np.testing.assert_array_equal(grid.classes, [0, 1, 2])


def test_outlier_detector(moons):
    X, _ = moons
    iso = IsolationForest(random_state=0).fit(X)
    grid = _compare(iso, X)
    assert grid.task == "binary" and list(grid.classes) == [-1, 1]


def test_negative_noncontiguous_labels(moons):
    X, y = moons
    labels = np.where(y == 1, 7, -3)
    grid = _compare(SVC().fit(X, labels), X, "predict")
    assert list(grid.classes) == [-3, 7]
    assert set(np.unique(grid.predicted())) <= {0, 1}


def test_dataframe_model_gives_no_feature_name_warning(moons, recwarn):
    pd = pytest.importorskip("pandas")
    X, y = moons
    df = pd.DataFrame(X, columns=["width", "height"])
    model = SVC().fit(df, y)
    grid = evaluate_grid(model, df, resolution=10)
    grid2 = evaluate_grid(model, X, resolution=10)  # plain array, model fitted on a DataFrame
    np.testing.assert_allclose(grid.values, grid2.values)
    assert grid.feature_names == ("width", "height")
    assert not [w for w in recwarn if "feature names" in str(w.message)]


def test_callable_continuous(moons):
    X, _ = moons
    grid = evaluate_grid(lambda p: p[:, 0] ** 2 - p[:, 1], X, resolution=(5, 4))
    xx, yy = np.meshgrid(grid.x, grid.y)
    np.testing.assert_allclose(grid.values, xx**2 - yy)
    assert grid.task == "continuous" and grid.values.shape == (4, 5)


def test_callable_labels_and_probabilities(moons):
    X, _ = moons

    def labels(p):
        return np.where(p[:, 0] > 0.5, "right", "left")

    grid = evaluate_grid(labels, X, classes=["left", "right"], resolution=8)
    assert grid.task == "labels"
    xx, _ = np.meshgrid(grid.x, grid.y)
    np.testing.assert_array_equal(grid.classes[grid.values], labels(np.c_[xx.ravel(), xx.ravel()]).reshape(xx.shape))

    def proba(p):
        p1 = 1 / (1 + np.exp(-p[:, 0]))
        return np.c_[1 - p1, p1]

    grid = evaluate_grid(proba, X, classes=[0, 1], resolution=8)
    assert (grid.task, grid.response, grid.threshold) == ("binary", "predict_proba", 0.5)

    def three(p):
        e = np.exp(np.c_[p[:, 0], p[:, 1], -p[:, 0]])
        return e / e.sum(axis=1, keepdims=True)

    grid = evaluate_grid(three, X, classes=["a", "b", "c"], resolution=8)
    assert grid.task == "multiclass" and grid.values.shape == (8, 8, 3)


def test_callable_1d_scores(moons):
    X, _ = moons
    grid = evaluate_grid(lambda p: p[:, 0] - 0.5, X, classes=["neg", "pos"], resolution=6)
    assert (grid.response, grid.threshold, grid.pos_label) == ("decision_function", 0.0, "pos")
    grid = evaluate_grid(lambda p: p[:, 0] - 0.5, X, classes=["neg", "pos"], resolution=6,
                         class_of_interest="neg")
    assert grid.values[0, 0] > 0  # the left edge is the negative class's side


def test_callable_unknown_labels(moons):
    X, _ = moons
    with pytest.raises(ValueError, match=r"returned labels \['c'\] that are not among the classes"):
        evaluate_grid(lambda p: np.full(len(p), "c"), X, classes=["a", "b"],
                      response="predict", resolution=4)


def test_callable_needs_classes_for_named_response(moons):
    with pytest.raises(ValueError, match="needs classes="):
        evaluate_grid(lambda p: p[:, 0], moons[0], response="predict")


def test_classes_ignored_for_estimators_warns(moons):
    X, y = moons
    with pytest.warns(UserWarning, match="classes= is ignored"):
        resolve_response(SVC().fit(X, y), classes=[0, 1])


def test_multioutput_classifier_rejected(moons):
    from sklearn.neighbors import KNeighborsClassifier

    X, y = moons
    model = KNeighborsClassifier().fit(X, np.c_[y, 1 - y])
    with pytest.raises(ValueError, match="multi-output or multi-label"):
        evaluate_grid(model, X, resolution=4)


def test_rebuilt_predict_keeps_class_indices(moons):
    """A rebuilt predict that returns indices is stored as they are (no label round trip)."""
    from sklearn.linear_model import LogisticRegression

    X, y = moons
    names = np.array(["no", "yes"])
    resp = resolve_response(LogisticRegression().fit(X, names[y]), "predict")
    fast = resp.rebuilt(lambda p: np.array([True, False, True]), returns_class_index=True)
    out = fast(np.zeros((3, 2)))
    assert out.dtype == np.intp and out.tolist() == [1, 0, 1]
    bad = resp.rebuilt(lambda p: np.array([0, 2, 1]), returns_class_index=True)
    with pytest.raises(ValueError, match=r"class indices outside \[0, 2\)"):
        bad(np.zeros((3, 2)))
    # without the flag the labels go through the encoder as before
    slow = resp.rebuilt(lambda p: names[[1, 0, 1]])
    assert slow(np.zeros((3, 2))).tolist() == [1, 0, 1]


def test_rebuilt_predict_on_a_namespace_matches_numpy(moons):
    xps = pytest.importorskip("array_api_strict")
    from sklearn.linear_model import LogisticRegression

    from surfaceviz import evaluate_grid

    X, y = moons
    names = np.array(["no", "yes"])
    model = LogisticRegression().fit(X, names[y])
    host = evaluate_grid(model, X, resolution=40, response="predict")
    dev = evaluate_grid(model, X, resolution=40, response="predict", backend=xps,
                        dtype="float64")
    assert dev.task == "labels"
    np.testing.assert_array_equal(dev.values, host.values)
