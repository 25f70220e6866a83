"""
The bundled MLP learning the digits, watched as a map
=====================================================

``animate_training`` on the 64 pixels of the digits: each frame draws the
network on one map of the data (UMAP when installed, else PCA) fitted once
before training, so the layout stays while the model changes; the curves
show the training and test accuracy and, dashed, the map's fidelity on the
test digits (the share whose class the map shows at their place) at every
epoch. The last
frame is shown.
"""

# %%
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor

from surfaceviz import MLPClassifier, animate_training

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, random_state=0, stratify=y)
try:
    import umap

    map_options = {"projection": umap.UMAP(n_components=2, random_state=0),
                   "inverse": KNeighborsRegressor(5, weights="distance")}
except ImportError:
    map_options = {"projection": "pca"}

out = os.path.join(tempfile.mkdtemp(), "digits_map.gif")
anim = animate_training(MLPClassifier((64,), random_state=0), X_train, y_train, epochs=12,
                        every=2, X_test=X_test, y_test=y_test, resolution=100, out=out,
                        scatter_kw={"s": 8}, test_kw={"s": 8}, **map_options)
print("fidelity per frame:", [round(h["fidelity"], 3) for h in anim.history])

gif = Image.open(out)
gif.seek(gif.n_frames - 1)
fig, ax = plt.subplots(figsize=(9.6, 4.0), layout="constrained")
ax.imshow(np.asarray(gif.convert("RGB")))
ax.set_axis_off()
plt.show()
