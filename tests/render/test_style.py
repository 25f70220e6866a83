"""The shared styling rules: palette, colour-bar labels, scalar style."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from surfaceviz import SurfaceGrid, evaluate_grid, plot_decision_surface
from surfaceviz.figures.interactive import Layers, layers
from surfaceviz.render.colors import class_colors
from surfaceviz.render.style import (REGIONS_LABELS, ClassPalette, colorbar_label, planned_levels,
                              scalar_style)


def _grid(task, values, **kw):
    return SurfaceGrid(x=np.arange(values.shape[1]), y=np.arange(values.shape[0]),
                       values=values, task=task, **kw)


def test_is_scalar_property():
    binary = _grid("binary", np.zeros((2, 2)), response="decision_function",
                   classes=np.array([0, 1]), threshold=0.0, pos_label=1)
    multi = _grid("multiclass", np.zeros((2, 2, 3)), response="predict_proba",
                  classes=np.array([0, 1, 2]))
    assert binary.is_scalar and not multi.is_scalar
    one = _grid("multiclass", np.zeros((2, 2, 3)), response="predict_proba",
                classes=np.array([0, 1, 2]), class_of_interest=2)
    assert one.is_scalar
    assert _grid("continuous", np.zeros((2, 2)), response="predict").is_scalar


def test_palette_puts_extra_labels_after_the_classes():
    g = _grid("labels", np.zeros((2, 2), dtype=int), response="predict",
              classes=np.array([0, 1, 2]))
    palette = ClassPalette.for_surface(g, np.array([2, 5, 0]), np.array([7.0, 5]))
    assert palette.keys == (0, 1, 2, 5, 7) and palette.n_classes == 3
    np.testing.assert_allclose(palette.class_colors, class_colors(3))
    codes, names = palette.codes(np.array([5, 0, 7]))
    assert codes.tolist() == [3, 0, 4] and names == ["0", "1", "2", "5", "7"]
    assert palette.colors.shape == (5, 4)


def test_palette_of_a_continuous_surface_has_no_classes():
    g = _grid("continuous", np.zeros((2, 2)), response="predict")
    assert ClassPalette.for_surface(g, np.array([1.5, 2.5])).keys == ()


def test_colorbar_labels():
    g = _grid("binary", np.zeros((2, 2)), response="predict_proba", classes=np.array(["a", "b"]),
              threshold=0.5, pos_label="b")
    assert colorbar_label(g) == "probability of class b"
    multi = _grid("multiclass", np.zeros((2, 2, 3)), response="decision_function",
                  classes=np.array([0, 1, 2]))
    assert colorbar_label(multi) == "predicted class (pale: near a tie, by score)"
    proba = _grid("multiclass", np.zeros((2, 2, 3)), response="predict_proba",
                  classes=np.array([0, 1, 2]))
    assert colorbar_label(proba) == "predicted class (pale: near a tie, by probability)"
    flat = _grid("labels", np.zeros((2, 2), dtype=np.int32), response="predict",
                 classes=np.array([0, 1, 2]))
    assert colorbar_label(flat) == "predicted class"  # issue 20 (B4): no shade, none said


def test_scalar_style_centres_a_decision_function():
    z = np.linspace(-3, 1, 20).reshape(4, 5)
    g = _grid("binary", z, response="decision_function", classes=np.array([0, 1]),
              threshold=0.0, pos_label=1)
    style = scalar_style(g, z, class_colors(2))
    assert style["norm"].vmin == -style["norm"].vmax
    assert style["levels"][0] <= style["norm"].vmin and style["extend"] in ("both", "neither")


def test_layers_is_a_dataclass_with_the_palette(iris2):
    pytest.importorskip("plotly")
    X, y = iris2
    disp = plot_decision_surface(LogisticRegression(max_iter=500).fit(X, y), X, y,
                                 resolution=30)
    L = layers(disp, max_points=20)
    assert isinstance(L, Layers) and not L.scalar
    assert L.title == REGIONS_LABELS[disp.grid.response] and L.ticktext == ["0", "1", "2"]
    assert L.color.shape == L.z.shape == L.grid.shape
    np.testing.assert_allclose(L.palette.class_colors, class_colors(3))


def test_layers_of_a_scalar_surface(moons):
    pytest.importorskip("plotly")
    from surfaceviz import DecisionSurfaceDisplay

    X, y = moons
    g = evaluate_grid(LogisticRegression().fit(X, y), X, resolution=25)
    L = layers(DecisionSurfaceDisplay(g, X=X, y=y), max_points=10)
    assert L.scalar and L.color is None and L.level == 0.0
    assert L.z.shape == (10, 10)


@pytest.mark.parametrize("task, response, threshold, data, levels, norm, coi", [
    ("binary", "predict_proba", 0.5, None, None, None, None),
    ("binary", "decision_function", 0.0, [-3.0, -1.0, 0.5, 2.0, 4.0], None, None, None),
    ("binary", "decision_function", 0.0, [-3.0, 2.0], 4, None, None),
    ("binary", "decision_function", 0.0, None, [-1.0, 0.0, 1.0], None, None),
    ("binary", "decision_function", 0.0, None, None, (-2.0, 2.0), None),
    ("binary", "predict_proba", 0.5, None, None, (0.2, None), None),
    ("multiclass", "predict_proba", None, None, 5, None, 1),
])
def test_planned_levels_are_the_drawn_levels(task, response, threshold, data, levels, norm,
                                             coi):
    """The levels adaptive refinement refines around, known before the grid, are
    those the surface is then drawn with, whatever the grid's values."""
    from matplotlib.colors import Normalize

    rng = np.random.default_rng(0)
    shape = (6, 5, 3) if task == "multiclass" else (6, 5)
    values = rng.uniform(-9, 9, shape) if response != "predict_proba" else rng.uniform(0, 1, shape)
    g = _grid(task, values, response=response, classes=np.arange(shape[-1] if coi else 2),
              threshold=threshold, pos_label=None, class_of_interest=coi)
    make = (lambda: None) if norm is None else (lambda: Normalize(*norm))  # noqa: E731
    planned = planned_levels(task, response, threshold, data_values=data, levels=levels,
                             norm=make())
    drawn = scalar_style(g, g.surface(), class_colors(3), levels=levels, data_values=data,
                         norm=make())["levels"]
    np.testing.assert_allclose(planned, drawn)


