"""GPU check of the bundled MLP: the same training code on CuPy and on NumPy.

1. One epoch of MNIST (or synthetic data when no MNIST folder is given) from
   the same initial weights and the same shuffles, float32, on NumPy and on
   CuPy: the largest difference between the two sets of weights afterwards.
2. The recommended 20-epoch recipe (784-512-10, SGD momentum 0.9, batch 128,
   step schedule, dropout 0.2) on CuPy: seconds per epoch and test accuracy.
3. The trained network's decision surface on a 2048 x 2048 grid of a 2-D
   problem on CuPy against NumPy.

Without CuPy or a GPU it says so and exits 0.

Usage::

    python bench/gpu_mlp_check.py [--data PATH_TO_MNIST] [--epochs 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from surfaceviz.evaluation.backend import cupy_usable  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    if not cupy_usable():
        print("CuPy with a usable GPU is not available here: nothing to check.")
        return 0
    import cupy

    from surfaceviz import evaluate_grid
    from surfaceviz.mlp import MLPClassifier

    print(f"device: {cupy.cuda.runtime.getDeviceProperties(0)['name'].decode()}")
    if args.data:
        from surfaceviz.datasets import load_mnist

        X, y = load_mnist(args.data, split="train")
        Xt, yt = load_mnist(args.data, split="test")
        source = "MNIST"
    else:
        rng = np.random.default_rng(0)
        X = rng.random((20000, 784), dtype=np.float32)
        y = (X[:, :10].sum(1) * 3).astype(int) % 10
        Xt, yt = X[:2000], y[:2000]
        source = "synthetic"
    common = dict(hidden_layer_sizes=(512,), max_epochs=1, learning_rate_init=0.05,
                  random_state=0, progress=False, n_iter_no_change=100)
    cpu = MLPClassifier(**common).fit(X, y)
    gpu = MLPClassifier(**common, backend="cupy").fit(X, y)
    diffs = [float(np.abs(a - b).max()) for a, b in
             zip(cpu.network_.get_params()[0], gpu.network_.get_params()[0])]
    print(f"1 epoch of {source}, float32: max |weights cupy - numpy| per layer "
          f"{', '.join(f'{d:.2e}' for d in diffs)}; cost {cpu.loss_:.5f} vs {gpu.loss_:.5f}")
    agree = float(np.mean(cpu.predict(Xt) == gpu.predict(Xt)))
    print(f"  test predictions agree on {agree:.4%}")

    clf = MLPClassifier((512,), learning_rate_init=0.1, learning_rate="step", step_size=8,
                        gamma=0.3, dropout=0.2, max_epochs=args.epochs, random_state=0,
                        backend="cupy", progress=False, n_iter_no_change=args.epochs + 1)
    start = time.perf_counter()
    clf.fit(X, y)
    total = time.perf_counter() - start
    seconds = [h["seconds"] for h in clf.history_]
    print(f"{args.epochs} epochs on cupy: {np.mean(seconds):.3f} s/epoch (median "
          f"{np.median(seconds):.3f}, total {total:.1f} s); test accuracy {clf.score(Xt, yt):.4f}")

    from surfaceviz.datasets import load_moons

    Xm, ym = load_moons(1000, random_state=0)
    mlp = MLPClassifier((64, 64), max_epochs=100, random_state=0).fit(Xm, ym)
    for method in ("decision_function", "predict_proba", "predict"):
        ref = evaluate_grid(mlp, Xm, resolution=2048, response=method)
        t0 = time.perf_counter()
        ref = evaluate_grid(mlp, Xm, resolution=2048, response=method)
        t_np = time.perf_counter() - t0
        evaluate_grid(mlp, Xm, resolution=64, response=method, backend="cupy")
        t0 = time.perf_counter()
        dev = evaluate_grid(mlp, Xm, resolution=2048, response=method, backend="cupy")
        t_cp = time.perf_counter() - t0
        diff = float(np.abs(dev.values.astype(float) - ref.values).max())
        differ = float((dev.predicted() != ref.predicted()).mean())
        print(f"  surface {method:<18} numpy {t_np:.3f}s cupy {t_cp:.3f}s "
              f"({t_np / t_cp:.1f}x); max |diff| {diff:.2e}; {differ:.4%} of pixels differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
