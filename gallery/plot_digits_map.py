"""
A decision map of a network on 64 features, and how honest it is
=================================================================

The bundled MLP learns the 8 x 8 digits. Its 64 inputs cannot be drawn, so the
data are embedded in 2-D (UMAP when umap-learn is installed, else t-SNE), a
regressor learns the way back from the map to the images, and the network is
evaluated on the decoded image of every grid point. The **fidelity** is the
share of test digits whose prediction the map shows at their place; crosses mark
the others. Hatching marks where the map is unreliable: pixels whose class
changes over round trips through the projection, or where nearby pixels decode
to distant images. Beside it, PCA's map of the same network, far less faithful. A few
decoded images show what the network sees at their place on the map. Last, a
map of what the network computes: its hidden layer embedded instead of the
pixels (``HiddenLayer``), where its classes come apart.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.offsetbox import AnnotationBbox, OffsetImage
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor

from surfaceviz import MLPClassifier, plot_decision_surface

X, y = load_digits(return_X_y=True)
X = X / 16.0
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
mlp = MLPClassifier((128,), max_epochs=40, random_state=0).fit(X_train, y_train)

try:
    import umap  # noqa: F401

    projection = "umap"
except ImportError:
    projection = TSNE(2, init="pca", random_state=0)

fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.2), layout="constrained")
disp = plot_decision_surface(mlp, X_train, y_train, X_test=X_test, y_test=y_test, ax=left,
                             projection=projection, inverse=KNeighborsRegressor(5, weights="distance"),
                             scatter_kw={"s": 10}, test_kw={"s": 10}, legend=False,
                             colorbar=False)
print(f"map fidelity on the test digits: {disp.fidelity_:.1%}")
# the other measures of the field (ACC_M, Cons_p, class stability, the inverse's
# gradient), and where the map cannot be trusted: hatched
print(disp.map_quality_)
disp.mark_unreliable()

# what the network sees at a few places of the map
rng = np.random.default_rng(0)
spots = np.column_stack([rng.uniform(*left.get_xlim(), 6), rng.uniform(*left.get_ylim(), 6)])
images = np.asarray(disp.lift_.to_model(spots)).reshape(-1, 8, 8)
for (px, py), image in zip(spots, images):
    box = AnnotationBbox(OffsetImage(image, cmap="gray_r", zoom=2.2), (px, py), frameon=True,
                         pad=0.1)
    left.add_artist(box)

pca = plot_decision_surface(mlp, X_train, y_train, X_test=X_test, y_test=y_test, ax=right,
                            scatter_kw={"s": 10}, test_kw={"s": 10}, legend=False)
print(f"PCA map fidelity on the test digits: {pca.fidelity_:.1%}")

# %%
# The map of the network's hidden layer (its 128 units embedded, not the 64
# pixels; the inverse still decodes to images), beside the map of the pixels
# by the same method:
from sklearn.base import clone  # noqa: E402
from sklearn.manifold import Isomap  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from surfaceviz.evaluation.projections import HiddenLayer  # noqa: E402

fig2, (pixels_ax, hidden_ax) = plt.subplots(1, 2, figsize=(13, 5.2), layout="constrained")
method = Isomap(n_components=2)
knn = KNeighborsRegressor(5, weights="distance")
common = dict(X_test=X_test, y_test=y_test, inverse=knn, scatter_kw={"s": 10},
              test_kw={"s": 10})
plot_decision_surface(mlp, X_train, y_train, ax=pixels_ax, projection=clone(method),
                      legend=False, colorbar=False, **common)
hidden = plot_decision_surface(mlp, X_train, y_train, ax=hidden_ax,
                               projection=make_pipeline(HiddenLayer(mlp), clone(method)),
                               legend=False, **common)
print(f"hidden-layer map fidelity on the test digits: {hidden.fidelity_:.1%}")
plt.show()
