"""surfaceviz.watch: frames of a training loop the caller runs (issue 21)."""

import os

import numpy as np
import pytest
from PIL import Image
from sklearn.linear_model import SGDClassifier

import surfaceviz
from surfaceviz import evaluate_grid, watch

os.environ.setdefault("KERAS_BACKEND", "torch")
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")


@pytest.fixture(scope="module")
def moons():
    from sklearn.datasets import make_moons

    return make_moons(200, noise=0.2, random_state=0)


def _sgd_loop(w, model, X, y, epochs):
    snaps = []
    for epoch in range(1, epochs + 1):
        model.partial_fit(X, y, classes=[0, 1])
        snap = w.frame(epoch, cost=1.0 / epoch)
        ref = evaluate_grid(model, X, resolution=40,
                            response=["predict_proba", "decision_function", "predict"])
        np.testing.assert_array_equal(snap.grid.values, ref.values)  # the frame is a snapshot
        snaps.append(snap)
    return snaps


def test_frames_of_a_users_loop_equal_snapshots(moons, tmp_path):
    X, y = moons
    model = SGDClassifier(random_state=0)
    out = tmp_path / "loop.gif"
    with watch(model, X, y, epochs=4, out=out, resolution=40) as w:
        snaps = _sgd_loop(w, model, X, y, 4)
    assert w.animation.n_frames == 4 and Image.open(out).n_frames == 4
    assert [h["step"] for h in w.animation.history] == [1, 2, 3, 4]
    assert [h["cost"] for h in w.animation.history] == [1.0, 0.5, 1 / 3, 0.25]
    acc = float(np.mean(model.predict(X) == y))
    assert snaps[-1].accuracy == pytest.approx(acc)
    assert os.listdir(tmp_path) == ["loop.gif"]


def test_an_exception_in_the_block_leaves_no_file(moons, tmp_path):
    X, y = moons
    model = SGDClassifier(random_state=0)
    with pytest.raises(KeyboardInterrupt):
        with watch(model, X, y, epochs=5, out=tmp_path / "t.gif", resolution=30) as w:
            model.partial_fit(X, y, classes=[0, 1])
            w.frame(1)
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_a_writer_failure_reaches_the_caller(moons, tmp_path, monkeypatch):
    from surfaceviz.figures import animate

    def broken(f, frames, fps):
        next(iter(frames))
        raise OSError("disk full")

    monkeypatch.setattr(animate, "write_gif", broken)
    X, y = moons
    model = SGDClassifier(random_state=0)
    with pytest.raises(OSError, match="disk full"):
        with watch(model, X, y, epochs=20, out=tmp_path / "t.gif", resolution=30) as w:
            for epoch in range(1, 21):
                model.partial_fit(X, y, classes=[0, 1])
                w.frame(epoch)
    assert os.listdir(tmp_path) == []


def test_frames_are_streamed_while_the_loop_runs(moons, tmp_path):
    """The temporary file beside out grows during the loop (frames are not held)."""
    X, y = moons
    model = SGDClassifier(random_state=0)
    sizes = []
    with watch(model, X, y, epochs=6, out=tmp_path / "s.html", resolution=30) as w:
        for epoch in range(1, 7):
            model.partial_fit(X, y, classes=[0, 1])
            w.frame(epoch)
            import time

            time.sleep(0.3)
            parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
            sizes.append(parts[0].stat().st_size if parts else 0)
    assert sizes[-1] > sizes[1] > 0
    assert (tmp_path / "s.html").read_text().count("frames.push(") == 6


def test_plotly_and_in_memory_outputs(moons, tmp_path):
    X, y = moons
    model = SGDClassifier(random_state=0)
    with watch(model, X, y, epochs=2, out=tmp_path / "p.plotly.html", resolution=20) as w:
        for epoch in (1, 2):
            model.partial_fit(X, y, classes=[0, 1])
            w.frame()
    assert len(w.animation.figure.frames) == 2
    with watch(model, X, y, epochs=2, resolution=20) as w:
        w.frame()
    assert w.animation.n_frames == 1 and "frames.push(" in w.animation.html


@pytest.mark.parametrize("kwargs, error, match", [
    ({"epochs": 0}, ValueError, "epochs must be an integer of at least 1"),
    ({"fps": 0}, ValueError, r"fps must be in \(0, 100\]"),
    ({"out": "x.avi"}, ValueError, "out must end with one of"),
    ({"X_test": "X"}, ValueError, "X_test is given without y_test"),
    ({"kind": "bogus"}, ValueError, "kind must be one of"),
    ({"on_frame": 3}, TypeError, "on_frame must be a callable"),
])
def test_bad_arguments_are_refused_at_once(moons, kwargs, error, match):
    X, y = moons
    kwargs = {"epochs": 3, **kwargs}
    if kwargs.get("X_test") == "X":
        kwargs["X_test"] = X[:5]
    with pytest.raises(error, match=match):
        watch(SGDClassifier().fit(X, y), X, y, **kwargs)


def test_frame_checks_its_arguments_and_its_place(moons):
    X, y = moons
    model = SGDClassifier().fit(X, y)
    w = watch(model, X, y, epochs=3, resolution=20)
    with pytest.raises(RuntimeError, match="inside the with block"):
        w.frame(1)
    with w:
        with pytest.raises(ValueError, match=r"step must be in \[1, 3\]; got 9"):
            w.frame(9)
        with pytest.raises(TypeError, match="cost must be a number"):
            w.frame(1, cost="low")
    with pytest.raises(RuntimeError, match="records one loop"):
        with w:
            pass
    assert surfaceviz.watch is watch


def test_a_pytorch_loop_is_watched(moons, tmp_path):
    torch = pytest.importorskip("torch")
    X, y = moons
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.Adam(net.parameters(), 0.05)
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    with watch(net, X, y, epochs=5, out=tmp_path / "torch.gif", resolution=40,
               X_test=X[:50], y_test=y[:50]) as w:
        for epoch in range(1, 6):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(Xt), yt)
            loss.backward()
            opt.step()
            snap = w.frame(epoch, cost=loss)
            ref = evaluate_grid(net, X, classes=[0, 1], resolution=40)
            np.testing.assert_array_equal(snap.grid.values, ref.values)
            net.eval()
            with torch.no_grad():
                pred = net(Xt).argmax(1).numpy()
            net.train()
            assert snap.accuracy == pytest.approx(float(np.mean(pred == y)))
    assert net.training
    assert w.animation.history[-1]["cost"] == pytest.approx(float(loss.detach()))
    assert w.animation.history[-1]["test_accuracy"] is not None
    assert Image.open(tmp_path / "torch.gif").n_frames == 5


def test_a_keras_fit_is_watched_through_its_callback(moons, tmp_path):
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("the Keras tests run on the torch backend")
    X, y = moons
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    with watch(model, X, y, epochs=4, out=tmp_path / "keras.gif", resolution=30) as w:
        model.fit(X.astype("float32"), y, epochs=4, batch_size=50, verbose=0,
                  callbacks=[w.keras_callback()])
    history = w.animation.history
    assert [h["step"] for h in history] == [1, 2, 3, 4]
    assert all(h["cost"] is not None for h in history)
    assert Image.open(tmp_path / "keras.gif").n_frames == 4
