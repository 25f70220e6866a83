"""Array-namespace evaluation, checked on the CPU with array-api-strict."""

import sys

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression, RidgeClassifier
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, PolynomialFeatures, StandardScaler
from sklearn.svm import SVC, LinearSVC

from surfaceviz import evaluate_grid
from surfaceviz.evaluation.backend import cupy_usable, resolve_backend, to_numpy
from surfaceviz.evaluation.compiled import NotCompilable, compile_response

xps = pytest.importorskip("array_api_strict")


def _binary_models(X, y):
    return [
        LogisticRegression().fit(X, y),
        LinearSVC().fit(X, y),
        RidgeClassifier().fit(X, y),
        make_pipeline(PolynomialFeatures(3), StandardScaler(), LinearSVC(C=10)).fit(X, y),
        make_pipeline(MinMaxScaler(), PolynomialFeatures(2, include_bias=False),
                      LogisticRegression()).fit(X, y),
        MLPClassifier((16, 16), max_iter=400, random_state=0).fit(X, y),
        MLPClassifier((8,), activation="tanh", max_iter=400, random_state=0).fit(X, y),
        MLPClassifier((8,), activation="logistic", max_iter=400, random_state=0).fit(X, y),
    ]


def _methods(model):
    return [m for m in ("decision_function", "predict_proba", "predict") if hasattr(model, m)]


def test_compiled_equals_sklearn_binary(moons):
    X, y = moons
    grid = np.random.default_rng(0).uniform(-2, 3, size=(500, 2))
    for model in _binary_models(X, y):
        for method in _methods(model):
            fn = compile_response(model, method, xps, np.float64)
            out = np.asarray(fn(xps.asarray(grid)))
            expected = getattr(model, method)(grid)
            if getattr(fn, "returns_class_index", False):
                out = model.classes_[out.astype(int)]
                np.testing.assert_array_equal(out, expected)
            else:
                np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12,
                                           err_msg=f"{model} {method}")


def test_compiled_equals_sklearn_multiclass():
    data = load_iris()
    X, y = data.data[:, :2], data.target
    models = [LogisticRegression(max_iter=500).fit(X, y), LinearSVC().fit(X, y),
              MLPClassifier((10,), max_iter=800, random_state=0).fit(X, y)]
    for model in models:
        for method in _methods(model):
            dense = evaluate_grid(model, X, resolution=40, response=method)
            strict = evaluate_grid(model, X, resolution=40, response=method, backend=xps,
                                   dtype="float64")
            np.testing.assert_allclose(strict.values, dense.values, rtol=1e-10, atol=1e-12)


def test_regressors_compile(moons):
    X, y = moons
    for model in (LinearRegression().fit(X, y),
                  MLPRegressor(hidden_layer_sizes=(8,), max_iter=300, random_state=0).fit(X, y),
                  MLPRegressor(hidden_layer_sizes=(8,), loss="poisson", max_iter=300,
                               random_state=0).fit(X, y)):
        dense = evaluate_grid(model, X, resolution=30)
        strict = evaluate_grid(model, X, resolution=30, backend=xps, dtype="float64")
        np.testing.assert_allclose(strict.values, dense.values, rtol=1e-10, atol=1e-12)


def test_float32_within_float32_tolerance(moons):
    X, y = moons
    model = MLPClassifier((64, 64), max_iter=300, random_state=0).fit(X, y)
    dense = evaluate_grid(model, X, resolution=64)
    f32 = evaluate_grid(model, X, resolution=64, backend=xps)  # float32 by default
    np.testing.assert_allclose(f32.values, dense.values, atol=1e-5)
    np.testing.assert_array_equal(f32.predicted(), dense.predicted())
    cpu32 = evaluate_grid(model, X, resolution=64, dtype="float32")
    np.testing.assert_allclose(cpu32.values, dense.values, atol=1e-5)


def test_unsupported_model_falls_back_with_reason(moons):
    from sklearn.neighbors import KNeighborsClassifier

    X, y = moons
    model = KNeighborsClassifier().fit(X, y)
    with pytest.warns(UserWarning, match="KNeighborsClassifier is evaluated on the CPU with "
                                         "NumPy, not on array_api_strict"):
        grid = evaluate_grid(model, X, resolution=10, backend=xps)
    np.testing.assert_allclose(grid.values, evaluate_grid(model, X, resolution=10).values)


