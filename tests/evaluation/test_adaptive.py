import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.svm import SVC

from surfaceviz import evaluate_grid
from surfaceviz.evaluation.adaptive import default_step, refine


def _disk_labels(iy, ix):
    return ((iy - 40.0) ** 2 + (ix - 50.0) ** 2 < 30.0**2).astype(float)


def test_refine_exact_where_evaluated_and_counts():
    calls = []

    def evaluate_at(iy, ix):
        calls.append(len(iy))
        return _disk_labels(iy, ix)

    values, n = refine(evaluate_at, lambda v: v.astype(int), 101, 83, 8, interpolate=False)
    iy, ix = np.mgrid[0:83, 0:101]
    truth = _disk_labels(iy, ix)
    assert n == sum(calls) < 101 * 83 / 2
    np.testing.assert_array_equal(values, truth)


def test_refine_interpolates_scores_inside_agreeing_cells():
    def plane(iy, ix):
        return 0.5 * ix - 0.25 * iy + 3.0  # bilinear fill is exact for a plane

    values, n = refine(plane, lambda v: (v > 1e9).astype(int), 33, 17, 4)
    iy, ix = np.mgrid[0:17, 0:33]
    np.testing.assert_allclose(values, plane(iy, ix))
    assert n < 33 * 17 / 4


def test_refine_multichannel_values():
    def scores(iy, ix):
        return np.stack([ix / 10.0, 3.0 - ix / 10.0, np.full(len(ix), 0.1)], axis=1)

    values, _ = refine(scores, lambda v: np.argmax(v, axis=1), 40, 20, 4)
    iy, ix = np.mgrid[0:20, 0:40]
    np.testing.assert_allclose(values, scores(iy.ravel(), ix.ravel()).reshape(20, 40, 3))


def test_refine_step_must_be_power_of_two():
    with pytest.raises(ValueError, match="coarse_step must be a power of two"):
        refine(lambda iy, ix: np.zeros(len(iy)), lambda v: v, 10, 10, 6)


def test_default_step():
    assert default_step(2000, 2000) == 16
    assert default_step(100, 100) == 1
    assert default_step(4000, 300) == 4


@pytest.mark.parametrize("response", ["decision_function", "predict"])
def test_adaptive_svc_matches_dense(moons, response):
    X, y = moons
    model = SVC(C=3).fit(X, y)
    dense = evaluate_grid(model, X, resolution=257, response=response)
    fast = evaluate_grid(model, X, resolution=257, response=response, refine=True,
                         coarse_step=8)
    assert fast.n_evaluated < dense.n_evaluated / 3
    assert (fast.predicted() != dense.predicted()).mean() < 0.001
    evaluated = fast.values == dense.values
    assert evaluated.sum() >= fast.n_evaluated


def test_adaptive_multiclass(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    dense = evaluate_grid(model, X, resolution=200, response="predict_proba")
    fast = evaluate_grid(model, X, resolution=200, response="predict_proba", refine=True)
    np.testing.assert_array_equal(fast.predicted(), dense.predicted())
    assert fast.values.shape == dense.values.shape == (200, 200, 3)


def test_adaptive_continuous_needs_levels(moons):
    X, y = moons
    reg = LinearRegression().fit(X, y)
    with pytest.raises(ValueError, match="continuous surface needs refine_levels="):
        evaluate_grid(reg, X, resolution=50, refine=True)
    fast = evaluate_grid(reg, X, resolution=65, refine=True, refine_levels=[0.5], coarse_step=8)
    dense = evaluate_grid(reg, X, resolution=65)
    np.testing.assert_allclose(fast.values, dense.values, atol=1e-9)  # a plane: exact


def test_adaptive_through_the_display(moons):
    from surfaceviz import plot_decision_surface

    X, y = moons
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=120, refine=True,
                                 coarse_step=4)
    assert disp.grid.n_evaluated < 120 * 120


def test_strategy_checked(moons):
    with pytest.raises(ValueError, match="strategy must be one of 'dense', 'adaptive'"):
        evaluate_grid(lambda p: p[:, 0], moons[0], strategy="smart")
    with pytest.raises(ValueError, match="refine must be one of 'auto'; got 'yes'"):
        evaluate_grid(lambda p: p[:, 0], moons[0], refine="yes")
    with pytest.raises(TypeError, match="refine must be True, False or 'auto'; got 2"):
        evaluate_grid(lambda p: p[:, 0], moons[0], refine=2)
    with pytest.warns(UserWarning, match="ignored without refinement"):
        evaluate_grid(lambda p: p[:, 0], moons[0], resolution=4, coarse_step=4)


