"""More than two features: slices, maps with fidelity, one-feature strips."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.compose import make_column_transformer
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA, KernelPCA
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import TSNE
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC

from surfaceviz import SurfaceGrid, evaluate_grid, plot_decision_surface
from surfaceviz.evaluation.surface import predicted_index

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def iris_df():
    X, y = load_iris(return_X_y=True, as_frame=True)
    return X, y


@pytest.fixture(scope="module")
def logreg(iris_logreg):
    return iris_logreg


def _hand_rows(g, fill, features, d):
    rows = np.tile(np.asarray(fill, dtype=float), (g.values.shape[0] * g.values.shape[1], 1))
    xx, yy = np.meshgrid(g.x, g.y)
    rows[:, features[0]] = xx.ravel()
    rows[:, features[1]] = yy.ravel()
    return rows


# ----------------------------------------------------------------- slices
def test_slice_equals_the_model_on_rows_built_by_hand(iris, logreg):
    X, _ = iris
    g = evaluate_grid(logreg, X, features=(3, 1), resolution=(23, 17))
    rows = _hand_rows(g, np.median(X, axis=0), (3, 1), 4)
    expected = logreg.decision_function(rows).reshape(17, 23, 3)
    np.testing.assert_allclose(g.values, expected, rtol=1e-10)
    assert g.lift["kind"] == "slice" and g.lift["feature_indices"] == [3, 1]
    assert g.lift["fill"] == {"x0": pytest.approx(np.median(X[:, 0])),
                              "x2": pytest.approx(np.median(X[:, 2]))}


@pytest.mark.parametrize("fill, expected", [
    ("mean", lambda X: X.mean(axis=0)),
    ({0: 7.0}, lambda X: [7.0, 0, np.median(X[:, 2]), 0]),
    (np.array([5.0, 3.3, 1.0, 0.2]), lambda X: [5.0, 0, 1.0, 0]),
])
def test_fill_choices(iris, logreg, fill, expected):
    X, _ = iris
    g = evaluate_grid(logreg, X, features=(1, 3), fill=fill, resolution=(9, 7))
    rows = _hand_rows(g, expected(X), (1, 3), 4)
    np.testing.assert_allclose(g.values, logreg.decision_function(rows).reshape(7, 9, 3),
                               rtol=1e-10)


def test_slice_strategies_agree(iris, logreg):
    X, _ = iris
    base = evaluate_grid(logreg, X, features=(2, 3), resolution=64)
    for options in ({"n_jobs": 2, "batch_size": 500}, {"max_memory": "1MB"},
                    {"refine": True}):
        other = evaluate_grid(logreg, X, features=(2, 3), resolution=64, **options)
        np.testing.assert_array_equal(other.predicted(), base.predicted(), err_msg=str(options))


def test_slice_on_array_api_namespace(iris, logreg):
    xps = pytest.importorskip("array_api_strict")
    X, _ = iris
    base = evaluate_grid(logreg, X, features=(2, 3), resolution=40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        other = evaluate_grid(logreg, X, features=(2, 3), resolution=40, backend=xps,
                              dtype="float64")
    np.testing.assert_allclose(other.values, base.values, rtol=1e-10)


def test_dataframe_pipeline_with_categories_keeps_columns_and_dtypes(iris_df):
    X, y = iris_df
    X = X.copy()
    X["colour"] = pd.Categorical(np.where(y > 0, "dark", "pale"))
    X["count"] = (X.iloc[:, 0] * 2).round().astype(int)
    before = X.copy()
    seen = []
    pipe = make_pipeline(make_column_transformer((OneHotEncoder(), ["colour"]),
                                                 remainder=StandardScaler()),
                         LogisticRegression(max_iter=1000)).fit(X, y)
    own = pipe.decision_function

    def spy(Z):
        seen.append((list(Z.columns), Z.dtypes.astype(str).tolist()))
        return own(Z)

    pipe.decision_function = spy
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        disp = plot_decision_surface(pipe, X, y, features=("petal length (cm)",
                                                           "petal width (cm)"),
                                     resolution=30)
    pd.testing.assert_frame_equal(X, before)
    assert seen and all(cols == list(X.columns) for cols, _ in seen)
    assert seen[-1][1][4] == "category"
    assert disp.grid.lift["fill"]["colour"] == "dark"  # the most frequent
    assert disp.grid.lift["fill"]["count"] == int(X["count"].mode()[0])


def test_slab_hides_or_fades_points(iris, logreg):
    X, y = iris
    disp = plot_decision_surface(logreg, X, y, features=(2, 3), slice_width=0.5)
    inside = disp.in_slab
    assert 0 < inside.sum() < len(X)
    sizes = sum(len(s.get_offsets()) for s in disp.scatter_)
    assert sizes == inside.sum()
    disp.plot(outside="fade", ax=plt.subplots()[1])
    assert sum(len(s.get_offsets()) for s in disp.faded_) == (~inside).sum()
    assert all(s.get_label().startswith("_") for s in disp.faded_)
    disp.plot(outside="show", ax=plt.subplots()[1])
    assert sum(len(s.get_offsets()) for s in disp.scatter_) == len(X)


def test_slab_width_by_feature_in_units(iris, logreg):
    X, y = iris
    disp = plot_decision_surface(logreg, X, y, features=(2, 3), slice_width={0: 0.3})
    expected = np.abs(X[:, 0] - np.median(X[:, 0])) <= 0.3
    np.testing.assert_array_equal(disp.in_slab, expected)


def test_title_says_what_is_held_and_save_keeps_it(iris_df, tmp_path):
    X, y = iris_df
    model = LogisticRegression(max_iter=1000).fit(X, y)
    disp = plot_decision_surface(model, X, y, features=("petal length (cm)", "petal width (cm)"),
                                 slice_width=1.0)
    shown = int(disp.in_slab.sum())
    assert 0 < shown < len(X)
    # issue 20 (B5): the title says how many points the slab shows
    assert disp.ax_.get_title() == ("slice at sepal length (cm) = 5.8, sepal width (cm) = 3"
                                    f"\n{shown} of {len(X)} points within the slab")
    disp.grid.save(tmp_path / "s.npz")
    back = SurfaceGrid.load(tmp_path / "s.npz")
    assert back.lift == disp.grid.lift
    assert back.lift["slice_width"]["sepal width (cm)"] == pytest.approx(np.std(X.iloc[:, 1]))


def test_views_of_a_slice(iris, logreg):
    pytest.importorskip("plotly")
    X, y = iris
    disp = plot_decision_surface(logreg, X, y, features=(2, 3), resolution=30)
    assert disp.plot_3d().data and disp.to_plotly().data


# ------------------------------------------------------------------ maps
def test_pca_map_equals_model_on_inverse(iris, logreg):
    X, y = iris
    g = evaluate_grid(logreg, X, resolution=(21, 19))
    pca = PCA(2).fit(X)
    xx, yy = np.meshgrid(g.x, g.y)
    expected = logreg.decision_function(pca.inverse_transform(np.c_[xx.ravel(), yy.ravel()]))
    np.testing.assert_allclose(g.values, expected.reshape(19, 21, 3), rtol=1e-8, atol=1e-10)
    assert g.feature_names[0].startswith("PC 1 (") and "% of variance)" in g.feature_names[0]


def test_fidelity_counts_agreement_and_marks_disagreements(iris, logreg):
    X, y = iris
    disp = plot_decision_surface(logreg, X, y)
    pca = PCA(2).fit(X)
    at_map = logreg.predict(pca.inverse_transform(pca.transform(X)))
    agree = at_map == logreg.predict(X)
    assert disp.fidelity_ == pytest.approx(agree.mean())
    assert disp.grid.lift["fidelity"] == disp.fidelity_
    np.testing.assert_array_equal(disp.disagrees, ~agree)
    assert len(disp.disagreements_.get_offsets()) == (~agree).sum()
    assert "fidelity" in disp.ax_.get_title()
    labels = [t.get_text() for t in disp.legend_.get_texts()]
    assert "map \u2260 model" in labels


def test_fidelity_on_test_points(iris, logreg):
    X, y = iris
    disp = plot_decision_surface(logreg, X[::2], y[::2], X_test=X[1::2], y_test=y[1::2])
    assert disp.grid.lift["fidelity_on"] == "test points"
    assert disp.test_disagrees is not None and disp.disagrees is None


@pytest.mark.parametrize("projection, inverse", [
    (KernelPCA(2, kernel="rbf", fit_inverse_transform=True), None),
    (PCA(2), KNeighborsRegressor(5)),
    ("embedding", KNeighborsRegressor(3)),
    (TSNE(2, perplexity=20, random_state=0, init="pca"), KNeighborsRegressor(3)),
])
def test_other_projections(iris, logreg, projection, inverse):
    X, y = iris
    if isinstance(projection, str):
        projection = PCA(2).fit_transform(X)
    given = projection
    g = evaluate_grid(logreg, X, projection=projection, inverse=inverse, resolution=20)
    assert g.lift["kind"] == "projection" and 0 <= g.lift["fidelity"] <= 1
    if inverse is not None:
        assert not hasattr(inverse, "n_features_in_"), "the user's regressor was fitted"
    if hasattr(given, "fit"):
        assert not hasattr(given, "n_features_in_"), "the user's transformer was fitted"


def test_learned_inverse_is_evaluated(iris, logreg):
    X, _ = iris
    emb = PCA(2).fit_transform(X)
    inverse = KNeighborsRegressor(4).fit(emb, X)
    g = evaluate_grid(logreg, X, projection=emb, inverse=inverse, resolution=(12, 10))
    xx, yy = np.meshgrid(g.x, g.y)
    expected = logreg.decision_function(inverse.predict(np.c_[xx.ravel(), yy.ravel()]))
    np.testing.assert_allclose(g.values, expected.reshape(10, 12, 3), rtol=1e-10)


def test_umap_install_hint(iris, logreg, monkeypatch):
    import sys

    X, _ = iris
    monkeypatch.setitem(sys.modules, "umap", None)
    with pytest.raises(ImportError, match="pip install umap-learn"):
        evaluate_grid(logreg, X, projection="umap", inverse=KNeighborsRegressor())


def test_umap_map(iris, logreg):
    pytest.importorskip("umap")
    X, _ = iris
    g = evaluate_grid(logreg, X, projection="umap", inverse=KNeighborsRegressor(5),
                      resolution=30)
    assert g.lift["projection"] == "UMAP" and g.lift["fidelity"] >= 0.9


# ----------------------------------------------------------------- strips
def test_strip_of_one_feature(iris):
    X, y = iris
    x1 = X[:, 2:3]
    model = LogisticRegression(max_iter=1000).fit(x1, y)
    disp = plot_decision_surface(model, x1, y, response="predict_proba")
    g = disp.grid
    assert g.is_strip and g.values.shape[:2] == (1, 500)
    np.testing.assert_allclose(g.values[0], model.predict_proba(g.x[:, None]), rtol=1e-10)
    assert len(disp.surface_) >= 3  # a curve per class, then the band
    assert sum(len(s.get_offsets()) for s in disp.scatter_) == len(X)
    with pytest.raises(ValueError, match="plot_3d needs a surface over two dimensions"):
        disp.plot_3d()


def test_strip_binary_marks_threshold(iris):
    X, y = iris
    yb = (y == 1).astype(int)
    model = SVC().fit(X[:, 2:3], yb)
    disp = plot_decision_surface(model, X[:, 2:3], yb, resolution=200)
    lines = [a for a in disp.ax_.lines if a.get_label() == "threshold 0"]
    assert lines
    changes = np.flatnonzero(np.diff(disp.grid.predicted()[0]))
    assert len(changes) == 2  # class 1 in the middle


# ------------------------------------------------------------- bad input
class _NanPCA(PCA):
    def inverse_transform(self, Z):
        out = super().inverse_transform(Z)
        out[::7] = np.nan
        return out


class _NanRegressor(KNeighborsRegressor):
    def predict(self, Z):
        out = super().predict(Z)
        out[:, 0] = np.nan
        return out


class _BrokenRegressor(KNeighborsRegressor):
    def predict(self, Z):
        raise RuntimeError("broken")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"features": (0, 7)}, ValueError, "feature index 7 is out of range for X with 4"),
    ({"features": (1, 1)}, ValueError, "features must name distinct features"),
    ({"features": (0, "petal")}, ValueError, "not a column index"),
    ({"features": (0,)}, ValueError, "exactly 2 features"),
    ({"features": "ab"}, TypeError, "features must be a pair"),
    ({"features": (0, 1), "fill": {9: 1.0}}, ValueError, "out of range"),
    ({"features": (0, 1), "fill": {0: 1.0}}, ValueError, "one of the drawn features"),
    ({"features": (0, 1), "fill": [1.0, 2.0]}, ValueError, "X's 4 values; got 2"),
    ({"features": (0, 1), "fill": {2: float("nan")}}, ValueError, "must be a finite number"),
    ({"features": (0, 1), "fill": {2: "1"}}, TypeError,
     "the value of 'x2' must be a finite number .*got str '1'"),
    ({"features": (0, 1), "fill": "mode"}, ValueError, "fill must be 'median', 'mean'"),
    ({"features": (0, 1), "slice_width": -1.0}, ValueError, "finite half-width >= 0"),
    ({"features": (0, 1), "slice_width": float("nan")}, ValueError, "finite half-width"),
    ({"features": (0, 1), "slice_width": {2: -0.1}}, ValueError, r"slice_width\[2\]"),
    ({"fill": "mean"}, ValueError, "fill applies to a slice: also pass features="),
    ({"projection": PCA(2), "features": (0, 1)}, ValueError, "not both"),
    ({"projection": TSNE(2)}, ValueError, "has no inverse_transform.*inverse="),
    ({"projection": "tsne"}, ValueError, "projection must be 'pca', 'umap'"),
    ({"projection": np.zeros((3, 2)), "inverse": KNeighborsRegressor()}, ValueError,
     r"expected shape \(150, 2\)"),
    ({"inverse": KNeighborsRegressor()}, ValueError, "inverse= applies to a map"),
    ({"projection": np.array([["a", "b"]] * 150)}, TypeError,
     "projection as an embedding of X must hold numbers; got values of type str"),
])
def test_bad_lift_options_fail_before_evaluation(iris, kwargs, error, match):
    X, y = iris
    calls = []

    def model(points):
        calls.append(points)
        return np.asarray(points)[:, 0]

    with pytest.raises(error, match=match):
        plot_decision_surface(model, X, y, **kwargs)
    assert not calls


def test_model_on_other_features_fails_before_evaluation(iris):
    X, y = iris
    model = LogisticRegression(max_iter=1000).fit(X[:, :3], y)
    with pytest.raises(ValueError, match="fitted on 3 features; X has 4 columns"):
        evaluate_grid(model, X, features=(0, 1))


def test_unknown_column_name(iris_df):
    X, y = iris_df
    model = LogisticRegression(max_iter=1000).fit(X, y)
    with pytest.raises(ValueError, match="unknown column 'petal'"):
        plot_decision_surface(model, X, y, features=("petal", "sepal width (cm)"))


def test_user_data_untouched(iris_df):
    X, y = iris_df
    before_X, before_y = X.copy(), y.copy()
    model = LogisticRegression(max_iter=1000).fit(X, y)
    plot_decision_surface(model, X, y, features=(2, 3), fill={"sepal width (cm)": 2.0},
                          slice_width=0.5)
    plot_decision_surface(model, X, y)
    pd.testing.assert_frame_equal(X, before_X)
    pd.testing.assert_series_equal(y, before_y)


def test_predicted_index_of_map_agrees_with_grid(iris, logreg):
    X, _ = iris
    g = evaluate_grid(logreg, X, resolution=30)
    idx = predicted_index(g.values, g.task, g.classes, g.threshold, g.pos_label)
    np.testing.assert_array_equal(idx, g.predicted())


@pytest.mark.parametrize("kind", ["contour", "pcolormesh", "image"])
def test_every_kind_draws_a_slice(iris, logreg, kind):
    X, y = iris
    disp = plot_decision_surface(logreg, X, y, features=(2, 3), kind=kind, resolution=30)
    assert disp.surface_ is not None and disp.grid.lift["kind"] == "slice"


def test_embedding_without_transform_places_test_points(iris, logreg):
    X, y = iris
    disp = plot_decision_surface(logreg, X[::2], y[::2], X_test=X[1::2], y_test=y[1::2],
                                 projection=TSNE(2, perplexity=15, random_state=0,
                                                 init="pca"),
                                 inverse=KNeighborsRegressor(3), resolution=30)
    assert disp.grid.lift["fidelity_on"] == "test points"
    assert disp.X_test.shape == (75, 2) and np.isfinite(disp.X_test).all()
    # the test points sit near their nearest training points' places
    assert 0.5 <= disp.fidelity_ <= 1


def test_decision_diff_of_a_map(iris, logreg):
    from surfaceviz import plot_decision_diff

    X, y = iris
    other = LogisticRegression(C=0.01, max_iter=1000).fit(X, y)
    disp = plot_decision_diff(logreg, other, X, y, resolution=40)
    assert disp.grid_a.lift["kind"] == "projection" and 0 < disp.share_plane_ < 1


# ----------------------------------------------- error messages, one by one
@pytest.mark.parametrize("X, kwargs, error, match", [
    (lambda X: pd.DataFrame(X, columns=["a", "a", "b", "c"]), {"features": (2, 3)},
     ValueError, "duplicated column names"),
    (lambda X: pd.DataFrame(X[:0], columns=list("abcd")), {"features": (2, 3)},
     ValueError, "X is empty"),
    (lambda X: pd.DataFrame(np.where(np.arange(4) == 1, np.nan, X), columns=list("abcd")),
     {"features": (2, 3)}, ValueError, r"NaN, infinity or missing values in 150 row"),
    (lambda X: np.array([["a"] * 4] * 3), {"features": (2, 3)}, TypeError,
     "numeric array-like"),
    (lambda X: X, {"features": (2, 3), "slice_width": "wide"}, TypeError,
     r"slice_width must be a number or a dict \{feature: half-width\}; got str"),
    (lambda X: X, {"projection": np.full((150, 2), np.nan),
                   "inverse": KNeighborsRegressor()}, ValueError, "embedding holds NaN"),
    (lambda X: X, {"projection": PCA(2), "inverse": "knn"}, ValueError,
     "inverse must be 'mlp' or a regressor with predict"),
    (lambda X: X, {"projection": PCA(2), "inverse": 5}, TypeError,
     "inverse must be a regressor with predict"),
    (lambda X: X, {"projection": object()}, TypeError, "projection must be 'pca', 'umap', a "
                                                      "transformer or an embedding array"),
])
def test_data_and_projection_errors_name_the_problem(iris, X, kwargs, error, match):
    data, y = iris
    with pytest.raises(error, match=match):
        evaluate_grid(lambda p: np.asarray(p, dtype=float)[:, 0], X(np.array(data)), **kwargs)


def test_test_points_and_fitted_names_must_match(iris_df):
    X, y = iris_df
    model = LogisticRegression(max_iter=1000).fit(X, y)
    with pytest.raises(ValueError, match="X_test must have the columns of X"):
        plot_decision_surface(model, X, y, X_test=X.iloc[:, :3], y_test=y, features=(2, 3))
    renamed = X.rename(columns={"sepal length (cm)": "sl"})
    with pytest.raises(ValueError, match=r"fitted on the columns \['sepal length \(cm\)'"):
        plot_decision_surface(model, renamed, y, features=(2, 3))


def test_a_fitted_projection_without_transform(iris, logreg):
    X, _ = iris

    class Fitted:
        n_features_in_ = 4

        def fit(self, X):
            return self

        def inverse_transform(self, Z):
            return Z

    with pytest.raises(ValueError, match="is fitted but has no transform"):
        evaluate_grid(logreg, X, projection=Fitted())


def test_an_inverse_of_the_wrong_shape(iris, logreg):
    X, _ = iris

    class Flat:
        def predict(self, Z):
            return np.zeros((len(Z), 3))

    with pytest.raises(ValueError, match=r"the map.s inverse=Flat returned shape "
                                              r"\(.*, 3\); expected \(.*, 4\)"):
        evaluate_grid(logreg, X, projection=PCA(2).fit_transform(X), inverse=Flat())


def test_a_lift_read_from_disk_is_checked(iris, logreg, tmp_path):
    from surfaceviz import FileFormatError

    X, _ = iris
    g = evaluate_grid(logreg, X, features=(2, 3), resolution=10)
    g.save(tmp_path / "g.npz")
    with np.load(tmp_path / "g.npz") as data:
        arrays = dict(data)
    for bad, match in (("{not json", "'lift' is not valid JSON"),
                       ("[1, 2]", "'lift' must describe a slice, map or strip"),
                       ('{"kind": "cube"}', "lift must be a dict with 'kind' one of")):
        np.savez(tmp_path / "bad.npz", **{**arrays, "lift": np.array(bad)})
        with pytest.raises(FileFormatError, match=match):
            SurfaceGrid.load(tmp_path / "bad.npz")


def test_map_evaluates_the_data_once_for_fidelity_and_rings(iris, logreg):
    X, y = iris
    sizes = []

    def model(points):
        sizes.append(len(points))
        return logreg.decision_function(points)

    disp = plot_decision_surface(model, X, y, classes=logreg.classes_, resolution=20)
    # the probe of the callable's output, the data (fidelity and rings alike) and
    # their images through the map: three calls of len(X) rows, not four
    assert sizes.count(len(X)) == 3
    np.testing.assert_array_equal(disp.y_pred, logreg.predict(X))


def test_a_pipeline_map_is_named_by_its_last_step():
    """Issue 20 (B6): Pipeline(StandardScaler, PCA) names its axes "PC 1 (..% of
    variance)" and its title after PCA, not "Pipeline 1" / "Pipeline map"."""
    from sklearn.datasets import load_iris
    from sklearn.decomposition import PCA, TruncatedSVD
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from surfaceviz import evaluate_grid, plot_decision_surface

    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=500).fit(X, y)
    g = evaluate_grid(model, X, projection=make_pipeline(StandardScaler(), PCA(2)),
                      resolution=20)
    fitted = make_pipeline(StandardScaler(), PCA(2)).fit(X)
    ratio = fitted[-1].explained_variance_ratio_
    assert g.feature_names == (f"PC 1 ({ratio[0]:.0%} of variance)",
                               f"PC 2 ({ratio[1]:.0%} of variance)")
    assert g.lift["projection"] == "PCA after StandardScaler"
    disp = plot_decision_surface(model, X, y, projection=make_pipeline(StandardScaler(),
                                                                       PCA(2)), resolution=20)
    assert disp.ax_.get_title().startswith("PCA after StandardScaler map of 4 features")
    assert "Pipeline" not in disp.ax_.get_xlabel() + disp.ax_.get_title()
    svd = evaluate_grid(model, X, projection=TruncatedSVD(2), resolution=20,
                        inverse=None)
    assert svd.feature_names[0].startswith("SV 1 (")


