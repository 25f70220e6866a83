"""Training animations (issue 12): frames are the model as it was after that epoch."""

import numpy as np
import pytest
from PIL import Image
from sklearn.base import clone
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.svm import SVC

from surfaceviz import MLPClassifier, evaluate_grid
from surfaceviz.figures.animate import animate_training
from surfaceviz.datasets import load_moons


@pytest.fixture(scope="module")
def moons300():
    return load_moons(300, noise=0.25, random_state=0)


def _frames(model, X, y, **kwargs):
    grids = []
    anim = animate_training(model, X, y, on_frame=lambda s: grids.append((s.step, s.grid)),
                            **kwargs)
    return anim, grids


def test_mlp_frames_are_snapshots(moons300, tmp_path):
    X, y = moons300
    model = MLPClassifier((16, 16), random_state=0)
    anim, grids = _frames(clone(model), X, y, epochs=6, every=2, resolution=40,
                          out=tmp_path / "a.gif")
    assert [s for s, _ in grids] == [2, 4, 6] and anim.n_frames == 3
    twin = clone(model)
    for epoch in range(1, 7):
        twin.partial_fit(X, y, classes=[0, 1])
        if epoch % 2 == 0:
            expected = evaluate_grid(twin, X, resolution=40, response="predict_proba")
            got = dict(grids)[epoch]
            np.testing.assert_array_equal(got.values, expected.values)
    gif = Image.open(tmp_path / "a.gif")
    assert gif.n_frames == 3 and gif.info["loop"] == 0
    assert [h["step"] for h in anim.history] == [2, 4, 6]
    assert all(h["cost"] is not None for h in anim.history)


def test_partial_fit_estimator_and_html(moons300, tmp_path):
    X, y = moons300
    anim = animate_training(SGDClassifier(random_state=0), X, y, epochs=5, resolution=30,
                            out=tmp_path / "s.html", X_test=X[:50], y_test=y[:50])
    text = (tmp_path / "s.html").read_text()
    assert text.count("frames.push(") == 5 and "<input id=\"slider\"" in text
    assert anim.history[-1]["test_accuracy"] is not None


def test_staged_boosting_frames_equal_smaller_models(moons300):
    X, y = moons300
    gb = GradientBoostingClassifier(n_estimators=6, random_state=0).fit(X, y)
    anim, grids = _frames(gb, X, y, epochs=6, every=3, resolution=30)
    assert [s for s, _ in grids] == [3, 6]
    small = GradientBoostingClassifier(n_estimators=3, random_state=0).fit(X, y)
    expected = evaluate_grid(small, X, resolution=30, response="predict_proba")
    np.testing.assert_allclose(grids[0][1].values, expected.values, rtol=1e-12)
    assert anim.html.count("frames.push(") == 2  # out=None: the player in memory


def test_warm_start_forest_grows(moons300):
    X, y = moons300
    forest = RandomForestClassifier(random_state=0)
    anim, grids = _frames(forest, X, y, epochs=6, every=2, resolution=25)
    assert [s for s, _ in grids] == [2, 4, 6] and len(forest.estimators_) == 6


def test_plotly_frames_and_slider(moons300, tmp_path):
    pytest.importorskip("plotly")
    X, y = moons300
    anim = animate_training(SGDClassifier(random_state=0), X, y, epochs=4, resolution=30,
                            out=tmp_path / "p.plotly.html")
    fig = anim.figure
    assert len(fig.frames) == 4 and [h["step"] for h in anim.history] == [1, 2, 3, 4]
    steps = fig.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == [f.name for f in fig.frames]
    z = [np.asarray(f.data[0].z) for f in fig.frames]
    assert not np.array_equal(z[0], z[-1])  # the slider moves through different pictures
    assert "plotly" in (tmp_path / "p.plotly.html").read_text()[:5000].lower()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"every": 0}, ValueError, "every must be"),
    ({"every": 9, "epochs": 3}, ValueError, r"every must be at most epochs \(3\); got 9"),
    ({"out": "x.avi"}, ValueError, "out must end with one of .gif, .mp4, .html"),
    ({"out": "/no/such/folder/a.gif"}, ValueError, "does not exist"),
])
def test_bad_input(moons300, kwargs, error, match):
    X, y = moons300
    with pytest.raises(error, match=match):
        animate_training(SGDClassifier(), X, y, **{"epochs": 3, **kwargs})


