"""The device training step (static buffers, fused kernels, graph replay).

On the CPU it runs with array-api-strict (ReferenceKernels): the same steps
as the CuPy path, checked against the NumPy trainer. The CuPy kernels and the
CUDA-graph replay are checked at the end, where a GPU is present.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_moons

from surfaceviz.evaluation.backend import cupy_usable
from surfaceviz.mlp import MLPClassifier
from surfaceviz.mlp import device_step
from surfaceviz.mlp.training import EpochRunner

try:  # the CPU stand-in; the GPU tests below run without it
    import array_api_strict as xps
except ImportError:  # pragma: no cover - array-api-strict is in the test extra
    xps = None
needs_xps = pytest.mark.skipif(xps is None, reason="needs array-api-strict")


@pytest.fixture(scope="module")
def moons():
    return make_moons(203, noise=0.25, random_state=0)  # 203: a short last batch


def _weights(clf):
    return clf.network_.get_params()[0] + clf.network_.get_params()[1]


def _agree(a, b, rtol=1e-10, *, exact_counts=True):
    for wa, wb in zip(_weights(a), _weights(b)):
        np.testing.assert_allclose(wb, wa, rtol=rtol, atol=1e-12)
    for ha, hb in zip(a.history_, b.history_):
        assert hb["cost"] == pytest.approx(ha["cost"], rel=max(rtol, 1e-9))
        if exact_counts:
            assert hb["train_accuracy"] == ha["train_accuracy"]
        else:  # another BLAS: a point on the boundary may flip
            assert abs(hb["train_accuracy"] - ha["train_accuracy"]) <= 0.01
    assert a.t_ == b.t_


CONFIGS = {
    "sgd-momentum-relu": dict(),
    "nesterov-tanh-l2": dict(nesterov=True, activation="tanh", alpha=1e-2),
    "plain-sgd-sigmoid": dict(momentum=0.0, activation="sigmoid"),
    "adam-leaky-l2": dict(solver="adam", activation="leaky_relu", alpha=1e-3,
                          learning_rate_init=0.01),
    "identity-step-schedule": dict(activation="identity", learning_rate="step", step_size=1),
}


@needs_xps
@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("data", ["binary", "three-classes"])
def test_device_step_trains_as_the_numpy_trainer(moons, config, data):
    X, y = moons if data == "binary" else load_iris(return_X_y=True)
    kw = dict(hidden_layer_sizes=(7, 5), max_epochs=4, batch_size=32, dtype="float64",
              random_state=0, n_iter_no_change=100, **CONFIGS[config])
    cpu = MLPClassifier(**kw).fit(X, y)
    dev = MLPClassifier(**kw, backend=xps).fit(X, y)
    assert cpu.training_path_ == "numpy"
    assert dev.training_path_ == "reference"
    _agree(cpu, dev)
    if kw.get("solver") == "adam":
        assert dev.optimizer_.t == cpu.optimizer_.t == dev.t_


def test_static_and_generic_device_paths_agree_with_dropout(moons):
    import types

    X, y = moons
    fake = types.ModuleType("fake_device_xp")  # NumPy-like, with random.default_rng
    fake.__getattr__ = lambda name: getattr(np, name)
    kw = dict(hidden_layer_sizes=(16, 16), dropout=0.3, max_epochs=5, batch_size=50,
              dtype="float64", random_state=3, n_iter_no_change=100, backend=fake)
    static = MLPClassifier(**kw).fit(X, y)
    generic = MLPClassifier(**kw)
    generic._device_path = "generic"
    generic.fit(X, y)
    assert (static.training_path_, generic.training_path_) == ("reference", "generic")
    _agree(generic, static)


@needs_xps
def test_no_read_back_inside_an_epoch(moons, monkeypatch):
    """The static step never turns a device value into a host number."""
    from array_api_strict._array_object import Array

    X, y = moons
    calls = []
    original = device_step.StaticStep.run

    def forbidden(self, *args):
        raise AssertionError("a read-back inside the epoch")

    def guarded(self, *args):
        saved = {name: getattr(Array, name) for name in ("__float__", "__int__", "__bool__",
                                                          "__index__")}
        for name in saved:
            setattr(Array, name, forbidden)
        try:
            calls.append(1)
            return original(self, *args)
        finally:
            for name, method in saved.items():
                setattr(Array, name, method)

    monkeypatch.setattr(device_step.StaticStep, "run", guarded)
    clf = MLPClassifier((8,), max_epochs=3, batch_size=16, random_state=0, backend=xps,
                        n_iter_no_change=100, solver="adam").fit(X, y)
    assert len(calls) == 3 and clf.training_path_ == "reference"


@needs_xps
def test_replaced_parameters_rebuild_the_static_step(moons):
    X, y = moons
    clf = MLPClassifier((6,), max_epochs=1, random_state=0, backend=xps).fit(X, y)
    runner = EpochRunner(clf, X, y, np.random.default_rng(0))
    first = runner.static
    assert first.valid()
    clf.network_.set_params(*clf.network_.get_params())
    assert not first.valid()
    runner.run(0, 0.01, shuffle=True)
    assert runner.static is not first and runner.static.valid()


@needs_xps
def test_training_path_is_read_after_training(moons, monkeypatch):
    """A graph refused during the first epoch shows in training_path_ ("fused",
    not "graph"): the path is read once training is over."""
    X, y = moons
    run = device_step.StaticStep.run

    def run_and_refuse(self, *args):
        self.refused = True
        return run(self, *args)

    monkeypatch.setattr(device_step.StaticStep, "run", run_and_refuse)
    monkeypatch.setattr(device_step.StaticStep, "path",
                        property(lambda self: "fused" if getattr(self, "refused", False)
                                 else "graph"))
    clf = MLPClassifier((6,), max_epochs=1, random_state=0, backend=xps).fit(X, y)
    assert clf.training_path_ == "fused"


@needs_xps
def test_losses_without_a_fused_step_train_generically(moons):
    X, y = moons
    clf = MLPClassifier((6,), loss="mse", max_epochs=2, random_state=0, backend=xps).fit(X, y)
    assert clf.training_path_ == "generic"


# ------------------------------------------------------------------ on a GPU
gpu = pytest.mark.skipif(not cupy_usable(), reason="needs CuPy and a CUDA GPU")


@gpu
def test_cupy_kernels_match_the_reference():  # pragma: no cover - GPU only
    import cupy

    from surfaceviz.mlp.activations import get_activation
    from surfaceviz.mlp.kernels import FUSED_ACTIVATIONS, CupyKernels, ReferenceKernels

    rng = np.random.default_rng(0)
    ref, dev = ReferenceKernels(np, np.float64), CupyKernels(cupy, np.float64)
    z, b = rng.normal(size=(9, 4)), rng.normal(size=4)
    for name in FUSED_ACTIVATIONS:
        act = get_activation(name)
        got = dev.bias_act(cupy.asarray(z), cupy.asarray(b), act)
        np.testing.assert_allclose(got.get(), ref.bias_act(z.copy(), b, act), rtol=1e-12)
        g = rng.normal(size=(9, 4))
        got = dev.act_grad(cupy.asarray(g), cupy.asarray(z), act)
        np.testing.assert_allclose(got.get(), ref.act_grad(g.copy(), z, act), rtol=1e-12)
    y = rng.integers(0, 4, 9)
    e1, c1, r1 = ref.output(z, b, y, np.empty_like(z), np.asarray(0.0), np.asarray(0.0))
    e2, c2, r2 = dev.output(cupy.asarray(z), cupy.asarray(b), cupy.asarray(y),
                            cupy.empty((9, 4)), cupy.zeros(()), cupy.zeros(()))
    np.testing.assert_allclose(e2.get(), e1, rtol=1e-12)
    assert float(c2) == pytest.approx(float(c1), rel=1e-12) and float(r2) == float(r1)


@gpu
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_graph_replayed_training_matches_numpy(moons, solver):  # pragma: no cover - GPU only
    X, y = moons
    kw = dict(hidden_layer_sizes=(16, 16), max_epochs=5, batch_size=32, dtype="float64",
              random_state=0, n_iter_no_change=100, solver=solver)
    cpu = MLPClassifier(**kw).fit(X, y)
    dev = MLPClassifier(**kw, backend="cupy").fit(X, y)
    assert dev.training_path_ in ("graph", "fused")
    _agree(cpu, dev, rtol=1e-6, exact_counts=False)


# ---------------------------------------------- graph replay, with a stand-in
class _FakeCupy:
    """Just enough of CuPy's stream-capture API to follow GraphReplay's steps."""

    def __init__(self, refuse=False):
        import contextlib
        import types

        fake = self
        self.refuse, self.capturing, self.log = refuse, False, []
        self.cuda = types.SimpleNamespace(
            cublas=types.SimpleNamespace(_allow_stream_graph_capture=False),
            MemoryPool=lambda: types.SimpleNamespace(malloc=None),
            using_allocator=lambda malloc: contextlib.nullcontext(),
            get_current_stream=lambda: fake.Stream(),
            Stream=lambda non_blocking=False: fake.Stream())

        class Stream:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def record(self):
                return None

            def wait_event(self, event):
                pass

            def begin_capture(self):
                fake.capturing, fake.captured = True, []
                fake.allowed_during = fake.cuda.cublas._allow_stream_graph_capture

            def end_capture(self):
                fake.capturing = False
                if fake.refuse:
                    raise RuntimeError("cudaErrorStreamCaptureUnsupported")
                steps = list(fake.captured)
                return types.SimpleNamespace(
                    launch=lambda stream: fake.log.extend(f"graph:{s}" for s in steps))

        self.Stream = Stream

    def step(self):
        (self.captured if self.capturing else self.log).append("step")


@pytest.mark.parametrize("refuse", [False, True])
def test_graph_replay_runs_every_step_once(refuse):
    fake = _FakeCupy(refuse)
    replay = device_step.GraphReplay(fake)
    with replay.on_stream():
        for _ in range(4):
            replay.run(fake.step)
    if refuse:
        assert fake.log == ["step"] * 4
        assert not replay.usable and "StreamCaptureUnsupported" in replay.reason
    else:
        assert fake.log == ["step", "graph:step", "graph:step", "graph:step"]
        assert replay.usable and replay.reason is None
    assert fake.allowed_during is True  # cuBLAS capture allowed while capturing...
    assert fake.cuda.cublas._allow_stream_graph_capture is False  # ...and only then
