"""The planner: one place that validates, decides and evaluates, for every caller."""

import ast
import pathlib
import sys

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.svm import SVC

import surfaceviz
from surfaceviz._utils import validation
from surfaceviz.evaluation import lift as lift_module
from surfaceviz.evaluation import plan as plan_module
from surfaceviz.evaluation.options import EvaluationOptions
from surfaceviz.evaluation.plan import (Bands, GridPlan, plan, plan_grid,
                                        resolve_resolution)

PACKAGE = pathlib.Path(surfaceviz.__file__).resolve().parent


class _Counter:
    """Counts calls of a validator wherever a surfaceviz module bound its name."""

    def __init__(self, monkeypatch, module, name, counted=lambda *a, **k: True):
        self.calls = 0
        original = getattr(module, name)

        def counting(*args, **kwargs):
            if counted(*args, **kwargs):
                self.calls += 1
            return original(*args, **kwargs)

        for mod_name, mod in list(sys.modules.items()):
            if mod_name.startswith("surfaceviz") and getattr(mod, name, None) is original:
                monkeypatch.setattr(mod, name, counting)


@pytest.fixture
def counts(monkeypatch):
    """Validations of X (non-None data) and of the evaluation options."""
    X_checks = _Counter(monkeypatch, validation, "check_X", lambda X, *a, **k: X is not None)
    tables = _Counter(monkeypatch, lift_module, "read_table")
    options = {"n": 0}
    post = EvaluationOptions.__post_init__

    def counting_post(self):
        options["n"] += 1
        post(self)

    monkeypatch.setattr(EvaluationOptions, "__post_init__", counting_post)
    return lambda: (X_checks.calls + tables.calls, options["n"])


def test_one_call_validates_X_and_the_options_once(moons, counts):
    X, y = moons
    model = SVC().fit(X, y)
    surfaceviz.plot_decision_surface(model, X, y)
    assert counts() == (1, 1)


def test_one_call_with_test_points_validates_each_data_set_once(moons, counts):
    X, y = moons
    model = SVC().fit(X[:90], y[:90])
    surfaceviz.plot_decision_surface(model, X[:90], y[:90], X_test=X[90:], y_test=y[90:])
    assert counts() == (2, 1)  # X and X_test


def test_a_slice_validates_its_table_once(counts):
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=500).fit(X, y)
    surfaceviz.plot_decision_surface(model, X, y, features=(2, 3))
    assert counts() == (1, 1)


def test_counter_counts(moons, counts):
    """The counter itself sees a second validation (so the tests above can fail)."""
    X, y = moons
    validation.check_X(X)
    EvaluationOptions()
    assert counts() == (1, 1)


def test_only_the_planner_assembles_the_pipeline():
    """lift -> grid -> response -> strategies is put together in plan.py alone."""
    assembling = {"prepare", "resolve_response", "evaluate_spec", "from_data", "around"}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "plan.py" or path.parent.name == "mlp":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in assembling and path.name not in ("grid.py", "lift.py"):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert not found, found


@pytest.mark.parametrize("entry", ["display", "grid", "comparison", "slices", "matrix", "diff",
                                   "animation", "neurons"])
def test_every_entry_point_goes_through_the_planner(entry, moons, monkeypatch, tmp_path):
    X, y = moons
    model = LogisticRegression().fit(X, y)
    planned = []
    original = GridPlan.for_model

    def recording(self, model, **kwargs):
        planned.append(model)
        return original(self, model, **kwargs)

    monkeypatch.setattr(GridPlan, "for_model", recording)
    X4, y4 = load_iris(return_X_y=True)
    model4 = LogisticRegression(max_iter=500).fit(X4, y4)
    calls = {
        "display": lambda: surfaceviz.plot_decision_surface(model, X, y),
        "grid": lambda: surfaceviz.evaluate_grid(model, X, resolution=20),
        "comparison": lambda: surfaceviz.plot_comparison([model, SVC().fit(X, y)], X, y,
                                                         resolution=20),
        "slices": lambda: surfaceviz.plot_slices(model4, X4, y4, features=(2, 3), vary=0, n=2,
                                                 resolution=20),
        "matrix": lambda: surfaceviz.plot_decision_matrix(
            LogisticRegression(max_iter=500).fit(X4[:, :3], y4), X4[:, :3], y4, resolution=20),
        "diff": lambda: surfaceviz.plot_decision_diff(model, SVC().fit(X, y), X, y,
                                                      resolution=20),
        "animation": lambda: surfaceviz.animate_training(
            SGDClassifier(random_state=0), X, y, epochs=2, resolution=20,
            out=str(tmp_path / "a.gif")),
        "neurons": lambda: surfaceviz.plot_neurons(
            surfaceviz.MLPClassifier(hidden_layer_sizes=(3,), max_epochs=1, random_state=0)
            .fit(X, y), X, y, resolution=20),
    }
    calls[entry]()
    assert planned, f"{entry} did not plan through GridPlan.for_model"


