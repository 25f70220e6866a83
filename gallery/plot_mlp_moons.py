"""
The bundled MLP on the moons
============================

surfaceviz's own NumPy multi-layer perceptron is a scikit-learn classifier
like any other: fit it, then draw what it learned. Its decision function is
the logit of the positive class (boundary at 0).
"""

# %%
import matplotlib.pyplot as plt

from surfaceviz import MLPClassifier, plot_decision_surface
from surfaceviz.datasets import load_moons

X, y = load_moons(400, noise=0.2, random_state=0)
mlp = MLPClassifier((32, 32), activation="tanh", learning_rate_init=0.05, max_epochs=150,
                    random_state=0).fit(X, y)

fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
plot_decision_surface(mlp, X, y, ax=axes[0], feature_names=("x1", "x2"))
axes[0].set_title(f"tanh MLP (32, 32): training accuracy {mlp.score(X, y):.1%}")
plot_decision_surface(mlp, X, y, ax=axes[1], response="predict_proba", kind="image")
axes[1].set_title("its probability of class 1")
plt.show()
