"""surfaceviz.testing, the decision diff and the surface_regression plugin."""

import os
from dataclasses import replace

import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.svm import SVC

from surfaceviz import assert_surfaces_close, evaluate_grid, plot_decision_diff
from surfaceviz.evaluation.diff import compare_surfaces, smallest
from surfaceviz.pipelines import make_moons_pipeline

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module")
def data():
    return make_moons(200, noise=0.2, random_state=0)


@pytest.fixture(scope="module")
def grid(data):
    X, y = data
    return evaluate_grid(SVC().fit(X, y), X, resolution=200)


def _flip(g, *points):
    values = g.values.copy()
    for iy, ix in points:
        values[iy, ix] = 2 * g.threshold - values[iy, ix]
    return replace(g, values=values)


def test_identical_and_one_flipped_point(grid, tmp_path):
    assert_surfaces_close(grid, grid, max_changed=0)
    flipped = _flip(grid, (10, 10))
    diff = assert_surfaces_close(flipped, grid)  # 1 of 40,000 points: within 0.1%
    assert diff.changed.sum() == 1
    picture = tmp_path / "out" / "diff.png"
    with pytest.raises(AssertionError, match=r"0\.0025% of the grid's 40,000 points changed "
                                             r"\(1\); changes lie in x in \[") as info:
        assert_surfaces_close(flipped, grid, max_changed=0, diff_path=picture)
    assert picture.is_file() and str(picture) in str(info.value)


def test_many_changes_fail_at_default(grid):
    flipped = _flip(grid, *[(i, i) for i in range(100)])
    with pytest.raises(AssertionError, match=r"0\.2500% .* \(allowed: 0\.1000%\)"):
        assert_surfaces_close(flipped, grid)


def test_mismatched_grids_are_a_clear_error(data, grid):
    X, y = data
    other = evaluate_grid(SVC().fit(X, y), X, resolution=200, xlim=(-3, 3))
    with pytest.raises(ValueError, match="different grids: x in"):
        assert_surfaces_close(other, grid)
    coarse = evaluate_grid(SVC().fit(X, y), X, resolution=100)
    with pytest.raises(ValueError, match=r"shape \(100, 100\) \(ny, nx\) against \(200, 200\)"):
        assert_surfaces_close(coarse, grid)
    reg = evaluate_grid(LinearRegression().fit(X, y), X, resolution=200)
    with pytest.raises(ValueError, match="class map, the other continuous"):
        assert_surfaces_close(reg, grid)
    with pytest.raises(ValueError, match=r"max_changed must be in \[0, 1\]"):
        assert_surfaces_close(grid, grid, max_changed=2)


def test_continuous_values_within_tolerance(data):
    X, y = data
    g = evaluate_grid(LinearRegression().fit(X, y), X, resolution=50)
    nudged = replace(g, values=g.values * (1 + 1e-9))
    assert_surfaces_close(nudged, g)
    with pytest.raises(AssertionError, match="largest difference"):
        assert_surfaces_close(replace(g, values=g.values + 0.01), g)


def test_small_baselines(grid, tmp_path):
    small = smallest(grid)
    assert small.values.dtype == np.uint8
    assert compare_surfaces(small, grid).share == 0
    small.save(tmp_path / "s.npz")
    grid.save(tmp_path / "g.npz")
    assert os.path.getsize(tmp_path / "s.npz") * 20 < os.path.getsize(tmp_path / "g.npz")
    assert_surfaces_close(grid, tmp_path / "s.npz", max_changed=0)


# ---------------------------------------------------------------- the diff
def test_decision_diff_counts_plane_and_points(data):
    X, y = data
    a = make_moons_pipeline("poly-linear-svc").fit(X, y)
    b = make_moons_pipeline("rbf-svc").fit(X, y)
    disp = plot_decision_diff(a, b, X, y, resolution=120)
    ga = evaluate_grid(a, X, resolution=120)
    gb = evaluate_grid(b, X, resolution=120)
    expected = (ga.predicted() != gb.predicted()).mean()
    assert disp.share_plane_ == pytest.approx(expected)
    changed = a.predict(X) != b.predict(X)
    np.testing.assert_array_equal(disp.points_changed_, changed)
    assert disp.share_points_ == pytest.approx(changed.mean())
    assert "of the plane" in disp.note_.get_text()
    labels = [t.get_text() for t in disp.legend_.get_texts()]
    assert any("\u2192" in t for t in labels) and "prediction changed" in labels


def test_decision_diff_of_a_slice(iris, iris_logreg):
    X, y = iris
    a = iris_logreg
    b = LogisticRegression(C=0.05, max_iter=1000).fit(X, y)
    disp = plot_decision_diff(a, b, X, y, features=(2, 3), resolution=60)
    assert disp.grid_a.lift["kind"] == "slice" and 0 < disp.share_plane_ < 1
    with pytest.raises(ValueError, match="model_b gives continuous values"):
        plot_decision_diff(a, LinearRegression().fit(X, y), X, y, features=(2, 3))


