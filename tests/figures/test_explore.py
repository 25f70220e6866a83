"""The explorer's kernel side: state, sliders, pictures, read-out, the widget's
requests and the offline page (the browser side: test_explore_browser.py)."""

import io
import sys

import matplotlib.image as mpimg
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from surfaceviz import EvaluationError, Explorer, plot_decision_surface
from surfaceviz.figures.explore import DPI, FIGSIZE, sliders_for
from surfaceviz.evaluation.lift import read_table

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def iris_frame():
    X, y = load_iris(return_X_y=True, as_frame=True)
    return LogisticRegression(max_iter=1000).fit(X, y), X, y


def pixels(png):
    return mpimg.imread(io.BytesIO(png), format="png")


def static_png(model, X, y, **kwargs):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    plot_decision_surface(model, X, y, ax=fig.add_subplot(), **kwargs)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


class Fragile:
    """A model that fails on slices through sepal lengths above 7 cm."""

    classes_ = np.array([0, 1, 2])

    def predict(self, rows):
        if (np.asarray(rows)[:, 0] > 7).all():  # the slice, not the data
            raise RuntimeError("no sepals that long")
        return np.zeros(len(rows), dtype=int)


def test_picture_is_the_static_call_pixel_for_pixel(iris_frame):
    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=("petal length (cm)", "petal width (cm)"))
    ex.set({"sepal length (cm)": 7.0})
    expected = static_png(model, X, y, features=("petal length (cm)", "petal width (cm)"),
                          fill={"sepal length (cm)": 7.0, "sepal width (cm)": 3.0},
                          refine="auto", resolution=150)
    np.testing.assert_array_equal(pixels(ex.picture()["png"]), pixels(expected))
    # and the explorer says which static call that is
    assert pixels(static_png(model, X, y, **ex.plot_kwargs())).shape == pixels(expected).shape
    assert ex.picture()["title"].startswith("slice at sepal length (cm) = 7")


def test_array_data_and_names_as_the_view_sends_them():
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    ex = Explorer(model, X, y, features=("x2", "x3"))
    assert ex.features == (2, 3)
    ex.set({"x0": 5.0, 1: 3.3})
    assert ex.held() == {"x0": 5.0, "x1": 3.3}
    expected = static_png(model, X, y, features=(2, 3), fill={0: 5.0, 1: 3.3},
                          refine="auto", resolution=150)
    np.testing.assert_array_equal(pixels(ex.picture()["png"]), pixels(expected))


def test_sliders_of_every_column_kind():
    frame = pd.DataFrame({
        "real": [0.5, 1.5, 2.5, 3.5] * 20,
        "few": np.arange(80) % 3,
        "many": np.arange(80),
        "flag": np.arange(80) % 2 == 0,
        "colour": pd.Categorical(["red", "green", "blue", "red"] * 20,
                                 categories=["red", "green", "blue", "violet"]),
        "text": ["a", "b"] * 40})
    s = {sl.name: sl for sl in sliders_for(read_table(frame))}
    assert (s["real"].kind, s["real"].low, s["real"].high) == ("number", 0.5, 3.5)
    assert s["real"].step == pytest.approx(0.03)
    assert (s["few"].kind, s["few"].choices) == ("choice", (0, 1, 2))
    assert (s["many"].kind, s["many"].low, s["many"].high, s["many"].step) == \
        ("integer", 0.0, 79.0, 1.0)
    assert s["flag"].choices == (False, True)
    assert s["colour"].choices == ("red", "green", "blue", "violet")  # its categories
    assert s["text"].choices == ("a", "b")
    assert s["many"].grid(3) == [0, 40, 79] and s["real"].grid(2) == [0.5, 3.5]
    assert s["colour"].grid(2) == ["red", "violet"]


def test_values_are_clamped_and_said_bad_ones_refused(iris_frame):
    model, X, y = iris_frame
    before = X.copy()
    ex = Explorer(model, X, y, features=(2, 3))
    notes = ex.set({"sepal length (cm)": 12.0})
    assert ex.held()["sepal length (cm)"] == 7.9
    assert notes == ex.messages and "outside the data's range [4.3, 7.9]; clamped to 7.9" \
        in notes[0]
    state = dict(ex.held())
    with pytest.raises(TypeError, match="'sepal width \\(cm\\)' must be a number; got str"):
        ex.set({"sepal length (cm)": 5.0, "sepal width (cm)": "wide"})
    with pytest.raises(ValueError, match="finite"):
        ex.set({"sepal width (cm)": float("nan")})
    with pytest.raises(ValueError, match="unknown column 'nope'"):
        ex.set({"nope": 1.0})
    with pytest.raises(ValueError, match="response must be one of"):
        ex.set(response="bogus")
    with pytest.raises(TypeError, match="values must be a dict"):
        ex.set([1.0])
    with pytest.raises(ValueError, match="slice_width"):
        ex.set(slice_width=-1.0)
    assert ex.held() == state  # nothing taken from a refused change
    assert X.equals(before)


