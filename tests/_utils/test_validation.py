import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.svm import SVC, LinearSVC

from surfaceviz import EvaluationError, evaluate_grid, plot_decision_surface
from surfaceviz._utils.validation import MAX_GRID_POINTS, check_resolution


@pytest.fixture
def fitted(moons):
    X, y = moons
    return LogisticRegression().fit(X, y)


def test_unfitted_model_raises_not_fitted(moons):
    X, y = moons
    with pytest.raises(NotFittedError, match="not fitted"):
        plot_decision_surface(SVC(), X, y)


@pytest.mark.parametrize(
    "bad, match",
    [
        (np.zeros(5), r"X must be a 2-D array .* got 1-D"),
        (np.zeros((5, 3)), r"LogisticRegression was fitted on 2 features; X has 3 columns\. .*features="),
        (np.zeros((5, 1)), r"fitted on 2 features; X has 1 columns"),
        (np.zeros((0, 2)), r"X is empty"),
        (np.array([[0.0, 1.0], [np.nan, 2.0]]), r"X contains NaN or infinity in 1 row"),
        (np.array([[0.0, np.inf], [1.0, 2.0]]), r"X contains NaN or infinity"),
    ],
)
def test_bad_X(fitted, bad, match):
    with pytest.raises(ValueError, match=match):
        plot_decision_surface(fitted, bad)


def test_X_not_numeric(fitted):
    with pytest.raises(TypeError, match="X must be a numeric array-like"):
        plot_decision_surface(fitted, [["a", "b"], ["c", "d"]])


def test_dataframe_with_many_columns_suggests_columns(fitted):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(np.zeros((4, 3)), columns=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"fitted on 2 features; X has 3 columns.*features="):
        plot_decision_surface(fitted, df)


def test_y_wrong_length(fitted, moons):
    X, y = moons
    with pytest.raises(ValueError, match=r"y must have one entry per sample of X \(120\); got 119"):
        plot_decision_surface(fitted, X, y[:-1])


def test_y_test_wrong_length(fitted, moons):
    X, y = moons
    with pytest.raises(ValueError, match=r"y_test must have one entry per sample"):
        plot_decision_surface(fitted, X, y, X_test=X[:10], y_test=y[:9])


def test_y_test_without_X_test(fitted, moons):
    X, y = moons
    with pytest.raises(ValueError, match="y_test was given without X_test"):
        plot_decision_surface(fitted, X, y, y_test=y)


@pytest.mark.parametrize("resolution", [1, 0, -3, (10, 1)])
def test_resolution_too_small(fitted, moons, resolution):
    with pytest.raises(ValueError, match="resolution must be an integer greater than 1"):
        evaluate_grid(fitted, moons[0], resolution=resolution)


@pytest.mark.parametrize("resolution", [2.5, "high", (3, 4, 5), True])
def test_resolution_bad_type(fitted, moons, resolution):
    with pytest.raises((TypeError, ValueError), match="resolution"):
        plot_decision_surface(fitted, moons[0], resolution=resolution)


