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
import resource
import subprocess
import sys
import tempfile
import time

MODELS = ("mlp", "rbf-svc", "poly-linear-svc")
TOOLS = ("surfaceviz", "sklearn")


def _model(name):
    from sklearn.neural_network import MLPClassifier

    from surfaceviz.pipelines import make_moons_pipeline

    if name == "mlp":
        return MLPClassifier((64, 64), max_iter=300, random_state=0)
    return make_moons_pipeline(name)


def run_case(tool, model_name, resolution):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from surfaceviz.datasets import load_moons

    X, y = load_moons(1000, noise=0.25, random_state=0)
    model = _model(model_name).fit(X, y)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    xlim = (X[:, 0].min() - 1.0, X[:, 0].max() + 1.0)
    ylim = (X[:, 1].min() - 1.0, X[:, 1].max() + 1.0)
    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    start = time.perf_counter()
    fig, ax = plt.subplots()
    if tool == "surfaceviz":
        from surfaceviz import plot_decision_surface

        plot_decision_surface(model, X, y, ax=ax, resolution=resolution, xlim=xlim, ylim=ylim,
                              progress=False)
    else:
        from sklearn.inspection import DecisionBoundaryDisplay

        DecisionBoundaryDisplay.from_estimator(model, X, ax=ax, grid_resolution=resolution,
                                               eps=1.0)
        ax.scatter(X[:, 0], X[:, 1], c=y, edgecolors="k")
    fig.savefig(out)
    seconds = time.perf_counter() - start
    os.unlink(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "before_mb": before / 1024}))


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
            got = {}
            for tool in TOOLS:
                proc = subprocess.run(
                    [sys.executable, __file__, "--case", tool, model, str(res)],
                    capture_output=True, text=True,
                )
                if proc.returncode != 0:
                    got[tool] = None
                    print(f"  {tool} failed on {model} at {res}: {proc.stderr.strip()[-300:]}")
                    continue
                got[tool] = json.loads(proc.stdout.strip().splitlines()[-1])
            sv, sk = got["surfaceviz"], got["sklearn"]
            if sv is None or sk is None:
                continue
            print(f"{model:<16}{res:>6} | {sv['seconds']:7.2f}{sk['seconds']:8.2f}"
                  f"{sk['seconds'] / sv['seconds']:8.1f}x | {sv['peak_mb']:7.0f}"
                  f"{sk['peak_mb']:8.0f}{sk['peak_mb'] / sv['peak_mb']:9.1f}x", flush=True)


if __name__ == "__main__":
    main()
