"""
Adaptive refinement: fine grids for a fraction of the evaluations
=================================================================

``refine=True`` evaluates a coarse lattice, then refines only the cells whose
corners disagree; the rest is filled by interpolation. Left: every grid point
evaluated. Middle: refined around the decision boundary only
(``evaluate_grid(..., refine=True)``): the class edge is exact, but the bands of
the picture away from it are interpolated from the coarse lattice. Right: what
``plot_decision_surface`` does, refining around every band it draws as well, so
that each pixel shows its own band. Titles: model evaluations, and the share of
pixels drawn in another band than the dense grid's. A feature thinner than a
coarse cell could still be missed (lower ``coarse_step`` then).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from surfaceviz import DecisionSurfaceDisplay, evaluate_grid, plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(600, noise=0.25, random_state=0)
model = KNeighborsClassifier(15).fit(X, y)

fig, axes = plt.subplots(1, 3, figsize=(17, 4.8), layout="constrained")
plain = {"legend": False, "misclassified": False}  # the same decorations on each panel
dense = plot_decision_surface(model, X, y, ax=axes[0], resolution=400, refine=False,
                              colorbar=False, **plain)
levels = dense.surface_.levels
boundary = evaluate_grid(model, X, resolution=400, refine=True, coarse_step=8)
DecisionSurfaceDisplay(boundary, X=X, y=y).plot(ax=axes[1], colorbar=False, **plain)
bands = plot_decision_surface(model, X, y, ax=axes[2], resolution=400, refine=True,
                              coarse_step=8, **plain)


def wrong_band(grid):
    return np.mean(np.digitize(grid.surface(), levels)
                   != np.digitize(dense.grid.surface(), levels))


axes[0].set_title(f"dense: {dense.grid.n_evaluated:,} evaluations")
for ax, name, g in ((axes[1], "boundary only", boundary), (axes[2], "every band", bands.grid)):
    ax.set_title(f"{name}: {g.n_evaluated:,} evaluations, {wrong_band(g):.2%} in another band")
plt.show()