def test_resolution_absurd_gives_memory_estimate(fitted, moons):
    with pytest.raises(ValueError, match=r"400,000,000 grid points, about 3\.0 GiB"):
        evaluate_grid(fitted, moons[0], resolution=20_000)
    with pytest.raises(ValueError, match="GiB"):
        check_resolution((MAX_GRID_POINTS // 2 + 1, 2))


def test_negative_margin(fitted, moons):
    with pytest.raises(ValueError, match=r"margin must be a finite number >= 0 .* got -0\.1"):
        plot_decision_surface(fitted, moons[0], margin=-0.1)


def test_bad_limits(fitted, moons):
    with pytest.raises(ValueError, match=r"xlim must be two finite numbers with low < high"):
        evaluate_grid(fitted, moons[0], xlim=(1, 0))
    with pytest.raises(TypeError, match=r"ylim must be a pair of numbers"):
        evaluate_grid(fitted, moons[0], ylim=3)


def test_unknown_response(fitted, moons):
    with pytest.raises(ValueError, match=r"response must be one of 'auto', .* got 'proba'"):
        plot_decision_surface(fitted, moons[0], response="proba")


def test_unknown_kind(fitted, moons):
    with pytest.raises(ValueError, match=r"kind must be one of 'contourf', .* got 'surface'"):
        plot_decision_surface(fitted, moons[0], kind="surface")


def test_missing_response_method_names_model_and_methods(moons):
    X, y = moons
    model = LinearSVC().fit(X, y)
    with pytest.raises(
        AttributeError, match=r"LinearSVC has no predict_proba .* it has: decision_function, predict"
    ):
        plot_decision_surface(model, X, response="predict_proba")


def test_class_of_interest_not_a_class(fitted, moons):
    with pytest.raises(ValueError, match=r"class_of_interest must be one of the classes \[.*\]; got 7"):
        plot_decision_surface(fitted, moons[0], class_of_interest=7)


def test_predict_raising_is_reraised_with_context(moons):
    class Broken:
        def predict(self, X):
            raise ZeroDivisionError("boom")

    with pytest.raises(EvaluationError, match=r"Broken\.predict raised ZeroDivisionError .* boom") as info:
        evaluate_grid(Broken(), moons[0], resolution=5)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_callable_raising_is_reraised(moons):
    def f(points):
        raise KeyError("nope")

    with pytest.raises(EvaluationError, match=r"f\.callable raised KeyError"):
        evaluate_grid(f, moons[0], resolution=4)


def test_model_returning_wrong_shape(moons):
    with pytest.raises(ValueError, match=r"returned shape \(3,\) for 16 points"):
        evaluate_grid(lambda p: np.zeros(3), moons[0], resolution=4)


def test_not_a_model(moons):
    with pytest.raises(TypeError, match="model must be a fitted estimator with predict"):
        evaluate_grid(42, moons[0])


def test_batch_size_checked(fitted, moons):
    with pytest.raises(ValueError, match="batch_size must be an integer of at least 1; got 0"):
        evaluate_grid(fitted, moons[0], batch_size=0)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        evaluate_grid(fitted, moons[0], batch_size=1.5)


def test_progress_checked(fitted, moons):
    with pytest.raises(TypeError, match="progress must be True, False or None"):
        evaluate_grid(fitted, moons[0], progress="yes")


def test_regressor_has_no_decision_function(moons):
    X, y = moons
    with pytest.raises(AttributeError, match="LinearRegression has no decision_function"):
        evaluate_grid(LinearRegression().fit(X, y), X, response="decision_function")


def test_inputs_never_modified(moons):
    X, y = moons
    X_list = X.tolist()
    Xw, yw = np.array(X), np.array(y)
    model = SVC().fit(Xw, yw)
    plot_decision_surface(model, Xw, yw, X_test=Xw[:5], y_test=yw[:5], resolution=20)
    np.testing.assert_array_equal(Xw, X)
    np.testing.assert_array_equal(yw, y)
    plot_decision_surface(model, X_list, y.tolist(), resolution=10)
    assert X_list == X.tolist()
    # read-only inputs work (nothing tries to write to them)
    plot_decision_surface(model, X, y, resolution=10)


def test_no_figure_left_behind_on_bad_input(fitted, moons):
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    with pytest.raises(ValueError):
        plot_decision_surface(fitted, moons[0], margin=-1)
    with pytest.raises(ValueError):
        plot_decision_surface(fitted, moons[0], kind="nope")
    assert len(plt.get_fignums()) == before


def test_range_overflow_is_a_clear_error():
    X = np.array([[-1e308, 0.0], [1e308, 1.0]])
    with pytest.raises(ValueError, match=r"first feature of X spans .* pass xlim/ylim"):
        evaluate_grid(lambda p: p[:, 0], X, resolution=4)
    grid = evaluate_grid(lambda p: p[:, 0], X, resolution=4, xlim=(-1, 1))
    assert np.isfinite(grid.values).all()


@pytest.mark.parametrize("top", [np.finfo(float).max, 1.7e308])
def test_range_at_the_largest_float_is_a_clear_error(top):
    # np.spacing of the largest float is inf: the range must not be taken for a
    # constant feature (it was, and the grid missed the data: stop 26's CI)
    X = np.array([[0.0, 0.0], [0.0, top]])
    with pytest.raises(ValueError, match=r"second feature of X spans \[0, 1.7.*e\+308\]"):
        evaluate_grid(lambda p: p[:, 0], X, resolution=4)


def test_a_map_names_its_embedding_when_its_range_overflows(moons):
    X = np.c_[moons[0], moons[0]]
    model = LogisticRegression().fit(X, moons[1])
    P = np.zeros((len(X), 2))
    P[0, 0] = np.finfo(float).max
    with pytest.raises(ValueError, match="first feature of the projection's embedding spans"):
        plot_decision_surface(model, X, moons[1], projection=P,
                              inverse=KNeighborsRegressor(3), resolution=8)


def test_no_figure_left_behind_on_late_errors(moons):
    import matplotlib.pyplot as plt

    X, y = moons
    model = LogisticRegression().fit(X, y)
    before = len(plt.get_fignums())
    with pytest.raises(ValueError, match="margin_lines=True"):
        plot_decision_surface(model, X, y, response="predict_proba", margin_lines=True,
                              resolution=10)
    with pytest.raises(EvaluationError):
        plot_decision_surface(lambda p: 1 / 0, X, resolution=10)
    assert len(plt.get_fignums()) == before


def test_y_not_one_dimensional(moons):
    X, y = moons
    with pytest.raises(ValueError, match=r"y must be 1-D of length 120; got shape \(120, 2\)"):
        plot_decision_surface(LogisticRegression().fit(X, y), X, np.c_[y, y])


def test_callable_with_several_outputs_needs_classes(moons):
    with pytest.raises(ValueError, match="a single value per point was expected"):
        evaluate_grid(lambda p: np.c_[p, p], moons[0], resolution=4)


# ------------------------------------------------------------ check_range
def test_check_range_wording():
    from surfaceviz._utils.validation import check_range

    assert check_range("dropout", 0.5, 0.0, 1.0) == 0.5
    with pytest.raises(ValueError, match=r"dropout must be in \[0, 1\); got 1.0"):
        check_range("dropout", 1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"frac must be in \(0, 1\]; got 0"):
        check_range("frac", 0, 0, 1, include_low=False, include_high=True)
    with pytest.raises(ValueError, match="lr must be a positive number; got -1"):
        check_range("lr", -1, 0.0, include_low=False)
    with pytest.raises(ValueError, match="lr must be a positive number; got inf"):
        check_range("lr", float("inf"), 0.0, include_low=False)
    with pytest.raises(ValueError, match="alpha must be >= 0; got nan"):
        check_range("alpha", float("nan"), 0.0)
    with pytest.raises(ValueError, match="n must be an integer >= 1; got 0"):
        check_range("n", 0, 1, integer=True)
    with pytest.raises(TypeError, match="n must be an integer; got float 1.5"):
        check_range("n", 1.5, 1, integer=True)
    with pytest.raises(TypeError, match="x must be a number; got bool True"):
        check_range("x", True, 0)


def test_progress_bar_policy(monkeypatch):
    from surfaceviz._utils.progress import progress_bar

    with pytest.raises(TypeError, match="progress must be True, False or None; got str 'yes'"):
        progress_bar("yes", total=3, desc="d", unit="u")
    assert progress_bar(False, total=3, desc="d", unit="u") is None
    assert progress_bar(None, total=3, desc="d", unit="u") is None  # pytest's stderr: no tty
    pytest.importorskip("tqdm")
    bar = progress_bar(True, total=3, desc="d", unit="u")
    try:
        assert bar.total == 3 and bar.desc.startswith("d")
    finally:
        bar.close()
    import sys

    import surfaceviz._utils.optional as optional

    monkeypatch.setitem(sys.modules, "tqdm", None)  # tqdm not installed
    with pytest.raises(ImportError, match="pip install tqdm"):
        progress_bar(True, total=3, desc="d", unit="u")
    assert optional  # the hint comes from surfaceviz._utils.optional


# ------------------------------------------------------ hostile inputs (issue 11)
@pytest.mark.parametrize("y_bad, rows", [
    (np.array([0.0, np.nan, 1.0, np.nan]), "1, 3"),
    (np.array([0, None, 1, 1], dtype=object), "1"),
    (np.array(["a", "b", None, "a"], dtype=object), "2"),
    (np.array([0.0, np.inf, 1.0, 0.0]), "1"),
])
def test_missing_labels_are_named(y_bad, rows):
    from surfaceviz import plot_decision_surface

    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match=rf"y has missing or non-finite values .* row\(s\): {rows};"):
        plot_decision_surface(lambda p: p[:, 0], X, y_bad, resolution=10)


def test_complex_X_is_refused(moons):
    X, _ = moons
    with pytest.raises(TypeError, match="X must hold real numbers; got complex values"):
        evaluate_grid(lambda p: p[:, 0], X + 1j, resolution=5)


@pytest.mark.parametrize("xlim, match", [
    ((-1e308, 1e308), "wider than floating-point numbers can grid"),
    ((1.0, 1.0 + 1e-15), "too narrow for distinct grid points"),
])
def test_grid_limits_must_give_finite_distinct_points(moons, xlim, match):
    X, _ = moons
    with pytest.raises(ValueError, match=f"xlim spans .*{match}"):
        evaluate_grid(lambda p: p[:, 0], X, xlim=xlim, resolution=5)


def test_subnormal_feature_is_treated_as_constant():
    X = np.column_stack([np.linspace(0, 2e-321, 10), np.linspace(0, 1, 10)])
    g = evaluate_grid(lambda p: p[:, 1], X, resolution=50)
    assert len(np.unique(g.x)) == 50 and np.all(np.isfinite(g.x))
    assert g.x[0] < 0 < g.x[-1]


def test_resolution_cap_counts_every_output_column():
    from sklearn.linear_model import LogisticRegression

    X = np.random.default_rng(0).random((60, 2))
    y = np.arange(60) % 10
    model = LogisticRegression(max_iter=200).fit(X, y)
    side = int(np.sqrt(MAX_GRID_POINTS / 10)) + 10  # fine for 1 output, not for 10
    with pytest.raises(ValueError, match=r"grid points x 10 outputs, about .* GiB"):
        evaluate_grid(model, X, resolution=side, response="predict_proba")


def test_check_levels():
    from surfaceviz._utils.validation import check_levels

    assert check_levels(None) is None and check_levels(5) == 5
    assert check_levels([0, 0.5, 1]) == [0, 0.5, 1]
    with pytest.raises(ValueError, match="levels must be an integer of at least 1; got -3"):
        check_levels(-3)
    with pytest.raises(ValueError, match="levels must be a count or a 1-D increasing sequence"):
        check_levels([1, 0])
    with pytest.raises(TypeError, match="levels must be an int or a sequence of numbers"):
        check_levels("many")
