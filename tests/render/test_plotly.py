"""Plotly figures checked by structure (trace types, arrays, colour bars, camera)."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.svm import SVC

from surfaceviz import plot_decision_surface, plot_function_3d
from surfaceviz.render.plotly import camera, colorscale

from ..conftest import kaleido_png

pytest.importorskip("plotly")


@pytest.fixture(scope="module")
def binary_disp(moons):
    X, y = moons
    model = LogisticRegression().fit(X, y)
    return plot_decision_surface(model, X[:90], y[:90], X_test=X[90:], y_test=y[90:],
                                 response="predict_proba", resolution=50,
                                 feature_names=("width", "height"))


def test_plot_3d_binary_structure(binary_disp):
    fig = binary_disp.plot_3d(elev=30, azim=-60, colorbar_ticks=[0, 0.5, 1],
                              colorbar_ticklabels=["A", "mid", "B"], zticks=[0, 1],
                              width=640, height=480, title="t")
    types = [t.type for t in fig.data]
    assert types[0] == "surface" and types.count("scatter3d") == 4  # 2 classes x (train, test)
    surf = fig.data[0]
    np.testing.assert_allclose(surf.z, binary_disp.grid.values)
    np.testing.assert_allclose(surf.x, binary_disp.grid.x)
    assert (surf.cmin, surf.cmax) == (0.0, 1.0)
    assert list(surf.colorbar.tickvals) == [0, 0.5, 1]
    assert list(surf.colorbar.ticktext) == ["A", "mid", "B"]
    assert surf.colorbar.title.text == "probability of class 1"
    level = surf.contours.z
    assert level.show and level.start == pytest.approx(0.5) and level.project.z
    assert fig.layout.scene.xaxis.title.text == "width"
    assert list(fig.layout.scene.zaxis.tickvals) == [0, 1]
    assert (fig.layout.width, fig.layout.height, fig.layout.title.text) == (640, 480, "t")
    eye = fig.layout.scene.camera.eye
    # issue 10: the default camera stands back far enough that no label is cut
    from surfaceviz.render.plotly import CAMERA_DISTANCE

    assert eye.z == pytest.approx(CAMERA_DISTANCE * np.sin(np.radians(30)))
    names = [t.name for t in fig.data[1:]]
    assert names == ["0", "1", "0 (test)", "1 (test)"]
    hollow = fig.data[3].marker
    assert hollow.color == "rgba(0,0,0,0)"
    # data points stand at their probability
    pts = fig.data[1]
    assert np.all((np.asarray(pts.z) >= 0) & (np.asarray(pts.z) <= 1))


def test_hover_text(binary_disp):
    fig = binary_disp.plot_3d()
    text = fig.data[0].text
    assert text.shape == binary_disp.grid.values.shape
    assert text[0, 0].startswith("width=") and "class " in text[0, 0] and "P(1)" in text[0, 0]
    assert "true" in fig.data[1].text[0] and "predicted" in fig.data[1].text[0]


def test_camera_eye_and_max_points(binary_disp):
    fig = binary_disp.plot_3d(eye=(1.5, 0.5, 0.8), max_points=20)
    assert fig.layout.scene.camera.eye.x == 1.5
    assert np.asarray(fig.data[0].z).shape == (20, 20)
    assert camera(eye={"x": 1, "y": 2, "z": 3}) == {"eye": {"x": 1, "y": 2, "z": 3}}


def test_multiclass_3d_and_2d(iris2):
    X, y = iris2
    disp = plot_decision_surface(LogisticRegression(max_iter=500).fit(X, y), X, y,
                                 response="predict_proba", resolution=40)
    fig = disp.plot_3d()
    surf = fig.data[0]
    color = np.asarray(surf.surfacecolor)
    np.testing.assert_array_equal(np.floor(color), disp.grid.predicted())
    np.testing.assert_allclose(color % 1, np.clip(disp.grid.confidence(), 0, 0.999))
    assert (surf.cmin, surf.cmax) == (0.0, 3.0)
    assert list(surf.colorbar.ticktext) == ["0", "1", "2"]
    assert list(surf.colorbar.tickvals) == [0.5, 1.5, 2.5]
    assert surf.contours.z.show is None or not surf.contours.z.show
    flat = disp.to_plotly("contour")
    assert flat.data[0].type == "heatmap"
    assert "P(2)" in flat.data[0].text[0, 0]


def test_to_plotly_contour_and_heatmap(binary_disp):
    fig = binary_disp.to_plotly("contour", colorbar_ticks=5)
    assert [t.type for t in fig.data[:2]] == ["contour", "contour"]
    assert fig.data[0].colorbar.nticks == 5
    boundary = fig.data[1]
    assert boundary.contours.start == 0.5 and boundary.contours.coloring == "none"
    assert [t.type for t in fig.data[2:]] == ["scatter"] * 4
    heat = binary_disp.to_plotly("heatmap", boundary=False, scatter=False)
    assert [t.type for t in heat.data] == ["heatmap"]
    with pytest.raises(ValueError, match="kind must be one of 'contour', 'heatmap'"):
        binary_disp.to_plotly("surface")


def test_decision_function_and_regressor(moons):
    X, y = moons
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=30)
    surf = disp.plot_3d().data[0]
    assert surf.contours.z.start == pytest.approx(0.0)
    reg = plot_decision_surface(LinearRegression().fit(X, X[:, 0]), X, X[:, 0], resolution=30)
    fig = reg.plot_3d()
    assert fig.data[0].contours.z.show is None or not fig.data[0].contours.z.show
    assert fig.data[1].name == "data"


def test_function_3d():
    fig = plot_function_3d(lambda a, b: a * b, xlim=(-1, 1), ylim=(-2, 2), resolution=(10, 20),
                           levels=4, colorbar_ticks=[-2, 0, 2], zticks=[-2, 2])
    surf = fig.data[0]
    assert surf.type == "surface" and np.asarray(surf.z).shape == (20, 10)
    assert surf.contours.z.show and surf.contours.z.project.z
    assert list(surf.colorbar.tickvals) == [-2, 0, 2]


def test_colorscale_from_matplotlib():
    cs = colorscale("viridis_r", n=3)
    assert cs[0][0] == 0.0 and cs[-1][0] == 1.0 and cs[0][1].startswith("rgb(")


def test_missing_plotly_gives_pip_line(binary_disp, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "plotly", None)
    with pytest.raises(ImportError, match="pip install plotly"):
        binary_disp.plot_3d()


# ------------------------------------------------ nothing clipped (issue 10, B1)
def _edge_pixels(fig, band=2):
    """Pixels of the exported PNG's outer frame (``band`` pixels wide) that are not
    background. A 3-D scene clips its own labels at its domain, which ends at the
    figure's 10-pixel margin: a band of 12 pixels sees labels cut there."""
    import io
    import shutil

    from PIL import Image

    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("kaleido's export needs Chromium (Debian: apt-get install chromium)")
    rgb = np.asarray(Image.open(io.BytesIO(kaleido_png(fig))).convert("RGB"))
    rgb = rgb.astype(int)
    frame = np.concatenate([rgb[:band].reshape(-1, 3), rgb[-band:].reshape(-1, 3),
                            rgb[:, :band].reshape(-1, 3), rgb[:, -band:].reshape(-1, 3)])
    return int((np.abs(frame - rgb[0, 0]).sum(axis=1) > 30).sum())