def test_auto_refine_only_for_expensive_models_and_safe_surfaces(moons, monkeypatch):
    """Issue 10 (D): refine="auto" (the display's default) refines class maps and
    binary surfaces of models a dense grid would make slow; cheap models, and
    continuous surfaces without levels, are evaluated densely."""
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.svm import SVC

    X, y = moons
    svc = SVC().fit(X, y)
    dense = evaluate_grid(svc, X, resolution=300)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)  # every model counts as slow
    auto = evaluate_grid(svc, X, resolution=300, refine="auto")
    assert auto.n_evaluated < 300 * 300 / 4
    # the guarantee: every pixel's class agrees with the dense grid's here
    assert (auto.predicted() != dense.predicted()).mean() < 0.002
    continuous = evaluate_grid(lambda p: p[:, 0] ** 2, X, resolution=300, refine="auto")
    assert continuous.n_evaluated == 300 * 300
    with_levels = evaluate_grid(lambda p: p[:, 0] ** 2, X, resolution=300, refine="auto",
                                refine_levels=[0.5, 1.0])
    assert with_levels.n_evaluated < 300 * 300
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 1e9)  # every model counts as cheap
    cheap = evaluate_grid(svc, X, resolution=300, refine="auto")
    assert cheap.n_evaluated == 300 * 300
    np.testing.assert_array_equal(cheap.values, dense.values)


def test_display_default_is_auto(moons, monkeypatch):
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    X, y = moons
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=300)
    assert disp.grid.n_evaluated < 300 * 300
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=300, refine=False)
    assert disp.grid.n_evaluated == 300 * 300


def test_auto_refine_times_its_own_coarse_lattice(moons, monkeypatch):
    """No separate probe: the coarse lattice's evaluation is the timing, so a slow
    model sees only the points the refinement needs, and a cheap one the coarse
    lattice once more than the dense grid."""
    import surfaceviz.evaluation.evaluate as ev

    X, _ = moons
    seen = []

    def model(points):
        seen.append(len(points))
        return (points[:, 0] + points[:, 1] ** 2 > 0.8).astype(int)

    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    slow = evaluate_grid(model, X, resolution=300, refine="auto", classes=[0, 1])
    assert slow.n_evaluated < 300 * 300 / 4
    probe, coarse = seen[0], seen[1]  # resolving the response checks a few points
    assert sum(seen) - probe == slow.n_evaluated  # then nothing but the refinement
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 1e9)
    seen.clear()
    cheap = evaluate_grid(model, X, resolution=300, refine="auto", classes=[0, 1])
    assert cheap.n_evaluated == 300 * 300
    assert seen[:2] == [probe, coarse]  # the coarse lattice, then the dense grid
    assert sum(seen[2:]) == 300 * 300
    assert (cheap.values == slow.values).mean() > 0.998


def _band_mismatch(a, b):
    """Share of grid points whose drawn band differs between displays ``a`` and ``b``."""
    assert np.allclose(a.surface_.levels, b.surface_.levels)
    levels = a.surface_.levels
    return (np.digitize(a.grid.surface(), levels) != np.digitize(b.grid.surface(), levels)).mean()


@pytest.mark.parametrize("model_name", ["knn", "svc"])
def test_default_picture_bands_equal_the_dense_ones(moons, monkeypatch, model_name):
    """The default call's filled bands (not only its boundary) are those of the
    dense grid: a binary surface is refined around every drawn level. Before, the
    bands away from the boundary were interpolated from the coarse lattice (5% of
    a KNN's pixels, 0.6% of an RBF SVC's, in the wrong band)."""
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.datasets import make_moons
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    X, y = make_moons(1000, noise=0.25, random_state=0)
    model = (KNeighborsClassifier(15) if model_name == "knn" else SVC()).fit(X, y)
    dense = plot_decision_surface(model, X, y, resolution=(240, 200), refine=False)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)  # refine, however cheap
    auto = plot_decision_surface(model, X, y, resolution=(240, 200))
    assert auto.grid.n_evaluated < 0.5 * 240 * 200
    assert _band_mismatch(auto, dense) < 0.002
    # refining around the class boundary only, from the same lattice, would not do
    step = default_step(240, 200, cells=ev.AUTO_REFINE_CELLS)
    boundary_only = evaluate_grid(model, X, resolution=(240, 200), refine=True,
                                  coarse_step=step, response=auto.grid.response)
    levels = auto.surface_.levels
    assert (np.digitize(boundary_only.surface(), levels)
            != np.digitize(dense.grid.surface(), levels)).mean() > 0.002