class _Spy(SGDClassifier):
    """Counts its training calls: a refused animation must not train."""

    calls = 0

    def partial_fit(self, X, y, classes=None, **kw):
        type(self).calls += 1
        return super().partial_fit(X, y, classes=classes, **kw)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"fps": 0}, ValueError, r"fps must be in \(0, 100\]; got 0"),
    ({"fps": -1}, ValueError, r"fps must be in \(0, 100\]; got -1"),
    ({"fps": float("nan")}, ValueError, "fps must be in .*; got nan"),
    ({"fps": "10"}, TypeError, "fps must be a number; got str '10'"),
    ({"fps": float("inf"), "out": "PLOTLY"}, ValueError, "fps must be in .*; got inf"),
    ({"fps": 0, "out": "PLOTLY"}, ValueError, "fps must be in"),
    ({"X_test": "X"}, ValueError, "X_test is given without y_test"),
    ({"y_test": "y"}, ValueError, "y_test is given without X_test"),
    ({"out": 123}, TypeError, "out must be a file path .* got int 123"),
    ({"out": "a\0b.gif"}, ValueError, "out must be a file path; .* NUL character"),
    ({"on_frame": 5}, TypeError, "on_frame must be a callable or None; got int 5"),
    ({"dpi": 0}, ValueError, r"dpi must be in \[20, 600\]; got 0"),
    ({"dpi": 1}, ValueError, r"dpi must be in \[20, 600\]; got 1"),
    ({"response": "bogus"}, ValueError, "response must be one of"),
    ({"kind": "bogus"}, ValueError, "kind must be one of"),
    ({"cmap": "nope"}, ValueError, "cmap='nope' is not a matplotlib colour map"),
    ({"scatter_kw": 3}, TypeError, "scatter_kw"),
    ({"colour": "red"}, TypeError, "colour"),
    ({"neurons": True}, TypeError, "neurons=True needs a multi-layer perceptron"),
    ({"resolution": 200_000}, ValueError, "resolution 200000 gives"),
])
def test_bad_input_is_refused_before_the_first_epoch(moons300, tmp_path, kwargs, error, match):
    X, y = moons300
    kwargs = {k: {"X": X[:20], "y": y[:20]}.get(v, v) if isinstance(v, str) else v
              for k, v in kwargs.items()}
    if kwargs.get("out") == "PLOTLY":
        kwargs["out"] = tmp_path / "a.plotly.html"
    _Spy.calls = 0
    model = _Spy(random_state=0)
    with pytest.raises(error, match=match):
        animate_training(model, X, y, epochs=3, resolution=kwargs.pop("resolution", 30),
                         **kwargs)
    assert _Spy.calls == 0 and not hasattr(model, "coef_")
    assert list(tmp_path.iterdir()) == []


def test_neurons_need_hidden_layers_before_training(moons300):
    from sklearn.neural_network import MLPClassifier as SkMLP

    X, y = moons300
    model = SkMLP(hidden_layer_sizes=())
    with pytest.raises(ValueError, match=r"neurons=True needs hidden layers; MLPClassifier "
                                         r"has hidden_layer_sizes=\(\)"):
        animate_training(model, X, y, epochs=2, neurons=True)
    assert not hasattr(model, "coefs_")


def test_model_that_cannot_be_animated(moons300):
    X, y = moons300
    with pytest.raises(TypeError, match="needs partial_fit .* staged outputs .* warm_start"):
        animate_training(SVC(), X, y, epochs=3)


