"""
Models on more than two features: slices, a slice grid, a pair matrix, a strip
==============================================================================

A logistic regression fitted on all four iris features, drawn four ways:
a slice through the two petal features (the sepal features held at their
medians, points outside a slab around them faded), one slice per sepal
length, the pair matrix of every two features, and a model on one feature
drawn as a strip.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from surfaceviz import plot_decision_matrix, plot_decision_surface, plot_slices

X, y = load_iris(return_X_y=True, as_frame=True)
model = LogisticRegression(max_iter=1000).fit(X, y)
names = {0: "setosa", 1: "versicolor", 2: "virginica"}

disp = plot_decision_surface(model, X, y, features=("petal length (cm)", "petal width (cm)"),
                             slice_width=0.75, outside="fade", class_names=names)

# %%
# One panel per value of a third feature, on one colour scale:
fig, displays = plot_slices(model, X, y, features=(2, 3), vary="sepal length (cm)", n=4,
                            class_names=names)

# %%
# Every pair of features through the median row; the diagonal shows the response
# along one feature with the classes' histograms:
fig, displays = plot_decision_matrix(model, X, y, resolution=50, class_names=names)

# %%
# Partial dependence instead of one slice: at every point the response is
# averaged over the data's rows for the other features (``fill="average"``;
# ``average_rows`` bounds the rows, 200 by default). A forest, whose slices and
# averages differ:
from sklearn.ensemble import RandomForestClassifier  # noqa: E402

forest = RandomForestClassifier(100, random_state=0).fit(X, y)
fig, (at_median, averaged) = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")
plot_decision_surface(forest, X, y, features=(2, 3), ax=at_median, class_names=names,
                      legend=False, colorbar=False)
plot_decision_surface(forest, X, y, features=(2, 3), fill="average", ax=averaged,
                      class_names=names)

# %%
# A model on one feature is a strip: the probabilities along the feature, the
# predicted class as a band, the data as a rug.
one = LogisticRegression(max_iter=1000).fit(X[["petal length (cm)"]], y)
plot_decision_surface(one, X[["petal length (cm)"]], y, response="predict_proba",
                      class_names=names)
plt.show()