def test_a_fill_that_leaves_two_features_free_draws_them():
    """Issue 20 (B7): fill={0: 5.8, 1: 3.0} on a 4-feature model draws features 2
    and 3 (the only free ones); an ambiguous fill stays a clear error."""
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    from surfaceviz import evaluate_grid, plot_decision_surface

    X, y = load_iris(return_X_y=True, as_frame=True)
    model = LogisticRegression(max_iter=500).fit(X, y)
    held = {"sepal length (cm)": 5.8, "sepal width (cm)": 3.0}
    implied = evaluate_grid(model, X, fill=held, resolution=20)
    explicit = evaluate_grid(model, X, features=("petal length (cm)", "petal width (cm)"),
                             fill=held, resolution=20)
    np.testing.assert_array_equal(implied.values, explicit.values)
    assert implied.feature_names == ("petal length (cm)", "petal width (cm)")
    arrays = LogisticRegression(max_iter=500).fit(X.to_numpy(), y)
    disp = plot_decision_surface(arrays, X.to_numpy(), y, fill={0: 5.8, 1: 3.0}, resolution=20)
    assert disp.grid.lift["kind"] == "slice" and disp.ax_.get_title().startswith("slice at")
    with pytest.raises(ValueError, match="fill holds 1 of X's 4 features, leaving 3 free"):
        evaluate_grid(model, X, fill={"sepal length (cm)": 5.8}, resolution=20)


