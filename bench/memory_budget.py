"""Does ``max_memory`` hold? Working memory of a 1000 x 1000 evaluation per budget.

For each model of ``bench/strategies.py`` (1,000 moons points) and budgets of
32, 64 and 128 MB: the peak memory traced during ``evaluate_grid(...,
max_memory=budget)`` minus the baseline before it and minus the output array
(the budget bounds the working memory beyond the output), and its ratio to
the budget. scikit-learn's ``DecisionBoundaryDisplay`` has no memory budget:
its figure is the whole grid at once (the ``sklearn`` rows of
``bench/strategies.py``). Target: every ratio at most 1.10.

Each model runs serially and with ``n_jobs=2`` (two batches at once: the
budget is shared, so each batch gets half). scikit-learn's MLP and KNN(15),
whose temporaries the issue found over budget, also run at 1500 x 1500.

Usage::

    python bench/memory_budget.py
"""

from __future__ import annotations

import os
import sys
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import MODELS, fitted  # noqa: E402

BUDGETS_MB = (32, 64, 128)


def working_memory(model, X, budget_mb, resolution=1000, n_jobs=None):
    """MB traced beyond the baseline and the output during one evaluation."""
    from surfaceviz import evaluate_grid

    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        grid = evaluate_grid(model, X, resolution=resolution, max_memory=f"{budget_mb}MB",
                             n_jobs=n_jobs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base - grid.values.nbytes) / 1e6


def main():
    print(f"{'model':16s} {'grid':>5s} {'jobs':>4s} "
          + "  ".join(f"{b:>4d} MB: used  ratio" for b in BUDGETS_MB))
    worst = 0.0
    runs = [(name, 1000, jobs) for name in MODELS for jobs in (None, 2)]
    runs += [(name, 1500, jobs) for name in ("mlp", "knn") for jobs in (None, 2)]
    for name, resolution, jobs in runs:
        model, X, _ = fitted(name)
        cells = []
        for budget in BUDGETS_MB:
            used = working_memory(model, X, budget, resolution, jobs)
            worst = max(worst, used / budget)
            cells.append(f"{'':9s}{used:6.1f} {used / budget:6.2f}")
        print(f"{name:16s} {resolution:5d} {jobs or 1:4d} " + "  ".join(cells), flush=True)
    print(f"worst ratio {worst:.2f} (target <= 1.10)")


if __name__ == "__main__":
    main()
