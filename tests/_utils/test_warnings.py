"""Every warning surfaceviz emits names the user's file and line, not ours."""

import warnings

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

from surfaceviz import evaluate_grid, plot_decision_surface
from surfaceviz._utils.warnings import warn_external

xps = pytest.importorskip("array_api_strict")


def _check_points_here(call, match):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    hits = [w for w in caught if match in str(w.message)]
    assert hits, [str(w.message) for w in caught]
    for w in hits:
        assert w.filename == __file__, (str(w.message), w.filename, w.lineno)


@pytest.fixture(scope="module")
def fitted(moons):
    X, y = moons
    return X, y, LogisticRegression().fit(X, y), KNeighborsClassifier().fit(X, y)


def _iris_model(iris2):
    X, y = iris2
    return X, y, LogisticRegression(max_iter=500).fit(X, y)


CASES = {
    "dtype ignored (the issue's example)": (
        lambda f: plot_decision_surface(f[3], f[0], f[1], dtype="float32", resolution=20),
        "dtype=float32 is ignored for KNeighborsClassifier"),
    "dtype ignored, evaluate_grid": (
        lambda f: evaluate_grid(f[3], f[0], dtype="float32", resolution=10),
        "dtype=float32 is ignored"),
    "CPU fallback": (
        lambda f: evaluate_grid(f[3], f[0], backend=xps, resolution=10),
        "evaluated on the CPU with NumPy"),
    "n_jobs on a device": (
        lambda f: evaluate_grid(f[2], f[0], backend=xps, n_jobs=2, resolution=10),
        "n_jobs is ignored on a device backend"),
    "coarse_step with dense": (
        lambda f: plot_decision_surface(f[2], f[0], f[1], coarse_step=4, resolution=20,
                                        refine=False),
        "ignored without refinement"),
    "classes for an estimator": (
        lambda f: evaluate_grid(f[2], f[0], classes=[0, 1], resolution=10),
        "classes= is ignored"),
    "levels for an image": (
        lambda f: plot_decision_surface(f[2], f[0], f[1], kind="image", levels=5,
                                        resolution=20),
        "levels is ignored for kind='image'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_warning_names_the_callers_file(case, fitted):
    call, match = CASES[case]
    _check_points_here(lambda: call(fitted), match)


@pytest.mark.parametrize("option, match", [
    (dict(cmap="viridis"), "cmap is ignored for class regions"),
    (dict(margin_lines=True), "margin_lines is ignored for class regions"),
    (dict(colorbar_ticks=3), "colorbar_ticks is ignored"),
])
def test_class_region_warnings_name_the_callers_file(iris2, option, match):
    X, y, model = _iris_model(iris2)
    _check_points_here(lambda: evaluate_grid(model, X, refine=True, refine_levels=[0.5],
                                             resolution=20, response="predict"),
                       "refine_levels is ignored for label regions")
    _check_points_here(lambda: plot_decision_surface(model, X, y, resolution=20, **option),
                       match)
    disp = plot_decision_surface(model, X, y, resolution=20)
    _check_points_here(lambda: disp.plot(**option), match)


def test_helper_skips_every_surfaceviz_frame():
    # called from here (outside the package) it points here
    with pytest.warns(UserWarning, match="hello") as record:
        warn_external("hello")
    assert record[0].filename == __file__
