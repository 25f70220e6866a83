"""How exact is the default picture? Adaptive refinement against the dense grid.

For each model on 1,000 moons points, at the default call's grid (the Axes'
pixels, about 371 x 396): the share of grid points the model was evaluated at,
and the share of pixels drawn in another band (of the surface's own contour
levels) or another class than the dense grid's, for

- ``boundary``: refinement around the class boundary only, from the default
  call's lattice (what the default call did before it refined around bands);
- ``default``: ``plot_decision_surface(model, X, y)`` as it is, refining (the
  timing that sends cheap models to the dense path switched off) around every
  drawn band.

Usage::

    python bench/band_accuracy.py [--models knn rbf-svc mlp forest]
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import fitted  # noqa: E402


def measure(name):
    """``{column: (evaluated share, wrong-band share, wrong-class share)}``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import surfaceviz.evaluation.evaluate as ev
    from surfaceviz import evaluate_grid, plot_decision_surface
    from surfaceviz.evaluation.adaptive import default_step

    model, X, y = fitted(name)
    dense = plot_decision_surface(model, X, y, refine=False)
    ny, nx = dense.grid.shape
    levels = dense.surface_.levels
    ev.AUTO_REFINE_SECONDS = 0.0  # refine every model, as a slow one would be
    auto = plot_decision_surface(model, X, y)  # a new figure of the same size
    assert auto.grid.shape == dense.grid.shape
    step = default_step(nx, ny, cells=ev.AUTO_REFINE_CELLS)
    boundary = evaluate_grid(model, X, resolution=(nx, ny), xlim=(dense.grid.x[0],
                             dense.grid.x[-1]), ylim=(dense.grid.y[0], dense.grid.y[-1]),
                             refine=True, coarse_step=step, response=dense.grid.response)
    plt.close("all")
    truth = dense.grid
    out = {}
    for column, g in (("boundary", boundary), ("default", auto.grid)):
        band = (np.digitize(g.surface(), levels) != np.digitize(truth.surface(), levels)).mean()
        cls = (g.predicted() != truth.predicted()).mean()
        out[column] = (g.n_evaluated / g.values.size, band, cls)
    return out, (nx, ny)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["knn", "rbf-svc", "mlp", "forest"])
    args = parser.parse_args()
    print(f"{'model':<10} | {'boundary only: evaluated, wrong band, wrong class':<52} | "
          "default (every band): evaluated, wrong band, wrong class")
    for name in args.models:
        got, (nx, ny) = measure(name)
        cells = [f"{e:6.1%} {b:7.3%} {c:7.3%}" for e, b, c in (got["boundary"], got["default"])]
        print(f"{name:<10} | {cells[0]:<52} | {cells[1]}   ({nx} x {ny})", flush=True)


if __name__ == "__main__":
    main()
