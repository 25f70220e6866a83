"""Evaluation strategies against scikit-learn's DecisionBoundaryDisplay.

For an RBF SVC, KNN(15), a 100-tree random forest, an MLPClassifier(64, 64) and
the polynomial LinearSVC pipeline on 1,000 moons points, each case in a fresh
process: seconds (evaluate + draw + save a PNG) and peak memory of

- ``sklearn``: DecisionBoundaryDisplay.from_estimator (grid_resolution, eps=1);
- ``dense``: plot_decision_surface, every grid point evaluated;
- ``parallel``: the same with n_jobs=2 (joblib threads);
- ``adaptive``: refine=True (coarse lattice + refinement near the boundary),
  with the number of model evaluations and the fraction of pixels whose class
  differs from the dense result;
- ``dask``: n_jobs=2 on a local Dask cluster of two worker processes
  (``joblib.parallel_config(backend="dask")``; the cluster's start-up is not
  timed, and "peak MB" is the client process only). "differ" must read 0.

Usage::

    python bench/strategies.py                       # 1000 and 2000
    python bench/strategies.py --resolutions 4000 --models mlp poly-linear-svc
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import (  # noqa: E402
    MODELS, fitted, measure, run_in_fresh_process, sklearn_grid_limits)

TOOLS = ("sklearn", "dense", "parallel", "adaptive", "dask")


def run_case(tool, model_name, resolution, labels_path):
    model, X, y = fitted(model_name)
    xlim, ylim = sklearn_grid_limits(X)

    def draw(ax):
        if tool == "sklearn":
            from sklearn.inspection import DecisionBoundaryDisplay

            DecisionBoundaryDisplay.from_estimator(model, X, ax=ax, grid_resolution=resolution,
                                                   eps=1.0)
            ax.scatter(X[:, 0], X[:, 1], c=y, edgecolors="k")
            return {}
        from surfaceviz import plot_decision_surface

        options = {"n_jobs": 2} if tool in ("parallel", "dask") else {}
        if tool == "adaptive":
            options = {"refine": True}
        disp = plot_decision_surface(model, X, y, ax=ax, resolution=resolution, xlim=xlim,
                                     ylim=ylim, progress=False, **options)
        if labels_path != "-":
            np.save(labels_path, disp.grid.predicted().astype(np.int8))
        return {"evaluated": disp.grid.n_evaluated}

    if tool != "dask":
        print(json.dumps(measure(draw)))
        return
    import joblib
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        with joblib.parallel_config(backend="dask"):
            print(json.dumps(measure(draw)))


def _default_tools():
    """Every tool; ``dask`` only where dask.distributed is installed (looked up, not
    imported: an import would add to every case's peak memory)."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        return [t for t in TOOLS if t != "dask"]
    return list(TOOLS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=None)
    parser.add_argument("--case", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case[0], args.case[1], int(args.case[2]), args.case[3])
        return
    args.tools = args.tools or _default_tools()
    print(f"{'model':<16}{'grid':>6} {'tool':<9}{'seconds':>9}{'vs sklearn':>11}"
          f"{'peak MB':>9}{'evals':>12}{'differ':>9}")
    tmp = tempfile.mkdtemp()
    for model in args.models:
        for res in args.resolutions:
            results = {}
            for tool in args.tools:
                path = os.path.join(tmp, f"{tool}.npy") if tool != "sklearn" else "-"
                results[tool] = run_in_fresh_process(__file__, tool, model, res, path)
            base = results.get("sklearn")
            dense_labels = np.load(os.path.join(tmp, "dense.npy")) if results.get("dense") else None
            for tool in args.tools:
                r = results[tool]
                if r is None:
                    continue
                ratio = f"{base['seconds'] / r['seconds']:10.1f}x" if base else f"{'-':>11}"
                evals = f"{r['evaluated']:12,d}" if "evaluated" in r else f"{'-':>12}"
                differ = f"{'-':>9}"
                if tool in ("adaptive", "dask") and dense_labels is not None:
                    labels = np.load(os.path.join(tmp, f"{tool}.npy"))
                    differ = f"{(labels != dense_labels).mean():9.4%}"
                print(f"{model:<16}{res:>6} {tool:<9}{r['seconds']:9.2f}{ratio}"
                      f"{r['peak_mb']:9.0f}{evals}{differ}", flush=True)


if __name__ == "__main__":
    main()
