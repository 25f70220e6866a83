import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.contour import QuadContourSet

from surfaceviz import plot_function
from surfaceviz.figures.functions import function_grid


def saddle(x1, x2):
    return -0.5 * x1**2 + 4 * x2**2


def test_plot_function_artists():
    disp = plot_function(saddle, xlim=(-5, 5), ylim=(-3, 3), resolution=(50, 40), levels=12,
                         cmap="plasma_r", alpha=0.8, colorbar_ticks=[-10, 0, 10, 20],
                         colorbar_format="{x:.0f}", colorbar_label="z")
    assert isinstance(disp.surface_, QuadContourSet) and disp.surface_.filled
    assert disp.z.shape == (40, 50)
    xx, yy = np.meshgrid(disp.x, disp.y)
    np.testing.assert_allclose(disp.z, saddle(xx, yy))
    assert disp.surface_.get_cmap().name == "plasma_r" and disp.surface_.get_alpha() == 0.8
    np.testing.assert_allclose(disp.colorbar_.get_ticks(), [-10, 0, 10, 20])
    assert disp.colorbar_.ax.get_ylabel() == "z"
    assert (disp.ax_.get_xlabel(), disp.ax_.get_ylabel()) == ("x1", "x2")
    # the saddle is 0 at the origin and along x2 = ±x1 / sqrt(8)
    assert disp.z[20, 25] == pytest.approx(saddle(disp.x[25], disp.y[20]))


def test_contour_kind_and_arrays():
    x = np.linspace(0, 1, 5)
    y = np.linspace(0, 2, 4)
    z = np.add.outer(y, x)
    fig, ax = plt.subplots()
    ax.set_xlabel("mine")
    disp = plot_function((x, y, z), kind="contour", ax=ax, colorbar=False, levels=5)
    assert not disp.surface_.filled and disp.colorbar_ is None
    assert ax.get_xlabel() == "mine"
    np.testing.assert_array_equal(disp.z, z)


def test_function_errors():
    with pytest.raises(ValueError, match="kind must be one of 'contourf', 'contour'"):
        plot_function(saddle, kind="image")
    with pytest.raises(ValueError, match=r"must return an array of the grid's shape"):
        function_grid(lambda a, b: np.zeros(3), resolution=5)
    with pytest.raises(ValueError, match=r"z must have shape \(len\(y\), len\(x\)\)"):
        function_grid((np.arange(3), np.arange(2), np.zeros((3, 2))))
    with pytest.raises(TypeError, match="callable f\\(x1, x2\\) or a tuple"):
        function_grid(42)
    with pytest.raises(RuntimeError, match="f raised ZeroDivisionError"):
        function_grid(lambda a, b: 1 / 0)
    with pytest.raises(ValueError, match="xlim must be two finite numbers"):
        plot_function(saddle, xlim=(1, 1))


@pytest.mark.mpl_image_compare(remove_text=True, style="default", tolerance=3,
                               savefig_kwargs={"dpi": 60})
def test_function_contour_image():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=60)
    plot_function(saddle, xlim=(-5, 5), ylim=(-3, 3), resolution=120, levels=16,
                  cmap="plasma_r", ax=ax, contour_lines=True, colorbar_ticks=[-10, 0, 10, 20],
                  xlabel="", ylabel="")
    return fig


def test_failing_plot_function_closes_its_figure():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    with pytest.raises(ValueError, match="levels must be"):
        plot_function(lambda x, y: x + y, levels=-3)
    with pytest.raises(TypeError):
        plot_function(lambda x, y: x + y, colorbar_kw="big")
    assert plt.get_fignums() == before


def test_function_3d_levels_must_be_positive():
    pytest.importorskip("plotly")
    from surfaceviz import plot_function_3d

    with pytest.raises(ValueError, match="levels must be an integer of at least 1; got -3"):
        plot_function_3d(lambda x, y: x * y, levels=-3)


def test_a_function_without_values_is_refused_and_some_nan_is_hatched():
    """Issue 24: NaN everywhere is the model path's EvaluationError (callable or
    arrays); some NaN warns and is hatched."""
    import numpy as np

    from surfaceviz import EvaluationError, plot_function

    with pytest.raises(EvaluationError, match="NaN or infinity at every one"):
        plot_function(lambda a, b: np.full_like(a, np.nan), resolution=20)
    x = np.linspace(0, 1, 5)
    with pytest.raises(EvaluationError, match="NaN or infinity at every one"):
        plot_function((x, x, np.full((5, 5), np.inf)))
    with pytest.warns(UserWarning, match=r"at 100 of 400 grid points \(25.0%\)"):
        disp = plot_function(lambda a, b: np.where((a > 0) & (b > 0), np.nan, a * b),
                             resolution=20, xlim=(-1, 1), ylim=(-1, 1))
    assert disp.no_value_ is not None