def test_mp4_needs_ffmpeg(moons300, tmp_path, monkeypatch):
    import shutil

    X, y = moons300
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="needs ffmpeg"):
        animate_training(SGDClassifier(), X, y, epochs=2, resolution=20, out=tmp_path / "a.mp4")
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_cli_moons_animation(tmp_path, capsys):
    from surfaceviz.cli import main

    out = tmp_path / "run"
    assert main(["mlp", "train", "--dataset", "moons", "--hidden", "16", "--epochs", "4",
                 "--out", str(out), "--animate", str(tmp_path / "t.gif")]) == 0
    assert Image.open(tmp_path / "t.gif").n_frames == 4
    assert (out / "surface.png").is_file() and (out / "model.npz").is_file()
    assert main(["mlp", "train", "--dataset", "digits", "--animate", "x.gif"]) == 2
    assert "--dataset moons" in capsys.readouterr().err


# ------------------------------------------------------------ neuron maps
def test_neuron_maps_of_the_bundled_mlp(moons300):
    import matplotlib.pyplot as plt

    from surfaceviz import plot_neurons

    X, y = moons300
    model = MLPClassifier((5, 3), activation="tanh", max_epochs=20, random_state=0).fit(X, y)
    fig, maps = plot_neurons(model, X, y, resolution=30)
    assert [k for k, _ in maps] == [0, 1, 2]
    assert maps[0][1].values.shape == (30, 30, 5) and maps[1][1].values.shape == (30, 30, 3)
    # unit 2 of the first layer is tanh(x W[:, 2] + b[2]) at every grid point
    net = model.network_
    g = maps[0][1]
    xx, yy = np.meshgrid(g.x, g.y)
    z = np.tanh(np.c_[xx.ravel(), yy.ravel()].astype(np.float32) @ net.weights[0][:, 2]
                + net.biases[0][2])
    np.testing.assert_allclose(g.values[..., 2].ravel(), z, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(maps[2][1].values.ravel(),
                               model.predict_proba(np.c_[xx.ravel(), yy.ravel()])[:, 1],
                               rtol=1e-5, atol=1e-6)
    assert len([a for a in fig.axes if a.get_images()]) == 5 + 3 + 1
    plt.close(fig)


def test_neuron_maps_of_sklearn_mlp_and_bad_input(moons300):
    import matplotlib.pyplot as plt
    from sklearn.neural_network import MLPRegressor

    from surfaceviz import plot_neurons

    X, y = moons300
    reg = MLPRegressor(hidden_layer_sizes=(4,), max_iter=50, random_state=0).fit(X, y)
    fig, maps = plot_neurons(reg, X, layer=0, resolution=20)
    assert len(maps) == 1 and maps[0][1].values.shape == (20, 20, 4)
    plt.close(fig)
    with pytest.raises(ValueError, match=r"layer must be between 0 and 0"):
        plot_neurons(reg, X, layer=3)
    with pytest.raises(TypeError, match="needs a multi-layer perceptron"):
        plot_neurons(SVC().fit(X, y), X)
    with pytest.raises(ValueError, match="exactly 2 columns"):
        plot_neurons(reg, np.c_[X, X])


@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="ffmpeg not installed")
def test_mp4_through_ffmpeg(moons300, tmp_path):
    import subprocess

    X, y = moons300
    out = tmp_path / "a.mp4"
    anim = animate_training(SGDClassifier(random_state=0), X, y, epochs=6, resolution=30,
                            out=out)
    assert anim.n_frames == 6 and out.stat().st_size > 1000
    probe = subprocess.run(["ffmpeg", "-i", str(out), "-map", "0:v:0", "-f", "null", "-"],
                           capture_output=True, text=True)
    assert "frame=    6" in probe.stderr or "frame=6" in probe.stderr.replace(" ", "")
    assert [p.name for p in tmp_path.iterdir()] == ["a.mp4"]  # no temporary left


def test_neuron_frames(moons300, tmp_path):
    X, y = moons300
    model = MLPClassifier((4, 3), random_state=0)
    anim = animate_training(model, X, y, epochs=3, resolution=30, neurons=True,
                            out=tmp_path / "n.gif")
    gif = Image.open(tmp_path / "n.gif")
    assert anim.n_frames == 3 and gif.n_frames == 3
    assert [h["step"] for h in anim.history] == [1, 2, 3]
    gif.seek(0)
    first = np.asarray(gif.convert("RGB"), dtype=float)
    gif.seek(2)
    assert np.abs(first - np.asarray(gif.convert("RGB"), dtype=float)).max() > 0
    with pytest.raises(ValueError, match="neurons=True animates a multi-layer perceptron"):
        animate_training(GradientBoostingClassifier(n_estimators=3), X, y, epochs=3,
                         neurons=True)


