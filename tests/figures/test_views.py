import numpy as np
import pytest

from surfaceviz.views import (confusion_matrix, plot_confusion_matrix, plot_misclassified,
                              plot_training_history)

HISTORY = [
    {"epoch": 1, "cost": 1.0, "l2": 0.1, "train_accuracy": 0.6, "val_accuracy": 0.55},
    {"epoch": 2, "cost": 0.5, "l2": 0.1, "train_accuracy": 0.8, "val_accuracy": 0.7},
]


def test_history_curves():
    fig, axes = plot_training_history(HISTORY, title="run", val_label="test")
    cost_ax, acc_ax = axes
    assert [l.get_label() for l in cost_ax.get_lines()] == ["cost", "L2 share"]
    np.testing.assert_array_equal(cost_ax.get_lines()[0].get_ydata(), [1.0, 0.5])
    assert [l.get_label() for l in acc_ax.get_lines()] == ["training", "test"]
    assert fig._suptitle.get_text() == "run"
    with pytest.raises(ValueError, match="history is empty"):
        plot_training_history([])


def test_confusion_matrix_counts_and_normalised():
    y_true = ["a", "a", "b", "c", "c", "c"]
    y_pred = ["a", "b", "b", "c", "a", "c"]
    m = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    n = confusion_matrix(y_true, y_pred, normalize=True)
    np.testing.assert_allclose(n.sum(axis=1), 1.0)
    from sklearn.metrics import confusion_matrix as sk

    np.testing.assert_array_equal(m, sk(y_true, y_pred))
    with pytest.raises(ValueError, match="label 'z' is not in labels"):
        confusion_matrix(["z"], ["a"], labels=["a"])
    with pytest.raises(ValueError, match="must be 1-D of one length"):
        confusion_matrix([1, 2], [1])


def test_plot_confusion_matrix_artists():
    ax, m = plot_confusion_matrix([0, 1, 1], [0, 1, 0], normalize=True)
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    np.testing.assert_allclose(ax.images[0].get_array(), m)
    assert len(ax.texts) == 4


def test_misclassified_grid():
    rng = np.random.default_rng(0)
    images = rng.random((10, 64))
    y_true = np.arange(10) % 3
    y_pred = y_true.copy()
    y_pred[[2, 5, 7]] = (y_pred[[2, 5, 7]] + 1) % 3
    fig, idx = plot_misclassified(images, y_true, y_pred, ncols=2, class_names=["x", "y", "z"])
    np.testing.assert_array_equal(idx, [2, 5, 7])
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0] == "z \u2192 x"
    with pytest.raises(ValueError, match="image_shape"):
        plot_misclassified(images, y_true, y_pred, image_shape=(7, 7))
    with pytest.raises(ValueError, match="one length"):
        plot_misclassified(images, y_true[:3], y_pred)


def test_misclassified_grid_when_all_right():
    y = np.array([0, 1, 2])
    fig, idx = plot_misclassified(np.zeros((3, 4)), y, y)
    assert len(idx) == 0 and fig.axes[0].get_title() == "no misclassified images"


def test_few_epochs_get_whole_number_ticks_and_the_grid_says_what_arrows_mean():
    history = [{"epoch": e, "cost": 1.0 / e, "l2": 0.0, "train_accuracy": 0.5 + e / 10,
                "val_accuracy": None} for e in (1, 2, 3)]
    fig, axes = plot_training_history(history)
    fig.canvas.draw()
    for ax in axes:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)
    images = np.zeros((4, 4))
    fig, shown = plot_misclassified(images, [0, 1, 1, 0], [1, 1, 0, 0])
    assert fig._suptitle.get_text() == "misclassified: true \u2192 predicted"
    assert len(shown) == 2
