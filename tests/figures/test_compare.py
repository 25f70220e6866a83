import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from surfaceviz import make_moons_pipeline, plot_comparison
from surfaceviz.pipelines import PIPELINE_KINDS


@pytest.fixture(scope="module")
def split(moons):
    X, y = moons
    return X[:90], y[:90], X[90:], y[90:]


def test_comparison_panels_and_scores(split):
    Xa, ya, Xb, yb = split
    models = {k: make_moons_pipeline(k) for k in ("linear-svc", "rbf-svc", "mlp")}
    fig, displays = plot_comparison(models, Xa, ya, X_test=Xb, y_test=yb, fit=True, ncols=2,
                                    resolution=30)
    assert len(displays) == 3 and len(fig.axes) == 4
    assert [d.ax_.get_title() for d in displays] == ["linear-svc", "rbf-svc", "mlp"]
    for d in displays:
        corner = [t.get_text() for t in d.ax_.texts]
        assert corner == [f"test {d.accuracy_:.1%}"]
        assert 0.5 < d.accuracy_ <= 1
    assert not fig.axes[3].axison  # the unused panel is hidden
    for model in models.values():  # fit=True fits clones: the originals stay unfitted
        assert not hasattr(model, "classes_")


def test_comparison_of_fitted_list(split):
    Xa, ya, _, _ = split
    fitted = [LogisticRegression().fit(Xa, ya)]
    fig, displays = plot_comparison(fitted, Xa, ya, resolution=20, titles=["logistic"])
    assert displays[0].ax_.texts[0].get_text().startswith("train ")
    with pytest.raises(ValueError, match="titles must have one entry per model"):
        plot_comparison(fitted, Xa, ya, titles=["a", "b"])
    with pytest.raises(ValueError, match="models is empty"):
        plot_comparison([], Xa, ya)


def test_every_pipeline_kind_is_a_pipeline():
    from sklearn.pipeline import Pipeline

    for kind in PIPELINE_KINDS:
        assert isinstance(make_moons_pipeline(kind), Pipeline)


@pytest.mark.mpl_image_compare(remove_text=True, style="default", tolerance=3,
                               savefig_kwargs={"dpi": 50})
def test_moons_comparison_image(split):
    Xa, ya, Xb, yb = split
    models = {k: make_moons_pipeline(k) for k in ("linear-svc", "poly-linear-svc", "poly-svc",
                                                  "rbf-svc")}
    fig, displays = plot_comparison(models, Xa, ya, X_test=Xb, y_test=yb, fit=True,
                                    resolution=60, figsize=(8, 6), ncols=2)
    for d in displays:
        d.ax_.set_title("")
        for t in list(d.ax_.texts):
            t.remove()
    return fig


@pytest.mark.parametrize("n, shape", [(1, (1, 1)), (3, (1, 3)), (5, (2, 3)), (6, (2, 3)),
                                      (7, (2, 4)), (8, (2, 4))])
def test_grid_leaves_at_most_one_cell_empty(n, shape):
    """Issue 10 (B4): 5 models get 2 x 3, not 2 x 4 with 3 blank cells."""
    from surfaceviz.figures.compare import panel_columns

    ncols = panel_columns(n)
    rows = -(-n // ncols)
    assert (rows, ncols) == shape and rows * ncols - n <= 1


@pytest.mark.parametrize("models, kwargs, error, match", [
    (5, {}, TypeError, "models must be a list or a dict of models; got int"),
    ([], {}, ValueError, "models is empty"),
    (None, dict(ncols=0), ValueError, "ncols must be an integer of at least 1; got 0"),
    (None, dict(titles="ab"), ValueError, r"titles must have one entry per model \(1\)"),
])
def test_comparison_errors_name_the_parameter(moons, models, kwargs, error, match):
    X, y = moons
    models = [LogisticRegression()] if models is None else models
    before = plt.get_fignums()
    with pytest.raises(error, match=match):
        plot_comparison(models, X, y, fit=True, resolution=10, **kwargs)
    assert plt.get_fignums() == before


def test_shared_colour_scale_and_one_bar(split):
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    from tests.figures.test_display import _text_boxes

    Xa, ya, Xb, yb = split
    probs = {"logistic": LogisticRegression(), "weak": LogisticRegression(C=0.01)}
    fig, displays = plot_comparison(probs, Xa, ya, fit=True, response="predict_proba",
                                    resolution=30)
    assert displays[0].colorbar_ is not None and len(fig.axes) == 3
    assert {(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays} == {(0.0, 1.0)}
    # decision functions: not comparable as they are, shared on request
    models = {"a": SVC(C=1), "b": SVC(C=100)}
    fig, displays = plot_comparison(models, Xa, ya, fit=True, resolution=30)
    assert all(getattr(d, "colorbar_", None) is None for d in displays)
    fig, displays = plot_comparison(models, Xa, ya, fit=True, resolution=30, sharecolor=True)
    norms = {(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays}
    assert len(norms) == 1 and displays[0].colorbar_ is not None
    # five panels, titles, accuracies and the shared bar: no text overlaps
    five = {f"C={c}": SVC(C=c) for c in (0.1, 1, 10, 100, 1000)}
    fig, displays = plot_comparison(five, Xa, ya, X_test=Xb, y_test=yb, fit=True,
                                    resolution=30, sharecolor=True)
    boxes = _text_boxes(fig)
    for i, (t1, b1) in enumerate(boxes):
        for t2, b2 in boxes[i + 1:]:
            assert not b1.overlaps(b2), f"{t1.get_text()!r} overlaps {t2.get_text()!r}"
    with pytest.raises(TypeError, match="sharecolor must be True, False or None"):
        plot_comparison(models, Xa, ya, fit=True, sharecolor="yes")


def test_sharecolor_needs_one_kind_of_surface(split):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    Xa, ya, _, _ = split
    mixed = {"scores": LogisticRegression(), "labels": KNeighborsClassifier(3)}
    with pytest.raises(ValueError, match="sharecolor=True needs surfaces of one kind"):
        plot_comparison(mixed, Xa, ya, fit=True, resolution=20, sharecolor=True,
                        response=["decision_function", "predict"])


def test_each_panel_is_drawn_once(split, monkeypatch):
    from sklearn.svm import SVC

    from tests.figures.test_slices import _count_plots

    Xa, ya, _, _ = split
    calls = _count_plots(monkeypatch)
    models = {"a": SVC(C=1), "b": SVC(C=100)}
    fig, displays = plot_comparison(models, Xa, ya, fit=True, resolution=20, sharecolor=True)
    assert [calls[id(d)] for d in displays] == [1, 1]
    assert len({(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays}) == 1
    assert [d.ax_.get_title() for d in displays] == ["a", "b"]
