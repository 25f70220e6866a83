"""plot_slices and plot_decision_matrix."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from surfaceviz import plot_decision_matrix, plot_slices


@pytest.fixture(scope="module")
def model(iris_logreg):
    return iris_logreg


def test_slices_one_panel_per_quantile(iris, model):
    X, y = iris
    fig, displays = plot_slices(model, X, y, features=(2, 3), vary=0, n=3, resolution=40)
    expected = np.quantile(X[:, 0], [1 / 6, 0.5, 5 / 6])
    assert [d.grid.lift["fill"]["x0"] for d in displays] == pytest.approx(expected)
    assert [d.ax_.get_title() for d in displays] == [f"x0 = {v:.3g}" for v in expected]
    # each point is drawn in exactly one panel: the one nearest its value of x0
    drawn = sum(sum(len(s.get_offsets()) for s in d.scatter_) for d in displays)
    assert drawn == len(X)
    # one shared colour bar, one legend for the figure
    assert sum(d.colorbar_ is not None for d in displays) == 1
    assert len(fig.legends) == 1
    assert fig.get_suptitle().startswith("slice at x1 = ")


def test_slices_values_and_scalar_shared_scale(iris):
    X, y = iris
    yb = (y == 2).astype(int)
    clf = LogisticRegression(max_iter=1000).fit(X, yb)
    fig, displays = plot_slices(clf, X, yb, features=(2, 3), vary=1, values=[2.5, 3.5],
                                resolution=30)
    norms = {(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays}
    assert len(norms) == 1


def test_slices_text_does_not_overlap(iris, model):
    X, y = iris
    fig, _ = plot_slices(model, X, y, features=(2, 3), vary=0, n=5, resolution=30)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.findobj(plt.Text)
             if t.get_visible() and t.get_text().strip()]
    fig_box = fig.bbox
    assert all(b.x0 >= -1 and b.y0 >= -1 and b.x1 <= fig_box.x1 + 1 and b.y1 <= fig_box.y1 + 1
               for b in boxes)
    titles = [ax.title.get_window_extent(renderer) for ax in fig.axes if ax.get_title()]
    for i, a in enumerate(titles):
        for b in titles[i + 1:]:
            assert not a.overlaps(b)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"vary": 2}, ValueError, "vary=2 is one of features"),
    ({"vary": 9}, ValueError, "out of range"),
    ({"values": []}, ValueError, "non-empty sequence of finite numbers"),
    ({"values": [1.0, float("nan")]}, ValueError, "finite numbers"),
    ({"n": 0}, ValueError, "n"),
])
def test_slices_bad_input(iris, model, kwargs, error, match):
    X, y = iris
    with pytest.raises(error, match=match):
        plot_slices(model, X, y, features=(2, 3), **{"vary": 0, **kwargs})
    assert not plt.get_fignums()


def test_matrix_panels(iris, model):
    X, y = iris
    fig, displays = plot_decision_matrix(model, X, y, resolution=25)
    assert displays.shape == (4, 4)
    assert all(displays[i, i].grid.is_strip for i in range(4))
    off = displays[0, 2]
    assert off.grid.lift["features"] == ["x2", "x0"]
    # shared columns: every panel of a column spans the same x range
    for c in range(4):
        lims = {tuple(np.round(displays[r, c].ax_.get_xlim(), 9)) for r in range(4)}
        assert len(lims) == 1
    assert len(fig.legends) == 1
    assert displays[1, 1].hist_ax_ is not None


def test_matrix_diagonal_is_the_response_along_the_feature(iris, model):
    X, y = iris
    _, displays = plot_decision_matrix(model, X, y, resolution=20)
    g = displays[2, 2].grid
    rows = np.tile(np.median(X, axis=0), (len(g.x), 1))
    rows[:, 2] = g.x
    np.testing.assert_allclose(g.values[0], model.decision_function(rows), rtol=1e-10)


def test_matrix_feature_limit():
    X, y = make_classification(200, n_features=9, random_state=0)
    clf = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="X has 9 features; a pair matrix shows at most 8"):
        plot_decision_matrix(clf, X, y)
    fig, displays = plot_decision_matrix(clf, X, y, features=[0, 3, 8], resolution=15)
    assert displays.shape == (3, 3)
    with pytest.raises(ValueError, match="distinct"):
        plot_decision_matrix(clf, X, y, features=[0, 0])


def test_slice_and_matrix_features_must_be_numeric(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    frame = pd.DataFrame(X, columns=list("abcd"))
    frame["kind"] = np.where(y > 0, "x", "z")
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    pipe = make_pipeline(make_column_transformer((OneHotEncoder(), ["kind"]),
                                                 remainder="passthrough"),
                         LogisticRegression(max_iter=1000)).fit(frame, y)
    with pytest.raises(TypeError, match="vary must name a numeric feature; 'kind' holds"):
        plot_slices(pipe, frame, y, features=("a", "b"), vary="kind")
    with pytest.raises(TypeError, match="features must be numeric; 'kind' holds"):
        plot_decision_matrix(pipe, frame, y, features=["a", "kind"])
    with pytest.raises(ValueError, match="a pair matrix needs at least 2 features; got 1"):
        plot_decision_matrix(pipe, frame, y, features=["a"])
    assert not plt.get_fignums()


def _count_plots(monkeypatch):
    """Count DecisionSurfaceDisplay.plot calls per display."""
    from surfaceviz.figures.display import DecisionSurfaceDisplay

    calls = {}
    original = DecisionSurfaceDisplay.plot

    def counting(self, **kwargs):
        calls[id(self)] = calls.get(id(self), 0) + 1
        return original(self, **kwargs)

    monkeypatch.setattr(DecisionSurfaceDisplay, "plot", counting)
    return calls


def test_each_panel_is_drawn_once(iris, monkeypatch):
    X, y = iris
    yb = (y == 2).astype(int)
    clf = LogisticRegression(max_iter=1000).fit(X, yb)
    calls = _count_plots(monkeypatch)
    fig, displays = plot_slices(clf, X, yb, features=(2, 3), vary=1, n=3, resolution=20)
    assert [calls[id(d)] for d in displays] == [1, 1, 1]
    # drawn on the shared scale, with the data nearest each panel's value
    assert len({(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays}) == 1
    assert sum(sum(len(s.get_offsets()) for s in d.scatter_) for d in displays) == len(X)
    calls.clear()
    clf3 = LogisticRegression(max_iter=1000).fit(X[:, :3], yb)
    fig, grid = plot_decision_matrix(clf3, X[:, :3], yb, resolution=12)
    assert sorted(calls.values()) == [1] * 9


def test_slices_with_the_users_norm_are_refined_for_its_bands(iris, monkeypatch):
    """The user's norm reaches the evaluation: each panel is refined around the
    bands it is drawn with (no warning that they were refined for others)."""
    import warnings

    from matplotlib.colors import Normalize

    import surfaceviz.evaluation.evaluate as ev

    X, y = iris
    yb = (y == 2).astype(int)
    clf = LogisticRegression(max_iter=1000).fit(X, yb)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, displays = plot_slices(clf, X, yb, features=(2, 3), vary=1, n=2,
                                    resolution=(100, 80), response="predict_proba",
                                    norm=Normalize(0.2, 0.8))
    assert all(d.grid.n_evaluated < 100 * 80 for d in displays)
    assert {(d.surface_.norm.vmin, d.surface_.norm.vmax) for d in displays} == {(0.2, 0.8)}


def test_matrix_diagonal_curves_have_a_scale_and_histograms_a_band(iris):
    """Issue 20 (B8): the diagonal's response curves get their own scale (tick labels
    on the right: probability 0-1), the histograms their own band below them."""
    from sklearn.linear_model import LogisticRegression

    from surfaceviz.figures.slices import CURVES_BAND, HIST_BAND

    X, y = iris
    model = LogisticRegression(max_iter=500).fit(X[:, :3], y)
    fig, displays = plot_decision_matrix(model, X[:, :3], y, resolution=30,
                                         response="predict_proba")
    fig.canvas.draw()
    diag = displays[1, 1]
    ax = diag.ax_
    labels = [t.label2 for t in ax.yaxis.get_major_ticks() if t.label2.get_visible()]
    values = [float(t.get_text().replace("\u2212", "-")) for t in labels if t.get_text()]
    assert values and min(values) >= 0.0 and max(values) <= 1.0 and len(values) >= 3
    to_axes = ax.transAxes.inverted()
    for line in ax.get_lines():
        ys = line.get_ydata()
        if len(ys) > 2:  # a response curve
            frac = to_axes.transform(ax.transData.transform(
                np.column_stack([line.get_xdata(), ys])))[:, 1]
            assert frac.min() >= CURVES_BAND[0] - 1e-6 and frac.max() <= CURVES_BAND[1] + 1e-6
    twin = diag.hist_ax_
    tops = [p.get_path().get_extents(p.get_transform()).y1 for p in twin.patches]
    box = ax.get_window_extent()
    fracs = [(top - box.y0) / box.height for top in tops]
    assert max(fracs) <= HIST_BAND[1] + 0.01 and min(fracs) >= HIST_BAND[0]


def test_matrix_asks_the_model_about_the_data_points_once(iris):
    """The model's labels at the data points are the same in every panel: they were
    asked for again in each of the k*(k-1) panels."""
    from sklearn.linear_model import LogisticRegression

    from surfaceviz import plot_decision_matrix

    X, y = iris
    model = LogisticRegression(max_iter=1000).fit(X, y)

    class Counting:
        classes_ = model.classes_
        calls = []

        def predict_proba(self, rows):
            self.calls.append(len(rows))
            return model.predict_proba(rows)

    counting = Counting()
    _, displays = plot_decision_matrix(counting, X, y, resolution=20)
    assert counting.calls.count(len(X)) == 1, counting.calls
    first = displays[1, 0].y_pred
    np.testing.assert_array_equal(first, model.predict(X))
    assert all(d.y_pred is first for i, d in enumerate(displays.ravel()) if i % 5)
