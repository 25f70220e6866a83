import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from surfaceviz import GridSpec, SurfaceGrid, evaluate_grid


class Recorder:
    """A callable model that records the size of every call."""

    def __init__(self):
        self.sizes = []

    def __call__(self, points):
        self.sizes.append(len(points))
        return np.sin(points[:, 0]) + points[:, 1]


@pytest.mark.parametrize("batch_size", [1, 7, 64, 10_000])
def test_chunks_bounded_and_result_independent_of_batch_size(moons, batch_size):
    X, _ = moons
    rec = Recorder()
    grid = evaluate_grid(rec, X, resolution=(23, 11), batch_size=batch_size)
    assert max(rec.sizes) <= batch_size
    assert sum(rec.sizes) == 23 * 11
    xx, yy = np.meshgrid(grid.x, grid.y)
    np.testing.assert_allclose(grid.values, np.sin(xx) + yy)


def test_multiclass_chunks_match_single_call(iris2):
    X, y = iris2
    model = LogisticRegression(max_iter=500).fit(X, y)
    a = evaluate_grid(model, X, resolution=30, batch_size=13, response="predict_proba")
    b = evaluate_grid(model, X, resolution=30, batch_size=10**6, response="predict_proba")
    np.testing.assert_array_equal(a.values, b.values)
    assert a.values.shape == (30, 30, 3)


def test_grid_bounds_margin_and_limits(moons):
    X, _ = moons
    grid = evaluate_grid(Recorder(), X, resolution=(5, 6), margin=0.1)
    span = X[:, 0].max() - X[:, 0].min()
    assert grid.x[0] == pytest.approx(X[:, 0].min() - 0.1 * span)
    assert grid.x[-1] == pytest.approx(X[:, 0].max() + 0.1 * span)
    assert grid.values.shape == (6, 5)
    grid = evaluate_grid(Recorder(), X, resolution=4, xlim=(-2, 2), ylim=(0, 1))
    np.testing.assert_allclose(grid.x, np.linspace(-2, 2, 4))
    np.testing.assert_allclose(grid.y, np.linspace(0, 1, 4))


def test_constant_feature_gets_a_sensible_range():
    X = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    spec = GridSpec.from_data(X, resolution=3, margin=0.05)
    low, high = spec.ylim
    assert low < 5.0 < high and high - low >= 1.0
    assert (low + high) / 2 == pytest.approx(5.0)
    single = GridSpec.from_data(np.array([[0.0, 0.0]]), resolution=3, margin=0.0)
    assert single.xlim == (-0.5, 0.5)


def test_gridspec_points_row_major():
    spec = GridSpec(xlim=(0, 2), ylim=(0, 1), nx=3, ny=2)
    pts = spec.points(0, spec.size)
    np.testing.assert_allclose(pts, [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]])
    np.testing.assert_allclose(spec.points(2, 4), [[2, 0], [0, 1]])


def test_feature_names(moons):
    X, _ = moons
    grid = evaluate_grid(Recorder(), X, resolution=3, feature_names=["a", "b"])
    assert grid.feature_names == ("a", "b")
    with pytest.raises(ValueError, match="feature_names must name exactly 2 features"):
        evaluate_grid(Recorder(), X, resolution=3, feature_names=["a"])


def test_progress_bar_shown_when_asked(moons, capsys):
    pytest.importorskip("tqdm")
    evaluate_grid(Recorder(), moons[0], resolution=20, batch_size=50, progress=True)
    assert "evaluating" in capsys.readouterr().err


