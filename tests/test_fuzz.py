"""Hostile inputs over every public entry point: a result or a documented error.

Each property draws shapes, dtypes, NaNs, labels and options at random and
allows only the exception types the API documents (never a KeyError,
IndexError, ZeroDivisionError, MemoryError, an internal AttributeError...),
and checks that nothing the caller passed in was modified.
"""

import io
import os
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from surfaceviz import (DecisionSurfaceDisplay, EvaluationError, FileFormatError, SurfaceGrid,
                        evaluate_grid, plot_decision_surface, plot_function)
from surfaceviz.datasets import DatasetError, read_idx

DOCUMENTED = (ValueError, TypeError, NotFittedError, EvaluationError)
#: Examples per property (FUZZ_EXAMPLES=1000 for a longer hunt).
FAST = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64),
                    st.integers(-10**6, 10**6), st.floats(-1e300, 1e300))
cells = st.one_of(numbers, st.none(), st.text(max_size=2), st.complex_numbers(max_magnitude=5))


@st.composite
def data_matrix(draw):
    """X as a list, an array of numbers, or a mixed object array."""
    if draw(st.integers(0, 3)) > 0:  # mostly valid: two finite columns, at times a NaN
        n = draw(st.integers(1, 9))
        X = np.array(draw(st.lists(st.floats(-1e6, 1e6), min_size=2 * n, max_size=2 * n)),
                     dtype=float).reshape(n, 2)
        if draw(st.integers(0, 9)) == 0:
            X[draw(st.integers(0, n - 1)), 0] = draw(st.sampled_from([np.nan, np.inf]))
        return X
    n = draw(st.integers(0, 8))
    k = draw(st.integers(0, 3))
    kind = draw(st.sampled_from(["float", "int", "object", "list", "complex"]))
    if kind == "float":
        return np.array(draw(st.lists(st.lists(numbers, min_size=k, max_size=k),
                                      min_size=n, max_size=n)), dtype=float).reshape(n, k)
    if kind == "int":
        return np.array(draw(st.lists(st.integers(-5, 5), min_size=n * k, max_size=n * k)),
                        dtype=np.int64).reshape(n, k)
    if kind == "complex":
        return np.ones((n, k), dtype=complex) * 1j
    rows = draw(st.lists(st.lists(cells, min_size=k, max_size=k), min_size=n, max_size=n))
    return rows if kind == "list" else np.array(rows, dtype=object).reshape(n, k)


labels = st.one_of(
    st.none(),
    st.lists(st.one_of(st.integers(-2, 2), st.sampled_from(["a", "b"]), st.none(),
                       st.just(float("nan"))), min_size=0, max_size=9),
)

VALID = {
    "resolution": st.one_of(st.integers(2, 40), st.tuples(st.integers(2, 30),
                                                          st.integers(2, 30))),
    "margin": st.floats(0, 1),
    "xlim": st.one_of(st.none(), st.just((-3.0, 3.0))),
    "levels": st.one_of(st.integers(1, 12), st.just([-1.0, 0.0, 1.0])),
    "kind": st.sampled_from(["contourf", "contour", "pcolormesh", "image"]),
    "response": st.sampled_from(["auto", "predict_proba", "decision_function", "predict"]),
    "scatter_kw": st.sampled_from([None, {"edgecolor": "red"},
                                   {"c": "k", "marker": "x", "label": "me"}]),
    "refine": st.sampled_from([False, True]),
    "batch_size": st.integers(1, 500),
    "class_of_interest": st.sampled_from([0, 1, None]),
    "margin_lines": st.sampled_from([False, True, [0.25, 0.75]]),
    "class_colors": st.sampled_from([None, "tab10", ["red", "blue", "green"]]),
    "class_names": st.sampled_from([None, ["a", "b"], {0: "zero"}]),
}
HOSTILE = {
    "resolution": st.one_of(st.integers(-3, 1), st.sampled_from(["fine", None, 2.5, (3, -1)])),
    "margin": st.one_of(st.sampled_from([-1.0, np.nan, np.inf]), st.text(max_size=1)),
    "xlim": st.one_of(st.tuples(numbers, numbers), st.just("wide")),
    "levels": st.one_of(st.integers(-3, 0), st.lists(numbers, min_size=1, max_size=4)),
    "kind": st.just("surface"),
    "response": st.sampled_from([3, "proba"]),
    "scatter_kw": st.sampled_from(["red", 5, {"edgecolor": "r", "ec": "b"}]),
    "strategy": st.just("fast"),
    "batch_size": st.sampled_from([0, -2, True, 1.5]),
    "class_of_interest": st.sampled_from(["z", 7]),
    "margin_lines": st.sampled_from(["yes", [None]]),
    "class_colors": st.sampled_from([["red"], "nope", {"a": 1}, 5, [None, None]]),
    "class_names": st.sampled_from([["a"], "ab", 5, [None]]),
}


