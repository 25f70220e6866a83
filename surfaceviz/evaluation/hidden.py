"""A multi-layer perceptron's hidden layers, read off the fitted model.

:func:`hidden_layers` gives a function from points to every hidden layer's
activations and the output, for the bundled MLP, scikit-learn's MLPs and a
``torch.nn.Sequential``. :func:`surfaceviz.plot_neurons` draws them; a map can
embed them (:class:`~surfaceviz.evaluation.projections.HiddenLayer`).
"""

from __future__ import annotations

import numpy as np

from .frameworks import framework_model, framework_of


def hidden_layers(model):
    """``(forward, activations)``: ``forward(points) -> [a_1, ..., a_L, output]`` (one
    array per hidden layer, then the output) and the hidden activations' names.

    Raises
    ------
    TypeError
        For a model that is not a multi-layer perceptron (the bundled
        MLPClassifier, scikit-learn's MLPClassifier / MLPRegressor).
    ValueError
        For a network without hidden layers.
    """
    net = getattr(model, "network_", None)
    if net is not None:  # the bundled MLP
        names = [a.name for a in net.activations]

        def forward(points):
            acts = net.forward(net.xp.asarray(np.asarray(points, dtype=net.dtype)), keep=True)
            from .backend import to_numpy

            return [to_numpy(a).astype(np.float64) for a in acts[1:]]
    elif hasattr(model, "coefs_") and hasattr(model, "intercepts_"):
        names = [model.activation] * (len(model.coefs_) - 1)
        out_name = getattr(model, "out_activation_", "identity")

        def forward(points):
            h, outs = np.asarray(points, dtype=np.float64), []
            for k, (W, b) in enumerate(zip(model.coefs_, model.intercepts_)):
                h = _activate(h @ W + b, names[k] if k < len(names) else out_name)
                outs.append(h)
            return outs
    elif framework_of(model) == "torch" and type(model).__name__ == "Sequential":
        forward, names = _torch_layers(model)
    else:
        raise TypeError(f"plot_neurons needs a multi-layer perceptron (the bundled "
                        f"MLPClassifier, scikit-learn's MLPClassifier or MLPRegressor, or a "
                        f"torch.nn.Sequential of Linear layers and activations), fitted; got "
                        f"{type(model).__name__}.")
    if not names:
        raise ValueError(f"{type(model).__name__} has no hidden layer: there are no neurons "
                         "to draw (use plot_decision_surface for its output).")
    return forward, names


#: torch activation modules: a hidden layer's output is taken after one of them.
_TORCH_ACTIVATIONS = {"ReLU": "relu", "Tanh": "tanh", "Sigmoid": "logistic", "GELU": "gelu",
                      "LeakyReLU": "leaky_relu", "ELU": "elu", "SiLU": "silu",
                      "Softplus": "softplus"}


def _torch_layers(module):
    """``(forward, names)`` of a ``torch.nn.Sequential``: a hidden layer is the output
    of each activation module; the output is the last module's."""
    children = list(module.children())
    marks = [k for k, c in enumerate(children) if type(c).__name__ in _TORCH_ACTIVATIONS
             and k < len(children) - 1]
    names = [_TORCH_ACTIVATIONS[type(children[k]).__name__] for k in marks]
    adapter = framework_model(module)

    def forward(points):
        outs = []
        with adapter.evaluating():
            h = adapter.to_tensor(np.asarray(points))
            for k, child in enumerate(children):
                h = child(h)
                if k in marks:
                    outs.append(h.detach().cpu().numpy().astype(np.float64))
            outs.append(h.detach().cpu().numpy().astype(np.float64))
        return outs

    return forward, names


def _activate(z, name):
    if name == "relu":
        return np.maximum(z, 0)
    if name == "tanh":
        return np.tanh(z)
    if name == "logistic":
        return 1 / (1 + np.exp(-z))
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z
