"""Map quality: ACC_M, Cons_d, Cons_p, class stability, the inverse's gradient (issue 23).

Small cases whose measures are known by hand, then the measures of a real map.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split

from surfaceviz import SurfaceGrid, plot_decision_surface
from surfaceviz.evaluation.grid import GridSpec
from surfaceviz.evaluation.quality import inverse_gradient, map_quality

SPEC = GridSpec(xlim=(-2.0, 2.0), ylim=(-1.0, 1.0), nx=41, ny=21)


def _sign(rows):
    return (np.asarray(rows)[:, 0] > 0).astype(int)


def test_a_faithful_map_measures_perfect():
    """P is the identity, P⁻¹ scales by 3: classes (the sign of the first
    coordinate) survive every round trip; the gradient is 3 * sqrt(2)."""
    rows = np.array([[-1.5, 0.2], [-0.5, -0.3], [0.7, 0.1], [1.2, 0.9]])
    q = map_quality(lambda x: np.asarray(x) / 3.0, lambda p: 3.0 * np.asarray(p), _sign, rows,
                    SPEC, y=np.array([0, 0, 1, 1]), is_true=lambda idx, y: idx == y)
    assert q.accuracy == 1.0 and q.data_consistency == 1.0
    assert q.pixel_consistency == 1.0 and q.stability == q.round_trips == 5
    assert q.gradient_median == pytest.approx(3 * np.sqrt(2))
    assert q.gradient_max == pytest.approx(3 * np.sqrt(2))


def test_a_map_that_flips_every_round_trip():
    """P(x) = -x, P⁻¹(p) = p: a pixel's class flips at the first round trip (off
    the axis), and every point lands on the other class."""
    rows = np.array([[-1.0, 0.0], [-0.5, 0.5], [0.5, 0.2], [1.0, -0.4]])
    q = map_quality(lambda x: -np.asarray(x), lambda p: np.asarray(p), _sign, rows, SPEC,
                    y=np.array([0, 0, 1, 1]), is_true=lambda idx, y: idx == y)
    assert q.data_consistency == 0.0 and q.accuracy == 0.0
    # the lattice's column on u = 0 keeps class 0 (0 > 0 is False either way)
    on_axis = 1 / q.pixels * sum(1 for u in np.linspace(-2, 2, 41) if u == 0) * 21
    assert q.pixel_consistency == pytest.approx(on_axis)
    assert q.stability == pytest.approx(on_axis * q.round_trips)
    assert q.gradient_median == pytest.approx(np.sqrt(2))


def test_lattice_and_round_trips_are_checked():
    rows = np.array([[0.5, 0.0]])
    with pytest.raises(ValueError, match="round_trips must be an integer of at least 1; got 0"):
        map_quality(np.asarray, np.asarray, _sign, rows, SPEC, round_trips=0)
    with pytest.raises(ValueError, match="max_pixels must be an integer of at least 4; got 1"):
        map_quality(np.asarray, np.asarray, _sign, rows, SPEC, max_pixels=1)


def test_inverse_gradient_by_hand():
    u, v = np.array([0.0, 1.0, 2.0]), np.array([0.0, 2.0])
    decoded = np.zeros((2, 3, 2))
    decoded[..., 0] = 4.0 * u[None, :]   # d/du = (4, 0)
    decoded[..., 1] = 0.5 * v[:, None]   # d/dv = (0, 0.5)
    np.testing.assert_allclose(inverse_gradient(decoded, u, v), np.hypot(4.0, 0.5))


@pytest.fixture(scope="module")
def digits_map():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    model = LogisticRegression(max_iter=2000).fit(X_train, y_train)
    disp = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test,
                                 projection="pca", resolution=80)
    return disp, model, X_test, y_test


def test_the_measures_of_a_pca_map(digits_map, tmp_path):
    disp, model, X_test, y_test = digits_map
    q = disp.map_quality_
    lift = disp.lift_
    back = lift.to_model(lift.to_view(X_test))
    at_map = model.predict(back)
    assert q.on == "test points"
    assert q.accuracy == pytest.approx(np.mean(at_map == y_test))
    assert q.data_consistency == pytest.approx(np.mean(at_map == model.predict(X_test)))
    assert q.data_consistency == pytest.approx(disp.fidelity_)
    # PCA's inverse is linear and orthonormal: a round trip returns the pixel
    assert q.pixel_consistency == 1.0 and q.stability == q.round_trips
    assert q.gradient_median == pytest.approx(np.sqrt(2))
    text = str(disp)
    assert "pixel consistency Cons_p 100.0%" in text and "ACC_M" in text
    disp.grid.save(tmp_path / "map.npz")
    loaded = SurfaceGrid.load(tmp_path / "map.npz")
    assert loaded.lift["quality"]["accuracy"] == pytest.approx(q.accuracy)
    from surfaceviz import DecisionSurfaceDisplay

    again = DecisionSurfaceDisplay(loaded).map_quality_  # from the record, without the model
    assert again.accuracy == pytest.approx(q.accuracy) and again.maps is None
    with pytest.raises(ValueError, match="per-pixel maps are not kept with a saved surface"):
        again.unreliable()
    bare = dict(loaded.lift)
    del bare["quality"]
    from dataclasses import replace

    with pytest.raises(ValueError, match="map quality needs the model"):
        DecisionSurfaceDisplay(replace(loaded, lift=bare)).map_quality_
    plt.close(disp.figure_)


def test_measures_apply_to_maps_only(digits_map):
    _, model, X_test, y_test = digits_map
    sliced = plot_decision_surface(model, X_test, y_test, features=(10, 20), resolution=30)
    with pytest.raises(ValueError, match="apply to maps .*this picture is a slice"):
        sliced.map_quality_
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4))
    reg = LinearRegression().fit(X, X[:, 0])
    cont = plot_decision_surface(reg, X, projection="pca", resolution=20)
    with pytest.raises(ValueError, match="measures classes; .* continuous"):
        cont.map_quality_
    plt.close("all")


def test_mark_unreliable_hatches_the_unstable_and_stretched_pixels(digits_map):
    from sklearn.manifold import TSNE
    from sklearn.neighbors import KNeighborsRegressor

    disp, model, X_test, y_test = digits_map
    u, v, mask = disp.map_quality_.unreliable()
    assert not mask.any()  # PCA: every round trip returns the pixel, the gradient is flat
    X, y = load_digits(return_X_y=True)
    X = X[:300]
    y = y[:300]
    embedding = TSNE(2, init="pca", random_state=0).fit_transform(X)
    knn = plot_decision_surface(LogisticRegression(max_iter=2000).fit(X, y), X, y,
                                projection=embedding, inverse=KNeighborsRegressor(5),
                                resolution=60)
    q = knn.map_quality_
    u, v, mask = q.unreliable()
    assert mask.shape == (len(v), len(u)) and 0 < mask.mean() < 0.5
    expected = (q.maps["stability"] < q.round_trips) | (q.maps["gradient"] > max(
        np.quantile(q.maps["gradient"], 0.95), 3 * np.median(q.maps["gradient"])))
    np.testing.assert_array_equal(mask, expected)
    artist = knn.mark_unreliable()
    assert artist.legend_proxy.get_label() == "unreliable map" and list(artist.hatches) == ["...."]
    faded = knn.mark_unreliable(style="fade")
    assert faded.legend_proxy.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="style must be one of"):
        knn.mark_unreliable(style="stripes")
    plt.close("all")