@st.composite
def options(draw):
    """Valid options, with at most one of them hostile."""
    opts = draw(st.fixed_dictionaries({}, optional=VALID))
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(HOSTILE)))
        opts[key] = draw(HOSTILE[key])
    return opts


def _copy(value):
    return None if value is None else (value.copy() if isinstance(value, np.ndarray)
                                       else list(value))


def _same(a, b):
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    return repr(a) == repr(b)


@pytest.fixture(scope="module")
def model():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    return LogisticRegression().fit(X, (X[:, 0] > 0).astype(int))


def _aligned_labels(data, X):
    """Labels as long as X most of the time (then the options are what is tested)."""
    n = len(X)
    if data.draw(st.integers(0, 3)) == 0:
        return data.draw(labels)
    element = data.draw(st.sampled_from([st.integers(0, 1), st.sampled_from(["a", "b", "c"]),
                                         st.one_of(st.integers(0, 1), st.none())]))
    return data.draw(st.lists(element, min_size=n, max_size=n))


@FAST
@given(X=data_matrix(), data=st.data(), opts=options())
def test_plot_decision_surface_on_hostile_inputs(model, X, data, opts):
    y = _aligned_labels(data, X)
    before_X, before_y = _copy(X), _copy(y)
    figures = set(plt.get_fignums())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            plot_decision_surface(model, X, y, **opts)
        except DOCUMENTED:
            assert set(plt.get_fignums()) == figures  # nothing left open
    assert _same(X, before_X) and _same(y, before_y)
    plt.close("all")


def _scores(kind):
    def f(p):
        if kind == "nan":
            return np.full(len(p), np.nan)
        if kind == "some-nan":
            out = p[:, 0].copy()
            out[::3] = np.nan
            return out
        if kind == "text":
            return np.array(["x"] * len(p))
        if kind == "short":
            return p[:-1, 0]
        if kind == "3d":
            return np.zeros((len(p), 2, 2))
        if kind == "raise":
            raise KeyError("boom")
        return p[:, 0] * 1e308 * 10
    return f


@FAST
@given(kind=st.sampled_from(["nan", "some-nan", "text", "short", "3d", "raise", "overflow"]),
       classes=st.sampled_from([None, [0, 1], ["a", "b", "c"]]),
       resolution=st.integers(2, 30))
def test_hostile_callables(kind, classes, resolution):
    X = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            evaluate_grid(_scores(kind), X, classes=classes, resolution=resolution)
        except DOCUMENTED:
            pass


@FAST
@given(X=data_matrix(), y=labels, y_pred=labels,
       grid=st.sampled_from(["grid", None, "text", 5]))
def test_display_constructor_on_hostile_inputs(X, y, y_pred, grid):
    g = SurfaceGrid(x=[0.0, 1.0], y=[0.0, 1.0], values=np.array([[0, 1], [1, 0]]),
                    response="predict", task="labels", classes=np.array([0, 1]))
    try:
        disp = DecisionSurfaceDisplay(g if grid == "grid" else grid, X=X, y=y, y_pred=y_pred)
    except DOCUMENTED:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            disp.plot()
        except DOCUMENTED:
            pass
    plt.close("all")