def test_planned_levels_unknown_where_the_grid_decides():
    assert planned_levels("binary", "decision_function", 0.0) is None  # range from the grid
    assert planned_levels("binary", "decision_function", 0.0, data_values=[0.0, 0.0]) is None
    assert planned_levels("multiclass", "decision_function", None) is None
    assert planned_levels("continuous", "predict", None) is None
    np.testing.assert_allclose(planned_levels("continuous", "predict", None, levels=[2, 1]),
                               [1, 2])


# ------------------------------------------------ issue 20 (A3): colour maps
def _palette(n, class_colors):
    g = _grid("multiclass" if n > 2 else "binary", np.zeros((2, 2, n)) if n > 2
              else np.zeros((2, 2)), response="predict_proba", classes=np.arange(n),
              threshold=0.5, pos_label=1)
    return ClassPalette.for_surface(g, class_colors=class_colors)


def test_a_continuous_colour_map_is_sampled_end_to_end():
    from matplotlib import colormaps

    colors = _palette(3, "plasma").class_colors
    np.testing.assert_allclose(colors, colormaps["plasma"](np.linspace(0, 1, 3)))
    # three distinct colours, not the map's first three near-identical entries
    gaps = np.abs(np.diff(colors[:, :3], axis=0)).sum(axis=1)
    assert gaps.min() > 0.5


def test_a_listed_colour_map_gives_its_colours_in_order():
    from matplotlib import colormaps

    np.testing.assert_allclose(_palette(3, "tab10").class_colors, colormaps["tab10"](np.arange(3)))
    np.testing.assert_allclose(_palette(4, "Set2").class_colors, colormaps["Set2"](np.arange(4)))


def test_too_few_colours_in_a_listed_map_name_the_map_and_both_counts():
    with pytest.raises(ValueError, match=r"class_colors='tab10' has 10 colours, but 11 are"):
        _palette(11, "tab10")
    assert len(_palette(11, "tab20").class_colors) == 11
    assert len(_palette(40, "viridis").class_colors) == 40


def test_colormap_ends_need_a_colour_map():
    from surfaceviz.render.style import with_colormap_ends

    g = _grid("binary", np.zeros((2, 2)), response="predict_proba", classes=np.array([0, 1]),
              threshold=0.5, pos_label=1)
    palette = ClassPalette.for_surface(g)
    with pytest.raises(ValueError, match="cmap='nope' is not a matplotlib colour map name"):
        with_colormap_ends(palette, g, "nope")
    with pytest.raises(TypeError, match="cmap must be a colour map name or a matplotlib "
                                        "Colormap; got int"):
        with_colormap_ends(palette, g, 3)
