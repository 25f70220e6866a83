"""The explorer's speed (issue 22): one slider move, a cached position, the
pair matrix.

- **Slider move**: the time from a change of one held feature to the new
  picture's PNG bytes (``Explorer.set`` + ``Explorer.picture``, and the same
  through the widget's request handler, which adds the traitlets), median over
  distinct uncached positions; against the static call a user makes per value
  without an explorer (``plot_decision_surface`` on a new pyplot figure +
  ``savefig``). Models: a logistic regression on iris' 4 features and an RBF
  SVC (standardised) on breast-cancer's 30. Targets: <= 100 ms and <= 400 ms.
- **Cached position**: going back to a position already drawn (target <= 20 ms).
- **Pair matrix**: ``plot_decision_matrix`` on 8 breast-cancer features and
  ``savefig``, for a random forest, gradient boosting and an RBF SVC
  (target <= 2.5 s each).

Usage::

    python bench/explore.py [--moves 12] [--repeats 2]
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np


def models():
    from sklearn.datasets import load_breast_cancer, load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    Xi, yi = load_iris(return_X_y=True, as_frame=True)
    Xb, yb = load_breast_cancer(return_X_y=True, as_frame=True)
    return [
        ("logistic, iris (4 features)", LogisticRegression(max_iter=1000).fit(Xi, yi), Xi, yi,
         ("petal length (cm)", "petal width (cm)"), "sepal length (cm)", 0.100),
        ("RBF SVC, breast cancer (30)", make_pipeline(StandardScaler(), SVC()).fit(Xb, yb),
         Xb, yb, ("mean radius", "mean texture"), "worst radius", 0.400),
    ]


def slider_moves(moves):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from surfaceviz import Explorer, explore, plot_decision_surface

    print("One slider move (median over distinct positions; the picture's PNG bytes)")
    print(f"{'model':32s} {'explorer':>9s} {'widget':>9s} {'cached':>8s} {'static call':>12s} "
          f"{'ratio':>6s} {'target':>7s}")
    for name, model, X, y, features, moved, target in models():
        low, high = float(X[moved].min()), float(X[moved].max())
        values = np.linspace(low, high, moves + 2)[1:-1]
        ex = Explorer(model, X, y, features=features)
        times = []
        for v in values:
            start = time.perf_counter()
            ex.set({moved: float(v)})
            ex.picture()["png"]
            times.append(time.perf_counter() - start)
        cached = []
        for v in values[:5]:
            start = time.perf_counter()
            ex.set({moved: float(v)})
            ex.picture()["png"]
            cached.append(time.perf_counter() - start)
        w = explore(model, X, y, features=features)
        wtimes = []
        for k, v in enumerate(values + (high - low) / (4 * moves)):
            start = time.perf_counter()
            w.apply({"kind": "state", "values": {moved: float(v)}, "id": k + 2})
            wtimes.append(time.perf_counter() - start)
            assert not w.error, w.error
        held = ex.plot_kwargs()["fill"]
        static = []
        for v in values:
            start = time.perf_counter()
            disp = plot_decision_surface(model, X, y, features=features,
                                         fill={**held, moved: float(v)})
            disp.figure_.savefig(io.BytesIO(), format="png")
            plt.close(disp.figure_)
            static.append(time.perf_counter() - start)
        e, s = np.median(times), np.median(static)
        print(f"{name:32s} {e * 1000:7.0f}ms {np.median(wtimes) * 1000:7.0f}ms "
              f"{np.median(cached) * 1000:6.2f}ms {s * 1000:10.0f}ms {e / s:6.2f} "
              f"{target * 1000:5.0f}ms  {'met' if e <= target else 'NOT met'}", flush=True)


def matrices(repeats):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    from surfaceviz import plot_decision_matrix

    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    X = X.iloc[:, :8]
    print("\nPair matrix, 8 breast-cancer features (plot_decision_matrix + savefig; best of "
          f"{repeats})")
    print(f"{'model':28s} {'seconds':>8s} {'target':>7s}")
    for name, model in [("random forest (100)", RandomForestClassifier(100, random_state=0)),
                        ("gradient boosting", GradientBoostingClassifier(random_state=0)),
                        ("RBF SVC (standardised)", make_pipeline(StandardScaler(), SVC()))]:
        model.fit(X, y)
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            fig, _ = plot_decision_matrix(model, X, y)
            fig.savefig(io.BytesIO(), format="png")
            best = min(best, time.perf_counter() - start)
            plt.close(fig)
        print(f"{name:28s} {best:7.2f}s {2.5:6.1f}s  {'met' if best <= 2.5 else 'NOT met'}",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--skip-matrix", action="store_true")
    args = parser.parse_args()
    slider_moves(args.moves)
    if not args.skip_matrix:
        matrices(args.repeats)


if __name__ == "__main__":
    main()