def test_progress_bar_silent_off_terminal(moons, capsys):
    evaluate_grid(Recorder(), moons[0], resolution=20, batch_size=50)  # not a tty under pytest
    evaluate_grid(Recorder(), moons[0], resolution=20, batch_size=50, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_true_without_tqdm(moons, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)  # makes `import tqdm` fail
    with pytest.raises(ImportError, match="pip install tqdm"):
        evaluate_grid(Recorder(), moons[0], resolution=5, progress=True)


def test_npz_round_trip(tmp_path, iris2):
    X, y = iris2
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    model = LogisticRegression(max_iter=500).fit(X, labels)
    grid = evaluate_grid(model, X, resolution=(12, 9), response="predict_proba",
                         class_of_interest="virginica", feature_names=("len", "wid"))
    path = tmp_path / "surface.npz"
    grid.save(path)
    back = SurfaceGrid.load(path)
    for key in ("x", "y", "values", "classes"):
        np.testing.assert_array_equal(getattr(back, key), getattr(grid, key))
    assert (back.response, back.task, back.class_of_interest, back.feature_names) == (
        "predict_proba", "multiclass", "virginica", ("len", "wid"))
    assert back.threshold is None and back.pos_label is None


def test_npz_round_trip_binary(tmp_path, moons):
    X, y = moons
    grid = evaluate_grid(LogisticRegression().fit(X, y), X, resolution=5)
    grid.save(tmp_path / "b.npz")
    back = SurfaceGrid.load(tmp_path / "b.npz")
    assert (back.threshold, back.pos_label, back.task) == (0.0, 1, "binary")
    np.testing.assert_array_equal(back.predicted(), grid.predicted())


def test_load_rejects_other_npz(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="is not a surfaceviz SurfaceGrid file"):
        SurfaceGrid.load(tmp_path / "other.npz")


def test_parallel_equals_serial(moons):
    from sklearn.svm import SVC

    X, y = moons
    model = SVC().fit(X, y)
    serial = evaluate_grid(model, X, resolution=60, batch_size=500)
    parallel = evaluate_grid(model, X, resolution=60, batch_size=500, n_jobs=2)
    np.testing.assert_array_equal(parallel.values, serial.values)


def test_parallel_with_processes(moons):
    import joblib

    X, y = moons
    model = LogisticRegression().fit(X, y)
    serial = evaluate_grid(model, X, resolution=40, batch_size=300)
    with joblib.parallel_config(backend="loky"):
        parallel = evaluate_grid(model, X, resolution=40, batch_size=300, n_jobs=2)
    np.testing.assert_array_equal(parallel.values, serial.values)


def test_n_jobs_checked(moons):
    with pytest.raises(ValueError, match="n_jobs must be a positive integer, -1 for all cores"):
        evaluate_grid(Recorder(), moons[0], n_jobs=0)
    with pytest.raises(TypeError, match="n_jobs must be an integer or None"):
        evaluate_grid(Recorder(), moons[0], n_jobs=1.5)


class Hungry:
    """Allocates 8 KB of working memory per point (a float64 array of 1,000)."""

    def __init__(self):
        self.sizes = []

    def __call__(self, points):
        self.sizes.append(len(points))
        work = np.ones((len(points), 1000))
        return work.sum(axis=1) * points[:, 0]


def test_max_memory_sizes_batches():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    model = Hungry()
    evaluate_grid(model, X, resolution=300, max_memory="20MB")
    batches = model.sizes[1:]  # after the probe
    assert max(batches) * 8000 <= 20e6 * 1.05
    assert max(batches) * 8000 >= 20e6 * 0.5  # uses the budget, not a tiny batch


def test_max_memory_is_shared_by_parallel_workers():
    """Two workers run two batches at once: each gets half the budget (issue 24:
    n_jobs=2 used to take twice the budget)."""
    import tracemalloc

    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    serial, parallel = Hungry(), Hungry()
    evaluate_grid(serial, X, resolution=300, max_memory="20MB")
    evaluate_grid(parallel, X, resolution=300, max_memory="20MB", n_jobs=2)
    assert max(parallel.sizes[1:]) * 2 <= max(serial.sizes[1:]) * 1.01
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        grid = evaluate_grid(Hungry(), X, resolution=300, max_memory="20MB", n_jobs=2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (peak - base - grid.values.nbytes) <= 20e6 * 1.25


@pytest.mark.parametrize("value, match", [
    ("lots", "max_memory must look like"), ("-5MB", "max_memory must look like"),
    (0, "max_memory must be a positive amount"),
])
def test_max_memory_checked(moons, value, match):
    with pytest.raises(ValueError, match=match):
        evaluate_grid(Recorder(), moons[0], max_memory=value)


def test_max_memory_and_batch_size_exclusive(moons):
    with pytest.raises(ValueError, match="pass batch_size or max_memory, not both"):
        evaluate_grid(Recorder(), moons[0], max_memory="1GB", batch_size=10)


def test_parse_memory_units():
    from surfaceviz.evaluation.evaluate import parse_memory

    assert parse_memory("1GiB") == 2**30
    assert parse_memory("1.5 kb") == 1500
    assert parse_memory(4096) == 4096
    with pytest.raises(TypeError, match="max_memory must be a number of bytes"):
        parse_memory([1])


def test_ignored_options_warn(moons):
    X, y = moons
    model = LogisticRegression().fit(X, y)
    from sklearn.datasets import load_iris

    Xi, yi = load_iris(return_X_y=True)
    three = LogisticRegression(max_iter=500).fit(Xi[:, :2], yi)
    with pytest.warns(UserWarning, match="levels is ignored for label regions"):
        evaluate_grid(three, Xi[:, :2], resolution=20, refine=True, refine_levels=[0.5],
                      response="predict")
    from sklearn.neighbors import KNeighborsClassifier

    with pytest.warns(UserWarning, match="dtype=float32 is ignored for KNeighborsClassifier"):
        evaluate_grid(KNeighborsClassifier().fit(X, y), X, resolution=5, dtype="float32")
    xps = pytest.importorskip("array_api_strict")
    with pytest.warns(UserWarning, match="n_jobs is ignored on a device backend"):
        evaluate_grid(model, X, resolution=5, backend=xps, n_jobs=2)


# --------------------------------------------------- distributed joblib backends
def test_dask_cluster_of_processes_gives_the_serial_result_bit_for_bit(moons):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] not installed")
    import joblib
    from sklearn.svm import SVC

    X, y = moons
    model = SVC().fit(X, y)
    serial = evaluate_grid(model, X, resolution=150)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster), joblib.parallel_config(backend="dask"):
        remote = evaluate_grid(model, X, resolution=150, n_jobs=2, batch_size=4000)
    assert np.array_equal(remote.values, serial.values)


