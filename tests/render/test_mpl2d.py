"""Style keywords: the user's key always wins, aliases included."""

import pytest
from matplotlib.collections import PathCollection

from surfaceviz.render.mpl2d import check_kw, contour_style, merge_style, scatter_style


def test_user_alias_replaces_our_canonical_key():
    out = scatter_style({"edgecolors": "black", "linewidths": 0.6, "c": "blue"},
                        {"edgecolor": "red", "lw": 2}, "scatter_kw")
    assert out == {"edgecolors": "red", "linewidths": 2, "c": "blue"}


def test_user_colour_drops_all_of_ours():
    out = scatter_style({"c": "blue", "facecolors": "none"}, {"color": "green"}, "scatter_kw")
    assert out == {"color": "green"}
    out = contour_style({"colors": "black", "linewidths": 1.0}, {"cmap": "viridis"},
                        "boundary_kw")
    assert out == {"cmap": "viridis", "linewidths": 1.0}


def test_user_keys_win_for_marker_and_label():
    out = scatter_style({"marker": "o", "label": "0"}, {"marker": "x", "label": "mine"}, "kw")
    assert out == {"marker": "x", "label": "mine"}


def test_both_alias_and_name_from_the_user_is_an_error():
    with pytest.raises(TypeError, match="scatter_kw: Got both 'edgecolor' and 'ec'"):
        merge_style({}, {"edgecolor": "r", "ec": "b"}, artist=PathCollection, name="scatter_kw")


@pytest.mark.parametrize("value", ["red", 5, ["s", 3]])
def test_kw_that_is_not_a_mapping_is_a_type_error(value):
    with pytest.raises(TypeError, match="scatter_kw must be a dict of keyword arguments"):
        check_kw("scatter_kw", value)


def test_check_kw_copies():
    given = {"s": 3}
    out = check_kw("x", given)
    out["s"] = 4
    assert given == {"s": 3} and check_kw("x", None) == {}


def test_contours_use_the_serial_algorithm_unless_told_otherwise():
    """The default call's contours are built by contourpy's "serial" algorithm (the
    same contours, faster); an explicit algorithm= or rcParams still win."""
    import matplotlib as mpl
    from sklearn.datasets import make_moons
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    X, y = make_moons(100, noise=0.2, random_state=0)
    svc = SVC().fit(X, y)
    disp = plot_decision_surface(svc, X, y, resolution=60)
    assert disp.surface_._algorithm == "serial"
    assert disp.boundary_ and all(cs._algorithm == "serial" for cs in disp.boundary_)
    disp = plot_decision_surface(svc, X, y, resolution=60, algorithm="mpl2014")
    assert disp.surface_._algorithm == "mpl2014"
    with mpl.rc_context({"contour.algorithm": "mpl2005"}):
        disp = plot_decision_surface(svc, X, y, resolution=60)
    assert disp.surface_._algorithm == "mpl2005"
    serial = plot_decision_surface(svc, X, y, resolution=60).surface_
    classic = plot_decision_surface(svc, X, y, resolution=60, algorithm="mpl2014").surface_
    # the same filled regions: equal areas level by level
    for a, b in zip(serial.get_paths(), classic.get_paths()):
        assert abs(_area(a) - _area(b)) <= 1e-9 * max(1.0, abs(_area(b)))


def _area(path):
    """Signed area of a path's polygons (shoelace over each closed piece)."""
    import numpy as np

    total = 0.0
    for poly in path.to_polygons(closed_only=True):
        x, y = poly[:, 0], poly[:, 1]
        total += 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    return total


def test_boundary_and_margins_reuse_the_surface_contour_generator():
    """The boundary and margin lines of a scalar surface are traced by the filled
    surface's own contour generator (a third of the cost), and are the lines a
    fresh contour of the same field gives."""
    import matplotlib.pyplot as plt
    import numpy as np
    from sklearn.datasets import make_moons
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    X, y = make_moons(100, noise=0.2, random_state=0)
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=80, margin_lines=True)
    (boundary,) = disp.boundary_
    generator = disp.surface_._contour_generator
    assert boundary._contour_generator is generator
    assert disp.margin_lines_._contour_generator is generator
    g = disp.grid
    _, ax = plt.subplots()
    fresh = ax.contour(g.x, g.y, g.surface(), levels=[g.threshold], algorithm="serial")
    got = np.concatenate([p.vertices for p in boundary.get_paths()])
    want = np.concatenate([p.vertices for p in fresh.get_paths()])
    np.testing.assert_allclose(np.sort(got, axis=0), np.sort(want, axis=0), atol=1e-12)
    # an image surface has no generator to share: the lines are traced afresh
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=80, kind="image")
    assert disp.boundary_[0]._contour_generator is not None


def test_colorbar_label_fits_its_bar():
    """A short label is left as it is (without asking a renderer); a long one is
    wrapped (and shrunk) until it is no longer than the bar."""
    import matplotlib.pyplot as plt
    import numpy as np

    from surfaceviz.render import mpl2d

    fig, ax = plt.subplots(figsize=(4, 2.5))
    cs = ax.contourf(np.arange(12.0).reshape(3, 4))
    short = mpl2d.draw_colorbar(ax, cs, label="score")
    mpl2d.fit_colorbar_label(short)
    assert short.ax.yaxis.label.get_text() == "score"
    long_text = "probability of the class 'very long class name' given both features"
    cbar = mpl2d.draw_colorbar(ax, cs, label=long_text)
    mpl2d.fit_colorbar_label(cbar)
    label = cbar.ax.yaxis.label
    assert "\n" in label.get_text()
    assert label.get_text().replace("\n", " ") == long_text
    renderer = fig.canvas.get_renderer()
    assert label.get_window_extent(renderer).height <= \
        cbar.ax.get_window_extent(renderer).height
