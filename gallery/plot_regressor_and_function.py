"""
A regressor's surface and a plain function
==========================================

Any model with ``predict`` works: a k-nearest-neighbours regressor gives a
continuous surface with the targets coloured on the same scale. A plain
function of the points works too; with ``classes=`` its output is read as
labels or scores.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.neighbors import KNeighborsRegressor

from surfaceviz import plot_decision_surface

rng = np.random.default_rng(0)
X = rng.uniform(-3, 3, size=(200, 2))
target = np.sin(X[:, 0]) * np.cos(X[:, 1])
reg = KNeighborsRegressor(7).fit(X, target)
plot_decision_surface(reg, X, target, feature_names=("u", "v"))

# %%
# A hand-written classifier: inside or outside a circle.


def ring(points):
    return 1.5 - np.hypot(points[:, 0], points[:, 1])


labels = np.where(ring(X) > 0, "inside", "outside")
plot_decision_surface(ring, X, labels, classes=["outside", "inside"], kind="pcolormesh")

# %%
# Where a model gives no value (NaN or infinity: here a log that is undefined
# left of x = -1.5), surfaceviz warns with the share of the plane and hatches
# the gap as "no value" instead of leaving it blank.


def log_score(points):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log(points[:, 0] + 1.5) - points[:, 1]


plot_decision_surface(log_score, X, feature_names=("u", "v"))
plt.show()
