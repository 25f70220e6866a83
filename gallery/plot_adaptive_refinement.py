"""
Adaptive refinement: fine grids for a fraction of the evaluations
=================================================================

``refine=True`` evaluates a coarse lattice, then refines only the cells the
decision boundary crosses; the rest is filled by interpolation. Left: every
grid point evaluated. Right: the adaptive surface, its number of model
evaluations and how many pixels change class. A class region thinner than a
coarse cell could be missed (lower ``coarse_step`` then).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.svm import SVC

from surfaceviz import DecisionSurfaceDisplay, evaluate_grid
from surfaceviz.datasets import load_moons

X, y = load_moons(600, noise=0.25, random_state=0)
model = SVC(C=3.0, gamma=1.5).fit(X, y)

start = time.perf_counter()
dense = evaluate_grid(model, X, resolution=400)
t_dense = time.perf_counter() - start
start = time.perf_counter()
fast = evaluate_grid(model, X, resolution=400, refine=True, coarse_step=8)
t_fast = time.perf_counter() - start
differ = np.mean(dense.predicted() != fast.predicted())

fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
DecisionSurfaceDisplay(dense, X=X, y=y).plot(ax=axes[0], colorbar=False)
axes[0].set_title(f"dense: {dense.n_evaluated:,} evaluations, {t_dense:.2f} s")
DecisionSurfaceDisplay(fast, X=X, y=y).plot(ax=axes[1], colorbar=False)
axes[1].set_title(f"adaptive: {fast.n_evaluated:,} evaluations, {t_fast:.2f} s, "
                  f"{differ:.3%} of pixels differ")
plt.show()
