"""Models of PyTorch, Keras 3 and JAX, evaluated as they are (issue 21).

Each framework's tests skip cleanly where it is absent; `.ci/run` installs the
CPU builds. Oracle tests compare the grid with the framework's own outputs on
the same points (rtol 1e-5 in float32).
"""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.datasets import make_moons

from surfaceviz import EvaluationError, evaluate_grid, plot_decision_surface
from surfaceviz.evaluation.frameworks import framework_model, framework_of

os.environ.setdefault("KERAS_BACKEND", "torch")

# keras' own fit/predict on the torch backend (not surfaceviz) convert tensors this way
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(300, noise=0.2, random_state=0)
    return X, y


def _grid_points(g):
    xx, yy = np.meshgrid(g.x, g.y)
    return np.c_[xx.ravel(), yy.ravel()].astype(np.float32)


# ------------------------------------------------------------------ PyTorch
@pytest.fixture(scope="module")
def torch_net(moons):
    torch = pytest.importorskip("torch")
    X, y = moons
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                              torch.nn.Linear(16, 3))
    opt = torch.optim.Adam(net.parameters(), 0.05)
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    for _ in range(150):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(Xt), yt).backward()
        opt.step()
    return net


def test_torch_module_is_recognised_by_name_only():
    torch = pytest.importorskip("torch")
    assert framework_of(torch.nn.Linear(2, 2)) == "torch"
    assert framework_of(lambda p: p) is None
    net = torch.nn.Linear(2, 2)
    assert framework_model(net) is framework_model(net)  # one adapter per module


def test_torch_logits_oracle_and_training_flag_restored(torch_net):
    torch = pytest.importorskip("torch")
    torch_net.train()
    g = evaluate_grid(torch_net, np.array([[-2.0, -1.5], [3.0, 2.0]]), resolution=(31, 23),
                      classes=["a", "b", "c"], refine=False)
    assert torch_net.training  # restored after the evaluation
    assert g.task == "multiclass" and g.response == "decision_function"  # a Linear last layer
    torch_net.eval()
    with torch.no_grad():
        expected = torch_net(torch.from_numpy(_grid_points(g))).numpy()
    torch_net.train()
    np.testing.assert_allclose(g.values.reshape(-1, 3), expected, rtol=1e-5, atol=1e-6)


def test_torch_dropout_is_off_while_evaluating(torch_net, moons):
    X, _ = moons
    torch_net.train()
    a = evaluate_grid(torch_net, X, classes=[0, 1, 2], resolution=20, refine=False)
    b = evaluate_grid(torch_net, X, classes=[0, 1, 2], resolution=20, refine=False, n_jobs=2)
    np.testing.assert_array_equal(a.values, b.values)
    assert torch_net.training


def test_torch_softmax_and_sigmoid_heads_are_probabilities(moons):
    torch = pytest.importorskip("torch")
    X, y = moons
    torch.manual_seed(1)
    soft = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softmax(dim=1))
    sig = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid())
    g = evaluate_grid(soft, X, classes=[0, 1], resolution=15, refine=False)
    assert g.response == "predict_proba" and g.threshold == 0.5
    with torch.no_grad():
        expected = soft(torch.from_numpy(_grid_points(g))).numpy()[:, 1]
    np.testing.assert_allclose(g.values.ravel(), expected, rtol=1e-5)
    g = evaluate_grid(sig, X, classes=[0, 1], resolution=15, refine=False)
    assert g.response == "predict_proba" and g.task == "binary"
    with torch.no_grad():
        expected = sig(torch.from_numpy(_grid_points(g))).numpy()[:, 0]
    np.testing.assert_allclose(g.values.ravel(), expected, rtol=1e-5)


def test_torch_classes_come_from_y_and_the_picture_says_scores(torch_net, moons):
    X, y = moons
    labels = np.array(["left", "middle", "right"])[np.r_[y, 2][:len(y)]]
    labels[-1] = "right"
    disp = plot_decision_surface(torch_net, X, labels)
    assert list(disp.grid.classes) == ["left", "middle", "right"]
    assert disp.grid.response == "decision_function"
    assert disp.figure_.axes[0].get_title() == ""


def test_torch_input_width_is_checked_before_evaluation(moons):
    torch = pytest.importorskip("torch")
    X, y = moons
    calls = []
    net = torch.nn.Sequential(torch.nn.Linear(5, 2))
    net.register_forward_hook(lambda *a: calls.append(1))
    with pytest.raises(ValueError, match=r"Sequential takes 5 inputs \(its first layer is "
                                         r"Linear\(in_features=5.*\); X has 2 columns"):
        plot_decision_surface(net, X, y)
    assert calls == []