def test_choice_sliders_take_only_their_values():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=60), "b": rng.normal(size=60),
                          "flag": rng.random(60) > 0.5})
    y = (frame["a"] + frame["flag"] > 0.5).astype(int)
    model = LogisticRegression().fit(frame, y)
    ex = Explorer(model, frame, y)
    ex.set({"flag": True})
    assert ex.held() == {"flag": True}
    with pytest.raises(ValueError, match=r"'flag' must be one of \[False, True\]; got 1"):
        ex.set({"flag": 1})


def test_through_a_sample_and_bad_samples(iris_frame):
    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=(2, 3), sample=100)
    assert ex.held() == {"sepal length (cm)": 6.3, "sepal width (cm)": 3.3}
    ex.through(-1)
    assert ex.sample == 149
    with pytest.raises(ValueError, match=r"sample must be a row of X, in \[-150, 149\]; got 150"):
        ex.through(150)
    with pytest.raises(TypeError, match="sample must be a row number"):
        ex.through(True)


def test_pictures_are_cached_by_state_within_the_bound(iris_frame):
    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=(2, 3), cache_size=2)
    first = ex.picture()
    ex.set({"sepal length (cm)": 5.0})
    second = ex.picture()
    ex.set({"sepal length (cm)": 5.8})
    assert ex.picture() is first  # back to a cached position: no drawing
    ex.set({"sepal length (cm)": 6.5})
    ex.picture()  # a third picture pushes out the least recently used (5.0)
    ex.set({"sepal length (cm)": 5.0})
    assert ex.picture() is not second


def test_readout_is_the_model_at_the_point(iris_frame):
    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=(2, 3), response="predict_proba")
    ex.set({"sepal length (cm)": 6.0})
    got = ex.readout(4.5, 1.5)
    row = pd.DataFrame([[6.0, 3.0, 4.5, 1.5]], columns=X.columns)
    assert list(got) == ["0", "1", "2"]
    np.testing.assert_allclose(list(got.values()), model.predict_proba(row)[0])


def test_a_failing_position_raises_and_the_explorer_stays_usable(iris_frame):
    _, X, y = iris_frame

    ex = Explorer(Fragile(), X, y, features=(2, 3))
    ex.set({"sepal length (cm)": 7.5})
    with pytest.raises(EvaluationError, match="no sepals that long"):
        ex.picture()
    ex.set({"sepal length (cm)": 5.0})
    assert ex.picture()["png"][:4] == b"\x89PNG"


def test_bad_construction():
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=1000).fit(X[:, :2], y)
    with pytest.raises(ValueError, match="at least 3 features"):
        Explorer(model, X[:, :2], y)
    model4 = LogisticRegression(max_iter=1000).fit(X, y)
    with pytest.raises(ValueError, match="fill must be .* got 'average'"):
        Explorer(model4, X, y, fill="average")
    with pytest.raises(TypeError, match="explore got 'ax' twice"):
        Explorer(model4, X, y, ax=None)
    with pytest.raises(ValueError, match="cache_size"):
        Explorer(model4, X, y, cache_size=0)


# ------------------------------------------------------------------ the page
def test_page_holds_every_combination_once_and_restores_the_state(iris_frame, tmp_path):
    from surfaceviz.figures.explore_page import page_data, page_plan

    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=(2, 3))
    held = dict(ex.held())
    plan = page_plan(ex, steps=3)
    data = page_data(ex, plan)
    assert sorted(data["index"]) == [f"{a},{b}" for a in range(3) for b in range(3)]
    assert len(data["images"]) == len(set(data["images"])) <= 9
    assert [s["name"] for s in data["sliders"]] == ["sepal length (cm)", "sepal width (cm)"]
    assert data["sliders"][0]["values"] == [4.3, 6.1, 7.9]
    assert ex.held() == held
    out = ex.save(tmp_path / "page.html", steps=2, vary="sepal width (cm)", title="<iris>")
    text = open(out, encoding="utf-8").read()
    assert "<title>&lt;iris&gt;</title>" in text and "https://" not in text
    assert '"fixed":{"sepal length (cm)":"5.8"}' in text


def test_page_bounds_and_paths(iris_frame, tmp_path):
    model, X, y = iris_frame
    ex = Explorer(model, X, y, features=(2, 3))
    with pytest.raises(ValueError, match=r"would hold 900 pictures \(30 x 30 values"):
        ex.save(tmp_path / "p.html", steps=30)
    with pytest.raises(ValueError, match="vary must name held features"):
        ex.save(tmp_path / "p.html", vary=["petal length (cm)"])
    with pytest.raises(ValueError, match="must end with .html"):
        ex.save(tmp_path / "p.png")
    with pytest.raises(ValueError, match="does not exist"):
        ex.save(tmp_path / "missing" / "p.html")
    with pytest.raises(ValueError, match="NUL"):
        ex.save("p\0.html")
    with pytest.raises(TypeError, match="path must be a file path"):
        ex.save(5)
    with pytest.raises(ValueError, match="steps"):
        ex.save(tmp_path / "p.html", steps=0)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a part


