"""
Multiclass confidence on iris
=============================

Three classes, two features: each region in its class colour, paler where the
model is less sure (the gap between its two most probable classes). Then the
same surface drawn as an image, and one class's probability alone.
"""

# %%
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from surfaceviz import plot_decision_surface

iris = load_iris(as_frame=True)
X = iris.data[["sepal length (cm)", "sepal width (cm)"]]
y = pd.Series(iris.target_names[iris.target], name="species")
model = LogisticRegression(max_iter=1000).fit(X, y)

fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
disp = plot_decision_surface(model, X, y, ax=axes[0], response="predict_proba")
disp.plot(ax=axes[1], kind="image")  # the same evaluated grid, drawn again
axes[0].set_title("contourf")
axes[1].set_title("image")

# %%
# One class's probability, with its boundary where that class wins.
plot_decision_surface(model, X, y, response="predict_proba", class_of_interest="virginica")

# %%
# Your own class colours and display names: used by the regions, the markers,
# the legend, the colour bar and the plotly views alike.
plot_decision_surface(model, X, y, response="predict_proba",
                      class_colors=["#1b9e77", "#d95f02", "#7570b3"],
                      class_names={"setosa": "I. setosa", "versicolor": "I. versicolor",
                                   "virginica": "I. virginica"})
plt.show()
