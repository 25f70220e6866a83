"""
Where two models decide differently
===================================

A polynomial-feature LinearSVC and an RBF SVC, both fitted on the moons: the
regions where the predicted class changes, coloured by (class under A -> class
under B), over a faint map of A; the share of the plane and of the data points
that changed in the corner, and the changed points crossed. The same numbers
gate a CI job: ``surfaceviz diff a.npz b.npz --max-changed 0.01``.
"""

# %%
import matplotlib.pyplot as plt

from surfaceviz import plot_decision_diff
from surfaceviz.datasets import load_moons
from surfaceviz.pipelines import make_moons_pipeline

X, y = load_moons(400, noise=0.25, random_state=0)
poly = make_moons_pipeline("poly-linear-svc").fit(X, y)
rbf = make_moons_pipeline("rbf-svc").fit(X, y)

diff = plot_decision_diff(poly, rbf, X, y, names=("poly LinearSVC", "RBF SVC"))
print(f"changed: {diff.share_plane_:.1%} of the plane, {diff.share_points_:.1%} of the points")
plt.show()
