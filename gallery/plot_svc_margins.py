"""
SVM decision function with its margins
======================================

An RBF support vector machine on the moons: the decision function as a
diverging surface centred on the boundary (level 0), the margins at -1 and +1
as dashed lines, misclassified training points ringed.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.svm import SVC

from surfaceviz import plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(300, noise=0.25, random_state=0)
model = SVC(C=3.0, gamma=1.0).fit(X, y)

disp = plot_decision_surface(model, X, y, margin_lines=True, feature_names=("x1", "x2"))
disp.ax_.set_title("RBF SVC: decision function and margins")
plt.show()