# ------------------------------------------------------------------ the CLI
def test_cli_diff_exit_codes(grid, tmp_path, capsys):
    from surfaceviz.cli import main

    grid.save(tmp_path / "a.npz")
    _flip(grid, (5, 5)).save(tmp_path / "b.npz")
    assert main(["diff", str(tmp_path / "a.npz"), str(tmp_path / "a.npz")]) == 0
    assert main(["diff", str(tmp_path / "a.npz"), str(tmp_path / "b.npz")]) == 0
    out = tmp_path / "d.png"
    assert main(["diff", str(tmp_path / "a.npz"), str(tmp_path / "b.npz"), "--max-changed", "0",
                 "--out", str(out)]) == 1
    assert out.is_file()
    assert "0.0025% of the grid" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "a.npz"), str(tmp_path / "missing.npz")]) == 2
    assert capsys.readouterr().err.startswith("surfaceviz: error: ")


# --------------------------------------------------------------- the plugin
PLUGIN_TEST = """
import numpy as np
from sklearn.datasets import make_moons
from sklearn.svm import SVC

C = {C}

def test_model(surface_regression):
    X, y = make_moons(150, noise=0.2, random_state=0)
    surface_regression.check(SVC(C=C).fit(X, y), X, resolution=80)
"""


def test_plugin_writes_then_compares_a_baseline(pytester):
    pytester.makepyfile(test_surface=PLUGIN_TEST.format(C=1.0))
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    baseline = pytester.path / "surface_baselines" / "test_model.npz"
    assert baseline.is_file()
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    # a changed model fails, with a picture and an HTML summary
    pytester.makepyfile(test_surface=PLUGIN_TEST.format(C=1000.0))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*surfaces differ:*changed*"])
    assert (pytester.path / "surface-results" / "test_model.png").is_file()
    assert "surface regression" in (pytester.path / "surface-results" /
                                     "summary.html").read_text()
    # --surface-regen accepts the new behaviour
    pytester.runpytest("--surface-regen").assert_outcomes(
        passed=1)
    pytester.runpytest().assert_outcomes(passed=1)


def test_testing_inputs_are_checked(grid):
    with pytest.raises(TypeError, match="actual must be a SurfaceGrid or the path of a saved "
                                        "one; got list"):
        assert_surfaces_close([1, 2], grid)
    with pytest.raises(TypeError, match="expected must be a SurfaceGrid; got str"):
        compare_surfaces(grid, "g.npz")


PLUGIN_NEEDS_X = """
from sklearn.svm import SVC

def test_model(surface_regression):
    surface_regression.check(SVC())
"""


def test_plugin_check_of_a_model_needs_X(pytester):
    pytester.makepyfile(test_x=PLUGIN_NEEDS_X)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*surface_regression.check needs X to evaluate a model*"])


# ------------------------------------------------ hostile input (issue 24)
PLUGIN_TWO_CLASSES = """
import numpy as np
from sklearn.datasets import make_moons
from sklearn.svm import SVC

X, y = make_moons(150, noise=0.2, random_state=0)


class TestOne:
    def test_same(self, surface_regression):
        surface_regression.check(SVC(C=1.0).fit(X, y), X, resolution=40)


class TestTwo:
    def test_same(self, surface_regression):
        surface_regression.check(SVC(C=1000.0).fit(X, y), X, resolution=40)


def test_names(surface_regression):
    surface_regression.check(SVC(C=1.0).fit(X, y), X, resolution=40, name="a/b")
    surface_regression.check(SVC(C=1000.0).fit(X, y), X, resolution=40, name="a_b")
"""


def test_plugin_gives_every_test_id_and_name_its_own_baseline(pytester):
    pytester.makepyfile(test_two=PLUGIN_TWO_CLASSES)
    pytester.runpytest().assert_outcomes(passed=3)
    names = sorted(p.name for p in (pytester.path / "surface_baselines").iterdir())
    assert len(names) == 4 and len(set(names)) == 4
    assert "TestOne.test_same.npz" in names and "TestTwo.test_same.npz" in names
    assert "test_names-a_b.npz" in names
    assert any(n.startswith("test_names-a_b~") for n in names)
    pytester.runpytest().assert_outcomes(passed=3)  # each compares with its own


def test_plugin_says_when_a_baseline_has_its_old_name(pytester):
    pytester.makepyfile(test_two=PLUGIN_TWO_CLASSES)
    pytester.runpytest().assert_outcomes(passed=3)
    folder = pytester.path / "surface_baselines"
    (folder / "TestOne.test_same.npz").rename(folder / "test_same.npz")
    result = pytester.runpytest("-k", "TestOne")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*baseline is now*TestOne.test_same.npz*test_same.npz has the "
                                 "name surfaceviz 0.2 gave it*"])
    pytester.runpytest("-k", "TestOne", "--surface-regen").assert_outcomes(passed=1)


