"""Each concept has one name on every entry point; the old spellings of 0.1 work
for one release, with a FutureWarning at the caller's line naming the new one."""

import warnings

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from surfaceviz import evaluate_grid, plot_decision_surface


def _warns_here(call, old, new):
    """``call()`` warns once that ``old`` is deprecated for ``new``, at this file's
    line; returns its result."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = call()
    ours = [w for w in record if issubclass(w.category, FutureWarning)]
    assert len(ours) == 1, [str(w.message) for w in record]
    message = str(ours[0].message)
    assert f"{old}= is deprecated" in message and f"use {new}=" in message, message
    assert ours[0].filename == __file__, ours[0].filename
    return result


def test_strategy_adaptive_is_refine_true(moons):
    X, y = moons
    model = SVC().fit(X, y)
    old = _warns_here(lambda: evaluate_grid(model, X, resolution=257, strategy="adaptive",
                                            coarse_step=8), "strategy", "refine")
    new = evaluate_grid(model, X, resolution=257, refine=True, coarse_step=8)
    np.testing.assert_array_equal(old.values, new.values)
    assert old.n_evaluated == new.n_evaluated < 257 * 257 / 3
    dense = _warns_here(lambda: evaluate_grid(model, X, resolution=30, strategy="dense"),
                        "strategy", "refine")
    assert dense.n_evaluated == 30 * 30
    with pytest.raises(ValueError, match="strategy must be one of 'dense', 'adaptive'"):
        evaluate_grid(model, X, strategy="smart")


def test_evaluate_grid_levels_is_refine_levels(moons):
    X, _ = moons

    def f(p):
        return p[:, 0] ** 2

    old = _warns_here(lambda: evaluate_grid(f, X, resolution=65, refine=True, levels=[0.5]),
                      "levels", "refine_levels")
    new = evaluate_grid(f, X, resolution=65, refine=True, refine_levels=[0.5])
    np.testing.assert_array_equal(old.values, new.values)
    with pytest.raises(TypeError, match="refine_levels= and its deprecated spelling levels="):
        evaluate_grid(f, X, refine=True, levels=[0.5], refine_levels=[0.5])


def test_plot_levels_keeps_its_meaning_on_the_display(moons):
    """On the display, levels= is the contour levels it draws: not deprecated."""
    X, y = moons
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=30, levels=[-1, 0, 1])
    np.testing.assert_allclose(disp.surface_.levels, [-1, 0, 1])


def test_integer_levels_on_class_regions_is_shading_bands(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    old = _warns_here(lambda: plot_decision_surface(model, X, y, resolution=30, levels=4,
                                                    refine=False), "levels", "shading_bands")
    new = plot_decision_surface(model, X, y, resolution=30, shading_bands=4, refine=False)
    assert [len(s.levels) for s in old.surface_] == [len(s.levels) for s in new.surface_]
    assert len(new.surface_[0].levels) == 5  # 4 bands, 5 edges
    with pytest.raises(TypeError, match="shading_bands= and its deprecated spelling"):
        plot_decision_surface(model, X, y, resolution=20, levels=4, shading_bands=3)
    with pytest.warns(UserWarning, match="shading_bands is ignored for a binary"):
        plot_decision_surface(SVC().fit(X, y == 0), X, y == 0, resolution=20, shading_bands=3)


def test_colors_on_class_regions_is_class_colors(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    disp = _warns_here(lambda: plot_decision_surface(model, X, y, resolution=20,
                                                     colors=["k", "y", "m"]),
                       "colors", "class_colors")
    np.testing.assert_allclose(disp.scatter_[2].get_facecolor()[0], to_rgba("m"))


@pytest.mark.parametrize("view", ["plot_3d", "to_plotly"])
@pytest.mark.parametrize("old, value, new, field, expected", [
    ("colorbar_title", "odds", "colorbar_label", "title", {"text": "odds"}),
    ("colorbar_tickvals", [0.0, 0.5], "colorbar_ticks", "tickvals", (0.0, 0.5)),
    ("colorbar_nticks", 4, "colorbar_ticks", "nticks", 4),
    ("colorbar_ticktext", ["a", "b"], "colorbar_ticklabels", "ticktext", ("a", "b")),
])
def test_plotly_colour_bar_names(moons, view, old, value, new, field, expected):
    pytest.importorskip("plotly")
    X, y = moons
    disp = plot_decision_surface(LogisticRegression().fit(X, y), X, y, resolution=20,
                                 response="predict_proba")
    extra = {"colorbar_ticks": [0.0, 0.5]} if new == "colorbar_ticklabels" else {}
    fig = _warns_here(lambda: getattr(disp, view)(**{old: value}, **extra), old, new)
    same = getattr(disp, view)(**{new: value}, **extra)
    got = [t.colorbar[field] for t in (fig.data[0], same.data[0])]
    got = [g.to_plotly_json() if hasattr(g, "to_plotly_json") else g for g in got]
    assert got[0] == got[1]
    assert (got[0]["text"] if field == "title" else tuple(got[0]) if isinstance(
        got[0], (list, tuple)) else got[0]) == (expected["text"] if field == "title"
                                                 else expected)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colorbar_tittle'"):
        getattr(disp, view)(colorbar_tittle="x")
    with pytest.raises(TypeError, match=f"{new}= and its deprecated spelling {old}="):
        getattr(disp, view)(**{old: value, new: value}, **extra)


def test_plot_function_3d_contour_levels_is_levels():
    pytest.importorskip("plotly")
    from surfaceviz import plot_function_3d

    old = _warns_here(lambda: plot_function_3d(lambda a, b: a * b, contour_levels=5),
                      "contour_levels", "levels")
    new = plot_function_3d(lambda a, b: a * b, levels=5)
    assert old.data[0].contours.z.size == new.data[0].contours.z.size


def test_matplotlib_colour_bar_takes_ticklabels(moons):
    X, y = moons
    disp = plot_decision_surface(LogisticRegression().fit(X, y), X, y, resolution=20,
                                 response="predict_proba", colorbar_ticks=[0.0, 0.5, 1.0],
                                 colorbar_ticklabels=["no", "maybe", "yes"])
    labels = [t.get_text() for t in disp.colorbar_.ax.get_yticklabels()]
    assert labels == ["no", "maybe", "yes"]
    with pytest.raises(ValueError, match="colorbar_ticklabels needs colorbar_ticks"):
        disp.plot(colorbar_ticks=5, colorbar_ticklabels=["a", "b"])


def test_colorbar_ticklabels_must_be_a_sequence(moons):
    X, y = moons
    with pytest.raises(TypeError, match="colorbar_ticklabels must be a sequence of labels; "
                                        "got str 'ab'"):
        plot_decision_surface(LogisticRegression().fit(X, y), X, y, resolution=20,
                              colorbar_ticks=[0.0, 1.0], colorbar_ticklabels="ab")