def test_a_ragged_X_is_named():
    """Issue 24: a ragged list for X is a ValueError naming X, not NumPy's message."""
    from surfaceviz import evaluate_grid

    with pytest.raises(ValueError, match="X must be a rectangular array-like"):
        evaluate_grid(lambda p: p[:, 0], [[1.0, 2.0, 3.0], [3.0, 4.0]], resolution=10)


def test_fill_may_be_a_series(iris_df):
    """Issue 24: ``fill=X.iloc[7]`` (a pandas Series) is one row."""
    from surfaceviz import evaluate_grid

    X, y = iris_df
    model = LogisticRegression(max_iter=1000).fit(X, y)
    features = ("petal length (cm)", "petal width (cm)")
    series = evaluate_grid(model, X, features=features, fill=X.iloc[7], resolution=12)
    frame = evaluate_grid(model, X, features=features, fill=X.iloc[[7]], resolution=12)
    np.testing.assert_array_equal(series.values, frame.values)
    with pytest.raises(ValueError, match="fill as a Series must be indexed by X's columns"):
        evaluate_grid(model, X, features=features, fill=X.iloc[7].rename(lambda c: c + "!"),
                      resolution=12)


@pytest.mark.parametrize("kwargs, match", [
    ({"projection": _NanPCA(2)},
     "the _NanPCA projection's inverse_transform returned NaN or infinity for"),
    ({"projection": "pca", "inverse": _NanRegressor()},
     "the map's inverse=_NanRegressor returned NaN or infinity"),
    ({"projection": "pca", "inverse": _BrokenRegressor()},
     "the map's inverse=_BrokenRegressor raised RuntimeError on .* points: broken"),
])
def test_a_failing_inverse_is_named_not_blamed_on_the_model(iris, kwargs, match):
    """The inverse's NaN or error is the map's, found before the grid is evaluated."""
    X, y = iris
    calls = []

    def model(points):
        calls.append(len(points))
        return np.asarray(points)[:, 0]

    with pytest.raises(ValueError, match=match) as info:
        plot_decision_surface(model, X, y, resolution=30, **kwargs)
    assert "model" not in str(info.value).split(";")[0]
    assert all(n <= len(X) for n in calls)  # the data at most, never the grid


