"""Gradient boosting as it is: XGBoost, LightGBM and HistGradientBoosting (issue 21).

Oracles (the grid equals the model's own output on the grid points), string
labels, DataFrames with categorical columns (a slice through two numeric
features), and the picture: each class's markers sit in the region of their
class's colour. XGBoost and LightGBM skip cleanly where they are absent.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.ensemble import HistGradientBoostingClassifier

from surfaceviz import evaluate_grid, plot_decision_surface


@pytest.fixture(scope="module")
def data():
    pd = pytest.importorskip("pandas")
    X, y = make_moons(300, noise=0.25, random_state=0)
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1],
                          "colour": pd.Categorical(rng.choice(["red", "green", "blue"], 300))})
    return X, y, np.array(["no", "yes"])[y], frame


def _boosters():
    out = [("hgb", lambda: HistGradientBoostingClassifier(categorical_features="from_dtype",
                                                         max_iter=40, random_state=0))]
    try:
        import xgboost

        out.append(("xgboost", lambda: xgboost.XGBClassifier(
            n_estimators=30, max_depth=3, enable_categorical=True, tree_method="hist")))
    except ImportError:
        out.append(("xgboost", None))
    try:
        import lightgbm

        out.append(("lightgbm", lambda: lightgbm.LGBMClassifier(
            n_estimators=30, verbose=-1, random_state=0)))
    except ImportError:
        out.append(("lightgbm", None))
    return out


BOOSTERS = _boosters()


def _make(factory, name):
    if factory is None:
        pytest.skip(f"{name} is not installed")
    return factory()


def _points(g):
    xx, yy = np.meshgrid(g.x, g.y)
    return np.c_[xx.ravel(), yy.ravel()]


@pytest.mark.parametrize("name, factory", BOOSTERS, ids=[b[0] for b in BOOSTERS])
def test_boosting_grid_equals_its_own_output(data, name, factory):
    X, y, labels, _ = data
    model = _make(factory, name)
    target = y if name == "xgboost" else labels  # XGBoost takes encoded labels only
    model.fit(X, target)
    g = evaluate_grid(model, X, resolution=(37, 29), refine=False)
    own = getattr(model, g.response)(_points(g))
    if own.ndim == 2:
        own = own[:, 1]
    np.testing.assert_allclose(g.values.ravel(), own, rtol=1e-5, atol=1e-6)
    assert list(g.classes) == list(np.unique(target))


@pytest.mark.parametrize("name, factory", BOOSTERS, ids=[b[0] for b in BOOSTERS])
def test_boosting_on_a_frame_with_a_categorical_column(data, name, factory):
    X, y, labels, frame = data
    model = _make(factory, name)
    target = y if name == "xgboost" else labels
    model.fit(frame, target)
    disp = plot_decision_surface(model, frame, target, features=("a", "b"),
                                 fill={"colour": "green"}, resolution=40, refine=False)
    held = frame.iloc[:1].copy()
    g = disp.grid
    assert g.lift["fill"] == {"colour": "green"}
    rows = frame.iloc[np.zeros(g.values.size, dtype=int)].reset_index(drop=True)
    pts = _points(g)
    rows["a"], rows["b"] = pts[:, 0], pts[:, 1]
    rows["colour"] = rows["colour"].cat.set_categories(held["colour"].cat.categories)
    rows.loc[:, "colour"] = "green"
    own = getattr(model, g.response)(rows)
    if own.ndim == 2:
        own = own[:, 1]
    np.testing.assert_allclose(g.values.ravel(), own, rtol=1e-5, atol=1e-6)
    assert "colour = green" in disp.ax_.get_title()
    plt.close(disp.figure_)


@pytest.mark.parametrize("name, factory", BOOSTERS, ids=[b[0] for b in BOOSTERS])
def test_boosting_picture_markers_sit_in_their_colour(data, name, factory):
    """The rendered surface under a point the model is sure of (probability
    beyond 0.95) is tinted toward that class's marker colour."""
    X, y, labels, _ = data
    model = _make(factory, name)
    target = y if name == "xgboost" else labels
    model.fit(X, target)
    disp = plot_decision_surface(model, X, target, resolution=120, refine=False,
                                 scatter=False, boundary=False, response="predict_proba")
    fig = disp.figure_
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float) / 255.0
    shown = plot_decision_surface(model, X, target, resolution=40, refine=False,
                                  response="predict_proba")
    colours = [coll.get_facecolor()[0][:3] for coll in shown.scatter_]
    margin = np.asarray(model.predict_proba(X))[:, 1] - 0.5
    sure = np.abs(margin) > 0.45
    h = image.shape[0]
    checked = 0
    for (px, py), m in zip(disp.ax_.transData.transform(X[sure]), margin[sure]):
        k = int(m > 0)
        pixel = image[int(round(h - py)), int(round(px))]
        # the tint (away from white) leans to the own class's colour
        tint = 1.0 - pixel
        assert tint @ (1.0 - colours[k]) > tint @ (1.0 - colours[1 - k]), (k, pixel)
        checked += 1
    assert checked > 50
    plt.close("all")