def test_ray_backend_gives_the_serial_result(moons):
    ray = pytest.importorskip("ray", reason="ray is not installed (optional)")
    import joblib
    from ray.util.joblib import register_ray
    from sklearn.svm import SVC

    X, y = moons
    model = SVC().fit(X, y)
    serial = evaluate_grid(model, X, resolution=100)
    register_ray()
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    try:
        with joblib.parallel_config(backend="ray"):
            remote = evaluate_grid(model, X, resolution=100, n_jobs=2, batch_size=2000)
    finally:
        ray.shutdown()
    assert np.array_equal(remote.values, serial.values)


def test_response_is_hashable_for_joblib_backends(moons):
    from surfaceviz.evaluation.response import resolve_response

    X, y = moons
    resp = resolve_response(LogisticRegression().fit(X, y))
    assert {resp: 1}[resp] == 1


# ------------------------------------------------------ max_memory under threads
def test_memory_probe_runs_once_per_model_under_threads(moons, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from surfaceviz.evaluation import evaluate as ev

    X, y = moons
    model = LogisticRegression().fit(X, y)
    calls = []
    real = ev._probe

    def counting(resp, spec):
        calls.append(1)
        return real(resp, spec)

    monkeypatch.setattr(ev, "_probe", counting)
    monkeypatch.setattr(ev, "_PROBE_CACHE", __import__("weakref").WeakKeyDictionary())
    from surfaceviz.evaluation.response import resolve_response

    spec = __import__("surfaceviz").GridSpec.from_data(X, resolution=100)
    with ThreadPoolExecutor(4) as pool:
        sizes = list(pool.map(lambda _: ev.measure_bytes_per_point(resolve_response(model),
                                                                    spec), range(8)))
    assert len(set(sizes)) == 1 and len(calls) == 1
    model.set_params(C=0.5).fit(X, y)  # a changed model is measured again
    ev.measure_bytes_per_point(resolve_response(model), spec)
    assert len(calls) == 2