@FAST
@given(blob=st.binary(max_size=64))
def test_read_idx_on_random_bytes(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("idx") / "f-idx"
    path.write_bytes(blob)
    try:
        read_idx(path)
    except DatasetError:
        pass


@FAST
@given(arrays=st.dictionaries(
    st.sampled_from(["format_version", "x", "y", "values", "response", "task", "classes",
                     "threshold", "pos_label", "n_evaluated", "feature_names"]),
    st.one_of(st.integers(-3, 3).map(np.array), st.text(max_size=3).map(np.array),
              st.lists(numbers, max_size=4).map(np.array),
              st.just(np.zeros((2, 2))), st.just(np.array(["json:[1"]))),
    max_size=11))
def test_surface_load_on_crafted_archives(tmp_path_factory, arrays):
    path = tmp_path_factory.mktemp("npz") / "s.npz"
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    try:
        SurfaceGrid.load(path)
    except FileFormatError:
        pass


@FAST
@given(params=st.fixed_dictionaries({}, optional={
    "hidden_layer_sizes": st.one_of(st.integers(-1, 4), st.tuples(st.integers(0, 3)),
                                    st.just("big")),
    "dropout": st.one_of(numbers, st.just("0.5")),
    "learning_rate_init": st.one_of(numbers, st.none()),
    "batch_size": st.one_of(st.integers(-1, 5), st.just(True), st.floats(0, 3)),
    "learning_rate": st.sampled_from(["constant", "step", "cosine"]),
    "step_size": st.integers(-1, 2), "gamma": numbers, "tol": numbers, "alpha": numbers,
    "momentum": numbers, "n_iter_no_change": st.integers(-1, 2),
    "activation": st.sampled_from(["relu", "sigmoid", "magic"]),
}))
def test_mlp_hyperparameters(params):
    from surfaceviz.mlp import MLPClassifier, TrainingDivergedError

    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]] * 3)
    y = np.array([0, 1, 1, 0] * 3)
    with np.errstate(all="ignore"):
        try:
            MLPClassifier(max_epochs=2, random_state=0, **params).fit(X, y)
        except (ValueError, TypeError, TrainingDivergedError):
            pass


@FAST
@given(levels=st.one_of(st.integers(-3, 5), st.lists(numbers, max_size=3), st.just("x")),
       resolution=st.one_of(st.integers(-1, 20), st.just("x")),
       xlim=st.one_of(st.tuples(numbers, numbers), st.just(None)))
def test_plot_function_on_hostile_options(levels, resolution, xlim):
    figures = set(plt.get_fignums())
    kwargs = {} if xlim is None else {"xlim": xlim}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            plot_function(lambda a, b: a * b, levels=levels, resolution=resolution, **kwargs)
        except (ValueError, TypeError, RuntimeError):
            assert set(plt.get_fignums()) == figures
    plt.close("all")


@FAST
@given(models=st.sampled_from(["five", "empty", "dict", "list", "callable"]),
       ncols=st.one_of(st.none(), st.integers(-1, 3), st.just("2")),
       titles=st.one_of(st.none(), st.just("ab"), st.lists(st.text(max_size=2), max_size=3)))
def test_plot_comparison_on_hostile_options(model, models, ncols, titles):
    from surfaceviz import plot_comparison

    X = np.random.default_rng(1).normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    given_models = {"five": 5, "empty": [], "dict": {"lr": model}, "list": [model, model],
                    "callable": [lambda p: p[:, 0]]}[models]
    figures = set(plt.get_fignums())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            plot_comparison(given_models, X, y, ncols=ncols, titles=titles, resolution=10)
        except DOCUMENTED:
            assert set(plt.get_fignums()) == figures
    plt.close("all")


