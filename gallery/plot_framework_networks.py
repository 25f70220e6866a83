"""
PyTorch and Keras networks, as they are: maps, neurons and a training loop
==========================================================================

A PyTorch MLP and a Keras 3 MLP (on the torch backend) learn the 8 x 8 digits.
Neither is wrapped: surfaceviz evaluates the module in eval mode without
gradients and the Keras model eagerly, reads their last layers (logits for the
PyTorch net, softmax for the Keras one) and takes the classes from ``y``. Their
64 inputs are drawn as a map: the digits embedded in 2-D once (UMAP when
installed, else t-SNE), a regressor learning the way back, and each network
evaluated on the decoded image of every grid point; the title gives the map's
fidelity on the test digits.

Then a small PyTorch net on the moons: its hidden units (``plot_neurons``) and
its training loop recorded with ``surfaceviz.watch`` (the last frame shown).
"""

# needs: torch, keras

# %%
import os
import tempfile

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from sklearn.datasets import load_digits, make_moons  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsRegressor  # noqa: E402

import surfaceviz  # noqa: E402
from surfaceviz import plot_decision_surface, plot_neurons  # noqa: E402

X, y = load_digits(return_X_y=True)
X = (X / 16.0).astype(np.float32)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)

# a PyTorch MLP, trained by its own loop
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                          torch.nn.Linear(64, 10))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
Xt, yt = torch.from_numpy(X_train), torch.from_numpy(y_train)
for epoch in range(60):
    opt.zero_grad()
    torch.nn.functional.cross_entropy(net(Xt), yt).backward()
    opt.step()

# a Keras 3 MLP
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                           keras.layers.Dense(10, activation="softmax")])
kmodel.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
kmodel.fit(X_train, y_train, epochs=15, batch_size=64, verbose=0)

# %%
# One embedding of the digits for both maps (the layout is the data's, not the model's)
try:
    import umap

    embedding = umap.UMAP(n_components=2, random_state=0).fit_transform(
        np.vstack([X_train, X_test]))
except ImportError:
    embedding = TSNE(2, init="pca", random_state=0).fit_transform(np.vstack([X_train, X_test]))
train_2d = embedding[:len(X_train)]

fig, axes = plt.subplots(1, 2, figsize=(13, 5.4), layout="constrained")
for ax, model, name in ((axes[0], net, "PyTorch MLP (logits)"),
                        (axes[1], kmodel, "Keras MLP (softmax)")):
    disp = plot_decision_surface(model, X_train, y_train, X_test=X_test, y_test=y_test, ax=ax,
                                 projection=train_2d, inverse=KNeighborsRegressor(
                                     5, weights="distance"),
                                 scatter_kw={"s": 8}, test_kw={"s": 8}, legend=False,
                                 colorbar=False)
    ax.set_title(f"{name}: map fidelity {disp.fidelity_:.1%} on the test digits")
    print(f"{name}: fidelity {disp.fidelity_:.1%}, drawn as {disp.grid.response}")

# %%
# A PyTorch net on the moons: its neurons, and its training loop watched
Xm, ym = make_moons(300, noise=0.2, random_state=0)
torch.manual_seed(0)
small = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.Tanh(), torch.nn.Linear(6, 2))
opt = torch.optim.Adam(small.parameters(), lr=0.05)
Xmt, ymt = torch.tensor(Xm, dtype=torch.float32), torch.tensor(ym)
out = os.path.join(tempfile.mkdtemp(), "moons_training.gif")
with surfaceviz.watch(small, Xm, ym, epochs=40, out=out, resolution=80) as w:
    for epoch in range(1, 41):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(small(Xmt), ymt)
        loss.backward()
        opt.step()
        if epoch % 4 == 0:
            w.frame(epoch, cost=loss)
print(f"wrote {w.animation.n_frames} frames; final accuracy "
      f"{w.animation.history[-1]['accuracy']:.1%}")

plot_neurons(small, Xm, ym, resolution=50)

gif = Image.open(out)
gif.seek(gif.n_frames - 1)
last = np.asarray(gif.convert("RGB"))
fig, ax = plt.subplots(figsize=(9.6, 4.0), layout="constrained")
ax.imshow(last)
ax.set_axis_off()
ax.set_title("surfaceviz.watch: the last frame of the training loop")
plt.show()
