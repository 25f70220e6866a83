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


@pytest.fixture(scope="module")
def digits_mlp(digits):
    from sklearn.neural_network import MLPClassifier

    X_train, _, y_train, _ = digits
    return MLPClassifier((32,), max_iter=300, random_state=0).fit(X_train, y_train)


def test_hidden_layer_is_the_networks_own_activations(digits, digits_mlp):
    from sklearn.base import clone
    from sklearn.decomposition import PCA
    from sklearn.pipeline import make_pipeline

    from surfaceviz.evaluation.projections import HiddenLayer

    X_train = digits[0]
    m = digits_mlp
    H = HiddenLayer(m).fit(X_train).transform(X_train[:10])
    np.testing.assert_allclose(H, np.maximum(X_train[:10] @ m.coefs_[0] + m.intercepts_[0], 0))
    # a clone (as a map clones its projection) keeps the fitted model, not a blank copy
    pipe = clone(make_pipeline(HiddenLayer(m), PCA(2)))
    assert pipe.steps[0][1].model is m
    with pytest.raises(ValueError, match=r"layer must be a hidden layer's index in \[-1, 0\]"):
        HiddenLayer(m, layer=1).fit(X_train)
    with pytest.raises(TypeError, match="multi-layer perceptron"):
        HiddenLayer(LogisticRegression()).fit(X_train)


def test_a_map_of_the_hidden_layer_shows_the_models_classes(digits, digits_mlp):
    """Isomap of the pixels mixes the model's classes more than Isomap of its last
    hidden layer (data consistency 0.81 against 0.89 here)."""
    from sklearn.manifold import Isomap
    from sklearn.neighbors import KNeighborsRegressor
    from sklearn.pipeline import make_pipeline

    from surfaceviz.evaluation.projections import HiddenLayer

    X_train, X_test, y_train, y_test = digits
    knn = KNeighborsRegressor(5, weights="distance")
    pixels = plot_decision_surface(digits_mlp, X_train, y_train, X_test=X_test, y_test=y_test,
                                   projection=Isomap(n_components=2), inverse=knn,
                                   resolution=40)
    hidden = plot_decision_surface(
        digits_mlp, X_train, y_train, X_test=X_test, y_test=y_test,
        projection=make_pipeline(HiddenLayer(digits_mlp), Isomap(n_components=2)),
        inverse=knn, resolution=40)
    assert hidden.ax_.get_title().replace("\n", " ").startswith(
        "Isomap after HiddenLayer map of 64 features")
    assert hidden.map_quality_.data_consistency > pixels.map_quality_.data_consistency + 0.05
    plt.close("all")
