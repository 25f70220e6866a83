"""Artist-level checks of DecisionSurfaceDisplay."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_rgba
from matplotlib.contour import QuadContourSet
from matplotlib.image import AxesImage
from sklearn.cluster import KMeans
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.svm import SVC

from surfaceviz import DecisionSurfaceDisplay, evaluate_grid, plot_decision_surface
from surfaceviz.render.colors import BINARY_COLORS, class_colors


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, points):
        self.calls += 1
        return points[:, 0] - points[:, 1]


@pytest.fixture(scope="module")
def svc(moons):
    X, y = moons
    return SVC().fit(X, y)


def test_binary_artists(moons, svc, new_ax):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, ax=new_ax, resolution=40)
    assert disp.ax_ is new_ax and disp.figure_ is new_ax.figure
    assert isinstance(disp.surface_, QuadContourSet) and disp.surface_.filled
    assert len(disp.boundary_) == 1 and list(disp.boundary_[0].levels) == [0.0]
    assert disp.colorbar_.ax.get_ylabel() == "decision function (> 0: class 1)"
    assert new_ax.get_xlim() == (disp.grid.x[0], disp.grid.x[-1])
    assert new_ax.get_ylim() == (disp.grid.y[0], disp.grid.y[-1])
    texts = [t.get_text() for t in disp.legend_.get_texts()]
    assert texts[:2] == ["0", "1"]
    for coll, color in zip(disp.scatter_, BINARY_COLORS):
        np.testing.assert_allclose(coll.get_facecolor()[0], to_rgba(color))
    assert [c.get_paths()[0] is not None for c in disp.scatter_]
    wrong = disp.y_pred != y
    if wrong.any():
        assert "misclassified" in texts
        assert len(disp.misclassified_.get_offsets()) == wrong.sum()
    # the colour map runs from class 0's colour to class 1's
    cmap = disp.surface_.get_cmap()
    np.testing.assert_allclose(cmap(0.0), to_rgba(BINARY_COLORS[0]), atol=1e-2)
    np.testing.assert_allclose(cmap(1.0), to_rgba(BINARY_COLORS[1]), atol=1e-2)


def test_markers_differ_per_class(iris2):
    X, y = iris2
    disp = plot_decision_surface(LogisticRegression(max_iter=500).fit(X, y), X, y, resolution=30)
    paths = [tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in disp.scatter_]
    assert len(set(paths)) == 3


def test_multiclass_regions_and_colorbar(iris2):
    X, y = iris2
    names = np.array(["setosa", "versicolor", "virginica"])
    model = LogisticRegression(max_iter=500).fit(X, names[y])
    disp = plot_decision_surface(model, X, names[y], response="predict_proba", resolution=50)
    assert isinstance(disp.surface_, list) and len(disp.surface_) == 3
    assert all(isinstance(a, QuadContourSet) for a in disp.surface_)
    labels = [t.get_text() for t in disp.colorbar_.ax.get_yticklabels()]
    assert labels == list(names)
    assert disp.colorbar_.ax.get_ylabel() == "predicted class (pale: near a tie, by probability)"
    colors = class_colors(3)
    for coll, color in zip(disp.scatter_, colors):
        np.testing.assert_allclose(coll.get_facecolor()[0], color)
    # the fill of each class ends in that class's colour
    for artist, color in zip(disp.surface_, colors):
        np.testing.assert_allclose(artist.get_cmap()(1.0)[:3], color[:3], atol=1e-2)
    assert len(disp.boundary_) == 3


@pytest.mark.parametrize("kind, cls", [("pcolormesh", QuadMesh), ("image", AxesImage)])
def test_kinds(moons, svc, kind, cls):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, kind=kind, resolution=30)
    assert isinstance(disp.surface_, cls)
    disp = plot_decision_surface(LogisticRegression().fit(X, np.arange(len(y)) % 3), X,
                                 kind=kind, resolution=30)
    assert isinstance(disp.surface_[0], cls)
    assert disp.surface_[0].get_array().shape[-1] == 3  # an RGB image of the regions


def test_image_rgb_shades_by_confidence(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    disp = plot_decision_surface(model, X, y, kind="image", response="predict_proba",
                                 resolution=40, downsample=False)
    rgb = np.asarray(disp.surface_[0].get_array())
    conf = disp.grid.confidence()
    pred = disp.grid.predicted()
    # more confident pixels of one class are more saturated (further from white)
    cls0 = pred == 0
    dist = (1 - rgb[..., :3]).sum(axis=-1)[cls0]
    assert np.corrcoef(dist, conf[cls0])[0, 1] > 0.99


def test_contour_kind(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, kind="contour", resolution=40)
    assert isinstance(disp.surface_, QuadContourSet) and not disp.surface_.filled


def test_image_never_larger_than_canvas(moons):
    X, _ = moons
    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
    disp = plot_decision_surface(Counting(), X, ax=ax, kind="image", resolution=1000,
                                 colorbar=False)
    bbox = ax.get_window_extent()
    shape = disp.surface_.get_array().shape
    assert shape[0] <= np.ceil(bbox.height) and shape[1] <= np.ceil(bbox.width)
    assert disp.grid.values.shape == (1000, 1000)
    full = DecisionSurfaceDisplay(disp.grid, X=X).plot(kind="image", downsample=False)
    assert full.surface_.get_array().shape == (1000, 1000)


def test_auto_resolution_matches_axes_pixels(moons):
    X, _ = moons
    fig, ax = plt.subplots(figsize=(3, 2), dpi=100)
    disp = plot_decision_surface(Counting(), X, ax=ax, colorbar=False)
    bbox = ax.get_window_extent()
    assert disp.grid.values.shape == (int(np.ceil(bbox.height)), int(np.ceil(bbox.width)))
    fig, ax = plt.subplots(figsize=(20, 20), dpi=100)
    disp = plot_decision_surface(Counting(), X, ax=ax)
    assert disp.grid.values.shape == (500, 500)


def test_plot_again_without_reevaluating(moons):
    X, _ = moons
    model = Counting()
    disp = plot_decision_surface(model, X, resolution=20, batch_size=1000)
    calls = model.calls
    fig, other = plt.subplots()
    disp.plot(ax=other, kind="contour")
    assert model.calls == calls and disp.ax_ is other
    assert isinstance(disp.surface_, QuadContourSet)


def test_user_labels_never_overwritten(moons):
    pd = pytest.importorskip("pandas")
    X, y = moons
    df = pd.DataFrame(X, columns=["width", "height"])
    model = LogisticRegression().fit(df, y)
    fig, ax = plt.subplots()
    ax.set_xlabel("my x")
    plot_decision_surface(model, df, y, ax=ax, resolution=10)
    assert ax.get_xlabel() == "my x" and ax.get_ylabel() == "height"
    disp = plot_decision_surface(model, df, y, resolution=10, feature_names=("a", "b"))
    assert (disp.ax_.get_xlabel(), disp.ax_.get_ylabel()) == ("a", "b")
    disp = plot_decision_surface(model, df, y, resolution=10, xlabel="X!", ylabel="Y!")
    assert (disp.ax_.get_xlabel(), disp.ax_.get_ylabel()) == ("X!", "Y!")


def test_tick_control(moons, svc):
    X, y = moons
    disp = plot_decision_surface(
        svc, X, y, resolution=20, xticks=[-1, 0, 1, 2], xtick_format="{x:.1f}", yticks=3,
        ytick_format=lambda v, pos: f"<{v:g}>", colorbar_ticks=[-1, 0, 1],
        colorbar_format="%.2f",
    )
    ax = disp.ax_
    disp.figure_.canvas.draw()
    np.testing.assert_allclose(ax.get_xticks(), [-1, 0, 1, 2])
    texts = [t.get_text().replace("\u2212", "-") for t in ax.get_xticklabels()]
    assert texts == ["-1.0", "0.0", "1.0", "2.0"]
    assert len([t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]) <= 3
    assert all(t.get_text().startswith("<") for t in ax.get_yticklabels())
    np.testing.assert_allclose(disp.colorbar_.get_ticks(), [-1, 0, 1])
    cbar_texts = [t.get_text().replace("\u2212", "-") for t in disp.colorbar_.ax.get_yticklabels()]
    assert cbar_texts == ["-1.00", "0.00", "1.00"]


def test_bad_tick_format(moons, svc):
    X, y = moons
    with pytest.raises(ValueError, match="tick format string must look like"):
        plot_decision_surface(svc, X, y, resolution=5, xtick_format="x")
    with pytest.raises(TypeError, match="ticks must be an int, a sequence of numbers or a Locator"):
        plot_decision_surface(svc, X, y, resolution=5, yticks=True)


def test_kwargs_reach_their_artists(moons, svc):
    X, y = moons
    disp = plot_decision_surface(
        svc, X, y, resolution=20, alpha=0.5, scatter_kw={"s": 7},
        colorbar_kw={"orientation": "horizontal"}, legend_kw={"loc": "upper left"},
        boundary_kw={"colors": "green"},
    )
    assert disp.surface_.get_alpha() == 0.5
    assert all(np.all(c.get_sizes() == 7) for c in disp.scatter_)
    assert disp.colorbar_.orientation == "horizontal"
    assert disp.legend_._loc == 2
    np.testing.assert_allclose(disp.boundary_[0].get_edgecolor()[0], to_rgba("green"))


def test_margin_lines(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=30, margin_lines=True)
    assert list(disp.margin_lines_.levels) == [-1.0, 1.0]
    proba = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="margin_lines=True draws the -1 and \\+1 levels"):
        plot_decision_surface(proba, X, y, response="predict_proba", margin_lines=True,
                              resolution=10)
    disp = plot_decision_surface(proba, X, y, response="predict_proba", resolution=20,
                                 margin_lines=[0.25, 0.75])
    assert list(disp.margin_lines_.levels) == [0.25, 0.75]


def test_ignored_keywords_warn(moons, svc, iris2):
    X, y = moons
    with pytest.warns(UserWarning, match="levels is ignored for kind='image'"):
        plot_decision_surface(svc, X, y, kind="image", levels=5, resolution=10)
    Xi, yi = iris2
    model = LogisticRegression(max_iter=500).fit(Xi, yi)
    with pytest.warns(UserWarning, match="cmap is ignored for class regions"):
        plot_decision_surface(model, Xi, yi, cmap="viridis", resolution=10)
    with pytest.warns(UserWarning, match="colorbar_ticks is ignored"):
        plot_decision_surface(model, Xi, yi, colorbar_ticks=[0, 1], resolution=10)


def test_test_points_hollow_and_labelled(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X[:80], y[:80], X_test=X[80:], y_test=y[80:],
                                 resolution=20)
    assert len(disp.test_scatter_) == 2
    for coll in disp.test_scatter_:
        assert coll.get_facecolor().size == 0 or coll.get_facecolor()[0][3] == 0
    texts = [t.get_text() for t in disp.legend_.get_texts()]
    assert "0 (test)" in texts and "1 (test)" in texts


def test_regressor_scatter_uses_surface_colors(moons):
    X, y = moons
    target = X[:, 0] * 2 + y
    disp = plot_decision_surface(LinearRegression().fit(X, target), X, target, resolution=20)
    assert disp.grid.task == "continuous" and disp.legend_ is None
    assert disp.scatter_[0].norm is disp.surface_.norm
    assert disp.colorbar_.ax.get_ylabel() == "prediction"
    assert disp.boundary_ == []


def test_clusterer_has_no_misclassified(moons):
    X, y = moons
    disp = plot_decision_surface(KMeans(2, n_init=2, random_state=0).fit(X), X, y, resolution=20)
    assert disp.misclassified_ is None and disp.y_pred is None


def test_class_of_interest_multiclass_draws_one_surface(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    disp = plot_decision_surface(model, X, y, response="predict_proba", class_of_interest=1,
                                 resolution=30)
    assert isinstance(disp.surface_, QuadContourSet)
    np.testing.assert_allclose(disp.surface_.get_cmap()(1.0)[:3], class_colors(3)[1][:3], atol=1e-2)
    assert disp.colorbar_.ax.get_ylabel() == "probability of class 1"


def test_from_estimator_and_alias_agree(moons, svc):
    X, y = moons
    a = plot_decision_surface(svc, X, y, resolution=15)
    b = DecisionSurfaceDisplay.from_estimator(svc, X, y, resolution=15)
    np.testing.assert_array_equal(a.grid.values, b.grid.values)


def test_display_from_saved_grid(tmp_path, moons, svc):
    X, y = moons
    grid = evaluate_grid(svc, X, resolution=25)
    grid.save(tmp_path / "g.npz")
    from surfaceviz import SurfaceGrid

    disp = DecisionSurfaceDisplay(SurfaceGrid.load(tmp_path / "g.npz"), X=X, y=y).plot()
    assert isinstance(disp.surface_, QuadContourSet)


def test_flags_type_checked(moons, svc):
    with pytest.raises(TypeError, match="colorbar must be True or False"):
        plot_decision_surface(svc, moons[0], resolution=5, colorbar="yes")


def test_no_data_scatter_and_no_colorbar(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=10, scatter=False, colorbar=False,
                                 legend=False)
    assert disp.scatter_ == [] and disp.colorbar_ is None and disp.legend_ is None
    from matplotlib.collections import PathCollection

    assert not [c for c in disp.ax_.collections if isinstance(c, PathCollection)]


def test_tick_helper_errors():
    from surfaceviz.render.mpl2d import make_formatter, make_locator

    with pytest.raises(ValueError, match="the number of ticks must be at least 1; got 0"):
        make_locator(0)
    with pytest.raises(ValueError, match="tick positions must be a 1-D sequence"):
        make_locator([[0, 1]])
    with pytest.raises(TypeError, match="a tick format must be a format string, a callable"):
        make_formatter(3)


# ------------------------------------------------ style keywords (issue 8)
def test_user_style_keywords_win_over_ours(moons, svc):
    from matplotlib.colors import to_rgba

    X, y = moons
    X_test, y_test = X[:10] + 0.01, y[:10]
    disp = plot_decision_surface(
        svc, X, y, X_test=X_test, y_test=y_test, resolution=30,
        scatter_kw={"edgecolor": "red", "marker": "s", "label": "train", "s": 12},
        test_kw={"c": "green", "marker": "D", "label": "held out"},
        misclassified_kw={"edgecolor": "orange", "lw": 3},
        boundary_kw={"linewidth": 4, "cmap": "viridis"}, margin_lines=True,
        margin_kw={"ls": "dotted"}, legend_kw={"loc": "upper left"})
    for coll in disp.scatter_:
        assert coll.get_label() == "train"
        assert coll.get_sizes().tolist() == [12]
        np.testing.assert_allclose(coll.get_edgecolor()[0], to_rgba("red"))
    assert disp.test_scatter_[0].get_label() == "held out"
    np.testing.assert_allclose(disp.test_scatter_[0].get_facecolor()[0], to_rgba("green"))
    if disp.misclassified_ is not None:
        np.testing.assert_allclose(disp.misclassified_.get_edgecolor()[0], to_rgba("orange"))
        assert disp.misclassified_.get_linewidths()[0] == 3
    assert disp.boundary_[0].get_linewidths()[0] == 4
    assert disp.legend_._loc == 2  # "upper left"


def test_unlabelled_data_take_the_users_colour(moons, svc):
    X, _ = moons
    disp = plot_decision_surface(svc, X, resolution=20, scatter_kw={"color": "k", "label": "pts"})
    np.testing.assert_allclose(disp.scatter_[0].get_facecolor()[0], [0, 0, 0, 1])
    assert disp.scatter_[0].get_label() == "pts"


@pytest.mark.parametrize("name", ["scatter_kw", "test_kw", "misclassified_kw", "boundary_kw",
                                  "margin_kw", "colorbar_kw", "legend_kw"])
def test_style_kw_must_be_a_mapping(moons, svc, name):
    import matplotlib.pyplot as plt

    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=20)
    before = plt.get_fignums()
    with pytest.raises(TypeError, match=rf"{name} must be a dict of keyword arguments \(or None\); got str"):
        disp.plot(**{name: "red"})
    assert plt.get_fignums() == before  # the figure plot() opened was closed


@pytest.mark.parametrize("ax", ["left", 5])
def test_ax_must_be_an_axes(moons, svc, ax):
    X, y = moons
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None"):
        plot_decision_surface(svc, X, y, ax=ax, resolution=20)


# ------------------------------------------------------ hostile inputs (issue 11)
def test_non_finite_outputs_are_hatched_and_announced(moons):
    X, y = moons

    def partly_nan(p):
        out = p[:, 0] - p[:, 1]
        out[p[:, 0] > 1.5] = np.nan
        out[p[:, 1] > 1.2] = np.inf
        return out

    with pytest.warns(UserWarning, match=r"partly_nan returned NaN or infinity at [\d,]+ of "
                                         r"[\d,]+ grid points \(\d+\.\d%\)"):
        disp = plot_decision_surface(partly_nan, X, y, resolution=40)
    assert not disp.grid.valid.all() and np.isnan(disp.grid.values[~disp.grid.valid]).all()
    assert disp.no_value_ is not None and disp.no_value_.hatches == ["////"]
    assert "no value" in [t.get_text() for t in disp.legend_.get_texts()]


def test_all_non_finite_outputs_are_an_error(moons):
    from surfaceviz import EvaluationError

    X, y = moons
    with pytest.raises(EvaluationError, match="NaN or infinity at every one of the 400 grid"):
        plot_decision_surface(lambda p: np.full(len(p), np.nan), X, resolution=20)


def test_nan_class_scores_leave_transparent_image_pixels(iris2):
    X, y = iris2

    def scores(p):
        s = np.stack([p[:, 0], p[:, 1], -p[:, 0]], axis=1)
        s[p[:, 1] > 4.0] = np.nan
        return s

    with pytest.warns(UserWarning, match="drawn as 'no value'"):
        disp = plot_decision_surface(scores, X, y, classes=[0, 1, 2],
                                     response="decision_function", kind="image",
                                     resolution=30)
    rgba = disp.surface_[0].get_array()
    assert rgba.shape[-1] == 4 and (rgba[..., 3] == 0).any() and (rgba[..., 3] == 1).any()


def test_single_class_model_draws_one_region():
    from sklearn.dummy import DummyClassifier

    X = np.random.default_rng(0).random((20, 2))
    y = np.zeros(20, dtype=int)
    disp = plot_decision_surface(DummyClassifier().fit(X, y), X, y, resolution=20)
    assert disp.grid.task == "labels" and (disp.grid.values == 0).all()
    assert len(disp.surface_) == 1 and disp.boundary_ == []


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(grid=None), TypeError, "grid must be a SurfaceGrid"),
    (dict(X=np.zeros((3, 2)), y=np.zeros(4)), ValueError, r"y must have one entry per sample"),
    (dict(X=np.zeros((3, 1))), ValueError, "X must have exactly 2 columns"),
    (dict(X=[[0, 1], [2, "a"]]), TypeError, "X must be a numeric array-like"),
    (dict(y=np.zeros(3)), ValueError, "y was given without X"),
    (dict(X=np.zeros((3, 2)), y_pred=np.zeros(2)), ValueError, "y_pred must have one entry"),
])
def test_display_constructor_validates_like_from_estimator(moons, svc, kwargs, error, match):
    X, y = moons
    grid = evaluate_grid(svc, X, resolution=10)
    kwargs = {"grid": grid, **kwargs}
    with pytest.raises(error, match=match):
        DecisionSurfaceDisplay(kwargs.pop("grid"), **kwargs)


def test_display_constructor_copies_its_data(moons, svc):
    X, y = moons
    X_list = X.tolist()
    disp = DecisionSurfaceDisplay(evaluate_grid(svc, X, resolution=10), X=X_list, y=list(y))
    disp.plot()
    assert isinstance(disp.X, np.ndarray) and X_list == X.tolist()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(max_points=0), ValueError, "max_points must be an integer of at least 2; got 0"),
    (dict(max_points=-5), ValueError, "max_points must be an integer of at least 2"),
    (dict(eye=(1, 2)), ValueError, "eye must be a 1-D sequence of 3 finite numbers"),
    (dict(eye={"x": 1}), ValueError, "eye must have the keys 'x', 'y' and 'z'"),
    (dict(elev="high"), TypeError, "elev must be a number; got str 'high'"),
    (dict(zticks="x"), TypeError, "zticks must be a sequence of numbers; got str 'x'"),
])
def test_3d_view_options_are_named(moons, svc, kwargs, error, match):
    pytest.importorskip("plotly")
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=20)
    with pytest.raises(error, match=match):
        disp.plot_3d(**kwargs)


def test_bad_levels_are_refused_before_drawing(moons, svc):
    import matplotlib.pyplot as plt

    X, y = moons
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="levels must be an integer of at least 1; got -3"):
        plot_decision_surface(svc, X, y, resolution=20, levels=-3)
    assert plt.get_fignums() == before


def test_callable_returning_text_is_named(moons):
    X, _ = moons

    def words(p):
        return np.array(["a"] * len(p))

    with pytest.raises(TypeError, match=r"words.decision_function returned values of dtype <U1 .* needs"):
        evaluate_grid(words, X, resolution=5, classes=["a", "b"], response="decision_function")
    with pytest.raises(TypeError, match=r"words returned values of dtype <U1 .* needs numbers"):
        evaluate_grid(words, X, resolution=5)


# ------------------------------------------- parity with the peers (issue 10, part A)
def test_class_colors_as_a_list_reach_every_artist(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    colors = ["gold", "purple", "teal"]
    disp = plot_decision_surface(model, X, y, resolution=30, class_colors=colors)
    for coll, color in zip(disp.scatter_, colors):
        np.testing.assert_allclose(coll.get_facecolor()[0], to_rgba(color))
    for artist, color in zip(disp.surface_, colors):
        np.testing.assert_allclose(artist.get_cmap()(1.0)[:3], to_rgba(color)[:3], atol=1e-2)
    cbar_colors = disp.colorbar_.mappable.get_cmap()(np.linspace(0, 1, 3))
    np.testing.assert_allclose(cbar_colors[:, :3], [to_rgba(c)[:3] for c in colors], atol=1e-2)
    # kept for later views
    disp.plot(kind="image")
    np.testing.assert_allclose(disp.scatter_[0].get_facecolor()[0], to_rgba("gold"))


def test_class_colors_from_a_colormap(moons, svc):
    from matplotlib import colormaps

    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=20, class_colors="Set1")
    np.testing.assert_allclose(disp.scatter_[1].get_facecolor()[0], colormaps["Set1"](1))
    disp = plot_decision_surface(svc, X, y, resolution=20, class_colors=colormaps["viridis"])
    np.testing.assert_allclose(disp.scatter_[0].get_facecolor()[0], colormaps["viridis"](0.0))


@pytest.mark.parametrize("colors, error, match", [
    (["red"], ValueError, r"class_colors needs 2 colours .*; got 1"),
    ("not-a-map", ValueError, "class_colors='not-a-map' is neither a colormap name nor a colour"),
    ({"0": "red"}, TypeError, "class_colors must be a list of colours or a colormap"),
    (["red", "nope"], ValueError, "class_colors must be matplotlib colours"),
])
def test_bad_class_colors(moons, svc, colors, error, match):
    X, y = moons
    with pytest.raises(error, match=match):
        plot_decision_surface(svc, X, y, resolution=20, class_colors=colors)


def test_class_names_in_legend_colorbar_and_title(iris2, moons, svc):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    names = ["setosa", "versicolor", "virginica"]
    disp = plot_decision_surface(model, X, y, resolution=30, class_names=names)
    assert [t.get_text() for t in disp.legend_.get_texts()][:3] == names
    assert [t.get_text() for t in disp.colorbar_.ax.get_yticklabels()] == names
    Xm, ym = moons
    disp = plot_decision_surface(svc, Xm, ym, resolution=20, class_names={1: "yes"})
    assert disp.colorbar_.ax.get_ylabel() == "decision function (> 0: class yes)"
    assert [t.get_text() for t in disp.legend_.get_texts()][:2] == ["0", "yes"]
    with pytest.raises(ValueError, match="class_names must name the model's 2 classes"):
        plot_decision_surface(svc, Xm, ym, resolution=20, class_names=["a"])


def test_class_names_and_colors_in_the_plotly_views(iris2):
    pytest.importorskip("plotly")
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    disp = plot_decision_surface(model, X, y, resolution=30, class_names=["s", "ve", "vi"],
                                 class_colors=["red", "green", "blue"])
    fig = disp.to_plotly()
    heat = fig.data[0]
    assert list(heat.colorbar.ticktext) == ["s", "ve", "vi"]
    assert "class ve" in "".join(np.asarray(heat.text).ravel().tolist())
    names = [t.name for t in fig.data[1:]]
    assert names[:3] == ["s", "ve", "vi"]
    assert fig.data[1].marker.color == "rgb(255,0,0)"


def test_a_list_of_responses_is_tried_in_order(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=20,
                                 response=["predict_proba", "decision_function"])
    assert disp.grid.response == "decision_function"  # SVC has no predict_proba
    grid = evaluate_grid(LogisticRegression().fit(X, y), X, resolution=5,
                         response=("predict_proba", "decision_function"))
    assert grid.response == "predict_proba"
    with pytest.raises(ValueError, match="response must be one of 'decision_function'"):
        evaluate_grid(svc, X, response=["auto"], resolution=5)
    with pytest.raises(ValueError, match="response must name at least one method"):
        evaluate_grid(svc, X, response=[], resolution=5)


class PredictOnly:
    """A model with predict and nothing else (no classes_)."""

    def predict(self, Z):
        return np.where(Z[:, 1] > 0.25, "up", "down")


def test_predict_only_model_gets_class_regions(moons):
    X, y = moons
    labels = np.array(["down", "up"])[(X[:, 1] > 0.25).astype(int)]
    disp = plot_decision_surface(PredictOnly(), X, labels, resolution=30)
    assert disp.grid.task == "labels" and disp.grid.classes.tolist() == ["down", "up"]
    assert disp.misclassified_ is None  # its predictions are the labels here
    grid = evaluate_grid(PredictOnly(), X, resolution=10)  # no y: the distinct predictions
    assert grid.task == "labels" and grid.classes.tolist() == ["down", "up"]


def test_callable_returning_labels_of_y_gets_class_regions(moons):
    X, y = moons
    disp = plot_decision_surface(lambda p: (p[:, 0] > 0.5).astype(int), X, y, resolution=20)
    assert disp.grid.task == "labels" and disp.grid.classes.tolist() == [0, 1]
    # values that are not labels of y stay a continuous surface
    disp = plot_decision_surface(lambda p: p[:, 0] - p[:, 1], X, y, resolution=20)
    assert disp.grid.task == "continuous"


def test_many_predicted_labels_warn(moons):
    X, _ = moons

    class Many:
        def predict(self, Z):
            return (Z[:, 0] * 100).astype(int)

    # a warning when read, and a clear error when the grid brings labels the data did not
    with pytest.warns(UserWarning, match=r"predicted \d+ distinct labels on the data"), \
            pytest.raises(ValueError, match="pass classes= to name them all"):
        evaluate_grid(Many(), X, resolution=5)


def test_pipeline_ending_in_a_clusterer_gets_cluster_regions(moons):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, _ = moons
    pipe = make_pipeline(StandardScaler(), KMeans(4, n_init=2, random_state=0)).fit(X)
    disp = plot_decision_surface(pipe, X, resolution=20)
    assert disp.grid.task == "labels" and disp.grid.classes.tolist() == [0, 1, 2, 3]
    assert len(disp.surface_) == 4


def test_surface_goes_below_what_the_axes_already_hold(moons, svc, new_ax):
    X, y = moons
    mine = new_ax.scatter([0.0], [0.0], s=200, c="lime")
    disp = plot_decision_surface(svc, X, y, ax=new_ax, resolution=20)
    assert disp.surface_.get_zorder() < mine.get_zorder()
    assert all(b.get_zorder() < mine.get_zorder() for b in disp.boundary_)
    assert disp.scatter_[0].get_zorder() > mine.get_zorder()


def test_unknown_keyword_names_the_surface_artist(moons, svc):
    X, y = moons
    with pytest.raises(TypeError, match=r"'shimmer' is not a keyword of the surface artist "
                                        r"\(Axes.contourf, kind='contourf'\)"):
        plot_decision_surface(svc, X, y, resolution=20, shimmer=3)
    with pytest.raises(TypeError, match=r"'shimmer' is not a keyword .*Axes.imshow"):
        plot_decision_surface(svc, X, y, resolution=20, kind="image", shimmer=3)


def test_colors_means_class_colors_for_class_regions(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    with pytest.warns(FutureWarning, match="colors= is deprecated"):
        disp = plot_decision_surface(model, X, y, resolution=20, colors=["k", "y", "m"])
    np.testing.assert_allclose(disp.scatter_[2].get_facecolor()[0], to_rgba("m"))
    # as scikit-learn: colors= beside class_colors is ignored, with a warning
    with pytest.warns(UserWarning, match="colors is ignored: class_colors gives"):
        both = plot_decision_surface(model, X, y, resolution=20, colors=["k", "y", "m"],
                                     class_colors="tab10")
    np.testing.assert_allclose(both.scatter_[2].get_facecolor()[0], to_rgba("tab:green"))


def test_redraw_keeps_the_options_plot_was_given(moons, svc):
    """Issue 10 (B6): what plot was told stays until overridden."""
    import matplotlib.pyplot as plt

    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=30, margin_lines=True,
                                 colorbar_label="score", scatter_kw={"s": 5})
    _, other = plt.subplots()
    disp.plot(kind="image", ax=other)
    assert disp.ax_ is other and isinstance(disp.surface_, AxesImage)
    assert disp.margin_lines_ is not None
    assert disp.colorbar_.ax.get_ylabel() == "score"
    assert disp.scatter_[0].get_sizes().tolist() == [5]
    disp.plot(margin_lines=False)  # given again: overridden
    assert disp.margin_lines_ is None and isinstance(disp.surface_, AxesImage)
    with pytest.raises(ValueError):
        disp.plot(kind="nope")
    disp.plot()  # a failed call's options were not kept
    assert isinstance(disp.surface_, AxesImage)


def test_decision_colours_are_spent_where_the_data_are(moons):
    """Issue 10 (B2): centred on the threshold, out to the 95th percentile at the data."""
    from surfaceviz import make_moons_pipeline
    from surfaceviz.evaluation.surface import sample

    X, y = moons
    model = make_moons_pipeline("poly-linear-svc").fit(X, y)
    disp = plot_decision_surface(model, X, y, resolution=60)
    norm = disp.surface_.norm
    at_data = np.abs(sample(disp.grid.x, disp.grid.y, disp.grid.values, X))
    assert norm.vmin == pytest.approx(-norm.vmax)
    assert norm.vmax == pytest.approx(np.quantile(at_data, 0.95), rel=0.05)
    assert np.abs(disp.grid.values).max() > norm.vmax  # the corners go beyond ...
    assert disp.surface_.extend == "both"  # ... and the colour bar says so


def test_explicit_vmin_vmax_or_norm_wins(moons, svc):
    from matplotlib.colors import Normalize

    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=30, vmin=-3, vmax=2)
    assert (disp.surface_.norm.vmin, disp.surface_.norm.vmax) == (-3, 2)
    disp = plot_decision_surface(svc, X, y, resolution=30, norm=Normalize(-5, 5))
    assert (disp.surface_.norm.vmin, disp.surface_.norm.vmax) == (-5, 5)
    with pytest.raises(TypeError, match="give norm or vmin/vmax, not both"):
        plot_decision_surface(svc, X, y, resolution=30, norm=Normalize(-5, 5), vmin=1)


@pytest.mark.parametrize("figsize", [(6.4, 4.8)])
def test_legend_goes_where_it_covers_the_fewest_points(moons, iris2, svc, figsize):
    """Issue 10 (B5): the legend's box covers at most 2% of the data points."""
    import matplotlib.pyplot as plt

    from surfaceviz.render.layout import legend_coverage

    X, y = moons
    Xi, yi = iris2
    fig, axes = plt.subplots(1, 2, figsize=(2 * figsize[0], figsize[1]))
    d1 = plot_decision_surface(svc, X, y, ax=axes[0], resolution=30, X_test=X[:20] + 0.05,
                               y_test=y[:20])
    d2 = plot_decision_surface(LogisticRegression(max_iter=500).fit(Xi, yi), Xi, yi,
                               ax=axes[1], resolution=30)
    fig.canvas.draw()
    assert legend_coverage(d1.ax_, d1.legend_, [d1.X, d1.X_test]) <= 0.02
    assert legend_coverage(d2.ax_, d2.legend_, [d2.X]) <= 0.02


