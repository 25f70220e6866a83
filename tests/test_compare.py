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
    from surfaceviz.compare import _columns

    ncols = _columns(n)
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
