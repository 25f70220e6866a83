"""Decision maps measured as the field measures them (issue 23).

For each dataset (the 8 x 8 digits; MNIST and Fashion-MNIST where their files
are), the bundled MLP is trained on the training set and drawn as a map by
each projection / inverse pair; the map's measures (``disp.map_quality_``: map
accuracy ACC_M, data consistency Cons_d, pixel consistency Cons_p, class
stability, the inverse's median gradient) are taken on the test set, with the
seconds to make the map (projection, inverse, grid; the picture drawn) and to
measure it. Targets (MNIST test set, bundled MLP): Cons_d >= 0.95 and ACC_M
within 2 points of the classifier's own accuracy, the map made in <= 60 s.

Usage::

    python bench/maps.py [--datasets digits,mnist] [--n-train 10000] [--n-test 10000]
        [--pairs pca,pca+mlp,umap+knn,umap+mlp,supervised+mlp,supervised+knn,
                 hidden-pca+knn,hidden-umap+knn]

A ``hidden-NAME`` projection embeds the model's last hidden layer
(``make_pipeline(HiddenLayer(model), NAME)``), not the pixels.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MNIST = os.path.join(ROOT, "..", "shared", "data", "mnist")
FASHION = "/usr/share/datasets/fashion-mnist"


def load(name, n_train, n_test):
    """``(X_train, X_test, y_train, y_test)`` scaled to [0, 1], or None when absent."""
    if name == "digits":
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split

        X, y = load_digits(return_X_y=True)
        return train_test_split(X / 16.0, y, random_state=0, stratify=y)
    from surfaceviz.datasets import load_fashion_mnist, load_mnist

    folder = MNIST if name == "mnist" else FASHION
    if not os.path.isdir(folder):
        return None
    loader = load_mnist if name == "mnist" else load_fashion_mnist
    try:
        X_train, y_train = loader(folder, split="train")
        X_test, y_test = loader(folder, split="test")
    except Exception as exc:  # absent or unreadable: said, not fatal
        print(f"{name}: not loaded ({exc})")
        return None
    X_train = np.asarray(X_train, dtype=np.float64).reshape(len(X_train), -1)
    X_test = np.asarray(X_test, dtype=np.float64).reshape(len(X_test), -1)
    if X_train.max() > 1.0:
        X_train, X_test = X_train / 255.0, X_test / 255.0
    return X_train[:n_train], X_test[:n_test], y_train[:n_train], y_test[:n_test]


def options(pair, model):
    """The map options of ``pair``: ``projection+inverse``; a projection named
    ``hidden-NAME`` embeds the model's last hidden layer with NAME."""
    from sklearn.neighbors import KNeighborsRegressor

    projection, _, inverse = pair.partition("+")
    out = {"projection": projection}
    if projection.startswith("hidden-"):
        from sklearn.pipeline import make_pipeline

        from surfaceviz.evaluation.projections import HiddenLayer

        name = projection.split("-", 1)[1]
        if name == "umap":
            import umap

            step = umap.UMAP(n_components=2, random_state=0)
        else:
            from sklearn.decomposition import PCA

            step = PCA(2)
        out["projection"] = make_pipeline(HiddenLayer(model), step)
    if inverse == "knn":
        out["inverse"] = KNeighborsRegressor(5, weights="distance")
    elif inverse == "mlp":
        out["inverse"] = "mlp"
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", default="digits,mnist,fashion")
    parser.add_argument("--n-train", type=int, default=10000)
    parser.add_argument("--n-test", type=int, default=10000)
    parser.add_argument("--pairs",
                        default="pca,pca+mlp,umap+knn,umap+mlp,supervised+mlp,supervised+knn,"
                                "hidden-pca+knn,hidden-umap+knn")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from surfaceviz import MLPClassifier, plot_decision_surface

    for name in args.datasets.split(","):
        data = load(name, args.n_train, args.n_test)
        if data is None:
            print(f"{name}: absent, skipped")
            continue
        X_train, X_test, y_train, y_test = data
        t = time.perf_counter()
        model = MLPClassifier((128,), max_epochs=20, solver="adam", random_state=0)
        model.fit(X_train, y_train)
        own = float(np.mean(model.predict(X_test) == y_test))
        print(f"\n{name}: {len(X_train)} training and {len(X_test)} test points, "
              f"{X_train.shape[1]} features; the MLP's test accuracy {own:.1%} "
              f"(trained in {time.perf_counter() - t:.1f} s)")
        print(f"{'pair':16s} {'ACC_M':>6s} {'Cons_d':>7s} {'Cons_p':>7s} {'stab':>5s} "
              f"{'grad':>7s} {'map s':>6s} {'measure s':>9s}")
        for pair in args.pairs.split(","):
            try:
                t = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    disp = plot_decision_surface(model, X_train, y_train, X_test=X_test,
                                                 y_test=y_test, resolution=200, legend=False,
                                                 **options(pair, model))
                made = time.perf_counter() - t
                t = time.perf_counter()
                q = disp.map_quality_
                measured = time.perf_counter() - t
                plt.close(disp.figure_)
            except ImportError as exc:
                print(f"{pair:16s} skipped: {exc}")
                continue
            print(f"{pair:16s} {q.accuracy:6.1%} {q.data_consistency:7.1%} "
                  f"{q.pixel_consistency:7.1%} {q.stability:5.2f} {q.gradient_median:7.3g} "
                  f"{made:6.1f} {measured:9.1f}", flush=True)


if __name__ == "__main__":
    main()
