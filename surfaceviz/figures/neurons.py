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

from ..evaluation.hidden import hidden_layers

from .._utils.validation import check_X

#: The value each activation is centred on in its map (its midpoint).
MIDPOINTS = {"relu": 0.0, "leaky_relu": 0.0, "identity": 0.0, "tanh": 0.0, "sigmoid": 0.5,
             "logistic": 0.5}


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