def test_an_explicit_legend_place_is_kept(moons, svc):
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=20, legend_kw={"loc": "center"})
    assert disp.legend_._loc == 10


def test_norm_must_be_a_normalize(moons, svc):
    X, y = moons
    with pytest.raises(TypeError, match="norm must be a matplotlib Normalize; got str"):
        plot_decision_surface(svc, X, y, resolution=20, norm="log")


def _text_boxes(fig):
    """Window extents of every drawn text of ``fig`` (titles, axis labels, the tick
    labels matplotlib shows, legend texts, figure texts)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):  # the ticks drawn (inside the view limits)
            texts += [label for tick in axis._update_ticks()
                      for label in (tick.label1, tick.label2) if label.get_visible()]
        legend = ax.get_legend()
        if legend is not None:
            texts += list(legend.get_texts())
    out = []
    for t in texts:
        if t.get_visible() and t.get_text().strip():
            box = t.get_window_extent(renderer)
            if box.width > 0 and box.height > 0:
                out.append((t, box))
    return out


def test_small_multiples_in_users_subplots_do_not_overlap(moons, iris2, svc):
    """Issue 10 (B4/B5): four displays in a user's plt.subplots(2, 2) (no layout
    engine): no text crosses another or the figure's edge, legends cover at most
    2% of the data."""
    import matplotlib.pyplot as plt

    from surfaceviz.render.layout import legend_coverage

    X, y = moons
    Xi, yi = iris2
    fig, axes = plt.subplots(2, 2)
    displays = [
        plot_decision_surface(svc, X, y, ax=axes[0, 0]),
        plot_decision_surface(LogisticRegression().fit(X, y), X, y, ax=axes[0, 1],
                              response="predict_proba", X_test=X[:30] + 0.1, y_test=y[:30]),
        plot_decision_surface(LogisticRegression(max_iter=500).fit(Xi, yi), Xi, yi,
                              ax=axes[1, 0]),
        plot_decision_surface(SVC().fit(Xi, yi), Xi, yi, ax=axes[1, 1]),
    ]
    for d, name in zip(displays, "abcd"):
        d.ax_.set_title(f"panel {name}")
    boxes = _text_boxes(fig)
    edge = fig.bbox
    for t, b in boxes:
        assert b.x0 >= -0.5 and b.y0 >= -0.5 and b.x1 <= edge.x1 + 0.5 \
            and b.y1 <= edge.y1 + 0.5, f"{t.get_text()!r} crosses the figure's edge"
    for i, (t1, b1) in enumerate(boxes):
        for t2, b2 in boxes[i + 1:]:
            assert not b1.overlaps(b2), f"{t1.get_text()!r} overlaps {t2.get_text()!r}"
    for d in displays:
        assert legend_coverage(d.ax_, d.legend_, [d.X]) <= 0.02


def test_a_figure_with_its_own_layout_is_left_alone(moons, svc):
    import matplotlib.pyplot as plt

    X, y = moons
    fig, axes = plt.subplots(1, 2, layout="tight")
    plot_decision_surface(svc, X, y, ax=axes[0], resolution=20)
    assert type(fig.get_layout_engine()).__name__ == "TightLayoutEngine"
    fig, axes = plt.subplots(1, 2)
    plot_decision_surface(svc, X, y, ax=axes[0], resolution=20)
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def test_plotly_views_share_the_pictures_colour_range_and_bands(moons, svc):
    """to_plotly and plot_3d colour a decision function like the matplotlib
    picture (the range from its values at the data) and the 2-D contour view
    draws the same bands (those an automatic refinement made exact)."""
    pytest.importorskip("plotly")
    X, y = moons
    disp = plot_decision_surface(svc, X, y, resolution=40)
    levels = disp.surface_.levels
    contour = disp.to_plotly().data[0]
    assert (contour.zmin, contour.zmax) == pytest.approx((disp.surface_.norm.vmin,
                                                          disp.surface_.norm.vmax))
    assert contour.contours.start == pytest.approx(levels[0])
    assert contour.contours.end == pytest.approx(levels[-1])
    assert contour.contours.size == pytest.approx(levels[1] - levels[0])
    surface = disp.plot_3d().data[0]
    assert (surface.cmin, surface.cmax) == pytest.approx((contour.zmin, contour.zmax))
