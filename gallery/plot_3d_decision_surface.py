"""
A decision surface in 3-D
=========================

``display.plot_3d()`` turns the response into a plotly surface: the height
is the probability of class 1, the boundary (0.5) is drawn on the surface
and projected on the floor, and the data stand at their height; the camera
looks from the low side, so that no class hides behind the other. Hover over
it in a browser for coordinates, predicted class and probabilities.
``display.to_plotly()`` gives the interactive 2-D view.
"""

# %%
from sklearn.neighbors import KNeighborsClassifier

from surfaceviz import plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(300, noise=0.3, random_state=0)
model = KNeighborsClassifier(25).fit(X, y)
disp = plot_decision_surface(model, X, y, response="predict_proba", feature_names=("x1", "x2"))

# the default camera looks from the low side, so that both classes' points show
fig = disp.plot_3d(colorbar_ticks=[0, 0.25, 0.5, 0.75, 1],
                   zticks=[0, 0.5, 1], width=750, height=550,
                   title="KNN(25): probability of class 1")
fig.show()

# %%
disp.to_plotly("contour", width=650, height=500).show()