def test_class_regions_are_redrawn_each_frame(iris2, tmp_path):
    """A multiclass model's regions (not one scalar image) are replaced every frame:
    the last frame shows the last model's regions."""
    X, y = iris2
    grids = []
    model = SGDClassifier(random_state=0)
    anim = animate_training(model, X, y, epochs=4, resolution=40, out=tmp_path / "r.gif",
                            on_frame=lambda s: grids.append(s.grid))
    assert not grids[-1].is_scalar and anim.n_frames == 4
    np.testing.assert_array_equal(grids[-1].predicted(),
                                  evaluate_grid(model, X, resolution=40).predicted())
    gif = Image.open(tmp_path / "r.gif")
    frames = []
    for k in (0, 3):
        gif.seek(k)
        frames.append(np.asarray(gif.convert("RGB"), dtype=float))
    assert np.abs(frames[0] - frames[1]).max(axis=-1).mean() > 1


def test_neuron_maps_need_hidden_layers_and_an_index(moons300):
    from sklearn.neural_network import MLPClassifier as SkMLP

    from surfaceviz import plot_neurons

    X, y = moons300
    flat = SkMLP(hidden_layer_sizes=(3,), max_iter=20, random_state=0).fit(X, y)
    flat.coefs_, flat.intercepts_ = flat.coefs_[-1:], flat.intercepts_[-1:]
    flat.coefs_[0] = np.zeros((2, 1))
    with pytest.raises(ValueError, match="MLPClassifier has no hidden layer"):
        plot_neurons(flat, X)
    model = SkMLP(hidden_layer_sizes=(3,), max_iter=20, random_state=0).fit(X, y)
    with pytest.raises(TypeError, match=r"layer must be a hidden layer's index \(0 to 0\)"):
        plot_neurons(model, X, layer="first")


def test_frames_carry_the_colour_bar(moons300):
    """Issue 20 (C10): every frame says what its colours mean (a model at 0.5
    everywhere is a white square, not a missing surface)."""
    X, y = moons300
    anim = animate_training(SGDClassifier(loss="log_loss", random_state=0), X, y, epochs=2,
                            resolution=30, response="predict_proba")
    frame = anim.last_frame.astype(float) / 255.0
    h, w = frame.shape[:2]
    column = frame[int(0.15 * h):int(0.85 * h), int(0.481 * w)]
    top, bottom = column[:5].mean(axis=0), column[-5:].mean(axis=0)
    assert np.abs(top - bottom).sum() > 0.8  # the bar runs between the class colours
    assert top[0] > top[2] and bottom[2] > bottom[0]  # class 1 (red) at the top


class _NoStagedProba(__import__("sklearn.ensemble", fromlist=["x"]).GradientBoostingClassifier):
    """Has predict_proba, but no staged form of it."""

    @property
    def staged_predict_proba(self):
        raise AttributeError("no staged_predict_proba")


def test_staged_frames_use_a_response_with_a_staged_form(moons300):
    X, y = moons300
    anim = animate_training(_NoStagedProba(n_estimators=6, random_state=0), X, y, epochs=6,
                            every=3, resolution=20)
    assert anim.n_frames == 2


# ----------------------------------------- training seen as a map or a slice (issue 23)
@pytest.fixture(scope="module")
def digits400():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X[:400] / 16.0, y[:400]


RESPONSES = ["predict_proba", "decision_function", "predict"]


@pytest.mark.parametrize("options", [{"projection": "pca"}, {"features": (20, 43)},
                                     {"features": (20, 43), "fill": "average",
                                      "average_rows": 20}])
