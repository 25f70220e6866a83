"""Issue 20 (A2): a binary surface's class colours are the ends of the colour map
used, in every view: markers, legend, colour bar, the surface's pixels, plotly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.colors import to_rgba
from sklearn.linear_model import LogisticRegression

from surfaceviz import plot_decision_surface


@pytest.fixture
def binary(moons):
    X, y = moons
    return LogisticRegression().fit(X, y), X, y


def _rendered(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float) / 255.0


def _pixel_at(ax, image, x, y):
    """The rendered colour at data point (x, y)."""
    px, py = ax.transData.transform((x, y))
    h = image.shape[0]
    return image[int(round(h - py)), int(round(px))]


def _deep_points(disp):
    """Grid points deep inside each class's region: (x, y) per class index."""
    g = disp.grid
    z = g.surface()
    out = {}
    for k, pick in ((1, np.nanargmax), (0, np.nanargmin)):
        iy, ix = np.unravel_index(pick(z), z.shape)
        # a step inside the edge, away from the frame
        iy = int(np.clip(iy, 3, z.shape[0] - 4))
        ix = int(np.clip(ix, 3, z.shape[1] - 4))
        out[k] = (g.x[ix], g.y[iy])
    return out


@pytest.mark.parametrize("cmap", ["RdBu", "PiYG", "viridis"])
def test_markers_take_their_class_end_of_the_users_map(binary, cmap):
    model, X, y = binary
    disp = plot_decision_surface(model, X, y, response="predict_proba", cmap=cmap,
                                 resolution=80, refine=False)
    ends = {0: colormaps[cmap](0.0), 1: colormaps[cmap](1.0)}
    for k, coll in enumerate(disp.scatter_):
        np.testing.assert_allclose(coll.get_facecolor()[0], ends[k], atol=1e-6)
    handles = {h.get_label(): h for h in disp.legend_.legend_handles}
    np.testing.assert_allclose(handles["1"].get_facecolor()[0], ends[1], atol=1e-6)
    # the rendered surface deep in each class's region is nearer its own end
    bare = plot_decision_surface(model, X, y, response="predict_proba", cmap=cmap,
                                 resolution=80, refine=False, scatter=False, boundary=False)
    image = _rendered(bare.figure_)
    for k, (px, py) in _deep_points(bare).items():
        colour = _pixel_at(bare.ax_, image, px, py)
        own = np.abs(colour - np.asarray(ends[k][:3])).sum()
        other = np.abs(colour - np.asarray(ends[1 - k][:3])).sum()
        assert own < other, (k, colour, ends)
    plt.close("all")


def test_class_colors_beside_cmap_win_and_cmap_is_ignored(binary):
    model, X, y = binary
    with pytest.warns(UserWarning, match="cmap is ignored: class_colors gives"):
        disp = plot_decision_surface(model, X, y, response="predict_proba", cmap="RdBu",
                                     class_colors=["orange", "purple"], resolution=40)
    np.testing.assert_allclose(disp.scatter_[1].get_facecolor()[0], to_rgba("purple"))
    # the surface runs between the class colours: its top band is purple-ish
    top = disp.surface_.get_cmap()(1.0)
    assert np.abs(np.asarray(top[:3]) - np.asarray(to_rgba("purple")[:3])).sum() < 0.3


def test_the_default_map_runs_between_the_class_colours(binary):
    model, X, y = binary
    disp = plot_decision_surface(model, X, y, response="predict_proba", resolution=40)
    cmap = disp.surface_.get_cmap()
    for k, coll in enumerate(disp.scatter_):
        np.testing.assert_allclose(coll.get_facecolor()[0][:3], cmap(float(k))[:3], atol=0.02)


def test_a_redraw_with_another_map_recolours_the_markers(binary):
    model, X, y = binary
    disp = plot_decision_surface(model, X, y, response="predict_proba", cmap="RdBu",
                                 resolution=40)
    disp.plot(cmap="PiYG", ax=plt.subplots()[1])
    np.testing.assert_allclose(disp.scatter_[1].get_facecolor()[0], colormaps["PiYG"](1.0))


def test_plotly_views_follow_the_map_too(binary):
    pytest.importorskip("plotly")
    model, X, y = binary
    disp = plot_decision_surface(model, X, y, response="predict_proba", resolution=40)
    fig = disp.to_plotly(cmap="RdBu")
    markers = {t.name: t.marker.color for t in fig.data if t.type == "scatter"}
    colour = markers.get("1")
    assert colour is not None, markers
    text = colour if isinstance(colour, str) else colour[0]
    assert _colour_close(text, colormaps["RdBu"](1.0)), text


def _colour_close(text, expected):
    """A plotly colour ('#rrggbb', 'rgb(...)' or 'rgba(...)') near ``expected``."""
    from matplotlib.colors import to_rgb

    text = text.replace(" ", "")
    if text.startswith("rgb"):
        values = np.array([float(v) for v in text[text.index("(") + 1:-1].split(",")][:3])
        got = values / 255.0
    else:
        got = np.array(to_rgb(text))
    return np.allclose(got, expected[:3], atol=0.01)


# ------------------------------------------- issue 20 (C11): legends over what matters
def _covered(ax, legend, points):
    from surfaceviz.render.layout import legend_coverage

    ax.figure.canvas.draw()
    return legend_coverage(ax, legend, [points])