@FAST
@given(opts=st.fixed_dictionaries({}, optional={
    "colorbar_ticks": st.one_of(st.just("x"), st.lists(numbers, max_size=3), st.integers(-2, 5)),
    "colorbar_ticklabels": st.one_of(st.just("ab"), st.lists(st.text(max_size=2), max_size=3)),
    "width": st.one_of(st.integers(-5, 900), st.just(2.5)),
    "max_points": st.integers(-3, 30),
    "eye": st.one_of(st.none(), st.tuples(numbers, numbers), st.tuples(numbers, numbers, numbers)),
    "elev": st.one_of(st.none(), numbers, st.just("high")),
    "zticks": st.one_of(st.none(), st.just("x"), st.lists(numbers, max_size=3)),
}), which=st.sampled_from(["plot_3d", "to_plotly"]))
def test_plotly_views_on_hostile_options(model, opts, which):
    pytest.importorskip("plotly")
    X = np.random.default_rng(2).normal(size=(20, 2))
    disp = plot_decision_surface(model, X, (X[:, 0] > 0).astype(int), resolution=12)
    if which == "to_plotly":
        opts = {k: v for k, v in opts.items() if k not in ("eye", "elev", "zticks")}
    try:
        getattr(disp, which)(**opts)
    except DOCUMENTED:
        pass
    plt.close("all")


@FAST
@given(x=st.one_of(st.just([0.0, 1.0]), st.just([[0.0, 1.0]]), st.just(["a", "b"])),
       values=st.one_of(st.just(np.zeros((2, 2))), st.just(np.zeros(4)),
                        st.just(np.array([["a", "b"], ["c", "d"]]))),
       task=st.sampled_from(["binary", "labels", "continuous", "magic"]))
def test_surface_grid_constructor(x, values, task):
    try:
        SurfaceGrid(x=x, y=[0.0, 1.0], values=values, response="predict", task=task)
    except DOCUMENTED:
        pass


# ------------------------------------------------------ more than two features
feature_refs = st.one_of(st.integers(-6, 6), st.sampled_from(["a", "b", "c", "d", "zz"]),
                         st.none(), st.floats(allow_nan=True), st.booleans())
fills = st.one_of(st.none(), st.sampled_from(["median", "mean", "mode"]),
                  st.dictionaries(feature_refs, numbers, max_size=3),
                  st.lists(numbers, min_size=0, max_size=6))
widths = st.one_of(st.none(), numbers, st.dictionaries(feature_refs, numbers, max_size=2),
                   st.text(max_size=2))


@FAST
@given(features=st.one_of(st.none(), st.lists(feature_refs, min_size=0, max_size=3),
                          st.text(max_size=3)),
       fill=fills, width=widths, frame=st.booleans())
def test_lift_options_give_a_slice_or_a_documented_error(features, fill, width, frame):
    """Issue 9: any features/fill/slice_width either draws a slice (or a map) or
    fails with a documented error, before the model is called, and the data are
    left as they were."""
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    data = pd.DataFrame(X, columns=list("abcd")) if frame else X
    before = np.array(X, copy=True)
    calls = []

    def model(rows):
        calls.append(1)
        rows = np.asarray(rows, dtype=float)
        return (rows[:, 0] + rows[:, 1] > 0).astype(int)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plot_decision_surface(model, data, y, features=features, fill=fill,
                                  slice_width=width, resolution=12, classes=[0, 1],
                                  response="predict")
    except (ValueError, TypeError) as exc:
        assert str(exc)  # a message, naming what was wrong
    finally:
        plt.close("all")
    np.testing.assert_array_equal(np.asarray(data, dtype=float), before)


