"""Static export through kaleido and the HTML page in headless Chromium."""

import shutil
import subprocess

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from surfaceviz import plot_decision_surface

from ..conftest import kaleido_png

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def figure(moons):
    pytest.importorskip("plotly")
    X, y = moons
    disp = plot_decision_surface(LogisticRegression().fit(X, y), X, y, resolution=30,
                                 response="predict_proba")
    return disp.plot_3d(width=500, height=400)


def _not_blank(path):
    from PIL import Image

    with Image.open(path) as im:
        arr = np.asarray(im.convert("RGB"), dtype=float)
    return arr.std() > 10 and len(np.unique(arr.reshape(-1, 3), axis=0)) > 50


@needs_chromium
def test_write_png_through_kaleido(figure, tmp_path):
    pytest.importorskip("kaleido")
    path = tmp_path / "surface.png"
    path.write_bytes(kaleido_png(figure))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _not_blank(path)


@needs_chromium
def test_html_renders_in_headless_chromium(figure, tmp_path):
    page = tmp_path / "surface.html"
    figure.write_html(page, include_plotlyjs=True)  # self-contained: works offline
    assert "https://cdn.plot.ly" not in page.read_text()[:5000]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", f"--screenshot={shot}", "--window-size=600,500",
         page.as_uri()],
        check=True, capture_output=True, timeout=120)
    assert _not_blank(shot)
    # the 3-D scene itself (left of the colour bar) shows both class colours
    from PIL import Image

    with Image.open(shot) as im:
        rgb = np.asarray(im.convert("RGB"), dtype=float)[:, : int(im.width * 0.55)]
    red = (rgb[..., 0] > 150) & (rgb[..., 2] < 100)
    blue = (rgb[..., 2] > 120) & (rgb[..., 0] < 100)
    assert red.sum() > 500 and blue.sum() > 500


@needs_chromium
def test_animation_slider_changes_the_picture(tmp_path):
    """Issue 12: the plotly animation works offline, and moving its slider (what a
    slider step does: Plotly.animate to that frame) changes the picture."""
    pytest.importorskip("plotly")
    from PIL import Image
    from surfaceviz import MLPClassifier
    from surfaceviz.figures.animate import animate_training
    from surfaceviz.datasets import load_moons

    X, y = load_moons(200, noise=0.25, random_state=0)
    page = tmp_path / "anim.plotly.html"
    anim = animate_training(MLPClassifier((16, 16), random_state=0), X, y, epochs=8,
                            resolution=40, out=page)
    text = page.read_text()
    assert "https://cdn.plot.ly" not in text[:5000]
    last = anim.figure.frames[-1].name
    moved = tmp_path / "moved.html"
    script = ("<script>window.addEventListener('load', function () {"
              "var gd = document.querySelector('.plotly-graph-div');"
              f"Plotly.animate(gd, ['{last}'], {{frame: {{duration: 0, redraw: true}}, "
              "transition: {duration: 0}, mode: 'immediate'});});</script></body>")
    moved.write_text(text.replace("</body>", script, 1))
    shots = []
    for name, html in (("first", page), ("moved", moved)):
        shot = tmp_path / f"{name}.png"
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={tmp_path / ('profile-' + name)}",
             "--virtual-time-budget=8000", f"--screenshot={shot}", "--window-size=720,620",
             html.as_uri()], check=True, capture_output=True, timeout=120)
        assert _not_blank(shot)
        with Image.open(shot) as im:
            shots.append(np.asarray(im.convert("RGB"), dtype=float))
    changed = np.abs(shots[0] - shots[1]).max(axis=-1) > 30
    assert changed.mean() > 0.02, "moving the slider did not change the picture"


# -------------------------------------- issue 20 (C9): every class's markers are seen
def _png(fig):
    import io

    from PIL import Image

    data = kaleido_png(fig, width=500, height=400)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def _marker_visibility(fig):
    """Per 3-D marker trace: the share of its pixels that show with the surface drawn,
    against the same markers with the surface transparent (same scene ranges)."""
    out = {}
    surfaces = [t for t in fig.data if t.type == "surface"]
    markers = [t for t in fig.data if t.type == "scatter3d"]
    full = _png(fig)
    for s in surfaces:
        s.opacity = 0.0
    for t in markers:
        t.visible = False
    empty = _png(fig)
    for trace in markers:
        trace.visible = True
        alone = _png(fig)  # this trace, nothing in front of it
        for s in surfaces:
            s.opacity = 1.0
        for t in markers:
            t.visible = t is not trace
        without = _png(fig)  # everything but this trace
        for t in markers:
            t.visible = False
        for s in surfaces:
            s.opacity = 0.0
        seen = (np.abs(full - without).sum(axis=2) > 30).sum()
        total = (np.abs(alone - empty).sum(axis=2) > 30).sum()
        out[trace.name] = seen / max(total, 1)
    return out


@needs_chromium
@pytest.mark.parametrize("kind", ["poly-linear-svc", "rbf-svc"])
def test_3d_markers_of_every_class_are_visible_from_the_default_camera(kind):
    pytest.importorskip("kaleido")
    from surfaceviz import plot_decision_surface
    from surfaceviz.datasets import load_moons
    from surfaceviz.pipelines import make_moons_pipeline

    X, y = load_moons(400, noise=0.25, random_state=0)
    disp = plot_decision_surface(make_moons_pipeline(kind).fit(X, y), X, y)
    fig = disp.plot_3d()
    surface = next(t for t in fig.data if t.type == "surface")
    heights = np.asarray(surface.z, dtype=float)
    # the height stays within the colour range, and the title says so when clipped
    assert np.nanmax(heights) <= surface.cmax + 1e-9 and np.nanmin(heights) >= surface.cmin - 1e-9
    assert fig.layout.title.text and fig.layout.title.text.startswith("decision function")
    visible = _marker_visibility(fig)
    assert set(visible) == {"0", "1"}
    assert min(visible.values()) > 0.6, visible
