import numpy as np
import pytest

from surfaceviz.mlp import MLPClassifier, optimizers
from surfaceviz.mlp._blas import numpy_gemm


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_at_b_matches_numpy(dtype):
    gemm = numpy_gemm(dtype)
    if gemm is None:
        pytest.skip("NumPy's BLAS exposes no CBLAS gemm here")
    rng = np.random.default_rng(0)
    A = rng.normal(size=(7, 5)).astype(dtype)
    B = rng.normal(size=(7, 3)).astype(dtype)
    C = rng.normal(size=(5, 3)).astype(dtype)
    expected = 0.9 * C - 0.1 * A.T @ B
    gemm(-0.1, A, B, 0.9, C)
    np.testing.assert_allclose(C, expected, rtol=1e-5 if dtype == np.float32 else 1e-12)
    with pytest.raises(ValueError, match="shapes"):
        gemm(1.0, A, B, 0.0, np.zeros((3, 3), dtype=dtype))
    with pytest.raises(ValueError, match="C-contiguous"):
        gemm(1.0, A, B, 0.0, np.zeros((3, 5), dtype=dtype).T)


@pytest.mark.parametrize("alpha", [0.0, 2.0])
def test_fused_sgd_equals_plain_numpy_path(monkeypatch, alpha):
    if numpy_gemm(np.float64) is None:
        pytest.skip("no fused path here")
    from sklearn.datasets import make_moons

    X, y = make_moons(300, noise=0.2, random_state=0)
    kw = dict(hidden_layer_sizes=(16, 8), max_epochs=4, alpha=alpha, dtype="float64",
              random_state=0, n_iter_no_change=100)
    fused = MLPClassifier(**kw).fit(X, y)
    monkeypatch.setattr(optimizers.SGD, "fused_gemm", lambda self, xp, dtype: None)
    plain = MLPClassifier(**kw).fit(X, y)
    for a, b in zip(fused.network_.weights + fused.network_.biases,
                    plain.network_.weights + plain.network_.biases):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
