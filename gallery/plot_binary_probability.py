"""
Binary probability surface, train and test points
=================================================

Logistic regression on polynomial features: the probability of class 1 (the
boundary at 0.5), training points filled, test points hollow, with custom
colour-bar ticks.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from surfaceviz import plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(400, noise=0.3, random_state=1)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
model = make_pipeline(PolynomialFeatures(3), StandardScaler(), LogisticRegression(C=10))
model.fit(X_train, y_train)

disp = plot_decision_surface(
    model, X_train, y_train, X_test=X_test, y_test=y_test, response="predict_proba",
    colorbar_ticks=[0, 0.25, 0.5, 0.75, 1], colorbar_format="{x:.0%}",
    margin_lines=[0.25, 0.75],
)
disp.ax_.set_title(f"test accuracy {model.score(X_test, y_test):.1%}")
plt.show()