@pytest.mark.parametrize("kernel", ["rbf", "poly", "linear", "sigmoid"])
def test_two_class_svc_compiles(moons, kernel):
    from sklearn.svm import NuSVC

    X, y = moons
    for model in (SVC(kernel=kernel, coef0=1.0, gamma=0.8).fit(X, y),
                  NuSVC(kernel=kernel, coef0=0.5).fit(X, y)):
        for method in ("decision_function", "predict"):
            dense = evaluate_grid(model, X, resolution=33, response=method)
            strict = evaluate_grid(model, X, resolution=33, response=method, backend=xps,
                                   dtype="float64")
            np.testing.assert_allclose(strict.values, dense.values, rtol=1e-9, atol=1e-9)


def test_svc_kernel_matrix_is_bounded(monkeypatch, moons):
    from surfaceviz.evaluation import compiled

    X, y = moons
    model = SVC().fit(X, y)
    monkeypatch.setattr(compiled, "_SVC_KERNEL_ELEMENTS", 7 * len(model.support_))
    fn = compiled.compile_response(model, "decision_function", np, np.float64)
    pts = np.random.default_rng(0).normal(size=(50, 2))
    np.testing.assert_allclose(fn(pts), model.decision_function(pts), rtol=1e-10)


def test_multiclass_svc_is_not_compiled(iris2):
    X, y = iris2
    with pytest.raises(NotCompilable, match="SVC with 3 classes"):
        compile_response(SVC().fit(X, y), "decision_function", xps)


def test_unsupported_pipeline_step(moons):
    from sklearn.decomposition import PCA

    X, y = moons
    model = make_pipeline(PCA(2), LogisticRegression()).fit(X, y)
    with pytest.raises(NotCompilable, match="pipeline step PCA"):
        compile_response(model, "decision_function", xps)


def test_callable_gets_backend_arrays(moons):
    seen = []

    def f(points):
        seen.append(type(points).__module__)
        return points[:, 0] * 2.0

    grid = evaluate_grid(f, moons[0], resolution=8, backend=xps, dtype="float64")
    assert seen and all(m.startswith("array_api_strict") for m in seen)
    np.testing.assert_allclose(grid.values[0], grid.x * 2)


def test_hook_protocol(moons):
    class Doubler:
        def predict(self, X):
            return X[:, 0] * 2

        def __surfaceviz_compile__(self, method, xp, dtype):
            return lambda p: p[:, 0] * 2

    grid = evaluate_grid(Doubler(), moons[0], resolution=6, backend=xps)
    np.testing.assert_allclose(grid.values[0], grid.x * 2, rtol=1e-6)


def test_backend_names_and_errors(monkeypatch):
    assert resolve_backend("numpy")[0] is np
    with pytest.raises(ValueError, match="backend must be one of 'numpy', 'cupy', 'auto'; got 'torch'"):
        resolve_backend("torch")
    with pytest.raises(TypeError, match="backend must be one of"):
        resolve_backend(3)
    with pytest.raises(TypeError, match="is not an array namespace"):
        resolve_backend(sys)
    if not cupy_usable():
        assert resolve_backend("auto")[0] is np


def test_cupy_missing_gives_pip_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)
    with pytest.raises(ImportError, match="pip install cupy-cuda12x"):
        resolve_backend("cupy")
    assert resolve_backend("auto")[0] is np  # quietly NumPy
    assert not cupy_usable()


def test_cupy_without_gpu_is_a_clear_error(monkeypatch):
    import types

    fake = types.ModuleType("cupy")
    fake.cuda = types.SimpleNamespace(is_available=lambda: False)
    monkeypatch.setitem(sys.modules, "cupy", fake)
    with pytest.raises(RuntimeError, match="needs a CUDA GPU"):
        resolve_backend("cupy")
    assert resolve_backend("auto")[0] is np