@pytest.mark.parametrize("fill, error, match", [
    ({"c": "zzz"}, ValueError, r"the value of 'c' must be one of the values the column holds "
                               r"in X \('p', 'q'\); got 'zzz'"),
    ({"s": "unseen"}, ValueError, "the value of 's' must be one of the values"),
    ({"s": 3.0}, TypeError, "the value of 's' must be a string .*; got float 3.0"),
    ({"t": "yes"}, TypeError, "the value of 't' must be True or False .*got str 'yes'"),
    ({"t": float("nan")}, TypeError, "the value of 't' must be True or False"),
    ({"k": float("nan")}, ValueError, r"the value of 'k' must be an integer \(the column holds "
                                      r"int64\); got nan"),
    ({"k": 2.5}, ValueError, "the value of 'k' must be an integer"),
    ({"k": "3"}, TypeError, "the value of 'k' must be an integer .*got str '3'"),
])
def test_fill_values_are_checked_against_the_column_before_evaluation(mixed_frame, fill, error,
                                                                        match):
    model, X, y = mixed_frame
    before = X.copy()
    with pytest.raises(error, match=match):
        plot_decision_surface(model, X, y, features=("a", "b"), fill=fill, resolution=20)
    assert X.equals(before)


def test_fill_values_of_every_kind_are_drawn(mixed_frame):
    model, X, y = mixed_frame
    disp = plot_decision_surface(model, X, y, features=("a", "b"), resolution=20,
                                 fill={"c": "p", "s": "y", "t": True, "k": 3})
    assert disp.grid.lift["fill"] == {"k": 3, "s": "y", "c": "p", "t": True}
    plt.close(disp.figure_)


def test_an_integer_fill_must_fit_its_column():
    pd = pytest.importorskip("pandas")
    from sklearn.linear_model import LogisticRegression

    from surfaceviz import evaluate_grid

    frame = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [1.0, 0.0, 1.0, 0.0],
                          "k": [1, 2, 3, 4]})
    model = LogisticRegression().fit(frame, [0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"fill: the value of 'k' must fit the column's int64 "
                                         r"\(\[-9223372036854775808, 9223372036854775807\]\); "
                                         r"got 1\.8446744073709552e\+19"):
        evaluate_grid(model, frame, features=("a", "b"), fill={"k": 2.0 ** 64}, resolution=4)
