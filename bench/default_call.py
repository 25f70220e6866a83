"""The default call against scikit-learn's default call (issue 10, D).

``plot_decision_surface(model, X, y)`` with no options against
``DecisionBoundaryDisplay.from_estimator(model, X)`` plus a scatter of the data
(scikit-learn's default: a 100 x 100 grid), for an RBF SVC, a KNN(15) and the
polynomial LinearSVC pipeline on 1,000 moons points. Each model runs in a fresh
process (fit outside the timing) that calls the two tools alternately (after a
warm-up call each, so imports and the machine's load fall on both alike), best
of ``--repeat`` runs: seconds from the call to a saved PNG, the grid points
drawn, and how many the model was evaluated at. Target: within 1.5x of scikit-learn's time while drawing at least
10x its grid points.

Usage::

    python bench/default_call.py [--repeat 3] [--refine auto|dense]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import fitted, run_in_fresh_process  # noqa: E402

MODELS = ("rbf-svc", "knn", "poly-linear-svc")


def _one_call(tool, model, X, y, refine, out):
    """Seconds from the call to a saved PNG, and the points drawn and evaluated."""
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    if tool == "surfaceviz":
        from surfaceviz import plot_decision_surface

        disp = plot_decision_surface(model, X, y, **({} if refine == "auto" else
                                                     {"refine": False}))
        info = {"points": int(disp.grid.values.shape[0] * disp.grid.values.shape[1]),
                "evaluated": int(disp.grid.n_evaluated)}
    else:
        from sklearn.inspection import DecisionBoundaryDisplay

        disp = DecisionBoundaryDisplay.from_estimator(model, X)
        disp.ax_.scatter(X[:, 0], X[:, 1], c=y, edgecolors="k")
        info = {"points": 100 * 100, "evaluated": 100 * 100}
    disp.figure_.savefig(out)
    seconds = time.perf_counter() - start
    plt.close(disp.figure_)
    return seconds, info


def run_case(model_name, repeat, refine):
    """Both tools in one fresh process, alternating (after one warm-up call each),
    so that the machine's load falls on both alike; best of ``repeat``."""
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    model, X, y = fitted(model_name)
    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    result = {}
    for tool in ("sklearn", "surfaceviz"):
        _one_call(tool, model, X, y, refine, out)
    for _ in range(repeat):
        for tool in ("sklearn", "surfaceviz"):
            seconds, info = _one_call(tool, model, X, y, refine, out)
            best = result.get(tool, {}).get("seconds", float("inf"))
            result[tool] = {"seconds": min(best, seconds), **info}
    os.unlink(out)
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--refine", choices=("auto", "dense"), default="auto")
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case[0], int(args.case[1]), args.case[2])
        return
    print(f"{'model':<16} | {'sk s':>6}{'sk pts':>8} | {'sv s':>6}{'sv pts':>9}{'evaluated':>10} | "
          f"{'time ratio':>10}{'pts ratio':>10}")
    for model in args.models:
        both = run_in_fresh_process(__file__, model, args.repeat, args.refine)
        if both is None:
            continue
        sk, sv = both["sklearn"], both["surfaceviz"]
        print(f"{model:<16} | {sk['seconds']:>6.2f}{sk['points']:>8,} | {sv['seconds']:>6.2f}"
              f"{sv['points']:>9,}{sv['evaluated']:>10,} | {sv['seconds'] / sk['seconds']:>10.2f}"
              f"{sv['points'] / sk['points']:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
