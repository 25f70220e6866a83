"""
The moons data set
==================

Two interleaving half-moons with noise: the data set the moons pipelines
learn. ``load_moons`` wraps scikit-learn's ``make_moons`` (offline).
"""

# %%
import matplotlib.pyplot as plt

from surfaceviz.datasets import load_moons
from surfaceviz.render.colors import BINARY_COLORS, marker

X, y = load_moons(500, noise=0.25, random_state=0)
fig, ax = plt.subplots(figsize=(6, 4.5))
for label in (0, 1):
    sel = y == label
    ax.scatter(X[sel, 0], X[sel, 1], c=BINARY_COLORS[label], marker=marker(label),
               edgecolors="black", linewidths=0.5, label=f"class {label}")
ax.set_xlabel("x1")
ax.set_ylabel("x2")
ax.legend()
ax.set_title("500 moons points, noise 0.25")
plt.show()
