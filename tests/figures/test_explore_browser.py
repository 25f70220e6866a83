"""The explorer in a real browser: the notebook widget in a JupyterLab server
and the offline page, both driven by Playwright on Debian's Chromium.

Each test skips cleanly where its parts are missing (chromium, playwright,
jupyterlab, anywidget); ``.ci/run`` installs them.
"""

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import matplotlib.image as mpimg
import numpy as np
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FEATURES = ("petal length (cm)", "petal width (cm)")
MOVED = "sepal length (cm)"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


def iris_model():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True, as_frame=True)
    return LogisticRegression(max_iter=1000).fit(X, y), X, y


def static_pixels(model, X, y, fill):
    """The picture the static call draws for ``fill`` (the explorer's size)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from surfaceviz import plot_decision_surface
    from surfaceviz.figures.explore import DPI, FIGSIZE

    fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    plot_decision_surface(model, X, y, ax=fig.add_subplot(), features=FEATURES, fill=fill,
                          refine="auto", resolution=150)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return decode(buf.getvalue())


def decode(png):
    return mpimg.imread(io.BytesIO(png), format="png")


def image_bytes(page):
    """The PNG bytes the page's explorer image shows (a blob or data URL)."""
    b64 = page.evaluate("""async () => {
        const img = document.querySelector('.sv-image, #sv-image');
        const blob = await (await fetch(img.src)).blob();
        const buf = new Uint8Array(await blob.arrayBuffer());
        let s = ''; buf.forEach((b) => { s += String.fromCharCode(b); });
        return btoa(s);
    }""")
    return base64.b64decode(b64)


def test_offline_page_shows_the_static_slice_for_each_slider_value(browser, tmp_path):
    from surfaceviz import Explorer

    model, X, y = iris_model()
    ex = Explorer(model, X, y, features=FEATURES)
    path = ex.save(tmp_path / "iris.html", steps=3, vary=[MOVED])
    page = browser.new_page()
    try:
        page.goto((tmp_path / "iris.html").as_uri())
        page.wait_for_selector("#sv-image[src^='data:image/png']")
        first = image_bytes(page)
        steps = ex.sliders[X.columns.get_loc(MOVED)].grid(3)  # 4.3, 6.1, 7.9
        # the page starts at the step nearest the explorer's value (the median, 5.8)
        assert page.get_attribute("#sv-image", "data-key") == "1"
        held = {**ex.held(), MOVED: steps[1]}
        np.testing.assert_array_equal(decode(first), static_pixels(model, X, y, held))
        page.fill("#sv-slider-0", "2")
        page.dispatch_event("#sv-slider-0", "input")
        assert page.get_attribute("#sv-image", "data-key") == "2"
        moved = image_bytes(page)
        assert moved != first
        assert steps[2] == float(X[MOVED].max())  # the slider's last step: the data's top
        held[MOVED] = steps[2]
        np.testing.assert_array_equal(decode(moved), static_pixels(model, X, y, held))
        assert page.inner_text("output") == f"{X[MOVED].max():.4g}"
    finally:
        page.close()
    assert str(path).endswith("iris.html")


# ------------------------------------------------------------- the widget
def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NOTEBOOK_CELL = """\
import matplotlib
matplotlib.use("Agg")
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from surfaceviz import explore
X, y = load_iris(return_X_y=True, as_frame=True)
model = LogisticRegression(max_iter=1000).fit(X, y)
explore(model, X, y, features=("petal length (cm)", "petal width (cm)"))
"""


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    pytest.importorskip("jupyterlab")
    pytest.importorskip("anywidget")
    root = tmp_path_factory.mktemp("lab")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                     "outputs": [], "source": NOTEBOOK_CELL}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (root / "explore.ipynb").write_text(json.dumps(nb))
    port, token = _free_port(), "sv" + os.urandom(8).hex()
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JUPYTER_CONFIG_DIR=str(root / ".config"), JUPYTER_RUNTIME_DIR=str(root / ".rt"),
               IPYTHONDIR=str(root / ".ipython"))
    log = open(root / "server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.workspaces_dir={root / '.ws'}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=", "--ServerApp.allow_root=True"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("the JupyterLab server did not start: "
                                + (root / "server.log").read_text()[-500:])
                time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_widget_in_jupyterlab_redraws_the_static_slice(browser, jupyterlab):
    base, token = jupyterlab
    model, X, y = iris_model()
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/explore.ipynb?token={token}&reset")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext "
                               "&& window.jupyterapp.shell.currentWidget.sessionContext"
                               ".session && window.jupyterapp.shell.currentWidget"
                               ".sessionContext.session.kernel", timeout=90_000)
        page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session"
                               ".kernel.connectionStatus === 'connected'", timeout=90_000)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".sv-image[src^='blob:']", timeout=120_000)
        first = image_bytes(page)
        median = {c: float(X[c].median()) for c in X.columns if c not in FEATURES}
        np.testing.assert_array_equal(decode(first), static_pixels(model, X, y, median))

        slider = page.locator(f".sv-slider[data-name='{MOVED}']")
        value = slider.evaluate("(s) => { s.value = '7.0'; s.dispatchEvent(new Event('input')); "
                                "return +s.value; }")
        key_before = page.get_attribute(".sv-image", "data-key")
        page.wait_for_function(f"document.querySelector('.sv-image').dataset.key !== "
                               f"{json.dumps(key_before)} && document.querySelector("
                               f"'.sv-explorer').parentNode.dataset.busy === '0'",
                               timeout=60_000)
        moved = image_bytes(page)
        assert moved != first
        np.testing.assert_array_equal(decode(moved),
                                      static_pixels(model, X, y, {**median, MOVED: value}))
        assert page.inner_text(".sv-error") == ""

        # a drag: 12 moves at once; the kernel gets the first and the last (the
        # ones between are superseded), and the picture is the last position's
        root = "document.querySelector('.sv-explorer').parentNode"
        sent_before = int(page.evaluate(f"{root}.dataset.sent"))
        last = slider.evaluate("""(s) => {
            for (let k = 0; k < 12; k++) {
                s.value = String(4.5 + 0.25 * k); s.dispatchEvent(new Event('input'));
            }
            return +s.value; }""")
        page.wait_for_function(f"{root}.dataset.busy === '0' && +{root}.dataset.sent >= "
                               f"{sent_before + 2}", timeout=60_000)
        assert int(page.evaluate(f"{root}.dataset.sent")) - sent_before == 2
        np.testing.assert_array_equal(decode(image_bytes(page)),
                                      static_pixels(model, X, y, {**median, MOVED: last}))
    finally:
        page.close()
