"""
A slice explored: the notebook explorer and its offline page
============================================================

``surfaceviz.explore(model, X, y)`` shows a slice of a many-feature model in a
notebook with a slider per held feature; every picture it shows is
``plot_decision_surface`` itself. Here, outside a notebook, the same explorer
(:class:`surfaceviz.Explorer`) is moved to two positions, each drawn by the
static call it stands for, and written as an offline page: one HTML file whose
sliders show precomputed slices, no network needed.
"""

# %%
import os
import tempfile

import matplotlib.pyplot as plt
from sklearn.datasets import load_breast_cancer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from surfaceviz import Explorer, plot_decision_surface

X, y = load_breast_cancer(return_X_y=True, as_frame=True)
X = X[["mean radius", "mean texture", "worst radius", "worst concave points"]]
model = make_pipeline(StandardScaler(), SVC()).fit(X, y)
ex = Explorer(model, X, y, features=("mean radius", "mean texture"))

# %%
# Two positions of the "worst radius" slider, each the static call the explorer
# draws (``ex.plot_kwargs()``):
fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
for ax, value in zip(axes, (12.0, 20.0)):
    ex.set({"worst radius": value})
    plot_decision_surface(model, X, y, ax=ax, **ex.plot_kwargs())

# %%
# Through one sample: every slider at row 0's values; the picture is the
# model around that case.
ex.through(0)
print(ex.held(), ex.readout(17.0, 10.4))

# %%
# The offline page: 4 x 4 slices behind the two sliders (at most ``max_images``
# pictures). The gallery links it beside the images.
folder = os.environ.get("SURFACEVIZ_GALLERY_FILES") or tempfile.mkdtemp()
page = ex.save(os.path.join(folder, "plot_explorer_page.html"), steps=4)
print("wrote", page)
