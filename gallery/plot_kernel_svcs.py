"""
Kernel SVMs side by side, and every moons pipeline
==================================================

A polynomial-kernel and an RBF-kernel SVC on the same data, then all five
moons pipelines, each with its test accuracy in the corner.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split

from surfaceviz import make_moons_pipeline, plot_comparison
from surfaceviz.datasets import load_moons
from surfaceviz.pipelines import PIPELINE_KINDS

X, y = load_moons(400, noise=0.25, random_state=2)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
kernels = {
    "SVC(kernel='poly', degree=3, coef0=1, C=5)": make_moons_pipeline("poly-svc", C=5),
    "SVC(kernel='rbf', gamma=2, C=5)": make_moons_pipeline("rbf-svc", gamma=2.0, C=5),
}
plot_comparison(kernels, X_train, y_train, X_test=X_test, y_test=y_test, fit=True,
                margin_lines=True)

# %%
pipelines = {kind: make_moons_pipeline(kind) for kind in PIPELINE_KINDS}
plot_comparison(pipelines, X_train, y_train, X_test=X_test, y_test=y_test, fit=True,
                ncols=3)

# %%
# Probabilities are comparable as they are: one colour scale and one colour bar
# for all panels (``sharecolor=None``, the default; ``True`` forces a common
# range for decision functions too).
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import PolynomialFeatures, StandardScaler  # noqa: E402

strengths = {f"C={C}": make_pipeline(PolynomialFeatures(3), StandardScaler(),
                                     LogisticRegression(C=C, max_iter=2000))
             for C in (0.01, 1, 100)}
plot_comparison(strengths, X_train, y_train, X_test=X_test, y_test=y_test, fit=True,
                response="predict_proba")
plt.show()