def _four_features(n=30):
    """A logistic regression on 4 random features: ``(model, X, y)``."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 4))
    y = (X[:, 0] > 0).astype(int)
    return LogisticRegression().fit(X, y), X, y


def _draws_or_names(draw, *args, **kwargs):
    """``draw(*args, **kwargs)`` makes a figure or raises a ValueError / TypeError with
    a message; nothing else (figures closed after)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            draw(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        assert str(exc)
    finally:
        plt.close("all")


# ------------------------------------------ newer entry points (issue 24, round 3)
fill_values = st.one_of(numbers, st.text(max_size=2), st.booleans(), st.none(),
                        st.sampled_from(["x", "y", "p", "q", "zz"]), st.integers(-2, 6))


@FAST
@given(fill=st.dictionaries(st.sampled_from(["k", "s", "c", "t", "a", "nope"]), fill_values,
                            max_size=4))
@example(fill={"k": 1.8446744073709552e+19})  # integral, beyond int64: a local hunt
@example(fill={"k": 9.223372036854776e+18})
def test_mixed_frame_fill_values_are_checked_before_evaluation(mixed_frame, fill):
    """A fill value of the wrong kind is a named error before the grid is evaluated."""
    model, X, y = mixed_frame
    before = X.copy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plot_decision_surface(model, X, y, features=("a", "b"), fill=fill, resolution=10)
    except (ValueError, TypeError) as exc:
        assert "fill" in str(exc)
        assert not isinstance(exc, EvaluationError)
    finally:
        plt.close("all")
    assert X.equals(before)


embeddings = st.one_of(
    st.just("pca"), st.just("magic"), st.just(np.full((30, 2), "a")),
    st.lists(numbers, min_size=60, max_size=60).map(lambda v: np.array(v).reshape(30, 2)),
    st.just(np.zeros((30, 3))), st.just(np.zeros((29, 2))), st.integers(0, 3))


def _huge_embedding(last):
    P = np.zeros((30, 2))
    P[-1, 1] = last
    return P


@FAST
@given(projection=embeddings, inverse=st.sampled_from([None, "knn", "nan", 5]))
@example(projection=_huge_embedding(np.finfo(float).max), inverse="knn")  # CI, stop 26
@example(projection=_huge_embedding(1.63427e308), inverse="knn")
def test_maps_on_hostile_projections(projection, inverse):
    from sklearn.neighbors import KNeighborsRegressor

    class NanInverse(KNeighborsRegressor):
        def predict(self, Z):
            return np.full((len(Z), 4), np.nan)

    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4))
    y = (X[:, 0] > 0).astype(int)
    inv = {"knn": KNeighborsRegressor(3), "nan": NanInverse(3)}.get(inverse, inverse)
    model = LogisticRegression().fit(X, y)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plot_decision_surface(model, X, y, projection=projection, inverse=inv,
                                  resolution=10)
    except (ValueError, TypeError) as exc:
        assert not isinstance(exc, EvaluationError)  # never blamed on the model
        assert "projection" in str(exc) or "inverse" in str(exc) or "embedding" in str(exc)
    finally:
        plt.close("all")


@FAST
@given(opts=st.fixed_dictionaries({}, optional={
    "features": st.one_of(st.none(), st.lists(feature_refs, max_size=4)),
    "fill": fills, "resolution": st.one_of(st.integers(-2, 12), st.just("auto")),
    "hist": st.one_of(st.booleans(), st.just("yes")),
    "figsize": st.one_of(st.none(), st.just((4, 4)), st.just((0, -1))),
}))
def test_pair_matrix_on_hostile_options(opts):
    from surfaceviz import plot_decision_matrix

    model, X, y = _four_features()
    _draws_or_names(plot_decision_matrix, model, X, y, **opts)