def test_to_numpy():
    a = xps.asarray(np.arange(3.0))
    out = to_numpy(a)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [0, 1, 2])
    b = np.ones(2)
    assert to_numpy(b) is b


def test_bad_dtype(moons):
    with pytest.raises(ValueError, match="dtype must be 'float32' or 'float64'"):
        evaluate_grid(lambda p: p[:, 0], moons[0], resolution=4, dtype="int8")


def test_device_points_built_in_namespace(moons):
    seen = []

    def f(points):
        seen.append(type(points).__module__)
        return points[:, 0] + points[:, 1]

    dense = evaluate_grid(lambda p: p[:, 0] + p[:, 1], moons[0], resolution=(9, 7))
    strict = evaluate_grid(f, moons[0], resolution=(9, 7), backend=xps, dtype="float64",
                           batch_size=10)
    assert all(m.startswith("array_api_strict") for m in seen)
    np.testing.assert_allclose(strict.values, dense.values)


def test_device_adaptive(moons):
    X, y = moons
    model = make_pipeline(PolynomialFeatures(3), StandardScaler(), LinearSVC(C=10)).fit(X, y)
    dense = evaluate_grid(model, X, resolution=129)
    fast = evaluate_grid(model, X, resolution=129, backend=xps, refine=True, coarse_step=8)
    assert (fast.predicted() != dense.predicted()).mean() < 0.001


def test_device_error_is_reraised_with_context(moons):
    def broken(points):
        raise FloatingPointError("bad")

    from surfaceviz import EvaluationError

    with pytest.raises(EvaluationError, match=r"broken\.callable raised FloatingPointError"):
        evaluate_grid(broken, moons[0], resolution=4, backend=xps)


def test_array_api_dispatch_needs_scipy_flag_else_falls_back(monkeypatch):
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    monkeypatch.delenv("SCIPY_ARRAY_API", raising=False)
    data = load_iris()
    X, y = data.data[:, :2], data.target
    model = LinearDiscriminantAnalysis().fit(X, y)
    dense = evaluate_grid(model, X, resolution=15, response="predict_proba")
    import os
    import subprocess

    if os.environ.get("SCIPY_ARRAY_API") != "1":
        with pytest.warns(UserWarning, match="evaluated on the CPU with NumPy"):
            fallback = evaluate_grid(model, X, resolution=15, response="predict_proba",
                                     backend=xps, dtype="float64")
        np.testing.assert_allclose(fallback.values, dense.values)
    code = (
        "import numpy as np, warnings, array_api_strict as xps\n"
        "from sklearn.discriminant_analysis import LinearDiscriminantAnalysis\n"
        "from sklearn.datasets import load_iris\n"
        "from surfaceviz import evaluate_grid\n"
        "d = load_iris(); X, y = d.data[:, :2], d.target\n"
        "m = LinearDiscriminantAnalysis().fit(X, y)\n"
        "warnings.simplefilter('error')\n"
        "a = evaluate_grid(m, X, resolution=15, response='predict_proba')\n"
        "b = evaluate_grid(m, X, resolution=15, response='predict_proba', backend=xps,"
        " dtype='float64')\n"
        "print(float(np.abs(a.values - b.values).max()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "SCIPY_ARRAY_API": "1"}, timeout=120)
    assert out.returncode == 0, out.stderr[-1500:]
    assert float(out.stdout.strip()) < 1e-12


def test_fitted_arrays_are_converted_on_a_copy():
    """compiled.with_converted_arrays (our public-attribute walk, instead of
    scikit-learn's private helper): arrays converted, nested estimators too, the
    model left as it was."""
    from sklearn.datasets import make_moons
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    from surfaceviz.evaluation.compiled import with_converted_arrays

    X, y = make_moons(60, random_state=0)
    model = OneVsRestClassifier(LogisticRegression()).fit(X, y)
    seen = []

    def convert(a):
        seen.append(a.shape)
        return a.astype(np.float32)

    copy = with_converted_arrays(model, convert)
    assert copy is not model and seen
    assert model.classes_.dtype != np.float32  # the original is untouched
    assert copy.classes_.dtype == np.float32
    assert copy.estimator.__dict__ is not model.estimator.__dict__
