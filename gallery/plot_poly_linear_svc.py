"""
Polynomial features + LinearSVC on the moons
============================================

A linear SVM on degree-3 polynomial features draws a curved boundary. The
decision function is drawn with the SVM's margins (-1 and +1); the colour
scale is clipped at the 95th percentile so that the far corners, where a
polynomial grows fast, do not wash out the boundary region.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split

from surfaceviz import make_moons_pipeline, plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(500, noise=0.25, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
model = make_moons_pipeline("poly-linear-svc", degree=3, C=10).fit(X_train, y_train)
disp = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test,
                             margin_lines=True, feature_names=("x1", "x2"))
disp.ax_.set_title(f"PolynomialFeatures(3) + LinearSVC: test {model.score(X_test, y_test):.1%}")
plt.show()
