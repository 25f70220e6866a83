"""Our own response values and class maps, checked as numbers (surface_regression).

These survive matplotlib and FreeType upgrades; the pixels are checked by the
pytest-mpl baselines in test_images.py. Regenerate after an intended change
with ``pytest tests/test_surface_regressions.py --surface-regen``.
"""

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from surfaceviz.pipelines import make_moons_pipeline


def test_rbf_svc_class_map(moons, surface_regression):
    X, y = moons
    surface_regression.check(SVC().fit(X, y), X, resolution=150)


def test_poly_linear_svc_class_map(moons, surface_regression):
    X, y = moons
    model = make_moons_pipeline("poly-linear-svc").fit(X, y)
    surface_regression.check(model, X, resolution=150)


def test_multiclass_regions_of_a_slice(surface_regression):
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    surface_regression.check(model, X, features=(2, 3), resolution=120)


def test_knn_probability_values(moons, surface_regression):
    X, y = moons
    grid = surface_regression.check(KNeighborsClassifier(7).fit(X, y), X, resolution=100,
                                    response="predict_proba")
    assert grid.task == "binary"