def test_torch_errors_name_the_module_and_the_points(moons):
    torch = pytest.importorskip("torch")
    X, y = moons

    class Broken(torch.nn.Module):
        def forward(self, x):
            raise RuntimeError("boom")

    with pytest.raises(EvaluationError, match=r"Broken raised RuntimeError .*boom") as info:
        plot_decision_surface(Broken(), X, y)
    assert isinstance(info.value.__cause__, RuntimeError)
    wide = torch.nn.Sequential(torch.nn.Linear(2, 4))
    with pytest.raises(ValueError, match=r"returned shape \(\d+, 4\); expected \(n, 3\)"):
        evaluate_grid(wide, X, classes=[0, 1, 2], resolution=10)
    with pytest.raises(ValueError, match="Pass y .* or classes="):
        evaluate_grid(wide, X, resolution=10)


def test_torch_module_on_an_unreachable_device_is_refused():
    torch = pytest.importorskip("torch")
    with torch.device("meta"):
        net = torch.nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="'meta' device"):
        evaluate_grid(net, np.array([[0.0, 0.0], [1.0, 1.0]]), classes=[0, 1])


def test_torch_points_of_another_namespace_go_through_dlpack(torch_net):
    """The GPU path on the CPU: points of an array-API namespace reach the module
    through DLPack; one NumPy copy of the result comes back."""
    torch = pytest.importorskip("torch")
    xp = pytest.importorskip("array_api_strict")
    adapter = framework_model(torch_net)
    points = np.array([[0.0, 0.5], [1.0, -0.5]])
    out = adapter(xp.asarray(points))
    torch_net.eval()
    with torch.no_grad():
        expected = torch_net(torch.tensor(points, dtype=torch.float32)).numpy()
    torch_net.train()
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_torch_grid_built_in_another_namespace_equals_the_numpy_grid(torch_net, moons,
                                                                       monkeypatch):
    """The GPU path end to end, on the CPU: the grid is built in an array-API
    namespace (``backend=``, as CuPy on a GPU) and reaches the module by DLPack."""
    from surfaceviz.evaluation.frameworks import TorchModel

    xp = pytest.importorskip("array_api_strict")
    X, _ = moons
    seen = []
    original = TorchModel.to_tensor

    def spy(self, points):
        seen.append(type(points).__module__.split(".")[0])
        return original(self, points)

    monkeypatch.setattr(TorchModel, "to_tensor", spy)
    on_host = evaluate_grid(torch_net, X, classes=[0, 1, 2], resolution=25, refine=False,
                            dtype="float32")
    in_namespace = evaluate_grid(torch_net, X, classes=[0, 1, 2], resolution=25,
                                 refine=False, backend=xp, dtype="float32")
    np.testing.assert_allclose(in_namespace.values, on_host.values, rtol=1e-5, atol=1e-6)
    assert "array_api_strict" in seen and torch_net.training