def test_auto_goes_dense_where_the_bands_are_not_known_first(moons, iris2, monkeypatch):
    """refine="auto" evaluates densely where the drawn colours depend on the grid's
    own values or vary continuously: class regions of decision functions shaded by
    confidence, a one-class decision function, kind="image"; flat label regions
    and probability regions (bands of 0-1) stay refined."""
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    X, y = moons
    svc = SVC().fit(X, y)
    full = 120 * 100
    image = plot_decision_surface(svc, X, y, resolution=(120, 100), kind="image")
    assert image.grid.n_evaluated == full
    banded = plot_decision_surface(svc, X, y, resolution=(120, 100), levels=[-1, 0, 1])
    assert banded.grid.n_evaluated < full
    Xi, yi = iris2
    three = LogisticRegression(max_iter=500).fit(Xi, yi)
    regions = plot_decision_surface(three, Xi, yi, resolution=(120, 100),
                                    response="decision_function")
    assert regions.grid.n_evaluated == full  # shading up to the grid's largest margin
    shaded = plot_decision_surface(three, Xi, yi, resolution=(120, 100),
                                   response="predict_proba")
    assert shaded.grid.n_evaluated < full  # probabilities: bands of 0-1, refined
    labels = plot_decision_surface(three, Xi, yi, resolution=(120, 100), response="predict")
    assert labels.grid.n_evaluated < full
    proba = plot_decision_surface(three, Xi, yi, resolution=(120, 100),
                                  response="predict_proba", class_of_interest=2)
    assert proba.grid.n_evaluated < full
    decision = plot_decision_surface(three, Xi, yi, resolution=(120, 100),
                                     response="decision_function", class_of_interest=2)
    assert decision.grid.n_evaluated == full


def test_centre_check_refuses_surfaces_with_sub_cell_islands():
    """check_centres tests the caveat before trusting the lattice: islands smaller
    than a coarse cell show at the centres of cells whose corners agree."""
    from surfaceviz.evaluation.adaptive import SubCellFeatures

    ny, nx, step = 97, 129, 8

    def islands(iy, ix):  # a dot every 8 points, between the lattice's points
        return ((iy % 8 == 4) & (ix % 8 == 4)).astype(float)

    def smooth(iy, ix):
        return np.sin(ix / 20.0) + np.cos(iy / 15.0)

    classify = (lambda v: (v > 0.5).astype(int))  # noqa: E731
    with pytest.raises(SubCellFeatures, match="hide another label"):
        refine(islands, classify, nx, ny, step, check_centres=64)
    out, n = refine(islands, classify, nx, ny, step)  # unchecked: the islands are missed
    assert out.max() == 0.0
    checked, n_checked = refine(smooth, classify, nx, ny, step, check_centres=64)
    plain, n_plain = refine(smooth, classify, nx, ny, step)
    iy, ix = np.mgrid[0:ny, 0:nx]
    truth = smooth(iy, ix) > 0.5
    assert ((checked > 0.5) == truth).all() and ((plain > 0.5) == truth).all()
    assert n_plain < n_checked <= n_plain + 64


def test_auto_goes_dense_for_a_forest(monkeypatch):
    """A random forest's probability is full of islands smaller than a lattice cell:
    refine="auto" sees them at the cells' centres and evaluates densely."""
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.datasets import make_moons
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_surface

    X, y = make_moons(1000, noise=0.25, random_state=0)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    forest = RandomForestClassifier(50, random_state=0).fit(X, y)
    disp = plot_decision_surface(forest, X, y, resolution=(240, 200))
    assert disp.grid.n_evaluated == 240 * 200
    disp = plot_decision_surface(SVC().fit(X, y), X, y, resolution=(240, 200))
    assert disp.grid.n_evaluated < 240 * 200 / 2


