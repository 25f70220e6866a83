"""GPU check: grid evaluation on CuPy against NumPy, for a lent GPU machine.

An MLPClassifier(64, 64), a polynomial-feature LinearSVC pipeline and an RBF SVC
pipeline, fitted on
1,000 moons points, are evaluated on a 4096 x 4096 grid:

- ``numpy``: the default CPU path (the model's own predict_proba /
  decision_function in batches, float64);
- ``numpy-f32``: the same arithmetic rebuilt from the fitted coefficients, in
  NumPy float32 (``dtype="float32"``);
- ``cupy-f32`` and ``cupy-f64``: ``backend="cupy"`` in float32 and float64.

Printed: seconds (best of a few runs after a warm-up), the speed-up over
``numpy``, the largest absolute difference from ``numpy`` and the share of
pixels whose class differs. Without CuPy or a GPU it says so and exits 0.

Usage::

    python bench/gpu_check.py [--resolution 4096] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from surfaceviz import evaluate_grid  # noqa: E402
from surfaceviz.evaluation.backend import cupy_usable  # noqa: E402


def _models():
    from sklearn.neural_network import MLPClassifier

    from surfaceviz.datasets import load_moons
    from surfaceviz.pipelines import make_moons_pipeline

    X, y = load_moons(1000, noise=0.25, random_state=0)
    return X, {
        "mlp(64,64)": MLPClassifier((64, 64), max_iter=300, random_state=0).fit(X, y),
        "poly-linear-svc": make_moons_pipeline("poly-linear-svc").fit(X, y),
        "rbf-svc": make_moons_pipeline("rbf-svc").fit(X, y),
    }


def _best(fn, repeat):
    best, result = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _equality_sweep(resolution=256):
    """Every supported model and response on CuPy against NumPy, small grid."""
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.svm import LinearSVC

    from surfaceviz.datasets import load_moons

    Xm, ym = load_moons(400, random_state=1)
    iris = load_iris()
    Xi, yi = iris.data[:, :2], iris.target
    cases = [
        ("logreg binary", LogisticRegression().fit(Xm, ym), Xm),
        ("logreg 3-class", LogisticRegression(max_iter=500).fit(Xi, yi), Xi),
        ("linear-svc 3-class", LinearSVC().fit(Xi, yi), Xi),
        ("mlp 3-class", MLPClassifier((32,), max_iter=500, random_state=0).fit(Xi, yi), Xi),
        ("mlp regressor", MLPRegressor(hidden_layer_sizes=(16,), max_iter=300,
                                       random_state=0).fit(Xm, ym), Xm),
        ("linear regression", LinearRegression().fit(Xm, ym), Xm),
    ]
    print(f"\nequality at {resolution} x {resolution} (cupy float64 / float32 vs numpy):")
    rows = []
    for name, model, X in cases:
        methods = [m for m in ("decision_function", "predict_proba", "predict")
                   if hasattr(model, m)]
        for method in methods:
            ref = evaluate_grid(model, X, resolution=resolution, response=method)
            f64 = evaluate_grid(model, X, resolution=resolution, response=method,
                                backend="cupy", dtype="float64")
            f32 = evaluate_grid(model, X, resolution=resolution, response=method,
                                backend="cupy")
            d64 = float(np.abs(f64.values.astype(float) - ref.values).max())
            d32 = float(np.abs(f32.values.astype(float) - ref.values).max())
            scale = float(np.abs(ref.values).max()) or 1.0
            ok = d64 <= 1e-9 * max(scale, 1) and d32 <= 1e-4 * max(scale, 1)
            if ref.task in ("binary", "multiclass", "labels"):
                ok = ok and float((f32.predicted() != ref.predicted()).mean()) < 1e-3
            print(f"  {name:<20}{method:<19} f64 {d64:9.2e}  f32 {d32:9.2e}  "
                  f"{'ok' if ok else 'MISMATCH'}")
            rows.append({"model": name, "method": method, "f64": d64, "f32": d32, "ok": ok})
    fast = evaluate_grid(cases[0][1], Xm, resolution=1024, backend="cupy", refine=True)
    dense = evaluate_grid(cases[0][1], Xm, resolution=1024)
    differ = float((fast.predicted() != dense.predicted()).mean())
    print(f"  adaptive on cupy (logreg, 1024^2): {fast.n_evaluated:,} evaluations, "
          f"{differ:.4%} of pixels differ from dense numpy")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    if not cupy_usable():
        print("CuPy with a usable GPU is not available here: nothing to check.")
        return 0
    import cupy

    props = cupy.cuda.runtime.getDeviceProperties(0)
    print(f"device: {props['name'].decode()}, CuPy {cupy.__version__}, "
          f"CPU threads: {os.cpu_count()}, grid {args.resolution} x {args.resolution}")
    X, models = _models()
    res = args.resolution
    rows = []
    print(f"{'model':<17}{'path':<11}{'seconds':>9}{'speed-up':>10}{'max |diff|':>12}{'differ':>10}")
    for name, model in models.items():
        ref_t, ref = _best(lambda: evaluate_grid(model, X, resolution=res, progress=False), 1)
        variants = {
            "numpy-f32": dict(dtype="float32"),
            "cupy-f32": dict(backend="cupy"),
            "cupy-f64": dict(backend="cupy", dtype="float64"),
        }
        print(f"{name:<17}{'numpy':<11}{ref_t:9.3f}{1.0:9.1f}x{0.0:12.2e}{0.0:10.4%}")
        rows.append({"model": name, "path": "numpy", "seconds": ref_t})
        for label, opts in variants.items():
            evaluate_grid(model, X, resolution=64, progress=False, **opts)  # warm-up
            t, grid = _best(lambda: evaluate_grid(model, X, resolution=res, progress=False,
                                                  **opts), args.repeat)
            diff = float(np.abs(grid.values - ref.values).max())
            differ = float((grid.predicted() != ref.predicted()).mean())
            print(f"{name:<17}{label:<11}{t:9.3f}{ref_t / t:9.1f}x{diff:12.2e}{differ:10.4%}",
                  flush=True)
            rows.append({"model": name, "path": label, "seconds": t, "speedup": ref_t / t,
                         "max_abs_diff": diff, "differ": differ})
    rows += _equality_sweep()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
