"""Per-neuron maps: what each hidden unit of a network has learned over the plane.

In the manner of the TensorFlow Playground: one small map per hidden unit of
its activation over the feature plane (a diverging map centred on the
activation's midpoint), layer by layer, and the network's output at the end.
The activations are evaluated through the grid machinery
(:func:`surfaceviz.evaluate_grid`: chunked and memory-bounded), all units of
a layer in one pass.
"""

from __future__ import annotations

import numpy as np

from ..evaluation.frameworks import framework_model, framework_of

from .._utils.validation import check_X

#: The value each activation is centred on in its map (its midpoint).
MIDPOINTS = {"relu": 0.0, "leaky_relu": 0.0, "identity": 0.0, "tanh": 0.0, "sigmoid": 0.5,
             "logistic": 0.5}


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
            from ..evaluation.backend import to_numpy

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


def neuron_grids(model, X, *, layer=None, resolution=80, **options):
    """The activation maps: a list of ``(layer index, SurfaceGrid of all its units)``,
    the output layer last (index ``len(hidden)``)."""
    from ..evaluation.plan import evaluate_grid

    forward, names = hidden_layers(model)
    layers = range(len(names) + 1) if layer is None else [_check_layer(layer, len(names))]
    out = []
    for k in layers:
        def units(points, k=k):
            return forward(points)[k]

        width = units(np.zeros((1, 2))).shape[1]
        if width == 1:
            grid = evaluate_grid(units, X, resolution=resolution, **options)
        else:
            grid = evaluate_grid(units, X, resolution=resolution, classes=np.arange(width),
                                 response="decision_function", **options)
        out.append((k, grid))
    return out, names


def _check_layer(layer, n_hidden):
    import numbers

    if isinstance(layer, bool) or not isinstance(layer, numbers.Integral):
        raise TypeError(f"layer must be a hidden layer's index (0 to {n_hidden - 1}) or None; "
                        f"got {layer!r}.")
    if not 0 <= layer < n_hidden:
        raise ValueError(f"layer must be between 0 and {n_hidden - 1} (the hidden layers); "
                         f"got {layer}.")
    return int(layer)


def plot_neurons(model, X, y=None, *, layer=None, resolution=80, max_columns=8,
                 panel_size=1.4, **options):
    """A small map per hidden unit of its activation over the plane, and the output.

    Parameters
    ----------
    model : fitted MLP
        The bundled :class:`~surfaceviz.MLPClassifier`, or scikit-learn's
        ``MLPClassifier`` / ``MLPRegressor``, on two features.
    X : array-like of shape (n_samples, 2)
        The data: sets the grid's range (drawn faintly on the output map).
    y : array-like, default=None
        Labels of ``X`` (colours of the points on the output map).
    layer : int, default=None
        Only this hidden layer (0 is the first); default: every hidden layer
        and the output.
    resolution : int, default=80
        Grid points per axis of each map.
    max_columns : int, default=8
        Maps per row; a wide layer takes several rows.
    panel_size : float, default=1.4
        Inches per map.
    **options
        Evaluation options (``n_jobs``, ``batch_size``, ``max_memory``...).

    Returns
    -------
    fig : Figure
    maps : list of (int, SurfaceGrid)
        Per layer, its units' activations (``values[..., unit]``).

    Raises
    ------
    TypeError
        A model that is not an MLP.
    ValueError
        A network without hidden layers, data that is not 2-D, a layer out of range.
    """
    import matplotlib.pyplot as plt

    X_arr, _ = check_X(X)
    maps, names = neuron_grids(model, X_arr, layer=layer, resolution=resolution, **options)
    rows = []
    for k, grid in maps:
        width = 1 if grid.values.ndim == 2 else grid.values.shape[2]
        rows += [(k, grid, list(range(s, min(s + max_columns, width))))
                 for s in range(0, width, max_columns)]
    ncols = max(len(units) for _, _, units in rows)
    fig, axes = plt.subplots(len(rows), ncols, squeeze=False, layout="constrained",
                             figsize=(panel_size * ncols + 0.6, panel_size * len(rows) + 0.4))
    try:
        for r, (k, grid, units) in enumerate(rows):
            hidden = k < len(names)
            mid = MIDPOINTS.get(names[k], 0.0) if hidden else None
            for c in range(ncols):
                ax = axes[r, c]
                if c >= len(units):
                    ax.set_axis_off()
                    continue
                z = grid.values if grid.values.ndim == 2 else grid.values[..., units[c]]
                draw_map(ax, grid, z, mid)
                label = f"layer {k} unit {units[c]}" if hidden else f"output {units[c]}"
                ax.set_title(label, fontsize="x-small")
                if not hidden and y is not None:
                    ax.scatter(X_arr[:, 0], X_arr[:, 1], c=np.asarray(y) == np.unique(y)[-1],
                               cmap="coolwarm", s=3, alpha=0.5, linewidths=0)
    except BaseException:
        plt.close(fig)
        raise
    return fig, maps


def centred_limits(z, mid):
    """Colour limits of an activation map, symmetric about ``mid`` (None for the
    output: 0.5 for probabilities, else the middle of the values)."""
    finite = z[np.isfinite(z)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if mid is None:
        mid = 0.5 if 0.0 <= low and high <= 1.0 else (low + high) / 2
    reach = max(high - mid, mid - low, 1e-12)
    return mid - reach, mid + reach


def draw_map(ax, grid, z, mid):
    """One unit's map on ``ax`` (a diverging map centred on ``mid``); the image."""
    low, high = centred_limits(z, mid)
    image = ax.imshow(z, origin="lower", extent=(grid.x[0], grid.x[-1], grid.y[0], grid.y[-1]),
                      cmap="RdBu_r", vmin=low, vmax=high, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    return image
