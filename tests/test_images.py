"""Image comparisons with committed baselines (pytest-mpl).

Text is kept out of these images (no tick labels, axis labels, colour-bar
label or legend): fonts drift across FreeType versions; the labels are
checked through the API in test_display.py instead.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from surfaceviz import plot_decision_surface

IMAGE = dict(remove_text=True, style="default", tolerance=3, savefig_kwargs={"dpi": 60})
NO_TEXT = dict(colorbar_label="", legend=False)


def _ax():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=60)
    return fig, ax


@pytest.mark.mpl_image_compare(**IMAGE)
def test_binary_probability(moons):
    X, y = moons
    fig, ax = _ax()
    plot_decision_surface(LogisticRegression().fit(X, y), X, y, ax=ax,
                          response="predict_proba", resolution=60, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_decision_function_with_margins(moons):
    X, y = moons
    fig, ax = _ax()
    plot_decision_surface(SVC(C=3).fit(X, y), X, y, ax=ax, margin_lines=True, resolution=80,
                          **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_multiclass_confidence(iris2):
    X, y = iris2
    fig, ax = _ax()
    plot_decision_surface(LogisticRegression(max_iter=500).fit(X, y), X, y, ax=ax,
                          response="predict_proba", resolution=80, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_contour_only(moons):
    X, y = moons
    fig, ax = _ax()
    plot_decision_surface(SVC().fit(X, y), X, y, ax=ax, kind="contour", resolution=80,
                          **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_image_kind_multiclass(iris2):
    X, y = iris2
    fig, ax = _ax()
    plot_decision_surface(LogisticRegression(max_iter=500).fit(X, y), X, y, ax=ax,
                          kind="image", resolution=120, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_misclassified_and_test_points(moons):
    X, y = moons
    fig, ax = _ax()
    model = SVC(C=0.3).fit(X[:80], y[:80])
    plot_decision_surface(model, X[:80], y[:80], X_test=X[80:], y_test=y[80:], ax=ax,
                          kind="pcolormesh", resolution=50, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_colorbar_custom_ticks(moons):
    X, y = moons
    fig, ax = _ax()
    plot_decision_surface(SVC().fit(X, y), X, y, ax=ax, resolution=60, levels=7,
                          colorbar_ticks=[-1, 0, 1], xticks=[0, 1], yticks=2, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_callable_model():
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 2, size=(60, 2))

    def ring(points):
        return 1.2 - np.hypot(points[:, 0], points[:, 1])

    y = np.where(ring(X) > 0, "in", "out")
    fig, ax = _ax()
    plot_decision_surface(ring, X, y, classes=["out", "in"], ax=ax, resolution=70, **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_regressor_surface(moons):
    from sklearn.neighbors import KNeighborsRegressor

    X, y = moons
    fig, ax = _ax()
    target = np.sin(3 * X[:, 0]) + X[:, 1]
    plot_decision_surface(KNeighborsRegressor(5).fit(X, target), X, target, ax=ax,
                          resolution=60, **NO_TEXT)
    return fig


# ------------------------------------------------- more than two features
@pytest.fixture(scope="module")
def iris4(iris, iris_logreg):
    return (*iris, iris_logreg)


@pytest.mark.mpl_image_compare(**IMAGE)
def test_slice_with_slab(iris4):
    X, y, model = iris4
    fig, ax = _ax()
    plot_decision_surface(model, X, y, ax=ax, features=(2, 3), slice_width=0.7,
                          outside="fade", resolution=80, title="", **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_pca_map_with_disagreements(iris4):
    X, y, model = iris4
    fig, ax = _ax()
    plot_decision_surface(model, X, y, ax=ax, resolution=80, title="", **NO_TEXT)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_one_feature_strip(iris4):
    X, y, _ = iris4
    fig, ax = _ax()
    model = LogisticRegression(max_iter=1000).fit(X[:, 2:3], y)
    plot_decision_surface(model, X[:, 2:3], y, ax=ax, response="predict_proba",
                          legend=False)
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_slice_grid(iris4):
    from surfaceviz import plot_slices

    X, y, model = iris4
    fig, _ = plot_slices(model, X, y, features=(2, 3), vary=0, n=3, resolution=50,
                         legend=False, figsize=(7, 2.6))
    fig.suptitle("")
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_iris_pair_matrix(iris4):
    from surfaceviz import plot_decision_matrix

    X, y, model = iris4
    fig, _ = plot_decision_matrix(model, X, y, resolution=30, legend=False, figsize=(6, 5.5))
    return fig


@pytest.mark.mpl_image_compare(**IMAGE)
def test_decision_diff(moons):
    from surfaceviz import plot_decision_diff
    from surfaceviz.pipelines import make_moons_pipeline

    X, y = moons
    fig, ax = _ax()
    disp = plot_decision_diff(make_moons_pipeline("poly-linear-svc").fit(X, y),
                              make_moons_pipeline("rbf-svc").fit(X, y), X, y, ax=ax,
                              resolution=80, legend=False)
    disp.note_.set_visible(False)  # text is checked through the API, not the pixels
    return fig