# ------------------------------------------------------------ the resolution rule
def test_resolution_rule():
    assert resolve_resolution(120) == 120
    assert resolve_resolution((30, 40), pixels=(900, 900)) == (30, 40)
    assert resolve_resolution("auto") == plan_module.DEFAULT_RESOLUTION
    assert resolve_resolution("auto", pixels=(10, 4000)) == (50, 500)
    assert resolve_resolution("auto", pixels=(321, 222)) == (321, 222)
    assert resolve_resolution("auto", pixels=(321, 222), strip=True) == (500, 2)


def test_plan_decides_before_evaluating(moons):
    X, y = moons
    calls = []

    def model(points):
        calls.append(len(points))
        return points[:, 0] - 0.5

    p = plan(model, X, options=EvaluationOptions(resolution=(30, 20)))
    assert p.spec.shape == (20, 30) and p.resp.task == "continuous"
    assert sum(calls) < 30 * 20  # only the response's probe so far
    grid = p.evaluate()
    assert grid.values.shape == (20, 30)
    np.testing.assert_allclose(grid.values[0], grid.x - 0.5)


def test_bands_fold_into_the_refinement_levels(moons):
    X, y = moons
    model = SVC().fit(X, y)
    seen = []

    def levels(resp, data_values, class_of_interest):
        seen.append((resp.task, data_values is not None, class_of_interest))
        return [-1.0, 0.0, 1.0]

    p = plan(model, X, y, options=EvaluationOptions(refine="auto"), bands=Bands(levels))
    np.testing.assert_array_equal(p.evaluation_options.refine_levels, [-1.0, 0.0, 1.0])
    assert seen == [("binary", True, None)]
    # continuous colours: refine="auto" goes dense instead of trusting the lattice
    image = plan(model, X, y, options=EvaluationOptions(refine="auto"),
                 bands=Bands(levels, banded=False))
    assert image.evaluation_options.refine is False
    # no bands known: dense as well
    unknown = plan(model, X, y, options=EvaluationOptions(refine="auto"),
                   bands=Bands(lambda *a: None))
    assert unknown.evaluation_options.refine is False


def test_evolve_does_not_validate_again(monkeypatch):
    options = EvaluationOptions(resolution=50)
    monkeypatch.setattr(EvaluationOptions, "__post_init__",
                        lambda self: pytest.fail("validated again"))
    evolved = options.evolve(refine_levels=[0.0])
    assert evolved.refine_levels == [0.0] and evolved.resolution == 50 and options.refine_levels is None
    with pytest.raises(TypeError, match="unknown evaluation options"):
        options.evolve(resolutoin=3)


def test_grid_plan_is_shared_by_two_models(moons):
    X, y = moons
    gp = plan_grid(None, X, y, options=EvaluationOptions(resolution=15))
    a = gp.for_model(LogisticRegression().fit(X, y)).evaluate()
    b = gp.for_model(SVC().fit(X, y)).evaluate()
    np.testing.assert_array_equal(a.x, b.x)
    assert a.response == "decision_function" == b.response


def test_y_test_without_X_test_is_refused(moons):
    X, y = moons
    with pytest.raises(ValueError, match="y_test was given without X_test"):
        plan_grid(None, X, y, y_test=y, options=EvaluationOptions())


def test_response_at_points_of_the_plane_and_of_a_slice(moons, iris):
    from surfaceviz.evaluation.options import EvaluationOptions
    from surfaceviz.evaluation.plan import plan

    X, y = moons
    model = LogisticRegression().fit(X, y)
    p = plan(model, X, y, options=EvaluationOptions(resolution=4))
    pts = np.array([[0.0, 0.5], [1.0, -0.2]])
    np.testing.assert_allclose(p.response_at(pts), model.decision_function(pts))
    X4, y4 = iris
    model4 = LogisticRegression(max_iter=1000).fit(X4, y4)
    p4 = plan(model4, X4, y4, options=EvaluationOptions(features=(2, 3), fill={0: 6.0, 1: 3.0},
                                                         resolution=4))
    rows = np.array([[6.0, 3.0, 4.5, 1.5]])
    np.testing.assert_allclose(p4.response_at([[4.5, 1.5]]), model4.decision_function(rows))
    for bad in ([1.0, 2.0], [[np.nan, 0.0]], [[1.0, 2.0, 3.0]]):
        with pytest.raises(ValueError, match=r"points must be finite, of shape \(n, 2\)"):
            p.response_at(bad)
