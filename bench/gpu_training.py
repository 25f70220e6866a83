"""GPU training speed of the bundled MLP: graph-replayed steps against the 2-core CPU.

Trains MNIST's 784-512-10 at batch 128 (SGD momentum 0.9, float32) and prints
seconds per epoch for

1. NumPy on 2 CPU threads (the development machine's cores; threadpoolctl
   limits the BLAS), the reference of the target;
2. CuPy through the generic step (about 45 launches and no graph per step);
3. CuPy through the static step: fused kernels, one CUDA graph per step
   (``training_path_`` says whether the graph or the eager fused kernels ran);

then the ratio CPU / graph (target: at least 5x) and, for the graph path,
the 20-epoch recipe's test accuracy (target 98.3%+). Without CuPy or a GPU
it says so and exits 0.

Usage::

    python bench/gpu_training.py --data ../shared/data/mnist [--epochs 3] [--recipe-epochs 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from surfaceviz.evaluation.backend import cupy_usable  # noqa: E402


def _data(path):
    if path:
        from surfaceviz.datasets import load_mnist

        return load_mnist(path, split="train"), load_mnist(path, split="test"), "MNIST"
    rng = np.random.default_rng(0)
    X = rng.random((60000, 784), dtype=np.float32)
    y = (X[:, :10].sum(1) * 3).astype(int) % 10
    return (X, y), (X[:10000], y[:10000]), "synthetic (no --data)"


def _epoch_seconds(X, y, epochs, backend, path="auto"):
    from surfaceviz.mlp import MLPClassifier

    clf = MLPClassifier((512,), batch_size=128, learning_rate_init=0.05, max_epochs=epochs,
                        random_state=0, backend=backend, progress=False,
                        n_iter_no_change=epochs + 1)
    clf._device_path = path
    clf.fit(X, y)
    seconds = [h["seconds"] for h in clf.history_[1:]] or [clf.history_[0]["seconds"]]
    return float(np.median(seconds)), clf


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--epochs", type=int, default=3, help="epochs timed per path")
    parser.add_argument("--recipe-epochs", type=int, default=20)
    args = parser.parse_args()
    if not cupy_usable():
        print("CuPy with a usable GPU is not available here: nothing to measure.")
        return 0
    import cupy
    from threadpoolctl import threadpool_limits

    from surfaceviz.mlp import MLPClassifier

    (X, y), (Xt, yt), source = _data(args.data)
    print(f"device: {cupy.cuda.runtime.getDeviceProperties(0)['name'].decode()}; data {source}")
    with threadpool_limits(2):
        cpu, _ = _epoch_seconds(X, y, args.epochs, "numpy")
    generic, _ = _epoch_seconds(X, y, args.epochs, "cupy", path="generic")
    fast, clf = _epoch_seconds(X, y, args.epochs, "cupy")
    print(f"s/epoch (median of epochs 2..{args.epochs}): numpy 2 threads {cpu:.3f}, "
          f"cupy generic {generic:.3f}, cupy {clf.training_path_} {fast:.3f}")
    print(f"  cpu / {clf.training_path_}: {cpu / fast:.1f}x (target >= 5x); "
          f"generic / {clf.training_path_}: {generic / fast:.1f}x")
    recipe = MLPClassifier((512,), learning_rate_init=0.1, learning_rate="step", step_size=8,
                           gamma=0.3, dropout=0.2, max_epochs=args.recipe_epochs,
                           random_state=0, backend="cupy", progress=False,
                           n_iter_no_change=args.recipe_epochs + 1)
    start = time.perf_counter()
    recipe.fit(X, y)
    seconds = np.median([h["seconds"] for h in recipe.history_])
    print(f"recipe ({args.recipe_epochs} epochs, dropout 0.2) on {recipe.training_path_}: "
          f"{seconds:.3f} s/epoch, total {time.perf_counter() - start:.1f} s, "
          f"test accuracy {recipe.score(Xt, yt):.4f} (target >= 0.983)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
