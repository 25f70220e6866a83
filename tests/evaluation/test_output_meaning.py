"""Issue 20 (A1): what a raw output means is read from its values, by one rule:
rows in [0, 1] summing to 1 are probabilities, one-hot rows are labels, anything
else is a score; ``response=`` decides when given."""

import numpy as np
import pytest

from surfaceviz import evaluate_grid, plot_decision_surface

W = np.array([[4.0, -3.0, 1.0], [-2.0, 5.0, -4.0]])
B = np.array([0.5, -1.0, 0.2])


def logits(points):
    return 6.0 * (points @ W + B)  # raw scores, far outside [0, 1]


def softmax(points):
    z = logits(points)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_hot(points):
    return np.eye(3)[np.argmax(logits(points), axis=1)]


def sigmoid_column(points):
    return 1.0 / (1.0 + np.exp(-logits(points)[:, :1]))


@pytest.fixture
def data():
    X = np.random.default_rng(0).normal(size=(200, 2))
    return X, np.argmax(logits(X), axis=1)


def test_logits_are_scores_not_probabilities(data):
    X, _ = data
    assert np.ptp(logits(X)) > 10  # the case of the issue: raw logits
    grid = evaluate_grid(logits, X, classes=[0, 1, 2], resolution=40)
    assert grid.response == "decision_function" and grid.task == "multiclass"
    # the regions are the model's argmax, whatever the scale
    points = np.stack(np.meshgrid(grid.x, grid.y), axis=-1).reshape(-1, 2)
    np.testing.assert_array_equal(grid.predicted().ravel(), np.argmax(logits(points), axis=1))


def test_softmax_rows_are_probabilities(data):
    X, _ = data
    grid = evaluate_grid(softmax, X, classes=[0, 1, 2], resolution=40)
    assert grid.response == "predict_proba"


def test_one_hot_rows_are_labels(data):
    X, _ = data
    grid = evaluate_grid(one_hot, X, classes=["a", "b", "c"], resolution=40)
    assert grid.task == "labels" and grid.response == "predict"
    points = np.stack(np.meshgrid(grid.x, grid.y), axis=-1).reshape(-1, 2)
    np.testing.assert_array_equal(grid.predicted().ravel(), np.argmax(logits(points), axis=1))


def test_a_sigmoid_column_is_a_probability_and_a_logit_column_a_score(data):
    X, _ = data
    proba = evaluate_grid(sigmoid_column, X, classes=[0, 1], resolution=30)
    assert proba.response == "predict_proba" and proba.threshold == 0.5
    score = evaluate_grid(lambda p: logits(p)[:, :1], X, classes=[0, 1], resolution=30)
    assert score.response == "decision_function" and score.threshold == 0.0


def test_two_logit_columns_give_their_difference(data):
    X, _ = data

    def two(points):
        return logits(points)[:, :2]

    grid = evaluate_grid(two, X, classes=[0, 1], resolution=30)
    assert grid.response == "decision_function"
    points = np.stack(np.meshgrid(grid.x, grid.y), axis=-1).reshape(-1, 2)
    expected = two(points)[:, 1] - two(points)[:, 0]
    np.testing.assert_allclose(grid.values.ravel(), expected)


def test_response_given_decides(data):
    X, _ = data
    grid = evaluate_grid(softmax, X, classes=[0, 1, 2], resolution=20,
                         response="decision_function")
    assert grid.response == "decision_function"


def test_the_figure_says_scores(data):
    X, y = data
    disp = plot_decision_surface(logits, X, y, classes=[0, 1, 2], resolution=40)
    assert disp.grid.response == "decision_function"
    assert disp.colorbar_.ax.get_ylabel() == "predicted class (pale: near a tie, by score)"
    proba = plot_decision_surface(softmax, X, y, classes=[0, 1, 2], resolution=40)
    assert proba.colorbar_.ax.get_ylabel() == (
        "predicted class (pale: near a tie, by probability)")