# ---------------------------------------------------------------- the widget
def test_widget_applies_the_views_requests(iris_frame):
    pytest.importorskip("anywidget")
    from surfaceviz import explore

    model, X, y = iris_frame
    w = explore(model, X, y, features=(2, 3))
    assert w.state["features"] == ["petal length (cm)", "petal width (cm)"]
    assert w.state["responses"] == ["auto", "decision_function", "predict_proba", "predict"]
    assert w.geometry["width"] == 480 and w.image[:4] == b"\x89PNG"
    first = w.image
    w.apply({"kind": "state", "values": {"sepal length (cm)": 7.0}, "id": 3})
    assert w.done == 3 and w.error == "" and w.image != first
    assert w.image == w.explorer.picture()["png"]
    w.apply({"kind": "state", "values": {"sepal length (cm)": 99}, "id": 4})
    assert "clamped to 7.9" in w.state["messages"][0]
    w.apply({"kind": "readout", "x": 4.0, "y": 1.0, "id": 5})
    assert set(w.readout) == {"0", "1", "2"}
    w.apply({"kind": "sample", "sample": 500, "id": 6})
    assert w.error.startswith("ValueError: sample must be a row of X") and w.done == 6
    w.apply({"kind": "bogus", "id": 7})
    assert "unknown request kind 'bogus'" in w.error
    # a click near a drawn point goes through that sample
    k = 120
    w.apply({"kind": "click", "x": float(X.iloc[k, 2]), "y": float(X.iloc[k, 3]), "id": 8})
    row = X.iloc[w.explorer.sample]
    assert (row.iloc[2], row.iloc[3]) == (X.iloc[k, 2], X.iloc[k, 3]) and w.error == ""
    w.apply({"kind": "state", "features": ["sepal length (cm)", "sepal width (cm)"], "id": 9})
    assert w.state["features"] == ["sepal length (cm)", "sepal width (cm)"]


def test_widget_shows_a_failing_position_and_stays_usable(iris_frame):
    pytest.importorskip("anywidget")
    from surfaceviz import explore

    _, X, y = iris_frame

    w = explore(Fragile(), X, y, features=(2, 3))
    before = w.image
    w.apply({"kind": "state", "values": {"sepal length (cm)": 7.5}, "id": 2})
    assert "no sepals that long" in w.error and w.image == before
    w.apply({"kind": "state", "values": {"sepal length (cm)": 5.0}, "id": 3})
    assert w.error == "" and w.done == 3


def test_explore_without_anywidget_names_the_pip_line(iris_frame, monkeypatch):
    import surfaceviz.figures.explore_widget as mod

    model, X, y = iris_frame
    monkeypatch.setattr(mod, "_WIDGET_CLASS", None)
    monkeypatch.setitem(sys.modules, "anywidget", None)
    with pytest.raises(ImportError, match="pip install anywidget"):
        mod.explore(model, X, y)


def test_a_torch_module_explored_and_read_out(iris_frame):
    torch = pytest.importorskip("torch")
    _, X, y = iris_frame
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3),
                              torch.nn.Softmax(dim=1))
    ex = Explorer(net, X.to_numpy(), y.to_numpy(), features=(2, 3))
    assert ex.picture()["png"][:4] == b"\x89PNG"
    got = ex.readout(4.5, 1.5)
    row = torch.tensor([[5.8, 3.0, 4.5, 1.5]], dtype=torch.float32)
    np.testing.assert_allclose(list(got.values()), net(row).detach().numpy()[0], rtol=1e-5)
    assert net.training  # its training flag restored


def test_through_a_row_keeps_each_columns_kind():
    frame = pd.DataFrame({"a": np.linspace(0, 1, 60), "b": np.linspace(1, 0, 60),
                          "k": np.arange(60) % 3,
                          "c": pd.Categorical(["u", "v", "w"] * 20)})
    y = (frame["a"] > 0.5).astype(int)
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    model = make_pipeline(make_column_transformer((OneHotEncoder(), ["c"]),
                                                  remainder="passthrough"),
                          LogisticRegression()).fit(frame, y)
    ex = Explorer(model, frame, y, features=("a", "b"), resolution=12, sample=4)
    held = ex.held()
    assert held == {"k": 1, "c": "v"} and type(held["k"]) is int
    assert ex.picture()["title"].startswith("slice at k = 1, c = v")
    # the page starts each list slider at the explorer's value, and vary= takes an index
    from surfaceviz.figures.explore_page import page_data, page_plan

    data = page_data(ex, page_plan(ex, steps=3, vary=[3]))
    assert data["sliders"] == [{"name": "c", "values": ["u", "v", "w"],
                                "labels": ["u", "v", "w"], "start": 1}]
    assert data["fixed"] == {"k": "1"}


def test_a_click_far_from_every_point_changes_nothing(iris_frame):
    pytest.importorskip("anywidget")
    from surfaceviz import explore

    model, X, y = iris_frame
    w = explore(model, X, y, features=(2, 3))
    before, image = dict(w.explorer.held()), w.image
    w.apply({"kind": "click", "x": 6.8, "y": 0.1, "id": 2})  # an empty corner
    assert w.explorer.held() == before and w.image == image and w.error == ""
    assert w.explorer.sample is None