def test_exported_views_keep_every_label_inside(moons):
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface, plot_function_3d

    X, y = moons
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=40)
    three_d = [disp.plot_3d(title="RBF SVC"), disp.plot_3d(azim=30, elev=15),
               plot_function_3d(lambda a, b: -0.5 * a**2 + 4 * b**2, levels=6)]
    for fig in three_d:
        assert _edge_pixels(fig, band=12) == 0
    assert _edge_pixels(disp.to_plotly("contour")) == 0


def test_3d_markers_stand_above_the_surface(binary_disp):
    """Issue 10 (B3): the camera sees the data, not the surface over them."""
    from surfaceviz.figures.interactive import MARKER_LIFT
    from surfaceviz.evaluation.surface import sample

    fig = binary_disp.plot_3d(max_points=60)
    surf = fig.data[0]
    span = np.nanmax(surf.z) - np.nanmin(surf.z)
    for trace in fig.data[1:]:
        if trace.type != "scatter3d":
            continue
        under = sample(np.asarray(surf.x), np.asarray(surf.y), np.asarray(surf.z),
                       np.column_stack([trace.x, trace.y]))
        np.testing.assert_allclose(np.asarray(trace.z) - under, MARKER_LIFT * span, rtol=1e-6)


@pytest.mark.parametrize("options, error, match", [
    (dict(colorbar_ticks="x"), TypeError, "colorbar_ticks must be an integer .how many ticks. or a sequence"),
    (dict(colorbar_ticks=[0, "a"]), TypeError, "colorbar_ticks must be a sequence"),
    (dict(colorbar_ticklabels="ab"), TypeError, "colorbar_ticklabels must be a sequence of labels"),
    (dict(colorbar_ticks=0), ValueError, "colorbar_ticks must be an integer of at least 1"),
    (dict(colorbar_ticks=2.5), TypeError, "colorbar_ticks must be an integer .how many ticks. or a sequence"),
])
def test_colour_bar_options_are_named(binary_disp, options, error, match):
    with pytest.raises(error, match=match):
        binary_disp.to_plotly(**options)