def test_redrawing_with_other_bands_warns(moons, monkeypatch):
    """An auto-refined grid is exact around the bands it was first drawn with;
    drawing it with other levels, or as an image, says that the rest is
    interpolated (and names the way out)."""
    import warnings

    import surfaceviz.evaluation.evaluate as ev
    from sklearn.svm import SVC

    from surfaceviz import plot_comparison, plot_decision_surface

    X, y = moons
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    svc = SVC().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        disp = plot_decision_surface(svc, X, y, resolution=(120, 100))
        levels = disp.surface_.levels
        disp.plot(levels=levels[::2])  # a subset of the refined bands: exact
        fig, panels = plot_comparison({"a": svc, "b": SVC(C=100).fit(X, y)}, X, y,
                                      resolution=(120, 100), sharecolor=True)
    assert disp.grid.n_evaluated < 120 * 100
    assert all(p.grid.n_evaluated == 120 * 100 for p in panels)  # shared range: dense
    with pytest.warns(UserWarning, match="refined around the levels .* refine=False"):
        disp.plot(levels=[-0.33, 0.0, 0.33])
    with warnings.catch_warnings():  # continuous colours: within a band, documented
        warnings.simplefilter("error")
        disp.plot(kind="image", levels=None)
    dense = plot_decision_surface(svc, X, y, resolution=(120, 100), refine=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dense.plot(levels=[-0.33, 0.0, 0.33])


def test_default_multiclass_shading_equals_the_dense_one(monkeypatch):
    """Class regions of probabilities are refined around their shading bands (the
    winner's margin over the runner-up, in 8 bands of 0-1), not only their edges."""
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.datasets import load_iris
    from sklearn.neighbors import KNeighborsClassifier

    from surfaceviz import plot_decision_surface
    from surfaceviz.render.mpl2d import region_levels

    X, y = load_iris(return_X_y=True)
    X = X[:, 2:]
    knn = KNeighborsClassifier(15).fit(X, y)
    dense = plot_decision_surface(knn, X, y, resolution=(240, 200), refine=False)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    auto = plot_decision_surface(knn, X, y, resolution=(240, 200))
    assert auto.grid.n_evaluated < 0.6 * 240 * 200
    levels = region_levels(8)

    def bands(g):
        return g.predicted() * 10 + np.digitize(g.class_margins().max(axis=-1), levels)

    assert (bands(auto.grid) != bands(dense.grid)).mean() < 0.002
    step = default_step(240, 200, cells=ev.AUTO_REFINE_CELLS)
    edges_only = evaluate_grid(knn, X, resolution=(240, 200), refine=True, coarse_step=step,
                               response="predict_proba")
    assert (bands(edges_only) != bands(dense.grid)).mean() > 0.002


def test_drawing_levels_of_a_dense_grid_do_not_warn(moons):
    """levels= given to draw a regressor's surface is not an evaluation option the
    dense path ignores (it warned "levels are ignored by strategy='dense'")."""
    import warnings

    from sklearn.neighbors import KNeighborsRegressor

    from surfaceviz import plot_decision_surface

    X, y = moons
    reg = KNeighborsRegressor().fit(X, y.astype(float))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        disp = plot_decision_surface(reg, X, y.astype(float), levels=[0.25, 0.75], refine=False,
                                     resolution=50)
    assert disp.grid.n_evaluated == 50 * 50


def test_regions_redrawn_with_other_shading_bands_warn(monkeypatch):
    import surfaceviz.evaluation.evaluate as ev
    from sklearn.datasets import load_iris
    from sklearn.neighbors import KNeighborsClassifier

    from surfaceviz import plot_decision_surface

    X, y = load_iris(return_X_y=True)
    monkeypatch.setattr(ev, "AUTO_REFINE_SECONDS", 0.0)
    disp = plot_decision_surface(KNeighborsClassifier(15).fit(X[:, 2:], y), X[:, 2:], y,
                                 resolution=(120, 100))
    assert disp.grid.n_evaluated < 120 * 100
    with pytest.warns(UserWarning, match="refined around the levels"):
        disp.plot(shading_bands=5)