PLUGIN_BAD_TOLERANCE = """
from surfaceviz import SurfaceGrid
import numpy as np

G = SurfaceGrid(x=[0.0, 1.0], y=[0.0, 1.0], values=np.zeros((2, 2)), response="callable",
                task="continuous")

def test_tol(surface_regression):
    surface_regression.check(G, rtol={rtol})
"""


def test_plugin_checks_tolerances_before_writing(pytester):
    pytester.makepyfile(test_tol=PLUGIN_BAD_TOLERANCE.format(rtol="-1.0"))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*rtol must be >= 0; got -1.0*"])
    assert not (pytester.path / "surface_baselines").exists()


def test_plugin_refuses_a_fifo_baseline(pytester):
    pytester.makepyfile(test_tol=PLUGIN_BAD_TOLERANCE.format(rtol="1e-7"))
    (pytester.path / "surface_baselines").mkdir()
    os.mkfifo(pytester.path / "surface_baselines" / "test_tol.npz")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*test_tol.npz is not a regular file*"])


@pytest.mark.parametrize("kw, error, match", [
    (dict(max_changed="0.1"), TypeError, "max_changed must be a number; got str"),
    (dict(max_changed=None), TypeError, "max_changed must be a number; got NoneType"),
    (dict(max_changed=1.5), ValueError, r"max_changed must be in \[0, 1\]; got 1.5"),
    (dict(rtol=-1), ValueError, "rtol must be >= 0; got -1"),
    (dict(atol=float("nan")), ValueError, "atol must be >= 0; got nan"),
    (dict(atol=float("inf")), ValueError, "atol must be >= 0; got inf"),
])
def test_tolerances_are_checked(grid, kw, error, match):
    with pytest.raises(error, match=match):
        assert_surfaces_close(grid, grid, **kw)
    if "max_changed" not in kw:
        with pytest.raises(error, match=match):
            compare_surfaces(grid, grid, **kw)


@pytest.mark.parametrize("what", ["deep json", "not npy", "huge header", "fifo"])
def test_cli_diff_of_a_crafted_file_is_one_line_exit_2(grid, tmp_path, capsys, what):
    import zipfile

    from surfaceviz.cli import main

    grid.save(tmp_path / "a.npz")
    bad = tmp_path / "b.npz"
    if what == "fifo":
        os.mkfifo(bad)
    else:
        import io

        buf = io.BytesIO()
        if what == "deep json":
            key, raw = "lift", np.array("[" * 100_000 + "]" * 100_000)
            np.save(buf, raw)
        elif what == "not npy":
            key = "values"
            buf.write(b"not an array")
        else:
            key = "values"
            np.lib.format.write_array_header_1_0(
                buf, {"descr": "<f8", "fortran_order": False, "shape": (60000, 60000)})
        with zipfile.ZipFile(tmp_path / "a.npz") as zin, zipfile.ZipFile(bad, "w") as zout:
            for name in zin.namelist():
                if name != key + ".npy":
                    zout.writestr(name, zin.read(name))
            zout.writestr(key + ".npy", buf.getvalue())
    assert main(["diff", str(tmp_path / "a.npz"), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("surfaceviz: error: ") and err.count("\n") == 1
    assert "b.npz" in err


def test_decision_diff_checks_model_b_columns_before_evaluating(data):
    pd = pytest.importorskip("pandas")
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True, as_frame=True)
    calls = []

    class Spy(LogisticRegression):
        def predict_proba(self, Z):
            calls.append(len(Z))
            return super().predict_proba(Z)

    a = Spy(max_iter=500).fit(X, y)
    reordered = LogisticRegression(max_iter=500).fit(X.iloc[:, ::-1], y)
    with pytest.raises(ValueError, match=r"model_b \(LogisticRegression\) was fitted on the "
                                         r"columns \['petal width"):
        plot_decision_diff(a, reordered, X, y, features=(0, 1))
    fewer = LogisticRegression(max_iter=500).fit(X.iloc[:, :3], y)
    with pytest.raises(ValueError, match=r"model_b \(LogisticRegression\) was fitted on 3 "
                                         "features; X has 4 columns"):
        plot_decision_diff(a, fewer, X, y, features=(0, 1))
    assert calls == []  # model_a was never evaluated
    assert isinstance(X, pd.DataFrame)


PLUGIN_TRAVERSAL = """
import numpy as np
from surfaceviz import SurfaceGrid

G = SurfaceGrid(x=[0.0, 1.0], y=[0.0, 1.0], values=np.zeros((2, 2)), response="callable",
                task="continuous")

def test_names(surface_regression):
    surface_regression.check(G, name="../../escaped")
    surface_regression.check(G, name="/abs/path")
"""


def test_plugin_names_never_leave_the_baseline_folder(pytester):
    pytester.makepyfile(test_trav=PLUGIN_TRAVERSAL)
    pytester.runpytest().assert_outcomes(passed=1)
    folder = pytester.path / "surface_baselines"
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 2 and all(n.startswith("test_names-") for n in written)
    outside = [p for p in pytester.path.parent.rglob("escaped*")]
    assert outside == [] and not os.path.exists("/abs/path.npz")
