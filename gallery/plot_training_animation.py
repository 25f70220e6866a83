"""
Watching a model learn: training animations
===========================================

The bundled MLP (2-32-32-2) learns the moons; ``animate_training`` draws one
frame per epoch (the surface with the data, the accuracy and cost curves
beside it) and writes them as they are made to a GIF (or an MP4, an HTML5
player, a plotly figure with a slider). Shown here: the last frame. Below, a
gradient-boosting model's surface stage by stage, read from its staged
probabilities without refitting.
"""

# %%
import os
import tempfile

import matplotlib.pyplot as plt
from sklearn.ensemble import GradientBoostingClassifier

from surfaceviz import DecisionSurfaceDisplay, MLPClassifier, animate_training
from surfaceviz.datasets import load_moons

X, y = load_moons(500, noise=0.25, random_state=0)
out = os.path.join(tempfile.mkdtemp(), "mlp_moons_training.gif")
anim = animate_training(MLPClassifier((32, 32), random_state=0), X, y, epochs=60, every=2,
                        out=out)
print(f"{anim.n_frames} frames in {out}; final training accuracy "
      f"{anim.history[-1]['accuracy']:.1%}")
fig = plt.figure(figsize=(9.6, 4.0))
ax = fig.add_axes((0, 0, 1, 1))
ax.imshow(anim.last_frame)
ax.set_axis_off()

# %%
# Boosting, stage by stage (every frame is one more group of 20 trees):
stages = []
boosting = GradientBoostingClassifier(n_estimators=100, max_depth=2, random_state=0)
animate_training(boosting, X, y, epochs=100, every=20, resolution=150,
                 on_frame=lambda snap: stages.append(snap))
fig, axes = plt.subplots(1, len(stages), figsize=(3.2 * len(stages), 3.0),
                         layout="constrained", sharey=True)
for ax, snap in zip(axes, stages):
    DecisionSurfaceDisplay(snap.grid, X=X, y=y, y_pred=snap.y_pred).plot(
        ax=ax, colorbar=False, legend=False, kind="image",
        title=f"{snap.step} trees: {snap.accuracy:.0%}")
plt.show()

# %%
# What each hidden unit of the trained MLP responds to (as the TensorFlow
# Playground shows it), layer by layer, and the output:
from surfaceviz import plot_neurons  # noqa: E402

small = MLPClassifier((6, 4), activation="tanh", max_epochs=150, random_state=0).fit(X, y)
fig, maps = plot_neurons(small, X, y)
plt.show()
