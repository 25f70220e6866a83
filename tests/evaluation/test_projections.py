"""projection="supervised" and inverse="mlp": learned maps (issue 23, item 2)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from surfaceviz import evaluate_grid, plot_decision_surface
from surfaceviz.evaluation.projections import MLPInverse, SupervisedProjection


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16.0, y, random_state=0, stratify=y)


def test_supervised_projection_separates_the_classes(digits):
    X_train, X_test, y_train, y_test = digits
    proj = SupervisedProjection().fit(X_train, y_train)
    Z = proj.transform(X_train)
    assert Z.shape == (len(X_train), 2) and np.abs(Z).max() <= 1.0
    np.testing.assert_array_equal(Z, SupervisedProjection().fit(
        X_train, y_train).transform(X_train))  # seeded: the same map twice
    # the classes fall apart on the plane: nearest neighbours there find them
    knn = KNeighborsClassifier(5).fit(Z, y_train)
    assert knn.score(proj.transform(X_test), y_test) > 0.85


def test_mlp_inverse_learns_a_smooth_map_back():
    rng = np.random.default_rng(0)
    Z = rng.uniform(-1, 1, size=(600, 2))
    A = rng.normal(size=(2, 5))
    X = np.tanh(Z @ A) + 3.0
    inv = MLPInverse(max_iter=150).fit(Z, X)
    Zn = rng.uniform(-0.9, 0.9, size=(200, 2))
    truth = np.tanh(Zn @ A) + 3.0
    assert inv.predict(Zn).shape == (200, 5)
    assert np.abs(inv.predict(Zn) - truth).mean() < 0.05


def test_a_supervised_map_and_its_measures(digits):
    X_train, X_test, y_train, y_test = digits
    model = LogisticRegression(max_iter=2000).fit(X_train, y_train)
    disp = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test,
                                 projection="supervised", resolution=60)
    assert disp.ax_.get_title().startswith("supervised map of 64 features")
    assert disp.ax_.get_xlabel() == "supervised 1"
    assert disp.lift_.inverse_name == "the map's inverse=MLPInverse"
    q = disp.map_quality_
    assert q.data_consistency == pytest.approx(disp.fidelity_) and q.data_consistency > 0.8
    plt.close(disp.figure_)


def test_pca_with_a_learned_inverse_beats_pca_alone(digits):
    X_train, X_test, y_train, y_test = digits
    model = LogisticRegression(max_iter=2000).fit(X_train, y_train)
    alone = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test,
                                  resolution=40)
    learned = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test,
                                    projection="pca", inverse="mlp", resolution=40)
    assert learned.fidelity_ > alone.fidelity_ + 0.05
    plt.close("all")


def test_bad_learned_map_options(digits):
    X_train, _, y_train, _ = digits
    model = LogisticRegression(max_iter=500).fit(X_train, y_train)
    with pytest.raises(ValueError, match="trained with the labels: pass y"):
        evaluate_grid(model, X_train, projection="supervised")
    with pytest.raises(ValueError, match="inverse must be 'mlp' or a regressor"):
        plot_decision_surface(model, X_train, y_train, projection="pca", inverse="knn")
    with pytest.raises(ValueError, match="projection must be 'pca', 'umap', 'supervised'"):
        plot_decision_surface(model, X_train, y_train, projection="ssnp")
    fitted = SupervisedProjection(steps=50).fit(X_train, y_train)
    g = evaluate_grid(model, X_train, projection=fitted, inverse="mlp", resolution=20)
    assert g.lift["projection"] == "supervised"
