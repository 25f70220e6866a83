"""surfaceviz's plot_decision_surface against scikit-learn's DecisionBoundaryDisplay.

For an MLPClassifier(64, 64), an RBF SVC and a polynomial-feature LinearSVC
pipeline fitted on 1,000 moons points, at several grid resolutions, each case
runs in a fresh Python process which fits the model, then draws its decision
surface on the same grid (scikit-learn's bounds: data range +- 1) and saves a
PNG. Printed per case: seconds for draw + save, peak resident memory of the
whole process (ru_maxrss), and the ratios sklearn / surfaceviz.

Usage::

    python bench/grid_vs_sklearn.py                  # 300, 1000, 2000
    python bench/grid_vs_sklearn.py --resolutions 300 1000
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import fitted, measure, run_in_fresh_process, sklearn_grid_limits  # noqa: E402

MODELS = ("mlp", "rbf-svc", "poly-linear-svc")


def run_case(tool, model_name, resolution):
    model, X, y = fitted(model_name)
    xlim, ylim = sklearn_grid_limits(X)

    def draw(ax):
        if tool == "surfaceviz":
            from surfaceviz import plot_decision_surface

            plot_decision_surface(model, X, y, ax=ax, resolution=resolution, xlim=xlim,
                                  ylim=ylim, progress=False)
        else:
            from sklearn.inspection import DecisionBoundaryDisplay

            DecisionBoundaryDisplay.from_estimator(model, X, ax=ax, grid_resolution=resolution,
                                                   eps=1.0)
            ax.scatter(X[:, 0], X[:, 1], c=y, edgecolors="k")

    print(json.dumps(measure(draw)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=int, nargs="+", default=[300, 1000, 2000])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--case", nargs=3, metavar=("TOOL", "MODEL", "RES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case[0], args.case[1], int(args.case[2]))
        return
    print(f"{'model':<16}{'grid':>6} | {'sv s':>7}{'sk s':>8}{'speed-up':>9} | "
          f"{'sv MB':>7}{'sk MB':>8}{'mem ratio':>10}")
    for model in args.models:
        for res in args.resolutions:
            sv = run_in_fresh_process(__file__, "surfaceviz", model, res)
            sk = run_in_fresh_process(__file__, "sklearn", model, res)
            if sv is None or sk is None:
                continue
            print(f"{model:<16}{res:>6} | {sv['seconds']:7.2f}{sk['seconds']:8.2f}"
                  f"{sk['seconds'] / sv['seconds']:8.1f}x | {sv['peak_mb']:7.0f}"
                  f"{sk['peak_mb']:8.0f}{sk['peak_mb'] / sv['peak_mb']:9.1f}x", flush=True)


if __name__ == "__main__":
    main()