def test_nothing_imports_a_framework_it_is_not_given():
    code = textwrap.dedent("""
        import sys
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        import surfaceviz
        X = np.random.default_rng(0).normal(size=(40, 2))
        surfaceviz.evaluate_grid(LogisticRegression().fit(X, X[:, 0] > 0), X, resolution=10)
        print(sorted(m for m in ("torch", "keras", "jax", "tensorflow") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------- Keras
@pytest.fixture(scope="module")
def keras_model(moons):
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("the Keras tests run on the torch backend (KERAS_BACKEND=torch)")
    keras.utils.set_random_seed(0)
    X, y = moons
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    model.fit(X.astype("float32"), y, epochs=15, batch_size=64, verbose=0)
    return model


def test_keras_softmax_model_oracle(keras_model, moons):
    X, y = moons
    disp = plot_decision_surface(keras_model, X, y, resolution=40, refine=False)
    g = disp.grid
    assert g.response == "predict_proba" and g.task == "binary"
    expected = np.asarray(keras_model.predict(_grid_points(g), verbose=0))[:, 1]
    np.testing.assert_allclose(g.values.ravel(), expected, rtol=1e-5, atol=1e-6)
    assert disp.colorbar_.ax.get_ylabel() == "probability of class 1"


def test_keras_linear_head_is_a_score_and_width_is_checked(moons):
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    X, y = moons
    logits = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    g = evaluate_grid(logits, X, classes=[0, 1, 2], resolution=12, refine=False)
    assert g.response == "decision_function" and g.task == "multiclass"
    wide = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2, activation="softmax")])
    with pytest.raises(ValueError, match=r"takes 5 inputs \(its input takes 5 features\); "
                                         "X has 2 columns"):
        plot_decision_surface(wide, X, y)


# --------------------------------------------------------------------- JAX
def test_jax_jitted_function_and_apply_recipe(moons):
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    import functools

    X, y = moons
    rng = np.random.default_rng(0)
    params = {"w": jnp.asarray(rng.normal(size=(2, 3)), dtype=jnp.float32),
              "b": jnp.zeros(3, dtype=jnp.float32)}

    def apply(params, x):
        return jax.nn.softmax(jnp.asarray(x, dtype=jnp.float32) @ params["w"] + params["b"])

    jitted = jax.jit(functools.partial(apply, params))
    assert framework_of(jitted) == "jax"
    g = evaluate_grid(jitted, X, classes=[0, 1, 2], resolution=16, refine=False)
    expected = np.asarray(apply(params, _grid_points(g)))
    assert g.response == "predict_proba"
    np.testing.assert_allclose(g.values.reshape(-1, 3), expected, rtol=1e-5, atol=1e-7)
    # the two-line recipe of the guide: a plain function of the batch
    model = functools.partial(apply, params)
    g2 = evaluate_grid(model, X, classes=[0, 1, 2], resolution=16, refine=False)
    np.testing.assert_allclose(g2.values, g.values, rtol=1e-6)


def test_torch_sequential_neurons(moons):
    torch = pytest.importorskip("torch")
    import matplotlib.pyplot as plt

    from surfaceviz import plot_neurons

    X, y = moons
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 3),
                              torch.nn.ReLU(), torch.nn.Linear(3, 2))
    fig, maps = plot_neurons(net, X, y, resolution=20)
    assert [k for k, _ in maps] == [0, 1, 2]
    assert maps[0][1].values.shape == (20, 20, 4) and maps[1][1].values.shape == (20, 20, 3)
    g = maps[0][1]
    xx, yy = np.meshgrid(g.x, g.y)
    pts = torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)
    with torch.no_grad():
        hidden = torch.tanh(net[0](pts)).numpy()
    np.testing.assert_allclose(g.values.reshape(-1, 4), hidden, rtol=1e-5, atol=1e-6)
    assert net.training
    plt.close(fig)
    with pytest.raises(ValueError, match="no hidden layer"):
        plot_neurons(torch.nn.Sequential(torch.nn.Linear(2, 2)), X)


def test_torch_on_slices_maps_and_diffs(moons):
    torch = pytest.importorskip("torch")
    import matplotlib.pyplot as plt

    from surfaceviz import plot_decision_diff, plot_slices

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    y = (X[:, 0] + X[:, 2] > 0).astype(int)
    torch.manual_seed(0)
    a = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    b = torch.nn.Sequential(torch.nn.Linear(4, 2))
    disp = plot_decision_surface(a, X, y, features=(0, 2), resolution=20, refine=False)
    g = disp.grid
    rows = np.tile(np.median(X, axis=0), (g.values.size, 1))
    xx, yy = np.meshgrid(g.x, g.y)
    rows[:, 0], rows[:, 2] = xx.ravel(), yy.ravel()
    with torch.no_grad():
        logits = a(torch.tensor(rows, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(g.values.ravel(), logits[:, 1] - logits[:, 0], rtol=1e-5,
                               atol=1e-5)
    m = plot_decision_surface(a, X, y, projection="pca", resolution=20)
    assert 0 <= m.fidelity_ <= 1
    fig = plot_slices(a, X, y, features=(0, 1), vary=2, n=2, resolution=15)
    diff = plot_decision_diff(a, b, X, y, features=(0, 2), resolution=20)
    assert 0 <= diff.share_plane_ <= 1
    plt.close("all")
    del fig


def test_torch_module_on_cuda_without_a_gpu_is_refused_before_evaluation():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a GPU is here: the module could be reached")
    from types import SimpleNamespace

    class OnCuda(torch.nn.Module):
        def parameters(self, recurse=True):
            yield SimpleNamespace(device=torch.device("cuda:0"), dtype=torch.float32,
                                  is_floating_point=lambda: True)

        def forward(self, x):  # never reached
            raise AssertionError("evaluated")

    with pytest.raises(RuntimeError, match=r"lives on cuda:0, but CUDA is not available here"):
        plot_decision_surface(OnCuda(), np.array([[0.0, 0.0], [1.0, 1.0]]), [0, 1])