def test_a_diff_legend_does_not_hide_the_changed_regions():
    from surfaceviz import plot_decision_diff
    from surfaceviz.datasets import load_moons
    from surfaceviz.figures.decision_diff import changed_cells
    from surfaceviz.pipelines import make_moons_pipeline

    X, y = load_moons(400, noise=0.25, random_state=0)
    poly = make_moons_pipeline("poly-linear-svc").fit(X, y)
    rbf = make_moons_pipeline("rbf-svc").fit(X, y)
    out = plot_decision_diff(poly, rbf, X, y, names=("poly", "rbf"))
    changed = changed_cells(out.grid_a, out.diff.changed, most=10**6)
    assert len(changed) > 100
    assert _covered(out.ax_, out.legend_, changed) < 0.02
    assert _covered(out.ax_, out.legend_, X) < 0.02


def test_a_legend_does_not_sit_on_the_boundary():
    from sklearn.ensemble import IsolationForest

    from surfaceviz.render.layout import path_samples

    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(200, 2)), rng.uniform(-4, 4, size=(20, 2))])
    y = np.r_[np.ones(200, int), -np.ones(20, int)]
    disp = plot_decision_surface(IsolationForest(random_state=0).fit(X), X, y, resolution=80)
    boundary = path_samples(disp.boundary_, most=10**6)
    assert len(boundary) > 20
    assert _covered(disp.ax_, disp.legend_, boundary) <= 0.02
    assert _covered(disp.ax_, disp.legend_, X) <= 0.02


# -------------------------------------------------- issue 20 (B5): slices say what is near
@pytest.fixture
def iris_model():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    return LogisticRegression(max_iter=500).fit(X, y), X, y


def _alphas(collections):
    return np.concatenate([c.get_facecolor()[:, 3] for c in collections])


def test_points_far_from_a_slice_are_faint(iris_model):
    model, X, y = iris_model
    disp = plot_decision_surface(model, X, y, features=(0, 1), resolution=30)
    assert disp.closeness is not None and disp.in_slab is None
    codes = np.concatenate([np.flatnonzero(y == k) for k in np.unique(y)])
    alphas = _alphas(disp.scatter_)
    closeness = disp.closeness[codes]
    near, far = closeness > 0.8, closeness < 0.4
    assert near.any() and far.any()
    assert alphas[near].min() > alphas[far].max()
    # the legend's keys stay opaque, and the ring says what it means on a slice
    keys = {h.get_label(): h for h in disp.legend_.legend_handles}
    assert keys["0"].get_facecolor()[0][3] == pytest.approx(1.0)
    ring = disp.misclassified_
    assert ring is None or "own values" in ring.get_label()
    assert "faded by their distance" in disp.ax_.get_title()


def test_outside_show_and_hide_on_a_slice_without_a_slab(iris_model):
    model, X, y = iris_model
    shown = plot_decision_surface(model, X, y, features=(0, 1), resolution=30, outside="show")
    assert np.all(_alphas(shown.scatter_) == 1.0)
    hidden = plot_decision_surface(model, X, y, features=(0, 1), resolution=30, outside="hide")
    drawn = sum(len(c.get_offsets()) for c in hidden.scatter_)
    assert drawn == int((hidden.closeness >= np.exp(-0.5)).sum()) < len(X)


def test_a_slab_title_counts_the_points_it_shows(iris_model):
    model, X, y = iris_model
    disp = plot_decision_surface(model, X, y, features=(2, 3), slice_width=0.5, resolution=30)
    shown = int(disp.in_slab.sum())
    assert disp.ax_.get_title().endswith(f"{shown} of {len(X)} points within the slab")
    assert sum(len(c.get_offsets()) for c in disp.scatter_) == shown


def test_closeness_is_checked(moons):
    from surfaceviz import DecisionSurfaceDisplay, evaluate_grid

    X, y = moons
    grid = evaluate_grid(LogisticRegression().fit(X, y), X, resolution=10)
    with pytest.raises(ValueError, match=rf"closeness must be {len(X)} numbers in \(0, 1\]"):
        DecisionSurfaceDisplay(grid, X=X, y=y, closeness=np.zeros(len(X)))
    with pytest.raises(ValueError, match="test_closeness was given without the points"):
        DecisionSurfaceDisplay(grid, X=X, y=y, test_closeness=np.ones(3))


def test_a_long_slice_title_is_wrapped_inside_the_figure():
    """A 30-feature slice's note ran past both edges of a 6-inch figure (clipped)."""
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from surfaceviz import plot_decision_surface

    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    for figsize in [(4, 3.5), (6, 4.5)]:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        plot_decision_surface(model, X, y, ax=ax, features=(0, 1), resolution=20)
        fig.canvas.draw()
        box = ax.title.get_window_extent(fig.canvas.get_renderer())
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height, box
        text = ax.title.get_text()
        assert text.startswith("slice at mean perimeter = ") and text.count("\n") >= 2
        assert "and 25 more" in text.replace("\n", " ")
        # broken after the list's commas, not inside "name = value"
        assert all(not line.startswith("=") for line in text.split("\n"))
    # a title of the user's own is left as given
    fig, ax = plt.subplots(figsize=(4, 3.5))
    long = "x" * 20 + " " + "y" * 200
    plot_decision_surface(model, X, y, ax=ax, features=(0, 1), resolution=20, title=long)
    assert ax.get_title() == long