@FAST
@given(opts=st.fixed_dictionaries({}, optional={
    "fps": st.one_of(numbers, st.just("10")), "dpi": st.one_of(st.integers(-1, 3), numbers),
    "every": st.integers(-1, 4), "epochs": st.integers(-1, 3),
    "out": st.sampled_from([123, "a\0.gif", "x.avi", "OK.gif", "OK.plotly.html", None]),
    "on_frame": st.sampled_from([None, 5, print]),
    "kind": st.sampled_from(["image", "bogus"]), "response": st.sampled_from([None, "bogus"]),
    "resolution": st.one_of(st.integers(-1, 12), st.just(10**6)),
    "X_test": st.sampled_from([None, "X"]), "y_test": st.sampled_from([None, "y"]),
}))
def test_animations_refuse_before_training(tmp_path_factory, opts):
    """A refused animation never trains the caller's model (it is trained in place)."""
    from sklearn.linear_model import SGDClassifier

    from surfaceviz import animate_training

    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    folder = tmp_path_factory.mktemp("anim")
    opts = dict(opts)
    if isinstance(opts.get("out"), str) and opts["out"].startswith("OK"):
        opts["out"] = folder / opts["out"][2:].lstrip(".").join(["a.", ""])
    opts["X_test"] = X[:5] if opts.get("X_test") == "X" else None
    opts["y_test"] = y[:5] if opts.get("y_test") == "y" else None
    opts.setdefault("resolution", 10)
    opts.setdefault("epochs", 2)
    model = SGDClassifier(random_state=0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            animate_training(model, X, y, **opts)
    except (ValueError, TypeError) as exc:
        assert str(exc)
        assert not hasattr(model, "coef_"), f"trained before refusing: {exc}"
    finally:
        plt.close("all")
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


@FAST
@given(blob=st.binary(max_size=400), zipped=st.booleans())
def test_diff_command_on_crafted_files(tmp_path_factory, grid_file, blob, zipped):
    """Malformed input is exit 2 and one line: never a traceback, never exit 1."""
    import contextlib
    import zipfile

    from surfaceviz.cli import main

    folder = tmp_path_factory.mktemp("diff")
    bad = folder / "b.npz"
    if zipped:
        with zipfile.ZipFile(grid_file) as zin, zipfile.ZipFile(bad, "w") as zout:
            names = zin.namelist()
            victim = names[len(blob) % len(names)]
            for name in names:
                zout.writestr(name, blob if name == victim else zin.read(name))
    else:
        bad.write_bytes(blob)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["diff", str(grid_file), str(bad)])
    if code != 0:
        assert code == 2, err.getvalue()
        assert err.getvalue().startswith("surfaceviz: error: ")
        assert err.getvalue().count("\n") == 1


@pytest.fixture(scope="module")
def grid_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "a.npz"
    SurfaceGrid(x=[0.0, 1.0, 2.0], y=[0.0, 1.0], values=np.array([[0.2, 0.6, 0.9],
                                                                   [0.1, 0.5, 0.7]]),
                response="predict_proba", task="binary", classes=np.array(["no", "yes"]),
                threshold=0.5, pos_label="yes", feature_names=("a", "b"),
                lift={"kind": "slice", "features": ["a", "b"]}).save(path)
    return path


@FAST
@given(tol=st.fixed_dictionaries({}, optional={
    "rtol": st.one_of(numbers, st.none(), st.text(max_size=2)),
    "atol": st.one_of(numbers, st.none()),
    "max_changed": st.one_of(numbers, st.none(), st.just("0.1"))}))
def test_assert_surfaces_close_on_hostile_tolerances(grid_file, tol):
    from surfaceviz.testing import assert_surfaces_close

    try:
        assert_surfaces_close(grid_file, grid_file, **tol)
    except (ValueError, TypeError) as exc:
        assert any(name in str(exc) for name in ("rtol", "atol", "max_changed"))


@FAST
@given(shape=st.lists(st.integers(0, 10**6), min_size=0, max_size=3),
       dtype=st.sampled_from(["<f8", "<i4", "<U0", "<U5", "|b1", "|O"]),
       tail=st.binary(max_size=64), key=st.sampled_from(["x", "values", "classes", "meta"]))
def test_loaders_on_hostile_npy_headers(tmp_path_factory, grid_file, shape, dtype, tail, key):
    """Any declared shape: a FileFormatError or a loaded file, at once, never MemoryError."""
    import zipfile

    from surfaceviz.mlp import MLPClassifier

    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    raw = buf.getvalue() + tail
    path = tmp_path_factory.mktemp("hdr") / "h.npz"
    with zipfile.ZipFile(grid_file) as zin, zipfile.ZipFile(path, "w") as zout:
        for name in zin.namelist():
            if name != key + ".npy":
                zout.writestr(name, zin.read(name))
        zout.writestr(key + ".npy", raw)
    for load in (SurfaceGrid.load, MLPClassifier.load):
        try:
            load(path)
        except FileFormatError:
            pass


