"""Learned projections and inverses for maps: ``projection="supervised"``, ``inverse="mlp"``.

- :class:`SupervisedProjection`, in the spirit of SSNP (Espadoto, Hirata and
  Telea, "Self-supervised dimensionality reduction with neural networks and
  pseudo-labeling", IVAPP 2021): a multi-layer perceptron trained to classify
  the data through a hidden layer of two units; that layer's activation is the
  embedding. Classes the network tells apart fall apart on the map, and new
  points (the test points) are placed by the same network.
- :class:`MLPInverse`: a regressor from the map back to the data (the NNInv
  idea of Espadoto et al., 2019): a multi-layer perceptron on standardised
  inputs and outputs. Unlike nearest neighbours, it decodes smoothly between
  the data points.

Both use scikit-learn's multi-layer perceptrons (``sklearn.neural_network``),
with fixed seeds.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin


class SupervisedProjection(TransformerMixin, BaseEstimator):
    """A 2-D embedding trained with the labels (``projection="supervised"``).

    Parameters
    ----------
    encoder : tuple of int, default=(512, 256, 64)
        Units of the layers before the two-unit layer.
    decoder : tuple of int, default=(64,)
        Units of the layers between it and the classes.
    steps : int, default=2000
        Adam steps (mini-batches of 128) to train for: the epochs are as many as
        that takes (at least 10), so small and large data train alike.
    random_state : int, default=0

    Attributes
    ----------
    network_ : sklearn.neural_network.MLPClassifier
        Layers ``encoder + (2,) + decoder`` with tanh activations; the embedding
        is the two-unit layer's output, in [-1, 1]^2.
    """

    #: Trained with the labels: the planner passes ``y`` to :meth:`fit`.
    needs_labels = True

    def __init__(self, encoder=(512, 256, 64), decoder=(64,), steps=2000, random_state=0):
        self.encoder = encoder
        self.decoder = decoder
        self.steps = steps
        self.random_state = random_state

    def fit(self, X, y):
        """Train the network on ``X`` (standardised) and the labels ``y``."""
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
        from sklearn.preprocessing import StandardScaler

        if y is None:
            raise ValueError("projection='supervised' is trained with the labels: pass y.")
        X = np.asarray(X, dtype=np.float64)
        self.scaler_ = StandardScaler().fit(X)
        layers = tuple(self.encoder) + (2,) + tuple(self.decoder)
        epochs = max(10, int(np.ceil(self.steps * 128 / max(len(X), 1))))
        self.network_ = MLPClassifier(layers, activation="tanh", solver="adam", batch_size=128,
                                      max_iter=epochs, learning_rate_init=0.001, tol=1e-6,
                                      random_state=self.random_state)
        with warnings.catch_warnings():  # a fixed budget of epochs, not convergence
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.network_.fit(self.scaler_.transform(X), np.asarray(y))
        return self

    def transform(self, X):
        """The two-unit layer's activation: ``(n, 2)``."""
        h = self.scaler_.transform(np.asarray(X, dtype=np.float64))
        depth = len(self.encoder) + 1  # through the two-unit layer
        for W, b in zip(self.network_.coefs_[:depth], self.network_.intercepts_[:depth]):
            h = np.tanh(h @ W + b)
        return h

    def fit_transform(self, X, y=None, **fit_params):
        return self.fit(X, y).transform(X)


class MLPInverse(RegressorMixin, BaseEstimator):
    """A regressor from the 2-D map back to the data (``inverse="mlp"``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(128, 512)
    max_iter : int, default=80
        Training epochs (Adam).
    random_state : int, default=0
    """

    def __init__(self, hidden_layer_sizes=(128, 512), max_iter=80, random_state=0):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, Z, X):
        """Learn ``Z`` (the embedding, ``(n, 2)``) -> ``X`` (the data, ``(n, d)``)."""
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPRegressor
        from sklearn.preprocessing import StandardScaler

        Z = np.asarray(Z, dtype=np.float64)
        X = np.asarray(X, dtype=np.float64)
        self.z_scaler_ = StandardScaler().fit(Z)
        self.x_mean_ = X.mean(axis=0)
        self.x_scale_ = X.std(axis=0)
        self.x_scale_[self.x_scale_ == 0] = 1.0
        self.network_ = MLPRegressor(hidden_layer_sizes=self.hidden_layer_sizes, activation="relu",
                                     solver="adam",
                                     batch_size=128, max_iter=self.max_iter,
                                     learning_rate_init=0.002, random_state=self.random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.network_.fit(self.z_scaler_.transform(Z), (X - self.x_mean_) / self.x_scale_)
        return self

    def predict(self, Z):
        """The data decoded at map points ``Z``: ``(n, d)``."""
        out = self.network_.predict(self.z_scaler_.transform(np.asarray(Z, dtype=np.float64)))
        return out.reshape(len(Z), -1) * self.x_scale_ + self.x_mean_


class HiddenLayer(TransformerMixin, BaseEstimator):
    """A multi-layer perceptron's hidden-layer activations, as a transformer: the
    first step of a map that embeds what the model computes rather than the raw
    features.

    A network's last hidden layer is where its classes come apart (its output is
    a linear read-out of it), so a projection of that layer draws the model's own
    classes apart far better than a projection of the pixels::

        projection=make_pipeline(HiddenLayer(model), umap.UMAP(random_state=0)),
        inverse=KNeighborsRegressor(5, weights="distance")

    The inverse still maps the plane back to the data (the model's input).

    Parameters
    ----------
    model : fitted estimator
        The bundled MLPClassifier, scikit-learn's MLPClassifier / MLPRegressor, or
        a ``torch.nn.Sequential`` of Linear layers and activations.
    layer : int, default=-1
        Which hidden layer (0: the first; -1: the last).

    Notes
    -----
    It holds no fitted state of its own: ``fit`` checks the model and the layer,
    and ``clone`` keeps the same (fitted) model instead of an unfitted copy.
    """

    def __init__(self, model, layer=-1):
        self.model = model
        self.layer = layer

    def __sklearn_clone__(self):
        return type(self)(self.model, self.layer)

    def _forward(self):
        from .hidden import hidden_layers

        forward, names = hidden_layers(self.model)
        layer = self.layer
        if isinstance(layer, (bool, np.bool_)) or not isinstance(layer, (int, np.integer)) \
                or not -len(names) <= int(layer) < len(names):
            raise ValueError(f"layer must be a hidden layer's index in [{-len(names)}, "
                             f"{len(names) - 1}] ({type(self.model).__name__} has "
                             f"{len(names)}); got {layer!r}.")
        return forward, int(layer) % len(names)

    def fit(self, X, y=None):
        """Check the model and the layer (nothing is trained)."""
        self._forward()
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def transform(self, X):
        """The layer's activations at ``X``: ``(n, units)``."""
        forward, k = self._forward()
        return np.asarray(forward(np.asarray(X, dtype=np.float64))[k], dtype=np.float64)