def test_frames_on_many_features_equal_snapshots(digits400, options):
    X, y = digits400
    model = SGDClassifier(random_state=0)
    checked = []

    def check(snap):
        ref = evaluate_grid(model, X, resolution=30, response=RESPONSES, **options)
        np.testing.assert_array_equal(snap.grid.values, ref.values)
        assert snap.fidelity == ref.lift.get("fidelity")
        checked.append(snap.grid.lift)

    anim = animate_training(model, X, y, epochs=3, resolution=30, on_frame=check, **options)
    assert len(checked) == 3 and anim.n_frames == 3
    assert all(lift["kind"] == checked[0]["kind"] for lift in checked)
    if "projection" in options:  # the layout stays: one embedding, a fidelity per frame
        assert all(h["fidelity"] is not None for h in anim.history)
    else:
        assert all(h["fidelity"] is None for h in anim.history)


def test_a_map_frame_keeps_its_labels_inside(digits400):
    from surfaceviz.evaluation.options import EvaluationOptions
    from surfaceviz.evaluation.plan import plan_grid
    from surfaceviz.figures.animate import FrameRenderer, snapshots

    X, y = digits400
    surface = plan_grid(None, X, y, options=EvaluationOptions(resolution=30, projection="pca",
                                                              response=RESPONSES))
    model = SGDClassifier(random_state=0)
    renderer = FrameRenderer(surface.prep.X, y, None, None, 2, "epoch")
    snap = next(snapshots(model, X, y, surface, epochs=2, response=RESPONSES))
    renderer.history.append({"step": 1, "cost": None, "accuracy": snap.accuracy,
                             "test_accuracy": None, "fidelity": snap.fidelity})
    renderer.draw(snap)
    box = renderer.ax.get_tightbbox(renderer.canvas.get_renderer())
    assert box.x0 >= 0 and renderer.ax.get_ylabel().startswith("PC 2")
    assert "fidelity" in renderer._lines


def test_many_feature_options_are_checked_before_training(digits400):
    from sklearn.ensemble import GradientBoostingClassifier

    X, y = digits400
    model = MLPClassifier((4,), random_state=0)
    with pytest.raises(ValueError, match="neurons=True draws a network on its two inputs"):
        animate_training(model, X, y, epochs=2, neurons=True, projection="pca")
    assert not hasattr(model, "network_")
    with pytest.raises(ValueError, match="feature index 99 is out of range"):
        animate_training(SGDClassifier(), X, y, epochs=2, features=(0, 99))
    with pytest.raises(ValueError, match="cannot be animated stage by stage"):
        animate_training(GradientBoostingClassifier(n_estimators=3), X[:, :4], y, epochs=2,
                         features=(0, 1), fill="average")
    with pytest.raises(TypeError, match="needs y"):
        animate_training(SGDClassifier(), X, None, epochs=2, projection="pca")


def test_staged_frames_on_a_slice(digits400):
    from sklearn.ensemble import GradientBoostingClassifier

    X, y = digits400
    X, y = X[:, :6], (y > 4).astype(int)
    model = GradientBoostingClassifier(n_estimators=4, random_state=0).fit(X, y)
    frames = []
    animate_training(model, X, y, epochs=4, resolution=20, features=(1, 3),
                     on_frame=frames.append)
    last = evaluate_grid(model, X, features=(1, 3), resolution=20, response=RESPONSES)
    np.testing.assert_allclose(frames[-1].grid.values, last.values, rtol=1e-12)


def test_watch_a_loop_on_a_map(digits400, tmp_path):
    from surfaceviz import watch

    X, y = digits400
    model = SGDClassifier(random_state=0)
    with watch(model, X, y, epochs=2, out=tmp_path / "m.gif", resolution=25,
               projection="pca") as w:
        for epoch in (1, 2):
            model.partial_fit(X, y, classes=np.unique(y))
            snap = w.frame(epoch)
            ref = evaluate_grid(model, X, resolution=25, projection="pca", response=RESPONSES)
            np.testing.assert_array_equal(snap.grid.values, ref.values)
            assert snap.fidelity == ref.lift["fidelity"]
    assert [h["fidelity"] is not None for h in w.animation.history] == [True, True]


def test_class_region_frames_take_plot_keywords(iris2):
    """scatter_kw (a plot() keyword) used to reach the surface artist on the second
    frame of class regions."""
    X, y = iris2
    anim = animate_training(SGDClassifier(random_state=0), X, y, epochs=2, resolution=20,
                            scatter_kw={"s": 8})
    assert anim.n_frames == 2
