"""The default call against scikit-learn's default call (issue 10, D).

``plot_decision_surface(model, X, y)`` with no options against
``DecisionBoundaryDisplay.from_estimator(model, X)`` plus a scatter of the data
(scikit-learn's default: a 100 x 100 grid), for an RBF SVC, a KNN(15) and the
polynomial LinearSVC pipeline on 1,000 moons points: seconds from the call to a
saved PNG (fit outside the timing), the grid points drawn, and how many the
model was evaluated at. Target: within 1.5x of scikit-learn's time while
drawing at least 10x its grid points.

A third column, "sk+", is scikit-learn's call dressed as surfaceviz's default
picture is (a colour bar with its label and a legend of the classes): the same
decorations, so that the ratio against it shows what evaluation and drawing at
14.7x the points cost, apart from what the richer picture costs. A fourth,
"sv=", is surfaceviz drawing what scikit-learn's bare call draws (the surface
and the data: ``colorbar=False, legend=False, misclassified=False,
boundary=False``), at the default's resolution and evaluation: like for like.

Two ways of timing (``--mode``):

- ``warm`` (default): in one fresh process per model, the tools are called
  alternately after a warm-up call each (the machine's load falls on all
  alike); best of ``--repeat``;
- ``first``: each tool's first call in a fresh process of its own (after the
  imports, which ``bench/import_time.py`` measures), as a script or a notebook
  cell meets it; best of ``--repeat`` processes.

Usage::

    python bench/default_call.py [--repeat 3] [--mode warm|first] [--refine auto|dense]
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


TOOLS = ("sklearn", "sklearn+", "surfaceviz", "surfaceviz=")
#: What scikit-learn's bare call draws, asked of surfaceviz (the "sv=" column).
LIKE_SKLEARN = {"colorbar": False, "legend": False, "misclassified": False, "boundary": False}


def _one_call(tool, model, X, y, refine, out):
    """Seconds from the call to a saved PNG, and the points drawn and evaluated."""
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    if tool.startswith("surfaceviz"):
        from surfaceviz import plot_decision_surface

        options = {} if refine == "auto" else {"refine": False}
        disp = plot_decision_surface(model, X, y, **options,
                                     **(LIKE_SKLEARN if tool == "surfaceviz=" else {}))
        info = {"points": int(disp.grid.values.shape[0] * disp.grid.values.shape[1]),
                "evaluated": int(disp.grid.n_evaluated)}
    else:
        from sklearn.inspection import DecisionBoundaryDisplay

        disp = DecisionBoundaryDisplay.from_estimator(model, X)
        if tool == "sklearn":
            disp.ax_.scatter(X[:, 0], X[:, 1], c=y, edgecolors="k")
        else:  # dressed: a colour bar with a label, and a legend of the classes
            for label in (0, 1):
                disp.ax_.scatter(*X[y == label].T, edgecolors="k", label=str(label))
            disp.figure_.colorbar(disp.surface_, ax=disp.ax_, label="decision function")
            disp.ax_.legend(loc="upper right")
        info = {"points": 100 * 100, "evaluated": 100 * 100}
    disp.figure_.savefig(out)
    seconds = time.perf_counter() - start
    plt.close(disp.figure_)
    return seconds, info


def run_case(model_name, repeat, refine, mode="warm", tool=None):
    """Print the JSON result of one fresh process: ``warm``, every tool alternately
    (after one warm-up call each), best of ``repeat``; ``first``, ``tool``'s first
    call."""
    import tempfile

    import matplotlib

    matplotlib.use("Agg")
    import sklearn.inspection  # noqa: F401  (imports are not what is timed)

    import surfaceviz  # noqa: F401

    model, X, y = fitted(model_name)
    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    result = {}
    if mode == "first":
        seconds, info = _one_call(tool, model, X, y, refine, out)
        result[tool] = {"seconds": seconds, **info}
    else:
        for name in TOOLS:
            _one_call(name, model, X, y, refine, out)
        for _ in range(repeat):
            for name in TOOLS:
                seconds, info = _one_call(name, model, X, y, refine, out)
                best = result.get(name, {}).get("seconds", float("inf"))
                result[name] = {"seconds": min(best, seconds), **info}
    os.unlink(out)
    print(json.dumps(result))


def _measure(model, repeat, refine, mode):
    """``{tool: result}`` for one model in the chosen mode (None on failure)."""
    if mode == "warm":
        return run_in_fresh_process(__file__, model, repeat, refine, mode, "-")
    best = {}
    for _ in range(repeat):
        for tool in TOOLS:
            got = run_in_fresh_process(__file__, model, 1, refine, mode, tool)
            if got is None:
                return None
            if tool not in best or got[tool]["seconds"] < best[tool]["seconds"]:
                best[tool] = got[tool]
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mode", choices=("warm", "first"), default="warm")
    parser.add_argument("--refine", choices=("auto", "dense"), default="auto")
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--case", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        model, repeat, refine, mode, tool = args.case
        run_case(model, int(repeat), refine, mode, tool)
        return
    print(f"mode {args.mode}, best of {args.repeat}")
    print(f"{'model':<16} | {'sk s':>6}{'sk+ s':>7}{'sk pts':>8} | {'sv s':>6}{'sv= s':>7}"
          f"{'sv pts':>9}{'evaluated':>10} | {'vs sk':>6}{'vs sk+':>7}{'sv=/sk':>7}"
          f"{'pts ratio':>10}")
    for model in args.models:
        got = _measure(model, args.repeat, args.refine, args.mode)
        if got is None:
            continue
        sk, dressed, sv, alike = (got[t] for t in TOOLS)
        print(f"{model:<16} | {sk['seconds']:>6.2f}{dressed['seconds']:>7.2f}{sk['points']:>8,} | "
              f"{sv['seconds']:>6.2f}{alike['seconds']:>7.2f}{sv['points']:>9,}"
              f"{sv['evaluated']:>10,} | {sv['seconds'] / sk['seconds']:>6.2f}"
              f"{sv['seconds'] / dressed['seconds']:>7.2f}{alike['seconds'] / sk['seconds']:>7.2f}"
              f"{sv['points'] / sk['points']:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