@FAST
@given(opts=st.fixed_dictionaries({}, optional={
    "features": st.one_of(st.just((0, 1)), st.lists(feature_refs, max_size=3)),
    "vary": st.one_of(feature_refs, st.lists(st.integers(0, 3), max_size=2)),
    "values": st.one_of(st.none(), st.lists(numbers, max_size=4), st.text(max_size=2)),
    "n": st.one_of(st.integers(-1, 5), st.just(2.5)),
    "fill": fills, "slice_width": widths,
    "ncols": st.one_of(st.none(), st.integers(-1, 4), st.just("2")),
}))
def test_plot_slices_on_hostile_options(opts):
    """Slices: a figure or a named ValueError / TypeError, the data untouched."""
    from surfaceviz import plot_slices

    model, X, y = _four_features()
    before = X.copy()
    _draws_or_names(plot_slices, model, X, y, resolution=10, **opts)
    np.testing.assert_array_equal(X, before)


@FAST
@given(opts=st.fixed_dictionaries({"fill": st.just("average")}, optional={
    "average_rows": st.one_of(st.integers(-2, 40), st.just(2.5), st.just("10")),
    "hold": st.one_of(st.dictionaries(feature_refs, numbers, max_size=2), st.just([1.0])),
    "slice_width": st.one_of(st.none(), st.just(0.5)),
    "features": st.one_of(st.just((0, 1)), st.lists(feature_refs, max_size=3)),
}))
def test_partial_dependence_options_give_a_surface_or_a_named_error(opts):
    """fill="average": a surface, or a ValueError / TypeError before the grid is
    evaluated (the model is called on the data's rows at most)."""
    model, X, y = _four_features()
    _draws_or_names(plot_decision_surface, model, X, y, resolution=8,
                    **{"features": (0, 1), **opts})


@FAST
@given(which=st.sampled_from(["slice", "pca", "supervised-no-y"]))
def test_map_quality_is_a_named_error_off_maps(which):
    model, X, y = _four_features(40)
    if which == "supervised-no-y":
        with pytest.raises(ValueError, match="pass y"):
            evaluate_grid(model, X, projection="supervised", resolution=8)
        return
    disp = plot_decision_surface(model, X, y, resolution=8,
                                 **({"features": (0, 1)} if which == "slice" else {}))
    try:
        if which == "slice":
            with pytest.raises(ValueError, match="apply to maps"):
                disp.map_quality_
        else:
            assert 0 <= disp.map_quality_.pixel_consistency <= 1
    finally:
        plt.close("all")


@pytest.fixture(scope="module")
def mixed_explorer():
    """An explorer of a model on a DataFrame with a real, an integer, a boolean and
    a categorical column (module-scoped: its first picture is drawn once)."""
    pd = pytest.importorskip("pandas")
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    from surfaceviz import Explorer

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80),
                          "k": rng.integers(0, 4, 80), "t": rng.random(80) > 0.5,
                          "c": pd.Categorical(rng.choice(["x", "y", "z"], 80))})
    y = (frame["a"] + frame["k"] > 1.5).astype(int)
    model = make_pipeline(make_column_transformer((OneHotEncoder(), ["c"]),
                                                  remainder="passthrough"),
                          LogisticRegression()).fit(frame, y)
    return Explorer(model, frame, y, features=("a", "b"), resolution=12)


@FAST
@given(values=st.dictionaries(st.sampled_from(["a", "k", "t", "c", "nope", 3, 9]),
                              fill_values, max_size=3),
       features=st.one_of(st.none(), st.lists(feature_refs, max_size=3)),
       width=st.one_of(st.just(...), st.none(), numbers, st.text(max_size=1)))
def test_explorer_changes_are_taken_whole_or_refused(mixed_explorer, values, features, width):
    """A change is checked before any of it is taken: taken, it draws; refused, it
    is a ValueError / TypeError with a message and the state is as it was."""
    ex = mixed_explorer
    before = (list(ex.values), ex.features, ex.slice_width)
    kwargs = {} if width is ... else {"slice_width": width}
    try:
        ex.set(values, features=features, **kwargs)
    except (ValueError, TypeError) as exc:
        assert str(exc)
        assert (list(ex.values), ex.features, ex.slice_width) == before
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert ex.picture()["png"][:4] == b"\x89PNG"
    finally:
        ex.set({k: v for k, v in zip(ex.names, before[0])}, features=before[1],
               slice_width=before[2])
