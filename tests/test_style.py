"""The shared styling rules: palette, colour-bar labels, scalar style."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from surfaceviz import SurfaceGrid, evaluate_grid, plot_decision_surface
from surfaceviz.interactive import Layers, layers
from surfaceviz.render.colors import class_colors
from surfaceviz.style import REGIONS_LABEL, ClassPalette, colorbar_label, scalar_style


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
    assert colorbar_label(multi) == REGIONS_LABEL


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
    assert L.title == REGIONS_LABEL and L.ticktext == ["0", "1", "2"]
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
