"""More than two features: the cost of a slice, and a map's fidelity on MNIST.

1. **Slice vs two features.** The same kind of model (an RBF SVC and a
   logistic regression) fitted on the moons' two features, and on the moons
   plus six noise features; seconds of ``evaluate_grid`` at 1000 x 1000 for the
   two-feature path and for the slice ``features=(0, 1)``, and the slice's cost
   against evaluating the six-feature model directly on rows built by hand
   (the lift's own overhead). Ratios near 1 mean the slice costs no more than
   the model's own work on its wider inputs.
2. **Maps of the bundled MLP** on MNIST (``../shared/data/mnist`` or
   ``$SURFACEVIZ_DATA``; digits when absent): fidelity on the test set for PCA
   and for UMAP (or t-SNE without umap-learn) with a learned inverse
   (KNeighborsRegressor), and seconds.

Usage::

    python bench/lift.py [--resolution 1000] [--mnist-train 10000]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np


def _best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def slice_cost(resolution):
    from sklearn.datasets import make_moons
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    from surfaceviz import evaluate_grid

    X2, y = make_moons(1000, noise=0.25, random_state=0)
    X8 = np.hstack([X2, np.random.default_rng(0).normal(size=(1000, 6))])
    print(f"slice vs two features, {resolution} x {resolution} grid")
    print(f"{'model':<12}{'2-feature s':>13}{'slice s':>10}{'by hand s':>11}"
          f"{'slice/2-f':>11}{'slice/hand':>12}")
    for name, make in (("rbf-svc", lambda: SVC()), ("logreg", lambda: LogisticRegression())):
        m2, m8 = make().fit(X2, y), make().fit(X8, y)
        t2 = _best(lambda: evaluate_grid(m2, X2, resolution=resolution), 2)
        ts = _best(lambda: evaluate_grid(m8, X8, features=(0, 1), resolution=resolution), 2)
        g = evaluate_grid(m8, X8, features=(0, 1), resolution=resolution)
        fill = np.median(X8, axis=0)

        def by_hand():
            xx, yy = np.meshgrid(g.x, g.y)
            rows = np.tile(fill, (xx.size, 1))
            rows[:, 0], rows[:, 1] = xx.ravel(), yy.ravel()
            for s in range(0, len(rows), 2**15):
                m8.decision_function(rows[s:s + 2**15])

        th = _best(by_hand, 2)
        print(f"{name:<12}{t2:>13.2f}{ts:>10.2f}{th:>11.2f}{ts / t2:>11.2f}{ts / th:>12.2f}")


def mnist_maps(n_train):
    from sklearn.model_selection import train_test_split
    from sklearn.neighbors import KNeighborsRegressor

    from surfaceviz import MLPClassifier, plot_decision_surface

    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.environ.get("SURFACEVIZ_DATA", os.path.join(here, "..", "..", "shared", "data",
                                                            "mnist"))
    try:
        from surfaceviz import load_mnist

        Xtr, ytr = load_mnist(folder, split="train")
        Xte, yte = load_mnist(folder, split="test")
        Xtr = Xtr[:n_train]  # already scaled to [0, 1]
        ytr, data = ytr[:n_train], f"MNIST ({n_train:,} train, {len(Xte):,} test)"
        hidden, epochs = (512,), 10
    except (OSError, ValueError):
        from sklearn.datasets import load_digits

        X, y = load_digits(return_X_y=True)
        Xtr, Xte, ytr, yte = train_test_split(X / 16.0, y, random_state=0, stratify=y)
        data, hidden, epochs = "digits (MNIST not found)", (128,), 40
    t = time.perf_counter()
    mlp = MLPClassifier(hidden, max_epochs=epochs, random_state=0).fit(Xtr, ytr)
    print(f"\nmaps of the bundled MLP on {data}: test accuracy "
          f"{(mlp.predict(Xte) == yte).mean():.1%}, trained in {time.perf_counter() - t:.1f} s")
    try:
        import umap  # noqa: F401

        learned = "umap"
    except ImportError:
        from sklearn.manifold import TSNE

        learned = TSNE(2, init="pca", random_state=0)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for label, projection, inverse in (
            ("PCA (inverse_transform)", "pca", None),
            ("PCA + learned inverse", "pca", KNeighborsRegressor(5, weights="distance")),
            (f"{str(learned).split('(')[0].upper()} + learned inverse", learned,
             KNeighborsRegressor(5, weights="distance"))):
        t = time.perf_counter()
        disp = plot_decision_surface(mlp, Xtr, ytr, X_test=Xte, y_test=yte,
                                     projection=projection, inverse=inverse, resolution=200)
        print(f"  {label:<30} fidelity {disp.fidelity_:6.1%}  {time.perf_counter() - t:6.1f} s")
        plt.close("all")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=1000)
    parser.add_argument("--mnist-train", type=int, default=10000)
    args = parser.parse_args()
    slice_cost(args.resolution)
    mnist_maps(args.mnist_train)


if __name__ == "__main__":
    main()
